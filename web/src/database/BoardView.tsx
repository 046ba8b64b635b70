/**
 * The board layout: one column per option (or status group) of the view's group-by property,
 * cards dragged between columns or moved with the keyboard (a card's "Move" menu, or Alt+←/→),
 * each move one `PATCH /v1/pages/:id` of that property.
 *
 * Each column reads its own rows — the view's filter AND the column's value, 100 at a time with
 * its own "Load more" — so a column of 3 cards shows at once beside one of thousands. The pages
 * merge into the view's rows, and a card sits in whichever column its value says: a moved card
 * leaves one list and joins the other without a read.
 */
import { useRef, useState, type DragEvent, type KeyboardEvent } from "react";
import type { Json } from "../api";
import { useApi } from "../context";
import { Popover } from "./Popover";
import { Tag } from "./PropertyValue";
import { CardProps } from "./cards";
import { errorText, propById, valueOf, type Prop } from "./model";
import { titleOf } from "../notion";
import { useAnnouncer } from "./Announcer";
import type { LayoutProps } from "./TableView";
import { andFilter, usePagedQuery } from "./use-rows";

interface Column {
  key: string;
  name: string;
  color?: string;
  /** Option names this column stands for (a status group: its options); empty for "No …". */
  options: string[];
}

/** The columns of a board grouped by `prop` (`byGroup`: a status property's groups). */
export function boardColumns(prop: Prop, byGroup: boolean): Column[] {
  const options: Json[] = prop.config.options ?? [];
  const none: Column = { key: "", name: `No ${prop.name}`, options: [] };
  if (prop.type === "status" && byGroup) {
    return (prop.config.groups ?? []).map((g: Json) => ({
      key: g.id,
      name: g.name,
      color: g.color,
      options: options.filter((o) => (g.option_ids ?? []).includes(o.id)).map((o) => o.name),
    }));
  }
  const cols = options.map((o) => ({ key: o.id ?? o.name, name: o.name, color: o.color, options: [o.name] }));
  return prop.type === "status" ? cols : [none, ...cols];
}

/** The option names a row holds in `prop`. */
function namesOf(row: Json, prop: Prop): string[] {
  const v = valueOf(row, prop);
  if (!v) return [];
  if (v.type === "multi_select") return (v.multi_select ?? []).map((o: Json) => o.name);
  return v[v.type]?.name ? [v[v.type].name] : [];
}

/** The condition a column's rows meet: the property holds one of its options, or is empty ("No …"); null: none can. */
export function columnFilter(prop: Prop, col: Column): Json | null {
  const one = (name: string) => ({ property: prop.name, [prop.type]: prop.type === "multi_select" ? { contains: name } : { equals: name } });
  if (!col.options.length) return prop.type === "status" ? null : { property: prop.name, [prop.type]: { is_empty: true } };
  return col.options.length === 1 ? one(col.options[0]) : { or: col.options.map(one) };
}

function inColumn(row: Json, prop: Prop, col: Column): boolean {
  const names = namesOf(row, prop);
  if (!col.options.length) return names.length === 0;
  return names.some((n) => col.options.includes(n));
}

/** The value that puts a row in `to` (from `from`, for multi-select: swap that one option). */
function moveValue(row: Json, prop: Prop, from: Column | undefined, to: Column): Json {
  if (prop.type === "multi_select") {
    const names = namesOf(row, prop).filter((n) => !from?.options.includes(n));
    return { multi_select: [...names, ...to.options.slice(0, 1)].map((name) => ({ name })) };
  }
  if (!to.options.length) return { [prop.type]: null };
  return { [prop.type]: { name: to.options[0] } };
}

/** What every column of one board shares. */
interface Board {
  layout: LayoutProps;
  prop: Prop;
  columns: Column[];
  move: (row: Json, to: Column) => Promise<void>;
}

