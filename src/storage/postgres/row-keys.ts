/**
 * The row-key index on PostgreSQL (schema: postgres/schema.ts, migration 2): entries
 * (workspace_id, scope, name, vn | vt, node), a number in `vn` or text in `vt`. This file keeps
 * them in step with node writes — in the writing unit, batch by batch — together with each
 * database page's jsonb copies (`qprops`, `qidx`) that compiled filters read, and rebuilds them
 * all when ROW_KEYS_VERSION changes. What the entries mean: src/storage/planner/row-keys.ts.
 */
import type pg from "pg";
import { projectIdx, type KeyedProperty, type RowKey } from "../../query/values.js";
import { EMPTY_NAMES_FROM, ROW_KEYS_VERSION, emptyNamesAdded, indexedSchema, isDataSourcePage, keyChanges, keysOfRow, listedKeys, storedKeys } from "../planner/row-keys.js";
import type { KeyValue, Lookup } from "../planner/key-index.js";
import type { NodeRow } from "../records.js";
import { parse } from "./json.js";
import type { PgSession } from "./session.js";

/** Placeholders for one statement: `add(v)` binds a value and answers `$n`. */
export class Params {
  readonly values: unknown[];
  constructor(initial: readonly unknown[] = []) {
    this.values = [...initial];
  }
  add(v: unknown, cast = ""): string {
    this.values.push(v);
    return `$${this.values.length}${cast}`;
  }
}

/** The condition "the entry's value is v" on alias `k` (both columns named, as the unique index orders them). */
export function valueIs(k: string, v: KeyValue, p: Params): string {
  return typeof v === "number" ? `${k}.vn = ${p.add(v)} AND ${k}.vt IS NULL` : `${k}.vn IS NULL AND ${k}.vt = ${p.add(v)}`;
}

/** The condition of a lookup on alias `k`: one of its values, any value but some, or its numeric range. */
export function lookupCond(k: string, l: Lookup, p: Params): string {
  if (l.any) return l.any.except.length ? `NOT (${k}.vn IS NULL AND ${k}.vt = ANY(${p.add([...l.any.except], "::text[]")}))` : "TRUE";
  if (l.values) {
    const nums = l.values.filter((v): v is number => typeof v === "number");
    const texts = l.values.filter((v): v is string => typeof v === "string");
    const parts: string[] = [];
    if (nums.length) parts.push(`(${k}.vn = ANY(${p.add(nums, "::float8[]")}) AND ${k}.vt IS NULL)`);
    if (texts.length) parts.push(`(${k}.vn IS NULL AND ${k}.vt = ANY(${p.add(texts, "::text[]")}))`);
    return parts.length ? `(${parts.join(" OR ")})` : "FALSE";
  }
  const parts = [`${k}.vn IS NOT NULL`];
  if (l.lo) parts.push(`${k}.vn ${l.lo.incl ? ">=" : ">"} ${p.add(l.lo.v)}`);
  if (l.hi) parts.push(`${k}.vn ${l.hi.incl ? "<=" : "<"} ${p.add(l.hi.v)}`);
  return `(${parts.join(" AND ")})`;
}

/** The value of an entry row. */
export const entryValue = (r: { vn: number | null; vt: string | null }): KeyValue => (r.vn ?? r.vt) as KeyValue;

/** Strings as jsonb takes them: without NUL and with lone surrogates replaced (the query copy only). */
function jsonbSafe(v: unknown): unknown {
  if (typeof v === "string") return v.replace(/\u0000/g, "").replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD");
  if (Array.isArray(v)) return v.map(jsonbSafe);
  if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [jsonbSafe(k) as string, jsonbSafe(x)]));
  return v;
}

/** What a page's `key_list` holds: the scope its entries are in and the entries. */
interface KeyList {
  s: number;
  k: RowKey[];
}

/** Per-store caches of the rows port (schemas by their text). */
export class SchemaCache {
  private readonly byKey = new Map<string, { text: string; schema: KeyedProperty[] }>();

