/** Pages in data sources: property values, relations, rollups, unique ids, property items. */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { Client, collectPaginatedAPI, isFullPage } from "@notionhq/client";
import { VERSIONS, startTestQuire, type TestQuire } from "./helpers/quire.js";
import { MISSING_ID, newPage, rejects, text, textItem } from "./helpers/api.js";

let q: TestQuire;
let notion: Client;
let legacy: Client;
let newest: Client;
let home: string;
let botId: string;
let person: { id: string; name: string; email: string };

const invalid = (message?: string | RegExp) => ({ status: 400, code: "validation_error", ...(message ? { message } : {}) });
const MINUTE_TS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:00\.000Z$/;

before(async () => {
  q = await startTestQuire();
  notion = q.client();
  legacy = q.client({ version: "2022-06-28" });
  newest = q.client({ version: "2026-03-11" });
  botId = (await notion.users.me({})).id;
  home = await newPage(notion, q.rootPageId, "Database pages");
  const res = await q.admin("POST", "/_quire/v1/users", { name: "Ada Lovelace", email: "ada@example.com" });
  person = { id: res.body.id, name: "Ada Lovelace", email: "ada@example.com" };
});
after(() => q.close());

/** A database with one data source of `properties`; returns the data source. */
async function source(properties: Record<string, unknown>, title = "Rows"): Promise<any> {
  const db: any = await notion.databases.create({ parent: { page_id: home }, title: text(title), initial_data_source: { properties } } as any);
  return notion.dataSources.retrieve({ data_source_id: db.data_sources[0].id });
}

const row = (dsId: string, properties: Record<string, unknown> = {}, client = notion) =>
  client.pages.create({ parent: { data_source_id: dsId }, properties } as any) as Promise<any>;
const edit = (pageId: string, properties: Record<string, unknown>, client = notion) => client.pages.update({ page_id: pageId, properties } as any) as Promise<any>;
const get = (pageId: string, client = notion) => client.pages.retrieve({ page_id: pageId }) as Promise<any>;
const item = (pageId: string, propertyId: string, extra: Record<string, unknown> = {}) =>
  notion.pages.properties.retrieve({ page_id: pageId, property_id: propertyId, ...extra } as any) as Promise<any>;
const title = (content: string) => ({ title: text(content) });

/** Every writable type, plus the computed ones. */
const ALL_TYPES = {
  Name: { title: {} },
  Text: { rich_text: {} },
  Count: { number: {} },
  Pick: { select: { options: [{ name: "Existing", color: "red" }] } },
  Tags: { multi_select: { options: [{ name: "a", color: "blue" }] } },
  Stage: { status: {} },
  Due: { date: {} },
  Owner: { people: {} },
  Attachments: { files: {} },
  Done: { checkbox: {} },
  Link: { url: {} },
  Mail: { email: {} },
  Phone: { phone_number: {} },
  Calc: { formula: { expression: 'prop("Count")' } },
  Created: { created_time: {} },
  Author: { created_by: {} },
  Edited: { last_edited_time: {} },
  Editor: { last_edited_by: {} },
  Ticket: { unique_id: { prefix: "T" } },
  Press: { button: {} },
  Where: { place: {} },
};

