/**
 * Condition objects (`{"contains": "x"}`, `{"past_week": {}}` …) → AST conditions, with
 * Notion-worded validation failures (thrown as `Invalid`, see src/api/validate.ts). One
 * builder per filter key family (developers.notion.com/reference/filter-data-source-entries;
 * operator order follows the SDK's filter types so "Fix one" lists read the same).
 */
import { Invalid, array, boolean, fail, isObject, literalTrue, number, oneOf, string, union, uuid, type V } from "../api/validate.js";
import type { Condition, DateCondition, DateOp, VerificationState } from "./ast.js";
import { RELATIVE_DATES, comparisonBounds, parseIso, relativeDay, today, windowBounds, type RelativeDate } from "./dates.js";
import { fold } from "./values.js";

export interface ConditionContext {
  now: number;
  timeZone?: string;
  meUserId?: string;
  /**
   * `status: {group: {equals | does_not_equal}}` is allowed (the `Notion-Beta:
   * status-group-filters-2026-10-06` opt-in; developers.notion.com/guides/get-started/
   * upgrade-guide-2026-12-01, "Status filters").
   */
  statusGroupOperators?: boolean;
  /**
   * A status `equals`/`does_not_equal` name that is no option's but a group's matches the group's
   * options (developers.notion.com/reference/filter-data-source-entries, Status); 2026-12-01
   * drops this ("`equals` stops matching groups", upgrade guide 2026-12-01).
   */
  statusEqualsMatchesGroups?: boolean;
}

const EXISTENCE = ["is_empty", "is_not_empty"] as const;

/** The first operator present in a condition object, as a union of one-key objects would pick. */
function pick<const K extends string>(value: unknown, path: string, ops: readonly K[]): K {
  if (!isObject(value)) fail(path, "should be an object", value);
  const op = ops.find((k) => value[k] !== undefined);
  if (op === undefined) throw new Invalid(ops.map((k) => `${path}.${k} should be defined, instead was \`undefined\`.`), ops.length > 1);
  return op;
}

const existence = <K extends Condition["kind"]>(kind: K, op: (typeof EXISTENCE)[number], raw: unknown, path: string) => {
  literalTrue()(raw, `${path}.${op}`);
  return { kind, op } as const;
};

const TEXT_OPS = ["equals", "does_not_equal", "contains", "does_not_contain", "starts_with", "ends_with", ...EXISTENCE] as const;
export function textCondition(value: unknown, path: string): Condition {
  const op = pick(value, path, TEXT_OPS);
  const raw = (value as Record<string, unknown>)[op];
  if (op === "is_empty" || op === "is_not_empty") return existence("text", op, raw, path);
  return { kind: "text", op, value: fold(string()(raw, `${path}.${op}`)) };
}

const NUMBER_OPS = ["equals", "does_not_equal", "greater_than", "less_than", "greater_than_or_equal_to", "less_than_or_equal_to", ...EXISTENCE] as const;
export function numberCondition(value: unknown, path: string): Condition {
  const op = pick(value, path, NUMBER_OPS);
  const raw = (value as Record<string, unknown>)[op];
  if (op === "is_empty" || op === "is_not_empty") return existence("number", op, raw, path);
  return { kind: "number", op, value: number()(raw, `${path}.${op}`) };
}

export function checkboxCondition(value: unknown, path: string): Condition {
  const op = pick(value, path, ["equals", "does_not_equal"] as const);
  return { kind: "checkbox", op, value: boolean()((value as Record<string, unknown>)[op], `${path}.${op}`) };
}

const stringOrArray: V<string[]> = (v, p) => union<string[]>((x, q) => [string()(x, q)], array(string()))(v, p);

/**
 * select/status (`equals`) and multi_select (`contains`). Operands stay as given (names, or
 * option ids); parse.ts resolves them against the schema.
 */
export function optionCondition(value: unknown, path: string, multi: boolean): Condition {
  const ops = multi ? (["contains", "does_not_contain", ...EXISTENCE] as const) : (["equals", "does_not_equal", ...EXISTENCE] as const);
  const op = pick(value, path, ops);
  const raw = (value as Record<string, unknown>)[op];
  if (op === "is_empty" || op === "is_not_empty") return existence("option", op, raw, path);
  const names = stringOrArray(raw, `${path}.${op}`);
  return { kind: "option", op, ids: [], names, blank: names.every((n) => n === "") };
}

/**
 * status: the select operators, and with the status-group beta `group: {equals | does_not_equal}`
 * naming status groups ("To-do", "In progress", "Complete"), resolved to their options in parse.ts.
 */
export function statusCondition(value: unknown, path: string, ctx: ConditionContext): Condition {
  if (!ctx.statusGroupOperators) return optionCondition(value, path, false);
  const op = pick(value, path, ["equals", "does_not_equal", ...EXISTENCE, "group"] as const);
  if (op !== "group") return optionCondition(value, path, false);
  const inner = (value as Record<string, unknown>).group;
  const at = `${path}.group`;
  const groupOp = pick(inner, at, ["equals", "does_not_equal"] as const);
  const names = stringOrArray((inner as Record<string, unknown>)[groupOp], `${at}.${groupOp}`);
  return { kind: "option", op: groupOp, ids: [], names, blank: names.every((n) => n === ""), byGroup: true };
}

const COMPARISONS = ["equals", "before", "after", "on_or_before", "on_or_after"] as const;
const WINDOWS = ["this_week", "past_week", "past_month", "past_year", "next_week", "next_month", "next_year"] as const;

