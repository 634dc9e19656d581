// The command line's one edge to Genesys Cloud: which org (settings from the environment or an env file),
// and reading all of its flows through the provider's Genesys module, reporting progress page by page.

import { ConnectionSettings, resolveConnectionSettings } from "../provider/genesys/connectionSettings";
import { ConfigurationError } from "../provider/genesys/errors";
import { GenesysClient } from "../provider/genesys/genesysClient";
import { ListingProgress } from "../provider/genesys/flowsApi";
import { RetryContext } from "../provider/genesys/retryPolicy";
import { readEnvFile } from "./envFile";
import { extractWiring, OrgWiring } from "./orgWiring";

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

/** What a long read reports as it goes: each page read, and each failure the retry policy will repeat. */
export interface ReadProgress {
  onPage: (progress: ListingProgress) => void;
  onRetry: (context: RetryContext) => void;
}

/** Every flow of the org, with schemas (export checks variable names against them), as wiring. */
export async function readOrgWiring(source: OrgSource, progress: ReadProgress): Promise<OrgWiring> {
  const client = GenesysClient.create(source.settings, { retry: { onRetry: progress.onRetry } });
  return extractWiring(await client.listFlows({ includeSchemas: true, onPage: progress.onPage }));
}
