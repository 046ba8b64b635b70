/**
 * The web app's built files as src/routes/web-app.ts serves them (issue 16, first load): each
 * hashed file of `dist/web/assets/` read once with the brotli and gzip copies the build wrote
 * beside it (web/vite.config.ts, `precompress`), one chosen per request's `Accept-Encoding` — the
 * server compresses nothing itself —; and the editor chunk's files, read from Vite's manifest, that
 * a page's address preloads (a database's address: the DatabaseView chunk's). docs/design/web-app.md, "How it is built and served".
 */
import type { FastifyReply, FastifyRequest } from "fastify";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { extname, join } from "node:path";
import { pickEncoding, type Coding } from "../http/accept-encoding.js";

const TYPES: Record<string, string> = {
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".woff2": "font/woff2",
  ".woff": "font/woff",
  ".ttf": "font/ttf",
  ".json": "application/json",
  ".map": "application/json",
  ".ico": "image/x-icon",
  ".txt": "text/plain; charset=utf-8",
};

/** The file extension of each precompressed copy, by its `Content-Encoding`. */
const SUFFIX: Record<Coding, string> = { br: ".br", gzip: ".gz" };

/** One representation of a file: its bytes and their ETag (strong, so it differs per encoding). */
interface Body {
  bytes: Buffer;
  etag: string;
}

/** One built file, read once: its type, its plain bytes and the compressed copies found beside it. */
export interface Asset {
  type: string;
  plain: Body;
  coded: Partial<Record<Coding, Body>>;
}

const bodyOf = (bytes: Buffer): Body => ({ bytes, etag: `"${createHash("sha256").update(bytes).digest("base64url").slice(0, 22)}"` });

/** The files of `<dir>/assets` by name; a `.br`/`.gz` copy is a variant of its file, never a name of its own. */
export function readAssets(dir: string): Map<string, Asset> {
  const found = new Map<string, Asset>();
  const root = join(dir, "assets");
  if (!existsSync(root)) return found;
  const names = readdirSync(root);
  const present = new Set(names);
  for (const name of names) {
    if (name.endsWith(".br") || name.endsWith(".gz")) continue;
    const path = join(root, name);
    if (!statSync(path).isFile()) continue;
    const coded: Asset["coded"] = {};
    for (const coding of Object.keys(SUFFIX) as Coding[]) {
      if (present.has(name + SUFFIX[coding])) coded[coding] = bodyOf(readFileSync(path + SUFFIX[coding]));
    }
    found.set(name, { type: TYPES[extname(name)] ?? "application/octet-stream", plain: bodyOf(readFileSync(path)), coded });
  }
  return found;
}

/**
 * Answers one asset: the copy the request accepts best (brotli, then gzip, else the plain bytes),
 * `Vary: Accept-Encoding` whenever copies exist, a year's immutable caching (Vite names every file
 * by its content's hash), and 304 when `If-None-Match` names the chosen copy's ETag. `Range` is
 * ignored (the whole file, 200: allowed by RFC 9110 §14.2, and no browser asks it of a script).
 * HEAD is Fastify's: the same headers, no body.
 */
export function sendAsset(req: FastifyRequest, reply: FastifyReply, asset: Asset) {
  const coding = pickEncoding(req.headers["accept-encoding"], Object.keys(asset.coded) as Coding[]);
  const body = coding ? asset.coded[coding]! : asset.plain;
  reply.headers({ "cache-control": "public, max-age=31536000, immutable", "x-content-type-options": "nosniff", etag: body.etag });
  if (Object.keys(asset.coded).length > 0) reply.header("vary", "Accept-Encoding");
  const wanted = req.headers["if-none-match"];
  if (wanted && wanted.split(",").some((t) => t.trim() === body.etag || t.trim() === "*")) return reply.code(304).send();
  if (coding) reply.header("content-encoding", coding);
  return reply.code(200).header("content-type", asset.type).send(body.bytes);
}

/** One Vite manifest entry (dist/web/.vite/manifest.json), the fields read here. */
interface ManifestChunk {
  file: string;
  name?: string;
  isDynamicEntry?: boolean;
  imports?: string[];
  css?: string[];
  isEntry?: boolean;
}

/**
 * The modules the app imports lazily for a screen's body: a page's editor (web/src/page/PageView.tsx)
 * and a database's view (web/src/app.tsx). A manifest key is the module's source, or
 * `_Editor-<hash>.js` when Rollup made the editor a shared chunk (BlockNote's lazy parts import from it).
 */
const EDITOR_SOURCE = "src/page/Editor.tsx";
const isEditor = (key: string, chunk: ManifestChunk) => key === EDITOR_SOURCE || (chunk.name === "Editor" && chunk.isDynamicEntry === true);
const DATABASE_SOURCE = "src/database/DatabaseView.tsx";
const isDatabase = (key: string) => key === DATABASE_SOURCE;

