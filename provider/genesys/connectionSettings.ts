// Where the Genesys Cloud credentials and endpoint come from: stack config (`genesys:*`) first, then
// environment variables (`GENESYS_*`). Errors say how to set a missing value and never echo the secret.

import { FLOW_FORMAT_NAMES, FlowFormatName } from "../flowFormats/flowFormat";
import { ConfigurationError } from "./errors";

export interface ConnectionSettings {
  clientId: string;
  clientSecret: string;
  /** Region domain such as `mypurecloud.com` or `mypurecloud.ie`. */
  environment: string;
  /** Base URL (e.g. `http://127.0.0.1:8080`) replacing `https://api.<environment>` and `https://login.<environment>`. */
  apiUrl?: string;
  /** Whether many reads and lookups may be served by listing flows page by page (`off` to compare); default on. */
  flowListing?: boolean;
  /** The flow format the org speaks; default: told by the first flow read (a flow entity with a graph is the tutorial's model). */
  flowFormat?: FlowFormatName;
  /** The longest an Architect export or import job may take before the command gives up on it. Default 300. */
  jobTimeoutSeconds?: number;
}

/** What the dynamic provider's `configure` hands over; keys may come with or without the `genesys:` prefix. */
export interface ConfigSource {
  get(key: string): string | undefined;
}

export interface ResolveConnectionSettingsInput {
  config?: ConfigSource;
  env?: NodeJS.ProcessEnv;
  /**
   * Where `env` comes from when there is no stack config, e.g. "env file dev.env": a missing credential is
   * then asked for there, by its variable name, without advice about stack config.
   */
  envSource?: string;
}

export const DEFAULT_ENVIRONMENT = "mypurecloud.com";

interface SettingSource {
  configKey: string;
  envVar: string;
  secret: boolean;
}

const SOURCES = {
  clientId: { configKey: "genesys:clientId", envVar: "GENESYS_CLIENT_ID", secret: false },
  clientSecret: { configKey: "genesys:clientSecret", envVar: "GENESYS_CLIENT_SECRET", secret: true },
  environment: { configKey: "genesys:environment", envVar: "GENESYS_ENV", secret: false },
  apiUrl: { configKey: "genesys:apiUrl", envVar: "GENESYS_API_URL", secret: false },
  flowListing: { configKey: "genesys:flowListing", envVar: "GENESYS_FLOW_LISTING", secret: false },
  flowFormat: { configKey: "genesys:flowFormat", envVar: "GENESYS_FLOW_FORMAT", secret: false },
  jobTimeoutSeconds: { configKey: "genesys:jobTimeoutSeconds", envVar: "GENESYS_JOB_TIMEOUT_SECONDS", secret: false },
} satisfies Record<keyof ConnectionSettings, SettingSource>;

/** Every environment variable a connection reads its settings from. */
export const CONNECTION_ENVIRONMENT_VARIABLES: readonly string[] = Object.values(SOURCES).map((source) => source.envVar);

