/**
 * The query AST: what parseFilter / parseSorts produce and what the evaluator and the SQL
 * compiler walk. Frozen, discriminated unions; every fact a walker needs (property id and
 * type, resolved option ids, date bounds in epoch ms, option order) is already in the tree,
 * so neither walker looks at the schema again. Semantics: src/query/README.md.
 */
import type { PropertyType } from "../domain/properties/schema.js";

/** The node columns a filter or sort can read directly. */
export type Column = "created_time" | "last_edited_time" | "created_by" | "last_edited_by";

/** What a leaf reads. */
export type Target =
  /**
   * A stored value: `nodes.properties[id]` (and its `nodes.idx` projection). `hidden` (relations
   * only): page ids the reader may not see, read as if they were not in the value — set per
   * request by withHidden (hidden.ts); absent or empty, the value is read as stored.
   */
  | { readonly kind: "property"; readonly id: string; readonly type: PropertyType; readonly hidden?: readonly string[] }
  /** A node column (timestamp filters; created_*, last_edited_* properties). */
  | { readonly kind: "column"; readonly column: Column }
  /** A formula result the caller computes (`QueryRow.computed[id]`); memory only. */
  | { readonly kind: "formula"; readonly id: string }
  /**
   * A rollup result the caller computes; memory only. `any`/`every`/`none` test each item of
   * an array result, `value` tests a number or date result.
   */
  | { readonly kind: "rollup"; readonly id: string; readonly quantifier: "any" | "every" | "none" | "value" };

export type Existence = { readonly op: "is_empty" | "is_not_empty" };

export type TextOp = "equals" | "does_not_equal" | "contains" | "does_not_contain" | "starts_with" | "ends_with";
/** `value` is case-folded (see fold in values.ts); "" means the condition is blank. */
export type TextCondition = { readonly kind: "text" } & ({ readonly op: TextOp; readonly value: string } | Existence);

export type NumberOp = "equals" | "does_not_equal" | "greater_than" | "less_than" | "greater_than_or_equal_to" | "less_than_or_equal_to";
export type NumberCondition = { readonly kind: "number" } & ({ readonly op: NumberOp; readonly value: number } | Existence);

export type CheckboxCondition = { readonly kind: "checkbox"; readonly op: "equals" | "does_not_equal"; readonly value: boolean };

/**
 * select, status, multi_select. Positive ops (equals, contains) match when the value holds
 * any of the operands; negative ops when it holds none. Operands are matched by option id
 * (stored values; names resolved against the schema at parse time) or by folded name (rollup
 * items, which carry names). No operands at all means the condition is blank. `byGroup`: the
 * operands named status groups (the status-group beta), resolved to their options' ids.
 */
export type OptionCondition = { readonly kind: "option" } & (
  | {
      readonly op: "equals" | "does_not_equal" | "contains" | "does_not_contain";
      readonly ids: readonly string[];
      readonly names: readonly string[];
      readonly blank: boolean;
      readonly byGroup?: boolean;
    }
  | Existence
);

/**
 * Dates, resolved at parse time to a half-open window `[from, to)` in epoch ms that the value's
 * start must fall in (null = unbounded). `op` keeps the operator for messages and debugging.
 */
export type DateOp =
  | "equals" | "before" | "after" | "on_or_before" | "on_or_after"
  | "past_week" | "past_month" | "past_year" | "this_week" | "next_week" | "next_month" | "next_year";
export type DateCondition = { readonly kind: "date" } & (
  | { readonly op: DateOp; readonly from: number | null; readonly to: number | null }
  | Existence
);

/** people, relation, created_by, last_edited_by: ids (normalized UUIDs). */
export type IdCondition = { readonly kind: "id" } & ({ readonly op: "contains" | "does_not_contain"; readonly id: string } | Existence);

export type FilesCondition = { readonly kind: "files" } & Existence;

export type VerificationState = "verified" | "expired" | "none";
export type VerificationCondition = { readonly kind: "verification"; readonly op: "status" | "does_not_equal"; readonly state: VerificationState };

