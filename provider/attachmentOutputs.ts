// What the state holds for an attachment: the checked inputs plus what the stack's org resolved, and how an
// operation's result is shaped into it for the provider host.

import { z } from "zod";
import { attachmentInputsSchema, KnownAttachmentInputs, WithoutUnknowns } from "./attachmentInputs";
import { AttachmentDrift } from "./attachmentDrift";
import { LiveCall } from "./flowFormats/flowFormat";
import { versionNumberOf } from "./flowFormats/formats";
import { Flow } from "./flowModel";

/** The inputs plus what was resolved in the org. Only its shape is used: outputs are made here, never parsed. */
const attachmentOutputsSchema = attachmentInputsSchema.extend({
  /** Resolved ID of the parent flow in the stack's org. */
  parentFlowId: z.string(),
  /** Name of the parent flow as the org reports it. */
  parentFlowName: z.string(),
  /** Resolved ID of the shared flow in the stack's org. */
  sharedFlowId: z.string(),
  /** Name of the shared flow as the org reports it. */
  sharedFlowName: z.string(),
  /** The parent flow's version written, or read when an identical trigger was adopted. */
  version: z.number(),
});

export type AttachmentOutputs = WithoutUnknowns<z.output<typeof attachmentOutputsSchema>>;

/** Every output name, in declaration order. */
export const OUTPUT_NAMES = Object.keys(attachmentOutputsSchema.shape) as (keyof AttachmentOutputs)[];

/** The flow and name the shared flow resolved to. */
export interface ResolvedSharedFlow {
  id: string;
  name: string;
}

/** The outputs of a write (or an adoption): the inputs as declared, and the parent as it is after it. */
export function outputsOf(inputs: KnownAttachmentInputs, parent: Flow, shared: ResolvedSharedFlow): AttachmentOutputs {
  // The host adds `__provider` to the outputs itself.
  const { __provider: _provider, ...declared } = inputs as KnownAttachmentInputs & { __provider?: unknown };
  return withoutUndefined({ ...declared, parentFlowId: parent.id, parentFlowName: parent.name, sharedFlowId: shared.id, sharedFlowName: shared.name, version: versionNumberOf(parent) });
}

/**
 * The outputs a refresh records: the live call in `parent`, calling `sharedFlow` (the flow it names now), and
 * the node it now follows when it was moved (so the next diff sees the move). Entries no declaration can
 * give are left out: the next diff reports them as drift.
 */
export function refreshedOutputs(recorded: AttachmentOutputs, parent: Flow, live: LiveCall, drift: AttachmentDrift, sharedFlow: ResolvedSharedFlow): AttachmentOutputs {
  return withoutUndefined({
    ...recorded,
    parentFlowName: parent.name,
    sharedFlowId: sharedFlow.id,
    sharedFlowName: sharedFlow.name,
    arguments: stringEntries(live.arguments),
    returnVariables: stringEntries(live.returnVariables),
    after: !drift.missing && drift.moved && drift.placedAfter !== undefined ? drift.placedAfter : recorded.after,
    version: versionNumberOf(parent),
  });
}

/** A live map's string entries, or undefined when it has none (as a declaration without the map). */
function stringEntries(map: unknown): Record<string, string> | undefined {
  if (typeof map !== "object" || map === null || Array.isArray(map)) return undefined;
  const entries = Object.entries(map).filter((entry): entry is [string, string] => typeof entry[1] === "string");
  return entries.length > 0 ? Object.fromEntries(entries) : undefined;
}

/** The provider host cannot encode `undefined` in a property map, so absent values are left out. */
function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined)) as T;
}
