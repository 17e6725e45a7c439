/** Entry point: `node dist/main.js [--env <name>[,<name>...]] [--debug]` validates and synthesizes (lib/cli.ts). */
import { runCli } from "./lib/cli";

process.exitCode = runCli(process.argv.slice(2));
