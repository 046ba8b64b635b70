/**
 * Page property writes for database pages: each value validated against its property's type
 * (Notion's request shapes) and turned into the stored form of docs/design/database-values.md.
 * Reference: developers.notion.com/reference/page-property-values
 */
import type { Tx } from "../../storage/types.js";
import { V, array, boolean, fail, isObject, nullable, number, object, oneOf, optional, string, uuid, Invalid } from "../../api/validate.js";
import { SELECT_COLORS } from "./constants.js";
import { errors } from "../../api/errors.js";
import { LIMITS } from "../../api/limits.js";
import { dateValue, url, variant } from "../values.js";
import { externalSource } from "../files/write-back.js";
import { normalizeRichText, richText, type MentionResolver } from "../rich-text.js";
import { placeValue } from "./read-values.js";
import { READ_ONLY_TYPES, shortId, type PropertySchema, type SelectOption } from "./schema.js";

type Json = Record<string, unknown>;

/** What a write may need beyond the value: mentions, and whether new options may be created. */
export interface WriteEnv {
  tx: Tx;
  workspaceId: string;
  resolver: MentionResolver;
  /** Called when a select/multi-select value names an option that does not exist yet. */
  addOption(property: PropertySchema, name: string, color?: string): SelectOption;
  /** The first of `ids` the writer may not read (relations may only point at pages it can), or null. */
  firstUnseen(ids: string[]): Promise<string | null>;
  /** The error for a page the writer cannot read (Notion's 404 naming it). */
  unseen(id: string): Error;
}

/** Unwraps `{type?, <type>: value}`; title and rich_text also take the bare array. */
function inner(p: PropertySchema, raw: unknown, path: string): { value: unknown; path: string } {
  if ((p.type === "title" || p.type === "rich_text") && Array.isArray(raw)) return { value: raw, path };
  if (!isObject(raw)) fail(path, "should be an object", raw);
  if (raw.type !== undefined && raw.type !== p.type) fail(`${path}.type`, `should be \`"${p.type}"\``, raw.type);
  if (!(p.type in raw)) fail(`${path}.${p.type}`, "should be defined", undefined);
  return { value: raw[p.type], path: `${path}.${p.type}` };
}

const optionRef = object({ id: optional(string()), name: optional(string({ minLength: 1, maxLength: 100 })), color: optional(oneOf(SELECT_COLORS)) });

function pickOption(p: PropertySchema, raw: unknown, path: string, env: WriteEnv, create: boolean): string {
  const ref = optionRef(raw, path);
  const options = (p.config.options as SelectOption[]) ?? [];
  if (ref.id !== undefined) {
    const byId = options.find((o) => o.id === ref.id);
    if (!byId) throw errors.validation(`Invalid ${p.type} option id: ${ref.id}.`);
    return byId.id;
  }
  if (ref.name === undefined) fail(`${path}.name`, "should be defined", undefined);
  const byName = options.find((o) => o.name === ref.name);
  if (byName) return byName.id;
  if (!create) throw errors.validation(`Invalid status option. Status option "${ref.name}" does not exist.`);
  if (ref.name.includes(",")) throw errors.validation(`Invalid select option, commas not allowed: ${ref.name}`);
  return env.addOption(p, ref.name, ref.color).id;
}

const place = object({
  lat: number({ min: -90, max: 90 }),
  lon: number({ min: -180, max: 180 }),
  name: optional(nullable(string({ maxLength: 500 }))),
  address: optional(nullable(string({ maxLength: 1000 }))),
  aws_place_id: optional(nullable(string({ maxLength: 500 }))),
  google_place_id: optional(nullable(string({ maxLength: 500 }))),
});

const fileItem: V<Json> = (value, path) => {
  if (!isObject(value)) fail(path, "should be an object", value);
  // A name is required for external files (developers.notion.com/reference/page-property-values#files).
  if (value.name === undefined && value.file_upload === undefined) fail(`${path}.name`, "should be defined", undefined);
  const name = optional(string({ maxLength: 900 }))(value.name, `${path}.name`);
  const file = variant<Json>(
    {
      // A Notion-hosted `file` written back "remains one of the files" (reference/page-property-values#files)
      // when its writer may read it; else it is an external link (domain/files/write-back.ts).
      external: (v, p) => externalSource(object({ url: url() })((v as Json).external, `${p}.external`).url),
      file: (v, p) => externalSource(object({ url: url() })((v as Json).file, `${p}.file`).url),
      // Claimed when the page is written (domain/files/claim.ts).
      file_upload: (v, p) => ({ type: "file_upload", file_upload: { id: object({ id: uuid() })((v as Json).file_upload, `${p}.file_upload`).id } }),
    },
    path,
    value,
  );
  return { name, ...file };
};

