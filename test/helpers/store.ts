/**
 * The store a test pass runs on (QUIRE_TEST_STORE, set per pass by test/run.mjs): what a test
 * server needs to run on it. SQLite needs nothing; PostgreSQL gets a fresh database per server,
 * or one per data directory (a restart on the same directory finds its data again).
 */
import { createHash } from "node:crypto";
import { resolve } from "node:path";
import type { QuireOptions } from "../../src/index.js";
import { freshDatabase, TEST_STORE } from "./pg.js";

export { TEST_STORE };

/** True in the PostgreSQL pass. */
export const onPostgres = TEST_STORE === "postgres";

/** Options that put a test server on this pass's store, and what to remove when it closes. */
export async function pgOptions(opts: QuireOptions): Promise<{ options: Partial<QuireOptions>; drop(): Promise<void> }> {
  if (!onPostgres || opts.databaseUrl) return { options: {}, drop: async () => {} };
  if (opts.dataDir && !opts.memory) {
    // Kept for the life of the cluster: the directory may be opened again.
    const name = `d_${createHash("sha256").update(resolve(opts.dataDir)).digest("hex").slice(0, 16)}`;
    const db = await freshDatabase(name);
    return { options: { databaseUrl: db.url }, drop: async () => {} };
  }
  const db = await freshDatabase();
  return { options: { databaseUrl: db.url }, drop: db.drop };
}

/** The database URL a child process (CLI, serve.ts) should be given for `dataDir` in this pass, or undefined on SQLite. */
export async function childDatabaseUrl(dataDir?: string): Promise<string | undefined> {
  if (!onPostgres) return undefined;
  return (await pgOptions({ dataDir, memory: dataDir === undefined })).options.databaseUrl;
}
