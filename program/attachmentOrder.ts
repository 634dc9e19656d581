// The order of a wiring's attachments: one placed `after` another attachment's trigger in the same parent
// flow needs that trigger to exist, so it depends on that attachment (created after it, removed before it).
// Each flow's attachments are declared together, so the creates the engine runs at once (`--parallel`)
// meet in one group-commit round of their flow. A pure function over the config, so a chain that cannot be
// ordered is a config error before any write.

import { START_NODE } from "../provider/flowModel";
import type { DeclaredAttachment } from "./wiringConfig";

/** An attachment and the one whose trigger it is placed after, if that is another attachment of the wiring. */
export interface OrderedAttachment {
  attachment: DeclaredAttachment;
  /** Name of the attachment to depend on. */
  dependsOn?: string;
}

/**
 * The attachments grouped by parent flow (flows in the order the config first names them), each after the
 * one it depends on (otherwise in config order),
 * or an error naming the attachments that declare one trigger twice in a flow, or that chain in a cycle.
 */
export function orderAttachments(attachments: readonly DeclaredAttachment[], configKey = "subflow-wiring:wiring"): OrderedAttachment[] {
  const byTrigger = new Map<string, DeclaredAttachment>();
  for (const attachment of attachments) {
    const key = triggerKey(attachment, attachment.triggerId);
    const taken = byTrigger.get(key);
    if (taken) {
      throw new Error(
        `stack config '${configKey}': attachments '${taken.name}' and '${attachment.name}' both declare trigger '${attachment.triggerId}' in flow '${parentOf(attachment)}'; give one of them another triggerId`,
      );
    }
    byTrigger.set(key, attachment);
  }
  const dependencyOf = (attachment: DeclaredAttachment): DeclaredAttachment | undefined =>
    attachment.after === undefined || attachment.after === START_NODE ? undefined : byTrigger.get(triggerKey(attachment, attachment.after));

  const flowRank = new Map<string, number>();
  for (const attachment of attachments) if (!flowRank.has(flowKey(attachment))) flowRank.set(flowKey(attachment), flowRank.size);
  const grouped = [...attachments].sort((a, b) => flowRank.get(flowKey(a))! - flowRank.get(flowKey(b))!);

  const ordered: OrderedAttachment[] = [];
  const placed = new Set<string>();
  for (const attachment of grouped) {
    // Walk up the chain to its first unplaced attachment, then place the chain from there down.
    const chain: DeclaredAttachment[] = [];
    for (let current: DeclaredAttachment | undefined = attachment; current && !placed.has(current.name); current = dependencyOf(current)) {
      if (chain.includes(current)) throw cycleError([...chain.slice(chain.indexOf(current)), current], configKey);
      chain.push(current);
    }
    for (const link of chain.reverse()) {
      placed.add(link.name);
      ordered.push({ attachment: link, dependsOn: dependencyOf(link)?.name });
    }
  }
  return ordered;
}

/** The parent flow as the config names it (by ID or by name). */
function flowKey(attachment: DeclaredAttachment): string {
  return JSON.stringify([attachment.parentFlowId !== undefined ? "id" : "name", parentOf(attachment)]);
}

/** A trigger of a parent flow. */
function triggerKey(attachment: DeclaredAttachment, triggerId: string): string {
  return JSON.stringify([flowKey(attachment), triggerId]);
}

function parentOf(attachment: DeclaredAttachment): string {
  return attachment.parentFlowId ?? attachment.parentFlowName ?? "";
}

function cycleError(cycle: DeclaredAttachment[], configKey: string): Error {
  const path = cycle.map((attachment) => `'${attachment.name}' (triggerId '${attachment.triggerId}', after '${attachment.after}')`).join(" -> ");
  return new Error(
    `stack config '${configKey}': attachments in flow '${parentOf(cycle[0])}' are placed after each other in a cycle: ${path}; place one of them after '${START_NODE}' or another trigger`,
  );
}
