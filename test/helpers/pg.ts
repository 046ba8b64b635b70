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

/** Starts a cluster and migrates the template database. */
export async function startCluster(): Promise<PgCluster> {
  if (!BIN) throw new Error("PostgreSQL binaries (pg_ctl, initdb) not found: install postgresql (.ci/run does)");
  const dir = mkdtempSync(join(tmpdir(), "quire-pg-"));
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync("id", ["-u", "postgres"]).toString().trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"]).toString().trim());
    chownSync(dir, uid, gid);
  }
  const data = join(dir, "data");
  const port = await freePort();
  asPostgres("initdb", ["-D", data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync"]);
  // fsync off: a throwaway cluster never outlives the machine; a killed Quire (crash tests) is not an OS crash.
  const opts = `-c listen_addresses=127.0.0.1 -c port=${port} -k ${dir} -c fsync=off -c full_page_writes=off -c max_connections=400`;
  asPostgres("pg_ctl", ["-D", data, "-l", join(dir, "log"), "-o", opts, "-w", "start"]);
  const cluster: PgCluster = {
    url: (db) => `postgres://postgres@127.0.0.1:${port}/${db}`,
    stop() {
      spawnSync(process.getuid?.() === 0 ? "runuser" : join(BIN, "pg_ctl"), [
        ...(process.getuid?.() === 0 ? ["-u", "postgres", "--", join(BIN, "pg_ctl")] : []),
        "-D", data, "-m", "immediate", "-w", "stop",
      ], { stdio: "ignore" });
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
