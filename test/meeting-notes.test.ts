/**
 * Meeting notes through the SDK (`blocks.meetingNotes.create` / `.query`): creating a note from an
 * uploaded audio or video file or from an existing media block, its tabs, its shape per version,
 * the read-only content, the query grammar (filter, sort, limit) over what the control API makes
 * of a note (PATCH /_quire/v1/meeting_notes/{id}: status, calendar event, tab text), capabilities
 * and access. Notion's rules and Quire's choices: docs/design/meeting-notes.md.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import type { Client } from "@notionhq/client";
import { atLeast, rt, startTestQuire, VERSIONS, type TestQuire } from "./helpers/quire.js";
import { MISSING_ID, assertErrorBody, childrenOf, rejects } from "./helpers/api.js";
import { FrozenClock } from "../src/domain/clock.js";

const T0 = Date.parse("2026-07-14T09:00:00.000Z");
let q: TestQuire;
let clock: FrozenClock;
let notion: Client;
let bot: string;
let owner: string;

before(async () => {
  clock = new FrozenClock(T0);
  q = await startTestQuire({ clock });
  notion = q.client({ version: "2026-03-11" });
  bot = (await notion.users.me({})).id;
  const users: any = await notion.users.list({});
  owner = users.results.find((u: any) => u.type === "person").id;
});
after(() => q.close());

const page = async (c: Client = notion, title = "Meeting page") => (await c.pages.create({ parent: { page_id: q.rootPageId }, properties: { title: { title: rt(title) } } })).id;

/** A sent single_part upload of the integration behind `c`. */
async function upload(c: Client = notion, filename = "call.m4a", contentType = "audio/mp4"): Promise<string> {
  const created = await c.fileUploads.create({ filename, content_type: contentType });
  await c.fileUploads.send({ file_upload_id: created.id, file: { filename, data: new Blob(["\0\0\0 ftypM4A "], { type: contentType }) } });
  return created.id;
}

const create = (body: Record<string, unknown>, c: Client = notion) => c.blocks.meetingNotes.create(body as any) as Promise<any>;
const fromUpload = async (parent: string, extra: Record<string, unknown> = {}, c: Client = notion) =>
  create({ source: { type: "file_upload", file_upload_id: await upload(c) }, parent: { type: "page_id", page_id: parent }, ...extra }, c);
const control = (id: string, body: unknown) => q.admin("PATCH", `/_quire/v1/meeting_notes/${id}`, body);
const raw = (path: string, body: unknown, opts: { version?: string; auth?: string } = {}) =>
  q.raw("POST", path, { version: opts.version ?? "2026-03-11", auth: opts.auth, body: JSON.stringify(body) });

