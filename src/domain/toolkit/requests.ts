/**
 * The request log (docs/design/request-log.md): the last N `/v1` requests — what
 * `GET /_quire/v1/requests`, its live stream and `quire requests tail` read. Entries arrive
 * already redacted and bounded (http/request-capture.ts); this file keeps, filters, pages and
 * announces them: in a ring in memory (`RequestLog`: SQLite, one process), or in the store every
 * node shares (`SharedRequestLog`, toolkit/requests-shared.ts: PostgreSQL).
 */
import { errors } from "../../api/errors.js";

/** One answered `/v1` request as the control API shows it. */
export interface RequestEntry {
  object: "request";
  /** The request's `x-notion-request-id` (and its error bodies' `request_id`). */
  id: string;
  /** When it arrived (ISO, the server's clock). */
  time: string;
  method: string;
  /** The path as sent, query included, credentials taken out (http/request-log.ts). */
  path: string;
  /** The route it matched (`/v1/pages/:page_id`); null when none did. */
  route: string | null;
  status: number;
  duration_ms: number;
  /** The node that answered: its id (`Store.liveness`) and the URL it listens on. */
  node: { id: string; url: string } | null;
  /** The integration (or personal token) that made it; null when its token was not accepted. For a browser session: the person's id, "Web app session". */
  integration: { id: string; name: string } | null;
  /** The user who acted: the integration's bot, or the person of a personal token or browser session; null when not accepted. */
  user_id: string | null;
  /** How the request authenticated: an integration's token, a personal access token, the web app's browser session; null when not accepted. */
  auth: RequestAuth | null;
  headers: { notion_version: string | null; user_agent: string | null; content_type: string | null };
  request_body: string | null;
  response_body: string | null;
}

/** How a request authenticated (`RequestEntry.auth`). */
export type RequestAuth = "integration" | "personal_access_token" | "session";

/** What a list or stream keeps; every field optional. */
export interface RequestFilter {
  integrationId?: string;
  /** Who acted (`RequestEntry.user_id`): a person's requests, whatever token or session they used. */
  userId?: string;
  /** An exact status (`404`) or a class (`4xx`). */
  status?: string;
  /** Matches the path (without its query) or the route pattern, exactly or as a prefix ending at `/`. */
  path?: string;
  method?: string;
  /** Only requests at or after this time (ms). */
  since?: number;
  /** Only requests that authenticated one of these ways (`none`: not accepted), e.g. all but the web app's own. */
  auth?: readonly (RequestAuth | "none")[];
}

/** The default ring size (`--request-log-size`). */
export const DEFAULT_REQUEST_LOG_SIZE = 1000;
/**
 * The most body text an in-memory ring holds, all entries together (characters, ~2 bytes each in
 * V8's two-byte strings, 1 in one-byte ones): past it the oldest entries go first, whatever the
 * ring's size. Without it 1,000 entries of 64 KiB bodies held ~90–120 MB of a SQLite server's heap
 * (docs/PERFORMANCE.md, "A million blocks under 300 MB").
 */
export const REQUEST_LOG_BODY_CHARS = 8 * 1024 * 1024;

/** What the routes and the capture ask of a request log, in memory or shared. */
export interface RequestLogView {
  readonly size: number;
  /** Whether entries are kept at all. */
  readonly enabled: boolean;
  /** This node, named in the entries it records (set once the server listens). */
  node: { id: string; url: string } | null;
  /** Keeps an entry (after its answer; never waits). */
  record(entry: RequestEntry): void;
  /** Newest first, from the sequence number `start` (a cursor) down; `pageSize` at most. */
  list(filter: RequestFilter, pageSize: number, start?: number): Promise<{ results: RequestEntry[]; next: number | null }>;
  get(id: string): Promise<RequestEntry | undefined>;
  clear(): Promise<void>;
  /** Calls `listener` with each entry recorded from now on; returns the unsubscribe. */
  subscribe(listener: (e: RequestEntry) => void): () => void;
  /** Writes what is waiting and stops (the server is closing). */
  close(): Promise<void>;
}

/** A ring of the last `size` entries; `size` 0 keeps none (the log is off). */
export class RequestLog implements RequestLogView {
  node: { id: string; url: string } | null = null;
  private readonly ring: (RequestEntry | undefined)[];
  /** Sequence number of the next entry; entry `n` sits at `n % size`. */
  private next = 0;
  /** Entries before this sequence number were cleared. */
  private floor = 0;
  private readonly listeners = new Set<(e: RequestEntry) => void>();
  /** Body characters of each kept entry, by slot, and their sum over the kept entries. */
  private readonly chars: number[];
  private held = 0;

