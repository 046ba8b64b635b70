/**
 * Which requests may read from a read replica (docs/SCALING.md step 3): those that only read —
 * every GET and HEAD, and the POSTs that query (search, data source and database queries,
 * meeting-notes queries). Their read units go to a standby that has caught up with the primary
 * until the request's first write, if any (storage/replica-scope.ts); every other request reads
 * and writes on the primary. Installed only on a node started with read replicas.
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import { readsMayUseReplica } from "../storage/replica-scope.js";

/** The POST routes that write nothing (their verbs open read units only). */
const READ_ONLY_POSTS = new Set([
  "/v1/search",
  "/v1/data_sources/:data_source_id/query",
  "/v1/databases/:database_id/query",
  "/v1/blocks/meeting_notes/query",
]);

/** True for a request whose store work may start on a replica. */
export function readOnlyRequest(req: FastifyRequest): boolean {
  if (req.method === "GET" || req.method === "HEAD") return true;
  return req.method === "POST" && READ_ONLY_POSTS.has(req.routeOptions.url ?? "");
}

/** Runs each read-only request of `app` (hooks and handler) where its reads may use a replica. */
export function routeReadsToReplicas(app: FastifyInstance): void {
  // A callback hook, so the rest of the request runs inside the scope (as http/server-timing.ts).
  app.addHook("onRequest", (req, _reply, done) => {
    if (readOnlyRequest(req)) readsMayUseReplica(done);
    else done();
  });
}
