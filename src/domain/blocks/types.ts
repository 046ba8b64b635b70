/**
 * Block types: which exist, which the API may create, which take children, and the fields of
 * each payload (with request validators and response defaults). One table drives validation of
 * create and update requests and the order of keys in responses.
 * Reference: developers.notion.com/reference/block
 */
import { V, boolean, number, object, oneOf, optional, string, uuid, nullable, Invalid, isObject, fail } from "../../api/validate.js";
import { LIMITS } from "../../api/limits.js";
import { apiColor, iconRequest, mediaFile, url, variant } from "../values.js";
import { richText, type RichTextRequest } from "../rich-text.js";
import { CODE_LANGUAGES } from "./languages.js";

/** Rich text still in request form, to be normalized (mentions resolved) before storing. */
export class RT {
  constructor(readonly items: RichTextRequest[]) {}
}

const rt: V<RT> = (value, path) => new RT(richText()(value, path));
const cells: V<RT[]> = (value, path) => {
  if (!Array.isArray(value)) fail(path, "should be an array", value);
  if (value.length > LIMITS.ARRAY_ELEMENTS) fail(`${path}.length`, `should be ≤ \`${LIMITS.ARRAY_ELEMENTS}\``, value.length);
  return value.map((c, i) => rt(c, `${path}[${i}]`));
};

interface Field {
  v: V<unknown>;
  /** Value when absent on create; absent = required. `undefined` result = key omitted. */
  default?: () => unknown;
}

export type ChildRule = "none" | "any" | "toggleable" | "columns" | "rows" | "tab_items" | "column_content";

export interface BlockSpec {
  creatable: boolean;
  children: ChildRule;
  fields: Record<string, Field>;
  /** Whole-payload variants (media file source, link target) checked beside the fields. */
  source?: "media" | "link_to_page" | "synced_from";
}

const richTextField: Field = { v: rt };
const color: Field = { v: apiColor, default: () => "default" };
const caption: Field = { v: rt, default: () => new RT([]) };

const text = (extra: Record<string, Field> = {}, children: ChildRule = "any"): BlockSpec => ({
  creatable: true,
  children,
  fields: { rich_text: richTextField, ...extra, color },
});

const heading = (): BlockSpec =>
  text({ is_toggleable: { v: boolean(), default: () => false } }, "toggleable");

const media = (withName: boolean): BlockSpec => ({
  creatable: true,
  children: "none",
  source: "media",
  fields: withName ? { caption, name: { v: string({ maxLength: 900 }), default: () => undefined } } : { caption },
});

export const BLOCK_SPECS: Record<string, BlockSpec> = {
  paragraph: { creatable: true, children: "any", fields: { rich_text: richTextField, icon: { v: nullable(iconRequest()), default: () => null }, color } },
  heading_1: heading(),
  heading_2: heading(),
  heading_3: heading(),
  heading_4: heading(),
  bulleted_list_item: text(),
  numbered_list_item: text({
    list_start_index: { v: number({ integer: true, min: 1 }), default: () => undefined },
    list_format: { v: oneOf(["numbers", "letters", "roman"] as const), default: () => undefined },
  }),
  quote: text(),
  to_do: text({ checked: { v: boolean(), default: () => false } }),
  toggle: text(),
  template: { creatable: true, children: "any", fields: { rich_text: richTextField } },
  callout: {
    creatable: true,
    children: "any",
    fields: { rich_text: richTextField, icon: { v: nullable(iconRequest()), default: () => ({ type: "emoji", emoji: "💡" }) }, color },
  },
  synced_block: { creatable: true, children: "any", source: "synced_from", fields: {} },
  code: {
    creatable: true,
    children: "none",
    fields: { caption, rich_text: richTextField, language: { v: oneOf(CODE_LANGUAGES) } },
  },
  equation: { creatable: true, children: "none", fields: { expression: { v: string({ maxLength: LIMITS.EQUATION_EXPRESSION }) } } },
  divider: { creatable: true, children: "none", fields: {} },
  breadcrumb: { creatable: true, children: "none", fields: {} },
  table_of_contents: { creatable: true, children: "none", fields: { color } },
  tab: { creatable: true, children: "tab_items", fields: {} },
  column_list: { creatable: true, children: "columns", fields: {} },
  column: {
    creatable: true,
    children: "column_content",
    fields: { width_ratio: { v: number({ min: 0, max: 1 }), default: () => undefined } },
  },
  link_to_page: { creatable: true, children: "none", source: "link_to_page", fields: {} },
  table: {
    creatable: true,
    children: "rows",
    fields: {
      table_width: { v: number({ integer: true, min: 1, max: 100 }) },
      has_column_header: { v: boolean(), default: () => false },
      has_row_header: { v: boolean(), default: () => false },
    },
  },
  table_row: { creatable: true, children: "none", fields: { cells: { v: cells } } },
  embed: { creatable: true, children: "none", fields: { caption, url: { v: url() } } },
  bookmark: { creatable: true, children: "none", fields: { caption, url: { v: url() } } },
  image: media(false),
  video: media(false),
  pdf: media(false),
  audio: media(false),
  file: media(true),
  child_page: { creatable: false, children: "any", fields: {} },
  child_database: { creatable: false, children: "any", fields: {} },
  link_preview: { creatable: false, children: "none", fields: {} },
  meeting_notes: { creatable: false, children: "any", fields: {} },
  transcription: { creatable: false, children: "any", fields: {} },
  unsupported: { creatable: false, children: "none", fields: {} },
};

