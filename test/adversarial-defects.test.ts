/** Issue 9's smaller defects, each pinned by a regression test over HTTP with the real SDK. */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import type { Client } from "@notionhq/client";
import { startTestQuire, type TestQuire } from "./helpers/quire.js";
import { MISSING_ID, append, newPage, rejects, text } from "./helpers/api.js";

let q: TestQuire;
let notion: Client;

before(async () => {
  q = await startTestQuire();
  notion = q.client();
});
after(() => q.close());

const para = (content: string) => ({ paragraph: { rich_text: text(content) } });
const NOT_A_CHILD = `body failed validation: body.position.after_block.id should be the id of a child of the parent block, instead was \`"${MISSING_ID}"\`.`;

describe("after_block naming no child", () => {
  test("is the same 400 on an empty page as on a page with children", async () => {
    const empty = await newPage(notion, q.rootPageId, "Empty");
    const full = await newPage(notion, q.rootPageId, "Full");
    await append(notion, full, [para("one")]);
    for (const pageId of [empty, full])
      await rejects(append(notion, pageId, [para("x")], { position: { type: "after_block", after_block: { id: MISSING_ID } } }), {
        status: 400,
        code: "validation_error",
        message: NOT_A_CHILD,
      });
  });

  test("the flat `after` (before 2026-03-11) is refused on an empty page too", async () => {
    const empty = await newPage(notion, q.rootPageId, "Empty for after");
    const old = q.client({ version: "2022-06-28" });
    await rejects(append(old, empty, [para("x")], { after: MISSING_ID }), { status: 400, code: "validation_error", message: NOT_A_CHILD });
    assert.equal((await notion.blocks.children.list({ block_id: empty })).results.length, 0);
  });

  test("pages.create with position after_block naming no child of an empty parent is a 400", async () => {
    const empty = await newPage(notion, q.rootPageId, "Empty parent");
    await rejects(
      notion.pages.create({ parent: { page_id: empty }, properties: { title: { title: text("Sub") } }, position: { type: "after_block", after_block: { id: MISSING_ID } } } as any),
      { status: 400, code: "validation_error", message: NOT_A_CHILD },
    );
  });
});
