// The emulator's whole state as one JSON-serializable value: what the stores hold and what the data
// file contains. Secrets and tokens are kept only as SHA-256 hashes.

import { Flow } from "../../wire/flowDocument";

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

export interface OrgRecord {
  id: string;
  name: string;
  division: { id: string; name: string };
  clients: ClientRecord[];
  flows: FlowRecord[];
}

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
    !candidate.orgs.every((org) => typeof org?.id === "string" && Array.isArray(org.clients) && Array.isArray(org.flows))
  ) {
    throw new Error(`${source} is not an emulator data file (format version ${STATE_FORMAT_VERSION}); move it away or pass another --data file.`);
  }
}
