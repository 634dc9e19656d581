// The command line's grammar: commands, options and help texts, parsed with Node's own `util.parseArgs`
// into plain data. Pure: nothing is read or printed here.

import { parseArgs, ParseArgsConfig } from "node:util";
import { CallFilters } from "./callFilters";

export type ExportFormat = "yaml" | "mermaid";
const EXPORT_FORMATS: readonly ExportFormat[] = ["yaml", "mermaid"];

export type ParsedCommandLine =
  | { command: "help"; text: string }
  | { command: "export"; envFile?: string; format: ExportFormat; filters: CallFilters }
  | { command: "compare"; left: string; right: string; json: boolean; filters: CallFilters };

/** Arguments that do not make a command; the message says what to write instead. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

export const EXIT_CODES = { ok: 0, differs: 1, trouble: 2 } as const;

const TOP_HELP = [
  "Usage: subflow-wiring <command> [options]",
  "",
  "The command-line companion of SubflowAttachment: reads which flows of a Genesys Cloud org call which",
  "shared flows (callsubflow triggers), as stack config, as a chart, or side by side with another org.",
  "",
  "Commands:",
  "  export    print every call of a shared flow in the org as stack config for `pulumi up`, or as a Mermaid chart",
  "  compare   compare the calls of two orgs (e.g. Dev and Prod): exit 0 when the same, 1 when they differ",
  "",
  "Run `subflow-wiring <command> --help` for its options and examples.",
  "Exit status: 0 done (compare: the same), 1 compare found differences, 2 trouble (the message says what).",
];

const EXPORT_HELP = commandHelp({
  usage: "export [--env-file FILE] [--format yaml|mermaid] [--shared PATTERN]... [--parent PATTERN]...",
  about: [
    "Reads every flow of the org (every page of GET /api/v2/flows) and prints each call of a shared flow on",
    "stdout. As YAML (the default) it is a stack file's `config:` holding `subflow-wiring:wiring`, one",
    "attachment per call, by flow names: put that entry in Pulumi.<stack>.yaml, and in a stack of this org",
    "the next `pulumi up` adopts every call as it is, writing nothing (in another org's, it makes the same",
    "calls there). A call no attachment can declare as it is (say, one reached from two nodes) is left out,",
    "and a comment at the top says why. As Mermaid it is a flowchart of the calls, marking published callers",
    "that run a stale copy of the shared flow. Progress goes to stderr.",
  ],
  options: [
    "  --env-file FILE      connection settings from FILE instead of the environment variables",
    "                       GENESYS_CLIENT_ID, GENESYS_CLIENT_SECRET, GENESYS_ENV, GENESYS_API_URL",
    "  --format FORMAT      yaml (default) or mermaid",
  ],
  examples: [
    "GENESYS_CLIENT_ID=dev-client GENESYS_CLIENT_SECRET=dev-secret GENESYS_API_URL=http://127.0.0.1:8080 \\",
    "  subflow-wiring export > wiring.yaml",
    "subflow-wiring export --env-file dev.env --shared 'Global*' --parent '*Inbound'",
    "subflow-wiring export --env-file dev.env --format mermaid > wiring.mmd",
  ],
  exitStatus: ["Exit status: 0 printed, 2 trouble (settings, login, network: the message says what)."],
});

const COMPARE_HELP = commandHelp({
  usage: "compare --left FILE --right FILE [--json] [--shared PATTERN]... [--parent PATTERN]...",
  about: [
    "Reads the calls of shared flows in two orgs, each given by an env file, and prints them side by side",
    "by flow names: calls only one org has, and calls whose shared flow, arguments, return variables or",
    "position (the node they follow) differ. Flow IDs, which differ from org to org, are not compared.",
    "Progress goes to stderr.",
  ],
  options: [
    "  --left FILE          env file of the first org (e.g. Dev)",
    "  --right FILE         env file of the second org (e.g. Prod)",
    "  --json               print the comparison as JSON, for machines",
  ],
  examples: ["subflow-wiring compare --left dev.env --right prod.env", "subflow-wiring compare --left dev.env --right prod.env --shared 'Global*' --json > wiring-diff.json"],
  exitStatus: ["Exit status: 0 the same, 1 different, 2 trouble (settings, login, network: the message says what),", "so that it can gate a promotion in CI."],
});

/** A command's help: what it does, its own options and the ones every command has, env files, examples. */
function commandHelp(help: { usage: string; about: string[]; options: string[]; examples: string[]; exitStatus: string[] }): string[] {
  return [
    `Usage: subflow-wiring ${help.usage}`,
    "",
    ...help.about,
    "",
    "Options:",
    ...help.options,
    "  --shared PATTERN     only calls of the shared flows whose name matches; `*` matches any text, letter",
    "                       case is ignored; give it again for more patterns",
    "  --parent PATTERN     only calls made by the parent flows whose name matches, the same way",
    "  -h, --help           this help",
    "",
    "An env file holds the same variables, one KEY=value a line; # comments and blank lines are allowed:",
    "  GENESYS_CLIENT_ID=dev-client",
    "  GENESYS_CLIENT_SECRET=dev-secret",
    "  GENESYS_API_URL=http://127.0.0.1:8080",
    "",
    "Examples:",
    ...help.examples.map((example) => `  ${example}`),
    "",
    ...help.exitStatus,
  ];
}

