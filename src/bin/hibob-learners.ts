#!/usr/bin/env node
import { runHibobLearners } from "../runner/cli.js";

process.exitCode = await runHibobLearners(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
});
