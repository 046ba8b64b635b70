/** Blocks that arrange others: table, column list and columns, synced block, tabs, meeting notes. */
import { useId, useState, type KeyboardEvent, type ReactNode } from "react";
import { NotionBlocks } from "./NotionBlock";
import type { Json } from "../api";
import { RichText } from "./RichText";
import { BlockChildren, useChildren } from "./children";
import { blockAttrs, type BlockRenderer } from "./attrs";
import { NotionIcon } from "./Icon";
import { cx } from "./colors";

/** A table: its rows are its children (`table_row`), the first row and/or column as headers when the table says so. */
function Table({ block }: { block: Json }) {
  const v: Json = block.table ?? {};
  const { children: rows, error } = useChildren(block);
  const width: number = v.table_width ?? 1;
  if (error) return <p role="alert">Could not load this table: {error.message}</p>;
  if (!rows) return <div {...blockAttrs(block)} className="nt-block nt-loading" aria-busy="true" />;
  const head = v.has_column_header && rows.length ? rows[0] : null;
  const body = head ? rows.slice(1) : rows;
  const cellsOf = (row: Json): Json[][] => {
    const cells: Json[][] = row.table_row?.cells ?? [];
    return Array.from({ length: width }, (_, i) => cells[i] ?? []);
  };
  return (
    <div {...blockAttrs(block)} className="nt-block nt-table-wrap">
      <table className={cx("nt-table", v.has_column_header && "nt-table-col-header", v.has_row_header && "nt-table-row-header")}>
        {head && (
          <thead>
            <tr data-block-id={head.id}>
              {cellsOf(head).map((c, i) => (
                <th key={i} scope="col">
                  <RichText value={c} />
                </th>
              ))}
            </tr>
          </thead>
        )}
        <tbody>
          {body.map((row) => (
            <tr key={row.id} data-block-id={row.id}>
              {cellsOf(row).map((c, i) =>
                i === 0 && v.has_row_header ? (
                  <th key={i} scope="row">
                    <RichText value={c} />
                  </th>
                ) : (
                  <td key={i}>
                    <RichText value={c} />
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Columns side by side, each as wide as its `width_ratio` (equal when unset); stacked on a narrow screen (blocks.css). */
function ColumnList({ block }: { block: Json }) {
  const { children: columns, error } = useChildren(block);
  if (error) return <p role="alert">Could not load these columns: {error.message}</p>;
  if (!columns) return <div {...blockAttrs(block)} className="nt-block nt-loading" aria-busy="true" />;
  const ratios = columns.map((c) => (typeof c.column?.width_ratio === "number" && c.column.width_ratio > 0 ? c.column.width_ratio : 1 / columns.length));
  return (
    <div {...blockAttrs(block)} className="nt-block nt-column-list">
      {columns.map((c, i) => (
        <div key={c.id} {...blockAttrs(c)} className="nt-column" style={{ flexGrow: ratios[i], flexBasis: 0 }}>
          <BlockChildren block={c} indent={false} />
        </div>
      ))}
    </div>
  );
}

/** A column shown alone (outside its list): its content. */
function Column({ block }: { block: Json }) {
  return (
    <div {...blockAttrs(block)} className="nt-column">
      <BlockChildren block={block} indent={false} />
    </div>
  );
}

/** A synced block: the original's content, or for a reference the original's content as the API lists it (outlined like Notion's). */
function Synced({ block }: { block: Json }) {
  const from = block.synced_block?.synced_from;
  return (
    <div {...blockAttrs(block)} className={cx("nt-block", "nt-synced", from ? "nt-synced-reference" : "nt-synced-original")} data-synced-from={from?.block_id}>
      <span className="visually-hidden">{from ? "Synced content (a copy)" : "Synced content (original)"}</span>
      {block.has_children || block.children?.length ? <BlockChildren block={block} indent={false} /> : from ? <p className="nt-missing">The original of this synced block is not shared with you.</p> : null}
    </div>
  );
}

/** Tabs: each child paragraph is a tab (its text the label, its children the panel). */
function Tabs({ block }: { block: Json }) {
  const { children: tabs, error } = useChildren(block);
  if (error) return <p role="alert">Could not load these tabs: {error.message}</p>;
  if (!tabs) return <div {...blockAttrs(block)} className="nt-block nt-loading" aria-busy="true" />;
  if (!tabs.length) return null;
  return (
    <div {...blockAttrs(block)} className="nt-block nt-tabs">
      <TabSet
        tabs={tabs.map((t, i) => {
          const v: Json = t[t.type] ?? {};
          const label = (
            <>
              {v.icon && <NotionIcon icon={v.icon} />}
              <RichText value={v.rich_text} />
              {!v.rich_text?.length && `Tab ${i + 1}`}
            </>
          );
          return { block: t, label };
        })}
      />
    </div>
  );
}

/** A tab list (arrow keys move between tabs) and the panel of the selected tab: that block's children. */
function TabSet({ tabs }: { tabs: { block: Json; label: ReactNode }[] }) {
  const [selected, setSelected] = useState(0);
  const base = useId();
  const key = (e: KeyboardEvent) => {
    const move = e.key === "ArrowRight" ? 1 : e.key === "ArrowLeft" ? -1 : 0;
    if (!move) return;
    e.preventDefault();
    const next = (selected + move + tabs.length) % tabs.length;
    setSelected(next);
    document.getElementById(`${base}-tab-${next}`)?.focus();
  };
  const current = tabs[Math.min(selected, tabs.length - 1)].block;
  return (
    <>
      <div role="tablist" className="nt-tablist" onKeyDown={key}>
        {tabs.map((t, i) => (
          <button key={t.block.id ?? i} type="button" role="tab" id={`${base}-tab-${i}`} aria-selected={i === selected} aria-controls={`${base}-panel`} tabIndex={i === selected ? 0 : -1} className="nt-tab" onClick={() => setSelected(i)}>
            {t.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`${base}-panel`} aria-labelledby={`${base}-tab-${selected}`} className="nt-tabpanel" tabIndex={0}>
        <BlockChildren key={current.id} block={current} indent={false} />
        {!current.has_children && !current.children?.length && <p className="nt-empty-toggle">Nothing here yet.</p>}
      </div>
    </>
  );
}

const MEETING_STATUS: Record<string, string> = {
  transcription_not_started: "Not started",
  transcription_paused: "Paused",
  transcription_in_progress: "Transcribing",
  transcription_failed: "Transcription failed",
  summary_in_progress: "Summarizing",
  notes_ready: "Notes ready",
};

const MEETING_TABS: Record<string, string> = { summary: "Summary", notes: "Notes", transcript: "Transcript" };

/**
 * AI meeting notes (`meeting_notes`, formerly `transcription`): the title, the status, and its
 * three tabs as Notion shows them — Summary, Notes, Transcript (blocks Notion names only by id,
 * listed by the API as `unsupported` with the tab in `block_type`).
 */
function MeetingNotes({ block }: { block: Json }) {
  const v: Json = block[block.type] ?? {};
  const { children, error } = useChildren(block);
  const tabs = (children ?? []).filter((c) => c.type === "unsupported" && MEETING_TABS[c.unsupported?.block_type]);
  const others = (children ?? []).filter((c) => !tabs.includes(c));
  return (
    <section {...blockAttrs(block)} className="nt-block nt-meeting-notes" aria-label="Meeting notes">
      <div className="nt-meeting-head">
        <span aria-hidden="true">🎙</span> <strong>{v.title?.length ? <RichText value={v.title} /> : "Meeting notes"}</strong>
        {v.status && <span className="nt-meeting-status">{MEETING_STATUS[v.status] ?? v.status}</span>}
      </div>
      {error && <p role="alert">Could not load these notes: {error.message}</p>}
      {tabs.length > 0 && <TabSet tabs={tabs.map((t) => ({ block: t, label: MEETING_TABS[t.unsupported.block_type] }))} />}
      {others.length > 0 && <NotionBlocks blocks={others} />}
    </section>
  );
}

export const LAYOUT_BLOCKS: Record<string, BlockRenderer> = {
  table: Table,
  column_list: ColumnList,
  column: Column,
  synced_block: Synced,
  tab: Tabs,
  meeting_notes: MeetingNotes,
  transcription: MeetingNotes,
};
