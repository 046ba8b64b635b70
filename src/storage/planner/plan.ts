/**
 * The data-source query planner, adapter-neutral: it decides which rows the compiled query runs
 * on, asking the row-key index through the key-index port (key-index.ts) that each adapter
 * implements in its own SQL.
 *
 * - **lookup**: a top-level condition that an index range answers (option/people/relation
 *   contains, number and date comparisons, text equals, checkbox true, timestamps) and that
 *   matches few rows gives the candidates, ordered from their entries; only the rows up to the
 *   page's end are evaluated.
 * - **walk**: otherwise the rows are read in the order of the first sort key (or newest first)
 *   from the index, in growing batches, each entry probed against the other indexable conditions
 *   (negative ones too) before any row is read; select/status (and multi-select, by its first
 *   option) then a second key walks each option along the second key; people and relation walk
 *   their first element's entries. Cursors seek: a page starts at its cursor's key. An adapter
 *   whose statements are round trips walks a single key in one statement instead of batches
 *   (QuerySource.walk: PostgreSQL).
 * - **scan**: the trash, small data sources, sort keys the index cannot order (files,
 *   verification, formulas, a relation holding pages the reader cannot see…), rows with an
 *   empty first sort key (the tail of a walk),
 *   and walks that find too few matches run the compiled query over every row.
 *
 * Every plan evaluates the same compiled WHERE and ORDER BY (src/query/compile.ts) on a subset
 * that contains every matching row of the page, so plans differ in cost only;
 * test/query-differential.test.ts and test/query-planner.test.ts hold them to the in-memory
 * evaluator. Figures: docs/PERFORMANCE.md.
 */
import { conditionCount, type OrderPosition, type SortKey } from "../../query/ast.js";
import { comparePositions } from "../../query/evaluate.js";
import type { RowQuery } from "../records.js";
import type { KeyValue, Lookup, QuerySource } from "./key-index.js";
import { KeyReader, walkStart } from "./key-reader.js";
import { keySource, lookupsOf, walkSpec, type WalkSpec } from "./lookups.js";
import { PLAN_COUNTS, SQL_MAX_CONDITIONS, type PlannerOptions } from "./options.js";

/**
 * A probe read whole into a set (`Lookup.hash`) costs about one seek per this many of its entries:
 * an index leaf holds hundreds of entries where a seek reads 3–4 pages; kept low, as hashing
 * costs CPU per entry too.
 */
const HASH_ENTRIES_PER_SEEK = 8;

/** Candidate sets up to this size are ordered by the compiled ORDER BY directly. */
const ORDER_IN_SQL_UP_TO = 256;

/** Opens one query's source; null when the query cannot be compiled to SQL (formulas, rollups). */
export type OpenQuery = (q: RowQuery, at: OrderPosition | null) => Promise<QuerySource | null>;

/**
 * Ids of the rows of a query's page, in order: `q.limit` rows from `at` (a cursor's row,
 * included when it still matches) or from row `q.offset`. Null when the query needs memory
 * (formula or rollup values, more than SQL_MAX_CONDITIONS conditions).
 */
export async function planRowIds(open: OpenQuery, q: RowQuery, at: OrderPosition | null, options: PlannerOptions): Promise<string[] | null> {
  if (conditionCount(q.filter) > SQL_MAX_CONDITIONS) return null;
  const source = await open(q, at);
  if (!source) return null;
  if (q.limit === 0) return [];
  const plan = new Plan(source, q, at, options);
  // The trash is read through its own index; the planner's entries cover every row.
  if (q.trashed || source.rows <= options.scanBelowRows || (!at && q.offset > 0) || !source.indexed) return plan.scan();
  return plan.run();
}

/** A walk's allowance: rows read so far, and how many it may read without filling the page. */
interface Budget {
  visited: number;
  limit: number;
}

/** One query being planned. */
class Plan {
  private readonly lookups: Lookup[];
  private readonly threshold: number;

  constructor(
    private readonly source: QuerySource,
    private readonly q: RowQuery,
    private readonly at: OrderPosition | null,
    private readonly options: PlannerOptions,
  ) {
    this.lookups = lookupsOf(q.filter);
    this.threshold = options.smallSetAtMost ?? Math.max(64, Math.ceil(Math.sqrt(q.limit * source.rows)));
  }

  /** The compiled query over the rows `ids` (counted: the rows a plan reads whole). */
  private among(ids: readonly string[], limit: number): Promise<string[]> {
    PLAN_COUNTS.evaluated += ids.length;
    return this.source.among(ids, limit);
  }

