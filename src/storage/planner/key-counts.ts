/**
 * How many index entries a lookup matches, remembered per data source: the planner orders a
 * walk's probes by the share of rows each lets through (rarest first, plan.ts `probeOrder`), and
 * counting a common option's entries costs about what the reorder saves, so a count is taken
 * once and reused; so is a count the planner stopped at its cap (is a lookup small enough to read
 * whole?), which it took in every query before (docs/PERFORMANCE.md, "h11-pgwalk"). Only plans
 * depend on them, never an answer: a count that lags writes costs speed, not rows. Adapter-neutral; each store keeps one for its lifetime.
 */
import type { Lookup, LookupCounts } from "./key-index.js";

/** Counts are taken again after this long (other writers' edits), or when the data source's rows changed by more than an eighth. */
const COUNT_AGE_MS = 60_000;
/** At most this many counts are kept (then it starts again). */
const COUNTS_KEPT = 4096;


/** The counts of a store, every data source's, bounded. */
export class KeyCounts {
  private readonly kept = new Map<string, { n: number; rows: number; at: number; atLeast: boolean }>();

  constructor(private readonly ageMs = COUNT_AGE_MS, private readonly max = COUNTS_KEPT) {}

  /** The counts of data source `ds` (any string naming it in this store) while it holds `rows` rows. */
  of(ds: string, rows: number, now = Date.now()): LookupCounts {
    const key = (l: Lookup) => `${ds}\u0000${lookupKey(l)}`;
    const fresh = (l: Lookup) => {
      const e = this.kept.get(key(l));
      if (!e) return undefined;
      if (now - e.at > this.ageMs || Math.abs(rows - e.rows) * 8 > e.rows) {
        this.kept.delete(key(l));
        return undefined;
      }
      return e;
    };
    return {
      get: (l) => {
        const e = fresh(l);
        return e && !e.atLeast ? e.n : undefined;
      },
      atLeast: (l) => {
        const e = fresh(l);
        return e?.atLeast ? e.n : undefined;
      },
      set: (l, n, atLeast = false) => {
        if (this.kept.size >= this.max) this.kept.clear();
        this.kept.set(key(l), { n, rows, at: now, atLeast });
      },
    };
  }

  /** Forgets every count (the tables were replaced). */
  clear(): void {
    this.kept.clear();
  }

  get size(): number {
    return this.kept.size;
  }
}

/** What a lookup's count depends on (not `absent` nor `hash`: countUpTo counts the entries either way). */
function lookupKey(l: Lookup): string {
  return JSON.stringify([l.name, l.values ?? null, l.any ?? null, l.lo ?? null, l.hi ?? null]);
}
