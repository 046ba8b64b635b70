/**
 * User mentions are stored with the full user; each reader sees what its user-information
 * capability allows: everything, no email, or only `{object, id}`.
 */
import type { Capability } from "../storage/types.js";

type Json = Record<string, unknown>;

function shapeUser(user: Json, caps: ReadonlySet<Capability>): Json {
  if (caps.has("user_info_with_email")) return user;
  if (caps.has("user_info_without_email")) return user.type === "person" ? { ...user, person: {} } : user;
  return { object: "user", id: user.id };
}

function shapeItems(items: unknown[], caps: ReadonlySet<Capability>): unknown[] {
  let out: unknown[] | null = null;
  for (let i = 0; i < items.length; i++) {
    const item = items[i] as Json | unknown[];
    let next: unknown = item;
    if (Array.isArray(item)) next = shapeItems(item, caps);
    else if (item && item.type === "mention" && (item.mention as Json)?.type === "user") {
      const mention = item.mention as Json;
      next = { ...item, mention: { ...mention, user: shapeUser(mention.user as Json, caps) } };
    }
    if (next !== item) (out ??= items.slice())[i] = next;
  }
  return out ?? items;
}

/** The payload with its rich-text user mentions shaped for the reader (a copy only if needed). */
export function shapeMentions<T extends Json>(payload: T, caps: ReadonlySet<Capability> | undefined): T {
  if (!caps || caps.has("user_info_with_email")) return payload;
  let out: Json | null = null;
  for (const [key, value] of Object.entries(payload)) {
    if (!Array.isArray(value)) continue;
    const shaped = shapeItems(value, caps);
    if (shaped !== value) (out ??= { ...payload })[key] = shaped;
  }
  return (out ?? payload) as T;
}

export { shapeItems };
