// Protects the emulator against hostile files uploaded to an import job: huge, malformed, not UTF-8,
// nested far too deep, alias bombs and billion laughs, a root that is a list or a scalar, a 100,000-item
// list. Each fails its job with a clear message and stores nothing, quickly, and the next request (an
// honest import included) works as if nothing had happened. Real HTTP on purpose.

import { RunningEmulator } from "../../emulator";
import { SdkConnection } from "../../emulator/sdkClient";
import { devFlowId, devOrgSnapshot, startArchitectEmulator } from "./architectTestEmulator";

const MAX_UPLOAD_BYTES = 2 * 1024 * 1024;

let emulator: RunningEmulator;
let dev: SdkConnection;

beforeAll(async () => {
  ({ emulator, dev } = await startArchitectEmulator());
});

afterAll(() => emulator.close());

const orgSnapshot = () => devOrgSnapshot(emulator);

function billionLaughs(): string {
  const lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]'];
  for (let level = 1; level <= 9; level++) lines.push(`a${level}: &a${level} [${Array(10).fill(`*a${level - 1}`).join(", ")}]`);
  return lines.join("\n");
}

const hostileFiles: Array<{ name: string; file: () => string | Uint8Array; status?: number; message: RegExp }> = [
  { name: "a file over the size limit", file: () => `inboundCall:\n  name: "${"x".repeat(MAX_UPLOAD_BYTES)}"\n`, status: 413, message: /The file is too large: \d+ bytes, over the limit of 2097152 bytes/ },
  { name: "malformed YAML", file: () => "inboundCall:\n  name: [Sales\n  tasks: {\n", message: /not valid YAML: .*line \d+, column \d+/ },
  { name: "bytes that are not UTF-8", file: () => Uint8Array.from([0x69, 0x6e, 0x62, 0x3a, 0x20, 0xff, 0xfe, 0x0a]), message: /not UTF-8 text/ },
  { name: "nesting two million levels deep", file: () => `inboundCall: ${"[".repeat(1_000_000)}${"]".repeat(1_000_000)}`, message: /more than 64 levels deep/ },
  { name: "nesting 65 levels deep", file: () => `inboundCall:\n  name: Deep\n  x: ${"{a: ".repeat(64)}1${"}".repeat(64)}\n`, message: /more than 64 levels deep/ },
  { name: "an alias bomb", file: () => `a: &a [x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c]\n`, message: /alias bomb/ },
  { name: "a billion laughs", file: billionLaughs, message: /alias bomb/ },
  { name: "a root that is a list", file: () => "- inboundCall:\n    name: Sales Inbound\n", message: /root must be a mapping with one key, the flow type .*; it is a list/ },
  { name: "a root that is a scalar", file: () => "just some text", message: /root must be a mapping .*; it is the string "just some text"/ },
  { name: "an empty file", file: () => "", message: /root must be a mapping .*; it is empty/ },
  { name: "a 100,000-item list", file: () => `inboundCall:\n  name: Long\n  tasks:\n${"    - task: {}\n".repeat(100_000)}`, message: /A list in the file has more than 10000 entries/ },
  { name: "100,000 keys", file: () => `inboundCall:\n${Array.from({ length: 100_000 }, (_, index) => `  key${index}: v`).join("\n")}\n`, message: /A mapping in the file has more than 10000 entries/ },
];

it.each(hostileFiles)("fails the job for $name with a clear message, stores nothing, and answers the next request normally", async ({ file, status, message }) => {
  const before = orgSnapshot();
  const job = await dev.architect.postFlowsJobs();
  const startedAt = Date.now();
  const upload = await fetch(job.presignedUrl, { method: "PUT", headers: job.headers, body: file() });
  expect(upload.status).toBe(status ?? 200);
  const state = await dev.architect.getFlowsJob(job.id, { expand: ["messages"] });
  expect(Date.now() - startedAt).toBeLessThan(3000);
  expect(state.status).toBe("Failure");
  // One message per problem: malformed YAML may have several syntax errors, each with its place.
  expect(state.messages[0]).toMatchObject({ type: "Error", text: expect.stringMatching(message) });
  expect(state.messages.every((entry: { type: string }) => entry.type === "Error")).toBe(true);
  expect(orgSnapshot()).toEqual(before);
  expect((await dev.architect.getFlows({ pageSize: 1 })).total).toBe(4);
});

it("imports an honest file after every hostile one", async () => {
  const salesId = devFlowId(emulator, "Sales Inbound");
  const job = await dev.architect.postFlowsJobs();
  await fetch(job.presignedUrl, { method: "PUT", headers: job.headers, body: emulator.flowYaml("dev", salesId)!.replace("Play welcome prompt", "Greet") });
  expect(await dev.architect.getFlowsJob(job.id)).toMatchObject({ status: "Success", command: "Update", flow: { id: salesId } });
  expect(emulator.flowVersionIds("dev", salesId)).toEqual(["1.0", "2.0"]);
});