describe("values of every type", () => {
  let ds: any;
  before(async () => {
    ds = await source(ALL_TYPES, "Every type");
  });

  test("a blank row shows every property with id and type, empty values", async () => {
    const page = await row(ds.id);
    assert.equal(isFullPage(page), true);
    assert.deepEqual(page.parent, { type: "data_source_id", data_source_id: ds.id, database_id: ds.parent.database_id });
    assert.deepEqual(Object.keys(page.properties), Object.keys(ALL_TYPES));
    for (const [name, value] of Object.entries<any>(page.properties)) {
      assert.equal(value.id, ds.properties[name].id, name);
      assert.equal(value.type, ds.properties[name].type, name);
    }
    const v = (name: string) => page.properties[name][page.properties[name].type];
    assert.deepEqual(v("Name"), []);
    assert.deepEqual(v("Text"), []);
    for (const name of ["Count", "Pick", "Due", "Link", "Mail", "Phone", "Where"]) assert.equal(v(name), null, name);
    // A status starts at its default option, the first of its first group.
    assert.equal(v("Stage").name, "Not started");
    assert.deepEqual(v("Tags"), []);
    assert.deepEqual(v("Owner"), []);
    assert.deepEqual(v("Attachments"), []);
    assert.equal(v("Done"), false);
    // prop("Count") of a blank row: an empty number (the formula engine, src/formula).
    assert.deepEqual(v("Calc"), { type: "number", number: null });
    assert.match(v("Created"), MINUTE_TS);
    assert.match(v("Edited"), MINUTE_TS);
    assert.equal(v("Author").id, botId);
    assert.equal(v("Editor").id, botId);
    assert.deepEqual(v("Press"), {});
    assert.equal(v("Ticket").prefix, "T");
    assert.equal(typeof v("Ticket").number, "number");
    assert.equal(page.url.endsWith(page.id.replace(/-/g, "")), true);
  });

  test("create with a value for every writable type", async () => {
    const page = await row(ds.id, {
      Name: title("Everything"),
      Text: { rich_text: [...text("plain "), { text: { content: "bold" }, annotations: { bold: true } }] },
      Count: { number: 42.5 },
      Pick: { select: { name: "Existing" } },
      Tags: { multi_select: [{ name: "a" }] },
      Stage: { status: { name: "In progress" } },
      Due: { date: { start: "2024-05-01", end: "2024-05-03" } },
      Owner: { people: [{ id: person.id }] },
      Attachments: { files: [{ name: "doc.pdf", external: { url: "https://example.com/doc.pdf" } }] },
      Done: { checkbox: true },
      Link: { url: "https://example.com" },
      Mail: { email: "a@example.com" },
      Phone: { phone_number: "+1 555 0100" },
      Where: { place: { lat: 48.8584, lon: 2.2945, name: "Eiffel Tower" } },
    });
    const p = page.properties;
    assert.deepEqual(p.Name.title, [textItem("Everything")]);
    assert.equal(p.Text.rich_text.length, 2);
    assert.equal(p.Text.rich_text[1].annotations.bold, true);
    assert.equal(p.Count.number, 42.5);
    assert.deepEqual(p.Pick.select, { id: ds.properties.Pick.select.options[0].id, name: "Existing", color: "red" });
    assert.deepEqual(p.Tags.multi_select, [{ id: ds.properties.Tags.multi_select.options[0].id, name: "a", color: "blue" }]);
    assert.equal(p.Stage.status.name, "In progress");
    assert.equal(p.Stage.status.color, "blue");
    assert.deepEqual(p.Due.date, { start: "2024-05-01", end: "2024-05-03", time_zone: null });
    assert.deepEqual(p.Owner.people, [{ object: "user", id: person.id, name: person.name, avatar_url: null, type: "person", person: { email: person.email } }]);
    assert.deepEqual(p.Attachments.files, [{ name: "doc.pdf", type: "external", external: { url: "https://example.com/doc.pdf" } }]);
    assert.equal(p.Done.checkbox, true);
    assert.equal(p.Link.url, "https://example.com");
    assert.equal(p.Mail.email, "a@example.com");
    assert.equal(p.Phone.phone_number, "+1 555 0100");
    assert.deepEqual(p.Where.place, { lat: 48.8584, lon: 2.2945, name: "Eiffel Tower", address: null, aws_place_id: null, google_place_id: null });
    // The page reads back the same.
    assert.deepEqual((await get(page.id)).properties, p);
  });

  test("update merges: only the given properties change; null and [] clear", async () => {
    const page = await row(ds.id, { Name: title("Merge"), Count: { number: 1 }, Link: { url: "https://a.example" }, Tags: { multi_select: [{ name: "a" }] } });
    const updated = await edit(page.id, { Count: { number: 2 }, Link: { url: null }, Tags: { multi_select: [] } });
    assert.equal(updated.properties.Count.number, 2);
    assert.equal(updated.properties.Link.url, null);
    assert.deepEqual(updated.properties.Tags.multi_select, []);
    assert.deepEqual(updated.properties.Name.title, [textItem("Merge")]);
    // Keys may be property ids (URL-encoded or not) and values may carry `type`.
    const byId = await edit(page.id, { [ds.properties.Count.id]: { type: "number", number: 3 }, [decodeURIComponent(ds.properties.Done.id)]: { checkbox: true } });
    assert.equal(byId.properties.Count.number, 3);
    assert.equal(byId.properties.Done.checkbox, true);
    // The title by its id `title`, as a bare array.
    const titled = await edit(page.id, { title: { title: text("Renamed") } });
    assert.deepEqual(titled.properties.Name.title, [textItem("Renamed")]);
  });

  test("2026-03-11 page: no archived; 2022-06-28: parent is the database", async () => {
    const page = await row(ds.id, { Name: title("Versions") });
    const n = await get(page.id, newest);
    assert.equal("archived" in n, false);
    assert.deepEqual(n.parent, { type: "data_source_id", data_source_id: ds.id, database_id: ds.parent.database_id });
    const old = await get(page.id, legacy);
    assert.deepEqual(old.parent, { type: "database_id", database_id: ds.parent.database_id });
    assert.deepEqual(Object.keys(old.properties), Object.keys(ALL_TYPES));
  });

  test("wrong value shapes are validation errors naming the path", async () => {
    await rejects(row(ds.id, { Count: { number: "12" } }), invalid(/body\.properties\.Count\.number should be a number/));
    await rejects(row(ds.id, { Done: { checkbox: "yes" } }), invalid(/body\.properties\.Done\.checkbox/));
    await rejects(row(ds.id, { Due: { date: { start: "tomorrow" } } }), invalid(/body\.properties\.Due\.date\.start/));
    await rejects(row(ds.id, { Count: { type: "rich_text", rich_text: [] } }), invalid(/body\.properties\.Count\.type/));
    await rejects(row(ds.id, { Link: { url: "x".repeat(2001) } }), invalid(/body\.properties\.Link\.url/));
    await rejects(row(ds.id, { Where: { place: { lat: 91, lon: 0 } } }), invalid(/lat/));
    await rejects(row(ds.id, { Owner: { people: [{ id: MISSING_ID }] } }), invalid(/user/));
    await rejects(row(ds.id, { Attachments: { files: [{ external: { url: "https://example.com/x.pdf" } }] } }), invalid(/body\.properties\.Attachments\.files\[0\]\.name should be defined/));
  });
});

describe("parents", () => {
  test("database_id parent for a single-source database (2025-09-03 and 2022-06-28)", async () => {
    const ds = await source({ Name: { title: {} }, N: { number: {} } }, "Single");
    const dbId = ds.parent.database_id;
    const viaDb = await notion.pages.create({ parent: { database_id: dbId }, properties: { Name: title("via db"), N: { number: 1 } } } as any);
    assert.deepEqual((viaDb as any).parent, { type: "data_source_id", data_source_id: ds.id, database_id: dbId });
    const viaLegacy: any = await legacy.pages.create({ parent: { database_id: dbId }, properties: { Name: title("legacy"), N: { number: 2 } } } as any);
    assert.deepEqual(viaLegacy.parent, { type: "database_id", database_id: dbId });
    assert.equal(viaLegacy.properties.N.number, 2);
    // Legacy updates work the same way.
    const up: any = await legacy.pages.update({ page_id: viaLegacy.id, properties: { N: { number: 3 } } } as any);
    assert.equal(up.properties.N.number, 3);
  });

  test("a non-database page accepts only a title", async () => {
    await rejects(notion.pages.create({ parent: { page_id: home }, properties: { title: title("x"), Extra: { number: 1 } } } as any), invalid("Extra is not a property that exists."));
  });

  test("move a page into a data source and a row out to a page", async () => {
    const ds = await source({ Name: { title: {} }, N: { number: {} }, Id: { unique_id: {} } }, "Move target");
    const loose = await newPage(notion, home, "Loose page");
    const moved: any = await notion.pages.move({ page_id: loose, parent: { data_source_id: ds.id } } as any);
    assert.deepEqual(moved.parent, { type: "data_source_id", data_source_id: ds.id, database_id: ds.parent.database_id });
    assert.deepEqual(moved.properties.Name.title, [textItem("Loose page")]);
    assert.equal(moved.properties.N.number, null);
    assert.equal(moved.properties.Id.unique_id.number, 1);
    const r = await row(ds.id, { Name: title("Leaving"), N: { number: 5 } });
    const out: any = await notion.pages.move({ page_id: r.id, parent: { page_id: home } } as any);
    assert.deepEqual(out.parent, { type: "page_id", page_id: home });
    assert.deepEqual(Object.keys(out.properties), ["title"]);
    assert.deepEqual(out.properties.title, { id: "title", type: "title", title: [textItem("Leaving")] });
  });
});

