/**
 * Shared fast-check generators: strings that break things, ids in every spelling, request
 * bodies for the write endpoints (valid ones, then mutated), malformed JSON text, paths,
 * query strings and headers.
 */
import fc from "fast-check";
import { CREATABLE_TYPES } from "../../src/domain/blocks/types.js";

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

// ---------------------------------------------------------------- strings

/** Strings with a history of breaking parsers, validators and templating. */
export const NASTY = [
  "", " ", "\t", "null", "undefined", "true", "0", "-1", "NaN", "Infinity",
  "__proto__", "constructor", "prototype", "toString", "valueOf", "hasOwnProperty",
  "💡", "👍🏽", "🇫🇷", "\u0000", "\ud800", "\udfff", "\u202e", "\ufeff", "é", "ﷺ", "\r\n",
  "%zz", "%", "%00", "../", "..", "<script>alert(1)</script>", "'; DROP TABLE nodes; --", "${x}", "{{x}}",
  "page_id", "block_id", "paragraph", "title", "type", "children", "rich_text",
] as const;

const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));

export const str: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.string({ maxLength: 16 }) },
  { weight: 2, arbitrary: fc.constantFrom(...NASTY) },
  { weight: 1, arbitrary: fc.string({ unit: "grapheme", maxLength: 8 }) },
  { weight: 1, arbitrary: fc.string({ unit: fc.oneof(fc.constantFrom("a", "%", "\\", '"', "\u0000"), loneSurrogate), maxLength: 6 }) },
  { weight: 1, arbitrary: fc.constantFrom(2000, 2001, 1001, 5000).map((n) => "x".repeat(n)) },
);

/** Keys a request might (or might not) use, so random objects land near real fields. */
export const KEYS = [
  "type", "object", "id", "parent", "page_id", "block_id", "database_id", "data_source_id", "workspace",
  "properties", "title", "Name", "children", "content", "rich_text", "text", "link", "url", "annotations",
  "bold", "color", "icon", "cover", "emoji", "external", "file_upload", "position", "after", "after_block",
  "in_trash", "archived", "is_locked", "is_archived", "erase_content", "template", "markdown", "checked",
  "language", "table_width", "cells", "expression", "equation", "mention", "synced_from", "caption", "name",
  "is_toggleable", "width_ratio", "has_column_header", "list_start_index", ...CREATABLE_TYPES, "child_page", "unsupported",
  // Databases, data sources, property schemas and values.
  "initial_data_source", "is_inline", "description", "data_sources", "relation", "rollup", "single_property", "dual_property",
  "synced_property_name", "options", "format", "function", "relation_property_name", "rollup_property_name", "prefix", "number",
  "select", "multi_select", "status", "date", "start", "end", "time_zone", "people", "files", "checkbox", "email", "phone_number",
  "place", "lat", "lon", "verification", "state", "formula", "unique_id", "Score", "Pick", "Tags", "Project",
];

/**
 * Text for fields that take any string up to a limit: mostly valid (odd Unicode included), now
 * and then something that breaks a rule. The request generators below are "valid-looking" on
 * purpose — mutated() supplies most of the breakage, so plenty of writes still succeed.
 */
export const okText: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.string({ maxLength: 24 }) },
  { weight: 2, arbitrary: fc.string({ unit: "grapheme", maxLength: 10 }) },
  { weight: 2, arbitrary: fc.constantFrom(...NASTY.filter((s) => s.length > 0)) },
  { weight: 1, arbitrary: fc.string({ unit: fc.oneof(fc.constantFrom("a", "\\", '"', "\u0000"), loneSurrogate), maxLength: 6 }) },
  { weight: 1, arbitrary: fc.constantFrom(2000, 2001).map((n) => "x".repeat(n)) },
);

export const key: fc.Arbitrary<string> = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...KEYS) }, { weight: 1, arbitrary: str });

export const number: fc.Arbitrary<number> = fc.oneof(
  fc.integer({ min: -3, max: 130 }),
  fc.constantFrom(0, -0, 1, 2, 100, 101, 1000, 2 ** 31, 2 ** 53, -(2 ** 53), 1e308, -1e308, 5e-324, 0.5, 1.5),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);

/** Any JSON value, biased toward request-like keys. */
export const json: fc.Arbitrary<Json> = fc.letrec<{ value: Json }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    number,
    str,
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(key, tie("value"), { maxKeys: 4 }),
  ),
})).value;

// ---------------------------------------------------------------- ids

/** The spellings of one id a client could send: dashed, compact, upper-case, or damaged. */
export function idForms(id: string): fc.Arbitrary<string> {
  const compact = id.replace(/-/g, "");
  return fc.oneof(
    { weight: 6, arbitrary: fc.constant(id) },
    { weight: 3, arbitrary: fc.constant(compact) },
    { weight: 1, arbitrary: fc.constantFrom(id.toUpperCase(), compact.toUpperCase(), `{${id}}`, ` ${id}`, `${id} `, `${id}0`, id.slice(1), compact.slice(0, 31), `${id}-`, `-${compact}`, id.replace(/-/g, "--"), `${compact.slice(0, 8)}-${compact.slice(8)}`) },
  );
}

