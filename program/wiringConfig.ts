// Reads the wiring a stack declares in its config (`subflow-wiring:wiring`) into plain, validated data,
// so one program serves every org: flows are named, and each stack's org resolves the names to IDs.

import { z } from "zod";
import { attachmentInputsSchema, WithoutUnknowns } from "../provider/attachmentInputs";

const inputs = attachmentInputsSchema.shape;

/**
 * An attachment as the config declares it: the resource's own inputs and rules, with the shared flow by
 * name only (IDs differ from org to org) and no defaults filled in here, so the wiring's own apply.
 */
const attachmentSchema = attachmentInputsSchema
  .omit({ sharedFlowId: true })
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

/** A declared attachment, with the attachment whose call it is placed after, when the wiring declares that call too. */
export type PlacedAttachment = DeclaredAttachment & { afterAttachment?: string };

/**
 * The attachments in an order where each comes after the attachment whose call it is placed after (the
 * same parent flow, `after` naming that call's trigger ID), and with that attachment named, so the program
 * can pass its `triggerId` output as `after` and Pulumi makes the earlier call first: a call cannot be
 * placed after one that does not exist yet. Otherwise the config's order. A loop of such `after`s is left
 * as declared, for the provider to refuse.
 */
export function inPlacementOrder(attachments: readonly DeclaredAttachment[]): PlacedAttachment[] {
  const parentOf = (attachment: DeclaredAttachment) => attachment.parentFlowId ?? `name:${attachment.parentFlowName}`;
  const byCall = new Map(attachments.map((attachment) => [`${parentOf(attachment)}\u0000${attachment.triggerId}`, attachment]));
  const ordered: PlacedAttachment[] = [];
  const state = new Map<DeclaredAttachment, "placing" | "placed">();
  const place = (attachment: DeclaredAttachment): void => {
    if (state.has(attachment)) return;
    state.set(attachment, "placing");
    const previous = attachment.after === undefined ? undefined : byCall.get(`${parentOf(attachment)}\u0000${attachment.after}`);
    if (previous !== undefined && previous !== attachment) place(previous);
    const follows = previous !== undefined && state.get(previous) === "placed";
    ordered.push(follows ? { ...attachment, afterAttachment: previous.name } : attachment);
    state.set(attachment, "placed");
  };
  attachments.forEach(place);
  return ordered;
}

/** zod words a bad record key as "Invalid key in record"; the key's own rule says what to write instead. */
function issueMessage(issue: z.core.$ZodIssue): string {
  if (issue.code !== "invalid_key") return issue.message;
  return `invalid attachment name: ${issue.issues.map((inner) => inner.message).join("; ")}`;
}
