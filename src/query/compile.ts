/**
 * The SQL compiler: AST → a WHERE fragment and an ORDER BY list over `nodes n`, through a
 * Dialect. It implements exactly the semantics of evaluate.ts (checked row for row by
 * test/query-differential.test.ts). Formula and rollup leaves and sorts have no SQL form: the
 * compiler answers null and the caller filters and sorts in memory.
 */
import type { PropertyType } from "../domain/properties/schema.js";
import { isBlank, isExistence, type Condition, type FilterNode, type OrderPosition, type SortKey, type Target } from "./ast.js";
import { sqliteDialect, type Dialect, type JsonColumn } from "./dialect.js";
import { TEXT_TYPES } from "./values.js";

export interface CompiledQuery {
  /** A boolean SQL expression over `n` (the dialect's true when there is no filter). */
  where: string;
  /** Values for the placeholders of `where`, in order. */
  params: unknown[];
  /** ORDER BY terms (no placeholders); append `, n.id` for a total order. */
  orderBy: string;
}

class NeedsMemory extends Error {}

/** Runs `build`, answering null when it meets a formula or rollup (they are evaluated in memory). */
function orMemory<T>(build: () => T): T | null {
  try {
    return build();
  } catch (e) {
    if (e instanceof NeedsMemory) return null;
    throw e;
  }
}

/**
 * Compiles a filter and sorts for `dialect`; null when they read formula or rollup values
 * (evaluate in memory with evaluate() and compareRows() instead).
 */
export function compile(dialect: Dialect, filter: FilterNode | null, sorts: readonly SortKey[]): CompiledQuery | null {
  const params: unknown[] = [];
  return orMemory(() => {
    const where = filter ? node(dialect, filter, params) : dialect.true;
    const terms = sorts.map((s) => sortTerm(dialect, s)).filter((t): t is string => t !== null);
    // Without sorts Notion answers newest first (makenotion/notion-sdk-js#388).
    const orderBy = sorts.length === 0 ? "n.created_time DESC" : terms.length > 0 ? terms.join(", ") : "n.id";
    return { where, params, orderBy };
  });
}

/**
 * A boolean SQL expression, true for the rows that sort strictly before `at` in compile()'s
 * order (keyset pagination: a cursor's next page starts after them); its values are pushed onto
 * `params`. `at.key` holds orderKey() values, which are the values of the ORDER BY expressions
 * (the differential test holds the two sides to the same order). It may be NULL where a sort
 * value is: read it through `dialect.orFalse`. Null when the sorts need memory.
 */
export function compileBefore(dialect: Dialect, sorts: readonly SortKey[], at: OrderPosition, params: unknown[]): string | null {
  const exprs = sortExpressions(dialect, sorts);
  if (exprs === null) return null;
  const descending = sorts.length === 0 ? [true] : sorts.map((key) => key.direction === "descending");
  // (k1 before v1) OR (k1 is v1 AND ((k2 before v2) OR … (n.id < id))), empties last both ways.
  const before = (i: number): string => {
    if (i === exprs.length) return `n.id < ${dialect.param(params, at.id)}`;
    const expr = exprs[i];
    if (expr === null) return before(i + 1); // no order of its own: every row ties
    const v = at.key[i] ?? null;
    if (v === null) return `(${expr} IS NOT NULL OR (${expr} IS NULL AND ${before(i + 1)}))`;
    const strictly = `${expr} ${descending[i] ? ">" : "<"} ${dialect.param(params, v)}`;
    const same = `${expr} = ${dialect.param(params, v)}`;
    return `(${strictly} OR (${same} AND ${before(i + 1)}))`;
  };
  return before(0);
}

/**
 * The SQL value of each sort key (what compile() orders by, before direction and NULLS LAST);
 * null for a key with no order of its own. Without sorts: `n.created_time` (newest first). Null
 * when a key needs memory (formula, rollup).
 */
export function sortExpressions(dialect: Dialect, sorts: readonly SortKey[]): (string | null)[] | null {
  if (sorts.length === 0) return ["n.created_time"];
  return orMemory(() => sorts.map((key) => keyExpression(dialect, key)));
}

/** compile() for SQLite. */
export function compileSqlite(filter: FilterNode | null, sorts: readonly SortKey[]): CompiledQuery | null {
  return compile(sqliteDialect, filter, sorts);
}

