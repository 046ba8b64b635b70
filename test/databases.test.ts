/** Databases and data sources under every Notion-Version, through the real SDK. */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { Client, isFullDatabase, isFullDataSource } from "@notionhq/client";
import { startTestQuire, type TestQuire } from "./helpers/quire.js";
import { MISSING_ID, append, childrenOf, newPage, rejects, text, textItem } from "./helpers/api.js";

let q: TestQuire;
/** 2025-09-03 (the SDK's default). */
let notion: Client;
let legacy: Client;
let newest: Client;
let botId: string;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** Database timestamps under 2025-09-03+ carry milliseconds and a +00:00 offset (recorded responses). */
const OFFSET_TS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+00:00$/;
const MINUTE_TS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:00\.000Z$/;
const TRASHED = "Can't edit block that is archived. You must unarchive the block before editing.";
const MULTI_SOURCE = /multiple data sources/;

/** Keys of a 2025-09-03 database, in the order of the recorded notion-sdk-py cassettes. */
const DATABASE_KEYS_2025 = [
  "object", "id", "title", "description", "parent", "is_inline", "in_trash", "is_locked", "created_time",
  "last_edited_time", "data_sources", "icon", "cover", "url", "public_url", "archived", "request_id",
];
/** Keys of a data source, in the order of the recorded notion-sdk-py cassettes. */
const DATA_SOURCE_KEYS_2025 = [
  "object", "id", "cover", "icon", "created_time", "created_by", "last_edited_by", "last_edited_time", "title",
  "description", "is_inline", "properties", "parent", "database_parent", "url", "public_url", "in_trash", "archived", "request_id",
];

before(async () => {
  q = await startTestQuire();
  notion = q.client();
  legacy = q.client({ version: "2022-06-28" });
  newest = q.client({ version: "2026-03-11" });
  botId = (await notion.users.me({})).id;
});
after(() => q.close());

/** A fresh page to hold the databases of one test. */
const area = (title = "Databases area") => newPage(notion, q.rootPageId, title);

/** POST /v1/databases under 2022-06-28 (SDK 5 strips `properties`, so through `request`). */
const legacyCreate = (body: Record<string, unknown>) => legacy.request<any>({ path: "databases", method: "post", body });

/** A database (2025-09-03) with its first data source; returns both. */
async function newDatabase(parent: string, title = "Tasks", properties: Record<string, unknown> = { Name: { title: {} } }) {
  const db: any = await notion.databases.create({ parent: { page_id: parent }, title: text(title), initial_data_source: { properties } } as any);
  return { db, dsId: db.data_sources[0].id as string };
}

