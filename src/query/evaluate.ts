/**
 * The in-memory evaluator and comparator: the reference semantics of the AST. The SQL
 * compiler must agree with it row for row (test/query-differential.test.ts); formula and
 * rollup filters and sorts run only here, on values the caller computes.
 */
import type { PropertyType } from "../domain/properties/schema.js";
import { isBlank, isExistence, type Condition, type NumberOp, type TextOp, type FilterNode, type OrderPosition, type QueryRow, type Sortable, type SortKey, type Target } from "./ast.js";
import { dateStart } from "./dates.js";
import { seenValue } from "./hidden.js";
import { TEXT_TYPES, fold, plainText, responseCell, storedCell, type Cell } from "./values.js";

/** True when the row passes the filter. */
export function evaluate(node: FilterNode, row: QueryRow): boolean {
  return passes(node, row, new Map());
}

/**
 * A row's cells by property id and condition kind, read once per row: a filter may test the
 * same property thousands of times (100 × 100 conditions), and a cell of long text is folded
 * once, not once per condition.
 */
type Cells = Map<string, Map<Condition["kind"], Cell>>;

// Loops rather than every/some and no closures: this runs rows × conditions times.
function passes(node: FilterNode, row: QueryRow, cells: Cells): boolean {
  if (node.kind === "leaf") return leaf(node.target, node.condition, row, cells);
  const kids = node.children;
  if (node.kind === "and") {
    for (let i = 0; i < kids.length; i++) if (!passes(kids[i], row, cells)) return false;
    return true;
  }
  // An empty group is no filter at all (it matches every row).
  if (kids.length === 0) return true;
  for (let i = 0; i < kids.length; i++) if (passes(kids[i], row, cells)) return true;
  return false;
}

/** The cell of a stored value (`stored`) or of a response-form value, read once per row. */
function cellOf(cells: Cells, id: string, kind: Condition["kind"], stored: PropertyType | null, value: unknown): Cell {
  let byKind = cells.get(id);
  if (!byKind) cells.set(id, (byKind = new Map()));
  let cell = byKind.get(kind);
  if (!cell) byKind.set(kind, (cell = stored === null ? responseCell(kind, value) : storedCell(stored, kind, value)));
  return cell;
}

function leaf(target: Target, condition: Condition, row: QueryRow, cells: Cells): boolean {
  switch (target.kind) {
    case "property":
      return matches(condition, cellOf(cells, target.id, condition.kind, target.type, seenValue(target, row.properties?.[target.id])));
    case "column": {
      const cell: Cell = target.column === "created_time" || target.column === "last_edited_time"
        ? { kind: "date", v: row[target.column] }
        : { kind: "id", v: [row[target.column]] };
      return matches(condition, cell);
    }
    case "formula":
      return matches(condition, cellOf(cells, target.id, condition.kind, null, row.computed?.[target.id]));
    case "rollup": {
      const value = row.computed?.[target.id];
      if (target.quantifier === "value") return matches(condition, cellOf(cells, target.id, condition.kind, null, value));
      const items = rollupItems(value).map((item) => responseCell(condition.kind, item));
      // Over no items `any` and `every` are false and `none` is true: Notion leaves pages with an
      // empty rollup out of `every` (recorded 2026-03-11 traffic, ultimate-notion tests/cassettes
      // test_query_rollup #8, #12, #14) — not the vacuous truth of plain logic.
      if (target.quantifier === "any") return items.some((c) => matches(condition, c));
      if (target.quantifier === "every") return items.length > 0 && items.every((c) => matches(condition, c));
      return !items.some((c) => matches(condition, c));
    }
  }
}

function rollupItems(value: unknown): unknown[] {
  if (!value || typeof value !== "object") return [];
  const v = value as Record<string, unknown>;
  return v.type === "array" ? (Array.isArray(v.array) ? v.array : []) : [value];
}

