// Handlers of Architect export jobs (Architect orgs): register one (`POST /api/v2/flows/export/jobs`,
// which snapshots each flow's YAML at once; 429 when the org registers too many in a minute) and read its
// state (`GET /api/v2/flows/export/jobs/{jobId}`), with the download URL once it succeeded.

import { z } from "zod";
import { JOB_STATUS, RegisterArchitectExportJobResponse, YAML_EXPORT_TYPE } from "../../wire/architectJobs";
import { exportOutcome, ExportRequestItem } from "../architect/flowExport";
import { GenesysErrorFactory } from "../errors/GenesysErrorFactory";
import { describeIssues } from "../flowDocumentSchema";
import { callerClientId, HandlerContext, HandlerResult, jsonObjectBody, queryList } from "../http/requestContext";
import { requireArchitectOrg } from "./flowFormats";

const EXPORT_JOBS_PATH = "/api/v2/flows/export/jobs";

const exportRequestSchema = z.looseObject({
  flows: z
    .array(
      z.looseObject({
        flow: z
          .looseObject({
            id: z.string().min(1, "flow.id must be a non-empty string").optional(),
            name: z.string().min(1, "flow.name must be a non-empty string").optional(),
            type: z.string().min(1, "flow.type must be a non-empty string").optional(),
            version: z.string().min(1, "flow.version must be a version id such as 2.0").optional(),
          })
          .refine((flow) => flow.id !== undefined || (flow.name !== undefined && flow.type !== undefined), "flow needs its id, or its name and type"),
        fileName: z
          .string()
          .regex(/^[^/\\]+$/, "fileName must be a file name, without / or \\")
          .refine((name) => name !== "." && name !== "..", "fileName must be a file name, not . or ..")
          .optional(),
        exportType: z.literal(YAML_EXPORT_TYPE, { error: `exportType must be ${YAML_EXPORT_TYPE}, the only export type the emulator serves (Archy YAML)` }).optional(),
      }),
      { error: "flows must be a list of the flows to export" },
    )
    .min(1, "flows must list at least one flow to export"),
});

export function registerExportJob(context: HandlerContext): HandlerResult {
  const org = requireArchitectOrg(context);
  const nowMs = Date.now();
  // Over the limit, the request is refused before it is even read, as a throttled service does.
  const limit = context.faults.exportJobsPerMinute;
  const retryAfterSeconds = context.architectJobs.exportRetryAfterSeconds(org.id, limit, nowMs);
  if (retryAfterSeconds !== undefined) throw GenesysErrorFactory.tooManyExportJobs(limit, retryAfterSeconds);
  const items = exportRequest(context);
  const job = context.architectJobs.registerExport({
    orgId: org.id,
    clientId: callerClientId(context),
    totalFlows: items.length,
    outcome: exportOutcome(org, items, new Date(nowMs)),
    latencyMs: context.faults.jobLatencyMs,
    nowMs,
  });
  const body: RegisterArchitectExportJobResponse = { id: job.id, status: JOB_STATUS.registered, totalFlows: job.totalFlows, selfUri: `${EXPORT_JOBS_PATH}/${job.id}` };
  return { status: 200, body };
}

export function getExportJob(context: HandlerContext): HandlerResult {
  const org = requireArchitectOrg(context);
  const [jobId] = context.pathParams;
  const job = context.architectJobs.findExport(org.id, jobId);
  if (!job) throw GenesysErrorFactory.jobNotFound("export", jobId);
  const status = context.architectJobs.exportStatus(job, Date.now());
  const final = status === job.outcome.status;
  return {
    status: 200,
    body: {
      id: job.id,
      status,
      command: "Export",
      ...(final && job.downloadToken !== undefined && { downloadUrl: `${context.emulatorUrl}/downloads/${job.downloadToken}` }),
      ...(queryList(context.query, "expand").includes("messages") && { messages: final && job.outcome.status === JOB_STATUS.failure ? job.outcome.messages : [] }),
      selfUri: `${EXPORT_JOBS_PATH}/${job.id}`,
    },
  };
}

/** The flows to export; 400 naming the field for a malformed body, or two flows given one file name. */
function exportRequest(context: HandlerContext): ExportRequestItem[] {
  const result = exportRequestSchema.safeParse(jsonObjectBody(context));
  if (!result.success) throw GenesysErrorFactory.badRequest(`The export request is malformed: ${describeIssues(result.error)}.`);
  const firstWithName = new Map<string, number>();
  result.data.flows.forEach(({ fileName }, index) => {
    if (fileName === undefined) return;
    const earlier = firstWithName.get(fileName.toLowerCase());
    if (earlier !== undefined) throw GenesysErrorFactory.badRequest(`flows.${index}.fileName '${fileName}' is also the fileName of flows.${earlier}; each file of an export needs its own name.`);
    firstWithName.set(fileName.toLowerCase(), index);
  });
  return result.data.flows.map(({ flow, fileName }) => ({ flow: { id: flow.id, name: flow.name, type: flow.type, version: flow.version }, fileName }));
}