  /** The data source's indexed schema from its stored `data` text. */
  of(ws: string, dsId: string, text: string | null): KeyedProperty[] {
    if (text === null) return [];
    const key = `${ws}/${dsId}`;
    const known = this.byKey.get(key);
    if (known && known.text === text) return known.schema;
    const schema = indexedSchema(parse(text));
    if (this.byKey.size > 200) this.byKey.clear();
    this.byKey.set(key, { text, schema });
    return schema;
  }
}

/** The data source's scope, made when `create` and it has none. */
export async function scopeOf(s: PgSession, ws: string, dsId: string, create: boolean): Promise<number | null> {
  const get = () => s.one<{ scope: number }>(`SELECT scope FROM row_scopes WHERE workspace_id = $1 AND data_source_id = $2`, [ws, dsId]);
  const r = await get();
  if (r || !create) return r ? r.scope : null;
  await s.exec(`INSERT INTO row_scopes (workspace_id, data_source_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [ws, dsId]);
  return (await get())!.scope;
}

/**
 * Brings the entries and jsonb copies of written nodes in step (after nodes.ts wrote them, in
 * the same unit). `inserted`: new nodes; else updates, whose old entries `key_list` names.
 * `templates`: page ids known to be templates (null: look them up).
 */
export async function syncRowKeys(s: PgSession, schemas: SchemaCache, rows: readonly NodeRow[], inserted: boolean, templates: ReadonlySet<string> | null = null): Promise<void> {
  const pages = rows.filter((r) => r.type === "page");
  for (const ws of new Set(pages.map((r) => r.workspace_id))) await syncWorkspace(s, schemas, ws, pages.filter((r) => r.workspace_id === ws), inserted, templates);
}

async function syncWorkspace(s: PgSession, schemas: SchemaCache, ws: string, pages: NodeRow[], inserted: boolean, known: ReadonlySet<string> | null): Promise<void> {
  const ids = pages.map((r) => r.id);
  const old = new Map<string, KeyList>();
  let templates = known ?? new Set<string>();
  if (!inserted) {
    for (const r of await s.query<{ id: string; key_list: string | null }>(`SELECT id, key_list FROM nodes WHERE workspace_id = $1 AND id = ANY($2::text[]) AND key_list IS NOT NULL`, [ws, ids]))
      old.set(r.id, JSON.parse(r.key_list!) as KeyList);
    // "Empty" entries are not listed (planner/row-keys.ts isEmptyEntry): the index says which each row has.
    if (old.size > 0) {
      const listed = [...old.keys()];
      const empty = new Map<string, string[]>();
      for (const r of await s.query<{ node: string; name: string }>(
        `SELECT k.node, k.name FROM row_keys k JOIN unnest($2::text[], $3::bigint[]) AS o(node, scope) ON k.workspace_id = $1 AND k.scope = o.scope AND k.node = o.node
          WHERE starts_with(k.name, '${EMPTY_NAMES_FROM}')`,
        [ws, listed, listed.map((id) => old.get(id)!.s)],
      )) empty.set(r.node, [...(empty.get(r.node) ?? []), r.name]);
      for (const [id, list] of old) old.set(id, { s: list.s, k: storedKeys(list.k, empty.get(id) ?? []) });
    }
    if (!known) templates = new Set((await s.query<{ page_id: string }>(`SELECT page_id FROM page_templates WHERE workspace_id = $1 AND page_id = ANY($2::text[])`, [ws, ids])).map((r) => r.page_id));
  }
  const sources = [...new Set(pages.filter(isDataSourcePage).map((r) => r.parent_id!))];
  const data = new Map((await s.query<{ id: string; data: string }>(`SELECT id, data FROM nodes WHERE workspace_id = $1 AND id = ANY($2::text[])`, [ws, sources])).map((r) => [r.id, r.data]));
  const scopes = new Map<string, number>();
  for (const ds of sources) scopes.set(ds, (await scopeOf(s, ws, ds, true))!);
  const del: [number, string, RowKey][] = [];
  const ins: [number, string, RowKey][] = [];
  const lists: (string | null)[] = [];
  for (const row of pages) {
    const isRow = isDataSourcePage(row) && !templates.has(row.id);
    const after = isRow ? { scope: scopes.get(row.parent_id!)!, keys: keysOfRow(schemas.of(ws, row.parent_id!, data.get(row.parent_id!) ?? null), row) } : null;
    const had = old.get(row.id);
    const { remove, add } = keyChanges(had ? { scope: had.s, keys: had.k } : null, after);
    for (const k of remove) del.push([had!.s, row.id, k]);
    for (const k of add) ins.push([after!.scope, row.id, k]);
    lists.push(after ? JSON.stringify({ s: after.scope, k: listedKeys(after.keys) }) : null);
  }
  await writeEntries(s, ws, del, "delete");
  await writeEntries(s, ws, ins, "insert");
  const rowsOf = pages.map((r) => isDataSourcePage(r));
  await s.exec(
    `UPDATE nodes n SET key_list = u.kl, qprops = u.qp::jsonb, qidx = u.qi::jsonb
       FROM unnest($2::text[], $3::text[], $4::text[], $5::text[]) AS u(id, kl, qp, qi)
      WHERE n.workspace_id = $1 AND n.id = u.id`,
    [ws, ids, lists, pages.map((r, i) => (rowsOf[i] ? JSON.stringify(jsonbSafe(r.properties ?? {})) : null)), pages.map((r, i) => (rowsOf[i] ? JSON.stringify(r.idx ?? {}) : null))],
  );
}

/**
 * Before a data source's node is updated: list properties its stored schema lacks give every row
 * (trashed ones too; templates have no `key_list` and no entries) an "empty" entry — one
 * `INSERT … SELECT` whatever the row count; `key_list` does not list it, so no row's node is
 * rewritten (planner/row-keys.ts emptyNamesAdded).
 * A data source that never had a row, or whose schema gained no list property, costs one read.
 */
export async function addEmptyEntries(s: PgSession, schemas: SchemaCache, ds: NodeRow): Promise<void> {
  const ws = ds.workspace_id;
  const r = await s.one<{ data: string; scope: string | number | null }>(
    `SELECT n.data, (SELECT scope FROM row_scopes WHERE workspace_id = $1 AND data_source_id = $2) AS scope FROM nodes n WHERE n.workspace_id = $1 AND n.id = $2`,
    [ws, ds.id],
  );
  if (!r || r.scope === null) return;
  const names = emptyNamesAdded(schemas.of(ws, ds.id, r.data), indexedSchema(ds.data));
  if (names.length === 0) return;
  const rows = `WHERE n.workspace_id = $1 AND n.parent_id = $2 AND n.type = 'page' AND n.key_list IS NOT NULL`;
  await s.exec(
    `INSERT INTO row_keys (workspace_id, scope, name, vn, vt, node)
       SELECT $1, $3, e.name, 1, NULL, n.id FROM nodes n CROSS JOIN unnest($4::text[]) AS e(name) ${rows} ON CONFLICT DO NOTHING`,
    [ws, ds.id, Number(r.scope), names],
  );
}

/** Deletes or inserts entries in one statement (arrays unnested side by side). */
async function writeEntries(s: PgSession, ws: string, entries: [number, string, RowKey][], op: "delete" | "insert"): Promise<void> {
  if (entries.length === 0) return;
  const cols = [
    entries.map((e) => e[0]),
    entries.map((e) => e[2][0]),
    entries.map((e) => (typeof e[2][1] === "number" ? e[2][1] : null)),
    entries.map((e) => (typeof e[2][1] === "string" ? e[2][1] : null)),
    entries.map((e) => e[1]),
  ];
  const from = `unnest($2::bigint[], $3::text[], $4::float8[], $5::text[], $6::text[]) AS e(scope, name, vn, vt, node)`;
  if (op === "insert") {
    await s.exec(`INSERT INTO row_keys (workspace_id, scope, name, vn, vt, node) SELECT $1, e.scope, e.name, e.vn, e.vt, e.node FROM ${from} ON CONFLICT DO NOTHING`, [ws, ...cols]);
  } else {
    await s.exec(
      `DELETE FROM row_keys k USING ${from} WHERE k.workspace_id = $1 AND k.scope = e.scope AND k.node = e.node AND k.name = e.name
         AND k.vn IS NOT DISTINCT FROM e.vn AND k.vt IS NOT DISTINCT FROM e.vt`,
      [ws, ...cols],
    );
  }
}

/**
 * Rebuilds every row's entries, `idx` and jsonb copies when the stored key version is not
 * ROW_KEYS_VERSION (a database from before the index, or a new meaning): one transaction under
 * an advisory lock, so of several nodes starting together one rebuilds and the others find it done.
 */
export async function rebuildRowKeysIfNeeded(pool: pg.Pool, session: (c: pg.PoolClient) => PgSession): Promise<void> {
  const c = await pool.connect();
  try {
    await c.query("BEGIN");
    try {
      await c.query(`SELECT pg_advisory_xact_lock(hashtextextended('quire:row_keys', 0))`);
      const v = await c.query<{ value: string }>(`SELECT value FROM meta WHERE key = 'row_keys'`);
      if (v.rows[0]?.value !== ROW_KEYS_VERSION) await rebuildAll(session(c));
      await c.query("COMMIT");
    } catch (e) {
      await c.query("ROLLBACK");
      throw e;
    }
  } finally {
    c.release();
  }
}

async function rebuildAll(s: PgSession): Promise<void> {
  await s.exec(`DELETE FROM row_keys`);
  await s.exec(`UPDATE nodes SET key_list = NULL, qprops = NULL, qidx = NULL WHERE key_list IS NOT NULL OR qprops IS NOT NULL`);
  const schemas = new SchemaCache();
  // In slices along the primary key: a large database never sits in memory whole.
  let from: [string, string] = ["", ""];
  for (;;) {
    const slice = await s.query(
      `SELECT * FROM nodes WHERE (workspace_id, id) > ($1, $2) AND type = 'page' AND parent_type = 'data_source_id' ORDER BY workspace_id, id LIMIT 1000`,
      from,
    );
    if (slice.length === 0) break;
    for (const ws of new Set(slice.map((r) => r.workspace_id as string))) {
      const rows = slice.filter((r) => r.workspace_id === ws).map((r) => ({ ...r, properties: parse(r.properties), idx: null }) as unknown as NodeRow);
      const templates = new Set((await s.query<{ page_id: string }>(`SELECT page_id FROM page_templates WHERE workspace_id = $1 AND page_id = ANY($2::text[])`, [ws, rows.map((r) => r.id)])).map((r) => r.page_id));
      const data = new Map((await s.query<{ id: string; data: string }>(`SELECT id, data FROM nodes WHERE workspace_id = $1 AND id = ANY($2::text[])`, [ws, [...new Set(rows.map((r) => r.parent_id!))]])).map((r) => [r.id, r.data]));
      // The idx projection is derived the same way, so it is brought up to date with the keys.
      for (const r of rows) r.idx = projectIdx(schemas.of(ws, r.parent_id!, data.get(r.parent_id!) ?? null), r.properties);
      await s.exec(`UPDATE nodes n SET idx = u.idx FROM unnest($2::text[], $3::text[]) AS u(id, idx) WHERE n.workspace_id = $1 AND n.id = u.id`, [ws, rows.map((r) => r.id), rows.map((r) => JSON.stringify(r.idx))]);
      await syncRowKeys(s, schemas, rows, true, templates);
    }
    const last = slice[slice.length - 1];
    from = [last.workspace_id as string, last.id as string];
  }
  await s.exec(`INSERT INTO meta (key, value) VALUES ('row_keys', $1) ON CONFLICT (key) DO UPDATE SET value = excluded.value`, [ROW_KEYS_VERSION]);
}
