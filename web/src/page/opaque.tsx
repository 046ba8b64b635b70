/**
 * How the editor shows a Notion block (or inline item) it does not edit: the one place that calls
 * the block renderer. Until h16-blocks' `NotionBlock` (web/src/blocks/) lands this is a minimal
 * rendering: a labelled box with the block's text, a child page or database as a link.
 */
import type { Json } from "../api";
import { parseJson } from "./mapping";

const LABELS: Record<string, string> = {
  equation: "Equation",
  bookmark: "Bookmark",
  embed: "Embed",
  link_preview: "Link preview",
  child_page: "Page",
  child_database: "Database",
  synced_block: "Synced block",
  column_list: "Columns",
  table_of_contents: "Table of contents",
  breadcrumb: "Breadcrumb",
  template: "Template",
  link_to_page: "Link to page",
  unsupported: "Unsupported block",
};

function textOf(b: Json): string {
  const v = b[b.type] ?? {};
  if (b.type === "equation") return v.expression ?? "";
  if (b.type === "child_page" || b.type === "child_database") return v.title ?? "";
  if (v.url) return v.url;
  return (v.rich_text ?? v.caption ?? []).map((t: Json) => t.plain_text ?? "").join("");
}

/** A non-editable Notion block inside the editor. */
export function OpaqueBlock({ json }: { json: string }) {
  const b = parseJson(json);
  if (!b) return <div className="opaque-block">Unsupported block</div>;
  const text = textOf(b);
  const base = location.pathname.split("/").slice(0, 3).join("/");
  const link = b.type === "child_page" ? `${base}/p/${b.id}` : b.type === "child_database" ? `${base}/d/${b.id}` : null;
  return (
    <div className="opaque-block" contentEditable={false} data-notion-type={b.type}>
      <span className="opaque-label">{LABELS[b.type] ?? b.type}</span>{" "}
      {link ? <a href={link}>{text || "Untitled"}</a> : b.type === "bookmark" || b.type === "embed" ? <a href={text} rel="noreferrer noopener" target="_blank">{text}</a> : <span>{text}</span>}
    </div>
  );
}

/** A mention or an inline equation inside text. */
export function OpaqueInline({ json }: { json: string }) {
  const t = parseJson(json);
  const text = t?.plain_text ?? "";
  if (t?.type === "mention" && t.href) return <a className="mention" href={t.href}>{text}</a>;
  return <span className={t?.type === "equation" ? "inline-equation" : "mention"}>{text}</span>;
}
