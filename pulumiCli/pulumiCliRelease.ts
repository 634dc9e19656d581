// The one Pulumi CLI release this project builds and tests with: the release of the @pulumi/pulumi SDK the
// package pins, so the engine, the language host's runner and the provider host all come from one release.

/** Pulumi CLI version built from the Go module proxy; equal to package.json's exact `@pulumi/pulumi`. */
export const PULUMI_CLI_VERSION = "3.248.0";

/** Executables a CLI directory holds: the CLI and the two plugins a Node.js program with dynamic resources needs. */
export const PULUMI_CLI_EXECUTABLES = ["pulumi", "pulumi-language-nodejs", "pulumi-resource-pulumi-nodejs"] as const;
