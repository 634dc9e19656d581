// What an import job does with the file it received, once its time is up: reads it, checks it against
// every rule, and only then stores it as the next published version of the flow it names (a new flow if
// the org has none of that type and name). A file that breaks any rule fails the job and stores nothing.

import { JOB_STATUS } from "../../wire/architectJobs";
import { findOrg, flowSelfUri } from "../handlers/flowRecords";
import { ArchitectFlowRecord, ArchitectOrgRecord } from "../persistence/emulatorState";
import { IEmulatorStore } from "../persistence/IEmulatorStore";
import { RandomSource } from "../random";
import { ImportJob, ImportOutcome, jobErrorMessage, ReceivedFile } from "./ArchitectJobs";
import { addVersion, architectOrgFacts, findArchitectFlow, newArchitectEntity } from "./architectFlowRecords";
import { orgProblems, readFlowFile } from "./archyRules";
import { ArchyProblem, canonicalYaml } from "./archyYaml";

export function importFlowFile(options: { store: IEmulatorStore; ids: RandomSource; job: ImportJob; file: ReceivedFile; at: Date }): ImportOutcome {
  const { store, job, file, at } = options;
  const failure = (problems: ArchyProblem[], known: Pick<ImportOutcome, "command" | "flow"> = {}): ImportOutcome => ({
    status: JOB_STATUS.failure,
    ...known,
    messages: problems.map((problem) => jobErrorMessage(problem, at)),
  });
  if (file.kind === "tooLarge") {
    return failure([{ rule: "file-too-large", message: `The file is too large: ${file.receivedBytes} bytes, over the limit of ${file.limitBytes} bytes.` }]);
  }
  const org = architectOrg(store, job.orgId);
  const reading = readFlowFile(file.bytes, { maxTextChars: file.limitBytes });
  // Whenever the file names a flow, the job says which one and whether it would have been made or changed.
  const target = reading.ok ? reading.document : reading.target;
  const existing = target && findArchitectFlow(org, { type: target.flowType, name: target.name });
  const command = existing ? "Update" : "Create";
  const known = target ? { command, ...(existing && { flow: flowReference(existing) }) } : {};
  if (!reading.ok) return failure(reading.problems, known);
  const { document } = reading;
  const problems = orgProblems(document, architectOrgFacts(org), { clientId: job.clientId });
  if (problems.length > 0) return failure(problems, known);

  // Everything is checked; from here on nothing can fail before the store has the whole change.
  const content = { ...document, yaml: canonicalYaml(reading.value) };
  const flowId = existing?.flow.id ?? options.ids.uuid();
  const stored = store.update((state) => {
    const storedOrg = architectOrg({ read: () => state }, job.orgId);
    let record = storedOrg.architectFlows.find((candidate) => candidate.flow.id === flowId);
    if (!record) {
      record = { flow: newArchitectEntity({ id: flowId, name: document.name, type: document.flowType, division: storedOrg.division }), deleted: false, versions: [] };
      storedOrg.architectFlows.push(record);
    }
    addVersion(record, content, { clientId: job.clientId, now: at });
    return flowReference(record);
  });
  return { status: JOB_STATUS.success, command, flow: stored, messages: [] };
}

function flowReference(record: ArchitectFlowRecord): { id: string; name: string; selfUri: string } {
  return { id: record.flow.id, name: record.flow.name, selfUri: flowSelfUri(record.flow.id) };
}

/** The job's org; jobs are registered only by Architect orgs, and orgs are never removed. */
function architectOrg(store: Pick<IEmulatorStore, "read">, orgId: string): ArchitectOrgRecord {
  const org = findOrg(store.read(), orgId);
  if (org?.flowFormat !== "architect") throw new Error(`import job of org '${orgId}', which is not an Architect org`);
  return org;
}
