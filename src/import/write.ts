/**
 * Writes an export's tree into Quire through the public API (@notionhq/client), as one integration
 * made for the import: every rule, index, event and permission of /v1 applies to what it makes.
 * Two passes: first every page, database and row (so every id is known), then each page's
 * content — Markdown through PATCH /v1/pages/{id}/markdown, attachments as file uploads — with
 * links between exported pages rewritten to the new pages' URLs.
 */
import { posix } from "node:path";
import type { Client } from "@notionhq/client";
import { bodyOf, type ExportDatabase, type ExportNode, type ExportPage, type ExportTree } from "./layout.js";
import { inferColumns, parseCsv, parseDateCell, parseNumberCell, splitMulti, type ColumnType } from "./csv.js";

/** What could not be mapped, one line per thing. */
export interface Problem {
  path: string;
  message: string;
}

/** The import's outcome (also written as JSON). */
export interface ImportReport {
  root_page_id: string;
  pages: number;
  databases: number;
  rows: number;
  files: number;
  problems: Problem[];
}

/** Called after each step: steps done, steps in all, what was just done. */
export type Progress = (done: number, total: number, label: string) => void;

interface Made {
  id: string;
  url: string;
}

/** A piece of a page's body in order: Markdown, or an attachment file to upload as a block. */
type Segment = { markdown: string } | { file: string; image: boolean };

const RICH_TEXT_MAX = 2000;
const IMAGE = /\.(png|jpe?g|gif|webp|svg|bmp|heic)$/i;
const TYPES: Record<string, string> = { png: "image/png", jpg: "image/jpeg", jpeg: "image/jpeg", gif: "image/gif", webp: "image/webp", svg: "image/svg+xml", pdf: "application/pdf", txt: "text/plain", csv: "text/csv", json: "application/json", zip: "application/zip" };

/** Imports the tree under the page `rootId`; problems are collected, not thrown. */
export async function writeExport(notion: Client, tree: ExportTree, rootId: string, progress: Progress = () => {}): Promise<ImportReport> {
  const w = new Writer(notion, tree, rootId, progress);
  await w.run();
  return w.report;
}

class Writer {
  readonly made = new Map<string, Made>();
  readonly report: ImportReport;
  private done = 0;
  private readonly total: number;

  constructor(
    private readonly notion: Client,
    private readonly tree: ExportTree,
    rootId: string,
    private readonly progress: Progress,
  ) {
    this.report = { root_page_id: rootId, pages: 0, databases: 0, rows: 0, files: 0, problems: [] };
    const nodes = [...tree.nodes.values()];
    this.total = nodes.length + nodes.filter((n) => n.kind === "page" && n.markdown).length;
  }

  private step(label: string) {
    this.progress(++this.done, this.total, label);
  }

  private problem(path: string, message: string) {
    this.report.problems.push({ path, message });
  }

  private isRow = (n: ExportNode) => n.parentKey !== undefined && this.tree.nodes.get(n.parentKey)?.kind === "database";

  async run() {
    for (const node of this.tree.nodes.values()) {
      if (node.kind === "database") await this.database(node);
      else if (!this.isRow(node)) await this.page(node);
    }
    for (const node of this.tree.nodes.values()) if (node.kind === "page" && node.markdown !== undefined) await this.content(node);
  }

  private parentOf(node: ExportNode): string {
    return (node.parentKey && this.made.get(node.parentKey)?.id) || this.report.root_page_id;
  }

  private async page(node: ExportPage) {
    const page = (await this.notion.pages.create({ parent: { page_id: this.parentOf(node) }, properties: { title: { title: text(node.title) } } })) as Made;
    this.made.set(node.key, page);
    this.report.pages += 1;
    this.step(node.title);
  }

