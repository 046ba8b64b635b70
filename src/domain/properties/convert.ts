/**
 * Values across a change of property type, as Notion converts them: through the value's text
 * (numbers parsed, option names matched or created, dates parsed, "Yes"/"true" checked).
 * What has no sensible reading in the new type becomes empty.
 */
import type { RichTextItemResponse } from "@notionhq/client";
import { plainText } from "../rich-text.js";
import { newOption } from "./write-values.js";
import type { PropertySchema, SelectOption } from "./schema.js";

const TEXT_TYPES = new Set(["title", "rich_text", "url", "email", "phone_number"]);

/** The text Notion shows for a stored value of `p`. */
export function textOfStored(p: PropertySchema, stored: unknown): string {
  if (stored === null || stored === undefined) return "";
  const options = (p.config.options as SelectOption[] | undefined) ?? [];
  const optionName = (id: unknown) => options.find((o) => o.id === id)?.name ?? "";
  switch (p.type) {
    case "title":
    case "rich_text":
      return plainText(stored as RichTextItemResponse[]);
    case "number":
      return String(stored);
    case "select":
    case "status":
      return optionName(stored);
    case "multi_select":
      return (stored as string[]).map(optionName).filter(Boolean).join(", ");
    case "date": {
      const d = stored as { start: string; end: string | null };
      return d.end ? `${d.start} → ${d.end}` : d.start;
    }
    case "checkbox":
      return stored === true ? "Yes" : "No";
    case "url":
    case "email":
    case "phone_number":
      return String(stored);
    default:
      return "";
  }
}

const textItem = (content: string): RichTextItemResponse => ({
  type: "text",
  text: { content, link: null },
  annotations: { bold: false, italic: false, strikethrough: false, underline: false, code: false, color: "default" },
  plain_text: content,
  href: null,
});

/** Finds or creates (in `after`'s settings) the option called `name`. */
function optionId(after: PropertySchema, name: string): string {
  const options = ((after.config.options as SelectOption[] | undefined) ?? []).slice();
  const found = options.find((o) => o.name.toLowerCase() === name.toLowerCase());
  if (found) return found.id;
  const o = newOption(name.replace(/,/g, " ").slice(0, 100));
  after.config = { ...after.config, options: [...options, o] };
  return o.id;
}

/**
 * The stored value of `after` for a value stored under `before` (same property, new type); may
 * add options to `after.config`. Undefined means "no value".
 */
export function convertValue(before: PropertySchema, after: PropertySchema, stored: unknown): unknown {
  if (before.type === after.type) return stored;
  const text = textOfStored(before, stored).trim();
  if (text === "") return undefined;
  switch (after.type) {
    case "title":
    case "rich_text":
      return [textItem(text.slice(0, 2000))];
    case "url":
    case "email":
    case "phone_number":
      return text.slice(0, 2000);
    case "number": {
      if (before.type === "checkbox") return stored === true ? 1 : 0;
      const n = Number(text.replace(/[^0-9eE+\-.]/g, ""));
      return text.match(/\d/) && Number.isFinite(n) ? n : undefined;
    }
    case "checkbox":
      return /^(yes|true|checked|1|x)$/i.test(text);
    case "select":
    case "status": {
      const first = before.type === "multi_select" ? text.split(",")[0].trim() : text;
      if (after.type === "status") {
        const o = ((after.config.options as SelectOption[]) ?? []).find((x) => x.name.toLowerCase() === first.toLowerCase());
        return o?.id;
      }
      return first ? optionId(after, first) : undefined;
    }
    case "multi_select":
      return [...new Set(text.split(",").map((s) => s.trim()).filter(Boolean).map((name) => optionId(after, name)))];
    case "date": {
      const m = /^(\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?)/.exec(text);
      return m && !Number.isNaN(Date.parse(m[1].length === 10 ? `${m[1]}T00:00:00Z` : m[1])) ? { start: m[1], end: null, time_zone: null } : undefined;
    }
    default:
      return undefined;
  }
}

export { TEXT_TYPES };
