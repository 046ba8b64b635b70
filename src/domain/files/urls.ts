/**
 * Notion-hosted file URLs. An attached upload is stored as a file object whose URL is a marker
 * (`quire-file:<upload id>/<name>`, `expiry_time: "quire-file-expiry"`); only the claim step
 * (domain/files/claim.ts) writes that shape, never a request validator. The presenters sign each
 * stored file object they emit (`FileUrls`) into
 * `<origin>/_quire/files/<id>/<name>?expires=<s>&src=<object id>&sig=<hmac>`, valid one hour like
 * Notion's pre-signed S3 URLs; `src` is the page, block, database, data source or comment the
 * URL was read from, so a URL written back can be traced to an object its writer must be able
 * to read (domain/files/write-back.ts). Text never goes through here: a marker typed into a
 * title or a paragraph is just text.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import type { AnswerTraits, Deps } from "../context.js";
import { LIMITS } from "../../api/limits.js";
import { iso } from "../clock.js";

const MARK = "quire-file:";
const EXPIRY_MARK = "quire-file-expiry";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A Notion-hosted file object as stored (markers in place of the URL and its expiry). */
export interface StoredFile {
  type: "file";
  file: { url: string; expiry_time: string };
}

/** The stored form of an attached upload: `{type: "file", file: {url, expiry_time}}` markers. */
export function storedFileObject(uploadId: string, filename: string | null): StoredFile {
  return { type: "file", file: { url: `${MARK}${uploadId}/${urlName(filename ?? "file")}`, expiry_time: EXPIRY_MARK } };
}

