/**
 * What a SQLite store remembers between units: the rows of the two reads every request makes —
 * the token's owner (by token hash) and a node in sight (by workspace, integration and node id).
 * Correct because one process owns the file (`sqlite-owner.ts`) and every write to it goes
 * through this store's write units: each one empties the cache when it begins and again when it
 * ends (committed or rolled back), and a read unit fills it only if no write unit began since the
 * read unit did. Rows are kept as SQLite returned them (JSON columns as text), so every hit is
 * turned into fresh objects and no caller can change what the next one reads.
 * docs/design/storage.md, "What a SQLite store remembers".
 */

type Row = Record<string, unknown>;

/** Entries kept at most; the oldest goes first. */
export const READ_CACHE_ENTRIES = 10_000;
/** Characters of the rows' text kept at most (≈ 2 bytes each); a larger row is not kept. */
export const READ_CACHE_CHARS = 8 * 2 ** 20;

interface Entry {
  row: Row;
  chars: number;
}

/** Characters of a row's text columns: what it holds on to, roughly. */
function charsOf(row: Row): number {
  let n = 64;
  for (const k in row) {
    const v = row[k];
    n += k.length + (typeof v === "string" ? v.length : 8);
  }
  return n;
}

/** The read results of one SQLite store, valid until its next write unit. */
export class ReadCache {
  private readonly entries = new Map<string, Entry>();
  private chars = 0;
  /** Bumped by every write unit's start and end. */
  private generation = 0;
  /** The generation the running read unit began in. */
  private unitGeneration = -1;
  private writing = 0;
  private enabled = true;
  /**
   * Which webhook subscriptions reach each workspace (`WebhookStore.subscriptionsReaching`), as
   * rows of text. Unlike the entries above it survives write units — every write that emits
   * events asks it — and is emptied instead by the writes that change its answer (subscriptions,
   * integrations, a workspace deleted: `reachingChanged`), and again when such a unit ends.
   */
  private readonly reaching = new Map<string, Row[]>();
  /** A unit running now changed what `reaching` answers: nothing is kept until it ends. */
  private reachingDirty = false;

  /** A read unit begins: what it reads may be kept only if no write unit begins before it is kept. */
  beginRead(): void {
    this.unitGeneration = this.generation;
  }

  /** A write unit begins: nothing read before it may answer a read from now on. */
  beginWrite(): void {
    this.writing++;
    this.flush();
  }

  /** A write unit ended (committed or rolled back). */
  endWrite(): void {
    this.writing--;
    this.flush();
    if (this.reachingDirty) {
      this.reachingDirty = false;
      this.reaching.clear();
    }
  }

  /** The subscriptions kept as reaching `ws`, unless something changed them in the running unit. */
  getReaching(ws: string): Row[] | undefined {
    return this.reachingDirty ? undefined : this.reaching.get(ws);
  }

  /** Keeps what reaches `ws` (bounded like the entries: the oldest workspace goes first). */
  putReaching(ws: string, rows: Row[]): void {
    if (!this.enabled || this.reachingDirty) return;
    if (this.reaching.size >= READ_CACHE_ENTRIES) this.reaching.delete(this.reaching.keys().next().value as string);
    this.reaching.set(ws, rows);
  }

  /** A subscription or an integration (installation) is being written: forget what reaches where. */
  reachingChanged(): void {
    this.reachingDirty = true;
    this.reaching.clear();
  }

  /** Stops remembering for good (another store opened on the same file in this process). */
  disable(): void {
    this.enabled = false;
    this.forgetAll();
  }

  /** Forgets everything (a hand edit of the file while the store is open: tests only). */
  flush(): void {
    this.generation++;
    this.entries.clear();
    this.chars = 0;
  }

  /** Forgets everything, what reaches where included (a hand edit: `forgetReads`; another store on the file). */
  forgetAll(): void {
    this.flush();
    this.reaching.clear();
  }

  /** The row kept under `key`, if any and no write unit is running. */
  get(key: string): Row | undefined {
    if (this.writing > 0) return undefined;
    return this.entries.get(key)?.row;
  }

  /** Keeps `row` under `key`, unless a write unit began since the read unit did. */
  put(key: string, row: Row): void {
    if (!this.enabled || this.writing > 0 || this.unitGeneration !== this.generation) return;
    const chars = charsOf(row);
    if (chars > READ_CACHE_CHARS / 16) return;
    const old = this.entries.get(key);
    if (old) {
      this.chars -= old.chars;
      this.entries.delete(key);
    }
    while (this.entries.size > 0 && (this.entries.size >= READ_CACHE_ENTRIES || this.chars + chars > READ_CACHE_CHARS)) this.evictOldest();
    this.entries.set(key, { row, chars });
    this.chars += chars;
  }

  /**
   * The write generation (`Store.generation`): changes at every write unit's start and end and
   * at every flush; undefined once remembering is off (another store on the file in this process
   * writes behind this one's back).
   */
  current(): number | undefined {
    return this.enabled ? this.generation : undefined;
  }

  /** Entries kept now (tests and benches). */
  get size(): number {
    return this.entries.size;
  }

  private evictOldest(): void {
    const first = this.entries.keys().next().value as string;
    this.chars -= this.entries.get(first)!.chars;
    this.entries.delete(first);
  }
}
