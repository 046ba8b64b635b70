/**
 * Values as filters and sorts see them: case folding, plain text, the `nodes.idx` projection,
 * and "cells" (one comparable shape per condition kind) read from stored values
 * (docs/design/database-values.md) or from response-form values (formula and rollup results).
 */
import type { PropertyType } from "../domain/properties/schema.js";
import type { Condition } from "./ast.js";
import { dateEnd, dateStart } from "./dates.js";

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Case folding for text comparison and sorting: lower case, without NUL and lone surrogates so
 * that SQLite (UTF-8, NUL-terminated lengths) and JavaScript see the same characters. Text
 * filters and sorts mirror the Notion UI, which ignores case (spec §7.2; "The filter object
 * mimics the data source filter option in the Notion UI", developers.notion.com/reference/
 * filter-data-source-entries; UI sorts put "a" and "A" together, notionmastery.com/notion-formulas-sorting).
 */
export function fold(text: string): string {
  return text.replace(LONE_SURROGATE, "\uFFFD").replace(/\u0000/g, "").toLowerCase();
}

/** Plain text of a rich text array: the one definition, in src/api/rich-text.ts. */
export { plainText } from "../api/rich-text.js";
import { plainText } from "../api/rich-text.js";

/**
 * What the projections read of a schema entry: its id and type (a `PropertySchema` is one), so
 * that storage can index rows without knowing the domain's schema settings.
 */
export interface KeyedProperty {
  readonly id: string;
  readonly type: PropertyType;
}

export const TEXT_TYPES: ReadonlySet<PropertyType> = new Set(["title", "rich_text", "url", "email", "phone_number"]);

/** The folded plain text of a stored text-like value. */
function storedText(type: PropertyType, value: unknown): string {
  if (type === "title" || type === "rich_text") return fold(plainText(value));
  return typeof value === "string" ? fold(value) : "";
}

/**
 * The `nodes.idx` projection of a page's stored values: for text-like properties the folded
 * plain text (always present, "" when empty); for dates `{s, e}` in epoch ms (absent when
 * empty). Write it with `properties` on every page write and after a property's type changes.
 */
export function projectIdx(schema: readonly KeyedProperty[], properties: Readonly<Record<string, unknown>> | null): Record<string, unknown> {
  const idx: Record<string, unknown> = {};
  for (const p of schema) {
    const value = properties?.[p.id];
    if (TEXT_TYPES.has(p.type)) idx[p.id] = storedText(p.type, value);
    else if (p.type === "date") {
      const s = dateStart(value);
      if (s !== null) idx[p.id] = { s, e: dateEnd(value) ?? s };
    }
  }
  return idx;
}

/** One comparable value, shaped by the kind of condition that reads it. */
export type Cell =
  | { readonly kind: "text"; readonly v: string }
  | { readonly kind: "number"; readonly v: number | null }
  | { readonly kind: "checkbox"; readonly v: boolean }
  | { readonly kind: "option"; readonly ids: readonly string[]; readonly names: readonly string[] }
  | { readonly kind: "date"; readonly v: number | null }
  | { readonly kind: "id"; readonly v: readonly string[] }
  | { readonly kind: "files"; readonly n: number }
  | { readonly kind: "verification"; readonly v: string | null };

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);
const num = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);
const obj = (v: unknown): Record<string, unknown> | null => (v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : null);

/** The cell of a stored value for a condition of kind `kind`. */
export function storedCell(type: PropertyType, kind: Condition["kind"], value: unknown): Cell {
  switch (kind) {
    case "text": return { kind, v: storedText(type, value) };
    case "number": return { kind, v: num(value) };
    case "checkbox": return { kind, v: value === true };
    case "option":
      return { kind, ids: type === "multi_select" ? strings(value) : typeof value === "string" ? [value] : [], names: [] };
    case "date": return { kind, v: dateStart(value) };
    case "id": return { kind, v: strings(value) };
    case "files": return { kind, n: Array.isArray(value) ? value.length : 0 };
    case "verification": {
      const state = obj(value)?.state;
      return { kind, v: typeof state === "string" ? state : null };
    }
  }
}

/**
 * The cell of a response-form value (a formula result, a rollup result or one rollup array
 * item) for a condition of kind `kind`; a value of another type reads as empty.
 */
