/**
 * A page of search results costs a number of store statements that does not grow with the number
 * of results (issue 11: on PostgreSQL each statement is a round trip, and presenting each result
 * with its own reads made searching for all pages of a 190,000-block workspace take 880 ms).
 * Counted through the `Server-Timing` header test servers send (src/http/server-timing.ts), not timed.
 */
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startTestQuire, storeStatements, rt, type TestQuire } from "./helpers/quire.js";

let q: TestQuire;
/** The integration that sees the whole space, and one that sees only its `part` page. */
let whole: { id: string; token: string };
let part: { id: string; token: string };
let partTop: string;
/** Titles of what `part` sees (pages and data sources). */
const partTitles = new Set<string>();

before(async () => {
  q = await startTestQuire();
  whole = await q.integration("Whole");
  part = await q.integration("Part");
  const top = (await q.admin("POST", "/_quire/v1/pages", { title: rt("Space"), share_with: [whole.id] })).body.id;
  const notion = q.client({ auth: whole.token });
  partTop = (await notion.pages.create({ parent: { page_id: top }, properties: { title: { title: rt("Needle part") } } } as any)).id;
  partTitles.add("Needle part");
  await q.admin("POST", `/_quire/v1/integrations/${part.id}/shares`, { object_id: partTop });
  // 40 pages, half of them under the part; 12 databases (each with a row), a third under the part.
  for (let i = 0; i < 40; i++) {
    const inPart = i % 2 === 0;
    await notion.pages.create({ parent: { page_id: inPart ? partTop : top }, properties: { title: { title: rt(`Needle page ${i}`) } } } as any);
    if (inPart) partTitles.add(`Needle page ${i}`);
  }
  for (let i = 0; i < 12; i++) {
    const inPart = i % 3 === 0;
    const db = (await notion.databases.create({
      parent: { type: "page_id", page_id: inPart ? partTop : top },
      title: rt(`Needle db ${i}`),
      initial_data_source: { properties: { Name: { title: {} }, Who: { people: {} }, By: { created_by: {} }, Edited: { last_edited_by: {} } } },
    } as any)) as any;
    // Each row names a person of its own, so that people values do not repeat from row to row.
    const who = (await q.admin("POST", "/_quire/v1/users", { name: `Person ${i}`, email: `p${i}@example.com` })).body.id;
    await notion.pages.create({ parent: { data_source_id: db.data_sources[0].id }, properties: { Name: { title: rt(`Needle row ${i}`) }, Who: { people: [{ id: who }] } } } as any);
    if (inPart) partTitles.add(`Needle db ${i}`).add(`Needle row ${i}`);
  }
});
after(() => q?.close());

interface Counted { count: number; results: any[] }

async function searchCount(token: string, body: Record<string, unknown>, version?: string): Promise<Counted> {
  const res = await q.raw("POST", "/v1/search", { body: JSON.stringify(body), auth: token, version });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return { count: storeStatements(res.headers.get("server-timing")), results: res.body.results };
}

const titleOf = (r: any): string => {
  const t = r.object === "page" ? Object.values(r.properties ?? {}).find((p: any) => p.type === "title") as any : r;
  return (t?.title ?? []).map((x: any) => x.plain_text).join("");
};

/** Searches with page_size 5 and 50 and checks the larger page costs no more statements (domain/preload.ts). */
async function compare(t: any, token: string, body: Record<string, unknown>, version?: string): Promise<[Counted, Counted]> {
  const five = await searchCount(token, { ...body, page_size: 5 }, version);
  const fifty = await searchCount(token, { ...body, page_size: 50 }, version);
  t.diagnostic(`statements: ${five.count} (${five.results.length} results), ${fifty.count} (${fifty.results.length} results)`);
  assert.equal(five.results.length, 5);
  assert.ok(fifty.results.length > 25, `${fifty.results.length} results`);
  assert.ok(fifty.count <= five.count, `${fifty.results.length} results: ${fifty.count} statements; 5 results: ${five.count}`);
  return [five, fifty];
}

test("pages and data sources mixed: 50 results cost as many statements as 5", async (t) => {
  const [, fifty] = await compare(t, whole.token, { query: "Needle" });
  const objects = new Set(fifty.results.map((r) => r.object));
  assert.deepEqual([...objects].sort(), ["data_source", "page"]);
  // The users read beforehand are the right ones: each row names its own person.
  const rows = fifty.results.filter((r) => r.object === "page" && r.properties.Who);
  assert.ok(rows.length >= 10);
  for (const r of rows) {
    const n = titleOf(r).replace("Needle row ", "");
    assert.equal(r.properties.Who.people[0].name, `Person ${n}`);
    assert.equal(r.properties.By.created_by.id, r.created_by.id);
  }
});

test("with a filter on pages, and on data sources", async (t) => {
  await compare(t, whole.token, { query: "Needle", filter: { property: "object", value: "page" } });
  const ds = await searchCount(whole.token, { query: "Needle", filter: { property: "object", value: "data_source" }, page_size: 2 });
  const all = await searchCount(whole.token, { query: "Needle", filter: { property: "object", value: "data_source" }, page_size: 12 });
  t.diagnostic(`data sources: ${ds.count} (2), ${all.count} (12)`);
  assert.equal(all.results.length, 12);
  assert.ok(all.count <= ds.count, `${all.count} vs ${ds.count}`);
});

test("without a query, sorted by last edited time", async (t) => {
  await compare(t, whole.token, { sort: { timestamp: "last_edited_time", direction: "descending" } });
});

test("under 2022-06-28 (databases): 50 results cost as many statements as 5", async (t) => {
  const five = await searchCount(whole.token, { query: "Needle", page_size: 5 }, "2022-06-28");
  const fifty = await searchCount(whole.token, { query: "Needle", page_size: 50 }, "2022-06-28");
  const databases = (c: Counted) => c.results.filter((r) => r.object === "database").length;
  t.diagnostic(`statements: ${five.count} (${databases(five)} of 5 results databases), ${fifty.count} (${databases(fifty)} of ${fifty.results.length})`);
  assert.ok(databases(fifty) > 5);
  assert.ok(fifty.count <= five.count, `${fifty.count} vs ${five.count}`);
});

test("an integration that sees part of the tree gets only that part, at the same cost", async (t) => {
  const five = await searchCount(part.token, { query: "Needle", page_size: 5 });
  const fifty = await searchCount(part.token, { query: "Needle", page_size: 50 });
  t.diagnostic(`statements: ${five.count} (5 results), ${fifty.count} (${fifty.results.length} results)`);
  assert.deepEqual(new Set(fifty.results.map(titleOf)), partTitles);
  assert.ok(fifty.count <= five.count, `${fifty.count} vs ${five.count}`);
});
