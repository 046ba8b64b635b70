/**
 * What both adapters' query sources (sqlite-row-query.ts, postgres/rows-query.ts) start from: the
 * query compiled in the adapter's dialect (src/query/compile.ts), the cursor, and the data
 * source's row count and row-key scope. Each adapter adds its own SQL for the key-index port.
 */
import type { OrderPosition } from "../../query/ast.js";
import { compile, sortExpressions, type CompiledQuery } from "../../query/compile.js";
import type { Dialect } from "../../query/dialect.js";
import type { RowQuery } from "../records.js";
import type { LookupCounts } from "./key-index.js";

/** What a query source needs to know of its data source, whatever the adapter. */
export interface SourceContext {
  /** The data source's row-key scope; null when it never had a row. */
  scope: number | null;
  rows: number;
  /** The store's lookup counts for this data source (key-counts.ts `KeyCounts.of`). */
  counts?: LookupCounts;
}

/** The query's WHERE / ORDER BY in `dialect` and its first sort's expression; null when it needs memory (formulas, rollups). */
export function compileForSource(dialect: Dialect, q: RowQuery): { c: CompiledQuery; firstExpr: string | null } | null {
  const c = compile(dialect, q.filter, q.sorts);
  const exprs = sortExpressions(dialect, q.sorts);
  return c && exprs ? { c, firstExpr: exprs[0] } : null;
}

/** The state every adapter's query source holds (the planner reads `rows` and `indexed`). */
export abstract class CompiledQuerySource<Cx extends SourceContext> {
  readonly rows: number;
  readonly indexed: boolean;
  readonly counts?: LookupCounts;
  protected readonly scope: number;
  protected readonly c: CompiledQuery;
  protected readonly firstExpr: string | null;

  constructor(
    protected readonly cx: Cx,
    protected readonly q: RowQuery,
    protected readonly at: OrderPosition | null,
    compiled: { c: CompiledQuery; firstExpr: string | null },
  ) {
    this.rows = cx.rows;
    this.indexed = cx.scope !== null;
    this.counts = cx.counts;
    this.scope = cx.scope ?? 0;
    this.c = compiled.c;
    this.firstExpr = compiled.firstExpr;
  }
}
