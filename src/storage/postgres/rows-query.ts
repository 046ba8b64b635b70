/**
 * The key-index port (src/storage/planner/key-index.ts) in PostgreSQL SQL: one query's reads of
 * `row_keys` (postgres/row-keys.ts) and its compiled WHERE / ORDER BY (src/query/compile.ts,
 * postgresDialect) over `nodes`. Plans are chosen in src/storage/planner/plan.ts.
 */
import type { OrderPosition } from "../../query/ast.js";
import { compileBefore } from "../../query/compile.js";
import { postgresDialect as d } from "../../query/dialect-postgres.js";
import type { KeyRead, KeyValue, Lookup, QuerySource, WalkFrom, WalkResult } from "../planner/key-index.js";
import type { RowQuery } from "../records.js";
import { CompiledQuerySource, compileForSource, type SourceContext } from "../planner/compiled-source.js";
import { Params, entryValue, lookupCond, valueIs } from "./row-keys.js";
import type { PgSession, Row } from "./session.js";
import { PG_NODE_COLUMNS } from "./nodes.js";

/** What a query source knows of its data source. */
export interface PgQueryContext extends SourceContext {
  s: PgSession;
  ws: string;
  dsId: string;
  /** The data source's template page ids (left out of scans; row_keys never holds them). */
  templates: readonly string[];
  /**
   * Keys (`tieKey`) whose last descending walk found its page inside one value (ties: a number
   * property's few values): their next descending walk reads that value forwards first (`walk`).
   * Shared by the store's units (postgres/rows.ts); absent: never.
   */
  ties?: Set<string>;
  /**
   * When set (a query whose rows are read whole: postgres/rows.ts `queryRows`), the statements
   * that answer a page's ids in order (`scan`, `among`) read those rows' columns in the same
   * statement and keep them here by id, so the rows need no statement of their own.
   */
  fetched?: Map<string, Row>;
}

/** At most this many keys are remembered in `ties` (then it starts again). */
const TIES_KEPT = 1000;

/** How many descending walks `valueFirst` answered in this process (diagnostics; test/query-planner.test.ts). */
export const VALUE_FIRST = { answered: 0 };

/** Opens one query over PostgreSQL; null when it needs memory (formulas, rollups). */
export function openPgQuery(cx: PgQueryContext, q: RowQuery, at: OrderPosition | null): QuerySource | null {
  const compiled = compileForSource(d, q);
  return compiled && new PgQuerySource(cx, q, at, compiled);
}

type Entry = { vn: number | null; vt: string | null; node: string };
/** A row of a walk's statement (postgres/rows-query.ts `walkRows`). */
type WalkRow = Entry & { i: string; j: string; over: boolean };

class PgQuerySource extends CompiledQuerySource<PgQueryContext> implements QuerySource {

  /** `k.workspace_id = … AND k.scope = … AND k.name = …` for alias `k`. */
  private keyBase(k: string, name: string, p: Params): string {
    return `${k}.workspace_id = ${p.add(this.cx.ws)} AND ${k}.scope = ${p.add(this.scope)} AND ${k}.name = ${p.add(name)}`;
  }

  /**
   * ` AND [NOT] EXISTS (… OFFSET 0)` per probe on the node column `g.node`: one index seek per
   * entry read, as a walk means. OFFSET 0 keeps each probe a subplan run per entry: without it
   * PostgreSQL made the probes joins (or hashed subplans) that read every entry of the probed
   * names and then sorted — 0.2–1.9 s per batch at 100,000 rows (docs/PERFORMANCE.md).
   *
   * `hashed` (a walk's one statement, with its allowance): a probe the planner marked `hash` (its
   * entries fewer than a few times the seeks: plan.ts `probeOrder`) is `g.node IN (…)` instead, a
   * subplan PostgreSQL reads once into a hash (the `OR` beside the probes keeps it from becoming a
   * join); tag-by-priority's Tags: docs/PERFORMANCE.md, "A walk's probes, rarest first".
   */
  private probes(probes: readonly Lookup[], p: Params, hashed = false): string {
    return probes
      .map((l) =>
        hashed && l.hash
          ? ` AND ${l.absent ? "NOT " : ""}(g.node IN (SELECT k.node FROM row_keys k WHERE ${this.keyBase("k", l.name, p)} AND ${lookupCond("k", l, p)}))`
          : ` AND ${l.absent ? "NOT " : ""}EXISTS (SELECT 1 FROM row_keys k WHERE k.workspace_id = g.workspace_id AND k.scope = g.scope AND k.node = g.node AND k.name = ${p.add(l.name)} AND ${lookupCond("k", l, p)} OFFSET 0)`,
      )
      .join("");
  }

