/**
 * GET page, block, database and data source answers kept by the HTTP layer while the store's write
 * generation stands (src/http/response-cache.ts): on SQLite a repeated GET runs no store statement
 * and sends the same bytes with its own request id; after any write that changes the answer the
 * next GET is fresh at once; versions, betas, query strings and integrations never share an
 * answer; answers that change without a write (a `now()` formula, a signed file URL) are never
 * kept. On PostgreSQL nothing is kept (another node may write): the same answers, computed every
 * time. Statements counted through `Server-Timing`, never timed.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { rt, startTestQuire, storeStatements, type TestQuire } from "./helpers/quire.js";
import { onPostgres } from "./helpers/store.js";
import { FrozenClock } from "../src/domain/clock.js";

const NOW = Date.parse("2026-11-20T10:15:30.000Z");
const clock = new FrozenClock(NOW);
let q: TestQuire;
let reader: { id: string; token: string; bot_id: string };
/** A top-level page shared with the reader and the dev integration, and one shared with the dev integration only. */
let shared: string;
let unshared: string;

interface Answer {
  status: number;
  text: string;
  body: any;
  count: number;
  headers: Headers;
}

/** GET `path` as `auth` (the reader by default) with raw bytes, the statements it ran and its headers. */
async function get(path: string, opts: { auth?: string; version?: string; beta?: string } = {}): Promise<Answer> {
  const headers: Record<string, string> = { authorization: `Bearer ${opts.auth ?? reader.token}`, "notion-version": opts.version ?? "2025-09-03" };
  if (opts.beta) headers["notion-beta"] = opts.beta;
  const res = await fetch(q.url + path, { headers });
  const text = await res.text();
  return { status: res.status, text, body: JSON.parse(text), count: storeStatements(res.headers.get("server-timing")), headers: res.headers };
}

const pagePath = (id: string) => `/v1/pages/${id}`;

/** Any write: every kept answer is dropped (the workspace's settings, changed to nothing). */
async function anyWrite() {
  assert.equal((await q.admin("PATCH", "/_quire/v1/workspace", {})).status, 200);
}

/**
 * GETs `path` twice after a write and returns the second answer, which on SQLite must come from
 * the kept body (no statement) and on PostgreSQL from the store as the first did; either way the
 * same bytes but for the request id. A later check that the answer changed shows the write in
 * between dropped it.
 */
async function kept(path: string, opts: { auth?: string; version?: string; beta?: string } = {}): Promise<Answer> {
  await anyWrite();
  const first = await get(path, opts);
  const second = await get(path, opts);
  assert.equal(second.status, first.status);
  assert.ok(first.count > 0, "the first GET after a write reads the store");
  assert.equal(second.count, onPostgres ? first.count : 0, `statements: ${first.count} then ${second.count}`);
  assert.equal(second.text, first.text.replace(first.body.request_id, second.body.request_id));
  return second;
}

async function page(parent: string, title: string, auth = reader.token): Promise<string> {
  return (await q.client({ auth }).pages.create({ parent: { page_id: parent }, properties: { title: { title: rt(title) } } })).id;
}

const titleOf = (body: any) => body.properties.title.title.map((t: any) => t.plain_text).join("");

before(async () => {
  q = await startTestQuire({ clock });
  reader = await q.integration("Reader");
  const top = async (title: string, share_with: string[]) => (await q.admin("POST", "/_quire/v1/pages", { title: rt(title), share_with })).body.id as string;
  shared = await top("Shared", [reader.id, q.devIntegrationId]);
  unshared = await top("Not the reader's", [q.devIntegrationId]);
});
after(() => q?.close());

