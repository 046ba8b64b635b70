/**
 * Adversarial access through database schemas and titles (issue 9). Two integrations in one
 * workspace: A sees "A's area", with Tasks and Projects; Tasks relates to Projects (seen), to
 * itself, and to Secrets — a database in "B's area", which only B sees — with rollups through
 * each relation and formulas reading them. B wrote mentions of a Secrets page into the titles and
 * descriptions of Tasks and of a row.
 *
 * What A reads (docs/design/database-values.md, "What a reader sees"): schemas — retrieved in
 * every version, searched, answered to writes, partial without read_content — leave out the
 * relations to Secrets and the rollups through them ("If the related database is not shared,
 * properties based on relations will not be included", reference/retrieve-a-database); page values
 * keep them, empty (makenotion/notion-sdk-js#514); a schema change naming them is a 404 for the
 * related data source; titles and descriptions show the mentioned Secrets page as "Untitled".
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import type { Client } from "@notionhq/client";
import { startTestQuire, type TestQuire } from "./helpers/quire.js";
import { childrenOf, newPage, rejects, text } from "./helpers/api.js";

type Json = Record<string, any>;

const mention = (id: string) => ({ type: "mention", mention: { page: { id } } });
const plainOf = (rt: any[]) => rt.map((r) => r.plain_text).join("");
const VERSIONS = ["2025-09-03", "2026-03-11"] as const;
/** What A is shown of Tasks' schema, and what it is not. */
const SHOWN = ["Name", "Proj", "Parent", "R budget", "F", "F proj"];
const LEFT_OUT = ["Rel", "Single", "R sum", "R single"];

interface World {
  q: TestQuire;
  a: Client;
  b: Client;
  aToken: string;
  wToken: string;
  bToken: string;
  areaA: string;
  secretsDb: string;
  secretsDs: string;
  tasksDb: string;
  tasksDs: string;
  secret: string;
  row: string;
}

async function build(): Promise<World> {
  const q = await startTestQuire();
  const dev = q.client();
  const home = await newPage(dev, q.rootPageId, "Adversarial schema");
  const areaA = await newPage(dev, home, "A's area");
  const areaB = await newPage(dev, home, "B's area");
  const secrets: any = await dev.databases.create({
    parent: { page_id: areaB },
    title: text("Secrets"),
    initial_data_source: { properties: { Name: { title: {} }, Secret: { number: {} }, Code: { rich_text: {} } } },
  } as any);
  const secretsDs = secrets.data_sources[0].id;
  const secret = (await dev.pages.create({ parent: { data_source_id: secretsDs }, properties: { Name: { title: text("Secret one") }, Secret: { number: 100 }, Code: { rich_text: text("classified") } } } as any)).id;
  const projects: any = await dev.databases.create({ parent: { page_id: areaA }, title: text("Projects"), initial_data_source: { properties: { Name: { title: {} }, Budget: { number: {} } } } } as any);
  const projectsDs = projects.data_sources[0].id;
  const project = (await dev.pages.create({ parent: { data_source_id: projectsDs }, properties: { Name: { title: text("Apollo") }, Budget: { number: 5 } } } as any)).id;
  const tasks: any = await dev.databases.create({
    parent: { page_id: areaA },
    title: [mention(secret), { text: { content: " tasks" } }],
    description: [{ text: { content: "About " } }, mention(secret)],
    initial_data_source: {
      properties: {
        Name: { title: {} },
        Rel: { relation: { data_source_id: secretsDs, dual_property: { synced_property_name: "Hidden side" } } },
        Single: { relation: { data_source_id: secretsDs, single_property: {} } },
        Proj: { relation: { data_source_id: projectsDs, dual_property: { synced_property_name: "Tasks of" } } },
      },
    },
  } as any);
  const tasksDs = tasks.data_sources[0].id;
  await dev.dataSources.update({
    data_source_id: tasksDs,
    title: [mention(secret), { text: { content: " source" } }],
    properties: {
      Parent: { relation: { data_source_id: tasksDs, single_property: {} } },
      "R sum": { rollup: { relation_property_name: "Rel", rollup_property_name: "Secret", function: "sum" } },
      "R single": { rollup: { relation_property_name: "Single", rollup_property_name: "Code", function: "show_original" } },
      "R budget": { rollup: { relation_property_name: "Proj", rollup_property_name: "Budget", function: "sum" } },
      F: { formula: { expression: 'prop("Rel").length() + prop("R sum")' } },
      "F proj": { formula: { expression: 'prop("Proj").length()' } },
    },
  } as any);
  // The SDK sends no `description` to dataSources.update (Quire takes one, as databases do).
  await q.raw("PATCH", `/v1/data_sources/${tasksDs}`, { body: JSON.stringify({ description: [mention(secret)] }) });
  const row = (await dev.pages.create({
    parent: { data_source_id: tasksDs },
    properties: { Name: { title: [mention(secret), { text: { content: " row" } }] }, Rel: { relation: [{ id: secret }] }, Single: { relation: [{ id: secret }] }, Proj: { relation: [{ id: project }] } },
  } as any)).id;
  await dev.pages.create({ parent: { page_id: areaA }, properties: { title: { title: [mention(secret), { text: { content: " minutes" } }] } } } as any);
  const ia = await q.integration("A", undefined, [areaA]);
  const ib = await q.integration("B", undefined, [areaA, areaB]);
  const iw = await q.integration("W", ["update_content", "insert_content"], [areaA]);
  return {
    q,
    a: q.client({ auth: ia.token }),
    b: q.client({ auth: ib.token }),
    aToken: ia.token,
    wToken: iw.token,
    bToken: ib.token,
    areaA,
    secretsDb: secrets.id,
    secretsDs,
    tasksDb: tasks.id,
    tasksDs,
    secret,
    row,
  };
}

