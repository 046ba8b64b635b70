/**
 * Builds the HTTP app from its dependencies; never listens itself. Hooks, in order: request id (and
 * the request's log line, written when its response closes) → (route match, else
 * invalid_request_url) → Notion-Version → bearer auth → route → error handler.
 */
import Fastify, { type FastifyInstance, type FastifyRequest } from "fastify";
import type { IncomingMessage } from "node:http";
import { randomUUID } from "node:crypto";
import type { Socket } from "node:net";
import type { Deps } from "./domain/context.js";
import { LIMITS } from "./api/limits.js";
import { WorkBudget } from "./domain/budget.js";
import { ApiError, errors } from "./api/errors.js";
import { errorBody, handleError } from "./http/error-handler.js";
import { parseVersion } from "./api/version.js";
import { parseBetas } from "./api/beta.js";
import { readJsonBody } from "./http/body.js";
import { ActorResolver } from "./http/auth.js";
import type { RequestStore } from "./http/request-unit.js";
import { logOnClose } from "./http/request-log.js";
import { captureResponse, recordOnClose } from "./http/request-capture.js";
import { encodeListsOnce, encodeOnce } from "./http/encode-once.js";
import { meterRequests } from "./http/server-timing.js";
import { routeReadsToReplicas } from "./http/replica-routing.js";
import { ResponseCache } from "./http/response-cache.js";
import { toolkitAfterAuth, toolkitBeforeAuth } from "./http/toolkit-hooks.js";
import { outsideBase, prefixAnswers, rewriteUnderBase } from "./http/base-path.js";
import { userRoutes } from "./routes/users.js";
import { pageRoutes } from "./routes/pages.js";
import { markdownRoutes } from "./routes/markdown.js";
import { blockRoutes } from "./routes/blocks.js";
import { meetingNoteRoutes } from "./routes/meeting-notes.js";
import { databaseRoutes } from "./routes/databases.js";
import { searchRoutes } from "./routes/search.js";
import { commentRoutes } from "./routes/comments.js";
import { discussionCountRoutes } from "./routes/discussion-counts.js";
import { adminRoutes } from "./routes/admin.js";
import { fileDownloadRoutes, fileUploadRoutes, SEND_ROUTE } from "./routes/file-uploads.js";
import { customEmojiRoutes } from "./routes/custom-emojis.js";
import { viewRoutes } from "./routes/views.js";
import { FORM_ROUTES, signinRoutes } from "./routes/signin.js";
import { sessionFavoriteRoutes } from "./routes/session-favorites.js";
import { webAppRoutes } from "./routes/web-app.js";
import { readFormBody } from "./http/form.js";
import { samlRoutes } from "./routes/sso-saml.js";
import { externalObjectRoutes, linkPreviewCallbackRoutes } from "./routes/link-previews.js";
import { scimRoutes } from "./routes/scim.js";
import { oauthRoutes } from "./routes/oauth.js";
import { AUTHORIZE_FORM_ROUTES, oauthAuthorizeRoutes } from "./routes/oauth-authorize.js";

declare module "fastify" {
  interface FastifyInstance {
    /** Every route the app serves (method and URL pattern), for tests that cover each (HEAD and OPTIONS left out). */
    quireRoutes: RouteEntry[];
    quireLog?: (line: string) => void;
    quireErrorLog?: (line: string) => void;
  }
  interface FastifyRequest {
    /** A GET request's store whose first read joins the token's unit (http/request-unit.ts). */
    unit?: RequestStore;
  }
}

export interface AppOptions {
  deps: Deps;
  /** SHA-256 (hex) of the control API's admin key. */
  adminKeyHash: () => string;
  /** Where request lines go; undefined = silent. */
  log?: (line: string) => void;
  /** Where server errors (500s, with their stack) go; undefined = silent. */
  logError?: (line: string) => void;
  /** Answer with a `Server-Timing` header counting the request's store statements (http/server-timing.ts). */
  serverTiming?: boolean;
  /** The store has read replicas: read-only /v1 requests may read from them (http/replica-routing.ts). */
  readReplicas?: boolean;
  /** The key sign-in forms' CSRF tokens are made with (domain/signin/csrf.ts). */
  csrfKey: string;
  /** Take the client's address and scheme from a reverse proxy's X-Forwarded-For / -Proto (off: a client could name any). */
  trustProxy?: boolean;
  /** Keep GET answers while the store's write generation stands (http/response-cache.ts). */
  responseCache?: boolean;
  /** Served under this path prefix (`/quire`, normalized; "" or absent: at /): http/base-path.ts. */
  basePath?: string;
}

const CORS_HEADERS = {
  "access-control-allow-origin": "*",
  "access-control-allow-methods": "GET, POST, PATCH, DELETE, OPTIONS",
  "access-control-allow-headers": "Authorization, Notion-Version, Content-Type, Notion-Beta",
  "access-control-expose-headers": "x-notion-request-id, retry-after",
  "access-control-max-age": "86400",
};

/**
 * What Node's HTTP parser rejects before Fastify sees a request (oversized headers, a malformed
 * request line) still gets a Notion error body.
 */
