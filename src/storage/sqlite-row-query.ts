/**
 * The key-index port (src/storage/planner/key-index.ts) in SQLite SQL: one query's index reads
 * over `row_keys` and its compiled WHERE / ORDER BY (src/query/compile.ts, sqliteDialect) over
 * `nodes`. Plans are chosen in src/storage/planner/plan.ts.
 */
import type Database from "better-sqlite3";
import type { OrderPosition } from "../query/ast.js";
import { compileBefore } from "../query/compile.js";
import { sqliteDialect } from "../query/dialect.js";
import type { KeyRead, KeyValue, Lookup, QuerySource } from "./planner/key-index.js";
import type { RowQuery } from "./records.js";
import { CompiledQuerySource, compileForSource, type SourceContext } from "./planner/compiled-source.js";

/**
 * The primary key of row_keys (by name and value), named: with an EXISTS probe beside it SQLite
 * may otherwise walk row_keys_node over every entry of the data source (seconds instead of ms).
 */
const BY_VALUE = "sqlite_autoindex_row_keys_1";

/** What a query source needs of the adapter's state for its data source. */
export interface SqliteQueryContext extends SourceContext {
  prepared(sql: string): Database.Statement;
  ws: string;
  dsId: string;
  /** The FROM clause that reads every row of the data source fastest (sqlite-rows.ts scanSource). */
  from: string;
  /** Leaves the data source's templates out of scans (row_keys never holds them). */
  templates: { sql: string; params: unknown[] };
}

/** `v IN (…)`, any value (but some), or a numeric range on the column `v`, with its values. */
export function lookupWhere(l: Lookup, v = "v"): { where: string; params: unknown[] } {
  if (l.values) return { where: `${v} IN (${l.values.map(() => "?").join(", ")})`, params: [...l.values] };
  if (l.any) return l.any.except.length ? { where: `${v} NOT IN (${l.any.except.map(() => "?").join(", ")})`, params: [...l.any.except] } : { where: "1", params: [] };
  const parts: string[] = [];
  const params: unknown[] = [];
  // Numbers sort before text in SQLite: bound both ends so text never passes for a number.
  parts.push(l.lo ? `${v} ${l.lo.incl ? ">=" : ">"} ?` : `${v} >= ?`);
  params.push(l.lo ? l.lo.v : -Number.MAX_VALUE);
  parts.push(l.hi ? `${v} ${l.hi.incl ? "<=" : "<"} ?` : `${v} <= ?`);
  params.push(l.hi ? l.hi.v : Number.MAX_VALUE);
  return { where: parts.join(" AND "), params };
}

/** A SQL fragment (` AND [NOT] EXISTS …` per probe, on the node column `node`) and its values. */
function probeSql(scope: number, probes: readonly Lookup[], node = "g.node"): { sql: string; params: unknown[] } {
  let sql = "";
  const params: unknown[] = [];
  for (const l of probes) {
    const { where, params: values } = lookupWhere(l, "k.v");
    // A probe of given values seeks (name, v, node) in the primary key: the probes of one walk
    // all land in those values' few pages, where row_keys_node's would land anywhere in the
    // data source's entries (3–4× the CPU per probe on 100,000 rows; docs/PERFORMANCE.md,
    // "The last slow 100,000-row queries"). A range of values has no such key: row_keys_node.
    const index = l.values ? BY_VALUE : "row_keys_node";
    sql += ` AND ${l.absent ? "NOT " : ""}EXISTS (SELECT 1 FROM row_keys k INDEXED BY ${index} WHERE k.scope = ? AND k.name = ? AND ${where} AND k.node = ${node})`;
    params.push(scope, l.name, ...values);
  }
  return { sql, params };
}

/** Opens one query over SQLite; null when it needs memory (formulas, rollups). */
export function openSqliteQuery(cx: SqliteQueryContext, q: RowQuery, at: OrderPosition | null): QuerySource | null {
  const compiled = compileForSource(sqliteDialect, q);
  return compiled && new SqliteQuerySource(cx, q, at, compiled);
}

class SqliteQuerySource extends CompiledQuerySource<SqliteQueryContext> implements QuerySource {

  /** The condition that keeps rows at or after the cursor (its values onto `params`). */
  private notBefore(params: unknown[]): string {
    if (!this.at) return sqliteDialect.true;
    const before = compileBefore(sqliteDialect, this.q.sorts, this.at, params);
    return before === null ? sqliteDialect.true : `NOT ${sqliteDialect.orFalse(before)}`;
  }

  async countUpTo(l: Lookup, cap: number): Promise<number> {
    const { where, params } = lookupWhere(l);
    return this.cx.prepared(`SELECT count(*) FROM (SELECT 1 FROM row_keys INDEXED BY ${BY_VALUE} WHERE scope = ? AND name = ? AND ${where} LIMIT ?)`).pluck()
      .get(this.scope, l.name, ...params, cap) as number;
  }

