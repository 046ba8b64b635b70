/**
 * Notion blocks ↔ BlockNote blocks, as pure functions (no React, no editor instance): the page
 * view loads a page's block tree into the editor with `toEditor`, and the saver turns the editor's
 * document back into Notion bodies with `toNotion` to diff them (diff.ts). Both directions keep
 * what the other side cannot show: a Notion block the editor has no type for becomes an opaque
 * `notion` block carrying its JSON; mentions and inline equations become `notionInline` items
 * carrying theirs; fields BlockNote has no prop for (a code block's caption, a callout's icon)
 * ride along in `Extras`, so an unedited block maps back to the very same body.
 */
/** A Notion object as JSON (kept local: test/web-page-mapping.test.ts imports this file under Node). */
export type Json = Record<string, any>;

/** A block as the editor holds it (BlockNote's `Block`, loosely typed: its generics follow the schema). */
export interface EBlock {
  id: string;
  type: string;
  props: Json;
  content?: any;
  children: EBlock[];
}

/** A Notion block with its children loaded (`children` only where the editor shows them). */
export type NotionTree = Json & { children?: NotionTree[] };

/** A Notion block as the saver sends it: its type, the value under the type key, and a table's rows. */
export interface NotionBody {
  type: string;
  value: Json;
  /** A table's rows, as `table_row.cells`. */
  rows?: Json[][][];
}

/** What an editor block remembers of the Notion block it came from, by editor id. */
export interface Extra {
  /** The Notion type (a `file` editor block may be a Notion `pdf`). */
  type: string;
  /** The Notion value as loaded (for fields the editor has no prop for). */
  value: Json;
  /** A table's row ids, in order. */
  rowIds?: string[];
  /** Every URL the server gave for this block's Notion-hosted file (signed URLs change over time). */
  hosted?: string[];
}
export type Extras = Map<string, Extra>;

/** Notion's colours: BlockNote's names, plus `default`. */
const COLORS = new Set(["gray", "brown", "orange", "yellow", "green", "blue", "purple", "pink", "red"]);

/** Notion block types the editor edits as itself. */
const TEXT_TYPES: Record<string, string> = {
  paragraph: "paragraph",
  bulleted_list_item: "bulletListItem",
  numbered_list_item: "numberedListItem",
  to_do: "checkListItem",
  toggle: "toggleListItem",
  quote: "quote",
};
const TEXT_TYPES_BACK: Record<string, string> = Object.fromEntries(Object.entries(TEXT_TYPES).map(([n, e]) => [e, n]));
const MEDIA: Record<string, string> = { image: "image", video: "video", audio: "audio", file: "file", pdf: "file" };

/** Whether the editor shows a Notion block of this type as itself (else: an opaque block). */
export function isEditable(type: string): boolean {
  return type in TEXT_TYPES || type in MEDIA || ["heading_1", "heading_2", "heading_3", "code", "divider", "table", "callout"].includes(type);
}

/** Whether a Notion block's children are loaded into the editor as its children. */
export function showsChildren(block: Json): boolean {
  return !!block.has_children && isEditable(block.type) && block.type !== "table" && !(block.type in MEDIA);
}

/** Types an opaque block may be re-created as (after a move): those whose body the API accepts back. */
const RECREATABLE = new Set(["equation", "bookmark", "embed", "table_of_contents", "breadcrumb"]);
/** Whether an opaque block can be moved (deleted and re-created from its JSON). */
export function canRecreate(block: EBlock): boolean {
  if (block.type !== "notion") return true;
  const json = parseJson(block.props.json);
  return !!json && RECREATABLE.has(json.type) && !json.has_children;
}

// ---------- rich text ----------

function colorStyles(color: string | undefined): Json {
  if (!color || color === "default") return {};
  if (color.endsWith("_background")) {
    const c = color.slice(0, -"_background".length);
    return COLORS.has(c) ? { backgroundColor: c } : {};
  }
  return COLORS.has(color) ? { textColor: color } : {};
}

function stylesOf(a: Json | undefined): Json {
  const s: Json = {};
  if (a?.bold) s.bold = true;
  if (a?.italic) s.italic = true;
  if (a?.strikethrough) s.strike = true;
  if (a?.underline) s.underline = true;
  if (a?.code) s.code = true;
  return { ...s, ...colorStyles(a?.color) };
}

/** Notion rich text → BlockNote inline content (links kept; mentions and equations as `notionInline`). */
export function toInline(rich: Json[] | undefined): any[] {
  const out: any[] = [];
  for (const t of rich ?? []) {
    if (t.type === "text") {
      const styled = { type: "text", text: t.text?.content ?? t.plain_text ?? "", styles: stylesOf(t.annotations) };
      const url = t.text?.link?.url;
      out.push(url ? { type: "link", href: url, content: [styled] } : styled);
    } else {
      out.push({ type: "notionInline", props: { json: JSON.stringify(t) } });
    }
  }
  return out;
}