  async countUpTo(l: Lookup, cap: number): Promise<number> {
    const p = new Params();
    const sql = `SELECT count(*)::int AS n FROM (SELECT 1 FROM row_keys g WHERE ${this.keyBase("g", l.name, p)} AND ${lookupCond("g", l, p)} LIMIT ${p.add(cap)}) x`;
    return (await this.cx.s.one<{ n: number }>(sql, p.values))!.n;
  }

  async nodes(l: Lookup, probes: readonly Lookup[]): Promise<string[]> {
    const p = new Params();
    const sql = `SELECT DISTINCT g.node FROM row_keys g WHERE ${this.keyBase("g", l.name, p)} AND ${lookupCond("g", l, p)}${this.probes(probes, p)}`;
    return (await this.cx.s.query<{ node: string }>(sql, p.values)).map((r) => r.node);
  }

  async nodesLacking(l: Lookup, probes: readonly Lookup[], missing: string): Promise<string[]> {
    const p = new Params();
    const sql = `SELECT DISTINCT g.node FROM row_keys g WHERE ${this.keyBase("g", l.name, p)} AND ${lookupCond("g", l, p)}${this.probes(probes, p)}
      AND NOT EXISTS (SELECT 1 FROM row_keys e WHERE e.workspace_id = g.workspace_id AND e.scope = g.scope AND e.node = g.node AND e.name = ${p.add(missing)})`;
    return (await this.cx.s.query<{ node: string }>(sql, p.values)).map((r) => r.node);
  }

  async read(name: string, read: KeyRead, probes: readonly Lookup[], limit: number | null): Promise<[KeyValue, string][]> {
    const p = new Params();
    let where: string;
    let order: string;
    if (read.kind === "group") {
      where = `${valueIs("g", read.value, p)} AND g.node ${read.inclusive ? ">=" : ">"} ${p.add(read.after)}`;
      // The same order as `g.node` (vn and vt are fixed), but PostgreSQL does not take `IS NULL`
      // as fixing a column: ordered by `g.node` alone it read and probed the whole group, then
      // sorted (assignee-window: 14,822 entries probed for 128, 315 ms → 75 ms; docs/PERFORMANCE.md).
      order = "g.vn, g.vt, g.node";
    } else {
      // Every column of the unique index in order, so the walk reads it (backwards when descending) without sorting.
      const v = read.value;
      where = v === null ? "TRUE" : typeof v === "number" ? `g.vn ${read.desc ? "<" : ">"} ${p.add(v)}` : `g.vn IS NULL AND g.vt ${read.desc ? "<" : ">"} ${p.add(v)}`;
      order = read.desc ? "g.vn DESC, g.vt DESC, g.node DESC" : "g.vn, g.vt, g.node";
    }
    const base = this.keyBase("g", name, p);
    const sql = `SELECT g.vn, g.vt, g.node FROM row_keys g WHERE ${base} AND ${where}${this.probes(probes, p)} ORDER BY ${order}${limit === null ? "" : ` LIMIT ${p.add(limit)}`}`;
    return (await this.cx.s.query<Entry>(sql, p.values)).map((r) => [entryValue(r), r.node]);
  }

