/**
 * Test factories for the query engine: schemas, stored page rows in the documented format
 * (docs/design/database-values.md, with the idx projection from src/query), a real store of this
 * pass (SQLite, or PostgreSQL with QUIRE_TEST_STORE=postgres) to insert them through, and the
 * evaluators side by side: in memory, the compiled SQL over every row, and the planned query.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { openSqliteStore } from "../../src/storage/sqlite.js";
import { openPostgresStore } from "../../src/storage/postgres/index.js";
import type { NodeRow, Store, StoredNode } from "../../src/storage/types.js";
import type { PropertySchema, PropertyType, SelectOption } from "../../src/domain/properties/schema.js";
import { compareRows, evaluate, orderKey, projectIdx, queryRow, type FilterNode, type OrderPosition, type SortKey } from "../../src/query/index.js";
import type { PlannerOptions } from "../../src/storage/planner/options.js";
import { freshDatabase } from "./pg.js";
import { onPostgres } from "./store.js";

export const WS = "00000000-0000-4000-8000-00000000aaaa";
export const USER = "00000000-0000-4000-8000-0000000000b1";
/** A second person for people values ("me" is USER). */
export const OTHER_USER = "6b1f27b4-6d5c-4c1f-9d7c-2a7c9e0b1a11";
/** Related pages for relation values: `n` ids in a fixed order. */
export function relatedIds(n: number): string[] {
  return Array.from({ length: n }, (_, i) => `9a1f27b4-6d5c-4c1f-9d7c-2a7c9e0b1a${String(i).padStart(2, "0")}`);
}

/** A deterministic pseudo-random sequence in [0, 1): the same rows on every run. */
export function seededRandom(seed: number): () => number {
  return () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
}

/** A property schema entry; select-like types get options named as given. */
export function prop(id: string, name: string, type: PropertyType, optionNames: string[] = []): PropertySchema {
  const options: SelectOption[] = optionNames.map((n, i) => ({ id: `${id}-o${i}`, name: n, color: "default", description: null }));
  return { id, name, description: null, type, config: type === "select" || type === "multi_select" || type === "status" ? { options } : {} };
}

/**
 * A property of every filterable type with awkward ids (quotes, a backslash, dots, brackets, a
 * percent sign), as the filter tests (query-filters, compile-cases) query them; `choices` names
 * the options of the select-like ones and `notes` the rich-text property's id.
 */
export function typedProps(choices: { stage: string[]; tags: string[]; status: string[] }, notes = "n\"o\\tes") {
  return {
    name: prop("title", "Name", "title"),
    notes: prop(notes, "Notes", "rich_text"),
    count: prop("c.$[0]", "Count", "number"),
    done: prop("d'one", "Done", "checkbox"),
    stage: prop("stg", "Stage", "select", choices.stage),
    tags: prop("tg%", "Tags", "multi_select", choices.tags),
    status: prop("st", "Status", "status", choices.status),
    due: prop("du", "Due", "date"),
    owner: prop("ow", "Owner", "people"),
    files: prop("fi", "Files", "files"),
    link: prop("ln", "Link", "url"),
    mail: prop("ml", "Mail", "email"),
    phone: prop("ph", "Phone", "phone_number"),
    rel: prop("rl", "Rel", "relation"),
    created: prop("ct", "Created", "created_time"),
    edited: prop("et", "Edited", "last_edited_time"),
    author: prop("cb", "Author", "created_by"),
    editor: prop("eb", "Editor", "last_edited_by"),
    ticket: prop("ti", "Ticket", "unique_id"),
    verified: prop("vf", "Verified", "verification"),
  };
}

/** The option id of the option named `name` in a select-like property. */
export function opt(p: PropertySchema, name: string): string {
  const o = (p.config.options as SelectOption[]).find((x) => x.name === name);
  if (!o) throw new Error(`no option ${name}`);
  return o.id;
}

/** A rich text array in response form, one text item per piece. */
export function rt(...pieces: string[]): unknown[] {
  return pieces.map((content) => ({
    type: "text",
    text: { content, link: null },
    annotations: { bold: false, italic: false, strikethrough: false, underline: false, code: false, color: "default" },
    plain_text: content,
    href: null,
  }));
}

let seq = 0;
/** A uuid-shaped id from a counter (sorts in creation order). */
export function uid(n = ++seq): string {
  return `00000000-0000-4000-8000-${n.toString(16).padStart(12, "0")}`;
}

export interface PageSpec {
  id?: string;
  properties?: Record<string, unknown>;
  created_time?: number;
  last_edited_time?: number;
  created_by?: string;
  last_edited_by?: string;
}

/** A stored database page with its idx projection. */
export function pageRow(dataSourceId: string, schema: PropertySchema[], spec: PageSpec = {}): NodeRow {
  const properties = spec.properties ?? {};
  const created = spec.created_time ?? Date.UTC(2024, 0, 1);
  return {
    workspace_id: WS,
    id: spec.id ?? uid(),
    type: "page",
    parent_type: "data_source_id",
    parent_id: dataSourceId,
    position: 0,
    data: {},
    properties,
    idx: projectIdx(schema, properties),
    icon: null,
    cover: null,
    in_trash: false,
    is_locked: false,
    is_archived: false,
    created_time: created,
    created_by: spec.created_by ?? USER,
    last_edited_time: spec.last_edited_time ?? created,
    last_edited_by: spec.last_edited_by ?? USER,
  };
}

