/**
 * Recorded-id → live-id mapping for cassette replay.
 *
 * Ids are learnt by walking a recorded response body and the live one in parallel (every `id`
 * and `*_id` field, which covers `parent.*_id`, `data_sources[].id`, `discussion_id`, `view_id`
 * and `workspace_id`; async task ids `task_<32 hex>`), and are written back into the next
 * requests (path, query, body) in the form the recording used: dashed or undashed.
 * Pagination cursors get their own map: in the recordings a cursor is the id of the first item
 * of the next page, but a live server may issue opaque cursors.
 */

/** One id token: a task id, a dashed UUID, or 32 hex digits standing alone. */
const ID_TOKEN = /task_[0-9a-f]{32}|(?<![0-9a-z])[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?![0-9a-z])|(?<![0-9a-z])[0-9a-f]{32}(?![0-9a-z])/gi;
const UUID_DASHED = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HEX32 = /^[0-9a-f]{32}$/i;
const TASK = /^task_[0-9a-f]{32}$/i;

/** Never mapped: deliberately bogus ids that must reach the server as recorded. */
const NIL = "00000000-0000-0000-0000-000000000000";

/** The canonical (dashed lower-case) form of an id token, or null when it is not one. */
export function canonicalId(raw: unknown): string | null {
  if (typeof raw !== "string") return null;
  if (TASK.test(raw)) return raw.toLowerCase();
  if (UUID_DASHED.test(raw)) return raw.toLowerCase();
  if (HEX32.test(raw)) {
    const h = raw.toLowerCase();
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }
  return null;
}

export const isIdLike = (raw: unknown): raw is string => canonicalId(raw) !== null;

/** Every id token inside a piece of text (canonical forms, in order, with repeats). */
export function idTokens(text: string): string[] {
  return [...text.matchAll(ID_TOKEN)].map((m) => canonicalId(m[0])!);
}

/** Keys whose string value is an object id (learnt from responses). */
export function isIdKey(key: string): boolean {
  return key === "id" || (key.endsWith("_id") && key !== "request_id");
}

export interface Conflict {
  path: string;
  message: string;
}

export class IdMap {
  /** canonical recorded id → live id (as the server wrote it). */
  private readonly ids = new Map<string, string>();
  /** live id (canonical when it is an id) → canonical recorded id, to catch two-to-one. */
  private readonly reverse = new Map<string, string>();
  /** canonical recorded cursor → live cursor. */
  private readonly cursors = new Map<string, string>();
  /** canonical recorded id → index of the first interaction whose recorded response held it. */
  private readonly origins = new Map<string, number>();

  /** Pins a pair up front (seeded users, the root page, the workspace). */
  seed(recorded: string, live: string): void {
    const r = canonicalId(recorded);
    if (!r) throw new Error(`not an id: ${recorded}`);
    this.ids.set(r, live);
    this.reverse.set(canonicalId(live) ?? live, r);
  }

  get(recorded: string): string | undefined {
    const r = canonicalId(recorded);
    return r ? this.ids.get(r) : undefined;
  }

  /** Notes which interaction first showed each id of a recorded response (for "blocked"). */
  noteOrigins(recordedBody: unknown, index: number): void {
    for (const id of idTokens(JSON.stringify(recordedBody ?? null))) if (!this.origins.has(id)) this.origins.set(id, index);
  }

  originOf(recorded: string): number | undefined {
    const r = canonicalId(recorded);
    return r ? this.origins.get(r) : undefined;
  }

  /** Pairs one recorded id with one live id; returns a message when it contradicts an earlier pair. */
  learn(recorded: string, live: string): string | null {
    const r = canonicalId(recorded);
    if (!r || r === NIL) return null;
    const liveKey = canonicalId(live) ?? live;
    const known = this.ids.get(r);
    if (known !== undefined) {
      if ((canonicalId(known) ?? known) !== liveKey) return `recorded id ${r} was paired with a different live id before`;
      return null;
    }
    const other = this.reverse.get(liveKey);
    if (other !== undefined && other !== r) return `live id is already paired with another recorded id (${other})`;
    this.ids.set(r, live);
    this.reverse.set(liveKey, r);
    return null;
  }