export function idArb(known: string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom(...known).chain(idForms) },
    { weight: 2, arbitrary: fc.uuid().chain(idForms) },
    { weight: 1, arbitrary: fc.constantFrom("", "null", "00000000-0000-0000-0000-000000000000", "ffffffffffffffffffffffffffffffff", "gggggggg-gggg-gggg-gggg-gggggggggggg") },
    { weight: 1, arbitrary: str },
  );
}

/** An id or any other JSON value where an id belongs. */
/** Where an id belongs in a valid-looking body: a real one in a valid spelling, rarely anything else. */
export const idValue = (known: string[]): fc.Arbitrary<Json> =>
  fc.oneof(
    { weight: 24, arbitrary: fc.constantFrom(...known).chain((id) => fc.constantFrom(id, id, id.replace(/-/g, ""), id.toUpperCase())) },
    { weight: 2, arbitrary: idArb(known) },
    { weight: 1, arbitrary: json },
  );

// ---------------------------------------------------------------- request values

export const urlArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 10, arbitrary: fc.webUrl({ withQueryParameters: true, withFragments: true }) },
  { weight: 2, arbitrary: fc.string({ maxLength: 12 }).map((s) => `https://example.com/files/${encodeURIComponent(s)}.pdf`) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      "https://example.com/", "http://localhost:1/x", "https://", "ftp://example.com/x", "javascript:alert(1)", "example.com",
      "https://exa mple.com/", "https://[::1]/a", "https://example.com/%E2%82%AC.png", "https://example.com/a%20b.pdf", "https://example.com/%",
      `https://example.com/${"a".repeat(1980)}`, `https://example.com/${"a".repeat(2000)}`,
    ),
  },
  { weight: 1, arbitrary: str },
);

export const color = fc.oneof({ weight: 12, arbitrary: fc.constantFrom("default", "gray", "red_background", "blue") }, { weight: 1, arbitrary: str });
const annotations = fc.record(
  { bold: fc.oneof({ weight: 12, arbitrary: fc.boolean() }, { weight: 1, arbitrary: json }), italic: fc.boolean(), code: fc.boolean(), color },
  { requiredKeys: [] },
);

export function richTextItem(ids: string[]): fc.Arbitrary<Json> {
  const text = fc.record(
    {
      type: fc.constant("text"),
      text: fc.record({ content: okText, link: fc.oneof(fc.constant(null), fc.record({ url: urlArb })) }, { requiredKeys: ["content"] }),
      annotations,
    },
    { requiredKeys: ["text"] },
  );
  const mention = fc.record(
    {
      type: fc.constant("mention"),
      mention: fc.oneof(
        fc.record({ user: fc.record({ id: idValue(ids) }) }),
        fc.record({ page: fc.record({ id: idValue(ids) }) }),
        fc.record({ date: fc.record({ start: fc.oneof(fc.constantFrom("2024-01-01", "2024-02-30", "2024-01-01T10:00:00Z", "2024-13-01", "yesterday"), str), end: fc.constantFrom(null, "2024-01-02") }, { requiredKeys: ["start"] }) }),
        fc.record({ template_mention: fc.oneof(fc.record({ type: fc.constant("template_mention_date"), template_mention_date: fc.constantFrom("today", "now", "later") }), fc.record({ template_mention_user: fc.constantFrom("me", "you") })) }),
      ),
    },
    { requiredKeys: ["mention"] },
  );
  const equation = fc.record({ type: fc.constant("equation"), equation: fc.record({ expression: okText }) }, { requiredKeys: ["equation"] });
  return fc.oneof({ weight: 6, arbitrary: text }, { weight: 2, arbitrary: mention }, { weight: 1, arbitrary: equation });
}

export const richText = (ids: string[]): fc.Arbitrary<Json> =>
  fc.oneof({ weight: 30, arbitrary: fc.array(richTextItem(ids), { maxLength: 3 }) }, { weight: 1, arbitrary: fc.constant(Array.from({ length: 101 }, () => ({ text: { content: "x" } }))) });

// File uploads and custom emojis do not exist in Quire yet, so those forms are always refused:
// rare, to leave room for accepted icons and covers.
export const icon = (ids: string[]): fc.Arbitrary<Json> =>
  fc.oneof(
    { weight: 6, arbitrary: fc.record({ type: fc.constant("emoji"), emoji: fc.oneof({ weight: 8, arbitrary: fc.constantFrom("💡", "👍🏽", "🇫🇷", "1️⃣", "👨‍👩‍👧") }, { weight: 1, arbitrary: fc.constantFrom("a", "", "💡💡") }, { weight: 1, arbitrary: str }) }, { requiredKeys: ["emoji"] }) },
    { weight: 4, arbitrary: fc.record({ type: fc.constant("external"), external: fc.record({ url: urlArb }) }, { requiredKeys: ["external"] }) },
    { weight: 3, arbitrary: fc.record({ type: fc.constant("icon"), icon: fc.record({ name: okText, color: fc.constantFrom("gray", "blue", "blue", "nope") }, { requiredKeys: ["name"] }) }) },
    { weight: 1, arbitrary: fc.record({ type: fc.constant("file_upload"), file_upload: fc.record({ id: idValue(ids) }) }) },
    { weight: 2, arbitrary: fc.constant(null) },
  );

