// The root Pulumi program: declares one SubflowAttachment per entry of the stack's wiring config and
// exports a readable summary of what is wired where. `Pulumi.<stack>.yaml` picks the org and the wiring.

import * as pulumi from "@pulumi/pulumi";
import { SubflowAttachment } from "../provider";
import { orderAttachments } from "./attachmentOrder";
import { readWiringConfig } from "./wiringConfig";

const ordered = orderAttachments(readWiringConfig(new pulumi.Config().requireObject("wiring")));

// An attachment placed after another attachment's trigger depends on it, so the engine creates it second
// and removes it first.
const resources = new Map<string, SubflowAttachment>();
for (const { attachment: { name, ...args }, dependsOn } of ordered) {
  resources.set(name, new SubflowAttachment(name, args, dependsOn === undefined ? undefined : { dependsOn: [resources.get(dependsOn)!] }));
}
const declared = [...resources.entries()];

/** One line per attachment, e.g. `Sales Inbound: start -> callGlobalAuth (Global Auth Subflow), version 4`. */
export const wiring = pulumi
  .all(declared.map(([, a]) => pulumi.interpolate`${a.parentFlowName}: ${a.after} -> ${a.triggerId} (${a.sharedFlowName}), version ${a.version}`))
  .apply((lines) => [...lines].sort());

export const attachmentIds = Object.fromEntries(declared.map(([name, a]) => [name, a.id]));
