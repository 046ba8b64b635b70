/**
 * Quire's own control API under /_quire (never /v1): health, workspaces, and in each workspace its
 * settings, integrations, shares, users, members, top-level pages, custom emojis, people's
 * comments, page templates, meeting notes, groups, page permissions. Authorized by `Authorization: Bearer <admin key>`,
 * or — without that header — a browser session of a person allowed the route (admin-session.ts:
 * a workspace's owners its routes, server administrators the rest); errors in the same shape as /v1. Every workspace route exists twice: `/_quire/v1/…` (the
 * first, seeded workspace) and `/_quire/v1/workspaces/{workspace_id}/…` (admin-scope.ts).
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { Deps } from "../domain/context.js";
import type { Capability } from "../api/capabilities.js";
import { errors } from "../api/errors.js";
import { Invalid, array, check, object, oneOf, optional, string, uuid, boolean, nullable, type V } from "../api/validate.js";
import { CONTENT_CAPABILITIES, USER_CAPABILITIES, createIntegration, getIntegrationOr404, shareObject, unshareObject, updateIntegration, viewIntegration } from "../domain/admin/integrations.js";
import { bodyOf, pathId } from "./helpers.js";
import { matchesHash } from "../domain/admin/tokens.js";
import { adminCommentRoutes } from "./admin-comments.js";
import { adminTemplateRoutes } from "./admin-templates.js";
import { adminMeetingNoteRoutes } from "./admin-meeting-notes.js";
import { adminWorkspaceRoutes, timeZone } from "./admin-workspaces.js";
import { adminSeedRoutes } from "./admin-seed.js";
import { adminMemberRoutes, role } from "./admin-members.js";
import { adminWebhookDeliveryRoutes } from "./admin-webhook-deliveries.js";
import { controlScope, type ControlScope } from "./admin-scope.js";
import { authorizeSession, isSessionCall } from "./admin-session.js";
import { adminGroupRoutes } from "./admin-groups.js";
import { adminPermissionRoutes } from "./admin-permissions.js";
import { adminPersonalTokenRoutes } from "./admin-personal-tokens.js";
import { adminPeopleRoutes } from "./admin-people.js";
import { adminSamlRoutes } from "./admin-saml.js";
import { adminScimRoutes } from "./admin-scim.js";
import { adminLinkPreviewRoutes } from "./admin-link-previews.js";
import { adminWebhookRoutes } from "./admin-webhooks.js";
import { adminRequestRoutes } from "./admin-requests.js";
import { adminSnapshotRoutes } from "./admin-snapshots.js";
import { adminClockRoutes } from "./admin-clock.js";
import { adminRateLimitRoutes } from "./admin-rate-limit.js";
import { adminFaultRoutes } from "./admin-faults.js";
import { deleteSubscriptionsOf } from "../domain/webhooks/subscriptions.js";
import { adminConnectionRoutes, adminGrantRoutes, createPublic, deletePublic, listPublic, publicOf, updatePublic, wantsPublic } from "./admin-oauth.js";
import { richText, type RichTextRequest } from "../domain/rich-text.js";
import { iconRequest, url } from "../domain/values.js";
import { createTopLevelPage } from "../domain/admin/pages.js";
import { createCustomEmoji, deleteCustomEmoji, listAllCustomEmojis, type EmojiImage } from "../domain/admin/custom-emojis.js";
import { fileUrlsFor } from "../domain/files/urls.js";
import { updateWorkspace, viewWorkspace } from "../domain/admin/workspaces.js";

const capabilities = array(oneOf([...CONTENT_CAPABILITIES, ...USER_CAPABILITIES] as Capability[]), { maxLength: 20 });
const name = string({ minLength: 1, maxLength: 200 });

const createIntegrationBody = object({ name, capabilities: optional(capabilities), token: optional(string({ minLength: 8, maxLength: 200 })) });
const updateIntegrationBody = object({ name: optional(name), capabilities: optional(capabilities), rotate_token: optional(boolean()), token: optional(string({ minLength: 8, maxLength: 200 })) });
const shareBody = object({ object_id: uuid() });
const workspaceBody = object({ name: optional(name), time_zone: optional(timeZone) });
// Names as Notion's emoji picker takes them: letters, digits, `_`, `-`, `+` (no spaces or colons).
const emojiName = string({ minLength: 1, maxLength: 100, check: { test: (s) => /^[\p{L}\p{N}_+-]+$/u.test(s), expectation: "should be letters, digits, `_`, `-` or `+`" } });
const emojiShape = object({ name: emojiName, url: optional(url()), file_upload: optional(object({ id: uuid() })) });
/** `{name, url}` or `{name, file_upload: {id}}` — exactly one image. */
const emojiBody: V<{ name: string } & EmojiImage> = (value, path) => {
  const b = emojiShape(value, path);
  if ((b.url === undefined) === (b.file_upload === undefined))
    throw new Invalid([`${path} should have exactly one of \`url\` or \`file_upload\`, instead was \`${b.url === undefined ? "neither" : "both"}\`.`]);
  return b.url !== undefined ? { name: b.name, url: b.url } : { name: b.name, file_upload: { id: b.file_upload!.id } };
};
/** A page `title`: rich text as in /v1, or a plain string (what `quire page create --title` sends). */
const pageTitle: V<RichTextRequest[]> = (value, path) => richText()(typeof value === "string" ? [{ text: { content: value } }] : value, path);
const pageBody = object({
  title: optional(pageTitle),
  icon: optional(nullable(iconRequest())),
  share_with: optional(array(uuid(), { maxLength: 100 })),
  section: optional(oneOf(["workspace", "private"] as const)),
  created_by: optional(uuid()),
});