export const cover = (ids: string[]): fc.Arbitrary<Json> =>
  fc.oneof(
    { weight: 6, arbitrary: fc.record({ type: fc.constant("external"), external: fc.record({ url: urlArb }) }, { requiredKeys: ["external"] }) },
    { weight: 1, arbitrary: fc.record({ file_upload: fc.record({ id: idValue(ids) }) }) },
    { weight: 2, arbitrary: fc.constant(null) },
  );

/** The payload of one block type (valid-looking; mutation breaks it). */
function payload(type: string, ids: string[], kids: fc.Arbitrary<Json[]> | null): fc.Arbitrary<{ payload: Json; children?: Json[] }> {
  // Children only where the nesting limit allows them (an empty array is still "present").
  const children = kids ?? fc.constant(undefined as unknown as Json[]);
  const rt = richText(ids);
  const textual = (extra: Record<string, fc.Arbitrary<Json>> = {}) =>
    fc.record({ payload: fc.record({ rich_text: rt, color, ...extra }, { requiredKeys: ["rich_text"] }), children: fc.option(children, { nil: undefined }) }, { requiredKeys: ["payload"] });
  const plain = (p: fc.Arbitrary<Json>) => fc.record({ payload: p });
  const media = plain(fc.record({ type: fc.constant("external"), external: fc.record({ url: urlArb }), caption: rt, name: okText }, { requiredKeys: ["external"] }));
  switch (type) {
    case "paragraph":
    case "bulleted_list_item":
    case "quote":
    case "toggle":
    case "template":
      return textual();
    case "numbered_list_item":
      return textual({ list_start_index: number, list_format: fc.constantFrom("numbers", "letters", "roman", "x") });
    case "heading_1":
    case "heading_2":
    case "heading_3":
    case "heading_4":
      return textual({ is_toggleable: fc.boolean() });
    case "to_do":
      return textual({ checked: fc.oneof(fc.boolean(), json) });
    case "callout":
      return textual({ icon: icon(ids) });
    case "code":
      return plain(fc.record({ rich_text: rt, language: fc.constantFrom("javascript", "python", "plain text", "mermaid", "c++", "klingon"), caption: rt }, { requiredKeys: ["rich_text", "language"] }));
    case "equation":
      return plain(fc.record({ expression: fc.oneof({ weight: 9, arbitrary: okText }, { weight: 1, arbitrary: fc.constant("x".repeat(1001)) }) }));
    case "divider":
    case "breadcrumb":
      return plain(fc.constant({}));
    case "table_of_contents":
      return plain(fc.record({ color }, { requiredKeys: [] }));
    case "bookmark":
    case "embed":
      return plain(fc.record({ url: urlArb, caption: rt }, { requiredKeys: ["url"] }));
    case "image":
    case "video":
    case "pdf":
    case "audio":
    case "file":
      return media;
    case "link_to_page":
      return plain(fc.oneof(fc.record({ type: fc.constant("page_id"), page_id: idValue(ids) }), fc.record({ database_id: idValue(ids) }), fc.record({ comment_id: idValue(ids) })));
    case "synced_block":
      return fc.record({ payload: fc.record({ synced_from: fc.oneof(fc.constant(null), fc.record({ block_id: idValue(ids) })) }), children: fc.option(children, { nil: undefined }) }, { requiredKeys: ["payload"] });
    case "table":
      return fc.integer({ min: 1, max: 4 }).chain((w) =>
        fc.record({
          payload: fc.record({ table_width: fc.oneof({ weight: 12, arbitrary: fc.constant(w) }, { weight: 1, arbitrary: number }), has_column_header: fc.boolean() }, { requiredKeys: ["table_width"] }),
          children: fc.array(
            fc.array(rt, { minLength: w, maxLength: w }).map((cells) => ({ type: "table_row", table_row: { cells } }) as Json),
            { minLength: 1, maxLength: 3 },
          ),
        }),
      );
    case "column_list":
      return fc.record({
        payload: fc.constant({}),
        children: fc.array(
          fc.record({ width_ratio: fc.double({ min: 0, max: 1, noNaN: true }) }, { requiredKeys: [] }).map((p) => ({ column: { ...p, children: [{ paragraph: { rich_text: [{ text: { content: "col" } }] } }] } }) as Json),
          { minLength: 2, maxLength: 3 },
        ),
      });
    case "column":
      return fc.record({ payload: fc.record({ width_ratio: number }, { requiredKeys: [] }), children: fc.option(children, { nil: undefined }) }, { requiredKeys: ["payload"] });
    case "tab":
      return fc.record({ payload: fc.constant({}), children: fc.option(children, { nil: undefined }) }, { requiredKeys: ["payload"] });
    default:
      return plain(json);
  }
}

