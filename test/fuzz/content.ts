/**
 * Fuzz properties for the endpoints that came after pages, blocks and databases: comments,
 * search, file uploads (odd multipart bodies included), custom emojis (the list's query string;
 * custom_emoji icons and mentions in page writes) and page markdown (random and adversarial
 * markdown, every command shape, pages.create with markdown, allow_async tasks), and file-URL
 * games (file-urls.ts: another integration's markers and download URLs planted everywhere).
 * Same rules as properties.ts: every answer goes through checkAnswer(), and a rejected write
 * changes nothing (comments of the target, the upload's state, the page's markdown and blocks).
 */
import fc from "fast-check";
import assert from "node:assert/strict";
import { createPageBody, encode, idArb, idForms, idValue, json, mutated, okText, queryArb, richText, textMutation, oddBody, str, type Json } from "./arbitraries.js";
import { Violation, checkAnswer } from "./check.js";
import { send, type FuzzRequest, type FuzzResponse } from "./http.js";
import type { World } from "./world.js";
import type { FuzzProperty } from "./properties.js";
import { fileUrlProperty } from "./file-urls.js";

/** What the properties here need beyond the world: an emoji, pages with comments, a discussion. */
interface ContentWorld {
  emojis: string[];
  /** Pages made for these properties (comment targets, markdown pages live elsewhere). */
  pages: string[];
  discussions: string[];
  comments: string[];
  uploads: string[];
  /** Where markdown pages are made (never listed, so it may grow). */
  mdRoot: string;
  ids: string[];
}

const extras = new WeakMap<World, Promise<ContentWorld>>();

function ok(res: FuzzResponse, what: string): any {
  if (res.status !== 200) throw new Error(`fuzz setup: ${what} → ${res.status} ${res.text.slice(0, 300)}`);
  return res.json;
}

const rt = (content: string) => [{ type: "text", text: { content } }];

/** Sets up (once per world) what the content properties name. */
export function contentWorld(w: World): Promise<ContentWorld> {
  let p = extras.get(w);
  if (!p) {
    p = (async () => {
      const emojis: string[] = [];
      for (const name of ["fuzz_party", "fuzz-ok"]) {
        const res = await w.q.admin("POST", "/_quire/v1/custom_emojis", { name, url: `https://example.com/${name}.png` });
        if (res.status !== 200) throw new Error(`fuzz setup: emoji ${res.status} ${JSON.stringify(res.body)}`);
        emojis.push(res.body.id);
      }
      const page = async (title: string) => ok(await w.call("POST", "/v1/pages", { parent: { page_id: w.root }, properties: { title: { title: rt(title) } } }), "page").id as string;
      const pages = [await page("Fuzz comments"), await page("Fuzz comments 2")];
      const comments: string[] = [];
      const discussions: string[] = [];
      for (const target of [{ page_id: pages[0] }, { block_id: w.blocks[0] }]) {
        const c = ok(await w.call("POST", "/v1/comments", { parent: target, rich_text: rt("first") }), "comment");
        comments.push(c.id);
        discussions.push(c.discussion_id);
      }
      const uploads: string[] = [];
      for (const body of [{}, { mode: "multi_part", number_of_parts: 2, filename: "a.txt" }, {}, {}]) uploads.push(ok(await w.call("POST", "/v1/file_uploads", body), "upload").id);
      // Two uploaded files (comment attachments take them; each attaches once).
      for (const id of uploads.slice(2)) {
        const b = "S";
        const sent = await send(w.base, { method: "POST", path: `/v1/file_uploads/${id}/send`, headers: { authorization: `Bearer ${w.token}`, "notion-version": "2025-09-03", "content-type": `multipart/form-data; boundary=${b}` }, body: `--${b}${CRLF}Content-Disposition: form-data; name="file"; filename="c.txt"${CRLF}Content-Type: text/plain${CRLF}${CRLF}comment file${CRLF}--${b}--` });
        ok(sent, "send");
      }
      const mdRoot = await page("Fuzz markdown");
      return { emojis, pages, discussions, comments, uploads, mdRoot, ids: [...w.ids, ...emojis, ...pages, ...discussions, ...comments, ...uploads] };
    })();
    extras.set(w, p);
  }
  return p;
}

// ---------------------------------------------------------------- plumbing (as properties.ts)

export type Exchange = (w: World, req: FuzzRequest, label?: string) => Promise<FuzzResponse>;

function request(w: World, method: string, path: string, body?: string, contentType: string | undefined = "application/json", version = "2025-09-03"): FuzzRequest {
  const headers: Record<string, string> = { authorization: `Bearer ${w.token}`, "notion-version": version };
  if (body !== undefined && contentType !== undefined) headers["content-type"] = contentType;
  return { method, path, headers, body };
}

/** Now and then the request of an integration that may only read, or that was shared nothing. */
function who(w: World, req: FuzzRequest, seed: number): FuzzRequest {
  const pick = seed % 23;
  if (pick === 0) req.headers.authorization = `Bearer ${w.readOnlyToken}`;
  if (pick === 1) req.headers.authorization = `Bearer ${w.unsharedToken}`;
  return req;
}

const version = fc.constantFrom("2025-09-03", "2025-09-03", "2022-06-28", "2026-03-11", "2026-12-01");

function bodyText(valid: fc.Arbitrary<Json>): fc.Arbitrary<string | undefined> {
  return fc.oneof(
    { weight: 10, arbitrary: mutated(valid).map((v) => JSON.stringify(v)) },
    { weight: 6, arbitrary: valid.map((v) => JSON.stringify(v)) },
    { weight: 2, arbitrary: json.map((v) => JSON.stringify(v)) },
    { weight: 2, arbitrary: valid.chain((v) => textMutation(JSON.stringify(v))) },
    { weight: 1, arbitrary: oddBody },
    { weight: 1, arbitrary: fc.constant(undefined) },
  );
}

/**
 * Without what changes by the second on its own: the signed URLs of uploaded files (query
 * `expires` / `src` / `sig`) and their `expiry_time`.
 */
function stable<T>(v: T): T {
  return JSON.parse(JSON.stringify(v, (k, x) => (k === "expiry_time" ? "(signed)" : typeof x === "string" ? x.replace(/\?expires=\d+&src=[0-9a-f-]+&sig=[0-9a-f]+/g, "?(signed)") : x)));
}

/** A GET (checked like every answer) without its request_id; null unless 200. */
async function read(w: World, exchange: Exchange, path: string, version = "2025-09-03"): Promise<Record<string, unknown> | null> {
  const res = await exchange(w, request(w, "GET", path, undefined, undefined, version), "read");
  if (res.status !== 200) return null;
  const body = res.json as Record<string, unknown>;
  delete body.request_id;
  return body;
}

