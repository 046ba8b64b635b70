/**
 * bench:query's PostgreSQL side: the data set copied from its SQLite file into a PostgreSQL
 * store (through the store's ports, so PostgreSQL builds its own row keys, search entries and
 * jsonb copies), complete enough for a Quire to serve it over HTTP with the same token; and
 * each case's hand-written SQL in PostgreSQL's dialect, the ceiling on that backend.
 */
import type Database from "better-sqlite3";
import type { NodeRow, Page, Store, UserRow } from "../../src/storage/types.js";

/**
 * Meta entries a Quire reads at start to reuse a workspace (its dev integration, the admin key's
 * hash and the sealed admin key and dev token, keys); the sealed ones open only with the SQLite
 * data directory's secret key, which bench/query.ts hands the PostgreSQL Quire. A data set made
 * before sealing still holds `admin_key` and `dev_token` in clear (converted at the Quire's start).
 */
const SERVER_META = ["dev_integration_id", "admin_key", "dev_token", "admin_key_hash", "admin_key_sealed", "dev_token_sealed", "owner_user_id", "getting_started_page_id", "file_url_secret"];

/**
 * Copies the workspace's records from the SQLite store `from` into the PostgreSQL store `to`:
 * the workspace, its users, integrations and their shares, the meta a server reuses, then every
 * node (data sources and other nodes first, then the pages, 1,000 per unit). Answers seconds taken.
 */
export async function copyWorkspace(db: Database.Database, from: Store, ws: string, to: Store): Promise<number> {
  const started = performance.now();
  await from.read(async (src) => {
    const workspace = (await src.getWorkspace(ws))!;
    const users: UserRow[] = [];
    for (let next: string | null = null, first = true; first || next; first = false) {
      const page: Page<UserRow> = (await src.listUsers(ws, next, 100))!;
      users.push(...page.items);
      next = page.next;
    }
    const integrations = await src.listIntegrations(ws);
    const shares = await Promise.all(integrations.map((i) => src.listShares(ws, i.id)));
    const meta = await Promise.all(SERVER_META.map(async (k) => [k, await src.getMeta(k)] as const));
    await to.write(async (tx) => {
      await tx.insertWorkspace(workspace);
      for (const u of users) await tx.insertUser(u);
      for (const i of integrations) await tx.insertIntegration(i);
      for (const [n, list] of shares.entries()) for (const objectId of list) await tx.addShare(ws, integrations[n].id, objectId, Date.now());
      for (const [k, v] of meta) if (v !== null) await tx.setMeta(k, v);
    });
  });
  const parse = (v: unknown) => (v === null || v === undefined ? null : JSON.parse(v as string));
  const toRow = (r: Record<string, unknown>): NodeRow => ({
    ...(r as unknown as NodeRow),
    data: parse(r.data), properties: parse(r.properties), idx: parse(r.idx), icon: parse(r.icon), cover: parse(r.cover),
    in_trash: r.in_trash === 1, is_locked: r.is_locked === 1, is_archived: r.is_archived === 1,
  });
  for (const pages of [false, true]) {
    const slice = db.prepare(`SELECT * FROM nodes WHERE workspace_id = ? AND (type = 'page') = ? AND id > ? ORDER BY id LIMIT 1000`);
    for (let last = "", rows = slice.all(ws, pages ? 1 : 0, last) as Record<string, unknown>[]; rows.length > 0; rows = slice.all(ws, pages ? 1 : 0, last) as Record<string, unknown>[]) {
      await to.write((tx) => tx.insertNodes(rows.map(toRow)));
      last = rows[rows.length - 1].id as string;
    }
  }
  return (performance.now() - started) / 1000;
}

/** `?` placeholders numbered for PostgreSQL; a `?` inside a quoted literal (a property id may hold one) stays. */
export const numbered = (sql: string): string => {
  let i = 0;
  return sql.replace(/'(?:[^']|'')*'|\?/g, (m) => (m === "?" ? `$${++i}` : m));
};

/** The row base of the hand-written queries on PostgreSQL (the same rows as SQLite's). */
export const PG_ROW_BASE = `workspace_id = ? AND parent_id = ? AND type = 'page' AND NOT in_trash`;

/**
 * Builders of a case's hand-written SQL on PostgreSQL, over the jsonb copies `qprops`/`qidx`
 * an engineer finds in the schema (text compared in code point order, COLLATE "C", as Quire's).
 */
export function pgSqlParts(pid: Record<string, string>) {
  const key = (name: string) => `'${pid[name].replace(/'/g, "''")}'`;
  return {
    /** A stored property's JSON value. */
    P: (name: string) => `qprops -> ${key(name)}`,
    /** A stored property's value as text (select/status ids, the first element with `[0]`). */
    Ptext: (name: string, first = false) => (first ? `(qprops -> ${key(name)} ->> 0) COLLATE "C"` : `(qprops ->> ${key(name)}) COLLATE "C"`),
    Pnum: (name: string) => `(qprops ->> ${key(name)})::float8`,
    /** The idx projection's text (folded) of a property. */
    Itext: (name: string) => `(qidx ->> ${key(name)}) COLLATE "C"`,
    /** The idx projection's date start (epoch ms). */
    Idate: (name: string) => `(qidx -> ${key(name)} ->> 's')::float8`,
    /** The list property holds the string `?`. */
    has: (name: string) => `(qprops -> ${key(name)}) @> jsonb_build_array(?::text)`,
  };
}
