/**
 * The filter builder's model: a view's `filter` JSON (the data-source query grammar,
 * developers.notion.com/reference/filter-data-source-entries) ↔ a tree of groups and conditions
 * the screen edits. Groups nest as the API allows (a top group and groups inside it: compound
 * filters "nest two levels deep at most"). What the builder cannot show (a timestamp filter) is
 * kept as it came and can only be removed.
 */
import type { Json } from "../api";
import type { Prop } from "./model";

export type Kind = "text" | "number" | "checkbox" | "option" | "multi" | "date" | "people" | "relation" | "files" | "verification";

export interface Group {
  kind: "group";
  op: "and" | "or";
  children: Node[];
}
export interface Cond {
  kind: "cond";
  /** The property's name. */
  property: string;
  /** The filter key: the property's type (`status`, `formula`, `rollup` …). */
  key: string;
  /** For formulas the result type (`string`…), for rollups `number`, `date` or `any.rich_text` …. */
  sub?: string;
  op: string;
  value: unknown;
}
export interface Raw {
  kind: "raw";
  json: Json;
}
export type Node = Group | Cond | Raw;

const KIND_OF: Record<string, Kind> = {
  title: "text", rich_text: "text", url: "text", email: "text", phone_number: "text",
  number: "number", unique_id: "number", checkbox: "checkbox", select: "option", status: "option",
  multi_select: "multi", date: "date", created_time: "date", last_edited_time: "date",
  people: "people", created_by: "people", last_edited_by: "people", relation: "relation",
  files: "files", verification: "verification",
};
const FORMULA_KINDS: Record<string, Kind> = { string: "text", number: "number", checkbox: "checkbox", date: "date" };
export const ROLLUP_ITEMS = ["rich_text", "number", "checkbox", "select", "multi_select", "relation", "date", "people", "files", "status"];

/** Property types a filter can name (buttons and places cannot be filtered). */
export const FILTERABLE = (p: Prop) => p.type !== "button" && p.type !== "place";

/** The kind of condition a filter key (and sub-key) takes. */
export function kindOf(key: string, sub?: string): Kind {
  if (key === "formula") return FORMULA_KINDS[sub ?? "string"] ?? "text";
  if (key === "rollup") {
    if (sub === "number" || !sub) return "number";
    if (sub === "date") return "date";
    return KIND_OF[sub.split(".")[1] ?? "rich_text"] ?? "text";
  }
  return KIND_OF[key] ?? "text";
}

/** Operators of each kind with Notion's labels, in the UI's order. */
export const OPERATORS: Record<Kind, [op: string, label: string][]> = {
  text: [["equals", "is"], ["does_not_equal", "is not"], ["contains", "contains"], ["does_not_contain", "does not contain"], ["starts_with", "starts with"], ["ends_with", "ends with"], ["is_empty", "is empty"], ["is_not_empty", "is not empty"]],
  number: [["equals", "="], ["does_not_equal", "≠"], ["greater_than", ">"], ["less_than", "<"], ["greater_than_or_equal_to", "≥"], ["less_than_or_equal_to", "≤"], ["is_empty", "is empty"], ["is_not_empty", "is not empty"]],
  checkbox: [["equals", "is"], ["does_not_equal", "is not"]],
  option: [["equals", "is"], ["does_not_equal", "is not"], ["is_empty", "is empty"], ["is_not_empty", "is not empty"]],
  multi: [["contains", "contains"], ["does_not_contain", "does not contain"], ["is_empty", "is empty"], ["is_not_empty", "is not empty"]],
  date: [["equals", "is"], ["before", "is before"], ["after", "is after"], ["on_or_before", "is on or before"], ["on_or_after", "is on or after"], ["this_week", "is this week"], ["past_week", "is within the past week"], ["past_month", "is within the past month"], ["past_year", "is within the past year"], ["next_week", "is within the next week"], ["next_month", "is within the next month"], ["next_year", "is within the next year"], ["is_empty", "is empty"], ["is_not_empty", "is not empty"]],
  people: [["contains", "contains"], ["does_not_contain", "does not contain"], ["is_empty", "is empty"], ["is_not_empty", "is not empty"]],
  relation: [["contains", "contains"], ["does_not_contain", "does not contain"], ["is_empty", "is empty"], ["is_not_empty", "is not empty"]],
  files: [["is_empty", "is empty"], ["is_not_empty", "is not empty"]],
  verification: [["status", "is"], ["does_not_equal", "is not"]],
};

