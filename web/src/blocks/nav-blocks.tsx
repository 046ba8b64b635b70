/** Blocks that point elsewhere: child page, child database, link to page, table of contents, breadcrumb, template button. */
import { useEffect, useState } from "react";
import type { Json } from "../api";
import { useApi } from "../context";
import { Link, useHref } from "../router";
import { plainText, titleOf } from "../notion";
import { RichText } from "./RichText";
import { blockAttrs, type BlockRenderer } from "./attrs";
import { NotionIcon } from "./Icon";
import { readObject, useObject } from "./objects";
import { useBlocksPage } from "./context";
import { colorClass, cx } from "./colors";
import { anchorOf } from "./links";

/** A page or database as a link inside the app: its icon and title (read once; the block's own title until then). */
function ObjectLink({ block, kind, id, title }: { block: Json; kind: "page" | "database"; id: string | undefined; title?: string }) {
  const base = useHref();
  const obj = useObject(kind, id);
  const name = obj ? titleOf(obj) : title || "Untitled";
  const body = (
    <>
      <NotionIcon icon={obj?.icon} fallback={kind === "page" ? "📄" : "🗂"} className="nt-page-link-icon" />
      <span className="nt-page-link-title">{name}</span>
    </>
  );
  return (
    <div {...blockAttrs(block)} className="nt-block nt-page-link">
      {id && obj !== null ? (
        <Link href={`${base}/${kind === "page" ? "p" : "d"}/${id}`}>{body}</Link>
      ) : (
        <span className="nt-page-link-unseen">{body}</span>
      )}
    </div>
  );
}

function ChildPage({ block }: { block: Json }) {
  return <ObjectLink block={block} kind="page" id={block.id} title={block.child_page?.title} />;
}

function ChildDatabase({ block }: { block: Json }) {
  return <ObjectLink block={block} kind="database" id={block.id} title={block.child_database?.title} />;
}

function LinkToPage({ block }: { block: Json }) {
  const v: Json = block.link_to_page ?? {};
  if (v.type === "database_id") return <ObjectLink block={block} kind="database" id={v.database_id} />;
  if (v.type === "page_id") return <ObjectLink block={block} kind="page" id={v.page_id} />;
  return (
    <div {...blockAttrs(block)} className="nt-block nt-page-link">
      <span className="nt-page-link-unseen">
        <span aria-hidden="true">💬</span> A comment
      </span>
    </div>
  );
}

const HEADING_LEVEL: Record<string, number> = { heading_1: 1, heading_2: 2, heading_3: 3, heading_4: 4 };

/** The page's headings, each linking to its anchor, indented by level (the page's top-level blocks, as Notion's table of contents lists them). */
function TableOfContents({ block }: { block: Json }) {
  const { blocks } = useBlocksPage();
  const headings = blocks.filter((b) => HEADING_LEVEL[b.type]);
  const top = Math.min(...headings.map((h) => HEADING_LEVEL[h.type]));
  return (
    <nav {...blockAttrs(block)} className={cx("nt-block", "nt-toc", colorClass(block.table_of_contents?.color))} aria-label="Table of contents">
      {headings.length === 0 ? (
        <p className="nt-toc-empty">Add headings to create a table of contents.</p>
      ) : (
        <ul>
          {headings.map((h) => (
            <li key={h.id} style={{ paddingInlineStart: `${(HEADING_LEVEL[h.type] - top) * 24}px` }}>
              <a href={`#${anchorOf(h.id)}`}>{plainText(h[h.type]?.rich_text) || "Untitled"}</a>
            </li>
          ))}
        </ul>
      )}
    </nav>
  );
}

interface Crumb {
  kind: "page" | "database";
  id: string;
  title: string;
  icon: Json | null;
}

/** The page's ancestors and the page itself, read through /v1 (each once), top first. */
function useAncestors(pageId: string | null): Crumb[] | null {
  const api = useApi();
  const [crumbs, setCrumbs] = useState<Crumb[] | null>(null);
  useEffect(() => {
    if (!pageId) return;
    let live = true;
    void (async () => {
      const out: Crumb[] = [];
      let next: { kind: "page" | "database" | "block" | "data_source"; id: string } | null = { kind: "page", id: pageId };
      for (let steps = 0; next && steps < 16; steps++) {
        const obj = await readObject(api, next.kind, next.id);
        if (!obj) break;
        if (next.kind === "page" || next.kind === "database") out.unshift({ kind: next.kind, id: obj.id, title: titleOf(obj), icon: obj.icon ?? null });
        const p: Json = obj.parent ?? {};
        next =
          p.type === "page_id" ? { kind: "page", id: p.page_id }
          : p.type === "database_id" ? { kind: "database", id: p.database_id }
          : p.type === "data_source_id" ? { kind: "database", id: p.database_id ?? p.data_source_id }
          : p.type === "block_id" ? { kind: "block", id: p.block_id }
          : null;
      }
      if (live) setCrumbs(out);
    })();
    return () => {
      live = false;
    };
  }, [api, pageId]);
  return crumbs;
}

function Breadcrumb({ block }: { block: Json }) {
  const { pageId } = useBlocksPage();
  const base = useHref();
  const crumbs = useAncestors(pageId);
  return (
    <nav {...blockAttrs(block)} className="nt-block nt-breadcrumb" aria-label="Breadcrumb">
      <ol>
        {(crumbs ?? []).map((c, i) => (
          <li key={c.id}>
            <Link href={`${base}/${c.kind === "page" ? "p" : "d"}/${c.id}`} aria-current={i === crumbs!.length - 1 ? "page" : undefined}>
              <NotionIcon icon={c.icon} fallback={c.kind === "page" ? "📄" : "🗂"} />
              {c.title}
            </Link>
          </li>
        ))}
      </ol>
    </nav>
  );
}

/** The deprecated template button: its label as Notion shows the button (the template's blocks are what a click would copy; Quire's app does not copy them). */
function Template({ block }: { block: Json }) {
  return (
    <div {...blockAttrs(block)} className="nt-block nt-template">
      <span className="nt-template-button" title="Template button (Notion no longer lets its API add these)">
        <span aria-hidden="true">＋</span> <RichText value={block.template?.rich_text} />
        {!block.template?.rich_text?.length && "Template button"}
      </span>
    </div>
  );
}

export const NAV_BLOCKS: Record<string, BlockRenderer> = {
  child_page: ChildPage,
  child_database: ChildDatabase,
  link_to_page: LinkToPage,
  table_of_contents: TableOfContents,
  breadcrumb: Breadcrumb,
  template: Template,
};
