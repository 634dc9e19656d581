// The command line's one edge to Genesys Cloud: which org (settings from the environment or an env file),
// and reading its flows through the provider's Genesys module, reporting progress page by page and job by
// job. An Architect org's logic is exported only for the flows dependency tracking says call a module.

import { entityFormat } from "../provider/flowFormats/formats";
import { COMMON_MODULE_FLOW_TYPE, Flow } from "../provider/flowModel";
import { JobProgress } from "../provider/genesys/architectJobs";
import { ConnectionSettings, resolveConnectionSettings } from "../provider/genesys/connectionSettings";
import { ConfigurationError } from "../provider/genesys/errors";
import { GenesysClient } from "../provider/genesys/genesysClient";
import { ListingProgress } from "../provider/genesys/flowsApi";
import { RetryContext } from "../provider/genesys/retryPolicy";
import { readEnvFile } from "./envFile";
import { extractWiring, OrgFlow, OrgWiring } from "./orgWiring";

/** An org to read: its settings and how messages name where they came from. */
export interface OrgSource {
  /** `environment`, or the env file's name as given. */
  label: string;
  settings: ConnectionSettings;
}

export function orgFromEnvironment(env: NodeJS.ProcessEnv): OrgSource {
  try {
    return { label: "environment", settings: resolveConnectionSettings({ env, envSource: "the environment" }) };
  } catch (error) {
    if (error instanceof ConfigurationError) throw new ConfigurationError(`${error.message} Or give the settings in a file: --env-file FILE.`);
    throw error;
  }
}

export function orgFromEnvFile(file: string): OrgSource {
  return { label: file, settings: resolveConnectionSettings({ env: readEnvFile(file), envSource: `env file ${file}` }) };
}

/** The org for people: where it is and which OAuth client reads it (never the secret). */
export function describeOrg(source: OrgSource): string {
  return `${source.label} (${source.settings.apiUrl ?? source.settings.environment}, OAuth client ${source.settings.clientId})`;
}

/** What a long read reports as it goes: each page read, each Architect job's state, and each failure the retry policy will repeat. */
export interface ReadProgress {
  onPage: (progress: ListingProgress) => void;
  onJob: (progress: JobProgress) => void;
  onRetry: (context: RetryContext) => void;
}

/**
 * Every flow of the org, with schemas (export checks variable names against them), as wiring. The tutorial's
 * flows carry their graphs in the listing; on an Architect org, the calling flows and the common modules
 * they call are exported, the callers found by dependency tracking.
 */
export async function readOrgWiring(source: OrgSource, progress: ReadProgress): Promise<OrgWiring> {
  const client = GenesysClient.create(source.settings, { retry: { onRetry: progress.onRetry }, jobs: { onProgress: progress.onJob } });
  const flows = await client.listFlows({ includeSchemas: true, onPage: progress.onPage });
  const format = source.settings.flowFormat ?? (flows.length > 0 ? entityFormat(flows[0]) : "graph");
  return extractWiring(format === "graph" ? flows : await withCallersLogic(client, flows));
}

/** The flows with the logic of every common module and every flow that calls one, read in export jobs. */
async function withCallersLogic(client: GenesysClient, flows: readonly Flow[]): Promise<OrgFlow[]> {
  const modules = flows.filter((flow) => flow.type === COMMON_MODULE_FLOW_TYPE);
  const callers = new Set((await Promise.all(modules.map((module) => client.consumersOf(module.id)))).flat().map((consumer) => consumer.id));
  const wanted = flows.filter((flow) => flow.type === COMMON_MODULE_FLOW_TYPE || callers.has(flow.id));
  const documents = await client.readFlowDocuments(wanted);
  return flows.map((flow) => ({ ...flow, ...(documents.has(flow.id) ? { document: documents.get(flow.id) } : {}) }));
}
