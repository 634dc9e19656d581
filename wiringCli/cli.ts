// The `subflow-wiring` commands from argument list to exit code: parse, read the org(s), run the pure
// functions, print results on stdout and progress and errors on stderr, with every known secret redacted.

import { describeJobProgress } from "../provider/genesys/architectJobs";
import { redactSecrets } from "../provider/genesys/errors";
import { selectCalls } from "./callFilters";
import { EXIT_CODES, parseCommandLine, ParsedCommandLine, UsageError } from "./commandLine";
import { renderComparisonJson, renderComparisonText } from "./comparisonReport";
import { oneLine } from "./displayText";
import { exportWiring } from "./exportedWiring";
import { renderMermaidChart } from "./mermaidChart";
import { describeOrg, orgFromEnvFile, orgFromEnvironment, OrgSource, ReadProgress, readOrgWiring } from "./orgReader";
import { OrgWiring } from "./orgWiring";
import { renderStackConfigYaml } from "./stackConfigYaml";
import { compareWiring } from "./wiringComparison";

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
}

/** Runs one command line; resolves to its exit code (0 done or the same, 1 differs, 2 trouble). */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const secrets = credentialsIn(io.env);
  // Messages and progress pass through the redaction of the Genesys module: errors from there are redacted
  // already, and this also covers anything else that could quote a setting.
  const out: CliIo = { ...io, stderr: (text) => io.stderr(redactSecrets(text, secrets)) };
  const known = (source: OrgSource): OrgSource => {
    secrets.push(source.settings.clientSecret);
    return source;
  };
  try {
    const parsed = parseCommandLine(argv);
    switch (parsed.command) {
      case "help":
        out.stdout(parsed.text);
        return EXIT_CODES.ok;
      case "export":
        return await runExport(parsed, known(parsed.envFile === undefined ? orgFromEnvironment(io.env) : orgFromEnvFile(parsed.envFile)), out);
      case "compare":
        return await runCompare(parsed, known(orgFromEnvFile(parsed.left)), known(orgFromEnvFile(parsed.right)), out);
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    out.stderr(`subflow-wiring: ${error instanceof UsageError ? "" : "error: "}${message}\n`);
    return EXIT_CODES.trouble;
  }
}

async function runExport(command: Extract<ParsedCommandLine, { command: "export" }>, source: OrgSource, io: CliIo): Promise<number> {
  const org = await readOrgWiring(source, progressTo(io, source));
  const calls = selectCalls(org.calls, command.filters);
  const description = describeOrg(source);
  if (command.format === "mermaid") {
    io.stdout(renderMermaidChart(calls, description));
    io.stderr(`${source.label}: ${calls.length} call(s) of shared flows charted.\n`);
    return EXIT_CODES.ok;
  }
  const exported = exportWiring(org, calls);
  io.stdout(renderStackConfigYaml(exported, description));
  io.stderr(`${source.label}: ${Object.keys(exported.wiring.attachments).length} call(s) of shared flows exported.\n`);
  for (const call of exported.leftOut) io.stderr(`${source.label}: left out ${oneLine(call.parentFlowName)} › ${oneLine(call.triggerId)}: ${oneLine(call.reasons.join("; "))}\n`);
  return EXIT_CODES.ok;
}

async function runCompare(command: Extract<ParsedCommandLine, { command: "compare" }>, left: OrgSource, right: OrgSource, io: CliIo): Promise<number> {
  const sides = await Promise.allSettled([left, right].map((source) => readOrgWiring(source, progressTo(io, source))));
  const failures = sides.flatMap((side, index) => (side.status === "rejected" ? [`${index === 0 ? "left" : "right"} (${[left, right][index].label}): ${(side.reason as Error).message}`] : []));
  if (failures.length > 0) throw new Error(failures.join("\n"));
  const [leftCalls, rightCalls] = sides.map((side) => selectCalls((side as PromiseFulfilledResult<OrgWiring>).value.calls, command.filters));
  const comparison = compareWiring(leftCalls, rightCalls);
  const sources = { left: describeOrg(left), right: describeOrg(right) };
  io.stdout(command.json ? renderComparisonJson(comparison, sources) : renderComparisonText(comparison, sources));
  return comparison.same ? EXIT_CODES.ok : EXIT_CODES.differs;
}

/**
 * One stderr line per page read, e.g. `dev.env: 200 of 450 flows read (page 2 of 5)`, per Architect job
 * that ends or is still running after each poll, e.g. `dev.env: export job 8f1c… for 12 flows: Success, 2.1 s`,
 * and per retry, e.g. `dev.env: <what failed>; trying again in 1.2 s (3 more tries)`.
 */
function progressTo(io: CliIo, source: OrgSource): ReadProgress {
  return {
    onPage: ({ pageNumber, pageCount, flowsRead, total }) =>
      io.stderr(`${source.label}: ${flowsRead}${total === undefined ? "" : ` of ${total}`} flows read (page ${pageNumber}${pageCount === undefined ? "" : ` of ${pageCount}`})\n`),
    onJob: (job) => io.stderr(`${source.label}: ${describeJobProgress(job)}\n`),
    onRetry: ({ error, delayMs, retriesLeft }) =>
      io.stderr(`${source.label}: ${(error as Error).message}; trying again in ${(delayMs / 1000).toFixed(1)} s (${retriesLeft} more ${retriesLeft === 1 ? "try" : "tries"})\n`),
  };
}

/** The secret in the environment, known before any setting is read. */
function credentialsIn(env: NodeJS.ProcessEnv): string[] {
  return env.GENESYS_CLIENT_SECRET ? [env.GENESYS_CLIENT_SECRET] : [];
}