describe("options", () => {
  test("select and multi_select options are created on first use", async () => {
    const ds = await source({ Name: { title: {} }, Pick: { select: {} }, Tags: { multi_select: {} } }, "Options");
    const page = await row(ds.id, { Pick: { select: { name: "New one" } }, Tags: { multi_select: [{ name: "x" }, { name: "y", color: "pink" }] } });
    assert.equal(page.properties.Pick.select.name, "New one");
    assert.deepEqual(
      page.properties.Tags.multi_select.map((o: any) => [o.name, o.color]),
      [["x", "default"], ["y", "pink"]],
    );
    const after: any = await notion.dataSources.retrieve({ data_source_id: ds.id });
    assert.deepEqual(
      after.properties.Pick.select.options.map((o: any) => o.name),
      ["New one"],
    );
    assert.deepEqual(
      after.properties.Tags.multi_select.options.map((o: any) => o.name),
      ["x", "y"],
    );
    assert.equal(after.properties.Pick.select.options[0].id, page.properties.Pick.select.id);
    // Reuse by name and by id.
    const again = await row(ds.id, { Pick: { select: { id: page.properties.Pick.select.id } }, Tags: { multi_select: [{ name: "x" }] } });
    assert.equal(again.properties.Pick.select.name, "New one");
    assert.equal(again.properties.Tags.multi_select[0].id, page.properties.Tags.multi_select[0].id);
    const still: any = await notion.dataSources.retrieve({ data_source_id: ds.id });
    assert.equal(still.properties.Tags.multi_select.options.length, 2);
    // Commas are not allowed; unknown ids are refused.
    await rejects(row(ds.id, { Pick: { select: { name: "a,b" } } }), invalid(/comma/));
    await rejects(row(ds.id, { Pick: { select: { id: "nope" } } }), invalid());
    await rejects(row(ds.id, { Pick: { select: { name: "Teal one", color: "teal" } } }), invalid(/color/));
    await rejects(row(ds.id, { Pick: { select: { name: "" } } }), invalid(/body\.properties\.Pick\.select\.name\.length should be ≥ `1`/));
    // A failed write adds no option.
    await rejects(row(ds.id, { Tags: { multi_select: [{ name: "z" }] }, Nope: { number: 1 } }), invalid());
    const unchanged: any = await notion.dataSources.retrieve({ data_source_id: ds.id });
    assert.equal(unchanged.properties.Tags.multi_select.options.length, 2);
  });

  test("a status option must exist", async () => {
    const ds = await source({ Name: { title: {} }, Stage: { status: {} } }, "Status");
    await rejects(row(ds.id, { Stage: { status: { name: "Someday" } } }), invalid(/Someday/));
    const done = ds.properties.Stage.status.options[2];
    const page = await row(ds.id, { Stage: { status: { id: done.id } } });
    assert.deepEqual(page.properties.Stage.status, { id: done.id, name: "Done", color: "green" });
    const cleared = await edit(page.id, { Stage: { status: null } });
    assert.equal(cleared.properties.Stage.status, null);
  });

  test("a removed option reads as empty", async () => {
    const ds = await source({ Name: { title: {} }, Pick: { select: { options: [{ name: "keep" }, { name: "drop" }] } } }, "Dropped");
    const page = await row(ds.id, { Pick: { select: { name: "drop" } } });
    await notion.dataSources.update({ data_source_id: ds.id, properties: { Pick: { select: { options: [{ name: "keep" }] } } } } as any);
    assert.equal((await get(page.id)).properties.Pick.select, null);
  });
});

describe("read-only and unknown properties", () => {
  let ds: any;
  before(async () => {
    const other = await source({ Name: { title: {} }, N: { number: {} } }, "Ro target");
    ds = await source(
      {
        ...ALL_TYPES,
        Rel: { relation: { data_source_id: other.id, single_property: {} } },
        Roll: { rollup: { relation_property_name: "Rel", rollup_property_name: "N", function: "sum" } },
      },
      "Read only",
    );
  });

  test("computed properties cannot be written", async () => {
    const page = await row(ds.id);
    for (const [name, value] of Object.entries<unknown>({
      Calc: { formula: { string: "x" } },
      Roll: { rollup: { number: 1 } },
      Created: { created_time: "2024-01-01T00:00:00.000Z" },
      Author: { created_by: { id: botId } },
      Edited: { last_edited_time: "2024-01-01T00:00:00.000Z" },
      Editor: { last_edited_by: { id: botId } },
      Ticket: { unique_id: { number: 9 } },
      Press: { button: {} },
    })) {
      await rejects(row(ds.id, { [name]: value }), invalid(new RegExp(name)));
      await rejects(edit(page.id, { [name]: value }), invalid(new RegExp(name)));
    }
  });

  test("unknown property names: one sentence each", async () => {
    await rejects(row(ds.id, { Ghost: { number: 1 } }), invalid("Ghost is not a property that exists."));
    const page = await row(ds.id);
    await rejects(edit(page.id, { Ghost: { number: 1 }, Spirit: { checkbox: true } }), invalid("Ghost is not a property that exists. Spirit is not a property that exists."));
  });
});

describe("people", () => {
  test("user objects follow the reader's user-information capability", async () => {
    const ds = await source({ Name: { title: {} }, Who: { people: {} }, Author: { created_by: {} } }, "People");
    const page = await row(ds.id, { Who: { people: [{ id: person.id }, { id: botId }, { id: person.id }] } });
    // Duplicates collapse.
    assert.equal(page.properties.Who.people.length, 2);
    const share = ds.parent.database_id;
    const parentPage = home;
    const noEmail = q.client({ auth: (await q.integration("No email", ["read_content", "user_info_without_email"], [parentPage])).token });
    const noInfo = q.client({ auth: (await q.integration("No info", ["read_content", "user_info_none"], [parentPage])).token });
    void share;
    const a = await get(page.id, noEmail);
    assert.deepEqual(a.properties.Who.people[0], { object: "user", id: person.id, name: person.name, avatar_url: null, type: "person", person: {} });
    assert.equal(a.properties.Who.people[1].type, "bot");
    const b = await get(page.id, noInfo);
    assert.deepEqual(b.properties.Who.people, [{ object: "user", id: person.id }, { object: "user", id: botId }]);
    assert.deepEqual(b.properties.Author.created_by, { object: "user", id: botId });
  });
});

