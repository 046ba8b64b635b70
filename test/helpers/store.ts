/**
 * The store a test pass runs on (QUIRE_TEST_STORE, set per pass by test/run.mjs): what a test
 * server needs to run on it. SQLite needs nothing; PostgreSQL gets a fresh database per server,
 * or one per data directory (a restart on the same directory finds its data again).
 */
import { createHash, randomBytes } from "node:crypto";
import { join, resolve } from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import type { QuireOptions } from "../../src/index.js";
import { freshDatabase, TEST_STORE } from "./pg.js";
import { forgetReads } from "../../src/storage/sqlite-owner.js";

export { TEST_STORE };

/** True in the PostgreSQL pass. */
export const onPostgres = TEST_STORE === "postgres";

/**
 * The secret key a PostgreSQL test server is given (QUIRE_SECRET_KEY; every node of a deployment
 * the same, src/secret-key.ts): one per data directory, so a restart on it opens what it sealed;
 * a fresh one without. test/sealed-credentials.test.ts starts servers without one.
 */
export function testSecretKey(dataDir?: string): string {
  if (dataDir === undefined) return randomBytes(32).toString("base64");
  return createHash("sha256").update(`quire test secret key ${resolve(dataDir)}`).digest("base64");
}

/** Options that put a test server on this pass's store, and what to remove when it closes. */
export async function pgOptions(opts: QuireOptions): Promise<{ options: Partial<QuireOptions>; drop(): Promise<void> }> {
  if (!onPostgres) return { options: {}, drop: async () => {} };
  // Nodes a test starts on one database share a key, derived from its URL.
  if (opts.databaseUrl) return { options: opts.secretKey || opts.secretKeyFile ? {} : { secretKey: testSecretKey(opts.databaseUrl) }, drop: async () => {} };
  if (opts.dataDir && !opts.memory) {
    // Kept for the life of the cluster: the directory may be opened again.
    const name = `d_${createHash("sha256").update(resolve(opts.dataDir)).digest("hex").slice(0, 16)}`;
    const db = await freshDatabase(name);
    return { options: { databaseUrl: db.url, secretKey: opts.secretKey ?? testSecretKey(opts.dataDir) }, drop: async () => {} };
  }
  const db = await freshDatabase();
  return { options: { databaseUrl: db.url, secretKey: opts.secretKey ?? testSecretKey() }, drop: db.drop };
}

/** The database URL a child process (CLI, serve.ts) should be given for `dataDir` in this pass, or undefined on SQLite. */
export async function childDatabaseUrl(dataDir?: string): Promise<string | undefined> {
  if (!onPostgres) return undefined;
  return (await pgOptions({ dataDir, memory: dataDir === undefined })).options.databaseUrl;
}

/**
 * Runs `sql` (placeholders `?`) directly on the store a data directory's server uses (its SQLite file, or its
 * PostgreSQL database in that pass): for tests that damage or rewind stored state behind the server.
 * A SQLite store open in this process forgets the reads it remembered (src/storage/sqlite-read-cache.ts).
 */
export async function execOnStore(dataDir: string, sql: string, params: unknown[] = []): Promise<void> {
  if (!onPostgres) {
    const db = new Database(join(dataDir, "quire.db"));
    db.pragma("busy_timeout = 5000");
    try {
      if (params.length > 0) db.prepare(sql).run(...params);
      else db.exec(sql);
    } finally {
      db.close();
    }
    // A hand edit behind a store open in this process: it forgets what it remembered of the file.
    forgetReads(join(dataDir, "quire.db"));
    return;
  }
  let n = 0;
  const c = new pg.Client({ connectionString: (await pgOptions({ dataDir })).options.databaseUrl });
  await c.connect();
  try {
    await c.query(sql.replace(/\?/g, () => `$${++n}`), params);
  } finally {
    await c.end();
  }
}

/** bigint columns as numbers, as the adapter reads them (src/storage/postgres/pool.ts). */
const pgTypes = {
  getTypeParser: (oid: number, format?: "text" | "binary") =>
    oid === pg.types.builtins.INT8 && format !== "binary" ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format as "text"),
};

/**
 * Rows of `sql` (placeholders `?`, portable SQL) read directly from a data directory's store,
 * for tests that check what was committed behind the server. JSON columns come back as text and
 * flags as 0/1 on SQLite, booleans on PostgreSQL.
 */
export async function queryOnStore<R = Record<string, any>>(dataDir: string, sql: string, params: unknown[] = []): Promise<R[]> {
  if (!onPostgres) {
    const db = new Database(join(dataDir, "quire.db"), { readonly: true, fileMustExist: true });
    try {
      return db.prepare(sql).all(...params) as R[];
    } finally {
      db.close();
    }
  }
  let n = 0;
  const c = new pg.Client({ connectionString: (await pgOptions({ dataDir })).options.databaseUrl, types: pgTypes });
  await c.connect();
  try {
    return (await c.query(sql.replace(/\?/g, () => `$${++n}`), params)).rows as R[];
  } finally {
    await c.end();
  }
}
