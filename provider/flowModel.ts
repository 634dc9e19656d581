// The Genesys Cloud flow document as the provider reads and writes it: the wire types and constants
// (re-exported from wire/, shared with the emulator) plus the provider's helpers over them.

import { CALL_SUBFLOW_TYPE, CallSubflowTrigger, FlowTrigger, FlowVariableSchema } from "../wire/flowDocument";

export {
  CALL_SUBFLOW_TYPE,
  COMMON_MODULE_FLOW_TYPE,
  END_NODE,
  START_NODE,
  type CallSubflowProperties,
  type CallSubflowTrigger,
  type Flow,
  type FlowEdge,
  type FlowGraph,
  type FlowTrigger,
  type FlowVariableSchema,
  type JsonValue,
} from "../wire/flowDocument";

export function isCallSubflowTrigger(trigger: FlowTrigger): trigger is CallSubflowTrigger {
  return trigger.type === CALL_SUBFLOW_TYPE && typeof trigger.properties?.flowId === "string";
}

/** The names a flow declares in an `inputSchema`/`outputSchema` (its `properties` keys). */
export function declaredVariableNames(schema: FlowVariableSchema | undefined): string[] {
  return schema?.properties ? Object.keys(schema.properties) : [];
}