describe("create", () => {
  test("from an uploaded audio file: a meeting notes block at the end of the page, with its three tabs", async () => {
    const p = await page();
    await notion.blocks.children.append({ block_id: p, children: [{ paragraph: { rich_text: rt("Agenda") } }] });
    const note = await fromUpload(p, { title: "Weekly sync", language: "en", options: { kickoff_summary: true } });
    // The create response is a block without `parent` (the SDK's CreateMeetingNoteResponse).
    assert.deepEqual(Object.keys(note), ["object", "id", "created_time", "last_edited_time", "created_by", "last_edited_by", "has_children", "in_trash", "type", "meeting_notes", "request_id"]);
    assert.equal(note.type, "meeting_notes");
    assert.equal(note.has_children, true);
    assert.deepEqual(note.created_by, { object: "user", id: bot });
    const mn = note.meeting_notes;
    assert.deepEqual(Object.keys(mn), ["title", "status", "children"]);
    assert.equal(mn.title.map((t: any) => t.plain_text).join(""), "Weekly sync");
    assert.equal(mn.status, "transcription_in_progress");
    assert.deepEqual(Object.keys(mn.children), ["summary_block_id", "notes_block_id", "transcript_block_id"]);
    const children = await childrenOf(notion, p);
    assert.deepEqual(children.map((b) => b.type), ["paragraph", "meeting_notes"]);
    assert.equal(children[1].id, note.id);
    assert.deepEqual(children[1].parent, { type: "page_id", page_id: p });
    const tabs = await childrenOf(notion, note.id);
    assert.deepEqual(tabs.map((t) => t.id), Object.values(mn.children));
    assert.deepEqual(tabs.map((t) => [t.type, t.unsupported.block_type]), [["unsupported", "summary"], ["unsupported", "notes"], ["unsupported", "transcript"]]);
    assert.deepEqual(tabs[0].parent, { type: "block_id", block_id: note.id });
  });

  test("without a title, the title is empty; a video file works too", async () => {
    const p = await page();
    const note = await create({ source: { type: "file_upload", file_upload_id: await upload(notion, "standup.mp4", "video/mp4") }, parent: { page_id: p } });
    assert.deepEqual(note.meeting_notes.title, []);
  });

  test("the upload is consumed: attached, it no longer expires", async () => {
    const id = await upload();
    assert.notEqual((await notion.fileUploads.retrieve({ file_upload_id: id })).expiry_time, null);
    await create({ source: { type: "file_upload", file_upload_id: id }, parent: { page_id: await page() } });
    assert.equal((await notion.fileUploads.retrieve({ file_upload_id: id })).expiry_time, null);
  });

  test("from an existing audio block backed by an upload: right after that block, in its parent", async () => {
    const p = await page();
    const appended: any = await notion.blocks.children.append({
      block_id: p,
      children: [{ audio: { type: "file_upload", file_upload: { id: await upload() } } }, { paragraph: { rich_text: rt("after") } }] as any,
    });
    const audio = appended.results[0].id;
    const note = await create({ source: { type: "block", block_id: audio }, title: "From the recording" });
    assert.deepEqual((await childrenOf(notion, p)).map((b) => b.type), ["audio", "meeting_notes", "paragraph"]);
    assert.equal((await notion.blocks.retrieve({ block_id: note.id }) as any).parent.page_id, p);
  });

  for (const version of VERSIONS) {
    test(`${version}: ${atLeast(version, "2026-03-11") ? "meeting_notes" : "transcription"} on create, retrieve and list, archived ${atLeast(version, "2026-03-11") ? "gone" : "beside in_trash"}`, async () => {
      const c = q.client({ version });
      const p = await page(c);
      const note = await fromUpload(p, { title: "Versioned" }, c);
      const type = atLeast(version, "2026-03-11") ? "meeting_notes" : "transcription";
      const retrieved: any = await c.blocks.retrieve({ block_id: note.id });
      const [listed] = (await c.blocks.children.list({ block_id: p })).results as any[];
      for (const b of [note, retrieved, listed]) {
        assert.equal(b.type, type);
        assert.equal(b[type].status, "transcription_in_progress");
        assert.equal("archived" in b, !atLeast(version, "2026-03-11"));
      }
      assert.deepEqual(retrieved[type], note[type]);
    });
  }
});

