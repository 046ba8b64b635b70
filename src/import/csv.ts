/**
 * The CSV of a Notion database export (RFC 4180, UTF-8 with a byte-order mark, header row first,
 * the title property first) and the property types its columns most likely had: Notion's export
 * writes every value as text, so types are inferred from the values (docs/design/import-mirror.md).
 */

/** Rows of a CSV text (the BOM dropped; quoted fields may hold commas, quotes and line breaks). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  const s = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quoted) {
      if (c === '"' && s[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") row.push(field), (field = "");
    else if (c === "\n" || c === "\r") {
      if (c === "\r" && s[i + 1] === "\n") i++;
      row.push(field), rows.push(row), (row = []), (field = "");
    } else field += c;
  }
  if (field !== "" || row.length) row.push(field), rows.push(row);
  return rows.filter((r) => r.length > 1 || r[0] !== "");
}

/** A property type the import creates. */
export type InferredType = "title" | "rich_text" | "number" | "checkbox" | "date" | "url" | "email" | "select" | "multi_select";

/** One column's inferred type, and why it is text when it probably was not (a report line). */
export interface ColumnType {
  name: string;
  type: InferredType;
  note?: string;
}

const MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];
const pad = (n: number) => String(n).padStart(2, "0");

/**
 * One date as Notion's export writes it in each of its date formats — "June 27, 2026" (Full
 * date, the default), "06/27/2026", "27/06/2026" is ambiguous and read as month first, "2026/06/27",
 * ISO — with an optional "2:30 PM" or "14:30" — as an ISO date or date-time, else null.
 */
function isoDate(s: string): string | null {
  const m = /^(?:([A-Za-z]+) (\d{1,2}), (\d{4})|(\d{1,2})\/(\d{1,2})\/(\d{4})|(\d{4})[/-](\d{1,2})[/-](\d{1,2}))(?:[ T](\d{1,2}):(\d{2})(?::\d{2}(?:\.\d+)?)? ?([AaPp][Mm])?)?$/.exec(s.trim());
  if (!m) return null;
  let y: number, mo: number, d: number;
  if (m[1]) {
    mo = MONTHS.findIndex((n) => n.startsWith(m[1].toLowerCase()) && m[1].length >= 3) + 1;
    (d = +m[2]), (y = +m[3]);
  } else if (m[4]) (mo = +m[4]), (d = +m[5]), (y = +m[6]);
  else (y = +m[7]), (mo = +m[8]), (d = +m[9]);
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return null;
  const date = `${y}-${pad(mo)}-${pad(d)}`;
  if (m[10] === undefined) return date;
  let h = +m[10];
  const ampm = m[12]?.toLowerCase();
  if (ampm === "pm" && h < 12) h += 12;
  if (ampm === "am" && h === 12) h = 0;
  return h > 23 ? null : `${date}T${pad(h)}:${m[11]}:00`;
}

/** A date cell: one date or a range "start → end" (Notion's arrow). */
export function parseDateCell(s: string): { start: string; end: string | null } | null {
  const [a, b, ...rest] = s.split(" → ");
  if (rest.length) return null;
  const start = isoDate(a);
  if (!start) return null;
  if (b === undefined) return { start, end: null };
  const end = isoDate(b);
  return end ? { start, end } : null;
}

/** A number cell (Notion writes plain digits; thousands separators and % are not numbers here). */
export const parseNumberCell = (s: string): number | null => (/^-?\d+(\.\d+)?$/.test(s.trim()) ? Number(s) : null);

/** Multi-select values are written joined by ", ". */
export const splitMulti = (s: string): string[] => s.split(", ").map((x) => x.trim()).filter(Boolean);

/** A relation cell: `Title (Page%20Title%20<32hex>.md)` (`.html` in the HTML export) or `Title (https://www.notion.so/…)`, joined by ", ". */
const RELATION = /\((?:[^()]*%20[0-9a-f]{32}\.(?:md|html)|https:\/\/www\.notion\.so\/[^)]*)\)/;

/** Column types of a header and its rows: the first column is the title. */
export function inferColumns(header: string[], rows: string[][]): ColumnType[] {
  return header.map((name, i) => (i === 0 ? { name, type: "title" } : inferColumn(name, rows.map((r) => r[i] ?? ""))));
}

function inferColumn(name: string, cells: string[]): ColumnType {
  const values = cells.map((c) => c.trim()).filter(Boolean);
  if (!values.length) return { name, type: "rich_text" };
  const all = (f: (v: string) => boolean) => values.every(f);
  if (all((v) => v === "Yes" || v === "No")) return { name, type: "checkbox" };
  if (all((v) => parseNumberCell(v) !== null)) return { name, type: "number" };
  if (all((v) => parseDateCell(v) !== null)) return { name, type: "date" };
  if (all((v) => /^https?:\/\/\S+$/.test(v))) return { name, type: "url" };
  if (all((v) => /^[^@\s,]+@[^@\s,]+\.[^@\s,]+$/.test(v))) return { name, type: "email" };
  if (values.some((v) => RELATION.test(v))) return { name, type: "rich_text", note: `column "${name}" looks like a relation: kept as text` };
  return inferOptions(name, values);
}

/** select or multi_select when a few short values repeat; else text. */
function inferOptions(name: string, values: string[]): ColumnType {
  const tokens = values.flatMap(splitMulti);
  const distinct = new Set(tokens);
  const short = tokens.every((t) => t.length <= 100);
  const repeats = distinct.size < tokens.length && distinct.size <= Math.max(2, Math.ceil(tokens.length / 2)) && distinct.size <= 100;
  if (!short || !repeats) return { name, type: "rich_text" };
  if (values.some((v) => splitMulti(v).length > 1)) return { name, type: "multi_select" };
  return { name, type: "select" };
}