/** Every item of a list endpoint, walking its cursors (each page checked). */
async function walk(w: World, exchange: Exchange, path: string, pageSize = 50): Promise<unknown[] | null> {
  const out: unknown[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < 200; i++) {
    const sep = path.includes("?") ? "&" : "?";
    const res = await exchange(w, request(w, "GET", `${path}${sep}page_size=${pageSize}${cursor ? `&start_cursor=${encodeURIComponent(cursor)}` : ""}`), "read");
    if (res.status !== 200) return null;
    const body = res.json as { results: unknown[]; has_more: boolean; next_cursor: string | null };
    assert.ok(Array.isArray(body.results) && body.results.length <= pageSize, `${path}: ${body.results?.length} results for page_size ${pageSize}`);
    out.push(...body.results);
    if (!body.has_more) {
      assert.equal(body.next_cursor, null, `${path}: next_cursor without has_more`);
      return out;
    }
    assert.ok(typeof body.next_cursor === "string" && body.next_cursor !== cursor, `${path}: has_more with next_cursor ${JSON.stringify(body.next_cursor)}`);
    cursor = body.next_cursor;
  }
  assert.fail(`${path}: still has_more after 200 pages`);
}

// ---------------------------------------------------------------- generators

/** Inline markdown for comments and rich text: formatting, mentions, equations, colors, broken tags. */
const INLINE = [
  "plain", "**bold**", "*it*", "~~s~~", "`code`", "$x^2$", "[link](https://example.com)", "[bad](javascript:alert(1))", "[x](", "**", "*", "`", "$", "~~",
  '<span color="red">r</span>', '<span color="nope">r</span>', "<span>", "</span>", '<span underline="true">u</span>', "<br>", "\\*", "\\", "<", ">", "&amp;", "&#0;",
  '<mention-user url="user://00000000-0000-0000-0000-000000000000"/>', '<mention-page url="https://www.notion.so/abc"/>', '<mention-date start="2024-01-01"/>',
  '<mention-date start="2024-13-45"/>', '<mention-date start="x" end="y"/>', '<mention-agent url="x"/>', '<mention-database url=""></mention-database>', "<mention-user>",
  "\u0000", "\ud800", "💡", "\r\n", "\n\n", "[x]", "<custom-emoji>", ":fuzz_party:",
];
const inlineMd: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(fc.array(fc.oneof(fc.constantFrom(...INLINE), okText), { maxLength: 6 }), fc.constantFrom(" ", "")).map(([xs, sep]) => xs.join(sep)) },
  { weight: 1, arbitrary: fc.constantFrom("*".repeat(5000), "[".repeat(5000), "`".repeat(3000), "$".repeat(3000), "<span>".repeat(2000), "**a".repeat(3000), "~".repeat(4001), "x".repeat(2001), "\\".repeat(5000), "<mention-page ".repeat(1000)) },
);

/** Block-level markdown lines, Notion's enhanced markdown tags among them, well-formed or not. */
const BLOCK_LINES = [
  "# H1", "## H2", "### H3", "#### H4", "####### H7", '# Toggle {toggle="true"}', "- item", "* item", "+ item", "1. one", "1) one", "- [ ] todo", "- [x] done", "> quote", "---",
  "```", "```js", "```klingon", "$$", "$$x^2$$", "<empty-block/>", "<table_of_contents/>", '<table_of_contents color="blue"/>', "![alt](https://example.com/a.png)", "![](x)",
  '<image src="https://example.com/a.png"/>', '<video src=""/>', '<file src="file://x"/>', '<pdf src="https://example.com/a.pdf">cap</pdf>',
  '<page url="https://www.notion.so/00000000000000000000000000000000">P</page>', '<page url="nope"/>', '<database url="https://www.notion.so/x"/>', '<unknown url="x#y"/>',
  "<details>", "<summary>S</summary>", "</details>", '<callout icon="💡">', '<callout icon="https://example.com/i.png" color="red_bg">', "</callout>", "<columns>", "<column>", "</column>", "</columns>",
  '<table header-row="true">', "<table>", "<tr>", "<td>a</td>", "<td>", "</tr>", "</table>", "| a | b |", "|---|---|", "<synced_block>", "</synced_block>",
  '<synced_block_reference url="https://www.notion.so/x#00000000000000000000000000000000"/>', "<toggle>", "</toggle>", "<", "</", "<>", "<a>", "\t- tabbed", "    - indented",
  // Notion-flavored Markdown (v2): tag forms, colors on tags, blank lines between blocks.
  "", "", "<p>", '<p color="red">', "</p>", "<quote>", "</quote>", '<toggle color="blue_bg">', '<h2 toggle="true">', "<h3>", "</h2>", '<to_do checked="true">', "</to_do>",
  '<bulleted_list_item color="red">x</bulleted_list_item>', '<callout icon="💡">one line</callout>', "<p>text</p>", "<h7>", "<p", "<toggle>title",
];
const line: fc.Arbitrary<string> = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...BLOCK_LINES) },
  { weight: 3, arbitrary: fc.tuple(fc.constantFrom("", "", "# ", "- ", "1. ", "> ", "- [ ] ", "\t", "  ", "    "), inlineMd).map(([a, b]) => a + b) },
  { weight: 1, arbitrary: fc.constantFrom(2, 8, 40).chain((n) => fc.constantFrom("  ", "\t", "    ").map((ind) => ind.repeat(n) + "- deep")) },
);
/** A markdown document: random lines, or an adversarial shape (deep nesting, many lines, unclosed tags). */
export const markdownDoc: fc.Arbitrary<string> = fc.oneof(
  { weight: 8, arbitrary: fc.array(line, { maxLength: 12 }).map((ls) => ls.join("\n")) },
  { weight: 2, arbitrary: fc.string({ maxLength: 40 }) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      ">".repeat(3000) + " deep", Array.from({ length: 300 }, (_, i) => "  ".repeat(i) + "- n").join("\n"), "<details>\n".repeat(800), "<callout>\n".repeat(800), "<columns>\n<column>\n".repeat(300),
      "<table>\n" + "<tr><td>a</td></tr>\n".repeat(300) + "</table>", "```\n" + "x\n".repeat(2000), "- x\n".repeat(1200), "a\n".repeat(1100), "x".repeat(3000), "| a |\n".repeat(500),
      "$$\n" + "x".repeat(2000) + "\n$$", "\n".repeat(5000), "\r\n".repeat(100) + "# h", "<synced_block>\n".repeat(400), Array.from({ length: 120 }, (_, i) => "\t".repeat(i) + "1. n").join("\n"),
      "<page url=\"https://www.notion.so/" + "a".repeat(2000) + "\"/>", "<toggle>" + "<".repeat(5000), "# " + "**".repeat(3000),
    ),
  },
);

