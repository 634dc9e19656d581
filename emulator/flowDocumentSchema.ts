// zod schemas for the parts of a flow document clients send (PUT/POST bodies and seed files), so a
// malformed trigger or edge is a 400 that names the field, never a crash further in.

import { z } from "zod";
import { CALL_SUBFLOW_TYPE } from "../wire/flowDocument";

const stringMap = z.record(z.string(), z.string());

export const flowTriggerSchema = z
  .looseObject({
    id: z.string().min(1, "a trigger needs a non-empty string id"),
    type: z.string().min(1, "a trigger needs a non-empty string type"),
    properties: z.record(z.string(), z.unknown()).default({}),
  })
  .superRefine((trigger, context) => {
    if (trigger.type !== CALL_SUBFLOW_TYPE) return;
    const properties = trigger.properties;
    if (properties.type !== CALL_SUBFLOW_TYPE) {
      context.addIssue({ code: "custom", path: ["properties", "type"], message: `a callsubflow trigger needs properties.type "${CALL_SUBFLOW_TYPE}"` });
    }
    if (typeof properties.flowId !== "string" || properties.flowId === "") {
      context.addIssue({ code: "custom", path: ["properties", "flowId"], message: "a callsubflow trigger needs properties.flowId, the ID of the flow it calls" });
    }
    for (const key of ["arguments", "returnVariables"] as const) {
      if (properties[key] !== undefined && !stringMap.safeParse(properties[key]).success) {
        context.addIssue({ code: "custom", path: ["properties", key], message: `properties.${key} must map names to strings` });
      }
    }
  });

export const flowEdgeSchema = z.looseObject({
  fromId: z.string().min(1, "an edge needs a non-empty string fromId"),
  toId: z.string().min(1, "an edge needs a non-empty string toId"),
  conditions: z.array(z.unknown()).default([]),
});

const variableSchema = z.looseObject({ properties: z.record(z.string(), z.unknown()).optional() });

/** Fields a client may set on a flow; anything else it sends is kept as is. */
export const flowWritableFieldsSchema = z.looseObject({
  name: z.string().trim().min(1, "name must be a non-empty string").optional(),
  type: z.string().regex(/^[a-z]+$/, "type must be a lower-case flow type such as inboundcall or commonmodule").optional(),
  description: z.string().optional(),
  inputSchema: variableSchema.optional(),
  outputSchema: variableSchema.optional(),
  triggers: z.array(flowTriggerSchema).optional(),
  edges: z.array(flowEdgeSchema).optional(),
});

export type FlowWritableFields = z.infer<typeof flowWritableFieldsSchema>;

/** One readable line per issue: `message (at path)`, the way zod users read them. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => (issue.path.length > 0 ? `${issue.message} (at ${issue.path.join(".")})` : issue.message))
    .join("; ");
}
