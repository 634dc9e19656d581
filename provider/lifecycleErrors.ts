// The errors the lifecycle reports itself, and the context every lifecycle failure carries: which trigger
// in which flow broke, so a user with many attachments sees which resource to look at.

import { AttachmentInputs, isKnown, KnownAttachmentInputs } from "./attachmentInputs";
import { START_NODE } from "./flowModel";

/**
 * A lifecycle failure, prefixed with the trigger and flow it concerns so a user sees which resource broke.
 * A new error each time: concurrent operations may share one failed lookup, and so one error object.
 */
export class SubflowAttachmentError extends Error {
  constructor(message: string, options: { cause: unknown }) {
    super(message, options);
    this.name = "SubflowAttachmentError";
  }
}

/** Runs a lifecycle step, wrapping any failure in a `SubflowAttachmentError` naming the trigger and flow. */
export async function withContext<T>(inputs: Pick<AttachmentInputs, "triggerId" | "parentFlowName" | "parentFlowId">, operation: () => Promise<T>, parentFlowName?: string): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    const flowLabel = parentFlowName ?? inputs.parentFlowName ?? inputs.parentFlowId;
    const reason = error instanceof Error ? error.message : String(error);
    throw new SubflowAttachmentError(`SubflowAttachment trigger '${inputs.triggerId}' in flow '${flowLabel}': ${reason}`, { cause: error });
  }
}

/** The engine resolves every input before create and update; an unknown here is the engine's bug, said plainly. */
export function requireKnown(inputs: AttachmentInputs): KnownAttachmentInputs {
  if (!isKnown(inputs)) throw new Error(`trigger '${inputs.triggerId}': an input is still unknown at apply time; run 'pulumi up' again`);
  return inputs;
}

/** The parent flow recorded in the state is gone from the org (deleted), and no other flow took its name. */
export function parentFlowGoneError(recorded: { parentFlowId: string; parentFlowName: string }): Error {
  return new Error(
    `parent flow '${recorded.parentFlowName}' (${recorded.parentFlowId}) no longer exists in the org (it was deleted); run 'pulumi refresh' to drop this attachment from the state, or remove it from the program`,
  );
}

/** A newly declared `after` names no trigger of the parent flow. */
export function afterNotInFlowError(after: string, parentFlowName: string): Error {
  return new Error(`after is '${after}', but flow '${parentFlowName}' has no trigger with that ID; use '${START_NODE}' or the ID of a trigger in that flow`);
}