const commentBodyArb = (ids: string[], cw: ContentWorld): fc.Arbitrary<Json> => {
  const target = fc.oneof(
    { weight: 4, arbitrary: fc.record({ parent: fc.oneof(fc.record({ page_id: idValue([...cw.pages, ...ids]) }), fc.record({ type: fc.constant("block_id"), block_id: idValue(ids) })) }) },
    { weight: 2, arbitrary: fc.record({ discussion_id: idValue(cw.discussions) }) },
  );
  const content = fc.oneof(
    { weight: 3, arbitrary: fc.record({ rich_text: richTextWithEmoji(ids, cw) }) },
    { weight: 2, arbitrary: fc.record({ markdown: inlineMd, markdown_version: markdownVersionValue }, { requiredKeys: ["markdown"] }) },
  );
  const extra = fc.record(
    {
      display_name: fc.oneof(fc.constant({ type: "integration" }), fc.constant({ type: "user" }), fc.record({ type: fc.constant("custom"), custom: fc.record({ name: okText }) })),
      attachments: fc.array(fc.record({ file_upload_id: idValue(cw.uploads) }), { maxLength: 4 }),
    },
    { requiredKeys: [] },
  );
  return fc.tuple(target, content, extra).map(([a, b, c]) => ({ ...a, ...b, ...c }) as Json);
};

/** Rich text now and then holding custom_emoji mentions (known ids, unknown ones, odd shapes). */
function richTextWithEmoji(ids: string[], cw: ContentWorld): fc.Arbitrary<Json> {
  const emojiMention = fc.record({
    type: fc.constant("mention"),
    mention: fc.record({ type: fc.constant("custom_emoji"), custom_emoji: fc.oneof(fc.record({ id: idValue(cw.emojis) }), fc.record({ id: idValue(cw.emojis), name: str, url: str }, { requiredKeys: ["id"] })) }, { requiredKeys: ["custom_emoji"] }),
  });
  return fc.oneof({ weight: 4, arbitrary: richText(ids) }, { weight: 2, arbitrary: fc.tuple(richText(ids), fc.array(emojiMention, { minLength: 1, maxLength: 2 })).map(([a, b]) => [...(a as Json[]), ...b] as Json) });
}

const emojiIcon = (cw: ContentWorld): fc.Arbitrary<Json> =>
  fc.oneof(
    { weight: 6, arbitrary: fc.record({ type: fc.constant("custom_emoji"), custom_emoji: fc.record({ id: idValue(cw.emojis) }) }, { requiredKeys: ["custom_emoji"] }) },
    { weight: 2, arbitrary: fc.record({ custom_emoji: fc.record({ id: idValue(cw.emojis), name: fc.constantFrom("fuzz_party", "other", ""), url: fc.constantFrom("https://example.com/x.png", "", "nope") }, { requiredKeys: ["id"] }) }) },
    { weight: 1, arbitrary: fc.record({ type: fc.constant("custom_emoji"), custom_emoji: json }) },
  );

const searchBody: fc.Arbitrary<Json> = fc.record(
  {
    query: fc.oneof(fc.constantFrom("", "Fuzz", "fuzz", "FUZZ SAND", "Fuzz databases", "%", "_", "*", "\\", "'", '"', "Name", "💡", "\u0000", " ", "x".repeat(2000)), str, fc.constant(null)),
    filter: fc.oneof(
      fc.record({ property: fc.constant("object"), value: fc.constantFrom("page", "data_source", "database", "block") }),
      fc.record({ property: fc.constant("object"), value: fc.constantFrom("page", "data_source", "database"), in_trash: fc.boolean() }),
      fc.record({ in_trash: fc.boolean() }),
      fc.record({ value: fc.constant("page"), property: fc.constantFrom("object", "title") }),
    ),
    sort: fc.oneof(fc.record({ timestamp: fc.constant("last_edited_time"), direction: fc.constantFrom("ascending", "descending") }, { requiredKeys: ["timestamp"] }), fc.constant({ property: "relevance" }), fc.constant({ timestamp: "created_time" })),
    page_size: fc.oneof(fc.integer({ min: 1, max: 100 }), fc.constantFrom(0, 101, -1, 1.5, 1e308)),
    start_cursor: fc.oneof(fc.constant(null), str, fc.constantFrom("", "eyJ4IjoxfQ", "AAAA", "bm9wZQ==", "00000000-0000-0000-0000-000000000000")),
  },
  { requiredKeys: [] },
);

const createUploadBody: fc.Arbitrary<Json> = fc.record(
  {
    mode: fc.constantFrom("single_part", "multi_part", "external_url", "nope"),
    filename: fc.oneof(fc.constantFrom("a.txt", "b.png", "c.pdf", "no-ext", ".hidden", "a/b.txt", "a\\b", "x".repeat(901), "é.txt", "💡.png"), okText),
    content_type: fc.oneof(fc.constantFrom("text/plain", "image/png", "application/pdf", "application/octet-stream", "text/html", "image/svg+xml", "x/y", "", "text/plain; charset=utf-8"), okText),
    number_of_parts: fc.oneof(fc.integer({ min: 0, max: 1001 }), fc.constantFrom(1, 2, 3, 1000, 1e9, -1, 1.5)),
    external_url: fc.oneof(fc.constantFrom("https://example.com/a.png", "http://localhost:1/x", "ftp://x", "", "nope"), str),
  },
  { requiredKeys: [] },
);

interface Multipart {
  contentType: string | undefined;
  body: string;
  label: string;
}

const CRLF = "\r\n";

