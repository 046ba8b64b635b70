import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { APIResponseError, type Client } from "@notionhq/client";
import { startTestQuire, rt, type TestQuire } from "./helpers/quire.js";

const ARCHIVED = "Can't edit block that is archived. You must unarchive the block before editing.";

describe("trash reaches everything below", () => {
  let q: TestQuire;
  let notion: Client;
  before(async () => {
    q = await startTestQuire();
    notion = q.client();
  });
  after(async () => q.close());

  async function tree() {
    const parent = await notion.pages.create({ parent: { page_id: q.rootPageId }, properties: { title: { title: rt("Parent") } } });
    const child = await notion.pages.create({ parent: { page_id: parent.id }, properties: { title: { title: rt("Child") } } });
    const appended = await notion.blocks.children.append({ block_id: child.id, children: [{ paragraph: { rich_text: rt("deep") } }] });
    return { parent: parent.id, child: child.id, block: appended.results[0].id };
  }

  test("a sub-page and its blocks read as trashed while their ancestor is, and come back with it", async () => {
    const t = await tree();
    await notion.pages.update({ page_id: t.parent, in_trash: true });
    const child: any = await notion.pages.retrieve({ page_id: t.child });
    assert.equal(child.in_trash, true);
    assert.equal(child.archived, true);
    const block: any = await notion.blocks.retrieve({ block_id: t.block });
    assert.equal(block.in_trash, true);
    const listed = await notion.blocks.children.list({ block_id: t.child });
    assert.deepEqual(listed.results.map((b: any) => b.in_trash), [true]);
    await notion.pages.update({ page_id: t.parent, in_trash: false });
    assert.equal(((await notion.pages.retrieve({ page_id: t.child })) as any).in_trash, false);
    assert.equal(((await notion.blocks.retrieve({ block_id: t.block })) as any).in_trash, false);
  });

  test("nothing below a trashed page can be edited, appended to or deleted", async () => {
    const t = await tree();
    await notion.blocks.delete({ block_id: t.parent });
    const archived = (e: APIResponseError) => e.code === "validation_error" && e.message === ARCHIVED;
    await assert.rejects(notion.pages.update({ page_id: t.child, properties: { title: { title: rt("x") } } }), archived);
    await assert.rejects(notion.blocks.update({ block_id: t.block, paragraph: { rich_text: rt("x") } } as any), archived);
    await assert.rejects(notion.blocks.children.append({ block_id: t.child, children: [{ paragraph: { rich_text: rt("x") } }] }), archived);
    await assert.rejects(notion.blocks.delete({ block_id: t.block }), archived);
    await assert.rejects(notion.pages.create({ parent: { page_id: t.child }, properties: { title: { title: rt("x") } } }), archived);
  });

  test("the 2026-03-11 shape carries in_trash only", async () => {
    const t = await tree();
    await notion.pages.update({ page_id: t.parent, in_trash: true });
    const child: any = await q.client({ version: "2026-03-11" }).pages.retrieve({ page_id: t.child });
    assert.equal(child.in_trash, true);
    assert.equal("archived" in child, false);
  });
});
