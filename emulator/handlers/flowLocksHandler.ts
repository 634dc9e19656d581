// Handlers of Architect's flow locks (Architect orgs): check out (the calling OAuth client takes the lock;
// 409 while another holds it), check in (the holder releases it), and unlock (an admin releases it
// whoever holds it). A flow checked out by one client cannot be changed by another, import jobs included.

import { architectEntityOnWire, lockHolder } from "../architect/architectFlowRecords";
import { GenesysErrorFactory } from "../errors/GenesysErrorFactory";
import { callerClientId, HandlerContext, HandlerResult, requiredQuery } from "../http/requestContext";
import { ArchitectFlowRecord } from "../persistence/emulatorState";
import { requireNotLockedByAnother, storedRecord } from "./architectFlowsHandler";
import { requireArchitectOrg } from "./flowFormats";
import { deepCopy } from "./flowRecords";
import { completedOperation, requireFlowRecord } from "./flowsHandler";

/** `POST /api/v2/flows/actions/checkout?flow=ID`: the flow, now locked by the caller (again, if it held it already). */
export function checkoutFlow(context: HandlerContext): HandlerResult {
  const record = lockedFlow(context);
  requireNotLockedByAnother(context, record);
  return { status: 200, body: setLock(context, record, lockHolder(callerClientId(context))) };
}

/** `POST /api/v2/flows/actions/checkin?flow=ID`: the holder releases the lock. */
export function checkinFlow(context: HandlerContext): HandlerResult {
  const record = lockedFlow(context);
  if (record.flow.lockedClient === undefined) throw GenesysErrorFactory.flowNotCheckedOut(record.flow);
  requireNotLockedByAnother(context, record);
  setLock(context, record, undefined);
  return { status: 200, body: completedOperation(context, "CHECKIN", record.flow) };
}

/** `POST /api/v2/flows/actions/unlock?flow=ID`: releases the lock whoever holds it (an Architect admin's action). */
export function unlockFlow(context: HandlerContext): HandlerResult {
  return { status: 200, body: setLock(context, lockedFlow(context), undefined) };
}

function lockedFlow(context: HandlerContext): ArchitectFlowRecord {
  return requireFlowRecord(requireArchitectOrg(context), requiredQuery(context.query, "flow"));
}

/** Stores the lock (or its absence) on the flow and returns the flow as it now is. */
function setLock(context: HandlerContext, record: ArchitectFlowRecord, holder: ReturnType<typeof lockHolder> | undefined): ArchitectFlowRecord["flow"] {
  const { lockedUser, lockedClient, ...unlocked } = deepCopy(record.flow);
  const flow = holder ? { ...unlocked, ...holder } : unlocked;
  const orgId = requireArchitectOrg(context).id;
  context.store.update((state) => {
    storedRecord(state, orgId, flow.id).flow = flow;
  });
  return architectEntityOnWire(flow);
}
