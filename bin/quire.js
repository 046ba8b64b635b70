#!/usr/bin/env node
// Runs the compiled CLI (built by `npm ci` / `npm run build`).
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const cli = new URL("../dist/cli.js", import.meta.url);
if (!existsSync(fileURLToPath(cli))) {
  process.stderr.write("Quire is not built yet: run `npm ci` (or `npm run build`) first.\n");
  process.exit(1);
}
const { main } = await import(cli.href);
await main(process.argv.slice(2));
