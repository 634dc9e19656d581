// Reads the wiring a stack declares in its config (`subflow-wiring:wiring`) into plain, validated data,
// so one program serves every org: flows are named, and each stack's org resolves the names to IDs.

import { z } from "zod";
import { attachmentInputsSchema, WithoutUnknowns } from "../provider/attachmentInputs";

const inputs = attachmentInputsSchema.shape;

/**
 * An attachment as the config declares it: the resource's own inputs and rules, with the shared flow by
 * name only (IDs differ from org to org), no owner (the stack is the owner) and no defaults filled in
 * here, so the wiring's own apply.
 */
const attachmentSchema = attachmentInputsSchema
  .omit({ sharedFlowId: true, managedBy: true })
  .extend({ after: inputs.after.unwrap().optional(), publish: inputs.publish.unwrap().optional() })
  .strict();

const wiringSchema = z
  .object({
    /** The shared flow every attachment calls unless it names its own. */
    sharedFlowName: inputs.sharedFlowName,
    /** Attachments by logical name; the name is the Pulumi resource name, so it must stay stable. */
    attachments: z.record(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, "use letters, digits, '_', '.' or '-'"), attachmentSchema),
    publish: inputs.publish.unwrap().optional(),
  })
  .strict();

/** One attachment of the wiring, named, with the shared flow it calls. */
export type DeclaredAttachment = WithoutUnknowns<z.infer<typeof attachmentSchema>> & { name: string; sharedFlowName: string };

/** The attachments a stack declares, or an error naming each config path that is wrong and how. */
/** The stack-config key that holds the wiring: the project's name as namespace, `wiring` as the key. */
export const WIRING_CONFIG_KEY = "subflow-wiring:wiring";

export function readWiringConfig(raw: unknown, configKey = WIRING_CONFIG_KEY): DeclaredAttachment[] {
  const parsed = wiringSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ✖ ${issueMessage(issue)} → at ${[configKey, ...issue.path].join(".")}`);
    throw new Error(`stack config '${configKey}' is not valid wiring:\n${lines.join("\n")}`);
  }
  const wiring = parsed.data;
  return Object.entries(wiring.attachments).map(([name, attachment]) => {
    const sharedFlowName = attachment.sharedFlowName ?? wiring.sharedFlowName;
    if (sharedFlowName === undefined) {
      throw new Error(`stack config '${configKey}.attachments.${name}' names no shared flow: set '${configKey}.sharedFlowName' or its own 'sharedFlowName'`);
    }
    // Stack config holds only known values: the preview's unknown value, which the schema lets through for
    // the provider's `check`, is not one a config file can mean.
    return { name, ...attachment, sharedFlowName, publish: attachment.publish ?? wiring.publish } as DeclaredAttachment;
  });
}

/** zod words a bad record key as "Invalid key in record"; the key's own rule says what to write instead. */
function issueMessage(issue: z.core.$ZodIssue): string {
  if (issue.code !== "invalid_key") return issue.message;
  return `invalid attachment name: ${issue.issues.map((inner) => inner.message).join("; ")}`;
}