/** Vite's manifest of the build in `dir`; null when there is none (an older build) or it does not parse. */
function readManifest(dir: string): Record<string, ManifestChunk> | null {
  const path = join(dir, ".vite", "manifest.json");
  if (!existsSync(path)) return null;
  try {
    return JSON.parse(readFileSync(path, "utf8")) as Record<string, ManifestChunk>;
  } catch {
    return null;
  }
}

const attr = (s: string) => s.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");

/** The scripts and styles of the chunk `wanted` picks and of the shared chunks it imports statically (entries are on the page already). */
function chunkFiles(manifest: Record<string, ManifestChunk>, wanted: (key: string, chunk: ManifestChunk) => boolean): { scripts: string[]; styles: string[] } | null {
  const root = Object.keys(manifest).find((k) => wanted(k, manifest[k]));
  if (!root) return null;
  const scripts: string[] = [];
  const styles: string[] = [];
  const seen = new Set<string>();
  const visit = (key: string) => {
    const chunk = manifest[key];
    if (!chunk || chunk.isEntry || seen.has(key)) return;
    seen.add(key);
    scripts.push(chunk.file);
    styles.push(...(chunk.css ?? []));
    for (const dep of chunk.imports ?? []) visit(dep);
  };
  visit(root);
  return { scripts, styles };
}

/**
 * The `<link>` tags that fetch the editor chunk's scripts and styles while the shell starts (a
 * page's address would otherwise fetch them only once the app asked: a waterfall), at low priority
 * (the shell's script and the page's reads go first). Read from Vite's
 * manifest; "" when the build has none (an older build, or no editor chunk).
 */
export function editorPreloads(dir: string): string {
  const manifest = readManifest(dir);
  const files = manifest && chunkFiles(manifest, isEditor);
  if (!files) return "";
  // `preload as="script"`, not `modulepreload`: fetched only, not compiled on the main thread while
  // the shell runs and the page's first paint is drawn (the app imports it after that paint).
  return [
    ...files.styles.map((f) => `<link rel="preload" as="style" crossorigin href="/${attr(f)}">`),
    ...files.scripts.map((f) => `<link rel="preload" as="script" crossorigin fetchpriority="low" href="/${attr(f)}">`),
  ].join("");
}

/**
 * The same for a database's address: the DatabaseView chunk, its styles and the shared chunks it
 * imports. Unlike the editor it is on the first paint's path (the screen shows nothing but its
 * frame until the app has it), so `modulepreload` at the default priority: fetched beside the
 * shell and ready to run when the app imports it. "" when the build has none.
 */
export function databasePreloads(dir: string): string {
  const manifest = readManifest(dir);
  const files = manifest && chunkFiles(manifest, isDatabase);
  if (!files) return "";
  return [
    ...files.styles.map((f) => `<link rel="preload" as="style" crossorigin href="/${attr(f)}">`),
    ...files.scripts.map((f) => `<link rel="modulepreload" crossorigin href="/${attr(f)}">`),
  ].join("");
}

/**
 * The session read every app address starts with (web/src/api.ts, `loadSession`), fetched while
 * the shell's script loads instead of after it runs. The app's fetch sends no header of its own so
 * that Chromium uses this answer (it reuses a preload only when the request headers match).
 */
export const SESSION_PRELOAD = `<link rel="preload" as="fetch" crossorigin href="/_quire/session">`;

/** Whether `url` is a page's address that opens the editor (`/w/<ws>/p/<id>`, not its read-only view). */
export function opensEditor(url: string): boolean {
  const [path, query = ""] = url.split("?", 2);
  return /^\/w\/[^/]+\/p\/[^/]+\/?$/.test(path) && new URLSearchParams(query).get("view") !== "read";
}

/** Whether `url` is a database's address (`/w/<ws>/d/<id>`, any `?view=`): it opens the DatabaseView chunk. */
export function opensDatabase(url: string): boolean {
  return /^\/w\/[^/]+\/d\/[^/]+\/?$/.test(url.split("?", 1)[0]);
}

/**
 * `html` with `first` added at the start of its `<head>` (before any script: the CSRF token that
 * web/src/early.ts reads, which runs as soon as it arrives) and `tags` at its end.
 */
export function withHeadTags(html: string, tags: string, first = ""): string {
  const open = /<head[^>]*>/i.exec(html);
  if (first && open) html = html.slice(0, open.index + open[0].length) + first + html.slice(open.index + open[0].length);
  return withHeadEnd(html, tags);
}

/** `html` with `tags` added at the end of its `<head>`. */
function withHeadEnd(html: string, tags: string): string {
  if (!tags) return html;
  const at = html.indexOf("</head>");
  return at < 0 ? html : html.slice(0, at) + tags + html.slice(at);
}
