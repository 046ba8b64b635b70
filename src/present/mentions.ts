/**
 * User mentions are stored with the full user; each reader sees what its user-information
 * capability allows: everything, no email, or only `{object, id}`. Page and database mentions are
 * stored with the title their writer saw; a reader that cannot see the object gets the mention
 * without it. Date mentions are shown to the minute with an offset (domain/dates.ts), whenever
 * they were stored.
 */
import type { Capability } from "../api/capabilities.js";
import { dateMentionText, showDate } from "../domain/dates.js";
import { storedFileOfUrl, type FileUrls } from "../domain/files/urls.js";
import { userForReader } from "./user.js";

/** The signer of an answer and the object its rich text is read from (`src` of the signed URLs). */
export interface MentionFiles {
  urls: FileUrls;
  src: string;
}

type Json = Record<string, unknown>;

/**
 * A date mention as every date is shown (to the minute, with an offset: domain/dates.ts), also
 * when it was stored before that rule; the same item when it already is.
 */
function shownDateMention(item: Json, mention: Json): Json {
  const date = showDate(mention.date);
  if (!date) return item;
  const was = mention.date as Json;
  if (date.start === was.start && date.end === (was.end ?? null) && was.time_zone === null) return item;
  return { ...item, mention: { ...mention, date }, plain_text: dateMentionText(date) };
}

/** A custom emoji mention whose emoji was made from an upload, its image URL signed for the reader. */
function signedEmojiMention(item: Json, mention: Json, files: MentionFiles | undefined): Json {
  const emoji = mention.custom_emoji as Json | undefined;
  const file = files ? storedFileOfUrl(emoji?.url) : null;
  if (!file) return item;
  return { ...item, mention: { ...mention, custom_emoji: { ...emoji, url: files!.urls.url(file, files!.src) } } };
}

/**
 * Rich text as the reader gets it: user mentions shaped by its user-information capability
 * (`caps` undefined: in full), date mentions in their shown form, custom emojis made from an
 * upload with a signed URL (`files`). A copy only if needed.
 */
function shapeItems(items: unknown[], caps?: ReadonlySet<Capability>, files?: MentionFiles): unknown[] {
  let out: unknown[] | null = null;
  for (let i = 0; i < items.length; i++) {
    const item = items[i] as Json | unknown[];
    let next: unknown = item;
    if (Array.isArray(item)) next = shapeItems(item, caps, files);
    else if (item && item.type === "mention") {
      const mention = item.mention as Json;
      if (mention?.type === "user") {
        const user = userForReader(mention.user as Json, caps);
        if (user !== mention.user) next = { ...item, mention: { ...mention, user } };
      } else if (mention?.type === "date") next = shownDateMention(item, mention);
      else if (mention?.type === "custom_emoji") next = signedEmojiMention(item, mention, files);
    }
    if (next !== item) (out ??= items.slice())[i] = next;
  }
  return out ?? items;
}

/** The payload with its rich text shaped for the reader (user and date mentions; a copy only if needed). */
export function shapeMentions<T extends Json>(payload: T, caps: ReadonlySet<Capability> | undefined, files?: MentionFiles): T {
  let out: Json | null = null;
  for (const [key, value] of Object.entries(payload)) {
    if (!Array.isArray(value)) continue;
    const shaped = shapeItems(value, caps, files);
    if (shaped !== value) (out ??= { ...payload })[key] = shaped;
  }
  return (out ?? payload) as T;
}

export { shapeItems };

/** The page or database a rich-text item mentions, or null. */
function mentionedObject(item: unknown): string | null {
  const m = (item as Json | null)?.type === "mention" ? ((item as Json).mention as Json | null) : null;
  const ref = m?.type === "page" ? m.page : m?.type === "database" ? m.database : null;
  const id = (ref as Json | null)?.id;
  return typeof id === "string" ? id : null;
}

/** Ids of the pages and databases mentioned in rich text (arrays of items, nested arrays too). */
export function mentionedObjects(items: readonly unknown[], out: string[] = []): string[] {
  for (const item of items) {
    if (Array.isArray(item)) mentionedObjects(item, out);
    else {
      const id = mentionedObject(item);
      if (id) out.push(id);
    }
  }
  return out;
}

/**
 * The items with mentions of pages and databases the reader cannot see (`sees` false) shown
 * without their title — "the title of the page will be omitted" (Notion, makenotion/notion-sdk-js#78;
 * developers.notion.com/reference/rich-text#page-mentions); the API then reads "Untitled"
 * (delta1037/notion-export-kernel#25). The id and href stay. A copy only if something changed.
 */
export function hideUnseenMentions<T>(items: T[], sees: (id: string) => boolean): T[] {
  let out: T[] | null = null;
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    let next: unknown = item;
    if (Array.isArray(item)) next = hideUnseenMentions(item, sees);
    else {
      const id = mentionedObject(item);
      if (id && !sees(id) && (item as Json).plain_text !== UNSEEN_TITLE) next = { ...(item as Json), plain_text: UNSEEN_TITLE };
    }
    if (next !== item) (out ??= items.slice())[i] = next as T;
  }
  return out ?? items;
}

/** What a mention of an object the reader cannot see shows as its text. */
export const UNSEEN_TITLE = "Untitled";