describe("a repeated GET", () => {
  test("page: no statement on SQLite, the same bytes and headers, its own request id", async () => {
    const id = await page(shared, "Repeated");
    await anyWrite();
    const first = await get(pagePath(id));
    // BEGIN, the token, the node in sight, COMMIT.
    assert.equal(first.count, 4);
    const second = await kept(pagePath(id));
    assert.notEqual(second.body.request_id, first.body.request_id);
    assert.equal(second.headers.get("x-notion-request-id"), second.body.request_id);
    for (const h of ["content-type", "content-length", "access-control-allow-origin", "access-control-expose-headers"]) assert.equal(second.headers.get(h), first.headers.get(h), h);
    assert.equal(second.text, first.text.replace(first.body.request_id, second.body.request_id));
  });

  test("block, database and data source too", async () => {
    const db: any = await q.client({ auth: reader.token }).databases.create({ parent: { type: "page_id", page_id: shared }, title: rt("Kept"), initial_data_source: { properties: { Name: { title: {} } } } } as any);
    await kept(`/v1/databases/${db.id}`);
    await kept(`/v1/data_sources/${db.data_sources[0].id}`);
    const block: any = await q.client({ auth: reader.token }).blocks.children.append({ block_id: shared, children: [{ paragraph: { rich_text: rt("A block") } }] } as any);
    await kept(`/v1/blocks/${block.results[0].id}`);
  });

  test("versions, betas, query strings and integrations never share an answer", async () => {
    const db: any = await q.client({ auth: reader.token }).databases.create({ parent: { type: "page_id", page_id: shared }, title: rt("Versions"), initial_data_source: { properties: { Name: { title: {} }, N: { number: {} } } } } as any);
    const row = (await q.client({ auth: reader.token }).pages.create({ parent: { data_source_id: db.data_sources[0].id }, properties: { Name: { title: rt("Row") }, N: { number: 1 } } } as any)).id;
    // 2022-06-28 names the database as a row's parent, later versions the data source.
    assert.equal((await kept(pagePath(row), { version: "2022-06-28" })).body.parent.type, "database_id");
    const later = await get(pagePath(row));
    assert.ok(later.count > 0);
    assert.equal(later.body.parent.type, "data_source_id");
    assert.equal((await get(pagePath(row), { version: "2022-06-28" })).body.parent.type, "database_id");
    const beta = await get(pagePath(row), { beta: "status-group-filters-2026-10-06" });
    assert.equal(beta.status, 200);
    assert.ok(beta.count > 0, "another Notion-Beta is another answer");
    const only = await get(`${pagePath(row)}?filter_properties=title`);
    assert.ok(only.count > 0);
    assert.deepEqual(Object.keys(only.body.properties), ["Name"]);
    const outsider = await q.integration("Outsider");
    const refused = await get(pagePath(row), { auth: outsider.token });
    assert.equal(refused.status, 404);
    assert.equal(refused.body.code, "object_not_found");
    assert.equal((await get(pagePath(row), { auth: "secret_not_a_token" })).status, 401);
  });
});

