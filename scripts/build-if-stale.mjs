#!/usr/bin/env node
// `npm start` and `prepare` run this: when dist/ is missing or older than any file under src/ (or
// the tsconfig files), it builds with `tsc -p tsconfig.build.json`; when dist/web/ is missing or
// older than any file under web/, it builds the web app with Vite (web/vite.config.ts); otherwise
// it only reads mtimes. In an installed copy (no src/, no TypeScript, no web/) it does nothing.
// Usage: node scripts/build-if-stale.mjs [--web-only] [project root, default: this repository]
// (`--web-only`: the web app alone — test/run.ts, whose browser tests serve it).
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";
import { spawnSync } from "node:child_process";

const args = process.argv.slice(2);
const webOnly = args.includes("--web-only");
const root = resolve(args.find((a) => !a.startsWith("--")) ?? fileURLToPath(new URL("..", import.meta.url)));
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

/** Builds the web app when web/ is newer than dist/web/index.html; its exit status (0 when fresh or absent). */
function buildWeb() {
  const web = join(root, "web");
  if (!existsSync(join(web, "vite.config.ts"))) return 0;
  const index = join(root, "dist", "web", "index.html");
  const builtAt = existsSync(index) ? statSync(index).mtimeMs : 0;
  if (builtAt >= newest(web)) return 0;
  let vite;
  try {
    // Vite's `exports` map does not list its bin: find the package, then the bin it declares.
    const manifest = createRequire(join(root, "package.json")).resolve("vite/package.json");
    vite = join(dirname(manifest), JSON.parse(readFileSync(manifest, "utf8")).bin.vite);
  } catch {
    if (builtAt > 0) return 0;
    process.stderr.write("Cannot build the web app: Vite is not installed here (run `npm ci`).\n");
    return 1;
  }
  process.stderr.write(builtAt === 0 ? "Building the web app (dist/web/)…\n" : "Building the web app (web/ changed since the last build)…\n");
  const r = spawnSync(process.execPath, [vite, "build", "--config", join(web, "vite.config.ts"), "--logLevel", "warn"], { cwd: root, stdio: "inherit" });
  return r.status ?? 1;
}

if (webOnly) process.exit(buildWeb());
const sources = Math.max(newest(join(root, "src")), newest(join(root, "tsconfig.json")), newest(join(root, "tsconfig.build.json")));
const output = existsSync(built) ? statSync(built).mtimeMs : 0;
if (output >= sources) process.exit(buildWeb());

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
process.exit(result.status === 0 ? buildWeb() : (result.status ?? 1));
