/** Users: list, retrieve, and the caller's own bot (users/me). */
import type { GetSelfResponse, GetUserResponse, ListUsersResponse } from "@notionhq/client";
import type { Ctx } from "./context.js";
import { errors } from "../api/errors.js";
import { userInfo } from "../api/capabilities.js";
import { ownerUser, presentSelf, presentUser } from "../present/user.js";
import { list } from "../present/common.js";
import { invalidCursor } from "./pagination.js";
import { notFound } from "./access.js";



/** Reading users needs some user-information capability (developers.notion.com/reference/capabilities). */
function requireUserInfo(ctx: Ctx) {
  if (userInfo(ctx.actor.caps) === "none") throw errors.restricted();
}

/**
 * GET /v1/users — the workspace's members and bots, in creation order. "Guests are not included
 * in the response. If you already know a guest's ID, Retrieve a user can return that guest"
 * (developers.notion.com/reference/get-users); former members are not listed either.
 */
export async function listUsers(ctx: Ctx, cursor: string | null, pageSize: number): Promise<ListUsersResponse> {
  // "List all users is not available to PATs" (developers.notion.com/guides/get-started/
  // personal-access-tokens); the status and wording Notion answers are unconfirmed: Quire's 403.
  if (ctx.actor.person && !ctx.actor.person.session) throw errors.restricted("List all users is not available to personal access tokens.");
  // The web app's session: Notion's app shows members the workspace's members, never guests.
  if (ctx.actor.person?.role === "guest") throw errors.restricted("Guests cannot list the workspace's users.");
  requireUserInfo(ctx);
  return ctx.store.read(async (tx) => {
    const page = await tx.members.listListed(ctx.actor.workspace.id, cursor, pageSize);
    if (!page) throw invalidCursor(cursor!);
    return list("user", page.items.map((u) => presentUser(u, ctx.actor, ctx.files.maxFileBytes, ctx.version)), page.next) as ListUsersResponse;
  });
}

/**
 * GET /v1/users/{id} — a member, a guest ("Retrieve a user can return that guest when they belong
 * to the connected workspace", developers.notion.com/reference/get-users) or a bot; a person who
 * left the workspace, or of another workspace, is 404.
 */
export async function retrieveUser(ctx: Ctx, id: string): Promise<GetUserResponse> {
  requireUserInfo(ctx);
  return ctx.store.read(async (tx) => {
    const user = await tx.getUser(ctx.actor.workspace.id, id);
    if (!user || (user.type === "person" && user.role === null)) throw notFound(ctx, "user", id);
    return presentUser(user, ctx.actor, ctx.files.maxFileBytes, ctx.version);
  });
}

/** GET /v1/users/me — the token's bot user, with owner and workspace details; a personal access token's person (present/user.ts). */
export async function getSelf(ctx: Ctx): Promise<GetSelfResponse> {
  const installer = ctx.actor.person ? null : ctx.actor.integration.installed_by;
  if (!installer) return presentSelf(ctx.actor, ctx.files.maxFileBytes);
  // A public integration's installation is owned by the person who installed it (Notion's
  // "Retrieve your token's bot user": `owner.type` "user"), shown per its user capability.
  const person = await ctx.store.read((tx) => tx.getUser(ctx.actor.workspace.id, installer));
  return presentSelf(ctx.actor, ctx.files.maxFileBytes, { type: "user", user: ownerUser(person, installer, ctx.actor.caps) });
}