describe("databases.create", () => {
  test("2025-09-03 with initial_data_source: the container, its data source named after it", async () => {
    const parent = await area();
    const db: any = await notion.databases.create({
      parent: { page_id: parent },
      title: text("Projects"),
      description: text("All the projects"),
      icon: { emoji: "📁" },
      cover: { external: { url: "https://example.com/cover.png" } },
      initial_data_source: { properties: { Name: { title: {} }, Done: { checkbox: {} } } },
    } as any);
    assert.equal(isFullDatabase(db), true);
    assert.deepEqual(Object.keys(db), DATABASE_KEYS_2025);
    assert.equal(db.object, "database");
    assert.match(db.id, UUID);
    assert.deepEqual(db.title, [textItem("Projects")]);
    assert.deepEqual(db.description, [textItem("All the projects")]);
    assert.deepEqual(db.parent, { type: "page_id", page_id: parent });
    assert.equal(db.is_inline, false);
    assert.equal(db.in_trash, false);
    assert.equal(db.archived, false);
    assert.equal(db.is_locked, false);
    assert.match(db.created_time, OFFSET_TS);
    assert.match(db.last_edited_time, OFFSET_TS);
    assert.equal(db.data_sources.length, 1);
    assert.match(db.data_sources[0].id, UUID);
    assert.deepEqual(db.data_sources[0], { id: db.data_sources[0].id, name: "Projects" });
    assert.deepEqual(db.icon, { type: "emoji", emoji: "📁" });
    assert.deepEqual(db.cover, { type: "external", external: { url: "https://example.com/cover.png" } });
    assert.equal(db.url, `${q.url}/${db.id.replace(/-/g, "")}`);
    assert.equal(db.public_url, null);
    assert.equal("properties" in db, false);
    assert.equal("created_by" in db, false);

    const ds: any = await notion.dataSources.retrieve({ data_source_id: db.data_sources[0].id });
    assert.deepEqual(Object.keys(ds.properties), ["Name", "Done"]);
    assert.deepEqual(ds.properties.Name, { id: "title", name: "Name", description: null, type: "title", title: {} });
    assert.equal(ds.properties.Done.type, "checkbox");
  });

  test("2025-09-03 without initial_data_source: one data source with a Name title", async () => {
    const parent = await area();
    const db: any = await notion.databases.create({ parent: { page_id: parent }, title: text("Bare") } as any);
    assert.equal(db.data_sources.length, 1);
    assert.equal(db.data_sources[0].name, "Bare");
    const ds: any = await notion.dataSources.retrieve({ data_source_id: db.data_sources[0].id });
    assert.deepEqual(ds.properties, { Name: { id: "title", name: "Name", description: null, type: "title", title: {} } });
  });

  test("2026-03-11: no archived, data_sources listed, other keys as 2025-09-03", async () => {
    const parent = await area();
    const db: any = await newest.databases.create({ parent: { page_id: parent }, title: text("Newest") } as any);
    assert.equal("archived" in db, false);
    assert.deepEqual(Object.keys(db), DATABASE_KEYS_2025.filter((k) => k !== "archived"));
    assert.equal(db.in_trash, false);
    assert.equal(db.data_sources.length, 1);
    const withSource: any = await newest.databases.create({
      parent: { page_id: parent },
      title: text("Newest with source"),
      initial_data_source: { properties: { Title: { title: {} }, Points: { number: { format: "percent" } } } },
    } as any);
    const ds: any = await newest.dataSources.retrieve({ data_source_id: withSource.data_sources[0].id });
    assert.equal("archived" in ds, false);
    assert.deepEqual(ds.properties.Points.number, { format: "percent" });
    assert.equal(ds.properties.Title.id, "title");
  });

  test("2022-06-28 with properties: the legacy single table", async () => {
    const parent = await area();
    const db: any = await legacyCreate({
      parent: { page_id: parent },
      title: text("Legacy"),
      is_inline: true,
      properties: { Name: { title: {} }, Score: { number: { format: "dollar" } }, Tags: { multi_select: { options: [{ name: "a", color: "red" }] } } },
    });
    assert.equal(db.object, "database");
    assert.equal("data_sources" in db, false);
    assert.equal(db.is_inline, true);
    assert.equal(db.archived, false);
    assert.equal(db.in_trash, false);
    assert.deepEqual(db.parent, { type: "page_id", page_id: parent });
    assert.deepEqual(db.created_by, { object: "user", id: botId });
    assert.deepEqual(db.last_edited_by, { object: "user", id: botId });
    assert.match(db.created_time, MINUTE_TS);
    assert.match(db.last_edited_time, MINUTE_TS);
    assert.deepEqual(Object.keys(db.properties), ["Name", "Score", "Tags"]);
    assert.deepEqual(db.properties.Score, { id: db.properties.Score.id, name: "Score", description: null, type: "number", number: { format: "dollar" } });
    assert.equal(db.properties.Tags.multi_select.options[0].name, "a");
    assert.equal(db.properties.Tags.multi_select.options[0].color, "red");
    // The same database seen through 2025-09-03 is a container with one data source.
    const modern: any = await notion.databases.retrieve({ database_id: db.id });
    assert.equal(modern.data_sources.length, 1);
    assert.equal(modern.is_inline, true);
  });

  test("2022-06-28 requires properties; 2025-09-03 refuses them at the top level", async () => {
    const parent = await area();
    await rejects(legacyCreate({ parent: { page_id: parent }, title: text("No props") }), {
      status: 400,
      code: "validation_error",
      message: "body failed validation: body.properties should be defined, instead was `undefined`.",
    });
    await rejects(notion.request({ path: "databases", method: "post", body: { parent: { page_id: parent }, title: text("Top props"), properties: { Name: { title: {} } } } }), {
      status: 400,
      code: "validation_error",
      message: /body\.properties should be not present/,
    });
  });

  test("parents: workspace refused for internal integrations; missing page is 404; trashed page refused", async () => {
    await rejects(notion.databases.create({ parent: { type: "workspace", workspace: true }, title: text("Top") } as any), {
      status: 400,
      code: "validation_error",
      message: /workspace level/,
    });
    await rejects(notion.databases.create({ parent: { page_id: MISSING_ID }, title: text("Lost") } as any), { status: 404, code: "object_not_found" });
    const parent = await area();
    await notion.pages.update({ page_id: parent, in_trash: true });
    await rejects(notion.databases.create({ parent: { page_id: parent }, title: text("In trash") } as any), { status: 400, code: "validation_error", message: TRASHED });
  });

  test("the database appears in its parent's children as a child_database block with its title", async () => {
    const parent = await area();
    await append(notion, parent, [{ paragraph: { rich_text: text("before") } }]);
    const { db } = await newDatabase(parent, "Listed");
    const children = await childrenOf(notion, parent);
    assert.deepEqual(
      children.map((b) => b.type),
      ["paragraph", "child_database"],
    );
    const block = children[1];
    assert.equal(block.id, db.id);
    assert.deepEqual(block.child_database, { title: "Listed" });
    assert.equal(block.has_children, false);
    assert.deepEqual(block.parent, { type: "page_id", page_id: parent });
    // The title follows renames.
    await notion.databases.update({ database_id: db.id, title: text("Renamed") });
    const again = await notion.blocks.retrieve({ block_id: db.id });
    assert.deepEqual((again as any).child_database, { title: "Renamed" });
    // A database has no block children (its rows live in the data source).
    const inner = await notion.blocks.children.list({ block_id: db.id });
    assert.deepEqual(inner.results, []);
  });

  test("partial answer without read_content", async () => {
    const parent = await area();
    const i = await q.integration("DB writer", ["insert_content", "update_content"], [parent]);
    const c = q.client({ auth: i.token });
    const db: any = await c.databases.create({ parent: { page_id: parent }, title: text("Blind") } as any);
    assert.deepEqual(Object.keys(db).filter((k) => k !== "request_id"), ["object", "id"]);
    assert.equal(isFullDatabase(db), false);
    const seen: any = await notion.databases.retrieve({ database_id: db.id });
    assert.equal(seen.title[0].plain_text, "Blind");
  });
});

