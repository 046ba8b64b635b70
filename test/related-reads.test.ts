/**
 * Reading a row's relation-based values costs a number of store statements that does not grow
 * with the number of related rows (issue 11: on PostgreSQL each statement is a round trip, and
 * one per related page made a row with 12 related rows take 200–700 ms). Counted through the
 * `Server-Timing` header test servers send (src/http/server-timing.ts), not timed. The pages values
 * mention are decided with their whole chain of parents in one statement, however deep.
 */
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startTestQuire, storeStatements, rt, type TestQuire } from "./helpers/quire.js";

let q: TestQuire;
let ds: string;
let people: string[];
/** Two groups of rows, each row related to every row of its group. */
let small: string[];
let large: string[];

before(async () => {
  q = await startTestQuire();
  const notion = q.client();
  const db = (await notion.databases.create({
    parent: { type: "page_id", page_id: q.rootPageId },
    title: rt("Related"),
    initial_data_source: { properties: { Name: { title: {} }, N: { number: {} }, Who: { people: {} } } },
  } as any)) as any;
  ds = db.data_sources[0].id;
  await q.raw("PATCH", `/v1/data_sources/${ds}`, { body: JSON.stringify({ properties: { Parent: { relation: { data_source_id: ds, single_property: {} } } } }) });
  // A person of its own for each row, so that people values do not repeat from row to row.
  people = [];
  for (let i = 0; i < 14; i++) people.push((await q.admin("POST", "/_quire/v1/users", { name: `Person ${i}`, email: `p${i}@example.com` })).body.id);
  small = await relatedGroup(2);
  large = await relatedGroup(12);
});
after(() => q?.close());

/** `n` rows of the data source, each related to all of them (the case that multiplied work). */
async function relatedGroup(n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const res = await q.raw("POST", "/v1/pages", {
      body: JSON.stringify({ parent: { data_source_id: ds }, properties: { Name: { title: rt(`row ${n}.${i}`) }, N: { number: i }, Who: { people: [{ id: people.shift()! }] } } }),
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    ids.push(res.body.id);
  }
  for (const id of ids) {
    const res = await q.raw("PATCH", `/v1/pages/${id}`, { body: JSON.stringify({ properties: { Parent: { relation: ids.map((r) => ({ id: r })) } } }) });
    assert.equal(res.status, 200, JSON.stringify(res.body));
  }
  return ids;
}

/** Statements of GET /v1/pages/{id}, after checking it answered. */
async function getStatements(id: string): Promise<{ count: number; page: any }> {
  const res = await q.raw("GET", `/v1/pages/${id}`);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return { count: storeStatements(res.headers.get("server-timing")), page: res.body };
}

async function setProperties(properties: Record<string, unknown>) {
  const res = await q.raw("PATCH", `/v1/data_sources/${ds}`, { body: JSON.stringify({ properties }) });
  assert.equal(res.status, 200, JSON.stringify(res.body));
}

test("Server-Timing reports the store statements of a request", async () => {
  const res = await q.raw("GET", `/v1/users/me`);
  assert.match(res.headers.get("server-timing") ?? "", /^store;desc="\d+ statements";dur=\d+(\.\d)?$/);
  assert.ok(storeStatements(res.headers.get("server-timing")) >= 1);
});


test("a relation formula over 12 related rows runs as many statements as over 2", async (t) => {
  await setProperties({ Fz: { formula: { expression: 'prop("Parent").length()' } } });
  const two = await getStatements(small[0]);
  const twelve = await getStatements(large[0]);
  assert.equal(two.page.properties.Fz.formula.number, 2);
  assert.equal(twelve.page.properties.Fz.formula.number, 12);
  t.diagnostic(`statements: ${two.count} (2 related rows), ${twelve.count} (12)`);
  assert.ok(twelve.count <= two.count, `12 related rows: ${twelve.count} statements; 2 related rows: ${two.count}`);
  await setProperties({ Fz: null });
});

test("a formula reading related rows' properties runs as many statements for 12 related rows as for 2", async (t) => {
  await setProperties({ Fz: { formula: { expression: 'prop("Parent").map(current.prop("N")).sum()' } } });
  const two = await getStatements(small[0]);
  const twelve = await getStatements(large[0]);
  assert.equal(two.page.properties.Fz.formula.number, 1);
  assert.equal(twelve.page.properties.Fz.formula.number, 66);
  t.diagnostic(`statements: ${two.count} (2 related rows), ${twelve.count} (12)`);
  assert.ok(twelve.count <= two.count, `12 related rows: ${twelve.count} statements; 2 related rows: ${two.count}`);
  await setProperties({ Fz: null });
});

test("rollups over a relation (a number summed, people shown) run as many statements for 12 related rows as for 2", async (t) => {
  const parent = (await q.raw("GET", `/v1/data_sources/${ds}`)).body.properties.Parent.id;
  await setProperties({
    Sum: { rollup: { relation_property_name: "Parent", rollup_property_name: "N", function: "sum" } },
    Everyone: { rollup: { relation_property_id: parent, rollup_property_name: "Who", function: "show_original" } },
  });
  const two = await getStatements(small[0]);
  const twelve = await getStatements(large[0]);
  assert.equal(two.page.properties.Sum.rollup.number, 1);
  assert.equal(twelve.page.properties.Sum.rollup.number, 66);
  assert.equal(twelve.page.properties.Everyone.rollup.array.length, 12);
  t.diagnostic(`statements: ${two.count} (2 related rows), ${twelve.count} (12)`);
  assert.ok(twelve.count <= two.count, `12 related rows: ${twelve.count} statements; 2 related rows: ${two.count}`);
  await setProperties({ Sum: null, Everyone: null });
});

test("a query's rows with relation formulas and rollups run as many statements for 14 rows as for 2", async (t) => {
  const parent = (await q.raw("GET", `/v1/data_sources/${ds}`)).body.properties.Parent.id;
  await setProperties({
    Fz: { formula: { expression: 'prop("Parent").map(current.prop("N")).sum()' } },
    Everyone: { rollup: { relation_property_id: parent, rollup_property_name: "Who", function: "show_original" } },
  });
  const query = async (pageSize: number) => {
    const res = await q.raw("POST", `/v1/data_sources/${ds}/query`, { body: JSON.stringify({ page_size: pageSize }) });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.results.length, pageSize);
    return storeStatements(res.headers.get("server-timing"));
  };
  const two = await query(2);
  const fourteen = await query(14);
  t.diagnostic(`statements: ${two} (2 rows), ${fourteen} (14)`);
  assert.ok(fourteen <= two, `14 rows: ${fourteen} statements; 2 rows: ${two}`);
  await setProperties({ Fz: null, Everyone: null });
});

