// Example: call the shared "Global Auth Subflow" first in three inbound call flows, passing the caller's
// number and language in and mapping the authentication result back into each parent flow.

import * as pulumi from "@pulumi/pulumi";
import { SubflowAttachment } from "genesys-subflow-attachment";

const sharedFlowName = "Global Auth Subflow";
const inboundFlows = ["Sales Inbound", "Support Inbound", "Billing Inbound"];

const attachments = inboundFlows.map(
  (parentFlowName) =>
    new SubflowAttachment(`auth-${parentFlowName.toLowerCase().replace(/\s+/g, "-")}`, {
      parentFlowName,
      sharedFlowName,
      triggerId: "callGlobalAuth",
      after: "start",
      arguments: {
        callerPhone: "${Call.Ani}",
        language: "${Call.Language}",
      },
      returnVariables: {
        "Flow.authResult": "authenticationResult",
        "Flow.customerId": "resolvedCustomerId",
      },
    }),
);

export const wiredFlows = pulumi.all(attachments.map((a) => pulumi.interpolate`${a.parentFlowName} (${a.parentFlowId}) v${a.version}`));
