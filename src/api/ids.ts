import { randomUUID } from "node:crypto";

/** A source of new object ids; injected so tests can make them predictable. */
export type IdGenerator = () => string;

/** Random UUIDv4 ids, dashed lower-case, as Notion answers them. */
export const randomIds: IdGenerator = () => randomUUID();

/** Ids counted up from a seed: 00000000-0000-4000-8000-000000000001, … (for tests). */
export function sequentialIds(start = 1): IdGenerator {
  let n = start;
  return () => {
    const hex = (n++).toString(16).padStart(12, "0");
    return `00000000-0000-4000-8000-${hex}`;
  };
}

const HEX32 = /^[0-9a-f]{32}$/;
/**
 * Notion checks ids as RFC 4122 UUIDs: version nibble 1–8, variant nibble 8, 9, a or b, besides
 * the nil and max ids. `12345678-1234-1234-1234-123456789abc` (variant 1) is a 400 "should be a
 * valid uuid" on the live API, the all-zero id a 404 (recorded 2026-03-11 traffic:
 * ultimate-notion tests/cassettes test_upload_invalid_page_uuid; notion-sdk-py
 * test_build_request_error_integration). Notion's own ids pass: v4 and its v8 ids (`…-80f3-813b-…`).
 */
const RFC4122 = /^[0-9a-f]{12}[1-8][0-9a-f]{3}[89ab][0-9a-f]{15}$/;
const NIL = "0".repeat(32);
const MAX = "f".repeat(32);

/**
 * Normalizes an id given with or without dashes, in any case, to the dashed lower-case form.
 * Returns null when the text is not a UUID Notion would accept.
 */
export function normalizeId(raw: unknown): string | null {
  if (typeof raw !== "string") return null;
  const hex = raw.replace(/-/g, "").toLowerCase();
  if (!HEX32.test(hex)) return null;
  if (raw.length !== 32 && !/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/.test(raw)) return null;
  if (!RFC4122.test(hex) && hex !== NIL && hex !== MAX) return null;
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The 32-hex form used in Notion URLs. */
export function compactId(id: string): string {
  return id.replace(/-/g, "");
}
