// Reads an env file of connection settings (`--env-file`, `--left`, `--right`): lines `KEY=value` (an
// `export ` before KEY allowed), `#` comments and blank lines. A problem names the file and line, never
// the line's text, which may hold a secret.

import * as fs from "node:fs";
import { CONNECTION_ENVIRONMENT_VARIABLES } from "../provider/genesys/connectionSettings";
import { suggestName } from "../provider/variableNames";

/** An env file that cannot be read or holds a line that is not a setting. */
export class EnvFileError extends Error {
  override readonly name = "EnvFileError";
}

const ASSIGNMENT = /^\s*(?:export\s+)?([^=]*?)\s*=(.*)$/s;
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The settings `text` assigns, by variable name; `file` is how messages name it. */
export function parseEnvFile(text: string, file: string): Record<string, string> {
  const settings: Record<string, string> = {};
  const firstLine = new Map<string, number>();
  text.split(/\r?\n/).forEach((line, index) => {
    const lineNumber = index + 1;
    const where = `${file} line ${lineNumber}`;
    if (line.trim() === "" || line.trimStart().startsWith("#")) return;
    const assignment = ASSIGNMENT.exec(line);
    if (!assignment) throw new EnvFileError(`${where}: expected KEY=value, a # comment or a blank line (the line is not shown, as it may hold a secret).`);
    const [, key, rawValue] = assignment;
    if (!VARIABLE_NAME.test(key)) throw new EnvFileError(`${where}: the text before '=' is not a variable name such as GENESYS_CLIENT_ID (it is not shown, as it may hold a secret).`);
    if (!CONNECTION_ENVIRONMENT_VARIABLES.includes(key)) {
      const suggestion = suggestName(key, [...CONNECTION_ENVIRONMENT_VARIABLES]);
      throw new EnvFileError(`${where}: ${key} is not a connection setting${suggestion ? `; did you mean ${suggestion}?` : "."} The settings are ${CONNECTION_ENVIRONMENT_VARIABLES.join(", ")}.`);
    }
    const first = firstLine.get(key);
    if (first !== undefined) throw new EnvFileError(`${where}: ${key} is set again (first on line ${first}); keep one.`);
    firstLine.set(key, lineNumber);
    settings[key] = unquoted(rawValue.trim());
  });
  return settings;
}

/** The settings of the env file at `file`. */
export function readEnvFile(file: string): Record<string, string> {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    throw new EnvFileError(`cannot read env file ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`);
  }
  return parseEnvFile(text, file);
}

/** A value in matching single or double quotes, without them; nothing inside is unescaped. */
function unquoted(value: string): string {
  const quote = value[0];
  return value.length >= 2 && (quote === '"' || quote === "'") && value.endsWith(quote) ? value.slice(1, -1) : value;
}
