// The root Pulumi program: declares one SubflowAttachment per entry of the stack's wiring config and
// exports a readable summary of what is wired where. `Pulumi.<stack>.yaml` picks the org and the wiring.

import * as pulumi from "@pulumi/pulumi";
import { SubflowAttachment } from "../provider";
import { readWiringConfig } from "./wiringConfig";

const attachments = readWiringConfig(new pulumi.Config().requireObject("wiring"));

const declared = attachments.map(
  ({ name, ...args }) => [name, new SubflowAttachment(name, args)] as const,
);

/** One line per attachment, e.g. `Sales Inbound: start -> callGlobalAuth (Global Auth Subflow), version 4`. */
export const wiring = pulumi
  .all(declared.map(([, a]) => pulumi.interpolate`${a.parentFlowName}: ${a.after} -> ${a.triggerId} (${a.sharedFlowName}), version ${a.version}`))
  .apply((lines) => [...lines].sort());

export const attachmentIds = Object.fromEntries(declared.map(([name, a]) => [name, a.id]));
