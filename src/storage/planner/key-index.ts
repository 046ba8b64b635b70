/**
 * The key-index port: what the query planner (plan.ts) asks of a storage adapter for one data
 * source query. Each adapter answers it in its own SQL (src/storage/sqlite-row-query.ts,
 * src/storage/postgres/rows-query.ts); the planner never sees SQL.
 *
 * The row-key index holds, per data source, entries (name, v, node): a database page's
 * comparable values (src/query/values.ts rowKeys; name = a property's type-tagged id or a node
 * column). Under one name every v is a number or every v is a string; the index orders entries by
 * (name, v, node), text in code point order.
 */

/** One data source's remembered lookup counts (the store's `KeyCounts.of`, key-counts.ts). */
export interface LookupCounts {
  /** The entries' exact count, when remembered. */
  get(l: Lookup): number | undefined;
  /** `n` entries (`atLeast`: at least `n`, a count that stopped at its cap). */
  set(l: Lookup, n: number, atLeast?: boolean): void;
  /** A count that stopped at its cap: the entries are at least this many, when remembered. */
  atLeast(l: Lookup): number | undefined;
}

/** A value of the row-key index. */
export type KeyValue = number | string;

/**
 * A condition on one name's entries: one of `values`, any entry but the `except` ones (`any`),
 * or a numeric range (a superset of a filter leaf's rows).
 */
export interface Lookup {
  name: string;
  /** The leaf holds only for rows with NO entry matching (a negative condition). */
  absent?: true;
  values?: readonly KeyValue[];
  /** Every entry of the name matches, but those whose value is one of `except` (text values). */
  any?: { except: readonly string[] };
  lo?: { v: number; incl: boolean };
  hi?: { v: number; incl: boolean };
  /**
   * A hint for a probe (plan.ts `probeOrder`): its entries are fewer than a few times the seeks the
   * walk would make for it, so an adapter whose one statement reads a whole walk may read them
   * once into a set (PostgreSQL's `walk`: a hashed subplan) instead of seeking per entry read.
   * Never changes which rows pass; adapters may ignore it.
   */
  hash?: true;
}

/**
 * A read of one name's entries in index order:
 * - `group`: the entries whose value is `value`, by node, from the node `after` (included when
 *   `inclusive`; "" is before every node);
 * - `from`: entries by (value, node) — ascending, or both descending when `desc` — strictly after
 *   `value` in that direction (all of them when null).
 */
export type KeyRead =
  | { kind: "group"; value: KeyValue; after: string; inclusive: boolean }
  | { kind: "from"; value: KeyValue | null; desc: boolean };

/** Where a walk starts: the entry (v, node), included when `inclusive` ("" is before every node). */
export interface WalkFrom {
  v: KeyValue;
  node: string;
  inclusive: boolean;
}

/** What a walk in one statement (`QuerySource.walk`) found. */
export interface WalkResult {
  /** The matching rows, in the walk's order, at most the limit asked. */
  ids: string[];
  /** False when more than `cap` entries were read without filling the page (the planner scans instead). */
  completed: boolean;
  /** Entries read (a lower bound when the entries ran out before the page filled). */
  read: number;
  /** Rows read whole: the entries that passed every probe, up to the page's last row. */
  evaluated: number;
}

/** One query's rows and index entries, as an adapter serves them to the planner. */
export interface QuerySource {
  /** The data source's row count (it may lag recent writes: it only picks plans). */
  readonly rows: number;
  /** False when the data source has no index entries at all (never had a row): scan. */
  readonly indexed: boolean;
  /** The store's remembered lookup counts for this data source (key-counts.ts); absent: probes keep the filter's order. */
  readonly counts?: LookupCounts;
  /** How many entries match `l` (as if `absent` were not set), counting no further than `cap`. */
  countUpTo(l: Lookup, cap: number): Promise<number>;
  /** The distinct nodes with an entry matching `l` that pass every probe. */
  nodes(l: Lookup, probes: readonly Lookup[]): Promise<string[]>;
  /** Those nodes (as `nodes`) that have no entry named `missing`. */
  nodesLacking(l: Lookup, probes: readonly Lookup[], missing: string): Promise<string[]>;
  /**
   * Entries `[v, node]` of `name` in the order `read` gives, passing every probe, at most `limit`
   * (null: all). A probe passes when the node has an entry matching it (no entry, when `absent`).
   */
  read(name: string, read: KeyRead, probes: readonly Lookup[], limit: number | null): Promise<[KeyValue, string][]>;
  /** The entries `[node, name, v]` of the nodes `ids` under the names `names`. */
  entries(ids: readonly string[], names: readonly string[]): Promise<[string, string, KeyValue][]>;
  /**
   * The compiled query over every row of the data source (its templates left out, in the trash
   * or not as the query asks) from the cursor's place on: ids in the query's order from `offset`,
   * at most `limit`; only rows whose first sort key is empty when `firstKeyEmpty`.
   */
  scan(offset: number, firstKeyEmpty: boolean, limit: number): Promise<string[]>;
  /** The compiled query over the rows `ids` (in any order) from the cursor's place on: the first `limit` in order. */
  among(ids: readonly string[], limit: number): Promise<string[]>;
  /**
   * Optional: a walk of a single sort key (one entry per row under `name`) in one statement —
   * the entries in (v, node) order (v descending when `desc`, node ascending within a v) from
   * `from`, passing every probe, whose rows pass the compiled query from the cursor's place on:
   * the first `limit`, reading at most `cap` entries. An adapter whose statements are round trips
   * (PostgreSQL) offers it; without it the planner reads batches (`read`, then `among`).
   */
  walk?(name: string, desc: boolean, from: WalkFrom | null, probes: readonly Lookup[], limit: number, cap: number): Promise<WalkResult>;
}