function annotationsOf(styles: Json | undefined): Json {
  const s = styles ?? {};
  const color = s.backgroundColor && s.backgroundColor !== "default" ? `${s.backgroundColor}_background` : s.textColor && s.textColor !== "default" ? s.textColor : "default";
  return { bold: !!s.bold, italic: !!s.italic, strikethrough: !!s.strike, underline: !!s.underline, code: !!s.code, color };
}

/** Notion's limit on one text item's content (reference/request-limits). */
const TEXT_MAX = 2000;

function textItems(text: string, styles: Json | undefined, url: string | null): Json[] {
  const out: Json[] = [];
  for (let i = 0; i < text.length; i += TEXT_MAX) {
    out.push({ type: "text", text: { content: text.slice(i, i + TEXT_MAX), link: url ? { url } : null }, annotations: annotationsOf(styles) });
  }
  return out;
}

/** BlockNote inline content → Notion rich text (adjacent items with the same look merged, long text split). */
export function toRich(content: any[] | string | undefined): Json[] {
  if (typeof content === "string") return textItems(content, {}, null);
  const flat: { text?: string; styles?: Json; url: string | null; raw?: Json }[] = [];
  for (const item of content ?? []) {
    if (item.type === "text") flat.push({ text: item.text, styles: item.styles, url: null });
    else if (item.type === "link") for (const c of item.content ?? []) flat.push({ text: c.text, styles: c.styles, url: item.href });
    else if (item.type === "notionInline") {
      const raw = parseJson(item.props?.json);
      if (raw) flat.push({ raw, url: null });
    }
  }
  const merged: typeof flat = [];
  for (const f of flat) {
    const last = merged[merged.length - 1];
    if (f.text !== undefined && last && last.text !== undefined && last.url === f.url && sameStyles(last.styles, f.styles)) last.text += f.text;
    else if (f.text === undefined || f.text !== "") merged.push({ ...f });
  }
  return merged.flatMap((f) => (f.raw ? [f.raw] : textItems(f.text!, f.styles, f.url)));
}

function sameStyles(a: Json | undefined, b: Json | undefined): boolean {
  return JSON.stringify(annotationsOf(a)) === JSON.stringify(annotationsOf(b));
}

/** The plain text of BlockNote inline content (a media caption, a code block). */
export function inlineText(content: any[] | string | undefined): string {
  if (typeof content === "string") return content;
  return (content ?? [])
    .map((i: any) => (i.type === "text" ? i.text : i.type === "link" ? (i.content ?? []).map((c: any) => c.text).join("") : (parseJson(i.props?.json)?.plain_text ?? "")))
    .join("");
}

function plain(rich: Json[] | undefined): string {
  return (rich ?? []).map((t) => t.plain_text ?? t.text?.content ?? "").join("");
}

export function parseJson(s: unknown): Json | null {
  if (typeof s !== "string" || !s) return null;
  try {
    return JSON.parse(s) as Json;
  } catch {
    return null;
  }
}

// ---------- blocks: Notion → editor ----------

function blockColors(color: string | undefined): Json {
  const s = colorStyles(color);
  return { textColor: s.textColor ?? "default", backgroundColor: s.backgroundColor ?? "default" };
}

function mediaUrl(v: Json): string {
  return v?.type === "external" ? (v.external?.url ?? "") : v?.type === "file" ? (v.file?.url ?? "") : "";
}

/** A Notion block tree → editor blocks (ids kept), recording what the editor cannot hold in `extras`. */
export function toEditor(blocks: NotionTree[], extras: Extras): EBlock[] {
  return blocks.map((b) => toEditorBlock(b, extras));
}

function toEditorBlock(b: NotionTree, extras: Extras): EBlock {
  const v: Json = b[b.type] ?? {};
  const hosted = v.type === "file" && v.file?.url ? [...(extras.get(b.id)?.hosted ?? []).slice(-20), v.file.url] : undefined;
  extras.set(b.id, { type: b.type, value: v, hosted });
  const children = b.children && showsChildren(b) ? toEditor(b.children, extras) : [];
  const base = { id: b.id, children };
  if (b.type in TEXT_TYPES) {
    const props: Json = blockColors(v.color);
    if (b.type === "to_do") props.checked = !!v.checked;
    return { ...base, type: TEXT_TYPES[b.type], props, content: toInline(v.rich_text) };
  }
  if (/^heading_[123]$/.test(b.type)) {
    return { ...base, type: "heading", props: { ...blockColors(v.color), level: Number(b.type.slice(-1)), isToggleable: !!v.is_toggleable }, content: toInline(v.rich_text) };
  }
  if (b.type === "code") return { ...base, type: "codeBlock", props: { language: v.language ?? "plain text" }, content: [{ type: "text", text: plain(v.rich_text), styles: {} }] };
  if (b.type === "divider") return { ...base, type: "divider", props: {} };
  if (b.type === "callout") {
    return { ...base, type: "callout", props: { ...blockColors(v.color ?? "gray_background"), icon: v.icon ? JSON.stringify(v.icon) : v.icon === null ? "null" : "" }, content: toInline(v.rich_text) };
  }
  if (b.type in MEDIA) {
    const url = mediaUrl(v);
    const name = v.name ?? (url ? decodeURIComponent(url.split("?")[0].split("/").pop() ?? "") : "");
    return { ...base, type: MEDIA[b.type], props: { url, caption: plain(v.caption), name }, children: [] };
  }
  if (b.type === "table") {
    const rows = (b.children ?? []).filter((r) => r.type === "table_row");
    extras.get(b.id)!.rowIds = rows.map((r) => r.id);
    return {
      ...base,
      type: "table",
      props: {},
      children: [],
      content: {
        type: "tableContent",
        headerRows: v.has_column_header ? 1 : undefined,
        headerCols: v.has_row_header ? 1 : undefined,
        rows: rows.map((r) => ({ cells: (r.table_row?.cells ?? []).map((c: Json[]) => toInline(c)) })),
      },
    };
  }
  return { ...base, type: "notion", props: { json: JSON.stringify({ ...b, children: undefined }) }, children: [] };
}

