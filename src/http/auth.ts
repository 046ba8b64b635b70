/**
 * Authentication for /v1: a bearer token (an integration's, else a person's personal access
 * token), or — with no `Authorization` header — the web app's browser session (the session cookie
 * plus `X-Quire-CSRF`, from Quire's own origin; docs/design/web-session.md).
 */
import type { FastifyRequest } from "fastify";
import type { Store, TokenOwner } from "../storage/types.js";
import type { Actor } from "../domain/context.js";
import { errors } from "../api/errors.js";
import { hashToken } from "../domain/admin/tokens.js";
import { RequestStore } from "./request-unit.js";
import type { Clock } from "../domain/clock.js";
import { dueForTouch, personActorOf } from "../domain/personal-tokens/actor.js";
import { personStore } from "../domain/person-writes.js";
import { dueForTouch as sessionDueForTouch } from "../domain/signin/sessions.js";
import { sessionActor, WORKSPACE_HEADER } from "../domain/signin/session-actor.js";
import { checkBrowserCall, CSRF_HEADER, sessionIdOf } from "./session.js";

/** The header a browser session's /v1 request carries its CSRF token in (the `csrf_token` of GET /_quire/session). */
export { CSRF_HEADER };

/** Tokens whose hash is remembered at most (a bound, not a working set: the memo is then emptied). */
const HASHES_KEPT = 1000;

/**
 * Resolves each request's token against the store (`Tx.getTokenOwner`), on every request.
 * Nothing about the integration is kept here between requests: an admin change (a rotated or
 * deleted token, new capabilities, a new name) may come from another Quire process on the same
 * PostgreSQL database, which this one would never hear of; a SQLite store, the only writer of its
 * file, remembers the answer until its next write unit (storage/sqlite-read-cache.ts). Only the
 * token's SHA-256 is remembered here, a pure function of the token. A request without a body (GET, HEAD) looks the token up in a unit
 * its verb's first read then joins (`RequestStore`, http/request-unit.ts).
 */
export class ActorResolver {
  private readonly hashes = new Map<string, string>();

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    /** The key sessions' CSRF tokens are made with (domain/signin/csrf.ts); without it sessions are refused. */
    private readonly csrfKey?: string,
  ) {}

  /**
   * The request's actor, or Notion's 401 unauthorized; with `shareUnit`, also the store its verb
   * uses, whose first read runs in the unit the token was looked up in (release it once answered).
   */
  async resolve(req: FastifyRequest, shareUnit: boolean): Promise<{ actor: Actor; store: RequestStore | null }> {
    const header = req.headers.authorization;
    // An Authorization header wins: the cookie is looked at only without one.
    if (header === undefined && this.csrfKey !== undefined && sessionIdOf(req) !== null) return { actor: await this.sessionActor(req, this.csrfKey), store: null };
    const m = typeof header === "string" ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    if (!m) throw errors.unauthorized();
    const hash = this.hashOf(m[1]);
    let owner: TokenOwner | null;
    let store: RequestStore | null = null;
    if (shareUnit) ({ owner, store } = await RequestStore.open(this.store, hash));
    else owner = await this.store.readOne((tx) => tx.getTokenOwner(hash));
    if (owner) return { actor: { ...owner, caps: new Set(owner.integration.capabilities) }, store };
    // Not an integration's token: a person's (asked second, so an integration's lookup stays one statement).
    const actor = await this.personActor(hash);
    if (!actor) throw errors.unauthorized();
    return { actor, store: null };
  }

  /** The person a personal access token acts as, or null; a use is written at most once a minute, after the answer's unit. */
  private async personActor(hash: string): Promise<Actor | null> {
    const found = await this.store.readOne((tx) => tx.personalTokens.ownerOf(hash));
    if (!found) return null;
    const now = this.clock.now();
    const actor = personActorOf(found, now);
    if (actor && dueForTouch(found, now))
      // Best effort: a lost write only leaves last_used_time older (never fails the request).
      void this.store.write((tx) => tx.personalTokens.touch(found.workspace.id, found.token.id, now)).catch(() => undefined);
    return actor;
  }

  /**
   * The person a browser session's request acts as. Origin and CSRF are checked before any read
   * (the token is an HMAC of the cookie's hash: a forged request costs no statement); a use
   * refreshes the session's idle time as browsing does (written at most once a minute, before the verb runs).
   */
  private async sessionActor(req: FastifyRequest, csrfKey: string): Promise<Actor> {
    const idHash = checkBrowserCall(req, csrfKey);
    const now = this.clock.now();
    const workspace = req.headers[WORKSPACE_HEADER];
    const { signedIn, actor } = await this.store.read((tx) => sessionActor(tx, idHash, now, typeof workspace === "string" ? workspace : undefined));
    // Using the app is browsing: its /v1 calls keep the session alive as page views do.
    if (sessionDueForTouch(signedIn.session, now)) await this.store.write((tx) => tx.sessions.touch(idHash, now));
    return actor;
  }

  /** The store a request's verb uses: a person's writes are held to their page levels (domain/person-writes.ts). */
  static storeFor(actor: Actor, store: Store): Store {
    return actor.person ? personStore(store, actor) : store;
  }

  private hashOf(token: string): string {
    let hash = this.hashes.get(token);
    if (hash === undefined) {
      hash = hashToken(token);
      if (this.hashes.size >= HASHES_KEPT) this.hashes.clear();
      this.hashes.set(token, hash);
    }
    return hash;
  }
}
