/**
 * The chart layout: the view's rows grouped by `configuration.x_axis` (a group-by) and measured
 * by `y_axis` (an aggregation; a count of rows when none), drawn by hand in SVG as the
 * `chart_type` says (column, bar, line, donut, or one number). The figures come from the view's
 * query (`POST /v1/data_sources/:id/query` with its filter), read to a cap the screen states;
 * the same figures are offered as a table for screen readers and keyboard users.
 */
import { useEffect, useState } from "react";
import type { Json } from "../api";
import { useApi } from "../context";
import { useDbContext } from "./db-context";
import { errorText, formatNumber, propById, valueOf, valueText, type Prop } from "./model";
import type { LayoutProps } from "./TableView";

/** The most rows a chart reads (ten pages of 100). */
export const CHART_ROW_CAP = 1000;
const HEIGHTS: Record<string, number> = { small: 200, medium: 280, large: 380, extra_large: 480 };
const COLORS = ["rgb(35, 131, 226)", "rgb(217, 115, 13)", "rgb(68, 131, 97)", "rgb(144, 101, 176)", "rgb(212, 76, 71)", "rgb(203, 145, 47)", "rgb(193, 76, 138)", "rgb(159, 107, 83)", "rgb(120, 119, 116)"];

export interface Figure {
  label: string;
  value: number;
  /** With `stack_by`: the group's figure per stack group, in the legend's order (zeros kept). */
  parts?: Figure[];
}

/** The rows of each group of `prop` (options in the schema's order first, so empty ones show). */
function groupRows(rows: Json[], prop: Prop, group: Json, users: Map<string, string>): Map<string, Json[]> {
  const groups = new Map<string, Json[]>();
  for (const o of prop.config.options ?? []) groups.set(o.name, []);
  if (prop.type === "checkbox") for (const k of ["Checked", "Unchecked"]) groups.set(k, []);
  for (const row of rows) for (const k of groupKeys(row, prop, group, users)) groups.set(k, [...(groups.get(k) ?? []), row]);
  return groups;
}

/** The stack groups' names of a chart with `stack_by` (the legend), in order; [] without one. */
export function stackLabels(rows: Json[], props: Prop[], configuration: Json, users: Map<string, string>): string[] {
  const prop = propById(props, configuration.stack_by?.property_id);
  if (!prop) return [];
  const labels = [...groupRows(rows, prop, configuration.stack_by, users)].filter(([, rs]) => rs.length || !configuration.stack_by.hide_empty_groups).map(([l]) => l);
  return labels;
}

/** The group keys of a row's value for a group-by (options and people split a row into several). */
function groupKeys(row: Json, prop: Prop, group: Json, users: Map<string, string>): string[] {
  const v = valueOf(row, prop);
  if (!v) return ["(empty)"];
  switch (v.type) {
    case "multi_select":
      return v.multi_select?.length ? v.multi_select.map((o: Json) => o.name) : ["(empty)"];
    case "people":
      return v.people?.length ? v.people.map((u: Json) => u.name ?? users.get(u.id) ?? "Someone") : ["(empty)"];
    case "checkbox":
      return [v.checkbox ? "Checked" : "Unchecked"];
    case "date":
    case "created_time":
    case "last_edited_time": {
      const iso: string | undefined = v.type === "date" ? v.date?.start : v[v.type];
      if (!iso) return ["(empty)"];
      const by = group.group_by ?? "month";
      if (by === "year") return [iso.slice(0, 4)];
      if (by === "day") return [iso.slice(0, 10)];
      return [iso.slice(0, 7)];
    }
    default: {
      const t = valueText(v, prop, users);
      if (!t) return ["(empty)"];
      return [group.group_by === "alphabet_prefix" ? t.slice(0, 1).toUpperCase() : t];
    }
  }
}

/** A number of a row's value for sums and averages (numbers, formulas and rollups giving numbers). */
function numberOf(v: Json | undefined): number | null {
  if (!v) return null;
  if (typeof v.number === "number") return v.number;
  if (v.type === "formula" && typeof v.formula?.number === "number") return v.formula.number;
  if (v.type === "rollup" && typeof v.rollup?.number === "number") return v.rollup.number;
  return null;
}

