// Pure helpers over an Architect org's stored flows that the handlers, the jobs and the seed share: the
// flow entity and its versions as the service describes them, finding flows, locks, what the rules need
// to know of the org, and the YAML an export gives.

import { createHash } from "node:crypto";
import { parse } from "yaml";
import { deepCopy, flowSelfUri, flowVersionUri } from "../handlers/flowRecords";
import {
  ArchitectFlowEntity,
  ArchitectFlowRecord,
  ArchitectFlowVersion,
  ArchitectOrgRecord,
  EntityRef,
  FlowVersionEntity,
  OrgRecord,
} from "../persistence/emulatorState";
import { ArchitectOrgFacts, ArchyFlowDocument, OrgFlowFacts, visitCalls } from "./archyRules";
import { canonicalYaml } from "./archyYaml";

/** A new flow entity with no configuration (no version) yet. */
export function newArchitectEntity(options: { id: string; name: string; type: string; description?: string; division: OrgRecord["division"] }): ArchitectFlowEntity {
  return {
    id: options.id,
    name: options.name,
    type: options.type,
    ...(options.description !== undefined && { description: options.description }),
    division: { ...options.division, selfUri: `/api/v2/authorization/divisions/${options.division.id}` },
    active: true,
    system: false,
    deleted: false,
    selfUri: flowSelfUri(options.id),
  };
}

/**
 * The entity as the service answers it: a copy whose `type` is in upper case (`INBOUNDCALL`), as a real org's
 * flow entities spell it, while the `type` query parameter, the YAML and what the emulator stores use lower case.
 */
export function architectEntityOnWire<T extends Pick<ArchitectFlowEntity, "type">>(entity: T): T {
  return { ...deepCopy(entity), type: entity.type.toUpperCase() };
}

/** What a new version holds: its YAML and what the service read out of it (an `ArchyFlowDocument` has all of it). */
export type VersionContent = Pick<ArchyFlowDocument, "name" | "description" | "calledModules" | "moduleInterface"> & { yaml: string };

/**
 * Adds a version of `content` to `record`: the next `N.0`, published, saved and checked in at once, as
 * every import and publish does. The entity takes the content's name, and its description when it has
 * one. Mutates `record`; call it inside a store update.
 */
export function addVersion(record: ArchitectFlowRecord, content: VersionContent, made: { clientId?: string; now: Date }): ArchitectFlowVersion {
  const { now } = made;
  const id = `${record.versions.length + 1}.0`;
  const flowId = record.flow.id;
  const common: FlowVersionEntity = {
    id,
    name: id,
    commitVersion: id,
    configurationVersion: id,
    type: "PUBLISH",
    secure: false,
    debug: false,
    ...(made.clientId !== undefined && { createdByClient: { id: made.clientId } }),
    configurationUri: `${flowVersionUri(flowId, id)}/configuration`,
    dateCreated: now.getTime(),
    selfUri: flowVersionUri(flowId, id),
  };
  const version: ArchitectFlowVersion = {
    id,
    yaml: content.yaml,
    calledModules: content.calledModules,
    ...(content.moduleInterface && { moduleInterface: content.moduleInterface }),
    flowVersion: { ...common, datePublished: now.toISOString() },
  };
  record.versions.push(version);
  record.flow.name = content.name;
  if (content.description !== undefined) record.flow.description = content.description;
  record.flow.publishedVersion = version.flowVersion;
  record.flow.savedVersion = { ...common, dateSaved: now.getTime() };
  record.flow.checkedInVersion = { ...common, dateCheckedIn: now.getTime() };
  return version;
}

/** The org's live flow of this type and name (any letter case, as Architect names are), or undefined. */
export function findArchitectFlow(org: ArchitectOrgRecord, options: { type: string; name: string }): ArchitectFlowRecord | undefined {
  const wanted = options.name.toLowerCase();
  return org.architectFlows.find((record) => !record.deleted && record.flow.type === options.type && record.flow.name.toLowerCase() === wanted);
}

