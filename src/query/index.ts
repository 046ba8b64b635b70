/**
 * The query engine for data source queries (spec §7): filter and sort JSON → frozen AST →
 * SQL (compileSqlite) or in-memory evaluation (evaluate, compareRows). Semantics and their
 * sources: src/query/README.md.
 */
import type { NodeRow } from "../storage/types.js";
import type { QueryRow } from "./ast.js";

export type {
  Column, Condition, Direction, FilterNode, OrderPosition, QueryRow, Sortable, SortKey, Target,
} from "./ast.js";
export { computedProperties } from "./ast.js";
export { parseFilter, parseFilterPaced, parseSorts, findProperty, FILTER_KEYS, type FilterOptions } from "./parse.js";
export { evaluate, compareRows, comparePositions, orderKey } from "./evaluate.js";
export { compile, compileBefore, compileSqlite, type CompiledQuery } from "./compile.js";
export { sqliteDialect, type Dialect } from "./dialect.js";
export { projectIdx, fold, plainText } from "./values.js";
export { relationReads, withHidden, type RelationReads } from "./hidden.js";

/** A stored page as the in-memory evaluator reads it, with computed formula/rollup values. */
export function queryRow(node: NodeRow, computed?: Record<string, unknown>): QueryRow {
  return {
    id: node.id,
    created_time: node.created_time,
    last_edited_time: node.last_edited_time,
    created_by: node.created_by,
    last_edited_by: node.last_edited_by,
    properties: node.properties,
    ...(computed ? { computed } : {}),
  };
}
