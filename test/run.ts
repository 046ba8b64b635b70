/**
 * `npm test`: every suite once per store named in QUIRE_TEST_STORES (default "sqlite,postgres"),
 * with one throwaway PostgreSQL cluster for the PostgreSQL pass (test/helpers/pg.ts). Suites in
 * test/sqlite/ open SQLite files themselves and run in the SQLite pass only. Each pass is one
 * `node --test` with the spec reporter and test/reporter.mjs; its summary line is labelled with
 * the store, and the run ends with one line summing the passes: "N passed, N failed, N skipped".
 * Arguments, when given, are the test files to run (e.g. `npm test -- test/users.test.ts`).
 * First, the web app is built when web/ is newer than dist/web (scripts/build-if-stale.mjs).
 */
import { spawn, spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { createInterface } from "node:readline";
import { startCluster, type PgCluster } from "./helpers/pg.js";

const STORES = ["sqlite", "postgres"] as const;
type StoreName = (typeof STORES)[number];

function storesOfRun(): StoreName[] {
  const names = (process.env.QUIRE_TEST_STORES ?? "sqlite,postgres").split(",").map((s) => s.trim()).filter(Boolean);
  for (const n of names) if (!STORES.includes(n as StoreName)) throw new Error(`QUIRE_TEST_STORES: unknown store "${n}" (sqlite, postgres)`);
  return names as StoreName[];
}

function filesOf(store: StoreName, args: string[]): string[] {
  const list = (dir: string) => readdirSync(dir).filter((f) => f.endsWith(".test.ts")).sort().map((f) => `${dir}/${f}`);
  const all = args.length > 0 ? args : [...list("test"), ...(store === "sqlite" ? list("test/sqlite") : [])];
  return store === "sqlite" ? all : all.filter((f) => !f.startsWith("test/sqlite/"));
}

const SUMMARY = /^(\d+) passed, (\d+) failed, (\d+) skipped$/;

/** One `node --test` over `files` on `store`; its counts (a pass that died without a summary counts one failure). */
async function pass(store: StoreName, files: string[], env: NodeJS.ProcessEnv): Promise<[number, number, number]> {
  const child = spawn(
    process.execPath,
    [
      "--import", "tsx", "--test", "--test-concurrency=2",
      "--test-reporter=spec", "--test-reporter-destination=stdout",
      "--test-reporter=./test/reporter.mjs", "--test-reporter-destination=stdout",
      ...files,
    ],
    { env: { ...process.env, ...env, QUIRE_TEST_STORE: store }, stdio: ["ignore", "pipe", "inherit"] },
  );
  let counts: [number, number, number] | null = null;
  for await (const line of createInterface({ input: child.stdout! })) {
    const m = SUMMARY.exec(line);
    if (m) counts = [Number(m[1]), Number(m[2]), Number(m[3])];
    process.stdout.write(m ? `[${store}] ${line}\n` : line + "\n");
  }
  const code = await new Promise<number | null>((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.on("exit", resolve)));
  if (!counts) return [0, 1, 0];
  if (code !== 0 && counts[1] === 0) counts[1] = 1;
  return counts;
}

async function main() {
  const args = process.argv.slice(2);
  const total = [0, 0, 0];
  // The browser tests serve the built web app: build it first when web/ changed (one build, before
  // any test process starts). A failed build is one failure, and the run goes on.
  const web = spawnSync(process.execPath, ["scripts/build-if-stale.mjs", "--web-only"], { stdio: ["ignore", "inherit", "inherit"] });
  if (web.status !== 0) {
    process.stdout.write("[web] the web app did not build (scripts/build-if-stale.mjs --web-only)\n");
    total[1] += 1;
  }
  for (const store of storesOfRun()) {
    let cluster: PgCluster | null = null;
    const env: NodeJS.ProcessEnv = {};
    if (store === "postgres") {
      try {
        cluster = await startCluster();
      } catch (e) {
        // No PostgreSQL here: the pass cannot run, and the run says so in one line (a failure).
        process.stdout.write(`[postgres] cannot start a PostgreSQL cluster: ${(e as Error).message.split("\n")[0]}\n`);
        total[1] += 1;
        continue;
      }
      env.QUIRE_TEST_PG = cluster.url("postgres");
      const stop = cluster.stop;
      process.once("SIGINT", () => {
        stop();
        process.exit(130);
      });
    }
    try {
      const counts = await pass(store, filesOf(store, args), env);
      counts.forEach((n, i) => (total[i] += n));
    } finally {
      cluster?.stop();
    }
  }
  process.stdout.write(`${total[0]} passed, ${total[1]} failed, ${total[2]} skipped\n`);
  process.exitCode = total[1] > 0 ? 1 : 0;
}

await main();
