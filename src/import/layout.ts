/**
 * The layout of Notion's "Markdown & CSV" export (notion.com/help/export-your-content): a page is
 * `Title <32 hex>.md`, its subpages and attachments in a folder `Title <32 hex>/` beside it; a
 * database is `Title <32 hex>.csv` (its default view) and `Title <32 hex>_all.csv` (every row),
 * its rows' pages in the folder `Title <32 hex>/`. The HTML export has the same layout with
 * `.html` pages; a database is a page holding a `collection-content` table, whose title cells link
 * its rows' pages (html.ts). Both are recognised by their files, even mixed. This module turns the
 * export's files into a tree of pages and databases; it neither reads zips nor calls the API.
 */
import { posix } from "node:path";
import type { ExportEntry } from "./zip.js";
import { notionHtmlPage } from "./html.js";

/** A page (or a database row's page) of the export. */
export interface ExportPage {
  kind: "page";
  /** Its folder's path, without extension: what links and children name it by. */
  key: string;
  title: string;
  /** The .md file's path and text (a database row listed only in its CSV has none). */
  path?: string;
  markdown?: string;
  parentKey?: string;
  /** From the HTML export: `markdown` is the body already (no title or property lines). */
  html?: boolean;
  /** What the HTML conversion could not map. */
  notes?: string[];
}

/** A database of the export: its CSV (the `_all.csv` one when present). */
export interface ExportDatabase {
  kind: "database";
  key: string;
  title: string;
  path: string;
  csv: string;
  parentKey?: string;
  /** From the HTML export: header and rows as cell texts (instead of `csv`). */
  table?: string[][];
}

export type ExportNode = ExportPage | ExportDatabase;

/** The export's nodes by key (parents before children) and its other files (attachments, read when uploaded). */
export interface ExportTree {
  nodes: Map<string, ExportNode>;
  attachments: Map<string, ExportEntry>;
}

const ID = / ?([0-9a-f]{32})$/;

/** A name without Notion's id suffix ("Road map 0123…" → "Road map"). */
export const stripId = (name: string): string => name.replace(ID, "") || name;

const decoder = new TextDecoder();

/** The tree of an unpacked export. */
export function exportTree(files: Map<string, ExportEntry>): ExportTree {
  const nodes = new Map<string, ExportNode>();
  const attachments = new Map<string, ExportEntry>();
  const csvs = new Map<string, { path: string; entry: ExportEntry; all: boolean }>();
  // HTML rows: a database table links its rows' pages; they are its rows wherever their files are.
  const rowParents = new Map<string, string>();
  for (const [path, entry] of files) {
    if (path.startsWith("__MACOSX/")) continue;
    if (path.endsWith(".md")) {
      const key = path.slice(0, -3);
      const markdown = decoder.decode(entry.read());
      nodes.set(key, { kind: "page", key, path, markdown, title: titleOf(markdown) ?? stripId(posix.basename(key)) });
    } else if (path.endsWith(".csv")) {
      const all = path.endsWith("_all.csv");
      const key = path.slice(0, all ? -8 : -4);
      const seen = csvs.get(key);
      if (!seen || (all && !seen.all)) csvs.set(key, { path, entry, all });
    } else if (path.toLowerCase().endsWith(".html")) {
      // Notion's HTML export; a top-level index.html (a table of contents some exports add) is not a page.
      if (/^index\.html$/i.test(path)) continue;
      const key = path.slice(0, -5);
      const page = notionHtmlPage(decoder.decode(entry.read()));
      const title = page.title ?? stripId(posix.basename(key));
      const rowsOf = (dbKey: string, links: (string | undefined)[]) => {
        for (const href of links) {
          if (!href || /^[a-z][a-z0-9+.-]*:/i.test(href)) continue;
          const target = posix.normalize(posix.join(posix.dirname(path), decodeSafe(href.split(/[?#]/)[0])));
          rowParents.set(target.replace(/\.html$/i, ""), dbKey);
        }
      };
      if (page.onlyDatabase && page.databases.length === 1) {
        // A full-page database's own file: the page is the database.
        const db = page.databases[0];
        nodes.set(key, { kind: "database", key, path, csv: "", table: [db.header, ...db.rows], title });
        rowsOf(key, db.rowLinks);
        continue;
      }
      nodes.set(key, { kind: "page", key, path, markdown: page.markdown, html: true, notes: page.notes, title });
      page.databases.forEach((db, i) => {
        const dbKey = `${key}#database-${i + 1}`;
        nodes.set(dbKey, { kind: "database", key: dbKey, path, csv: "", table: [db.header, ...db.rows], title: db.title ?? "Database", parentKey: key });
        rowsOf(dbKey, db.rowLinks);
      });
    } else attachments.set(path, entry);
  }
  for (const [key, { path, entry }] of csvs) nodes.set(key, { kind: "database", key, path, csv: decoder.decode(entry.read()), title: stripId(posix.basename(key)) });
  for (const node of nodes.values()) {
    const row = rowParents.get(node.key);
    if (row && node.kind === "page" && nodes.has(row)) node.parentKey = row;
    else if (node.parentKey === undefined) {
      const dir = posix.dirname(node.key);
      if (nodes.has(dir)) node.parentKey = dir;
    }
  }
  return { nodes: new Map([...nodes].sort(([a], [b]) => depth(a) - depth(b) || a.localeCompare(b))), attachments };
}

const depth = (key: string) => key.split("/").length;

const decodeSafe = (s: string) => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

/** The page's title: its first line, `# Title`. */
function titleOf(markdown: string): string | undefined {
  const first = markdown.replace(/^\uFEFF/, "").split(/\r?\n/, 1)[0];
  return first.startsWith("# ") ? first.slice(2).trim() : undefined;
}

/**
 * A page's body: without its `# Title` line and, for a database row, without the `Property: value`
 * lines Notion writes under the title.
 */
export function bodyOf(markdown: string, isRow: boolean): string {
  const lines = markdown.replace(/^\uFEFF/, "").split(/\r?\n/);
  if (lines[0]?.startsWith("# ")) lines.shift();
  while (lines.length && lines[0].trim() === "") lines.shift();
  if (isRow) {
    while (lines.length && /^[^:\n]{1,100}: /.test(lines[0])) lines.shift();
    while (lines.length && lines[0].trim() === "") lines.shift();
  }
  return lines.join("\n").trimEnd();
}
