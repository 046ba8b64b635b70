/**
 * The calendar layout: a month of weeks (Sunday first, as Notion's default), each row on the days
 * its date property covers; a row dragged to another day moves its date (an end moves with it),
 * "+" on a day makes a row dated that day.
 *
 * It reads only the shown weeks: the view's filter AND the date on or after the first shown day
 * and on or before the last (`monthQuery`), again when the month changes. Notion's date filters
 * compare a range's start only, so a range that starts before the shown weeks and ends inside
 * them takes a second read (`rangesQuery`).
 */
import { useState, type DragEvent } from "react";
import type { Json } from "../api";
import { useApi } from "../context";
import { RowTitle } from "./PropertyValue";
import { Popover } from "./Popover";
import { ValueEditor, useSaveValue } from "./CellEditor";
import { dayOf, errorText, propById, valueOf, type Prop } from "./model";
import type { LayoutProps } from "./TableView";
import { titleOf } from "../notion";
import { useAnnouncer } from "./Announcer";
import { andFilter, usePagedQuery } from "./use-rows";

const pad = (n: number) => String(n).padStart(2, "0");
const isoDay = (d: Date) => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
/** The day a calendar row was dragged from (a range shows on several). */
const DAY_TYPE = "application/x-quire-day";
const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
/** "December 9, 2026" for `2026-12-09`. */
const dayLabel = (day: string) => new Date(`${day.slice(0, 10)}T00:00:00Z`).toLocaleDateString("en-US", { month: "long", day: "numeric", year: "numeric", timeZone: "UTC" });

/** The 6×7 days shown for a month (`month` 0-based), from the Sunday on or before the 1st. */
export function monthGrid(year: number, month: number): string[] {
  const first = new Date(Date.UTC(year, month, 1));
  const start = Date.UTC(year, month, 1 - first.getUTCDay());
  return Array.from({ length: 42 }, (_, i) => isoDay(new Date(start + i * 86_400_000)));
}

/** `date` moved by whole days (`2026-12-07` or a date-time, keeping its time and offset). */
export function shiftDate(date: string, days: number): string {
  const day = date.slice(0, 10);
  const [y, m, d] = day.split("-").map(Number);
  return isoDay(new Date(Date.UTC(y, m - 1, d + days))) + date.slice(10);
}

/**
 * The shown weeks' rows: the view's filter AND `prop` between the first and the last shown day
 * (both included), in the view's sorts.
 */
export function monthQuery(prop: Prop, view: LayoutProps["view"], first: string, last: string): Json {
  const between = { and: [{ property: prop.name, [prop.type]: { on_or_after: first } }, { property: prop.name, [prop.type]: { on_or_before: last } }] };
  return { filter: andFilter(view.filter, between), ...(view.sorts?.length ? { sorts: view.sorts } : {}) };
}

/**
 * Ranges that may reach into the shown weeks from before them: a date filter compares a range's
 * start (Notion's and Quire's), so the month's read misses them. The latest 100 rows starting
 * before the first shown day (one page), of which those ending on or after it are kept.
 */
export function rangesQuery(prop: Prop, view: LayoutProps["view"], first: string): Json {
  return { filter: andFilter(view.filter, { property: prop.name, date: { before: first } }), sorts: [{ property: prop.name, direction: "descending" }] };
}

/** The first and last day a row's value covers (a range's end, else its start); null: no date. */
function spanOf(row: Json, prop: Prop): [string, string] | null {
  const v = valueOf(row, prop);
  if (prop.type === "date") {
    const start = dayOf(v?.date);
    if (!start) return null;
    const end = typeof v?.date?.end === "string" ? v.date.end.slice(0, 10) : start;
    return [start, end < start ? start : end];
  }
  const day = typeof v?.[prop.type] === "string" ? isoDay(new Date(v[prop.type])) : null;
  return day ? [day, day] : null;
}

