// Handlers of Architect import jobs (Architect orgs): register one (`POST /api/v2/flows/jobs`, answered
// with the signed URL its file goes to and the headers the upload must carry) and read its state
// (`GET /api/v2/flows/jobs/{jobId}`): Registered until the upload, Started while it is processed, then
// Success or Failure with the flow it created or updated.

import { z } from "zod";
import { ArchitectJobStateResponse, RegisterArchitectJobResponse } from "../../wire/architectJobs";
import { GenesysErrorFactory } from "../errors/GenesysErrorFactory";
import { describeIssues } from "../flowDocumentSchema";
import { callerClientId, HandlerContext, HandlerResult, jsonObjectBody, queryList } from "../http/requestContext";
import { requireArchitectOrg } from "./flowFormats";

const IMPORT_JOBS_PATH = "/api/v2/flows/jobs";

/** `createStubs` asks the service to create flows a file refers to but the org lacks; the emulator never does (see the README). */
const registerImportSchema = z.looseObject({ createStubs: z.boolean({ error: "createStubs must be true or false" }).optional() });

export function registerImportJob(context: HandlerContext): HandlerResult {
  const org = requireArchitectOrg(context);
  const request = registerImportSchema.safeParse(jsonObjectBody(context, { optional: true }));
  if (!request.success) throw GenesysErrorFactory.badRequest(`The import job request is malformed: ${describeIssues(request.error)}.`);
  const job = context.architectJobs.registerImport({ orgId: org.id, clientId: callerClientId(context), nowMs: Date.now() });
  const body: RegisterArchitectJobResponse = {
    id: job.id,
    presignedUrl: `${context.emulatorUrl}/uploads/${job.uploadToken}`,
    headers: { ...job.uploadHeaders },
    selfUri: `${IMPORT_JOBS_PATH}/${job.id}`,
  };
  return { status: 200, body };
}

export function getImportJob(context: HandlerContext): HandlerResult {
  const org = requireArchitectOrg(context);
  const [jobId] = context.pathParams;
  const job = context.architectJobs.findImport(org.id, jobId, Date.now());
  if (!job) throw GenesysErrorFactory.jobNotFound("import", jobId);
  const { outcome } = job;
  const body: ArchitectJobStateResponse = {
    id: job.id,
    status: context.architectJobs.importStatus(job, Date.now()),
    ...(outcome?.command && { command: outcome.command }),
    ...(outcome?.flow && { flow: outcome.flow }),
    ...(queryList(context.query, "expand").includes("messages") && { messages: outcome?.messages ?? [] }),
    selfUri: `${IMPORT_JOBS_PATH}/${job.id}`,
  };
  return { status: 200, body };
}
