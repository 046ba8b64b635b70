/**
 * Rich text: request validation and normalization to the stored (= response) form, with
 * annotations defaulted and `plain_text` / `href` filled as Notion does.
 * Reference: developers.notion.com/reference/rich-text
 */
import type { RichTextItemResponse } from "@notionhq/client";
import { V, array, boolean, fail, isObject, nullable, object, oneOf, optional, string, uuid } from "../api/validate.js";
import { LIMITS } from "../api/limits.js";
import type { CustomEmojiRow, UserRow } from "../storage/types.js";
import { storedUser } from "../present/user.js";
import { CustomEmojiRef, customEmojiRef, resolveCustomEmoji } from "./custom-emojis/refs.js";
import { apiColor, dateValue, variant, url, type DateValue, type ApiColor } from "./values.js";
import { dateMentionText } from "./dates.js";

export interface Annotations {
  bold: boolean;
  italic: boolean;
  strikethrough: boolean;
  underline: boolean;
  code: boolean;
  color: ApiColor;
}

export type MentionRequest =
  | { type: "user"; id: string }
  | { type: "page"; id: string }
  | { type: "database"; id: string }
  | { type: "date"; date: DateValue }
  | { type: "custom_emoji"; ref: CustomEmojiRef }
  | { type: "template_mention"; value: { type: "template_mention_date"; template_mention_date: "today" | "now" } | { type: "template_mention_user"; template_mention_user: "me" } };

export type RichTextRequest =
  | { type: "text"; content: string; link: string | null; annotations: Annotations }
  | { type: "equation"; expression: string; annotations: Annotations }
  | { type: "mention"; mention: MentionRequest; annotations: Annotations };

const annotationsShape = object({
  bold: optional(boolean()),
  italic: optional(boolean()),
  strikethrough: optional(boolean()),
  underline: optional(boolean()),
  code: optional(boolean()),
  color: optional(apiColor),
});

function annotations(value: unknown, path: string): Annotations {
  const a = value === undefined ? {} : annotationsShape(value, path);
  return {
    bold: a.bold ?? false,
    italic: a.italic ?? false,
    strikethrough: a.strikethrough ?? false,
    underline: a.underline ?? false,
    code: a.code ?? false,
    color: a.color ?? "default",
  };
}

const textShape = object({
  content: string({ maxLength: LIMITS.RICH_TEXT_CONTENT }),
  link: optional(nullable(object({ url: url(LIMITS.RICH_TEXT_LINK_URL) }))),
});
const equationShape = object({ expression: string({ maxLength: LIMITS.EQUATION_EXPRESSION }) });
const idShape = object({ id: uuid() });

const mention: V<MentionRequest> = (value, path) =>
  variant<MentionRequest>(
    {
      user: (v, p) => ({ type: "user", id: idShape((v as Record<string, unknown>).user, `${p}.user`).id }),
      page: (v, p) => ({ type: "page", id: idShape((v as Record<string, unknown>).page, `${p}.page`).id }),
      database: (v, p) => ({ type: "database", id: idShape((v as Record<string, unknown>).database, `${p}.database`).id }),
      date: (v, p) => ({ type: "date", date: dateValue()((v as Record<string, unknown>).date, `${p}.date`) }),
      custom_emoji: (v, p) => ({ type: "custom_emoji", ref: customEmojiRef((v as Record<string, unknown>).custom_emoji, `${p}.custom_emoji`) }),
      template_mention: (v, p) => {
        const t = (v as Record<string, unknown>).template_mention;
        const tp = `${p}.template_mention`;
        const value = variant<MentionRequest & { type: "template_mention" }>(
          {
            template_mention_date: (x, xp) => ({
              type: "template_mention",
              value: {
                type: "template_mention_date",
                template_mention_date: oneOf(["today", "now"] as const)((x as Record<string, unknown>).template_mention_date, `${xp}.template_mention_date`),
              },
            }),
            template_mention_user: (x, xp) => ({
              type: "template_mention",
              value: {
                type: "template_mention_user",
                template_mention_user: oneOf(["me"] as const)((x as Record<string, unknown>).template_mention_user, `${xp}.template_mention_user`),
              },
            }),
          },
          tp,
          t,
        );
        return value;
      },
    },
    path,
    value,
  );

