/**
 * Reads node ids from the row-key index in a walk's order (the first sort key's), batch by
 * batch, through the key-index port: ties of the first key are read whole when more keys
 * order them, descending walks read the index backwards. Adapter-neutral.
 */
import type { OrderPosition } from "../../query/ast.js";
import type { KeyValue, Lookup, QuerySource, WalkFrom } from "./key-index.js";
import type { WalkSpec } from "./lookups.js";

type Entry = [KeyValue, string];

/** A walk over one name's entries, resumable from a cursor (see walkSpec in lookups.ts). */
export class KeyReader {
  /** Position: the next option (select walks) and the last (v, node) read. */
  private option = 0;
  private last: { v: KeyValue; node: string; inclusive: boolean } | null = null;
  private done = false;

  constructor(
    private readonly source: QuerySource,
    private readonly spec: WalkSpec,
    at: OrderPosition | null,
    private readonly probes: readonly Lookup[],
  ) {
    if (spec.options) this.option = spec.desc ? spec.options.length - 1 : 0;
    if (!at) return;
    const k = at.key[0];
    if (k === null || k === undefined) {
      this.done = true; // the cursor is among the empties
      return;
    }
    // One sort key: start at the cursor's row itself; more: at the start of its group.
    const node = spec.single ? at.id : "";
    if (spec.options) {
      const rank = typeof k === "number" ? k : 0;
      this.option = rank;
      this.last = { v: spec.options[rank] ?? "", node, inclusive: true };
      if (this.option < 0 || this.option >= spec.options.length) this.done = true;
    } else this.last = { v: k, node, inclusive: true };
  }

  private group(value: KeyValue, after: string, inclusive: boolean, limit: number | null): Promise<Entry[]> {
    return this.source.read(this.spec.name, { kind: "group", value, after, inclusive }, this.probes, limit);
  }

  /** Up to about `n` ids (more when a group of ties must be read whole); null when exhausted. */
  async next(n: number): Promise<string[] | null> {
    if (this.done) return null;
    const out: Entry[] = [];
    while (out.length < n && !this.done) out.push(...(await this.read(n - out.length)));
    if (out.length === 0 && this.done) return null;
    if (!this.spec.single && this.last) {
      // The rest of the last group: ties are ordered by the next keys, in one batch.
      const rest = await this.group(this.last.v, this.last.node, false, null);
      if (rest.length) {
        out.push(...rest);
        const [v, node] = rest[rest.length - 1];
        this.last = { v, node, inclusive: false };
      }
    }
    return out.map((r) => r[1]);
  }

  private async read(n: number): Promise<Entry[]> {
    if (this.spec.options) return this.readOption(n, this.spec.options);
    let got: Entry[] = [];
    if (this.last) {
      // First the rest of the current group (by id), then the groups after it.
      got = await this.group(this.last.v, this.last.node, this.last.inclusive, n);
      if (got.length === n) return this.keep(got);
    }
    const wanted = n - got.length;
    const desc = this.spec.desc;
    const more = await this.source.read(this.spec.name, { kind: "from", value: this.last ? this.last.v : null, desc }, this.probes, wanted);
    if (!desc) {
      if (more.length < wanted) this.done = true;
      return this.keep(got.concat(more));
    }
    // Descending values, ids ascending within each: read backwards along the index (no sort),
    // keep the groups read whole and re-read the last one, which may continue, by id.
    if (more.length < wanted) {
      this.done = true;
      return got.concat(byValueThenId(more));
    }
    const open = more[more.length - 1][0];
    this.last = { v: open, node: "", inclusive: true };
    return got.concat(byValueThenId(more.filter((r) => r[0] !== open)));
  }

  /** Option by option, in rank order; each option's rows by id. */
  private async readOption(n: number, options: readonly string[]): Promise<Entry[]> {
    if (this.option < 0 || this.option >= options.length) {
      this.done = true;
      return [];
    }
    const v = options[this.option];
    const from = this.last && this.last.v === v ? this.last : { node: "", inclusive: true };
    const got = await this.group(v, from.node, from.inclusive, n);
    if (got.length < n) {
      this.option += this.spec.desc ? -1 : 1;
      this.last = null;
      return got;
    }
    return this.keep(got);
  }

  /** Remembers the last entry read as the position to go on from. */
  private keep(got: Entry[]): Entry[] {
    if (got.length) {
      const [v, node] = got[got.length - 1];
      this.last = { v, node, inclusive: false };
    }
    return got;
  }
}

/**
 * Where a walk of a key without options starts for the cursor `at` (as `KeyReader` does): null
 * from the first entry, "empties" when the cursor's row has no entry (it is among the rows that
 * follow the walk).
 */
export function walkStart(spec: WalkSpec, at: OrderPosition | null): WalkFrom | null | "empties" {
  if (!at) return null;
  const k = at.key[0];
  if (k === null || k === undefined) return "empties";
  // One sort key: start at the cursor's row itself; more: at the start of its group.
  return { v: k as KeyValue, node: spec.single ? at.id : "", inclusive: true };
}

/** Entries read backwards (value and id descending), as a descending walk serves them: ids ascending within a value. */
function byValueThenId(rows: Entry[]): Entry[] {
  const out: Entry[] = [];
  for (let i = 0; i < rows.length; ) {
    let j = i;
    while (j < rows.length && rows[j][0] === rows[i][0]) j++;
    for (let k = j - 1; k >= i; k--) out.push(rows[k]);
    i = j;
  }
  return out;
}