describe("relations", () => {
  test("dual relations keep both sides in step (add and remove)", async () => {
    const projects = await source({ Name: { title: {} } }, "Projects");
    const tasks = await source({ Name: { title: {} }, Project: { relation: { data_source_id: projects.id, dual_property: { synced_property_name: "Tasks" } } } }, "Tasks");
    const p1 = await row(projects.id, { Name: title("P1") });
    const p2 = await row(projects.id, { Name: title("P2") });
    const t1 = await row(tasks.id, { Name: title("T1"), Project: { relation: [{ id: p1.id }, { id: p2.id }] } });
    assert.deepEqual(t1.properties.Project.relation, [{ id: p1.id }, { id: p2.id }]);
    assert.equal(t1.properties.Project.has_more, false);
    assert.deepEqual((await get(p1.id)).properties.Tasks.relation, [{ id: t1.id }]);
    assert.deepEqual((await get(p2.id)).properties.Tasks.relation, [{ id: t1.id }]);
    // Remove p1 from the task: p1 no longer points back.
    await edit(t1.id, { Project: { relation: [{ id: p2.id }] } });
    assert.deepEqual((await get(p1.id)).properties.Tasks.relation, []);
    assert.deepEqual((await get(p2.id)).properties.Tasks.relation, [{ id: t1.id }]);
    // Writing from the other side updates the task.
    const t2 = await row(tasks.id, { Name: title("T2") });
    await edit(p1.id, { Tasks: { relation: [{ id: t1.id }, { id: t2.id }] } });
    assert.deepEqual((await get(t1.id)).properties.Project.relation, [{ id: p2.id }, { id: p1.id }]);
    assert.deepEqual((await get(t2.id)).properties.Project.relation, [{ id: p1.id }]);
    // Clearing empties both sides.
    await edit(p1.id, { Tasks: { relation: [] } });
    assert.deepEqual((await get(t2.id)).properties.Project.relation, []);
  });

  test("a relation only accepts pages of its data source; duplicates collapse", async () => {
    const target = await source({ Name: { title: {} } }, "Rel target");
    const ds = await source({ Name: { title: {} }, Rel: { relation: { data_source_id: target.id, single_property: {} } } }, "Rel source");
    const t = await row(target.id, { Name: title("t") });
    const stranger = await newPage(notion, home, "Not a row");
    await rejects(row(ds.id, { Rel: { relation: [{ id: stranger }] } }), invalid());
    // A page that does not exist reads as one not shared: 404 (test/adversarial-access.test.ts).
    await rejects(row(ds.id, { Rel: { relation: [{ id: MISSING_ID }] } }), { status: 404, code: "object_not_found", message: new RegExp(`^Could not find page with ID: ${MISSING_ID}\\.`) });
    const page = await row(ds.id, { Rel: { relation: [{ id: t.id }, { id: t.id }] } });
    assert.deepEqual(page.properties.Rel.relation, [{ id: t.id }]);
  });

  test("more than 25 references: the page object cuts at 25 with has_more; the property item lists all", async () => {
    const target = await source({ Name: { title: {} } }, "Many");
    const ds = await source({ Name: { title: {} }, Rel: { relation: { data_source_id: target.id, single_property: {} } }, Who: { people: {} } }, "Many refs");
    const ids: string[] = [];
    for (let i = 0; i < 30; i++) ids.push((await row(target.id, { Name: title(`t${i}`) })).id);
    const page = await row(ds.id, { Rel: { relation: ids.map((id) => ({ id })) } });
    assert.equal(page.properties.Rel.relation.length, 25);
    assert.equal(page.properties.Rel.has_more, true);
    assert.deepEqual(
      page.properties.Rel.relation.map((r: any) => r.id),
      ids.slice(0, 25),
    );
    const first = await item(page.id, ds.properties.Rel.id, { page_size: 20 });
    assert.equal(first.object, "list");
    assert.equal(first.results.length, 20);
    assert.equal(first.has_more, true);
    assert.deepEqual(first.results[0], { object: "property_item", type: "relation", id: ds.properties.Rel.id, relation: { id: ids[0] } });
    assert.deepEqual(first.property_item, {
      id: ds.properties.Rel.id,
      next_url: `${q.url}/v1/pages/${page.id}/properties/${ds.properties.Rel.id}?start_cursor=${first.next_cursor}`,
      type: "relation",
      relation: {},
    });
    const all = await collectPaginatedAPI(notion.pages.properties.retrieve as any, { page_id: page.id, property_id: ds.properties.Rel.id, page_size: 7 } as any);
    assert.deepEqual(
      (all as any[]).map((r) => r.relation.id),
      ids,
    );
  });
});

describe("more than 25 people and rollup inputs", () => {
  test("people cut at 25 in the page object; rollups count the first 25 there and all of them in the property item", async () => {
    const users: string[] = [];
    for (let i = 0; i < 27; i++) users.push((await q.admin("POST", "/_quire/v1/users", { name: `User ${i}`, email: `user${i}@example.com` })).body.id);
    const target = await source({ Name: { title: {} }, N: { number: {} } }, "Counted");
    const related: string[] = [];
    for (let i = 0; i < 28; i++) related.push((await row(target.id, { N: { number: 1 } })).id);
    const ds = await source(
      {
        Name: { title: {} },
        Who: { people: {} },
        Rel: { relation: { data_source_id: target.id, single_property: {} } },
        Total: { rollup: { relation_property_name: "Rel", rollup_property_name: "N", function: "sum" } },
      },
      "Crowded",
    );
    const page = await row(ds.id, { Who: { people: users.map((id) => ({ id })) }, Rel: { relation: related.map((id) => ({ id })) } });
    assert.equal(page.properties.Who.people.length, 25);
    assert.deepEqual(
      page.properties.Who.people.map((u: any) => u.id),
      users.slice(0, 25),
    );
    assert.equal(page.properties.Total.rollup.number, 25);
    const people = await collectPaginatedAPI(notion.pages.properties.retrieve as any, { page_id: page.id, property_id: ds.properties.Who.id } as any);
    assert.deepEqual(
      (people as any[]).map((r) => r.people.id),
      users,
    );
    const total = await item(page.id, ds.properties.Total.id);
    assert.equal(total.results.length, 28);
    assert.deepEqual(total.property_item.rollup, { type: "number", number: 28, function: "sum" });
  });
});

describe("mentions in text properties", () => {
  test("mentions in title and rich_text are not cut at 25 in the page object; the property item has them all", async () => {
    const ds = await source({ Name: { title: {} }, Notes: { rich_text: {} } }, "Mentions");
    const items = Array.from({ length: 30 }, () => ({ mention: { user: { id: person.id } } }));
    const page = await row(ds.id, { Name: { title: [...text("t "), ...items] }, Notes: { rich_text: items } });
    assert.equal(page.properties.Notes.rich_text.length, 30);
    assert.equal(page.properties.Name.title.length, 31);
    assert.equal(page.properties.Notes.rich_text[0].mention.user.id, person.id);
    const all = await collectPaginatedAPI(notion.pages.properties.retrieve as any, { page_id: page.id, property_id: ds.properties.Notes.id } as any);
    assert.equal(all.length, 30);
    const titles = await collectPaginatedAPI(notion.pages.properties.retrieve as any, { page_id: page.id, property_id: "title" } as any);
    assert.equal(titles.length, 31);
  });
});