export interface AdminOptions {
  deps: Deps;
  /** SHA-256 (hex) of the admin key (`meta.admin_key_hash`, docs/design/secrets.md). */
  adminKeyHash: () => string;
  /** The key sessions' CSRF tokens are made with (domain/signin/csrf.ts); without it a session is never accepted here. */
  csrfKey?: string;
}

export function adminRoutes(app: FastifyInstance, opts: AdminOptions) {
  const { deps } = opts;
  app.get("/_quire/health", async () => ({ status: "ok" }));

  const authorize = (req: FastifyRequest) => {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? "");
    // Digests compared, so the answer's timing says nothing of the key's length either.
    if (!m || !matchesHash(m[1], opts.adminKeyHash())) throw errors.unauthorized();
  };

  app.register(async (admin) => {
    admin.addHook("onRequest", async (req) => {
      // The admin key when there is an Authorization header (or no session cookie): as before.
      if (opts.csrfKey !== undefined && isSessionCall(req)) return authorizeSession(deps, opts.csrfKey, req);
      authorize(req);
    });
    const scope = controlScope(deps);
    const inWorkspace = async (r: FastifyInstance) => {
      // Marked as a workspace's route, so a browser session needs to own that workspace (admin-session.ts).
      r.addHook("onRoute", (route) => {
        route.config = { ...(route.config as object), quireControl: "workspace" };
      });
      workspaceRoutes(r, deps, scope);
    };
    // The same handlers twice: unscoped (the first workspace) and scoped by the path's workspace.
    admin.register(inWorkspace, { prefix: "/_quire/v1" });
    admin.register(inWorkspace, { prefix: "/_quire/v1/workspaces/:workspace_id" });
    adminWorkspaceRoutes(admin, deps);
    adminGrantRoutes(admin, deps);
    // Server-wide toolkit routes (issue 15): registered once, outside the workspace prefixes.
    adminRequestRoutes(admin, deps);
    adminSnapshotRoutes(admin, deps);
    // The emulator toolkit's server-wide routes (issue 15).
    adminClockRoutes(admin, deps);
    adminRateLimitRoutes(admin, deps);
    adminFaultRoutes(admin, deps);
  });
}