describe("databases.retrieve", () => {
  test("each version's shape for the same database", async () => {
    const parent = await area();
    const { db, dsId } = await newDatabase(parent, "Shapes", { Name: { title: {} }, Notes: { rich_text: {} } });
    const modern: any = await notion.databases.retrieve({ database_id: db.id });
    assert.deepEqual(Object.keys(modern), DATABASE_KEYS_2025);
    assert.deepEqual(modern.data_sources, [{ id: dsId, name: "Shapes" }]);
    const old: any = await legacy.databases.retrieve({ database_id: db.id });
    assert.deepEqual(Object.keys(old.properties), ["Name", "Notes"]);
    assert.equal(old.archived, false);
    assert.equal("data_sources" in old, false);
    const newer: any = await newest.databases.retrieve({ database_id: db.id.replace(/-/g, "") });
    assert.equal(newer.id, db.id);
    assert.equal("archived" in newer, false);
  });

  test("a data source id or page id is not a database (404)", async () => {
    const parent = await area();
    const { dsId } = await newDatabase(parent);
    await rejects(notion.databases.retrieve({ database_id: dsId }), { status: 404, code: "object_not_found", message: new RegExp(`Could not find database with ID: ${dsId}`) });
    await rejects(notion.databases.retrieve({ database_id: parent }), { status: 404, code: "object_not_found" });
    await rejects(notion.databases.retrieve({ database_id: MISSING_ID }), { status: 404, code: "object_not_found" });
  });
});

