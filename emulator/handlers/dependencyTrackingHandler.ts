// Handler of GET /api/v2/architect/dependencytracking/consumingresources: the flows of the caller's
// org whose `callsubflow` triggers call flow `id`, as Genesys `Dependency` entities in a paged listing.

import { GenesysErrorFactory } from "../errors/GenesysErrorFactory";
import { HandlerContext, HandlerResult, queryList, requiredQuery } from "../http/requestContext";
import { dependencyObjectType, flowsCalling, flowSelfUri } from "./flowRecords";
import { requireFlowRecord, requireOrg } from "./flowsHandler";
import { pageOf } from "./paging";

const CONSUMING_RESOURCES_PATH = "/api/v2/architect/dependencytracking/consumingresources";

export function listConsumingResources(context: HandlerContext): HandlerResult {
  const org = requireOrg(context);
  const flowId = requiredQuery(context.query, "id");
  // The SDK always sends objectType; it names the kind of object `id` is (e.g. COMMONMODULEFLOW).
  const objectType = requiredQuery(context.query, "objectType");
  const record = requireFlowRecord(org, flowId);
  if (objectType.toUpperCase() !== dependencyObjectType(record.flow.type)) {
    throw GenesysErrorFactory.badRequest(
      `Flow '${flowId}' is a ${dependencyObjectType(record.flow.type)}, not a ${objectType}; pass objectType=${dependencyObjectType(record.flow.type)}.`,
    );
  }
  const resourceTypes = new Set(queryList(context.query, "resourceType").map((type) => type.toUpperCase()));
  const consumers = flowsCalling(org, flowId)
    .filter((flow) => resourceTypes.size === 0 || resourceTypes.has(dependencyObjectType(flow.type)))
    .sort((left, right) => left.name.localeCompare(right.name) || left.id.localeCompare(right.id))
    .map((flow) => ({
      id: flow.id,
      name: flow.name,
      type: dependencyObjectType(flow.type),
      version: `${flow.version}.0`,
      deleted: false,
      updated: false,
      stateUnknown: false,
      selfUri: flowSelfUri(flow.id),
    }));
  return { status: 200, body: pageOf(consumers, { query: context.query, path: CONSUMING_RESOURCES_PATH }) };
}