/** Block request objects, up to `depth` levels of children (Notion allows 2 below the top). */
export function blocks(ids: string[], depth = 3): fc.Arbitrary<Json[]> {
  // Types whose required children fit in the levels left: a column_list needs two (columns and
  // their content), a table one (rows); a column only ever sits in a column_list.
  const typesAt = (d: number) =>
    fc.oneof(
      { weight: 30, arbitrary: fc.constantFrom(...CREATABLE_TYPES.filter((t) => t !== "column" && (t !== "column_list" || d >= 2) && (t !== "table" || d >= 1))) },
      { weight: 1, arbitrary: fc.constantFrom("child_page", "unsupported", "link_preview", "column", "nope") },
    );
  const level = (d: number): fc.Arbitrary<Json[]> => {
    const children = d > 0 ? level(d - 1) : null;
    const block = typesAt(d).chain((type) =>
      fc.record({ p: payload(type, ids, children), declare: fc.boolean(), childrenInside: fc.boolean(), object: fc.boolean() }).map(({ p, declare, childrenInside, object }) => {
        const body = { ...(p.payload as Record<string, Json>) };
        const b: Record<string, Json> = {};
        if (object) b.object = "block";
        if (declare) b.type = type;
        if (p.children !== undefined && childrenInside) body.children = p.children;
        else if (p.children !== undefined) b.children = p.children;
        b[type] = body;
        return b as Json;
      }),
    );
    return fc.array(block, { maxLength: d === depth ? 4 : 2 });
  };
  return level(depth);
}

const parent = (ids: string[]): fc.Arbitrary<Json> =>
  fc.oneof(
    { weight: 24, arbitrary: fc.record({ type: fc.constant("page_id"), page_id: idValue(ids) }, { requiredKeys: ["page_id"] }) },
    { weight: 1, arbitrary: fc.record({ type: fc.constant("workspace"), workspace: fc.oneof(fc.constant(true), json) }, { requiredKeys: ["workspace"] }) },
    { weight: 1, arbitrary: fc.record({ database_id: idValue(ids) }) },
    { weight: 1, arbitrary: fc.record({ data_source_id: idValue(ids) }) },
    { weight: 1, arbitrary: fc.record({ block_id: idValue(ids) }) },
  );

const titleProperty = (ids: string[]): fc.Arbitrary<Json> =>
  fc.oneof(
    fc.record({ title: fc.record({ title: richText(ids) }) }),
    fc.record({ title: richText(ids) }),
    fc.record({ Name: fc.record({ type: fc.constant("title"), title: richText(ids) }) }),
    fc.dictionary(key, json, { maxKeys: 2 }),
  );

const pagePosition = (ids: string[]): fc.Arbitrary<Json> =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom({ type: "page_start" }, { type: "page_end" }) },
    { weight: 1, arbitrary: fc.record({ type: fc.constant("after_block"), after_block: fc.record({ id: idValue(ids) }) }) },
  );

export function createPageBody(ids: string[], parentIds: string[] = ids): fc.Arbitrary<Json> {
  return fc.record(
    {
      parent: parent(parentIds),
      properties: titleProperty(ids),
      children: blocks(ids, 2),
      icon: icon(ids),
      cover: cover(ids),
      position: pagePosition(ids),
      template: fc.oneof({ weight: 8, arbitrary: fc.constant({ type: "none" }) }, { weight: 1, arbitrary: fc.constant({ type: "default" }) }),
    },
    { requiredKeys: ["parent"] },
  );
}

export function updatePageBody(ids: string[]): fc.Arbitrary<Json> {
  return fc.record(
    {
      properties: titleProperty(ids),
      icon: icon(ids),
      cover: cover(ids),
      in_trash: fc.boolean(),
      archived: fc.boolean(),
      is_locked: fc.boolean(),
      erase_content: fc.boolean(),
      template: fc.constant({ type: "none" }),
    },
    { requiredKeys: [] },
  );
}

export function appendBody(ids: string[]): fc.Arbitrary<Json> {
  const position = fc.oneof(fc.constant({ type: "end" }), fc.constant({ type: "start" }), fc.record({ type: fc.constant("after_block"), after_block: fc.record({ id: idValue(ids) }) }));
  return fc.record({ children: blocks(ids, 2), placement: fc.constantFrom("none", "none", "position", "position", "after", "both") }).chain(({ children, placement }) =>
    fc.record({ position, after: idValue(ids) }).map(({ position: p, after }) => {
      const out: Record<string, Json> = { children };
      if (placement === "position" || placement === "both") out.position = p;
      if (placement === "after" || placement === "both") out.after = after;
      return out as Json;
    }),
  );
}

