import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { collectPaginatedAPI, isFullComment, type Client } from "@notionhq/client";
import { startTestQuire, rt, VERSIONS, type TestQuire } from "./helpers/quire.js";
import { MISSING_ID, apiError } from "./helpers/api.js";
import { FrozenClock } from "../src/domain/clock.js";

const ALL = ["read_content", "update_content", "insert_content", "read_comments", "insert_comments", "user_info_with_email"];
const ARCHIVED = "Can't edit block that is archived. You must unarchive the block before editing.";

const notFoundMessage = (kind: string, id: string, name = "Quire Dev") =>
  `Could not find ${kind} with ID: ${id}. Make sure the relevant pages and databases are shared with your integration "${name}".`;

describe("comments", () => {
  let q: TestQuire;
  let notion: Client;
  let botId: string;
  const clock = new FrozenClock(Date.parse("2026-07-04T09:11:27.500Z"));

  before(async () => {
    q = await startTestQuire({ clock });
    notion = q.client();
    botId = (await notion.users.me({})).id;
  });
  after(async () => q.close());

  /** A single_part upload, sent; its id. */
  const upload = async (filename: string, text: string, contentType: string) => {
    const created = await notion.fileUploads.create({ filename, content_type: contentType });
    await notion.fileUploads.send({ file_upload_id: created.id, file: { filename, data: new Blob([text], { type: contentType }) } });
    return created.id;
  };

  const newPage = async (title = "Commented") =>
    (await notion.pages.create({ parent: { page_id: q.rootPageId }, properties: { title: { title: rt(title) } } })).id;

  describe("create", () => {
    for (const version of VERSIONS) {
      test(`a page comment has the recorded shape (${version})`, async () => {
        const page = await newPage();
        const res = await q.raw("POST", "/v1/comments", {
          version,
          body: JSON.stringify({ parent: { page_id: page }, rich_text: [{ text: { content: "This is a test comment." } }] }),
        });
        assert.equal(res.status, 200);
        const c = res.body;
        // Key order and presence as in recorded 2025-09-03 traffic (test_comments_create).
        assert.deepEqual(Object.keys(c), ["object", "id", "parent", "discussion_id", "created_time", "last_edited_time", "created_by", "rich_text", "display_name", "request_id"]);
        assert.equal(c.object, "comment");
        assert.deepEqual(c.parent, { type: "page_id", page_id: page });
        assert.match(c.discussion_id, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
        assert.notEqual(c.discussion_id, c.id);
        assert.equal(c.created_time, "2026-07-04T09:11:00.000Z");
        assert.equal(c.last_edited_time, "2026-07-04T09:11:00.000Z");
        assert.deepEqual(c.created_by, { object: "user", id: botId });
        assert.deepEqual(c.rich_text, [
          {
            type: "text",
            text: { content: "This is a test comment.", link: null },
            annotations: { bold: false, italic: false, strikethrough: false, underline: false, code: false, color: "default" },
            plain_text: "This is a test comment.",
            href: null,
          },
        ]);
        assert.deepEqual(c.display_name, { type: "integration", resolved_name: "Quire Dev" });
        assert.equal("attachments" in c, false);
      });
    }

    test("a reply joins the discussion and its parent; the SDK sees full comments", async () => {
      const page = await newPage();
      const first = await notion.comments.create({ parent: { page_id: page }, rich_text: rt("first") });
      assert.ok(isFullComment(first));
      const reply = await notion.comments.create({ discussion_id: first.discussion_id, rich_text: rt("second") });
      assert.ok(isFullComment(reply));
      assert.equal(reply.discussion_id, first.discussion_id);
      assert.deepEqual(reply.parent, { type: "page_id", page_id: page });
      // Dashless ids are accepted as anywhere else.
      const third = await notion.comments.create({ discussion_id: first.discussion_id.replace(/-/g, ""), rich_text: rt("third") });
      assert.ok(isFullComment(third));
      assert.equal(third.discussion_id, first.discussion_id);
      const listed = await notion.comments.list({ block_id: page });
      assert.deepEqual(listed.results.map((c) => c.rich_text[0].plain_text), ["first", "second", "third"]);
    });

    test("a comment on a block has a block_id parent and is listed on the block, not the page", async () => {
      const page = await newPage();
      const appended = await notion.blocks.children.append({ block_id: page, children: [{ paragraph: { rich_text: rt("text") } }] });
      const block = appended.results[0].id;
      const c = await notion.comments.create({ parent: { block_id: block }, rich_text: rt("on the block") });
      assert.ok(isFullComment(c));
      assert.deepEqual(c.parent, { type: "block_id", block_id: block });
      const reply = await notion.comments.create({ discussion_id: c.discussion_id, rich_text: rt("reply") });
      assert.ok(isFullComment(reply));
      assert.deepEqual(reply.parent, { type: "block_id", block_id: block });
      assert.deepEqual((await notion.comments.list({ block_id: block })).results.map((x) => x.id), [c.id, reply.id]);
      assert.deepEqual((await notion.comments.list({ block_id: page })).results, []);
    });

    test("parent.block_id naming a page makes a page comment", async () => {
      const page = await newPage();
      const c = await notion.comments.create({ parent: { block_id: page }, rich_text: rt("x") });
      assert.ok(isFullComment(c));
      assert.deepEqual(c.parent, { type: "page_id", page_id: page });
    });

    test("rich text keeps annotations, links, equations and mentions", async () => {
      const page = await newPage("Mentioned");
      const c = await notion.comments.create({
        parent: { page_id: page },
        rich_text: [
          { text: { content: "see ", link: { url: "https://example.com" } }, annotations: { bold: true, color: "red" } },
          { equation: { expression: "e^{i\\pi}" } },
          { mention: { page: { id: page } } },
          { mention: { user: { id: botId } } },
        ],
      });
      assert.ok(isFullComment(c));
      const [text, eq, pageMention, userMention] = c.rich_text as any[];
      assert.equal(text.href, "https://example.com");
      assert.equal(text.annotations.bold, true);
      assert.equal(text.annotations.color, "red");
      assert.deepEqual(eq.equation, { expression: "e^{i\\pi}" });
      assert.equal(pageMention.plain_text, "Mentioned");
      assert.deepEqual(pageMention.mention, { type: "page", page: { id: page } });
      assert.equal(userMention.mention.user.id, botId);
      assert.equal(userMention.plain_text, "@Quire Dev");
    });

    test("markdown bodies become rich text (inline formatting, links, equations, mention tags)", async () => {
      const page = await newPage("Linked page");
      const c = await notion.comments.create({
        parent: { page_id: page },
        markdown: `Hi **bold** *it* ~~gone~~ \`code\` [site](https://example.com) $x^2$ <mention-page url="https://www.notion.so/${page.replace(/-/g, "")}">Linked page</mention-page> <mention-date start="2026-01-02"/> \\*lit\\*`,
      });
      assert.ok(isFullComment(c));
      const items = c.rich_text as any[];
      const summary = items.map((i) => [i.type, i.plain_text, i.annotations.bold, i.annotations.italic, i.annotations.strikethrough, i.annotations.code, i.href]);
      assert.deepEqual(summary, [
        ["text", "Hi ", false, false, false, false, null],
        ["text", "bold", true, false, false, false, null],
        ["text", " ", false, false, false, false, null],
        ["text", "it", false, true, false, false, null],
        ["text", " ", false, false, false, false, null],
        ["text", "gone", false, false, true, false, null],
        ["text", " ", false, false, false, false, null],
        ["text", "code", false, false, false, true, null],
        ["text", " ", false, false, false, false, null],
        ["text", "site", false, false, false, false, "https://example.com"],
        ["text", " ", false, false, false, false, null],
        ["equation", "x^2", false, false, false, false, null],
        ["text", " ", false, false, false, false, null],
        ["mention", "Linked page", false, false, false, false, items[13].href],
        ["text", " ", false, false, false, false, null],
        ["mention", "2026-01-02", false, false, false, false, null],
        ["text", " *lit*", false, false, false, false, null],
      ]);
      assert.deepEqual(items[13].mention, { type: "page", page: { id: page } });
      assert.deepEqual(items[15].mention, { type: "date", date: { start: "2026-01-02", end: null, time_zone: null } });
    });

    test("markdown with a user mention and nested formatting", async () => {
      const page = await newPage();
      const c = await notion.comments.create({ parent: { page_id: page }, markdown: `**bold *both*** <mention-user url="user://${botId}">Quire Dev</mention-user>\nnext line` });
      assert.ok(isFullComment(c));
      const items = c.rich_text as any[];
      assert.deepEqual(
        items.map((i) => [i.plain_text, i.annotations.bold, i.annotations.italic]),
        [["bold ", true, false], ["both", true, true], [" ", false, false], ["@Quire Dev", false, false], ["\nnext line", false, false]],
      );
      assert.equal(items[3].mention.user.id, botId);
    });

    test("display_name: the integration's name by default, a custom name, or a user", async () => {
      const page = await newPage();
      const custom = await notion.comments.create({ parent: { page_id: page }, rich_text: rt("x"), display_name: { type: "custom", custom: { name: "Notion Bot" } } });
      assert.ok(isFullComment(custom));
      assert.deepEqual(custom.display_name, { type: "custom", resolved_name: "Notion Bot" });
      const integration = await notion.comments.create({ parent: { page_id: page }, rich_text: rt("x"), display_name: { type: "integration" } });
      assert.ok(isFullComment(integration));
      assert.deepEqual(integration.display_name, { type: "integration", resolved_name: "Quire Dev" });
      // Internal integrations have no authorizing user (only public integrations do).
      const user = await notion.comments.create({ parent: { page_id: page }, rich_text: rt("x"), display_name: { type: "user" } });
      assert.ok(isFullComment(user));
      assert.deepEqual(user.display_name, { type: "user", resolved_name: null });
      // The name is kept per comment.
      assert.deepEqual((await notion.comments.retrieve({ comment_id: custom.id }) as any).display_name, { type: "custom", resolved_name: "Notion Bot" });
    });

    test("what the body must hold", async () => {
      const page = await newPage();
      const bad = (body: unknown, message: string) =>
        assert.rejects(notion.comments.create(body as any), apiError(400, "validation_error", message));
      await bad(
        { rich_text: rt("x") },
        "body failed validation. Fix one:\nbody.parent should be defined, instead was `undefined`.\nbody.discussion_id should be defined, instead was `undefined`.",
      );
      await bad(
        { parent: { page_id: page }, discussion_id: page, rich_text: rt("x") },
        `body failed validation. Fix one:\nbody.parent should be not present, instead was \`{"page_id":"${page}"}\`.\nbody.discussion_id should be not present, instead was \`"${page}"\`.`,
      );
      await bad(
        { parent: { page_id: page } },
        "body failed validation. Fix one:\nbody.rich_text should be defined, instead was `undefined`.\nbody.markdown should be defined, instead was `undefined`.",
      );
      await bad(
        { parent: { page_id: page }, rich_text: rt("x"), markdown: "x" },
        "body failed validation. Fix one:\nbody.rich_text should be not present, instead was `[{\"text\":{\"content\":\"x\"}}]`.\nbody.markdown should be not present, instead was `\"x\"`.",
      );
      await bad({ parent: { page_id: "nope" }, rich_text: rt("x") }, 'body failed validation: body.parent.page_id should be a valid uuid, instead was `"nope"`.');
      await bad(
        { parent: { page_id: page }, rich_text: rt("x".repeat(2001)) },
        "body failed validation: body.rich_text[0].text.content.length should be ≤ `2000`, instead was `2001`.",
      );
      await bad(
        { parent: { page_id: page }, rich_text: rt("x"), display_name: { type: "custom", custom: {} } },
        "body failed validation: body.display_name.custom.name should be defined, instead was `undefined`.",
      );
      await bad(
        { parent: { page_id: page }, rich_text: rt("x"), display_name: { type: "robot" } },
        'body failed validation: body.display_name.type should be `"integration"`, `"user"`, `"custom"`, instead was `"robot"`.',
      );
      const ids = ["2e2cdb8b-9897-4a6c-a935-82922b1cfb87", "2e2cdb8b-9897-4a6c-a935-82922b1cfb88", "2e2cdb8b-9897-4a6c-a935-82922b1cfb89", "2e2cdb8b-9897-4a6c-a935-82922b1cfb8a"];
      await bad(
        { parent: { page_id: page }, rich_text: rt("x"), attachments: ids.map((file_upload_id) => ({ file_upload_id })) },
        "body failed validation: body.attachments.length should be ≤ `3`, instead was `4`.",
      );
      await bad(
        { parent: { page_id: page }, rich_text: rt("x"), attachments: [{ file_upload_id: "x" }] },
        'body failed validation: body.attachments[0].file_upload_id should be a valid uuid, instead was `"x"`.',
      );
      await bad(
        { parent: { page_id: page }, rich_text: rt("x"), attachments: [{ file_upload_id: ids[0], type: "external" }] },
        'body failed validation: body.attachments[0].type should be `"file_upload"` or `undefined`, instead was `"external"`.',
      );
      await bad(
        { parent: { page_id: page }, rich_text: rt("x"), attachments: [{ file_upload_id: ids[0] }] },
        `Could not find file_upload with ID: ${ids[0]}.`,
      );
      // Nothing was written by the failures.
      assert.deepEqual((await notion.comments.list({ block_id: page })).results, []);
    });

    test("attachments: up to three uploaded files, shown with a category and a signed one-hour URL", async () => {
      const page = await newPage();
      const png = await upload("shot.png", "png bytes", "image/png");
      const pdf = await upload("report.pdf", "%PDF-1.4", "application/pdf");
      const txt = await upload("notes.txt", "hello notes", "text/plain");
      const c = await notion.comments.create({
        parent: { page_id: page },
        rich_text: rt("with files"),
        attachments: [{ file_upload_id: png }, { file_upload_id: pdf, type: "file_upload" }, { file_upload_id: txt }],
      });
      assert.ok(isFullComment(c));
      const attachments = c.attachments!;
      assert.deepEqual(attachments.map((a) => a.category), ["image", "pdf", "productivity"]);
      for (const a of attachments) {
        assert.deepEqual(Object.keys(a), ["category", "file"]);
        assert.deepEqual(Object.keys(a.file), ["url", "expiry_time"]);
        assert.ok(a.file.url.startsWith(`${q.url}/_quire/files/`), a.file.url);
        assert.equal(Date.parse(a.file.expiry_time), Math.floor((clock.now() + 3600_000) / 1000) * 1000);
      }
      const res = await fetch(attachments[2].file.url);
      assert.equal(res.status, 200);
      assert.equal(await res.text(), "hello notes");
      // Attached uploads no longer expire, and read back from list and retrieve alike.
      assert.equal((await notion.fileUploads.retrieve({ file_upload_id: png })).expiry_time, null);
      const listed = (await notion.comments.list({ block_id: page })).results[0];
      assert.deepEqual(listed.attachments!.map((a) => a.category), ["image", "pdf", "productivity"]);
      assert.ok(listed.attachments![0].file.url.includes(png));
      // An upload can be attached again.
      const again = await notion.comments.create({ discussion_id: c.discussion_id, rich_text: rt("again"), attachments: [{ file_upload_id: png }] });
      assert.ok(isFullComment(again));
      assert.deepEqual(again.attachments!.map((a) => a.category), ["image"]);
    });

    test("attachments must be the caller's own uploads, and uploaded", async () => {
      const page = await newPage();
      const pending = await notion.fileUploads.create({ filename: "later.png", content_type: "image/png" });
      await assert.rejects(
        notion.comments.create({ parent: { page_id: page }, rich_text: rt("x"), attachments: [{ file_upload_id: pending.id }] }),
        apiError(400, "validation_error", `File upload with ID ${pending.id} has status \`pending\`; only a file upload with status \`uploaded\` can be attached.`),
      );
      const other = q.client({ auth: (await q.integration("Uploader", ALL, [page])).token });
      const created = await other.fileUploads.create({ filename: "theirs.png", content_type: "image/png" });
      await other.fileUploads.send({ file_upload_id: created.id, file: { filename: "theirs.png", data: new Blob(["x"], { type: "image/png" }) } });
      await assert.rejects(
        notion.comments.create({ parent: { page_id: page }, rich_text: rt("x"), attachments: [{ file_upload_id: created.id }] }),
        apiError(400, "validation_error", `Could not find file_upload with ID: ${created.id}.`),
      );
      // A failed claim writes nothing: no comment, and the good upload before it stays unattached.
      const good = await upload("good.png", "x", "image/png");
      await assert.rejects(notion.comments.create({ parent: { page_id: page }, rich_text: rt("x"), attachments: [{ file_upload_id: good }, { file_upload_id: pending.id }] }));
      assert.notEqual((await notion.fileUploads.retrieve({ file_upload_id: good })).expiry_time, null);
      assert.deepEqual((await notion.comments.list({ block_id: page })).results, []);
    });

    test("unknown or unshared targets are 404s", async () => {
      const missing = "11111111-2222-4333-8444-555555555555";
      await assert.rejects(notion.comments.create({ parent: { page_id: missing }, rich_text: rt("x") }), apiError(404, "object_not_found", notFoundMessage("page", missing)));
      await assert.rejects(notion.comments.create({ parent: { block_id: missing }, rich_text: rt("x") }), apiError(404, "object_not_found", notFoundMessage("block", missing)));
      await assert.rejects(notion.comments.create({ discussion_id: missing, rich_text: rt("x") }), apiError(404, "object_not_found", notFoundMessage("discussion", missing)));
      // A page shared with someone else only.
      const other = await q.integration("Other", ALL);
      const theirs = await q.admin("POST", "/_quire/v1/pages", { title: rt("Private"), share_with: [other.id] });
      const privatePage = theirs.body.id;
      await assert.rejects(notion.comments.create({ parent: { page_id: privatePage }, rich_text: rt("x") }), apiError(404, "object_not_found", notFoundMessage("page", privatePage)));
      // Their discussion is as invisible as their page.
      const theirComment = await q.client({ auth: other.token }).comments.create({ parent: { page_id: privatePage }, rich_text: rt("x") });
      assert.ok(isFullComment(theirComment));
      await assert.rejects(
        notion.comments.create({ discussion_id: theirComment.discussion_id, rich_text: rt("x") }),
        apiError(404, "object_not_found", notFoundMessage("discussion", theirComment.discussion_id)),
      );
    });

    test("a page in the trash takes no comments but its comments stay readable", async () => {
      const page = await newPage();
      const c = await notion.comments.create({ parent: { page_id: page }, rich_text: rt("before") });
      assert.ok(isFullComment(c));
      await notion.pages.update({ page_id: page, in_trash: true });
      await assert.rejects(notion.comments.create({ parent: { page_id: page }, rich_text: rt("x") }), apiError(400, "validation_error", ARCHIVED));
      await assert.rejects(notion.comments.create({ discussion_id: c.discussion_id, rich_text: rt("x") }), apiError(400, "validation_error", ARCHIVED));
      await assert.rejects(notion.comments.update({ comment_id: c.id, rich_text: rt("x") }), apiError(400, "validation_error", ARCHIVED));
      assert.deepEqual((await notion.comments.list({ block_id: page })).results.map((x) => x.id), [c.id]);
      assert.equal(((await notion.comments.retrieve({ comment_id: c.id })) as any).id, c.id);
      await notion.pages.update({ page_id: page, in_trash: false });
      assert.ok(isFullComment(await notion.comments.create({ discussion_id: c.discussion_id, rich_text: rt("after") })));
    });
  });

  describe("list", () => {
    test("pages of comments, oldest first, with cursors the SDK follows", async () => {
      const page = await newPage();
      const made: string[] = [];
      for (let i = 0; i < 5; i++) {
        clock.advance(90_000);
        const c = await notion.comments.create({ parent: { page_id: page }, rich_text: rt(`c${i}`) });
        made.push(c.id);
      }
      const first = await notion.comments.list({ block_id: page, page_size: 2 });
      assert.deepEqual(first.results.map((c) => c.id), made.slice(0, 2));
      assert.equal(first.has_more, true);
      assert.equal(first.type, "comment");
      assert.deepEqual(first.comment, {});
      assert.ok(first.next_cursor);
      const second = await notion.comments.list({ block_id: page, page_size: 2, start_cursor: first.next_cursor! });
      assert.deepEqual(second.results.map((c) => c.id), made.slice(2, 4));
      const third = await notion.comments.list({ block_id: page, page_size: 2, start_cursor: second.next_cursor! });
      assert.deepEqual(third.results.map((c) => c.id), made.slice(4));
      assert.equal(third.has_more, false);
      assert.equal(third.next_cursor, null);
      const all = await collectPaginatedAPI(notion.comments.list, { block_id: page, page_size: 1 });
      assert.deepEqual(all.map((c) => c.id), made);
      // Creation times are distinct minutes, ascending.
      const times = all.map((c) => c.created_time);
      assert.deepEqual([...times].sort(), times);
    });

    test("the recorded list shape, in every version", async () => {
      const page = await newPage();
      const c = await notion.comments.create({ parent: { page_id: page }, rich_text: rt("x") });
      for (const version of VERSIONS) {
        const res = await q.raw("GET", `/v1/comments?block_id=${page}`, { version });
        assert.equal(res.status, 200);
        assert.deepEqual(Object.keys(res.body), ["object", "results", "next_cursor", "has_more", "type", "comment", "request_id"]);
        assert.deepEqual(res.body.results.map((x: any) => x.id), [c.id]);
        assert.equal("request_id" in res.body.results[0], false);
      }
    });

    test("bad queries", async () => {
      const page = await newPage();
      const res = await q.raw("GET", "/v1/comments");
      assert.equal(res.status, 400);
      assert.equal(res.body.code, "validation_error");
      assert.equal(res.body.message, "query failed validation: query.block_id should be defined, instead was `undefined`.");
      await assert.rejects(notion.comments.list({ block_id: page, page_size: 101 }), apiError(400, "validation_error", "query failed validation: query.page_size should be ≤ `100`, instead was `101`."));
      const missing = "11111111-2222-4333-8444-555555555555";
      await assert.rejects(notion.comments.list({ block_id: page, start_cursor: missing }), apiError(400, "validation_error", `The start_cursor provided is invalid: ${missing}`));
      await assert.rejects(notion.comments.list({ block_id: missing }), apiError(404, "object_not_found", notFoundMessage("block", missing)));
    });
  });

  describe("retrieve, update, delete", () => {
    test("retrieve answers the comment as created", async () => {
      const page = await newPage();
      const c = await notion.comments.create({ parent: { page_id: page }, rich_text: rt("hello") });
      const got = await notion.comments.retrieve({ comment_id: c.id });
      assert.deepEqual({ ...got, request_id: undefined }, { ...c, request_id: undefined });
      const missing = "11111111-2222-4333-8444-555555555555";
      await assert.rejects(notion.comments.retrieve({ comment_id: missing }), apiError(404, "object_not_found", notFoundMessage("comment", missing)));
      await assert.rejects(notion.comments.retrieve({ comment_id: "nope" }), apiError(400, "validation_error", 'path failed validation: path.comment_id should be a valid uuid, instead was `"nope"`.'));
    });

    test("update replaces the body and moves last_edited_time", async () => {
      const page = await newPage();
      const c = await notion.comments.create({ parent: { page_id: page }, rich_text: rt("This is a test comment.") });
      assert.ok(isFullComment(c));
      clock.advance(120_000);
      const u = await notion.comments.update({ comment_id: c.id, rich_text: rt("Updated comment.") });
      assert.ok(isFullComment(u));
      assert.equal(u.rich_text[0].plain_text, "Updated comment.");
      assert.equal(u.created_time, c.created_time);
      assert.ok(u.last_edited_time > c.last_edited_time);
      assert.equal(u.discussion_id, c.discussion_id);
      assert.deepEqual(u.display_name, c.display_name);
      const md = await notion.comments.update({ comment_id: c.id, markdown: "now **bold**" });
      assert.ok(isFullComment(md));
      assert.deepEqual(md.rich_text.map((i) => [i.plain_text, i.annotations.bold]), [["now ", false], ["bold", true]]);
      const listed = await notion.comments.list({ block_id: page });
      assert.equal(listed.results[0].rich_text[1].plain_text, "bold");
      await assert.rejects(
        notion.comments.update({ comment_id: c.id } as any),
        apiError(400, "validation_error", "body failed validation. Fix one:\nbody.rich_text should be defined, instead was `undefined`.\nbody.markdown should be defined, instead was `undefined`."),
      );
    });

    test("delete answers the deleted comment; it is gone afterwards, its replies stay", async () => {
      const page = await newPage();
      const c = await notion.comments.create({ parent: { page_id: page }, rich_text: rt("first") });
      assert.ok(isFullComment(c));
      const reply = await notion.comments.create({ discussion_id: c.discussion_id, rich_text: rt("reply") });
      const res = await q.raw("DELETE", `/v1/comments/${c.id}`);
      assert.equal(res.status, 200);
      assert.deepEqual({ ...res.body, request_id: undefined }, { ...c, request_id: undefined });
      await assert.rejects(notion.comments.retrieve({ comment_id: c.id }), apiError(404, "object_not_found", notFoundMessage("comment", c.id)));
      await assert.rejects(notion.comments.delete({ comment_id: c.id }), apiError(404, "object_not_found", notFoundMessage("comment", c.id)));
      await assert.rejects(notion.comments.update({ comment_id: c.id, rich_text: rt("x") }), apiError(404, "object_not_found"));
      assert.deepEqual((await notion.comments.list({ block_id: page })).results.map((x) => x.id), [reply.id]);
      // The discussion goes on through its remaining comment.
      const more = await notion.comments.create({ discussion_id: c.discussion_id, rich_text: rt("more") });
      assert.ok(isFullComment(more));
      assert.equal(more.discussion_id, c.discussion_id);
    });

    test("only the integration's own comments can be changed; others' are 404", async () => {
      const page = await newPage();
      const other = await q.integration("Second bot", ALL, [page]);
      const second = q.client({ auth: other.token });
      const mine = await notion.comments.create({ parent: { page_id: page }, rich_text: rt("mine") });
      const theirs = await second.comments.create({ discussion_id: (mine as any).discussion_id, rich_text: rt("theirs") });
      assert.ok(isFullComment(theirs));
      assert.equal(theirs.created_by.id, other.bot_id);
      assert.deepEqual(theirs.display_name, { type: "integration", resolved_name: "Second bot" });
      // Both may read every comment on the shared page.
      assert.deepEqual((await second.comments.list({ block_id: page })).results.map((c) => c.id), [mine.id, theirs.id]);
      assert.equal((await notion.comments.retrieve({ comment_id: theirs.id })).id, theirs.id);
      const notTheirs = apiError(404, "object_not_found", notFoundMessage("comment", mine.id, "Second bot"));
      await assert.rejects(second.comments.update({ comment_id: mine.id, rich_text: rt("x") }), notTheirs);
      await assert.rejects(second.comments.delete({ comment_id: mine.id }), notTheirs);
      await assert.rejects(notion.comments.delete({ comment_id: theirs.id }), apiError(404, "object_not_found", notFoundMessage("comment", theirs.id)));
      assert.equal((await notion.comments.retrieve({ comment_id: mine.id }) as any).rich_text[0].plain_text, "mine");
    });
  });

  describe("people's comments and resolved discussions (control API)", () => {
    test("a person's comment is listed, readable, and not the integration's to change", async () => {
      const page = await newPage();
      const ada = (await q.admin("POST", "/_quire/v1/users", { name: "Ada L", email: "ada.l@example.com" })).body;
      const made = await q.admin("POST", "/_quire/v1/comments", { parent: { page_id: page }, author_id: ada.id, rich_text: rt("from a person") });
      assert.equal(made.status, 200);
      assert.deepEqual(made.body.created_by, { object: "user", id: ada.id });
      assert.deepEqual(made.body.display_name, { type: "user", resolved_name: "Ada L" });
      const listed = await notion.comments.list({ block_id: page });
      assert.deepEqual(listed.results.map((c) => c.id), [made.body.id]);
      const notMine = apiError(404, "object_not_found", notFoundMessage("comment", made.body.id));
      await assert.rejects(notion.comments.update({ comment_id: made.body.id, rich_text: rt("x") }), notMine);
      await assert.rejects(notion.comments.delete({ comment_id: made.body.id }), notMine);
      // The integration may reply in the person's discussion.
      const reply = await notion.comments.create({ discussion_id: made.body.discussion_id, rich_text: rt("thanks") });
      assert.ok(isFullComment(reply));
      assert.equal(reply.discussion_id, made.body.discussion_id);
      // A bot is not a person author: the answer says so (it used to read "Could not find user").
      const bad = await q.admin("POST", "/_quire/v1/comments", { parent: { page_id: page }, author_id: botId, rich_text: rt("x") });
      assert.equal(bad.status, 400);
      assert.equal(bad.body.code, "validation_error");
      assert.match(bad.body.message, /^body\.author_id is the bot of the integration "[^"]+", not a person: integrations comment as their bot through POST \/v1\/comments/);
      const nobody = await q.admin("POST", "/_quire/v1/comments", { parent: { page_id: page }, author_id: MISSING_ID, rich_text: rt("x") });
      assert.equal(nobody.status, 404);
    });

    test("resolved discussions leave the list; retrieve still finds their comments; a reply reopens one", async () => {
      const page = await newPage();
      const open = await notion.comments.create({ parent: { page_id: page }, rich_text: rt("open") });
      const done = await notion.comments.create({ parent: { page_id: page }, rich_text: rt("done") });
      assert.ok(isFullComment(done));
      const doneReply = await notion.comments.create({ discussion_id: done.discussion_id, rich_text: rt("done too") });
      const res = await q.admin("PATCH", `/_quire/v1/comments/${doneReply.id}`, { resolved: true });
      assert.deepEqual({ ...res.body, request_id: undefined }, { object: "discussion", id: done.discussion_id, resolved: true, request_id: undefined });
      assert.deepEqual((await notion.comments.list({ block_id: page })).results.map((c) => c.id), [open.id]);
      assert.equal((await notion.comments.retrieve({ comment_id: done.id })).id, done.id);
      const again = await notion.comments.create({ discussion_id: done.discussion_id, rich_text: rt("reopened") });
      assert.deepEqual((await notion.comments.list({ block_id: page })).results.map((c) => c.id), [open.id, done.id, doneReply.id, again.id]);
    });
  });

  describe("capabilities and access", () => {
    test("insert_comments is needed to comment, read_comments to read; without read the answer is partial", async () => {
      const page = await newPage();
      const existing = await notion.comments.create({ parent: { page_id: page }, rich_text: rt("x") });
      const restricted = apiError(403, "restricted_resource", "Insufficient permissions for this endpoint.");

      const readOnly = q.client({ auth: (await q.integration("Reader", ["read_content", "read_comments"], [page])).token });
      await assert.rejects(readOnly.comments.create({ parent: { page_id: page }, rich_text: rt("x") }), restricted);
      await assert.rejects(readOnly.comments.update({ comment_id: existing.id, rich_text: rt("x") }), restricted);
      await assert.rejects(readOnly.comments.delete({ comment_id: existing.id }), restricted);
      assert.equal((await readOnly.comments.list({ block_id: page })).results.length, 1);

      const writeOnly = q.client({ auth: (await q.integration("Writer", ["insert_comments"], [page])).token });
      const made = await writeOnly.comments.create({ parent: { page_id: page }, rich_text: rt("blind") });
      assert.deepEqual({ ...made, request_id: undefined }, { object: "comment", id: made.id, request_id: undefined });
      assert.equal(isFullComment(made), false);
      await assert.rejects(writeOnly.comments.list({ block_id: page }), restricted);
      await assert.rejects(writeOnly.comments.retrieve({ comment_id: made.id }), restricted);
      const updated = await writeOnly.comments.update({ comment_id: made.id, rich_text: rt("seen") });
      assert.deepEqual(Object.keys(updated).sort(), ["id", "object", "request_id"]);
      const deleted = await writeOnly.comments.delete({ comment_id: made.id });
      assert.deepEqual(Object.keys(deleted).sort(), ["id", "object", "request_id"]);

      // Content capabilities do not stand in for comment ones.
      const contentOnly = q.client({ auth: (await q.integration("Content", ["read_content", "insert_content", "update_content"], [page])).token });
      await assert.rejects(contentOnly.comments.create({ parent: { page_id: page }, rich_text: rt("x") }), restricted);
      await assert.rejects(contentOnly.comments.list({ block_id: page }), restricted);
    });

    test("comments on pages that are not shared read as missing", async () => {
      const page = await newPage();
      const child = (await notion.pages.create({ parent: { page_id: page }, properties: { title: { title: rt("Child") } } })).id;
      const onChild = await notion.comments.create({ parent: { page_id: child }, rich_text: rt("deep") });
      const stranger = await q.integration("Stranger", ALL);
      const s = q.client({ auth: stranger.token });
      await assert.rejects(s.comments.list({ block_id: child }), apiError(404, "object_not_found", notFoundMessage("block", child, "Stranger")));
      await assert.rejects(s.comments.retrieve({ comment_id: onChild.id }), apiError(404, "object_not_found", notFoundMessage("comment", onChild.id, "Stranger")));
      // Sharing an ancestor shares its pages' comments.
      await q.admin("POST", `/_quire/v1/integrations/${stranger.id}/shares`, { object_id: page });
      assert.deepEqual((await s.comments.list({ block_id: child })).results.map((c) => c.id), [onChild.id]);
      assert.equal((await s.comments.retrieve({ comment_id: onChild.id })).id, onChild.id);
    });

    test("user mentions follow the reader's user-information capability", async () => {
      const page = await newPage();
      const owner = await q.admin("POST", "/_quire/v1/users", { name: "Ada", email: "ada@example.com" });
      const c = await notion.comments.create({ parent: { page_id: page }, rich_text: [{ mention: { user: { id: owner.body.id } } }] });
      assert.ok(isFullComment(c));
      assert.equal((c.rich_text[0] as any).mention.user.person.email, "ada@example.com");
      const blind = q.client({ auth: (await q.integration("No users", ["read_comments"], [page])).token });
      const seen = (await blind.comments.retrieve({ comment_id: c.id })) as any;
      assert.deepEqual(seen.rich_text[0].mention.user, { object: "user", id: owner.body.id });
      assert.equal(seen.rich_text[0].plain_text, "@Ada");
    });
  });
});