/** The org's live flows whose current version calls the common module named `moduleName` (any letter case). */
export function flowsCallingModule(org: ArchitectOrgRecord, moduleName: string): ArchitectFlowRecord[] {
  const wanted = moduleName.toLowerCase();
  return org.architectFlows.filter((record) => !record.deleted && (record.versions.at(-1)?.calledModules ?? []).some((called) => called.toLowerCase() === wanted));
}

/** What the Archy rules need to know of the org: its division, and its live flows by name. */
export function architectOrgFacts(org: ArchitectOrgRecord): ArchitectOrgFacts {
  const byName = new Map<string, OrgFlowFacts[]>();
  for (const record of org.architectFlows.filter((candidate) => !candidate.deleted)) {
    const key = record.flow.name.toLowerCase();
    const { id, name, type, lockedClient } = record.flow;
    byName.set(key, [...(byName.get(key) ?? []), { id, name, type, versions: record.versions, lockedByClientId: lockedClient?.id }]);
  }
  return { divisionName: org.division.name, flowsNamed: (name) => byName.get(name.toLowerCase()) ?? [] };
}

/**
 * The YAML an export of `version` gives: as stored, under the flow's current name. The service keeps a
 * flow's logic apart from its name and writes the YAML afresh on export, so a flow renamed since (PUT)
 * exports under its new name.
 */
export function exportedYaml(record: ArchitectFlowRecord, version: ArchitectFlowVersion): string {
  const value = parse(version.yaml) as Record<string, Record<string, unknown>>;
  const [rootKey] = Object.keys(value);
  if (value[rootKey].name === record.flow.name) return version.yaml;
  value[rootKey].name = record.flow.name;
  return canonicalYaml(value);
}

/** A version whose calls of a renamed common module now name it by its new name. */
export interface RenamedCalls {
  flowId: string;
  versionId: string;
  yaml: string;
  calledModules: string[];
}

/**
 * Every version, of every flow, that calls the common module `oldName`, with its calls naming `newName`
 * instead. The service keeps a call's reference to a module by ID and writes its name afresh on export, so
 * the callers of a renamed module show its new name, in every version.
 */
export function callsOfRenamedModule(org: ArchitectOrgRecord, oldName: string, newName: string): RenamedCalls[] {
  const renamed = (name: string) => (name.toLowerCase() === oldName.toLowerCase() ? newName : name);
  return org.architectFlows.flatMap((record) =>
    record.versions
      .filter((version) => version.calledModules.some((called) => renamed(called) !== called))
      .map((version) => {
        const value = parse(version.yaml) as Record<string, Record<string, unknown>>;
        const [rootKey] = Object.keys(value);
        // Every stored call was checked on import: `commonModule` is a mapping with one key, the module's name.
        visitCalls(value[rootKey], rootKey, (action) => {
          const call = action as { commonModule: Record<string, unknown> };
          const [name] = Object.keys(call.commonModule);
          call.commonModule = { [renamed(name)]: call.commonModule[name] };
        });
        return { flowId: record.flow.id, versionId: version.id, yaml: canonicalYaml(value), calledModules: version.calledModules.map(renamed) };
      }),
  );
}

/** `lockedUser` and `lockedClient` for a flow checked out by an OAuth client (which acts as a user of its own). */
export function lockHolder(clientId: string): { lockedUser: EntityRef; lockedClient: EntityRef } {
  // Client-credentials clients have no user; the emulator gives each a stable user ID derived from its client ID.
  const hex = createHash("sha256").update(`lock-user:${clientId}`).digest("hex");
  const userId = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  return {
    lockedUser: { id: userId, name: `OAuth client ${clientId}`, selfUri: `/api/v2/users/${userId}` },
    lockedClient: { id: clientId, name: clientId, selfUri: `/api/v2/oauth/clients/${encodeURIComponent(clientId)}` },
  };
}