  async entries(ids: readonly string[], names: readonly string[]): Promise<[string, string, KeyValue][]> {
    const rows = await this.cx.s.query<Entry & { name: string }>(
      `SELECT k.node, k.name, k.vn, k.vt FROM row_keys k WHERE k.workspace_id = $1 AND k.scope = $2 AND k.node = ANY($3::text[]) AND k.name = ANY($4::text[])`,
      [this.cx.ws, this.scope, ids, names],
    );
    return rows.map((r) => [r.node, r.name, entryValue(r)]);
  }

  /**
   * A single-key walk in one statement (docs/design/storage.md, "A walk in one statement").
   * Ascending, the index order is the page's order. Descending, the index is read backwards
   * (values descending, and nodes descending within a value), each value's rows are put back in
   * node order here, and when the page ends inside a value that may hold more matches (the
   * statement found one past the page with that value), that value's first matches by node are
   * read in a second statement — as the batched walk re-reads a value's group (key-reader.ts).
   */
  async walk(name: string, desc: boolean, from: WalkFrom | null, probes: readonly Lookup[], limit: number, cap: number): Promise<WalkResult> {
    if (!desc) return this.walked(await this.walkRows(name, from, probes, limit, cap, "asc"), cap);
    const ties = this.cx.ties;
    const tieKey = `${this.cx.ws}/${this.cx.dsId}/${name}`;
    if (ties?.has(tieKey)) {
      const head = await this.valueFirst(name, from, probes, limit, cap);
      if (head) return head;
      ties.delete(tieKey);
    }
    const got = await this.walkRows(name, from, probes, limit + 1, cap, "desc");
    const rows = got.filter((r) => !r.over);
    if (rows.length < got.length || rows.length <= limit) return this.walked(got, cap, byValueThenNode(rows));
    const last = rows[limit - 1];
    const value = entryValue(last);
    if (entryValue(rows[limit]) !== value) return this.walked(got, cap, byValueThenNode(rows.slice(0, limit)));
    // The page ends inside `value`: the entries before it are whole values. Of its own, those from
    // the last one read up were read (their matches are known); its first matches by node are
    // read, up to there, by a second statement.
    const before = rows.filter((r) => entryValue(r) !== value);
    // The whole page lay in one value, read twice (backwards, then forwards): remember the key.
    if (ties && before.length === 0) {
      if (ties.size >= TIES_KEPT) ties.clear();
      ties.add(tieKey);
    }
    const known = byValueThenNode(rows.filter((r) => entryValue(r) === value));
    const start = from !== null && from.v === value ? from : { v: value, node: "", inclusive: true };
    const need = limit - before.length;
    const group = await this.walkRows(name, { ...start, below: known[0].node }, probes, need, null, "group");
    const result = this.walked(got, cap, [...byValueThenNode(before), ...[...group, ...known].slice(0, need)]);
    result.evaluated += Math.max(0, ...group.map((r) => Number(r.j)));
    return result;
  }

  /**
   * A descending walk's page when its first value holds the whole page: that value's matches read
   * forwards by node (the page's order within a value) from the cursor's node, or from the
   * value's first node when the walk starts at the top (the top value found by one index probe).
   * Null when the value holds fewer matches than the page (or the allowance ran out): the caller
   * walks as usual. The value's entries are read once, where the backwards walk and its re-read
   * of the value read them twice (assignee-window: docs/PERFORMANCE.md, "h11-pg").
   */
  private async valueFirst(name: string, from: WalkFrom | null, probes: readonly Lookup[], limit: number, cap: number): Promise<WalkResult | null> {
    let start = from;
    if (start === null) {
      const p = new Params();
      const top = await this.cx.s.one<Entry>(`SELECT g.vn, g.vt, g.node FROM row_keys g WHERE ${this.keyBase("g", name, p)} ORDER BY g.vn DESC, g.vt DESC, g.node DESC LIMIT 1`, p.values);
      if (top === null) return null;
      start = { v: entryValue(top), node: "", inclusive: true };
    }
    const rows = await this.walkRows(name, start, probes, limit, cap, "group");
    if (rows.length < limit || rows.some((r) => r.over)) return null;
    VALUE_FIRST.answered++;
    return this.walked(rows, cap);
  }

