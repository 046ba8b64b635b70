/**
 * The table layout: the view's shown properties as columns in its order and widths, every cell
 * editable in place, "+ New" at the foot. A column header dragged onto another moves it there; its
 * right edge dragged (or focused and moved with ←/→) sets its width; its menu has "Move left/right"
 * — each saved into the view's `configuration.properties` (`PATCH /v1/views/:id`).
 */
import { useState, type CSSProperties } from "react";
import type { Json } from "../api";
import { EditableCell } from "./CellEditor";
import { AddProperty, PropertyHeader } from "./PropertyMenu";
import { columnsOf, configurationOf, MIN_COLUMN_WIDTH, moveBefore, moveColumn, resizeColumn, type Column } from "./columns";
import type { Prop, View } from "./model";

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
}

/** A column's width as a style for its header and cells (none: the stylesheet's default). */
const widthStyle = (w: number | undefined): CSSProperties | undefined => (w === undefined ? undefined : { width: w, minWidth: w, maxWidth: w });

export function TableView({ props, view, rows, dataSourceId, onRow, onSchema, newRow, fresh, clearFresh, configure }: LayoutProps) {
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

  return (
    <div className="db-table-wrap">
      <table className="db-table">
        <thead>
          <tr>
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
        <tbody>
          {rows.map((row) => (
            <tr key={row.id}>
              {columns.map(({ prop: p, width }) => (
                <td key={p.id} className={`db-col-${p.type}`} style={widthStyle(width)}>
                  <EditableCell row={row} prop={p} onSaved={onRow} autoEdit={p.type === "title" && fresh === row.id} onEditDone={p.type === "title" && fresh === row.id ? clearFresh : undefined} />
                </td>
              ))}
              <td className="db-col-add" />
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" className="db-new-row" onClick={() => void newRow()}>
        <span aria-hidden="true">+</span> New
      </button>
    </div>
  );
}

/** A column's right edge: drag it, or focus it and press ←/→ (16 px a step), to set the width. */
function ResizeHandle({ column, onResize, onDone }: { column: Column; onResize: (w: number) => void; onDone: (w: number) => void }) {
  const name = column.prop.name;
  const current = (el: Element) => column.width ?? Math.round(el.parentElement?.getBoundingClientRect().width ?? 140);
  return (
    <span
      role="separator"
      aria-orientation="vertical"
      aria-label={`Width of ${name}`}
      aria-valuemin={MIN_COLUMN_WIDTH}
      aria-valuenow={column.width ?? (column.prop.type === "title" ? 240 : 140)}
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