describe("create: refusals", () => {
  let p: string;
  before(async () => {
    p = await page();
  });

  const cases: [string, () => Promise<unknown>, number, string, RegExp | string][] = [
    ["no source", async () => ({ parent: { page_id: p } }), 400, "validation_error", "body failed validation: body.source should be defined, instead was `undefined`."],
    ["an unknown source type", async () => ({ source: { type: "url", url: "https://example.com/a.mp3" } }), 400, "validation_error", 'body failed validation: body.source.type should be `"file_upload"` or `"block"`, instead was `"url"`.'],
    ["a file upload without parent", async () => ({ source: { type: "file_upload", file_upload_id: await upload() } }), 400, "validation_error", "body failed validation: body.parent should be defined, instead was `undefined`."],
    ["a parent that is not page_id", async () => ({ source: { type: "file_upload", file_upload_id: await upload() }, parent: { type: "database_id", database_id: p } }), 400, "validation_error", /body\.parent\.type should be `"page_id"`/],
    ["a block source with a parent", async () => ({ source: { type: "block", block_id: p }, parent: { page_id: p } }), 400, "validation_error", /body\.parent should be not present/],
    ["an unknown language", async () => ({ language: "xx", source: { type: "file_upload", file_upload_id: await upload() }, parent: { page_id: p } }), 400, "validation_error", /body\.language should be `"auto"`/],
    ["a title over 2000 characters", async () => ({ title: "x".repeat(2001), source: { type: "file_upload", file_upload_id: await upload() }, parent: { page_id: p } }), 400, "validation_error", /body\.title\.length should be ≤ `2000`/],
    ["an unknown upload", async () => ({ source: { type: "file_upload", file_upload_id: MISSING_ID }, parent: { page_id: p } }), 404, "object_not_found", `Could not find file_upload with ID: ${MISSING_ID}.`],
    ["an upload not yet sent", async () => ({ source: { type: "file_upload", file_upload_id: (await notion.fileUploads.create({ filename: "later.mp3", content_type: "audio/mpeg" })).id }, parent: { page_id: p } }), 400, "validation_error", /status `pending`/],
    ["a file that is not audio or video", async () => ({ source: { type: "file_upload", file_upload_id: await upload(notion, "notes.txt", "text/plain") }, parent: { page_id: p } }), 400, "validation_error", /content type `text\/plain`; meeting notes are made from audio or video files/],
    ["a parent page that does not exist", async () => ({ source: { type: "file_upload", file_upload_id: await upload() }, parent: { page_id: MISSING_ID } }), 404, "object_not_found", /Could not find page with ID/],
    ["a source block that is not media", async () => ({ source: { type: "block", block_id: ((await notion.blocks.children.append({ block_id: p, children: [{ paragraph: { rich_text: rt("x") } }] })).results[0] as any).id } }), 400, "validation_error", /is not an audio, video or file block backed by a file upload/],
    ["a media block with an external URL", async () => ({ source: { type: "block", block_id: ((await notion.blocks.children.append({ block_id: p, children: [{ audio: { external: { url: "https://example.com/a.mp3" } } }] })).results[0] as any).id } }), 400, "validation_error", /backed by a file upload/],
  ];
  for (const [what, body, status, code, message] of cases) {
    test(what, async () => {
      const res = await raw("/v1/blocks/meeting_notes", await body());
      assertErrorBody(res, { status, code, message });
    });
  }

  test("a parent page in the trash", async () => {
    const trashed = await page();
    await notion.pages.update({ page_id: trashed, in_trash: true });
    await rejects(fromUpload(trashed), { status: 400, code: "validation_error", message: /archived/ });
  });

  test("another integration's upload, or a page it was not given, is 404", async () => {
    const other = await q.integration("Other", undefined, [p]);
    const theirs = q.client({ version: "2026-03-11", auth: other.token });
    const id = await upload(theirs);
    await rejects(create({ source: { type: "file_upload", file_upload_id: id }, parent: { page_id: p } }), { status: 404, code: "object_not_found" });
    const hidden = await page();
    await rejects(create({ source: { type: "file_upload", file_upload_id: await upload(theirs) }, parent: { page_id: hidden } }, theirs), { status: 404, code: "object_not_found", message: /Could not find page/ });
  });

  test("capabilities: insert content is needed; read content for a block source; without it the answer is partial", async () => {
    const readOnly = await q.integration("Reader", ["read_content"], [q.rootPageId]);
    const r = q.client({ version: "2026-03-11", auth: readOnly.token });
    await rejects(create({ source: { type: "block", block_id: p } }, r), { status: 403, code: "restricted_resource" });
    const writer = await q.integration("Writer", ["insert_content"], [q.rootPageId]);
    const w = q.client({ version: "2026-03-11", auth: writer.token });
    await rejects(create({ source: { type: "block", block_id: p } }, w), { status: 403, code: "restricted_resource" });
    const id = await upload(w);
    const partial = await create({ source: { type: "file_upload", file_upload_id: id }, parent: { page_id: p } }, w);
    assert.deepEqual(Object.keys(partial).sort(), ["id", "object", "request_id"]);
    assert.equal((await notion.blocks.retrieve({ block_id: partial.id }) as any).type, "meeting_notes");
  });
});