const isEmpty = (v: Json | undefined, prop: Prop) => !v || valueText(v, prop) === "" || (v.type === "checkbox" && !v.checkbox);

/** Aggregates `rows` as `agg` says (`count` when absent or not understood). */
export function aggregate(rows: Json[], agg: Json | undefined, prop: Prop | undefined): number {
  const how: string = agg?.aggregator ?? "count";
  if (!prop || how === "count") return rows.length;
  const values = rows.map((r) => valueOf(r, prop));
  const nums = values.map(numberOf).filter((n): n is number => n !== null).sort((a, b) => a - b);
  switch (how) {
    case "count_values":
    case "not_empty":
      return values.filter((v) => !isEmpty(v, prop)).length;
    case "empty":
      return values.filter((v) => isEmpty(v, prop)).length;
    case "unique":
      return new Set(values.filter((v) => !isEmpty(v, prop)).map((v) => valueText(v, prop))).size;
    case "checked":
      return values.filter((v) => v?.checkbox === true).length;
    case "unchecked":
      return values.filter((v) => v?.checkbox !== true).length;
    case "percent_empty":
      return rows.length ? (values.filter((v) => isEmpty(v, prop)).length / rows.length) * 100 : 0;
    case "percent_not_empty":
      return rows.length ? (values.filter((v) => !isEmpty(v, prop)).length / rows.length) * 100 : 0;
    case "percent_checked":
      return rows.length ? (values.filter((v) => v?.checkbox === true).length / rows.length) * 100 : 0;
    case "percent_unchecked":
      return rows.length ? (values.filter((v) => v?.checkbox !== true).length / rows.length) * 100 : 0;
    case "sum":
      return nums.reduce((a, b) => a + b, 0);
    case "average":
      return nums.length ? nums.reduce((a, b) => a + b, 0) / nums.length : 0;
    case "median":
      return nums.length ? (nums.length % 2 ? nums[(nums.length - 1) / 2] : (nums[nums.length / 2 - 1] + nums[nums.length / 2]) / 2) : 0;
    case "min":
      return nums.length ? nums[0] : 0;
    case "max":
      return nums.length ? nums[nums.length - 1] : 0;
    case "range":
      return nums.length ? nums[nums.length - 1] - nums[0] : 0;
    default:
      return rows.length;
  }
}

/** The figures of a chart: one per group, in the configured order. */
export function chartFigures(rows: Json[], props: Prop[], configuration: Json, users: Map<string, string>): Figure[] {
  const agg: Json | undefined = configuration.y_axis ?? configuration.value;
  const measured = propById(props, agg?.property_id);
  const x = configuration.x_axis;
  const xProp = propById(props, x?.property_id ?? configuration.x_axis_property_id);
  if (!xProp) return [{ label: "All rows", value: aggregate(rows, agg, measured) }];
  // Options in the schema's order first (Notion's manual order), so empty options still show.
  const groups = groupRows(rows, xProp, x ?? {}, users);
  const stackProp = propById(props, configuration.stack_by?.property_id);
  const stacks = stackLabels(rows, props, configuration, users);
  const partsOf = (rs: Json[]): Figure[] | undefined => {
    if (!stackProp) return undefined;
    const by = groupRows(rs, stackProp, configuration.stack_by, users);
    return stacks.map((label) => ({ label, value: aggregate(by.get(label) ?? [], agg, measured) }));
  };
  let out = [...groups].map(([label, rs]) => ({ label, value: aggregate(rs, agg, measured), n: rs.length, parts: partsOf(rs) }));
  if (configuration.hide_empty_groups || x?.hide_empty_groups) out = out.filter((f) => f.n > 0);
  const sort: string | undefined = configuration.sort;
  if (sort === "x_ascending") out.sort((a, b) => a.label.localeCompare(b.label));
  if (sort === "x_descending") out.sort((a, b) => b.label.localeCompare(a.label));
  if (sort === "y_ascending") out.sort((a, b) => a.value - b.value);
  if (sort === "y_descending") out.sort((a, b) => b.value - a.value);
  const figures = out.map(({ label, value, parts }) => (parts ? { label, value, parts } : { label, value }));
  return configuration.cumulative && configuration.chart_type === "line" ? cumulate(figures) : figures;
}

