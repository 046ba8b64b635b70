/**
 * Custom emojis named in requests (icons, `mention.custom_emoji`) are validated as references and
 * resolved against the workspace's emojis inside the writing transaction: an unknown id is a
 * validation error; a known one is stored with its name and URL, as Notion answers it
 * (developers.notion.com/reference/emoji-and-icon#custom-emoji).
 */
import type { CustomEmojiResponse } from "@notionhq/client";
import { Invalid, optional, object, string, uuid, type V } from "../../api/validate.js";
import type { CustomEmojiRow, Tx } from "../../storage/types.js";
import type { Ctx } from "../context.js";
import { storedFileOfUrl, type FileUrls } from "../files/urls.js";

/** A custom emoji id from a request, with where it was given (for the error message). */
export class CustomEmojiRef {
  constructor(
    readonly id: string,
    readonly path: string,
  ) {}
}

// `name` and `url` may be sent back as read (the SDK's request type allows them); the id decides.
const refShape = object({ id: uuid(), name: optional(string()), url: optional(string()) });

/** `{id, name?, url?}` at `path` → a reference to resolve before storing. */
export const customEmojiRef: V<CustomEmojiRef> = (value, path) => new CustomEmojiRef(refShape(value, path).id, `${path}.id`);

/** Looks an emoji up by id in the caller's workspace. */
export type EmojiLookup = (id: string) => Promise<CustomEmojiRow | null>;

/** The emoji's response form, or Notion's validation error when the workspace has no such emoji. */
export async function resolveCustomEmoji(ref: CustomEmojiRef, lookup: EmojiLookup): Promise<CustomEmojiResponse> {
  const row = await lookup(ref.id);
  // Notion's exact wording for an unknown custom emoji is not documented (unconfirmed).
  if (!row) throw new Invalid([`${ref.path} should reference an existing custom emoji, instead was \`"${ref.id}"\`.`]);
  return presentEmoji(row);
}

/** A custom emoji as Notion shows it: `{id, name, url}` (no `object` key). */
export function presentEmoji(row: CustomEmojiRow): CustomEmojiResponse {
  return { id: row.id, name: row.name, url: row.url };
}

/** The emoji's image URL for a reader: an uploaded image's signed download URL (read from the emoji), else the URL as given. */
export function emojiUrl(row: CustomEmojiRow, files: FileUrls): string {
  const file = storedFileOfUrl(row.url);
  return file ? files.url(file, row.id) : row.url;
}

/** An icon from a request with its custom emoji (if any) resolved; other icons pass through. */
export async function resolveIcon<T>(icon: T, lookup: EmojiLookup): Promise<T> {
  if (!(icon && typeof icon === "object" && (icon as Record<string, unknown>).custom_emoji instanceof CustomEmojiRef)) return icon;
  const ref = (icon as Record<string, unknown>).custom_emoji as CustomEmojiRef;
  return { type: "custom_emoji", custom_emoji: await resolveCustomEmoji(ref, lookup) } as T;
}

/** An icon from a request as stored for the caller's workspace (custom emojis resolved in `tx`). */
export function storedIcon<T>(tx: Tx, ctx: Pick<Ctx, "actor">, icon: T): Promise<T> {
  return resolveIcon(icon, (id) => tx.emojis.get(ctx.actor.workspace.id, id));
}
