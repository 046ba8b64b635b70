/**
 * Adversarial suite for Notion-hosted file URLs (issue 9, leaks 1 and 2), kept for good: an
 * integration must never read another integration's uploads through text it writes or through
 * download URLs it writes back.
 *
 * Cast: B owns uploads attached all over a page shared with B only (page, database, blocks,
 * comment); A has every capability and its own page; NONE has no capability and no share;
 * `common` is shared with both A and B. For every entry point that carries text or a file:
 * (a) text holding `quire-file:<B's upload>/…` comes back verbatim, never as a signed URL;
 * (b) B's download URL written by A (valid, expired, tampered, `expires=0…`, another `src`) is
 * an external link, kept verbatim: no claim on B's file (docs/design/file-urls.md);
 * (c) A's own files round-trip, and a file on an object A can read may be re-attached by A;
 * (d) nothing A reads names B's uploads with a fresh signature, and once B's URLs expire none
 * of A's objects downloads B's bytes. The request log never holds a signature.
 */
import { after, before, describe, test } from "node:test";
import { get } from "node:http";
import assert from "node:assert/strict";
import type { Client } from "@notionhq/client";
import { startTestQuire, rt, type TestQuire } from "./helpers/quire.js";
import { apiError } from "./helpers/api.js";
import { FrozenClock } from "../src/domain/clock.js";
import { loggableUrl } from "../src/http/request-log.js";

const START = Date.parse("2026-07-04T09:11:27.500Z");
const HOUR = 3600_000;
const ALL = ["read_content", "update_content", "insert_content", "read_comments", "insert_comments", "user_info_with_email"];
const MD = "2026-03-11";

type Json = any;

/** Every download URL (of this server) in a JSON answer. */
function downloadUrls(body: unknown): string[] {
  return [...JSON.stringify(body).matchAll(/https?:\/\/[^"\s)\\]*\/_quire\/files\/[^"\s)\\]*/g)].map((m) => m[0].replace(/&amp;/g, "&"));
}

/** Download URLs naming one of `ids` that are not among `written` (what the caller wrote itself). */
function freshUrlsFor(body: unknown, ids: string[], written: string[] = []): string[] {
  return downloadUrls(body).filter((u) => ids.some((id) => u.includes(`/_quire/files/${id}/`)) && !written.includes(u));
}

async function download(url: string) {
  const res = await fetch(url);
  return { status: res.status, bytes: Buffer.from(await res.arrayBuffer()) };
}

