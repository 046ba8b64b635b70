/**
 * The control API of public integrations (docs/design/oauth.md): registering them (`POST
 * …/integrations {type: "public"}` and the `…/integrations/{id}` routes when the id is a public
 * integration's, dispatched from admin.ts), a workspace's connections (installations) listed and
 * removed, and `POST /_quire/v1/oauth/grants` — the code the consent page's Allow would produce,
 * for CI without a browser. Verbs in src/domain/oauth/.
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { Deps } from "../domain/context.js";
import type { Tx } from "../storage/types.js";
import type { Capability } from "../api/capabilities.js";
import { errors } from "../api/errors.js";
import { array, boolean, check, nullable, object, oneOf, optional, string, uuid } from "../api/validate.js";
import { CONTENT_CAPABILITIES, USER_CAPABILITIES } from "../domain/admin/integrations.js";
import { createPublicIntegration, publicIntegrationOr404, updatePublicIntegration, viewClient, clientOf } from "../domain/oauth/clients.js";
import { deleteClientEverywhere, listConnections, removeConnection } from "../domain/oauth/installations.js";
import { authorizeTarget, checkAuthorizeRequest, grantAuthorization, OAuthPageError } from "../domain/oauth/authorize.js";
import { MAX_REDIRECT_URIS } from "../domain/oauth/redirect-uris.js";
import { MAX_PICKED_PAGES } from "../domain/oauth/policy.js";
import type { ControlScope } from "./admin-scope.js";
import { bodyOf, pathId } from "./helpers.js";

const capabilities = array(oneOf([...CONTENT_CAPABILITIES, ...USER_CAPABILITIES] as Capability[]), { maxLength: 20 });
const name = string({ minLength: 1, maxLength: 200 });
const redirectUris = array(string({ minLength: 1, maxLength: 2000 }), { maxLength: MAX_REDIRECT_URIS });
/** An icon: an emoji or an image URL (what a bot's avatar shows when it is a URL). */
const icon = nullable(string({ minLength: 1, maxLength: 2000 }));

const createBody = object({
  type: oneOf(["public"] as const),
  name,
  redirect_uris: redirectUris,
  capabilities: optional(capabilities),
  icon: optional(icon),
  template_page_id: optional(nullable(uuid())),
});
const updateBody = object({
  name: optional(name),
  redirect_uris: optional(redirectUris),
  capabilities: optional(capabilities),
  icon: optional(icon),
  template_page_id: optional(nullable(uuid())),
  rotate_secret: optional(boolean()),
});
const grantBody = object({
  client_id: string({ minLength: 1, maxLength: 200 }),
  user_id: uuid(),
  workspace_id: optional(uuid()),
  page_ids: optional(array(uuid(), { maxLength: MAX_PICKED_PAGES })),
  use_template: optional(boolean()),
  redirect_uri: optional(string({ minLength: 1, maxLength: 2000 })),
  state: optional(string({ maxLength: 2000 })),
  code_challenge: optional(string({ maxLength: 200 })),
  code_challenge_method: optional(string({ maxLength: 20 })),
});

/** True when the create body asks for a public integration (else admin.ts makes an internal one). */
export const wantsPublic = (req: FastifyRequest): boolean => (bodyOf(req) as { type?: unknown }).type === "public";

/** `POST …/integrations {type: "public", …}`. */
export function createPublic(deps: Deps, req: FastifyRequest, { write }: ControlScope) {
  const body = check("body", createBody, bodyOf(req));
  return write(req, (tx, ws) => createPublicIntegration(deps, tx, ws, body));
}

/** The public integration `id` of the workspace, or null (then admin.ts treats `id` as an internal one). */
export async function publicOf(tx: Tx, ws: string, id: string) {
  const row = await tx.oauth.getClient(id);
  return row && row.workspace_id === ws ? row : null;
}

/** The workspace's public integrations, as the list of integrations shows them. */
export async function listPublic(tx: Tx, ws: string) {
  return (await tx.oauth.listClients(ws)).map((row) => viewClient(clientOf(row)));
}

/** `PATCH …/integrations/{id}` for a public integration. */
export function updatePublic(tx: Tx, ws: string, id: string, req: FastifyRequest) {
  const body = check("body", updateBody, bodyOf(req));
  return updatePublicIntegration(tx, ws, id, body);
}

/** `DELETE …/integrations/{id}` for a public integration: every installation goes with it. */
export async function deletePublic(tx: Tx, ws: string, id: string) {
  await publicIntegrationOr404(tx, ws, id);
  await deleteClientEverywhere(tx, id);
  return { id, deleted: true };
}

/** Registers `…/connections` on a workspace prefix. */
export function adminConnectionRoutes(r: FastifyInstance, _deps: Deps, { read, write }: ControlScope) {
  r.get("/connections", async (req) => read(req, async (tx, ws) => ({ object: "list", results: await listConnections(tx, ws) })));
  r.delete("/connections/:bot_id", async (req) => {
    const botId = pathId(req, "bot_id");
    return write(req, (tx, ws) => removeConnection(tx, ws, botId));
  });
}

/** Registers `POST /_quire/v1/oauth/grants` (global: it names its workspace, or takes the person's first). */
export function adminGrantRoutes(r: FastifyInstance, deps: Deps) {
  r.post("/_quire/v1/oauth/grants", async (req) => {
    const body = check("body", grantBody, bodyOf(req));
    let target;
    try {
      target = await authorizeTarget(deps, { ...body, response_type: "code" });
    } catch (e) {
      if (e instanceof OAuthPageError) throw errors.validation(e.message);
      throw e;
    }
    const problem = checkAuthorizeRequest({ ...body, response_type: "code" });
    if (problem) throw errors.validation(problem.description);
    const workspaceId = body.workspace_id ?? (await firstMembership(deps, body.user_id));
    return grantAuthorization(deps, { target, userId: body.user_id, workspaceId, pageIds: body.page_ids ?? [], useTemplate: body.use_template ?? false });
  });
}

/** The person's first workspace where they may install (not as a guest); else a validation error. */
async function firstMembership(deps: Deps, userId: string): Promise<string> {
  const memberships = await deps.store.read((tx) => tx.accounts.memberships(userId));
  const first = memberships.find((m) => m.role !== "guest");
  if (!first) throw errors.validation(`The person ${userId} is not a member of any workspace (body.workspace_id names one).`);
  return first.workspace_id;
}
