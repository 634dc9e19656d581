// Protects where connection settings come from (config before env), the defaults, and errors that never show the secret.

import { CONNECTION_ENVIRONMENT_VARIABLES, resolveConnectionSettings } from "../../../provider/genesys/connectionSettings";
import { ConfigurationError } from "../../../provider/genesys/errors";

const configOf = (values: Record<string, string>) => ({ get: (key: string) => values[key] });

describe("resolveConnectionSettings", () => {
  it("prefers stack config over environment variables", () => {
    const settings = resolveConnectionSettings({
      config: configOf({ "genesys:clientId": "cfg-id", "genesys:clientSecret": "cfg-secret", "genesys:environment": "mypurecloud.ie", "genesys:apiUrl": "http://127.0.0.1:9000" }),
      env: { GENESYS_CLIENT_ID: "env-id", GENESYS_CLIENT_SECRET: "env-secret", GENESYS_ENV: "usw2.pure.cloud", GENESYS_API_URL: "http://127.0.0.1:1" },
    });
    expect(settings).toEqual({ clientId: "cfg-id", clientSecret: "cfg-secret", environment: "mypurecloud.ie", apiUrl: "http://127.0.0.1:9000" });
  });

  it("accepts config keys without the genesys: prefix", () => {
    const settings = resolveConnectionSettings({ config: configOf({ clientId: "id", clientSecret: "secret" }), env: {} });
    expect(settings).toMatchObject({ clientId: "id", clientSecret: "secret" });
  });

  it("falls back to environment variables and the default region", () => {
    const settings = resolveConnectionSettings({ config: configOf({}), env: { GENESYS_CLIENT_ID: "env-id", GENESYS_CLIENT_SECRET: "env-secret" } });
    expect(settings).toEqual({ clientId: "env-id", clientSecret: "env-secret", environment: "mypurecloud.com" });
  });

  it("turns flow listing off or on, and names the setting when the value is neither", () => {
    const credentials = { GENESYS_CLIENT_ID: "id", GENESYS_CLIENT_SECRET: "x-secret" };
    expect(resolveConnectionSettings({ config: configOf({ "genesys:flowListing": "off" }), env: credentials }).flowListing).toBe(false);
    expect(resolveConnectionSettings({ env: { ...credentials, GENESYS_FLOW_LISTING: "On" } }).flowListing).toBe(true);
    expect(resolveConnectionSettings({ env: credentials }).flowListing).toBeUndefined();
    expect(() => resolveConnectionSettings({ env: { ...credentials, GENESYS_FLOW_LISTING: "sometimes" } })).toThrow("genesys:flowListing / GENESYS_FLOW_LISTING must be on or off, got 'sometimes'.");
  });

  it("forces a flow format, or leaves it to the org, and names the setting and its values when the value is neither", () => {
    const credentials = { GENESYS_CLIENT_ID: "id", GENESYS_CLIENT_SECRET: "x-secret" };
    expect(resolveConnectionSettings({ config: configOf({ "genesys:flowFormat": "architect" }), env: credentials }).flowFormat).toBe("architect");
    expect(resolveConnectionSettings({ env: { ...credentials, GENESYS_FLOW_FORMAT: "Graph" } }).flowFormat).toBe("graph");
    expect(resolveConnectionSettings({ env: credentials }).flowFormat).toBeUndefined();
    expect(() => resolveConnectionSettings({ env: { ...credentials, GENESYS_FLOW_FORMAT: "archy" } })).toThrow(
      "genesys:flowFormat / GENESYS_FLOW_FORMAT must be graph or architect, got 'archy'; leave it unset to let the provider tell from the org.",
    );
  });

  it("takes the longest wait for an Architect job in seconds, above 0", () => {
    const credentials = { GENESYS_CLIENT_ID: "id", GENESYS_CLIENT_SECRET: "x-secret" };
    expect(resolveConnectionSettings({ env: { ...credentials, GENESYS_JOB_TIMEOUT_SECONDS: "900" } }).jobTimeoutSeconds).toBe(900);
    expect(() => resolveConnectionSettings({ config: configOf({ "genesys:jobTimeoutSeconds": "0" }), env: credentials })).toThrow(
      "genesys:jobTimeoutSeconds / GENESYS_JOB_TIMEOUT_SECONDS must be a number of seconds above 0, such as 600, got '0'.",
    );
  });

  it("treats blank values as missing", () => {
    expect(() => resolveConnectionSettings({ env: { GENESYS_CLIENT_ID: "  ", GENESYS_CLIENT_SECRET: "x-secret" } })).toThrow("GENESYS_CLIENT_ID");
  });

  it("names the config key, the env var and the command for each missing value", () => {
    let thrown: unknown;
    try {
      resolveConnectionSettings({ env: {} });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigurationError);
    const message = (thrown as Error).message;
    for (const text of ["genesys:clientId", "GENESYS_CLIENT_ID", "genesys:clientSecret", "GENESYS_CLIENT_SECRET", "pulumi config set --secret genesys:clientSecret"]) {
      expect(message).toContain(text);
    }
  });

  it("asks for missing credentials in the named source of the variables, without stack config advice", () => {
    expect(() => resolveConnectionSettings({ env: { GENESYS_CLIENT_ID: "id" }, envSource: "env file prod.env" })).toThrow(
      new ConfigurationError("Genesys Cloud credentials are missing from env file prod.env: set GENESYS_CLIENT_SECRET."),
    );
  });

  it("lists the variables that hold connection settings", () => {
    expect(CONNECTION_ENVIRONMENT_VARIABLES).toEqual([
      "GENESYS_CLIENT_ID",
      "GENESYS_CLIENT_SECRET",
      "GENESYS_ENV",
      "GENESYS_API_URL",
      "GENESYS_FLOW_LISTING",
      "GENESYS_FLOW_FORMAT",
      "GENESYS_JOB_TIMEOUT_SECONDS",
    ]);
  });

  it("never puts the secret into an error", () => {
    const secret = "very-secret-value-123";
    for (const env of [
      { GENESYS_CLIENT_SECRET: secret },
      { GENESYS_CLIENT_SECRET: secret, GENESYS_CLIENT_ID: "id", GENESYS_API_URL: "ftp://host" },
      { GENESYS_CLIENT_SECRET: secret, GENESYS_CLIENT_ID: "id", GENESYS_ENV: "not a domain!" },
    ]) {
      expect(() => resolveConnectionSettings({ env })).toThrow(ConfigurationError);
      try {
        resolveConnectionSettings({ env });
      } catch (error) {
        expect((error as Error).message).not.toContain(secret);
      }
    }
  });

  it.each([
    { apiUrl: "not a url", message: "must be a base URL" },
    { apiUrl: "ftp://127.0.0.1:21", message: "http or https" },
    { apiUrl: "http://user:pw@127.0.0.1:8080", message: "without user info" },
    { apiUrl: "http://127.0.0.1:8080/?x=1", message: "without user info, query" },
  ])("rejects apiUrl $apiUrl", ({ apiUrl, message }) => {
    expect(() => resolveConnectionSettings({ env: { GENESYS_CLIENT_ID: "id", GENESYS_CLIENT_SECRET: "secret", GENESYS_API_URL: apiUrl } })).toThrow(message);
  });
});
