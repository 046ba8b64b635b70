/**
 * Answers of GET page, block, database and data source kept as the bytes sent, per (token,
 * Notion-Version, Notion-Beta, URL with its query string), valid only while the store's write
 * generation (`Store.generation`) has not moved: on SQLite, the one writer of its file, any write
 * unit — a request's, background work's, a sweep's, the control API's — moves it, so a kept answer
 * is exactly the answer the store would give now. A store that cannot tell (PostgreSQL: other
 * nodes write) keeps nothing. Answers whose presentation reported them time-dependent (a signed
 * file URL, a formula reading the clock: `AnswerTraits`) are never kept. Each answer's
 * `request_id` is its own: the kept body is split around it and the new id spliced in.
 * docs/design/storage.md, "Answers kept by the HTTP layer".
 */
import type { FastifyReply, FastifyRequest } from "fastify";
import type { Store } from "../storage/types.js";

/** Answers kept at most; the least recently used goes first. */
export const RESPONSE_CACHE_ENTRIES = 2_000;
/** Characters of kept bodies at most (≈ 1–2 bytes each); a body above 1/16 of it is not kept. */
export const RESPONSE_CACHE_CHARS = 16 * 2 ** 20;

/** The routes whose GET answers may be kept: single objects read through one access check. */
const CACHED_ROUTES = new Set(["/v1/pages/:page_id", "/v1/blocks/:block_id", "/v1/databases/:database_id", "/v1/data_sources/:data_source_id"]);

interface Entry {
  /** The body before and after the request id's value. */
  head: string;
  tail: string;
  /** The body's length, counted against RESPONSE_CACHE_CHARS. */
  chars: number;
  /** Whom the answer was for, so a hit (which skips auth) still names its integration and bot user in the request log. */
  integration: { id: string; name: string; user_id: string };
}

declare module "fastify" {
  interface FastifyRequest {
    /** The request's key in the response cache and the generation it began in (a GET of a cached route). */
    cacheKey?: string;
    cacheGeneration?: number;
  }
}

/** One server's kept answers; all entries belong to one store generation. */
export class ResponseCache {
  private readonly entries = new Map<string, Entry>();
  private chars = 0;
  private generation: number | undefined;

  constructor(private readonly store: Store) {}

  /**
   * Called first thing in a request: answers it from a kept body (true: the reply is sent), or
   * notes its key and the store's generation for `keep`. Only GETs of `CACHED_ROUTES`.
   */
  serve(req: FastifyRequest, reply: FastifyReply): boolean {
    if (req.method !== "GET" || !CACHED_ROUTES.has(req.routeOptions.url!)) return false;
    // Only bearer tokens' answers are kept: a browser session (cookie and CSRF header, no
    // Authorization) is checked on every request — a hit skips auth, and a session ends without a write.
    if (req.headers.authorization === undefined) return false;
    const generation = this.store.generation?.();
    if (generation === undefined) return false;
    const h = req.headers;
    // The raw Authorization header stands for the token (it is held in memory as the token
    // memo in http/auth.ts is; never logged). A rotated or revoked token is a write: it moves
    // the generation and empties the cache. A hit skips auth: a token that could stop working
    // without a write (an expiry) would have to be checked here first.
    const key = `${h.authorization}\n${h["notion-version"]}\n${h["notion-beta"]}\n${req.url}`;
    if (generation !== this.generation) this.clear(generation);
    else {
      const hit = this.entries.get(key);
      if (hit) {
        // Least recently used first out: a hit moves to the end.
        this.entries.delete(key);
        this.entries.set(key, hit);
        req.loggedIntegration = hit.integration;
        reply.header("content-type", "application/json; charset=utf-8");
        reply.send(hit.head + req.id + hit.tail);
        return true;
      }
    }
    req.cacheKey = key;
    req.cacheGeneration = generation;
    return false;
  }

  /**
   * Keeps a 200 answer of a request `serve` noted, unless it is time-dependent or the store's
   * generation moved while it was computed (a write ran meanwhile: what it read may be older).
   */
  keep(req: FastifyRequest, status: number, payload: unknown): void {
    const key = req.cacheKey;
    if (key === undefined || status !== 200 || typeof payload !== "string") return;
    if (req.ctx?.answer?.timeDependent !== false) return;
    // A personal access token expires without a write (and a hit skips auth): its answers are never kept.
    if (req.ctx.actor.person) return;
    const generation = this.store.generation?.();
    if (generation !== req.cacheGeneration) return;
    if (generation !== this.generation) this.clear(generation);
    // Notion's success bodies end with the request id (app.ts adds it last, preSerialization).
    const marker = `"request_id":"${req.id}"}`;
    if (!payload.endsWith(marker) || payload.length > RESPONSE_CACHE_CHARS / 16) return;
    const cut = payload.length - req.id.length - 2;
    const entry = { head: payload.slice(0, cut), tail: payload.slice(cut + req.id.length), chars: payload.length, integration: { id: req.ctx.actor.integration.id, name: req.ctx.actor.integration.name, user_id: req.ctx.actor.bot.id } };
    const old = this.entries.get(key);
    if (old) {
      this.chars -= old.chars;
      this.entries.delete(key);
    }
    while (this.entries.size > 0 && (this.entries.size >= RESPONSE_CACHE_ENTRIES || this.chars + payload.length > RESPONSE_CACHE_CHARS)) this.evictOldest();
    this.entries.set(key, entry);
    this.chars += payload.length;
  }

  /** Answers kept now (tests and benches). */
  get size(): number {
    return this.entries.size;
  }

  private clear(generation: number | undefined): void {
    this.entries.clear();
    this.chars = 0;
    this.generation = generation;
  }

  private evictOldest(): void {
    const first = this.entries.keys().next().value as string;
    this.chars -= this.entries.get(first)!.chars;
    this.entries.delete(first);
  }
}