function node(d: Dialect, f: FilterNode, params: unknown[]): string {
  if (f.kind === "leaf") return leaf(d, f.target, f.condition, params);
  if (f.children.length === 0) return d.true;
  return `(${f.children.map((c) => node(d, c, params)).join(f.kind === "and" ? " AND " : " OR ")})`;
}

const inList = (d: Dialect, params: unknown[], values: readonly string[]) => values.map((v) => d.param(params, v)).join(", ");

/** An SQL expression that is never NULL, for one leaf. */
function leaf(d: Dialect, target: Target, c: Condition, params: unknown[]): string {
  if (target.kind === "formula" || target.kind === "rollup") throw new NeedsMemory();
  if (isBlank(c)) return d.true;
  if (target.kind === "column") return column(d, target.column, c, params);
  const { id, type } = target;
  switch (c.kind) {
    case "text": return text(d, id, c, params);
    case "number": {
      const x = d.scalar("properties", id, [], "number");
      if (isExistence(c)) return `${x} IS ${c.op === "is_empty" ? "" : "NOT "}NULL`;
      const ops = { equals: "=", does_not_equal: "<>", greater_than: ">", less_than: "<", greater_than_or_equal_to: ">=", less_than_or_equal_to: "<=" };
      const test = `${x} ${ops[c.op]} ${d.param(params, c.value)}`;
      return c.op === "does_not_equal" ? `(${x} IS NULL OR ${test})` : d.orFalse(test);
    }
    case "checkbox": {
      const on = d.isTrue("properties", id, []);
      return (c.op === "equals") === c.value ? on : `NOT ${on}`;
    }
    case "option": return option(d, id, type, c, params);
    case "date": {
      const s = d.scalar("idx", id, ["s"], "number");
      if (isExistence(c)) return `${s} IS ${c.op === "is_empty" ? "" : "NOT "}NULL`;
      return range(d, s, c.from, c.to, params);
    }
    case "id": {
      // Hidden related pages (hidden.ts) are not in the value: an element counts only when it is not one.
      const hidden = target.hidden ?? [];
      const seen = (el: string) => (hidden.length ? `${el} NOT IN (${hidden.map((h) => d.literal(h)).join(", ")})` : d.true);
      if (isExistence(c)) return `${c.op === "is_empty" ? "NOT " : ""}${d.anyText("properties", id, seen)}`;
      if (hidden.includes(c.id)) return c.op === "contains" ? d.false : d.true;
      const any = d.anyText("properties", id, (el) => `${el} = ${d.param(params, c.id)}`);
      return c.op === "contains" ? any : `NOT ${any}`;
    }
    case "files":
      return `${d.arrayLength("properties", id)} ${c.op === "is_empty" ? "=" : ">"} 0`;
    case "verification": {
      const st = d.scalar("properties", id, ["state"], "text");
      const state = `(CASE WHEN ${st} IN ('verified', 'expired') THEN ${st} ELSE 'none' END)`;
      return `${state} ${c.op === "status" ? "=" : "<>"} ${d.param(params, c.state)}`;
    }
  }
}

function text(d: Dialect, id: string, c: Condition & { kind: "text" }, params: unknown[]): string {
  const t = `coalesce(${d.scalar("idx", id, [], "text")}, '')`;
  if (isExistence(c)) return c.op === "is_empty" ? `${t} = ''` : `${t} <> ''`;
  // Lengths are counted in code points, as SQLite counts characters.
  const chars = () => d.param(params, [...c.value].length);
  switch (c.op) {
    case "equals": return `${t} = ${d.param(params, c.value)}`;
    case "does_not_equal": return `${t} <> ${d.param(params, c.value)}`;
    case "contains": return `(${d.contains(t, d.param(params, c.value))})`;
    case "does_not_contain": return `NOT (${d.contains(t, d.param(params, c.value))})`;
    case "starts_with": { const n = chars(); return `(${d.startsWith(t, n, d.param(params, c.value))})`; }
    case "ends_with": { const n = chars(); return `(${d.endsWith(t, n, d.param(params, c.value))})`; }
  }
}

