/**
 * What the database screens share: a data source's schema as a list, property values as text,
 * the request body that writes a value, and the rows a view shows (its filter and sorts sent to
 * `/v1/data_sources/:id/query`).
 */
import type { Json } from "../api";
import { plainText } from "../notion";

/** One property of a data source's schema (`properties.<name>` of a data source object). */
export interface Prop {
  id: string;
  name: string;
  type: string;
  /** The type's settings (`select.options`, `number.format`, `relation.data_source_id` …). */
  config: Json;
}

/** The schema's properties, the title first, then in the data source's order. */
export function propsOf(dataSource: Json | undefined): Prop[] {
  const list = Object.values<Json>(dataSource?.properties ?? {}).map((p) => ({ id: p.id, name: p.name, type: p.type, config: p[p.type] ?? {} }));
  return [...list.filter((p) => p.type === "title"), ...list.filter((p) => p.type !== "title")];
}

/** A property by its id as views name it (ids are URL-encoded in both answers; compare both ways). */
export function propById(props: Prop[], id: string | undefined): Prop | undefined {
  if (!id) return undefined;
  return props.find((p) => p.id === id || safeDecode(p.id) === safeDecode(id));
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Types whose values Notion computes: shown, never edited. */
export const READ_ONLY = new Set(["formula", "rollup", "created_time", "created_by", "last_edited_time", "last_edited_by", "unique_id", "button", "verification", "place"]);

/** The types a person may pick when adding or retyping a property (Notion's "Type" menu). */
export const CREATABLE_TYPES: { type: string; label: string }[] = [
  { type: "rich_text", label: "Text" },
  { type: "number", label: "Number" },
  { type: "select", label: "Select" },
  { type: "multi_select", label: "Multi-select" },
  { type: "status", label: "Status" },
  { type: "date", label: "Date" },
  { type: "people", label: "Person" },
  { type: "files", label: "Files & media" },
  { type: "checkbox", label: "Checkbox" },
  { type: "url", label: "URL" },
  { type: "email", label: "Email" },
  { type: "phone_number", label: "Phone" },
  { type: "formula", label: "Formula" },
  { type: "relation", label: "Relation" },
  { type: "created_time", label: "Created time" },
  { type: "created_by", label: "Created by" },
  { type: "last_edited_time", label: "Last edited time" },
  { type: "last_edited_by", label: "Last edited by" },
  { type: "unique_id", label: "ID" },
];

/** The label of a property type ("Multi-select"). */
export function typeLabel(type: string): string {
  return CREATABLE_TYPES.find((t) => t.type === type)?.label ?? (type === "title" ? "Title" : type === "rollup" ? "Rollup" : type.replace(/_/g, " "));
}

/** A row's value of `prop` (a page's `properties` entry). */
export function valueOf(row: Json, prop: Prop): Json | undefined {
  const byName = row.properties?.[prop.name];
  if (byName) return byName;
  return Object.values<Json>(row.properties ?? {}).find((v) => v?.id === prop.id);
}

const CURRENCIES: Record<string, string> = {
  dollar: "USD", australian_dollar: "AUD", canadian_dollar: "CAD", singapore_dollar: "SGD", euro: "EUR", pound: "GBP", yen: "JPY",
  ruble: "RUB", rupee: "INR", won: "KRW", yuan: "CNY", real: "BRL", lira: "TRY", rupiah: "IDR", franc: "CHF", hong_kong_dollar: "HKD",
  new_zealand_dollar: "NZD", krona: "SEK", norwegian_krone: "NOK", mexican_peso: "MXN", rand: "ZAR", new_taiwan_dollar: "TWD",
  danish_krone: "DKK", zloty: "PLN", baht: "THB", forint: "HUF", koruna: "CZK", shekel: "ILS", chilean_peso: "CLP",
  philippine_peso: "PHP", dirham: "AED", colombian_peso: "COP", riyal: "SAR", ringgit: "MYR", leu: "RON", argentine_peso: "ARS",
  uruguayan_peso: "UYU", peruvian_sol: "PEN", vietnamese_dong: "VND", pakistani_rupee: "PKR", nigerian_naira: "NGN",
};

/** A number as the property's `format` shows it (Notion's number formats). */
export function formatNumber(n: number | null | undefined, format = "number"): string {
  if (n === null || n === undefined) return "";
  if (format === "percent") return `${new Intl.NumberFormat("en-US", { maximumFractionDigits: 4 }).format(n * 100)}%`;
  if (format === "number_with_commas") return new Intl.NumberFormat("en-US", { maximumFractionDigits: 8 }).format(n);
  if (format === "bitcoin") return `₿${n}`;
  const currency = CURRENCIES[format];
  if (currency) return new Intl.NumberFormat("en-US", { style: "currency", currency }).format(n);
  return String(n);
}

/** A Notion date (`2026-12-07` or with a time) as Notion shows it: "Dec 7, 2026" / "Dec 7, 2026 3:00 PM". */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return "";
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) {
    const [y, m, d] = iso.split("-").map(Number);
    return new Date(Date.UTC(y, m - 1, d)).toLocaleDateString("en-US", { month: "short", day: "numeric", year: "numeric", timeZone: "UTC" });
  }
  const t = new Date(iso);
  if (Number.isNaN(t.getTime())) return iso;
  return t.toLocaleString("en-US", { month: "short", day: "numeric", year: "numeric", hour: "numeric", minute: "2-digit" });
}

