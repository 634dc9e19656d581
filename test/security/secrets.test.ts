// Protects the credentials (issue 5, "Secrets"): the client secret, its Basic form and every token the
// provider was issued never appear in outputs, in the state the stack keeps, in anything the host printed,
// or in any error, through a whole lifecycle with drift and through failed logins and network faults.
// A recording relay between the host and the emulator captures exactly what crossed the wire.

import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { startEmulator, type RunningEmulator } from "../../emulator";
import type { CommandResult } from "../../engineReplay/stack";
import { OutsideWriter } from "../../emulator/outsideWriter";
import { spliceOut } from "../../provider/flowFormats/graph/graphEdits";
import { attachment, failedSteps, ORG_ID, OUTSIDE_CLIENT, parentFlowName, PROVIDER_CLIENT, SHARED_FLOW_NAME, stackFor, stressSeed } from "../stress/stressSupport";
import { RecordingRelay } from "./recordingRelay";

const WRONG_SECRET = "wrong-Quokka-Zebra-5b3c9a-secret";

let emulator: RunningEmulator;
let relay: RecordingRelay;

beforeAll(async () => {
  // Short-lived tokens, so a command runs on several of them.
  emulator = await startEmulator({ seed: stressSeed({ parentFlowNames: [parentFlowName(1), parentFlowName(2)] }), randomSeed: 3, tokenTtlSeconds: 2 });
  relay = await RecordingRelay.start(emulator.url);
});
afterAll(async () => {
  await relay.close();
  await emulator.close();
});

const basic = (clientId: string, secret: string) => Buffer.from(`${clientId}:${secret}`).toString("base64");

/** What must never be seen: the secrets as configured, their Basic forms, and everything the relay recorded. */
function forbiddenStrings(): Map<string, string> {
  const forbidden = new Map<string, string>([
    ["client secret", PROVIDER_CLIENT.clientSecret],
    ["client secret, Basic form", basic(PROVIDER_CLIENT.clientId, PROVIDER_CLIENT.clientSecret)],
    ["wrong secret", WRONG_SECRET],
    ["wrong secret, Basic form", basic(PROVIDER_CLIENT.clientId, WRONG_SECRET)],
  ]);
  [...relay.credentials].forEach((credential, index) => forbidden.set(`credential seen on the wire #${index + 1}`, credential));
  return forbidden;
}

/** Every place a user could see: each command's steps, errors and printed log; the state; the outputs in it. */
function expectNoSecrets(seen: Record<string, string>): void {
  const leaks: string[] = [];
  for (const [where, text] of Object.entries(seen)) {
    for (const [what, secret] of forbiddenStrings()) {
      if (text.includes(secret)) leaks.push(`${what} in ${where}`);
    }
  }
  expect(leaks).toEqual([]);
}

it("the leak check finds a secret when there is one (so its silence below means something)", () => {
  expect(() => expectNoSecrets({ probe: `token ${basic(PROVIDER_CLIENT.clientId, PROVIDER_CLIENT.clientSecret)}` })).toThrow();
});

const seenIn = (label: string, result: CommandResult): Record<string, string> => ({
  [`${label}: steps and errors`]: JSON.stringify(result.steps),
  [`${label}: printed log`]: result.log,
});

