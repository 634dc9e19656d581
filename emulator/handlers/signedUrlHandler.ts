// Handlers of the signed URLs, served as a file host (S3) serves them rather than as the API: the upload
// of an import job's file (PUT, with exactly the headers the job was registered with; one per job) and
// the download of a successful export (GET). The token in the path was checked before they run.

import { JOB_STATUS } from "../../wire/architectJobs";
import { ExportJob, ImportJob, ReceivedFile, SignedTransfer } from "../architect/ArchitectJobs";
import { exportDownload } from "../architect/flowExport";
import { GenesysErrorFactory } from "../errors/GenesysErrorFactory";
import { HandlerContext, HandlerResult } from "../http/requestContext";

/** `PUT /uploads/{token}`: 200 once the file is taken; 413 (and a failed job) when it is over the size limit. */
export function receiveUpload(context: HandlerContext): HandlerResult {
  const job = transferOf(context, "upload");
  for (const [name, signedValue] of Object.entries(job.uploadHeaders)) {
    const sent = context.headers[name.toLowerCase()];
    if (sent === undefined) throw GenesysErrorFactory.uploadSignatureMismatch(name, "missing");
    if (sent !== signedValue) throw GenesysErrorFactory.uploadSignatureMismatch(name, "different");
  }
  if (job.upload) throw GenesysErrorFactory.uploadAlreadyReceived(job.id);
  const limitBytes = context.maxUploadBytes;
  const file: ReceivedFile =
    context.fileTooLargeBytes === undefined ? { kind: "file", bytes: context.rawBody, limitBytes } : { kind: "tooLarge", receivedBytes: context.fileTooLargeBytes, limitBytes };
  context.architectJobs.receiveUpload(job, file, context.faults.jobLatencyMs, Date.now());
  // Too large is still an upload: the job has it, and fails for it.
  if (file.kind === "tooLarge") throw GenesysErrorFactory.uploadTooLarge(file.receivedBytes, limitBytes);
  return { status: 200 };
}

/** `GET /downloads/{token}`: the export's YAML file, or its zip of files. */
export function serveDownload(context: HandlerContext): HandlerResult {
  const job = transferOf(context, "download");
  if (job.outcome.status !== JOB_STATUS.success) throw GenesysErrorFactory.signedUrlUnknown();
  return { status: 200, file: exportDownload(job.outcome.files, new Date(job.finishedAtMs)) };
}

function transferOf(context: HandlerContext, kind: "upload"): ImportJob;
function transferOf(context: HandlerContext, kind: "download"): ExportJob;
/** The job behind the URL, which must be of the kind this route serves (an upload token opens no download). */
function transferOf(context: HandlerContext, kind: SignedTransfer["kind"]): ImportJob | ExportJob {
  const transfer = context.signedTransfer;
  if (transfer?.kind !== kind) throw GenesysErrorFactory.signedUrlUnknown();
  return transfer.job;
}