/** Running totals along the x axis (a line chart's `cumulative`), each group's line its own. */
export function cumulate(figures: Figure[]): Figure[] {
  let total = 0;
  const totals: number[] = [];
  return figures.map((f) => {
    total += f.value;
    const parts = f.parts?.map((p, j) => {
      totals[j] = (totals[j] ?? 0) + p.value;
      return { label: p.label, value: totals[j] };
    });
    return parts ? { label: f.label, value: total, parts } : { label: f.label, value: total };
  });
}

/** A chart's configuration as drawn: donuts and numbers have no stacks (`stack_by` is for bars, columns and lines). */
export function drawnConfiguration(config: Json): Json {
  const type: string = config.chart_type ?? "column";
  if ((type === "donut" || type === "number") && config.stack_by) {
    const { stack_by: _stack, ...rest } = config;
    return rest;
  }
  return config;
}

/** What the figures measure, in words ("Count", "Sum of Points"). */
function measureName(agg: Json | undefined, props: Prop[]): string {
  const how: string = agg?.aggregator ?? "count";
  const p = propById(props, agg?.property_id);
  const word = how.replace(/_/g, " ").replace(/^./, (c) => c.toUpperCase());
  return how === "count" || !p ? "Count" : `${word} of ${p.name}`;
}

/** Reads the view's rows (its filter and sorts) up to the cap; again when `shown` (the rows the screen holds) changes in number. */
function useAllRows(dataSourceId: string, filter: Json | null, sorts: Json[] | null, shown: number) {
  const api = useApi();
  const [state, setState] = useState<{ rows: Json[] | null; capped: boolean; error: string | null }>({ rows: null, capped: false, error: null });
  const key = JSON.stringify([filter, sorts, shown]);
  useEffect(() => {
    let live = true;
    (async () => {
      const rows: Json[] = [];
      let cursor: string | null = null;
      do {
        const body: Json = { page_size: 100 };
        if (filter) body.filter = filter;
        if (sorts?.length) body.sorts = sorts;
        if (cursor) body.start_cursor = cursor;
        const page = await api.v1<Json>("POST", `/data_sources/${dataSourceId}/query`, body);
        rows.push(...(page.results as Json[]));
        cursor = page.has_more ? page.next_cursor : null;
      } while (cursor && rows.length < CHART_ROW_CAP && live);
      if (live) setState({ rows, capped: !!cursor, error: null });
    })().catch((e) => live && setState({ rows: null, capped: false, error: errorText(e) }));
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api, dataSourceId, key]);
  return state;
}

