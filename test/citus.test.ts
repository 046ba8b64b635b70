/**
 * Citus compatibility of the PostgreSQL schema, read from the catalog after every migration:
 * sharding by workspace (docs/SCALING.md) needs every primary key, unique index and foreign key
 * of a distributed table to include `workspace_id` (Citus refuses a unique constraint without
 * the distribution column). The exceptions are listed below, each with its reason; a new table
 * or index that breaks the rule fails here until it is fixed or justified in the list.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import pg from "pg";
import { openPostgresStore } from "../src/storage/postgres/index.js";
import { freshDatabase, TEST_STORE } from "./helpers/pg.js";

/** Tables that are not distributed by workspace, and why. */
const EXCEPTIONS: Record<string, string> = {
  quire_schema: "the migrations' version table: one row per migration, kept on the coordinator",
  meta: "server-wide settings (the file-URL secret, jobs' last turns): a Citus reference table, copied to every node",
  workspaces: "the distribution key's own table: its primary key `id` is the workspace id (distributed on it, co-located with the rest)",
  file_blobs: "uploads' bytes, keyed by upload id (the blob store knows no workspace): distributed by upload_id, co-located with file_blob_chunks, never joined with a workspace table",
  file_blob_chunks: "as file_blobs",
  accounts: "people's accounts (issue 12): one person has one user id and one email across every workspace, so the email → person map and the password are global; a Citus reference table, copied to every node (small, written rarely)",
  sessions: "sign-in sessions belong to a person, not a workspace (one session sees all of the person's workspaces): a Citus reference table like accounts, found by the hash of its id",
  signin_attempts: "sign-in rate limiting counts per email and per client address, before any workspace is known: a Citus reference table like accounts",
  link_preview_settings: "a public integration's link-preview settings (issue 13), keyed by its OAuth client like the client registry: a URL pasted in any workspace is matched against every integration's patterns before a workspace of theirs is known; a Citus reference table (small, written rarely)",
  webhook_subscriptions: "webhook subscriptions (issue 14): a public integration's subscription receives events from every workspace that installed it, found while writing in any of them; a Citus reference table like oauth_clients (small, written rarely)",
  quire_snapshots: "snapshots of the whole state (issue 15): a snapshot holds every workspace, so it belongs to none; a Citus reference table like meta (small count, written rarely)",
  quire_snapshot_tables: "as quire_snapshots: one row per snapshot and table, keyed by the snapshot's name",
  toolkit_faults: "injected faults (issue 15): server-wide rules matched on every /v1 request before its workspace is known; a Citus reference table like meta (a handful of rows, written by the control API and once per counted match)",
  toolkit_requests: "the request log (issue 15): every node's /v1 requests, server-wide and read by the admin key only; a Citus reference table like meta (bounded to the log's size, appended in batches; UNLOGGED)",
  oauth_clients: "public integrations' registry (issue 13): a public integration works in every workspace, and its client is found by client_id before any workspace is known (the token endpoint, the consent page); a Citus reference table like accounts (small, written rarely)",
};

const skip = TEST_STORE !== "postgres" && "the PostgreSQL schema is read in the PostgreSQL pass";

interface Key {
  table: string;
  name: string;
  kind: string;
  columns: string[];
}

/** Primary keys and unique indexes of the public schema, with their columns (an expression reads as "(expr)"). */
const UNIQUE = `
  SELECT c.relname AS table, i.relname AS name, CASE WHEN x.indisprimary THEN 'primary key' ELSE 'unique index' END AS kind,
         ARRAY(SELECT COALESCE(a.attname, '(expr)') FROM unnest(x.indkey::int2[]) WITH ORDINALITY k(n, o)
               LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.n ORDER BY k.o) AS columns
    FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class c ON c.oid = x.indrelid
    JOIN pg_namespace s ON s.oid = c.relnamespace
   WHERE s.nspname = 'public' AND x.indisunique`;

/** Foreign keys, with their columns on both sides. */
const FOREIGN = `
  SELECT c.relname AS table, f.conname AS name, 'foreign key to ' || r.relname AS kind,
         ARRAY(SELECT a.attname FROM unnest(f.conkey) k JOIN pg_attribute a ON a.attrelid = f.conrelid AND a.attnum = k)
      || ARRAY(SELECT 'referenced ' || a.attname FROM unnest(f.confkey) k JOIN pg_attribute a ON a.attrelid = f.confrelid AND a.attnum = k) AS columns
    FROM pg_constraint f JOIN pg_class c ON c.oid = f.conrelid JOIN pg_class r ON r.oid = f.confrelid
    JOIN pg_namespace s ON s.oid = c.relnamespace
   WHERE s.nspname = 'public' AND f.contype = 'f'`;

test("every primary key, unique index and foreign key includes workspace_id (exceptions listed with their reason)", { skip }, async () => {
  const db = await freshDatabase();
  try {
    await (await openPostgresStore({ url: db.url })).close();
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    try {
      const keys = [...(await c.query<Key>(UNIQUE)).rows, ...(await c.query<Key>(FOREIGN)).rows];
      assert.ok(keys.some((k) => k.table === "nodes"), "the catalog lists the migrated tables");
      const offending = keys.filter((k) => {
        if (EXCEPTIONS[k.table]) return false;
        const fk = k.kind.startsWith("foreign key");
        return !k.columns.includes("workspace_id") || (fk && !k.columns.includes("referenced workspace_id"));
      });
      assert.deepEqual(offending.map((k) => `${k.table}: ${k.kind} ${k.name} (${k.columns.join(", ")})`), []);
      const tables = (await c.query<{ t: string }>(`SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public'`)).rows.map((r) => r.t);
      const stale = Object.keys(EXCEPTIONS).filter((t) => !tables.includes(t));
      assert.deepEqual(stale, [], "an exception names a table that no longer exists: remove it");
      for (const t of tables.filter((t) => !EXCEPTIONS[t])) {
        const col = await c.query(`SELECT 1 FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1 AND column_name = 'workspace_id'`, [t]);
        assert.equal(col.rowCount, 1, `table ${t} has no workspace_id column to be distributed by`);
      }
    } finally {
      await c.end();
    }
  } finally {
    await db.drop();
  }
});