describe("the GET after a write that changes its answer is fresh at once", () => {
  test("rename and property update", async () => {
    const id = await page(shared, "Before");
    assert.equal(titleOf((await kept(pagePath(id))).body), "Before");
    await q.client({ auth: reader.token }).pages.update({ page_id: id, properties: { title: { title: rt("After") } }, icon: { type: "emoji", emoji: "🧪" } } as any);
    const now = await get(pagePath(id));
    assert.equal(titleOf(now.body), "After");
    assert.deepEqual(now.body.icon, { type: "emoji", emoji: "🧪" });
  });

  test("a write by another integration", async () => {
    const id = await page(shared, "Mine");
    await kept(pagePath(id));
    await q.client().pages.update({ page_id: id, properties: { title: { title: rt("Theirs") } } });
    assert.equal(titleOf((await get(pagePath(id))).body), "Theirs");
  });

  test("trash and restore, of the page and of its parent", async () => {
    const parent = await page(shared, "Parent");
    const id = await page(parent, "Child");
    const notion = q.client({ auth: reader.token });
    assert.equal((await kept(pagePath(id))).body.in_trash, false);
    await notion.pages.update({ page_id: id, in_trash: true });
    assert.equal((await get(pagePath(id))).body.in_trash, true);
    await notion.pages.update({ page_id: id, in_trash: false });
    assert.equal((await kept(pagePath(id))).body.in_trash, false);
    await notion.pages.update({ page_id: parent, in_trash: true });
    assert.equal((await get(pagePath(id))).body.in_trash, true);
    await notion.pages.update({ page_id: parent, in_trash: false });
    assert.equal((await get(pagePath(id))).body.in_trash, false);
  });

  test("a move under a parent the reader does not see", async () => {
    const id = await page(shared, "Moving");
    await kept(pagePath(id));
    await q.client().pages.move({ page_id: id, parent: { page_id: unshared } });
    assert.equal((await get(pagePath(id))).status, 404);
    await q.client().pages.move({ page_id: id, parent: { page_id: shared } });
    assert.equal((await get(pagePath(id))).status, 200);
  });

  test("an ancestor unshared and shared again through the control API", async () => {
    const parent = await page(shared, "Ancestor");
    const id = await page(parent, "Below");
    await kept(pagePath(id));
    assert.equal((await q.admin("DELETE", `/_quire/v1/integrations/${reader.id}/shares/${shared}`)).status, 200);
    assert.equal((await get(pagePath(id))).status, 404);
    assert.equal((await q.admin("POST", `/_quire/v1/integrations/${reader.id}/shares`, { object_id: shared })).status, 200);
    assert.equal((await get(pagePath(id))).status, 200);
  });

  test("a token rotated or revoked, capabilities changed, the integration deleted", async () => {
    const own = await q.integration("Changing", undefined, [shared]);
    const id = await page(shared, "Seen by Changing");
    await kept(pagePath(id), { auth: own.token });
    const rotated = await q.admin("PATCH", `/_quire/v1/integrations/${own.id}`, { rotate_token: true });
    assert.equal(rotated.status, 200);
    const revoked = await get(pagePath(id), { auth: own.token });
    assert.equal(revoked.status, 401);
    assert.equal(revoked.body.code, "unauthorized");
    const token = rotated.body.token as string;
    await kept(pagePath(id), { auth: token });
    assert.equal((await q.admin("PATCH", `/_quire/v1/integrations/${own.id}`, { capabilities: ["insert_content"] })).status, 200);
    const refused = await get(pagePath(id), { auth: token });
    // Without read_content a read is 403 restricted_resource (developers.notion.com/reference/capabilities).
    assert.equal(refused.status, 403);
    assert.equal(refused.body.code, "restricted_resource");
    assert.equal((await q.admin("PATCH", `/_quire/v1/integrations/${own.id}`, { capabilities: ["read_content"] })).status, 200);
    await kept(pagePath(id), { auth: token });
    assert.equal((await q.admin("DELETE", `/_quire/v1/integrations/${own.id}`)).status, 200);
    assert.equal((await get(pagePath(id), { auth: token })).status, 401);
  });

  test("a related page changed: relation, rollup and formula of a database row", async () => {
    const notion = q.client({ auth: reader.token });
    const db = (await notion.databases.create({ parent: { type: "page_id", page_id: shared }, title: rt("Rows"), initial_data_source: { properties: { Name: { title: {} }, N: { number: {} } } } } as any)) as any;
    const ds = db.data_sources[0].id as string;
    const patch = async (properties: unknown) => assert.equal((await q.raw("PATCH", `/v1/data_sources/${ds}`, { auth: reader.token, body: JSON.stringify({ properties }) })).status, 200);
    await patch({ Related: { relation: { data_source_id: ds, single_property: {} } } });
    await patch({ Total: { rollup: { relation_property_name: "Related", rollup_property_name: "N", function: "sum" } } });
    await patch({ Twice: { formula: { expression: 'prop("Total") * 2' } } });
    const row = async (properties: unknown) => (await q.raw("POST", "/v1/pages", { auth: reader.token, body: JSON.stringify({ parent: { data_source_id: ds }, properties }) })).body.id as string;
    const other = await row({ Name: { title: rt("Other") }, N: { number: 3 } });
    const id = await row({ Name: { title: rt("Row") }, Related: { relation: [{ id: other }] } });
    const values = (body: any) => [body.properties.Total.rollup.number, body.properties.Twice.formula.number, body.properties.Related.relation.map((r: any) => r.id)];
    assert.deepEqual(values((await kept(pagePath(id))).body), [3, 6, [other]]);
    await notion.pages.update({ page_id: other, properties: { N: { number: 5 } } } as any);
    assert.deepEqual(values((await kept(pagePath(id))).body), [5, 10, [other]]);
    await q.client().pages.move({ page_id: other, parent: { page_id: unshared } });
    assert.deepEqual((await get(pagePath(id))).body.properties.Related.relation, []);
  });

  test("a template applied by background work after the answer", async () => {
    const held: (() => void)[] = [];
    const own = await startTestQuire({ schedule: (work) => held.push(work) });
    try {
      const notion = own.client({ version: "2025-09-03" });
      const template = (await notion.pages.create({ parent: { page_id: own.rootPageId }, properties: { title: { title: rt("From the template") } } } as any)).id;
      const created: any = await notion.pages.create({ parent: { page_id: own.rootPageId }, template: { type: "template_id", template_id: template } } as any);
      const path = pagePath(created.id);
      const getOwn = async () => {
        const res = await own.raw("GET", path, { version: "2025-09-03" });
        return { title: titleOf(res.body), count: storeStatements(res.headers.get("server-timing")) };
      };
      assert.equal((await getOwn()).title, "");
      const again = await getOwn();
      assert.equal(again.title, "");
      if (!onPostgres) assert.equal(again.count, 0, "kept until the background work writes");
      for (const work of held.splice(0)) work();
      const until = Date.now() + 2000;
      let now = await getOwn();
      while (now.title === "" && Date.now() < until) {
        await new Promise((r) => setTimeout(r, 20));
        now = await getOwn();
      }
      assert.equal(now.title, "From the template");
    } finally {
      await own.close();
    }
  });
});

