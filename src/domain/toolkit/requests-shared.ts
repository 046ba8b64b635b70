/**
 * The request log every node on one PostgreSQL database shares (docs/design/request-log.md,
 * "Across nodes"): each node keeps its entries in a buffer and appends them to the store's log
 * (`Store.shared.requests`) in one statement every FLUSH_MS — after the answers, never on a
 * request's path — trimmed there to the newest `size`. Each entry is made JSON text as it is
 * recorded (after its answer), so a flush only joins them: turned into text all at once, a
 * batch of large answers held the event loop for the request in flight (docs/PERFORMANCE.md,
 * "The request log's flush and PostgreSQL's p99"). Lists read the store (this node's buffer
 * written first, so a node always lists what it just answered); streams poll it every POLL_MS,
 * one statement per node whatever the number of streams.
 */
import type { RequestLogStore } from "../../storage/toolkit-shared.js";
import { unmetered } from "../../storage/meter.js";
import { matches, type RequestEntry, type RequestFilter, type RequestLogView } from "./requests.js";

/** How long an entry waits in its node's buffer at most. */
export const FLUSH_MS = 250;
/** A buffer this long is written at once. */
const FLUSH_ENTRIES = 200;
/** How often open streams ask the store for new entries. */
export const POLL_MS = 500;
/** Rows read per statement while a list scans for entries passing its filter. */
const SCAN = 250;

export class SharedRequestLog implements RequestLogView {
  node: { id: string; url: string } | null = null;
  private buffer: { id: string; entry: string }[] = [];
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> = Promise.resolve();
  private readonly listeners = new Set<(e: RequestEntry) => void>();
  private polling: NodeJS.Timeout | null = null;
  private seen: Promise<number> | number = 0;

  constructor(
    private readonly store: RequestLogStore,
    readonly size: number,
  ) {}

  get enabled(): boolean {
    return this.size > 0;
  }

  record(entry: RequestEntry): void {
    if (!this.enabled) return;
    this.buffer.push({ id: entry.id, entry: JSON.stringify(entry) });
    if (this.buffer.length >= FLUSH_ENTRIES) void this.flush();
    else if (!this.timer) this.timer = unmetered(() => setTimeout(() => void this.flush(), FLUSH_MS).unref());
  }

  /** Appends the buffer; resolves once every entry recorded so far is in the store (a failed write is dropped: a log, not data). */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.buffer;
    this.buffer = [];
    if (batch.length > 0) this.writing = this.writing.then(() => unmetered(() => this.store.append(batch, this.size))).catch(() => undefined);
    return this.writing;
  }

  async list(filter: RequestFilter, pageSize: number, start?: number): Promise<{ results: RequestEntry[]; next: number | null }> {
    await this.flush();
    const results: RequestEntry[] = [];
    let below = start === undefined ? null : start + 1;
    for (;;) {
      const rows = await this.store.before(below, SCAN);
      for (const r of rows) {
        const e = JSON.parse(r.entry) as RequestEntry;
        if (!matches(e, filter)) continue;
        if (results.length === pageSize) return { results, next: r.seq };
        results.push(e);
      }
      if (rows.length < SCAN) return { results, next: null };
      below = rows[rows.length - 1].seq;
    }
  }

  async get(id: string): Promise<RequestEntry | undefined> {
    await this.flush();
    const row = await this.store.get(id);
    return row ? (JSON.parse(row.entry) as RequestEntry) : undefined;
  }

  async clear(): Promise<void> {
    this.buffer = [];
    await this.flush();
    await this.store.clear();
  }

  subscribe(listener: (e: RequestEntry) => void): () => void {
    this.listeners.add(listener);
    if (!this.polling) {
      // From the newest entry now: a stream shows what is answered after it opened.
      this.seen = unmetered(() => this.store.last()).catch(() => 0);
      this.polling = unmetered(() => setInterval(() => void this.poll(), POLL_MS));
    }
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.stopPolling();
    };
  }

  async close(): Promise<void> {
    this.stopPolling();
    await this.flush();
  }

  private running = false;

  private async poll(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      let after = await this.seen;
      const rows = await unmetered(() => this.store.after(after, 500));
      for (const r of rows) {
        after = r.seq;
        const e = JSON.parse(r.entry) as RequestEntry;
        for (const l of this.listeners) l(e);
      }
      this.seen = after;
    } catch {
      // The next poll asks again.
    } finally {
      this.running = false;
    }
  }

  private stopPolling() {
    if (this.polling) clearInterval(this.polling);
    this.polling = null;
  }
}