describe("read-only content", () => {
  let note: any;
  before(async () => {
    note = await fromUpload(await page(), { title: "Read only" });
    const res = await control(note.id, { status: "notes_ready", summary: "Decisions\nNext steps", transcript: "A: hello\nB: hi" });
    assert.equal(res.status, 200, JSON.stringify(res.body));
  });

  test("the tabs hold what Notion wrote, one paragraph per line", async () => {
    const summary = await childrenOf(notion, note.meeting_notes.children.summary_block_id);
    assert.deepEqual(summary.map((b) => b.paragraph.rich_text[0].plain_text), ["Decisions", "Next steps"]);
    const transcript = await childrenOf(notion, note.meeting_notes.children.transcript_block_id);
    assert.deepEqual(transcript.map((b) => b.paragraph.rich_text[0].plain_text), ["A: hello", "B: hi"]);
    assert.deepEqual(await childrenOf(notion, note.meeting_notes.children.notes_block_id), []);
  });

  test("appending to the note or a tab, editing or deleting a tab or its content: 400", async () => {
    const tab = note.meeting_notes.children.transcript_block_id;
    const [line] = await childrenOf(notion, tab);
    const message = /is part of the meeting notes .*can only be read through the API/;
    await rejects(notion.blocks.children.append({ block_id: note.id, children: [{ paragraph: { rich_text: rt("x") } }] }), { status: 400, code: "validation_error", message });
    await rejects(notion.blocks.children.append({ block_id: tab, children: [{ paragraph: { rich_text: rt("x") } }] }), { status: 400, code: "validation_error", message });
    await rejects(notion.blocks.update({ block_id: line.id, paragraph: { rich_text: rt("edited") } } as any), { status: 400, code: "validation_error", message });
    await rejects(notion.blocks.update({ block_id: line.id, in_trash: true } as any), { status: 400, code: "validation_error", message });
    await rejects(notion.blocks.delete({ block_id: line.id }), { status: 400, code: "validation_error", message });
    await rejects(notion.blocks.delete({ block_id: tab }), { status: 400, code: "validation_error", message });
    // The SDK does not send a meeting_notes payload on update; Quire refuses one as a type the API cannot write.
    const payload = await q.raw("PATCH", `/v1/blocks/${note.id}`, { version: "2026-03-11", body: JSON.stringify({ meeting_notes: { title: rt("x") } }) });
    assertErrorBody(payload, { status: 400, code: "validation_error", message: /body\.meeting_notes should be not present/ });
  });

  test("the note itself goes to the trash and comes back", async () => {
    const deleted: any = await notion.blocks.delete({ block_id: note.id });
    assert.equal(deleted.in_trash, true);
    const restored: any = await notion.blocks.update({ block_id: note.id, in_trash: false } as any);
    assert.equal(restored.in_trash, false);
    assert.equal(restored.meeting_notes.status, "notes_ready");
  });
});

