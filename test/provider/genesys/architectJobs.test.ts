// Protects the parts of the Architect jobs' proxy that need no org: which file of a download is which
// flow's, and the progress lines a person sees while a slow job runs. The jobs themselves are tested
// against the emulator in architectFlowStore.test.ts.

import { strToU8, zipSync } from "fflate";
import { describeJobProgress, filesByFlow, JobProgress, reportSlowJobs } from "../../../provider/genesys/architectJobs";
import { ArchitectJobError } from "../../../provider/genesys/errors";

const yamlOf = (name: string) => `inboundCall:\n  name: ${name}\n  division: Home\n`;
const flows = [
  { id: "f1", name: "Sales Inbound", version: "2.0" },
  { id: "f2", name: "Support Inbound", version: "5.0" },
];

describe("filesByFlow", () => {
  it("takes one flow's download as its YAML, and several flows' zip by the file names asked for", () => {
    expect(filesByFlow("job-1", [flows[0]], Buffer.from(yamlOf("Sales Inbound")))).toEqual(new Map([["f1", yamlOf("Sales Inbound")]]));
    const zip = Buffer.from(zipSync({ "f2.yaml": strToU8(yamlOf("Support Inbound")), "f1.yaml": strToU8(yamlOf("Sales Inbound")) }));
    expect(filesByFlow("job-1", flows, zip)).toEqual(new Map([["f1", yamlOf("Sales Inbound")], ["f2", yamlOf("Support Inbound")]]));
  });

  it("matches files the service named otherwise by the flow name inside them, and names what is missing", () => {
    const renamed = Buffer.from(zipSync({ "export/Support Inbound_v5.0.yaml": strToU8(yamlOf("Support Inbound")), "export/Sales Inbound_v2.0.yaml": strToU8(yamlOf("Sales Inbound")) }));
    expect(filesByFlow("job-1", flows, renamed).get("f2")).toBe(yamlOf("Support Inbound"));
    const short = Buffer.from(zipSync({ "a.yaml": strToU8(yamlOf("Sales Inbound")) }));
    expect(() => filesByFlow("job-7", flows, short)).toThrow(new ArchitectJobError("export job job-7 downloaded 1 file(s) (a.yaml), none of them the flow 'Support Inbound'", "job-7", "unusable"));
    expect(() => filesByFlow("job-8", flows, Buffer.from(yamlOf("Sales Inbound")))).toThrow(/export job job-8 for 2 flows downloaded one file, not a zip of one file per flow/);
  });
});

describe("reportSlowJobs", () => {
  const poll = (elapsedMs: number, status = "Started", done = false): JobProgress => ({ kind: "import", jobId: "job-9", flows: ["Sales Inbound"], status, elapsedMs, done });

  it("says nothing of a job that ends within two seconds", () => {
    const lines: string[] = [];
    const report = reportSlowJobs((line) => lines.push(line));
    [poll(200), poll(600), poll(1400, "Success", true)].forEach(report);
    expect(lines).toEqual([]);
  });

  it("reports a slow job when it passes two seconds, every ten seconds after, and when it ends", () => {
    const lines: string[] = [];
    const report = reportSlowJobs((line) => lines.push(line));
    [poll(1000), poll(2200), poll(4200), poll(12_300), poll(14_300), poll(15_100, "Success", true)].forEach(report);
    expect(lines).toEqual([
      "import job job-9 for flow 'Sales Inbound': Started, 2.2 s",
      "import job job-9 for flow 'Sales Inbound': Started, 12 s",
      "import job job-9 for flow 'Sales Inbound': Success, 15 s",
    ]);
    expect(describeJobProgress({ ...poll(900), kind: "export", flows: ["A", "B", "C", "D"] })).toBe("export job job-9 for 4 flows ('A', 'B', 'C', ...): Started, 0.9 s");
  });
});
