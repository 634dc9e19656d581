// Test fixture: the state an attachment of the demo org's Sales Inbound records after its create.

import { AttachmentOutputs } from "../../provider/attachmentOutputs";

export const recordedAttachment: AttachmentOutputs = {
  parentFlowId: "parent-1",
  parentFlowName: "Sales Inbound",
  sharedFlowId: "shared-1",
  sharedFlowName: "Global Auth Subflow",
  triggerId: "callAuth",
  arguments: { callerPhone: "${Call.Ani}" },
  after: "start",
  publish: false,
  version: 4,
};
