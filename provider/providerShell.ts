// The object Pulumi serializes into state for every SubflowAttachment: a thin shell that loads the
// implementation at call time. State outlives builds and machines (delete and refresh run the *old*
// serialized text), so the shell captures no code of ours, no client and no Map, only this loader.

import type * as pulumi from "@pulumi/pulumi";
import { IMPLEMENTATION_BUNDLE_MODULE, PACKAGE_NAME } from "./identifiers";
import type * as implementation from "./providerImplementation";

/**
 * Finds the bundled implementation from the directory the provider host runs in: the program's directory,
 * which is the Pulumi project directory or, when `Pulumi.yaml` names a `main` in a subfolder (this
 * repository's root program runs from `dist/program`), a folder inside it. The installed package first (a
 * user's program; Node's resolution walks up from there), then the build of the enclosing checkout of this
 * repository (the root program). It must stay self-contained: the closure serializer copies it into state
 * as text, with the two string constants it reads. Shells serialized by earlier builds load
 * `provider/providerImplementation`, tsc's output of the same module, which every build still ships.
 */
function loadProviderImplementation(): typeof implementation {
  const packageName = PACKAGE_NAME;
  const implementationModule = IMPLEMENTATION_BUNDLE_MODULE;
  // Found once per process: the search costs a failed resolution and a walk up the disk, about a
  // millisecond, and the engine calls the provider two or three times per resource and command. Kept on
  // the process (a registry symbol), not in a variable the serializer would copy into state.
  const processWide = globalThis as unknown as Record<symbol, typeof implementation | undefined>;
  const cacheKey = Symbol.for(`${packageName}/${implementationModule}`);
  const cached = processWide[cacheKey];
  if (cached !== undefined) return cached;
  const path = require("path") as typeof import("path");
  const fs = require("fs") as typeof import("fs");
  const programDir = process.cwd();
  const find = (): typeof implementation => {
    let installed: string | undefined;
    try {
      installed = require.resolve(`${packageName}/${implementationModule}`, { paths: [programDir] });
    } catch {
      // Not installed: the program may be this repository's own root program.
    }
    if (installed !== undefined) return require(installed);
    for (let dir = programDir; ; dir = path.dirname(dir)) {
      const manifest = path.join(dir, "package.json");
      if (fs.existsSync(manifest) && JSON.parse(fs.readFileSync(manifest, "utf8")).name === packageName) {
        const ownBuild = path.join(dir, "dist", `${implementationModule}.js`);
        if (!fs.existsSync(ownBuild)) throw new Error(`${packageName}: ${ownBuild} is missing; run 'npm run build' in ${dir} first.`);
        return require(ownBuild);
      }
      if (path.dirname(dir) === dir) break;
    }
    throw new Error(`${packageName} is not installed in the Pulumi project at ${programDir}: run 'npm install ${packageName}' there.`);
  };
  const loaded = find();
  processWide[cacheKey] = loaded;
  return loaded;
}

/** The `pulumi.dynamic.ResourceProvider` behind `SubflowAttachment`. */
export const subflowAttachmentProvider: pulumi.dynamic.ResourceProvider = {
  async configure(request) {
    return loadProviderImplementation().configure(request);
  },
  async check(olds, news) {
    return loadProviderImplementation().check(olds, news);
  },
  async diff(id, olds, news) {
    return loadProviderImplementation().diff(id, olds, news);
  },
  async create(inputs) {
    return loadProviderImplementation().create(inputs);
  },
  async read(id, props) {
    return loadProviderImplementation().read(id, props);
  },
  async update(id, olds, news) {
    return loadProviderImplementation().update(id, olds, news);
  },
  async delete(id, props) {
    return loadProviderImplementation().delete(id, props);
  },
};
