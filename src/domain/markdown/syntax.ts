/**
 * Shared pieces of Notion-flavoured markdown syntax: escaping, tag attributes, colors, and the
 * ids inside Notion URLs. Reference: developers.notion.com/guides/data-apis/enhanced-markdown
 * ("Escaping", "Colors").
 */
import { normalizeId } from "../../api/ids.js";
import { API_COLORS, type ApiColor } from "../values.js";
import { dict } from "../../lib/dict.js";

/** Characters Notion escapes with a backslash outside code ("Escaping"). */
const ESCAPED = /[\\*~`$[\]<>{}|^]/g;

export function escapeText(s: string): string {
  return s.replace(ESCAPED, (c) => `\\${c}`);
}

/** Attribute values are double-quoted; quotes and ampersands inside them are entities. */
export function attr(name: string, value: string): string {
  return ` ${name}="${value.replace(/&/g, "&amp;").replace(/"/g, "&quot;")}"`;
}

export function unattr(value: string): string {
  return value.replace(/&quot;/g, '"').replace(/&amp;/g, "&");
}

/** All `name="value"` pairs of a tag's attribute text. */
export function attrs(text: string): Record<string, string> {
  const out = dict<string>();
  for (const m of text.matchAll(/([A-Za-z_][\w-]*)="([^"]*)"/g)) out[m[1]] = unattr(m[2]);
  return out;
}

/** API color → markdown color (`red_background` is `red_bg` in markdown, "Colors"). */
export function mdColor(color: string): string {
  return color.endsWith("_background") ? color.replace(/_background$/, "_bg") : color;
}

/** Markdown color → API color, or null when it is not one. */
export function apiColorOf(color: string | undefined): ApiColor | null {
  if (!color) return null;
  const c = color.endsWith("_bg") ? color.replace(/_bg$/, "_background") : color;
  return (API_COLORS as readonly string[]).includes(c) ? (c as ApiColor) : null;
}

export type { Annotations } from "../rich-text.js";

/** Id from a Notion-style URL (the last 32 hex digits, or a dashed UUID) or `user://<id>`. */
export function idFromUrl(url: string | undefined): string | null {
  if (!url) return null;
  const path = url.replace(/^user:\/\//, "").split(/[?#]/)[0];
  const dashed = path.match(/[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/);
  if (dashed) return normalizeId(dashed[0]);
  const hex = path.match(/[0-9a-fA-F]{32}$/);
  return hex ? normalizeId(hex[0]) : null;
}

/** The fragment id of a block URL (`…/Page-<id>#<block id>`), or the URL's own id. */
export function blockIdFromUrl(url: string | undefined): string | null {
  if (!url) return null;
  const hash = url.split("#")[1];
  return hash ? normalizeId(hash) : idFromUrl(url);
}