/** A schema's property names, sorted. */
const names = (schema: Json) => Object.keys(schema).sort();
/** Nothing of Secrets in an answer: not its ids, its property names, nor the mentioned page's title. */
function assertNothingOfSecrets(w: World, answer: unknown, label: string) {
  const json = JSON.stringify(answer);
  for (const word of [w.secretsDs, w.secretsDb, "Hidden side", "Secret", "Code"]) assert.ok(!json.includes(word), `${label}: shows ${word}`);
}

describe("schemas naming a data source A cannot see", () => {
  let w: World;
  before(async () => {
    w = await build();
  });
  after(() => w.q.close());

  test("retrieved in every version they leave out its relations and the rollups through them; page values keep them, empty", async () => {
    for (const version of VERSIONS) {
      const ds: any = await w.q.client({ auth: w.aToken, version }).dataSources.retrieve({ data_source_id: w.tasksDs });
      assert.deepEqual(names(ds.properties), [...SHOWN].sort(), version);
      assertNothingOfSecrets(w, ds, version);
      // The formula reading the relation is shown with every name (it is A's data source's text).
      assert.equal(ds.properties.F.formula.expression, 'prop("Rel").length() + prop("R sum")');
      const seen: any = await w.q.client({ auth: w.bToken, version }).dataSources.retrieve({ data_source_id: w.tasksDs });
      assert.deepEqual(names(seen.properties), [...SHOWN, ...LEFT_OUT].sort(), `${version}, B`);
    }
    const legacy: any = await w.q.client({ auth: w.aToken, version: "2022-06-28" }).databases.retrieve({ database_id: w.tasksDb });
    assert.deepEqual(names(legacy.properties), [...SHOWN].sort());
    assertNothingOfSecrets(w, legacy, "2022-06-28");
    const legacyB: any = await w.q.client({ auth: w.bToken, version: "2022-06-28" }).databases.retrieve({ database_id: w.tasksDb });
    assert.deepEqual(names(legacyB.properties), [...SHOWN, ...LEFT_OUT].sort());
    // Page values keep the left-out properties, empty (notion-sdk-js#514): objects, items, queries, filter_properties.
    const page: any = await w.a.pages.retrieve({ page_id: w.row });
    assert.deepEqual(page.properties.Rel, { id: page.properties.Rel.id, type: "relation", relation: [], has_more: false });
    assert.equal(page.properties["R sum"].rollup.number, 0);
    assert.equal(page.properties.F.formula.number, 0);
    assert.equal(page.properties["R budget"].rollup.number, 5);
    const item: any = await w.a.pages.properties.retrieve({ page_id: w.row, property_id: page.properties.Rel.id });
    assert.deepEqual(item.results, []);
    const empty: any = await w.a.dataSources.query({ data_source_id: w.tasksDs, filter: { property: "Rel", relation: { is_empty: true } } } as any);
    assert.deepEqual(empty.results.map((p: any) => p.id), [w.row]);
    const only: any = await w.a.dataSources.query({ data_source_id: w.tasksDs, filter_properties: [page.properties.Rel.id] } as any);
    assert.deepEqual(Object.keys(only.results[0].properties), ["Rel"]);
  });

  test("search results and write answers show the same schemas; so does a partial data source without read_content", async () => {
    const found: any = await w.a.search({ query: "source", filter: { property: "object", value: "data_source" } } as any);
    const hit = found.results.find((r: any) => r.id === w.tasksDs);
    assert.deepEqual(names(hit.properties), [...SHOWN].sort());
    assertNothingOfSecrets(w, hit, "search");
    const legacy = w.q.client({ auth: w.aToken, version: "2022-06-28" });
    const old: any = await legacy.search({ query: "tasks", filter: { property: "object", value: "database" } } as any);
    assert.deepEqual(names(old.results.find((r: any) => r.id === w.tasksDb).properties), [...SHOWN].sort());
    const updated: any = await w.a.dataSources.update({ data_source_id: w.tasksDs, icon: { type: "emoji", emoji: "🧭" } } as any);
    assert.deepEqual(names(updated.properties), [...SHOWN].sort());
    assertNothingOfSecrets(w, updated, "update answer");
    const renamed: any = await w.a.dataSources.update({ data_source_id: w.tasksDs, properties: { "F proj": { name: "F projects" } } } as any);
    assert.deepEqual(names(renamed.properties), [...SHOWN.filter((n) => n !== "F proj"), "F projects"].sort());
    await w.a.dataSources.update({ data_source_id: w.tasksDs, properties: { "F projects": { name: "F proj" } } } as any);
    const oldUpdated: any = await legacy.databases.update({ database_id: w.tasksDb, icon: { type: "emoji", emoji: "🧭" } } as any);
    assert.deepEqual(names(oldUpdated.properties), [...SHOWN].sort());
    assertNothingOfSecrets(w, oldUpdated, "2022-06-28 update answer");
    const writer = w.q.client({ auth: w.wToken });
    const partial: any = await writer.dataSources.update({ data_source_id: w.tasksDs, icon: { type: "emoji", emoji: "🧭" } } as any);
    assert.deepEqual(Object.keys(partial).filter((k) => k !== "request_id").sort(), ["id", "object", "properties"]);
    assert.deepEqual(names(partial.properties), [...SHOWN].sort());
    const partialFound: any = await writer.search({ query: "source", filter: { property: "object", value: "data_source" } } as any);
    assert.deepEqual(names(partialFound.results.find((r: any) => r.id === w.tasksDs).properties), [...SHOWN].sort());
  });

  test("a schema change naming a left-out property (by name or id) is a 404 for the related data source; nothing changes", async () => {
    const page: any = await w.a.pages.retrieve({ page_id: w.row });
    const refused = (id: string, kind = "data_source") => ({
      status: 404,
      code: "object_not_found",
      message: `Could not find ${kind} with ID: ${id}. Make sure the relevant pages and databases are shared with your integration "A".`,
    });
    const changes: Json[] = [
      { Rel: null },
      { Rel: { name: "Renamed" } },
      { [page.properties.Rel.id]: null },
      { Single: { rich_text: {} } },
      { "R sum": null },
      { "R single": { name: "Renamed rollup" } },
      { Proj: { name: "Projects" }, Rel: null },
    ];
    for (const properties of changes) await rejects(w.a.dataSources.update({ data_source_id: w.tasksDs, properties } as any), refused(w.secretsDs));
    const legacy = w.q.client({ auth: w.aToken, version: "2022-06-28" });
    // (The SDK's databases.update sends no `properties`: the 2022-06-28 body goes as a plain request.)
    await rejects(legacy.request({ path: `databases/${w.tasksDb}`, method: "patch", body: { properties: { Rel: null } } }), refused(w.secretsDb, "database"));
    // B still sees both sides as they were.
    const tasks: any = await w.b.dataSources.retrieve({ data_source_id: w.tasksDs });
    assert.deepEqual(names(tasks.properties), [...SHOWN, ...LEFT_OUT].sort());
    assert.equal(tasks.properties.Single.type, "relation");
    const secrets: any = await w.b.dataSources.retrieve({ data_source_id: w.secretsDs });
    assert.ok(secrets.properties["Hidden side"], "the other side of the dual relation is kept");
    assert.deepEqual((await w.b.pages.retrieve({ page_id: w.row }) as any).properties.Rel.relation, [{ id: w.secret }]);
  });
});

