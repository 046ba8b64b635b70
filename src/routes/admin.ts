/**
 * Quire's own control API under /_quire (never /v1): health, integrations, shares, users, top-level
 * pages, custom emojis, people's comments, page templates, meeting notes.
 * Authorized by `Authorization: Bearer <admin key>`; errors in the same shape as /v1.
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import { timingSafeEqual } from "node:crypto";
import type { Deps } from "../domain/context.js";
import type { Capability } from "../api/capabilities.js";
import { errors } from "../api/errors.js";
import { array, check, object, oneOf, optional, string, uuid, boolean, nullable, type V } from "../api/validate.js";
import { CONTENT_CAPABILITIES, USER_CAPABILITIES, createIntegration, getIntegrationOr404, shareObject, unshareObject, updateIntegration, viewIntegration } from "../domain/admin/integrations.js";
import { bodyOf, pathId } from "./helpers.js";
import { adminCommentRoutes } from "./admin-comments.js";
import { adminTemplateRoutes } from "./admin-templates.js";
import { adminMeetingNoteRoutes } from "./admin-meeting-notes.js";
import { adminPeopleRoutes } from "./admin-people.js";
import { richText, type RichTextRequest } from "../domain/rich-text.js";
import { iconRequest, url } from "../domain/values.js";
import { createTopLevelPage } from "../domain/admin/pages.js";
import { createCustomEmoji, deleteCustomEmoji, listAllCustomEmojis } from "../domain/admin/custom-emojis.js";

const capabilities = array(oneOf([...CONTENT_CAPABILITIES, ...USER_CAPABILITIES] as Capability[]), { maxLength: 20 });
const name = string({ minLength: 1, maxLength: 200 });

const createIntegrationBody = object({ name, capabilities: optional(capabilities), token: optional(string({ minLength: 8, maxLength: 200 })) });
const updateIntegrationBody = object({ name: optional(name), capabilities: optional(capabilities), rotate_token: optional(boolean()), token: optional(string({ minLength: 8, maxLength: 200 })) });
const shareBody = object({ object_id: uuid() });
const timeZone = string({
  maxLength: 100,
  check: {
    test: (s) => {
      try {
        new Intl.DateTimeFormat("en-US", { timeZone: s });
        return true;
      } catch {
        return false;
      }
    },
    expectation: "should be an IANA time zone",
  },
});
const workspaceBody = object({ name: optional(name), time_zone: optional(timeZone) });
// Names as Notion's emoji picker takes them: letters, digits, `_`, `-`, `+` (no spaces or colons).
const emojiName = string({ minLength: 1, maxLength: 100, check: { test: (s) => /^[\p{L}\p{N}_+-]+$/u.test(s), expectation: "should be letters, digits, `_`, `-` or `+`" } });
const emojiBody = object({ name: emojiName, url: url() });
/** A page `title`: rich text as in /v1, or a plain string (what `quire page create --title` sends). */
const pageTitle: V<RichTextRequest[]> = (value, path) => richText()(typeof value === "string" ? [{ text: { content: value } }] : value, path);
const pageBody = object({ title: optional(pageTitle), icon: optional(nullable(iconRequest())), share_with: optional(array(uuid(), { maxLength: 100 })) });

export interface AdminOptions {
  deps: Deps;
  adminKey: () => string;
}