/** A date value's text: start, or "start → end". */
export function dateText(date: Json | null | undefined): string {
  if (!date?.start) return "";
  return date.end ? `${formatDate(date.start)} → ${formatDate(date.end)}` : formatDate(date.start);
}

/** The day (`YYYY-MM-DD`) a date value starts on, as written (Notion keeps the writer's offset). */
export function dayOf(date: Json | null | undefined): string | null {
  return typeof date?.start === "string" ? date.start.slice(0, 10) : null;
}

/** A value as one line of text (cards, calendar entries, search of options). */
export function valueText(v: Json | undefined, prop?: Prop, users?: Map<string, string>): string {
  if (!v) return "";
  switch (v.type) {
    case "title":
    case "rich_text":
      return plainText(v[v.type]);
    case "number":
      return formatNumber(v.number, prop?.config.format);
    case "select":
    case "status":
      return v[v.type]?.name ?? "";
    case "multi_select":
      return (v.multi_select ?? []).map((o: Json) => o.name).join(", ");
    case "date":
      return dateText(v.date);
    case "people":
      return (v.people ?? []).map((u: Json) => u.name ?? users?.get(u.id) ?? "Someone").join(", ");
    case "files":
      return (v.files ?? []).map((f: Json) => f.name).join(", ");
    case "checkbox":
      return v.checkbox ? "Yes" : "No";
    case "url":
    case "email":
    case "phone_number":
      return v[v.type] ?? "";
    case "formula":
      return formulaText(v.formula);
    case "relation":
      return `${(v.relation ?? []).length} linked`;
    case "rollup":
      return rollupText(v.rollup, users);
    case "created_time":
    case "last_edited_time":
      return formatDate(v[v.type]);
    case "created_by":
    case "last_edited_by":
      return v[v.type]?.name ?? users?.get(v[v.type]?.id) ?? "";
    case "unique_id":
      return v.unique_id?.number == null ? "" : `${v.unique_id.prefix ? `${v.unique_id.prefix}-` : ""}${v.unique_id.number}`;
    case "verification":
      return v.verification?.state === "verified" ? "Verified" : v.verification?.state === "expired" ? "Expired" : "";
    case "place":
      return v.place?.name ?? v.place?.address ?? "";
    default:
      return "";
  }
}

/** A formula's result as text (its `type` says which of string, number, boolean, date). */
export function formulaText(f: Json | undefined): string {
  if (!f) return "";
  if (f.type === "string") return f.string ?? "";
  if (f.type === "number") return f.number == null ? "" : String(f.number);
  if (f.type === "boolean") return f.boolean == null ? "" : f.boolean ? "true" : "false";
  if (f.type === "date") return dateText(f.date);
  return "";
}

function rollupText(r: Json | undefined, users?: Map<string, string>): string {
  if (!r) return "";
  if (r.type === "number") return r.number == null ? "" : String(r.number);
  if (r.type === "date") return dateText(r.date);
  if (r.type === "array") return (r.array ?? []).map((item: Json) => valueText(item, undefined, users)).filter(Boolean).join(", ");
  return "";
}

/** `[{text: {content}}]`, or `[]` for an empty string. */
export const richText = (s: string): Json[] => (s ? [{ type: "text", text: { content: s } }] : []);

/** A view's answer made into what the screens read. */
export interface View {
  id: string | null;
  name: string;
  type: string;
  filter: Json | null;
  sorts: Json[] | null;
  configuration: Json;
  /** The Views API's quick filters: a property name → its condition (QuickFilters.tsx). */
  quick_filters?: Json | null;
  /** Listed but not read yet (first load): its tab is a placeholder until its read answers. */
  pending?: boolean;
}

/** The table every database shows when it has no view (a database made before views existed). */
export const DEFAULT_VIEW: View = { id: null, name: "Table", type: "table", filter: null, sorts: null, configuration: { type: "table" } };

/** The properties a view shows, in its order: its configured visible ones, then properties it does not list. */
export function visibleProps(props: Prop[], view: View, key = "properties"): Prop[] {
  const listed: Json[] = Array.isArray(view.configuration?.[key]) ? view.configuration[key] : [];
  if (!listed.length) return props;
  const out: Prop[] = [];
  const seen = new Set<string>();
  for (const l of listed) {
    const p = propById(props, l.property_id);
    if (!p || seen.has(p.id)) continue;
    seen.add(p.id);
    if (l.visible !== false || p.type === "title") out.push(p);
  }
  for (const p of props) if (!seen.has(p.id)) out.push(p);
  return out;
}

/** The user-facing text of an error thrown by a call. */
export function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