  /**
   * Walks a recorded body and the live one in parallel and pairs their ids. Arrays are paired by
   * index. Returns contradictions (the same recorded id answered by two live ids, or two recorded
   * ids answered by one live id) — each one means the live server links objects differently.
   */
  learnFrom(recorded: unknown, live: unknown, path = "$"): Conflict[] {
    const out: Conflict[] = [];
    if (Array.isArray(recorded) && Array.isArray(live)) {
      const n = Math.min(recorded.length, live.length);
      for (let i = 0; i < n; i++) out.push(...this.learnFrom(recorded[i], live[i], `${path}[${i}]`));
      return out;
    }
    if (!isPlainObject(recorded) || !isPlainObject(live)) return out;
    for (const key of Object.keys(recorded)) {
      if (!(key in live)) continue;
      const r = recorded[key];
      const l = live[key];
      const p = `${path}.${key}`;
      if (key === "next_cursor" || key === "start_cursor") {
        const rc = canonicalId(r);
        if (rc && typeof l === "string") this.cursors.set(rc, l);
        continue;
      }
      if (isIdKey(key) && typeof r === "string" && typeof l === "string") {
        if (isIdLike(r)) {
          const msg = this.learn(r, l);
          if (msg) out.push({ path: p, message: msg });
        }
        continue;
      }
      out.push(...this.learnFrom(r, l, p));
    }
    return out;
  }

  /**
   * Rewrites every recorded id token in a string through the map, keeping its form (dashed or
   * not). `cursor` says the whole string is a pagination cursor (cursor map first).
   * Reports recorded ids that have no live counterpart.
   */
  rewrite(text: string, opts: { cursor?: boolean } = {}): { text: string; unmapped: string[] } {
    const unmapped: string[] = [];
    if (opts.cursor) {
      const c = canonicalId(text);
      if (c && this.cursors.has(c)) return { text: this.cursors.get(c)!, unmapped };
    }
    const out = text.replace(ID_TOKEN, (token) => {
      const c = canonicalId(token)!;
      if (c === NIL) return token;
      const live = this.ids.get(c);
      if (live === undefined) {
        unmapped.push(c);
        return token;
      }
      const liveCanon = canonicalId(live);
      if (!liveCanon || TASK.test(live)) return live;
      return HEX32.test(token) ? liveCanon.replace(/-/g, "") : liveCanon;
    });
    return { text: out, unmapped };
  }

  /** Rewrites a path with its query string (`start_cursor` goes through the cursor map). */
  rewritePath(pathAndQuery: string): { text: string; unmapped: string[] } {
    const q = pathAndQuery.indexOf("?");
    const path = q < 0 ? pathAndQuery : pathAndQuery.slice(0, q);
    const p = this.rewrite(path);
    if (q < 0) return p;
    const unmapped = [...p.unmapped];
    const params = new URLSearchParams(pathAndQuery.slice(q + 1));
    const next = new URLSearchParams();
    for (const [k, v] of params) {
      const r = this.rewrite(v, { cursor: k === "start_cursor" });
      unmapped.push(...r.unmapped);
      next.append(k, r.text);
    }
    const qs = next.toString();
    return { text: qs ? `${p.text}?${qs}` : p.text, unmapped };
  }

  /** Rewrites ids in every string (and object key) of a JSON body. */
  rewriteJson(value: unknown): { value: unknown; unmapped: string[] } {
    const unmapped: string[] = [];
    const walk = (v: unknown, key?: string): unknown => {
      if (typeof v === "string") {
        const r = this.rewrite(v, { cursor: key === "start_cursor" });
        unmapped.push(...r.unmapped);
        return r.text;
      }
      if (Array.isArray(v)) return v.map((x) => walk(x));
      if (isPlainObject(v)) {
        const out: Record<string, unknown> = {};
        for (const [k, x] of Object.entries(v)) {
          const rk = this.rewrite(k);
          unmapped.push(...rk.unmapped);
          out[rk.text] = walk(x, k);
        }
        return out;
      }
      return v;
    };
    return { value: walk(value), unmapped };
  }
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