  constructor(
    readonly size: number = DEFAULT_REQUEST_LOG_SIZE,
    private readonly maxChars: number = REQUEST_LOG_BODY_CHARS,
  ) {
    this.ring = new Array(Math.max(0, size));
    this.chars = new Array(Math.max(0, size)).fill(0);
  }

  /** Whether entries are kept at all. */
  get enabled(): boolean {
    return this.size > 0;
  }

  /** Keeps an entry (the oldest goes when the ring is full) and tells the streams. */
  record(entry: RequestEntry): void {
    if (!this.enabled) return;
    const slot = this.next % this.size;
    // The entry this one overwrites leaves the sum (unless already cleared or pushed out).
    if (this.next - this.size >= this.floor) this.held -= this.chars[slot];
    const chars = (entry.request_body?.length ?? 0) + (entry.response_body?.length ?? 0);
    this.ring[slot] = entry;
    this.chars[slot] = chars;
    this.held += chars;
    this.next++;
    // Over the budget: the oldest entries go (never the one just kept).
    while (this.held > this.maxChars && this.floor < this.next - 1) {
      const oldest = Math.max(this.floor, this.next - this.size);
      this.held -= this.chars[oldest % this.size];
      this.ring[oldest % this.size] = undefined;
      this.floor = oldest + 1;
    }
    for (const listener of this.listeners) listener(entry);
  }

  /** Newest first, from the sequence number `start` (a cursor) down; `pageSize` at most. */
  async list(filter: RequestFilter, pageSize: number, start?: number): Promise<{ results: RequestEntry[]; next: number | null }> {
    const results: RequestEntry[] = [];
    const oldest = Math.max(this.floor, this.next - this.size);
    for (let seq = Math.min(start ?? this.next - 1, this.next - 1); seq >= oldest; seq--) {
      const e = this.ring[seq % this.size]!;
      if (!matches(e, filter)) continue;
      if (results.length === pageSize) return { results, next: seq };
      results.push(e);
    }
    return { results, next: null };
  }

  /** The entry with this request id, if the ring still holds it. */
  async get(id: string): Promise<RequestEntry | undefined> {
    const oldest = Math.max(this.floor, this.next - this.size);
    for (let seq = this.next - 1; seq >= oldest; seq--) if (this.ring[seq % this.size]!.id === id) return this.ring[seq % this.size];
    return undefined;
  }

  /** Forgets every entry kept so far. */
  async clear(): Promise<void> {
    this.ring.fill(undefined);
    this.chars.fill(0);
    this.held = 0;
    this.floor = this.next;
  }

  async close(): Promise<void> {}

  /** Calls `listener` with each entry recorded from now on; returns the unsubscribe. */
  subscribe(listener: (e: RequestEntry) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/** Whether an entry passes a filter. */
export function matches(e: RequestEntry, f: RequestFilter): boolean {
  if (f.integrationId !== undefined && e.integration?.id !== f.integrationId) return false;
  if (f.userId !== undefined && e.user_id !== f.userId) return false;
  if (f.method !== undefined && e.method !== f.method.toUpperCase()) return false;
  if (f.since !== undefined && Date.parse(e.time) < f.since) return false;
  if (f.auth !== undefined && !f.auth.includes(e.auth ?? "none")) return false;
  if (f.status !== undefined) {
    const s = String(e.status);
    if (/^[1-5]xx$/i.test(f.status) ? s[0] !== f.status[0] : s !== f.status) return false;
  }
  if (f.path !== undefined) {
    const q = e.path.indexOf("?");
    const bare = q === -1 ? e.path : e.path.slice(0, q);
    if (!pathMatches(bare, f.path) && !(e.route !== null && pathMatches(e.route, f.path))) return false;
  }
  return true;
}

function pathMatches(actual: string, wanted: string): boolean {
  const w = wanted.endsWith("/") ? wanted.slice(0, -1) : wanted;
  return actual === w || actual.startsWith(`${w}/`);
}

/** A list cursor: the sequence number to continue from, as Notion-looking opaque text. */
export function encodeCursor(seq: number): string {
  return `req_${seq}`;
}

/** The sequence number of a cursor; a validation error when it is not one this log gave. */
export function decodeCursor(cursor: string): number {
  const m = /^req_(\d{1,15})$/.exec(cursor);
  if (!m) throw errors.validation("start_cursor should be a cursor from a previous answer's next_cursor.");
  return Number(m[1]);
}
