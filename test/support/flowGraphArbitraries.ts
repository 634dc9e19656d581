// Test support: fast-check generators of valid flow graphs (and of a call to splice into one), shared by the
// tests of the provider's graph and lifecycle edits and the test that provider and emulator agree on validity.
import fc from "fast-check";
import type { CallSubflowTrigger, FlowEdge, FlowGraph, FlowTrigger, JsonValue } from "../../wire/flowDocument";

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

/** The value of a field this project does not know, such as the server or Architect may add. */
const unknownValueArb: fc.Arbitrary<JsonValue> = fc.oneof(
  fc.string({ maxLength: 6 }),
  fc.integer(),
  fc.boolean(),
  fc.record({ x: fc.integer(), y: fc.integer() }),
  fc.array(fc.string({ maxLength: 3 }), { maxLength: 2 }),
);
/** None to two fields this project does not know, named unlike any field of a trigger or an edge. */
const unknownFieldsArb = fc.dictionary(fc.constantFrom("uiPosition", "comment", "x-origin"), unknownValueArb, { maxKeys: 2, noNullPrototype: true });
const stringMapArb = (keys: string[], values: string[]) =>
  fc.option(fc.dictionary(fc.constantFrom(...keys), fc.constantFrom(...values), { minKeys: 1, maxKeys: keys.length, noNullPrototype: true }), { nil: undefined });

/** A callsubflow trigger, with or without maps, possibly with unknown fields at both levels. */
export const callTriggerArb = (id: string): fc.Arbitrary<CallSubflowTrigger> =>
  fc
    .record({
      flowId: fc.constantFrom(...GENERATED_CALLED_FLOW_IDS),
      arguments: stringMapArb(["callerPhone", "language", "pin"], ["${Call.Ani}", "${Call.Language}", "en-US", "1234"]),
      returnVariables: stringMapArb(["Flow.authResult", "Flow.customerId"], ["authenticationResult", "resolvedCustomerId"]),
      unknownProperties: unknownFieldsArb,
      unknownFields: unknownFieldsArb,
    })
    .map(({ flowId, arguments: args, returnVariables, unknownProperties, unknownFields }): CallSubflowTrigger => {
      const properties: CallSubflowTrigger["properties"] = { ...unknownProperties, type: "callsubflow", flowId };
      if (args !== undefined) properties.arguments = args;
      if (returnVariables !== undefined) properties.returnVariables = returnVariables;
      return { ...unknownFields, id, type: "callsubflow", properties };
    });

/** A call, or another kind of trigger, possibly with unknown fields at both levels. */
const triggerArb = (id: string): fc.Arbitrary<FlowTrigger> =>
  fc.oneof(
    callTriggerArb(id),
    fc
      .record({ type: fc.constantFrom("prompt", "transfer", "decision"), unknownProperties: unknownFieldsArb, unknownFields: unknownFieldsArb })
      .map(({ type, unknownProperties, unknownFields }): FlowTrigger => ({ ...unknownFields, id, type, properties: { ...unknownProperties, type, label: `${type} ${id}` } })),
  );

/** What an edge carries besides its ends: conditions, and possibly fields this project does not know. */
const edgeDetailsArb = fc.record({ conditions: conditionsArb, unknownFields: unknownFieldsArb });
type EdgeDetails = { conditions: JsonValue[]; unknownFields: Record<string, JsonValue> };

/**
 * A random valid flow graph: triggers in a random topological order, each with an in-edge from an
 * earlier node (start or a trigger) and an out-edge to a later one (a trigger or end), so every trigger
 * is reachable from start and reaches end; extra forward edges with random conditions make branches and
 * diamonds. Triggers and edges may carry fields this project does not know. Edges with the same ends and
 * conditions are not generated twice (they would make no sense in a real flow).
 */
export const graphArb: fc.Arbitrary<FlowGraph> = fc
  .uniqueArray(triggerIdArb, { maxLength: 9 })
  .chain((ids) =>
    fc.record({
      triggers: fc.tuple(...ids.map(triggerArb)),
      order: fc.shuffledSubarray(ids, { minLength: ids.length, maxLength: ids.length }),
      links: fc.tuple(...ids.map((_, index) => fc.tuple(fc.integer({ min: 0, max: index }), fc.integer({ min: index + 2, max: ids.length + 1 }), edgeDetailsArb, edgeDetailsArb))),
      extras: fc.array(fc.tuple(fc.integer({ min: 0, max: ids.length + 1 }), fc.integer({ min: 0, max: ids.length + 1 }), edgeDetailsArb), { maxLength: 12 }),
      startToEnd: fc.boolean(),
    }),
  )
  .chain(({ triggers, order, links, extras, startToEnd }) => {
    const nodes = ["start", ...order, "end"];
    const edges: FlowEdge[] = [];
    const seen = new Set<string>();
    const add = (from: number, to: number, { conditions, unknownFields }: EdgeDetails) => {
      const key = JSON.stringify([nodes[from], nodes[to], conditions]);
      if (from < to && !seen.has(key)) {
        seen.add(key);
        edges.push({ ...unknownFields, ...edge(nodes[from], nodes[to], conditions) });
      }
    };
    links.forEach(([from, to, inDetails, outDetails], index) => {
      add(from, index + 1, inDetails);
      add(index + 1, to, outDetails);
    });
    extras.forEach(([from, to, details]) => add(Math.min(from, to), Math.max(from, to), details));
    if (order.length === 0 || startToEnd) add(0, nodes.length - 1, { conditions: [], unknownFields: {} });
    return fc.shuffledSubarray(edges, { minLength: edges.length, maxLength: edges.length }).map((shuffled) => deepFreeze({ triggers, edges: shuffled }));
  });

/** A graph, plus a fresh callsubflow trigger and a node of the graph it may be placed after. */
export const spliceCaseArb = graphArb.chain((graph) =>
  fc.record({
    graph: fc.constant(graph),
    trigger: triggerIdArb
      .filter((id) => !graph.triggers.some((trigger) => trigger.id === id))
      .chain(callTriggerArb)
      .map(deepFreeze),
    after: fc.constantFrom("start", ...graph.triggers.map((trigger) => trigger.id)),
  }),
);

/** A graph with at least one trigger, and one of its triggers. */
export const graphWithTriggerArb = graphArb
  .filter((graph) => graph.triggers.length > 0)
  .chain((graph) => fc.record({ graph: fc.constant(graph), trigger: fc.constantFrom(...graph.triggers) }));