/** A multipart/form-data body for /send: right, or broken in one of the ways clients break it. */
function multipartArb(parts: number): fc.Arbitrary<Multipart> {
  const boundary = fc.constantFrom("XyZ", "----WebKitFormBoundary7MA4YWxkTrZu0gW", "a", "x".repeat(70), "x".repeat(201), "with space", "quo\"te", "--", "é");
  const partNumber = fc.oneof(
    { weight: 6, arbitrary: fc.integer({ min: 1, max: Math.max(1, parts) }).map(String) },
    { weight: 3, arbitrary: fc.constantFrom("0", "-1", "1.0", "1e0", "01", " 1", "1 ", "", "abc", "99999999999999999999999", "1001", String(parts + 1), "NaN", "0x1", "１", "1\u0000", "2147483648") },
  );
  const fileContent = fc.oneof(
    { weight: 6, arbitrary: fc.string({ maxLength: 64 }) },
    { weight: 1, arbitrary: fc.constantFrom("", "\r\n", "--", `${CRLF}--XyZ`, `${CRLF}--XyZ--`, "\u0000".repeat(10), "x".repeat(70_000)) },
  );
  const fileHeaders = fc.record({
    disposition: fc.constantFrom(
      'form-data; name="file"; filename="a.txt"', 'form-data; name="file"; filename="a.txt"', 'form-data; name="file"; filename="b.png"', "form-data; name=file; filename=a.txt",
      "form-data; name=\"file\"; filename*=UTF-8''%E2%82%AC.txt", "form-data; name=\"file\"; filename*=UTF-8''%zz.txt", 'form-data; name="file"', 'form-data; name="file"; filename=""',
      'form-data; name="file"; filename="../../etc/passwd"', 'form-data; name="other"; filename="a.txt"', 'form-data; name="FILE"; filename="a.txt"', 'attachment; filename="a.txt"', "",
      `form-data; name="file"; filename="${"n".repeat(1000)}.txt"`, 'form-data; name="file"; filename="a\\"b.txt"',
    ),
    type: fc.constantFrom("text/plain", "text/plain", "image/png", "application/octet-stream", "", "text/plain; charset=utf-8", "x", "image/png\u0000", undefined),
  });
  const part = fc.oneof(
    { weight: 4, arbitrary: fc.record({ h: fileHeaders, c: fileContent }).map(({ h, c }) => `Content-Disposition: ${h.disposition}${CRLF}${h.type !== undefined ? `Content-Type: ${h.type}${CRLF}` : ""}${CRLF}${c}`) },
    { weight: 3, arbitrary: partNumber.map((n) => `Content-Disposition: form-data; name="part_number"${CRLF}${CRLF}${n}`) },
    { weight: 1, arbitrary: fc.constantFrom(`Content-Disposition: form-data; name="x"${CRLF}${CRLF}y`, `no colon here${CRLF}${CRLF}z`, `Content-Disposition: form-data; name="part_number"${CRLF}Content-Type: application/json${CRLF}${CRLF}1`, `${CRLF}`, "", `Content-Disposition: form-data; name="part_number"${CRLF}${CRLF}${"9".repeat(70_000)}`, `X: ${"h".repeat(17_000)}${CRLF}${CRLF}x`) },
  );
  const wellFormed = fc.tuple(boundary, fc.array(part, { minLength: 0, maxLength: 4 }), fc.constantFrom("", "", "preamble\r\n", "\r\n"), fc.constantFrom("", "", "epilogue", "\r\n")).map(([b, ps, pre, epi]) => ({ b, body: `${pre}${ps.map((p) => `--${b}${CRLF}${p}${CRLF}`).join("")}--${b}--${epi}` }));
  const file = `Content-Disposition: form-data; name="file"; filename="a.txt"${CRLF}Content-Type: text/plain${CRLF}${CRLF}hello`;
  const pn = `Content-Disposition: form-data; name="part_number"${CRLF}${CRLF}1`;
  const good = (b: string) => `--${b}${CRLF}${pn}${CRLF}--${b}${CRLF}${file}${CRLF}--${b}--`;
  // Broken framing: cut anywhere, no final boundary, no CRLFs, a different boundary than declared.
  const broken = fc.tuple(boundary, fc.nat(), fc.constantFrom("cut", "no-close", "lf", "other", "no-dashes", "twice-closed", "empty", "junk", "header-only")).map(([b, at, how]) => {
    const g = good(b);
    switch (how) {
      case "cut":
        return { b, body: g.slice(0, at % g.length) };
      case "no-close":
        return { b, body: g.slice(0, g.lastIndexOf(`--${b}--`)) };
      case "lf":
        return { b, body: g.replace(/\r\n/g, "\n") };
      case "other":
        return { b: b + "x", body: g };
      case "no-dashes":
        return { b, body: g.split(`--${b}`).join(b) };
      case "twice-closed":
        return { b, body: `${g}${CRLF}--${b}--` };
      case "empty":
        return { b, body: "" };
      case "junk":
        return { b, body: "not multipart at all" };
      default:
        return { b, body: `--${b}${CRLF}Content-Disposition: form-data; name="file"; filename="a.txt"` };
    }
  });
  const contentType = (b: string) =>
    fc.oneof(
      { weight: 8, arbitrary: fc.constantFrom(`multipart/form-data; boundary=${b}`, `multipart/form-data; boundary="${b}"`, `Multipart/Form-Data; charset=utf-8; boundary=${b}`) },
      {
        weight: 2,
        arbitrary: fc.constantFrom(
          "multipart/form-data", "multipart/form-data; boundary=", "multipart/form-data; boundary=\"\"", `multipart/mixed; boundary=${b}`, "application/json", "text/plain", "application/octet-stream",
          `multipart/form-data; boundary=${b}; boundary=other`, `multipart/form-data;boundary=${b}`, `multipart/form-datax; boundary=${b}`, undefined as unknown as string,
        ),
      },
    );
  return fc.oneof({ weight: 3, arbitrary: wellFormed.map((x) => ({ ...x, label: "form" })) }, { weight: 2, arbitrary: broken.map((x) => ({ ...x, label: "broken" })) }).chain(({ b, body, label }) =>
    contentType(b).map((ct) => ({ contentType: ct, body, label })),
  );
}

/** `markdown_version`: the two dialects, and values that are neither. */
const markdownVersionValue: fc.Arbitrary<Json> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom<Json>("v1", "v2") },
  { weight: 1, arbitrary: fc.constantFrom<Json>("V2", "v3", "", 2, null, ["v2"]) },
);
/** Anchors for `position: {type: "after_content"}`: the starts of the fuzz page's blocks (in both dialects), and others. */
const anchor = fc.oneof(fc.constantFrom("para", "<toggle>", "<details>", "in", "- [ ] todo", "# H1", "<table", "\tin", "p", "", "nowhere", "-"), str);