/** Relative dates a date condition may compare with (the query grammar's tokens). */
export const RELATIVE_DATES: [token: string, label: string][] = [
  ["today", "Today"], ["tomorrow", "Tomorrow"], ["yesterday", "Yesterday"], ["one_week_ago", "One week ago"],
  ["one_week_from_now", "One week from now"], ["one_month_ago", "One month ago"], ["one_month_from_now", "One month from now"],
];

const WINDOWS = new Set(["this_week", "past_week", "past_month", "past_year", "next_week", "next_month", "next_year"]);
const EXISTENCE = new Set(["is_empty", "is_not_empty"]);

/** Whether an operator takes no value (`is_empty`, `past_week` …). */
export const valueless = (op: string) => WINDOWS.has(op) || EXISTENCE.has(op);

/** A new condition on `prop` with its kind's first operator. */
export function newCond(prop: Prop): Cond {
  const sub = prop.type === "formula" ? "string" : prop.type === "rollup" ? "number" : undefined;
  const kind = kindOf(prop.type, sub);
  return { kind: "cond", property: prop.name, key: prop.type, sub, op: OPERATORS[kind][0][0], value: kind === "checkbox" ? true : kind === "verification" ? "verified" : "" };
}

const KEYS = new Set([...Object.keys(KIND_OF), "formula", "rollup"]);

/** A view's filter as a tree (a lone condition becomes a one-item "and" group). */
export function fromJson(json: Json | null | undefined): Group {
  if (!json) return { kind: "group", op: "and", children: [] };
  const node = nodeOf(json);
  return node.kind === "group" ? node : { kind: "group", op: "and", children: [node] };
}

function nodeOf(json: Json): Node {
  for (const op of ["and", "or"] as const) if (Array.isArray(json[op])) return { kind: "group", op, children: json[op].map(nodeOf) };
  if (typeof json.property !== "string") return { kind: "raw", json };
  const key = Object.keys(json).find((k) => k !== "property" && k !== "type" && KEYS.has(k));
  if (!key || typeof json[key] !== "object" || json[key] === null) return { kind: "raw", json };
  let inner: Json = json[key];
  let sub: string | undefined;
  if (key === "formula") {
    sub = Object.keys(inner)[0];
    inner = inner[sub] ?? {};
  } else if (key === "rollup") {
    const q = Object.keys(inner)[0];
    if (q === "number" || q === "date") {
      sub = q;
      inner = inner[q] ?? {};
    } else {
      const item = Object.keys(inner[q] ?? {})[0];
      sub = `${q}.${item}`;
      inner = inner[q]?.[item] ?? {};
    }
  }
  const op = Object.keys(inner)[0];
  if (!op) return { kind: "raw", json };
  return { kind: "cond", property: json.property, key, sub, op, value: inner[op] };
}

/** Whether a condition is complete enough to send (Notion's UI leaves out one without a value). */
export function complete(c: Cond): boolean {
  if (valueless(c.op)) return true;
  return c.value !== "" && c.value !== null && c.value !== undefined && !(Array.isArray(c.value) && !c.value.length);
}

/** A condition's operand as the grammar wants it. */
function operand(c: Cond): unknown {
  if (valueless(c.op)) return WINDOWS.has(c.op) ? {} : true;
  const kind = kindOf(c.key, c.sub);
  if (kind === "number") return Number(c.value);
  if (kind === "checkbox") return c.value === true || c.value === "true";
  return c.value;
}

/** The tree as a view's `filter` (null when nothing is left). */
export function toJson(group: Group): Json | null {
  const out = groupJson(group);
  return out;
}

function groupJson(g: Group): Json | null {
  const children = g.children.map(nodeJson).filter((x): x is Json => x !== null);
  if (!children.length) return null;
  return { [g.op]: children };
}

function nodeJson(n: Node): Json | null {
  if (n.kind === "raw") return n.json;
  if (n.kind === "group") return groupJson(n);
  if (!complete(n)) return null;
  return condJson(n);
}

/** A condition as a property filter (`{property, [key]: …}`), complete or not. */
export function condJson(n: Cond): Json {
  let inner: Json = { [n.op]: operand(n) };
  if (n.key === "formula") inner = { [n.sub ?? "string"]: inner };
  if (n.key === "rollup") {
    const [q, item] = (n.sub ?? "number").split(".");
    inner = item ? { [q]: { [item]: inner } } : { [q]: inner };
  }
  return { property: n.property, [n.key]: inner };
}

/** How many conditions a tree holds (the Filter button's count). */
export function countConds(n: Node): number {
  return n.kind === "group" ? n.children.reduce((s, c) => s + countConds(c), 0) : 1;
}
