/** The table layout: the view's visible properties as columns, every cell editable in place, "+ New" at the foot. */
import type { Json } from "../api";
import { EditableCell } from "./CellEditor";
import { AddProperty, PropertyHeader } from "./PropertyMenu";
import { visibleProps, type Prop, type View } from "./model";

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
}

export function TableView({ props, view, rows, dataSourceId, onRow, onSchema, newRow, fresh, clearFresh }: LayoutProps) {
  const columns = visibleProps(props, view);
  return (
    <div className="db-table-wrap">
      <table className="db-table">
        <thead>
          <tr>
            {columns.map((p) => (
              <th key={p.id} scope="col" className={`db-col-${p.type}`}>
                <PropertyHeader prop={p} dataSourceId={dataSourceId} onChanged={onSchema} />
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
              {columns.map((p) => (
                <td key={p.id} className={`db-col-${p.type}`}>
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
