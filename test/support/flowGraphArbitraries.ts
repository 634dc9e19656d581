// Test support: fast-check generators of valid flow graphs, shared by the tests of the provider's graph
// edits and the test that the provider and the emulator agree on which graphs are valid.
import fc from "fast-check";
import type { FlowEdge, FlowGraph, FlowTrigger, JsonValue } from "../../wire/flowDocument";

/** IDs of the flows that the generated `callsubflow` triggers call; a test's org can hold them as common modules. */
export const GENERATED_CALLED_FLOW_IDS = ["shared-auth", "shared-queue", "shared-survey"] as const;

export const edge = (fromId: string, toId: string, conditions: JsonValue[] = []): FlowEdge => ({ fromId, toId, conditions });

/** Freezes a graph all the way down, so an edit that mutates its input throws in strict mode. */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object") {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

export const triggerIdArb = fc.stringMatching(/^[a-z][A-Za-z0-9_]{0,6}$/).filter((id) => id !== "start" && id !== "end");

const conditionArb: fc.Arbitrary<JsonValue> = fc.oneof(
  fc.string({ maxLength: 6 }),
  fc.record({ variable: fc.constantFrom("Call.Ani", "Flow.isVip", "Task.x"), operator: fc.constantFrom("==", "!="), value: fc.oneof(fc.integer(), fc.boolean(), fc.string({ maxLength: 3 })) }),
);
const conditionsArb = fc.oneof({ weight: 2, arbitrary: fc.constant<JsonValue[]>([]) }, { weight: 1, arbitrary: fc.array(conditionArb, { minLength: 1, maxLength: 2 }) });

/** Fields the org may give an edge beyond its ends and conditions (a label, say): edits must keep them. */
type EdgeFields = { label?: string; color?: string };
const edgeFieldsArb: fc.Arbitrary<EdgeFields> = fc.oneof(
  { weight: 2, arbitrary: fc.constant({}) },
  { weight: 1, arbitrary: fc.record({ label: fc.constantFrom("yes", "no", "after hours"), color: fc.constantFrom("red", "blue") }, { requiredKeys: [] }) },
);

const triggerArb = (id: string): fc.Arbitrary<FlowTrigger> =>
  fc.oneof(
    fc.record({ flowId: fc.constantFrom(...GENERATED_CALLED_FLOW_IDS), callerPhone: fc.option(fc.constant("${Call.Ani}"), { nil: undefined }) }).map(
      ({ flowId, callerPhone }): FlowTrigger => ({
        id,
        type: "callsubflow",
        properties: callerPhone === undefined ? { type: "callsubflow", flowId } : { type: "callsubflow", flowId, arguments: { callerPhone } },
      }),
    ),
    fc.constantFrom("prompt", "transfer", "decision").map((type): FlowTrigger => ({ id, type, properties: { type, label: `${type} ${id}` } })),
  );

/**
 * A random valid flow graph: triggers in a random topological order, each with an in-edge from an
 * earlier node (start or a trigger) and an out-edge to a later one (a trigger or end), so every trigger
 * is reachable from start and reaches end; extra forward edges with random conditions make branches and
 * diamonds; some edges carry fields of their own (a label). Exact duplicate edges are not generated (they would make no sense in a real flow).
 */
export const graphArb: fc.Arbitrary<FlowGraph> = fc
  .uniqueArray(triggerIdArb, { maxLength: 9 })
  .chain((ids) =>
    fc.record({
      triggers: fc.tuple(...ids.map(triggerArb)),
      order: fc.shuffledSubarray(ids, { minLength: ids.length, maxLength: ids.length }),
      links: fc.tuple(
        ...ids.map((_, index) => fc.tuple(fc.integer({ min: 0, max: index }), fc.integer({ min: index + 2, max: ids.length + 1 }), conditionsArb, conditionsArb, edgeFieldsArb, edgeFieldsArb)),
      ),
      extras: fc.array(fc.tuple(fc.integer({ min: 0, max: ids.length + 1 }), fc.integer({ min: 0, max: ids.length + 1 }), conditionsArb, edgeFieldsArb), { maxLength: 12 }),
      startToEnd: fc.boolean(),
    }),
  )
  .chain(({ triggers, order, links, extras, startToEnd }) => {
    const nodes = ["start", ...order, "end"];
    const edges: FlowEdge[] = [];
    const seen = new Set<string>();
    const add = (from: number, to: number, conditions: JsonValue[], fields: EdgeFields = {}) => {
      const candidate = { ...fields, ...edge(nodes[from], nodes[to], conditions) };
      const key = JSON.stringify(candidate);
      if (from < to && !seen.has(key)) {
        seen.add(key);
        edges.push(candidate);
      }
    };
    links.forEach(([from, to, inConditions, outConditions, inFields, outFields], index) => {
      add(from, index + 1, inConditions, inFields);
      add(index + 1, to, outConditions, outFields);
    });
    extras.forEach(([from, to, conditions, fields]) => add(Math.min(from, to), Math.max(from, to), conditions, fields));
    if (order.length === 0 || startToEnd) add(0, nodes.length - 1, []);
    return fc.shuffledSubarray(edges, { minLength: edges.length, maxLength: edges.length }).map((shuffled) => deepFreeze({ triggers, edges: shuffled }));
  });
