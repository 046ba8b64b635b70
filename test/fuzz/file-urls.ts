/**
 * Fuzz property `file_urls` (issue 9): file-URL games. Integration B owns uploads on a top-level
 * page shared with B only; the fuzz world's integration (A) writes markers of those uploads
 * (`quire-file:<id>/<name>`, the stored JSON form) and their download URLs — signed with the
 * server's own key for B's objects, for A's pages, for unknown objects, expired or not, then
 * tampered with (a signature character, `expires=0…`, no `src`, another host, another name,
 * another upload) — into random text and file fields of every write that carries them:
 * blocks, media sources, callout icons, page titles, icons and covers, database titles and
 * property names, `files` values, comments (rich text, links, markdown), page markdown, and
 * 400 messages that echo a value. Whatever A sends, no answer and no read of what it wrote
 * names B's upload with a URL that is not a piece of something A sent itself, and no
 * Notion-hosted file object (`type: "file"`) of B's upload ever reaches A.
 */
import fc from "fast-check";
import assert from "node:assert/strict";
import { fileUrls, storedFileObject } from "../../src/domain/files/urls.js";
import { encode, okText } from "./arbitraries.js";
import { send, type FuzzRequest, type FuzzResponse } from "./http.js";
import type { World } from "./world.js";
import type { FuzzProperty } from "./properties.js";

type Exchange = (w: World, req: FuzzRequest, label?: string) => Promise<FuzzResponse>;
type Json = any;

const HOUR = 3600_000;
const ALL = ["read_content", "update_content", "insert_content", "read_comments", "insert_comments", "user_info_with_email"];
const rt = (content: string) => [{ type: "text", text: { content } }];

interface Upload {
  id: string;
  name: string;
  /** The object the upload is attached to (what its URLs name as `src`). */
  holder: string;
}

interface FileWorld {
  /** B's uploads, none on anything A can read. */
  foreign: Upload[];
  /** One of A's own uploads (its URLs may be claimed: they only widen the games). */
  own: Upload;
  /** B's page (top level, shared with B only). */
  bPage: string;
  /** Where A's writes go (a page under the shared root). */
  home: string;
  secret: string;
  /** Every string A has sent in these games: what an answer may echo. */
  sent: string[];
}

const worlds = new WeakMap<World, Promise<FileWorld>>();

function ok(res: FuzzResponse, what: string): Json {
  if (res.status !== 200) throw new Error(`fuzz setup: ${what} → ${res.status} ${res.text.slice(0, 300)}`);
  return res.json;
}

/** Creates and sends a small upload as the integration `token`; its id. */
async function uploadAs(w: World, token: string, filename: string, type: string): Promise<string> {
  const headers = { authorization: `Bearer ${token}`, "notion-version": "2025-09-03" };
  const made = ok(await send(w.base, { method: "POST", path: "/v1/file_uploads", headers: { ...headers, "content-type": "application/json" }, body: JSON.stringify({ filename, content_type: type }) }), "upload");
  const b = "B0undary";
  const body = `--${b}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\nbytes of ${filename}\r\n--${b}--`;
  ok(await send(w.base, { method: "POST", path: `/v1/file_uploads/${made.id}/send`, headers: { ...headers, "content-type": `multipart/form-data; boundary=${b}` }, body }), "send");
  return made.id;
}

function fileWorld(w: World): Promise<FileWorld> {
  let p = worlds.get(w);
  if (!p) {
    p = (async () => {
      const owner = await w.q.integration("Fuzz file owner", ALL);
      const as = (method: string, path: string, body: unknown) =>
        send(w.base, { method, path, headers: { authorization: `Bearer ${owner.token}`, "notion-version": "2025-09-03", "content-type": "application/json" }, body: JSON.stringify(body) });
      const top = await w.q.admin("POST", "/_quire/v1/pages", { title: rt("B only"), share_with: [owner.id] });
      if (top.status !== 200) throw new Error(`fuzz setup: top-level page ${JSON.stringify(top.body)}`);
      const bPage = top.body.id as string;
      const image = await uploadAs(w, owner.token, "secret.png", "image/png");
      const doc = await uploadAs(w, owner.token, "secret (1).txt", "text/plain");
      const icon = await uploadAs(w, owner.token, "icon.png", "image/png");
      const blocks = ok(await as("PATCH", `/v1/blocks/${bPage}/children`, { children: [{ image: { file_upload: { id: image } } }, { file: { file_upload: { id: doc } } }] }), "attach").results;
      ok(await as("PATCH", `/v1/pages/${bPage}`, { icon: { file_upload: { id: icon } } }), "icon");
      const home = ok(await w.call("POST", "/v1/pages", { parent: { page_id: w.root }, properties: { title: { title: rt("Fuzz file URLs") } } }), "home").id as string;
      const mine = await uploadAs(w, w.token, "mine.png", "image/png");
      const mineBlock = ok(await w.call("PATCH", `/v1/blocks/${home}/children`, { children: [{ image: { file_upload: { id: mine } } }] }), "own").results[0].id as string;
      const secret = w.meta("file_url_secret");
      if (!secret) throw new Error("fuzz setup: no file_url_secret in meta");
      return {
        foreign: [
          { id: image, name: "secret.png", holder: blocks[0].id },
          { id: doc, name: "secret (1).txt", holder: blocks[1].id },
          { id: icon, name: "icon.png", holder: bPage },
        ],
        own: { id: mine, name: "mine.png", holder: mineBlock },
        bPage,
        home,
        secret,
        sent: [],
      };
    })();
    worlds.set(w, p);
  }
  return p;
}