// ---------- blocks: editor → Notion ----------

function colorOf(props: Json): string {
  if (props.backgroundColor && props.backgroundColor !== "default") return `${props.backgroundColor}_background`;
  if (props.textColor && props.textColor !== "default") return props.textColor;
  return "default";
}

/**
 * An editor block → the Notion body to create or update it with (without its children), or null
 * for an opaque block that is never sent. `uploads` maps a URL the editor shows for a file just
 * uploaded to its file upload id (the block then attaches the upload).
 */
export function toNotion(block: EBlock, extras: Extras, uploads: Map<string, string> = new Map()): NotionBody {
  const p = block.props ?? {};
  const extra = extras.get(block.id);
  if (block.type in TEXT_TYPES_BACK) {
    const type = TEXT_TYPES_BACK[block.type];
    const value: Json = { rich_text: toRich(block.content), color: colorOf(p) };
    if (type === "to_do") value.checked = !!p.checked;
    return { type, value };
  }
  if (block.type === "heading") {
    const level = Math.min(3, Math.max(1, Number(p.level) || 1));
    return { type: `heading_${level}`, value: { rich_text: toRich(block.content), color: colorOf(p), is_toggleable: !!p.isToggleable } };
  }
  if (block.type === "codeBlock") {
    const value: Json = { rich_text: toRich(inlineText(block.content)), language: p.language || "plain text" };
    if (extra?.type === "code" && extra.value.caption?.length) value.caption = toRich(toInline(extra.value.caption));
    return { type: "code", value };
  }
  if (block.type === "divider") return { type: "divider", value: {} };
  if (block.type === "callout") {
    const value: Json = { rich_text: toRich(block.content), color: colorOf(p) };
    const icon = parseJson(p.icon);
    // "null": no icon (removed); a Notion-hosted file is not sent back (it stays as the server has it).
    if (p.icon === "null") value.icon = null;
    else if (icon && icon.type !== "file") value.icon = icon;
    return { type: "callout", value };
  }
  if (block.type in { image: 1, video: 1, audio: 1, file: 1 }) return mediaBody(block, extra, uploads);
  if (block.type === "table") return tableBody(block);
  const json = parseJson(p.json) ?? { type: "unsupported", unsupported: {} };
  return { type: json.type, value: json[json.type] ?? {} };
}

function mediaBody(block: EBlock, extra: Extra | undefined, uploads: Map<string, string>): NotionBody {
  const p = block.props;
  const type = extra && MEDIA[extra.type] === block.type ? extra.type : block.type;
  const caption = toRich(p.caption ?? "");
  const url: string = p.url ?? "";
  const upload = uploads.get(url);
  const value: Json = { caption };
  if (upload) Object.assign(value, { type: "file_upload", file_upload: { id: upload } });
  else if (extra?.hosted?.includes(url)) value.type = "file"; // Notion's own file, unchanged: not sent back
  else Object.assign(value, { type: "external", external: { url } });
  if (type === "file" && p.name) value.name = p.name;
  return { type, value };
}

function tableBody(block: EBlock): NotionBody {
  const c = block.content ?? { rows: [] };
  const rows: Json[][][] = (c.rows ?? []).map((r: any) => (r.cells ?? []).map((cell: any) => toRich(Array.isArray(cell) ? cell : cell?.content)));
  const width = Math.max(1, ...rows.map((r) => r.length));
  const value: Json = { table_width: width, has_column_header: (c.headerRows ?? 0) > 0, has_row_header: (c.headerCols ?? 0) > 0 };
  return { type: "table", value, rows: rows.map((r) => [...r, ...Array.from({ length: width - r.length }, () => [])]) };
}

/** A Notion body as the append endpoint takes it (a table with its rows as children). */
export function createPayload(body: NotionBody): Json {
  const out: Json = { object: "block", type: body.type, [body.type]: { ...body.value } };
  if (body.rows) out[body.type].children = body.rows.map((cells) => ({ object: "block", type: "table_row", table_row: { cells } }));
  if (out[body.type].type === "file") delete out[body.type].type; // a Notion-hosted file cannot be sent back: the caller skips it
  return out;
}
