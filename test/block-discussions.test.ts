/**
 * A page's open discussion and comment counts per block in one read
 * (`GET /_quire/v1/workspaces/{ws}/pages/{page_id}/discussions`, docs/design/block-discussions.md):
 * what it counts (any depth, not past a sub-page, resolved threads and trashed blocks left out),
 * the access rules of `GET /v1/comments` for integrations and people, and a statement count that
 * does not grow with the page (Server-Timing, never timed).
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import type { Client } from "@notionhq/client";
import { startTestQuire, storeStatements, rt, type TestQuire } from "./helpers/quire.js";

let q: TestQuire;
let dev: Client;
let ws: string;
const path = (page: string, workspace = ws) => `/_quire/v1/workspaces/${workspace}/pages/${page}/discussions`;

before(async () => {
  q = await startTestQuire();
  dev = q.client();
  ws = (await q.admin("GET", "/_quire/v1/workspace")).body.id;
});
after(() => q?.close());

const para = (text: string) => ({ paragraph: { rich_text: rt(text) } });
const newPage = async (title: string) => (await dev.pages.create({ parent: { page_id: q.rootPageId }, properties: { title: { title: rt(title) } } })).id;
const append = async (parent: string, children: unknown[]) => ((await dev.blocks.children.append({ block_id: parent, children } as any)) as any).results.map((b: any) => b.id) as string[];
const commentOn = async (block: string, text = "hi") => (await dev.comments.create({ parent: { block_id: block }, rich_text: rt(text) } as any)).id;
const reply = async (discussion: string) => dev.comments.create({ discussion_id: discussion, rich_text: rt("reply") } as any);

async function counts(page: string, auth?: string) {
  const res = await q.raw("GET", path(page), { auth });
  return { status: res.status, body: res.body, statements: res.status === 200 ? storeStatements(res.headers.get("server-timing")) : -1 };
}

test("counts a page body's open discussions and comments per block, at any depth, not past a sub-page", async () => {
  const page = await newPage("Counted");
  const [a, toggle, quiet, gone] = await append(page, [para("A"), { toggle: { rich_text: rt("T") } }, para("quiet"), para("gone")]);
  const [nested] = await append(toggle, [para("nested")]);
  const sub = (await dev.pages.create({ parent: { page_id: page }, properties: { title: { title: rt("Sub") } } })).id;
  const [inSub] = await append(sub, [para("in sub")]);
  const first = (await dev.comments.create({ parent: { block_id: a }, rich_text: rt("one") } as any)) as any;
  await reply(first.discussion_id);
  await commentOn(a, "two");
  await commentOn(nested);
  const resolvedOn = await dev.comments.create({ parent: { block_id: nested }, rich_text: rt("done") } as any);
  assert.equal((await q.admin("PATCH", `/_quire/v1/comments/${resolvedOn.id}`, { resolved: true })).status, 200);
  await commentOn(gone);
  await dev.blocks.delete({ block_id: gone });
  await commentOn(inSub);
  await dev.comments.create({ parent: { page_id: sub }, rich_text: rt("on the sub-page") });
  await dev.comments.create({ parent: { page_id: page }, rich_text: rt("on the page") });

  const res = await counts(page);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  const want = [
    { object: "block_discussion_count", block_id: a, discussions: 2, comments: 3 },
    { object: "block_discussion_count", block_id: nested, discussions: 1, comments: 1 },
  ].sort((x, y) => (x.block_id < y.block_id ? -1 : 1));
  assert.deepEqual(res.body.results, want);
  assert.deepEqual([res.body.object, res.body.type, res.body.page_id, res.body.has_more, res.body.next_cursor], ["list", "block_discussion_count", page, false, null]);
  assert.equal(typeof res.body.request_id, "string");
  assert.ok(!res.body.results.some((r: any) => r.block_id === quiet || r.block_id === toggle));
  // The sub-page's own body is counted when it is asked for.
  assert.deepEqual((await counts(sub)).body.results.map((r: any) => [r.block_id, r.comments]), [[inSub, 1]]);
  // A page without block comments: an empty list, not an error.
  assert.deepEqual((await counts(await newPage("Empty"))).body.results, []);
});

test("the statements do not grow with the number of commented blocks", async () => {
  const small = await newPage("Small");
  const [one] = await append(small, [para("one")]);
  await commentOn(one);
  const big = await newPage("Big");
  const blocks = await append(big, Array.from({ length: 40 }, (_, i) => para(`line ${i}`)));
  for (const b of blocks) await commentOn(b);
  // Each read once first: a first read may prepare or cache what later ones do not.
  await counts(small);
  await counts(big);
  const few = await counts(small);
  const many = await counts(big);
  assert.equal(few.body.results.length, 1);
  assert.equal(many.body.results.length, 40);
  assert.ok(many.body.results.every((r: any) => r.comments === 1 && r.discussions === 1));
  assert.equal(many.statements, few.statements, `40 commented blocks: ${many.statements} statements; one: ${few.statements}`);
});

test("the access rules of GET /v1/comments: read_comments, the page shared, the caller's workspace", async () => {
  const page = await newPage("Guarded");
  const [a] = await append(page, [para("A")]);
  await commentOn(a);
  const noComments = await q.integration("No comments", ["read_content"], [page]);
  const res403 = await counts(page, noComments.token);
  assert.equal(res403.status, 403);
  assert.equal(res403.body.code, "restricted_resource");
  // The comments API answers the same integration the same way.
  assert.equal((await q.raw("GET", `/v1/comments?block_id=${a}`, { auth: noComments.token })).body.code, "restricted_resource");

  const unshared = await q.integration("Unshared", ["read_content", "read_comments"]);
  const res404 = await counts(page, unshared.token);
  assert.equal(res404.status, 404);
  assert.equal(res404.body.code, "object_not_found");
  assert.equal((await q.raw("GET", `/v1/comments?block_id=${page}`, { auth: unshared.token })).status, 404);
  const shared = await q.integration("Shared", ["read_content", "read_comments"], [page]);
  assert.deepEqual((await counts(page, shared.token)).body.results.map((r: any) => r.block_id), [a]);

  // A block is not a page; an unknown page and another workspace are not there.
  assert.equal((await counts(a)).body.code, "object_not_found");
  assert.equal((await counts(randomUUID())).status, 404);
  const other = await q.raw("GET", path(page, randomUUID()));
  assert.deepEqual([other.status, other.body.code, other.body.object], [404, "object_not_found", "error"]);
  const bad = await q.raw("GET", path("nope"));
  assert.deepEqual([bad.status, bad.body.code], [400, "validation_error"]);
  // The admin key is no one whose access could be checked.
  assert.equal((await q.raw("GET", path(page), { auth: q.adminKey })).status, 401);
});

test("a person's token: their page permissions decide, as on /v1/comments", async () => {
  const person = async (name: string) => {
    const res = await q.admin("POST", "/_quire/v1/users", { name, email: `${name.toLowerCase()}-${randomUUID()}@example.test`, role: "member" });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body.id as string;
  };
  const owner = await person("Olga");
  const made = await q.admin("POST", "/_quire/v1/pages", { title: "Olga's", section: "private", created_by: owner, share_with: [q.devIntegrationId] });
  assert.equal(made.status, 200, JSON.stringify(made.body));
  const page = made.body.id as string;
  const [a] = await append(page, [para("A")]);
  await commentOn(a);
  const greta = await person("Greta");
  const token = (await q.admin("POST", `/_quire/v1/users/${greta}/tokens`, { name: "t" })).body.token as string;
  assert.equal((await q.raw("GET", `/v1/comments?block_id=${a}`, { auth: token })).status, 404, "the comments API hides the private page");
  assert.equal((await counts(page, token)).status, 404, "so do the counts");
  const granted = await q.admin("PUT", `/_quire/v1/pages/${page}/permissions`, { principal: { type: "user", id: greta }, level: "can_view" });
  assert.equal(granted.status, 200, JSON.stringify(granted.body));
  const res = await counts(page, token);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.deepEqual(res.body.results.map((r: any) => [r.block_id, r.comments]), [[a, 1]]);
});