describe("databases.update", () => {
  test("title, description, icon, cover, is_inline, is_locked", async () => {
    const parent = await area();
    const { db, dsId } = await newDatabase(parent, "Before");
    const updated: any = await notion.databases.update({
      database_id: db.id,
      title: text("After"),
      description: text("Described"),
      icon: { type: "external", external: { url: "https://example.com/i.png" } },
      cover: { external: { url: "https://example.com/c.png" } },
      is_inline: true,
      is_locked: true,
    } as any);
    assert.deepEqual(updated.title, [textItem("After")]);
    assert.deepEqual(updated.description, [textItem("Described")]);
    assert.deepEqual(updated.icon, { type: "external", external: { url: "https://example.com/i.png" } });
    assert.deepEqual(updated.cover, { type: "external", external: { url: "https://example.com/c.png" } });
    assert.equal(updated.is_inline, true);
    assert.equal(updated.is_locked, true);
    // The data source keeps its own title; is_inline shows through it.
    const ds: any = await notion.dataSources.retrieve({ data_source_id: dsId });
    assert.equal(ds.is_inline, true);
    // null removes icon and cover.
    const cleared: any = await notion.databases.update({ database_id: db.id, icon: null, cover: null } as any);
    assert.equal(cleared.icon, null);
    assert.equal(cleared.cover, null);
    const retrieved: any = await notion.databases.retrieve({ database_id: db.id });
    assert.deepEqual(retrieved.title, [textItem("After")]);
    assert.equal(retrieved.is_locked, true);
  });

  test("in_trash: trashed database refuses edits until restored; archived alias (2025-09-03) and its absence (2026-03-11)", async () => {
    const parent = await area();
    const { db, dsId } = await newDatabase(parent, "Trash me");
    const trashed: any = await notion.databases.update({ database_id: db.id, in_trash: true });
    assert.equal(trashed.in_trash, true);
    assert.equal(trashed.archived, true);
    // Still retrievable by id, and its data source reads as trashed too.
    assert.equal(((await notion.databases.retrieve({ database_id: db.id })) as any).in_trash, true);
    assert.equal(((await notion.dataSources.retrieve({ data_source_id: dsId })) as any).in_trash, true);
    await rejects(notion.databases.update({ database_id: db.id, title: text("Nope") }), { status: 400, code: "validation_error", message: TRASHED });
    const restored: any = await notion.databases.update({ database_id: db.id, in_trash: false, title: text("Back") } as any);
    assert.equal(restored.in_trash, false);
    assert.equal(restored.title[0].plain_text, "Back");
    // Under 2026-03-11 `archived` is gone from requests (SDK 5 no longer sends it: raw requests).
    await rejects(newest.request({ path: `databases/${db.id}`, method: "patch", body: { archived: true } }), {
      status: 400,
      code: "validation_error",
      message: /body\.archived should be not present/,
    });
    const viaLegacy: any = await legacy.request({ path: `databases/${db.id}`, method: "patch", body: { archived: true } });
    assert.equal(viaLegacy.archived, true);
    assert.equal(viaLegacy.in_trash, true);
  });

  test("parent: move to another page; not into itself", async () => {
    const first = await area("First home");
    const second = await area("Second home");
    const { db } = await newDatabase(first, "Mover");
    const moved: any = await notion.databases.update({ database_id: db.id, parent: { type: "page_id", page_id: second } } as any);
    assert.deepEqual(moved.parent, { type: "page_id", page_id: second });
    assert.deepEqual(
      (await childrenOf(notion, first)).map((b) => b.id),
      [],
    );
    assert.deepEqual(
      (await childrenOf(notion, second)).map((b) => b.id),
      [db.id],
    );
    await rejects(notion.databases.update({ database_id: db.id, parent: { type: "data_source_id", data_source_id: db.data_sources[0].id } } as any), {
      status: 400,
      code: "validation_error",
    });
  });

  test("2022-06-28: properties change the single data source's schema", async () => {
    const parent = await area();
    const db: any = await legacyCreate({
      parent: { page_id: parent },
      title: text("Legacy schema"),
      properties: { Name: { title: {} }, Old: { rich_text: {} }, Gone: { checkbox: {} } },
    });
    const updated: any = await legacy.request({
      path: `databases/${db.id}`,
      method: "patch",
      body: { title: text("Legacy renamed"), properties: { Old: { name: "New" }, Gone: null, Added: { url: {} } } },
    });
    assert.deepEqual(Object.keys(updated.properties), ["Name", "New", "Added"]);
    assert.equal(updated.properties.New.id, db.properties.Old.id);
    assert.equal(updated.properties.Added.type, "url");
    assert.equal(updated.title[0].plain_text, "Legacy renamed");
    // The data source follows (its name included).
    const modern: any = await notion.databases.retrieve({ database_id: db.id });
    assert.equal(modern.data_sources[0].name, "Legacy renamed");
    const ds: any = await notion.dataSources.retrieve({ data_source_id: modern.data_sources[0].id });
    assert.deepEqual(Object.keys(ds.properties), ["Name", "New", "Added"]);
    // 2025-09-03 moved the schema to data sources.
    await rejects(notion.request({ path: `databases/${db.id}`, method: "patch", body: { properties: { X: { url: {} } } } }), {
      status: 400,
      code: "validation_error",
      message: /body\.properties should be not present/,
    });
  });
});

