/**
 * The map layout: rows whose place property (`configuration.map_by`) has a latitude and longitude,
 * drawn as named dots on a plain latitude/longitude grid (equirectangular, fitted to the places)
 * and listed beside it; rows without a place are listed apart. There are no map tiles: Quire and
 * its app fetch nothing from other sites (many installs have no internet), so no streets or coasts.
 */
import type { Json } from "../api";
import { RowTitle } from "./PropertyValue";
import { propById, valueOf } from "./model";
import type { LayoutProps } from "./TableView";

interface Placed {
  row: Json;
  lat: number;
  lon: number;
  name: string;
}

/** The grid's step in degrees for a span (about four to eight lines). */
function gridStep(span: number): number {
  for (const s of [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30, 45]) if (span / s <= 8) return s;
  return 60;
}

/** "48.86° N, 2.35° E". */
export function coords(lat: number, lon: number): string {
  const f = (n: number) => Math.abs(n).toFixed(2).replace(/\.?0+$/, "");
  return `${f(lat)}° ${lat >= 0 ? "N" : "S"}, ${f(lon)}° ${lon >= 0 ? "E" : "W"}`;
}

export function MapView({ props, view, rows }: LayoutProps) {
  const prop = propById(props, view.configuration?.map_by) ?? props.find((p) => p.type === "place");
  if (!prop) return <p className="muted">This map needs a place property: add one to the data source, then choose it in the view's settings.</p>;
  const placed: Placed[] = [];
  const unplaced: Json[] = [];
  for (const row of rows) {
    const v = valueOf(row, prop)?.place;
    if (v && typeof v.lat === "number" && typeof v.lon === "number") placed.push({ row, lat: v.lat, lon: v.lon, name: v.name ?? v.address ?? coords(v.lat, v.lon) });
    else unplaced.push(row);
  }
  // The box shown: the places' bounds with a margin (at least 2° across), clamped to the world.
  const lats = placed.map((p) => p.lat);
  const lons = placed.map((p) => p.lon);
  const pad = (lo: number, hi: number, min: number) => {
    const span = Math.max(hi - lo, min);
    const mid = (lo + hi) / 2;
    return [mid - span * 0.65, mid + span * 0.65];
  };
  let [s, n] = placed.length ? pad(Math.min(...lats), Math.max(...lats), 2) : [-90, 90];
  let [w, e] = placed.length ? pad(Math.min(...lons), Math.max(...lons), 2) : [-180, 180];
  s = Math.max(-90, s);
  n = Math.min(90, n);
  w = Math.max(-180, w);
  e = Math.min(180, e);
  const W = 640;
  const H = Math.max(240, Math.min(420, (W * (n - s)) / (e - w)));
  const x = (lon: number) => ((lon - w) / (e - w)) * W;
  const y = (lat: number) => ((n - lat) / (n - s)) * H;
  const step = gridStep(Math.max(n - s, e - w));
  const lines = (lo: number, hi: number) => {
    const out: number[] = [];
    for (let v = Math.ceil(lo / step) * step; v <= hi + 1e-9; v += step) out.push(Math.round(v * 1000) / 1000);
    return out;
  };
  const caption = `${placed.length} ${placed.length === 1 ? "place" : "places"} by ${prop.name}`;
  return (
    <div className="db-map">
      <p className="muted db-map-note">No map tiles: Quire fetches nothing from other sites, so places are drawn on a latitude/longitude grid.</p>
      <figure className="db-map-figure">
        <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`${caption}: ${placed.map((p) => p.name).join(", ") || "none"}`}>
          <rect x={0} y={0} width={W} height={H} className="db-map-sea" />
          {lines(s, n).map((lat) => (
            <g key={`lat${lat}`}>
              <line x1={0} x2={W} y1={y(lat)} y2={y(lat)} className="db-map-grid" />
              <text x={4} y={y(lat) - 3} className="db-map-axis">
                {coords(lat, 0).split(",")[0]}
              </text>
            </g>
          ))}
          {lines(w, e).map((lon) => (
            <g key={`lon${lon}`}>
              <line x1={x(lon)} x2={x(lon)} y1={0} y2={H} className="db-map-grid" />
              <text x={x(lon) + 3} y={H - 4} className="db-map-axis">
                {coords(0, lon).split(", ")[1]}
              </text>
            </g>
          ))}
          {placed.map((p) => (
            <g key={p.row.id}>
              <circle cx={x(p.lon)} cy={y(p.lat)} r={6} className="db-map-pin" />
              <text x={x(p.lon) + 9} y={y(p.lat) + 4} className="db-map-label">
                {p.name}
              </text>
            </g>
          ))}
        </svg>
        <figcaption className="visually-hidden">{caption}</figcaption>
      </figure>
      <h3 className="db-map-heading">Places</h3>
      {placed.length === 0 ? (
        <p className="muted">No row has a place yet.</p>
      ) : (
        <ul className="db-list db-map-list" aria-label="Places">
          {placed.map((p) => (
            <li key={p.row.id} className="db-list-row">
              <RowTitle row={p.row} />
              <span>
                {p.name} <span className="muted">({coords(p.lat, p.lon)})</span>
              </span>
            </li>
          ))}
        </ul>
      )}
      {unplaced.length > 0 && (
        <>
          <h3 className="db-map-heading">Without a place</h3>
          <ul className="db-list" aria-label="Without a place">
            {unplaced.map((row) => (
              <li key={row.id} className="db-list-row">
                <RowTitle row={row} />
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
