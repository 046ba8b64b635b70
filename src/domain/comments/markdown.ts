/**
 * Comment bodies given as `markdown`: inline formatting only — bold (`**` / `__`), italic (`*` /
 * `_`), strikethrough (`~~`), inline code, links `[text](url)`, inline equations `$…$`, and
 * Notion's mention tags (`<mention-user url="…">`, `<mention-page …>`, `<mention-database …>`,
 * `<mention-date start="…" end="…"/>`). Anything else stays literal text, line breaks included.
 * Reference: developers.notion.com/reference/create-a-comment ("Comment body format").
 */
import { fail } from "../../http/validate.js";
import { normalizeId } from "../ids.js";
import { LIMITS } from "../limits.js";
import { dateValue } from "../values.js";
import type { Annotations, MentionRequest, RichTextRequest } from "../rich-text.js";

interface Style {
  bold: boolean;
  italic: boolean;
  strikethrough: boolean;
  code: boolean;
  link: string | null;
}

const PLAIN: Style = { bold: false, italic: false, strikethrough: false, code: false, link: null };

const MENTION_TAG = /^<mention-(user|page|database|date)((?:\s+[a-z_]+="[^"]*")*)\s*(\/>|>([\s\S]*?)<\/mention-\1>)/;
const ATTRIBUTE = /([a-z_]+)="([^"]*)"/g;

/** Parses inline markdown into rich-text request items (the same form `rich_text` validates to). */
export function parseCommentMarkdown(source: string, path: string): RichTextRequest[] {
  const out: RichTextRequest[] = [];
  inline(source, PLAIN, out, path);
  return out;
}

function annotations(s: Style): Annotations {
  return { bold: s.bold, italic: s.italic, strikethrough: s.strikethrough, underline: false, code: s.code, color: "default" };
}

function sameStyle(a: Annotations, b: Annotations): boolean {
  return a.bold === b.bold && a.italic === b.italic && a.strikethrough === b.strikethrough && a.code === b.code;
}

/** Appends text, merging with the previous item when it has the same style and fits. */
function pushText(out: RichTextRequest[], text: string, style: Style): void {
  if (text === "") return;
  const ann = annotations(style);
  const last = out[out.length - 1];
  if (last && last.type === "text" && last.link === style.link && sameStyle(last.annotations, ann) && last.content.length + text.length <= LIMITS.RICH_TEXT_CONTENT) {
    last.content += text;
    return;
  }
  // A run longer than one item may hold is split, as Notion splits long text.
  for (let i = 0; i < text.length; i += LIMITS.RICH_TEXT_CONTENT)
    out.push({ type: "text", content: text.slice(i, i + LIMITS.RICH_TEXT_CONTENT), link: style.link, annotations: ann });
}

/** The closing delimiter of a span opened at `from`, or -1; the span may not be empty. */
function closing(src: string, delim: string, from: number): number {
  let j = src.indexOf(delim, from);
  while (j !== -1) {
    if (j > from && src[j - 1] !== "\\") {
      // A single `*` does not close at a `**`.
      if (delim.length === 1 && (src[j + 1] === delim || src[j - 1] === delim)) {
        j = src.indexOf(delim, j + 2);
        continue;
      }
      return j;
    }
    j = src.indexOf(delim, j + 1);
  }
  return -1;
}

function inline(src: string, style: Style, out: RichTextRequest[], path: string): void {
  let text = "";
  const flush = () => {
    pushText(out, text, style);
    text = "";
  };
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (c === "\\" && i + 1 < src.length && /[\\`*_~$[\]()<>]/.test(src[i + 1])) {
      text += src[i + 1];
      i += 2;
      continue;
    }
    const two = src.slice(i, i + 2);
    if (two === "**" || two === "__" || two === "~~") {
      const end = closing(src, two, i + 2);
      if (end !== -1) {
        flush();
        const inner = two === "~~" ? { ...style, strikethrough: true } : { ...style, bold: true };
        inline(src.slice(i + 2, end), inner, out, path);
        i = end + 2;
        continue;
      }
    }
    if ((c === "*" || c === "_") && src[i + 1] !== c && src[i + 1] !== " ") {
      const end = closing(src, c, i + 1);
      if (end !== -1) {
        flush();
        inline(src.slice(i + 1, end), { ...style, italic: true }, out, path);
        i = end + 1;
        continue;
      }
    }
    if (c === "`") {
      const end = src.indexOf("`", i + 1);
      if (end > i + 1) {
        flush();
        pushText(out, src.slice(i + 1, end), { ...style, code: true });
        i = end + 1;
        continue;
      }
    }
    if (c === "$" && src[i + 1] !== " " && src[i + 1] !== "$") {
      const end = src.indexOf("$", i + 1);
      if (end > i + 1) {
        flush();
        const expression = src.slice(i + 1, end);
        if (expression.length > LIMITS.EQUATION_EXPRESSION) fail(`${path}.length`, `should be ≤ \`${LIMITS.EQUATION_EXPRESSION}\` in an equation`, expression.length);
        out.push({ type: "equation", expression, annotations: annotations(style) });
        i = end + 1;
        continue;
      }
    }
    if (c === "[") {
      const m = /^\[((?:\\.|[^\]\\])*)\]\(([^()\s]+)\)/.exec(src.slice(i));
      if (m) {
        flush();
        if (m[2].length > LIMITS.RICH_TEXT_LINK_URL) fail(`${path}.length`, `should be ≤ \`${LIMITS.RICH_TEXT_LINK_URL}\` in a link URL`, m[2].length);
        inline(m[1], { ...style, link: m[2] }, out, path);
        i += m[0].length;
        continue;
      }
    }
    if (c === "<") {
      const m = MENTION_TAG.exec(src.slice(i));
      if (m) {
        flush();
        out.push({ type: "mention", mention: mentionOf(m[1], m[2], path), annotations: annotations(style) });
        i += m[0].length;
        continue;
      }
    }
    text += c;
    i++;
  }
  flush();
}

/** A mention tag's target: the id inside its `url` (a bare id, a Notion URL, `user://…`), or its dates. */
function mentionOf(kind: string, attrs: string, path: string): MentionRequest {
  const values: Record<string, string> = {};
  for (const m of attrs.matchAll(ATTRIBUTE)) values[m[1]] = m[2];
  if (kind === "date") {
    const date = dateValue()({ start: values.start, end: values.end ?? null }, `${path}.mention-date`);
    return { type: "date", date };
  }
  const found = /[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}/.exec(values.url ?? "");
  const id = found ? normalizeId(found[0]) : null;
  if (!id) fail(`${path}.mention-${kind}.url`, "should contain a valid uuid", values.url);
  return { type: kind as "user" | "page" | "database", id };
}
