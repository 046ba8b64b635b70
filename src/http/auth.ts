/** Bearer-token authentication for /v1: token → integration → workspace and bot user. */
import type { FastifyRequest } from "fastify";
import type { Store } from "../storage/types.js";
import type { Actor } from "../domain/context.js";
import { errors } from "./errors.js";
import { hashToken } from "../domain/admin/tokens.js";

/** Looks tokens up once and keeps the answer until an admin change clears it. */
export class ActorCache {
  private readonly byHash = new Map<string, Actor>();

  constructor(private readonly store: Store) {}

  clear(): void {
    this.byHash.clear();
  }

  async resolve(req: FastifyRequest): Promise<Actor> {
    const header = req.headers.authorization;
    const m = typeof header === "string" ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    if (!m) throw errors.unauthorized();
    const hash = hashToken(m[1]);
    const cached = this.byHash.get(hash);
    if (cached) return cached;
    const actor = await this.store.read(async (tx) => {
      const integration = await tx.getIntegrationByTokenHash(hash);
      if (!integration) return null;
      const workspace = await tx.getWorkspace(integration.workspace_id);
      const bot = await tx.getUser(integration.workspace_id, integration.bot_id);
      if (!workspace || !bot) return null;
      return { workspace, integration, bot, caps: new Set(integration.capabilities) } satisfies Actor;
    });
    if (!actor) throw errors.unauthorized();
    if (this.byHash.size > 1000) this.byHash.clear();
    this.byHash.set(hash, actor);
    return actor;
  }
}