  /** The compiled query over every row, from the query's offset (or its cursor). */
  scan(): Promise<string[]> {
    PLAN_COUNTS.scan++;
    return this.source.scan(this.at ? 0 : this.q.offset, false, this.q.limit);
  }

  /** Lookup, else walk, else scan. */
  async run(): Promise<string[]> {
    const best = await this.bestLookup();
    if (best) {
      PLAN_COUNTS.lookup++;
      return this.ordered(best, this.q.limit);
    }
    const walk = walkSpec(this.q.sorts);
    if (!walk) return this.scan();
    // Select/status then a key with its own order (not options: their gone ones sort as empty).
    const inner = walk.options && this.q.sorts.length === 2 ? walkSpec(this.q.sorts.slice(1)) : null;
    const ids = walk.options && inner && !inner.options ? await this.optionGroups(walk, inner) : await this.walk(walk);
    return ids ?? this.scan();
  }

  /**
   * The lookup with the fewest rows, when it has at most `threshold` (counted in the index
   * alone); its rows, less those the other lookups' entries rule out.
   */
  private async bestLookup(): Promise<string[] | null> {
    let best: { lookup: Lookup; n: number } | null = null;
    for (const lookup of this.lookups) {
      if (lookup.absent) continue;
      const n = await this.countUpTo(lookup, best ? best.n : this.threshold + 1);
      if (n <= this.threshold && (!best || n < best.n)) best = { lookup, n };
    }
    if (!best) return null;
    const chosen = best.lookup;
    return this.source.nodes(chosen, this.lookups.filter((l) => l !== chosen));
  }

  /**
   * `source.countUpTo`, answered from the store's remembered counts when they can (an exact
   * count, or one that stopped at a cap at least as high) and remembered for the next query: on
   * PostgreSQL each was a statement of up to `threshold` index entries in every query.
   */
  private async countUpTo(l: Lookup, cap: number): Promise<number> {
    const counts = this.source.counts;
    const exact = counts?.get(l);
    if (exact !== undefined) return Math.min(exact, cap);
    const floor = counts?.atLeast(l);
    if (floor !== undefined && floor >= cap) return cap;
    const n = await this.source.countUpTo(l, cap);
    counts?.set(l, n, n >= cap);
    return n;
  }

  /**
   * The first `limit` matches among `ids` (a superset of the matches, in any order). Large sets
   * whose sort keys the index holds are put in order from the index first, so that only the
   * rows up to the page's end are read (from the cursor's place on); others go to the compiled
   * ORDER BY whole.
   */
  private async ordered(ids: readonly string[], limit: number): Promise<string[]> {
    if (ids.length <= ORDER_IN_SQL_UP_TO) return this.among(ids, limit);
    const sorted = await this.sortByKeys(ids);
    if (!sorted) return this.among(ids, limit);
    const out: string[] = [];
    let batch = this.options.firstBatch;
    for (let i = 0; i < sorted.length && out.length < limit; i += batch, batch = Math.min(batch * 2, this.options.maxBatch))
      out.push(...(await this.among(sorted.slice(i, i + batch), limit - out.length)));
    return out;
  }

  /**
   * `ids` in the query's order, from the cursor's place on, computed from their index entries;
   * null when a sort key's order is not in the index (files, verification, a relation holding
   * pages the reader cannot see).
   */
  private async sortByKeys(ids: readonly string[]): Promise<string[] | null> {
    const sorts: readonly SortKey[] = this.q.sorts;
    const sources = sorts.length === 0 ? [keySource({ target: { kind: "column", column: "created_time" }, direction: "descending" })] : sorts.map(keySource);
    if (sources.some((x) => x === null)) return null;
    const names = [...new Set(sources.map((x) => x!.name).filter((n): n is string => n !== null))];
    const values = new Map<string, Map<string, KeyValue>>();
    if (names.length) {
      for (const [node, name, v] of await this.source.entries(ids, names)) {
        let m = values.get(node);
        if (!m) values.set(node, (m = new Map()));
        m.set(name, v);
      }
    }
    let positions = ids.map((id) => {
      const m = values.get(id);
      return { id, key: sources.map((x) => x!.value(x!.name === null ? undefined : m?.get(x!.name))) };
    });
    positions.sort((a, b) => comparePositions(sorts, a, b));
    const at = this.at;
    if (at) positions = positions.filter((p) => comparePositions(sorts, p, at) >= 0);
    return positions.map((p) => p.id);
  }