function option(d: Dialect, id: string, type: PropertyType, c: Condition & { kind: "option" }, params: unknown[]): string {
  const multi = type === "multi_select";
  const x = d.scalar("properties", id, [], "text");
  const empty = multi ? `NOT ${d.anyText("properties", id, () => d.true)}` : `${x} IS NULL`;
  if (isExistence(c)) return c.op === "is_empty" ? empty : `NOT (${empty})`;
  const positive = c.op === "equals" || c.op === "contains";
  // Names that match no option match no value.
  if (c.ids.length === 0) return positive ? d.false : d.true;
  const hit = multi
    ? d.anyText("properties", id, (el) => `${el} IN (${inList(d, params, c.ids)})`)
    : d.orFalse(`${x} IN (${inList(d, params, c.ids)})`);
  return positive ? hit : `NOT ${hit}`;
}

function range(d: Dialect, s: string, from: number | null, to: number | null, params: unknown[]): string {
  const parts = [`${s} IS NOT NULL`];
  if (from !== null) parts.push(`${s} >= ${d.param(params, from)}`);
  if (to !== null) parts.push(`${s} < ${d.param(params, to)}`);
  return `(${parts.join(" AND ")})`;
}

function column(d: Dialect, col: "created_time" | "last_edited_time" | "created_by" | "last_edited_by", c: Condition, params: unknown[]): string {
  // Node columns are never empty.
  if (isExistence(c)) return c.op === "is_empty" ? d.false : d.true;
  if (c.kind === "date") return range(d, `n.${col}`, c.from, c.to, params);
  if (c.kind === "id") return `n.${col} ${c.op === "contains" ? "=" : "<>"} ${d.param(params, c.id)}`;
  throw new Error(`no ${c.kind} condition on column ${col}`);
}

/** An ORDER BY term for one key; null when the type has no order of its own (button, place). */
function sortTerm(d: Dialect, key: SortKey): string | null {
  const desc = key.direction === "descending";
  const expr = keyExpression(d, key);
  if (expr === null) return null;
  return key.target.kind === "column" ? `${expr} ${desc ? "DESC" : "ASC"}` : d.order(expr, desc);
}

/**
 * The one SQL value a sort key orders by (ORDER BY, cursors and the planner all read it from
 * here); null for a type with no order of its own; throws NeedsMemory for formulas and rollups.
 */
function keyExpression(d: Dialect, key: SortKey): string | null {
  const t = key.target;
  if (t.kind === "formula" || t.kind === "rollup") throw new NeedsMemory();
  if (t.kind === "column") return `n.${t.column}`;
  return sortExpression(d, t, key.options ?? []);
}

function sortExpression(d: Dialect, t: Target & { kind: "property" }, options: readonly string[]): string | null {
  const { id, type } = t;
  const col: JsonColumn = "properties";
  // A typed NULL without options: PostgreSQL refuses a bare NULL as an ORDER BY term.
  const rank = (x: string) => options.length === 0 ? "CAST(NULL AS INTEGER)" : `(CASE ${x} ${options.map((o, i) => `WHEN ${d.literal(o)} THEN ${i}`).join(" ")} END)`;
  if (TEXT_TYPES.has(type)) return `NULLIF(coalesce(${d.scalar("idx", id, [], "text")}, ''), '')`;
  switch (type) {
    case "number": case "unique_id": return d.scalar(col, id, [], "number");
    // orderKey() answers 1 for checked, 0 otherwise (evaluate.ts storedSortable).
    case "checkbox": return `(CASE WHEN ${d.isTrue(col, id, [])} THEN 1 ELSE 0 END)`;
    case "select": case "status": return rank(d.scalar(col, id, [], "text"));
    case "multi_select": return rank(d.scalar(col, id, [0], "text"));
    case "date": return d.scalar("idx", id, ["s"], "number");
    case "people": return d.scalar(col, id, [0], "text");
    case "relation": {
      // The first related page the reader sees (hidden.ts); ORDER BY takes literals, not parameters.
      const hidden = t.hidden ?? [];
      if (hidden.length === 0) return d.scalar(col, id, [0], "text");
      return d.firstText(col, id, (el) => `${el} NOT IN (${hidden.map((h) => d.literal(h)).join(", ")})`);
    }
    case "files": return d.scalar(col, id, [0, "name"], "text");
    case "verification": {
      const st = d.scalar(col, id, ["state"], "text");
      return `(CASE ${st} WHEN 'verified' THEN 0 WHEN 'expired' THEN 1 END)`;
    }
    default: return null;
  }
}
