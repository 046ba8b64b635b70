/**
 * What a SQLite store remembers between units: the rows of the two reads every request makes —
 * the token's owner (by token hash) and a node in sight (by workspace, integration and node id).
 * Correct because one process owns the file (`sqlite-owner.ts`) and every write to it goes
 * through this store's write units: each one reports the tables its statements wrote
 * (`sqlite-written.ts`, closed over foreign-key actions and triggers), and when it ends (committed
 * or rolled back) each kind of row forgets what it kept if the unit wrote a table that kind is read
 * from — a page written leaves the token's owner remembered; a token revoked, a user or a
 * workspace changed empties it. A kind may also be grouped by the rows of one table it reads
 * (nodes in sight by node: `sqlite-written-rows.ts` reports the rows a unit changed): a unit that
 * wrote only that table among the kind's then forgets only the groups its rows could change. While a write unit runs nothing is answered from here (it must
 * see its own writes), and a read unit keeps what it read only if no write unit began since it
 * did. Rows are kept as SQLite returned them (JSON columns as text), so every hit is turned into
 * fresh objects and no caller can change what the next one reads.
 * docs/design/storage.md, "What a SQLite store remembers".
 */
import { EVERY_TABLE } from "./sqlite-written.js";

type Row = Record<string, unknown>;

/** Entries of each kind kept at most; the oldest goes first. */
export const READ_CACHE_ENTRIES = 10_000;
/** Characters of each kind's rows' text kept at most (≈ 2 bytes each); a larger row is not kept. */
export const READ_CACHE_CHARS = 8 * 2 ** 20;

interface Entry {
  row: Row;
  chars: number;
  group?: string;
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

/** One kind of remembered row: its entries and the tables it is read from. */
class Kind {
  readonly entries = new Map<string, Entry>();
  /** Keys of the entries of each group (kinds grouped by `rowTable`'s rows). */
  readonly groups = new Map<string, Set<string>>();
  chars = 0;
  constructor(
    readonly tables: ReadonlySet<string>,
    readonly rowTable: string | undefined,
  ) {}

  clear(): void {
    this.entries.clear();
    this.groups.clear();
    this.chars = 0;
  }

  /** Forgets the entries of `groups`. */
  forget(groups: Iterable<string>): void {
    for (const g of groups) {
      const keys = this.groups.get(g);
      if (!keys) continue;
      this.groups.delete(g);
      for (const key of keys) this.drop(key);
    }
  }

  drop(key: string): void {
    const e = this.entries.get(key);
    if (!e) return;
    this.chars -= e.chars;
    this.entries.delete(key);
    if (e.group === undefined) return;
    const keys = this.groups.get(e.group);
    keys?.delete(key);
    if (keys?.size === 0) this.groups.delete(e.group);
  }
}

/** Rows reported changed, per table: their groups, or ANY_ROW when any row may have changed. */
const ANY_ROW = null;
/** Groups a unit may report before it counts as having changed any row (a bulk write). */
export const READ_CACHE_GROUPS_PER_UNIT = 1_000;

/** What a write unit wrote: tables, and for a table whose rows are reported, which rows. */
export interface WriteSet {
  tables: ReadonlySet<string>;
  rows: ReadonlyMap<string, ReadonlySet<string> | null>;
}

/** The read results of one SQLite store, each kept until a write unit writes a table it was read from. */
export class ReadCache {
  private readonly kinds = new Map<string, Kind>();
  /** Bumped by every write unit's start and end. */
  private generation = 0;
  /** The generation the running read unit began in. */
  private unitGeneration = -1;
  private writing = 0;
  private enabled = true;
  /** The tables the running write units wrote (EVERY_TABLE among them: any). */
  private written = new Set<string>();
  /** The rows the running write units changed, of the tables whose rows are reported. */
  private writtenRows = new Map<string, Set<string> | typeof ANY_ROW>();
  /** What the last write unit wrote (benches). */
  lastWrite: WriteSet = { tables: new Set(), rows: new Map() };
  /**
   * Which webhook subscriptions reach each workspace (`WebhookStore.subscriptionsReaching`), as
   * rows of text. Unlike the entries above it survives write units — every write that emits
   * events asks it — and is emptied instead by the writes that change its answer (subscriptions,
   * integrations, a workspace deleted: `reachingChanged`), and again when such a unit ends.
   */
  private readonly reaching = new Map<string, Row[]>();
  /** A unit running now changed what `reaching` answers: nothing is kept until it ends. */
  private reachingDirty = false;

  /**
   * Declares a kind of row (its key prefix `kind`) and the tables it is read from (the read
   * statement's, `TableCatalog.named`): its entries go when a write unit writes one of them —
   * only those of the groups its rows changed when the only one it wrote is `rowTable`, whose
   * changed rows are reported (`wroteRows`).
   */
  define(kind: string, tables: ReadonlySet<string>, rowTable?: string): void {
    this.kinds.set(kind, new Kind(tables, rowTable));
  }

