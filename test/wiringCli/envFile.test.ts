// Protects env files: settings, comments, blank lines, quotes and `export`; and for every bad line, an
// error naming the file and line that never shows the line's text.

import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { EnvFileError, parseEnvFile, readEnvFile } from "../../wiringCli/envFile";

const SECRET = "s3cr3t-value-42";

function problem(text: string): string {
  try {
    parseEnvFile(text, "prod.env");
  } catch (error) {
    expect(error).toBeInstanceOf(EnvFileError);
    return (error as Error).message;
  }
  throw new Error("expected the env file to be refused");
}

describe("parseEnvFile", () => {
  it("reads KEY=value lines, skipping comments and blank lines, unquoting values and allowing export", () => {
    const text = [
      "# The Prod org",
      "",
      "GENESYS_CLIENT_ID=prod-client",
      `  export GENESYS_CLIENT_SECRET = "${SECRET}"  `,
      "GENESYS_API_URL='http://127.0.0.1:8080'",
      "   # indented comment",
      "GENESYS_ENV=mypurecloud.de=x#y\r",
    ].join("\n");
    expect(parseEnvFile(text, "prod.env")).toEqual({
      GENESYS_CLIENT_ID: "prod-client",
      GENESYS_CLIENT_SECRET: SECRET,
      GENESYS_API_URL: "http://127.0.0.1:8080",
      GENESYS_ENV: "mypurecloud.de=x#y",
    });
  });

  it.each([
    ["a line without '='", `GENESYS_CLIENT_ID=x\n${SECRET}`, "prod.env line 2: expected KEY=value, a # comment or a blank line (the line is not shown, as it may hold a secret)."],
    ["a key that is no variable name", `${SECRET} x=1`, "prod.env line 1: the text before '=' is not a variable name such as GENESYS_CLIENT_ID (it is not shown, as it may hold a secret)."],
    [
      "a misspelt setting",
      `GENESYS_CLIENT_SECRT=${SECRET}`,
      "prod.env line 1: GENESYS_CLIENT_SECRT is not a connection setting; did you mean GENESYS_CLIENT_SECRET? The settings are GENESYS_CLIENT_ID, GENESYS_CLIENT_SECRET, GENESYS_ENV, GENESYS_API_URL, GENESYS_FLOW_LISTING, GENESYS_FLOW_FORMAT, GENESYS_JOB_TIMEOUT_SECONDS.",
    ],
    ["a setting given twice", `GENESYS_CLIENT_SECRET=a\n\nGENESYS_CLIENT_SECRET=${SECRET}`, "prod.env line 3: GENESYS_CLIENT_SECRET is set again (first on line 1); keep one."],
  ])("refuses %s, naming file and line, without the secret", (_what, text, message) => {
    const refused = problem(text);
    expect(refused).toBe(message);
    expect(refused).not.toContain(SECRET);
  });
});

describe("readEnvFile", () => {
  it("reads a file, and says which file it cannot read", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "env-file-"));
    try {
      const file = path.join(dir, "dev.env");
      fs.writeFileSync(file, "GENESYS_CLIENT_ID=dev-client\n");
      expect(readEnvFile(file)).toEqual({ GENESYS_CLIENT_ID: "dev-client" });
      expect(() => readEnvFile(path.join(dir, "missing.env"))).toThrow(new EnvFileError(`cannot read env file ${path.join(dir, "missing.env")}: ENOENT.`));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