describe("unique ids", () => {
  test("numbered in creation order, with prefix; existing rows are numbered when the property is added", async () => {
    const ds = await source({ Name: { title: {} }, Id: { unique_id: { prefix: "BUG" } } }, "Numbered");
    const a = await row(ds.id, { Name: title("a") });
    const b = await row(ds.id, { Name: title("b") });
    assert.deepEqual(a.properties.Id.unique_id, { prefix: "BUG", number: 1 });
    assert.deepEqual(b.properties.Id.unique_id, { prefix: "BUG", number: 2 });
    // Added later: existing rows get numbers in creation order, new rows continue.
    const trashed = await row(ds.id, { Name: title("c") });
    await notion.pages.update({ page_id: trashed.id, in_trash: true });
    await notion.dataSources.update({ data_source_id: ds.id, properties: { Seq: { unique_id: {} } } } as any);
    const numbers = await Promise.all([a, b, trashed].map(async (p) => (await get(p.id)).properties.Seq.unique_id));
    assert.deepEqual(numbers, [{ prefix: null, number: 1 }, { prefix: null, number: 2 }, { prefix: null, number: 3 }]);
    const d = await row(ds.id, { Name: title("d") });
    assert.deepEqual(d.properties.Seq.unique_id, { prefix: null, number: 4 });
    assert.deepEqual(d.properties.Id.unique_id, { prefix: "BUG", number: 4 });
    // The prefix follows schema changes.
    await notion.dataSources.update({ data_source_id: ds.id, properties: { Id: { unique_id: { prefix: "ISS" } } } } as any);
    assert.deepEqual((await get(a.id)).properties.Id.unique_id, { prefix: "ISS", number: 1 });
  });
});

describe("schema changes and existing values", () => {
  test("retyping to a type a value cannot become empties it; removing drops values; renaming keeps them", async () => {
    const ds = await source({ Name: { title: {} }, N: { number: {} }, Keep: { rich_text: {} }, Gone: { checkbox: {} } }, "Changing");
    const page = await row(ds.id, { N: { number: 7 }, Keep: { rich_text: text("kept") }, Gone: { checkbox: true } });
    await notion.dataSources.update({ data_source_id: ds.id, properties: { N: { people: {} }, Keep: { name: "Kept" }, Gone: null } } as any);
    const after = await get(page.id);
    assert.deepEqual(after.properties.N, { id: ds.properties.N.id, type: "people", people: [] });
    assert.deepEqual(after.properties.Kept.rich_text, [textItem("kept")]);
    assert.equal("Gone" in after.properties, false);
    // A property re-added under the old name starts empty.
    await notion.dataSources.update({ data_source_id: ds.id, properties: { Gone: { checkbox: {} } } } as any);
    assert.equal((await get(page.id)).properties.Gone.checkbox, false);
  });
});

describe("rollups", () => {
  let items: any;
  let orders: any;
  let order: any;
  let rows: any[];
  before(async () => {
    items = await source(
      { Name: { title: {} }, Price: { number: {} }, When: { date: {} }, Ok: { checkbox: {} }, Tag: { select: {} }, Note: { rich_text: {} } },
      "Items",
    );
    rows = [
      await row(items.id, { Name: title("i1"), Price: { number: 10 }, When: { date: { start: "2024-03-01" } }, Ok: { checkbox: true }, Tag: { select: { name: "x" } }, Note: { rich_text: text("n") } }),
      await row(items.id, { Name: title("i2"), Price: { number: 30 }, When: { date: { start: "2024-01-15", end: "2024-02-01" } }, Ok: { checkbox: false }, Tag: { select: { name: "y" } } }),
      await row(items.id, { Name: title("i3"), Price: { number: 20 }, Ok: { checkbox: true }, Tag: { select: { name: "x" } } }),
      await row(items.id, { Name: title("i4") }),
    ];
    const roll = (fn: string, prop: string) => ({ rollup: { relation_property_name: "Items", rollup_property_name: prop, function: fn } });
    orders = await source(
      {
        Name: { title: {} },
        Items: { relation: { data_source_id: items.id, single_property: {} } },
        Sum: roll("sum", "Price"),
        Count: roll("count", "Name"),
        CountValues: roll("count_values", "Price"),
        Empty: roll("empty", "Price"),
        NotEmpty: roll("not_empty", "Price"),
        Unique: roll("unique", "Tag"),
        Avg: roll("average", "Price"),
        Median: roll("median", "Price"),
        Min: roll("min", "Price"),
        Max: roll("max", "Price"),
        Range: roll("range", "Price"),
        Earliest: roll("earliest_date", "When"),
        Latest: roll("latest_date", "When"),
        Span: roll("date_range", "When"),
        Checked: roll("checked", "Ok"),
        Unchecked: roll("unchecked", "Ok"),
        PctChecked: roll("percent_checked", "Ok"),
        PctEmpty: roll("percent_empty", "Price"),
        Original: roll("show_original", "Tag"),
        UniqueShown: roll("show_unique", "Tag"),
        Titles: roll("show_original", "Name"),
      },
      "Orders",
    );
    order = await row(orders.id, { Name: title("o1"), Items: { relation: rows.map((r) => ({ id: r.id })) } });
  });

  const r = (name: string) => order.properties[name].rollup;

  test("number functions", () => {
    assert.deepEqual(r("Sum"), { type: "number", number: 60, function: "sum" });
    assert.deepEqual(r("Count"), { type: "number", number: 4, function: "count" });
    assert.deepEqual(r("CountValues"), { type: "number", number: 3, function: "count_values" });
    assert.deepEqual(r("Empty"), { type: "number", number: 1, function: "empty" });
    assert.deepEqual(r("NotEmpty"), { type: "number", number: 3, function: "not_empty" });
    assert.deepEqual(r("Unique"), { type: "number", number: 2, function: "unique" });
    assert.deepEqual(r("Avg"), { type: "number", number: 20, function: "average" });
    assert.deepEqual(r("Median"), { type: "number", number: 20, function: "median" });
    assert.deepEqual(r("Min"), { type: "number", number: 10, function: "min" });
    assert.deepEqual(r("Max"), { type: "number", number: 30, function: "max" });
    assert.deepEqual(r("Range"), { type: "number", number: 20, function: "range" });
    assert.deepEqual(r("Checked"), { type: "number", number: 2, function: "checked" });
    assert.deepEqual(r("Unchecked"), { type: "number", number: 2, function: "unchecked" });
    assert.deepEqual(r("PctChecked"), { type: "number", number: 0.5, function: "percent_checked" });
    assert.deepEqual(r("PctEmpty"), { type: "number", number: 0.25, function: "percent_empty" });
  });

  test("date functions", () => {
    assert.deepEqual(r("Earliest"), { type: "date", date: { start: "2024-01-15", end: null, time_zone: null }, function: "earliest_date" });
    assert.deepEqual(r("Latest"), { type: "date", date: { start: "2024-03-01", end: null, time_zone: null }, function: "latest_date" });
    assert.deepEqual(r("Span"), { type: "date", date: { start: "2024-01-15", end: "2024-03-01", time_zone: null }, function: "date_range" });
  });

  test("show_original and show_unique: arrays of values without ids (recorded shape)", () => {
    const original = r("Original");
    assert.equal(original.type, "array");
    assert.equal(original.function, "show_original");
    assert.deepEqual(
      original.array.map((v: any) => [v.type, v.select?.name ?? null]),
      [["select", "x"], ["select", "y"], ["select", "x"], ["select", null]],
    );
    assert.deepEqual(Object.keys(original.array[0]), ["type", "select"]);
    assert.deepEqual(
      r("UniqueShown").array.map((v: any) => v.select?.name ?? null),
      ["x", "y", null],
    );
    assert.deepEqual(
      r("Titles").array.map((v: any) => v.title[0].plain_text),
      ["i1", "i2", "i3", "i4"],
    );
  });

  test("values follow changes to related pages, and trashed related pages drop out", async () => {
    await edit(rows[0].id, { Price: { number: 110 } });
    assert.deepEqual((await get(order.id)).properties.Sum.rollup, { type: "number", number: 160, function: "sum" });
    await notion.pages.update({ page_id: rows[1].id, in_trash: true });
    const now = await get(order.id);
    assert.equal(now.properties.Sum.rollup.number, 130);
    assert.equal(now.properties.Count.rollup.number, 3);
    await notion.pages.update({ page_id: rows[1].id, in_trash: false });
    await edit(rows[0].id, { Price: { number: 10 } });
  });

  test("the property item of a rollup: the related pages, the value in property_item.rollup", async () => {
    const sum = await item(order.id, orders.properties.Sum.id);
    assert.equal(sum.object, "list");
    assert.equal(sum.type, "property_item");
    assert.deepEqual(
      sum.results.map((x: any) => x.relation.id),
      rows.map((x) => x.id),
    );
    assert.deepEqual(sum.results[0], { object: "property_item", type: "relation", id: orders.properties.Sum.id, relation: { id: rows[0].id } });
    assert.deepEqual(sum.property_item, { id: orders.properties.Sum.id, next_url: null, type: "rollup", rollup: { type: "number", number: 60, function: "sum" } });
    // Paged: incomplete until the last page.
    const page1 = await item(order.id, orders.properties.Sum.id, { page_size: 3 });
    assert.equal(page1.has_more, true);
    assert.deepEqual(page1.property_item.rollup, { type: "incomplete", incomplete: {}, function: "sum" });
    const page2 = await item(order.id, orders.properties.Sum.id, { page_size: 3, start_cursor: page1.next_cursor });
    assert.equal(page2.has_more, false);
    assert.deepEqual(page2.property_item.rollup, { type: "number", number: 60, function: "sum" });
    // show_original: the values, flattened; the final metadata holds an empty array.
    const original = await item(order.id, orders.properties.Titles.id);
    assert.deepEqual(
      original.results.map((x: any) => [x.type, x.title.plain_text]),
      [["title", "i1"], ["title", "i2"], ["title", "i3"], ["title", "i4"]],
    );
    assert.deepEqual(original.property_item.rollup, { type: "array", array: [], function: "show_original" });
  });
});