/** One rich-text request item. */
export const richTextItem: V<RichTextRequest> = (value, path) => {
  if (!isObject(value)) fail(path, "should be an object", value);
  return variant<RichTextRequest>(
    {
      text: (v, p) => {
        const t = textShape((v as Record<string, unknown>).text, `${p}.text`);
        return { type: "text", content: t.content, link: t.link?.url ?? null, annotations: annotations((v as Record<string, unknown>).annotations, `${p}.annotations`) };
      },
      mention: (v, p) => ({
        type: "mention",
        mention: mention((v as Record<string, unknown>).mention, `${p}.mention`),
        annotations: annotations((v as Record<string, unknown>).annotations, `${p}.annotations`),
      }),
      equation: (v, p) => ({
        type: "equation",
        expression: equationShape((v as Record<string, unknown>).equation, `${p}.equation`).expression,
        annotations: annotations((v as Record<string, unknown>).annotations, `${p}.annotations`),
      }),
    },
    path,
    value,
  );
};

/** An array of rich text (≤ 100 items). */
export const richText = (): V<RichTextRequest[]> => array(richTextItem, { maxLength: LIMITS.ARRAY_ELEMENTS });

/** What normalization needs to know about mentioned objects. */
export interface MentionResolver {
  user(id: string): Promise<UserRow | null>;
  /** Title and URL of a page or database, or null when unknown. */
  pageInfo(id: string): Promise<{ title: string; url: string } | null>;
  /** A URL for an object id even when it is unknown. */
  urlFor(id: string, title: string): string;
  /** A custom emoji of the workspace, or null when there is none with that id. */
  customEmoji(id: string): Promise<CustomEmojiRow | null>;
}

/** Turns validated request items into stored (response-form) rich text. */
export async function normalizeRichText(items: RichTextRequest[], resolve: MentionResolver): Promise<RichTextItemResponse[]> {
  const out: RichTextItemResponse[] = [];
  for (const item of items) out.push(await normalizeItem(item, resolve));
  return out;
}

async function normalizeItem(item: RichTextRequest, resolve: MentionResolver): Promise<RichTextItemResponse> {
  const annotations = item.annotations;
  switch (item.type) {
    case "text":
      return {
        type: "text",
        text: { content: item.content, link: item.link ? { url: item.link } : null },
        annotations,
        plain_text: item.content,
        href: item.link,
      };
    case "equation":
      return { type: "equation", equation: { expression: item.expression }, annotations, plain_text: item.expression, href: null };
    case "mention":
      return mentionItem(item.mention, annotations, resolve);
  }
}

async function mentionItem(m: MentionRequest, annotations: Annotations, resolve: MentionResolver): Promise<RichTextItemResponse> {
  switch (m.type) {
    case "user": {
      // Stored with the full user; presenters cut it down to what the reader's capability allows.
      const user = await resolve.user(m.id);
      return {
        type: "mention",
        mention: { type: "user", user: user ? storedUser(user) : { object: "user", id: m.id } },
        annotations,
        plain_text: `@${user?.name ?? "Anonymous"}`,
        href: null,
      } as RichTextItemResponse;
    }
    case "page":
    case "database": {
      const info = await resolve.pageInfo(m.id);
      const title = info?.title || "Untitled";
      const mention = m.type === "page" ? { type: "page" as const, page: { id: m.id } } : { type: "database" as const, database: { id: m.id } };
      // Notion's href for a mention is the bare-id URL (https://www.notion.so/<32 hex>).
      return { type: "mention", mention, annotations, plain_text: title, href: resolve.urlFor(m.id, "") };
    }
    case "date":
      return { type: "mention", mention: { type: "date", date: m.date }, annotations, plain_text: dateMentionText(m.date), href: null };
    case "custom_emoji": {
      // Shown as `:name:` in plain_text (recorded Notion response, notion-sdk-php fixtures).
      const emoji = await resolveCustomEmoji(m.ref, (id) => resolve.customEmoji(id));
      return { type: "mention", mention: { type: "custom_emoji", custom_emoji: emoji }, annotations, plain_text: `:${emoji.name}:`, href: null };
    }
    case "template_mention": {
      const plain =
        m.value.type === "template_mention_user" ? "@Me" : m.value.template_mention_date === "today" ? "@Today" : "@Now";
      return { type: "mention", mention: { type: "template_mention", template_mention: m.value }, annotations, plain_text: plain, href: null };
    }
  }
}

/** The plain text of rich text (src/api/rich-text.ts). */
export { plainText } from "../api/rich-text.js";
