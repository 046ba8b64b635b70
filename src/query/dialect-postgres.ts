/**
 * The PostgreSQL dialect (15+) of the filter compiler: jsonb operators, numbered placeholders,
 * real booleans, and text compared in code point order (COLLATE "C", what SQLite's BINARY
 * collation and the in-memory evaluator do on UTF-8). A page's `properties` and `idx` are read
 * from their jsonb copies `qprops` and `qidx` (src/storage/postgres/schema.ts, migration 2).
 */
import type { Dialect, JsonColumn, SubPath } from "./dialect.js";

/** A string literal (standard_conforming_strings: only the quote is special). */
function literal(text: string): string {
  // Property and option ids are server-made short strings; PostgreSQL text cannot hold NUL.
  if (text.includes("\u0000")) throw new Error("NUL in an SQL literal");
  return `'${text.replace(/'/g, "''")}'`;
}

/** The jsonb column holding each JSON column's values. */
const JSONB: Record<JsonColumn, string> = { properties: "n.qprops", idx: "n.qidx" };

/** `n.qprops -> 'pid' -> 0 -> 'name'`: the jsonb value at a path (NULL when absent). */
function path(col: JsonColumn, pid: string, sub: SubPath): string {
  return `(${JSONB[col]} -> ${literal(pid)}${sub.map((s) => (typeof s === "number" ? ` -> ${s}` : ` -> ${literal(s)}`)).join("")})`;
}

/** PostgreSQL: jsonb_typeof / jsonb_array_elements, `$n` placeholders, COLLATE "C". */
export const postgresDialect: Dialect = {
  name: "postgres",
  true: "TRUE",
  false: "FALSE",
  orFalse: (condition) => `coalesce(${condition}, FALSE)`,
  param(params, value) {
    params.push(value);
    return `$${params.length}`;
  },
  literal,
  scalar(col, pid, sub, type) {
    const v = path(col, pid, sub);
    // float8: JavaScript's numbers, so comparisons and ties agree with the in-memory evaluator.
    return type === "text"
      ? `(CASE WHEN jsonb_typeof(${v}) = 'string' THEN (${v} #>> '{}') END COLLATE "C")`
      : `(CASE WHEN jsonb_typeof(${v}) = 'number' THEN (${v})::float8 END)`;
  },
  isTrue(col, pid, sub) {
    return `coalesce(${path(col, pid, sub)} = 'true'::jsonb, FALSE)`;
  },
  anyText(col, pid, pred) {
    const v = path(col, pid, []);
    return `EXISTS (SELECT 1 FROM jsonb_array_elements(CASE WHEN jsonb_typeof(${v}) = 'array' THEN ${v} END) AS j(e) WHERE jsonb_typeof(j.e) = 'string' AND ${pred(`(j.e #>> '{}')`)})`;
  },
  firstText(col, pid, pred) {
    const v = path(col, pid, []);
    const el = `(j.e #>> '{}' COLLATE "C")`;
    return `(SELECT ${el} FROM jsonb_array_elements(CASE WHEN jsonb_typeof(${v}) = 'array' THEN ${v} END) WITH ORDINALITY AS j(e, i) WHERE jsonb_typeof(j.e) = 'string' AND ${pred(el)} ORDER BY j.i LIMIT 1)`;
  },
  arrayLength(col, pid) {
    const v = path(col, pid, []);
    return `(CASE WHEN jsonb_typeof(${v}) = 'array' THEN jsonb_array_length(${v}) ELSE 0 END)`;
  },
  // Positions and lengths count characters (code points in a UTF-8 database), as SQLite does.
  contains: (hay, needle) => `strpos(${hay}, ${needle}) > 0`,
  startsWith: (hay, chars, needle) => `left(${hay}, ${chars}) = ${needle}`,
  // right(x, k) is the last k characters (all of x when shorter, which then differs from the needle).
  endsWith: (hay, chars, needle) => `right(${hay}, ${chars}) = ${needle}`,
  order: (expr, descending) => `${expr} ${descending ? "DESC" : "ASC"} NULLS LAST`,
};