describe("the property-item endpoint", () => {
  let ds: any;
  let page: any;
  before(async () => {
    ds = await source(ALL_TYPES, "Items everywhere");
    page = await row(ds.id, {
      Name: { title: [...text("one "), ...text("two "), ...text("three")] },
      Text: { rich_text: text("hello") },
      Count: { number: 5 },
      Pick: { select: { name: "Existing" } },
      Tags: { multi_select: [{ name: "a" }] },
      Stage: { status: { name: "Done" } },
      Due: { date: { start: "2024-05-01" } },
      Owner: { people: [{ id: person.id }, { id: botId }] },
      Attachments: { files: [{ name: "f.txt", external: { url: "https://example.com/f.txt" } }] },
      Done: { checkbox: true },
      Link: { url: "https://example.com" },
      Mail: { email: "a@example.com" },
      Phone: { phone_number: "123" },
      Where: { place: { lat: 1, lon: 2 } },
    });
  });

  test("title and rich_text: one rich-text item per result, paginated", async () => {
    const res = await item(page.id, "title");
    assert.deepEqual(Object.keys(res), ["object", "results", "next_cursor", "has_more", "type", "property_item", "request_id"]);
    assert.deepEqual(
      res.results.map((r: any) => r.title.plain_text),
      ["one ", "two ", "three"],
    );
    assert.deepEqual(Object.keys(res.results[0]), ["object", "type", "id", "title"]);
    assert.deepEqual(res.property_item, { id: "title", next_url: null, type: "title", title: {} });
    const paged = await item(page.id, "title", { page_size: 2 });
    assert.equal(paged.results.length, 2);
    assert.equal(paged.has_more, true);
    const rest = await item(page.id, "title", { page_size: 2, start_cursor: paged.next_cursor });
    assert.deepEqual(
      rest.results.map((r: any) => r.title.plain_text),
      ["three"],
    );
    const text1 = await item(page.id, ds.properties.Text.id);
    assert.deepEqual(text1.results, [{ object: "property_item", type: "rich_text", id: ds.properties.Text.id, rich_text: textItem("hello") }]);
    assert.deepEqual(text1.property_item.rich_text, {});
  });

  test("people: one user per result", async () => {
    const res = await item(page.id, ds.properties.Owner.id);
    assert.equal(res.object, "list");
    assert.deepEqual(
      res.results.map((r: any) => [r.type, r.people.id]),
      [["people", person.id], ["people", botId]],
    );
    assert.equal(res.results[0].people.name, person.name);
    assert.deepEqual(res.property_item, { id: ds.properties.Owner.id, next_url: null, type: "people", people: {} });
  });

  test("every other type: a single property_item with the value", async () => {
    const expected: Record<string, unknown> = {
      Count: 5,
      Pick: { id: ds.properties.Pick.select.options[0].id, name: "Existing", color: "red" },
      Due: { start: "2024-05-01", end: null, time_zone: null },
      Attachments: [{ name: "f.txt", type: "external", external: { url: "https://example.com/f.txt" } }],
      Done: true,
      Link: "https://example.com",
      Mail: "a@example.com",
      Phone: "123",
      Where: { lat: 1, lon: 2, name: null, address: null, aws_place_id: null, google_place_id: null },
      Press: {},
      Calc: { type: "number", number: 5 }, // prop("Count"), evaluated by src/formula
      Ticket: { prefix: "T", number: 1 },
    };
    for (const [name, value] of Object.entries(expected)) {
      const p = ds.properties[name];
      const res = await item(page.id, p.id);
      assert.deepEqual(res, { object: "property_item", type: p.type, id: p.id, [p.type]: value, request_id: res.request_id }, name);
    }
    const tags = await item(page.id, ds.properties.Tags.id);
    assert.deepEqual(tags.multi_select.map((o: any) => o.name), ["a"]);
    const stage = await item(page.id, ds.properties.Stage.id);
    assert.equal(stage.status.name, "Done");
    const created = await item(page.id, ds.properties.Created.id);
    assert.match(created.created_time, MINUTE_TS);
    const author = await item(page.id, ds.properties.Author.id);
    assert.equal(author.created_by.id, botId);
    const editor = await item(page.id, ds.properties.Editor.id);
    assert.equal(editor.last_edited_by.id, botId);
    const edited = await item(page.id, ds.properties.Edited.id);
    assert.match(edited.last_edited_time, MINUTE_TS);
  });

  test("property ids: encoded, decoded, or the property name; unknown is 404", async () => {
    for (const name of ["Count", "Link", "Mail"]) {
      const id = ds.properties[name].id;
      assert.equal((await item(page.id, id)).id, id);
      const raw = await q.raw("GET", `/v1/pages/${page.id}/properties/${id}`);
      assert.equal(raw.status, 200, JSON.stringify(raw.body));
      assert.equal(raw.body.id, id);
    }
    await rejects(item(page.id, "zzzz-not-there"), { status: 404, code: "object_not_found" });
    const plain = await newPage(notion, home, "Plain page");
    await rejects(item(plain, ds.properties.Count.id), { status: 404, code: "object_not_found" });
  });

  test("every id as returned (URL-encoded, any punctuation) works in the path", async () => {
    const props: Record<string, unknown> = { Name: { title: {} } };
    for (let i = 0; i < 40; i++) props[`N${i}`] = { number: {} };
    const many = await source(props, "Punctuated ids");
    const values: Record<string, unknown> = {};
    for (let i = 0; i < 40; i++) values[`N${i}`] = { number: i };
    const p = await row(many.id, values);
    for (let i = 0; i < 40; i++) {
      const id = many.properties[`N${i}`].id;
      const res = await item(p.id, id);
      assert.equal(res.number, i, `N${i} (${id})`);
      assert.equal(res.id, id);
    }
  });

  test("a bad cursor is refused", async () => {
    await rejects(item(page.id, "title", { start_cursor: "garbage" }), invalid(/start_cursor/));
  });
});