export function BoardView(layout: LayoutProps) {
  const { props, view, rows, onRow } = layout;
  const api = useApi();
  const group = view.configuration?.group_by as Json | undefined;
  const prop = propById(props, group?.property_id);
  const [error, setError] = useState<string | null>(null);
  const [over, setOver] = useState<string | null>(null);
  const [live, announce] = useAnnouncer();
  if (!prop || !["select", "status", "multi_select"].includes(prop.type)) {
    return (
      <p className="muted" role="status">
        {prop ? `This board groups by “${prop.name}”, a ${prop.type.replace("_", " ")} property: the app shows boards grouped by a select, multi-select or status property.` : "Choose a property to group by in the view's settings."}
      </p>
    );
  }
  const columns = boardColumns(prop, group?.group_by === "group");
  const move = async (row: Json, to: Column) => {
    const from = columns.find((c) => inColumn(row, prop, c));
    if (from?.key === to.key) return;
    setError(null);
    try {
      onRow(await api.v1<Json>("PATCH", `/pages/${row.id}`, { properties: { [prop.name]: moveValue(row, prop, from, to) } }));
      announce(`Moved “${titleOf(row) || "Untitled"}” to ${to.name}`);
    } catch (e) {
      setError(errorText(e));
      announce(`“${titleOf(row) || "Untitled"}” was not moved`);
    }
  };
  const board: Board = { layout, prop, columns, move };
  const drop = (e: DragEvent, col: Column) => {
    e.preventDefault();
    setOver(null);
    const row = rows.find((r) => r.id === e.dataTransfer.getData("text/plain"));
    if (row) void move(row, col);
  };
  return (
    <>
      {live}
      {error && (
        <p role="alert" className="db-error">
          {error}
        </p>
      )}
      <div className="db-board">
        {columns.map((col, ci) => (
          <BoardColumn
            key={col.key}
            col={col}
            board={board}
            over={over === col.key}
            onOver={(on) => setOver((o) => (on ? col.key : o === col.key ? null : o))}
            onDrop={(e) => drop(e, col)}
            onKey={(row, e) => {
              if (!e.altKey || (e.key !== "ArrowLeft" && e.key !== "ArrowRight")) return;
              const to = columns[ci + (e.key === "ArrowLeft" ? -1 : 1)];
              if (to) {
                e.preventDefault();
                void move(row, to);
              }
            }}
          />
        ))}
      </div>
    </>
  );
}

/**
 * One column: its own query (the view's filter and sorts, AND its value), its cards — every row of
 * the view's holding its value, so a card moved in shows at once — and its count: the cards shown,
 * with "+" while its query has more.
 */
function BoardColumn({ col, board, over, onOver, onDrop, onKey }: { col: Column; board: Board; over: boolean; onOver: (on: boolean) => void; onDrop: (e: DragEvent) => void; onKey: (row: Json, e: KeyboardEvent) => void }) {
  const api = useApi();
  const { layout, prop, columns, move } = board;
  const { view, props, rows, newRow } = layout;
  const cond = columnFilter(prop, col);
  const body = cond ? { filter: andFilter(view.filter, cond), ...(view.sorts?.length ? { sorts: view.sorts } : {}) } : null;
  const pager = usePagedQuery(api, layout.dataSourceId, layout.merge ? body : null, layout.rowsKey ?? "", layout.merge ?? (() => undefined));
  const cards = rows.filter((r) => inColumn(r, prop, col));
  return (
    <section
      aria-label={col.name}
      aria-busy={!pager.loaded}
      className={`db-board-column${over ? " over" : ""}`}
      onDragOver={(e) => {
        e.preventDefault();
        onOver(true);
      }}
      onDragLeave={() => onOver(false)}
      onDrop={onDrop}
    >
      <h2 className="db-board-heading">
        {col.options.length ? <Tag name={col.name} color={col.color} /> : <span className="muted">{col.name}</span>}{" "}
        <span className="muted db-board-count">
          {cards.length}
          {pager.hasMore ? "+" : ""}
        </span>
      </h2>
      {pager.error && (
        <p role="alert" className="db-error">
          {pager.error}
        </p>
      )}
      <ul className="db-cards">
        {cards.map((row) => (
          <BoardCard key={row.id} row={row} props={props} view={view} groupProp={prop} columns={columns} onMove={(to) => void move(row, to)} onKey={(e) => onKey(row, e)} />
        ))}
      </ul>
      {pager.hasMore && (
        <button type="button" className="db-load-more" onClick={pager.loadMore} aria-busy={pager.loading}>
          {pager.loading ? "Loading…" : "Load more"}
          <span className="visually-hidden"> in {col.name}</span>
        </button>
      )}
      <button type="button" className="db-new-row" onClick={() => void newRow(col.options.length ? { [prop.name]: moveValue({}, prop, undefined, col) } : undefined)}>
        <span aria-hidden="true">+</span> New<span className="visually-hidden"> in {col.name}</span>
      </button>
    </section>
  );
}

function BoardCard({ row, props, view, groupProp, columns, onMove, onKey }: { row: Json; props: Prop[]; view: LayoutProps["view"]; groupProp: Prop; columns: Column[]; onMove: (to: Column) => void; onKey: (e: KeyboardEvent) => void }) {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  return (
    <li className="db-card" draggable onDragStart={(e) => e.dataTransfer.setData("text/plain", row.id)} onKeyDown={onKey} data-row-id={row.id}>
      <CardProps row={row} props={props} view={view} skip={groupProp.id} />
      <button type="button" ref={button} className="db-card-move" aria-haspopup="dialog" onClick={() => setOpen(true)}>
        Move<span className="visually-hidden"> card</span>
      </button>
      {open && (
        <Popover label="Move to" anchor={button.current} onClose={() => setOpen(false)}>
          <ul className="db-option-list">
            {columns.map((c) => (
              <li key={c.key}>
                <button
                  type="button"
                  onClick={() => {
                    setOpen(false);
                    onMove(c);
                  }}
                >
                  {c.name}
                </button>
              </li>
            ))}
          </ul>
        </Popover>
      )}
    </li>
  );
}
