// Stable, readable Pulumi resource names for exported calls: the parent flow's name and the trigger ID
// in lower case joined by dashes (`sales-inbound-callglobalauth`), unique within one export. Pure.

import { createHash } from "node:crypto";

export interface NamedCall {
  parentFlowName: string;
  triggerId: string;
}

/**
 * One name per call, in the order given. A name depends only on its own call, unless two calls come out
 * the same (their names differ only in case or punctuation): each of those then ends in a short hash of
 * its exact parent flow name and trigger ID, so neither depends on the order the org lists them in.
 */
export function resourceNames(calls: readonly NamedCall[]): string[] {
  const bases = calls.map((call) => `${slug(call.parentFlowName, "flow")}-${slug(call.triggerId, "call")}`);
  const uses = new Map<string, number>();
  for (const base of bases) uses.set(base, (uses.get(base) ?? 0) + 1);
  return bases.map((base, index) => (uses.get(base)! > 1 ? `${base}-${fingerprint(calls[index])}` : base));
}

/** Lower-case ASCII letters and digits, runs of anything else as one dash; accents dropped (`é` is `e`). */
function slug(text: string, fallback: string): string {
  const ascii = text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  const words = ascii.replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
  return words === "" ? fallback : words;
}

function fingerprint(call: NamedCall): string {
  return createHash("sha256").update(`${call.parentFlowName}\u0000${call.triggerId}`).digest("hex").slice(0, 6);
}