  /** The answer of a walk from its statement's rows (`kept`: the page's rows, in order). */
  private walked(rows: WalkRow[], cap: number, kept = rows.filter((r) => !r.over)): WalkResult {
    return {
      ids: kept.map((r) => r.node),
      completed: !rows.some((r) => r.over),
      read: Math.min(cap, Math.max(0, ...rows.map((r) => Number(r.i)))),
      evaluated: Math.max(0, ...rows.filter((r) => !r.over).map((r) => Number(r.j))),
    };
  }

  /**
   * The walk's statement: the entries of `name` in index order from `from` ("asc"; "desc": read
   * backwards; "group": only `from`'s value, by node, before `below`), numbered (`i`), at most `cap` + 1 of them
   * (null: no cap); those passing the probes, numbered again (`j`: rows read whole); each one's
   * row through the primary key with the compiled WHERE; the first `limit`. The entry numbered
   * `cap` + 1 comes through whatever it holds (`over`): seen, the allowance ran out first.
   */
  private async walkRows(name: string, from: (WalkFrom & { below?: string }) | null, probes: readonly Lookup[], limit: number, cap: number | null, way: "asc" | "desc" | "group"): Promise<WalkRow[]> {
    const p = new Params(this.c.params);
    const where = this.where(p);
    const dir = way === "desc" ? " DESC" : "";
    // One value's entries ("group") are in node order; the column the value fixes by equality is
    // left out, and so must be the other (always NULL there): PostgreSQL does not take `IS NULL`
    // as fixing it, and outside the innermost SELECT not even the equality — ordered by all three
    // columns, each level above it sorted the whole value (assignee-window: 14,822 entries
    // numbered and sorted for a page of 101; docs/PERFORMANCE.md, "h11-pgwalk").
    const group = way === "group" && from !== null ? (typeof from.v === "number" ? "vt" : "vn") : null;
    const order = (a: string) => (group ? `${a}.${group}, ${a}.node` : `${a}.vn${dir}, ${a}.vt${dir}, ${a}.node${dir}`);
    const start = from === null ? "" : ` AND ${way === "group" ? groupFrom("g", from, p) : walkFrom("g", from, way === "desc", p)}`;
    const base = this.keyBase("g", name, p);
    const capP = cap === null ? null : p.add(cap);
    const over = capP === null ? "FALSE" : `g.i > ${capP}`;
    // With `cx.fetched`, each matching row's columns come with it (read by the probe that checks it).
    const fetched = this.cx.fetched;
    const sql = `SELECT w.node, w.vn, w.vt, w.i, w.j, ${over.replace("g.", "w.")} AS over${fetched ? ", r.*" : ""} FROM (
        SELECT g.*, row_number() OVER () AS j FROM (
          SELECT e.*, row_number() OVER () AS i FROM (
            SELECT g.workspace_id, g.scope, g.vn, g.vt, g.node FROM row_keys g WHERE ${base}${start}
             ORDER BY ${order("g")}${capP === null ? "" : ` LIMIT ${capP} + 1`}) e
          ORDER BY ${order("e")}) g
         WHERE (TRUE${this.probes(probes, p, capP !== null)}) OR ${over} ORDER BY ${order("g")}) w
      LEFT JOIN LATERAL (SELECT ${fetched ? PG_NODE_COLUMNS : "n.id"} FROM nodes n WHERE n.id = w.node AND ${where} OFFSET 0) r ON TRUE
      WHERE r.id IS NOT NULL OR ${over.replace("g.", "w.")}
      ORDER BY ${order("w")} LIMIT ${p.add(limit)}`;
    const rows = await this.cx.s.query<WalkRow & { id: string | null }>(sql, p.values);
    if (fetched) for (const r of rows) if (r.id !== null) fetched.set(r.id, r);
    return rows;
  }

  /** The compiled WHERE, the cursor's bound and the page rows' base conditions, with their values. */
  private where(p: Params): string {
    let after = d.true;
    if (this.at) {
      const before = compileBefore(d, this.q.sorts, this.at, p.values);
      if (before !== null) after = `NOT ${d.orFalse(before)}`;
    }
    return `(${this.c.where}) AND ${after} AND n.workspace_id = ${p.add(this.cx.ws)} AND n.parent_id = ${p.add(this.cx.dsId)} AND n.type = 'page' AND n.in_trash = ${p.add(this.q.trashed)}`;
  }

