/**
 * SCIM list answers (RFC 7644 §3.4.2): `filter` (src/domain/scim/filter.ts), `startIndex`
 * (1-based; below 1 read as 1), `count` (negative read as 0; above 100 cut to 100, Notion's
 * maximum), a `ListResponse` with `totalResults`, `itemsPerPage` and `startIndex`; and the
 * `attributes` / `excludedAttributes` projection every answer may be asked for (§3.4.2.5).
 */
import { scimErrors } from "./errors.js";
import { matches, parseFilter } from "./filter.js";
import { SCIM_LIMITS } from "./limits.js";
import { LIST_RESPONSE, type ResourceKind } from "./schemas.js";

type Json = Record<string, unknown>;

/** A list request's query string, as fastify parses it. */
export type ListQuery = Record<string, unknown>;

function integer(query: ListQuery, name: string, fallback: number): number {
  const raw = query[name];
  if (raw === undefined || raw === "") return fallback;
  if (typeof raw !== "string" || !/^-?\d{1,9}$/.test(raw.trim())) throw scimErrors.invalidValue(`${name} should be an integer, instead was ${JSON.stringify(raw)}.`);
  return Number(raw.trim());
}

function single(query: ListQuery, name: string): string | undefined {
  const v = query[name];
  if (Array.isArray(v)) throw scimErrors.invalidValue(`${name} should be given once.`);
  return typeof v === "string" ? v : undefined;
}

/** Filters, pages and projects presented resources into a ListResponse. */
export function listResponse(resources: Json[], query: ListQuery, kind: ResourceKind): Json {
  const filterText = single(query, "filter");
  const filter = filterText === undefined || filterText.trim() === "" ? null : parseFilter(filterText, kind);
  const startIndex = Math.max(1, integer(query, "startIndex", 1));
  const count = Math.min(SCIM_LIMITS.MAX_COUNT, Math.max(0, integer(query, "count", SCIM_LIMITS.DEFAULT_COUNT)));
  const hits = filter ? resources.filter((r) => matches(r, filter, kind)) : resources;
  const page = hits.slice(startIndex - 1, startIndex - 1 + count);
  return { schemas: [LIST_RESPONSE], totalResults: hits.length, itemsPerPage: page.length, startIndex, Resources: page.map((r) => project(r, query)) };
}

const ALWAYS = new Set(["id", "schemas"]);
const CORE = /^urn:ietf:params:scim:schemas:core:2\.0:(user|group):/;

/** A top-level attribute named in `attributes` (lower case): a core URN prefix dropped, an extension's URN kept whole. */
function attributeName(text: string): string {
  const s = text.trim().toLowerCase().replace(CORE, "");
  return s.startsWith("urn:") ? s : s.split(".")[0];
}

/** The resource with only the `attributes` asked for (plus id and schemas), or without the `excludedAttributes`. */
export function project(resource: Json, query: ListQuery): Json {
  const names = (name: string) => {
    const v = single(query, name);
    return v === undefined ? null : v.split(",").map(attributeName).filter(Boolean);
  };
  const only = names("attributes");
  const excluded = names("excludedAttributes");
  const keep = (key: string) => {
    const k = key.toLowerCase();
    if (ALWAYS.has(k)) return true;
    if (only) return only.includes(k) || only.some((o) => o.startsWith("urn:") && (o === k || o.startsWith(`${k}:`)));
    return !excluded?.includes(k);
  };
  if (!only && !excluded) return resource;
  return Object.fromEntries(Object.entries(resource).filter(([k]) => keep(k)));
}