  private async database(node: ExportDatabase) {
    const [header = ["Name"], ...rows] = node.table ?? parseCsv(node.csv);
    const columns = inferColumns(header.map((h, i) => h.trim() || (i === 0 ? "Name" : `Column ${i + 1}`)), rows);
    for (const c of columns) if (c.note) this.problem(node.path, c.note);
    const properties = Object.fromEntries(columns.map((c) => [c.name, schemaOf(c)]));
    const db = (await this.notion.databases.create({ parent: { type: "page_id", page_id: this.parentOf(node) }, title: text(node.title), initial_data_source: { properties } } as never)) as unknown as Made & { data_sources: { id: string }[] };
    this.made.set(node.key, db);
    this.report.databases += 1;
    this.step(node.title);
    const pagesByTitle = this.rowPages(node.key);
    for (const row of rows) {
      const title = row[0] ?? "";
      const md = pagesByTitle.get(title)?.shift();
      await this.row(db.data_sources[0].id, columns, row, md ?? { kind: "page", key: `${node.key}/${title}`, title, parentKey: node.key });
    }
    // Row pages the CSV does not list (an export with only the default view's CSV): title only.
    for (const left of pagesByTitle.values()) for (const md of left) await this.row(db.data_sources[0].id, columns, [md.title], md);
  }

  /** The row pages (.md files in the database's folder), by title. */
  private rowPages(dbKey: string): Map<string, ExportPage[]> {
    const out = new Map<string, ExportPage[]>();
    for (const n of this.tree.nodes.values()) if (n.kind === "page" && n.parentKey === dbKey) out.set(n.title, [...(out.get(n.title) ?? []), n]);
    return out;
  }

  private async row(dataSourceId: string, columns: ColumnType[], cells: string[], node: ExportPage) {
    const properties: Record<string, unknown> = {};
    columns.forEach((c, i) => {
      const value = valueOf(c, (cells[i] ?? "").trim());
      if (value !== undefined) properties[c.name] = value;
    });
    const page = (await this.notion.pages.create({ parent: { type: "data_source_id", data_source_id: dataSourceId }, properties } as never)) as Made;
    this.made.set(node.key, page);
    this.report.rows += 1;
    this.step(node.title);
  }

  private async content(node: ExportPage) {
    const page = this.made.get(node.key)!;
    try {
      const segments = this.segments(node);
      // Each piece goes to the start of the page, last piece first: the content ends up in order
      // and above the subpages the first pass made.
      for (const s of segments.reverse()) {
        if ("markdown" in s) await this.notion.pages.updateMarkdown({ page_id: page.id, type: "insert_content", insert_content: { content: s.markdown, position: { type: "start" } } } as never);
        else await this.attach(page.id, s.file, s.image);
      }
    } catch (e) {
      this.problem(node.path!, `content not imported: ${(e as Error).message}`);
    }
    this.step(node.title);
  }