const FILTER_OPTIONS = {
  shared: { type: "string", multiple: true },
  parent: { type: "string", multiple: true },
  help: { type: "boolean", short: "h" },
} satisfies ParseArgsConfig["options"];

export function parseCommandLine(argv: readonly string[]): ParsedCommandLine {
  const [command, ...rest] = argv;
  switch (command) {
    case "export":
      return parseExport(rest);
    case "compare":
      return parseCompare(rest);
    case "-h":
    case "--help":
    case "help":
      return help(TOP_HELP);
    case undefined:
      throw new UsageError(`a command is missing.\n\n${TOP_HELP.join("\n")}`);
    default:
      throw new UsageError(`'${command}' is not a command; the commands are export and compare. Run \`subflow-wiring --help\`.`);
  }
}

function parseExport(args: string[]): ParsedCommandLine {
  const { values } = parse("export", args, { ...FILTER_OPTIONS, "env-file": { type: "string" }, format: { type: "string", default: "yaml" } });
  if (values.help) return help(EXPORT_HELP);
  const format = values.format as ExportFormat;
  if (!EXPORT_FORMATS.includes(format)) throw new UsageError(`--format must be ${EXPORT_FORMATS.join(" or ")}, not '${format}'. Run \`subflow-wiring export --help\`.`);
  return { command: "export", ...(values["env-file"] === undefined ? {} : { envFile: values["env-file"] }), format, filters: filtersOf(values) };
}

function parseCompare(args: string[]): ParsedCommandLine {
  const { values } = parse("compare", args, { ...FILTER_OPTIONS, left: { type: "string" }, right: { type: "string" }, json: { type: "boolean", default: false } });
  if (values.help) return help(COMPARE_HELP);
  const missing = (["left", "right"] as const).filter((side) => values[side] === undefined);
  if (missing.length > 0) {
    throw new UsageError(`compare needs ${missing.map((side) => `--${side} FILE`).join(" and ")}: the env file of each org. Run \`subflow-wiring compare --help\`.`);
  }
  return { command: "compare", left: values.left!, right: values.right!, json: values.json, filters: filtersOf(values) };
}

/** `parseArgs` in strict mode, its errors worded as usage errors pointing at the command's help. */
function parse<T extends NonNullable<ParseArgsConfig["options"]>>(command: string, args: string[], options: T) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: false });
  } catch (error) {
    throw new UsageError(`${(error as Error).message.replace(/\.?$/, ".")} Run \`subflow-wiring ${command} --help\`.`);
  }
}

function filtersOf(values: { shared?: string[]; parent?: string[] }): CallFilters {
  return { shared: values.shared ?? [], parent: values.parent ?? [] };
}

function help(lines: string[]): ParsedCommandLine {
  return { command: "help", text: `${lines.join("\n")}\n` };
}
