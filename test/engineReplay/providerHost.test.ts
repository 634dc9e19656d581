// Protects the raw host wrapper: the real dynamic-provider host starts from the project directory,
// receives Configure before anything else, runs the serialized provider, and reports its errors as the
// engine sees them (gRPC code 2 with the provider's message).
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { HostRpcError, ProviderHost, resolveHostScript } from "../../engineReplay/providerHost";
import { REPOSITORY_ROOT } from "../../engineReplay/repositoryRoot";
import { serializeDynamicProvider } from "../../engineReplay/serializeDynamicProvider";
import { PROVIDER_KEY } from "../../provider/identifiers";
import { makeFileBackedProvider, readFixtureDb } from "./fixtures/fileBackedProvider";

const URN = "urn:pulumi:test::harness::pulumi-nodejs:dynamic:Resource::one";

describe("ProviderHost", () => {
  let dir: string;
  let providerText: string;

  beforeAll(async () => {
    providerText = await serializeDynamicProvider(makeFileBackedProvider("v1"));
  });
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "harness-host-"));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("runs the host the CLI's shim would run, from the project directory", () => {
    expect(resolveHostScript(REPOSITORY_ROOT)).toBe(
      path.join(REPOSITORY_ROOT, "node_modules/@pulumi/pulumi/cmd/dynamic-provider/index.js"),
    );
    // No @pulumi/pulumi under the project: the CLI could not start the host either.
    expect(() => resolveHostScript(dir)).toThrow(/No @pulumi\/pulumi is installed/);
  });

  it("passes Configure values to provider.configure and captures what the provider prints", async () => {
    const host = await ProviderHost.start({ config: { "harness:label": "from-config" } });
    try {
      const dbPath = path.join(dir, "db.json");
      const news = { dbPath, key: "k", value: "a", [PROVIDER_KEY]: providerText };
      const checked = await host.check({ urn: URN, olds: {}, news });
      expect(checked).toEqual({ inputs: { ...news, tag: "default" }, failures: [] });

      const created = await host.create({ urn: URN, properties: checked.inputs });
      expect(created.id).toBe("k-1");
      expect(created.properties).toMatchObject({ configuredLabel: "from-config", [PROVIDER_KEY]: providerText });
      expect(readFixtureDb(dbPath).journal).toEqual(["create k-1 by v1"]);
    } finally {
      await host.close();
    }
    expect(host.log).toContain("fixture created k-1");
  });

  it("reports check failures as data and a thrown error as gRPC code 2 carrying the provider's message", async () => {
    const host = await ProviderHost.start({ config: {} });
    try {
      const base = { dbPath: path.join(dir, "db.json"), key: "k", [PROVIDER_KEY]: providerText };
      const invalid = await host.check({ urn: URN, olds: {}, news: { ...base, value: "invalid" } });
      expect(invalid.failures).toEqual([{ property: "value", reason: "value must not be 'invalid'" }]);

      const failure = await host.create({ urn: URN, properties: { ...base, value: "explode" } }).catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(HostRpcError);
      expect(failure).toMatchObject({ method: "create", code: 2, message: "create refused for key k: value explode" });
    } finally {
      await host.close();
    }
  });

  it("forwards diff's changes, replaces and deleteBeforeReplace, and reads a vanished record as an empty id", async () => {
    const host = await ProviderHost.start({ config: {} });
    try {
      const dbPath = path.join(dir, "db.json");
      const olds = { dbPath, key: "k", value: "a", tag: "default", [PROVIDER_KEY]: providerText };
      expect(await host.diff({ id: "k-1", urn: URN, olds, news: olds })).toEqual({
        changes: "none",
        replaces: [],
        deleteBeforeReplace: false,
      });
      expect(await host.diff({ id: "k-1", urn: URN, olds, news: { ...olds, key: "k2", deleteBeforeReplace: true } })).toEqual({
        changes: "some",
        replaces: ["key"],
        deleteBeforeReplace: true,
      });
      const read = await host.read({ id: "k-1", urn: URN, properties: olds });
      expect(read.id).toBe("");
    } finally {
      await host.close();
    }
  });
});