describe("the control API", () => {
  test("status, title, calendar event and recording, in the SDK's key order", async () => {
    const note = await fromUpload(await page());
    const res = await control(note.id, {
      recording: { start_time: "2026-07-14T10:00:12Z", end_time: "2026-07-14T10:29:48Z" },
      calendar_event: { start_time: "2026-07-14T10:00:00Z", end_time: "2026-07-14T10:30:00+00:00", attendees: [owner, bot, owner] },
      title: "Q3 Sync",
      status: "summary_in_progress",
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const got: any = await notion.blocks.retrieve({ block_id: note.id });
    assert.deepEqual(Object.keys(got.meeting_notes), ["title", "status", "children", "calendar_event", "recording"]);
    assert.equal(got.meeting_notes.status, "summary_in_progress");
    assert.deepEqual(got.meeting_notes.calendar_event, { start_time: "2026-07-14T10:00:00.000Z", end_time: "2026-07-14T10:30:00.000Z", attendees: [owner, bot] });
    assert.deepEqual(got.meeting_notes.recording, { start_time: "2026-07-14T10:00:12.000Z", end_time: "2026-07-14T10:29:48.000Z" });
    assert.deepEqual(got.last_edited_by, { object: "user", id: bot }, "Notion's processing is no user's edit");
    const cleared = await control(note.id, { calendar_event: null, recording: null });
    assert.deepEqual(Object.keys(cleared.body.meeting_notes), ["title", "status", "children"]);
  });

  test("refusals: not a meeting notes block, unknown attendees, bad times and statuses", async () => {
    const note = await fromUpload(await page());
    assert.equal((await control(q.rootPageId, { status: "notes_ready" })).status, 404);
    const unknown = await control(note.id, { calendar_event: { start_time: "2026-07-14T10:00:00Z", end_time: "2026-07-14T10:30:00Z", attendees: [MISSING_ID] } });
    assert.equal(unknown.status, 400);
    assert.match(unknown.body.message, /is not a user of the workspace/);
    const backwards = await control(note.id, { calendar_event: { start_time: "2026-07-14T10:00:00Z", end_time: "2026-07-14T09:00:00Z" } });
    assert.equal(backwards.status, 400);
    const floating = await control(note.id, { recording: { start_time: "2026-07-14T10:00:00" } });
    assert.equal(floating.status, 400);
    assert.match(floating.body.message, /with an offset/);
    assert.equal((await control(note.id, { status: "done" })).status, 400);
  });
});

describe("query", () => {
  let viewer: { token: string; bot_id: string };
  let v: Client;
  const made: Record<string, string> = {};

  /** A note on a page shared with the viewer, made `minutes` after T0, with a calendar event. */
  async function note(title: string, minutes: number, attendees: string[], by: Client = v) {
    clock.set(T0 + minutes * 60_000);
    const shared = await page(by, `${title} page`);
    const created = await fromUpload(shared, { title }, by);
    const res = await control(created.id, { calendar_event: { start_time: "2026-07-14T14:00:00Z", end_time: "2026-07-14T14:30:00Z", attendees } });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    made[title] = created.id;
    return created.id;
  }
  const query = async (body: Record<string, unknown> = {}) => (await v.blocks.meetingNotes.query(body as any)) as any;
  const titles = (res: any) => res.results.map((r: any) => r.meeting_notes.title.map((t: any) => t.plain_text).join(""));

  before(async () => {
    viewer = await q.integration("Viewer", undefined, [q.rootPageId]);
    v = q.client({ version: "2026-03-11", auth: viewer.token });
    await note("Weekly sync", 10, [viewer.bot_id, owner]);
    await note("Design review", 20, [viewer.bot_id]);
    await note("Weekly planning", 30, [owner, viewer.bot_id]);
    await note("Not invited", 40, [owner]);
    await note("Without an event", 50, [viewer.bot_id]);
    await control(made["Without an event"], { calendar_event: null });
    const trashed = await note("Trashed", 60, [viewer.bot_id]);
    await v.blocks.delete({ block_id: trashed });
    clock.set(T0 + 24 * 3600_000);
  });

  test("the notes the integration's user attends, newest first, as blocks without parent; {results, has_more} only", async () => {
    const res = await q.raw("POST", "/v1/blocks/meeting_notes/query", { version: "2026-03-11", auth: viewer.token, body: "{}" });
    assert.equal(res.status, 200);
    assert.deepEqual(Object.keys(res.body), ["results", "has_more"]);
    assert.ok(res.headers.get("x-notion-request-id"));
    assert.deepEqual(titles(res.body), ["Weekly planning", "Design review", "Weekly sync"]);
    assert.equal(res.body.has_more, false);
    for (const r of res.body.results) {
      assert.deepEqual(Object.keys(r), ["object", "id", "created_time", "last_edited_time", "created_by", "last_edited_by", "has_children", "in_trash", "type", "meeting_notes"]);
      assert.deepEqual(Object.keys(r.meeting_notes), ["title", "status", "children", "calendar_event"]);
    }
  });

  test("limit and has_more; limit over 50 or below 1 is refused", async () => {
    const res = await query({ limit: 2 });
    assert.deepEqual(titles(res), ["Weekly planning", "Design review"]);
    assert.equal(res.has_more, true);
    await rejects(query({ limit: 51 }), { status: 400, code: "validation_error", message: "body failed validation: body.limit should be ≤ `50`, instead was `51`." });
    await rejects(query({ limit: 0 }), { status: 400, code: "validation_error" });
  });

  test("text operators on the title, case-insensitive", async () => {
    const by = async (operator: string, value?: string) =>
      titles(await query({ filter: { operator: "and", filters: [{ property: "title", filter: value === undefined ? { operator } : { operator, value: { type: "exact", value } } }] }, sort: [{ property: "title", direction: "ascending" }] }));
    assert.deepEqual(await by("string_contains", "WEEKLY"), ["Weekly planning", "Weekly sync"]);
    assert.deepEqual(await by("string_does_not_contain", "weekly"), ["Design review"]);
    assert.deepEqual(await by("string_is", "design review"), ["Design review"]);
    assert.deepEqual(await by("string_is_not", "Design review"), ["Weekly planning", "Weekly sync"]);
    assert.deepEqual(await by("string_starts_with", "weekly p"), ["Weekly planning"]);
    assert.deepEqual(await by("string_ends_with", "SYNC"), ["Weekly sync"]);
    assert.deepEqual(await by("is_empty"), []);
    assert.deepEqual(await by("is_not_empty"), ["Design review", "Weekly planning", "Weekly sync"]);
  });

  test("people operators on attendees and created_by; and / or, nested", async () => {
    const person = (id: string) => ({ type: "exact", value: { table: "notion_user", id } });
    const withOwner = await query({ filter: { operator: "and", filters: [{ property: "attendees", filter: { operator: "person_contains", value: person(owner) } }] } });
    assert.deepEqual(titles(withOwner), ["Weekly planning", "Weekly sync"]);
    const without = await query({ filter: { operator: "and", filters: [{ property: "attendees", filter: { operator: "person_does_not_contain", value: [person(owner)] } }] } });
    assert.deepEqual(titles(without), ["Design review"]);
    const mine = await query({ filter: { operator: "and", filters: [{ property: "created_by", filter: { operator: "person_contains", value: person(viewer.bot_id) } }] } });
    assert.equal(mine.results.length, 3);
    const nested = await query({
      filter: {
        operator: "or",
        filters: [
          { property: "title", filter: { operator: "string_is", value: { type: "exact", value: "Design review" } } },
          { operator: "and", filters: [{ property: "title", filter: { operator: "string_contains", value: { type: "exact", value: "weekly" } } }, { operator: "or", filters: [{ property: "title", filter: { operator: "string_ends_with", value: { type: "exact", value: "sync" } } }] }] },
        ],
      },
    });
    assert.deepEqual(titles(nested), ["Design review", "Weekly sync"]);
    assert.equal((await query({ filter: { operator: "or", filters: [] } })).results.length, 3);
  });

  test("date operators on created_time: exact days and minutes, relative days and ranges", async () => {
    const on = async (operator: string, value: unknown) => titles(await query({ filter: { operator: "and", filters: [{ property: "created_time", filter: { operator, value } }] } }));
    const day = (start_date: string) => ({ type: "exact", value: { type: "date", start_date } });
    const at = (start_time: string, time_zone?: string) => ({ type: "exact", value: { type: "datetime", start_date: "2026-07-14", start_time, ...(time_zone ? { time_zone } : {}) } });
    assert.equal((await on("date_is", day("2026-07-14"))).length, 3);
    assert.deepEqual(await on("date_is", day("2026-07-15")), []);
    assert.deepEqual(await on("date_is", at("09:20")), ["Design review"]);
    assert.deepEqual(await on("date_is", at("11:20", "Europe/Paris")), ["Design review"], "11:20 in Paris is 09:20 UTC");
    assert.deepEqual(await on("date_is_before", at("09:20")), ["Weekly sync"]);
    assert.deepEqual(await on("date_is_on_or_before", at("09:20")), ["Design review", "Weekly sync"]);
    assert.deepEqual(await on("date_is_after", at("09:20")), ["Weekly planning"]);
    assert.deepEqual(await on("date_is_on_or_after", at("09:20")), ["Weekly planning", "Design review"]);
    // "today" is 2026-07-15 on the clock now.
    assert.equal((await on("date_is", { type: "relative", value: "yesterday" })).length, 3);
    assert.deepEqual(await on("date_is", { type: "relative", value: "today" }), []);
    assert.equal((await on("date_is_within", { type: "relative", value: "past_week" })).length, 3);
    assert.equal((await on("date_is_within", { type: "relative", value: "the_past", direction: "past", unit: "day", count: 1 })).length, 3);
    assert.deepEqual(await on("date_is_within", { type: "relative", value: "the_next", direction: "future", unit: "week", count: 2 }), []);
    assert.equal((await on("date_is_within", { type: "exact", value: { type: "daterange", start_date: "2026-07-01", end_date: "2026-07-14" } })).length, 3);
    assert.deepEqual(await on("date_is_within", { type: "exact", value: { type: "daterange", start_date: "2026-07-15" } }), []);
    assert.equal((await on("is_not_empty", undefined)).length, 3);
    assert.deepEqual(await on("is_empty", undefined), []);
  });

  test("sorts: by property and direction, then by id", async () => {
    assert.deepEqual(titles(await query({ sort: [{ property: "created_time", direction: "ascending" }] })), ["Weekly sync", "Design review", "Weekly planning"]);
    assert.deepEqual(titles(await query({ sort: [{ property: "title", direction: "descending" }] })), ["Weekly sync", "Weekly planning", "Design review"]);
  });

  test("bad filters and sorts answer validation errors naming the path", async () => {
    const bad: [unknown, RegExp][] = [
      [{ filter: { filters: [] } }, /body\.filter\.operator should be defined, instead was `undefined`/],
      [{ filter: { operator: "and", filters: {} } }, /body\.filter\.filters should be an array/],
      [{ filter: { operator: "and", filters: [{ property: "status", filter: { operator: "is_empty" } }] } }, /body\.filter\.filters\[0\]\.property should be `"title"`/],
      [{ filter: { operator: "and", filters: [{ property: "title", filter: { operator: "date_is" } }] } }, /body\.filter\.filters\[0\]\.filter\.operator should be `"string_is"`/],
      [{ filter: { operator: "and", filters: [{ property: "title", filter: { operator: "string_is", value: "x" } }] } }, /body\.filter\.filters\[0\]\.filter\.value should be an object/],
      [{ filter: { operator: "and", filters: [{ property: "attendees", filter: { operator: "person_contains", value: { type: "exact", value: { table: "team", id: owner } } } }] } }, /value\.value\.table should be `"notion_user"`/],
      [{ filter: { operator: "and", filters: [{ property: "created_time", filter: { operator: "date_is", value: { type: "relative", value: "someday" } } }] } }, /should be `"today"`/],
      [{ filter: { operator: "and", filters: [{ property: "created_time", filter: { operator: "date_is", value: { type: "exact", value: { type: "date", start_date: "2026-02-30" } } } }] } }, /start_date should be a date like `2026-07-14`/],
      [{ filter: { operator: "and", filters: [{ operator: "or", filters: [{ operator: "and", filters: [{ operator: "or", filters: [] }] }] }] } }, /filters\[0\]\.filters\[0\]\.filters\[0\]\.operator should be not present/],
      [{ filter: { operator: "and", filters: [{ property: "created_time", filter: { operator: "date_is", value: { type: "exact", value: { type: "datetime", start_date: "2026-07-14", start_time: "10:00", time_zone: "Mars/Olympus" } } } }] } }, /time_zone should be an IANA time zone/],
      [{ filter: { operator: "and", filters: [{ property: "created_time", filter: { operator: "date_is", value: { type: "exact", value: { type: "datetime", start_date: "2026-07-14", start_time: "25:00" } } } }] } }, /start_time should be a valid time/],
      [{ sort: [{ property: "title" }] }, /body\.sort\[0\]\.direction should be defined/],
      [{ sort: [{ property: "title", direction: "up" }] }, /body\.sort\[0\]\.direction should be `"ascending"` or `"descending"`/],
      [{ sort: { property: "title", direction: "ascending" } }, /body\.sort should be an array/],
    ];
    for (const [body, message] of bad) await rejects(query(body as any), { status: 400, code: "validation_error", message });
  });

  test("another integration sees only the notes on what is shared with it and that its user attends", async () => {
    const outsider = await q.integration("Outsider");
    const o = q.client({ version: "2026-03-11", auth: outsider.token });
    await control(made["Design review"], { calendar_event: { start_time: "2026-07-14T14:00:00Z", end_time: "2026-07-14T14:30:00Z", attendees: [viewer.bot_id, outsider.bot_id] } });
    assert.deepEqual(((await o.blocks.meetingNotes.query({})) as any).results, [], "attends, but the page is not shared with it");
    const parent = ((await v.blocks.retrieve({ block_id: made["Design review"] })) as any).parent.page_id;
    await q.admin("POST", `/_quire/v1/integrations/${outsider.id}/shares`, { object_id: parent });
    assert.deepEqual(titles(await o.blocks.meetingNotes.query({})), ["Design review"]);
    // A title mentioning a page the outsider cannot see shows the mention without its title.
    await control(made["Design review"], { title: [{ text: { content: "Design review of " } }, { mention: { page: { id: q.rootPageId } } }] });
    const [seenByViewer] = (await v.blocks.meetingNotes.query({ filter: { operator: "and", filters: [{ property: "title", filter: { operator: "string_starts_with", value: { type: "exact", value: "design" } } }] } })).results as any[];
    assert.match(seenByViewer.meeting_notes.title[1].plain_text, /Getting started/);
    const [seenByOutsider] = ((await o.blocks.meetingNotes.query({})) as any).results;
    assert.equal(seenByOutsider.meeting_notes.title[1].mention.page.id, q.rootPageId);
    assert.doesNotMatch(JSON.stringify(seenByOutsider), /Getting started/);
  });

  test("needs read content", async () => {
    const blind = await q.integration("Blind", ["insert_content"], [q.rootPageId]);
    await rejects(q.client({ version: "2026-03-11", auth: blind.token }).blocks.meetingNotes.query({}), { status: 403, code: "restricted_resource" });
  });

  test("older versions answer the notes as transcription blocks", async () => {
    const res: any = await q.client({ version: "2025-09-03", auth: viewer.token }).blocks.meetingNotes.query({ limit: 1 });
    assert.equal(res.results[0].type, "transcription");
    assert.equal(res.results[0].archived, false);
  });
});
