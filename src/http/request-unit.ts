/**
 * One store unit for a GET request's token lookup and its verb's first read
 * (docs/design/storage.md, "One unit per request"). The `/v1` hook opens a read unit, looks the
 * token up in it and keeps it open; the verb's first `ctx.store.read` runs inside it, so a GET
 * page is one unit (SQLite: one mutex turn; PostgreSQL: one pooled connection, BEGIN, the two
 * statements, COMMIT) instead of two. Held only between the hook and the handler, which for a
 * request without a body is a few synchronous steps (route validation); released as soon as the
 * verb's first read ends, before any write, and when the answer is sent whatever happened.
 */
import type { Store, TokenOwner, Tx } from "../storage/types.js";

/** A read unit kept open after the token's lookup, for the verb's first read. */
class OpenUnit {
  private release!: (error?: unknown) => void;
  /** Settles when the underlying unit has ended (committed, or rolled back with the verb's error). */
  ended!: Promise<unknown>;

  /** Opens a read unit on `store`, looks `hash` up in it and keeps it open while the owner exists. */
  static async open(store: Store, hash: string): Promise<{ owner: TokenOwner | null; unit: OpenUnit | null }> {
    const unit = new OpenUnit();
    const gate = new Promise<void>((resolve, reject) => (unit.release = (e) => (e === undefined ? resolve() : reject(e))));
    let opened!: (v: { owner: TokenOwner | null; tx: Tx }) => void;
    const first = new Promise<{ owner: TokenOwner | null; tx: Tx }>((resolve) => (opened = resolve));
    unit.ended = store.read(async (tx) => {
      const owner = await tx.getTokenOwner(hash);
      opened({ owner, tx });
      if (owner) await gate;
    });
    // A failed lookup (database unreachable) ends the unit before `opened`: it answers instead.
    const { owner, tx } = await Promise.race([first, unit.ended.then(() => first)]);
    if (!owner) {
      await unit.ended;
      return { owner, unit: null };
    }
    unit.tx = tx;
    return { owner, unit };
  }

  private tx!: Tx;

  /** Runs the verb's read in this unit, then ends it; answers as `Store.read` would. */
  async run<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    let result: T;
    try {
      result = await fn(this.tx);
    } catch (e) {
      this.release(e);
      await this.ended.catch(() => undefined);
      throw e;
    }
    this.release();
    await this.ended;
    return result;
  }

  /** Ends the unit unused; resolves once it has ended. */
  close(): Promise<unknown> {
    this.release();
    return this.ended.catch(() => undefined);
  }
}

/**
 * The `Store` a GET request's verb sees: its first `read` joins the unit the token was looked up
 * in; everything else (later reads, writes, background work) goes to the store as usual.
 */
export class RequestStore implements Store {
  private constructor(
    private readonly store: Store,
    private unit: OpenUnit | null,
  ) {}

  /** Looks the token up in a unit left open for the request's first read; null owner = unknown token. */
  static async open(store: Store, hash: string): Promise<{ owner: TokenOwner | null; store: RequestStore | null }> {
    const { owner, unit } = await OpenUnit.open(store, hash);
    return { owner, store: unit ? new RequestStore(store, unit) : null };
  }

  read<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    const unit = this.unit;
    if (!unit) return this.store.read(fn);
    this.unit = null;
    return unit.run(fn);
  }

  readOne<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return this.read(fn);
  }

  /** The store's own node: a request is no node of its own. */
  get liveness() {
    return this.store.liveness;
  }

  generation(): number | undefined {
    return this.store.generation?.();
  }

  async write<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    await this.release();
    return this.store.write(fn);
  }

  /** True while the token's unit is open, waiting for the verb's first read. */
  get holding(): boolean {
    return this.unit !== null;
  }

  /** Ends the open unit if the verb has not used it (an error, a verb that only writes). */
  release(): Promise<unknown> {
    const unit = this.unit;
    this.unit = null;
    return unit ? unit.close() : Promise.resolve();
  }

  close(): Promise<void> {
    return this.store.close();
  }
}
