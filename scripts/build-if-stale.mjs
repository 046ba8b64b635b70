#!/usr/bin/env node
// `npm start` and `prepare` run this: when dist/ is missing or older than any file under src/ (or
// the tsconfig files), it builds with `tsc -p tsconfig.build.json`; otherwise it only reads mtimes.
// In an installed copy (no src/, no TypeScript) it does nothing.
// Usage: node scripts/build-if-stale.mjs [project root, default: this repository]
import { existsSync, readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";
import { spawnSync } from "node:child_process";

const root = resolve(process.argv[2] ?? fileURLToPath(new URL("..", import.meta.url)));
const built = join(root, "dist", "cli.js");

/** The newest modification time under `path` (a file or a directory tree), 0 when absent. */
function newest(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let max = stat.mtimeMs;
  for (const entry of readdirSync(path)) max = Math.max(max, newest(join(path, entry)));
  return max;
}

const sources = Math.max(newest(join(root, "src")), newest(join(root, "tsconfig.json")), newest(join(root, "tsconfig.build.json")));
const output = existsSync(built) ? statSync(built).mtimeMs : 0;
if (output >= sources) process.exit(0);

let tsc;
try {
  tsc = createRequire(join(root, "package.json")).resolve("typescript/bin/tsc");
} catch {
  // An installed copy (a dependency of another project) has dist/ and no compiler: use what is built.
  if (output > 0) process.exit(0);
  process.stderr.write("Cannot build: TypeScript is not installed here (run `npm ci`).\n");
  process.exit(1);
}
process.stderr.write(output === 0 ? "Building dist/…\n" : "Building dist/ (src/ changed since the last build)…\n");
const result = spawnSync(process.execPath, [tsc, "-p", join(root, "tsconfig.build.json")], { cwd: root, stdio: "inherit" });
process.exit(result.status ?? 1);
