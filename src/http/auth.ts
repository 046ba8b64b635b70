/** Bearer-token authentication for /v1: token → integration → workspace and bot user. */
import type { FastifyRequest } from "fastify";
import type { Store } from "../storage/types.js";
import type { Actor } from "../domain/context.js";
import { errors } from "../api/errors.js";
import { hashToken } from "../domain/admin/tokens.js";

/** Looks tokens up once and keeps the answer until an admin change clears it. */
export class ActorCache {
  private readonly byToken = new Map<string, Actor>();

  constructor(private readonly store: Store) {}

  clear(): void {
    this.byToken.clear();
  }

  async resolve(req: FastifyRequest): Promise<Actor> {
    const header = req.headers.authorization;
    const m = typeof header === "string" ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    if (!m) throw errors.unauthorized();
    // Keyed by the token itself, so a known token costs no SHA-256.
    const cached = this.byToken.get(m[1]);
    if (cached) return cached;
    const hash = hashToken(m[1]);
    const actor = await this.store.read(async (tx) => {
      const integration = await tx.getIntegrationByTokenHash(hash);
      if (!integration) return null;
      const workspace = await tx.getWorkspace(integration.workspace_id);
      const bot = await tx.getUser(integration.workspace_id, integration.bot_id);
      if (!workspace || !bot) return null;
      return { workspace, integration, bot, caps: new Set(integration.capabilities) } satisfies Actor;
    });
    if (!actor) throw errors.unauthorized();
    if (this.byToken.size > 1000) this.byToken.clear();
    this.byToken.set(m[1], actor);
    return actor;
  }
}