const markdownCommand = (cw: ContentWorld): fc.Arbitrary<Json> =>
  fc.oneof(
    { weight: 2, arbitrary: fc.record({ type: fc.constant("insert_content"), insert_content: fc.record({ content: markdownDoc, position: fc.oneof(fc.record({ type: fc.constant("after_content"), anchor }), fc.record({ type: fc.constant("after_content") }), fc.record({ anchor })) }) }) },
    { weight: 3, arbitrary: fc.record({ type: fc.constant("insert_content"), insert_content: fc.record({ content: markdownDoc, after: fc.oneof(fc.constantFrom("para", "p", "t...d", "...", "", "toggle", "# H1"), str), position: fc.record({ type: fc.constantFrom("start", "end", "middle") }) }, { requiredKeys: ["content"] }) }) },
    { weight: 2, arbitrary: fc.record({ type: fc.constant("replace_content_range"), replace_content_range: fc.record({ content: markdownDoc, content_range: fc.oneof(fc.constantFrom("p...d", "para", "...", "", "t", "in...p", "x...y"), str), allow_deleting_content: fc.boolean() }, { requiredKeys: ["content", "content_range"] }) }) },
    {
      weight: 3,
      arbitrary: fc.record({
        type: fc.constant("update_content"),
        update_content: fc.record(
          {
            content_updates: fc.array(fc.record({ old_str: fc.oneof(fc.constantFrom("p", "in", "d", "t", "\n", "-", "[ ]", "<details>", "</summary>", "", "x"), str), new_str: markdownDoc, replace_all_matches: fc.boolean() }, { requiredKeys: ["old_str", "new_str"] }), { maxLength: 3 }),
            allow_deleting_content: fc.boolean(),
          },
          { requiredKeys: ["content_updates"] },
        ),
      }),
    },
    { weight: 2, arbitrary: fc.record({ type: fc.constant("replace_content"), replace_content: fc.record({ new_str: markdownDoc, allow_deleting_content: fc.boolean() }, { requiredKeys: ["new_str"] }) }) },
    { weight: 1, arbitrary: fc.record({ type: fc.constantFrom("insert_content", "replace_content", "nope", ""), insert_content: json, replace_content: json }, { requiredKeys: ["type"] }) },
  )
    .chain((cmd) => fc.oneof({ weight: 2, arbitrary: fc.constant(cmd) }, { weight: 2, arbitrary: markdownVersionValue.map((v) => ({ ...(cmd as object), markdown_version: v }) as Json) }))
    .chain((cmd) => fc.oneof({ weight: 5, arbitrary: fc.constant(cmd) }, { weight: 1, arbitrary: fc.constant({ ...(cmd as object), allow_async: true } as Json) }, { weight: 1, arbitrary: json.map((v) => ({ ...(cmd as object), allow_async: v }) as Json) }));

/** The dialect a markdown request is answered in: the `markdown_version` it sent when valid, else its version's default. */
function dialectOf(body: string | undefined, version: string): "v1" | "v2" {
  let sent: unknown;
  try {
    sent = (JSON.parse(body ?? "null") as Record<string, unknown> | null)?.markdown_version;
  } catch {
    sent = undefined;
  }
  return sent === "v1" || sent === "v2" ? sent : version === "2026-12-01" ? "v2" : "v1";
}

// ---------------------------------------------------------------- snapshots

/** Every comment on a page (and its first block): what a rejected comment write must leave alone. */
async function commentState(w: World, exchange: Exchange, ids: string[]): Promise<unknown> {
  const out: Record<string, unknown> = {};
  for (const id of ids) out[id] = await walk(w, exchange, `/v1/comments?block_id=${id}`, 100);
  return stable(out);
}

/** A page's markdown and its blocks, to compare before and after a rejected markdown write. */
async function pageState(w: World, exchange: Exchange, page: string, dialect: "v1" | "v2" = "v1"): Promise<unknown> {
  const md = await read(w, exchange, `/v1/pages/${page}/markdown?markdown_version=${dialect}`, "2026-03-11");
  const blocks = await walk(w, exchange, `/v1/blocks/${page}/children`, 100);
  const p = await read(w, exchange, `/v1/pages/${page}`);
  return stable({ md, blocks, last_edited_time: p?.last_edited_time });
}

/** A fresh page with a few blocks of each kind markdown commands touch. */
async function markdownPage(w: World, parent: string, empty = false): Promise<string> {
  return ok(
    await w.call("POST", "/v1/pages", {
      parent: { page_id: parent },
      properties: { title: { title: rt("Fuzz markdown") } },
      children: empty ? [] : [
        { paragraph: { rich_text: rt("para") } },
        { toggle: { rich_text: rt("toggle"), children: [{ paragraph: { rich_text: rt("in") } }] } },
        { to_do: { rich_text: rt("todo d"), checked: false } },
        { heading_1: { rich_text: rt("H1") } },
        { table: { table_width: 2, has_column_header: true, children: [{ table_row: { cells: [rt("a"), rt("b")] } }] } },
      ],
    }),
    "markdown page",
  ).id as string;
}

