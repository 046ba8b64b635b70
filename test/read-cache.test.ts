/**
 * A SQLite store remembers the token's owner and the node in sight between requests
 * (src/storage/sqlite-read-cache.ts), each forgotten when a write unit writes a table it is read
 * from (src/storage/sqlite-written.ts) — nodes in sight only for the nodes a unit changed
 * (src/storage/sqlite-written-rows.ts): a repeated GET page runs fewer statements there, a GET
 * after any write that changes its answer is fresh at once, and a write that cannot change a
 * remembered row leaves it remembered. On
 * PostgreSQL nothing is remembered (another node's write must be seen at once): the same
 * answers, the same statements every time. Counted through `Server-Timing`, never timed.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { rt, startTestQuire, storeStatements, type TestQuire } from "./helpers/quire.js";
import { onPostgres } from "./helpers/store.js";

let q: TestQuire;
let reader: { id: string; token: string; bot_id: string };
/** A top-level page shared with the reader, and one shared with the dev integration only. */
let shared: string;
let unshared: string;

/** GET /v1/pages/{id} as `auth` (the reader by default): status, body and statements run. */
async function get(id: string, auth = reader.token) {
  const res = await q.raw("GET", `/v1/pages/${id}`, { auth });
  return { status: res.status, body: res.body, count: storeStatements(res.headers.get("server-timing")) };
}

/** The answer without its request id (the one field that differs from one request to the next). */
const bare = (body: any) => ({ ...body, request_id: undefined });

/**
 * GETs `id` twice and returns the second answer; on SQLite the second must have come from what
 * the first left remembered (`steady` statements: by default none but BEGIN and COMMIT, the
 * token's owner and the node in sight both remembered; a database row reads its relations too),
 * so a later check that the answer changed shows that the write in between made the store forget it.
 */
async function remembered(id: string, auth = reader.token, steady = 2) {
  const first = await get(id, auth);
  const second = await get(id, auth);
  assert.equal(second.status, first.status);
  assert.deepEqual(bare(second.body), bare(first.body));
  assert.equal(second.count, onPostgres ? first.count : steady, `statements: ${first.count} then ${second.count}`);
  return second;
}

async function page(parent: string, title: string, client = q.client({ auth: reader.token })): Promise<string> {
  return (await client.pages.create({ parent: { page_id: parent }, properties: { title: { title: rt(title) } } })).id;
}

const titleOf = (body: any) => body.properties.title.title.map((t: any) => t.plain_text).join("");

before(async () => {
  q = await startTestQuire({ responseCache: false });
  reader = await q.integration("Reader");
  const top = async (title: string, share_with: string[]) => (await q.admin("POST", "/_quire/v1/pages", { title: rt(title), share_with })).body.id as string;
  shared = await top("Shared", [reader.id, q.devIntegrationId]);
  unshared = await top("Not the reader's", [q.devIntegrationId]);
});
after(() => q?.close());

describe("a repeated GET page", () => {
  test("runs two statements fewer on SQLite, as many on PostgreSQL, and answers the same", async () => {
    const id = await page(shared, "Repeated");
    const first = await get(id);
    assert.equal(first.status, 200);
    // BEGIN, the node in sight, COMMIT; the token's owner stayed remembered since the page was
    // made with the same token (PostgreSQL: the token too, every time).
    assert.equal(first.count, onPostgres ? 4 : 3);
    const again = await remembered(id);
    assert.equal(again.count, onPostgres ? 4 : 2);
    // The workspace written: token owners (which carry it) are read again, the node in sight is not.
    assert.equal((await q.admin("PATCH", "/_quire/v1/workspace", { name: "Renamed once" })).status, 200);
    assert.equal((await get(id)).count, onPostgres ? 4 : 3);
    // A page made elsewhere in the workspace (a node, not this one nor its parent): both stay
    // remembered — the store forgets the nodes in sight of the rows a unit changed.
    await page(shared, "Elsewhere");
    assert.equal((await get(id)).count, onPostgres ? 4 : 2);
  });

  test("another integration's token and sight are its own", async () => {
    const id = await page(shared, "Only the reader's");
    await remembered(id);
    const outsider = await q.integration("Outsider");
    assert.equal((await get(id, outsider.token)).status, 404);
    assert.equal((await get(id)).status, 200);
  });
});

