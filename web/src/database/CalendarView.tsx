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
/** Lanes a day shows; past them its last line is "+N more" (the cell's height holds three). */
export const DAY_LANES = 3;
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

/** One row's bar in a week: from column `col` for `days` days, in `lane` (0 on top). */
export interface WeekBar {
  row: Json;
  col: number;
  days: number;
  lane: number;
  /** It began in an earlier week / goes on into the next. */
  before: boolean;
  after: boolean;
}

/**
 * The bars of one week (`week`: its 7 days): each row whose span meets the week is one bar over
 * the days it covers there, split at the week's ends. Lanes as Notion stacks them: the earliest
 * and then longest bar first, each in the first lane free over all its days.
 */
export function weekLanes(rows: Json[], spans: Map<string, [string, string]>, week: string[]): WeekBar[] {
  const [from, to] = [week[0], week[week.length - 1]];
  const bars: WeekBar[] = [];
  for (const row of rows) {
    const span = spans.get(row.id);
    if (!span || span[1] < from || span[0] > to) continue;
    const col = span[0] < from ? 0 : daysBetween(from, span[0]);
    const end = span[1] > to ? week.length - 1 : daysBetween(from, span[1]);
    bars.push({ row, col, days: end - col + 1, lane: 0, before: span[0] < from, after: span[1] > to });
  }
  bars.sort((a, b) => a.col - b.col || b.days - a.days);
  const taken: boolean[][] = [];
  for (const bar of bars) {
    let lane = 0;
    while (taken[lane]?.slice(bar.col, bar.col + bar.days).some(Boolean)) lane++;
    taken[lane] ??= [];
    for (let c = bar.col; c < bar.col + bar.days; c++) taken[lane][c] = true;
    bar.lane = lane;
  }
  return bars;
}

/**
 * What fits in a week's cells: each day shows its lanes, or, with more than DAY_LANES, the first
 * DAY_LANES - 1 and a "+N more" line. A bar is drawn only where every day it covers has room for
 * its lane (else it is in those days' "+N more"). Returns each day's lane count and the drawn bars.
 */
export function fitLanes(bars: WeekBar[], days: number): { limits: number[]; shown: Set<WeekBar> } {
  const limits = Array.from({ length: days }, (_, col) => {
    const full = bars.reduce((n, b) => (b.col <= col && col < b.col + b.days ? Math.max(n, b.lane + 1) : n), 0);
    return full > DAY_LANES ? DAY_LANES - 1 : full;
  });
  const shown = new Set(bars.filter((b) => limits.slice(b.col, b.col + b.days).every((l) => b.lane < l)));
  return { limits, shown };
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
  const weeks = Array.from({ length: 6 }, (_, w) => days.slice(w * 7, w * 7 + 7));
  const spans = new Map<string, [string, string]>();
  for (const row of rows) {
    const span = spanOf(row, prop);
    if (span && span[1] >= first && span[0] <= last) spans.set(row.id, span);
  }
  const shown = rows.filter((r) => spans.has(r.id));
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
          {weeks.map((week, w) => {
            const lanes = weekLanes(shown, spans, week);
            const { limits, shown: shownBars } = fitLanes(lanes, week.length);
            return (
              <tr key={w}>
                {week.map((day, col) => {
                  const label = dayLabel(day);
                  const outside = Number(day.slice(5, 7)) - 1 !== month.m;
                  const here = lanes.filter((b) => b.col <= col && col < b.col + b.days);
                  const depth = limits[col];
                  const more = here.filter((b) => !shownBars.has(b));
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
                        {Array.from({ length: depth }, (_, lane) => {
                          const bar = here.find((b) => b.lane === lane);
                          // A lane kept by a bar from an earlier day of the week, or by none: a
                          // spacer, so each bar stays on one line across its days.
                          if (!bar || bar.col !== col || !shownBars.has(bar)) return <li key={`lane-${lane}`} className="db-day-lane" aria-hidden="true" />;
                          const { row } = bar;
                          const [start, end] = spans.get(row.id)!;
                          return (
                            <li
                              key={row.id}
                              className={`db-day-row${bar.days > 1 || start !== end ? " db-day-bar" : ""}${bar.before ? " continued" : ""}${bar.after ? " continues" : ""}`}
                              data-days={bar.days}
                              style={bar.days > 1 ? { width: `calc(${bar.days} * 100% + ${bar.days - 1} * var(--day-gap))` } : undefined}
                              draggable={movable}
                              onDragStart={(e) => {
                                // The day under the pointer, so a bar dragged by a later day moves by that day's distance.
                                const box = e.currentTarget.getBoundingClientRect();
                                const at = Math.min(bar.days - 1, Math.max(0, Math.floor(((e.clientX - box.left) / box.width) * bar.days)));
                                e.dataTransfer.setData("text/plain", row.id);
                                e.dataTransfer.setData(DAY_TYPE, week[col + at]);
                              }}
                            >
                              {bar.before && (
                                <span aria-hidden="true" className="db-day-cont">
                                  ‹
                                </span>
                              )}
                              <RowTitle row={row} />
                              {bar.after && (
                                <span aria-hidden="true" className="db-day-cont">
                                  ›
                                </span>
                              )}
                              {start !== end && (
                                <span className="visually-hidden">
                                  , {dayLabel(start)} to {dayLabel(end)}
                                  {bar.after ? ", continues next week" : ""}
                                </span>
                              )}
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
                          );
                        })}
                      </ul>
                      {more.length > 0 && <MoreItems day={label} bars={[...here].sort((a, b) => a.lane - b.lane)} hidden={more.length} />}
                    </td>
                  );
                })}
              </tr>
            );
          })}
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
 * A day's "+N more" (its items past the lanes the cell shows): a popover listing all of the day's
 * items, each a link to its row page (a click opens the side peek, as on the calendar); choosing
 * one closes the list.
 */
function MoreItems({ day, bars, hidden }: { day: string; bars: WeekBar[]; hidden: number }) {
  const [button, setButton] = useState<HTMLButtonElement | null>(null);
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" ref={setButton} className="db-day-more" aria-haspopup="dialog" aria-expanded={open} onClick={() => setOpen(!open)}>
        +{hidden} more<span className="visually-hidden"> on {day}</span>
      </button>
      {open && (
        <Popover label={day} anchor={button} onClose={() => setOpen(false)}>
          <ul className="db-day-all" aria-label={`Items on ${day}`} onClick={(e) => (e.target as HTMLElement).closest("a") && setOpen(false)}>
            {bars.map(({ row }, i) => (
              <li key={row.id}>
                <RowTitle row={row} autoFocus={i === 0} />
              </li>
            ))}
          </ul>
        </Popover>
      )}
    </>
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
