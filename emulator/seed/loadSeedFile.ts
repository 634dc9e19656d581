// Reads a `--seed FILE`: JSON in the seed format, checked here so a bad file fails at start with a
// message naming the file and the field.

import * as fs from "node:fs";
import { EmulatorSeed, parseSeed } from "./seedFormat";

export function loadSeedFile(filePath: string): EmulatorSeed {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(filePath, "utf8"));
  } catch (error) {
    throw new Error(`Cannot read seed file ${filePath}: ${(error as Error).message}`);
  }
  parseSeed(parsed, `seed file ${filePath}`);
  return parsed as EmulatorSeed;
}