export function responseCell(kind: Condition["kind"], value: unknown): Cell {
  const v = obj(value) ?? {};
  const type = typeof v.type === "string" ? v.type : "";
  const inner = v[type];
  switch (kind) {
    case "text": {
      if (type === "title" || type === "rich_text") return { kind, v: fold(plainText(inner)) };
      return { kind, v: typeof inner === "string" && type !== "date" ? fold(inner) : "" };
    }
    case "number":
      return { kind, v: type === "unique_id" ? num(obj(inner)?.number) : type === "number" ? num(inner) : null };
    case "checkbox": return { kind, v: (type === "checkbox" || type === "boolean") && inner === true };
    case "option": {
      const list = type === "multi_select" ? (Array.isArray(inner) ? inner : []) : type === "select" || type === "status" ? [inner] : [];
      const items = list.map(obj).filter((x): x is Record<string, unknown> => x !== null);
      return {
        kind,
        ids: items.map((o) => o.id).filter((x): x is string => typeof x === "string"),
        names: items.map((o) => o.name).filter((x): x is string => typeof x === "string").map(fold),
      };
    }
    case "date":
      if (type === "date") return { kind, v: dateStart(inner) };
      if (type === "created_time" || type === "last_edited_time") return { kind, v: typeof inner === "string" ? dateStart({ start: inner }) : null };
      return { kind, v: null };
    case "id": {
      const list = Array.isArray(inner) ? inner : inner && (type === "created_by" || type === "last_edited_by") ? [inner] : [];
      return { kind, v: list.map((x) => obj(x)?.id).filter((x): x is string => typeof x === "string") };
    }
    case "files": return { kind, n: type === "files" && Array.isArray(inner) ? inner.length : 0 };
    case "verification": return { kind, v: typeof obj(inner)?.state === "string" ? (obj(inner)!.state as string) : null };
  }
}

/** One entry of a row's key index: the key's name and a non-empty comparable value. */
export type RowKey = readonly [name: string, value: number | string];

/**
 * The name under which a property's values are indexed: tagged with its type, so that after a
 * property changes type its old entries never pass for values of the new type.
 */
export const keyName = (type: PropertyType, id: string): string => `${type}:${id}`;
/**
 * The name of the entry that holds a list value's first element (multi-select, people,
 * relation), which is what a sort by the property orders by (evaluate.ts storedSortable): the
 * planner walks it in order instead of reading every row. `first:` is no property type, so it
 * never meets a keyName.
 */
export const firstKeyName = (type: PropertyType, id: string): string => `first:${type}:${id}`;
/**
 * The name of the entry a row holds when its list value is empty (multi-select, people and
 * relation: no string element; files: no element — what is_empty tests, compile.ts): one entry
 * (value 1) per row and property, so that is_empty is a lookup of these entries instead of a walk
 * over every row probing for the absence of any other. `empty:` is no property type.
 */
export const emptyKeyName = (type: PropertyType, id: string): string => `empty:${type}:${id}`;
/** The list-valued types whose empty rows have an `emptyKeyName` entry. */
export const LIST_TYPES: ReadonlySet<PropertyType> = new Set(["multi_select", "people", "relation", "files"]);

/** Whether a stored list value is empty as is_empty sees it (files: no element; the others: no string element). */
export function isEmptyList(type: PropertyType, value: unknown): boolean {
  if (type === "files") return !Array.isArray(value) || value.length === 0;
  return strings(value).length === 0;
}

/** Key names of the node columns every row has. */
export const COLUMN_KEYS = {
  created_time: ":created_time",
  last_edited_time: ":last_edited_time",
  created_by: ":created_by",
  last_edited_by: ":last_edited_by",
} as const;

/**
 * The entries a database page contributes to the row-key index (the storage adapter keeps them
 * in step with every write; src/storage/planner/row-keys.ts). Only non-empty values are indexed, each
 * as the sort and filter code compares it: folded text (as `idx`), numbers, a date's start,
 * option, user and page ids (one entry per element), checkbox `true` as 1. A row without an
 * entry for a key holds the empty value (or false). An empty list value (LIST_TYPES) has an
 * entry of its own instead (emptyKeyName, value 1), so that its rows can be looked up.
 */
export function rowKeys(schema: readonly KeyedProperty[], properties: Readonly<Record<string, unknown>> | null): RowKey[] {
  const keys: RowKey[] = [];
  for (const p of schema) {
    const value = properties?.[p.id];
    if (LIST_TYPES.has(p.type) && isEmptyList(p.type, value)) {
      keys.push([emptyKeyName(p.type, p.id), 1]);
      continue;
    }
    if (value === undefined || value === null) continue;
    const name = keyName(p.type, p.id);
    if (TEXT_TYPES.has(p.type)) {
      const text = storedText(p.type, value);
      if (text !== "") keys.push([name, text]);
      continue;
    }
    switch (p.type) {
      case "number": case "unique_id":
        if (typeof value === "number" && Number.isFinite(value)) keys.push([name, value]);
        break;
      case "checkbox":
        if (value === true) keys.push([name, 1]);
        break;
      case "date": {
        const s = dateStart(value);
        if (s !== null) keys.push([name, s]);
        break;
      }
      case "select": case "status":
        if (typeof value === "string") keys.push([name, value]);
        break;
      case "multi_select": case "people": case "relation":
        for (const id of new Set(strings(value))) keys.push([name, id]);
        // The sort's value: the first element when it is a string (storedSortable's firstString).
        if (Array.isArray(value) && typeof value[0] === "string") keys.push([firstKeyName(p.type, p.id), value[0]]);
        break;
    }
  }
  return keys;
}
