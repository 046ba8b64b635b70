/**
 * The timeline layout: each row a bar from its date (`configuration.date_property_id`) to its end
 * (`end_date_property_id`'s date, else the date's own end; a single day without one) on a day,
 * week or month scale that scrolls sideways, with today marked and a "Today" button; the titles in
 * a table beside the bars. A bar dragged moves the row, its ends dragged change start or end; with
 * the keyboard a focused bar moves by a day with ←/→ (Shift: its end only), and each row has its
 * date editor. Rows without a date are listed under the timeline. Every change is one
 * `PATCH /v1/pages/:id`.
 */
import { useEffect, useRef, useState, type KeyboardEvent, type PointerEvent as ReactPointerEvent } from "react";
import type { Json } from "../api";
import { useApi } from "../context";
import { RowTitle } from "./PropertyValue";
import { DateButton, shiftDate } from "./CalendarView";
import { titleOf } from "../notion";
import { dateText, errorText, propById, valueOf, type Prop } from "./model";
import type { LayoutProps } from "./TableView";

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

export function TimelineView({ props, view, rows, onRow }: LayoutProps) {
  const api = useApi();
  const start = propById(props, view.configuration?.date_property_id);
  const endProp = propById(props, view.configuration?.end_date_property_id);
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

  return (
    <div className="db-timeline">
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
        <div className="db-tl-inner" style={{ width: `calc(var(--tl-side) + ${width}px)` }}>
          <div className="db-tl-row db-tl-head" aria-hidden="true">
            <div className="db-tl-side">Name</div>
            <div className="db-tl-track" style={{ width }}>
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
                    <RowTitle row={row} />
                    {movable && <TimelineDateButton row={row} prop={start} onSaved={onRow} />}
                  </div>
                  <div className="db-tl-track" style={{ width }}>
                    <button
                      type="button"
                      className={`db-tl-bar${drag?.id === row.id ? " dragging" : ""}`}
                      style={{ left: xOf(s), width: Math.max(ppd, (dayNumber(e) - dayNumber(s) + 1) * ppd) }}
                      aria-label={`${title}: ${dateText({ start: s, end: e !== s ? e : null })}`}
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
