// The client secret set the way the README tells users to (`pulumi config set --secret`) and every token the
// org issued never appear in `pulumi stack export`, in the stack file, or in anything any command printed:
// through up, a plain preview, refresh and destroy, and through a login refused for a wrong secret. A
// recording relay between the CLI's provider and the emulator captures exactly what crossed the wire.

import * as fs from "node:fs";
import * as path from "node:path";
import { DEMO_CLIENTS, startEmulator, type RunningEmulator } from "../../emulator";
import type { PulumiResult } from "../../pulumiCli/pulumiCommand";
import type { RootProjectCopy } from "../../pulumiCli/rootProjectCopy";
import { RecordingRelay } from "../security/recordingRelay";
import { CLI_SCENARIO_TIMEOUT_MS, expectSuccess, rootProjectFor } from "./cliProject";

const DEV_CLIENT = DEMO_CLIENTS.find((client) => client.orgId === "dev")!;
const WRONG_SECRET = "wrong-Wombat-Kettle-7d1e4f-secret";
const basic = (secret: string) => Buffer.from(`${DEV_CLIENT.clientId}:${secret}`).toString("base64");

/** Every place a user sees or stores, searched for the secrets as configured, their Basic forms and every credential on the wire. */
function leaksIn(seen: Record<string, string>, relay: RecordingRelay): string[] {
  const forbidden = new Map<string, string>([
    ["client secret", DEV_CLIENT.clientSecret],
    ["client secret, Basic form", basic(DEV_CLIENT.clientSecret)],
    ["wrong secret", WRONG_SECRET],
    ["wrong secret, Basic form", basic(WRONG_SECRET)],
  ]);
  [...relay.credentials].forEach((credential, index) => forbidden.set(`credential seen on the wire #${index + 1}`, credential));
  const leaks: string[] = [];
  for (const [where, text] of Object.entries(seen)) {
    for (const [what, secret] of forbidden) if (text.includes(secret)) leaks.push(`${what} in ${where}`);
  }
  return leaks;
}

describe("secrets under the real Pulumi CLI", () => {
  let emulator: RunningEmulator;
  let relay: RecordingRelay;
  let project: RootProjectCopy;
  const seen: Record<string, string> = {};

  const run = async (label: string, args: string[]): Promise<PulumiResult> => {
    const result = await project.pulumi([...args, "--non-interactive", "-s", "dev"]);
    seen[`${label} output`] = `${result.stdout}\n${result.stderr}`;
    return result;
  };

  beforeAll(async () => {
    // Short-lived tokens, so the commands run on several of them.
    emulator = await startEmulator({ tokenTtlSeconds: 2 });
    relay = await RecordingRelay.start(emulator.url);
    project = await rootProjectFor(relay, ["dev"]);
  });
  afterAll(async () => {
    project?.remove();
    await relay?.close();
    await emulator?.close();
  });

  it("the leak check finds a secret when there is one (so its silence below means something)", () => {
    expect(leaksIn({ probe: `Authorization: Basic ${basic(DEV_CLIENT.clientSecret)}` }, relay)).toEqual(["client secret, Basic form in probe"]);
  });

  it("never shows or stores the secret or a token, through a whole lifecycle and a refused login", async () => {
    expectSuccess(await run("config set --secret", ["config", "set", "--secret", "genesys:clientSecret", DEV_CLIENT.clientSecret]));
    expectSuccess(await run("up", ["up", "--yes"]));
    expectSuccess(await run("preview", ["preview", "--expect-no-changes"]));
    expectSuccess(await run("refresh", ["refresh", "--yes"]));
    seen["stack export"] = (await run("stack export", ["stack", "export"])).stdout;
    seen["stack file"] = fs.readFileSync(path.join(project.directory, "Pulumi.dev.yaml"), "utf8");
    expect(JSON.parse(seen["stack export"]).deployment.resources.length).toBeGreaterThan(3);
    expect(relay.credentials.size).toBeGreaterThan(2);

    expectSuccess(await run("config set wrong --secret", ["config", "set", "--secret", "genesys:clientSecret", WRONG_SECRET]));
    const refused = await run("preview with a wrong secret", ["preview"]);
    expect(refused.status).not.toBe(0);
    expect(`${refused.stdout}${refused.stderr}`).toMatch(/401|log ?in|credentials/i);

    expectSuccess(await run("config set right --secret", ["config", "set", "--secret", "genesys:clientSecret", DEV_CLIENT.clientSecret]));
    expectSuccess(await run("destroy", ["destroy", "--yes"]));
    seen["stack export after destroy"] = (await run("stack export after destroy", ["stack", "export"])).stdout;

    expect(leaksIn(seen, relay)).toEqual([]);
  }, CLI_SCENARIO_TIMEOUT_MS);
});