describe("answers that change without a write are never kept", () => {
  test("a formula reading now(): evaluated on every GET", async () => {
    const notion = q.client({ auth: reader.token });
    const db: any = await notion.databases.create({ parent: { type: "page_id", page_id: shared }, title: rt("Clock"), initial_data_source: { properties: { Name: { title: {} }, When: { formula: { expression: "now()" } }, Plain: { formula: { expression: '"fixed"' } } } } } as any);
    const id = (await notion.pages.create({ parent: { data_source_id: db.data_sources[0].id }, properties: { Name: { title: rt("Now") } } } as any)).id;
    await anyWrite();
    const first = await get(pagePath(id));
    const second = await get(pagePath(id));
    assert.ok(second.count > 0, `not kept: ${second.count} statements`);
    assert.equal(first.body.properties.When.formula.date.start, second.body.properties.When.formula.date.start);
    clock.advance(5 * 60_000);
    const later = await get(pagePath(id));
    assert.notEqual(later.body.properties.When.formula.date.start, first.body.properties.When.formula.date.start, "a new now without any write");
    // A formula that does not read the clock leaves its page's answer kept.
    const other = (await q.client({ auth: reader.token }).databases.create({ parent: { type: "page_id", page_id: shared }, title: rt("No clock"), initial_data_source: { properties: { Name: { title: {} }, Plain: { formula: { expression: '"fixed"' } } } } } as any)) as any;
    const plain = (await notion.pages.create({ parent: { data_source_id: other.data_sources[0].id }, properties: { Name: { title: rt("Plain") } } } as any)).id;
    assert.equal((await kept(pagePath(plain))).body.properties.Plain.formula.string, "fixed");
  });

  test("a signed file URL: a new expiry on every GET", async () => {
    const notion = q.client({ auth: reader.token });
    const upload = await notion.fileUploads.create({ filename: "icon.png", content_type: "image/png" });
    await notion.fileUploads.send({ file_upload_id: upload.id, file: { filename: "icon.png", data: new Blob([new Uint8Array([137, 80, 78, 71])], { type: "image/png" }) } });
    const id = (await notion.pages.create({ parent: { page_id: shared }, properties: { title: { title: rt("With an icon") } }, icon: { type: "file_upload", file_upload: { id: upload.id } } } as any)).id;
    await anyWrite();
    const first = await get(pagePath(id));
    assert.equal(first.body.icon.type, "file");
    const second = await get(pagePath(id));
    assert.ok(second.count > 0, `not kept: ${second.count} statements`);
    clock.advance(10 * 60_000);
    const later = await get(pagePath(id));
    assert.notEqual(later.body.icon.file.expiry_time, first.body.icon.file.expiry_time);
    assert.notEqual(later.body.icon.file.url, first.body.icon.file.url);
    // The block of the page's content holding a file is signed too: never kept.
    const appended: any = await notion.blocks.children.append({ block_id: id, children: [{ type: "image", image: { type: "file_upload", file_upload: { id: upload.id } } }] } as any);
    await anyWrite();
    await get(`/v1/blocks/${appended.results[0].id}`);
    assert.ok((await get(`/v1/blocks/${appended.results[0].id}`)).count > 0);
  });
});

describe("without the response cache", () => {
  test("responseCache: false keeps nothing (what the store remembers still answers on SQLite)", async () => {
    const plainServer = await startTestQuire({ responseCache: false });
    try {
      const id = (await plainServer.client().pages.create({ parent: { page_id: plainServer.rootPageId }, properties: { title: { title: rt("Not kept") } } })).id;
      const count = async () => storeStatements((await plainServer.raw("GET", pagePath(id))).headers.get("server-timing"));
      await count();
      assert.equal(await count(), onPostgres ? 4 : 2);
    } finally {
      await plainServer.close();
    }
  });
});