describe("filter_properties", () => {
  test("retrieve, create and update limit properties to the ids given (encoded or not)", async () => {
    const props: Record<string, unknown> = { Name: { title: {} } };
    for (let i = 0; i < 12; i++) props[`P${i}`] = { number: {} };
    const ds = await source(props, "Filtered");
    const page = await row(ds.id, { Name: title("f"), P0: { number: 0 } });
    const ids = Object.values<any>(ds.properties).map((p) => p.id);
    for (const id of ids) {
      const res: any = await notion.pages.retrieve({ page_id: page.id, filter_properties: [id] } as any);
      assert.deepEqual(
        Object.values<any>(res.properties).map((p) => p.id),
        [id],
        `filter by ${id}`,
      );
    }
    const two: any = await notion.pages.retrieve({ page_id: page.id, filter_properties: ["title", ds.properties.P0.id] } as any);
    assert.deepEqual(Object.keys(two.properties), ["Name", "P0"]);
    // Decoded ids in the raw query string too.
    const raw = await q.raw("GET", `/v1/pages/${page.id}?filter_properties=${encodeURIComponent(ds.properties.P1.id)}`);
    assert.deepEqual(Object.keys(raw.body.properties), ["P1"]);
    const created: any = await notion.pages.create({ parent: { data_source_id: ds.id }, properties: { P2: { number: 2 } }, filter_properties: [ds.properties.P2.id] } as any);
    assert.deepEqual(Object.keys(created.properties), ["P2"]);
    const updated: any = await notion.pages.update({ page_id: page.id, properties: { P3: { number: 3 } }, filter_properties: ["title"] } as any);
    assert.deepEqual(Object.keys(updated.properties), ["Name"]);
  });
});

describe("trash and access", () => {
  test("rows of a trashed database read as trashed", async () => {
    const ds = await source({ Name: { title: {} } }, "Trashed database");
    const page = await row(ds.id, { Name: title("inside") });
    await notion.databases.update({ database_id: ds.parent.database_id, in_trash: true });
    assert.equal((await get(page.id)).in_trash, true);
    await rejects(row(ds.id, { Name: title("more") }), invalid(/archived/));
    await notion.databases.update({ database_id: ds.parent.database_id, in_trash: false });
    assert.equal((await get(page.id)).in_trash, false);
  });

  test("a row in a trashed data source reads as trashed and refuses edits", async () => {
    const ds = await source({ Name: { title: {} }, N: { number: {} } }, "Trashy");
    const page = await row(ds.id, { N: { number: 1 } });
    await notion.dataSources.update({ data_source_id: ds.id, in_trash: true });
    assert.equal((await get(page.id)).in_trash, true);
    await rejects(edit(page.id, { N: { number: 2 } }), invalid(/archived/));
    await notion.dataSources.update({ data_source_id: ds.id, in_trash: false });
    assert.equal((await edit(page.id, { N: { number: 2 } })).properties.N.number, 2);
  });

  test("an integration that cannot see the page gets 404 from the property-item endpoint", async () => {
    const ds = await source({ Name: { title: {} } }, "Hidden rows");
    const page = await row(ds.id, { Name: title("secret") });
    const c = q.client({ auth: (await q.integration("Row stranger")).token });
    await rejects(c.pages.properties.retrieve({ page_id: page.id, property_id: "title" }), { status: 404, code: "object_not_found" });
    await rejects(c.pages.retrieve({ page_id: page.id }), { status: 404, code: "object_not_found" });
  });
});

/**
 * Issue 10, exact values as recorded on Notion (2026-03-11 traffic, ultimate-notion
 * tests/cassettes, unless noted), written and read under every version.
 */
