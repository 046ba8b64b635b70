/**
 * Adversarial access through synced blocks (issue 9). Two integrations in one workspace: A sees
 * "A's area", where a page holds a reference to an original synced block on a page in "B's area",
 * which only B sees (and a reference to an original A does see, as the control). Whatever A asks —
 * the reference's children, its has_children anywhere a block is answered, appending through it,
 * page markdown (read, read by block id, edited), the original's blocks by id, comments on them,
 * search — it never reads nor writes the original's content. B, who sees both areas, shows the
 * content is there; sharing B's area with A afterwards shows it is the share that decides.
 *
 * Notion's behaviour and its sources: src/domain/nodes.ts (contentOwner) and
 * src/domain/markdown/tree.ts (`withheld`).
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import type { Client } from "@notionhq/client";
import { startTestQuire, VERSIONS, type TestQuire } from "./helpers/quire.js";
import { append, childrenOf, newPage, plain, rejects, text } from "./helpers/api.js";

const SECRET = "the secret synced text";
const DEEP = "a deeper secret";
const para = (content: string) => ({ paragraph: { rich_text: text(content) } });
const hex = (id: string) => id.replaceAll("-", "");
/** A block as a word: a paragraph's text, else its type. */
const shown = (b: any) => (b.type === "paragraph" ? plain(b) : b.type);
/** The original's children as B reads them. */
const ORIGINAL = [SECRET, "toggle", "child_page"];

interface World {
  q: TestQuire;
  dev: Client;
  a: Client;
  b: Client;
  aName: string;
  aId: string;
  aToken: string;
  areaB: string;
  /** A's page: a paragraph, the reference to B's original, a reference to A's own original. */
  page: string;
  original: string;
  /** The original's first child (a paragraph), its toggle and the toggle's child. */
  inner: { paragraph: string; toggle: string; deep: string };
  /** A sub-page inside the original (moved there by B's markdown). */
  subPage: string;
  ref: string;
  ownOriginal: string;
  ownRef: string;
}

async function build(): Promise<World> {
  const q = await startTestQuire();
  const dev = q.client();
  const home = await newPage(dev, q.rootPageId, "Adversarial synced");
  const areaA = await newPage(dev, home, "A's area");
  const areaB = await newPage(dev, home, "B's area");
  const source = await newPage(dev, areaB, "B's source page");
  const [original] = await append(dev, source, [{ synced_block: { synced_from: null, children: [para(SECRET), { toggle: { rich_text: text("toggle"), children: [para(DEEP)] } }] } }]);
  const [paragraph, toggle] = await childrenOf(dev, original.id);
  const [deep] = await childrenOf(dev, toggle.id);
  const subPage = await newPage(dev, source, "Hidden sub-page");
  // Into the original, through the source page's markdown (a <page> tag moves its page).
  const lines = ((await dev.pages.retrieveMarkdown({ page_id: source })) as any).markdown.split("\n");
  const tag = lines.find((l: string) => l.startsWith("<page"));
  const rest = lines.filter((l: string) => l !== tag);
  rest.splice(rest.findIndex((l: string) => l.startsWith("</synced_block")), 0, `\t${tag}`);
  await dev.pages.updateMarkdown({ page_id: source, type: "replace_content", replace_content: { new_str: rest.join("\n") } } as any);
  const page = await newPage(dev, areaA, "A's page");
  const [, ownOriginal] = await append(dev, page, [para("before"), { synced_block: { synced_from: null, children: [para("visible synced text")] } }]);
  const [ref, ownRef] = await append(dev, page, [{ synced_block: { synced_from: { block_id: original.id } } }, { synced_block: { synced_from: { block_id: ownOriginal.id } } }]);
  await append(dev, page, [para("after")]);
  const ia = await q.integration("A", undefined, [areaA]);
  const ib = await q.integration("B", undefined, [areaA, areaB]);
  return {
    q,
    dev,
    a: q.client({ auth: ia.token }),
    b: q.client({ auth: ib.token }),
    aName: "A",
    aId: ia.id,
    aToken: ia.token,
    areaB,
    page,
    original: original.id,
    inner: { paragraph: paragraph.id, toggle: toggle.id, deep: deep.id },
    subPage,
    ref: ref.id,
    ownOriginal: ownOriginal.id,
    ownRef: ownRef.id,
  };
}

