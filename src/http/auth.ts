/** Bearer-token authentication for /v1: token → integration → workspace and bot user. */
import type { FastifyRequest } from "fastify";
import type { Store, TokenOwner } from "../storage/types.js";
import type { Actor } from "../domain/context.js";
import { errors } from "../api/errors.js";
import { hashToken } from "../domain/admin/tokens.js";
import { RequestStore } from "./request-unit.js";

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

  constructor(private readonly store: Store) {}

  /**
   * The request's actor, or Notion's 401 unauthorized; with `shareUnit`, also the store its verb
   * uses, whose first read runs in the unit the token was looked up in (release it once answered).
   */
  async resolve(req: FastifyRequest, shareUnit: boolean): Promise<{ actor: Actor; store: RequestStore | null }> {
    const header = req.headers.authorization;
    const m = typeof header === "string" ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    if (!m) throw errors.unauthorized();
    const hash = this.hashOf(m[1]);
    let owner: TokenOwner | null;
    let store: RequestStore | null = null;
    if (shareUnit) ({ owner, store } = await RequestStore.open(this.store, hash));
    else owner = await this.store.readOne((tx) => tx.getTokenOwner(hash));
    if (!owner) throw errors.unauthorized();
    return { actor: { ...owner, caps: new Set(owner.integration.capabilities) }, store };
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
