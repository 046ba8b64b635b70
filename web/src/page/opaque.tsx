/**
 * How the editor shows a Notion block (or inline item) it does not edit: the one place that calls
 * the block renderer (web/src/blocks/: `NotionBlock`, `RichTextItem`), inside a box the editor
 * moves and deletes whole.
 */
import type { Json } from "../api";
import { appPathname } from "../base";
import { BlocksPageContext, NotionBlock } from "../blocks";
import { RichTextItem } from "../blocks/RichText";
import { parseJson } from "./mapping";

/** The page in the address (`/w/<ws>/p/<id>`): a breadcrumb block names its ancestors from it. */
function pageInAddress(): string | null {
  const parts = appPathname().split("/");
  return parts[3] === "p" && parts[4] ? parts[4] : null;
}

/** A non-editable Notion block inside the editor. */
export function OpaqueBlock({ json }: { json: string }) {
  const b = parseJson(json);
  if (!b) return <div className="opaque-block">Unsupported block</div>;
  return (
    <div className="opaque-block" contentEditable={false} data-notion-type={b.type}>
      <BlocksPageContext.Provider value={{ pageId: pageInAddress(), blocks: [] }}>
        <NotionBlock block={b} />
      </BlocksPageContext.Provider>
    </div>
  );
}

/** A mention or an inline equation inside text. */
export function OpaqueInline({ json }: { json: string }) {
  const t = parseJson(json);
  if (!t) return null;
  return <RichTextItem item={t} />;
}
