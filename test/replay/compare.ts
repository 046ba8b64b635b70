/**
 * Structural comparison of a recorded response body with a live one, per
 * /work/shared/fixtures/README.md §1 "Compare" and "Skip volatile values":
 *
 * - the values of `object` and `type` at every level (and `code` on error objects);
 * - the set of keys of every object;
 * - the JSON type of every value (string, number, boolean, null, array, object);
 * - array lengths (except where the recording depends on workspace contents the test does not
 *   control, see `uncontrolledLengths` — and then neither `next_cursor` nor `has_more` beside it);
 * - `next_cursor`: only whether it is null;
 * - with `values`, every other scalar value except volatile ones: ids (and `*_id` keys), times,
 *   urls, `request_id`, text that embeds a timestamp, and whatever `values.skip` says depends on
 *   the recorded workspace's own data. Recorded strings go through `values.mapText` first (so a
 *   message quoting a recorded id is compared with the live id in its place).
 *
 * Volatile fields (times, urls, avatar) may be a string in one body and null in the other; any
 * other type change is still a mismatch.
 */
import { isIdKey, isIdLike, isPlainObject } from "./ids.js";

export interface Mismatch {
  /** JSONPath-like location, `$` = the body. */
  path: string;
  kind: "status" | "value" | "keys" | "type" | "length" | "cursor" | "id";
  message: string;
  /** For `keys`: keys of the recorded object the live one lacks, and the live one's extra keys. */
  missing?: string[];
  extra?: string[];
}

export type JsonType = "null" | "array" | "object" | "string" | "number" | "boolean";

export function jsonType(v: unknown): JsonType {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  return typeof v as JsonType;
}

/** Keys whose value changes from run to run; string and null are interchangeable for them. */
export const VOLATILE_KEYS = new Set([
  "created_time",
  "last_edited_time",
  "expiry_time",
  "expires_at",
  "url",
  "public_url",
  "upload_url",
  "status_url",
  "avatar_url",
  "request_id",
]);

/** Values compared for equality wherever they occur. */
const ENUM_KEYS = new Set(["object", "type"]);

/** Text that embeds a timestamp, e.g. scratch titles `Test 2026-07-04 11:08:52.242018`. */
const TIMESTAMP_TEXT = /\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}/;

export interface CompareOptions {
  /** Paths (`$.results`) whose array length depends on workspace contents, not on the test. */
  uncontrolledLengths?: string[];
  /** Compare non-volatile scalar values too. */
  values?: {
    /** True for a value that reflects the recorded workspace's own data (seeded names...). */
    skip?: (key: string, parent: Record<string, unknown>) => boolean;
    /** Rewrites recorded ids inside a recorded string to their live counterparts. */
    mapText?: (text: string) => string;
  };
  /** Stop after this many mismatches (default 50). */
  limit?: number;
}

const show = (v: unknown) => {
  const s = JSON.stringify(v);
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
};

export function compareBodies(recorded: unknown, live: unknown, opts: CompareOptions = {}): Mismatch[] {
  const out: Mismatch[] = [];
  const limit = opts.limit ?? 50;
  const uncontrolled = new Set(opts.uncontrolledLengths ?? []);

  const values = opts.values;
  const compareScalar = (r: unknown, l: unknown, path: string, key: string | null, parent: Record<string, unknown> | null) => {
    if (!values || key === null || parent === null || r === l) return;
    if (VOLATILE_KEYS.has(key) || isIdKey(key) || isIdLike(r)) return;
    if (typeof r === "string" && TIMESTAMP_TEXT.test(r)) return;
    if (values.skip?.(key, parent)) return;
    const expected = typeof r === "string" && values.mapText ? values.mapText(r) : r;
    if (expected !== l) out.push({ path, kind: "value", message: `value recorded ${show(r)}, live ${show(l)}` });
  };

  const walk = (r: unknown, l: unknown, path: string, key: string | null, parent: Record<string, unknown> | null = null): void => {
    if (out.length >= limit) return;
    const rt = jsonType(r);
    const lt = jsonType(l);
    // Where the list's length depends on the recorded workspace's contents, so does whether
    // there is a next page: the cursor and has_more beside an uncontrolled `results`.
    const listed = path === "$" ? "$.results" : `${path.replace(/\.[^.]+$/, "")}.results`;
    if ((key === "next_cursor" || key === "has_more") && uncontrolled.has(listed.replace(/\[\d+\]/g, "[]"))) return;
    if (key === "next_cursor") {
      if ((r === null) !== (l === null)) out.push({ path, kind: "cursor", message: `next_cursor recorded ${r === null ? "null" : "non-null"}, live ${l === null ? "null" : "non-null"}` });
      return;
    }
    if (rt !== lt) {
      const volatile = key !== null && VOLATILE_KEYS.has(key) && (rt === "null" || rt === "string") && (lt === "null" || lt === "string");
      if (!volatile) out.push({ path, kind: "type", message: `recorded ${rt}, live ${lt}` });
      return;
    }
    if (rt === "array") {
      const ra = r as unknown[];
      const la = l as unknown[];
      if (ra.length !== la.length && !uncontrolled.has(path.replace(/\[\d+\]/g, "[]"))) {
        out.push({ path, kind: "length", message: `recorded ${ra.length} items, live ${la.length}` });
      }
      const n = Math.min(ra.length, la.length);
      for (let i = 0; i < n; i++) walk(ra[i], la[i], `${path}[${i}]`, null);
      return;
    }
    if (rt !== "object") return compareScalar(r, l, path, key, parent);
    if (rt === "object") {
      const ro = r as Record<string, unknown>;
      const lo = l as Record<string, unknown>;
      const rk = Object.keys(ro);
      const lk = Object.keys(lo);
      const missing = rk.filter((k) => !(k in lo));
      const extra = lk.filter((k) => !(k in ro));
      if (missing.length || extra.length) {
        const parts = [];
        if (missing.length) parts.push(`missing [${missing.join(", ")}]`);
        if (extra.length) parts.push(`extra [${extra.join(", ")}]`);
        out.push({ path, kind: "keys", message: `keys ${parts.join(", ")}`, missing, extra });
      }
      const isError = ro.object === "error";
      for (const k of rk) {
        if (!(k in lo)) continue;
        const p = `${path}.${k}`;
        if ((ENUM_KEYS.has(k) || (isError && k === "code")) && typeof ro[k] === "string" && typeof lo[k] === "string" && ro[k] !== lo[k]) {
          out.push({ path: p, kind: "value", message: `${k} recorded "${ro[k]}", live "${lo[k]}"` });
          continue;
        }
        walk(ro[k], lo[k], p, k, ro);
      }
    }
  };
  walk(recorded, live, "$", null);
  return out.slice(0, limit);
}

export { isPlainObject };