// ---------------------------------------------------------------- generators

const RANDOM_ID = "0f0e0d0c-0b0a-4908-8706-050403020100";

/** Ways to spoil a signed URL (or not). */
const MANGLES: [string, (u: string, fw: FileWorld) => string][] = [
  ["as is", (u) => u],
  ["as is", (u) => u],
  ["a signature character", (u) => u.replace(/sig=([0-9a-f])/, (_m, c) => `sig=${c === "0" ? "1" : "0"}`)],
  ["expires=0…", (u) => u.replace("expires=", "expires=0")],
  ["expires+1", (u) => u.replace(/expires=(\d+)/, (_m, e) => `expires=${Number(e) + 1}`)],
  ["no src", (u) => u.replace(/&src=[^&]*/, "")],
  ["src of A's home", (u, fw) => u.replace(/src=[^&]*/, `src=${fw.home}`)],
  ["upper-case signature", (u) => u.replace(/sig=([0-9a-f]+)/, (_m, s) => `sig=${s.toUpperCase()}`)],
  ["another host", (u) => u.replace(/^http:\/\/[^/]+/, "https://files.example.com")],
  ["another name", (u) => u.replace(/\/([^/?]+)\?/, "/other.png?")],
  ["A's upload id", (u, fw) => u.replace(/files\/[0-9a-f-]{36}\//, `files/${fw.own.id}/`)],
  ["a second query", (u) => `${u}&expires=9999999999`],
  ["a fragment", (u) => `${u}#x`],
];

/** A download URL signed with the server's key: some upload, read from some object, at some time. */
function signedUrl(w: World, fw: FileWorld): fc.Arbitrary<string> {
  const upload = fc.constantFrom(...fw.foreign, ...fw.foreign, fw.own);
  const src = fc.constantFrom("holder", "holder", "bPage", "home", "random");
  // Signed at: now (valid), two hours ago (expired), in a day (valid, far out).
  const at = fc.constantFrom(0, 0, -2 * HOUR, -HOUR - 5000, 24 * HOUR);
  return fc.tuple(upload, src, at, fc.constantFrom(...MANGLES)).map(([u, s, dt, [, mangle]]) => {
    const object = s === "holder" ? u.holder : s === "bPage" ? fw.bPage : s === "home" ? fw.home : RANDOM_ID;
    const url = fileUrls(w.base, fw.secret, Date.now() + dt).url(storedFileObject(u.id, u.name), object);
    return mangle(url, fw);
  });
}

/** A string worth planting: a URL, a marker, the stored JSON form of a file object. */
function planted(w: World, fw: FileWorld): fc.Arbitrary<string> {
  const upload = fc.constantFrom(...fw.foreign);
  return fc.oneof(
    { weight: 6, arbitrary: signedUrl(w, fw) },
    { weight: 2, arbitrary: upload.map((u) => `quire-file:${u.id}/${encodeURIComponent(u.name)}`) },
    { weight: 1, arbitrary: upload.map((u) => JSON.stringify(storedFileObject(u.id, u.name))) },
  );
}

/** Text around a planted string (or the string alone). */
function textWith(p: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc.oneof({ weight: 2, arbitrary: p }, { weight: 3, arbitrary: fc.tuple(okText, p, fc.constantFrom("", " ", "x", ")")).map(([a, s, b]) => `${a}${s}${b}`) });
}

const MEDIA = ["image", "file", "pdf", "video", "audio"] as const;

/** One write of A carrying planted strings: method, path (⟦home⟧, ⟦target⟧ bound later), body. */
function caseArb(w: World, fw: FileWorld): fc.Arbitrary<{ kind: string; method: string; path: string; body?: Json; inPath?: string }> {
  // URL fields get URLs (a marker now and then, refused as no URL); text gets anything.
  const url = fc.oneof({ weight: 8, arbitrary: signedUrl(w, fw) }, { weight: 1, arbitrary: planted(w, fw) });
  const text = textWith(planted(w, fw));
  // A file object in its stored form, marker and all, sent as if it were a request's.
  const forged = fc.constantFrom(...fw.foreign).map((u) => storedFileObject(u.id, u.name) as Json);
  const source = fc.oneof(
    { weight: 4, arbitrary: url.map((u) => ({ type: "external", external: { url: u } })) },
    { weight: 2, arbitrary: url.map((u) => ({ external: { url: u } })) },
    { weight: 1, arbitrary: forged },
  );
  const block = fc.oneof(
    fc.tuple(fc.constantFrom(...MEDIA), source, text).map(([t, s, c]) => ({ [t]: { ...s, caption: rt(c) } })),
    fc.tuple(source, text).map(([s, c]) => ({ callout: { rich_text: rt(c), icon: s } })),
    fc.tuple(text, url).map(([c, u]) => ({ paragraph: { rich_text: [{ type: "text", text: { content: c, link: { url: u } } }] } })),
    text.map((c) => ({ code: { rich_text: rt(c), language: "plain text" } })),
    url.map((u) => ({ bookmark: { url: u } })),
    url.map((u) => ({ embed: { url: u } })),
  );
  const fileValue = fc.oneof(
    { weight: 6, arbitrary: fc.tuple(text, url, fc.boolean()).map(([name, u, asFile]) => (asFile ? { name, type: "file", file: { url: u } } : { name, external: { url: u } })) },
    { weight: 1, arbitrary: fc.tuple(text, forged).map(([name, f]) => ({ name, ...f })) },
  );
  return fc.oneof(
    fc.array(block, { minLength: 1, maxLength: 4 }).map((children) => ({ kind: "append", method: "PATCH", path: "/v1/blocks/⟦target⟧/children", body: { children } })),
    fc.tuple(text, fc.option(source), fc.option(source)).map(([t, icon, cover]) => ({
      kind: "page",
      method: "POST",
      path: "/v1/pages",
      body: { parent: { page_id: "⟦target⟧" }, properties: { title: { title: rt(t) } }, ...(icon ? { icon } : {}), ...(cover ? { cover } : {}) },
    })),
    fc.tuple(fc.array(fileValue, { minLength: 1, maxLength: 3 }), text).map(([files, t]) => ({
      kind: "row",
      method: "POST",
      path: "/v1/pages",
      body: { parent: { data_source_id: w.dbs.a.ds }, properties: { Task: { title: rt("file games") }, Text: { rich_text: rt(t) }, Attachments: { files } } },
    })),
    fc.tuple(text, url, fc.boolean()).map(([t, u, md]) => ({
      kind: "comment",
      method: "POST",
      path: "/v1/comments",
      body: md ? { parent: { page_id: "⟦target⟧" }, markdown: `${t} [l](${u}) ![i](${u})` } : { parent: { page_id: "⟦target⟧" }, rich_text: [{ type: "text", text: { content: t, link: { url: u } } }] },
    })),
    fc.tuple(text, url, url).map(([t, u1, u2]) => ({
      kind: "markdown",
      method: "POST",
      path: "/v1/pages",
      body: { parent: { page_id: "⟦target⟧" }, properties: { title: { title: rt("md") } }, markdown: `${t}\n![cap](${u1})\n<file src="${u2}">f</file>\n<callout icon="${u1}">\n\tc\n</callout>` },
    })),
    fc.tuple(text, url).map(([t, u]) => ({
      kind: "markdown edit",
      method: "PATCH",
      path: "/v1/pages/⟦target⟧/markdown",
      body: { type: "replace_content", replace_content: { new_str: `${t}\n![x](${u})`, allow_deleting_content: true } },
    })),
    fc.tuple(text, fc.option(source)).map(([t, icon]) => ({
      kind: "database",
      method: "POST",
      path: "/v1/databases",
      body: { parent: { type: "page_id", page_id: "⟦target⟧" }, title: rt(t), ...(icon ? { icon, cover: icon } : {}), initial_data_source: { properties: { [t.slice(0, 100) || "Name"]: { title: {} }, F: { files: {} } } } },
    })),
    text.map((t) => ({ kind: "echo", method: "POST", path: "/v1/pages", body: { parent: { page_id: t }, properties: {} } })),
    text.map((t) => ({ kind: "echo path", method: "GET", path: `/v1/blocks/${encode(t)}`, inPath: t })),
  );
}

// ---------------------------------------------------------------- the invariant

const DOWNLOAD = /https?:\/\/[^\s"'<>()[\]\\]*?\/_quire\/files\/[0-9a-fA-F-]{36}\/[^\s"'<>()[\]\\]*/g;

function strings(v: unknown, out: string[] = []): string[] {
  if (typeof v === "string") out.push(v);
  else if (Array.isArray(v)) for (const x of v) strings(x, out);
  else if (v && typeof v === "object") for (const x of Object.values(v)) strings(x, out);
  return out;
}

/** What no answer A gets may hold: B's upload by a URL A did not send, or as a Notion-hosted file. */
function assertNoForeignFile(fw: FileWorld, answer: unknown, what: string): void {
  const foreign = fw.foreign.map((u) => u.id);
  const names = (s: string) => foreign.some((id) => s.toLowerCase().includes(`/_quire/files/${id}/`));
  // Markdown attributes escape `&` and quotes (`<file src="…&amp;sig=…">`): compare the text they stand for.
  const unescape = (s: string) => s.replace(/&quot;/g, '"').replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&#39;/g, "'").replace(/&amp;/g, "&");
  for (const s of strings(answer).map(unescape))
    for (const m of s.matchAll(DOWNLOAD))
      if (names(m[0]) && !fw.sent.some((x) => x.includes(m[0]))) assert.fail(`${what}: a URL of B's upload that A never sent: ${m[0]}`);
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) return v.forEach(walk);
    if (!v || typeof v !== "object") return;
    const o = v as Json;
    if (o.type === "file" && typeof o.file?.url === "string" && (names(o.file.url) || foreign.some((id) => o.file.url.includes(id))))
      assert.fail(`${what}: B's upload reached A as a Notion-hosted file: ${JSON.stringify(o)}`);
    Object.values(o).forEach(walk);
  };
  walk(answer);
}

/** What A can read back after an accepted write (each read checked like the answer). */
function readsAfter(kind: string, target: string, made: Json): string[] {
  switch (kind) {
    case "append":
      return [`/v1/blocks/${target}/children`, `/v1/pages/${target}/markdown`];
    case "page":
    case "row":
      return [`/v1/pages/${made.id}`];
    case "comment":
      return [`/v1/comments?block_id=${target}`];
    case "markdown":
      return [`/v1/pages/${made.id}/markdown`, `/v1/blocks/${made.id}/children`];
    case "markdown edit":
      return [`/v1/blocks/${target}/children`];
    case "database":
      return [`/v1/databases/${made.id}`, `/v1/data_sources/${made.data_sources?.[0]?.id}`];
    default:
      return [];
  }
}

/** The `file_urls` property, sending through `exchange` (every answer checked as everywhere). */
export function fileUrlProperty(exchange: Exchange): FuzzProperty {
  return {
    name: "file_urls",
    runs: 150,
    build: (w) =>
      fc.asyncProperty(fc.nat(), fc.context(), async (seed, ctx) => {
        const fw = await fileWorld(w);
        const c = fc.sample(caseArb(w, fw), { seed, numRuns: 1 })[0];
        // A page of its own for each write, so reads stay small.
        const target = ok(await w.call("POST", "/v1/pages", { parent: { page_id: fw.home }, properties: { title: { title: rt("t") } } }), "target").id as string;
        const text = JSON.stringify(c.body ?? null).replaceAll("⟦target⟧", target);
        fw.sent.push(...strings(JSON.parse(text)), ...(c.inPath ? [c.inPath] : []));
        const headers: Record<string, string> = { authorization: `Bearer ${w.token}`, "notion-version": c.kind.startsWith("markdown") ? "2026-03-11" : "2025-09-03" };
        if (c.body !== undefined) headers["content-type"] = "application/json";
        const req: FuzzRequest = { method: c.method, path: c.path.replace("⟦target⟧", target), headers, body: c.body === undefined ? undefined : text };
        const res = await exchange(w, req, `file_urls.${c.kind}`);
        ctx.log(`${req.method} ${req.path} ${text.slice(0, 600)} → ${res.status} ${res.text.slice(0, 400)}`);
        assertNoForeignFile(fw, res.json, `${c.kind} → ${res.status}`);
        if (res.status !== 200) return;
        for (const path of readsAfter(c.kind, target, res.json)) {
          const read = await exchange(w, { method: "GET", path, headers: { authorization: `Bearer ${w.token}`, "notion-version": "2026-03-11" } }, "file_urls.read");
          assert.equal(read.status, 200, `${path}: ${read.text.slice(0, 300)}`);
          assertNoForeignFile(fw, read.json, `read ${path} after ${c.kind}`);
        }
      }),
  };
}
