// The root Pulumi program: declares one SubflowAttachment per entry of the stack's wiring config and
// exports a readable summary of what is wired where. `Pulumi.<stack>.yaml` picks the org and the wiring.

import * as pulumi from "@pulumi/pulumi";
import { SubflowAttachment } from "../provider";
import { inPlacementOrder, readWiringConfig } from "./wiringConfig";

const attachments = readWiringConfig(new pulumi.Config().requireObject("wiring"));

// A call placed after another declared call takes that attachment's `triggerId` output as `after`, so the
// earlier call is made (or adopted) first.
const byName = new Map<string, SubflowAttachment>();
const declared = inPlacementOrder(attachments).map(({ name, afterAttachment, ...args }) => {
  const attachment = new SubflowAttachment(name, { ...args, after: afterAttachment === undefined ? args.after : byName.get(afterAttachment)!.triggerId });
  byName.set(name, attachment);
  return [name, attachment] as const;
});

/** One line per attachment, e.g. `Sales Inbound: start -> callGlobalAuth (Global Auth Subflow), version 4`. */
export const wiring = pulumi
  .all(declared.map(([, a]) => pulumi.interpolate`${a.parentFlowName}: ${a.after} -> ${a.triggerId} (${a.sharedFlowName}), version ${a.version}`))
  .apply((lines) => [...lines].sort());

export const attachmentIds = Object.fromEntries(declared.map(([name, a]) => [name, a.id]));