/** A blocks.update body, for a block of type `type` when known (any type otherwise). */
export function updateBlockBody(ids: string[], type?: string): fc.Arbitrary<Json> {
  const types = type ? fc.oneof({ weight: 6, arbitrary: fc.constant(type) }, { weight: 1, arbitrary: fc.constantFrom(...CREATABLE_TYPES) }) : fc.constantFrom(...CREATABLE_TYPES);
  return fc.oneof(
    { weight: 6, arbitrary: types.chain((t) => fc.tuple(payload(t, ids, null), fc.boolean()).map(([p, declare]) => (declare ? { type: t, [t]: p.payload } : { [t]: p.payload }) as Json)) },
    { weight: 1, arbitrary: fc.record({ in_trash: fc.boolean(), archived: fc.boolean() }, { requiredKeys: [] }) },
    { weight: 1, arbitrary: fc.record({ paragraph: fc.record({ rich_text: richText(ids) }), children: blocks(ids, 0) }) },
  );
}

export function moveBody(ids: string[]): fc.Arbitrary<Json> {
  return fc.record({ parent: parent(ids) });
}

/** POST /v1/blocks/meeting_notes: a file-upload source with a page parent, or a block source. */
export function createMeetingNoteBody(ids: string[]): fc.Arbitrary<Json> {
  const common = { title: okText, language: fc.constantFrom("auto", "en", "fr", "zh-CN", "xx"), options: fc.record({ kickoff_summary: fc.boolean() }) };
  return fc.oneof(
    fc.record({ source: fc.record({ type: fc.constant("file_upload"), file_upload_id: idValue(ids) }), parent: fc.record({ type: fc.constant("page_id"), page_id: idValue(ids) }), ...common }, { requiredKeys: ["source", "parent"] }),
    fc.record({ source: fc.record({ type: fc.constant("block"), block_id: idValue(ids) }), ...common }, { requiredKeys: ["source"] }),
  );
}

/** POST /v1/blocks/meeting_notes/query: the SDK's filter tree (two levels), sorts and limit. */
export function queryMeetingNotesBody(ids: string[]): fc.Arbitrary<Json> {
  const person = idValue(ids).map((id) => ({ type: "exact", value: { table: "notion_user", id } }) as Json);
  const day = fc.constantFrom("2026-07-14", "2026-02-30", "today", "2026-7-1");
  const leaf: fc.Arbitrary<Json> = fc.oneof(
    fc.record({ property: fc.constant("title"), filter: fc.record({ operator: fc.constantFrom("string_is", "string_contains", "string_ends_with", "is_empty", "date_is"), value: fc.record({ type: fc.constant("exact"), value: okText }) }, { requiredKeys: ["operator"] }) }),
    fc.record({ property: fc.constantFrom("attendees", "created_by", "last_edited_by"), filter: fc.record({ operator: fc.constantFrom("person_contains", "person_does_not_contain", "is_not_empty"), value: fc.oneof(person, fc.array(person, { maxLength: 3 })) }, { requiredKeys: ["operator"] }) }),
    fc.record({
      property: fc.constantFrom("created_time", "last_edited_time"),
      filter: fc.record({
        operator: fc.constantFrom("date_is", "date_is_before", "date_is_on_or_after", "date_is_within", "date_is_relative_to", "is_empty"),
        value: fc.oneof(
          fc.record({ type: fc.constant("relative"), value: fc.constantFrom("today", "yesterday", "past_week", "the_past", "soon") }),
          fc.record({ type: fc.constant("relative"), value: fc.constant("the_past"), direction: fc.constantFrom("past", "future"), unit: fc.constantFrom("day", "week", "month", "year", "hour"), count: fc.integer({ min: -1, max: 20_000 }) }),
          day.map((d) => ({ type: "exact", value: { type: "date", start_date: d } }) as Json),
          fc.record({ type: fc.constant("exact"), value: fc.record({ type: fc.constant("datetime"), start_date: day, start_time: fc.constantFrom("10:00", "25:00", "9:5"), time_zone: fc.constantFrom("UTC", "Europe/Paris", "Mars/Olympus") }, { requiredKeys: ["type", "start_date"] }) }),
          fc.record({ type: fc.constant("exact"), value: fc.record({ type: fc.constant("daterange"), start_date: day, end_date: day }, { requiredKeys: ["type", "start_date"] }) }),
        ),
      }, { requiredKeys: ["operator"] }),
    }),
  );
  const group = (children: fc.Arbitrary<Json>) => fc.record({ operator: fc.constantFrom("and", "or"), filters: fc.array(children, { maxLength: 3 }) });
  const sort = fc.record({ property: fc.constantFrom("title", "attendees", "created_time", "created_by", "last_edited_time", "last_edited_by", "status"), direction: fc.constantFrom("ascending", "descending") });
  return fc.record(
    { filter: group(fc.oneof({ weight: 3, arbitrary: leaf }, { weight: 1, arbitrary: group(fc.oneof(leaf, group(leaf))) })), sort: fc.array(sort, { maxLength: 3 }), limit: fc.integer({ min: -1, max: 60 }) },
    { requiredKeys: [] },
  );
}