export const CREATABLE_TYPES = Object.keys(BLOCK_SPECS).filter((t) => BLOCK_SPECS[t].creatable);

type Json = Record<string, unknown>;

const linkTarget = (value: unknown, path: string): Json =>
  variant<Json>(
    {
      page_id: (v, p) => ({ type: "page_id", page_id: uuid()((v as Json).page_id, `${p}.page_id`) }),
      database_id: (v, p) => ({ type: "database_id", database_id: uuid()((v as Json).database_id, `${p}.database_id`) }),
      comment_id: (v, p) => ({ type: "comment_id", comment_id: uuid()((v as Json).comment_id, `${p}.comment_id`) }),
    },
    path,
    value,
  );

const syncedFrom = (value: unknown, path: string): Json | null => {
  if (value === null) return null;
  const s = object({ block_id: uuid() })(value, path);
  return { type: "block_id", block_id: s.block_id };
};

/**
 * Validates a block type payload. On create, absent fields take their defaults (or fail when
 * required); on update (`current` given) absent fields keep their current value.
 */
export function validatePayload(type: string, value: unknown, path: string, current?: Json): Json {
  const spec = BLOCK_SPECS[type];
  if (!isObject(value)) fail(path, "should be an object", value);
  const out: Json = {};
  if (spec.source === "media") {
    const hasSource = value.type !== undefined || value.external !== undefined || value.file_upload !== undefined;
    if (hasSource || !current) Object.assign(out, mediaFile()(value, path));
    else for (const k of ["type", "external", "file"]) if (current[k] !== undefined) out[k] = current[k];
  }
  if (spec.source === "link_to_page") {
    if (!current || Object.keys(value).length > 0) Object.assign(out, linkTarget(value, path));
    else Object.assign(out, current);
  }
  if (spec.source === "synced_from") {
    if (value.synced_from === undefined) {
      if (!current) fail(`${path}.synced_from`, "should be defined", undefined);
      out.synced_from = current.synced_from;
    } else out.synced_from = syncedFrom(value.synced_from, `${path}.synced_from`);
  }
  for (const [key, field] of Object.entries(spec.fields)) {
    const given = value[key];
    let result: unknown;
    if (given !== undefined) result = field.v(given, `${path}.${key}`);
    else if (current) result = current[key];
    else if (field.default) result = field.default();
    else fail(`${path}.${key}`, "should be defined", undefined);
    if (result !== undefined) out[key] = result;
  }
  if (type === "file" && out.name === undefined && out.type === "external") out.name = fileName((out.external as { url: string }).url);
  return out;
}

/** A file block's default name: the URL's last path segment, decoded when it decodes. */
function fileName(u: string): string {
  const last = new URL(u).pathname.split("/").pop() || "file";
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}

/** Whether a block of this type with this payload may hold children. */
export function acceptsChildren(type: string, payload: Json): boolean {
  const rule = BLOCK_SPECS[type]?.children ?? "none";
  if (rule === "none") return false;
  if (rule === "toggleable") return payload.is_toggleable === true;
  if (type === "synced_block") return payload.synced_from === null;
  return true;
}

export { Invalid };
