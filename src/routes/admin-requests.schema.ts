/** Query shapes of the request log's control routes (src/routes/admin-requests.ts). */
import { check, fail, object, optional, oneOf, string, uuid, type V } from "../api/validate.js";
import type { RequestFilter } from "../domain/toolkit/requests.js";

/** `404` or `4xx`. */
const status = (): V<string> => (value, path) => {
  const s = string()(value, path);
  if (!/^[1-5](\d\d|xx)$/i.test(s)) fail(path, "should be a status code (`404`) or a class (`4xx`)", value);
  return s.toLowerCase();
};

/** An ISO 8601 date-time. */
const since = (): V<number> => (value, path) => {
  const s = string()(value, path);
  const ms = Date.parse(s);
  if (!/^\d{4}-\d\d-\d\d/.test(s) || Number.isNaN(ms)) fail(path, "should be an ISO 8601 date-time", value);
  return ms;
};

/** `integration,personal_access_token,none`: one or more ways a request authenticated, comma-separated. */
const AUTHS = ["integration", "personal_access_token", "session", "none"] as const;
const auths = (): V<(typeof AUTHS)[number][]> => (value, path) => {
  const parts = string()(value, path).split(",").map((s) => s.trim());
  const bad = parts.find((s) => !(AUTHS as readonly string[]).includes(s));
  if (bad !== undefined) fail(path, `should be a comma-separated list of ${AUTHS.map((a) => `\`${a}\``).join(", ")}`, value);
  return [...new Set(parts)] as (typeof AUTHS)[number][];
};

const filterQuery = object({
  integration_id: optional(uuid()),
  user_id: optional(uuid()),
  status: optional(status()),
  path: optional(string({ minLength: 1, maxLength: 2000, check: { test: (s) => s.startsWith("/"), expectation: "should start with `/`" } })),
  method: optional(oneOf(["GET", "POST", "PATCH", "PUT", "DELETE", "get", "post", "patch", "put", "delete"] as const)),
  since: optional(since()),
  auth: optional(auths()),
  // Pagination is read by queryPagination; named here so the object check lets them through.
  start_cursor: optional(string()),
  page_size: optional(string()),
});

/** The filters of a list or stream query (`?integration_id=&user_id=&status=&path=&method=&since=&auth=`). */
export function requestFilter(query: unknown): RequestFilter {
  const q = check("query", filterQuery, query ?? {});
  return { integrationId: q.integration_id, userId: q.user_id, status: q.status, path: q.path, method: q.method?.toUpperCase(), since: q.since, auth: q.auth };
}
