// The checks of a call of a shared flow before anything is written: the variable names it passes and
// receives must be declared by the shared flow, and the call must not make the parent call itself.

import { AttachmentOutputs, ResolvedSharedFlow } from "./attachmentOutputs";
import { KnownAttachmentInputs } from "./attachmentInputs";
import { canCloseCallLoop, findCallLoop } from "./callLoops";
import { formatOf } from "./flowFormats/formats";
import { findSharedFlow, ResolvedFlow, SharedFlow } from "./flowResolution";
import { FlowNotFoundError } from "./genesys/errors";
import { GenesysClient } from "./genesys/genesysClient";
import { findVariableNameProblems } from "./variableNames";

/** The declared shared flow, found and checked as a call from `parent`; `previous` is the state, if any (see `findSharedFlow`). */
export async function resolveSharedFlowCall(api: GenesysClient, declared: KnownAttachmentInputs, parent: ResolvedFlow, previous?: AttachmentOutputs): Promise<ResolvedSharedFlow> {
  return checkSharedFlowCall(api, declared, parent, await findSharedFlow(api, declared, previous));
}

/**
 * The call checked before any write: `arguments` and `returnVariables` must name variables the shared flow
 * declares, and it must not already lead back to the parent (the call would recurse without end).
 */
export async function checkSharedFlowCall(api: GenesysClient, declared: KnownAttachmentInputs, parent: ResolvedFlow, shared: SharedFlow): Promise<ResolvedSharedFlow> {
  const problems = findVariableNameProblems({
    arguments: declared.arguments,
    returnVariables: declared.returnVariables,
    sharedFlow: { name: shared.name, ...(await declaredVariables(api, shared)) },
  });
  if (problems.length > 0) {
    throw new Error(`the call of '${shared.name}' from '${parent.name}' names variables the shared flow does not declare; nothing was written:\n${problems.map((p) => `  ✖ ${p}`).join("\n")}`);
  }
  if (shared.id === parent.id) {
    throw new Error(`the shared flow and the parent flow are the same flow '${parent.name}', and a flow cannot call itself; name another shared flow`);
  }
  // The emulator, like the service, refuses a loop on write anyway; checking first names the flows involved.
  const loop = canCloseCallLoop(parent.type) ? await findCallLoop(api, shared.id, parent) : undefined;
  if (loop) {
    throw new Error(`calling '${shared.name}' from '${parent.name}' would make a call cycle, since '${shared.name}' already leads back to it (${loop.join(" -> ")}); nothing was written. Remove one of the calls.`);
  }
  return { id: shared.id, name: shared.name };
}

/**
 * The variables the shared flow declares: the schemas its listing carries, or, where the listing carries
 * none (an Architect org keeps them in the module's own YAML), those its logic declares.
 */
async function declaredVariables(api: GenesysClient, shared: SharedFlow): Promise<Pick<SharedFlow, "inputSchema" | "outputSchema">> {
  if (shared.inputSchema !== undefined || shared.outputSchema !== undefined) return shared;
  const read = await api.readFlowDocument(shared.id);
  if (!read) throw new FlowNotFoundError(shared.id);
  return formatOf(read.document).variableSchemas(read.flow, read.document);
}