/** A file name as a URL path segment: percent-encoded, `!'()*` too (markdown ends a link at `)`). */
export function urlName(filename: string): string {
  return encodeURIComponent(filename).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Whether `v` is a file object as the claim step stores it (both markers in place). */
export function isStoredFile(v: unknown): v is StoredFile {
  const o = v as { type?: unknown; file?: { url?: unknown; expiry_time?: unknown } } | null;
  return (
    typeof o === "object" && o !== null && o.type === "file" && typeof o.file?.url === "string" && o.file.url.startsWith(MARK) && o.file.expiry_time === EXPIRY_MARK
  );
}

/**
 * The stored file object of a bare marker URL (`quire-file:<upload id>/<name>`, as a custom emoji
 * made from an upload keeps it: domain/admin/custom-emojis.ts), or null for any other URL.
 */
export function storedFileOfUrl(url: unknown): StoredFile | null {
  if (typeof url !== "string" || !url.startsWith(MARK) || !UUID.test(url.slice(MARK.length, MARK.length + 36)) || url[MARK.length + 36] !== "/") return null;
  return { type: "file", file: { url, expiry_time: EXPIRY_MARK } };
}

/** The upload a stored file object points at, or null. */
export function storedUploadId(v: unknown): string | null {
  return isStoredFile(v) ? v.file.url.slice(MARK.length, MARK.length + 36) : null;
}

/** The upload id and encoded name of a stored file object. */
function markerParts(f: StoredFile): { id: string; name: string } {
  const rest = f.file.url.slice(MARK.length);
  return { id: rest.slice(0, 36), name: rest.slice(37) };
}

/** What the signature covers: the path below /_quire/files/ and the query without `sig`, exactly as sent. */
function signedString(id: string, name: string, expires: string, src: string): string {
  return `${id}/${name}?expires=${expires}&src=${src}`;
}

function signature(secret: string, id: string, name: string, expires: string, src: string): string {
  return createHmac("sha256", secret).update(signedString(id, name, expires, src)).digest("hex");
}

/** Signs the stored file objects of one answer for one reader. */
export interface FileUrls {
  /** `obj` with its Notion-hosted file signed, read from the object `src`; anything else unchanged. */
  sign<T>(obj: T, src: string): T;
  /** The signed URL of a stored file object read from the object `src`. */
  url(file: StoredFile, src: string): string;
}

/** A signer whose URLs expire an hour after `now` (whole seconds, so the URL and `expiry_time` agree). */
export function fileUrls(origin: string, secret: string, now: number, answer?: AnswerTraits): FileUrls {
  return new Signer(origin, secret, now, answer);
}

/** `FileUrls` whose expiry is worked out at the first file signed: most answers sign none. */
class Signer implements FileUrls {
  private expires = "";
  private expiry = "";

  constructor(
    private readonly origin: string,
    private readonly secret: string,
    private readonly now: number,
    private readonly answer: AnswerTraits | undefined,
  ) {}

  url(f: StoredFile, src: string): string {
    if (this.expires === "") {
      // A signed URL expires: the answer holding it is never served again (http/response-cache.ts).
      if (this.answer) this.answer.timeDependent = true;
      this.expires = String(Math.floor((this.now + LIMITS.FILE_URL_EXPIRY_MS) / 1000));
      this.expiry = iso(Number(this.expires) * 1000);
    }
    const { id, name } = markerParts(f);
    return `${this.origin}/_quire/files/${id}/${name}?expires=${this.expires}&src=${src}&sig=${signature(this.secret, id, name, this.expires, src)}`;
  }

  sign<T>(obj: T, src: string): T {
    if (!isStoredFile(obj)) return signedEmojiIcon(this, obj, src);
    const url = this.url(obj, src);
    // The `file` key keeps its place among the object's keys (name, caption, type, file …).
    return { ...obj, file: { url, expiry_time: this.expiry } };
  }
}

/**
 * A custom emoji icon (`{type: "custom_emoji", custom_emoji: {id, name, url}}`) whose emoji was
 * made from an upload (its URL a marker) with that URL signed; anything else unchanged.
 */
function signedEmojiIcon<T>(files: FileUrls, obj: T, src: string): T {
  const o = obj as { type?: unknown; custom_emoji?: { url?: unknown } } | null;
  if (typeof o !== "object" || o === null || o.type !== "custom_emoji") return obj;
  const file = storedFileOfUrl(o.custom_emoji?.url);
  return file ? ({ ...o, custom_emoji: { ...o.custom_emoji, url: files.url(file, src) } } as T) : obj;
}

/** The signer for one answer of the server `deps` (its origin, its key, its clock's now); signing marks a request's answer time-dependent. */
export function fileUrlsFor(deps: Pick<Deps, "publicUrl" | "files" | "clock"> & { answer?: AnswerTraits }): FileUrls {
  return fileUrls(deps.publicUrl(), deps.files.secret, deps.clock.now(), deps.answer);
}

/** The parts of a download URL as a request names them; `name` percent-encoded as this server encodes it. */
export interface DownloadRef {
  id: string;
  name: string;
  expires: string;
  src: string;
  sig: string;
}

/** The decoded file name of a download reference. */
export function refFilename(ref: DownloadRef): string {
  return decodeURIComponent(ref.name);
}

/** A download URL's parts from its path name segment (decoded, as routers give it) and query; null when malformed. */
export function downloadRef(id: string, decodedName: string, query: { expires?: unknown; src?: unknown; sig?: unknown }): DownloadRef | null {
  const { expires, src, sig } = query;
  if (!UUID.test(id) || typeof expires !== "string" || typeof src !== "string" || typeof sig !== "string") return null;
  return { id, name: urlName(decodedName), expires, src, sig };
}

/** Whether a string has the path of a download URL of some Quire server (the host is not checked: the signature decides). */
export function looksLikeDownloadUrl(url: string): boolean {
  return url.includes("/_quire/files/");
}

/** The parts of an absolute download URL, or null when it is not one. */
export function parseDownloadUrl(url: string): DownloadRef | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  const m = /^\/_quire\/files\/([^/]+)\/([^/]+)$/.exec(u.pathname);
  if (!m) return null;
  let name: string;
  try {
    name = decodeURIComponent(m[2]);
  } catch {
    return null;
  }
  const q = u.searchParams;
  return downloadRef(m[1], name, { expires: q.get("expires") ?? undefined, src: q.get("src") ?? undefined, sig: q.get("sig") ?? undefined });
}

/**
 * Whether a download reference carries this server's signature over exactly what it says, and
 * has not expired. `expires` must be canonical (no sign, no leading zero): the signature covers
 * the string, so `expires=0…` is another string and never verifies.
 */
export function verifyDownload(secret: string, ref: DownloadRef, now: number): "ok" | "expired" | "invalid" {
  if (!/^[1-9]\d{0,11}$/.test(ref.expires) || !UUID.test(ref.src) || !/^[0-9a-f]{64}$/.test(ref.sig)) return "invalid";
  const want = Buffer.from(signature(secret, ref.id, ref.name, ref.expires, ref.src), "hex");
  if (!timingSafeEqual(want, Buffer.from(ref.sig, "hex"))) return "invalid";
  return Number(ref.expires) * 1000 > now ? "ok" : "expired";
}
