/** User objects, shaped by the integration's user-information capability. */
import type { UserObjectResponse, GetSelfResponse } from "@notionhq/client";
import type { UserRow } from "../storage/types.js";
import type { Actor } from "../domain/context.js";
import { LIMITS } from "../api/limits.js";
import type { ApiVersion } from "../api/version.js";
import { userInfo, type Capability } from "../api/capabilities.js";

type Json = Record<string, unknown>;

/** Who owns a bot: the workspace (internal integrations), or the person who installed a public integration. */
export type BotOwner = { type: "workspace"; workspace: true } | { type: "user"; user: OwnerUser };
/** The person owning a bot, in full or (no user capability) partial. */
export type OwnerUser = { object: "user"; id: string; name: string | null; avatar_url: string | null; type: "person"; person: { email?: string } } | { object: "user"; id: string };

/**
 * The installing person as the integration's user-information capability shows them (Notion's
 * token answer and users/me `owner.user`); `person` null (no longer in the workspace): partial.
 */
export function ownerUser(person: UserRow | null, id: string, caps: ReadonlySet<Capability>): OwnerUser {
  const level = userInfo(caps);
  if (!person || level === "none") return { object: "user", id };
  return { object: "user", id: person.id, name: person.name, avatar_url: person.avatar_url, type: "person", person: level === "with_email" && person.email ? { email: person.email } : {} };
}
const WORKSPACE_OWNER: BotOwner = { type: "workspace", workspace: true };

/** The bot info block Notion returns for the caller's own bot user (`maxFileBytes`: the configured upload limit). */
export function botInfo(actor: Actor, maxFileBytes: number = LIMITS.MAX_FILE_UPLOAD_BYTES, owner: BotOwner = WORKSPACE_OWNER) {
  return {
    owner,
    workspace_name: actor.workspace.name,
    workspace_id: actor.workspace.id,
    workspace_limits: { max_file_upload_size_in_bytes: maxFileBytes },
  };
}

/**
 * `person.email_verified` is answered up to 2025-09-03 (recorded notion-sdk-py traffic,
 * GET /v1/users) and no longer from 2026-03-11: `person: {email}` only (recorded 2026-03-11
 * traffic, ultimate-notion tests/cassettes mod_person #0, test_all_users #0).
 */
const hasEmailVerified = (v: ApiVersion | undefined): boolean => v === undefined || v === "2022-06-28" || v === "2025-09-03";

/** A user object for the caller (`version`: the request's; omitted, the 2025-09-03 shape). */
export function presentUser(user: UserRow, actor: Actor, maxFileBytes?: number, version?: ApiVersion, owner?: BotOwner): UserObjectResponse {
  const withEmail = userInfo(actor.caps) === "with_email";
  if (user.type === "bot") {
    return {
      object: "user",
      id: user.id,
      name: user.name,
      avatar_url: user.avatar_url,
      type: "bot",
      bot: user.id === actor.bot.id ? botInfo(actor, maxFileBytes, owner) : {},
    };
  }
  return {
    object: "user",
    id: user.id,
    name: user.name,
    avatar_url: user.avatar_url,
    type: "person",
    // Notion answers `email_verified` beside `email` before 2026-03-11; Quire has no sign-up flow
    // to verify an address, so every shown address counts as verified.
    person: (withEmail && user.email ? (hasEmailVerified(version) ? { email: user.email, email_verified: true } : { email: user.email }) : {}) as { email?: string },
  };
}

export function presentSelf(actor: Actor, maxFileBytes?: number, owner?: BotOwner): GetSelfResponse {
  return presentUser(actor.bot, actor, maxFileBytes, undefined, owner) as GetSelfResponse;
}

/** A user in full, as mentions store it (shaped for each reader when shown: `userForReader`). */
export function storedUser(u: UserRow): Json {
  return u.type === "bot"
    ? { object: "user", id: u.id, name: u.name, avatar_url: u.avatar_url, type: "bot", bot: {} }
    : { object: "user", id: u.id, name: u.name, avatar_url: u.avatar_url, type: "person", person: u.email ? { email: u.email } : {} };
}

/**
 * A user in full (`storedUser`) as the reader's user-information capability shows it: everything,
 * no email, or only `{object, id}`; `caps` undefined, in full.
 */
export function userForReader(user: Json, caps: ReadonlySet<Capability> | undefined): Json {
  const level = caps ? userInfo(caps) : "with_email";
  if (level === "with_email") return user;
  if (level === "without_email") return user.type === "person" ? { ...user, person: {} } : user;
  return { object: "user", id: user.id };
}
