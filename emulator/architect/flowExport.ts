// What an export job gives: at registration, the YAML of each flow asked for, at the version asked for
// (or the reasons the job fails, one per flow that cannot be exported); at download, that YAML as one
// file for one flow, or a zip of one file per flow.

import { strToU8, zipSync } from "fflate";
import { ArchitectFlowReference, JOB_STATUS } from "../../wire/architectJobs";
import { ArchitectFlowRecord, ArchitectFlowVersion, ArchitectOrgRecord } from "../persistence/emulatorState";
import { ExportedFile, ExportOutcome, jobErrorMessage } from "./ArchitectJobs";
import { exportedYaml } from "./architectFlowRecords";
import { ArchyProblem } from "./archyYaml";

/** One flow of an export request, as the handler accepted it. */
export interface ExportRequestItem {
  flow: ArchitectFlowReference;
  fileName?: string;
}

const YAML_CONTENT_TYPE = "application/x-yaml";
const ZIP_CONTENT_TYPE = "application/zip";

/** The files of an export of `items` from `org` as it is now, or one message for each flow that cannot be exported. */
export function exportOutcome(org: ArchitectOrgRecord, items: readonly ExportRequestItem[], at: Date): ExportOutcome {
  const problems: ArchyProblem[] = [];
  const exported: Array<{ record: ArchitectFlowRecord; version: ArchitectFlowVersion; fileName?: string }> = [];
  for (const item of items) {
    const found = exportedVersion(org, item.flow);
    if ("rule" in found) problems.push(found);
    else exported.push({ ...found, fileName: item.fileName });
  }
  if (problems.length > 0) return { status: JOB_STATUS.failure, messages: problems.map((problem) => jobErrorMessage(problem, at)) };
  const fileNames = fileNamesOf(exported);
  return {
    status: JOB_STATUS.success,
    files: exported.map(({ record, version }, index) => ({ fileName: fileNames[index], yaml: exportedYaml(record, version), flowId: record.flow.id, versionId: version.id })),
  };
}

/** The body of an export's download: the YAML itself for one flow, else a zip holding one file per flow. */
export function exportDownload(files: readonly ExportedFile[], madeAt: Date): { contentType: string; content: Uint8Array; fileName: string } {
  if (files.length === 1) return { contentType: YAML_CONTENT_TYPE, content: strToU8(files[0].yaml), fileName: files[0].fileName };
  const entries = Object.fromEntries(files.map((file) => [file.fileName, [strToU8(file.yaml), { mtime: madeAt }] as [Uint8Array, { mtime: Date }]]));
  return { contentType: ZIP_CONTENT_TYPE, content: zipSync(entries), fileName: "flows.zip" };
}

/** The flow and version an export asks for, or what keeps it from being exported. */
function exportedVersion(org: ArchitectOrgRecord, reference: ArchitectFlowReference): { record: ArchitectFlowRecord; version: ArchitectFlowVersion } | ArchyProblem {
  const record =
    reference.id !== undefined
      ? org.architectFlows.find((candidate) => candidate.flow.id === reference.id)
      : org.architectFlows.find(
          (candidate) => !candidate.deleted && candidate.flow.type === reference.type!.toLowerCase() && candidate.flow.name.toLowerCase() === reference.name!.toLowerCase(),
        );
  if (!record) {
    const message = reference.id !== undefined ? `Flow '${reference.id}' is not a flow of this org.` : `This org has no ${reference.type} flow named '${reference.name}'.`;
    return { rule: "flow-not-found", message };
  }
  const flow = `Flow '${record.flow.id}' (${record.flow.name})`;
  if (record.deleted) return { rule: "flow-deleted", message: `${flow} has been deleted.` };
  if (record.versions.length === 0) return { rule: "no-configuration", message: `${flow} has no configuration to export: it was created without one and nothing was imported into it since.` };
  const version = reference.version === undefined ? record.versions.at(-1) : record.versions.find((candidate) => candidate.id === reference.version);
  if (!version) {
    return { rule: "version-not-found", message: `${flow} has no version '${reference.version}'; its versions are ${record.versions.map((candidate) => candidate.id).join(", ")}.` };
  }
  return { record, version };
}

/**
 * Each file's name in the download: the one the request gave (the handler refuses two alike), else
 * `<flow name>_v<version>.yaml`, with `_2`, `_3`, ... before `.yaml` when that name is taken already.
 */
function fileNamesOf(exported: ReadonlyArray<{ record: ArchitectFlowRecord; version: ArchitectFlowVersion; fileName?: string }>): string[] {
  const taken = new Set(exported.flatMap(({ fileName }) => (fileName === undefined ? [] : [fileName.toLowerCase()])));
  return exported.map(({ record, version, fileName }) => {
    if (fileName !== undefined) return fileName;
    const stem = `${record.flow.name.replace(/[/\\]/g, "_")}_v${version.id}`;
    let candidate = `${stem}.yaml`;
    for (let copy = 2; taken.has(candidate.toLowerCase()); copy++) candidate = `${stem}_${copy}.yaml`;
    taken.add(candidate.toLowerCase());
    return candidate;
  });
}
