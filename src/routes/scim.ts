/**
 * /scim/v2 — SCIM 2.0 provisioning (RFC 7643/7644) as Notion serves it at
 * https://api.notion.com/scim/v2 (docs/design/scim.md). Authorized by a SCIM token of one
 * workspace (src/domain/scim/tokens.ts); every unit acts in that workspace only. Answers and
 * errors are `application/scim+json`; errors in SCIM's shape, written here and only here.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Deps } from "../domain/context.js";
import type { Tx } from "../storage/types.js";
import { authenticateScim, type ScimActor } from "../domain/scim/tokens.js";
import { scimErrorBody, scimErrors, toScimError } from "../domain/scim/errors.js";
import { resourceTypes, schemaDocuments, serviceProviderConfig, LIST_RESPONSE } from "../domain/scim/schemas.js";
import { listResponse, project, type ListQuery } from "../domain/scim/list.js";
import { allScimPeople, createScimUser, deleteScimUser, patchScimUser, presentUser, replaceScimUser, scimPersonOr404 } from "../domain/scim/users.js";
import { allScimGroups, createScimGroup, deleteScimGroup, patchScimGroup, presentGroup, replaceScimGroup, scimGroupOr404 } from "../domain/scim/groups.js";
import { basePathOf } from "../http/base-path.js";

declare module "fastify" {
  interface FastifyRequest {
    /** The SCIM token's workspace (set by the /scim/v2 auth hook). */
    scim?: ScimActor;
  }
}

/** SCIM's media type (RFC 7644 §3.1); `application/json` bodies are read too. */
export const SCIM_MEDIA_TYPE = "application/scim+json; charset=utf-8";
const PREFIX = "/scim/v2";

const baseOf = (req: FastifyRequest) => `${req.protocol}://${req.host}${basePathOf(req)}${PREFIX}`;
const query = (req: FastifyRequest) => (req.query ?? {}) as ListQuery;
const idOf = (req: FastifyRequest) => (req.params as { id: string }).id;

/** The list wrapper of discovery endpoints (RFC 7644 §4: ResourceTypes and Schemas are lists). */
const listOf = (resources: unknown[]) => ({ schemas: [LIST_RESPONSE], totalResults: resources.length, itemsPerPage: resources.length, startIndex: 1, Resources: resources });

/** Registers /scim/v2 on the app. */
export function scimRoutes(app: FastifyInstance, deps: Deps) {
  app.register(
    async (scim) => {
      scim.addHook("onRequest", async (req) => {
        req.scim = await authenticateScim(deps, req.headers.authorization);
      });
      scim.addHook("onSend", (_req, reply, payload, done) => {
        if (reply.statusCode !== 204) reply.header("content-type", SCIM_MEDIA_TYPE);
        done(null, payload);
      });
      scim.setErrorHandler((err, req, reply) => {
        const e = toScimError(err);
        if (e.status >= 500) req.server.quireErrorLog?.(`error ${req.method} ${PREFIX}: ${(err as Error)?.stack ?? err}`);
        if (e.status === 401) reply.header("www-authenticate", 'Bearer realm="scim"');
        reply.status(e.status).send(scimErrorBody(e));
      });
      scim.setNotFoundHandler(async (req) => {
        await authenticateScim(deps, req.headers.authorization);
        throw scimErrors.notFound("Resource", req.url.split("?")[0]);
      });
      discoveryRoutes(scim);
      userRoutes(scim, deps);
      groupRoutes(scim, deps);
    },
    { prefix: PREFIX },
  );
}

/** A read or write unit in the token's workspace. */
const inWorkspace =
  (deps: Deps, kind: "read" | "write") =>
  <T>(req: FastifyRequest, fn: (tx: Tx, ws: string) => Promise<T>): Promise<T> =>
    deps.store[kind]((tx) => fn(tx, req.scim!.workspaceId));

function discoveryRoutes(r: FastifyInstance) {
  r.get("/ServiceProviderConfig", async (req) => serviceProviderConfig(baseOf(req)));
  r.get("/ResourceTypes", async (req) => listOf(resourceTypes(baseOf(req))));
  r.get("/ResourceTypes/:id", async (req) => {
    const found = resourceTypes(baseOf(req)).find((t) => t.id === idOf(req));
    if (!found) throw scimErrors.notFound("Resource", idOf(req));
    return found;
  });
  r.get("/Schemas", async (req) => listOf(schemaDocuments(baseOf(req))));
  r.get("/Schemas/:id", async (req) => {
    const found = schemaDocuments(baseOf(req)).find((s) => s.id.toLowerCase() === idOf(req).toLowerCase());
    if (!found) throw scimErrors.notFound("Resource", idOf(req));
    return found;
  });
}

function created(reply: FastifyReply, resource: Record<string, unknown>) {
  reply.status(201).header("location", (resource.meta as { location: string }).location);
  return resource;
}

function userRoutes(r: FastifyInstance, deps: Deps) {
  const [read, write] = [inWorkspace(deps, "read"), inWorkspace(deps, "write")];
  r.get("/Users", async (req) => {
    const people = await read(req, (tx, ws) => allScimPeople(tx, ws));
    return listResponse(people.map((p) => presentUser(p, baseOf(req))), query(req), "User");
  });
  r.get("/Users/:id", async (req) => project(presentUser(await read(req, (tx, ws) => scimPersonOr404(tx, ws, idOf(req))), baseOf(req)), query(req)));
  r.post("/Users", async (req, reply) => created(reply, presentUser(await write(req, (tx, ws) => createScimUser(deps, tx, ws, req.body)), baseOf(req))));
  r.put("/Users/:id", async (req) => presentUser(await write(req, (tx, ws) => replaceScimUser(deps, tx, ws, idOf(req), req.body)), baseOf(req)));
  r.patch("/Users/:id", async (req) => presentUser(await write(req, (tx, ws) => patchScimUser(deps, tx, ws, idOf(req), req.body, baseOf(req))), baseOf(req)));
  r.delete("/Users/:id", async (req, reply) => {
    await write(req, (tx, ws) => deleteScimUser(deps, tx, ws, idOf(req)));
    return reply.status(204).send();
  });
}

function groupRoutes(r: FastifyInstance, deps: Deps) {
  const [read, write] = [inWorkspace(deps, "read"), inWorkspace(deps, "write")];
  r.get("/Groups", async (req) => {
    const groups = await read(req, (tx, ws) => allScimGroups(tx, ws));
    return listResponse(groups.map((g) => presentGroup(g, baseOf(req))), query(req), "Group");
  });
  r.get("/Groups/:id", async (req) => project(presentGroup(await read(req, (tx, ws) => scimGroupOr404(tx, ws, idOf(req))), baseOf(req)), query(req)));
  r.post("/Groups", async (req, reply) => created(reply, presentGroup(await write(req, (tx, ws) => createScimGroup(deps, tx, ws, req.body)), baseOf(req))));
  r.put("/Groups/:id", async (req) => presentGroup(await write(req, (tx, ws) => replaceScimGroup(tx, ws, idOf(req), req.body)), baseOf(req)));
  r.patch("/Groups/:id", async (req) => presentGroup(await write(req, (tx, ws) => patchScimGroup(tx, ws, idOf(req), req.body, baseOf(req))), baseOf(req)));
  r.delete("/Groups/:id", async (req, reply) => {
    await write(req, (tx, ws) => deleteScimGroup(tx, ws, idOf(req)));
    return reply.status(204).send();
  });
}