  async scan(offset: number, firstKeyEmpty: boolean, limit: number): Promise<string[]> {
    const p = new Params(this.c.params);
    const where = this.where(p);
    const extra = firstKeyEmpty && this.firstExpr !== null ? ` AND (${this.firstExpr}) IS NULL` : "";
    const templates = this.cx.templates.length ? ` AND n.id <> ALL(${p.add(this.cx.templates, "::text[]")})` : "";
    const sql = `SELECT n.id FROM nodes n WHERE ${where}${extra}${templates} ORDER BY ${this.c.orderBy}, n.id LIMIT ${p.add(limit)} OFFSET ${p.add(offset)}`;
    return this.ids(sql, p);
  }

  /**
   * The ids `sql` answers, in its order; with `cx.fetched`, each one's row read in the same
   * statement: the ids are still chosen and sorted alone (a sort of whole rows would carry every
   * row's JSON), then each page row read through the primary key, numbered in the ids' order.
   */
  private async ids(sql: string, p: Params): Promise<string[]> {
    const fetched = this.cx.fetched;
    if (!fetched) return (await this.cx.s.query<{ id: string }>(sql, p.values)).map((r) => r.id);
    const rows = await this.cx.s.query<Row & { id: string; ord: string }>(
      `SELECT ${PG_NODE_COLUMNS}, page.ord FROM (SELECT x.id, row_number() OVER () AS ord FROM (${sql}) x) page
         JOIN nodes n ON n.workspace_id = ${p.add(this.cx.ws)} AND n.id = page.id ORDER BY page.ord`,
      p.values,
    );
    rows.sort((a, b) => Number(a.ord) - Number(b.ord));
    for (const r of rows) fetched.set(r.id, r);
    return rows.map((r) => r.id);
  }

  async among(ids: readonly string[], limit: number): Promise<string[]> {
    if (ids.length === 0) return [];
    const p = new Params(this.c.params);
    const where = this.where(p);
    const sql = `SELECT n.id FROM nodes n WHERE n.id = ANY(${p.add(ids, "::text[]")}) AND ${where} ORDER BY ${this.c.orderBy}, n.id LIMIT ${p.add(limit)}`;
    return this.ids(sql, p);
  }
}

/** The entries from `from` on, in a walk's direction (its value's other entries: by node, ascending). */
function walkFrom(g: string, from: WalkFrom, desc: boolean, p: Params): string {
  const col = typeof from.v === "number" ? `${g}.vn` : `${g}.vt`;
  const v = p.add(from.v);
  const kind = typeof from.v === "number" ? `${g}.vt IS NULL` : `${g}.vn IS NULL`;
  return `${kind} AND ${col} ${desc ? "<=" : ">="} ${v} AND (${col} ${desc ? "<" : ">"} ${v} OR ${g}.node ${from.inclusive ? ">=" : ">"} ${p.add(from.node)})`;
}

/** The entries of `from`'s value from its node on, before the node `below` (a value's entries are ordered by node). */
function groupFrom(g: string, from: WalkFrom & { below?: string }, p: Params): string {
  const below = from.below === undefined ? "" : ` AND ${g}.node < ${p.add(from.below)}`;
  return `${valueIs(g, from.v, p)} AND ${g}.node ${from.inclusive ? ">=" : ">"} ${p.add(from.node)}${below}`;
}

/** Rows read backwards (values and nodes descending) as the page orders them: each value's rows by node. */
function byValueThenNode(rows: WalkRow[]): WalkRow[] {
  const out: WalkRow[] = [];
  for (let i = 0; i < rows.length; ) {
    let j = i;
    while (j < rows.length && entryValue(rows[j]) === entryValue(rows[i])) j++;
    for (let k = j - 1; k >= i; k--) out.push(rows[k]);
    i = j;
  }
  return out;
}