export interface QueryDb {
  /** The store with the planner under test. */
  store: Store;
  /** Inserts a data source node with `schema` and its pages; returns the data source id. */
  insert(schema: PropertySchema[], pages: (dataSourceId: string) => NodeRow[]): Promise<{ id: string; rows: NodeRow[] }>;
  /** Ids the compiled SQL answers over every row (a second store on the same database that always scans), unpaged. */
  sqlIds(dataSourceId: string, filter: FilterNode | null, sorts: readonly SortKey[]): Promise<string[]>;
  /** Another store on the same database (its start rebuilds the row keys when their version differs); close it. */
  reopen(planner?: Partial<PlannerOptions>): Promise<Store>;
  /** Runs SQL on the database (`?` placeholders; numbered for PostgreSQL); answers the rows. */
  sql(text: string, ...params: unknown[]): Promise<Record<string, unknown>[]>;
  /** Forgets every row key, as a database from before the index (the next start rebuilds them). */
  forgetRowKeys(): Promise<void>;
  close(): Promise<void>;
}

/** The database behind a QueryDb: where stores open and how SQL runs on it. */
interface Backend {
  open(planner?: Partial<PlannerOptions>): Promise<Store>;
  sql(text: string, params: unknown[]): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

async function sqliteBackend(): Promise<Backend> {
  const dir = mkdtempSync(join(tmpdir(), "quire-query-"));
  const filename = join(dir, "q.db");
  const db = new Database(filename);
  return {
    open: async (planner) => openSqliteStore({ filename, planner }),
    sql: async (text, params) => {
      const st = db.prepare(text);
      return st.reader ? (st.all(...params) as Record<string, unknown>[]) : (st.run(...params), []);
    },
    close: async () => {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function postgresBackend(): Promise<Backend> {
  const db = await freshDatabase();
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  return {
    open: (planner) => openPostgresStore({ url: db.url, planner, maxConnections: 4 }),
    sql: async (text, params) => {
      let i = 0;
      return (await client.query(text.replace(/\?/g, () => `$${++i}`), params)).rows;
    },
    close: async () => {
      await client.end();
      await db.drop();
    },
  };
}

/**
 * A store of this pass on a fresh database, migrated by its adapter, written through
 * tx.insertNodes; `planner` thresholds for the store under test.
 */
export async function openQueryDb(planner?: Partial<PlannerOptions>): Promise<QueryDb> {
  const backend = onPostgres ? await postgresBackend() : await sqliteBackend();
  const store = await backend.open(planner);
  const scanning = await backend.open({ scanBelowRows: Number.MAX_SAFE_INTEGER });
  return {
    store,
    async insert(schema, pages) {
      const id = uid();
      const rows = pages(id);
      await store.write(async (tx) => {
        await tx.insertNodes([{
          workspace_id: WS, id, type: "data_source", parent_type: "database_id", parent_id: uid(), position: 0,
          data: { properties: schema }, properties: null, icon: null, cover: null, in_trash: false, is_locked: false,
          is_archived: false, created_time: 0, created_by: USER, last_edited_time: 0, last_edited_by: USER,
        }, ...rows]);
      });
      return { id, rows };
    },
    async sqlIds(dataSourceId, filter, sorts) {
      const ids = await scanning.read((tx) => tx.queryRowIds(WS, dataSourceId, { filter, sorts, trashed: false, offset: 0, limit: 100_000 }, null));
      if (ids === null) throw new Error("filter needs memory evaluation");
      return ids;
    },
    reopen: (p) => backend.open(p),
    sql: (text, ...params) => backend.sql(text, params),
    async forgetRowKeys() {
      await backend.sql(`DELETE FROM row_keys`, []);
      await backend.sql(onPostgres ? `UPDATE nodes SET key_list = NULL, qprops = NULL, qidx = NULL` : `UPDATE nodes SET key_list = NULL`, []);
      await backend.sql(`DELETE FROM meta WHERE key = 'row_keys'`, []);
    },
    async close() {
      await scanning.close();
      await store.close();
      await backend.close();
    },
  };
}

/** Ids the in-memory evaluator answers for the same rows. */
export function memoryIds(rows: NodeRow[], filter: FilterNode | null, sorts: readonly SortKey[]): string[] {
  return rows
    .map((r) => queryRow(r))
    .filter((r) => (filter ? evaluate(filter, r) : true))
    .sort((a, b) => compareRows(sorts, a, b))
    .map((r) => r.id);
}

/** Both evaluators' answers, for comparing: the compiled SQL over every row, and memory. */
export async function bothIds(q: QueryDb, dataSourceId: string, rows: NodeRow[], filter: FilterNode | null, sorts: readonly SortKey[]) {
  return { sql: await q.sqlIds(dataSourceId, filter, sorts), memory: memoryIds(rows, filter, sorts) };
}

/**
 * Ids the store answers (Tx.queryRows, planned by src/storage/planner/plan.ts), page by page:
 * each page starts at the cursor row the previous one named, as the query route pages.
 */
export async function plannedIds(store: Store, dataSourceId: string, filter: FilterNode | null, sorts: readonly SortKey[], pageSize: number, trashed = false): Promise<string[]> {
  const out: string[] = [];
  let at: OrderPosition | null = null;
  for (let guard = 0; guard < 10_000; guard++) {
    const from: OrderPosition | null = at;
    const rows: StoredNode[] | null = await store.read((tx) => tx.queryRows(WS, dataSourceId, { filter, sorts, trashed, offset: 0, limit: pageSize + 1 }, from));
    if (rows === null) throw new Error("filter needs memory evaluation");
    out.push(...rows.slice(0, pageSize).map((r) => r.id));
    if (rows.length <= pageSize) return out;
    const next: StoredNode = rows[pageSize];
    at = { id: next.id, key: orderKey(sorts, queryRow(next)) };
  }
  throw new Error("paging did not end");
}
