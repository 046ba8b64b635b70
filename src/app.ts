/**
 * Builds the HTTP app from its dependencies; never listens itself. Hooks, in order: request id →
 * (route match, else invalid_request_url) → Notion-Version → bearer auth → route → error handler.
 */
import Fastify, { type FastifyInstance } from "fastify";
import { randomUUID } from "node:crypto";
import type { Deps } from "./domain/context.js";
import { LIMITS } from "./domain/limits.js";
import { errors } from "./http/errors.js";
import { handleError } from "./http/error-handler.js";
import { parseVersion } from "./http/version.js";
import { ActorCache } from "./http/auth.js";
import { userRoutes } from "./routes/users.js";
import { pageRoutes } from "./routes/pages.js";
import { blockRoutes } from "./routes/blocks.js";
import { adminRoutes } from "./routes/admin.js";

declare module "fastify" {
  interface FastifyInstance {
    quireLog?: (line: string) => void;
  }
}

export interface AppOptions {
  deps: Deps;
  adminKey: () => string;
  /** Where request lines and server errors go; undefined = silent. */
  log?: (line: string) => void;
}

const CORS_HEADERS = {
  "access-control-allow-origin": "*",
  "access-control-allow-methods": "GET, POST, PATCH, DELETE, OPTIONS",
  "access-control-allow-headers": "Authorization, Notion-Version, Content-Type, Notion-Beta",
  "access-control-expose-headers": "x-notion-request-id, retry-after",
  "access-control-max-age": "86400",
};

export function buildApp(opts: AppOptions): FastifyInstance {
  const app = Fastify({
    logger: false,
    bodyLimit: LIMITS.PAYLOAD_BYTES,
    genReqId: () => randomUUID(),
    routerOptions: { ignoreTrailingSlash: true, ignoreDuplicateSlashes: true },
  });
  app.decorate("quireLog", opts.log);
  const actors = new ActorCache(opts.deps.store);

  app.removeAllContentTypeParsers();
  app.addContentTypeParser("*", { parseAs: "string" }, (_req, body, done) => {
    const text = (body as string).trim();
    if (text === "") return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch {
      done(errors.invalidJson(), undefined);
    }
  });

  app.addHook("onRequest", async (req, reply) => {
    reply.header("x-notion-request-id", req.id);
    reply.headers(CORS_HEADERS);
  });
  if (opts.log) {
    const log = opts.log;
    app.addHook("onResponse", async (req, reply) => {
      log(`${req.method} ${req.url} ${reply.statusCode} ${reply.elapsedTime.toFixed(1)}ms`);
    });
  }
  // Success bodies carry request_id as Notion's do.
  app.addHook("preSerialization", async (req, _reply, payload) => {
    if (payload && typeof payload === "object" && !Array.isArray(payload) && (payload as Record<string, unknown>).object !== undefined)
      (payload as Record<string, unknown>).request_id = req.id;
    return payload;
  });
  app.setErrorHandler((err, req, reply) => handleError(err, req, reply));
  app.setNotFoundHandler((req, reply) => {
    if (req.method === "OPTIONS") return reply.status(204).send();
    handleError(errors.invalidRequestUrl(), req, reply);
  });

  app.register(async (v1) => {
    v1.addHook("onRequest", async (req) => {
      const version = parseVersion(req.headers["notion-version"]);
      const actor = await actors.resolve(req);
      req.ctx = { ...opts.deps, actor, version };
    });
    userRoutes(v1);
    pageRoutes(v1);
    blockRoutes(v1);
  });
  adminRoutes(app, { deps: opts.deps, adminKey: opts.adminKey, actors });
  return app;
}