  async nodes(l: Lookup, probes: readonly Lookup[]): Promise<string[]> {
    const { where, params } = lookupWhere(l, "g.v");
    const p = probeSql(this.scope, probes);
    return this.cx.prepared(`SELECT DISTINCT g.node FROM row_keys g INDEXED BY ${BY_VALUE} WHERE g.scope = ? AND g.name = ? AND ${where}${p.sql}`).pluck()
      .all(this.scope, l.name, ...params, ...p.params) as string[];
  }

  async nodesLacking(l: Lookup, probes: readonly Lookup[], missing: string): Promise<string[]> {
    const { where, params } = lookupWhere(l, "g.v");
    const p = probeSql(this.scope, probes);
    return this.cx.prepared(
      `SELECT DISTINCT g.node FROM row_keys g INDEXED BY ${BY_VALUE} WHERE g.scope = ? AND g.name = ? AND ${where}${p.sql}` +
        ` AND NOT EXISTS (SELECT 1 FROM row_keys e INDEXED BY row_keys_node WHERE e.scope = ? AND e.node = g.node AND e.name = ?)`,
    ).pluck().all(this.scope, l.name, ...params, ...p.params, this.scope, missing) as string[];
  }

  async read(name: string, read: KeyRead, probes: readonly Lookup[], limit: number | null): Promise<[KeyValue, string][]> {
    let where: string;
    let order: string;
    let params: unknown[];
    if (read.kind === "group") {
      where = `g.v = ? AND g.node ${read.inclusive ? ">=" : ">"} ?`;
      order = "g.node";
      params = [read.value, read.after];
    } else {
      where = read.value === null ? "1" : `g.v ${read.desc ? "<" : ">"} ?`;
      order = read.desc ? "g.v DESC, g.node DESC" : "g.v, g.node";
      params = read.value === null ? [] : [read.value];
    }
    const p = probeSql(this.scope, probes);
    const sql = `SELECT g.v, g.node FROM row_keys g INDEXED BY ${BY_VALUE} WHERE g.scope = ? AND g.name = ? AND ${where}${p.sql} ORDER BY ${order}${limit === null ? "" : " LIMIT ?"}`;
    return this.cx.prepared(sql).raw().all(this.scope, name, ...params, ...p.params, ...(limit === null ? [] : [limit])) as [KeyValue, string][];
  }

  async entries(ids: readonly string[], names: readonly string[]): Promise<[string, string, KeyValue][]> {
    return this.cx.prepared(
      `SELECT k.node, k.name, k.v FROM json_each(?) j CROSS JOIN row_keys k INDEXED BY row_keys_node ON k.scope = ? AND k.node = j.value AND k.name IN (${names.map(() => "?").join(", ")})`,
    ).raw().all(JSON.stringify(ids), this.scope, ...names) as [string, string, KeyValue][];
  }

  async scan(offset: number, firstKeyEmpty: boolean, limit: number): Promise<string[]> {
    const params: unknown[] = [];
    const nb = this.notBefore(params);
    const extra = firstKeyEmpty && this.firstExpr !== null ? ` AND (${this.firstExpr}) IS NULL` : "";
    const { ws, dsId, templates } = this.cx;
    // Ids first (a narrow sort), then the page's rows: sorting whole rows cost 4× as much.
    // Rows in the trash come from the partial index of trashed nodes (few, as a rule); its
    // condition must be written out for SQLite to use it.
    const from = this.q.trashed ? `nodes n INDEXED BY nodes_trashed` : this.cx.from;
    const base = `n.workspace_id = ? AND n.parent_id = ? AND n.type = 'page' AND n.in_trash = ${this.q.trashed ? 1 : 0}${templates.sql}`;
    const sql = `SELECT n.id FROM ${from} WHERE ${base} AND (${this.c.where}) AND ${nb}${extra} ORDER BY ${this.c.orderBy}, n.id LIMIT ? OFFSET ?`;
    return this.cx.prepared(sql).pluck().all(ws, dsId, ...templates.params, ...this.c.params, ...params, limit, offset) as string[];
  }

  async among(ids: readonly string[], limit: number): Promise<string[]> {
    if (ids.length === 0) return [];
    const params: unknown[] = [];
    const nb = this.notBefore(params);
    const sql = `SELECT n.id FROM nodes n WHERE n.workspace_id = ? AND n.id IN (SELECT value FROM json_each(?)) AND n.parent_id = ? AND n.type = 'page' AND n.in_trash = ? AND (${this.c.where}) AND ${nb} ORDER BY ${this.c.orderBy}, n.id LIMIT ?`;
    return this.cx.prepared(sql).pluck().all(this.cx.ws, JSON.stringify(ids), this.cx.dsId, this.q.trashed ? 1 : 0, ...this.c.params, ...params, limit) as string[];
  }
}