test("a page a value mentions costs as many statements nested five levels deep as at the top (its chain is read at once)", async (t) => {
  const notion = q.client();
  const child = async (parent: string, title: string) => (await notion.pages.create({ parent: { page_id: parent }, properties: { title: { title: rt(title) } } } as any)).id;
  const shallow = await child(q.rootPageId, "Shallow");
  let deep = q.rootPageId;
  for (let i = 0; i < 5; i++) deep = await child(deep, `Level ${i}`);
  const made: any = await notion.databases.create({
    parent: { type: "page_id", page_id: q.rootPageId },
    title: rt("Mentions"),
    initial_data_source: { properties: { Name: { title: {} }, Note: { rich_text: {} } } },
  } as any);
  const mentions = made.data_sources[0].id;
  for (const [name, target] of [["top", shallow], ["nested", deep]]) {
    const note = [{ text: { content: "see " } }, { type: "mention", mention: { page: { id: target } } }];
    await notion.pages.create({ parent: { data_source_id: mentions }, properties: { Name: { title: rt(name) }, Note: { rich_text: note } } } as any);
  }
  const query = async (name: string, target: string) => {
    const body = { filter: { property: "Name", title: { equals: name } } };
    const res = await q.raw("POST", `/v1/data_sources/${mentions}/query`, { body: JSON.stringify(body) });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.results.length, 1);
    assert.equal(res.body.results[0].properties.Note.rich_text[1].mention.page.id, target);
    return storeStatements(res.headers.get("server-timing"));
  };
  // Each counted on its second send (a SQLite store remembers the token's owner between units).
  const top = (await query("top", shallow), await query("top", shallow));
  const nested = (await query("nested", deep), await query("nested", deep));
  t.diagnostic(`statements: ${top} (a page under the root), ${nested} (five levels down)`);
  assert.equal(nested, top, `five levels down: ${nested} statements; under the root: ${top}`);
});
