/**
 * Keeping the row-key index in step, the adapter-neutral part: a database page's entries, the
 * changes between what a page had and what it has now, and the schema they are derived from.
 * Each adapter applies the changes in its own SQL inside the write that changes the page.
 */
import { COLUMN_KEYS, LIST_TYPES, emptyKeyName, keyName, rowKeys, type KeyedProperty, type RowKey } from "../../query/values.js";
import type { NodeRow } from "../records.js";

/**
 * Bump to rebuild every row's keys and `idx` projection on the next start (when rowKeys or
 * projectIdx changes meaning). 2: dates compare at the minute (src/domain/dates.ts). 3: the
 * first element of multi-select, people and relation values (firstKeyName), for sorts by them.
 * 4: an entry for an empty list value (emptyKeyName), for is_empty.
 */
export const ROW_KEYS_VERSION = "4";

/** The index entries of a database page: its property values and its node columns. */
export function keysOfRow(schema: readonly KeyedProperty[], row: NodeRow): RowKey[] {
  const keys = rowKeys(schema, row.properties);
  keys.push(
    [COLUMN_KEYS.created_time, row.created_time],
    [COLUMN_KEYS.last_edited_time, row.last_edited_time],
    [COLUMN_KEYS.created_by, row.created_by],
    [COLUMN_KEYS.last_edited_by, row.last_edited_by],
  );
  return keys;
}

/**
 * "Empty" entries (emptyKeyName) are not listed in a row's `key_list`: adding a list property
 * then writes its entries in one `INSERT … SELECT` and leaves every row's node alone. A row
 * write reads the row's stored "empty" entries from the index instead (names starting with
 * EMPTY_NAMES_FROM; SQLite compares them as a range up to EMPTY_NAMES_TO, PostgreSQL with
 * `starts_with`, which no collation changes), docs/design/storage.md "An entry for an empty list value".
 */
export const EMPTY_NAMES_FROM = "empty:";
export const EMPTY_NAMES_TO = "empty;";

/** Whether an entry is an "empty" one (never listed in `key_list`). */
export const isEmptyEntry = (k: RowKey): boolean => k[0].startsWith(EMPTY_NAMES_FROM);

/** The entries a row's `key_list` lists: all but the "empty" ones (a list written before they were left out may hold them). */
export const listedKeys = (keys: readonly RowKey[]): RowKey[] => keys.filter((k) => !isEmptyEntry(k));

/** A row's entries before a write: those `key_list` lists and the "empty" ones read from the index. */
export const storedKeys = (listed: readonly RowKey[], emptyNames: readonly string[]): RowKey[] => [...listedKeys(listed), ...emptyNames.map((n): RowKey => [n, 1])];

/** Where a page's entries live: its data source's scope (an adapter's handle) and the entries. */
export interface ScopedKeys<S> {
  scope: S;
  keys: readonly RowKey[];
}

/**
 * The entries to delete (from `before`'s scope) and to insert (into `after`'s) to go from a
 * page's old entries to its new ones: only those that changed when the scope is the same.
 */
export function keyChanges<S>(before: ScopedKeys<S> | null, after: ScopedKeys<S> | null): { remove: RowKey[]; add: RowKey[] } {
  const id = (k: RowKey) => `${k[0]}\u0000${typeof k[1]}\u0000${k[1]}`;
  const same = before !== null && after !== null && before.scope === after.scope;
  const keep = same ? new Set(after.keys.map(id)) : new Set<string>();
  const had = same ? new Set(before.keys.map(id)) : new Set<string>();
  return {
    remove: before ? before.keys.filter((k) => !keep.has(id(k))) : [],
    add: after ? after.keys.filter((k) => !had.has(id(k))) : [],
  };
}

/** The indexed schema of a data source from its stored `data` (entries without a string id left out). */
export function indexedSchema(data: unknown): KeyedProperty[] {
  const properties = (data as { properties?: unknown } | null)?.properties;
  if (!Array.isArray(properties)) return [];
  return properties.filter((p): p is KeyedProperty => !!p && typeof p === "object" && typeof (p as KeyedProperty).id === "string");
}

/** The key name of a relation property's entries (relatedPageIds reads them). */
export const relationKey = (propertyId: string): string => keyName("relation", propertyId);

/** Whether a node is a row of a data source (only pages under one are; templates aside). */
export const isDataSourcePage = (row: NodeRow): boolean => row.type === "page" && row.parent_type === "data_source_id" && row.parent_id !== null;

/**
 * The "empty" entry names (emptyKeyName) every row of a data source gains when its schema goes
 * from `before` to `after`: list properties (LIST_TYPES) whose id `before` lacks. No row holds a
 * value for a property just added, so each row gets the entry — written by the adapter for all
 * rows at once (one `INSERT … SELECT`; `key_list` does not list "empty" entries, so no row's
 * node is rewritten), in the unit that writes the schema, before the data source's node. A property retyped or removed changes every row's value
 * (src/domain/databases/update-data-source.ts rewrites them), and each row's own sync follows.
 */
export function emptyNamesAdded(before: readonly KeyedProperty[], after: readonly KeyedProperty[]): string[] {
  const had = new Set(before.map((p) => p.id));
  return after.filter((p) => LIST_TYPES.has(p.type) && !had.has(p.id)).map((p) => emptyKeyName(p.type, p.id));
}