/** Polls an async task until it is done (bounded); its answer is checked on every poll. */
async function awaitTask(w: World, exchange: Exchange, id: string): Promise<Record<string, unknown> | null> {
  for (let i = 0; i < 100; i++) {
    const res = await exchange(w, request(w, "GET", `/v1/async_tasks/${id}`), "task");
    if (res.status !== 200) return null;
    const t = res.json as Record<string, unknown>;
    if (t.status !== "queued" && t.status !== "running") return t;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Violation(`async task ${id} still running after 100 polls`, undefined, { status: 200 });
}

// ---------------------------------------------------------------- properties

export function contentProperties(exchange: Exchange): FuzzProperty[] {
  return [
    fileUrlProperty(exchange),
    {
      // Comment create (page/block/discussion, rich_text or markdown, display names, attachments,
      // custom emoji mentions), update, retrieve, delete and list; a rejected write changes no comment.
      name: "comments",
      runs: 300,
      build: (w) =>
        fc.asyncProperty(fc.nat(), fc.context(), async (seed, ctx) => {
          const cw = await contentWorld(w);
          const [kind, body, target, query, v, ct] = fc.sample(
            fc.tuple(
              fc.constantFrom("create", "create", "create", "update", "update", "retrieve", "delete", "list"),
              bodyText(commentBodyArb(w.ids, cw)),
              idArb(cw.comments),
              queryArb([...cw.pages, ...w.blocks]),
              version,
              fc.constantFrom("application/json", "application/json", "text/plain", undefined),
            ),
            { seed, numRuns: 1 },
          )[0];
          const watched = [cw.pages[0], w.blocks[0]];
          const before = kind === "create" || kind === "update" || kind === "delete" ? await commentState(w, exchange, watched) : null;
          let req: FuzzRequest;
          switch (kind) {
            case "create":
              req = request(w, "POST", "/v1/comments", body, ct, v);
              break;
            case "update": {
              // Updates: mostly a real comment with a content body.
              const upd = fc.sample(bodyText(fc.oneof(fc.record({ rich_text: richTextWithEmoji(w.ids, cw) }), fc.record({ markdown: inlineMd }), fc.record({ rich_text: richText(w.ids), markdown: inlineMd }))), { seed, numRuns: 1 })[0];
              req = request(w, "PATCH", `/v1/comments/${encode(seed % 4 ? cw.comments[seed % cw.comments.length] : target)}`, upd, ct, v);
              break;
            }
            case "retrieve":
              req = request(w, "GET", `/v1/comments/${encode(target)}`, undefined, undefined, v);
              break;
            case "delete":
              // Deleting the seeded comments would wear the world down: mostly ids that are not comments.
              req = request(w, "DELETE", `/v1/comments/${encode(seed % 5 ? target.slice(1) : cw.pages[0])}`, undefined, undefined, v);
              break;
            default:
              req = request(w, "GET", `/v1/comments${seed % 3 ? `?block_id=${encode(fc.sample(idForms(cw.pages[seed % 2]), { seed, numRuns: 1 })[0])}&${query.slice(1)}` : query}`, undefined, undefined, v);
          }
          const res = await exchange(w, who(w, req, seed), `comments.${kind}`);
          ctx.log(`${req.method} ${req.path} ${req.body?.slice(0, 500)} → ${res.status} ${res.text.slice(0, 300)}`);
          if (before !== null) {
            const after = await commentState(w, exchange, watched);
            if (res.status >= 400) assert.deepStrictEqual(after, before, `a rejected comments.${kind} (${res.status}) changed the comments`);
            else if (kind === "create") {
              const made = res.json as { id: string };
              const got = await read(w, exchange, `/v1/comments/${made.id}`, v);
              const answer = { ...(res.json as object) } as Record<string, unknown>;
              delete answer.request_id;
              assert.deepStrictEqual(stable(got), stable(answer), "a created comment reads back as something else than the create answered");
            }
          }
          const gone = kind === "delete" && res.status < 300 ? cw.comments.indexOf((res.json as { id: string }).id) : -1;
          if (gone >= 0) {
            // A seeded comment deleted: another in its place.
            const c = ok(await w.call("POST", "/v1/comments", { parent: gone === 0 ? { page_id: cw.pages[0] } : { block_id: w.blocks[0] }, rich_text: rt("again") }), "comment");
            cw.comments[gone] = c.id;
            cw.discussions[gone] = c.discussion_id;
          }
        }),
    },
    {
      // POST /v1/search with mutated bodies under every version; accepted searches page to the end.
      name: "search",
      runs: 250,
      build: (w) =>
        fc.asyncProperty(bodyText(searchBody), version, fc.constantFrom("application/json", "application/json", "text/plain", undefined), async (body, v, ct) => {
          const req = request(w, "POST", "/v1/search", body, ct, v);
          const res = await exchange(w, req, "search");
          const b = res.json as { object?: string; results?: unknown[]; has_more?: boolean; next_cursor?: string | null };
          if (res.status !== 200) return;
          assert.equal(b.object, "list");
          assert.ok(Array.isArray(b.results));
          assert.ok(b.has_more === true || b.next_cursor === null, "next_cursor must be null when has_more is false");
          // The cursor it gave reads the next page (same body otherwise).
          if (b.has_more && body !== undefined) {
            let parsed: Record<string, unknown>;
            try {
              parsed = JSON.parse(body);
            } catch {
              return;
            }
            const next = await exchange(w, request(w, "POST", "/v1/search", JSON.stringify({ ...parsed, start_cursor: b.next_cursor }), "application/json", v), "search next");
            assert.equal(next.status, 200, `the next_cursor of a search did not read: ${next.text.slice(0, 300)}`);
          }
        }),
    },
    {
      // File uploads: create bodies, /send with right and broken multipart bodies, /complete,
      // retrieve and list. A refused send or complete leaves the upload as it was.
      name: "file_uploads",
      runs: 400,
      build: (w) => {
        const kinds = fc.constantFrom("create", "send", "send", "send", "send", "complete", "retrieve", "list");
        return fc.asyncProperty(kinds, fc.constantFrom(0, 1, 2), fc.nat(), version, fc.context(), async (kind, mode, seed, v, ctx) => {
          const cw = await contentWorld(w);
          if (kind === "create") {
            const body = fc.sample(bodyText(createUploadBody), { seed, numRuns: 1 })[0];
            const res = await exchange(w, request(w, "POST", "/v1/file_uploads", body, "application/json", v), "uploads.create");
            if (res.status === 200) {
              const made = res.json as Record<string, unknown>;
              const got = await read(w, exchange, `/v1/file_uploads/${made.id}`, v);
              delete made.request_id;
              assert.deepStrictEqual(got, made, "a created upload reads back as something else");
            }
            return;
          }
          if (kind === "list") {
            const q = fc.sample(fc.tuple(queryArb(cw.uploads), fc.constantFrom("", "status=pending", "status=uploaded", "status=expired", "status=failed", "status=nope", "status=", "status=pending&status=uploaded", "status[]=pending")), { seed, numRuns: 1 })[0];
            const query = [q[0].slice(1), q[1]].filter(Boolean).join("&");
            await exchange(w, request(w, "GET", `/v1/file_uploads${query ? `?${query}` : ""}`, undefined, undefined, v), "uploads.list");
            return;
          }
          if (kind === "retrieve") {
            const id = fc.sample(idArb(cw.uploads), { seed, numRuns: 1 })[0];
            await exchange(w, request(w, "GET", `/v1/file_uploads/${encode(id)}`, undefined, undefined, v), "uploads.retrieve");
            return;
          }
          // A fresh upload in one of three modes, maybe with a part already sent.
          const create = [{ filename: "a.txt", content_type: "text/plain" }, { mode: "multi_part", number_of_parts: 2, filename: "m.txt" }, {}][mode];
          const upload = ok(await w.call("POST", "/v1/file_uploads", create), "upload").id as string;
          if (mode === 1 && seed % 2) {
            const b = "B";
            const pre = await send(w.base, { method: "POST", path: `/v1/file_uploads/${upload}/send`, headers: { authorization: `Bearer ${w.token}`, "notion-version": "2025-09-03", "content-type": `multipart/form-data; boundary=${b}` }, body: `--${b}${CRLF}Content-Disposition: form-data; name="part_number"${CRLF}${CRLF}2${CRLF}--${b}${CRLF}Content-Disposition: form-data; name="file"; filename="m.txt"${CRLF}Content-Type: text/plain${CRLF}${CRLF}part two${CRLF}--${b}--` });
            assert.equal(pre.status, 200, pre.text);
          }
          if (mode === 1 && seed % 25 === 3) {
            // Now and then part 1 at its 5 MiB minimum too, so that a part 2 and /complete can succeed.
            const b = "B";
            const pre = await send(w.base, { method: "POST", path: `/v1/file_uploads/${upload}/send`, headers: { authorization: `Bearer ${w.token}`, "notion-version": "2025-09-03", "content-type": `multipart/form-data; boundary=${b}` }, body: `--${b}${CRLF}Content-Disposition: form-data; name="part_number"${CRLF}${CRLF}1${CRLF}--${b}${CRLF}Content-Disposition: form-data; name="file"; filename="m.txt"${CRLF}Content-Type: text/plain${CRLF}${CRLF}${"p".repeat(5 * 1024 * 1024)}${CRLF}--${b}--` });
            assert.equal(pre.status, 200, pre.text);
          }
          const before = await read(w, exchange, `/v1/file_uploads/${upload}`, v);
          let req: FuzzRequest;
          if (kind === "send") {
            const mp = fc.sample(multipartArb(mode === 1 ? 2 : 1), { seed, numRuns: 1 })[0];
            req = request(w, "POST", `/v1/file_uploads/${seed % 17 === 0 ? encode(upload.slice(2)) : upload}/send`, mp.body, mp.contentType, v);
          } else {
            const body = fc.sample(fc.oneof(fc.constant(undefined), fc.constant("{}"), json.map((x) => JSON.stringify(x))), { seed, numRuns: 1 })[0];
            req = request(w, "POST", `/v1/file_uploads/${upload}/complete`, body, "application/json", v);
          }
          const res = await exchange(w, who(w, req, seed), `uploads.${kind}`);
          ctx.log(`${req.method} ${req.path} ${req.headers["content-type"]} ${JSON.stringify(req.body?.slice(0, 600))} → ${res.status} ${res.text.slice(0, 300)}`);
          const after = await read(w, exchange, `/v1/file_uploads/${upload}`, v);
          if (res.status >= 400) assert.deepStrictEqual(after, before, `a rejected ${kind} (${res.status}) changed the upload`);
          else {
            const answer = { ...(res.json as Record<string, unknown>) };
            delete answer.request_id;
            assert.deepStrictEqual(after, answer, `an accepted ${kind} answered something else than a read shows`);
            // An uploaded file attaches and its signed URL serves the bytes.
            if ((after as { status?: string }).status === "uploaded") {
              const att = await exchange(w, request(w, "PATCH", `/v1/blocks/${w.pages[4]}/children`, JSON.stringify({ children: [{ file: { type: "file_upload", file_upload: { id: upload } } }] })), "uploads.attach");
              assert.equal(att.status, 200, `an uploaded file did not attach: ${att.text.slice(0, 300)}`);
            }
          }
        });
      },
    },
    {
      // GET /v1/custom_emojis with odd query strings; custom emoji icons and mentions in page writes.
      name: "custom_emojis",
      runs: 300,
      build: (w) =>
        fc.asyncProperty(fc.nat(), version, fc.context(), async (seed, v, ctx) => {
          const cw = await contentWorld(w);
          const kind = ["list", "list", "icon", "mention", "create"][seed % 5];
          if (kind === "list") {
            const [q, name] = fc.sample(
              fc.tuple(queryArb(cw.emojis), fc.oneof(fc.constant(""), fc.constantFrom("fuzz_party", "fuzz-ok", "FUZZ_PARTY", "", "%zz", "%00", "fuzz%5Fparty", "nope", "x".repeat(2001), "a&name=b", "fuzz_party&name=fuzz-ok").map((n) => `name=${n}`), fc.constantFrom("name[]=x", "name[a]=b", "name", "name=fuzz_party&name=fuzz-ok"))),
              { seed, numRuns: 1 },
            )[0];
            const query = [q.slice(1), name].filter(Boolean).join("&");
            const res = await exchange(w, request(w, "GET", `/v1/custom_emojis${query ? `?${query}` : ""}`, undefined, undefined, v), "emojis.list");
            if (res.status === 200) {
              const b = res.json as { object: string; results: { id: string; name: string; url: string }[]; has_more: boolean; next_cursor: string | null };
              assert.equal(b.object, "list");
              for (const e of b.results) assert.ok(typeof e.id === "string" && typeof e.name === "string" && typeof e.url === "string", `emoji ${JSON.stringify(e)}`);
            }
            return;
          }
          const target = w.pages[3];
          let body: string | undefined;
          let path: string;
          let method = "PATCH";
          if (kind === "icon") {
            body = fc.sample(bodyText(fc.record({ icon: emojiIcon(cw) })), { seed, numRuns: 1 })[0];
            path = `/v1/pages/${target}`;
          } else if (kind === "mention") {
            body = fc.sample(bodyText(fc.record({ children: fc.array(fc.record({ paragraph: fc.record({ rich_text: richTextWithEmoji(w.ids, cw) }) }), { minLength: 1, maxLength: 2 }) })), { seed, numRuns: 1 })[0];
            path = `/v1/blocks/${target}/children`;
          } else {
            method = "POST";
            path = "/v1/pages";
            body = fc.sample(bodyText(createPageBody(w.ids, [w.pages[4]]).chain((b) => emojiIcon(cw).map((icon) => ({ ...(b as object), icon }) as Json))), { seed, numRuns: 1 })[0];
          }
          const before = kind === "icon" ? await read(w, exchange, `/v1/pages/${target}`) : null;
          const req = request(w, method, path, body, "application/json", v);
          const res = await exchange(w, who(w, req, seed), `emojis.${kind}`);
          ctx.log(`${method} ${path} ${body?.slice(0, 500)} → ${res.status} ${res.text.slice(0, 300)}`);
          if (kind === "icon") {
            const after = await read(w, exchange, `/v1/pages/${target}`);
            if (res.status >= 400) assert.deepStrictEqual(after, before, "a rejected icon write changed the page");
            else {
              const icon = (res.json as { icon: unknown }).icon as { type?: string; custom_emoji?: { id: string; name: string; url: string } } | null;
              if (icon?.type === "custom_emoji") assert.ok(cw.emojis.includes(icon.custom_emoji!.id) && typeof icon.custom_emoji!.url === "string", `icon ${JSON.stringify(icon)}`);
              // Trashing or locking is not part of these bodies, but a mutation may add it.
              await w.call("PATCH", `/v1/pages/${target}`, { in_trash: false });
              await w.call("PATCH", `/v1/pages/${target}`, { is_locked: false });
            }
          }
          // The page markdown shows custom emoji mentions too: it must read.
          if (kind === "mention" && res.status === 200) {
            const md = await exchange(w, request(w, "GET", `/v1/pages/${target}/markdown`), "emojis.markdown");
            assert.equal(md.status, 200, md.text.slice(0, 300));
          }
        }),
    },
    {
      // GET/PATCH /v1/pages/{id}/markdown (every command, random and adversarial markdown in
      // both dialects, markdown_version, allow_async, Notion-Version 2026-12-01) and
      // pages.create with markdown. A refused edit changes neither the markdown nor the blocks;
      // an accepted one answers what a read in the same dialect shows.
      name: "markdown",
      runs: 300,
      build: (w) =>
        fc.asyncProperty(fc.nat(), fc.constantFrom("2025-09-03", "2022-06-28", "2026-03-11", "2026-12-01"), fc.context(), async (seed, v, ctx) => {
          const cw = await contentWorld(w);
          const kind = ["patch", "patch", "patch", "patch", "create", "create", "get"][seed % 7];
          if (kind === "get") {
            const [id, q] = fc.sample(fc.tuple(idArb([...w.pages, ...w.blocks, w.dbs.a.db, w.dbs.a.ds, w.dbs.a.rows[0], w.trashed]), fc.oneof(queryArb(w.ids), fc.constantFrom("?include_transcript=true", "?include_transcript=false", "?include_transcript=1", "?include_transcript=", "?include_transcript=true&include_transcript=false", "?markdown_version=v1", "?markdown_version=v2", "?markdown_version=v2&markdown_version=v1", "?markdown_version=", "?markdown_version=v3&include_transcript=true"))), { seed, numRuns: 1 })[0];
            await exchange(w, request(w, "GET", `/v1/pages/${encode(id)}/markdown${q}`, undefined, undefined, v), "markdown.get");
            return;
          }
          if (kind === "create") {
            const body = fc.sample(
              bodyText(
                fc.record({
                  parent: fc.oneof({ weight: 6, arbitrary: fc.constant({ page_id: "⟦holder⟧" }) }, { weight: 1, arbitrary: fc.record({ page_id: idValue(w.ids) }) }, { weight: 1, arbitrary: fc.constant({ data_source_id: w.dbs.a.ds }) }, { weight: 1, arbitrary: fc.constant({ workspace: true }) }),
                  properties: fc.constant({ title: { title: rt("md") } }),
                  markdown: markdownDoc,
                  markdown_version: markdownVersionValue,
                  allow_async: fc.oneof(fc.constant(true), fc.constant(false), fc.constant(undefined as unknown as boolean)),
                }, { requiredKeys: ["parent", "markdown"] }),
              ),
              { seed, numRuns: 1 },
            )[0];
            // Under a page of its own, so that what a rejected create added would show.
            const holder = await markdownPage(w, cw.mdRoot, true);
            const req = request(w, "POST", "/v1/pages", body?.replace(/⟦holder⟧/g, holder), "application/json", v);
            const before = await walk(w, exchange, `/v1/blocks/${holder}/children`, 100);
            const res = await exchange(w, who(w, req, seed), "markdown.create");
            ctx.log(`POST /v1/pages ${body?.slice(0, 600)} → ${res.status} ${res.text.slice(0, 300)}`);
            const j = res.json as { object?: string; id?: string; status?: string };
            if (res.status < 300 && j.object === "async_task") {
              const t = await awaitTask(w, exchange, j.id!);
              ctx.log(`task → ${JSON.stringify(t).slice(0, 500)}`);
            } else if (res.status >= 400 && j && (j as { code?: string }).code !== "object_not_found") {
              const after = await walk(w, exchange, `/v1/blocks/${holder}/children`, 100);
              assert.deepStrictEqual(after, before, `a rejected create (${res.status}) added a page`);
            } else if (res.status === 200 && j.object === "page") {
              const md = await exchange(w, request(w, "GET", `/v1/pages/${j.id}/markdown?markdown_version=${dialectOf(body, v)}`, undefined, undefined, "2026-03-11"), "markdown.read");
              assert.equal(md.status, 200, md.text.slice(0, 300));
            }
            return;
          }
          const page = await markdownPage(w, cw.mdRoot);
          const [cmd, raw, ct] = fc.sample(fc.tuple(markdownCommand(cw), fc.oneof({ weight: 8, arbitrary: fc.constant(null) }, { weight: 2, arbitrary: fc.constant("mutate") }, { weight: 1, arbitrary: oddBody }), fc.constantFrom("application/json", "application/json", "text/plain")), { seed, numRuns: 1 })[0];
          const body = raw === null ? JSON.stringify(cmd) : raw === "mutate" ? JSON.stringify(fc.sample(mutated(fc.constant(cmd)), { seed, numRuns: 1 })[0]) : raw;
          const dialect = dialectOf(body, v);
          const before = await pageState(w, exchange, page, dialect);
          const req = request(w, "PATCH", `/v1/pages/${page}/markdown`, body, ct, v);
          const res = await exchange(w, who(w, req, seed), "markdown.patch");
          ctx.log(`PATCH ${req.path} ${body.slice(0, 800)} → ${res.status} ${res.text.slice(0, 400)}`);
          const j = res.json as { object?: string; id?: string; markdown?: string };
          if (res.status === 202 || j?.object === "async_task") {
            const t = await awaitTask(w, exchange, j.id!);
            ctx.log(`task → ${JSON.stringify(t).slice(0, 500)}`);
            if (t && t.status !== "succeeded") {
              const after = await pageState(w, exchange, page, dialect);
              assert.deepStrictEqual(after, before, `a failed markdown task (${JSON.stringify(t).slice(0, 300)}) changed the page`);
            }
            return;
          }
          const after = await pageState(w, exchange, page, dialect);
          if (res.status >= 400) assert.deepStrictEqual(after, before, `a rejected markdown edit (${res.status}) changed the page`);
          else {
            const answer = { ...(res.json as Record<string, unknown>) };
            delete answer.request_id;
            assert.deepStrictEqual((after as { md: unknown }).md, stable(answer), "an accepted markdown edit answered something else than a read shows");
          }
        }),
    },
  ];
}