/**
 * A date condition. `minute`: the value is a Notion date (property, formula or rollup result),
 * compared at the minute; timestamps (created_time, last_edited_time) compare to the millisecond.
 */
export function dateCondition(value: unknown, path: string, ctx: ConditionContext, minute = false): DateCondition {
  const op = pick(value, path, [...COMPARISONS, ...WINDOWS, ...EXISTENCE] as const);
  const raw = (value as Record<string, unknown>)[op];
  const at = `${path}.${op}`;
  if (op === "is_empty" || op === "is_not_empty") return existence("date", op, raw, path);
  const t = today(ctx.now, ctx.timeZone);
  if ((WINDOWS as readonly string[]).includes(op)) {
    if (!isObject(raw)) fail(at, "should be an object", raw);
    return { kind: "date", op: op as DateOp, ...windowBounds(op as (typeof WINDOWS)[number], t) };
  }
  const text = string()(raw, at);
  const parsed = (RELATIVE_DATES as readonly string[]).includes(text)
    ? ({ dateOnly: true, day: relativeDay(text as RelativeDate, t) } as const)
    : parseIso(text);
  if (!parsed) fail(at, "should be a valid ISO 8601 date string", raw);
  return { kind: "date", op: op as DateOp, ...comparisonBounds(op as (typeof COMPARISONS)[number], parsed, minute) };
}

/** people, created_by, last_edited_by (`"me"` is the integration's bot user) and relation. */
export function idCondition(value: unknown, path: string, ctx: ConditionContext, people: boolean): Condition {
  const op = pick(value, path, ["contains", "does_not_contain", ...EXISTENCE] as const);
  const raw = (value as Record<string, unknown>)[op];
  if (op === "is_empty" || op === "is_not_empty") return existence("id", op, raw, path);
  const at = `${path}.${op}`;
  const id = people ? union<string>(uuid(), oneOf(["me"]))(raw, at) : uuid()(raw, at);
  // Without a "me" user nothing matches `contains: "me"`: "me" is never a stored id.
  return { kind: "id", op, id: id === "me" ? (ctx.meUserId ?? "me") : id };
}

export function filesCondition(value: unknown, path: string): Condition {
  const op = pick(value, path, EXISTENCE);
  return existence("files", op, (value as Record<string, unknown>)[op], path);
}

const STATES = ["verified", "expired", "none"] as const;
export function verificationCondition(value: unknown, path: string): Condition {
  const op = pick(value, path, ["status", "does_not_equal"] as const);
  const state: VerificationState = oneOf(STATES)((value as Record<string, unknown>)[op], `${path}.${op}`);
  return { kind: "verification", op, state };
}

/** `formula: {string|checkbox|number|date: {…}}`: the sub-key names the result type filtered on. */
export function formulaCondition(value: unknown, path: string, ctx: ConditionContext): Condition {
  const key = pick(value, path, ["string", "checkbox", "number", "date"] as const);
  const inner = (value as Record<string, unknown>)[key];
  const at = `${path}.${key}`;
  switch (key) {
    case "string": return textCondition(inner, at);
    case "checkbox": return checkboxCondition(inner, at);
    case "number": return numberCondition(inner, at);
    case "date": return dateCondition(inner, at, ctx, true);
  }
}

const ROLLUP_ITEM_KEYS = ["rich_text", "number", "checkbox", "select", "multi_select", "relation", "date", "people", "files", "status"] as const;

/** `rollup: {any|every|none: {<type>: {…}}}` or `rollup: {number|date: {…}}`. */
export function rollupCondition(value: unknown, path: string, ctx: ConditionContext): { quantifier: "any" | "every" | "none" | "value"; condition: Condition } {
  const key = pick(value, path, ["any", "none", "every", "date", "number"] as const);
  const inner = (value as Record<string, unknown>)[key];
  const at = `${path}.${key}`;
  if (key === "date") return { quantifier: "value", condition: dateCondition(inner, at, ctx, true) };
  if (key === "number") return { quantifier: "value", condition: numberCondition(inner, at) };
  const itemKey = pick(inner, at, ROLLUP_ITEM_KEYS);
  return { quantifier: key, condition: keyCondition(itemKey, (inner as Record<string, unknown>)[itemKey], `${at}.${itemKey}`, ctx) };
}

/** The condition for a filter key other than formula and rollup. */
export function keyCondition(key: string, value: unknown, path: string, ctx: ConditionContext): Condition {
  switch (key) {
    case "title": case "rich_text": case "url": case "email": case "phone_number":
      return textCondition(value, path);
    case "number": case "unique_id":
      return numberCondition(value, path);
    case "checkbox":
      return checkboxCondition(value, path);
    case "select":
      return optionCondition(value, path, false);
    case "status":
      return statusCondition(value, path, ctx);
    case "multi_select":
      return optionCondition(value, path, true);
    case "date":
      return dateCondition(value, path, ctx, true);
    case "created_time": case "last_edited_time":
      return dateCondition(value, path, ctx);
    case "people": case "created_by": case "last_edited_by":
      return idCondition(value, path, ctx, true);
    case "relation":
      return idCondition(value, path, ctx, false);
    case "files":
      return filesCondition(value, path);
    case "verification":
      return verificationCondition(value, path);
    default:
      throw new Error(`no condition for filter key ${key}`);
  }
}