export type Condition =
  | TextCondition
  | NumberCondition
  | CheckboxCondition
  | OptionCondition
  | DateCondition
  | IdCondition
  | FilesCondition
  | VerificationCondition;

/** A parsed filter. An empty `and`/`or` matches every row (a group without conditions). */
export type FilterNode =
  | { readonly kind: "and" | "or"; readonly children: readonly FilterNode[] }
  | { readonly kind: "leaf"; readonly target: Target; readonly condition: Condition };

export type Direction = "ascending" | "descending";

/**
 * One sort key. `options` holds the option ids in schema order for select, status and
 * multi_select (the sort order Notion's UI uses).
 */
export interface SortKey {
  readonly target: Target;
  readonly direction: Direction;
  readonly options?: readonly string[];
}

/** A value a row is ordered by; null is empty (empties sort last in both directions). */
export type Sortable = number | string | null;

/**
 * Where a row sits in a query's order: the values it is ordered by (`orderKey` in
 * evaluate.ts: one per sort key, or `[created_time]` without sorts) and its id, the final
 * tie-break. A cursor keeps the position of the next row, so the next page starts at the
 * first row that sorts at or after it, however rows were added, removed or edited meanwhile.
 */
export interface OrderPosition {
  readonly key: readonly Sortable[];
  readonly id: string;
}

/** A database page as the in-memory evaluator sees it. */
export interface QueryRow {
  readonly id: string;
  /** Epoch ms. */
  readonly created_time: number;
  readonly last_edited_time: number;
  readonly created_by: string;
  readonly last_edited_by: string;
  /** Stored values keyed by property id (docs/design/database-values.md). */
  readonly properties: Readonly<Record<string, unknown>> | null;
  /**
   * Computed values keyed by property id, in Notion's response form: formulas as
   * `{type:"string"|"number"|"boolean"|"date", <type>: …}`, rollups as
   * `{type:"number"|"date"|"array", …}` whose array items are property values in response
   * form (`{type:"select", select:{id,name,color}}`, `{type:"rich_text", rich_text:[…]}` …).
   */
  readonly computed?: Readonly<Record<string, unknown>>;
}

/** True when a condition has a blank operand ("" or no options) and so matches every row. */
export function isBlank(c: Condition): boolean {
  if (c.kind === "text") return "value" in c && c.value === "";
  if (c.kind === "option") return "blank" in c && c.blank;
  return false;
}

/** True for is_empty / is_not_empty conditions. */
export function isExistence(c: Condition): c is Extract<Condition, Existence> {
  return c.op === "is_empty" || c.op === "is_not_empty";
}

/**
 * Ids of the formula and rollup properties a filter and sorts read: the values the caller must
 * put in `QueryRow.computed` (when there are any, compileSqlite answers null).
 */
export function computedProperties(filter: FilterNode | null, sorts: readonly SortKey[]): string[] {
  const ids = new Set<string>();
  const visit = (t: Target) => {
    if (t.kind === "formula" || t.kind === "rollup") ids.add(t.id);
  };
  const walk = (f: FilterNode): void => (f.kind === "leaf" ? visit(f.target) : f.children.forEach(walk));
  if (filter) walk(filter);
  sorts.forEach((s) => visit(s.target));
  return [...ids];
}

/** The number of conditions (leaves) in a filter. */
export function conditionCount(filter: FilterNode | null): number {
  if (!filter) return 0;
  return filter.kind === "leaf" ? 1 : filter.children.reduce((n, c) => n + conditionCount(c), 0);
}

/**
 * Deep-freezes a freshly built tree (the AST is immutable once parsed). Without a temporary
 * array per object: a filter may hold 10,000 conditions, and this was its parse's largest cost.
 */
export function freeze<T>(value: T): T {
  if (value === null || typeof value !== "object" || Object.isFrozen(value)) return value;
  Object.freeze(value);
  if (Array.isArray(value)) for (let i = 0; i < value.length; i++) freeze(value[i]);
  else for (const k in value) freeze((value as Record<string, unknown>)[k]);
  return value;
}