function clientError(err: NodeJS.ErrnoException, socket: Socket) {
  if (err.code === "ECONNRESET" || socket.destroyed) return;
  const [status, message] =
    err.code === "HPE_HEADER_OVERFLOW"
      ? [431, "Request header fields are too large."]
      : err.code === "ERR_HTTP_REQUEST_TIMEOUT"
        ? [408, "The request took too long to arrive."]
        : [400, "The request could not be parsed as HTTP."];
  const id = randomUUID();
  const body = JSON.stringify(errorBody(new ApiError(status, "invalid_request", message), id));
  if (socket.writable) {
    const head = [`HTTP/1.1 ${status} ${STATUS_TEXT[status]}`, "content-type: application/json; charset=utf-8", `content-length: ${Buffer.byteLength(body)}`, `x-notion-request-id: ${id}`, "connection: close"];
    for (const [k, v] of Object.entries(CORS_HEADERS)) head.push(`${k}: ${v}`);
    socket.write(`${head.join("\r\n")}\r\n\r\n${body}`);
  }
  socket.destroy(err);
}

const STATUS_TEXT: Record<number, string> = { 400: "Bad Request", 408: "Request Timeout", 431: "Request Header Fields Too Large" };

/** A route of the app: its method and URL pattern (`/v1/pages/:page_id`). */
export interface RouteEntry {
  method: string;
  url: string;
}