describe("several data sources and the 2022-06-28 model", () => {
  test("refused under 2022-06-28: retrieve, update, create a page with database_id", async () => {
    const parent = await area();
    const { db } = await newDatabase(parent, "Twin");
    const second: any = await notion.dataSources.create({ parent: { database_id: db.id }, title: text("Second"), properties: { Name: { title: {} } } } as any);
    const container: any = await notion.databases.retrieve({ database_id: db.id });
    assert.deepEqual(
      container.data_sources.map((s: any) => s.id),
      [db.data_sources[0].id, second.id],
    );
    assert.deepEqual(container.data_sources[1], { id: second.id, name: "Second" });
    await rejects(legacy.databases.retrieve({ database_id: db.id }), { status: 400, code: "validation_error", message: MULTI_SOURCE });
    await rejects(legacy.databases.update({ database_id: db.id, title: text("x") }), { status: 400, code: "validation_error", message: MULTI_SOURCE });
    await rejects(legacy.pages.create({ parent: { database_id: db.id }, properties: { Name: { title: text("row") } } } as any), {
      status: 400,
      code: "validation_error",
      message: MULTI_SOURCE,
    });
    await rejects(notion.pages.create({ parent: { database_id: db.id }, properties: { Name: { title: text("row") } } } as any), {
      status: 400,
      code: "validation_error",
      message: MULTI_SOURCE,
    });
    // A data_source_id parent picks one.
    const row: any = await notion.pages.create({ parent: { data_source_id: second.id }, properties: { Name: { title: text("row") } } } as any);
    assert.deepEqual(row.parent, { type: "data_source_id", data_source_id: second.id, database_id: db.id });
  });
});

