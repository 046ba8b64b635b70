/**
 * The timeline layout: each row a bar from its date (`configuration.date_property_id`) to its end
 * (`end_date_property_id`'s date, else the date's own end; a single day without one) on a day,
 * week or month scale that scrolls sideways, with today marked and a "Today" button; the titles in
 * a table beside the bars. A bar dragged moves the row, its ends dragged change start or end; with
 * the keyboard a focused bar moves by a day with ←/→ (Shift: its end only), and each row has its
 * date editor. Rows without a date are listed under the timeline. Every change is one
 * `PATCH /v1/pages/:id`. The side table's columns take the widths `table_properties` stores, and
 * their edges resize them as the table view's do (saved with `PATCH /v1/views/:id`).
 */
import { useEffect, useLayoutEffect, useRef, useState, type CSSProperties, type KeyboardEvent, type PointerEvent as ReactPointerEvent } from "react";
import type { Json } from "../api";
import { useApi } from "../context";
import { PropertyValue, RowTitle } from "./PropertyValue";
import { DateButton, shiftDate } from "./CalendarView";
import { titleOf } from "../notion";
import { dateText, errorText, propById, valueOf, visibleProps, type Prop } from "./model";
import { ResizeHandle, type LayoutProps } from "./TableView";
import { columnsOf, configurationOf, resizeColumn, type Column } from "./columns";

type Zoom = "day" | "week" | "month";
/** Pixels per day at each zoom. */
const SCALE: Record<Zoom, number> = { day: 36, week: 12, month: 4 };
const DAY = 86_400_000;
const pad = (n: number) => String(n).padStart(2, "0");
const isoDay = (t: number) => {
  const d = new Date(t);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
};
const dayNumber = (day: string) => Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10))) / DAY;

/** A row's span as days (`YYYY-MM-DD`), or null when it has no start. */
export function spanOf(row: Json, start: Prop, end: Prop | undefined): { start: string; end: string } | null {
  const read = (p: Prop): Json | null => {
    const v = valueOf(row, p);
    if (!v) return null;
    if (v.type === "date") return v.date ?? null;
    return typeof v[v.type] === "string" ? { start: v[v.type] } : null;
  };
  const s = read(start);
  if (!s?.start) return null;
  const first = s.start.slice(0, 10);
  const e = end && end.id !== start.id ? read(end)?.start : s.end;
  const last = typeof e === "string" && e.slice(0, 10) >= first ? e.slice(0, 10) : first;
  return { start: first, end: last };
}

function zoomOf(config: Json): Zoom {
  const z = config?.preference?.zoom_level;
  return z === "hours" || z === "day" ? "day" : z === "week" || z === "bi_week" ? "week" : z ? "month" : "week";
}

/** The body that moves a row's start by `ds` days and its end by `de` days (null: nothing to write). */
export function moveBody(row: Json, start: Prop, end: Prop | undefined, ds: number, de: number): Json | null {
  const date = valueOf(row, start)?.date;
  if (!date?.start || (!ds && !de)) return null;
  const zone = date.time_zone ? { time_zone: date.time_zone } : {};
  if (end && end.id !== start.id) {
    // The end is another date property: its start is the row's end.
    const properties: Json = {};
    if (ds) properties[start.name] = { date: { ...(date.end ? { end: date.end } : {}), ...zone, start: shiftDate(date.start, ds) } };
    const other = valueOf(row, end)?.date;
    if (de) properties[end.name] = { date: { start: shiftDate(other?.start ?? date.start, de) } };
    return properties[start.name] || properties[end.name] ? { properties } : null;
  }
  const next: Json = { start: shiftDate(date.start, ds), ...zone };
  const endDay: string | null = date.end ?? (de !== ds ? date.start : null);
  if (endDay) {
    const e = shiftDate(endDay, de);
    if (e.slice(0, 10) > next.start.slice(0, 10) || (date.end && e.slice(0, 10) === next.start.slice(0, 10))) next.end = e;
  }
  if (!next.end && !date.end && !ds) return null;
  return { properties: { [start.name]: { date: next } } };
}

