// `npm run -s pulumi-cli`: makes sure a Pulumi CLI is at hand and prints the directory holding `pulumi` and
// its plugins as the last line of stdout (progress goes to stderr), e.g. `export PATH="$(npm run -s pulumi-cli):$PATH"`.

import { buildPulumiCli } from "./buildPulumiCli";
import { locatePulumiCli } from "./locatePulumiCli";

async function main(): Promise<void> {
  const found = locatePulumiCli();
  if (found) {
    process.stderr.write(found.source === "path" ? "Using the pulumi on PATH.\n" : "Using the Pulumi CLI built earlier.\n");
    console.log(found.directory);
    return;
  }
  console.log(await buildPulumiCli());
}

main().catch((error: Error) => {
  process.stderr.write(`pulumi-cli: ${error.message}\n`);
  process.exitCode = 2;
});
