import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import { randomBytes } from "node:crypto";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AddressInfo } from "node:net";
import type { Client } from "@notionhq/client";
import { startTestQuire, rt, type TestQuire } from "./helpers/quire.js";
import { apiError } from "./helpers/api.js";
import { FrozenClock } from "../src/domain/clock.js";
import { existsSync, readFileSync } from "node:fs";
import { FIXTURES_DIR } from "./replay/cassettes.js";
import { compareBodies } from "./replay/compare.js";
import { onPostgres } from "./helpers/store.js";

const PHP = join(FIXTURES_DIR, "notion-sdk-php");

const MiB = 1024 * 1024;
const START = Date.parse("2026-07-04T09:11:27.500Z");

const blob = (bytes: Uint8Array | string, type = "") => new Blob([bytes as BlobPart], { type });

/** Creates and sends a single_part upload; returns its id. */
async function upload(notion: Client, filename: string, bytes: Uint8Array | string, contentType?: string) {
  const created = await notion.fileUploads.create({ filename, ...(contentType ? { content_type: contentType } : {}) });
  const sent = await notion.fileUploads.send({ file_upload_id: created.id, file: { filename, data: blob(bytes, contentType) } });
  assert.equal(sent.status, "uploaded");
  return created.id;
}

async function download(url: string) {
  const res = await fetch(url);
  return { status: res.status, type: res.headers.get("content-type"), length: res.headers.get("content-length"), bytes: Buffer.from(await res.arrayBuffer()) };
}