/**
 * The side table's columns after the title: `configuration.table_properties`' shown ones (the
 * Views API's timeline table), none when the view lists none (Notion's default: the title only).
 */
export function tableColumns(props: Prop[], config: Json): Prop[] {
  if (!Array.isArray(config?.table_properties) || !config.table_properties.length) return [];
  return visibleProps(props, { configuration: config } as never, "table_properties").filter((p) => p.type !== "title" && config.table_properties.some((l: Json) => propById(props, l.property_id)?.id === p.id));
}

/** The ids a row's `arrows_by` relation points at (its dependencies: arrows from this row's end). */
export function arrowTargets(row: Json, rel: Prop | undefined): string[] {
  const v = rel ? valueOf(row, rel) : undefined;
  return Array.isArray(v?.relation) ? v.relation.map((r: Json) => r.id) : [];
}

/** An arrow's path: out of the first bar's end, down (or up) to the second's row, into its start. */
function arrowPath(a: { x: number; y: number }, b: { x: number; y: number }): string {
  const out = a.x + 8;
  if (b.x - 8 >= out) return `M${a.x},${a.y} H${out} V${b.y} H${b.x - 2}`;
  // The next bar starts before this one ends: around, between the two rows.
  const mid = (a.y + b.y) / 2;
  return `M${a.x},${a.y} H${out} V${mid} H${b.x - 10} V${b.y} H${b.x - 2}`;
}

/**
 * The side's width and its columns' as CSS: a stored width in px (the title's is its text's, the
 * side's padding, border and gaps added), else the stylesheet's default (`--tl-title`, `--tl-col`).
 */
export function sideWidths(listed: Column[], title: Prop | undefined, columns: Prop[]): { side: string; cols: Record<string, string> } {
  const widthOf = (id: string | undefined) => listed.find((c) => c.prop.id === id)?.width;
  const cols: Record<string, string> = {};
  for (const c of columns) cols[c.id] = widthOf(c.id) !== undefined ? `${widthOf(c.id)}px` : "var(--tl-col)";
  const t = widthOf(title?.id);
  // The side's padding (8 px each side), right border (1 px) and gaps (4 px) are outside the title.
  const head = t !== undefined ? `${t + 17 + 4 * columns.length}px` : "var(--tl-title)";
  return { side: `calc(${[head, ...Object.values(cols)].join(" + ")})`, cols };
}

