/**
 * The calendar layout: a month of weeks (Sunday first, as Notion's default), each row on the day
 * its date property starts; a row dragged to another day moves its date (an end moves with it),
 * "+" on a day makes a row dated that day.
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

const pad = (n: number) => String(n).padStart(2, "0");
const isoDay = (d: Date) => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
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

function daysBetween(a: string, b: string): number {
  const t = (s: string) => Date.UTC(Number(s.slice(0, 4)), Number(s.slice(5, 7)) - 1, Number(s.slice(8, 10)));
  return Math.round((t(b) - t(a)) / 86_400_000);
}

export function CalendarView({ props, view, rows, onRow, newRow }: LayoutProps) {
  const api = useApi();
  const prop = propById(props, view.configuration?.date_property_id);
  const now = new Date();
  const [month, setMonth] = useState({ y: now.getFullYear(), m: now.getMonth() });
  const [error, setError] = useState<string | null>(null);
  const [live, announce] = useAnnouncer();
  if (!prop) return <p className="muted">Choose a date property for this calendar in the view's settings.</p>;
  const movable = prop.type === "date";
  const today = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
  const days = monthGrid(month.y, month.m);
  const byDay = new Map<string, Json[]>();
  for (const row of rows) {
    const v = valueOf(row, prop);
    const day = prop.type === "date" ? dayOf(v?.date) : typeof v?.[prop.type] === "string" ? isoDay(new Date(v[prop.type])) : null;
    if (day) byDay.set(day, [...(byDay.get(day) ?? []), row]);
  }
  const title = new Date(Date.UTC(month.y, month.m, 1)).toLocaleDateString("en-US", { month: "long", year: "numeric", timeZone: "UTC" });
  const step = (n: number) => setMonth(({ y, m }) => ({ y: m + n < 0 ? y - 1 : m + n > 11 ? y + 1 : y, m: (m + n + 12) % 12 }));

  const drop = async (e: DragEvent, day: string) => {
    e.preventDefault();
    const row = rows.find((r) => r.id === e.dataTransfer.getData("text/plain"));
    const date = row && valueOf(row, prop)?.date;
    if (!row || !date?.start) return;
    const delta = daysBetween(date.start.slice(0, 10), day);
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
                        <li key={row.id} className="db-day-row" draggable={movable} onDragStart={(e) => e.dataTransfer.setData("text/plain", row.id)}>
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
