/**
 * Appending blocks costs a number of store statements that does not grow with the number of new
 * blocks the answer presents (issue 11: the answer read each new block back with its own
 * statement — on PostgreSQL 100 round trips of the 114 an append of 100 paragraphs sent, most of
 * its cost at a million blocks). Counted through the `Server-Timing` header test servers send
 * (src/http/server-timing.ts), not timed: 100 paragraphs (100 blocks presented) against one toggle
 * holding 99 paragraphs (the same 100 nodes written, one presented).
 */
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startTestQuire, storeStatements, rt, type TestQuire } from "./helpers/quire.js";

let q: TestQuire;
let token: string;
let doc: string;

before(async () => {
  q = await startTestQuire();
  const integration = await q.integration("Writer");
  token = integration.token;
  doc = (await q.admin("POST", "/_quire/v1/pages", { title: rt("Doc"), share_with: [integration.id] })).body.id;
});
after(() => q?.close());

const para = (text: string) => ({ object: "block", type: "paragraph", paragraph: { rich_text: rt(text) } });

async function append(children: unknown[], extra: Record<string, unknown> = {}): Promise<{ count: number; results: any[] }> {
  const res = await q.raw("PATCH", `/v1/blocks/${doc}/children`, { body: JSON.stringify({ children, ...extra }), auth: token });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return { count: storeStatements(res.headers.get("server-timing")), results: res.body.results };
}

test("an append of 100 blocks costs the statements of an append presenting one", async () => {
  // Warm-up: the first write of a unit may prepare or read what later ones do not.
  await append([para("warm-up")]);
  const nested = await append([{ object: "block", type: "toggle", toggle: { rich_text: rt("Toggle"), children: Array.from({ length: 99 }, (_, i) => para(`inner ${i}`)) } }]);
  const flat = await append(Array.from({ length: 100 }, (_, i) => para(`line ${i}`)));
  assert.equal(nested.results.length, 1);
  assert.equal(nested.results[0].has_children, true);
  assert.equal(flat.results.length, 100);
  assert.deepEqual(flat.results.map((b) => b.paragraph.rich_text[0].plain_text), Array.from({ length: 100 }, (_, i) => `line ${i}`));
  assert.ok(flat.results.every((b) => b.has_children === false && b.parent.page_id === doc));
  assert.equal(flat.count, nested.count, `100 blocks presented: ${flat.count} statements; one: ${nested.count}`);
});

test("an append placed after a block presents the new blocks and the later siblings as stored", async () => {
  const before = await q.client({ auth: token }).blocks.children.list({ block_id: doc, page_size: 3 });
  const anchor = before.results[0].id;
  const second = before.results[1].id;
  const placed = await append([para("placed A"), para("placed B")], { position: { type: "after_block", after_block: { id: anchor } } });
  assert.deepEqual(placed.results.slice(0, 3).map((b) => b.type === "paragraph" ? b.paragraph.rich_text[0]?.plain_text : b.id), ["placed A", "placed B", second]);
  // The toggle appended by the first test holds its 99 paragraphs.
  assert.ok(placed.results.some((b) => b.type === "toggle" && b.has_children === true));
});