describe("a GET page after a write that changes its answer is fresh at once", () => {
  test("rename and property update", async () => {
    const id = await page(shared, "Before");
    assert.equal(titleOf((await remembered(id)).body), "Before");
    await q.client({ auth: reader.token }).pages.update({ page_id: id, properties: { title: { title: rt("After") } }, icon: { type: "emoji", emoji: "🧪" } } as any);
    const now = await get(id);
    assert.equal(titleOf(now.body), "After");
    assert.deepEqual(now.body.icon, { type: "emoji", emoji: "🧪" });
  });

  test("trash and restore, of the page and of its parent", async () => {
    const parent = await page(shared, "Parent");
    const id = await page(parent, "Child");
    const notion = q.client({ auth: reader.token });
    assert.equal((await remembered(id)).body.in_trash, false);
    await notion.pages.update({ page_id: id, in_trash: true });
    assert.equal((await get(id)).body.in_trash, true);
    await notion.pages.update({ page_id: id, in_trash: false });
    assert.equal((await remembered(id)).body.in_trash, false);
    // Trashing the parent trashes what is under it (the node in sight's inherited trash).
    await notion.pages.update({ page_id: parent, in_trash: true });
    assert.equal((await get(id)).body.in_trash, true);
    await notion.pages.update({ page_id: parent, in_trash: false });
    assert.equal((await get(id)).body.in_trash, false);
  });

  test("a move under a parent the reader does not see", async () => {
    const id = await page(shared, "Moving");
    await remembered(id);
    await q.client().pages.move({ page_id: id, parent: { page_id: unshared } });
    assert.equal((await get(id)).status, 404);
    await q.client().pages.move({ page_id: id, parent: { page_id: shared } });
    assert.equal((await get(id)).status, 200);
  });

  test("an ancestor unshared and shared again through the control API", async () => {
    const parent = await page(shared, "Ancestor");
    const id = await page(parent, "Below");
    await remembered(id);
    assert.equal((await q.admin("DELETE", `/_quire/v1/integrations/${reader.id}/shares/${shared}`)).status, 200);
    assert.equal((await get(id)).status, 404);
    assert.equal((await q.admin("POST", `/_quire/v1/integrations/${reader.id}/shares`, { object_id: shared })).status, 200);
    assert.equal((await get(id)).status, 200);
  });

  test("a token rotated, capabilities changed, the integration deleted", async () => {
    const own = await q.integration("Changing", undefined, [shared]);
    const id = await page(shared, "Seen by Changing");
    await remembered(id, own.token);
    const rotated = await q.admin("PATCH", `/_quire/v1/integrations/${own.id}`, { rotate_token: true });
    assert.equal(rotated.status, 200);
    assert.equal((await get(id, own.token)).status, 401);
    const token = rotated.body.token as string;
    await remembered(id, token);
    assert.equal((await q.admin("PATCH", `/_quire/v1/integrations/${own.id}`, { capabilities: ["insert_content"] })).status, 200);
    const refused = await get(id, token);
    // Without read_content a read is 403 restricted_resource (developers.notion.com/reference/capabilities).
    assert.equal(refused.status, 403);
    assert.equal(refused.body.code, "restricted_resource");
    assert.equal((await q.admin("PATCH", `/_quire/v1/integrations/${own.id}`, { capabilities: ["read_content"] })).status, 200);
    await remembered(id, token);
    assert.equal((await q.admin("DELETE", `/_quire/v1/integrations/${own.id}`)).status, 200);
    assert.equal((await get(id, token)).status, 401);
  });

  test("a related page changed: relation, rollup and formula of a database row", async () => {
    const notion = q.client({ auth: reader.token });
    const db = (await notion.databases.create({
      parent: { type: "page_id", page_id: shared },
      title: rt("Rows"),
      initial_data_source: { properties: { Name: { title: {} }, N: { number: {} } } },
    } as any)) as any;
    const ds = db.data_sources[0].id as string;
    const patch = async (properties: unknown) => assert.equal((await q.raw("PATCH", `/v1/data_sources/${ds}`, { auth: reader.token, body: JSON.stringify({ properties }) })).status, 200);
    await patch({ Related: { relation: { data_source_id: ds, single_property: {} } } });
    await patch({ Total: { rollup: { relation_property_name: "Related", rollup_property_name: "N", function: "sum" } } });
    await patch({ Twice: { formula: { expression: 'prop("Total") * 2' } } });
    const row = async (properties: unknown) => (await q.raw("POST", "/v1/pages", { auth: reader.token, body: JSON.stringify({ parent: { data_source_id: ds }, properties }) })).body.id as string;
    const other = await row({ Name: { title: rt("Other") }, N: { number: 3 } });
    const id = await row({ Name: { title: rt("Row") }, Related: { relation: [{ id: other }] } });
    const values = (body: any) => [body.properties.Total.rollup.number, body.properties.Twice.formula.number, body.properties.Related.relation.map((r: any) => r.id)];
    assert.deepEqual(values((await remembered(id, reader.token, 9)).body), [3, 6, [other]]);
    await notion.pages.update({ page_id: other, properties: { N: { number: 5 } } } as any);
    assert.deepEqual(values((await remembered(id, reader.token, 9)).body), [5, 10, [other]]);
    // The related page moved out of the reader's sight: the relation no longer names it.
    await q.client().pages.move({ page_id: other, parent: { page_id: unshared } });
    const hidden = (await get(id)).body;
    assert.deepEqual(hidden.properties.Related.relation, []);
  });
});