describe("exact values, under every version", () => {
  let ds: any;
  let related: any;
  before(async () => {
    related = await source({ Name: { title: {} }, When: { date: {} } }, "Related dates");
    ds = await source({ Name: { title: {} }, Date: { date: {} }, Where: { place: {} }, Notes: { rich_text: {} } }, "Exact values");
    ds = await notion.dataSources.update({
      data_source_id: ds.id,
      properties: {
        Rel: { relation: { data_source_id: related.id, type: "single_property", single_property: {} } },
      },
    } as any);
    ds = await notion.dataSources.update({
      data_source_id: ds.id,
      properties: {
        Earliest: { rollup: { relation_property_name: "Rel", rollup_property_name: "When", function: "earliest_date" } },
        Dates: { rollup: { relation_property_name: "Rel", rollup_property_name: "When", function: "show_original" } },
      },
    } as any);
  });
  const parentFor = (version: string) => (version === "2022-06-28" ? { database_id: ds.parent.database_id } : { data_source_id: ds.id });
  const create = (version: string, properties: Record<string, unknown>) => q.client({ version }).pages.create({ parent: parentFor(version), properties } as any) as Promise<any>;

  for (const version of VERSIONS) {
    const client = () => q.client({ version });
    test(`${version}: dates are stored to the minute, with the UTC offset and time_zone null`, async () => {
      const cases: [Record<string, unknown>, Record<string, unknown>][] = [
        // Seconds and fractions are dropped, never rounded (test_db_querying #4–#21).
        [{ start: "2024-06-27T17:57:39.085926", time_zone: "Europe/London" }, { start: "2024-06-27T17:57:00.000+01:00", end: null, time_zone: null }],
        // The zone's offset at that date (test_simple_taskdb #4; winter in Berlin is +01:00).
        [{ start: "2026-07-21T18:58:04.659200", time_zone: "Europe/Berlin" }, { start: "2026-07-21T18:58:00.000+02:00", end: null, time_zone: null }],
        [{ start: "2026-01-21T18:58:04", time_zone: "Europe/Berlin" }, { start: "2026-01-21T18:58:00.000+01:00", end: null, time_zone: null }],
        // `Z` with UTC (test_db_advanced #50, test_page_introduction #4).
        [{ start: "2026-07-25T16:57:28.513237Z", time_zone: "UTC" }, { start: "2026-07-25T16:57:00.000+00:00", end: null, time_zone: null }],
        // An offset without time_zone is kept (notion-sdk-php client_databases_query_200.json).
        [{ start: "2022-04-07T01:00:59.999+02:00" }, { start: "2022-04-07T01:00:00.000+02:00", end: null, time_zone: null }],
        [{ start: "2024-07-10T00:00:00+0900" }, { start: "2024-07-10T00:00:00.000+09:00", end: null, time_zone: null }],
        // No offset and no zone: UTC (unconfirmed).
        [{ start: "2024-01-06T10:30:45" }, { start: "2024-01-06T10:30:00.000+00:00", end: null, time_zone: null }],
        // An offset with another zone: the same instant in that zone (unconfirmed).
        [{ start: "2026-06-27T16:57:28Z", time_zone: "Europe/Berlin" }, { start: "2026-06-27T18:57:00.000+02:00", end: null, time_zone: null }],
        // The end follows the same rules, in the same zone.
        [{ start: "2024-01-01T10:00:30", end: "2024-07-01T11:30:45.5", time_zone: "America/New_York" }, { start: "2024-01-01T10:00:00.000-05:00", end: "2024-07-01T11:30:00.000-04:00", time_zone: null }],
        // Dates without time stay as sent (test_page_introduction #5).
        [{ start: "2026-07-01", end: "2026-07-03" }, { start: "2026-07-01", end: "2026-07-03", time_zone: null }],
        [{ start: "2026-07-01", time_zone: "Europe/London" }, { start: "2026-07-01", end: null, time_zone: null }],
      ];
      for (const [given, shown] of cases) {
        const page = await create(version, { Date: { date: given } });
        assert.deepEqual(page.properties.Date.date, shown, JSON.stringify(given));
        assert.deepEqual((await get(page.id, client())).properties.Date.date, shown, `read back: ${JSON.stringify(given)}`);
        const item: any = await client().pages.properties.retrieve({ page_id: page.id, property_id: ds.properties.Date.id });
        assert.deepEqual(item.date, shown);
      }
      // Updates too.
      const page = await create(version, {});
      const updated = await client().pages.update({ page_id: page.id, properties: { Date: { date: { start: "2025-03-04T05:06:07.089Z" } } } } as any) as any;
      assert.deepEqual(updated.properties.Date.date, { start: "2025-03-04T05:06:00.000+00:00", end: null, time_zone: null });
    });

    test(`${version}: rollups of dates show them to the minute too`, async () => {
      const a = await related_row({ When: { date: { start: "2024-02-03T04:05:06.7", time_zone: "Asia/Tokyo" } } });
      const b = await related_row({ When: { date: { start: "2024-02-05" } } });
      const page = await create(version, { Rel: { relation: [{ id: a }, { id: b }] } });
      assert.deepEqual(page.properties.Earliest.rollup, { type: "date", date: { start: "2024-02-03T04:05:00.000+09:00", end: null, time_zone: null }, function: "earliest_date" });
      assert.deepEqual(page.properties.Dates.rollup.array.map((v: any) => v.date), [{ start: "2024-02-03T04:05:00.000+09:00", end: null, time_zone: null }, { start: "2024-02-05", end: null, time_zone: null }]);
    });

    test(`${version}: place values carry every key, null where not written`, async () => {
      // test_place_property #2: no `name` in the request, `name: null` in the answer, in this key order.
      const place = { lat: 52.52, lon: 13.405, address: "Berlin, Germany", aws_place_id: "aws-1", google_place_id: "ChIJ-1" };
      const page = await create(version, { Where: { place } });
      const full = { lat: 52.52, lon: 13.405, name: null, address: "Berlin, Germany", aws_place_id: "aws-1", google_place_id: "ChIJ-1" };
      assert.deepEqual(page.properties.Where.place, full);
      assert.deepEqual(Object.keys(page.properties.Where.place), ["lat", "lon", "name", "address", "aws_place_id", "google_place_id"]);
      assert.deepEqual((await get(page.id, client())).properties.Where.place, full);
      const small = await create(version, { Where: { place: { lat: 1, lon: 2 } } });
      assert.deepEqual(small.properties.Where.place, { lat: 1, lon: 2, name: null, address: null, aws_place_id: null, google_place_id: null });
      // test_place_property #3: a page without one.
      assert.equal((await create(version, {})).properties.Where.place, null);
    });

    test(`${version}: mentions in title and rich_text are not cut at 25`, async () => {
      // test_more_than_max_mentions_per_text_property #3–#4: 50 text and 50 user mentions, all kept.
      const items = Array.from({ length: 100 }, (_, i) => (i % 2 === 0 ? { text: { content: `t${i} ` } } : { mention: { user: { id: person.id } } }));
      const page = await create(version, { Name: { title: items }, Notes: { rich_text: items } });
      for (const got of [page, await get(page.id, client())]) {
        assert.equal(got.properties.Name.title.length, 100);
        assert.equal(got.properties.Notes.rich_text.length, 100);
        assert.equal(got.properties.Notes.rich_text.filter((i: any) => i.type === "mention").length, 50);
      }
      // Page mentions too (unconfirmed on Notion: only user mentions were recorded).
      const pages = Array.from({ length: 30 }, () => ({ mention: { page: { id: page.id } } }));
      const more = await create(version, { Notes: { rich_text: pages } });
      assert.equal(more.properties.Notes.rich_text.length, 30);
    });
  }

  const related_row = async (properties: Record<string, unknown>) => (await row(related.id, properties)).id as string;
});
