/** A personal access token's request: the person it acts as, or null when the token may not be used now. */
import type { Capability } from "../../api/capabilities.js";
import type { PersonalTokenOwner } from "../../storage/personal-tokens.js";
import type { Actor } from "../context.js";
import { policyAllows } from "./tokens.js";

/**
 * What a PAT's "Notion API" bundle allows: "read, create, update, and search content; read and
 * create comments; and read supported user information" (developers.notion.com/guides/get-started/
 * personal-access-tokens). Users without email: whether a PAT reads people's emails is not
 * documented (unconfirmed), so Quire shows none, as the safer reading.
 */
export const PAT_CAPABILITIES: readonly Capability[] = ["read_content", "update_content", "insert_content", "read_comments", "insert_comments", "user_info_without_email"];

/** Uses written at most this often (a token's `last_used_time` is minute-grained). */
export const TOUCH_EVERY_MS = 60_000;

/**
 * The actor of a request with this token at `now`, or null (401): expired, its person no longer a
 * member, or the workspace's policy no longer lets them use one ("off" stops every token;
 * "owners" every non-owner's). A member later made a guest keeps their token, with a guest's
 * reach: Notion's PAT "uses the workspace membership and page permissions" of its creator.
 */
export function personActorOf(owner: PersonalTokenOwner, now: number): Actor | null {
  const { token, user, workspace, policy } = owner;
  if (token.expires_time !== null && token.expires_time <= now) return null;
  if (user.type !== "person" || !policyAllows(policy, user.role)) return null;
  return {
    workspace,
    integration: {
      workspace_id: workspace.id,
      id: token.id,
      name: token.name,
      token_hash: token.token_hash,
      bot_id: user.id,
      capabilities: [...PAT_CAPABILITIES],
      created_time: token.created_time,
    },
    bot: user,
    caps: new Set(PAT_CAPABILITIES),
    person: { role: user.role!, tokenId: token.id },
  };
}

/** Whether this use should be written down (never written, or last written a minute ago or more). */
export function dueForTouch(owner: PersonalTokenOwner, now: number): boolean {
  return owner.token.last_used_time === null || now - owner.token.last_used_time >= TOUCH_EVERY_MS;
}