describe("a write forgets what was read from the tables it wrote, and only that", () => {
  /** GET /v1/users/me as `auth`: status, body and statements run. */
  const me = async (auth: string) => {
    const res = await q.raw("GET", "/v1/users/me", { auth });
    return { status: res.status, body: res.body, count: storeStatements(res.headers.get("server-timing")) };
  };

  test("the bot's user renamed (users, integrations): the token's owner is read again, the node in sight is not", async () => {
    const own = await q.integration("Named", undefined, [shared]);
    const id = await page(shared, "Seen by Named", q.client({ auth: own.token }));
    await remembered(id, own.token);
    assert.equal((await me(own.token)).body.name, "Named");
    assert.equal((await q.admin("PATCH", `/_quire/v1/integrations/${own.id}`, { name: "Renamed" })).status, 200);
    // At once: the bot's name comes from the token's owner.
    assert.equal((await me(own.token)).body.name, "Renamed");
    await remembered(id, own.token);
    assert.equal((await q.admin("PATCH", `/_quire/v1/integrations/${own.id}`, { name: "Renamed again" })).status, 200);
    // BEGIN, the token, COMMIT: the node in sight stayed remembered.
    assert.equal((await get(id, own.token)).count, onPostgres ? 4 : 3);
  });

  test("a share removed or added elsewhere (shares): the node in sight is read again, the token's owner is not", async () => {
    const id = await page(shared, "Share elsewhere");
    await remembered(id);
    const other = (await q.admin("POST", "/_quire/v1/pages", { title: rt("Other top"), share_with: [q.devIntegrationId] })).body.id as string;
    assert.equal((await q.admin("POST", `/_quire/v1/integrations/${reader.id}/shares`, { object_id: other })).status, 200);
    assert.equal((await get(id)).count, onPostgres ? 4 : 3);
    assert.equal((await q.admin("DELETE", `/_quire/v1/integrations/${reader.id}/shares/${other}`)).status, 200);
    assert.equal((await get(id)).count, onPostgres ? 4 : 3);
    assert.equal((await get(id)).count, onPostgres ? 4 : 2);
  });

  test("a workspace deleted: its integration's token answers 401 at once", async () => {
    const ws = (await q.admin("POST", "/_quire/v1/workspaces", { name: "Doomed" })).body;
    const made = await q.admin("POST", `/_quire/v1/workspaces/${ws.id}/integrations`, { name: "Doomed bot" });
    assert.equal(made.status, 200);
    const top = await q.admin("POST", `/_quire/v1/workspaces/${ws.id}/pages`, { title: rt("Doomed page"), share_with: [made.body.id] });
    assert.equal(top.status, 200);
    await remembered(top.body.id, made.body.token);
    assert.equal((await me(made.body.token)).status, 200);
    assert.equal((await q.admin("DELETE", `/_quire/v1/workspaces/${ws.id}`)).status, 200);
    assert.equal((await get(top.body.id, made.body.token)).status, 401);
    assert.equal((await me(made.body.token)).status, 401);
  });

  test("a child made, trashed and restored: the parent's has_children is fresh at once, a sibling stays remembered", async () => {
    const notion = q.client({ auth: reader.token });
    const parent = await page(shared, "Parent of blocks");
    const sibling = await page(shared, "Sibling");
    const block = async (id: string) => {
      const res = await q.raw("GET", `/v1/blocks/${id}`, { auth: reader.token });
      return { body: res.body, count: storeStatements(res.headers.get("server-timing")) };
    };
    assert.equal((await block(parent)).body.has_children, false);
    assert.equal((await block(parent)).count, onPostgres ? 4 : 2);
    await remembered(sibling);
    const child = (await notion.blocks.children.append({ block_id: parent, children: [{ paragraph: { rich_text: rt("Below") } }] as any })).results[0].id;
    assert.equal((await block(parent)).body.has_children, true);
    assert.equal((await get(sibling)).count, onPostgres ? 4 : 2);
    await notion.blocks.delete({ block_id: child });
    assert.equal((await block(parent)).body.has_children, false);
    assert.equal((await get(sibling)).count, onPostgres ? 4 : 2);
    await notion.blocks.update({ block_id: child, in_trash: false } as any);
    assert.equal((await block(parent)).body.has_children, true);
  });

  test("a page under a trashed, restored, moved or unshared ancestor: every level below is fresh at once", async () => {
    const notion = q.client({ auth: reader.token });
    const top = await page(shared, "Top");
    const middle = await page(top, "Middle");
    const deep = await page(middle, "Deep");
    await remembered(deep);
    // An ancestor two levels up that has children: every node in sight is forgotten.
    await notion.pages.update({ page_id: top, in_trash: true });
    assert.equal((await get(deep)).body.in_trash, true);
    await notion.pages.update({ page_id: top, in_trash: false });
    assert.equal((await remembered(deep)).body.in_trash, false);
    await q.client().pages.move({ page_id: middle, parent: { page_id: unshared } });
    assert.equal((await get(deep)).status, 404);
    await q.client().pages.move({ page_id: middle, parent: { page_id: top } });
    assert.equal((await remembered(deep)).status, 200);
    // A write to the ancestor's own columns (a rename) cannot change what is below it.
    await notion.pages.update({ page_id: top, properties: { title: { title: rt("Top, renamed") } } });
    assert.equal((await get(deep)).count, onPostgres ? 4 : 2);
  });

  test("a write to a table neither is read from (a comment) leaves both remembered", async () => {
    const id = await page(shared, "Commented");
    await remembered(id);
    await q.client({ auth: reader.token }).comments.create({ parent: { page_id: id }, rich_text: rt("A note") });
    assert.equal((await get(id)).count, onPostgres ? 4 : 2);
  });
});
