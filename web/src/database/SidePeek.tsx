/**
 * A row opened beside its view (Notion's default "side peek"; the Views API has no setting for how
 * rows open): its title, its properties with the table's editors (RowProperties.tsx) and its body
 * read with the block renderer, "Open as full page" and Close. A row title clicked inside a view
 * opens here (`usePeek`, peek-context.ts); a click with a modifier key still follows the link. Escape closes it and
 * focus goes back to the title that opened it.
 */
import { useEffect, useRef } from "react";
import type { Json } from "../api";
import { useApi } from "../context";
import { useLoad } from "../use-load";
import { Link, useHref } from "../router";
import { iconEmoji, plainText } from "../notion";
import { NotionBlocks } from "../blocks/NotionBlock";
import { RowProperties } from "./RowProperties";

export function SidePeek({ row, onRow, onClose }: { row: Json; onRow: (page: Json) => void; onClose: () => void }) {
  const api = useApi();
  const href = useHref("p", row.id);
  const box = useRef<HTMLElement>(null);
  // Whatever had focus when the peek opened (the title clicked) gets it back on close.
  const opener = useRef<Element | null>(null);
  const blocks = useLoad(() => api.all<Json>("GET", `/blocks/${row.id}/children`), [api, row.id]);
  const title = plainText(Object.values<Json>(row.properties ?? {}).find((v) => v?.type === "title")?.title) || "Untitled";

  useEffect(() => {
    opener.current = document.activeElement;
    box.current?.querySelector<HTMLElement>(".db-peek-close")?.focus();
    return () => {
      const from = opener.current;
      if (from instanceof HTMLElement && document.contains(from)) from.focus();
    };
  }, [row.id]);

  return (
    <aside
      ref={box}
      role="dialog"
      aria-label={title}
      className="db-peek"
      onKeyDown={(e) => {
        if (e.key === "Escape" && !e.defaultPrevented) {
          e.stopPropagation();
          onClose();
        }
      }}
    >
      <div className="db-peek-bar">
        <button type="button" className="db-peek-close db-icon-button" aria-label="Close" onClick={onClose}>
          <span aria-hidden="true">»</span>
        </button>
        <Link href={href} className="db-peek-open">
          Open as full page
        </Link>
      </div>
      <div className="db-peek-body">
        {iconEmoji(row) && (
          <div className="page-icon" aria-hidden="true">
            {iconEmoji(row)}
          </div>
        )}
        <h2 className="page-title db-peek-title">{title}</h2>
        <RowProperties page={row} onChange={onRow} />
        <hr className="db-peek-rule" />
        {blocks.error && (
          <p role="alert" className="db-error">
            {blocks.error.message}
          </p>
        )}
        {!blocks.data && !blocks.error && <p aria-busy="true">Loading…</p>}
        {blocks.data && (blocks.data.length ? <NotionBlocks blocks={blocks.data} pageId={row.id} /> : <p className="muted">This page is empty.</p>)}
      </div>
    </aside>
  );
}