export function adminRoutes(app: FastifyInstance, opts: AdminOptions) {
  const { deps } = opts;
  app.get("/_quire/health", async () => ({ status: "ok" }));

  const authorize = (req: FastifyRequest) => {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? "");
    const given = Buffer.from(m?.[1] ?? "");
    const key = Buffer.from(opts.adminKey());
    if (!m || given.length !== key.length || !timingSafeEqual(given, key)) throw errors.unauthorized();
  };
  const workspaceId = async () => {
    const ws = await deps.store.read((tx) => tx.firstWorkspace());
    if (!ws) throw errors.internal();
    return ws.id;
  };
  /** Runs an admin write (tokens are looked up on every request: nothing to forget). */
  const write = async <T>(fn: (tx: Parameters<Parameters<Deps["store"]["write"]>[0]>[0], ws: string) => Promise<T>) => {
    const ws = await workspaceId();
    return deps.store.write((tx) => fn(tx, ws));
  };

  app.register(async (admin) => {
    admin.addHook("onRequest", async (req) => authorize(req));
    admin.get("/_quire/v1/workspace", async () => {
      const ws = await deps.store.read((tx) => tx.firstWorkspace());
      return { object: "workspace", id: ws!.id, name: ws!.name, time_zone: ws!.time_zone };
    });
    admin.patch("/_quire/v1/workspace", async (req) => {
      const body = check("body", workspaceBody, bodyOf(req));
      return write(async (tx) => {
        const ws = (await tx.firstWorkspace())!;
        const next = { ...ws, name: body.name ?? ws.name, time_zone: body.time_zone ?? ws.time_zone };
        await tx.updateWorkspace(next);
        return { object: "workspace", id: next.id, name: next.name, time_zone: next.time_zone };
      });
    });
    admin.post("/_quire/v1/integrations", async (req) => {
      const body = check("body", createIntegrationBody, bodyOf(req));
      return write((tx, ws) => createIntegration(deps, tx, ws, body));
    });
    admin.get("/_quire/v1/integrations", async () => {
      const ws = await workspaceId();
      const rows = await deps.store.read((tx) => tx.listIntegrations(ws));
      return { object: "list", results: rows.map((r) => viewIntegration(r)) };
    });
    admin.get("/_quire/v1/integrations/:integration_id", async (req) => {
      const id = pathId(req, "integration_id");
      const ws = await workspaceId();
      return deps.store.read(async (tx) => ({ ...viewIntegration(await getIntegrationOr404(tx, ws, id)), shares: await tx.listShares(ws, id) }));
    });
    admin.patch("/_quire/v1/integrations/:integration_id", async (req) => {
      const id = pathId(req, "integration_id");
      const body = check("body", updateIntegrationBody, bodyOf(req));
      return write((tx, ws) => updateIntegration(tx, ws, id, body));
    });
    admin.delete("/_quire/v1/integrations/:integration_id", async (req) => {
      const id = pathId(req, "integration_id");
      return write(async (tx, ws) => {
        await getIntegrationOr404(tx, ws, id);
        await tx.deleteIntegration(ws, id);
        return { id, deleted: true };
      });
    });
    admin.post("/_quire/v1/integrations/:integration_id/shares", async (req) => {
      const id = pathId(req, "integration_id");
      const body = check("body", shareBody, bodyOf(req));
      return write((tx, ws) => shareObject(deps, tx, ws, id, body.object_id));
    });
    admin.delete("/_quire/v1/integrations/:integration_id/shares/:object_id", async (req) => {
      const id = pathId(req, "integration_id");
      const objectId = pathId(req, "object_id");
      return write((tx, ws) => unshareObject(tx, ws, id, objectId));
    });
    admin.post("/_quire/v1/pages", async (req) => {
      const body = check("body", pageBody, bodyOf(req));
      return write((tx, ws) => createTopLevelPage(deps, tx, ws, { title: body.title ?? [], icon: body.icon, share_with: body.share_with }));
    });
    admin.post("/_quire/v1/custom_emojis", async (req) => {
      const body = check("body", emojiBody, bodyOf(req));
      return write((tx, ws) => createCustomEmoji(deps, tx, ws, body));
    });
    admin.get("/_quire/v1/custom_emojis", async () => {
      const ws = await workspaceId();
      return { object: "list", results: await deps.store.read((tx) => listAllCustomEmojis(tx, ws)) };
    });
    admin.delete("/_quire/v1/custom_emojis/:emoji_id", async (req) => {
      const id = pathId(req, "emoji_id");
      return write((tx, ws) => deleteCustomEmoji(tx, ws, id));
    });
    adminCommentRoutes(admin, deps, write);
    adminTemplateRoutes(admin, deps, write);
    adminMeetingNoteRoutes(admin, deps, write);
    adminPeopleRoutes(admin, deps, write);
  });
}