describe("dataSources.create", () => {
  test("in an existing database: shape of the recorded response", async () => {
    const parent = await area();
    const { db } = await newDatabase(parent, "Host");
    const ds: any = await notion.dataSources.create({
      parent: { type: "database_id", database_id: db.id },
      title: text("Extra"),
      icon: { type: "emoji", emoji: "⚙️" },
      properties: { Name: { type: "title", title: {} }, Size: { number: {} } },
    } as any);
    assert.equal(isFullDataSource(ds), true);
    assert.deepEqual(Object.keys(ds), DATA_SOURCE_KEYS_2025);
    assert.equal(ds.object, "data_source");
    assert.match(ds.id, UUID);
    assert.deepEqual(ds.icon, { type: "emoji", emoji: "⚙️" });
    assert.equal(ds.cover, null);
    assert.deepEqual(ds.created_by, { object: "user", id: botId });
    assert.match(ds.created_time, MINUTE_TS);
    assert.deepEqual(ds.title, [textItem("Extra")]);
    assert.deepEqual(ds.description, []);
    assert.equal(ds.is_inline, false);
    assert.deepEqual(ds.properties.Name, { id: "title", name: "Name", description: null, type: "title", title: {} });
    assert.deepEqual(ds.properties.Size.number, { format: "number" });
    assert.deepEqual(ds.parent, { type: "database_id", database_id: db.id });
    assert.deepEqual(ds.database_parent, { type: "page_id", page_id: parent });
    assert.equal(ds.url, db.url);
    assert.equal(ds.in_trash, false);
    assert.equal(ds.archived, false);
  });

  test("properties are required; a missing or trashed database is refused", async () => {
    const parent = await area();
    const { db } = await newDatabase(parent);
    await rejects(notion.dataSources.create({ parent: { database_id: db.id }, title: text("x") } as any), {
      status: 400,
      code: "validation_error",
      message: /body\.properties should be defined/,
    });
    await rejects(notion.dataSources.create({ parent: { database_id: MISSING_ID }, properties: { Name: { title: {} } } } as any), {
      status: 404,
      code: "object_not_found",
    });
    await notion.databases.update({ database_id: db.id, in_trash: true });
    await rejects(notion.dataSources.create({ parent: { database_id: db.id }, properties: { Name: { title: {} } } } as any), {
      status: 400,
      code: "validation_error",
      message: TRASHED,
    });
  });

  test("without a title property one named Name is added", async () => {
    const parent = await area();
    const { db } = await newDatabase(parent);
    const ds: any = await notion.dataSources.create({ parent: { database_id: db.id }, properties: { Done: { checkbox: {} } } } as any);
    assert.deepEqual(Object.keys(ds.properties), ["Name", "Done"]);
    assert.equal(ds.properties.Name.id, "title");
  });
});

describe("dataSources.retrieve and update", () => {
  test("retrieve: parent and database_parent; ids without dashes", async () => {
    const parent = await area();
    const { db, dsId } = await newDatabase(parent, "Seen");
    const ds: any = await notion.dataSources.retrieve({ data_source_id: dsId.replace(/-/g, "") });
    assert.equal(ds.id, dsId);
    assert.deepEqual(ds.parent, { type: "database_id", database_id: db.id });
    assert.deepEqual(ds.database_parent, { type: "page_id", page_id: parent });
    assert.deepEqual(ds.title, [textItem("Seen")]);
    await rejects(notion.dataSources.retrieve({ data_source_id: db.id }), { status: 404, code: "object_not_found", message: /Could not find data_source with ID/ });
  });

  test("title, description, icon and properties", async () => {
    const parent = await area();
    const { db, dsId } = await newDatabase(parent, "Editable", { Name: { title: {} }, Count: { number: {} } });
    const ds: any = await notion.dataSources.update({
      data_source_id: dsId,
      title: text("Edited"),
      icon: { emoji: "🧪" },
      properties: { Count: { number: { format: "euro" } }, Link: { url: {} } },
    } as any);
    // SDK 5 does not send a data source's description: a raw request sets it.
    await notion.request({ path: `data_sources/${dsId}`, method: "patch", body: { description: text("About it") } });
    assert.deepEqual(ds.title, [textItem("Edited")]);
    assert.deepEqual(ds.icon, { type: "emoji", emoji: "🧪" });
    assert.deepEqual(((await notion.dataSources.retrieve({ data_source_id: dsId })) as any).description, [textItem("About it")]);
    assert.deepEqual(ds.properties.Count.number, { format: "euro" });
    assert.equal(ds.properties.Link.type, "url");
    // The database lists the data source under its new name.
    const container: any = await notion.databases.retrieve({ database_id: db.id });
    assert.deepEqual(container.data_sources, [{ id: dsId, name: "Edited" }]);
  });

  test("in_trash and archived (2025-09-03), edits refused while trashed", async () => {
    const parent = await area();
    const { db, dsId } = await newDatabase(parent, "Binned");
    const archived: any = await notion.dataSources.update({ data_source_id: dsId, archived: true } as any);
    assert.equal(archived.in_trash, true);
    assert.equal(archived.archived, true);
    await rejects(notion.dataSources.update({ data_source_id: dsId, title: text("x") }), { status: 400, code: "validation_error", message: TRASHED });
    await rejects(notion.pages.create({ parent: { data_source_id: dsId }, properties: {} } as any), { status: 400, code: "validation_error", message: TRASHED });
    const restored: any = await notion.dataSources.update({ data_source_id: dsId, in_trash: false });
    assert.equal(restored.in_trash, false);
    // The database itself is not trashed by trashing its data source.
    assert.equal(((await notion.databases.retrieve({ database_id: db.id })) as any).in_trash, false);
    await rejects(newest.request({ path: `data_sources/${dsId}`, method: "patch", body: { archived: true } }), { status: 400, code: "validation_error", message: /archived should be not present/ });
    const t: any = await newest.dataSources.update({ data_source_id: dsId, in_trash: true });
    assert.equal(t.in_trash, true);
    assert.equal("archived" in t, false);
  });

  test("move to another database with parent.database_id; its rows follow", async () => {
    const parent = await area();
    const a = await newDatabase(parent, "From");
    const b = await newDatabase(parent, "To");
    const extra: any = await notion.dataSources.create({ parent: { database_id: a.db.id }, title: text("Traveller"), properties: { Name: { title: {} } } } as any);
    const row: any = await notion.pages.create({ parent: { data_source_id: extra.id }, properties: { Name: { title: text("row") } } } as any);
    const moved: any = await notion.dataSources.update({ data_source_id: extra.id, parent: { type: "database_id", database_id: b.db.id } } as any);
    assert.deepEqual(moved.parent, { type: "database_id", database_id: b.db.id });
    assert.deepEqual(
      ((await notion.databases.retrieve({ database_id: a.db.id })) as any).data_sources.map((s: any) => s.id),
      [a.dsId],
    );
    assert.deepEqual(
      ((await notion.databases.retrieve({ database_id: b.db.id })) as any).data_sources.map((s: any) => s.id),
      [b.dsId, extra.id],
    );
    const page: any = await notion.pages.retrieve({ page_id: row.id });
    assert.deepEqual(page.parent, { type: "data_source_id", data_source_id: extra.id, database_id: b.db.id });
    await rejects(notion.dataSources.update({ data_source_id: extra.id, parent: { database_id: MISSING_ID } } as any), { status: 404, code: "object_not_found" });
  });

  test("cover is not a data-source field", async () => {
    const parent = await area();
    const { dsId } = await newDatabase(parent);
    await rejects(notion.request({ path: `data_sources/${dsId}`, method: "patch", body: { cover: { external: { url: "https://example.com/c.png" } } } }), {
      status: 400,
      code: "validation_error",
    });
  });
});

