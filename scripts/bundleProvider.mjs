// Bundles the provider's implementation, the file the serialized shell loads in the Pulumi provider host,
// into one file beside tsc's output (which stays for shells serialized by earlier builds). Every `pulumi` command starts a fresh host, so loading this
// code is a cold start on every command: resolving and compiling a few hundred modules (zod, the Genesys SDK,
// axios, winston) took about 170 ms of each first operation; one bundled file with only the SDK classes
// used takes about 90 ms. tsc type-checks and emits everything, and writes provider/identifiers.js, which
// names the bundle's path; this runs after it.

import { build } from "esbuild";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const { IMPLEMENTATION_BUNDLE_MODULE } = createRequire(import.meta.url)(path.join(root, "dist", "provider", "identifiers.js"));
const entry = path.join(root, "provider", "providerImplementation.ts");
const outfile = path.join(root, "dist", `${IMPLEMENTATION_BUNDLE_MODULE}.js`);
const sdkSubset = path.join(root, "scripts", "genesysSdkSubset.mjs");

/** `require("purecloud-platform-client-v2")`, and only that exact specifier, loads the subset. */
const genesysSdkSubset = {
  name: "genesys-sdk-subset",
  setup(builder) {
    builder.onResolve({ filter: /^purecloud-platform-client-v2$/ }, () => ({ path: sdkSubset }));
  },
};

const result = await build({
  absWorkingDir: root,
  entryPoints: [entry],
  outfile,
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  // The host's own copy: the implementation must share the engine connection the host set up.
  external: ["@pulumi/pulumi"],
  plugins: [genesysSdkSubset],
  // Written beside the bundle but not linked from it: the host installs source-map-support, which would
  // parse the whole map (about 0.2 s) the first time any stack is read, and axios reads one on every
  // error response. Stack traces point into the bundle; the map translates them when debugging.
  sourcemap: "external",
  sourcesContent: false,
  metafile: true,
  logLevel: "warning",
});

const output = result.metafile.outputs[path.relative(root, outfile)];
const modules = Object.keys(output.inputs).length;
console.log(`bundled ${path.relative(root, outfile)}: ${modules} modules, ${(output.bytes / 1e6).toFixed(1)} MB`);