// ---------------------------------------------------------------- mutation

type Op = { kind: "delete" | "replace" | "insert" | "wrap" | "retype" | "flood"; pick: number; value: Json; key: string };

const op: fc.Arbitrary<Op> = fc.record({
  kind: fc.constantFrom("delete", "replace", "replace", "insert", "wrap", "retype", "flood"),
  pick: fc.nat(),
  value: json,
  key,
});

/** Every (container, key) slot of a JSON tree, in document order. */
function slots(root: { v: Json }): [Record<string, Json> | Json[], string | number][] {
  const out: [Record<string, Json> | Json[], string | number][] = [];
  const visit = (container: Record<string, Json> | Json[], k: string | number) => {
    out.push([container, k]);
    const v = (container as Record<string | number, Json>)[k];
    if (Array.isArray(v)) v.forEach((_, i) => visit(v, i));
    else if (v && typeof v === "object") for (const kk of Object.keys(v)) visit(v, kk);
  };
  visit(root as unknown as Record<string, Json>, "v");
  return out;
}

function retype(v: Json): Json {
  if (v === null) return {};
  switch (typeof v) {
    case "string":
      return v.length;
    case "number":
      return String(v);
    case "boolean":
      return v ? "true" : 0;
    default:
      return Array.isArray(v) ? (Object.fromEntries(v.map((x, i) => [String(i), x])) as Json) : Object.values(v);
  }
}

/** Applies ops to a deep copy of `value`. */
export function mutate(value: Json, ops: Op[]): Json {
  const root = { v: JSON.parse(JSON.stringify(value)) as Json };
  for (const o of ops) {
    const all = slots(root);
    const [container, k] = all[o.pick % all.length];
    const c = container as Record<string | number, Json>;
    switch (o.kind) {
      case "delete":
        if (Array.isArray(container)) container.splice(k as number, 1);
        else if (container !== (root as unknown)) delete c[k];
        break;
      case "replace":
        c[k] = o.value;
        break;
      case "insert": {
        const target = c[k];
        if (Array.isArray(target)) target.splice(o.pick % (target.length + 1), 0, o.value);
        else if (target && typeof target === "object") (target as Record<string, Json>)[o.key] = o.value;
        else c[k] = { [o.key]: o.value };
        break;
      }
      case "wrap":
        c[k] = o.pick % 2 ? [c[k]] : { [o.key]: c[k] };
        break;
      case "retype":
        c[k] = retype(c[k]);
        break;
      case "flood": {
        // Past the 100-element limits, within the 1000-block payload limit most of the time.
        const n = [99, 100, 101, 150][o.pick % 4];
        const target = c[k];
        if (Array.isArray(target) && target.length > 0) c[k] = Array.from({ length: n }, (_, i) => target[i % target.length]);
        break;
      }
    }
  }
  return root.v;
}

/** A valid-looking body, then 0–3 mutations. */
export function mutated(valid: fc.Arbitrary<Json>): fc.Arbitrary<Json> {
  return fc.tuple(valid, fc.array(op, { maxLength: 3 })).map(([v, ops]) => mutate(v, ops));
}

// ---------------------------------------------------------------- JSON text

/** Edits of serialized JSON: cut, inserted or removed characters, BOM, trailing garbage. */
export function textMutation(text: string): fc.Arbitrary<string> {
  return fc.record({ at: fc.nat(), kind: fc.constantFrom("cut", "insert", "remove", "bom", "tail", "quote"), ch: fc.constantFrom("{", "}", "[", "]", ",", ":", '"', "\\", "'", "\u0000", "x", "\n", "\ud800", "1e999") }).map(({ at, kind, ch }) => {
    const i = text.length === 0 ? 0 : at % text.length;
    switch (kind) {
      case "cut":
        return text.slice(0, i);
      case "insert":
        return text.slice(0, i) + ch + text.slice(i);
      case "remove":
        return text.slice(0, i) + text.slice(i + 1);
      case "bom":
        return "\ufeff" + text;
      case "tail":
        return text + ch;
      default:
        return text.replace(/"/g, "'");
    }
  });
}

/** Body texts that are odd as a whole: not JSON, not an object, deep, huge, poisoned. */
export const oddBody: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    "", " ", "\n\t", "null", "[]", "{}", '"x"', "0", "true", "{,}", '{"a":}', "\ufeff{}", '{"a":1}x', "[1,]", "{'a':1}", "NaN", "Infinity", "-", "1e999",
    '{"a":1e999}', '{"a":-0}', '{"__proto__":{"polluted":1}}', '{"constructor":{"prototype":{"polluted":1}}}', '{"children":{"__proto__":[]}}',
    '{"a":1,"a":2}', '{"children":[],"children":null}', "\u0000", "{\"a\":\"\\ud800\"}", "{\"a\":\"\\u0000\"}", "[".repeat(50),
  ),
  fc.string({ maxLength: 30 }),
  fc.record({ depth: fc.constantFrom(100, 2000, 50_000, 150_000), open: fc.constantFrom("[", '{"a":', '{"children":[', '{"parent":'), key: fc.constantFrom("", "parent", "children", "properties", "icon") }).map(({ depth, open, key }) => {
    const close = open === "[" ? "]" : open === '{"children":[' ? "]}" : "}";
    const nested = open.repeat(depth) + "1" + close.repeat(depth);
    return key ? JSON.stringify({ [key]: 0 }).replace("0", nested) : nested;
  }),
  // Around the 500 KB payload limit.
  fc.constantFrom(400 * 1024, 511 * 1024, 513 * 1024, 2 * 1024 * 1024).map((n) => JSON.stringify({ children: [{ paragraph: { rich_text: [{ text: { content: "x".repeat(n) } }] } }] })),
);