  /**
   * Reads rows in the first sort key's order from the index (those that pass the lookups'
   * entries), batch by batch, keeping the compiled query's matches, until `q.limit` rows; then
   * the rows whose first key is empty (a scan restricted to them). Null (scan instead) when a
   * quarter of the rows were read without filling the page.
   */
  private async walk(spec: WalkSpec): Promise<string[] | null> {
    PLAN_COUNTS.walk++;
    const out: string[] = [];
    const probes = await this.probeOrder(this.lookups);
    if (this.atOnce(spec)) {
      if (!(await this.walkAtOnce(spec, walkStart(spec, this.at), probes, out, this.budget()))) return null;
      await this.empties(out);
      return out;
    }
    // Conditions an index entry decides (option, person, page, checked, number and date ranges,
    // equal text) drop rows before their JSON is read: a probe costs a small fraction of a row.
    const reader = new KeyReader(this.source, spec, this.at, probes);
    const evaluate = (ids: string[], room: number) => (spec.single ? this.among(ids, room) : this.ordered(ids, room));
    if (!(await this.drain(reader, out, this.budget(), evaluate))) return null;
    await this.empties(out);
    return out;
  }

  /**
   * A walk's probes, the one that lets the fewest rows through first: every probe costs one index
   * seek per entry it is asked about, and each passes on only its share of them to the next — the
   * rarest first asks the others least (tag-by-priority: Tags, 1 row in 10, before the option, 1
   * in 4; docs/PERFORMANCE.md, "A walk's probes, rarest first"). A probe's share is its entries' count over the rows
   * (absent: the rest), the count taken once per data source and remembered (key-counts.ts);
   * ties keep the filter's order. Without counts the order is unchanged.
   * A probe whose entries are few against the seeks it would make is marked `hash` (Lookup.hash).
   */
  private async probeOrder(probes: readonly Lookup[]): Promise<readonly Lookup[]> {
    const counts = this.source.counts;
    // One probe is counted too: it has no order to take, but may be read whole (no-project's
    // empty entries: 4,981 read once instead of ~1,900 seeks; docs/PERFORMANCE.md, "h11-pgwalk").
    if (!counts || probes.length === 0) return probes;
    const rows = Math.max(1, this.source.rows);
    const share = new Map<Lookup, number>();
    for (const l of probes) {
      let n = counts.get(l);
      if (n === undefined) counts.set(l, (n = await this.source.countUpTo(l, rows)));
      const part = Math.min(1, n / rows);
      share.set(l, l.absent ? 1 - part : part);
    }
    const sorted = [...probes].sort((a, b) => share.get(a)! - share.get(b)!);
    if (sorted.some((l, i) => l !== probes[i])) PLAN_COUNTS.reordered++;
    // The entries the walk reads to fill the page, about (capped at a quarter of the rows, its
    // allowance), and how many of them each probe is asked about: those the probes before it let
    // through. A probe with fewer entries than HASH_ENTRIES_PER_SEEK × its seeks is marked `hash`.
    let asked = Math.min(rows / 4, this.q.limit / Math.max(1 / rows, sorted.reduce((a, l) => a * share.get(l)!, 1)));
    return sorted.map((l) => {
      const n = counts.get(l) ?? Infinity;
      const seeks = asked;
      asked *= share.get(l)!;
      if (n > HASH_ENTRIES_PER_SEEK * seeks) return l;
      PLAN_COUNTS.hashed++;
      return { ...l, hash: true as const };
    });
  }

  /** Whether the adapter walks `spec` in one statement (a single key without options: one entry per row). */
  private atOnce(spec: WalkSpec): boolean {
    return spec.single && !spec.options && this.source.walk !== undefined;
  }

  /**
   * A walk the adapter runs in one statement (QuerySource.walk): its matches into `out`, up to the
   * page's end; false when it read its allowance without filling the page (as `drain`).
   */
  private async walkAtOnce(spec: WalkSpec, from: ReturnType<typeof walkStart>, probes: readonly Lookup[], out: string[], budget: Budget): Promise<boolean> {
    if (from === "empties") return true;
    const cap = Math.max(this.options.firstBatch, Math.ceil(budget.limit - budget.visited));
    const got = await this.source.walk!(spec.name, spec.desc, from, probes, this.q.limit - out.length, cap);
    budget.visited += got.read;
    PLAN_COUNTS.evaluated += got.evaluated;
    if (!got.completed) {
      PLAN_COUNTS.gaveUp++;
      return false;
    }
    out.push(...got.ids);
    return true;
  }