export function TimelineView({ props, view, rows, onRow, configure }: LayoutProps) {
  const api = useApi();
  const start = propById(props, view.configuration?.date_property_id);
  const endProp = propById(props, view.configuration?.end_date_property_id);
  const columns = tableColumns(props, view.configuration);
  // The side table's widths as the view stores them; while one is dragged or saved, as it will be.
  const [pending, setPending] = useState<Column[] | null>(null);
  const listed = pending ?? columnsOf(props, view, "table_properties");
  const titleProp = props.find((p) => p.type === "title");
  const widths = sideWidths(listed, titleProp, columns);
  const saveWidths = (next: Column[]) => {
    if (!configure) return;
    setPending(next);
    // An update's configuration is checked as a whole timeline's: its date property goes with it.
    void configure({ ...configurationOf(view, next, "table_properties"), date_property_id: view.configuration?.date_property_id }).finally(() => setPending(null));
  };
  const handle = (prop: Prop | undefined, fallback: number) => {
    if (!configure || !prop) return null;
    const column = listed.find((c) => c.prop.id === prop.id) ?? { prop, visible: true, width: undefined, entry: {} };
    return <ResizeHandle column={column} defaultWidth={fallback} onResize={(w) => setPending(resizeColumn(listed, prop.id, w, prop))} onDone={(w) => saveWidths(resizeColumn(listed, prop.id, w, prop))} />;
  };
  const arrowsBy = propById(props, view.configuration?.arrows_by?.property_id);
  const rel = arrowsBy?.type === "relation" ? arrowsBy : undefined;
  const inner = useRef<HTMLDivElement>(null);
  // Where each bar is drawn (measured after render), for the dependency arrows.
  const [boxes, setBoxes] = useState<Record<string, { l: number; r: number; y: number }>>({});
  const [zoom, setZoom] = useState<Zoom>(() => zoomOf(view.configuration));
  const [error, setError] = useState<string | null>(null);
  // A bar being dragged: how far (days) its start and end have moved so far.
  const [drag, setDrag] = useState<{ id: string; ds: number; de: number } | null>(null);
  const scroller = useRef<HTMLDivElement>(null);
  const now = new Date();
  const today = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
  const ppd = SCALE[zoom];

  const spans = start ? rows.map((row) => ({ row, span: spanOf(row, start, endProp) })) : [];
  const scheduled = spans.filter((s) => s.span) as { row: Json; span: { start: string; end: string } }[];
  const unscheduled = spans.filter((s) => !s.span).map((s) => s.row);
  // The scale: from a little before the earliest row (or today) to well after the latest.
  const lo = Math.min(dayNumber(today), ...scheduled.map((s) => dayNumber(s.span.start))) - (zoom === "month" ? 60 : 14);
  const hi = Math.max(dayNumber(today), ...scheduled.map((s) => dayNumber(s.span.end))) + (zoom === "month" ? 120 : zoom === "week" ? 60 : 21);
  const first = lo - (zoom === "day" ? 0 : ((new Date(lo * DAY).getUTCDay() + 6) % 7)); // weeks start on Monday
  const days = hi - first + 1;
  const xOf = (day: string) => (dayNumber(day) - first) * ppd;

  const scrollToToday = () => {
    const el = scroller.current;
    if (el) el.scrollLeft = Math.max(0, xOf(today) - el.clientWidth / 3);
  };
  // eslint-disable-next-line react-hooks/exhaustive-deps
  useEffect(scrollToToday, [zoom]);
  useLayoutEffect(() => {
    const root = inner.current;
    if (!root || !rel) return;
    const at = root.getBoundingClientRect();
    const next: Record<string, { l: number; r: number; y: number }> = {};
    for (const el of root.querySelectorAll<HTMLElement>(".db-tl-bar[data-bar]")) {
      const b = el.getBoundingClientRect();
      next[el.dataset.bar!] = { l: b.left - at.left, r: b.right - at.left, y: b.top - at.top + b.height / 2 };
    }
    setBoxes((old) => (JSON.stringify(old) === JSON.stringify(next) ? old : next));
  });

  if (!start) return <p className="muted">Choose a date property for this timeline in the view's settings.</p>;
  const movable = start.type === "date" && (!endProp || endProp.type === "date");

  const move = async (row: Json, ds: number, de: number) => {
    const body = moveBody(row, start, endProp, ds, de);
    if (!body) return;
    setError(null);
    try {
      onRow(await api.v1<Json>("PATCH", `/pages/${row.id}`, body));
    } catch (e) {
      setError(errorText(e));
    }
  };

  const startDrag = (e: ReactPointerEvent, row: Json, part: "move" | "start" | "end") => {
    if (!movable || e.button !== 0) return;
    e.preventDefault();
    e.stopPropagation();
    const x0 = e.clientX;
    let last = { ds: 0, de: 0 };
    const onMove = (ev: PointerEvent) => {
      const d = Math.round((ev.clientX - x0) / ppd);
      last = part === "move" ? { ds: d, de: d } : part === "start" ? { ds: d, de: 0 } : { ds: 0, de: d };
      setDrag({ id: row.id, ...last });
    };
    const onUp = () => {
      window.removeEventListener("pointermove", onMove);
      window.removeEventListener("pointerup", onUp);
      void move(row, last.ds, last.de).finally(() => setDrag(null));
    };
    window.addEventListener("pointermove", onMove);
    window.addEventListener("pointerup", onUp);
  };

  const keys = (e: KeyboardEvent, row: Json) => {
    if (!movable || (e.key !== "ArrowLeft" && e.key !== "ArrowRight")) return;
    e.preventDefault();
    const d = e.key === "ArrowLeft" ? -1 : 1;
    void move(row, e.shiftKey ? 0 : d, d);
  };

  // The scale's labels: every day (day zoom), every Monday (week), every 1st (month); months above.
  const ticks: { day: string; label: string; major: boolean }[] = [];
  for (let i = 0; i < days; i++) {
    const t = (first + i) * DAY;
    const d = new Date(t);
    const day = isoDay(t);
    const major = d.getUTCDate() === 1;
    if (zoom === "day" || (zoom === "week" && d.getUTCDay() === 1) || (zoom === "month" && major)) {
      ticks.push({ day, label: zoom === "month" ? d.toLocaleDateString("en-US", { month: "short", year: "numeric", timeZone: "UTC" }) : String(d.getUTCDate()), major });
    }
  }
  const months: { day: string; label: string }[] = [];
  if (zoom !== "month")
    for (let i = 0; i < days; i++) {
      const t = (first + i) * DAY;
      if (i === 0 || new Date(t).getUTCDate() === 1) months.push({ day: isoDay(t), label: new Date(t).toLocaleDateString("en-US", { month: "long", year: "numeric", timeZone: "UTC" }) });
    }
  const width = days * ppd;
  const titles = new Map(rows.map((r) => [r.id, titleOf(r) || "Untitled"]));
  const arrows = rel
    ? scheduled.flatMap(({ row }) => arrowTargets(row, rel).filter((id) => boxes[row.id] && boxes[id]).map((id) => ({ from: row.id, to: id })))
    : [];

  return (
    <div className="db-timeline" style={{ "--tl-side-full": widths.side } as CSSProperties}>
      <div className="db-calendar-bar">
        <span className="db-calendar-title">{start.name}</span>
        <div role="group" aria-label="Scale" className="db-tl-zoom">
          {(["day", "week", "month"] as Zoom[]).map((z) => (
            <button key={z} type="button" aria-pressed={zoom === z} onClick={() => setZoom(z)}>
              {z[0].toUpperCase() + z.slice(1)}
            </button>
          ))}
        </div>
        <button type="button" onClick={scrollToToday}>
          Today
        </button>
      </div>
      {error && (
        <p role="alert" className="db-error">
          {error}
        </p>
      )}
      <div className="db-tl-scroll" ref={scroller}>
        <div className="db-tl-inner" ref={inner} style={{ width: `calc(var(--tl-side) + ${width}px)` }}>
          <div className="db-tl-row db-tl-head">
            <div className="db-tl-side">
              <span className="db-tl-title">
                <span aria-hidden="true">{titleProp?.name ?? "Name"}</span>
                {handle(titleProp, 204)}
              </span>
              {columns.map((c) => (
                <span key={c.id} className="db-tl-cell" style={{ width: widths.cols[c.id] }}>
                  <span aria-hidden="true">{c.name}</span>
                  {handle(c, 120)}
                </span>
              ))}
            </div>
            <div className="db-tl-track" style={{ width }} aria-hidden="true">
              {months.map((m) => (
                <span key={m.day} className="db-tl-month" style={{ left: xOf(m.day) }}>
                  {m.label}
                </span>
              ))}
              {ticks.map((t) => (
                <span key={t.day} className={`db-tl-tick${t.major ? " major" : ""}${t.day === today ? " today" : ""}`} style={{ left: xOf(t.day), width: zoom === "day" ? ppd : undefined }}>
                  {t.label}
                </span>
              ))}
            </div>
          </div>
          <ul className="db-tl-rows" aria-label={`Timeline by ${start.name}`}>
            {scheduled.map(({ row, span }) => {
              const shift = drag && drag.id === row.id ? drag : { ds: 0, de: 0 };
              const s = shiftDate(span.start, shift.ds);
              const e = shiftDate(span.end, shift.de) < s ? s : shiftDate(span.end, shift.de);
              const title = titleOf(row);
              return (
                <li key={row.id} className="db-tl-row" data-row={row.id}>
                  <div className="db-tl-side">
                    <span className="db-tl-title">
                      <RowTitle row={row} />
                      {movable && <TimelineDateButton row={row} prop={start} onSaved={onRow} />}
                    </span>
                    {columns.map((c) => (
                      <span key={c.id} className="db-tl-cell" data-prop={c.name} style={{ width: widths.cols[c.id] }}>
                        <span className="visually-hidden">{c.name}: </span>
                        <PropertyValue value={valueOf(row, c)} prop={c} row={row} />
                      </span>
                    ))}
                  </div>
                  <div className="db-tl-track" style={{ width }}>
                    <button
                      type="button"
                      className={`db-tl-bar${drag?.id === row.id ? " dragging" : ""}`}
                      data-bar={row.id}
                      style={{ left: xOf(s), width: Math.max(ppd, (dayNumber(e) - dayNumber(s) + 1) * ppd) }}
                      aria-label={`${title}: ${dateText({ start: s, end: e !== s ? e : null })}${rel && arrowTargets(row, rel).length ? `; ${rel.name}: ${arrowTargets(row, rel).map((id) => titles.get(id) ?? "a row not shown").join(", ")}` : ""}`}
                      aria-describedby={movable ? "db-tl-help" : undefined}
                      onPointerDown={(ev) => startDrag(ev, row, "move")}
                      onKeyDown={(ev) => keys(ev, row)}
                    >
                      {movable && <span className="db-tl-handle start" aria-hidden="true" onPointerDown={(ev) => startDrag(ev, row, "start")} />}
                      <span className="db-tl-bar-text">{title}</span>
                      {movable && <span className="db-tl-handle end" aria-hidden="true" onPointerDown={(ev) => startDrag(ev, row, "end")} />}
                    </button>
                  </div>
                </li>
              );
            })}
          </ul>
          {arrows.length > 0 && (
            <svg className="db-tl-arrows" aria-hidden="true" width="100%" height="100%">
              <defs>
                <marker id="db-tl-head" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="8" markerHeight="8" orient="auto">
                  <path d="M0,0 L8,4 L0,8 z" />
                </marker>
              </defs>
              {arrows.map(({ from, to }) => (
                <path key={`${from}-${to}`} data-from={from} data-to={to} d={arrowPath({ x: boxes[from].r, y: boxes[from].y }, { x: boxes[to].l, y: boxes[to].y })} markerEnd="url(#db-tl-head)" />
              ))}
            </svg>
          )}
          <div className="db-tl-now" style={{ left: `calc(var(--tl-side) + ${xOf(today) + ppd / 2}px)` }} aria-hidden="true" />
        </div>
      </div>
      {movable && (
        <p id="db-tl-help" className="visually-hidden">
          Left and right arrows move the row by a day; with Shift, only its end.
        </p>
      )}
      {unscheduled.length > 0 && (
        <>
          <h3 className="db-map-heading">No {start.name}</h3>
          <ul className="db-list" aria-label={`Rows without ${start.name}`}>
            {unscheduled.map((row) => (
              <li key={row.id} className="db-list-row">
                <RowTitle row={row} />
                {start.type === "date" && <TimelineDateButton row={row} prop={start} onSaved={onRow} />}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

/** The keyboard's other way: the row's date editor (the calendar's), named with the row's title. */
function TimelineDateButton({ row, prop, onSaved }: { row: Json; prop: Prop; onSaved: (page: Json) => void }) {
  return <DateButton row={row} prop={prop} onSaved={onSaved} icon="📅" label={`Change ${prop.name} of ${titleOf(row)}`} className="db-day-move db-tl-edit" />;
}
