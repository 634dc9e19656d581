#!/usr/bin/env node
// The `subflow-wiring` executable (package.json `bin`): runs one command with this process's arguments,
// environment and standard streams, and exits with the command's code.

import { runCli } from "./cli";

runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
}).then((code) => {
  process.exitCode = code;
});