describe("titles and descriptions of databases and data sources", () => {
  let w: World;
  before(async () => {
    w = await build();
  });
  after(() => w.q.close());

  test("a mention of a page A cannot see has no title: retrieve, every version, search, write answers, blocks, markdown, row URLs", async () => {
    const db: any = await w.a.databases.retrieve({ database_id: w.tasksDb });
    assert.equal(plainOf(db.title), "Untitled tasks");
    assert.equal(plainOf(db.description), "About Untitled");
    assert.equal(db.title[0].mention.page.id, w.secret);
    assert.deepEqual(db.data_sources, [{ id: w.tasksDs, name: "Untitled source" }]);
    const ds: any = await w.a.dataSources.retrieve({ data_source_id: w.tasksDs });
    assert.equal(plainOf(ds.title), "Untitled source");
    assert.equal(plainOf(ds.description), "Untitled");
    const legacy = w.q.client({ auth: w.aToken, version: "2022-06-28" });
    const old: any = await legacy.databases.retrieve({ database_id: w.tasksDb });
    assert.equal(plainOf(old.title), "Untitled tasks");
    assert.equal(plainOf(old.description), "About Untitled");
    const found: any = await w.a.search({ query: "source", filter: { property: "object", value: "data_source" } } as any);
    assert.equal(plainOf(found.results.find((r: any) => r.id === w.tasksDs).title), "Untitled source");
    const oldFound: any = await legacy.search({ query: "tasks", filter: { property: "object", value: "database" } } as any);
    assert.equal(plainOf(oldFound.results.find((r: any) => r.id === w.tasksDb).title), "Untitled tasks");
    const updated: any = await w.a.dataSources.update({ data_source_id: w.tasksDs, icon: { type: "emoji", emoji: "🧭" } } as any);
    assert.equal(plainOf(updated.title), "Untitled source");
    const dbUpdated: any = await w.a.databases.update({ database_id: w.tasksDb, icon: { type: "emoji", emoji: "🧭" } } as any);
    assert.equal(plainOf(dbUpdated.title), "Untitled tasks");
    assert.deepEqual(dbUpdated.data_sources, [{ id: w.tasksDs, name: "Untitled source" }]);
    const oldUpdated: any = await legacy.databases.update({ database_id: w.tasksDb, icon: { type: "emoji", emoji: "🧭" } } as any);
    assert.equal(plainOf(oldUpdated.title), "Untitled tasks");
    // The child_database block, the area's markdown (<database> and <page> tags), a row's URL.
    const block = (await childrenOf(w.a, w.areaA)).find((b) => b.id === w.tasksDb);
    assert.equal(block.child_database.title, "Untitled tasks");
    const md: any = await w.a.pages.retrieveMarkdown({ page_id: w.areaA });
    assert.match(md.markdown, />Untitled tasks<\/database>/);
    assert.match(md.markdown, />Untitled minutes<\/page>/);
    assert.doesNotMatch(md.markdown, /Secret/);
    const row: any = await w.a.pages.retrieve({ page_id: w.row });
    assert.equal(plainOf(row.properties.Name.title), "Untitled row");
    assert.doesNotMatch(row.url, /Secret/);
    const rows: any = await w.a.dataSources.query({ data_source_id: w.tasksDs });
    assert.doesNotMatch(rows.results[0].url, /Secret/);
    // B sees the titles as written.
    assert.equal(plainOf(((await w.b.databases.retrieve({ database_id: w.tasksDb })) as any).title), "Secret one tasks");
    assert.equal(((await w.b.databases.retrieve({ database_id: w.tasksDb })) as any).data_sources[0].name, "Secret one source");
    assert.match(((await w.b.pages.retrieveMarkdown({ page_id: w.areaA })) as any).markdown, />Secret one tasks<\/database>[\s\S]*>Secret one minutes<\/page>|>Secret one minutes<\/page>[\s\S]*>Secret one tasks<\/database>/);
    assert.match(((await w.b.pages.retrieve({ page_id: w.row })) as any).url, /Secret-one-row/);
  });
});