describe("file uploads", () => {
  let q: TestQuire;
  let notion: Client;
  let botId: string;
  const clock = new FrozenClock(START);

  before(async () => {
    q = await startTestQuire({ clock, maxFileUploadBytes: 64 * MiB });
    notion = q.client();
    botId = (await notion.users.me({})).id;
  });
  after(async () => q.close());

  test("single_part: created pending with the recorded shape, sent, retrieved", async () => {
    const created = await notion.fileUploads.create({ mode: "single_part", filename: "test_file.txt", content_type: "text/plain" });
    assert.deepEqual(Object.keys(created), [
      "object", "id", "created_time", "created_by", "last_edited_time", "expiry_time", "upload_url", "in_trash", "status",
      "filename", "content_type", "content_length", "archived", "request_id",
    ]);
    assert.equal(created.status, "pending");
    assert.deepEqual(created.created_by, { id: botId, type: "bot" });
    assert.equal(created.created_time, "2026-07-04T09:11:00.000Z");
    assert.equal(created.expiry_time, "2026-07-04T10:11:00.000Z");
    assert.equal(created.upload_url, `${q.url}/v1/file_uploads/${created.id}/send`);
    assert.equal(created.content_length, null);

    const sent = await notion.fileUploads.send({ file_upload_id: created.id, file: { filename: "test_file.txt", data: blob("This is test file content", "text/plain") } });
    assert.equal(sent.status, "uploaded");
    assert.equal(sent.content_length, 25);
    assert.equal(sent.upload_url, undefined);
    assert.equal(sent.expiry_time, "2026-07-04T10:11:00.000Z");

    const got = await notion.fileUploads.retrieve({ file_upload_id: created.id });
    assert.deepEqual({ ...got, request_id: undefined }, { ...sent, request_id: undefined });
  });

  test("single_part without a filename takes the sent file's name and type", async () => {
    const created = await notion.fileUploads.create({});
    assert.equal(created.filename, null);
    assert.equal(created.content_type, null);
    const sent = await notion.fileUploads.send({ file_upload_id: created.id, file: { filename: "photo.png", data: blob(randomBytes(70)) } });
    assert.equal(sent.filename, "photo.png");
    assert.equal(sent.content_type, "image/png");
    assert.equal(sent.content_length, 70);
  });

  test("the content type is inferred from the extension and the extension from the content type", async () => {
    assert.equal((await notion.fileUploads.create({ filename: "favicon.ico" })).content_type, "image/vnd.microsoft.icon");
    assert.equal((await notion.fileUploads.create({ filename: "report", content_type: "application/pdf" })).filename, "report.pdf");
  });

  test("multi_part: parts sent out of order, completed, attached, downloaded byte for byte", async () => {
    const parts = [randomBytes(5 * MiB), randomBytes(5 * MiB + 3), randomBytes(1234)];
    const whole = Buffer.concat(parts);
    const created = await notion.fileUploads.create({ mode: "multi_part", number_of_parts: 3, filename: "big.mp4", content_type: "video/mp4" });
    assert.equal(created.complete_url, `${q.url}/v1/file_uploads/${created.id}/complete`);
    assert.deepEqual(created.number_of_parts, { total: 3, sent: 0 });

    for (const [i, n] of [[2, 3], [0, 1], [1, 2]] as const) {
      const r = await notion.fileUploads.send({ file_upload_id: created.id, part_number: String(n), file: { filename: "big.mp4", data: blob(parts[i]) } });
      assert.equal(r.status, "pending");
    }
    const before = await notion.fileUploads.retrieve({ file_upload_id: created.id });
    assert.deepEqual(before.number_of_parts, { total: 3, sent: 3 });

    const done = await notion.fileUploads.complete({ file_upload_id: created.id });
    assert.equal(done.status, "uploaded");
    assert.equal(done.content_length, whole.length);
    assert.equal(done.complete_url, undefined);

    const appended = await notion.blocks.children.append({ block_id: q.rootPageId, children: [{ video: { type: "file_upload", file_upload: { id: created.id } } }] });
    const video = appended.results[0] as { video: { type: string; file: { url: string } } };
    assert.equal(video.video.type, "file");
    const got = await download(video.video.file.url);
    assert.equal(got.status, 200);
    assert.equal(got.type, "video/mp4");
    assert.equal(Number(got.length), whole.length);
    assert.ok(got.bytes.equals(whole));

    // Byte ranges, across the parts' seams, as media players ask.
    const seam = 5 * MiB;
    for (const [header, from, to] of [[`bytes=${seam - 10}-${seam + 9}`, seam - 10, seam + 9], ["bytes=-100", whole.length - 100, whole.length - 1], [`bytes=${whole.length - 5}-`, whole.length - 5, whole.length - 1]] as const) {
      const res = await fetch(video.video.file.url, { headers: { range: header } });
      assert.equal(res.status, 206);
      assert.equal(res.headers.get("content-range"), `bytes ${from}-${to}/${whole.length}`);
      assert.ok(Buffer.from(await res.arrayBuffer()).equals(whole.subarray(from, to + 1)), header);
    }
    assert.equal((await fetch(video.video.file.url, { headers: { range: `bytes=${whole.length}-` } })).status, 416);
  });

  test("image block: a Notion-hosted file whose signed URL serves the bytes for an hour", async () => {
    const bytes = randomBytes(4096);
    const id = await upload(notion, "cat.png", bytes, "image/png");
    const appended = await notion.blocks.children.append({ block_id: q.rootPageId, children: [{ image: { file_upload: { id } } }] });
    const block = appended.results[0] as { id: string; image: { type: string; file: { url: string; expiry_time: string } } };
    assert.equal(block.image.type, "file");
    assert.deepEqual(Object.keys(block.image), ["caption", "type", "file"]);
    assert.equal(block.image.file.expiry_time, new Date(Math.floor((clock.now() + 3600_000) / 1000) * 1000).toISOString());
    const url = block.image.file.url;
    assert.ok(url.startsWith(`${q.url}/_quire/files/${id}/cat.png?`));

    const got = await download(url);
    assert.equal(got.status, 200);
    assert.equal(got.type, "image/png");
    const head = await fetch(url, { method: "HEAD" });
    assert.equal(head.headers.get("x-content-type-options"), "nosniff");
    assert.match(head.headers.get("content-security-policy") ?? "", /sandbox/);
    assert.equal(got.length, "4096");
    assert.ok(got.bytes.equals(bytes));
    const part = await fetch(url, { headers: { range: "bytes=100-199" } });
    assert.equal(part.status, 206);
    assert.ok(Buffer.from(await part.arrayBuffer()).equals(bytes.subarray(100, 200)));

    // Attached: the upload no longer expires.
    assert.equal((await notion.fileUploads.retrieve({ file_upload_id: id })).expiry_time, null);

    // A tampered signature or expiry is refused.
    // (The signature's first digit always changes; replacing it with "0" left one that began "0x" intact.)
    assert.equal((await fetch(url.replace(/sig=([0-9a-f])/, (_m, c) => `sig=${c === "0" ? "1" : "0"}`))).status, 403);
    assert.equal((await fetch(url.replace(/expires=(\d+)/, (_m, e) => `expires=${Number(e) + 10}`))).status, 403);

    // After an hour the URL is refused; reading the block again gives a fresh one.
    clock.advance(3600_000 + 1000);
    try {
      const expired = await fetch(url);
      assert.equal(expired.status, 403);
      assert.equal((await expired.json()).code, "restricted_resource");
      const again = (await notion.blocks.retrieve({ block_id: block.id })) as unknown as { image: { file: { url: string } } };
      assert.notEqual(again.image.file.url, url);
      assert.ok((await download(again.image.file.url)).bytes.equals(bytes));
    } finally {
      clock.set(START);
    }
  });

  test("page markdown shows an attached file by its signed URL (names with parentheses included)", async () => {
    const bytes = Buffer.from("not really a png");
    const id = await upload(notion, "a (1).png", bytes, "image/png");
    const page = await notion.pages.create({ parent: { page_id: q.rootPageId }, properties: { title: { title: [{ text: { content: "With a picture" } }] } } });
    await notion.blocks.children.append({ block_id: page.id, children: [{ image: { file_upload: { id } } }] });
    const res = await q.raw("GET", `/v1/pages/${page.id}/markdown`, { version: "2026-03-11" });
    assert.equal(res.status, 200);
    const markdown = res.body.markdown as string;
    assert.ok(!markdown.includes("quire-file:"), markdown);
    const link = /!\[\]\(([^)]+)\)/.exec(markdown)?.[1];
    assert.ok(link?.startsWith(`${q.url}/_quire/files/${id}/a%20%281%29.png?expires=`), markdown);
    assert.ok((await download(link!)).bytes.equals(bytes));
  });

  test("files property, page icon and cover", async () => {
    const db = await notion.databases.create({
      parent: { type: "page_id", page_id: q.rootPageId },
      title: rt("Attachments"),
      initial_data_source: { properties: { Name: { title: {} }, Files: { files: {} } } },
    });
    const dsId = (db as { data_sources: { id: string }[] }).data_sources[0].id;
    const doc = await upload(notion, "notes.txt", "some notes", "text/plain");
    const icon = await upload(notion, "icon.png", randomBytes(100), "image/png");
    const cover = await upload(notion, "cover.jpg", randomBytes(200), "image/jpeg");
    const page = await notion.pages.create({
      parent: { data_source_id: dsId },
      icon: { type: "file_upload", file_upload: { id: icon } },
      cover: { type: "file_upload", file_upload: { id: cover } },
      properties: { Name: { title: rt("With files") }, Files: { files: [{ type: "file_upload", file_upload: { id: doc } }, { name: "Renamed", file_upload: { id: doc } }] } },
    });
    const p = page as unknown as {
      icon: { type: string; file: { url: string } };
      cover: { type: string; file: { url: string } };
      properties: { Files: { files: { name: string; type: string; file: { url: string } }[] } };
    };
    assert.equal(p.icon.type, "file");
    assert.equal(p.cover.type, "file");
    assert.deepEqual(p.properties.Files.files.map((f) => [f.name, f.type]), [["notes.txt", "file"], ["Renamed", "file"]]);
    assert.equal((await download(p.properties.Files.files[0].file.url)).bytes.toString(), "some notes");
    assert.equal((await download(p.icon.file.url)).length, "100");
    assert.equal((await download(p.cover.file.url)).length, "200");

    const item = (await notion.pages.properties.retrieve({ page_id: page.id, property_id: "Files" })) as unknown as { files: { file: { url: string } }[] };
    assert.equal((await download(item.files[1].file.url)).bytes.toString(), "some notes");

    // Files read back and written again stay Notion-hosted files (their signed URLs name them).
    const echoed = (await notion.pages.update({
      page_id: page.id,
      properties: { Files: { files: p.properties.Files.files.map((f) => ({ name: f.name, type: "file" as const, file: { url: f.file.url } })) } },
    })) as unknown as typeof p;
    assert.deepEqual(echoed.properties.Files.files.map((f) => [f.name, f.type]), [["notes.txt", "file"], ["Renamed", "file"]]);
    assert.equal((await download(echoed.properties.Files.files[1].file.url)).bytes.toString(), "some notes");
    // … but a forged signature is just an external URL.
    const forged = p.properties.Files.files[0].file.url.replace(/sig=[0-9a-f]{64}/, `sig=${"0".repeat(64)}`);
    const external = (await notion.pages.update({ page_id: page.id, properties: { Files: { files: [{ name: "x", external: { url: forged } }] } } })) as unknown as {
      properties: { Files: { files: { type: string }[] } };
    };
    assert.equal(external.properties.Files.files[0].type, "external");

    // A page icon set later, on update, and a callout's icon.
    const other = await upload(notion, "other.gif", randomBytes(10), "image/gif");
    const updated = (await notion.pages.update({ page_id: page.id, icon: { file_upload: { id: other } } })) as unknown as { icon: { file: { url: string } } };
    assert.ok(updated.icon.file.url.includes(`/_quire/files/${other}/other.gif?`));
  });

  test("database icon and cover (shared with its data source), callout icon, a media block switched to an upload", async () => {
    const icon = await upload(notion, "db.png", randomBytes(10), "image/png");
    const cover = await upload(notion, "db-cover.png", randomBytes(20), "image/png");
    const db = (await notion.databases.create({
      parent: { type: "page_id", page_id: q.rootPageId },
      title: rt("Iconic"),
      icon: { type: "file_upload", file_upload: { id: icon } },
      cover: { type: "file_upload", file_upload: { id: cover } },
      initial_data_source: { properties: { Name: { title: {} } } },
    })) as unknown as { icon: { type: string; file: { url: string } }; cover: { file: { url: string } }; data_sources: { id: string }[] };
    assert.equal(db.icon.type, "file");
    assert.equal((await download(db.cover.file.url)).length, "20");
    const ds = (await notion.dataSources.retrieve({ data_source_id: db.data_sources[0].id })) as unknown as { icon: { file: { url: string } } };
    assert.equal((await download(ds.icon.file.url)).length, "10");

    const calloutIcon = await upload(notion, "bulb.png", randomBytes(30), "image/png");
    const appended = await notion.blocks.children.append({
      block_id: q.rootPageId,
      children: [{ callout: { rich_text: rt("note"), icon: { file_upload: { id: calloutIcon } } } }, { image: { external: { url: "https://example.com/a.png" } } }],
    });
    const callout = appended.results[0] as unknown as { callout: { icon: { type: string; file: { url: string } } } };
    assert.equal(callout.callout.icon.type, "file");
    assert.equal((await download(callout.callout.icon.file.url)).length, "30");

    const replacement = await upload(notion, "new.png", randomBytes(40), "image/png");
    const updated = (await notion.blocks.update({ block_id: appended.results[1].id, image: { file_upload: { id: replacement } } })) as unknown as {
      image: { type: string; file: { url: string } };
    };
    assert.equal(updated.image.type, "file");
    assert.equal((await download(updated.image.file.url)).length, "40");
  });

  test("users/me reports the workspace's file size limit", async () => {
    const me = (await notion.users.me({})) as unknown as { bot: { workspace_limits: { max_file_upload_size_in_bytes: number } } };
    assert.equal(me.bot.workspace_limits.max_file_upload_size_in_bytes, 64 * MiB);
  });

  test("list: newest first, by status, with cursors", async () => {
    const a = await notion.fileUploads.create({ filename: "a.txt" });
    const b = await notion.fileUploads.create({ filename: "b.txt" });
    const first = await notion.fileUploads.list({ page_size: 1 });
    assert.deepEqual([first.type, first.file_upload, first.has_more], ["file_upload", {}, true]);
    assert.equal(first.results[0].id, b.id);
    assert.equal(first.next_cursor, a.id);
    const second = await notion.fileUploads.list({ page_size: 1, start_cursor: first.next_cursor! });
    assert.equal(second.results[0].id, a.id);
    const pending = await notion.fileUploads.list({ status: "pending" });
    assert.ok(pending.results.every((u) => u.status === "pending"));
    assert.ok(pending.results.some((u) => u.id === a.id));
    const uploaded = await notion.fileUploads.list({ status: "uploaded" });
    assert.ok(uploaded.results.length > 0 && uploaded.results.every((u) => u.status === "uploaded"));
    await assert.rejects(notion.fileUploads.list({ status: "bogus" as "pending" }), apiError(400, "validation_error", /query\.status should be/));
  });

  test("unattached uploads expire after an hour; expired ones cannot be attached", async () => {
    const id = await upload(notion, "late.txt", "late", "text/plain");
    const pendingOne = await notion.fileUploads.create({ filename: "never.txt" });
    clock.advance(3600_000);
    try {
      const got = await notion.fileUploads.retrieve({ file_upload_id: id });
      assert.equal(got.status, "expired");
      assert.equal(got.expiry_time, null);
      assert.equal((await notion.fileUploads.retrieve({ file_upload_id: pendingOne.id })).status, "expired");
      const expired = await notion.fileUploads.list({ status: "expired" });
      assert.ok(expired.results.some((u) => u.id === id) && expired.results.some((u) => u.id === pendingOne.id));
      await assert.rejects(
        notion.blocks.children.append({ block_id: q.rootPageId, children: [{ file: { file_upload: { id } } }] }),
        apiError(400, "validation_error", /has status `expired`/),
      );
      await assert.rejects(
        notion.fileUploads.send({ file_upload_id: pendingOne.id, file: { filename: "never.txt", data: blob("x") } }),
        apiError(400, "validation_error", /has status `expired`/),
      );
    } finally {
      clock.set(START);
    }
  });

  test("errors: state, sizes, types and shapes", async () => {
    const pending = await notion.fileUploads.create({ filename: "p.txt" });
    await assert.rejects(
      notion.blocks.children.append({ block_id: q.rootPageId, children: [{ image: { file_upload: { id: pending.id } } }] }),
      apiError(400, "validation_error", /has status `pending`/),
    );
    // Nothing of a failed request is written.
    const children = await notion.blocks.children.list({ block_id: q.rootPageId });
    assert.ok(!children.results.some((b) => (b as { type: string }).type === "image" && JSON.stringify(b).includes(pending.id)));

    const unknown = "00000000-0000-4000-8000-00000000beef";
    await assert.rejects(
      notion.pages.create({ parent: { page_id: q.rootPageId }, properties: { title: { title: rt("x") } }, icon: { file_upload: { id: unknown } } }),
      apiError(400, "validation_error", `Could not find file_upload with ID: ${unknown}.`),
    );
    await assert.rejects(notion.fileUploads.retrieve({ file_upload_id: unknown }), apiError(404, "object_not_found"));

    const done = await upload(notion, "once.txt", "once", "text/plain");
    await assert.rejects(notion.fileUploads.send({ file_upload_id: done, file: { data: blob("again") } }), apiError(400, "validation_error", /has status `uploaded`/));
    await assert.rejects(notion.fileUploads.complete({ file_upload_id: done }), apiError(400, "validation_error", /only multi_part uploads/));

    await assert.rejects(notion.fileUploads.create({ filename: "a.exe" }), apiError(400, "validation_error", "Provided `filename` has an extension that is not supported for the File Upload API."));
    await assert.rejects(notion.fileUploads.create({ filename: "a.png", content_type: "image/jpeg" }), apiError(400, "validation_error", /does not match the file extension `\.png`/));
    await assert.rejects(
      notion.fileUploads.create({ mode: "multi_part", filename: "a.txt" }),
      apiError(400, "validation_error", "body failed validation: body.number_of_parts should be defined, instead was `undefined`."),
    );
    await assert.rejects(
      notion.fileUploads.create({ mode: "multi_part", filename: "a.txt", number_of_parts: 1001 }),
      apiError(400, "validation_error", "body failed validation: body.number_of_parts should be ≤ `1000` or `undefined`, instead was `1001`."),
    );
    await assert.rejects(
      notion.fileUploads.create({ mode: "external_url", filename: "a.txt" }),
      apiError(400, "validation_error", "body failed validation: body.external_url should be defined, instead was `undefined`."),
    );

    // Single part: at most 20 MiB.
    const big = await notion.fileUploads.create({ filename: "big.txt" });
    await assert.rejects(
      notion.fileUploads.send({ file_upload_id: big.id, file: { data: blob(Buffer.alloc(20 * MiB + 1)) } }),
      apiError(400, "validation_error", /single_part upload/),
    );
    assert.equal((await notion.fileUploads.retrieve({ file_upload_id: big.id })).status, "pending");

    // Multi part: every part but the last ≥ 5 MiB, part numbers in range, all parts before complete.
    const multi = await notion.fileUploads.create({ mode: "multi_part", number_of_parts: 2, filename: "m.txt" });
    await assert.rejects(
      notion.fileUploads.send({ file_upload_id: multi.id, part_number: "1", file: { data: blob("small") } }),
      apiError(400, "validation_error", /every part but the last must be at least 5242880 bytes/),
    );
    await assert.rejects(
      notion.fileUploads.send({ file_upload_id: multi.id, part_number: "3", file: { data: blob("x") } }),
      apiError(400, "validation_error", /part_number should be an integer from 1 to 2/),
    );
    await assert.rejects(notion.fileUploads.send({ file_upload_id: multi.id, file: { data: blob("x") } }), apiError(400, "validation_error", /part_number should be defined/));
    await notion.fileUploads.send({ file_upload_id: multi.id, part_number: "2", file: { data: blob("tail") } });
    await assert.rejects(notion.fileUploads.complete({ file_upload_id: multi.id }), apiError(400, "validation_error", "Expected 2 parts, received 1; missing part 1."));

    // send takes multipart/form-data only.
    const json = await q.raw("POST", `/v1/file_uploads/${multi.id}/send`, { body: "{}" });
    assert.equal(json.status, 400);
    assert.equal(json.body.code, "validation_error");
    // and multipart/form-data elsewhere is not JSON.
    const form = await q.raw("POST", "/v1/pages", { body: "--x\r\n\r\n--x--\r\n", headers: { "content-type": "multipart/form-data; boundary=x" } });
    assert.equal(form.status, 400);
    assert.equal(form.body.code, "invalid_json");
  });

  test("a file larger than the workspace limit is refused", async () => {
    const small = await startTestQuire(); // Notion's Free plan limit: 5 MiB
    try {
      const c = small.client();
      const up = await c.fileUploads.create({ filename: "big.txt" });
      await assert.rejects(
        c.fileUploads.send({ file_upload_id: up.id, file: { data: blob(Buffer.alloc(5 * MiB + 1)) } }),
        apiError(400, "validation_error", "The file exceeds the workspace's file size limit of 5242880 bytes."),
      );
      await assert.rejects(c.fileUploads.create({ mode: "multi_part", number_of_parts: 3, filename: "big.txt" }), apiError(400, "validation_error", /workspace's file size limit/));
    } finally {
      await small.close();
    }
  });

  test("access: uploads belong to their integration; writing them needs insert_content", async () => {
    const mine = await upload(notion, "mine.txt", "mine", "text/plain");
    const other = await q.integration("Other", ["read_content", "insert_content", "update_content"], [q.rootPageId]);
    const otherClient = q.client({ auth: other.token });
    await assert.rejects(otherClient.fileUploads.retrieve({ file_upload_id: mine }), apiError(404, "object_not_found", `Could not find file_upload with ID: ${mine}.`));
    assert.ok(!(await otherClient.fileUploads.list({})).results.some((u) => u.id === mine));
    await assert.rejects(
      otherClient.blocks.children.append({ block_id: q.rootPageId, children: [{ file: { file_upload: { id: mine } } }] }),
      apiError(400, "validation_error", `Could not find file_upload with ID: ${mine}.`),
    );
    const reader = await q.integration("Reader", ["read_content"], [q.rootPageId]);
    await assert.rejects(q.client({ auth: reader.token }).fileUploads.create({ filename: "r.txt" }), apiError(403, "restricted_resource"));
  });

  test("2026-03-11: no archived key", async () => {
    const up = await q.client({ version: "2026-03-11" }).fileUploads.create({ filename: "v.txt" });
    assert.equal("archived" in up, false);
    assert.equal(up.in_trash, false);
  });
});

describe("file uploads: external_url", () => {
  let server: Server;
  let origin: string;
  const pdf = randomBytes(13264);

  before(async () => {
    server = createServer((req, res) => {
      if (req.url === "/dummy.pdf") {
        res.writeHead(200, { "content-type": "application/pdf", "content-length": String(pdf.length) });
        res.end(req.method === "HEAD" ? undefined : pdf);
      } else if (req.url === "/nohead.pdf") {
        res.writeHead(req.method === "HEAD" ? 405 : 200, { "content-type": "application/pdf" });
        res.end(req.method === "HEAD" ? undefined : pdf);
      } else if (req.url === "/gone.pdf" && req.method === "HEAD") {
        res.writeHead(200, { "content-type": "application/pdf" });
        res.end();
      } else {
        res.writeHead(404, { "content-type": "text/plain" });
        res.end("nope");
      }
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((r) => server.close(() => r())));

  const waitFor = async (notion: Client, id: string) => {
    for (let i = 0; i < 200; i++) {
      const u = await notion.fileUploads.retrieve({ file_upload_id: id });
      if (u.status !== "pending") return u;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error("import did not finish");
  };

  test("imported in the background from a local server when private URLs are allowed", async () => {
    const q = await startTestQuire({ allowPrivateFileUrls: true });
    try {
      const notion = q.client();
      const created = await notion.fileUploads.create({ mode: "external_url", filename: "test_file.pdf", external_url: `${origin}/dummy.pdf` });
      assert.equal(created.content_type, "application/pdf");
      const done = await waitFor(notion, created.id);
      assert.equal(done.status, "uploaded");
      assert.equal(done.content_length, pdf.length);
      assert.equal(done.file_import_result?.type, "success");
      assert.deepEqual(Object.keys(done.file_import_result!), ["type", "success", "imported_time"]);
      assert.match(done.file_import_result!.imported_time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000\+00:00$/);

      const appended = await notion.blocks.children.append({ block_id: q.rootPageId, children: [{ pdf: { file_upload: { id: created.id } } }] });
      const url = (appended.results[0] as unknown as { pdf: { file: { url: string } } }).pdf.file.url;
      assert.ok((await download(url)).bytes.equals(pdf));

      // A server that refuses HEAD is still imported from.
      const noHead = await notion.fileUploads.create({ mode: "external_url", filename: "nohead.pdf", external_url: `${origin}/nohead.pdf` });
      assert.equal((await waitFor(notion, noHead.id)).content_length, pdf.length);

      const failed = await notion.fileUploads.create({ mode: "external_url", filename: "gone.pdf", external_url: `${origin}/gone.pdf` });
      const result = await waitFor(notion, failed.id);
      assert.equal(result.status, "failed");
      assert.equal(result.file_import_result?.type, "error");
      const err = (result.file_import_result as { error: { type: string; status_code: number } }).error;
      assert.deepEqual([err.type, err.status_code], ["download_error", 404]);

      await assert.rejects(
        notion.fileUploads.create({ mode: "external_url", filename: "x.pdf", external_url: `${origin}/missing.pdf` }),
        apiError(400, "validation_error", /HTTP 404/),
      );
    } finally {
      await q.close();
    }
  });

  test("private and loopback addresses are refused by default", async () => {
    const q = await startTestQuire();
    try {
      const notion = q.client();
      await assert.rejects(
        notion.fileUploads.create({ mode: "external_url", filename: "x.pdf", external_url: `${origin}/dummy.pdf` }),
        apiError(400, "validation_error", "The external_url must be an https URL."),
      );
      await assert.rejects(
        notion.fileUploads.create({ mode: "external_url", filename: "x.pdf", external_url: "https://127.0.0.1:1/dummy.pdf" }),
        apiError(400, "validation_error", /not publicly accessible: 127\.0\.0\.1 is a private address/),
      );
      await assert.rejects(
        notion.fileUploads.create({ mode: "external_url", filename: "x.pdf", external_url: "https://localhost:1/dummy.pdf" }),
        apiError(400, "validation_error", /not publicly accessible: localhost resolves to a private address/),
      );
    } finally {
      await q.close();
    }
  });
});

// On the PostgreSQL pass the bytes live in the database (src/storage/postgres/blobs.ts, tested by test/blobs.test.ts).
describe("file uploads: on disk", { skip: onPostgres && "uploads' bytes live in PostgreSQL on this pass, not in the data directory" }, () => {
  test("an expired upload's bytes are removed at the next start; it stays expired", async () => {
    const dir = await mkdtemp(join(tmpdir(), "quire-files-"));
    const clock = new FrozenClock(START);
    try {
      let q = await startTestQuire({ memory: false, dataDir: dir, clock });
      const id = await upload(q.client(), "stale.txt", "stale", "text/plain");
      const kept = await upload(q.client(), "kept.txt", "kept", "text/plain");
      await q.client().blocks.children.append({ block_id: q.rootPageId, children: [{ file: { file_upload: { id: kept } } }] });
      await q.close();
      assert.deepEqual((await readdir(join(dir, "files"))).sort(), [id, kept].sort());

      clock.advance(3600_000 + 60_000);
      q = await startTestQuire({ memory: false, dataDir: dir, clock });
      try {
        const got = await q.client().fileUploads.retrieve({ file_upload_id: id });
        assert.deepEqual([got.status, got.expiry_time, got.last_edited_time], ["expired", null, "2026-07-04T10:11:00.000Z"]);
        assert.equal((await q.client().fileUploads.retrieve({ file_upload_id: kept })).status, "uploaded");
        assert.deepEqual(await readdir(join(dir, "files")), [kept]);
      } finally {
        await q.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test("bytes are streamed to <data dir>/files and served after a restart", async () => {
    const dir = await mkdtemp(join(tmpdir(), "quire-files-"));
    try {
      const bytes = randomBytes(300_000);
      let q = await startTestQuire({ memory: false, dataDir: dir });
      let notion = q.client();
      const id = await upload(notion, "disk.pdf", bytes, "application/pdf");
      const appended = await notion.blocks.children.append({ block_id: q.rootPageId, children: [{ file: { file_upload: { id } } }] });
      const block = appended.results[0] as unknown as { id: string; file: { name: string; file: { url: string } } };
      assert.equal(block.file.name, "disk.pdf");
      assert.deepEqual(Object.keys(block.file), ["caption", "type", "file", "name"]);
      assert.deepEqual(await readdir(join(dir, "files", id)), ["content"]);
      await q.close();

      q = await startTestQuire({ memory: false, dataDir: dir });
      try {
        notion = q.client();
        const again = (await notion.blocks.retrieve({ block_id: block.id })) as unknown as { file: { file: { url: string } } };
        const got = await download(again.file.file.url);
        assert.equal(got.status, 200);
        assert.ok(got.bytes.equals(bytes));
        const part = await fetch(again.file.file.url, { headers: { range: "bytes=1000-1999" } });
        assert.equal(part.status, 206);
        assert.ok(Buffer.from(await part.arrayBuffer()).equals(bytes.subarray(1000, 2000)));
      } finally {
        await q.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("file uploads: shapes against the notion-sdk-php fixtures", { skip: !existsSync(PHP) && `no fixtures at ${PHP}` }, () => {
  let q: TestQuire;
  let notion: Client;
  let origin: string;
  let server: Server;
  const fixture = (name: string): any => JSON.parse(readFileSync(join(PHP, name), "utf8"));
  /** Keys, JSON types, `object`/`type` values and lengths equal to the fixture's ("archived" and request_id aside). */
  const same = (name: string, live: unknown, opts: { uncontrolledLengths?: string[] } = {}) => {
    const ms = compareBodies(fixture(name), live, { limit: 50, ...opts }).filter(
      (m) => !(m.kind === "keys" && !m.missing?.length && (m.extra ?? []).every((k) => k === "request_id")),
    );
    assert.deepEqual(ms.map((m) => `${m.path}: ${m.message}`), [], name);
  };

  before(async () => {
    server = createServer((req, res) => {
      res.writeHead(200, { "content-type": "image/vnd.microsoft.icon", "content-length": "32038" });
      res.end(req.method === "HEAD" ? undefined : Buffer.alloc(32038));
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    q = await startTestQuire({ allowPrivateFileUrls: true, maxFileUploadBytes: 64 * MiB });
    notion = q.client();
  });
  after(async () => {
    await q.close();
    await new Promise<void>((r) => server.close(() => r()));
  });

  test("create, send, retrieve after an import, list", async () => {
    await upload(notion, "earlier.txt", "earlier", "text/plain"); // so the list has more
    const created = await notion.fileUploads.create({ filename: "sample.png", content_type: "image/png" });
    same("client_file_uploads_create_200.json", created);
    same("client_file_uploads_send_200.json", await notion.fileUploads.send({ file_upload_id: created.id, file: { filename: "sample.png", data: blob(randomBytes(70)) } }));
    same("client_file_uploads_list_200.json", await notion.fileUploads.list({ status: "uploaded", page_size: 1 }));
    const imported = await notion.fileUploads.create({ mode: "external_url", filename: "favicon.ico", external_url: `${origin}/favicon.ico` });
    let got = await notion.fileUploads.retrieve({ file_upload_id: imported.id });
    for (let i = 0; i < 200 && got.status === "pending"; i++) {
      await new Promise((r) => setTimeout(r, 10));
      got = await notion.fileUploads.retrieve({ file_upload_id: imported.id });
    }
    // The fixture's `success` is `[]` (PHP's empty array); recorded traffic has `{}` (test_file_uploads_list).
    const f = fixture("client_file_uploads_retrieve_200.json");
    f.file_import_result.success = {};
    const ms = compareBodies(f, got, { limit: 50 }).filter((m) => !(m.kind === "keys" && (m.extra ?? []).every((k) => k === "request_id") && !m.missing?.length));
    assert.deepEqual(ms.map((m) => `${m.path}: ${m.message}`), []);
  });

  test("multi_part create and complete", async () => {
    const created = await notion.fileUploads.create({ mode: "multi_part", number_of_parts: 2, filename: "sample-large.txt", content_type: "text/plain" });
    same("client_file_uploads_create_multi_part_200.json", created);
    await notion.fileUploads.send({ file_upload_id: created.id, part_number: "1", file: { data: blob(Buffer.alloc(5 * MiB, 97)) } });
    await notion.fileUploads.send({ file_upload_id: created.id, part_number: "2", file: { data: blob("tail") } });
    same("client_file_uploads_complete_200.json", await notion.fileUploads.complete({ file_upload_id: created.id }));
  });

  test("Notion-hosted files: page icon, files property item, audio block", async () => {
    const icon = await upload(notion, "test.svg", "<svg xmlns='http://www.w3.org/2000/svg'/>", "image/svg+xml");
    const page = await notion.pages.create({ parent: { page_id: q.rootPageId }, properties: { title: { title: rt("Icon") } }, icon: { file_upload: { id: icon } } });
    const sub = (name: string, pick: (o: any) => unknown, live: unknown) =>
      assert.deepEqual(compareBodies(pick(fixture(name)), live).map((m) => `${m.path}: ${m.message}`), [], name);
    sub("client_pages_retrieve_page_icon_200.json", (f) => f.icon, (await notion.pages.retrieve({ page_id: page.id }) as unknown as { icon: unknown }).icon);

    const db = (await notion.databases.create({
      parent: { type: "page_id", page_id: q.rootPageId },
      title: rt("Files"),
      initial_data_source: { properties: { Name: { title: {} }, Files: { files: {} } } },
    })) as unknown as { data_sources: { id: string }[] };
    const doc = await upload(notion, "test.png", randomBytes(10), "image/png");
    const row = await notion.pages.create({ parent: { data_source_id: db.data_sources[0].id }, properties: { Files: { files: [{ file_upload: { id: doc } }] } } });
    const item = await notion.pages.properties.retrieve({ page_id: row.id, property_id: "Files" });
    same("client_pages_retrieve_page_property_files_200.json", item);

    const mp3 = await upload(notion, "file_example_MP3_2MG.mp3", randomBytes(100), "audio/mpeg");
    const appended = await notion.blocks.children.append({ block_id: q.rootPageId, children: [{ audio: { file_upload: { id: mp3 } } }] });
    const audio = await notion.blocks.retrieve({ block_id: appended.results[0].id });
    sub("client_blocks_retrieve_block_audio_200.json", (f) => f.audio, (audio as unknown as { audio: unknown }).audio);
  });
});