  /** A read unit begins: what it reads may be kept only if no write unit begins before it is kept. */
  beginRead(): void {
    this.unitGeneration = this.generation;
  }

  /** A write unit begins: nothing kept answers a read until it ends. */
  beginWrite(): void {
    this.writing++;
    this.generation++;
  }

  /** A statement of the running unit wrote `tables` (sqlite-written.ts); outside a write unit, everything is forgotten at once. */
  wrote(tables: ReadonlySet<string>): void {
    if (this.writing === 0) return this.flush();
    for (const t of tables) this.written.add(t);
  }

  /**
   * Rows of `table` changed in the running unit, as the groups they can have changed (null: any
   * row). Outside a write unit `wrote` has already forgotten everything.
   */
  wroteRows(table: string, groups: readonly string[] | null): void {
    if (this.writing === 0) return;
    let seen = this.writtenRows.get(table);
    if (seen === ANY_ROW) return;
    if (groups === null || (seen?.size ?? 0) + groups.length > READ_CACHE_GROUPS_PER_UNIT) return void this.writtenRows.set(table, ANY_ROW);
    if (!seen) this.writtenRows.set(table, (seen = new Set()));
    for (const g of groups) seen.add(g);
  }

  /** A write unit ended (committed or rolled back): each kind read from a table it wrote forgets what it kept. */
  endWrite(): void {
    this.writing--;
    this.generation++;
    if (this.written.size > 0) {
      const every = this.written.has(EVERY_TABLE);
      for (const kind of this.kinds.values()) this.forgetWritten(kind, every);
    }
    if (this.writing === 0) {
      // Handed over, not copied: the next unit starts with sets of its own.
      this.lastWrite = { tables: this.written, rows: this.writtenRows };
      this.written = new Set();
      this.writtenRows = new Map();
    }
    if (this.reachingDirty) {
      this.reachingDirty = false;
      this.reaching.clear();
    }
  }

  /** Forgets what `kind` kept from the tables (and rows) written so far: all of it, or only the groups of its changed rows. */
  private forgetWritten(kind: Kind, every: boolean): void {
    if (kind.entries.size === 0) return;
    let rows: Set<string> | undefined;
    for (const t of kind.tables) {
      if (!every && !this.written.has(t)) continue;
      // No row of the table reported changed: the statement changed none.
      const changed = t !== kind.rowTable || every ? ANY_ROW : this.writtenRows.has(t) ? this.writtenRows.get(t)! : new Set<string>();
      if (changed === ANY_ROW) return kind.clear();
      rows = changed;
    }
    if (rows) kind.forget(rows);
  }

  /** What a write unit writing `write` leaves, without the write: the start and end of a unit (benches). */
  repeatWrite(write: WriteSet): void {
    this.beginWrite();
    this.wrote(write.tables);
    for (const [t, g] of write.rows) this.wroteRows(t, g && [...g]);
    this.endWrite();
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

  /** Forgets every kept row and moves the generation (a hand edit of the file while the store is open: tests only). */
  flush(): void {
    this.generation++;
    for (const kind of this.kinds.values()) kind.clear();
  }

  /** Forgets everything, what reaches where included (a hand edit: `forgetReads`; another store on the file). */
  forgetAll(): void {
    this.flush();
    this.reaching.clear();
  }

  /** The row of `kind` kept under `key`, if any and no write unit is running. */
  get(kind: string, key: string): Row | undefined {
    if (this.writing > 0) return undefined;
    return this.kinds.get(kind)?.entries.get(key)?.row;
  }

  /** Keeps `row` of `kind` under `key` (in `group`, for a grouped kind), unless a write unit began since the read unit did. */
  put(kind: string, key: string, row: Row, group?: string): void {
    if (!this.enabled || this.writing > 0 || this.unitGeneration !== this.generation) return;
    const k = this.kinds.get(kind);
    // A grouped kind keeps only what a changed row can make it forget.
    if (!k || (k.rowTable !== undefined && group === undefined)) return;
    const chars = charsOf(row);
    if (chars > READ_CACHE_CHARS / 16) return;
    k.drop(key);
    while (k.entries.size > 0 && (k.entries.size >= READ_CACHE_ENTRIES || k.chars + chars > READ_CACHE_CHARS)) k.drop(k.entries.keys().next().value as string);
    const g = k.rowTable === undefined ? undefined : group;
    k.entries.set(key, { row, chars, group: g });
    k.chars += chars;
    if (g !== undefined) {
      let keys = k.groups.get(g);
      if (!keys) k.groups.set(g, (keys = new Set()));
      keys.add(key);
    }
  }

  /**
   * The write generation (`Store.generation`): changes at every write unit's start and end and
   * at every flush; undefined once remembering is off (another store on the file in this process
   * writes behind this one's back).
   */
  current(): number | undefined {
    return this.enabled ? this.generation : undefined;
  }

  /** Entries kept now, of every kind (tests and benches). */
  get size(): number {
    let n = 0;
    for (const k of this.kinds.values()) n += k.entries.size;
    return n;
  }
}
