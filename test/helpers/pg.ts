/**
 * A throwaway PostgreSQL cluster for tests (PostgreSQL 15+ binaries in /usr/lib/postgresql/<major>/bin
 * or on PATH): initdb in a temp directory owned by the `postgres` user, listening
 * on a free loopback port with trust auth, removed at the end. One template database is migrated
 * once; each test server gets a fresh copy (`CREATE DATABASE … TEMPLATE`), dropped when it closes.
 *
 * `npm test` (test/run.mjs) starts one cluster per run and passes its URL in QUIRE_TEST_PG; a test
 * file run alone on PostgreSQL (QUIRE_TEST_STORE=postgres) starts its own for the process.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { openPostgresStore } from "../../src/storage/postgres/index.js";

/** The template every test database is copied from. */
export const TEMPLATE_DB = "quire_template";

export interface PgCluster {
  /** URL of database `db` on the cluster. */
  url(db: string): string;
  /** Stops the cluster and removes its directory. */
  stop(): void;
}

/** The newest installed PostgreSQL's binaries (Debian's /usr/lib/postgresql/<major>/bin), else one on PATH. */
const BIN = (() => {
  const debian = existsSync("/usr/lib/postgresql")
    ? readdirSync("/usr/lib/postgresql").filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a)).map((v) => `/usr/lib/postgresql/${v}/bin`)
    : [];
  const path = (process.env.PATH ?? "").split(":").filter(Boolean);
  return [...debian, ...path].find((d) => existsSync(join(d, "pg_ctl")) && existsSync(join(d, "initdb"))) ?? "";
})();

function asPostgres(cmd: string, args: string[]): void {
  const full = join(BIN, cmd);
  const isRoot = process.getuid?.() === 0;
  execFileSync(isRoot ? "runuser" : full, isRoot ? ["-u", "postgres", "--", full, ...args] : args, { stdio: "pipe" });
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** A temp directory `/tmp/quire-pg-*` the `postgres` user owns (when running as root). */
function ownedTempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "quire-pg-"));
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync("id", ["-u", "postgres"]).toString().trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"]).toString().trim());
    chownSync(dir, uid, gid);
  }
  return dir;
}

/** `pg_ctl` as the `postgres` user, ignoring failure (a stop of a server already stopped). */
function pgCtlQuiet(args: string[]): void {
  spawnSync(process.getuid?.() === 0 ? "runuser" : join(BIN, "pg_ctl"), [...(process.getuid?.() === 0 ? ["-u", "postgres", "--", join(BIN, "pg_ctl")] : []), ...args], { stdio: "ignore" });
}

/** The server options every throwaway cluster runs with. */
function serverOptions(dir: string, port: number): string {
  // fsync off: a throwaway cluster never outlives the machine; a killed Quire (crash tests) is not an OS crash.
  return `-c listen_addresses=127.0.0.1 -c port=${port} -k ${dir} -c fsync=off -c full_page_writes=off -c max_connections=400`;
}

/** Starts a cluster and migrates the template database. */
export async function startCluster(): Promise<PgCluster> {
  if (!BIN) throw new Error("PostgreSQL binaries (pg_ctl, initdb) not found: install postgresql (.ci/run does)");
  const dir = ownedTempDir();
  const data = join(dir, "data");
  const port = await freePort();
  asPostgres("initdb", ["-D", data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync"]);
  asPostgres("pg_ctl", ["-D", data, "-l", join(dir, "log"), "-o", serverOptions(dir, port), "-w", "start"]);
  const cluster: PgCluster = {
    url: (db) => `postgres://postgres@127.0.0.1:${port}/${db}`,
    stop() {
      pgCtlQuiet(["-D", data, "-m", "immediate", "-w", "stop"]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    await admin(cluster.url("postgres"), `CREATE DATABASE ${TEMPLATE_DB}`);
    const store = await openPostgresStore({ url: cluster.url(TEMPLATE_DB), maxConnections: 1 });
    await store.close();
  } catch (e) {
    cluster.stop();
    throw e;
  }
  return cluster;
}

/** A streaming standby of a cluster (hot standby: it answers reads), which a test may stop and start again. */
export interface PgStandby extends PgCluster {
  /** Stops the server (fast shutdown: its connections are cut), keeping its directory. */
  halt(): void;
  /** Starts it again after `halt`; it resumes streaming from the primary. */
  resume(): void;
}

/**
 * A standby of `primary`: `pg_basebackup -R` (initdb's trust rules admit replication from
 * loopback) into a temp directory, started on a free port with `hot_standby=on`. `-c fast`: the
 * default spread checkpoint made the copy wait up to two minutes.
 */
export async function startStandby(primary: PgCluster): Promise<PgStandby> {
  const dir = ownedTempDir();
  const data = join(dir, "data");
  const port = await freePort();
  const from = new URL(primary.url("postgres"));
  asPostgres("pg_basebackup", ["-h", from.hostname, "-p", from.port, "-U", "postgres", "-D", data, "-R", "-X", "stream", "-c", "fast", "--no-sync"]);
  const start = () => asPostgres("pg_ctl", ["-D", data, "-l", join(dir, "log"), "-o", `${serverOptions(dir, port)} -c hot_standby=on`, "-w", "start"]);
  start();
  return {
    url: (db) => `postgres://postgres@127.0.0.1:${port}/${db}`,
    halt: () => asPostgres("pg_ctl", ["-D", data, "-m", "fast", "-w", "stop"]),
    resume: start,
    stop() {
      pgCtlQuiet(["-D", data, "-m", "immediate", "-w", "stop"]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Creates database `name` on `cluster` as a copy of the migrated template. */
export async function createTestDatabase(cluster: PgCluster, name: string): Promise<string> {
  await admin(cluster.url("postgres"), `CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DB}`);
  return cluster.url(name);
}

async function admin(url: string, sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

let own: Promise<PgCluster> | null = null;

/** The admin URL (database `postgres`) of this run's cluster: QUIRE_TEST_PG, or one started for this process. */
async function clusterUrl(db: string): Promise<string> {
  const given = process.env.QUIRE_TEST_PG;
  if (given) {
    const u = new URL(given);
    u.pathname = `/${db}`;
    return u.toString();
  }
  own ??= startCluster().then((c) => {
    process.once("exit", () => c.stop());
    return c;
  });
  return (await own).url(db);
}

/** A database of its own for one test server: a copy of the migrated template, and how to drop it. */
export async function freshDatabase(name = `t_${randomBytes(6).toString("hex")}`): Promise<{ url: string; drop(): Promise<void> }> {
  const adminUrl = await clusterUrl("postgres");
  for (let attempt = 0; ; attempt++) {
    try {
      await admin(adminUrl, `CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DB}`);
      break;
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code === "42P04") break; // already there: a restart on the same data directory
      // 55006: the template is being copied by another CREATE DATABASE at this moment.
      if (code !== "55006" || attempt > 50) throw e;
      await new Promise((r) => setTimeout(r, 50 + Math.random() * 100));
    }
  }
  return {
    url: await clusterUrl(name),
    drop: () => admin(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

/** Which store this test pass runs on (test/run.mjs sets QUIRE_TEST_STORE per pass). */
export const TEST_STORE: "sqlite" | "postgres" = process.env.QUIRE_TEST_STORE === "postgres" ? "postgres" : "sqlite";
