/**
 * Notion-hosted file URLs. An attached upload is stored as a file object whose URL is a marker
 * (`quire-file:<upload id>/<name>`); every response is rendered with fresh signed URLs in its
 * place (`<origin>/_quire/files/<id>/<name>?expires=…&sig=…`, valid one hour, like Notion's
 * pre-signed S3 URLs), so the stored rows never hold a URL that goes stale.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { LIMITS } from "../limits.js";
import { iso } from "../clock.js";

const MARK = "quire-file:";
const EXPIRY_MARK = "quire-file-expiry";

/** The stored form of an attached upload: `{type: "file", file: {url, expiry_time}}` markers. */
export function storedFileObject(uploadId: string, filename: string | null): { type: "file"; file: { url: string; expiry_time: string } } {
  return { type: "file", file: { url: `${MARK}${uploadId}/${urlName(filename ?? "file")}`, expiry_time: EXPIRY_MARK } };
}

/** A file name as a URL path segment: percent-encoded, `!'()*` too (markdown ends a link at `)`). */
function urlName(filename: string): string {
  return encodeURIComponent(filename).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** The upload id a stored file object points at, or null. */
export function storedUploadId(file: unknown): string | null {
  const url = (file as { file?: { url?: unknown } } | null)?.file?.url;
  if (typeof url !== "string" || !url.startsWith(MARK)) return null;
  return url.slice(MARK.length, MARK.length + 36);
}

function signature(secret: string, id: string, expires: number): string {
  return createHmac("sha256", secret).update(`${id}:${expires}`).digest("hex");
}

// JSON.stringify writes the stored object's keys in the order storedFileObject made them.
const MARKED = /"url":"quire-file:([0-9a-f-]{36})\/([^"\\]*)","expiry_time":"quire-file-expiry"/g;

const BARE = /quire-file:([0-9a-f-]{36})\/([A-Za-z0-9%._~-]*)/g;

/** Replaces every marker in a serialized response with a URL signed until now + 1 hour. */
export function signFileUrls(json: string, origin: string, secret: string, now: number): string {
  if (!json.includes(MARK)) return json;
  // Whole seconds, so the URL and `expiry_time` agree.
  const expires = Math.floor((now + LIMITS.FILE_URL_EXPIRY_MS) / 1000);
  const expiry = iso(expires * 1000);
  return json.replace(MARKED, (_m, id: string, name: string) => {
    const url = `${origin}/_quire/files/${id}/${name}?expires=${expires}&sig=${signature(secret, id, expires)}`;
    return `"url":${JSON.stringify(url)},"expiry_time":"${expiry}"`;
  }).replace(BARE, (_m, id: string, name: string) =>
    // A marker inside text (page markdown renders media as links): the URL alone.
    `${origin}/_quire/files/${id}/${name}?expires=${expires}&sig=${signature(secret, id, expires)}`);
}

/**
 * The upload a download URL of this server names, when its signature is genuine (expired or not):
 * a client that writes back a file object it read (`files` values, media, icons) keeps the file.
 */
export function ownFileUrl(secret: string, url: string): { id: string; name: string } | null {
  if (!url.includes("/_quire/files/")) return null;
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  const m = /^\/_quire\/files\/([0-9a-f-]{36})\/([^/]+)$/.exec(u.pathname);
  if (!m) return null;
  const verdict = verifyFileUrl(secret, m[1], u.searchParams.get("expires") ?? "", u.searchParams.get("sig") ?? "", 0);
  if (verdict === "invalid") return null;
  let name = m[2];
  try {
    name = decodeURIComponent(name);
  } catch {
    /* keep it encoded */
  }
  return { id: m[1], name };
}

/** Whether a download URL's signature is genuine and not yet expired. */
export function verifyFileUrl(secret: string, id: string, expires: string, sig: string, now: number): "ok" | "expired" | "invalid" {
  if (!/^\d{1,12}$/.test(expires) || !/^[0-9a-f]{64}$/.test(sig)) return "invalid";
  const want = Buffer.from(signature(secret, id, Number(expires)), "hex");
  if (!timingSafeEqual(want, Buffer.from(sig, "hex"))) return "invalid";
  return Number(expires) * 1000 > now ? "ok" : "expired";
}