describe("dataSources.listTemplates", () => {
  test("an empty list in Notion's shape", async () => {
    const parent = await area();
    const { dsId } = await newDatabase(parent);
    const res: any = await notion.dataSources.listTemplates({ data_source_id: dsId });
    assert.deepEqual(
      Object.fromEntries(Object.entries(res).filter(([k]) => k !== "request_id")),
      { templates: [], has_more: false, next_cursor: null },
    );
    await rejects(notion.dataSources.listTemplates({ data_source_id: MISSING_ID }), { status: 404, code: "object_not_found" });
  });
});

describe("versions", () => {
  test("2022-06-28 has no /v1/data_sources", async () => {
    const parent = await area();
    const { dsId } = await newDatabase(parent);
    for (const call of [
      () => legacy.dataSources.retrieve({ data_source_id: dsId }),
      () => legacy.dataSources.update({ data_source_id: dsId, title: text("x") }),
      () => legacy.dataSources.create({ parent: { database_id: dsId }, properties: {} } as any),
      () => legacy.dataSources.listTemplates({ data_source_id: dsId }),
    ])
      await rejects(call(), { status: 400, code: "invalid_request_url" });
  });
});

describe("access", () => {
  test("an unshared database or data source is 404 object_not_found", async () => {
    const parent = await area();
    const { db, dsId } = await newDatabase(parent, "Private");
    const i = await q.integration("Stranger", undefined, []);
    const c = q.client({ auth: i.token });
    await rejects(c.databases.retrieve({ database_id: db.id }), {
      status: 404,
      code: "object_not_found",
      message: `Could not find database with ID: ${db.id}. Make sure the relevant pages and databases are shared with your integration "Stranger".`,
    });
    await rejects(c.dataSources.retrieve({ data_source_id: dsId }), { status: 404, code: "object_not_found", message: /Could not find data_source/ });
    await rejects(c.databases.update({ database_id: db.id, title: text("x") }), { status: 404, code: "object_not_found" });
    await rejects(c.dataSources.update({ data_source_id: dsId, title: text("x") }), { status: 404, code: "object_not_found" });
    await rejects(c.dataSources.create({ parent: { database_id: db.id }, properties: { Name: { title: {} } } } as any), { status: 404, code: "object_not_found" });
    await rejects(c.pages.create({ parent: { data_source_id: dsId }, properties: {} } as any), { status: 404, code: "object_not_found" });
    await rejects(c.dataSources.listTemplates({ data_source_id: dsId }), { status: 404, code: "object_not_found" });
    // Shared through the parent page, it is visible.
    await q.admin("POST", `/_quire/v1/integrations/${i.id}/shares`, { object_id: parent });
    assert.equal(((await c.databases.retrieve({ database_id: db.id })) as any).id, db.id);
    assert.equal(((await c.dataSources.retrieve({ data_source_id: dsId })) as any).id, dsId);
  });

  test("relations to an unshared data source are refused as not found", async () => {
    const parent = await area();
    const hidden = await area("Hidden");
    const { dsId: hiddenDs } = await newDatabase(hidden, "Hidden DB");
    const { dsId } = await newDatabase(parent, "Visible DB");
    const i = await q.integration("Relater", undefined, [parent]);
    const c = q.client({ auth: i.token });
    await rejects(c.dataSources.update({ data_source_id: dsId, properties: { Rel: { relation: { data_source_id: hiddenDs, single_property: {} } } } } as any), {
      status: 404,
      code: "object_not_found",
    });
  });
});

