// The object Pulumi serializes into state for every SubflowAttachment: a thin shell that loads the
// implementation at call time. State outlives builds and machines (delete and refresh run the *old*
// serialized text), so the shell captures no code of ours, no client and no Map, only this loader.

import type * as pulumi from "@pulumi/pulumi";
import { IMPLEMENTATION_BUNDLE_MODULE, PACKAGE_NAME } from "./identifiers";
import type * as implementation from "./providerImplementation";

/**
 * Finds the bundled implementation from the Pulumi project directory, which the provider host runs in:
 * the installed package first (a user's program), then this repository's own build (the root program).
 * It must stay self-contained: the closure serializer copies it into state as text, with the two string
 * constants it reads. Shells serialized by earlier builds load `provider/providerImplementation`, tsc's
 * output of the same module, which every build still ships.
 */
function loadProviderImplementation(): typeof implementation {
  const packageName = PACKAGE_NAME;
  const implementationModule = IMPLEMENTATION_BUNDLE_MODULE;
  const path = require("path") as typeof import("path");
  const fs = require("fs") as typeof import("fs");
  const projectDir = process.cwd();
  let resolved: string | undefined;
  try {
    resolved = require.resolve(`${packageName}/${implementationModule}`, { paths: [projectDir] });
  } catch {
    const ownManifest = path.join(projectDir, "package.json");
    const isThisRepository =
      fs.existsSync(ownManifest) && JSON.parse(fs.readFileSync(ownManifest, "utf8")).name === packageName;
    const ownBuild = path.join(projectDir, "dist", `${implementationModule}.js`);
    if (isThisRepository && fs.existsSync(ownBuild)) resolved = ownBuild;
    else if (isThisRepository) {
      throw new Error(`${packageName}: ${ownBuild} is missing; run 'npm run build' in ${projectDir} first.`);
    }
  }
  if (resolved === undefined) {
    throw new Error(
      `${packageName} is not installed in the Pulumi project at ${projectDir}: run 'npm install ${packageName}' there.`,
    );
  }
  return require(resolved);
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
