// This package's root directory, wherever its code runs from: the source tree (tests), dist/, or an
// installed copy under node_modules. The root Pulumi project (Pulumi.yaml and its stack files) is there.
import * as fs from "node:fs";
import * as path from "node:path";
import { PACKAGE_NAME } from "../provider/identifiers";

/** The nearest directory at or above `startDir` whose package.json is this package's. */
export function findRepositoryRoot(startDir: string): string {
  for (let dir = startDir; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, "package.json");
    if (fs.existsSync(manifest) && JSON.parse(fs.readFileSync(manifest, "utf8")).name === PACKAGE_NAME) return dir;
    if (path.dirname(dir) === dir) throw new Error(`No ${PACKAGE_NAME} package.json at or above ${startDir}.`);
  }
}

export const REPOSITORY_ROOT = findRepositoryRoot(__dirname);
