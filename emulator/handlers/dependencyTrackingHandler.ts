// Handler of GET /api/v2/architect/dependencytracking/consumingresources: the flows of the caller's org
// that call flow `id` (by their `callsubflow` triggers, or on Architect orgs by their current YAML's
// `callCommonModule` actions), as Genesys `Dependency` entities in a paged listing.

import { COMMON_MODULE_FLOW_TYPE } from "../../wire/flowDocument";
import { flowsCallingModule } from "../architect/architectFlowRecords";
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
  // A consumer's `version` is its current one: the saved version of a graph, the latest version of an Architect
  // flow. Architect flows call common modules only, by name.
  const calling =
    org.flowFormat !== "architect"
      ? flowsCalling(org, flowId).map((flow) => ({ flow, version: `${flow.version}.0` }))
      : record.flow.type === COMMON_MODULE_FLOW_TYPE
        ? flowsCallingModule(org, record.flow.name).map(({ flow, versions }) => ({ flow, version: versions.at(-1)!.id }))
        : [];
  const consumers = calling
    .filter(({ flow }) => resourceTypes.size === 0 || resourceTypes.has(dependencyObjectType(flow.type)))
    .sort((left, right) => left.flow.name.localeCompare(right.flow.name) || left.flow.id.localeCompare(right.flow.id))
    .map(({ flow, version }) => ({
      id: flow.id,
      name: flow.name,
      type: dependencyObjectType(flow.type),
      version,
      deleted: false,
      updated: false,
      stateUnknown: false,
      selfUri: flowSelfUri(flow.id),
    }));
  return { status: 200, body: pageOf(consumers, { query: context.query, path: CONSUMING_RESOURCES_PATH }) };
}
