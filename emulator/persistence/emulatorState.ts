// The emulator's whole state as one JSON-serializable value: what the stores hold and what the data
// file contains. Secrets and tokens are kept only as SHA-256 hashes.

import { Flow } from "../../wire/flowDocument";
import type { ModuleInterface } from "../architect/archyRules";

export const STATE_FORMAT_VERSION = 1;

export interface ClientRecord {
  clientId: string;
  secretSha256: string;
}

export interface FlowRecord {
  flow: Flow;
  /** Deleted flows stay, so that their ID answers 410 Gone rather than 404. */
  deleted: boolean;
  /** The flow as of each publish, oldest first; each carries the `publishedVersion` that publish made. */
  publishedVersions?: Flow[];
}

/**
 * How an org keeps its flows: `graph`, the flow document with `triggers` and `edges` that PUT writes; or
 * `architect`, as Genesys Cloud does, metadata on the flow and its logic in Archy YAML moved by jobs.
 */
export type FlowFormat = "graph" | "architect";
export const FLOW_FORMATS: readonly FlowFormat[] = ["graph", "architect"];

/** A `FlowVersion` as the service describes one (`publishedVersion`, `savedVersion`, `checkedInVersion`). */
export interface FlowVersionEntity {
  id: string;
  name: string;
  [field: string]: string | number | boolean | { id: string };
}

/** `lockedUser` / `lockedClient` of a checked-out flow. */
export interface EntityRef {
  id: string;
  name: string;
  selfUri: string;
}

/** A flow of an Architect org as the flows API returns it: metadata only, the SDK's `Flow` model. */
export interface ArchitectFlowEntity {
  id: string;
  name: string;
  /** Lower case, e.g. `inboundcall`. */
  type: string;
  description?: string;
  division: { id: string; name: string; selfUri: string };
  active: boolean;
  system: boolean;
  deleted: boolean;
  /** The three are the same version: every import publishes, saves and checks in at once. */
  publishedVersion?: FlowVersionEntity;
  savedVersion?: FlowVersionEntity;
  checkedInVersion?: FlowVersionEntity;
  lockedUser?: EntityRef;
  lockedClient?: EntityRef;
  selfUri: string;
}

/** One published version of an Architect flow: its YAML as stored, and what the service read out of it. */
export interface ArchitectFlowVersion {
  /** e.g. `2.0` */
  id: string;
  /** The canonical YAML an export of this version gives (under the flow's current name). */
  yaml: string;
  /** Names of the common modules it calls, each once. */
  calledModules: string[];
  /** For a common module: the variables a caller may bind, and who may call it. */
  moduleInterface?: ModuleInterface;
  /** As `publishedVersion` described it when this version was made. */
  flowVersion: FlowVersionEntity;
}

export interface ArchitectFlowRecord {
  flow: ArchitectFlowEntity;
  deleted: boolean;
  /** Oldest first; none for a flow created without a configuration. */
  versions: ArchitectFlowVersion[];
}

interface OrgRecordBase {
  id: string;
  name: string;
  division: { id: string; name: string };
  clients: ClientRecord[];
}

export interface GraphOrgRecord extends OrgRecordBase {
  /** Absent in data files written before orgs had a format. */
  flowFormat?: "graph";
  flows: FlowRecord[];
}

export interface ArchitectOrgRecord extends OrgRecordBase {
  flowFormat: "architect";
  /** Always empty: code that walks every org's graph flows finds none here. */
  flows: never[];
  architectFlows: ArchitectFlowRecord[];
}

export type OrgRecord = GraphOrgRecord | ArchitectOrgRecord;

export interface TokenRecord {
  tokenSha256: string;
  orgId: string;
  clientId: string;
  expiresAtMs: number;
}

export interface EmulatorState {
  formatVersion: typeof STATE_FORMAT_VERSION;
  orgs: OrgRecord[];
  tokens: TokenRecord[];
}

/** Checks that parsed JSON is a state this version wrote; throws a message naming the file otherwise. */
export function assertEmulatorState(value: unknown, source: string): asserts value is EmulatorState {
  const candidate = value as Partial<EmulatorState> | null;
  if (
    typeof candidate !== "object" ||
    candidate === null ||
    candidate.formatVersion !== STATE_FORMAT_VERSION ||
    !Array.isArray(candidate.orgs) ||
    !Array.isArray(candidate.tokens) ||
    !candidate.orgs.every(
      (org) =>
        typeof org?.id === "string" &&
        Array.isArray(org.clients) &&
        Array.isArray(org.flows) &&
        (org.flowFormat === undefined || FLOW_FORMATS.includes(org.flowFormat)) &&
        (org.flowFormat !== "architect" || Array.isArray(org.architectFlows)),
    )
  ) {
    throw new Error(`${source} is not an emulator data file (format version ${STATE_FORMAT_VERSION}); move it away or pass another --data file.`);
  }
}