it("a whole lifecycle with drift keeps every credential out of outputs, state, logs and errors", async () => {
  const stack = stackFor(relay.url);
  const program = await Promise.all([
    attachment("plain", { parentFlowName: parentFlowName(1), sharedFlowName: SHARED_FLOW_NAME, triggerId: "callAuth" }),
    attachment("published", { parentFlowName: parentFlowName(2), sharedFlowName: SHARED_FLOW_NAME, triggerId: "callAuth", publish: true, arguments: { callerPhone: "${Call.Ani}" } }),
  ]);
  const seen: Record<string, string> = {};
  const run = async (label: string, command: () => Promise<CommandResult>) => {
    const result = await command();
    Object.assign(seen, seenIn(label, result), { [`state after ${label}`]: JSON.stringify(stack.state) });
    return result;
  };

  expect(failedSteps(await run("preview", () => stack.preview(program)))).toEqual([]);
  expect(failedSteps(await run("up", () => stack.up(program)))).toEqual([]);
  // Someone removes a call by hand: preview prints the drift, refresh drops it, up puts it back.
  const outsider = await OutsideWriter.connect(emulator, OUTSIDE_CLIENT);
  await outsider.editFlow(emulator.findFlowByName(ORG_ID, parentFlowName(1))!.id, (flow) => Object.assign(flow, spliceOut(flow, "callAuth")));
  const drifted = await run("drift preview", () => stack.preview(program));
  expect(drifted.counts.update).toBe(1);
  expect(drifted.log).toMatch(/callAuth/);
  expect(failedSteps(await run("refresh", () => stack.refresh()))).toEqual([]);
  expect(failedSteps(await run("repair up", () => stack.up(program)))).toEqual([]);
  expect(failedSteps(await run("destroy", () => stack.destroy()))).toEqual([]);

  // Every command logged in afresh (a new host each time), on tokens the relay saw.
  expect([...relay.credentials].filter((credential) => credential.startsWith("Bearer ")).length).toBeGreaterThanOrEqual(5);
  expectNoSecrets(seen);
});

it("a failed login with a wrong secret names the client and the fix, never the secret", async () => {
  const stack = stackFor(relay.url, { clientSecret: WRONG_SECRET });
  const up = await stack.up([await attachment("wrong-secret", { parentFlowName: parentFlowName(1), sharedFlowName: SHARED_FLOW_NAME, triggerId: "callAuth" })]);
  const [failed] = failedSteps(up);
  expect(failed.error).toMatch(/login .*client ID 'provider-client' failed with 401/);
  expect(failed.error).toMatch(/genesys:clientSecret/);
  expect(relay.credentials.has(`Basic ${basic(PROVIDER_CLIENT.clientId, WRONG_SECRET)}`)).toBe(true);
  expectNoSecrets({ ...seenIn("wrong-secret up", up), state: JSON.stringify(stack.state) });
});

it("an unreachable service (connection refused) fails with a network error and no credential", async () => {
  const closed = http.createServer();
  await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
  const deadUrl = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
  await new Promise<void>((resolve) => closed.close(() => resolve()));

  const stack = stackFor(deadUrl);
  const up = await stack.up([await attachment("unreachable", { parentFlowName: parentFlowName(1), sharedFlowName: SHARED_FLOW_NAME, triggerId: "callAuth" })]);
  const [failed] = failedSteps(up);
  expect(failed.error).toMatch(/ECONNREFUSED/);
  expectNoSecrets({ ...seenIn("unreachable up", up), state: JSON.stringify(stack.state) });
});

describe("network faults after a successful login", () => {
  afterEach(() => {
    relay.faults = {};
  });

  it("dropped connections on every API request fail with a network error and no credential", async () => {
    relay.faults = { dropApiRequests: true };
    const stack = stackFor(relay.url);
    const up = await stack.up([await attachment("dropped", { parentFlowName: parentFlowName(1), sharedFlowName: SHARED_FLOW_NAME, triggerId: "callAuth" })]);
    const [failed] = failedSteps(up);
    expect(failed.error).toMatch(/network error|socket hang up|ECONNRESET/);
    expect(relay.credentials.size).toBeGreaterThan(0);
    expectNoSecrets({ ...seenIn("dropped up", up), state: JSON.stringify(stack.state) });
  });

  it("a token the service keeps refusing (401 after a fresh login) fails without the token", async () => {
    relay.faults = { stripApiAuthorization: true };
    const stack = stackFor(relay.url);
    const up = await stack.up([await attachment("refused", { parentFlowName: parentFlowName(1), sharedFlowName: SHARED_FLOW_NAME, triggerId: "callAuth" })]);
    const [failed] = failedSteps(up);
    expect(failed.error).toMatch(/401/);
    expect(failed.error).toMatch(/renewed and still refused/);
    expectNoSecrets({ ...seenIn("refused up", up), state: JSON.stringify(stack.state) });
  });
});