  /** Rows whose first key is empty sort last (both ways), in the order of the other keys: a scan restricted to them. */
  private async empties(out: string[]): Promise<void> {
    if (out.length >= this.q.limit) return;
    PLAN_COUNTS.empties++;
    out.push(...(await this.source.scan(0, true, this.q.limit - out.length)));
  }

  /** A walk's allowance: a quarter of the rows read without filling the page, then it scans instead. */
  private budget(): Budget {
    return { visited: 0, limit: Math.max(this.options.firstBatch * 4, this.source.rows / 4) };
  }

  /**
   * Reads `reader` in doubling batches into `out` (through `evaluate`, given the room left) until
   * the page is full or the entries run out; false when the allowance ran out first.
   */
  private async drain(reader: KeyReader, out: string[], budget: Budget, evaluate: (ids: string[], room: number) => Promise<string[]>): Promise<boolean> {
    let read = 0;
    let kept = 0;
    for (let batch = this.options.firstBatch; out.length < this.q.limit; batch = this.nextBatch(batch, read, kept, this.q.limit - out.length)) {
      const ids = await reader.next(batch);
      if (ids === null) return true; // the entries are exhausted: rows with an empty key remain
      budget.visited += ids.length;
      read += ids.length;
      const got = await evaluate(ids, this.q.limit - out.length);
      kept += got.length;
      out.push(...got);
      if (out.length < this.q.limit && budget.visited > budget.limit) {
        PLAN_COUNTS.gaveUp++;
        return false;
      }
    }
    return true;
  }

  /**
   * The size of a walk's next batch: twice the last (up to the largest), or less when the share of
   * matches seen so far says the rest of the page (`room`) needs less — that many rows and a
   * quarter more, never under the first batch. Doubling alone read up to twice what a page
   * needs (a 30% match rate: 128 + 256 + 512 rows for 101 matches, where ~400 do).
   */
  private nextBatch(batch: number, read: number, kept: number, room: number): number {
    const { firstBatch, maxBatch } = this.options;
    const doubled = Math.min(batch * 2, maxBatch);
    if (kept === 0) return doubled;
    return Math.min(doubled, Math.max(firstBatch, Math.ceil(((room * read) / kept) * 1.25)));
  }

  /**
   * Two sort keys, the first a select or status: option by option in rank order, each option's
   * rows in the second key's order. A small option's rows are read whole and ordered from the
   * index; a large one is walked along the second key's entries, with membership in the option
   * probed like a condition (its rows with the second key empty follow). Rows whose option is
   * empty or gone come last, by a scan.
   */
  private async optionGroups(outer: WalkSpec, inner: WalkSpec): Promise<string[] | null> {
    PLAN_COUNTS.optionGroups++;
    const options = outer.options!;
    const { q, at, source } = this;
    const out: string[] = [];
    let rank = outer.desc ? options.length - 1 : 0;
    if (at) {
      const k = at.key[0];
      rank = typeof k === "number" && k >= 0 && k < options.length ? k : -1;
    }
    const budget = this.budget();
    for (; rank >= 0 && rank < options.length && out.length < q.limit; rank += outer.desc ? -1 : 1) {
      const group: Lookup = { name: outer.name, values: [options[rank]] };
      const size = await this.countUpTo(group, this.threshold + 1);
      if (size <= this.threshold) {
        const ids = await source.nodes(group, this.lookups);
        budget.visited += ids.length;
        out.push(...(await this.ordered(ids, q.limit - out.length)));
        continue;
      }
      const from = at && at.key[0] === rank ? { id: at.id, key: [at.key[1] ?? null] } : null;
      const probes = await this.probeOrder([group, ...this.lookups]);
      if (this.atOnce(inner)) {
        if (!(await this.walkAtOnce(inner, walkStart(inner, from), probes, out, budget))) return null;
      } else {
        const reader = new KeyReader(source, inner, from, probes);
        if (!(await this.drain(reader, out, budget, (ids, room) => this.among(ids, room)))) return null;
      }
      if (out.length < q.limit) {
        // The option's rows whose second key is empty: after the others, by id.
        PLAN_COUNTS.empties++;
        const ids = await source.nodesLacking(group, this.lookups, inner.name);
        out.push(...(await this.among(ids, q.limit - out.length)));
      }
    }
    await this.empties(out);
    return out;
  }
}
