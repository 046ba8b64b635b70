/**
 * Custom emojis: GET /v1/custom_emojis through the SDK (name filter, pagination), custom emojis as
 * page / database / data source / callout icons and as rich-text mentions under every version,
 * the control API (/_quire/v1/custom_emojis) and the `quire emoji` commands.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { type Client, collectPaginatedAPI } from "@notionhq/client";
import { startTestQuire, VERSIONS, type TestQuire } from "./helpers/quire.js";
import { MISSING_ID, append, assertErrorBody, newPage, rejects, text } from "./helpers/api.js";
import { runCli } from "./helpers/child.js";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FrozenClock } from "../src/domain/clock.js";

let q: TestQuire;
let notion: Client;
const made: Record<string, { id: string; name: string; url: string }> = {};

const emojiUrl = (name: string) => `https://emoji.example.com/${name}.png`;

async function createEmoji(name: string, url = emojiUrl(name)) {
  const res = await q.admin("POST", "/_quire/v1/custom_emojis", { name, url });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body as { object: string; id: string; name: string; url: string; created_time: string };
}

before(async () => {
  q = await startTestQuire();
  notion = q.client();
  // Listed before any emoji exists (the recorded Notion answer, test_custom_emojis_list).
  for (const name of ["bufo", "party_parrot", "shipit", "Bufo", "thumbs-up"]) {
    const e = await createEmoji(name);
    made[name] = { id: e.id, name: e.name, url: e.url };
  }
});
after(() => q.close());

describe("customEmojis.list", () => {
  test("an empty workspace answers the recorded shape: a list of type custom_emoji, no empty `custom_emoji` key", async () => {
    const fresh = await startTestQuire();
    try {
      const res = await fresh.raw("GET", "/v1/custom_emojis");
      assert.equal(res.status, 200);
      assert.deepEqual(Object.keys(res.body), ["object", "results", "next_cursor", "has_more", "type", "request_id"]);
      assert.deepEqual({ ...res.body, request_id: undefined }, { object: "list", results: [], next_cursor: null, has_more: false, type: "custom_emoji", request_id: undefined });
      assert.equal(res.body.request_id, res.headers.get("x-notion-request-id"));
    } finally {
      await fresh.close();
    }
  });

  test("lists every emoji as {id, name, url}, in creation order, under every version", async () => {
    for (const version of VERSIONS) {
      const res = await q.client({ version }).customEmojis.list({});
      assert.equal(res.object, "list");
      assert.equal(res.type, "custom_emoji");
      assert.equal(res.has_more, false);
      assert.equal(res.next_cursor, null);
      assert.deepEqual(res.results, Object.values(made));
      for (const e of res.results) assert.deepEqual(Object.keys(e), ["id", "name", "url"]);
    }
  });

  test("`name` filters by exact name: case and the whole name count", async () => {
    assert.deepEqual((await notion.customEmojis.list({ name: "bufo" })).results, [made.bufo]);
    assert.deepEqual((await notion.customEmojis.list({ name: "Bufo" })).results, [made.Bufo]);
    assert.deepEqual((await notion.customEmojis.list({ name: "buf" })).results, []);
    assert.deepEqual((await notion.customEmojis.list({ name: "thumbs-up" })).results, [made["thumbs-up"]]);
    assert.deepEqual((await notion.customEmojis.list({ name: ":bufo:" })).results, []);
  });

  test("pages with page_size; cursors are emoji ids; collectPaginatedAPI gets them all", async () => {
    const first = await notion.customEmojis.list({ page_size: 2 });
    assert.deepEqual(first.results, [made.bufo, made.party_parrot]);
    assert.equal(first.has_more, true);
    assert.equal(first.next_cursor, made.shipit.id);
    const second = await notion.customEmojis.list({ page_size: 2, start_cursor: first.next_cursor! });
    assert.deepEqual(second.results, [made.shipit, made.Bufo]);
    const third = await notion.customEmojis.list({ page_size: 2, start_cursor: second.next_cursor! });
    assert.deepEqual(third.results, [made["thumbs-up"]]);
    assert.equal(third.has_more, false);
    assert.equal(third.next_cursor, null);
    const all = await collectPaginatedAPI(notion.customEmojis.list, { page_size: 1 } as any);
    assert.deepEqual(all, Object.values(made));
    const named = await notion.customEmojis.list({ name: "shipit", page_size: 1 });
    assert.deepEqual([named.results, named.has_more], [[made.shipit], false]);
  });

  test("bad page_size and cursors are Notion's validation errors", async () => {
    await rejects(notion.customEmojis.list({ page_size: 0 }), { status: 400, code: "validation_error", message: /page_size/ });
    await rejects(notion.customEmojis.list({ page_size: 101 }), { status: 400, code: "validation_error", message: /page_size/ });
    await rejects(notion.customEmojis.list({ start_cursor: "nope" }), { status: 400, code: "validation_error", message: /start_cursor should be a valid uuid/ });
    await rejects(notion.customEmojis.list({ start_cursor: MISSING_ID }), { status: 400, code: "validation_error", message: `The start_cursor provided is invalid: ${MISSING_ID}` });
  });

  test("needs a valid token, but no content capability", async () => {
    assertErrorBody(await q.raw("GET", "/v1/custom_emojis", { auth: "ntn_not_a_token" }), { status: 401, code: "unauthorized" });
    const bare = await q.integration("No caps", []);
    const res = await q.client({ auth: bare.token }).customEmojis.list({ name: "bufo" });
    assert.deepEqual(res.results, [made.bufo]);
  });
});

describe("custom emoji icons", () => {
  const icon = (e: { id: string; name: string; url: string }) => ({ type: "custom_emoji", custom_emoji: { id: e.id, name: e.name, url: e.url } });

  test("pages take a custom emoji icon by id and answer it with name and url, under every version", async () => {
    for (const version of VERSIONS) {
      const client = q.client({ version });
      const page: any = await client.pages.create({
        parent: { page_id: q.rootPageId },
        properties: { title: { title: text(`Icon ${version}`) } },
        icon: { type: "custom_emoji", custom_emoji: { id: made.bufo.id } },
      } as any);
      assert.deepEqual(page.icon, icon(made.bufo));
      assert.deepEqual((await client.pages.retrieve({ page_id: page.id }) as any).icon, icon(made.bufo));
      // `type` may be left out, and name/url sent back as read are accepted (the id decides).
      const updated: any = await client.pages.update({ page_id: page.id, icon: { custom_emoji: { id: made.shipit.id, name: "whatever", url: "https://x.example/y.png" } } } as any);
      assert.deepEqual(updated.icon, icon(made.shipit));
      const cleared: any = await client.pages.update({ page_id: page.id, icon: null });
      assert.equal(cleared.icon, null);
    }
  });

  test("databases and data sources take them too", async () => {
    const legacy = q.client({ version: "2022-06-28" });
    // SDK 5 no longer sends `properties` on databases.create: the 2022-06-28 body goes raw.
    const created = await q.raw("POST", "/v1/databases", {
      version: "2022-06-28",
      body: JSON.stringify({ parent: { page_id: q.rootPageId }, title: text("Legacy db"), properties: { Name: { title: {} } }, icon: { custom_emoji: { id: made.party_parrot.id } } }),
    });
    assert.equal(created.status, 200, JSON.stringify(created.body));
    const old = created.body;
    assert.deepEqual(old.icon, icon(made.party_parrot));
    assert.deepEqual(((await legacy.databases.update({ database_id: old.id, icon: { custom_emoji: { id: made.bufo.id } } } as any)) as any).icon, icon(made.bufo));

    for (const version of ["2025-09-03", "2026-03-11"]) {
      const client = q.client({ version });
      const db: any = await client.databases.create({ parent: { page_id: q.rootPageId }, title: text("Emoji db"), icon: { type: "custom_emoji", custom_emoji: { id: made.bufo.id } } } as any);
      assert.deepEqual(db.icon, icon(made.bufo));
      const dsId = db.data_sources[0].id;
      assert.deepEqual(((await client.dataSources.retrieve({ data_source_id: dsId })) as any).icon, icon(made.bufo));
      const ds: any = await client.dataSources.update({ data_source_id: dsId, icon: { custom_emoji: { id: made["thumbs-up"].id } } } as any);
      assert.deepEqual(ds.icon, icon(made["thumbs-up"]));
      const second: any = await client.dataSources.create({ parent: { database_id: db.id }, properties: { Name: { title: {} } }, icon: { custom_emoji: { id: made.shipit.id } } } as any);
      assert.deepEqual(second.icon, icon(made.shipit));
      const updated: any = await client.databases.update({ database_id: db.id, icon: { custom_emoji: { id: made.Bufo.id } } } as any);
      assert.deepEqual(updated.icon, icon(made.Bufo));
    }
  });

  test("callouts take them on append and update (the recorded callout shape)", async () => {
    for (const version of VERSIONS) {
      const client = q.client({ version });
      const page = await newPage(client, q.rootPageId, `Callouts ${version}`);
      const [callout] = await append(client, page, [{ callout: { rich_text: [], icon: { type: "custom_emoji", custom_emoji: { id: made.bufo.id } } } }]);
      assert.deepEqual(callout.callout, { rich_text: [], icon: icon(made.bufo), color: "default" });
      const got: any = await client.blocks.retrieve({ block_id: callout.id });
      assert.deepEqual(got.callout.icon, icon(made.bufo));
      const updated: any = await client.blocks.update({ block_id: callout.id, callout: { icon: { custom_emoji: { id: made.party_parrot.id } } } } as any);
      assert.deepEqual(updated.callout.icon, icon(made.party_parrot));
    }
  });

  test("an unknown id is a validation error naming where it was given, and nothing is written", async () => {
    const page = await newPage(notion, q.rootPageId, "Unknown emoji");
    const message = (path: string) => `body failed validation: ${path}.custom_emoji.id should reference an existing custom emoji, instead was \`"${MISSING_ID}"\`.`;
    await rejects(notion.pages.update({ page_id: page, icon: { custom_emoji: { id: MISSING_ID } } } as any), { status: 400, code: "validation_error", message: message("body.icon") });
    assert.equal(((await notion.pages.retrieve({ page_id: page })) as any).icon, null);
    await rejects(notion.pages.create({ parent: { page_id: page }, properties: { title: { title: text("x") } }, icon: { custom_emoji: { id: MISSING_ID } } } as any), {
      status: 400,
      code: "validation_error",
      message: message("body.icon"),
    });
    await rejects(append(notion, page, [{ callout: { rich_text: [], icon: { custom_emoji: { id: MISSING_ID } } } }]), { status: 400, code: "validation_error", message: /custom_emoji\.id should reference an existing custom emoji/ });
    assert.equal((await notion.blocks.children.list({ block_id: page })).results.length, 0);
    await rejects(notion.pages.update({ page_id: page, icon: { custom_emoji: { id: "not-an-id" } } } as any), { status: 400, code: "validation_error", message: /body\.icon\.custom_emoji\.id should be a valid uuid/ });
    await rejects(notion.pages.update({ page_id: page, icon: { type: "custom_emoji" } } as any), { status: 400, code: "validation_error", message: /body\.icon\.custom_emoji should be defined/ });
  });
});

describe("custom emoji mentions", () => {
  const mentionItem = (e: { id: string; name: string; url: string }) => ({
    type: "mention",
    mention: { type: "custom_emoji", custom_emoji: { id: e.id, name: e.name, url: e.url } },
    annotations: { bold: false, italic: false, strikethrough: false, underline: false, code: false, color: "default" },
    plain_text: `:${e.name}:`,
    href: null,
  });

  test("a paragraph mention round-trips as the recorded shape (plain_text `:name:`), under every version", async () => {
    for (const version of VERSIONS) {
      const client = q.client({ version });
      const page = await newPage(client, q.rootPageId, `Mentions ${version}`);
      const [p] = await append(client, page, [{ paragraph: { rich_text: [{ type: "mention", mention: { type: "custom_emoji", custom_emoji: { id: made.bufo.id } } }] } }]);
      assert.deepEqual(p.paragraph.rich_text, [mentionItem(made.bufo)]);
      const got: any = await client.blocks.retrieve({ block_id: p.id });
      assert.deepEqual(got.paragraph.rich_text, [mentionItem(made.bufo)]);
    }
  });

  test("in titles and database text properties too", async () => {
    const page: any = await notion.pages.create({
      parent: { page_id: q.rootPageId },
      properties: { title: { title: [{ text: { content: "Ship " } }, { mention: { custom_emoji: { id: made.shipit.id } } }] } },
    } as any);
    assert.equal(page.properties.title.title.map((i: any) => i.plain_text).join(""), "Ship :shipit:");
    assert.deepEqual(page.properties.title.title[1], mentionItem(made.shipit));
    const db: any = await notion.databases.create({ parent: { page_id: q.rootPageId }, title: text("Mention db"), initial_data_source: { properties: { Name: { title: {} }, Notes: { rich_text: {} } } } } as any);
    const row: any = await notion.pages.create({
      parent: { data_source_id: db.data_sources[0].id },
      properties: { Notes: { rich_text: [{ mention: { custom_emoji: { id: made.party_parrot.id } } }] } },
    } as any);
    assert.deepEqual(row.properties.Notes.rich_text, [mentionItem(made.party_parrot)]);
  });

  test("an unknown id is a validation error", async () => {
    const page = await newPage(notion, q.rootPageId, "Bad mention");
    await rejects(append(notion, page, [{ paragraph: { rich_text: [{ mention: { custom_emoji: { id: MISSING_ID } } }] } }]), {
      status: 400,
      code: "validation_error",
      message: `body failed validation: body.children[0].paragraph.rich_text[0].mention.custom_emoji.id should reference an existing custom emoji, instead was \`"${MISSING_ID}"\`.`,
    });
  });
});

describe("control API /_quire/v1/custom_emojis", () => {
  test("creates, lists and deletes; stored icons keep what they showed, new uses are refused", async () => {
    const e = await createEmoji("temporary", "https://emoji.example.com/t.gif");
    assert.equal(e.object, "custom_emoji");
    assert.match(e.id, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    assert.equal(e.url, "https://emoji.example.com/t.gif");
    const listed = await q.admin("GET", "/_quire/v1/custom_emojis");
    assert.ok(listed.body.results.some((r: any) => r.id === e.id && r.name === "temporary"));
    const page: any = await notion.pages.create({ parent: { page_id: q.rootPageId }, properties: { title: { title: text("Keeps") } }, icon: { custom_emoji: { id: e.id } } } as any);

    const deleted = await q.admin("DELETE", `/_quire/v1/custom_emojis/${e.id}`);
    assert.equal(deleted.status, 200);
    assert.deepEqual({ ...deleted.body, request_id: undefined }, { object: "custom_emoji", id: e.id, deleted: true, request_id: undefined });
    assert.deepEqual((await notion.customEmojis.list({ name: "temporary" })).results, []);
    assert.deepEqual(((await notion.pages.retrieve({ page_id: page.id })) as any).icon.custom_emoji, { id: e.id, name: "temporary", url: e.url });
    await rejects(notion.pages.update({ page_id: page.id, icon: { custom_emoji: { id: e.id } } } as any), { status: 400, code: "validation_error" });
    const again = await q.admin("DELETE", `/_quire/v1/custom_emojis/${e.id}`);
    assert.equal(again.status, 404);
    assert.equal(again.body.code, "object_not_found");
  });

  test("names are unique and checked, urls must be http(s), the admin key is required", async () => {
    const dup = await q.admin("POST", "/_quire/v1/custom_emojis", { name: "bufo", url: emojiUrl("other") });
    assert.equal(dup.status, 400);
    assert.deepEqual([dup.body.code, dup.body.message], ["validation_error", 'A custom emoji named "bufo" already exists.']);
    for (const body of [{ name: "has space", url: emojiUrl("x") }, { name: ":colon:", url: emojiUrl("x") }, { name: "", url: emojiUrl("x") }, { name: "ok", url: "ftp://x" }, { name: "ok" }]) {
      const res = await q.admin("POST", "/_quire/v1/custom_emojis", body);
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.equal(res.body.code, "validation_error");
    }
    const res = await fetch(`${q.url}/_quire/v1/custom_emojis`, { headers: { authorization: "Bearer wrong" } });
    assert.equal(res.status, 401);
  });
});

describe("quire emoji", () => {
  test("create, list and delete drive the control API", async () => {
    const flags = ["--url", q.url, "--admin-key", q.adminKey];
    const created = await runCli(["emoji", "create", "--name", "from_cli", "--image", "https://emoji.example.com/cli.png", ...flags]);
    assert.equal(created.code, 0, created.stderr);
    const e = JSON.parse(created.stdout);
    assert.deepEqual((await notion.customEmojis.list({ name: "from_cli" })).results, [{ id: e.id, name: "from_cli", url: "https://emoji.example.com/cli.png" }]);
    const listed = JSON.parse((await runCli(["emoji", "list", ...flags])).stdout);
    assert.ok(listed.results.some((r: any) => r.id === e.id));
    const deleted = await runCli(["emoji", "delete", e.id, ...flags]);
    assert.equal(deleted.code, 0, deleted.stderr);
    assert.deepEqual((await notion.customEmojis.list({ name: "from_cli" })).results, []);
    const missing = await runCli(["emoji", "create", "--name", "x", ...flags]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /--image/);
  });

  test("create --image PATH uploads the file through /v1 file uploads as --token's integration and makes the emoji from it", async () => {
    const flags = ["--url", q.url, "--admin-key", q.adminKey];
    const dir = mkdtempSync(join(tmpdir(), "quire-emoji-"));
    try {
      const png = randomBytes(200);
      const file = join(dir, "cli_parrot.png");
      writeFileSync(file, png);
      const created = await runCli(["emoji", "create", "--name", "cli_parrot", "--image", file, "--token", q.token, ...flags]);
      assert.equal(created.code, 0, created.stderr);
      const e = JSON.parse(created.stdout);
      assert.equal(typeof e.file_upload_id, "string");
      const upload = await notion.fileUploads.retrieve({ file_upload_id: e.file_upload_id });
      assert.deepEqual([upload.filename, upload.content_type, upload.status, upload.expiry_time], ["cli_parrot.png", "image/png", "uploaded", null]);
      const [listed] = (await notion.customEmojis.list({ name: "cli_parrot" })).results;
      assert.equal(listed.id, e.id);
      const image = await fetch(listed.url);
      assert.equal(image.status, 200);
      assert.ok(Buffer.from(await image.arrayBuffer()).equals(png));
      // QUIRE_TOKEN stands for --token; without either, or with a file that is not an image, it says what to do.
      const fromEnv = await runCli(["emoji", "create", "--name", "cli_parrot_env", "--image", file, ...flags], { QUIRE_TOKEN: q.token });
      assert.equal(fromEnv.code, 0, fromEnv.stderr);
      const noToken = await runCli(["emoji", "create", "--name", "no_token", "--image", file, ...flags], { QUIRE_TOKEN: "" });
      assert.equal(noToken.code, 2);
      assert.match(noToken.stderr, /--token \(or QUIRE_TOKEN\)/);
      writeFileSync(join(dir, "notes.txt"), "words");
      const notImage = await runCli(["emoji", "create", "--name", "not_image", "--image", join(dir, "notes.txt"), "--token", q.token, ...flags]);
      assert.equal(notImage.code, 2);
      assert.match(notImage.stderr, /not an image file name/);
      const absent = await runCli(["emoji", "create", "--name", "absent", "--image", join(dir, "absent.png"), "--token", q.token, ...flags]);
      assert.equal(absent.code, 2);
      assert.match(absent.stderr, /ENOENT/);
      assert.deepEqual((await notion.customEmojis.list({})).results.map((r) => r.name).filter((n) => ["no_token", "not_image", "absent"].includes(n)), []);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("custom emojis from an uploaded image (control API `file_upload`)", () => {
  const START = Date.parse("2026-07-04T09:11:27.500Z");
  const clock = new FrozenClock(START);
  let u: TestQuire;
  let sdk: Client;
  const png = randomBytes(300);
  const blob = (bytes: Uint8Array | string, type = "") => new Blob([bytes as BlobPart], { type });

  async function upload(client: Client, filename: string, bytes: Uint8Array | string, contentType: string, send = true) {
    const created = await client.fileUploads.create({ filename, content_type: contentType });
    if (send) assert.equal((await client.fileUploads.send({ file_upload_id: created.id, file: { filename, data: blob(bytes, contentType) } })).status, "uploaded");
    return created.id;
  }
  const signed = (url: string, uploadId: string) => assert.match(url, new RegExp(`^${u.url}/_quire/files/${uploadId}/[^?]+\\?expires=\\d+&src=[0-9a-f-]{36}&sig=[0-9a-f]{64}$`));
  async function bytesOf(url: string) {
    const res = await fetch(url);
    assert.equal(res.status, 200, url);
    return Buffer.from(await res.arrayBuffer());
  }

  before(async () => {
    u = await startTestQuire({ clock });
    sdk = u.client();
  });
  after(() => u.close());

  test("the upload is attached, kept as the emoji's image, and every reader gets a fresh signed URL that downloads it and expires in an hour", async () => {
    const id = await upload(sdk, "parrot.png", png, "image/png");
    const made = await u.admin("POST", "/_quire/v1/custom_emojis", { name: "uploaded_parrot", file_upload: { id } });
    assert.equal(made.status, 200, JSON.stringify(made.body));
    assert.equal(made.body.file_upload_id, id);
    signed(made.body.url, id);
    assert.ok((await bytesOf(made.body.url)).equals(png));
    // Attached: it never expires, so the sweep leaves it alone.
    assert.equal((await sdk.fileUploads.retrieve({ file_upload_id: id })).expiry_time, null);

    const [listed] = (await sdk.customEmojis.list({ name: "uploaded_parrot" })).results;
    assert.deepEqual([listed.id, listed.name], [made.body.id, "uploaded_parrot"]);
    signed(listed.url, id);
    assert.ok(listed.url.includes(`&src=${made.body.id}&`), "read from the emoji");
    assert.ok((await bytesOf(listed.url)).equals(png));
    const control = (await u.admin("GET", "/_quire/v1/custom_emojis")).body.results.find((e: any) => e.id === made.body.id);
    signed(control.url, id);

    // As a page icon and as a mention: signed for the page and the block they are read from.
    const page: any = await sdk.pages.create({ parent: { page_id: u.rootPageId }, properties: { title: { title: text("Parrot") } }, icon: { custom_emoji: { id: made.body.id } } } as any);
    const icon = ((await sdk.pages.retrieve({ page_id: page.id })) as any).icon;
    assert.deepEqual([icon.type, icon.custom_emoji.id, icon.custom_emoji.name], ["custom_emoji", made.body.id, "uploaded_parrot"]);
    signed(icon.custom_emoji.url, id);
    assert.ok(icon.custom_emoji.url.includes(`&src=${page.id}&`));
    assert.ok((await bytesOf(icon.custom_emoji.url)).equals(png));
    const [p] = await append(sdk, page.id, [{ paragraph: { rich_text: [{ type: "mention", mention: { type: "custom_emoji", custom_emoji: { id: made.body.id } } }] } }]);
    const mention = ((await sdk.blocks.retrieve({ block_id: p.id })) as any).paragraph.rich_text[0].mention.custom_emoji;
    signed(mention.url, id);
    assert.ok(mention.url.includes(`&src=${p.id}&`));
    assert.ok((await bytesOf(mention.url)).equals(png));
    // In a database's title and description and its data source's title: signed for the object holding them.
    const emojiText = [{ type: "mention", mention: { type: "custom_emoji", custom_emoji: { id: made.body.id } } }];
    const db: any = await sdk.databases.create({
      parent: { type: "page_id", page_id: page.id },
      title: [{ type: "text", text: { content: "Parrots " } }, ...emojiText],
      description: emojiText,
      initial_data_source: { properties: { Name: { title: {} } } },
    } as any);
    const ds: any = await sdk.dataSources.update({ data_source_id: db.data_sources[0].id, title: emojiText } as any);
    const readDb: any = await sdk.databases.retrieve({ database_id: db.id });
    const readDs: any = await sdk.dataSources.retrieve({ data_source_id: ds.id });
    const legacy: any = await u.client({ version: "2022-06-28" }).databases.retrieve({ database_id: db.id });
    const found: any = (await sdk.search({ filter: { property: "object", value: "data_source" } } as any)).results.find((r: any) => r.id === ds.id);
    const urls: [string, string][] = [
      [db.title[1].mention.custom_emoji.url, db.id],
      [readDb.title[1].mention.custom_emoji.url, db.id],
      [readDb.description[0].mention.custom_emoji.url, db.id],
      [legacy.title[1].mention.custom_emoji.url, db.id],
      [legacy.description[0].mention.custom_emoji.url, db.id],
      [ds.title[0].mention.custom_emoji.url, ds.id],
      [readDs.title[0].mention.custom_emoji.url, ds.id],
      [found.title[0].mention.custom_emoji.url, ds.id],
    ];
    for (const [url, src] of urls) {
      signed(url, id);
      assert.ok(url.includes(`&src=${src}&`), url);
      assert.ok((await bytesOf(url)).equals(png));
    }

    // An hour on, the URL read before is refused; reading again gives a fresh one.
    clock.advance(3600_000 + 1000);
    try {
      const old = await fetch(listed.url);
      assert.equal(old.status, 403);
      assert.equal((await old.json()).code, "restricted_resource");
      const [again] = (await sdk.customEmojis.list({ name: "uploaded_parrot" })).results;
      assert.notEqual(again.url, listed.url);
      assert.ok((await bytesOf(again.url)).equals(png));
      const iconAgain = ((await sdk.pages.retrieve({ page_id: page.id })) as any).icon.custom_emoji.url;
      assert.ok((await bytesOf(iconAgain)).equals(png));
    } finally {
      clock.set(START);
    }
  });

  test("bad uploads are each a clear validation error in the control API's shape, and no emoji is made", async () => {
    const textFile = await upload(sdk, "notes.txt", "plain words", "text/plain");
    const pending = await upload(sdk, "later.png", png, "image/png", false);
    // This workspace named by its id: with the clock frozen, the unscoped routes' "first workspace" could be either.
    const listedWorkspaces = (await u.admin("GET", "/_quire/v1/workspaces")).body.results;
    assert.equal(listedWorkspaces.length, 1, JSON.stringify(listedWorkspaces));
    const home = listedWorkspaces[0].id;
    const other = (await u.admin("POST", "/_quire/v1/workspaces", { name: "Elsewhere" })).body.id;
    const bot = (await u.admin("POST", `/_quire/v1/workspaces/${other}/integrations`, { name: "Elsewhere bot" })).body;
    assert.equal(typeof bot.token, "string", JSON.stringify(bot));
    const foreign = await upload(u.client({ auth: bot.token }), "foreign.png", png, "image/png");
    const cases: [unknown, RegExp][] = [
      [{ name: "not_image", file_upload: { id: textFile } }, new RegExp(`File upload with ID ${textFile} is \`text/plain\`; a custom emoji should be an image`)],
      [{ name: "not_sent", file_upload: { id: pending } }, new RegExp(`File upload with ID ${pending} has status \`pending\``)],
      [{ name: "unknown", file_upload: { id: MISSING_ID } }, new RegExp(`Could not find file_upload with ID: ${MISSING_ID}\\.`)],
      [{ name: "foreign", file_upload: { id: foreign } }, new RegExp(`Could not find file_upload with ID: ${foreign}\\.`)],
      [{ name: "both", url: "https://emoji.example.com/x.png", file_upload: { id: foreign } }, /should have exactly one of `url` or `file_upload`, instead was `both`/],
      [{ name: "neither" }, /should have exactly one of `url` or `file_upload`, instead was `neither`/],
      [{ name: "bad_id", file_upload: { id: "nope" } }, /body\.file_upload\.id should be a valid uuid/],
    ];
    for (const [body, message] of cases) {
      const res = await u.admin("POST", `/_quire/v1/workspaces/${home}/custom_emojis`, body);
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.deepEqual([res.body.object, res.body.status, res.body.code], ["error", 400, "validation_error"]);
      assert.match(res.body.message, message);
      assert.equal(typeof res.body.request_id, "string");
    }
    assert.deepEqual((await sdk.customEmojis.list({})).results.map((e) => e.name).filter((n) => n !== "uploaded_parrot"), []);
    // The refused uploads were not attached: they still expire.
    assert.notEqual((await sdk.fileUploads.retrieve({ file_upload_id: textFile })).expiry_time, null);
  });
});
