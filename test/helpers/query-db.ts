/**
 * Test factories for the query engine: schemas, stored page rows in the documented format
 * (docs/design/database-values.md, with the idx projection from src/query), a real SQLite
 * store to insert them through, and both evaluators side by side.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { openSqliteStore } from "../../src/storage/sqlite.js";
import type { NodeRow, Store, StoredNode } from "../../src/storage/types.js";
import type { PropertySchema, PropertyType, SelectOption } from "../../src/domain/properties/schema.js";
import { compareRows, compileSqlite, evaluate, orderKey, projectIdx, queryRow, type CompiledQuery, type FilterNode, type OrderPosition, type SortKey } from "../../src/query/index.js";
import type { PlannerOptions } from "../../src/storage/planner/options.js";

export const WS = "00000000-0000-4000-8000-00000000aaaa";
export const USER = "00000000-0000-4000-8000-0000000000b1";

/** A property schema entry; select-like types get options named as given. */
export function prop(id: string, name: string, type: PropertyType, optionNames: string[] = []): PropertySchema {
  const options: SelectOption[] = optionNames.map((n, i) => ({ id: `${id}-o${i}`, name: n, color: "default", description: null }));
  return { id, name, description: null, type, config: type === "select" || type === "multi_select" || type === "status" ? { options } : {} };
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
  store: Store;
  db: Database.Database;
  /** Inserts a data source node with `schema` and its pages; returns the data source id. */
  insert(schema: PropertySchema[], pages: (dataSourceId: string) => NodeRow[]): Promise<{ id: string; rows: NodeRow[] }>;
  /** Ids the SQL answers, wrapped as the query route will wrap it. */
  sqlIds(dataSourceId: string, q: CompiledQuery): string[];
  close(): Promise<void>;
}

/**
 * A store on a temporary file (a second connection runs the compiled SELECTs; the store API
 * has no query method yet), migrated by openSqliteStore, written through tx.insertNodes.
 */
export async function openQueryDb(planner?: Partial<PlannerOptions>): Promise<QueryDb> {
  const dir = mkdtempSync(join(tmpdir(), "quire-query-"));
  const filename = join(dir, "q.db");
  const store = openSqliteStore({ filename, planner });
  const db = new Database(filename);
  const statements = new Map<string, Database.Statement>();
  return {
    store,
    db,
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
    sqlIds(dataSourceId, q) {
      const sql = `SELECT n.id FROM nodes n WHERE n.workspace_id = ? AND n.parent_id = ? AND n.type = 'page' AND n.in_trash = 0 AND (${q.where}) ORDER BY ${q.orderBy}, n.id`;
      let stmt = statements.get(sql);
      if (!stmt) {
        stmt = db.prepare(sql).pluck();
        if (statements.size < 500) statements.set(sql, stmt);
      }
      return stmt.all(WS, dataSourceId, ...q.params) as string[];
    },
    async close() {
      db.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
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

/** Both evaluators' answers, for comparing. */
export function bothIds(q: QueryDb, dataSourceId: string, rows: NodeRow[], filter: FilterNode | null, sorts: readonly SortKey[]) {
  const compiled = compileSqlite(filter, sorts);
  if (!compiled) throw new Error("filter needs memory evaluation");
  return { sql: q.sqlIds(dataSourceId, compiled), memory: memoryIds(rows, filter, sorts) };
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