function daysBetween(a: string, b: string): number {
  const t = (s: string) => Date.UTC(Number(s.slice(0, 4)), Number(s.slice(5, 7)) - 1, Number(s.slice(8, 10)));
  return Math.round((t(b) - t(a)) / 86_400_000);
}

export function CalendarView({ props, view, rows, onRow, newRow, dataSourceId, rowsKey = "", merge }: LayoutProps) {
  const api = useApi();
  const prop = propById(props, view.configuration?.date_property_id);
  const now = new Date();
  const [month, setMonth] = useState({ y: now.getFullYear(), m: now.getMonth() });
  const [error, setError] = useState<string | null>(null);
  const [live, announce] = useAnnouncer();
  const days = monthGrid(month.y, month.m);
  const [first, last] = [days[0], days[days.length - 1]];
  const dated = !!prop && ["date", "created_time", "last_edited_time"].includes(prop.type);
  const ask = merge ?? (() => undefined);
  const shownWeeks = usePagedQuery(api, dataSourceId, prop && merge && dated ? monthQuery(prop, view, first, last) : null, rowsKey, ask);
  // Of the ranges starting earlier, only those reaching the shown weeks join the rows.
  const reaching = (found: Json[]) => ask(found.filter((r) => (prop ? (spanOf(r, prop)?.[1] ?? "") : "") >= first));
  usePagedQuery(api, dataSourceId, merge && prop?.type === "date" ? rangesQuery(prop, view, first) : null, rowsKey, reaching);
  if (!prop) return <p className="muted">Choose a date property for this calendar in the view's settings.</p>;
  const movable = prop.type === "date";
  const today = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
  const byDay = new Map<string, Json[]>();
  // Each shown row's first day, read once: its later days draw it as continued.
  const startOf = new Map<string, string>();
  for (const row of rows) {
    const span = spanOf(row, prop);
    if (!span || span[1] < first || span[0] > last) continue;
    startOf.set(row.id, span[0]);
    // A range shows on each of its shown days.
    for (let day = span[0] < first ? first : span[0]; day <= span[1] && day <= last; day = shiftDate(day, 1)) byDay.set(day, [...(byDay.get(day) ?? []), row]);
  }
  const title = new Date(Date.UTC(month.y, month.m, 1)).toLocaleDateString("en-US", { month: "long", year: "numeric", timeZone: "UTC" });
  const step = (n: number) => setMonth(({ y, m }) => ({ y: m + n < 0 ? y - 1 : m + n > 11 ? y + 1 : y, m: (m + n + 12) % 12 }));

  const drop = async (e: DragEvent, day: string) => {
    e.preventDefault();
    const row = rows.find((r) => r.id === e.dataTransfer.getData("text/plain"));
    const date = row && valueOf(row, prop)?.date;
    if (!row || !date?.start) return;
    // A range dragged by one of its later days moves by that day's distance.
    const delta = daysBetween(e.dataTransfer.getData(DAY_TYPE) || date.start.slice(0, 10), day);
    if (!delta) return;
    setError(null);
    try {
      const next: Json = { start: shiftDate(date.start, delta) };
      if (date.end) next.end = shiftDate(date.end, delta);
      onRow(await api.v1<Json>("PATCH", `/pages/${row.id}`, { properties: { [prop.name]: { date: next } } }));
      announce(`Moved “${titleOf(row) || "Untitled"}” to ${dayLabel(next.start)}`);
    } catch (err) {
      setError(errorText(err));
      announce(`“${titleOf(row) || "Untitled"}” was not moved`);
    }
  };

  return (
    <div className="db-calendar">
      {live}
      <div className="db-calendar-bar">
        <h2 className="db-calendar-title" aria-live="polite">
          {title}
        </h2>
        <button type="button" onClick={() => step(-1)}>
          <span aria-hidden="true">‹</span>
          <span className="visually-hidden">Previous month</span>
        </button>
        <button type="button" onClick={() => setMonth({ y: now.getFullYear(), m: now.getMonth() })}>
          Today
        </button>
        <button type="button" onClick={() => step(1)}>
          <span aria-hidden="true">›</span>
          <span className="visually-hidden">Next month</span>
        </button>
      </div>
      {error && (
        <p role="alert" className="db-error">
          {error}
        </p>
      )}
      <table className="db-calendar-grid">
        <caption className="visually-hidden">
          {title}, by {prop.name}
        </caption>
        <thead>
          <tr>
            {WEEKDAYS.map((d) => (
              <th key={d} scope="col">
                {d}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {Array.from({ length: 6 }, (_, w) => (
            <tr key={w}>
              {days.slice(w * 7, w * 7 + 7).map((day) => {
                const label = dayLabel(day);
                const outside = Number(day.slice(5, 7)) - 1 !== month.m;
                return (
                  <td
                    key={day}
                    className={`db-day${outside ? " outside" : ""}${day === today ? " today" : ""}`}
                    data-day={day}
                    onDragOver={movable ? (e) => e.preventDefault() : undefined}
                    onDrop={movable ? (e) => void drop(e, day) : undefined}
                  >
                    <div className="db-day-head">
                      <span className="db-day-number">{Number(day.slice(8, 10))}</span>
                      {movable && (
                        <button type="button" className="db-day-new" aria-label={`New row on ${label}`} onClick={() => void newRow({ [prop.name]: { date: { start: day } } })}>
                          +
                        </button>
                      )}
                    </div>
                    <ul className="db-day-rows" aria-label={label}>
                      {(byDay.get(day) ?? []).map((row) => (
                        <li
                          key={row.id}
                          className={`db-day-row${startOf.get(row.id)! < day ? " continued" : ""}`}
                          draggable={movable}
                          onDragStart={(e) => {
                            e.dataTransfer.setData("text/plain", row.id);
                            e.dataTransfer.setData(DAY_TYPE, day);
                          }}
                        >
                          <RowTitle row={row} />
                          {movable && (
                            <DateButton
                              row={row}
                              prop={prop}
                              onSaved={(page) => {
                                onRow(page);
                                const start = valueOf(page, prop)?.date?.start;
                                announce(start ? `Moved “${titleOf(page) || "Untitled"}” to ${dayLabel(start)}` : `“${titleOf(page) || "Untitled"}” has no ${prop.name} now`);
                              }}
                            />
                          )}
                        </li>
                      ))}
                    </ul>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      {shownWeeks.error && (
        <p role="alert" className="db-error">
          {shownWeeks.error}
        </p>
      )}
      {shownWeeks.hasMore && (
        <button type="button" className="db-load-more" onClick={shownWeeks.loadMore} aria-busy={shownWeeks.loading}>
          {shownWeeks.loading ? "Loading…" : "Load more"}
          <span className="visually-hidden"> of {title}</span>
        </button>
      )}
    </div>
  );
}

/**
 * The keyboard's way to move a row: its date editor, from a button beside its title (the
 * calendar's "⋯", the timeline's "📅" named with the row's title).
 */
export function DateButton({ row, prop, onSaved, icon = "⋯", label = `Change ${prop.name}`, className = "db-day-move" }: {
  row: Json;
  prop: Prop;
  onSaved: (page: Json) => void;
  icon?: string;
  label?: string;
  className?: string;
}) {
  const [button, setButton] = useState<HTMLButtonElement | null>(null);
  const [open, setOpen] = useState(false);
  const { save, error } = useSaveValue(row, prop, onSaved);
  return (
    <>
      <button type="button" ref={setButton} className={className} onClick={() => setOpen(true)}>
        <span aria-hidden="true">{icon}</span>
        <span className="visually-hidden">{label}</span>
      </button>
      {open && (
        <Popover label={`Edit ${prop.name}`} anchor={button} onClose={() => setOpen(false)}>
          <ValueEditor row={row} prop={prop} value={valueOf(row, prop)} save={save} close={() => setOpen(false)} />
          {error && (
            <p role="alert" className="db-error">
              {error}
            </p>
          )}
        </Popover>
      )}
    </>
  );
}
