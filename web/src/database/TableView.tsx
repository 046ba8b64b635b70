/**
 * The table layout: the view's shown properties as columns in its order and widths, every cell
 * editable in place, "+ New" at the foot. A column header dragged onto another moves it there; its
 * right edge dragged (or focused and moved with ←/→) sets its width; its menu has "Move left/right"
 * — each saved into the view's `configuration.properties` (`PATCH /v1/views/:id`).
 *
 * Windowed: of the rows loaded, only those in sight plus a margin are in the page (`useRowWindow`);
 * the rest are spacer rows of their height, so the scroll bar, "Load more" and the page's height
 * are as if every row were there. The row holding focus (a cell or its open editor) stays in the
 * page wherever it is scrolled; ↑/↓ on a cell move focus to the row above/below, drawing it first.
 */
import { useCallback, useEffect, useLayoutEffect, useRef, useState, type CSSProperties, type KeyboardEvent, type ReactNode, type RefObject } from "react";
import type { Json } from "../api";
import { EditableCell } from "./CellEditor";
import { AddProperty, PropertyHeader } from "./PropertyMenu";
import { columnsOf, configurationOf, MIN_COLUMN_WIDTH, moveBefore, moveColumn, resizeColumn, type Column } from "./columns";
import type { Prop, View } from "./model";
import type { RowPages } from "./use-rows";

export interface LayoutProps {
  props: Prop[];
  view: View;
  rows: Json[];
  dataSourceId: string;
  /** A row written: its new page object replaces the old. */
  onRow: (page: Json) => void;
  /** The schema changed: the data source's new object. */
  onSchema: (ds: Json) => void;
  /** Makes a row with these property values (`properties` of a create request). */
  newRow: (properties?: Json) => Promise<Json | null>;
  /** The row just made, whose title opens for editing. */
  fresh: string | null;
  clearFresh: () => void;
  /** Saves the view's `configuration` (absent for the default table, which has no view to save). */
  configure?: (configuration: Json) => Promise<void>;
  /** How many rows the view has (for `aria-rowcount`); absent or a lower bound: not known. */
  total?: RowPages["total"];
  /** Changes when the view's rows must be read again (its filter, sorts or schema changed). */
  rowsKey?: string;
  /** For a layout that reads its own rows (`OWN_ROWS`): merges a page of them into `rows`. */
  merge?: (found: Json[]) => void;
}

/** A column's width as a style for its header and cells (none: the stylesheet's default). */
const widthStyle = (w: number | undefined): CSSProperties | undefined => (w === undefined ? undefined : { width: w, minWidth: w, maxWidth: w });

/** A row's height before one is measured (px), and the rows drawn beyond the window's edges. */
const ROW_GUESS = 34;
const MARGIN = 15;
/** The window moves in steps of this many rows (fewer renders while scrolling). */
const STEP = 10;

/**
 * Which rows of `count` to draw: those whose place (`index × height` below the body's top) is in the
 * browser's window, plus `MARGIN` each side. Follows every scroll (of the page or any scroller around
 * the table) and resize; the row height is the drawn rows' average.
 */
function useRowWindow(body: RefObject<HTMLTableSectionElement | null>, count: number) {
  const [win, setWin] = useState({ from: 0, to: Math.min(count, 60) });
  const height = useRef(ROW_GUESS);
  const measure = useCallback(() => {
    const el = body.current;
    if (!el) return;
    const drawn = el.querySelectorAll<HTMLElement>("tr[data-index]");
    if (drawn.length) {
      let sum = 0;
      drawn.forEach((tr) => (sum += tr.getBoundingClientRect().height));
      height.current = Math.max(16, sum / drawn.length);
    }
    const top = el.getBoundingClientRect().top;
    const h = height.current;
    const from = Math.max(0, Math.floor((Math.floor(-top / h) - MARGIN) / STEP) * STEP);
    const to = Math.min(count, Math.ceil((Math.ceil((window.innerHeight - top) / h) + MARGIN) / STEP) * STEP);
    setWin((w) => (w.from === from && w.to === Math.max(from, to) ? w : { from, to: Math.max(from, to) }));
  }, [body, count]);

  useLayoutEffect(measure, [measure]);
  useEffect(() => {
    let frame = 0;
    const later = () => {
      if (!frame) frame = requestAnimationFrame(() => ((frame = 0), measure()));
    };
    document.addEventListener("scroll", later, { capture: true, passive: true });
    window.addEventListener("resize", later);
    return () => {
      cancelAnimationFrame(frame);
      document.removeEventListener("scroll", later, { capture: true });
      window.removeEventListener("resize", later);
    };
  }, [measure]);
  return { ...win, height: height.current };
}