/** Resolves the settings for one connection, or throws a `ConfigurationError` naming every missing value. */
export function resolveConnectionSettings(input: ResolveConnectionSettingsInput = {}): ConnectionSettings {
  const env = input.env ?? process.env;
  const read = (source: SettingSource): string | undefined => {
    const shortKey = source.configKey.slice("genesys:".length);
    const fromConfig = input.config?.get(source.configKey) ?? input.config?.get(shortKey);
    const value = nonEmpty(fromConfig) ?? nonEmpty(env[source.envVar]);
    return value?.trim();
  };

  const clientId = read(SOURCES.clientId);
  const clientSecret = read(SOURCES.clientSecret);
  const missing = [
    clientId === undefined ? SOURCES.clientId : undefined,
    clientSecret === undefined ? SOURCES.clientSecret : undefined,
  ].filter((source): source is SettingSource => source !== undefined);
  if (missing.length > 0) {
    if (input.envSource !== undefined) {
      throw new ConfigurationError(`Genesys Cloud credentials are missing from ${input.envSource}: set ${missing.map((source) => source.envVar).join(" and ")}.`);
    }
    throw new ConfigurationError(
      "Genesys Cloud credentials are missing: " +
        missing.map((source) => `${source.configKey} (stack config) or ${source.envVar} (environment variable)`).join(", ") +
        ". Set them with " +
        missing.map((source) => `\`pulumi config set ${source.secret ? "--secret " : ""}${source.configKey} <value>\``).join(" and ") +
        `, or export ${missing.map((source) => source.envVar).join(" and ")}.`,
    );
  }

  const environment = read(SOURCES.environment) ?? DEFAULT_ENVIRONMENT;
  if (!/^[a-z0-9.-]+$/i.test(environment.replace(/^https?:\/\//, "").replace(/\/+$/, ""))) {
    throw new ConfigurationError(
      `${SOURCES.environment.configKey} / ${SOURCES.environment.envVar} must be a region domain such as '${DEFAULT_ENVIRONMENT}', got '${environment}'.`,
    );
  }
  const apiUrl = read(SOURCES.apiUrl);
  if (apiUrl !== undefined) {
    checkApiUrl(apiUrl);
  }
  const flowListing = onOrOff(read(SOURCES.flowListing), SOURCES.flowListing);
  const flowFormat = oneOf(read(SOURCES.flowFormat), FLOW_FORMAT_NAMES, SOURCES.flowFormat);
  const jobTimeoutSeconds = positiveNumber(read(SOURCES.jobTimeoutSeconds), SOURCES.jobTimeoutSeconds);
  return {
    clientId: clientId as string,
    clientSecret: clientSecret as string,
    environment,
    ...(apiUrl !== undefined ? { apiUrl } : {}),
    ...(flowListing !== undefined ? { flowListing } : {}),
    ...(flowFormat !== undefined ? { flowFormat } : {}),
    ...(jobTimeoutSeconds !== undefined ? { jobTimeoutSeconds } : {}),
  };
}

function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], source: SettingSource): T | undefined {
  if (value === undefined) return undefined;
  const match = allowed.find((candidate) => candidate === value.toLowerCase());
  if (match === undefined) {
    throw new ConfigurationError(`${source.configKey} / ${source.envVar} must be ${allowed.join(" or ")}, got '${value}'; leave it unset to let the provider tell from the org.`);
  }
  return match;
}

function positiveNumber(value: string | undefined, source: SettingSource): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0) {
    throw new ConfigurationError(`${source.configKey} / ${source.envVar} must be a number of seconds above 0, such as 600, got '${value}'.`);
  }
  return number;
}

function onOrOff(value: string | undefined, source: SettingSource): boolean | undefined {
  if (value === undefined) return undefined;
  const switchedOn = ON_OFF[value.toLowerCase()];
  if (switchedOn === undefined) {
    throw new ConfigurationError(`${source.configKey} / ${source.envVar} must be on or off, got '${value}'.`);
  }
  return switchedOn;
}

const ON_OFF: Record<string, boolean> = { on: true, true: true, off: false, false: false };

function nonEmpty(value: string | undefined): string | undefined {
  return value !== undefined && value.trim() !== "" ? value : undefined;
}

function checkApiUrl(apiUrl: string): void {
  const hint = `${SOURCES.apiUrl.configKey} / ${SOURCES.apiUrl.envVar} must be a base URL such as 'http://127.0.0.1:8080'`;
  let url: URL;
  try {
    url = new URL(apiUrl);
  } catch {
    throw new ConfigurationError(`${hint}, got '${apiUrl}'.`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new ConfigurationError(`${hint} (http or https), got protocol '${url.protocol}'.`);
  }
  // Credentials in the URL would end up in logs and state; the query and fragment would be dropped silently.
  if (url.username || url.password || url.search || url.hash) {
    throw new ConfigurationError(`${hint}, without user info, query or fragment.`);
  }
}
