// Reads the wiring a stack declares in its config (`subflow-wiring:wiring`) into plain, validated data,
// so one program serves every org: flows are named, and each stack's org resolves the names to IDs.

import { z } from "zod";

const nameMap = z.record(z.string(), z.string());

const attachmentSchema = z
  .object({
    parentFlowName: z.string().min(1).optional(),
    parentFlowId: z.string().min(1).optional(),
    sharedFlowName: z.string().min(1).optional(),
    triggerId: z.string().min(1),
    arguments: nameMap.optional(),
    returnVariables: nameMap.optional(),
    after: z.string().min(1).optional(),
    publish: z.boolean().optional(),
  })
  .strict();

const wiringSchema = z
  .object({
    /** The shared flow every attachment calls unless it names its own. */
    sharedFlowName: z.string().min(1).optional(),
    /** Attachments by logical name; the name is the Pulumi resource name, so it must stay stable. */
    attachments: z.record(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, "use letters, digits, '_', '.' or '-'"), attachmentSchema),
    publish: z.boolean().optional(),
  })
  .strict();

export type WiringConfig = z.infer<typeof wiringSchema>;

export interface DeclaredAttachment {
  name: string;
  parentFlowName?: string;
  parentFlowId?: string;
  sharedFlowName: string;
  triggerId: string;
  arguments?: Record<string, string>;
  returnVariables?: Record<string, string>;
  after?: string;
  publish?: boolean;
}

/** The attachments a stack declares, or an error naming each config path that is wrong and how. */
export function readWiringConfig(raw: unknown, configKey = "subflow-wiring:wiring"): DeclaredAttachment[] {
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
    return { name, ...attachment, sharedFlowName, publish: attachment.publish ?? wiring.publish };
  });
}

/** zod words a bad record key as "Invalid key in record"; the key's own rule says what to write instead. */
function issueMessage(issue: z.core.$ZodIssue): string {
  if (issue.code !== "invalid_key") return issue.message;
  return `invalid attachment name: ${issue.issues.map((inner) => inner.message).join("; ")}`;
}