/** The stored value for one property, or throws a Notion-worded 400. */
export async function writeValue(p: PropertySchema, raw: unknown, path: string, env: WriteEnv): Promise<unknown> {
  if (READ_ONLY_TYPES.has(p.type) || p.type === "button")
    throw errors.validation(`${p.name} is a ${p.type} property and cannot be written: its value is computed by Notion.`);
  const { value, path: at } = inner(p, raw, path);
  switch (p.type) {
    case "title":
    case "rich_text":
      return normalizeRichText(richText()(value, at), env.resolver);
    case "number":
      return nullable(number())(value, at);
    case "checkbox":
      return boolean()(value, at);
    case "url":
      return nullable(string({ maxLength: LIMITS.URL }))(value, at);
    case "email":
      return nullable(string({ maxLength: 200 }))(value, at);
    case "phone_number":
      return nullable(string({ maxLength: 200 }))(value, at);
    case "date":
      return nullable(dateValue())(value, at);
    case "select":
    case "status":
      return value === null ? null : pickOption(p, value, at, env, p.type === "select");
    case "multi_select": {
      if (!Array.isArray(value)) fail(at, "should be an array", value);
      if (value.length > LIMITS.ARRAY_ELEMENTS) fail(`${at}.length`, `should be ≤ \`${LIMITS.ARRAY_ELEMENTS}\``, value.length);
      const ids = value.map((v, i) => pickOption(p, v, `${at}[${i}]`, env, true));
      return [...new Set(ids)];
    }
    case "people": {
      const list = array(object({ id: uuid() }), { maxLength: LIMITS.ARRAY_ELEMENTS })(value, at);
      for (const u of list) if (!(await env.tx.getUser(env.workspaceId, u.id))) throw errors.validation(`Could not find user with ID: ${u.id}.`);
      return [...new Set(list.map((u) => u.id))];
    }
    case "files":
      return array(fileItem, { maxLength: LIMITS.ARRAY_ELEMENTS })(value, at);
    case "relation": {
      const list = array(object({ id: uuid() }), { maxLength: LIMITS.ARRAY_ELEMENTS })(value, at);
      const target = p.config.data_source_id as string;
      // A page the writer cannot read is refused as if it did not exist, before anything else is
      // said about it (so the answer tells nothing about pages that are not shared): "to update a
      // data source relation property via the API, share the related database with the
      // integration" (developers.notion.com/reference/property-object#relation). Notion's answer
      // is unconfirmed; Quire gives its 404 for objects not shared.
      const unseen = await env.firstUnseen(list.map((r) => r.id));
      if (unseen !== null) throw env.unseen(unseen);
      for (const r of list) {
        const page = await env.tx.getNode(env.workspaceId, r.id);
        if (!page || page.type !== "page" || page.parent_id !== target)
          throw errors.validation(`Relation ${p.name} only accepts pages of data source ${target}; ${r.id} is not one.`);
      }
      return [...new Set(list.map((r) => r.id))];
    }
    case "place": {
      const written = nullable(place)(value, at);
      return written && placeValue(written);
    }
    case "verification": {
      const v = object({ state: string(), date: optional(nullable(dateValue())) })(value, at);
      if (v.state !== "verified" && v.state !== "unverified") fail(`${at}.state`, 'should be `"verified"` or `"unverified"`', v.state);
      return v.state === "unverified" ? null : { state: "verified", date: v.date ?? null };
    }
    default:
      throw errors.validation(`${p.name} cannot be written.`);
  }
}

/** Notion assigns new options a color when none is given; Quire uses `default`. */
export function newOption(name: string, color?: string): SelectOption {
  return { id: shortId(), name, color: color ?? "default", description: null };
}