export function ChartView({ props, view, dataSourceId, rows: shownRows }: LayoutProps) {
  const { users } = useDbContext();
  const config = drawnConfiguration(view.configuration ?? {});
  // A row made with "New" changes the screen's rows: the figures are read again.
  const read = useAllRows(dataSourceId, view.filter, view.sorts, shownRows.length);
  const rows = read.rows;
  if (read.error) return <p role="alert" className="db-error db-chart-error">{read.error}</p>;
  if (!rows) return <p aria-busy="true">Reading the rows…</p>;
  const figures = chartFigures(rows, props, config, users);
  const agg = config.y_axis ?? config.value;
  const measure = measureName(agg, props);
  const xProp = propById(props, config.x_axis?.property_id ?? config.x_axis_property_id);
  const fmt = (n: number) => (String(agg?.aggregator ?? "").startsWith("percent") ? `${formatNumber(Math.round(n * 10) / 10)}%` : formatNumber(Math.round(n * 100) / 100));
  const type: string = config.chart_type ?? "column";
  const title = `${config.cumulative && type === "line" ? "Cumulative " + measure.replace(/^./, (c) => c.toLowerCase()) : measure}${xProp ? ` by ${xProp.name}` : ""}`;
  const height = HEIGHTS[config.height] ?? HEIGHTS.medium;
  const stacks = figures[0]?.parts?.map((p) => p.label) ?? [];
  const stackProp = propById(props, config.stack_by?.property_id);
  // Without `legend_position`, a donut's legend stands beside it and a stack's below.
  const legend: string = config.legend_position ?? (type === "donut" ? "side" : "bottom");
  // A donut's share of each slice (of the positive figures' total), for its legend and table.
  const total = figures.reduce((a, f) => a + Math.max(0, f.value), 0);
  const share = (v: number) => `${total ? formatNumber(Math.round((Math.max(0, v) / total) * 1000) / 10) : 0}%`;
  const stackLegend = stacks.length > 0 && legend !== "off" && (
    <ul className={`db-chart-legend db-chart-stacks${legend === "side" ? " side" : ""}`} aria-label={`${type === "line" ? "Lines by" : "Stacked by"} ${stackProp?.name ?? ""}`}>
      {stacks.map((s, i) => (
        <li key={s}>
          <span className={`db-chart-swatch${type === "line" ? " line" : ""}`} aria-hidden="true" style={{ background: COLORS[i % COLORS.length] }} /> {s}
        </li>
      ))}
    </ul>
  );
  return (
    <figure className="db-chart">
      {!config.hide_title && <figcaption className="db-chart-title">{config.caption || title}</figcaption>}
      {type === "number" ? (
        <p className="db-chart-number">{fmt(aggregate(rows, agg, propById(props, agg?.property_id)))}</p>
      ) : type === "donut" ? (
        <Donut figures={figures} height={height} fmt={fmt} share={share} title={title} config={config} groupName={xProp?.name ?? "Rows"} legend={legend} />
      ) : (
        <div className={`db-chart-plot${legend === "side" && stacks.length ? " side" : ""}`}>
          <ChartSvg type={type} figures={figures} height={height} fmt={fmt} title={title} config={config} />
          {stackLegend}
        </div>
      )}
      <p className="muted db-chart-note">
        {read.capped ? `Figures from the first ${CHART_ROW_CAP.toLocaleString("en-US")} rows of this view (a chart reads at most that many).` : `Figures from all ${rows.length.toLocaleString("en-US")} rows of this view.`}
      </p>
      <details className="db-chart-data">
        <summary>Show the figures as a table</summary>
        <table className="db-table">
          <caption className="visually-hidden">{title}</caption>
          <thead>
            <tr>
              <th scope="col">{xProp?.name ?? "Rows"}</th>
              <th scope="col">{measure}</th>
              {type === "donut" && <th scope="col">Share</th>}
              {stacks.map((s) => (
                <th key={s} scope="col">
                  {stackProp?.name}: {s}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {figures.map((f) => (
              <tr key={f.label}>
                <th scope="row">{f.label}</th>
                <td className="db-number">{fmt(f.value)}</td>
                {type === "donut" && <td className="db-number">{share(f.value)}</td>}
                {f.parts?.map((p) => (
                  <td key={p.label} className="db-number">
                    {fmt(p.value)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}

/**
 * A donut: one slice per group in the figures' order (slices of nothing not drawn), the total in
 * its hole, `donut_labels` on the slices, and a legend (`legend_position`: below, beside or none)
 * naming each group with its figure and share.
 */
function Donut({ figures, height, fmt, share, title, config, groupName, legend }: { figures: Figure[]; height: number; fmt: (n: number) => string; share: (v: number) => string; title: string; config: Json; groupName: string; legend: string }) {
  const total = figures.reduce((a, f) => a + Math.max(0, f.value), 0);
  const r = 80;
  const at = (a: number, radius = r) => ({ x: 100 + radius * Math.cos(a), y: 100 + radius * Math.sin(a) });
  const p = (a: number) => `${at(a).x} ${at(a).y}`;
  const labels: string = config.donut_labels ?? "none";
  let angle = -Math.PI / 2;
  const slices = figures.map((f, i) => {
    const sweep = total ? (Math.max(0, f.value) / total) * Math.PI * 2 : 0;
    const a0 = angle;
    angle += sweep;
    if (sweep <= 0) return null;
    const large = sweep > Math.PI ? 1 : 0;
    const d = sweep >= Math.PI * 2 - 1e-6 ? `M ${p(a0)} A ${r} ${r} 0 1 1 ${p(a0 + Math.PI)} A ${r} ${r} 0 1 1 ${p(a0)}` : `M ${p(a0)} A ${r} ${r} 0 ${large} 1 ${p(angle)}`;
    const midAngle = a0 + sweep / 2;
    const mid = at(midAngle, r + 30);
    const text = labels === "value" ? fmt(f.value) : labels === "name" ? f.label : labels === "name_and_value" ? `${f.label} ${fmt(f.value)}` : "";
    return (
      <g key={f.label} data-slice={f.label}>
        <path d={d} fill="none" stroke={COLORS[i % COLORS.length]} strokeWidth={36} />
        {text && (
          <text x={mid.x} y={mid.y + 4} textAnchor={Math.abs(Math.cos(midAngle)) < 0.3 ? "middle" : Math.cos(midAngle) > 0 ? "start" : "end"} className="db-chart-text">
            {text.length > 12 ? `${text.slice(0, 11)}…` : text}
          </text>
        )}
      </g>
    );
  });
  const label = `${title}: ${figures.map((f) => `${f.label} ${fmt(f.value)} (${share(f.value)})`).join(", ")}; total ${fmt(total)}`;
  return (
    <div className={`db-chart-donut${legend === "side" ? " side" : ""}${labels === "none" ? "" : " labelled"}`}>
      <svg viewBox={labels === "none" ? "0 0 200 200" : "-70 -30 340 260"} role="img" aria-label={label} style={{ maxHeight: height }}>
        {slices}
        <text x={100} y={104} textAnchor="middle" className="db-chart-donut-total">
          {fmt(total)}
        </text>
      </svg>
      {legend !== "off" && (
        <ul className="db-chart-legend" aria-label={groupName}>
          {figures.map((f, i) => (
            <li key={f.label}>
              <span className="db-chart-swatch" aria-hidden="true" style={{ background: COLORS[i % COLORS.length] }} /> {f.label} · {fmt(f.value)} · {share(f.value)}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** The figures drawn: columns, bars or lines (viewBox units; the SVG scales to its box). */
function ChartSvg({ type, figures, height, fmt, title, config }: { type: string; figures: Figure[]; height: number; fmt: (n: number) => string; title: string; config: Json }) {
  const stacked = figures.some((f) => f.parts);
  // Lines are drawn one per group, each from zero: the scale is the largest point, not a stack's sum.
  const max = Math.max(1, ...figures.map((f) => (f.parts ? (type === "line" ? Math.max(0, ...f.parts.map((p) => p.value)) : f.parts.reduce((a, p) => a + Math.max(0, p.value), 0)) : f.value)));
  const short = (s: string) => (s.length > 14 ? `${s.slice(0, 13)}…` : s);
  const partsText = (f: Figure) => (f.parts ? ` (${f.parts.filter((p) => p.value).map((p) => `${p.label} ${fmt(p.value)}`).join(", ")})` : "");
  const series = stacked ? (figures[0].parts ?? []).map((s, j) => ({ label: s.label, values: figures.map((f) => f.parts?.[j]?.value ?? 0) })) : [];
  const label =
    type === "line" && stacked
      ? `${title}: ${series.map((s) => `${s.label}: ${figures.map((f, i) => `${f.label} ${fmt(s.values[i])}`).join(", ")}`).join("; ")}`
      : `${title}: ${figures.map((f) => `${f.label} ${fmt(f.value)}${partsText(f)}`).join(", ")}`;
  // A stacked figure's segments, each from where the one before it ended (negative parts skipped).
  const segments = (f: Figure) => {
    let at = 0;
    return (f.parts ?? [{ label: f.label, value: f.value }]).map((p, j) => {
      const from = at;
      at += Math.max(0, p.value);
      return { key: p.label, from, to: at, color: COLORS[(f.parts ? j : 0) % COLORS.length] };
    });
  };
  const W = 600;
  const H = height;
  const left = 44;
  const bottom = 40;
  const plotW = W - left - 10;
  const plotH = H - bottom - 16;
  const n = Math.max(1, figures.length);
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((t) => t * max);
  if (type === "bar") {
    const rowH = Math.max(18, Math.min(40, (H - 20) / n));
    const h = rowH * n + 20;
    const lw = 110;
    return (
      <svg className="db-chart-svg" viewBox={`0 0 ${W} ${h}`} role="img" aria-label={label}>
        {figures.map((f, i) => {
          const w = ((W - lw - 60) * (f.parts ? segments(f).at(-1)?.to ?? 0 : Math.max(0, f.value))) / max;
          return (
            <g key={f.label}>
              <text x={lw - 6} y={10 + i * rowH + rowH / 2 + 4} textAnchor="end" className="db-chart-text">
                {short(f.label)}
              </text>
              {segments(f).map((seg) => (
                <rect key={seg.key} x={lw + ((W - lw - 60) * seg.from) / max} y={10 + i * rowH + 3} width={((W - lw - 60) * (seg.to - seg.from)) / max} height={rowH - 6} rx={f.parts ? 0 : 3} fill={seg.color} data-part={f.parts ? seg.key : undefined} />
              ))}
              <text x={lw + w + 4} y={10 + i * rowH + rowH / 2 + 4} className="db-chart-text">
                {fmt(f.value)}
              </text>
            </g>
          );
        })}
      </svg>
    );
  }
  const slot = plotW / n;
  const y = (v: number) => 16 + plotH - (plotH * Math.max(0, v)) / max;
  const xAt = (i: number) => left + slot * i + slot / 2;
  // Each line through its points: straight, or with `smooth_line` curves level at each point (so
  // never beyond its neighbours' values); unless `hide_line_fill_area`, a faint area down to the axis.
  const lines = (stacked ? series : [{ label: "", values: figures.map((f) => f.value) }]).map((s, j) => {
    const pts = s.values.map((v, i) => [xAt(i), y(v)] as const);
    const through = pts.map(([px, py], i) => {
      if (i === 0) return `${px},${py}`;
      const [qx, qy] = pts[i - 1];
      return config.smooth_line ? `C${(qx + px) / 2},${qy} ${(qx + px) / 2},${py} ${px},${py}` : `L${px},${py}`;
    });
    const d = pts.length ? `M${through.join(" ")}` : "";
    const color = COLORS[j % COLORS.length];
    return (
      <g key={s.label || "line"} data-series={stacked ? s.label : undefined}>
        {!config.hide_line_fill_area && pts.length > 0 && <path className="db-chart-area" d={`M${xAt(0)},${y(0)} L${through.join(" ")} L${xAt(pts.length - 1)},${y(0)} Z`} fill={color} fillOpacity={stacked ? 0.08 : 0.12} stroke="none" />}
        <path className="db-chart-line" fill="none" stroke={color} strokeWidth={2} d={d} />
        {s.values.map((v, i) => (
          <circle key={figures[i].label} cx={xAt(i)} cy={y(v)} r={3.5} fill={color} />
        ))}
      </g>
    );
  });
  return (
    <svg className="db-chart-svg" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={label}>
      {ticks.map((t) => (
        <g key={t}>
          <line x1={left} x2={W - 10} y1={y(t)} y2={y(t)} className="db-chart-grid" />
          <text x={left - 6} y={y(t) + 4} textAnchor="end" className="db-chart-text">
            {fmt(t)}
          </text>
        </g>
      ))}
      {type === "line"
        ? lines
        : figures.map((f, i) => (
            <g key={f.label}>
              {segments(f).map((seg) => (
                <rect key={seg.key} x={left + slot * i + slot * 0.2} y={y(seg.to)} width={slot * 0.6} height={y(seg.from) - y(seg.to)} rx={f.parts ? 0 : 3} fill={seg.color} data-part={f.parts ? seg.key : undefined} />
              ))}
            </g>
          ))}
      {figures.map((f, i) => (
        <text key={f.label} x={xAt(i)} y={H - bottom + 18} textAnchor="middle" className="db-chart-text">
          {n > 12 ? "" : short(f.label)}
        </text>
      ))}
    </svg>
  );
}