  /** The page's body cut at attachment lines, its links rewritten. */
  private segments(node: ExportPage): Segment[] {
    const dir = posix.dirname(node.path!);
    const out: Segment[] = [];
    let lines: string[] = [];
    const flush = () => {
      const markdown = lines.join("\n").trim();
      if (markdown) out.push({ markdown });
      lines = [];
    };
    for (const note of node.notes ?? []) this.problem(node.path!, note);
    for (const line of (node.html ? node.markdown! : bodyOf(node.markdown!, this.isRow(node))).split("\n")) {
      const whole = /^\s*(!?)\[([^\]]*)\]\(([^)]+)\)\s*$/.exec(line);
      const target = whole ? this.resolve(dir, whole[3]) : undefined;
      if (whole && target?.startsWith("file:")) {
        flush();
        const file = target.slice(5);
        out.push({ file, image: whole[1] === "!" || IMAGE.test(file) });
        continue;
      }
      // A subpage or database in the folder below already has its block from the first pass.
      if (whole && target && this.tree.nodes.get(target)?.parentKey === node.key) continue;
      lines.push(this.rewriteLinks(node, dir, line));
    }
    flush();
    return out;
  }

  /** Links to exported pages point at the new pages; links into the export that lead nowhere become text. */
  private rewriteLinks(node: ExportPage, dir: string, line: string): string {
    return line.replace(/(!?)\[([^\]]*)\]\(([^)\s]+)\)/g, (all, bang: string, label: string, href: string) => {
      const target = this.resolve(dir, href);
      if (target === undefined) return all;
      if (target.startsWith("file:")) {
        this.problem(node.path!, `attachment ${target.slice(5)} is linked inside a line of text: kept as its name`);
        return label;
      }
      const made = this.made.get(target);
      if (made) return `${bang}[${label}](${made.url})`;
      this.problem(node.path!, `link to "${decodeSafe(href)}", which is not in the export: kept as text`);
      return label;
    });
  }

  /**
   * What a link points at: a node's key, `file:<path>` for an attachment, "" for a relative link
   * into nothing, undefined for a link out of the export (kept as it is).
   */
  private resolve(dir: string, href: string): string | undefined {
    const notion = /^https:\/\/www\.notion\.so\/\S*?([0-9a-f]{32})(?:[?#]\S*)?$/.exec(href);
    if (notion) return [...this.tree.nodes.keys()].find((k) => k.endsWith(notion[1]));
    if (/^[a-z][a-z0-9+.-]*:|^#/i.test(href)) return undefined;
    const path = posix.normalize(posix.join(dir, decodeSafe(href)));
    if (this.tree.attachments.has(path)) return `file:${path}`;
    const key = path.replace(/(_all)?\.csv$|\.md$|\.html$/i, "");
    return this.tree.nodes.has(key) ? key : "";
  }

  private async attach(pageId: string, path: string, image: boolean) {
    const filename = posix.basename(path);
    const contentType = TYPES[filename.split(".").pop()!.toLowerCase()] ?? "application/octet-stream";
    try {
      // Read (inflated from the zip) only now, one attachment at a time.
      const bytes = this.tree.attachments.get(path)!.read();
      const upload = await this.notion.fileUploads.create({ mode: "single_part", filename, content_type: contentType });
      await this.notion.fileUploads.send({ file_upload_id: upload.id, file: { filename, data: new Blob([bytes as BlobPart], { type: contentType }) } });
      const type = image ? "image" : "file";
      await this.notion.blocks.children.append({ block_id: pageId, children: [{ type, [type]: { type: "file_upload", file_upload: { id: upload.id } } }], position: { type: "start" } } as never);
      this.report.files += 1;
    } catch (e) {
      this.problem(path, `attachment not uploaded: ${(e as Error).message}`);
    }
  }
}

const decodeSafe = (s: string) => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

/** Rich text of any length, in pieces of Notion's 2,000-character limit. */
function text(content: string) {
  const parts = [];
  for (let i = 0; i < content.length; i += RICH_TEXT_MAX) parts.push({ type: "text" as const, text: { content: content.slice(i, i + RICH_TEXT_MAX) } });
  return parts;
}

function schemaOf(c: ColumnType): unknown {
  if (c.type === "select" || c.type === "multi_select") return { [c.type]: { options: [] } };
  return { [c.type]: {} };
}

/** A cell as a property value of its column's type (undefined when empty). */
function valueOf(c: ColumnType, cell: string): unknown {
  if (c.type === "title") return { title: text(cell) };
  if (cell === "") return undefined;
  switch (c.type) {
    case "rich_text":
      return { rich_text: text(cell) };
    case "number":
      return { number: parseNumberCell(cell) };
    case "checkbox":
      return { checkbox: cell === "Yes" };
    case "date":
      return { date: parseDateCell(cell) };
    case "url":
      return { url: cell };
    case "email":
      return { email: cell };
    case "select":
      return { select: { name: cell } };
    case "multi_select":
      return { multi_select: splitMulti(cell).map((name) => ({ name })) };
  }
}