describe("adversarial: file URLs and markers", () => {
  const clock = new FrozenClock(START);
  let q: TestQuire;
  const log: string[] = [];
  let a: Client;
  let aMd: Client;
  let b: Client;
  let token: { a: string; b: string; none: string };
  let pageA: string;
  let pageB: string;
  let common: string;
  /** B's uploads, their bytes, and where they sit. */
  const owned = { image: "", doc: "", icon: "", cover: "", note: "", commonImage: "", commentFile: "" };
  const bytes: Record<string, Buffer> = {};
  let marker: string;
  let imageBlockB: string;
  let commonImageBlock: string;
  let commentOnCommon: string;
  let dbB: { db: string; ds: string; row: string };
  /** Every URL of B's files that A has written anywhere (as it was written). */
  const writtenByA: string[] = [];

  const upload = async (client: Client, key: string, filename: string, type: string) => {
    const data = Buffer.from(`${key} bytes ${Math.random()}`);
    const created = await client.fileUploads.create({ filename, content_type: type });
    await client.fileUploads.send({ file_upload_id: created.id, file: { filename, data: new Blob([data], { type }) } });
    bytes[created.id] = data;
    return created.id;
  };
  const raw = (who: string, method: string, path: string, body?: unknown, version = "2025-09-03") =>
    q.raw(method, path, { auth: who, version, body: body === undefined ? undefined : JSON.stringify(body) });
  const bIds = () => Object.values(owned).filter(Boolean);

  before(async () => {
    q = await startTestQuire({ clock, log: (l) => log.push(l), maxFileUploadBytes: 20 * 1024 * 1024 });
    const dev = q.client();
    const mk = async (title: string) => (await dev.pages.create({ parent: { page_id: q.rootPageId }, properties: { title: { title: rt(title) } } })).id;
    pageA = await mk("A's page");
    pageB = await mk("B's page");
    common = await mk("Common page");
    const ia = await q.integration("Integration A", ALL, [pageA, common]);
    const ib = await q.integration("Integration B", ALL, [pageB, common]);
    const none = await q.integration("No capabilities", []);
    token = { a: ia.token, b: ib.token, none: none.token };
    a = q.client({ auth: ia.token });
    aMd = q.client({ auth: ia.token, version: MD });
    b = q.client({ auth: ib.token });

    owned.image = await upload(b, "image", "secret.png", "image/png");
    owned.doc = await upload(b, "doc", "secret.txt", "text/plain");
    owned.icon = await upload(b, "icon", "icon.png", "image/png");
    owned.cover = await upload(b, "cover", "cover.png", "image/png");
    owned.note = await upload(b, "note", "note.txt", "text/plain");
    owned.commonImage = await upload(b, "common", "shared.png", "image/png");
    owned.commentFile = await upload(b, "comment", "attached.txt", "text/plain");
    marker = `quire-file:${owned.image}/secret.png`;
    imageBlockB = (await b.blocks.children.append({ block_id: pageB, children: [{ image: { file_upload: { id: owned.image } } }, { file: { file_upload: { id: owned.note } } }] })).results[0].id;
    await b.pages.update({ page_id: pageB, icon: { file_upload: { id: owned.icon } }, cover: { file_upload: { id: owned.cover } } });
    const db: Json = await b.databases.create({
      parent: { type: "page_id", page_id: pageB },
      title: rt("B's table"),
      initial_data_source: { properties: { Name: { title: {} }, Files: { files: {} } } },
    });
    const row = await b.pages.create({ parent: { data_source_id: db.data_sources[0].id }, properties: { Name: { title: rt("row") }, Files: { files: [{ file_upload: { id: owned.doc } }] } } as Json });
    dbB = { db: db.id, ds: db.data_sources[0].id, row: row.id };
    commonImageBlock = (await b.blocks.children.append({ block_id: common, children: [{ image: { file_upload: { id: owned.commonImage } } }] })).results[0].id;
    commentOnCommon = (await b.comments.create({ parent: { page_id: common }, rich_text: rt("see file"), attachments: [{ file_upload_id: owned.commentFile }] } as Json)).id;
  });
  after(async () => q.close());

  /** B's current download URLs: its image block, page icon and cover, files value, a file block. */
  async function bUrls() {
    const block: Json = await b.blocks.retrieve({ block_id: imageBlockB });
    const page: Json = await b.pages.retrieve({ page_id: pageB });
    const row: Json = await b.pages.retrieve({ page_id: dbB.row });
    return { image: block.image.file.url as string, icon: page.icon.file.url as string, cover: page.cover.file.url as string, doc: row.properties.Files.files[0].file.url as string };
  }

  describe("(a) a marker in text comes back verbatim", () => {
    const noLeak = (body: unknown, what: string) => {
      assert.deepEqual(downloadUrls(body), [], `${what}: ${JSON.stringify(body).slice(0, 400)}`);
      // Error messages cut long values; the marker's head is still there, as text.
      assert.ok(JSON.stringify(body).includes(`quire-file:${owned.image}/`), `${what} should echo the marker: ${JSON.stringify(body).slice(0, 400)}`);
    };

    test("400 messages echoing an id or a value (also for an integration with no capabilities)", async () => {
      for (const who of [token.a, token.none]) {
        const res = await raw(who, "POST", "/v1/pages", { parent: { page_id: marker }, properties: {} });
        assert.equal(res.status, 400);
        noLeak(res.body, "pages.create parent.page_id");
        const res2 = await raw(who, "POST", "/v1/comments", { parent: { page_id: pageA }, rich_text: [{ text: { content: "x", link: { url: marker } } }] });
        assert.equal(res2.status, 400);
        noLeak(res2.body, "a link url");
      }
      const path = await raw(token.a, "GET", `/v1/blocks/${encodeURIComponent(marker)}`);
      assert.equal(path.status, 400);
      noLeak(path.body, "path.block_id");
      const icon = await raw(token.a, "PATCH", `/v1/pages/${pageA}`, { icon: { type: "file", file: { url: marker, expiry_time: "quire-file-expiry" } } });
      assert.equal(icon.status, 400, "a stored-form file object is not a request icon");
      assert.deepEqual(downloadUrls(icon.body), []);
    });

    test("rich text of blocks, page titles, search, property items", async () => {
      const appended: Json = await a.blocks.children.append({
        block_id: pageA,
        children: [
          { paragraph: { rich_text: rt(marker) } },
          { heading_2: { rich_text: rt(`see ${marker} here`) } },
          { quote: { rich_text: rt(marker) } },
          { to_do: { rich_text: rt(marker), checked: false } },
          { code: { rich_text: rt(marker), language: "plain text" } },
          { equation: { expression: marker } },
          { callout: { rich_text: rt(marker) } },
        ] as Json,
      });
      noLeak(appended, "blocks.children.append");
      noLeak(await a.blocks.children.list({ block_id: pageA }), "blocks.children.list");
      noLeak(await a.blocks.retrieve({ block_id: appended.results[0].id }), "blocks.retrieve");
      const titled = await a.pages.create({ parent: { page_id: pageA }, properties: { title: { title: rt(marker) } } });
      noLeak(titled, "pages.create title");
      noLeak(await a.pages.retrieve({ page_id: titled.id }), "pages.retrieve");
      noLeak(await a.pages.properties.retrieve({ page_id: titled.id, property_id: "title" }), "property item");
      noLeak(await a.search({ query: "quire-file" }), "search");
      noLeak(await aMd.pages.retrieveMarkdown({ page_id: pageA } as Json), "page markdown");
    });

    test("database titles, property and option names, rich_text values", async () => {
      const db: Json = await a.databases.create({
        parent: { type: "page_id", page_id: pageA },
        title: rt(marker),
        description: rt(marker),
        initial_data_source: { properties: { [marker]: { title: {} }, Tag: { select: { options: [{ name: marker }] } }, Notes: { rich_text: {} } } },
      } as Json);
      noLeak(db, "databases.create");
      noLeak(await a.databases.retrieve({ database_id: db.id }), "databases.retrieve");
      const ds = await a.dataSources.retrieve({ data_source_id: db.data_sources[0].id });
      noLeak(ds, "dataSources.retrieve");
      const row: Json = await a.pages.create({ parent: { data_source_id: db.data_sources[0].id }, properties: { [marker]: { title: rt("r") }, Tag: { select: { name: marker } }, Notes: { rich_text: rt(marker) } } } as Json);
      noLeak(row, "database page");
      noLeak(await a.dataSources.query({ data_source_id: db.data_sources[0].id }), "dataSources.query");
      noLeak(await a.pages.properties.retrieve({ page_id: row.id, property_id: row.properties.Notes.id }), "rich_text property item");
      const legacy = await q.raw("GET", `/v1/databases/${db.id}`, { auth: token.a, version: "2022-06-28" });
      noLeak(legacy.body, "2022-06-28 database");
    });

    test("comments: rich_text and markdown bodies", async () => {
      const c1 = await a.comments.create({ parent: { page_id: pageA }, rich_text: rt(marker) });
      noLeak(c1, "comments.create rich_text");
      const c2 = await a.comments.create({ parent: { page_id: pageA }, markdown: `**${marker}**` } as Json);
      noLeak(c2, "comments.create markdown");
      noLeak(await a.comments.list({ block_id: pageA }), "comments.list");
      noLeak(await a.comments.retrieve({ comment_id: c1.id } as Json), "comments.retrieve");
    });

    test("page markdown: pages.create with markdown, update_content, GET", async () => {
      const created: Json = await aMd.pages.create({ parent: { page_id: pageA }, properties: { title: { title: rt("md") } }, markdown: `${marker}\n\n- ${marker}` } as Json);
      const id = created.id;
      noLeak(await aMd.pages.retrieveMarkdown({ page_id: id } as Json), "GET markdown");
      const edited = await aMd.pages.updateMarkdown({ page_id: id, type: "update_content", update_content: { content_updates: [{ old_str: "- ", new_str: `> ${marker} ` }] } } as Json);
      noLeak(edited, "update_content");
      // As a media URL the marker is no URL at all: refused, never signed.
      await assert.rejects(
        aMd.pages.updateMarkdown({ page_id: id, type: "update_content", update_content: { content_updates: [{ old_str: "> ", new_str: `![x](${marker})\n` }] } } as Json),
        apiError(400, "validation_error"),
      );
      const image = await raw(token.a, "POST", "/v1/pages", { parent: { page_id: pageA }, properties: {}, markdown: `![x](${marker})` }, MD);
      assert.equal(image.status, 400);
      assert.deepEqual(downloadUrls(image.body), []);
    });

    test("files values, icons, covers and media blocks hold markers only as text or link text", async () => {
      const inPath = `https://example.com/${marker}`;
      const page: Json = await a.pages.create({
        parent: { page_id: pageA },
        properties: { title: { title: rt("x") } },
        icon: { external: { url: inPath } },
        cover: { external: { url: inPath } },
      });
      noLeak(page, "icon and cover");
      assert.equal(page.icon.external.url, inPath);
      const blocks: Json = await a.blocks.children.append({
        block_id: pageA,
        children: [{ image: { external: { url: inPath }, caption: rt(marker) } }, { file: { external: { url: inPath }, name: marker } }],
      } as Json);
      noLeak(blocks, "media blocks");
      await assert.rejects(
        a.blocks.children.append({ block_id: pageA, children: [{ image: { type: "file", file: { url: marker, expiry_time: "quire-file-expiry" } } }] } as Json),
        apiError(400, "validation_error"),
      );
      const db: Json = await a.databases.create({ parent: { type: "page_id", page_id: pageA }, title: rt("F"), initial_data_source: { properties: { Name: { title: {} }, Files: { files: {} } } } });
      const row: Json = await a.pages.create({
        parent: { data_source_id: db.data_sources[0].id },
        properties: { Files: { files: [{ name: marker, external: { url: inPath } }] } } as Json,
      });
      noLeak(row, "files value");
      await assert.rejects(
        a.pages.update({ page_id: row.id, properties: { Files: { files: [{ name: "f", type: "file", file: { url: marker, expiry_time: "quire-file-expiry" } }] } } as Json }),
        apiError(400, "validation_error"),
      );
      noLeak(await a.pages.properties.retrieve({ page_id: row.id, property_id: row.properties.Files.id }), "files property item");
    });
  });

  test("a stored file never shows as its marker: an uploaded image made external in markdown keeps no `file` beside `external`", async () => {
    const id = await upload(a, "replaced", "replaced.png", "image/png");
    const page = (await a.pages.create({ parent: { page_id: pageA }, properties: { title: { title: rt("replaced") } } })).id;
    await a.blocks.children.append({ block_id: page, children: [{ image: { file_upload: { id } } }] });
    const res = await aMd.pages.updateMarkdown({ page_id: page, type: "replace_content", replace_content: { new_str: "![cap](https://example.com/x.png)" } } as Json);
    const image: Json = (await a.blocks.children.list({ block_id: page })).results[0];
    assert.deepEqual(Object.keys(image.image), ["caption", "type", "external"]);
    for (const body of [res, image]) assert.ok(!JSON.stringify(body).includes("quire-file"), JSON.stringify(body));
  });

  describe("(b) B's download URL written by A stays an external link", () => {
    /** Variants of one of B's URLs that A might write: none is a claim on B's file. */
    function variants(valid: string, expired: string): Record<string, string> {
      const u = new URL(valid);
      const sig = u.searchParams.get("sig")!;
      const with_ = (k: string, v: string) => {
        const x = new URL(valid);
        x.searchParams.set(k, v);
        return x.toString();
      };
      return {
        valid,
        expired,
        tampered: with_("sig", (sig[0] === "0" ? "1" : "0") + sig.slice(1)),
        "expires=0…": with_("expires", `0${u.searchParams.get("expires")}`),
        "src of A's page": with_("src", pageA),
        "no src": (() => {
          const x = new URL(valid);
          x.searchParams.delete("src");
          return x.toString();
        })(),
      };
    }

    test("in media blocks, icons, covers, files values and markdown images: external, verbatim", async () => {
      const old = await bUrls();
      clock.advance(HOUR + 60_000);
      const now = await bUrls();
      const cases = { ...variants(now.image, old.image), icon: now.icon, cover: now.cover, doc: now.doc };
      // The expired URL really is expired; the valid one really works — for B's copy.
      assert.equal((await download(old.image)).status, 403);
      assert.equal((await download(now.image)).status, 200);
      for (const v of ["tampered", "expires=0…", "src of A's page", "no src"]) assert.equal((await download(cases[v as keyof typeof cases]!)).status, 403, v);
      const written = Object.values(cases);
      writtenByA.push(...written);
      for (const [what, url] of Object.entries(cases)) {
        const answers: unknown[] = [];
        const blocks: Json = await a.blocks.children.append({
          block_id: pageA,
          children: ["image", "file", "pdf", "video", "audio"].map((t): Json => ({ [t]: { type: "external", external: { url } } })).concat([{ callout: { rich_text: rt("c"), icon: { external: { url } } } }]) as Json,
        });
        answers.push(blocks);
        for (const blk of blocks.results) {
          const payload = blk[blk.type];
          const file = blk.type === "callout" ? payload.icon : payload;
          assert.deepEqual([file.type, file.external?.url], ["external", url], `${what} as ${blk.type}`);
          answers.push(await a.blocks.retrieve({ block_id: blk.id }));
        }
        const page: Json = await a.pages.create({ parent: { page_id: pageA }, properties: { title: { title: rt(what) } }, icon: { external: { url } }, cover: { external: { url } } });
        assert.deepEqual([page.icon.type, page.icon.external?.url, page.cover.type], ["external", url, "external"], `${what} as icon/cover`);
        answers.push(page, await a.pages.retrieve({ page_id: page.id }));
        const db: Json = await a.databases.create({
          parent: { type: "page_id", page_id: pageA },
          title: rt(what),
          icon: { external: { url } },
          cover: { external: { url } },
          initial_data_source: { properties: { Name: { title: {} }, Files: { files: {} } } },
        });
        assert.deepEqual([db.icon.type, db.cover.type], ["external", "external"], `${what} as database icon/cover`);
        answers.push(db, await a.dataSources.retrieve({ data_source_id: db.data_sources[0].id }));
        const row: Json = await a.pages.create({
          parent: { data_source_id: db.data_sources[0].id },
          properties: { Files: { files: [{ name: "ext", external: { url } }, { name: "file", type: "file", file: { url } }] } } as Json,
        });
        assert.deepEqual(row.properties.Files.files.map((f: Json) => [f.type, f.external?.url]), [["external", url], ["external", url]], `${what} as files values`);
        answers.push(row, await a.pages.properties.retrieve({ page_id: row.id, property_id: row.properties.Files.id }));
        const md: Json = await aMd.pages.create({ parent: { page_id: pageA }, properties: { title: { title: rt("md") } }, markdown: `![cap](${url})` } as Json);
        const mdBlock: Json = (await a.blocks.children.list({ block_id: md.id })).results[0];
        assert.deepEqual([mdBlock.image.type, mdBlock.image.external?.url], ["external", url], `${what} as a markdown image`);
        answers.push(await aMd.pages.retrieveMarkdown({ page_id: md.id } as Json));
        const edited = await aMd.pages.updateMarkdown({ page_id: md.id, type: "replace_content", replace_content: { new_str: `![again](${url})` } } as Json);
        answers.push(edited);
        for (const answer of answers) assert.deepEqual(freshUrlsFor(answer, bIds(), written), [], `${what}: a fresh URL of B's file in ${JSON.stringify(answer).slice(0, 300)}`);
      }
    });

    test("a URL taken from an object A could read, after that object is unshared, is only a link", async () => {
      const dev = q.client();
      const shared = (await dev.pages.create({ parent: { page_id: q.rootPageId }, properties: { title: { title: rt("briefly shared") } } })).id;
      const ia = (await q.admin("GET", "/_quire/v1/integrations")).body.results.find((i: Json) => i.name === "Integration A");
      const ib = (await q.admin("GET", "/_quire/v1/integrations")).body.results.find((i: Json) => i.name === "Integration B");
      await q.admin("POST", `/_quire/v1/integrations/${ia.id}/shares`, { object_id: shared });
      await q.admin("POST", `/_quire/v1/integrations/${ib.id}/shares`, { object_id: shared });
      const id = await upload(b, "briefly", "briefly.png", "image/png");
      const blk = (await b.blocks.children.append({ block_id: shared, children: [{ image: { file_upload: { id } } }] })).results[0].id;
      const url = ((await a.blocks.retrieve({ block_id: blk })) as Json).image.file.url as string;
      assert.equal((await q.admin("DELETE", `/_quire/v1/integrations/${ia.id}/shares/${shared}`)).status, 200);
      const copy: Json = await a.blocks.children.append({ block_id: pageA, children: [{ image: { external: { url } } }] });
      assert.deepEqual([copy.results[0].image.type, copy.results[0].image.external.url], ["external", url]);
    });

    test("an integration that cannot read content cannot claim a file by its URL", async () => {
      const url = ((await a.blocks.retrieve({ block_id: commonImageBlock })) as Json).image.file.url as string;
      const writer = await q.integration("Insert only", ["insert_content"], [common, pageA]);
      const res = await raw(writer.token, "PATCH", `/v1/blocks/${pageA}/children`, { children: [{ image: { external: { url } } }] });
      assert.equal(res.status, 200);
      const id = res.body.results[0].id;
      const read: Json = await a.blocks.retrieve({ block_id: id });
      assert.deepEqual([read.image.type, read.image.external?.url], ["external", url]);
    });
  });

  describe("(c) round trips keep files", () => {
    test("A's own files written back (files value, image, icon, markdown) stay Notion-hosted files", async () => {
      const mine = await upload(a, "mine", "mine.png", "image/png");
      const doc = await upload(a, "mine-doc", "mine.txt", "text/plain");
      const db: Json = await a.databases.create({ parent: { type: "page_id", page_id: pageA }, title: rt("Mine"), initial_data_source: { properties: { Name: { title: {} }, Files: { files: {} } } } });
      const row: Json = await a.pages.create({
        parent: { data_source_id: db.data_sources[0].id },
        icon: { file_upload: { id: mine } },
        properties: { Name: { title: rt("mine") }, Files: { files: [{ file_upload: { id: doc } }] } } as Json,
      });
      const img: Json = (await a.blocks.children.append({ block_id: row.id, children: [{ image: { file_upload: { id: mine } } }] })).results[0];
      const echoed: Json = await a.pages.update({
        page_id: row.id,
        icon: { external: { url: row.icon.file.url } },
        properties: { Files: { files: row.properties.Files.files.map((f: Json) => ({ name: f.name, type: "file", file: { url: f.file.url } })) } } as Json,
      });
      assert.equal(echoed.icon.type, "file");
      assert.deepEqual(echoed.properties.Files.files.map((f: Json) => [f.name, f.type]), [["mine.txt", "file"]]);
      const copy: Json = (await a.blocks.children.append({ block_id: pageA, children: [{ image: { external: { url: img.image.file.url } } }] })).results[0];
      assert.equal(copy.image.type, "file");
      // Markdown read and written back as it is: the image is still the upload.
      const markdown = ((await aMd.pages.retrieveMarkdown({ page_id: row.id } as Json)) as Json).markdown as string;
      await aMd.pages.updateMarkdown({ page_id: row.id, type: "replace_content", replace_content: { new_str: `intro\n${markdown}` } } as Json);
      const again: Json = (await a.blocks.children.list({ block_id: row.id })).results.find((x: Json) => x.type === "image");
      assert.equal(again.image.type, "file");
      // An hour later they all still download, with fresh URLs.
      clock.advance(HOUR + 1000);
      const later: Json = await a.pages.retrieve({ page_id: row.id });
      assert.equal((await download(later.icon.file.url)).status, 200);
      assert.ok((await download(later.properties.Files.files[0].file.url)).bytes.equals(bytes[doc]));
      const laterCopy: Json = await a.blocks.retrieve({ block_id: copy.id });
      assert.ok((await download(laterCopy.image.file.url)).bytes.equals(bytes[mine]));
    });

    test("a file on an object A can read (B's upload on a shared page, a comment's attachment) may be re-attached by A", async () => {
      const shared: Json = await a.blocks.retrieve({ block_id: commonImageBlock });
      const comment: Json = (await a.comments.list({ block_id: common })).results.find((c: Json) => c.id === commentOnCommon);
      const copies: Json = await a.blocks.children.append({
        block_id: pageA,
        children: [{ image: { external: { url: shared.image.file.url } } }, { file: { external: { url: comment.attachments[0].file.url } } }],
      });
      assert.deepEqual(copies.results.map((x: Json) => x[x.type].type), ["file", "file"]);
      clock.advance(HOUR + 1000);
      const [img, file]: Json[] = await Promise.all(copies.results.map((x: Json) => a.blocks.retrieve({ block_id: x.id })));
      assert.ok((await download(img.image.file.url)).bytes.equals(bytes[owned.commonImage]));
      assert.ok((await download(file.file.file.url)).bytes.equals(bytes[owned.commentFile]));
    });
  });

  describe("(d) B's files are not reachable by A", () => {
    test("nothing A can read names B's page files with a fresh signature; after expiry nothing A holds downloads them", async () => {
      const pageOnly = [owned.image, owned.doc, owned.icon, owned.cover, owned.note];
      const leaked = await bUrls();
      // Whatever A wrote: the URLs exactly as written, never more.
      writtenByA.push(leaked.image, leaked.icon, leaked.cover, leaked.doc);
      await a.blocks.children.append({ block_id: pageA, children: [leaked.image, leaked.icon, leaked.cover, leaked.doc].map((url) => ({ image: { external: { url } } })) });
      const written = writtenByA;
      const reads: unknown[] = [
        await a.blocks.children.list({ block_id: pageA, page_size: 100 }),
        await a.search({}),
        await aMd.pages.retrieveMarkdown({ page_id: pageA } as Json),
        await a.pages.retrieve({ page_id: pageA }),
      ];
      for (const r of reads) assert.deepEqual(freshUrlsFor(r, pageOnly, written), []);
      // B's page, database and blocks stay 404 for A.
      await assert.rejects(a.pages.retrieve({ page_id: pageB }), apiError(404, "object_not_found"));
      await assert.rejects(a.blocks.retrieve({ block_id: imageBlockB }), apiError(404, "object_not_found"));
      await assert.rejects(a.pages.retrieve({ page_id: dbB.row }), apiError(404, "object_not_found"));
      clock.advance(HOUR + 1000);
      const later = [await a.blocks.children.list({ block_id: pageA, page_size: 100 }), await aMd.pages.retrieveMarkdown({ page_id: pageA } as Json)];
      for (const r of later) {
        assert.deepEqual(freshUrlsFor(r, pageOnly, written), []);
        for (const url of downloadUrls(r).filter((u) => pageOnly.some((id) => u.includes(id)))) assert.equal((await download(url)).status, 403, url);
      }
    });
  });

  describe("request log", () => {
    test("download URLs are logged without their signature; a download the client drops is logged too", async () => {
      // Bigger than the server's socket send buffer (Linux lets it grow to 4 MiB) with the
      // client's small unread receive window: the server cannot have written it all before the
      // client hangs up, however slowly either side is scheduled.
      const big = Buffer.alloc(16 * 1024 * 1024, 7);
      const created = await a.fileUploads.create({ filename: "big.txt", content_type: "text/plain" });
      await a.fileUploads.send({ file_upload_id: created.id, file: { filename: "big.txt", data: new Blob([big], { type: "text/plain" }) } });
      const blk: Json = (await a.blocks.children.append({ block_id: pageA, children: [{ file: { file_upload: { id: created.id } } }] })).results[0];
      const url = blk.file.file.url as string;
      log.length = 0;
      assert.equal((await download(url)).status, 200);
      // A player that reads the first bytes of the whole file and hangs up.
      await new Promise<void>((resolve) => {
        const req = get(url, (res) => res.once("data", () => (res.pause(), req.destroy(), resolve())));
        req.on("error", () => resolve());
      });
      // The server logs the dropped download when it notices the closed socket: wait for it.
      const logged = () => log.filter((l) => l.includes("/_quire/files/"));
      for (let waited = 0; logged().length < 2 && waited < 10_000; waited += 50) await new Promise((r) => setTimeout(r, 50));
      const lines = logged();
      assert.equal(lines.length, 2, log.join("\n"));
      for (const l of lines) assert.doesNotMatch(l, /sig=|expires=|src=/, l);
      assert.match(lines[0], new RegExp(`^GET /_quire/files/${created.id}/big\\.txt\\?… 200 [\\d.]+ms$`));
      assert.match(lines[1], new RegExp(`^GET /_quire/files/${created.id}/big\\.txt\\?… 200 \\(aborted\\) [\\d.]+ms$`));
      assert.equal(loggableUrl("/v1/x?token=abc&start_cursor=2&sig=ff"), "/v1/x?token=…&start_cursor=2&sig=…");
    });
  });
});