export function TableView({ props, view, rows, dataSourceId, onRow, onSchema, newRow, fresh, clearFresh, configure, total }: LayoutProps) {
  const saved = columnsOf(props, view);
  // While a column is being resized or a change is on its way, the screen shows it ahead of the view.
  const [pending, setPending] = useState<Column[] | null>(null);
  const all = pending ?? saved;
  const columns = all.filter((c) => c.visible);
  const [dragging, setDragging] = useState<string | null>(null);

  const save = (next: Column[] | null) => {
    if (!next || !configure) return;
    setPending(next);
    void configure(configurationOf(view, next)).finally(() => setPending(null));
  };

  const body = useRef<HTMLTableSectionElement>(null);
  const win = useRowWindow(body, rows.length);
  // The row holding focus stays drawn (its cell, or the editor open in it, would otherwise vanish).
  const [held, setHeld] = useState<string | null>(null);
  // A cell to focus once its row is drawn (↑/↓ to a row outside the window).
  const [goTo, setGoTo] = useState<{ index: number; cell: number } | null>(null);
  // The new row's title opens for editing: it is drawn wherever it is.
  const keep = new Set<number>();
  for (const id of [held, fresh]) {
    const i = id ? rows.findIndex((r) => r.id === id) : -1;
    if (i >= 0) keep.add(i);
  }
  if (goTo && goTo.index < rows.length) keep.add(goTo.index);

  useLayoutEffect(() => {
    if (!goTo) return;
    const tr = body.current?.querySelector<HTMLElement>(`tr[data-index="${goTo.index}"]`);
    const target = tr?.children[goTo.cell]?.querySelector<HTMLElement>("button, input, a");
    if (!target) return;
    target.focus({ preventScroll: true });
    tr!.scrollIntoView({ block: "nearest" });
    setGoTo(null);
  }, [goTo]);

  const onKey = (e: KeyboardEvent) => {
    if (e.key !== "ArrowDown" && e.key !== "ArrowUp") return;
    const el = e.target as HTMLElement;
    if (el.closest(".db-popover") || (el.tagName === "INPUT" && (el as HTMLInputElement).type !== "checkbox")) return;
    const td = el.closest("td");
    const tr = td?.parentElement;
    const index = Number(tr?.getAttribute("data-index"));
    if (!td || !tr || Number.isNaN(index)) return;
    const next = index + (e.key === "ArrowDown" ? 1 : -1);
    if (next < 0 || next >= rows.length) return;
    e.preventDefault();
    setHeld(rows[next].id);
    setGoTo({ index: next, cell: Array.prototype.indexOf.call(tr.children, td) });
  };

  const width = columns.length + 1;
  const spacer = (key: string, n: number) =>
    n > 0 && (
      <tr key={key} className="db-spacer" aria-hidden="true">
        <td colSpan={width} style={{ height: n * win.height }} />
      </tr>
    );
  const drawn: ReactNode[] = [];
  // The window as last measured, within the rows there are now (fewer after a filter, until it is measured again).
  const to = Math.min(win.to, rows.length);
  const from = Math.min(win.from, to);
  const indices = [...Array.from({ length: to - from }, (_, k) => from + k), ...[...keep].filter((i) => i < from || i >= to)].sort((a, b) => a - b);
  let at = 0;
  for (const i of indices) {
    drawn.push(spacer(`gap-${i}`, i - at));
    const row = rows[i];
    drawn.push(
      <tr key={row.id} data-index={i} aria-rowindex={i + 2}>
        {columns.map(({ prop: p, width }) => (
          <td key={p.id} className={`db-col-${p.type}`} style={widthStyle(width)}>
            <EditableCell row={row} prop={p} onSaved={onRow} autoEdit={p.type === "title" && fresh === row.id} onEditDone={p.type === "title" && fresh === row.id ? clearFresh : undefined} />
          </td>
        ))}
        <td className="db-col-add" />
      </tr>,
    );
    at = i + 1;
  }
  drawn.push(spacer("gap-end", rows.length - at));
  const rowCount = total && !total.atLeast ? Math.max(total.count, rows.length) + 1 : -1;

  return (
    <div className="db-table-wrap">
      <table className="db-table" aria-rowcount={rowCount} data-loaded={rows.length}>
        <thead>
          <tr aria-rowindex={1}>
            {columns.map((c, i) => (
              <th
                key={c.prop.id}
                scope="col"
                className={`db-col-${c.prop.type}${dragging === c.prop.id ? " dragging" : ""}`}
                style={widthStyle(c.width)}
                draggable={!!configure}
                onDragStart={(e) => {
                  e.dataTransfer.setData("application/x-quire-column", c.prop.id);
                  e.dataTransfer.effectAllowed = "move";
                  setDragging(c.prop.id);
                }}
                onDragEnd={() => setDragging(null)}
                onDragOver={(e) => dragging && e.preventDefault()}
                onDrop={(e) => {
                  e.preventDefault();
                  const id = e.dataTransfer.getData("application/x-quire-column") || dragging;
                  setDragging(null);
                  if (!id) return;
                  const from = columns.findIndex((x) => x.prop.id === id);
                  save(moveBefore(all, id, c.prop.id, from < i));
                }}
              >
                <PropertyHeader
                  prop={c.prop}
                  dataSourceId={dataSourceId}
                  onChanged={onSchema}
                  onMove={configure ? { left: i > 0, right: i < columns.length - 1, move: (d) => save(moveColumn(all, c.prop.id, d)) } : undefined}
                />
                {configure && <ResizeHandle column={c} onResize={(w) => setPending(resizeColumn(all, c.prop.id, w))} onDone={(w) => save(resizeColumn(all, c.prop.id, w))} />}
              </th>
            ))}
            <th scope="col" className="db-col-add">
              <AddProperty dataSourceId={dataSourceId} onChanged={onSchema} />
            </th>
          </tr>
        </thead>
        <tbody
          ref={body}
          onKeyDown={onKey}
          onFocus={(e) => {
            const id = rows[Number((e.target as HTMLElement).closest("tr")?.getAttribute("data-index"))]?.id;
            if (id && id !== held) setHeld(id);
          }}
        >
          {drawn}
        </tbody>
      </table>
      <button type="button" className="db-new-row" onClick={() => void newRow()}>
        <span aria-hidden="true">+</span> New
      </button>
    </div>
  );
}

