/**
 * SQL dialects: the few expressions the compiler needs from a database. The compiler
 * (compile.ts) writes only standard SQL around them; everything one database spells its own way
 * — booleans, JSON access, substrings, NULLS LAST, placeholders — comes from here. SQLite's is
 * below, PostgreSQL's in dialect-postgres.ts. Every expression reads the page row through the
 * alias `n`.
 */

/** The JSON columns of `nodes` a query reads. */
export type JsonColumn = "properties" | "idx";

/** A path below a property's value: object keys and array indexes. */
export type SubPath = readonly (string | number)[];

/** What the compiler needs from a database's SQL. */
export interface Dialect {
  /** The dialect's name ("sqlite", "postgres"), for messages and tests. */
  readonly name: string;
  /** The constant true and false conditions. */
  readonly true: string;
  readonly false: string;
  /** A condition that may be NULL, read as false when it is. */
  orFalse(condition: string): string;
  /** A bound value's placeholder (the value is pushed onto `params`). */
  param(params: unknown[], value: unknown): string;
  /** A string literal (for ids inlined into ORDER BY, which takes no parameters). */
  literal(text: string): string;
  /**
   * The value at `n.<col>[pid]<sub>` when it is a JSON string / number, else NULL. Text compares
   * and sorts in code point order.
   */
  scalar(col: JsonColumn, pid: string, sub: SubPath, type: "text" | "number"): string;
  /** A condition: the value at `n.<col>[pid]<sub>` is JSON `true` (never NULL). */
  isTrue(col: JsonColumn, pid: string, sub: SubPath): string;
  /** True when some string element of the JSON array at `n.<col>[pid]` satisfies `pred(element)`. */
  anyText(col: JsonColumn, pid: string, pred: (element: string) => string): string;
  /** The first string element of the JSON array at `n.<col>[pid]` satisfying `pred(element)`, in array order; NULL when none. */
  firstText(col: JsonColumn, pid: string, pred: (element: string) => string): string;
  /** The number of elements of the JSON array at `n.<col>[pid]` (0 when absent or not an array). */
  arrayLength(col: JsonColumn, pid: string): string;
  /** Substring tests on text; `needle` is a placeholder, `chars` its length in code points. */
  contains(hay: string, needle: string): string;
  startsWith(hay: string, chars: string, needle: string): string;
  endsWith(hay: string, chars: string, needle: string): string;
  /** An ORDER BY term that puts NULLs last in both directions. */
  order(expr: string, descending: boolean): string;
}

function sqlitePath(pid: string, sub: SubPath): string {
  return "$." + JSON.stringify(pid) + sub.map((s) => (typeof s === "number" ? `[${s}]` : "." + JSON.stringify(s))).join("");
}

/** SQLite (3.38+): json_extract / json_type / json_each, BINARY collation (code point order). */
export const sqliteDialect: Dialect = {
  name: "sqlite",
  true: "1",
  false: "0",
  orFalse: (condition) => `coalesce(${condition}, 0)`,
  param(params, value) {
    params.push(typeof value === "boolean" ? (value ? 1 : 0) : value);
    return "?";
  },
  literal(text) {
    // Property and option ids are server-made short strings; a NUL would end the statement.
    if (text.includes("\u0000")) throw new Error("NUL in an SQL literal");
    return `'${text.replace(/'/g, "''")}'`;
  },
  scalar(col, pid, sub, type) {
    const path = this.literal(sqlitePath(pid, sub));
    const test = type === "text" ? `= 'text'` : `IN ('integer', 'real')`;
    return `(CASE WHEN json_type(n.${col}, ${path}) ${test} THEN json_extract(n.${col}, ${path}) END)`;
  },
  isTrue(col, pid, sub) {
    return `(json_type(n.${col}, ${this.literal(sqlitePath(pid, sub))}) IS 'true')`;
  },
  anyText(col, pid, pred) {
    const path = this.literal(sqlitePath(pid, []));
    return `EXISTS (SELECT 1 FROM json_each(n.${col}, ${path}) AS j WHERE json_type(n.${col}, ${path}) = 'array' AND j.type = 'text' AND ${pred("j.value")})`;
  },
  firstText(col, pid, pred) {
    const path = this.literal(sqlitePath(pid, []));
    return `(SELECT j.value FROM json_each(n.${col}, ${path}) AS j WHERE json_type(n.${col}, ${path}) = 'array' AND j.type = 'text' AND ${pred("j.value")} ORDER BY j.key LIMIT 1)`;
  },
  arrayLength(col, pid) {
    const path = this.literal(sqlitePath(pid, []));
    return `(CASE WHEN json_type(n.${col}, ${path}) = 'array' THEN json_array_length(n.${col}, ${path}) ELSE 0 END)`;
  },
  contains: (hay, needle) => `instr(${hay}, ${needle}) > 0`,
  startsWith: (hay, chars, needle) => `substr(${hay}, 1, ${chars}) = ${needle}`,
  // substr(x, -k) is the last k characters (all of x when shorter, which then differs from the needle).
  endsWith: (hay, chars, needle) => `substr(${hay}, -${chars}) = ${needle}`,
  order: (expr, descending) => `${expr} ${descending ? "DESC" : "ASC"} NULLS LAST`,
};