export function buildApp(opts: AppOptions): FastifyInstance {
  const app = Fastify({
    logger: false,
    trustProxy: opts.trustProxy ?? false,
    bodyLimit: LIMITS.PAYLOAD_BYTES,
    genReqId: () => randomUUID(),
    // Long path parameters reach the route and fail its validation (`path.page_id should be a
    // valid uuid`); Node's 16 KB header limit bounds them anyway.
    routerOptions: { ignoreTrailingSlash: true, ignoreDuplicateSlashes: true, maxParamLength: 16 * 1024 },
    // The router's own failures (a path that is not valid percent-encoding) skip every hook.
    frameworkErrors: (_err, req, reply) => {
      if (opts.log) logOnClose(req, reply, opts.log);
      reply.header("x-notion-request-id", req.id);
      reply.headers(CORS_HEADERS);
      handleError(errors.invalidRequestUrl(), req, reply);
    },
    clientErrorHandler: clientError,
    // Under --base-path the prefix comes off before routing and goes back on in every answer.
    rewriteUrl: rewriteUnderBase(opts.basePath ?? ""),
  });
  const routes: RouteEntry[] = [];
  app.addHook("onRoute", (r) => {
    for (const method of [r.method].flat()) if (method !== "HEAD" && method !== "OPTIONS") routes.push({ method, url: r.url });
  });
  app.decorate("quireRoutes", routes);
  app.decorate("quireLog", opts.log);
  app.decorate("quireErrorLog", opts.logError);
  prefixAnswers(app, opts.basePath ?? "");
  // Node answers an `Expect` other than 100-continue with a bare 417; ignoring it (RFC 9110
  // allows that) keeps every answer a Notion one.
  app.server.on("checkExpectation", (req, res) => app.server.emit("request", req, res));
  const actors = new ActorResolver(opts.deps.store, opts.deps.clock, opts.csrfKey);
  const responses = opts.responseCache ? new ResponseCache(opts.deps.store) : null;

  app.removeAllContentTypeParsers();
  // File upload `send` takes multipart/form-data, streamed by its route; anywhere else it is not JSON.
  app.addContentTypeParser(/^multipart\/form-data/i, (req, payload, done) => {
    if (req.routeOptions.url === SEND_ROUTE) return done(null, payload);
    payload.resume();
    done(errors.invalidJson(), undefined);
  });
  // The sign-in pages take HTML forms; anywhere else a form body is refused as any non-JSON one is.
  const formRoutes = new Map([...FORM_ROUTES, ...AUTHORIZE_FORM_ROUTES]);
  app.addContentTypeParser("application/x-www-form-urlencoded", (req: FastifyRequest, payload: IncomingMessage) =>
    req.method === "POST" && formRoutes.has(req.routeOptions.url ?? "") ? readFormBody(req, payload, formRoutes.get(req.routeOptions.url ?? "")) : readJsonBody(req, payload),
  );
  // Everything else is JSON, possibly gzip/deflate/br-encoded; the decisions are in http/body.ts.
  app.addContentTypeParser("*", (req: FastifyRequest, payload: IncomingMessage) => readJsonBody(req, payload));

  if (opts.serverTiming) meterRequests(app);
  // The request log (http/request-capture.ts): /v1 only, recorded after the answer (the onRequest hook below).
  const requests = opts.deps.requests?.enabled ? opts.deps.requests : null;
  if (requests) {
    app.addHook("onSend", (req, _reply, payload, done) => {
      if (req.url.startsWith("/v1/")) captureResponse(req, payload);
      done(null, payload);
    });
  }
  // Hooks that await nothing take fastify's callback form: no promise per request.
  // One hook for the request log, the log line, the id, CORS and the kept answers: each hook is a
  // turn of fastify's hook runner per request (docs/PERFORMANCE.md, "GET page after a write").
  app.addHook("onRequest", (req, reply, done) => {
    if (requests && req.url.startsWith("/v1/")) recordOnClose(req, reply, requests, opts.deps.clock);
    if (opts.log) logOnClose(req, reply, opts.log);
    reply.header("x-notion-request-id", req.id);
    reply.headers(CORS_HEADERS);
    // An answer kept since the store's last write is sent as it is (its request id spliced in).
    // Not while the toolkit may count, delay or fail the request (http/toolkit-hooks.ts).
    if (!opts.deps.toolkit?.active && responses?.serve(req, reply)) return;
    done();
  });
  // Success bodies carry request_id as Notion's do.
  app.addHook("preSerialization", (req, reply, payload, done) => {
    if (payload && typeof payload === "object" && !Array.isArray(payload) && (payload as Record<string, unknown>).object !== undefined)
      (payload as Record<string, unknown>).request_id = req.id;
    // A long /v1 list the response cache will not keep is encoded result by result (http/encode-once.ts).
    if (req.cacheKey === undefined && req.url.startsWith("/v1/")) encodeListsOnce(req, reply, payload);
    done(null, payload);
  });
  app.setErrorHandler((err, req, reply) => handleError(err, req, reply));
  app.setNotFoundHandler((req, reply) => {
    if (req.method === "OPTIONS") return reply.status(204).send();
    handleError(outsideBase(req, opts.basePath ?? "") ?? errors.invalidRequestUrl(), req, reply);
  });

  app.register(async (v1) => {
    if (opts.readReplicas) routeReadsToReplicas(v1);
    const toolkit = opts.deps.toolkit;
    v1.addHook("onRequest", async (req, reply) => {
      // The toolkit's delays, faults and limits (http/toolkit-hooks.ts): nothing to await when all are off.
      const before = toolkit ? toolkitBeforeAuth(toolkit, req, reply) : null;
      if (before) {
        await before;
        // A `reset` fault hijacked the reply: nothing more runs.
        if (reply.sent) return;
      }
      const version = parseVersion(req.headers["notion-version"]);
      const betas = parseBetas(req.headers["notion-beta"]);
      // Without a body nothing waits on the client between here and the handler, so the token's
      // unit can stay open for the verb's first read (http/request-unit.ts).
      const { actor, store } = await actors.resolve(req, req.method === "GET" || req.method === "HEAD");
      req.unit = store ?? undefined;
      req.ctx = { ...opts.deps, store: ActorResolver.storeFor(actor, store ?? opts.deps.store), actor, version, betas, budget: new WorkBudget(opts.deps.computeMs ?? LIMITS.REQUEST_COMPUTE_MS), answer: { timeDependent: false } };
      const after = toolkit ? toolkitAfterAuth(toolkit, req, reply) : null;
      if (after) await after;
    });
    // Whatever the verb did (or if it never ran: a validation error), the unit ends by the answer.
    // Last of the answer's onSend steps: a long answer leaves as bytes made once (http/encode-once.ts).
    v1.addHook("onSend", (req, reply, payload, done) => {
      if (req.cacheKey !== undefined) responses?.keep(req, reply.statusCode, payload);
      const body = encodeOnce(req, payload);
      if (!req.unit?.holding) return done(null, body);
      req.unit.release().then(() => done(null, body), done);
    });
    userRoutes(v1);
    pageRoutes(v1);
    markdownRoutes(v1);
    blockRoutes(v1);
    meetingNoteRoutes(v1);
    databaseRoutes(v1);
    searchRoutes(v1);
    commentRoutes(v1);
    // The web app's per-block comment counts: a control-API address answered as the /v1 caller.
    discussionCountRoutes(v1);
    customEmojiRoutes(v1);
    fileUploadRoutes(v1);
    viewRoutes(v1);
    externalObjectRoutes(v1);
  });
  fileDownloadRoutes(app, opts.deps);
  adminRoutes(app, { deps: opts.deps, adminKeyHash: opts.adminKeyHash, csrfKey: opts.csrfKey });
  signinRoutes(app, { deps: opts.deps, csrfKey: opts.csrfKey });
  // The signed-in person's favourite pages (the web app's sidebar; Notion's API has none).
  sessionFavoriteRoutes(app, { deps: opts.deps, csrfKey: opts.csrfKey });
  samlRoutes(app, opts.deps);
  scimRoutes(app, opts.deps);
  linkPreviewCallbackRoutes(app, opts.deps);
  oauthRoutes(app, opts.deps);
  // The OAuth consent page: HTML for people, outside the /v1 hooks (no bearer token, no Notion-Version).
  oauthAuthorizeRoutes(app, { deps: opts.deps, csrfKey: opts.csrfKey });
  // The web app (dist/web, built from web/): its page for signed-in people and its hashed files.
  webAppRoutes(app, { deps: opts.deps, csrfKey: opts.csrfKey });
  return app;
}