/** A column's right edge: drag it, or focus it and press ←/→ (16 px a step), to set the width (also a timeline table's). */
export function ResizeHandle({ column, onResize, onDone, defaultWidth }: { column: Column; onResize: (w: number) => void; onDone: (w: number) => void; defaultWidth?: number }) {
  const name = column.prop.name;
  const current = (el: Element) => column.width ?? Math.round(el.parentElement?.getBoundingClientRect().width ?? 140);
  return (
    <span
      role="separator"
      aria-orientation="vertical"
      aria-label={`Width of ${name}`}
      aria-valuemin={MIN_COLUMN_WIDTH}
      aria-valuenow={column.width ?? defaultWidth ?? (column.prop.type === "title" ? 240 : 140)}
      tabIndex={0}
      className="db-col-resize"
      draggable={false}
      onDragStart={(e) => {
        e.preventDefault();
        e.stopPropagation();
      }}
      onPointerDown={(e) => {
        e.preventDefault();
        e.stopPropagation();
        const start = e.clientX;
        const from = current(e.currentTarget);
        const el = e.currentTarget;
        el.setPointerCapture(e.pointerId);
        let last = from;
        const move = (m: PointerEvent) => {
          last = Math.max(MIN_COLUMN_WIDTH, from + m.clientX - start);
          onResize(last);
        };
        const up = () => {
          el.removeEventListener("pointermove", move);
          el.removeEventListener("pointerup", up);
          if (last !== from) onDone(last);
        };
        el.addEventListener("pointermove", move);
        el.addEventListener("pointerup", up);
      }}
      onKeyDown={(e) => {
        if (e.key !== "ArrowLeft" && e.key !== "ArrowRight") return;
        e.preventDefault();
        onDone(current(e.currentTarget) + (e.key === "ArrowRight" ? 16 : -16));
      }}
    />
  );
}
