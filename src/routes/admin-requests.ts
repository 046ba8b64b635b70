/**
 * The request log's control routes, server-wide (admin key only; docs/design/request-log.md):
 * `GET /_quire/v1/requests` (newest first, a Notion-style list with cursors and filters),
 * `GET /_quire/v1/requests/{id}`, `DELETE /_quire/v1/requests` (clear), and
 * `GET /_quire/v1/requests/stream` — Server-Sent Events, one `request` event per answered
 * request that passes the same filters, what `quire requests tail` and the inspector follow.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Deps } from "../domain/context.js";
import { ApiError } from "../api/errors.js";
import { RequestLog, decodeCursor, encodeCursor, matches, type RequestFilter, type RequestLogView } from "../domain/toolkit/requests.js";
import { queryPagination } from "./helpers.js";
import { requestFilter } from "./admin-requests.schema.js";

/** How often a quiet stream gets a keep-alive comment (proxies close silent ones). */
const KEEP_ALIVE_MS = 15_000;

/** Registers the routes on the admin-authorized scope (admin.ts). */
export function adminRequestRoutes(r: FastifyInstance, deps: Deps) {
  const log: RequestLogView = deps.requests ?? new RequestLog(0);
  r.get("/_quire/v1/requests", async (req) => {
    const filter = requestFilter(req.query);
    const { cursor, pageSize } = queryPagination(req, false);
    const page = await log.list(filter, pageSize, cursor === null ? undefined : decodeCursor(cursor));
    return { object: "list", results: page.results, next_cursor: page.next === null ? null : encodeCursor(page.next), has_more: page.next !== null, type: "request", request: {}, size: log.size };
  });
  r.delete("/_quire/v1/requests", async () => {
    await log.clear();
    return { object: "list", results: [], next_cursor: null, has_more: false, type: "request", request: {}, size: log.size };
  });

  const streams = new Set<() => void>();
  // Open streams would hold the server's close: they end first.
  r.addHook("preClose", async () => {
    for (const end of [...streams]) end();
  });
  r.get("/_quire/v1/requests/stream", async (req, reply) => {
    stream(req, reply, log, requestFilter(req.query), streams);
  });
  r.get("/_quire/v1/requests/:request_id", async (req) => {
    const id = (req.params as { request_id: string }).request_id;
    const entry = await log.get(id);
    if (!entry) throw new ApiError(404, "object_not_found", `Could not find request with ID: ${id.slice(0, 100)}. The request log keeps the last ${log.size} requests.`);
    return entry;
  });
}

/** Holds the response open and writes each new entry that passes `filter`. */
function stream(req: FastifyRequest, reply: FastifyReply, log: RequestLogView, filter: RequestFilter, streams: Set<() => void>) {
  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache", connection: "keep-alive", "x-notion-request-id": String(req.id) });
  res.write(log.enabled ? ": following /v1 requests\n\n" : ": the request log is off (--request-log-size 0)\n\n");
  const stop = log.subscribe((entry) => {
    if (matches(entry, filter)) res.write(`event: request\ndata: ${JSON.stringify(entry)}\n\n`);
  });
  const keepAlive = setInterval(() => res.write(": keep-alive\n\n"), KEEP_ALIVE_MS);
  const end = () => {
    clearInterval(keepAlive);
    stop();
    streams.delete(end);
    if (!res.writableEnded) res.end();
  };
  streams.add(end);
  req.raw.on("close", end);
}