// ---------------------------------------------------------------- paths, queries, headers

/** encodeURIComponent, with lone surrogates (which it refuses) replaced first. */
export const encode = (s: string): string => encodeURIComponent(s.replace(/[\ud800-\udfff]/g, (c, i: number, all: string) => (c.charCodeAt(0) < 0xdc00 ? (/[\udc00-\udfff]/.test(all[i + 1] ?? "") ? c : "?") : /[\ud800-\udbff]/.test(all[i - 1] ?? "") ? c : "?")));

/** Characters node:http puts in a request target unescaped. */
const pathChar = fc.constantFrom(..."abcXYZ019-._~!$&'()*+,;=:@/%?#[]{}|\\^`\"<>é".split(""));

export function segment(ids: string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 10, arbitrary: idArb(ids).map(encode) },
    { weight: 3, arbitrary: fc.constantFrom("..", ".", "%2e%2e", "%2E", "%2F", "%2f..%2f", "%00", "%zz", "%", "%e0%a4", "%ff", "%C0%AE", "me", "", "undefined", "null", "children", "move", "properties", "title", "%252e", "~", "*") },
    { weight: 2, arbitrary: fc.string({ unit: pathChar, maxLength: 10 }) },
    { weight: 2, arbitrary: str.map(encode) },
    { weight: 1, arbitrary: fc.constantFrom(101, 500, 4000, 14000).map((n) => "a".repeat(n)) },
    { weight: 1, arbitrary: fc.constant("b".repeat(20_000)) },
  );
}

/** Route shapes with holes (`#`) for segments; some are not routes at all. */
const TEMPLATES = [
  "/v1/users", "/v1/users/me", "/v1/users/#", "/v1/pages", "/v1/pages/#", "/v1/pages/#/move", "/v1/pages/#/properties/#",
  "/v1/blocks/#", "/v1/blocks/#/children", "/v1/blocks/#/children/#", "/v1/#", "/v1/#/#", "/#", "/", "", "/v1", "/v2/pages/#",
  "/v1/search", "/v1/databases/#", "/v1/databases", "/v1/data_sources", "/v1/data_sources/#", "/v1/data_sources/#/templates",
  "/v1/data_sources/#/query", "/v1/databases/#/query", "/v1/comments", "/_quire/health", "/_quire/v1/integrations/#", "/_quire/v1/#", "/v1/pages/#/../../users",
  "/v1/blocks/#/../#", "/./v1/users", "//v1//pages//#", "/V1/PAGES/#", "/v1/pages/#?", "/v1/pages/#;x=1",
  "/v1/views", "/v1/views/#", "/v1/views/#/queries", "/v1/views/#/queries/#",
  "/v1/blocks/meeting_notes", "/v1/blocks/meeting_notes/query", "/v1/blocks/meeting_notes/#", "/_quire/v1/meeting_notes/#",
];

export function pathArb(ids: string[]): fc.Arbitrary<string> {
  return fc.record({ t: fc.constantFrom(...TEMPLATES), segs: fc.array(segment(ids), { minLength: 2, maxLength: 2 }), trail: fc.constantFrom("", "", "", "/", "//") }).map(({ t, segs, trail }) => {
    let i = 0;
    const p = t.replace(/#/g, () => segs[i++ % segs.length]);
    return (p.startsWith("/") ? p : "/" + p) + trail;
  });
}

const queryKey = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom("page_size", "start_cursor", "filter_properties") },
  { weight: 1, arbitrary: fc.constantFrom("page_size[]", "filter_properties[]", "start_cursor[a]", "PAGE_SIZE", "", "%zz", "__proto__", "constructor") },
  { weight: 1, arbitrary: str.map(encode) },
);

