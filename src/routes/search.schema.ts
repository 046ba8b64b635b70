/** Request schema of POST /v1/search. */
import { V, array, boolean, fail, isObject, number, object, oneOf, optional, string, union } from "../api/validate.js";
import { LIMITS } from "../api/limits.js";
import type { ApiVersion } from "../api/version.js";
import type { SearchInput } from "../domain/search/search.js";

type Json = Record<string, unknown>;

/** `{timestamp: "last_edited_time", direction}` (direction defaults to descending) or `{property: "relevance"}`. */
const sortInput: V<NonNullable<SearchInput["sort"]>> = union<NonNullable<SearchInput["sort"]>>(
  (v, p) => {
    const s = object({ timestamp: oneOf(["last_edited_time"] as const), direction: optional(oneOf(["ascending", "descending"] as const)) })(v, p);
    return { by: "last_edited_time", direction: s.direction ?? "descending" };
  },
  (v, p) => {
    object({ property: oneOf(["relevance"] as const) })(v, p);
    return { by: "relevance" };
  },
);

/**
 * `{property: "object", value, in_trash?}` or `{in_trash}`. The object types are the version's:
 * `page` or `data_source`, and `page` or `database` under 2022-06-28 (upgrade guide 2025-09-03).
 */
const filterInput = (version: ApiVersion): V<SearchInput["filter"]> => {
  const value = oneOf(version === "2022-06-28" ? (["page", "database"] as const) : (["page", "data_source"] as const));
  const byObject = object({ property: oneOf(["object"] as const), value, in_trash: optional(boolean()) });
  return (v, p) => {
    if (!isObject(v)) fail(p, "should be an object", v);
    if (v.property === undefined && v.value === undefined && v.in_trash !== undefined) return { in_trash: boolean()(v.in_trash, `${p}.in_trash`) };
    const f = byObject(v, p);
    return { object: f.value, in_trash: f.in_trash ?? false };
  };
};

export const searchInput =
  (version: ApiVersion): V<SearchInput> =>
  (value, path) => {
    const body = value as Json;
    const input: SearchInput = { query: null, filter: { in_trash: false }, sort: null, page_size: LIMITS.PAGE_SIZE_DEFAULT };
    if (body.query !== undefined) input.query = optional(string())(body.query, `${path}.query`) ?? null;
    if (body.sort !== undefined) input.sort = sortInput(body.sort, `${path}.sort`);
    if (body.filter !== undefined) input.filter = filterInput(version)(body.filter, `${path}.filter`);
    if (body.start_cursor !== undefined && body.start_cursor !== null) input.start_cursor = string()(body.start_cursor, `${path}.start_cursor`);
    if (body.page_size !== undefined) input.page_size = number({ integer: true, min: 1, max: LIMITS.PAGE_SIZE_MAX })(body.page_size, `${path}.page_size`);
    // Which of query string and body Notion reads `filter_properties` from on search is not
    // documented (upgrade guide 2026-12-01 only says "pass filter_properties to Search"): both are taken.
    if (body.filter_properties !== undefined) input.filter_properties = array(string())(body.filter_properties, `${path}.filter_properties`);
    return input;
  };
