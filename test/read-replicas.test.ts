/**
 * Read replicas (docs/SCALING.md step 3): two Quire nodes on one PostgreSQL primary with a real
 * streaming standby (`pg_basebackup -R`, hot standby), started once for the file. A write
 * acknowledged by one node is read by both at once under a burst, with the standby answering the
 * reads; a standby whose replay is paused makes reads fall back to the primary after the wait and
 * stay fresh; a standby stopped mid-run leaves every read answered (from the primary), and is
 * used again once it is back. PostgreSQL pass only; the flag parsing runs in both.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import pg from "pg";
import { Client, LogLevel } from "@notionhq/client";
import { createTestDatabase, startCluster, startStandby, type PgCluster, type PgStandby } from "./helpers/pg.js";
import { onPostgres } from "./helpers/store.js";
import { startTestQuire, storeStatements, type TestQuire } from "./helpers/quire.js";
import { ConfigError, parseServeConfig } from "../src/config.js";
import { startQuire } from "../src/index.js";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startServerProcess } from "./helpers/child.js";

const skip = onPostgres ? false : "PostgreSQL pass only: read replicas are PostgreSQL standbys";
const TOKEN = "secret_replica_test_token";
const PASSWORD = "pw-never-logged";
const title = (content: string) => ({ title: { title: [{ type: "text" as const, text: { content } }] } });

/** What the replicas did for one answer: reads a standby answered, and reads the primary answered instead. */
function replicaReads(serverTiming: string | null): { replica: number; primary: number } {
  const m = /replica;desc="(\d+) reads, (\d+) on the primary"/.exec(serverTiming ?? "");
  return m ? { replica: Number(m[1]), primary: Number(m[2]) } : { replica: 0, primary: 0 };
}

interface Node {
  q: TestQuire;
  sdk: Client;
  /** Server-Timing of every answer the SDK received, in order. */
  timings: string[];
  /** Lines the node logged (its replica reports). */
  logs: string[];
}

/** Runs `sql` on `url` and returns its rows. */
async function sql<R extends pg.QueryResultRow = Record<string, unknown>>(url: string, text: string, params: unknown[] = []): Promise<R[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<R>(text, params)).rows;
  } finally {
    await c.end();
  }
}