describe("capabilities", () => {
  const RESTRICTED = { status: 403, code: "restricted_resource" };
  test("read, insert and update are each required", async () => {
    const parent = await area();
    const { db, dsId } = await newDatabase(parent, "Caps");
    const noRead = q.client({ auth: (await q.integration("DS no read", ["insert_content", "update_content"], [parent])).token });
    await rejects(noRead.databases.retrieve({ database_id: db.id }), RESTRICTED);
    await rejects(noRead.dataSources.retrieve({ data_source_id: dsId }), RESTRICTED);
    await rejects(noRead.dataSources.listTemplates({ data_source_id: dsId }), RESTRICTED);
    const noInsert = q.client({ auth: (await q.integration("DS no insert", ["read_content", "update_content"], [parent])).token });
    await rejects(noInsert.databases.create({ parent: { page_id: parent }, title: text("x") } as any), RESTRICTED);
    await rejects(noInsert.dataSources.create({ parent: { database_id: db.id }, properties: { Name: { title: {} } } } as any), RESTRICTED);
    const noUpdate = q.client({ auth: (await q.integration("DS no update", ["read_content", "insert_content"], [parent])).token });
    await rejects(noUpdate.databases.update({ database_id: db.id, title: text("x") }), RESTRICTED);
    await rejects(noUpdate.dataSources.update({ data_source_id: dsId, title: text("x") }), RESTRICTED);
  });

  test("without read_content, writes answer partial objects (data sources keep properties)", async () => {
    const parent = await area();
    const { db, dsId } = await newDatabase(parent, "Partial");
    const c = q.client({ auth: (await q.integration("DS blind", ["insert_content", "update_content"], [parent])).token });
    const ds: any = await c.dataSources.create({ parent: { database_id: db.id }, properties: { Name: { title: {} } } } as any);
    assert.equal(ds.object, "data_source");
    assert.equal(isFullDataSource(ds), false);
    assert.ok("properties" in ds);
    const up: any = await c.databases.update({ database_id: db.id, title: text("Seen blind") });
    assert.deepEqual(Object.keys(up).filter((k) => k !== "request_id"), ["object", "id"]);
    const dsUp: any = await c.dataSources.update({ data_source_id: dsId, title: text("x") });
    assert.equal(isFullDataSource(dsUp), false);
  });
});