/** Notion's 404 for a block the integration cannot see. */
const notShared = (id: string, name: string, kind = "block") => ({
  status: 404,
  code: "object_not_found",
  message: `Could not find ${kind} with ID: ${id}. Make sure the relevant pages and databases are shared with your integration "${name}".`,
});

describe("a synced reference whose original A cannot see", () => {
  let w: World;
  before(async () => {
    w = await build();
  });
  after(() => w.q.close());

  test("its children are a 404 for A in every version, has_children is false, and the original's blocks stay 404 by id", async () => {
    for (const version of VERSIONS) {
      const a = w.q.client({ auth: w.aToken, version });
      await rejects(a.blocks.children.list({ block_id: w.ref }), notShared(w.ref, w.aName));
    }
    // B sees the original: the reference lists its children.
    assert.deepEqual((await childrenOf(w.b, w.ref)).map(shown), ORIGINAL);
    // The page's children, the block itself: the reference shows no children to A.
    const listed = await childrenOf(w.a, w.page);
    assert.equal(listed.find((b) => b.id === w.ref).has_children, false);
    assert.equal(listed.find((b) => b.id === w.ownRef).has_children, true);
    assert.equal(((await w.a.blocks.retrieve({ block_id: w.ref })) as any).has_children, false);
    assert.equal(((await w.b.blocks.retrieve({ block_id: w.ref })) as any).has_children, true);
    // The reference still names its original (an id, as a mention of an unseen page keeps it).
    assert.deepEqual(((await w.a.blocks.retrieve({ block_id: w.ref })) as any).synced_block, { synced_from: { type: "block_id", block_id: w.original } });
    // A reference to an original A sees lists it.
    assert.deepEqual((await childrenOf(w.a, w.ownRef)).map(plain), ["visible synced text"]);
    // The original's blocks stay 404 by id: retrieve, children, update, delete, append, comments, markdown.
    for (const id of [w.original, w.inner.paragraph, w.inner.toggle, w.inner.deep, w.subPage]) {
      await rejects(w.a.blocks.retrieve({ block_id: id }), notShared(id, w.aName));
      await rejects(w.a.blocks.children.list({ block_id: id }), notShared(id, w.aName));
      await rejects(w.a.blocks.update({ block_id: id, paragraph: { rich_text: text("x") } } as any), notShared(id, w.aName));
      await rejects(w.a.blocks.delete({ block_id: id }), notShared(id, w.aName));
      await rejects(w.a.blocks.children.append({ block_id: id, children: [para("x")] } as any), notShared(id, w.aName));
      await rejects(w.a.comments.create({ parent: { block_id: id }, rich_text: text("x") } as any), { status: 404, code: "object_not_found" });
      await rejects(w.a.comments.list({ block_id: id }), { status: 404, code: "object_not_found" });
      await rejects(w.a.pages.retrieveMarkdown({ page_id: id }), notShared(id, w.aName, "page"));
    }
    // Search finds nothing of it: neither the text (titles only) nor the sub-page inside it.
    for (const query of ["secret", "Hidden"]) assert.deepEqual(((await w.a.search({ query } as any)) as any).results, [], query);
  });

  test("update and delete answers for the reference say has_children false too", async () => {
    const updated: any = await w.a.blocks.update({ block_id: w.ref, synced_block: { synced_from: { block_id: w.original } } } as any);
    assert.equal(updated.has_children, false);
    const deleted: any = await w.a.blocks.delete({ block_id: w.ref });
    assert.equal(deleted.has_children, false);
    const restored: any = await w.a.blocks.update({ block_id: w.ref, in_trash: false } as any);
    assert.equal(restored.has_children, false);
    assert.equal(((await w.b.blocks.retrieve({ block_id: w.ref })) as any).has_children, true);
  });

  test("appending through the reference is a 404 and writes nothing into the original", async () => {
    await rejects(w.a.blocks.children.append({ block_id: w.ref, children: [para("planted by A")] } as any), notShared(w.ref, w.aName));
    assert.deepEqual((await childrenOf(w.b, w.original)).map(shown), ORIGINAL);
    // A cannot make a reference to it; one B makes on A's page reads has_children false for A.
    await rejects(append(w.a, w.page, [{ synced_block: { synced_from: { block_id: w.original } } }]), notShared(w.original, w.aName));
    const [copy] = await append(w.b, w.page, [{ synced_block: { synced_from: { block_id: w.original } } }]);
    assert.equal(copy.has_children, true, "B's answer");
    assert.equal(((await w.a.blocks.retrieve({ block_id: copy.id })) as any).has_children, false);
    await w.b.blocks.delete({ block_id: copy.id });
  });

  test("page markdown: the reference is <unknown alt=synced_block/>, truncated, and its id reads as a 404", async () => {
    const md: any = await w.a.pages.retrieveMarkdown({ page_id: w.page });
    assert.doesNotMatch(md.markdown, new RegExp(SECRET));
    assert.doesNotMatch(md.markdown, new RegExp(DEEP));
    assert.match(md.markdown, new RegExp(`<unknown url="[^"]*#${hex(w.ref)}" alt="synced_block"/>`));
    assert.match(md.markdown, /visible synced text/);
    assert.equal(md.truncated, true);
    assert.deepEqual(md.unknown_block_ids, [w.ref]);
    await rejects(w.a.pages.retrieveMarkdown({ page_id: w.ref }), notShared(w.ref, w.aName, "page"));
    const own: any = await w.a.pages.retrieveMarkdown({ page_id: w.ownRef });
    assert.match(own.markdown, /visible synced text/);
    // B reads the original's content through the reference.
    const b: any = await w.b.pages.retrieveMarkdown({ page_id: w.page });
    assert.match(b.markdown, new RegExp(`${SECRET}[\\s\\S]*${DEEP}`));
    assert.equal(b.truncated, false);
  });

  test("editing A's page markdown keeps the reference, answers without the original's content, and leaves the original alone", async () => {
    const edited: any = await w.a.pages.updateMarkdown({ page_id: w.page, type: "update_content", update_content: { content_updates: [{ old_str: "after", new_str: "after, edited" }] } } as any);
    assert.match(edited.markdown, /after, edited/);
    assert.doesNotMatch(edited.markdown, new RegExp(SECRET));
    assert.equal(edited.truncated, true);
    const ids = (await childrenOf(w.b, w.page)).map((b) => b.id);
    assert.ok(ids.includes(w.ref), "the reference is kept");
    // Moving the <unknown> tag moves the reference, not the original's content.
    const current: string = edited.markdown;
    const tag = current.split("\n").find((l) => l.startsWith("<unknown"))!;
    const moved = [tag, ...current.split("\n").filter((l) => l !== tag)].join("\n");
    await w.a.pages.updateMarkdown({ page_id: w.page, type: "replace_content", replace_content: { new_str: moved } } as any);
    assert.equal((await childrenOf(w.b, w.page))[0].id, w.ref);
    assert.deepEqual((await childrenOf(w.b, w.original)).map(shown), ORIGINAL);
    assert.deepEqual((await childrenOf(w.b, w.inner.toggle)).map(plain), [DEEP]);
    // A <page> tag naming the sub-page inside the original cannot move it into A's page.
    const url = `${w.q.url}/Hidden-sub-page-${hex(w.subPage)}`;
    await rejects(
      w.a.pages.updateMarkdown({ page_id: w.page, type: "insert_content", insert_content: { content: `<page url="${url}">Hidden sub-page</page>` } } as any),
      { status: 400, code: "validation_error", message: /references a page that is not in this page/ },
    );
    assert.deepEqual((await childrenOf(w.b, w.original)).map(shown), ORIGINAL);
  });

  test("once B's area is shared with A, A reads the original through the reference", async () => {
    await w.q.admin("POST", `/_quire/v1/integrations/${w.aId}/shares`, { object_id: w.areaB });
    try {
      assert.deepEqual((await childrenOf(w.a, w.ref)).map(shown), ORIGINAL);
      assert.equal(((await w.a.blocks.retrieve({ block_id: w.ref })) as any).has_children, true);
      const md: any = await w.a.pages.retrieveMarkdown({ page_id: w.page });
      assert.match(md.markdown, new RegExp(SECRET));
      assert.equal(md.truncated, false);
    } finally {
      await w.q.admin("DELETE", `/_quire/v1/integrations/${w.aId}/shares/${w.areaB}`);
    }
    await rejects(w.a.blocks.children.list({ block_id: w.ref }), notShared(w.ref, w.aName));
  });
});