/** Resolves once `check` is true, polling; fails after `ms`. */
async function until(check: () => Promise<boolean>, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("read replicas on a streaming standby", { skip, timeout: 240_000 }, () => {
  let primary: PgCluster;
  let standby: PgStandby;
  let dbName: string;
  let nodes: Node[] = [];
  let parent: string;

  const startNode = async (replicaUrl: string): Promise<Node> => {
    const logs: string[] = [];
    const timings: string[] = [];
    const q = await startTestQuire({
      databaseUrl: primary.url(dbName),
      readDatabaseUrls: [replicaUrl],
      readReplicaWaitMs: 1000,
      readReplicaRetryMs: 300,
      token: TOKEN,
      logError: (line) => void logs.push(line),
    });
    const fetchAndKeep = async (input: RequestInfo | URL, init?: RequestInit) => {
      const res = await fetch(input, init);
      timings.push(res.headers.get("server-timing") ?? "");
      return res;
    };
    const sdk = new Client({ auth: TOKEN, baseUrl: q.url, notionVersion: "2025-09-03", retry: false, logLevel: LogLevel.ERROR, fetch: fetchAndKeep } as ConstructorParameters<typeof Client>[0]);
    return { q, sdk, timings, logs };
  };

  /** Until the standby has replayed everything the primary has written so far. */
  const standbyCaughtUp = async () => {
    const [{ lsn }] = await sql<{ lsn: string }>(primary.url("postgres"), "SELECT pg_current_wal_flush_lsn()::text AS lsn");
    await until(async () => (await sql<{ ok: boolean }>(standby.url("postgres"), "SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn AS ok", [lsn]))[0].ok);
  };

  /** Sets (or resets, null) how late the standby applies each commit. */
  const setApplyDelay = async (delay: string | null) => {
    await sql(standby.url("postgres"), delay === null ? "ALTER SYSTEM RESET recovery_min_apply_delay" : `ALTER SYSTEM SET recovery_min_apply_delay = '${delay}'`);
    await sql(standby.url("postgres"), "SELECT pg_reload_conf()");
  };

  before(async () => {
    primary = await startCluster();
    standby = await startStandby(primary);
    dbName = "replicas";
    await createTestDatabase(primary, dbName);
    await standbyCaughtUp();
    const standbyUrl = new URL(standby.url(dbName));
    standbyUrl.password = PASSWORD; // trust auth never asks for it: only the logs could show it
    nodes = [await startNode(standby.url(dbName)), await startNode(standbyUrl.toString())];
    parent = nodes[0].q.rootPageId;
  });

  after(async () => {
    for (const n of nodes) await n.q.close().catch(() => undefined);
    standby?.stop();
    primary?.stop();
  });

  test("a burst of writes through one node is read at once through both, the standby answering the reads", async (t) => {
    const [a, b] = nodes;
    a.timings.length = b.timings.length = 0;
    // The standby applies each commit 20 ms late (it lags every write): a read that did not wait for it would miss it.
    await setApplyDelay("20ms");
    t.after(() => setApplyDelay(null));
    const rounds = 24;
    await Promise.all(
      Array.from({ length: 4 }, async (_, lane) => {
        for (let i = lane; i < rounds; i += 4) {
          const writer = i % 2 === 0 ? a : b;
          const page = await writer.sdk.pages.create({ parent: { page_id: parent }, properties: title(`burst ${i}`) });
          for (const reader of [a, b]) {
            const got = await reader.sdk.pages.retrieve({ page_id: page.id });
            assert.equal("properties" in got && got.properties.title.type === "title" ? got.properties.title.title[0]?.plain_text : "", `burst ${i}`);
          }
          await writer.sdk.pages.update({ page_id: page.id, properties: title(`burst ${i} renamed`) });
          const other = writer === a ? b : a;
          const again = await other.sdk.pages.retrieve({ page_id: page.id });
          assert.equal("properties" in again && again.properties.title.type === "title" ? again.properties.title.title[0]?.plain_text : "", `burst ${i} renamed`);
          // A read-only POST (search: its token lookup and its reads) sees the write too.
          const found = await other.sdk.search({ query: `burst ${i} renamed`, filter: { property: "object", value: "page" } });
          assert.ok(found.results.some((r) => r.id === page.id), `search through the other node finds page ${i}`);
        }
      }),
    );
    const reads = [...a.timings, ...b.timings].map(replicaReads).reduce((s, r) => ({ replica: s.replica + r.replica, primary: s.primary + r.primary }), { replica: 0, primary: 0 });
    // Every read unit of a read-only request was meant for the standby; on a quiet standby it answers them all.
    assert.ok(reads.replica > 0, `the standby answered reads (${JSON.stringify(reads)})`);
    process.stdout.write(`# burst: ${reads.replica} read units on the standby, ${reads.primary} fell back to the primary\n`);
    // Writes never touch the standby: their answers carry no replica entry.
    const writes = a.timings.filter((t) => /replica;desc/.test(t) === false).length;
    assert.ok(writes >= rounds, "write requests read and write on the primary");
  });

  test("the standby's own sessions ran the reads; a GET page costs two statements more there than on the primary", async () => {
    const [a] = nodes;
    const page = await a.sdk.pages.create({ parent: { page_id: parent }, properties: title("counted") });
    const rows = await sql<{ n: number }>(standby.url("postgres"), "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND application_name = 'quire'", [dbName]);
    assert.ok(rows[0].n > 0, "Quire holds connections on the standby");
    // The fewest statements of a GET page the standby answered (a standby a moment behind is polled once more).
    let fewest = Infinity;
    for (let i = 0; i < 5 || fewest === Infinity; i++) {
      const res = await a.q.raw("GET", `/v1/pages/${page.id}`, { auth: TOKEN });
      const timing = res.headers.get("server-timing");
      if (replicaReads(timing).replica === 1) fewest = Math.min(fewest, storeStatements(timing));
      assert.ok(i < 200, "the standby answers a GET page");
    }
    // The same GET through a node without replicas: the primary position and the replay check are the difference.
    const plain = await startTestQuire({ databaseUrl: primary.url(dbName), token: TOKEN });
    try {
      const res = await plain.raw("GET", `/v1/pages/${page.id}`, { auth: TOKEN });
      assert.equal(res.status, 200);
      assert.equal(fewest, storeStatements(res.headers.get("server-timing")) + 2);
    } finally {
      await plain.close();
    }
  });

  test("replay paused: reads fall back to the primary after the wait and stay fresh; used again once it resumes", async () => {
    const [a, b] = nodes;
    await sql(standby.url("postgres"), "SELECT pg_wal_replay_pause()");
    try {
      for (let i = 0; i < 6; i++) {
        const page = await a.sdk.pages.create({ parent: { page_id: parent }, properties: title(`paused ${i}`) });
        const res = await b.q.raw("GET", `/v1/pages/${page.id}`, { auth: TOKEN });
        assert.equal(res.status, 200, `page ${i} read through the other node while the standby is paused`);
        assert.equal(res.body.properties.title.title[0].plain_text, `paused ${i}`);
        assert.equal(replicaReads(res.headers.get("server-timing")).replica, 0);
      }
      const behind = b.logs.filter((l) => /behind the primary/.test(l));
      assert.equal(behind.length, 1, b.logs.join("\n"));
    } finally {
      await sql(standby.url("postgres"), "SELECT pg_wal_replay_resume()");
    }
    const page = await a.sdk.pages.create({ parent: { page_id: parent }, properties: title("resumed") });
    await until(async () => replicaReads((await b.q.raw("GET", `/v1/pages/${page.id}`, { auth: TOKEN })).headers.get("server-timing")).replica === 1);
    assert.ok(b.logs.some((l) => /caught up again/.test(l)), b.logs.join("\n"));
    for (const line of [...a.logs, ...b.logs]) assert.ok(!line.includes(PASSWORD), `no password in: ${line}`);
  });

  test("a read replica URL that is not a URL is refused at start in one sentence", async () => {
    await assert.rejects(startQuire({ memory: true, databaseUrl: primary.url(dbName), readDatabaseUrls: ["postgres://[::1"] }), /A read replica's URL is not a URL: expected postgres:\/\//);
  });

  test("standby stopped mid-run: every read is answered from the primary, logged once; back in use once it restarts", async () => {
    const [a, b] = nodes;
    const before = b.logs.length;
    standby.halt();
    try {
      for (let i = 0; i < 8; i++) {
        const page = await a.sdk.pages.create({ parent: { page_id: parent }, properties: title(`down ${i}`) });
        for (const n of [a, b]) {
          const got = await n.sdk.pages.retrieve({ page_id: page.id });
          assert.equal(got.id, page.id);
          const found = await n.sdk.blocks.children.list({ block_id: parent, page_size: 100 });
          assert.ok(found.results.length > 0);
        }
      }
      const down = b.logs.slice(before).filter((l) => /Read replica .* (is unreachable|failed)/.test(l));
      assert.equal(down.length, 1, b.logs.slice(before).join("\n"));
      assert.match(down[0], /postgres@127\.0\.0\.1:\d+\/replicas/);
    } finally {
      standby.resume();
    }
    await standbyCaughtUp();
    const page = await a.sdk.pages.create({ parent: { page_id: parent }, properties: title("standby back") });
    await until(async () => replicaReads((await b.q.raw("GET", `/v1/pages/${page.id}`, { auth: TOKEN })).headers.get("server-timing")).replica === 1);
    for (const line of [...a.logs, ...b.logs]) assert.ok(!line.includes(PASSWORD), `no password in: ${line}`);
  });
});

describe("quire serve with a standby that is down from the start", { skip, timeout: 120_000 }, () => {
  test("the banner names it without its password; reads are answered by the primary; its failure is logged once, without the password", async () => {
    const primary = await startCluster();
    const dir = mkdtempSync(join(tmpdir(), "quire-replica-cli-"));
    try {
      const db = await createTestDatabase(primary, "cli");
      // Nothing listens on port 1 of the loopback: every connection is refused.
      const p = await startServerProcess(["--port", "0", "--data", dir, "--quiet", "--database-url", db, "--read-database-url", `postgres://reader:${PASSWORD}@127.0.0.1:1/cli`]);
      try {
        assert.match(p.output(), /Reads from:\s+postgres:\/\/reader@127\.0\.0\.1:1\/cli /);
        const page = /Start page:\s+(\S+)/.exec(p.output())?.[1];
        for (let i = 0; i < 5; i++) {
          const res = await fetch(`${p.url}/v1/pages/${page}`, { headers: { authorization: `Bearer ${p.token}`, "notion-version": "2025-09-03" } });
          assert.equal(res.status, 200);
        }
        const lines = p.errors().split("\n").filter((l) => /Read replica/.test(l));
        assert.equal(lines.length, 1, p.errors());
        assert.match(lines[0], /^Read replica postgres:\/\/reader@127\.0\.0\.1:1\/cli is unreachable \(ECONNREFUSED/);
        assert.ok(!p.output().includes(PASSWORD) && !p.errors().includes(PASSWORD));
      } finally {
        await p.stop();
      }
    } finally {
      primary.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("--read-database-url", () => {
  const db = "postgres://u:p@db:5432/quire";
  test("repeatable, comma-separated, or QUIRE_READ_DATABASE_URL; needs --database-url and PostgreSQL URLs", () => {
    assert.deepEqual(parseServeConfig(["--database-url", db], {}).readDatabaseUrls, []);
    const two = ["postgres://r1:5432/quire", "postgres://r2:5432/quire"];
    assert.deepEqual(parseServeConfig(["--database-url", db, "--read-database-url", two[0], "--read-database-url", two[1]], {}).readDatabaseUrls, two);
    assert.deepEqual(parseServeConfig(["--database-url", db, "--read-database-url", two.join(",")], {}).readDatabaseUrls, two);
    assert.deepEqual(parseServeConfig(["--database-url", db], { QUIRE_READ_DATABASE_URL: ` ${two.join(" , ")} ` }).readDatabaseUrls, two);
    assert.throws(() => parseServeConfig(["--read-database-url", two[0]], {}), (e) => e instanceof ConfigError && /needs --database-url/.test(e.message));
    assert.throws(() => parseServeConfig(["--database-url", db, "--read-database-url", "mysql://x"], {}), (e) => e instanceof ConfigError && /should be a PostgreSQL URL/.test(e.message));
    assert.equal(parseServeConfig(["--database-url", db, "--read-replica-wait-ms", "20"], {}).readReplicaWaitMs, 20);
    assert.throws(() => parseServeConfig(["--read-replica-wait-ms=-1"], {}), (e) => e instanceof ConfigError && /--read-replica-wait-ms should be an integer/.test(e.message));
  });

  test("startQuire refuses read replicas without a PostgreSQL database, in one sentence", async () => {
    await assert.rejects(startQuire({ memory: true, readDatabaseUrls: ["postgres://r1:5432/quire"] }), /Read replicas need a PostgreSQL database/);
  });
});