const VERIFIED = new Set(["verified", "expired"]);

/** True for the empty value of its kind (what is_empty tests). */
export function isEmptyCell(cell: Cell): boolean {
  switch (cell.kind) {
    case "text": return cell.v === "";
    case "number": case "date": case "verification": return cell.v === null;
    case "checkbox": return false;
    case "option": return cell.ids.length === 0 && cell.names.length === 0;
    case "id": return cell.v.length === 0;
    case "files": return cell.n === 0;
  }
}

/** Whether one cell satisfies a condition (the cell's kind follows the condition's). */
export function matches(c: Condition, cell: Cell): boolean {
  if (isExistence(c)) return isEmptyCell(cell) === (c.op === "is_empty");
  if (isBlank(c)) return true;
  switch (c.kind) {
    case "text": return text(c.op, (cell as Extract<Cell, { kind: "text" }>).v, c.value);
    case "number": return compareNumber(c.op, (cell as Extract<Cell, { kind: "number" }>).v, c.value);
    case "checkbox": {
      const v = (cell as Extract<Cell, { kind: "checkbox" }>).v;
      return c.op === "equals" ? v === c.value : v !== c.value;
    }
    case "option": {
      const { ids, names } = cell as Extract<Cell, { kind: "option" }>;
      const hit = ids.some((id) => c.ids.includes(id)) || names.some((n) => c.names.includes(n));
      return c.op === "equals" || c.op === "contains" ? hit : !hit;
    }
    case "date": {
      const v = (cell as Extract<Cell, { kind: "date" }>).v;
      return v !== null && (c.from === null || v >= c.from) && (c.to === null || v < c.to);
    }
    case "id": {
      const has = (cell as Extract<Cell, { kind: "id" }>).v.includes(c.id);
      return c.op === "contains" ? has : !has;
    }
    case "verification": {
      const raw = (cell as Extract<Cell, { kind: "verification" }>).v;
      const state = raw !== null && VERIFIED.has(raw) ? raw : "none";
      return c.op === "status" ? state === c.state : state !== c.state;
    }
  }
}

function text(op: TextOp, v: string, operand: string): boolean {
  switch (op) {
    case "equals": return v === operand;
    case "does_not_equal": return v !== operand;
    case "contains": return v.includes(operand);
    case "does_not_contain": return !v.includes(operand);
    case "starts_with": return v.startsWith(operand);
    case "ends_with": return v.endsWith(operand);
  }
}

/** Number comparisons; an empty value only satisfies does_not_equal. */
function compareNumber(op: NumberOp, v: number | null, operand: number): boolean {
  if (v === null) return op === "does_not_equal";
  switch (op) {
    case "equals": return v === operand;
    case "does_not_equal": return v !== operand;
    case "greater_than": return v > operand;
    case "less_than": return v < operand;
    case "greater_than_or_equal_to": return v >= operand;
    case "less_than_or_equal_to": return v <= operand;
  }
}

/** Compares two strings by Unicode code point (SQLite's BINARY order on UTF-8). */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    // Surrogates (D800–DFFF) encode code points above FFFF: move them above E000–FFFF.
    x += x >= 0xe000 ? -0x800 : x >= 0xd800 ? 0x2000 : 0;
    y += y >= 0xe000 ? -0x800 : y >= 0xd800 ? 0x2000 : 0;
    return x - y;
  }
  return a.length - b.length;
}

function firstString(v: unknown, key?: string): string | null {
  if (!Array.isArray(v) || v.length === 0) return null;
  const first = key ? (v[0] as Record<string, unknown> | null)?.[key] : v[0];
  return typeof first === "string" ? first : null;
}