/** The routes that act inside one workspace, registered under a prefix; `scope` runs their units in its workspace. */
function workspaceRoutes(r: FastifyInstance, deps: Deps, scope: ControlScope) {
  const { read, write } = scope;
  adminConnectionRoutes(r, deps, scope);
  adminSeedRoutes(r, deps, scope);
  r.get("/workspace", async (req) => read(req, async (tx, ws) => viewWorkspace((await tx.getWorkspace(ws))!)));
  r.patch("/workspace", async (req) => {
    const body = check("body", workspaceBody, bodyOf(req));
    return write(req, (tx, ws) => updateWorkspace(tx, ws, body));
  });
  // Public integrations (type "public", admin-oauth.ts) share these routes with internal ones;
  // installations of public integrations are connections (…/connections), not listed here.
  r.post("/integrations", async (req) => {
    if (wantsPublic(req)) return createPublic(deps, req, scope);
    const body = check("body", createIntegrationBody, bodyOf(req));
    return write(req, (tx, ws) => createIntegration(deps, tx, ws, body));
  });
  r.get("/integrations", async (req) =>
    read(req, async (tx, ws) => ({
      object: "list",
      results: [...(await tx.listIntegrations(ws)).filter((row) => !row.oauth_client_id).map((row) => viewIntegration(row)), ...(await listPublic(tx, ws))],
    })),
  );
  r.get("/integrations/:integration_id", async (req) => {
    const id = pathId(req, "integration_id");
    return read(req, async (tx, ws) => {
      const pub = await publicOf(tx, ws, id);
      if (pub) return (await listPublic(tx, ws)).find((v) => v.id === id);
      return { ...viewIntegration(await getIntegrationOr404(tx, ws, id)), shares: await tx.listShares(ws, id) };
    });
  });
  r.patch("/integrations/:integration_id", async (req) => {
    const id = pathId(req, "integration_id");
    return write(req, async (tx, ws) => {
      if (await publicOf(tx, ws, id)) return updatePublic(tx, ws, id, req);
      const body = check("body", updateIntegrationBody, bodyOf(req));
      return updateIntegration(tx, ws, id, body, deps.sealKey ?? null);
    });
  });
  r.delete("/integrations/:integration_id", async (req) => {
    const id = pathId(req, "integration_id");
    return write(req, async (tx, ws) => {
      if (await publicOf(tx, ws, id)) return deletePublic(tx, ws, id);
      await getIntegrationOr404(tx, ws, id);
      await deleteSubscriptionsOf(tx, ws, id);
      await tx.deleteIntegration(ws, id);
      return { id, deleted: true };
    });
  });
  r.post("/integrations/:integration_id/shares", async (req) => {
    const id = pathId(req, "integration_id");
    const body = check("body", shareBody, bodyOf(req));
    return write(req, (tx, ws) => shareObject(deps, tx, ws, id, body.object_id));
  });
  r.delete("/integrations/:integration_id/shares/:object_id", async (req) => {
    const id = pathId(req, "integration_id");
    const objectId = pathId(req, "object_id");
    return write(req, (tx, ws) => unshareObject(tx, ws, id, objectId));
  });
  r.post("/pages", async (req) => {
    const body = check("body", pageBody, bodyOf(req));
    return write(req, (tx, ws) => createTopLevelPage(deps, tx, ws, { title: body.title ?? [], icon: body.icon, share_with: body.share_with, section: body.section, created_by: body.created_by }));
  });
  r.post("/custom_emojis", async (req) => {
    const body = check("body", emojiBody, bodyOf(req));
    return write(req, (tx, ws) => createCustomEmoji(deps, tx, ws, body));
  });
  r.get("/custom_emojis", async (req) => read(req, async (tx, ws) => ({ object: "list", results: await listAllCustomEmojis(tx, ws, fileUrlsFor(deps)) })));
  r.delete("/custom_emojis/:emoji_id", async (req) => {
    const id = pathId(req, "emoji_id");
    return write(req, (tx, ws) => deleteCustomEmoji(tx, ws, id));
  });
  adminCommentRoutes(r, deps, scope);
  adminTemplateRoutes(r, deps, scope);
  adminMeetingNoteRoutes(r, deps, scope);
  adminMemberRoutes(r, deps, scope);
  adminWebhookDeliveryRoutes(r, deps, scope);
  adminGroupRoutes(r, deps, scope);
  adminPermissionRoutes(r, deps, scope);
  adminPersonalTokenRoutes(r, deps, scope);
  adminPeopleRoutes(r, deps, scope);
  adminSamlRoutes(r, deps, scope);
  adminScimRoutes(r, deps, scope);
  adminLinkPreviewRoutes(r, deps, scope);
  adminWebhookRoutes(r, deps, scope);
}