export function queryValue(ids: string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 3, arbitrary: fc.integer({ min: -5, max: 205 }).map(String) },
    { weight: 3, arbitrary: fc.constantFrom("", "1e2", "1e1", "0x10", "1.5", "100", "101", "0", "-0", "%205", "5%20", "%zz", "Infinity", "NaN", "null", "true", "9".repeat(400), "title", "title%2Ctitle", "%3Btitle", "%E0%A4%A") },
    { weight: 3, arbitrary: idArb(ids).map(encode) },
    { weight: 1, arbitrary: fc.string({ unit: pathChar, maxLength: 8 }).map((s) => s.replace(/[#&]/g, "")) },
  );
}

export function queryArb(ids: string[]): fc.Arbitrary<string> {
  return fc.array(fc.tuple(queryKey, queryValue(ids), fc.boolean()), { maxLength: 4 }).map((pairs) =>
    pairs.length === 0 ? "" : "?" + pairs.map(([k, v, eq]) => (eq || v !== "" ? `${k}=${v}` : k)).join("&"),
  );
}

/** Header values node:http will send (tab, printable ASCII). */
const headerText = fc.string({ unit: fc.constantFrom(..." \t!\"#$%&'()*+,-./09:;<=>?@AZ[\\]^_`az{|}~".split("")), maxLength: 20 });

export const versionHeader: fc.Arbitrary<string | string[] | undefined> = fc.oneof(
  { weight: 16, arbitrary: fc.constantFrom("2025-09-03", "2022-06-28", "2026-03-11", "2026-12-01", "2021-05-13", "2021-08-16") },
  { weight: 1, arbitrary: fc.constant(undefined) },
  { weight: 2, arbitrary: fc.constantFrom("", " ", "2025-09-03 ", " 2025-09-03", "2025-9-3", "2025-09-04", "2026-12-02", "2099-01-01", "latest", "v1", "2025-09-03,2022-06-28", "null", "0") },
  { weight: 1, arbitrary: fc.constantFrom<string[]>(["2025-09-03", "2022-06-28"], ["2025-09-03", "2025-09-03"], []) },
  { weight: 1, arbitrary: headerText },
);

export function authHeader(tokens: string[]): fc.Arbitrary<string | string[] | undefined> {
  return fc.oneof(
    { weight: 12, arbitrary: fc.constantFrom(...tokens).map((t) => `Bearer ${t}`) },
    { weight: 1, arbitrary: fc.constant(undefined) },
    {
      weight: 3,
      arbitrary: fc.constantFrom(...tokens).chain((t) =>
        fc.constantFrom(`bearer ${t}`, `BEARER ${t}`, `Bearer  ${t}  `, `Bearer\t${t}`, `Bearer ${t} extra`, `Bearer ${t}x`, `Bearer ${t.slice(0, -1)}`, `Basic ${Buffer.from(`${t}:`).toString("base64")}`, t, `Bearer`, `Bearer `, "", " ", "Bearer null", "Bearer undefined", [`Bearer ${t}`, `Bearer ${t}`], [`Bearer x`, `Bearer ${t}`]),
      ),
    },
    { weight: 1, arbitrary: headerText.map((s) => `Bearer ${s}`) },
    { weight: 1, arbitrary: headerText },
  );
}

export const contentTypeHeader: fc.Arbitrary<string | undefined> = fc.oneof(
  { weight: 6, arbitrary: fc.constant("application/json") },
  { weight: 1, arbitrary: fc.constant(undefined) },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      "application/json; charset=utf-8", "application/json; charset=utf-16", "application/json; charset=latin1", "APPLICATION/JSON", "text/plain",
      "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/octet-stream", "application/xml", "", "*/*", ";", "application/json;;",
      "application/merge-patch+json", "application/vnd.api+json",
    ),
  },
  { weight: 1, arbitrary: headerText },
);

/** Other headers clients send, some of them wrong. */
export const extraHeaders: fc.Arbitrary<Record<string, string>> = fc.dictionary(
  fc.constantFrom("accept", "accept-encoding", "content-encoding", "notion-beta", "x-notion-request-id", "origin", "user-agent", "expect", "x-forwarded-for", "cookie", "x-fuzz", "if-none-match", "range"),
  fc.oneof(
    fc.constantFrom("gzip", "br", "identity", "*/*", "application/json", "text/html", "bytes=0-1", "100-continue", "notionhq-client/5.26.0", "null"),
    // Notion-Beta values: the one beta, a stale revision, a repeat, garbage.
    fc.constantFrom("status-group-filters-2026-10-06", "status-group-filters-2026-01-01", "status-group-filters-2026-10-06,status-group-filters-2026-10-06", "status-group-filters"),
    headerText,
  ),
  { maxKeys: 3 },
);

export const methodArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom("GET", "POST", "PATCH", "DELETE") },
  { weight: 1, arbitrary: fc.constantFrom("PUT", "HEAD", "OPTIONS", "get", "Patch", "PROPFIND", "QUERY") },
);