function storedSortable(key: SortKey, type: PropertyType, value: unknown): Sortable {
  if (TEXT_TYPES.has(type)) return nonEmpty((storedCell(type, "text", value) as Extract<Cell, { kind: "text" }>).v);
  switch (type) {
    case "number": case "unique_id": return typeof value === "number" && Number.isFinite(value) ? value : null;
    case "checkbox": return value === true ? 1 : 0;
    case "select": case "status": return rank(key, typeof value === "string" ? value : null);
    case "multi_select": return rank(key, firstString(value));
    case "date": return dateStart(value);
    case "people": case "relation": return firstString(value);
    case "files": return firstString(value, "name");
    case "verification": {
      const state = (value as Record<string, unknown> | null)?.state;
      return state === "verified" ? 0 : state === "expired" ? 1 : null;
    }
    default: return 0; // button, place: no order of their own
  }
}

const nonEmpty = (s: string): string | null => (s === "" ? null : s);

function rank(key: SortKey, id: string | null): number | null {
  const i = id === null ? -1 : (key.options ?? []).indexOf(id);
  return i < 0 ? null : i;
}

/** Sortable form of a response-form value (formula results, rollup results and items). */
function responseSortable(value: unknown): Sortable {
  if (!value || typeof value !== "object") return null;
  const v = value as Record<string, unknown>;
  const inner = v[v.type as string];
  switch (v.type) {
    case "string": case "url": case "email": case "phone_number": return typeof inner === "string" ? nonEmpty(fold(inner)) : null;
    case "title": case "rich_text": return nonEmpty(fold(plainText(inner)));
    case "number": return typeof inner === "number" && Number.isFinite(inner) ? inner : null;
    case "boolean": case "checkbox": return inner === true ? 1 : 0;
    case "date": return dateStart(inner);
    case "select": case "status": return typeof (inner as Record<string, unknown> | null)?.name === "string" ? fold((inner as Record<string, string>).name) : null;
    case "multi_select": { const n = firstString(inner, "name"); return n === null ? null : fold(n); }
    case "people": case "relation": return firstString(inner, "id");
    case "array": return Array.isArray(inner) && inner.length > 0 ? responseSortable(inner[0]) : null;
    default: return null;
  }
}

function sortable(key: SortKey, row: QueryRow): Sortable {
  const t = key.target;
  switch (t.kind) {
    case "property": return storedSortable(key, t.type, seenValue(t, row.properties?.[t.id]));
    case "column": return row[t.column];
    case "formula": case "rollup": return responseSortable(row.computed?.[t.id]);
  }
}

function compareSortables(a: Sortable, b: Sortable, descending: boolean): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1; // empties last, both ways
  let c: number;
  if (typeof a === "number" && typeof b === "number") c = a < b ? -1 : a > b ? 1 : 0;
  else if (typeof a === "string" && typeof b === "string") c = Math.sign(compareCodePoints(a, b));
  else c = typeof a === "number" ? -1 : 1;
  return descending ? -c : c;
}

/**
 * The values a row is ordered by: one per sort key; without sort keys its created_time, newest
 * first (Notion's default order: makenotion/notion-sdk-js#388, "the default order of API
 * response matches created_time descending"). The id breaks ties, as the SQL's final `n.id`.
 */
export function orderKey(sorts: readonly SortKey[], row: QueryRow): Sortable[] {
  return sorts.length === 0 ? [row.created_time] : sorts.map((key) => sortable(key, row));
}

/** Compares two positions in the order of `sorts` (orderKey values, then ids). */
export function comparePositions(sorts: readonly SortKey[], a: OrderPosition, b: OrderPosition): number {
  for (let i = 0; i < a.key.length; i++) {
    const c = compareSortables(a.key[i], b.key[i], sorts.length === 0 || sorts[i].direction === "descending");
    if (c !== 0) return c;
  }
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Orders two rows by the sort keys (or newest first without them), then by id. */
export function compareRows(sorts: readonly SortKey[], a: QueryRow, b: QueryRow): number {
  return comparePositions(sorts, { key: orderKey(sorts, a), id: a.id }, { key: orderKey(sorts, b), id: b.id });
}
