/**
 * `npx tsx bench/replica.ts --database-url postgres://…primary --read-database-url postgres://…standby`
 * — what reading from a streaming standby costs one request (docs/SCALING.md step 3). Two Quire
 * servers in this process (one request at a time, so they never compete) on a database of their own (made beside the one named, dropped at the end): one
 * reading from the primary only, one reading from the standby. GET page is sent to them in turn,
 * one request at a time, so machine load falls on both alike; each answer's Server-Timing says
 * how many statements it ran and whether the standby answered it. Printed: the median latency of
 * each, the difference (the freshness wait: the primary's WAL position, then the standby's replay
 * position — one round trip to each server), the share of reads the standby answered, and the two
 * statements alone timed on a connection of their own (the floor of that difference).
 *
 * Options: --seconds S (10 per side). The standby must replicate the server --database-url names.
 * Without the two URLs, a throwaway primary and standby are started on this machine and removed
 * at the end (test/helpers/pg.ts: as root, through `runuser -u postgres`).
 */
import { parseArgs } from "node:util";
import http from "node:http";
import { loadavg } from "node:os";
import pg from "pg";
import { startQuire, type RunningQuire } from "../src/index.js";
import { apiHeaders, seed, type QuireReady } from "./lib/seed.js";
import { benchDatabases } from "./lib/pg-databases.js";
import { fmt, median } from "./lib/sequential.js";

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

/** One GET on a kept-alive connection: status and Server-Timing. */
function get(url: URL, headers: Record<string, string>): Promise<{ status: number; timing: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: "GET", agent, headers }, (res) => {
      res.resume();
      res.on("end", () => resolve({ status: res.statusCode ?? 0, timing: String(res.headers["server-timing"] ?? "") }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end();
  });
}

const ready = (q: RunningQuire): QuireReady => ({ url: q.url, token: q.token, adminKey: q.adminKey, devIntegrationId: q.devIntegrationId });

const { values: opt } = parseArgs({
  options: { "database-url": { type: "string" }, "read-database-url": { type: "string" }, seconds: { type: "string", default: "10" } },
});
if (!opt["database-url"] !== !opt["read-database-url"]) {
  process.stderr.write("bench/replica.ts needs both --database-url (the primary) and --read-database-url (a streaming standby of it), or neither (a throwaway pair)\n");
  process.exit(2);
}
const seconds = Number(opt.seconds);

/** `url` with database `name`. */
function onDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Median of `n` runs of `sql` on a connection of its own to `url`, in ms. */
async function statementMs(url: string, sql: string, params: unknown[] = [], n = 300): Promise<number> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const times: number[] = [];
    for (let i = 0; i < n; i++) {
      const t = performance.now();
      await c.query({ text: sql, values: params });
      times.push(performance.now() - t);
    }
    return median(times);
  } finally {
    await c.end();
  }
}

/** Until the standby has the database (its creation replayed). */
async function awaitDatabase(standby: string, name: string): Promise<void> {
  const c = new pg.Client({ connectionString: onDatabase(standby, "postgres") });
  await c.connect();
  try {
    for (let i = 0; (await c.query("SELECT 1 FROM pg_database WHERE datname = $1", [name])).rowCount === 0; i++) {
      if (i > 200) throw new Error(`the standby never received database ${name}: is it a standby of --database-url's server?`);
      await new Promise((r) => setTimeout(r, 50));
    }
  } finally {
    await c.end();
  }
}

/** The two servers named, or a throwaway primary and standby (stopped by the returned function). */
async function servers(): Promise<{ primary: string; standby: string; stop(): void }> {
  if (opt["database-url"]) return { primary: opt["database-url"], standby: opt["read-database-url"]!, stop: () => undefined };
  const { startCluster, startStandby } = await import("../test/helpers/pg.js");
  const cluster = await startCluster();
  const standby = await startStandby(cluster);
  return { primary: cluster.url("postgres"), standby: standby.url("postgres"), stop: () => (standby.stop(), cluster.stop()) };
}

async function main() {
  const pair = await servers();
  try {
    await measure(pair.primary, pair.standby);
  } finally {
    pair.stop();
  }
}

async function measure(primary: string, standby: string) {
  process.stdout.write(`Quire read-replica bench — ${new Date().toISOString()}\nload average ${loadavg().map((l) => l.toFixed(2)).join(" ")}; ${seconds} s per side, one request at a time, sides alternating\n`);
  const dbs = await benchDatabases(primary, ["replica"]);
  const name = new URL(dbs.urls.replica).pathname.slice(1);
  const nodes: RunningQuire[] = [];
  try {
    await awaitDatabase(standby, name);
    const logError = (line: string) => void process.stderr.write(line + "\n");
    nodes.push(await startQuire({ memory: true, databaseUrl: dbs.urls.replica, serverTiming: true, logError }));
    nodes.push(await startQuire({ memory: true, databaseUrl: dbs.urls.replica, readDatabaseUrls: [onDatabase(standby, name)], serverTiming: true, logError }));
    const data = await seed(ready(nodes[0]));
    const sides = nodes.map((n) => ({ url: new URL(`${n.url}/v1/pages/${data.pageId}`), headers: apiHeaders(ready(n)), ms: [] as number[], statements: [] as number[], served: 0, fellBack: 0 }));
    const until = performance.now() + 2 * seconds * 1000;
    for (let i = 0; performance.now() < until || i < 100; i++) {
      const s = sides[i % 2];
      const t = performance.now();
      const res = await get(s.url, s.headers);
      s.ms.push(performance.now() - t);
      if (res.status !== 200) throw new Error(`GET page answered ${res.status}`);
      const timing = res.timing;
      const count = /store;desc="(\d+) statements"/.exec(String(timing));
      if (count) s.statements.push(Number(count[1]));
      const replica = /replica;desc="(\d+) reads, (\d+) on the primary"/.exec(String(timing));
      if (replica) (s.served += Number(replica[1])), (s.fellBack += Number(replica[2]));
    }
    const [p, r] = sides.map((s) => ({ ...s, median: median(s.ms), stmts: median(s.statements) }));
    process.stdout.write(`\nGET page, primary only:   median ${fmt(p.median, 2)} ms over ${p.ms.length} requests, ${p.stmts} statements\n`);
    process.stdout.write(`GET page, with standby:   median ${fmt(r.median, 2)} ms over ${r.ms.length} requests, ${r.stmts} statements; standby answered ${r.served}, primary ${r.fellBack} (${fmt((100 * r.served) / Math.max(1, r.served + r.fellBack), 0)}%)\n`);
    process.stdout.write(`freshness wait + standby: ${fmt(r.median - p.median, 2)} ms per request (${fmt((100 * (r.median - p.median)) / p.median, 0)}%)\n`);
    const lsn = await statementMs(dbs.urls.replica, "SELECT pg_current_wal_flush_lsn()::text");
    const replay = await statementMs(onDatabase(standby, name), "SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn", ["0/0"]);
    process.stdout.write(`alone: primary position ${fmt(lsn, 3)} ms, standby replay check ${fmt(replay, 3)} ms (median of 300 each)\n`);
    process.stdout.write(`load average at the end: ${loadavg().map((l) => l.toFixed(2)).join(" ")}\n`);
  } finally {
    agent.destroy();
    await Promise.all(nodes.map((q) => q.close()));
    await dbs.drop();
  }
}

await main();
