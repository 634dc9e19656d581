// Protects the command line's grammar: each command's options into plain data, help with real examples,
// and every mistake a usage error that says what to write.

import { parseCommandLine, UsageError } from "../../wiringCli/commandLine";

function usageError(argv: string[]): string {
  try {
    parseCommandLine(argv);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error("expected a usage error");
}

describe("parseCommandLine", () => {
  it("reads export's options, with yaml and no filters by default", () => {
    expect(parseCommandLine(["export"])).toEqual({ command: "export", format: "yaml", filters: { shared: [], parent: [] } });
    expect(parseCommandLine(["export", "--env-file", "dev.env", "--format", "mermaid", "--shared", "Global*", "--shared", "Queue*", "--parent=*Inbound"])).toEqual({
      command: "export",
      envFile: "dev.env",
      format: "mermaid",
      filters: { shared: ["Global*", "Queue*"], parent: ["*Inbound"] },
    });
  });

  it("reads compare's options", () => {
    expect(parseCommandLine(["compare", "--left", "dev.env", "--right", "prod.env"])).toEqual({ command: "compare", left: "dev.env", right: "prod.env", json: false, filters: { shared: [], parent: [] } });
    expect(parseCommandLine(["compare", "--json", "--right", "p.env", "--left", "d.env", "--parent", "Sales*"])).toMatchObject({ left: "d.env", right: "p.env", json: true, filters: { parent: ["Sales*"] } });
  });

  it.each([
    [["--help"], "Usage: subflow-wiring <command>"],
    [["export", "--help"], "subflow-wiring export --env-file dev.env --shared 'Global*' --parent '*Inbound'"],
    [["export", "-h", "--format", "bogus"], "Usage: subflow-wiring export"],
    [["compare", "--help"], "subflow-wiring compare --left dev.env --right prod.env"],
  ])("shows help for %j, with its examples", (argv, example) => {
    const parsed = parseCommandLine(argv);
    expect(parsed.command).toBe("help");
    expect(parsed.command === "help" && parsed.text).toContain(example);
  });

  it.each([
    [[], /^a command is missing\.\n\nUsage: subflow-wiring <command>/],
    [["exprot"], /^'exprot' is not a command; the commands are export and compare\. Run `subflow-wiring --help`\.$/],
    [["export", "--format", "json"], /^--format must be yaml or mermaid, not 'json'\. Run `subflow-wiring export --help`\.$/],
    [["export", "--bogus"], /^Unknown option '--bogus'\. Run `subflow-wiring export --help`\.$/],
    [["export", "dev.env"], /^Unexpected argument 'dev\.env'\. This command does not take positional arguments\. Run `subflow-wiring export --help`\.$/],
    [["compare", "--left", "dev.env"], /^compare needs --right FILE: the env file of each org\. Run `subflow-wiring compare --help`\.$/],
    [["compare"], /^compare needs --left FILE and --right FILE/],
    [["compare", "--left"], /^Option '--left <value>' argument missing\. Run `subflow-wiring compare --help`\.$/],
  ])("refuses %j, saying what to write", (argv, message) => {
    expect(usageError(argv)).toMatch(message);
  });
});
