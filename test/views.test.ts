/**
 * The Views API through the SDK (`notion.views.*`): every endpoint, every view type's
 * configuration, positions, dashboards, linked databases, access, trash and versions. View
 * queries are in views-queries.test.ts.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import type { Client } from "@notionhq/client";
import { startTestQuire, rt, type TestQuire } from "./helpers/quire.js";
import { MISSING_ID, apiError, childrenOf, newPage } from "./helpers/api.js";
import { FrozenClock } from "../src/domain/clock.js";

const ARCHIVED = "Can't edit block that is archived. You must unarchive the block before editing.";
const notFound = (kind: string, id: string, name = "Quire Dev") =>
  `Could not find ${kind} with ID: ${id}. Make sure the relevant pages and databases are shared with your integration "${name}".`;
const invalid = (line: string) => apiError(400, "validation_error", `body failed validation: ${line}`);

/** Key order of a full view (recorded: test_views_create#3). */
const VIEW_KEYS = ["object", "id", "parent", "data_source_id", "name", "type", "created_time", "created_by", "last_edited_time", "last_edited_by", "url", "filter", "sorts", "quick_filters", "configuration", "request_id"];

describe("views", () => {
  let q: TestQuire;
  let notion: Client;
  let botId: string;
  const clock = new FrozenClock(Date.parse("2026-07-04T09:10:20.602Z"));

  before(async () => {
    q = await startTestQuire({ clock });
    notion = q.client();
    botId = (await notion.users.me({})).id;
  });
  after(async () => q.close());

  /** A database with one property of most types; its id, its data source's id and the property ids by name. */
  async function fixture(title = "Tasks") {
    const db: any = await notion.databases.create({
      parent: { page_id: q.rootPageId },
      title: rt(title),
      initial_data_source: {
        properties: {
          Name: { title: {} },
          Tag: { select: { options: [{ name: "A" }, { name: "B" }] } },
          Tags: { multi_select: { options: [{ name: "x" }] } },
          Stage: { status: {} },
          N: { number: {} },
          Done: { checkbox: {} },
          When: { date: {} },
          Until: { date: {} },
          Files: { files: {} },
          Where: { place: {} },
          Owner: { people: {} },
          Notes: { rich_text: {} },
        },
      },
    } as any);
    const ds: any = await notion.dataSources.retrieve({ data_source_id: db.data_sources[0].id });
    const ids: Record<string, string> = {};
    for (const [name, p] of Object.entries<any>(ds.properties)) ids[name] = decodeURIComponent(p.id);
    return { db: db.id as string, ds: ds.id as string, ids };
  }

  const create = (body: Record<string, unknown>) => notion.views.create(body as any) as Promise<any>;
  const listAll = async (params: Record<string, string>) => {
    const ids: string[] = [];
    let cursor: string | undefined;
    do {
      const res = await notion.views.list({ ...params, start_cursor: cursor, page_size: 2 } as any);
      ids.push(...res.results.map((r) => r.id));
      cursor = res.next_cursor ?? undefined;
    } while (cursor);
    return ids;
  };

  describe("default views", () => {
    test("a new database has one table view named Default view over its data source", async () => {
      const f = await fixture();
      const list = await notion.views.list({ database_id: f.db });
      assert.deepEqual(Object.keys(list), ["object", "results", "next_cursor", "has_more", "type", "view", "request_id"]);
      assert.equal(list.results.length, 1);
      assert.deepEqual(Object.keys(list.results[0]), ["object", "id"]);
      const view: any = await notion.views.retrieve({ view_id: list.results[0].id });
      assert.deepEqual(Object.keys(view), VIEW_KEYS);
      assert.equal(view.name, "Default view");
      assert.equal(view.type, "table");
      assert.equal(view.data_source_id, f.ds);
      assert.deepEqual(view.parent, { type: "database_id", database_id: f.db });
      assert.deepEqual([view.filter, view.sorts, view.quick_filters, view.configuration], [null, null, null, { type: "table" }]);
    });

    test("each new data source adds its own table view; a 2022-06-28 database has one too", async () => {
      const f = await fixture();
      const second: any = await notion.dataSources.create({ parent: { type: "database_id", database_id: f.db }, title: rt("Second"), properties: { Name: { title: {} } } } as any);
      const all = await notion.views.list({ database_id: f.db });
      assert.equal(all.results.length, 2);
      const mine = await notion.views.list({ data_source_id: second.id });
      assert.equal(mine.results.length, 1);
      assert.equal(((await notion.views.retrieve({ view_id: mine.results[0].id })) as any).data_source_id, second.id);
      // The SDK sends 5.x bodies: the 2022-06-28 body (`properties`) goes raw.
      const legacy = await q.raw("POST", "/v1/databases", { version: "2022-06-28", body: JSON.stringify({ parent: { page_id: q.rootPageId }, title: rt("Old"), properties: { Name: { title: {} } } }) });
      assert.equal(legacy.status, 200);
      assert.equal((await notion.views.list({ database_id: legacy.body.id })).results.length, 1);
    });

    test("a data source moved to another database keeps its views there as linked views; the destination gets a table view", async () => {
      const a = await fixture("From");
      const b = await fixture("To");
      const second: any = await notion.dataSources.create({ parent: { type: "database_id", database_id: a.db }, title: rt("Mover"), properties: { Name: { title: {} } } } as any);
      const [old] = (await notion.views.list({ data_source_id: second.id })).results;
      await notion.dataSources.update({ data_source_id: second.id, parent: { type: "database_id", database_id: b.db } } as any);
      const inB = (await notion.views.list({ database_id: b.db })).results.map((r) => r.id);
      assert.equal(inB.length, 2);
      const added: any = await notion.views.retrieve({ view_id: inB[1] });
      assert.deepEqual([added.data_source_id, added.parent.database_id, added.name], [second.id, b.db, "Default view"]);
      const kept: any = await notion.views.retrieve({ view_id: old.id });
      assert.deepEqual([kept.data_source_id, kept.parent.database_id], [second.id, a.db]);
      assert.deepEqual(await listAll({ data_source_id: second.id }), [inB[1], old.id]);
    });
  });

  describe("create, retrieve, update, delete", () => {
    test("a table view has the recorded shape; retrieve answers the same", async () => {
      const f = await fixture();
      const view = await create({ database_id: f.db, data_source_id: f.ds, name: "Test View", type: "table" });
      assert.deepEqual(Object.keys(view), VIEW_KEYS);
      assert.equal(view.object, "view");
      assert.equal(view.created_time, "2026-07-04T09:10:20.602+00:00");
      assert.equal(view.last_edited_time, "2026-07-04T09:10:20.602+00:00");
      assert.deepEqual(view.created_by, { object: "user", id: botId });
      assert.deepEqual(view.last_edited_by, { object: "user", id: botId });
      assert.equal(view.url, `${q.url}/${f.db.replace(/-/g, "")}?v=${view.id.replace(/-/g, "")}`);
      assert.deepEqual(view.configuration, { type: "table" });
      assert.equal("dashboard_view_id" in view, false);
      const again: any = await notion.views.retrieve({ view_id: view.id });
      assert.deepEqual({ ...again, request_id: null }, { ...view, request_id: null });
    });

    test("update changes only what it is given and bumps last_edited_time", async () => {
      const f = await fixture();
      const view = await create({ database_id: f.db, data_source_id: f.ds, name: "Before", type: "table", sorts: [{ property: "N", direction: "ascending" }] });
      clock.advance(1234);
      const updated: any = await notion.views.update({ view_id: view.id, name: "Updated View" });
      assert.equal(updated.name, "Updated View");
      assert.equal(updated.created_time, view.created_time);
      assert.equal(updated.last_edited_time, "2026-07-04T09:10:21.836+00:00");
      assert.deepEqual(updated.sorts, [{ property: "N", direction: "ascending" }]);
      const cleared: any = await notion.views.update({ view_id: view.id, sorts: null } as any);
      assert.equal(cleared.sorts, null);
      assert.equal(cleared.name, "Updated View");
    });

    test("delete answers the partial view; the view is gone", async () => {
      const f = await fixture();
      const view = await create({ database_id: f.db, data_source_id: f.ds, name: "View to Delete", type: "gallery" });
      const gone = await notion.views.delete({ view_id: view.id });
      assert.deepEqual(Object.keys(gone), ["object", "id", "parent", "type", "request_id"]);
      assert.deepEqual({ ...gone, request_id: null }, { object: "view", id: view.id, parent: { type: "database_id", database_id: f.db }, type: "gallery", request_id: null });
      await assert.rejects(notion.views.retrieve({ view_id: view.id }), apiError(404, "object_not_found", notFound("view", view.id)));
      await assert.rejects(notion.views.delete({ view_id: view.id }), apiError(404, "object_not_found"));
    });

    test("the last view of a database cannot be deleted", async () => {
      const f = await fixture();
      const [only] = (await notion.views.list({ database_id: f.db })).results;
      await assert.rejects(notion.views.delete({ view_id: only.id }), apiError(400, "validation_error", "The last remaining view on a database cannot be deleted. Delete the database instead."));
      const other = await create({ database_id: f.db, data_source_id: f.ds, name: "Other", type: "list" });
      await notion.views.delete({ view_id: only.id });
      await assert.rejects(notion.views.delete({ view_id: other.id }), apiError(400, "validation_error"));
    });

    test("unknown ids are 404s; malformed ones are validation errors", async () => {
      await assert.rejects(notion.views.retrieve({ view_id: MISSING_ID }), apiError(404, "object_not_found", notFound("view", MISSING_ID)));
      await assert.rejects(notion.views.update({ view_id: MISSING_ID, name: "x" }), apiError(404, "object_not_found"));
      await assert.rejects(notion.views.retrieve({ view_id: "nope" }), apiError(400, "validation_error", "path failed validation: path.view_id should be a valid uuid, instead was `\"nope\"`."));
      const f = await fixture();
      await assert.rejects(create({ database_id: MISSING_ID, data_source_id: f.ds, name: "x", type: "table" }), apiError(404, "object_not_found", notFound("database", MISSING_ID)));
      await assert.rejects(create({ database_id: f.db, data_source_id: MISSING_ID, name: "x", type: "table" }), apiError(404, "object_not_found", notFound("data_source", MISSING_ID)));
    });
  });

  describe("request validation", () => {
    test("exactly one of database_id, view_id and create_database", async () => {
      const f = await fixture();
      await assert.rejects(
        create({ data_source_id: f.ds, name: "x", type: "table" }),
        apiError(400, "validation_error", "body failed validation. Fix one:\nbody.database_id should be defined, instead was `undefined`.\nbody.view_id should be defined, instead was `undefined`.\nbody.create_database should be defined, instead was `undefined`."),
      );
      await assert.rejects(
        create({ database_id: f.db, view_id: MISSING_ID, data_source_id: f.ds, name: "x", type: "table" }),
        invalid(`body.view_id should be not present when \`database_id\` is, instead was \`"${MISSING_ID}"\`.`),
      );
      await assert.rejects(
        create({ view_id: MISSING_ID, data_source_id: f.ds, name: "x", type: "table", position: { type: "start" } }),
        invalid("body.position should be not present without `database_id`, instead was `{\"type\":\"start\"}`."),
      );
      await assert.rejects(create({ database_id: f.db, data_source_id: f.ds, name: "x", type: "table", placement: { type: "new_row" } }), invalid("body.placement should be not present without `view_id`, instead was `{\"type\":\"new_row\"}`."));
    });

    test("required fields and enums", async () => {
      const f = await fixture();
      await assert.rejects(create({ database_id: f.db, data_source_id: f.ds, type: "table" }), invalid("body.name should be defined, instead was `undefined`."));
      await assert.rejects(
        create({ database_id: f.db, data_source_id: f.ds, name: "x", type: "kanban" }),
        invalid('body.type should be `"table"`, `"board"`, `"list"`, `"calendar"`, `"timeline"`, `"gallery"`, `"form"`, `"chart"`, `"map"`, or `"dashboard"`, instead was `"kanban"`.'),
      );
      await assert.rejects(create({ database_id: f.db, name: "x", type: "table" }), invalid("body.data_source_id should be defined, instead was `undefined`."));
    });

    test("the data source must be one of the database's", async () => {
      const f = await fixture();
      const g = await fixture("Elsewhere");
      await assert.rejects(
        create({ database_id: f.db, data_source_id: g.ds, name: "x", type: "table" }),
        invalid(`body.data_source_id should be the id of a data source of database ${f.db}, instead was \`"${g.ds}"\`.`),
      );
    });

    test("filters and sorts are checked with the query grammar", async () => {
      const f = await fixture();
      const base = { database_id: f.db, data_source_id: f.ds, name: "x", type: "table" };
      await assert.rejects(create({ ...base, filter: { property: "Nope", checkbox: { equals: true } } }), apiError(400, "validation_error", "Could not find property with name or id: Nope"));
      await assert.rejects(create({ ...base, filter: { property: "N", number: { greater_than: "3" } } }), apiError(400, "validation_error", /body\.filter\.number/));
      await assert.rejects(create({ ...base, sorts: [{ property: "Nope", direction: "ascending" }] }), apiError(400, "validation_error", "Could not find sort property with name or id: Nope"));
      await assert.rejects(create({ ...base, sorts: [{ property: "N", direction: "up" }] }), apiError(400, "validation_error", /body\.sorts\[0\]\.direction/));
      await assert.rejects(
        create({ ...base, filter: { and: [{ or: [{ and: [{ property: "Done", checkbox: { equals: true } }] }] }] } }),
        apiError(400, "validation_error", /body\.filter\.and\[0\]\.or\[0\]\.and should be not present/),
      );
      const view = await create({ ...base, sorts: [{ timestamp: "created_time", direction: "descending" }], filter: { and: [] } });
      assert.deepEqual(view.sorts, [{ timestamp: "created_time", direction: "descending" }]);
      assert.deepEqual(view.filter, { and: [] });
      // The update body takes property sorts only (the SDK's UpdateViewRequest).
      await assert.rejects(notion.views.update({ view_id: view.id, sorts: [{ timestamp: "created_time", direction: "ascending" }] } as any), invalid("body.sorts[0].property should be defined, instead was `undefined`."));
    });

    test("quick filters are property conditions without `property`", async () => {
      const f = await fixture();
      const base = { database_id: f.db, data_source_id: f.ds, name: "x", type: "table" };
      await assert.rejects(create({ ...base, quick_filters: { Tag: { and: [] } } }), invalid("body.quick_filters.Tag.and should be not present, instead was `[]`."));
      await assert.rejects(create({ ...base, quick_filters: { Ghost: { checkbox: { equals: true } } } }), apiError(400, "validation_error", "Could not find property with name or id: Ghost"));
      await assert.rejects(create({ ...base, quick_filters: { Tag: { checkbox: { equals: true } } } }), apiError(400, "validation_error", "database property select does not match filter checkbox"));
      const view = await create({ ...base, quick_filters: { Tag: { select: { equals: "A" } }, [f.ids.Done]: { checkbox: { equals: true } } } });
      assert.deepEqual(view.quick_filters, { Tag: { select: { equals: "A" } }, Done: { checkbox: { equals: true } } });
      const merged: any = await notion.views.update({ view_id: view.id, quick_filters: { Tag: null, N: { number: { greater_than: 1 } } } } as any);
      assert.deepEqual(merged.quick_filters, { Done: { checkbox: { equals: true } }, N: { number: { greater_than: 1 } } });
      const cleared: any = await notion.views.update({ view_id: view.id, quick_filters: null } as any);
      assert.equal(cleared.quick_filters, null);
    });

    test("a body that is not an object, and a view of the wrong version", async () => {
      const res = await q.raw("POST", "/v1/views", { body: "[]" });
      assert.equal(res.status, 400);
      assert.equal(res.body.message, "body failed validation: body should be an object, instead was `[]`.");
    });
  });

  describe("filters, sorts and quick filters follow the schema", () => {
    test("stored by id: a renamed property keeps its conditions under the new name; a removed one drops them", async () => {
      const f = await fixture();
      const view = await create({
        database_id: f.db,
        data_source_id: f.ds,
        name: "x",
        type: "board",
        filter: { and: [{ property: "Tag", select: { equals: "A" } }, { property: "N", number: { greater_than: 2 } }] },
        sorts: [{ property: "N", direction: "descending" }, { property: "Name", direction: "ascending" }],
        quick_filters: { N: { number: { is_not_empty: true } } },
        configuration: { type: "board", group_by: { type: "select", property_id: f.ids.Tag, sort: { type: "manual" } }, properties: [{ property_id: "N", visible: true }] },
      });
      await notion.dataSources.update({ data_source_id: f.ds, properties: { N: { name: "Count" }, Tag: { name: "Label" } } } as any);
      const renamed: any = await notion.views.retrieve({ view_id: view.id });
      assert.deepEqual(renamed.filter, { and: [{ property: "Label", select: { equals: "A" } }, { property: "Count", number: { greater_than: 2 } }] });
      assert.deepEqual(renamed.sorts, [{ property: "Count", direction: "descending" }, { property: "Name", direction: "ascending" }]);
      assert.deepEqual(renamed.quick_filters, { Count: { number: { is_not_empty: true } } });
      assert.equal(renamed.configuration.group_by.property_name, "Label");
      assert.deepEqual(renamed.configuration.properties, [{ property_id: encodeURIComponent(f.ids.N), property_name: "Count", visible: true }]);
      await notion.dataSources.update({ data_source_id: f.ds, properties: { Count: null } } as any);
      const removed: any = await notion.views.retrieve({ view_id: view.id });
      assert.deepEqual(removed.filter, { and: [{ property: "Label", select: { equals: "A" } }] });
      assert.deepEqual(removed.sorts, [{ property: "Name", direction: "ascending" }]);
      assert.equal(removed.quick_filters, null);
      assert.deepEqual(removed.configuration.properties, [{ property_id: encodeURIComponent(f.ids.N), visible: true }]);
    });
  });

  test("properties named __proto__ and constructor are ordinary keys of quick filters and names", async () => {
    const made: any = await notion.databases.create({
      parent: { page_id: q.rootPageId },
      title: rt("Odd names"),
      // JSON.parse: in an object literal `__proto__:` would set the prototype, not a key.
      initial_data_source: { properties: JSON.parse('{"Name": {"title": {}}, "__proto__": {"select": {"options": [{"name": "A"}]}}, "constructor": {"checkbox": {}}}') },
    } as any);
    const ds = made.data_sources[0].id;
    const values = JSON.parse('{"Name": {"title": [{"text": {"content": "yes"}}]}, "__proto__": {"select": {"name": "A"}}, "constructor": {"checkbox": true}}');
    await notion.pages.create({ parent: { data_source_id: ds }, properties: values } as any);
    await notion.pages.create({ parent: { data_source_id: ds }, properties: { Name: { title: rt("no") } } } as any);
    const quick = JSON.parse('{"__proto__": {"select": {"equals": "A"}}, "constructor": {"checkbox": {"equals": true}}}');
    const view = await create({ database_id: made.id, data_source_id: ds, name: "odd", type: "table", quick_filters: quick, sorts: [{ property: "__proto__", direction: "ascending" }] });
    assert.deepEqual(Object.keys(view.quick_filters), ["__proto__", "constructor"]);
    assert.deepEqual(view.quick_filters.__proto__, { select: { equals: "A" } });
    assert.deepEqual(view.sorts, [{ property: "__proto__", direction: "ascending" }]);
    const res: any = await notion.views.queries.create({ view_id: view.id });
    assert.equal(res.total_count, 1);
    const cleared: any = await notion.views.update({ view_id: view.id, quick_filters: JSON.parse('{"__proto__": null}') } as any);
    assert.deepEqual(Object.keys(cleared.quick_filters), ["constructor"]);
  });

  describe("configuration, by view type", () => {
    /** [type, configuration request (ids by `$Name`), expected configuration (ids and names)] */
    const valid: [string, (ids: Record<string, string>) => Record<string, unknown>, (ids: Record<string, string>) => Record<string, unknown>][] = [
      [
        "table",
        (i) => ({ type: "table", properties: [{ property_id: i.Name, width: 300, visible: true }, { property_id: "N", visible: false, wrap: true }], group_by: { type: "status", property_id: i.Stage, group_by: "group", sort: { type: "ascending" }, hide_empty_groups: true }, wrap_cells: true, frozen_column_index: 1, show_vertical_lines: false, subtasks: { display_mode: "flattened" } }),
        (i) => ({ type: "table", properties: [{ property_id: "title", property_name: "Name", visible: true, width: 300 }, { property_id: enc(i.N), property_name: "N", visible: false, wrap: true }], group_by: { type: "status", property_id: enc(i.Stage), property_name: "Stage", group_by: "group", sort: { type: "ascending" }, hide_empty_groups: true }, subtasks: { display_mode: "flattened" }, wrap_cells: true, frozen_column_index: 1, show_vertical_lines: false }),
      ],
      [
        "board",
        (i) => ({ type: "board", group_by: { type: "select", property_id: i.Tag, sort: { type: "manual" } }, sub_group_by: { type: "checkbox", property_id: "Done", sort: { type: "descending" } }, cover: { type: "property", property_id: "Files" }, cover_size: "large", cover_aspect: "contain", card_layout: "compact" }),
        (i) => ({ type: "board", group_by: { type: "select", property_id: enc(i.Tag), property_name: "Tag", sort: { type: "manual" } }, sub_group_by: { type: "checkbox", property_id: enc(i.Done), property_name: "Done", sort: { type: "descending" } }, cover: { type: "property", property_id: enc(i.Files) }, cover_size: "large", cover_aspect: "contain", card_layout: "compact" }),
      ],
      ["list", (i) => ({ type: "list", properties: [{ property_id: i.Notes, card_property_width_mode: "inline" }] }), (i) => ({ type: "list", properties: [{ property_id: enc(i.Notes), property_name: "Notes", card_property_width_mode: "inline" }] })],
      [
        "calendar",
        () => ({ type: "calendar", date_property_id: "When", view_range: "week", show_weekends: false, properties: [{ property_id: "Name", date_format: "relative", time_format: "24_hour" }] }),
        (i) => ({ type: "calendar", date_property_id: enc(i.When), date_property_name: "When", properties: [{ property_id: "title", property_name: "Name", date_format: "relative", time_format: "24_hour" }], view_range: "week", show_weekends: false }),
      ],
      [
        "timeline",
        (i) => ({ type: "timeline", date_property_id: i.When, end_date_property_id: i.Until, show_table: true, table_properties: [{ property_id: "Name" }], preference: { zoom_level: "bi_week", center_timestamp: 1783156800000 }, arrows_by: { property_id: null }, color_by: true }),
        (i) => ({ type: "timeline", date_property_id: enc(i.When), date_property_name: "When", end_date_property_id: enc(i.Until), end_date_property_name: "Until", show_table: true, table_properties: [{ property_id: "title", property_name: "Name" }], preference: { zoom_level: "bi_week", center_timestamp: 1783156800000 }, arrows_by: { property_id: null }, color_by: true }),
      ],
      ["gallery", () => ({ type: "gallery", cover: { type: "page_cover" }, cover_size: "small", card_layout: "list" }), () => ({ type: "gallery", cover: { type: "page_cover" }, cover_size: "small", card_layout: "list" })],
      ["form", () => ({ type: "form", is_form_closed: true, anonymous_submissions: false, submission_permissions: "comment_only" }), () => ({ type: "form", is_form_closed: true, anonymous_submissions: false, submission_permissions: "comment_only" })],
      [
        "chart",
        (i) => ({ type: "chart", chart_type: "donut", x_axis: { type: "select", property_id: i.Tag, sort: { type: "manual" } }, y_axis: { aggregator: "sum", property_id: "N" }, color_theme: "colorful", donut_labels: "name_and_value", reference_lines: [{ value: 3, label: "Goal", color: "red", dash_style: "dash" }], caption: "By tag", y_axis_min: null }),
        (i) => ({ type: "chart", chart_type: "donut", x_axis: { type: "select", property_id: enc(i.Tag), property_name: "Tag", sort: { type: "manual" } }, y_axis: { aggregator: "sum", property_id: enc(i.N) }, color_theme: "colorful", donut_labels: "name_and_value", reference_lines: [{ value: 3, label: "Goal", color: "red", dash_style: "dash" }], caption: "By tag" }),
      ],
      ["map", () => ({ type: "map", height: "extra_large", map_by: "Where" }), (i) => ({ type: "map", height: "extra_large", map_by: enc(i.Where), map_by_property_name: "Where" })],
    ];
    const enc = (id: string) => encodeURIComponent(id);

    for (const [type, request, expected] of valid) {
      test(`${type}: a configuration round-trips with property names added`, async () => {
        const f = await fixture();
        const view = await create({ database_id: f.db, data_source_id: f.ds, name: type, type, configuration: request(f.ids) });
        assert.equal(view.type, type);
        assert.deepEqual(view.configuration, expected(f.ids));
        assert.deepEqual(((await notion.views.retrieve({ view_id: view.id })) as any).configuration, expected(f.ids));
      });
    }

    const invalidCases: [string, Record<string, unknown>, string | RegExp][] = [
      ["table", { type: "table", properties: [{ property_id: "Name", width: 10 }] }, "body failed validation: body.configuration.properties[0].width should be ≥ `32` or `undefined`, instead was `10`."],
      ["table", { type: "table", group_by: { type: "select", property_id: "Stage", sort: { type: "manual" } } }, 'body failed validation: body.configuration.group_by.type should be `"status"` for property `Stage`, instead was `"select"`.'],
      ["table", { type: "table", frozen_column_index: -1 }, /body\.configuration\.frozen_column_index should be ≥ `0`/],
      ["board", { type: "board" }, "body failed validation: body.configuration.group_by should be defined, instead was `undefined`."],
      ["board", { type: "board", group_by: { type: "select", property_id: "Tag", sort: { type: "sideways" } } }, /body\.configuration\.group_by\.sort\.type should be `"manual"`, `"ascending"`, or `"descending"`/],
      ["board", { type: "board", group_by: { type: "select", property_id: "Tag", sort: { type: "manual" } }, cover: { type: "property", property_id: "Name" } }, "body failed validation: body.configuration.cover.property_id should be the id of a files property, instead was `\"Name\"`."],
      ["list", { type: "list", properties: "all" }, /body\.configuration\.properties should be an array/],
      ["calendar", { type: "calendar", date_property_id: "N" }, "body failed validation: body.configuration.date_property_id should be the id of a date property, instead was `\"N\"`."],
      ["calendar", { type: "calendar" }, "body failed validation: body.configuration.date_property_id should be defined, instead was `undefined`."],
      ["timeline", { type: "timeline", date_property_id: "When", preference: { zoom_level: "decade" } }, /body\.configuration\.preference\.zoom_level should be `"hours"`/],
      ["gallery", { type: "gallery", cover_size: "huge" }, /body\.configuration\.cover_size should be `"small"`, `"medium"`, or `"large"`/],
      ["form", { type: "form", submission_permissions: "owner" }, /body\.configuration\.submission_permissions should be `"none"`/],
      ["chart", { type: "chart", chart_type: "pie" }, /body\.configuration\.chart_type should be `"column"`, `"bar"`, `"line"`, `"donut"`, or `"number"`/],
      ["chart", { type: "chart", chart_type: "bar", y_axis: { aggregator: "mode" } }, /body\.configuration\.y_axis\.aggregator should be `"count"`/],
      ["map", { type: "map", map_by: "Notes" }, "body failed validation: body.configuration.map_by should be the id of a place property, instead was `\"Notes\"`."],
      ["table", { type: "board", group_by: { type: "select", property_id: "Tag", sort: { type: "manual" } } }, 'body failed validation: body.configuration.type should be `"table"`, instead was `"board"`.'],
      ["table", { properties: [] }, "body failed validation: body.configuration.type should be defined, instead was `undefined`."],
      ["dashboard", { type: "table" }, "body failed validation: body.configuration should be not present, instead was `{\"type\":\"table\"}`."],
      ["table", { type: "table", properties: [{ property_id: "Ghost" }] }, "Could not find property with name or id: Ghost"],
    ];
    for (const [type, configuration, message] of invalidCases) {
      test(`${type}: ${JSON.stringify(configuration).slice(0, 70)} is refused`, async () => {
        const f = await fixture();
        await assert.rejects(create({ database_id: f.db, data_source_id: f.ds, name: "x", type, configuration }), apiError(400, "validation_error", message));
      });
    }

    test("without a configuration, a board, calendar and chart get what Notion's UI picks; a board needs a group", async () => {
      const f = await fixture();
      const board = await create({ database_id: f.db, data_source_id: f.ds, name: "b", type: "board" });
      assert.deepEqual(board.configuration, { type: "board", group_by: { type: "status", property_id: enc(f.ids.Stage), property_name: "Stage", group_by: "group", sort: { type: "manual" } } });
      const cal = await create({ database_id: f.db, data_source_id: f.ds, name: "c", type: "calendar" });
      assert.deepEqual(cal.configuration, { type: "calendar", date_property_id: enc(f.ids.When), date_property_name: "When" });
      const chart = await create({ database_id: f.db, data_source_id: f.ds, name: "c", type: "chart" });
      assert.deepEqual(chart.configuration, { type: "chart", chart_type: "column" });
      const bare: any = await notion.databases.create({ parent: { page_id: q.rootPageId }, title: rt("Bare"), initial_data_source: { properties: { Name: { title: {} } } } } as any);
      await assert.rejects(create({ database_id: bare.id, data_source_id: bare.data_sources[0].id, name: "b", type: "board" }), invalid("body.configuration.group_by should be defined, instead was `undefined`."));
    });

    test("update merges into the stored configuration; null clears a field; the type must stay", async () => {
      const f = await fixture();
      const view = await create({ database_id: f.db, data_source_id: f.ds, name: "t", type: "table", configuration: { type: "table", properties: [{ property_id: "Name" }], wrap_cells: true } });
      const updated: any = await notion.views.update({ view_id: view.id, configuration: { type: "table", show_vertical_lines: true, properties: null } } as any);
      assert.deepEqual(updated.configuration, { type: "table", wrap_cells: true, show_vertical_lines: true });
      await assert.rejects(notion.views.update({ view_id: view.id, configuration: { type: "list" } } as any), invalid('body.configuration.type should be `"table"`, instead was `"list"`.'));
    });
  });

  describe("positions in the tab bar", () => {
    test("start, end and after_view order the list", async () => {
      const f = await fixture();
      const [first] = (await notion.views.list({ database_id: f.db })).results;
      const end = await create({ database_id: f.db, data_source_id: f.ds, name: "end", type: "table" });
      const start = await create({ database_id: f.db, data_source_id: f.ds, name: "start", type: "table", position: { type: "start" } });
      const after = await create({ database_id: f.db, data_source_id: f.ds, name: "after", type: "table", position: { type: "after_view", view_id: first.id } });
      const last = await create({ database_id: f.db, data_source_id: f.ds, name: "last", type: "table", position: { type: "end" } });
      const between = await create({ database_id: f.db, data_source_id: f.ds, name: "between", type: "table", position: { type: "after_view", view_id: first.id } });
      assert.deepEqual(await listAll({ database_id: f.db }), [start.id, first.id, between.id, after.id, end.id, last.id]);
      await assert.rejects(
        create({ database_id: f.db, data_source_id: f.ds, name: "x", type: "table", position: { type: "after_view", view_id: MISSING_ID } }),
        invalid(`body.position.view_id should be the id of a view in the database's tab bar, instead was \`"${MISSING_ID}"\`.`),
      );
      await assert.rejects(create({ database_id: f.db, data_source_id: f.ds, name: "x", type: "table", position: { type: "middle" } }), invalid('body.position.type should be `"start"`, `"end"`, or `"after_view"`, instead was `"middle"`.'));
    });

    test("list pages with cursors; both ids narrow the list; neither is a validation error", async () => {
      const f = await fixture();
      const second: any = await notion.dataSources.create({ parent: { type: "database_id", database_id: f.db }, title: rt("Second"), properties: { Name: { title: {} } } } as any);
      for (let i = 0; i < 3; i++) await create({ database_id: f.db, data_source_id: f.ds, name: `v${i}`, type: "list" });
      const all = await listAll({ database_id: f.db });
      assert.equal(all.length, 5);
      const page = await notion.views.list({ database_id: f.db, page_size: 2 });
      assert.equal(page.has_more, true);
      assert.equal(page.next_cursor, all[2]);
      assert.deepEqual((await listAll({ database_id: f.db, data_source_id: second.id })).length, 1);
      await assert.rejects(
        notion.views.list({} as any),
        apiError(400, "validation_error", "query failed validation. Fix one:\nquery.database_id should be defined, instead was `undefined`.\nquery.data_source_id should be defined, instead was `undefined`."),
      );
      await assert.rejects(notion.views.list({ database_id: f.db, start_cursor: MISSING_ID }), apiError(400, "validation_error", `The start_cursor provided is invalid: ${MISSING_ID}`));
      await assert.rejects(notion.views.list({ database_id: MISSING_ID }), apiError(404, "object_not_found", notFound("database", MISSING_ID)));
      await assert.rejects(notion.views.list({ database_id: f.db, page_size: 101 }), apiError(400, "validation_error"));
    });
  });

  describe("dashboards", () => {
    test("widgets go in rows; list shows each dashboard followed by its widgets; deleting cleans up", async () => {
      const f = await fixture();
      const dash = await create({ database_id: f.db, data_source_id: f.ds, name: "Dash", type: "dashboard" });
      assert.equal(dash.data_source_id, null);
      assert.deepEqual(dash.configuration, { type: "dashboard", rows: [] });
      const w1 = await create({ view_id: dash.id, data_source_id: f.ds, name: "Chart", type: "chart", configuration: { type: "chart", chart_type: "number" } });
      assert.equal(w1.dashboard_view_id, dash.id);
      assert.deepEqual(w1.parent, { type: "database_id", database_id: f.db });
      assert.equal(Object.keys(w1).at(-2), "dashboard_view_id");
      const w2 = await create({ view_id: dash.id, data_source_id: f.ds, name: "Side", type: "table", placement: { type: "existing_row", row_index: 0 } });
      const w3 = await create({ view_id: dash.id, data_source_id: f.ds, name: "Top", type: "list", placement: { type: "new_row", row_index: 0 } });
      const rows = ((await notion.views.retrieve({ view_id: dash.id })) as any).configuration.rows;
      assert.deepEqual(rows.map((r: any) => r.widgets.map((w: any) => w.view_id)), [[w3.id], [w1.id, w2.id]]);
      for (const r of rows) {
        assert.match(r.id, /^[0-9a-f-]{36}$/);
        for (const w of r.widgets) assert.deepEqual(Object.keys(w), ["id", "view_id"]);
      }
      const [defaultView] = (await notion.views.list({ database_id: f.db })).results;
      assert.deepEqual(await listAll({ database_id: f.db }), [defaultView.id, dash.id, w3.id, w1.id, w2.id]);

      await assert.rejects(create({ view_id: dash.id, data_source_id: f.ds, name: "x", type: "table", placement: { type: "existing_row", row_index: 2 } }), invalid("body.placement.row_index should be ≤ `1`, instead was `2`."));
      await assert.rejects(create({ view_id: dash.id, data_source_id: f.ds, name: "x", type: "dashboard" }), invalid('body.type should not be `"dashboard"` for a widget of a dashboard, instead was `"dashboard"`.'));
      await assert.rejects(create({ view_id: w1.id, data_source_id: f.ds, name: "x", type: "table" }), invalid(`body.view_id should be the id of a dashboard view, instead was \`"${w1.id}"\`.`));
      await assert.rejects(create({ database_id: f.db, data_source_id: f.ds, name: "x", type: "dashboard", filter: { property: "Done", checkbox: { equals: true } } }), apiError(400, "validation_error", /body\.filter should be not present for a dashboard view/));
      await assert.rejects(notion.views.update({ view_id: dash.id, sorts: [] } as any), invalid("body.sorts should be not present for a dashboard view, instead was `[]`."));

      await notion.views.delete({ view_id: w3.id });
      const after = ((await notion.views.retrieve({ view_id: dash.id })) as any).configuration.rows;
      assert.deepEqual(after.map((r: any) => r.widgets.map((w: any) => w.view_id)), [[w1.id, w2.id]]);
      await notion.views.delete({ view_id: dash.id });
      for (const w of [w1, w2]) await assert.rejects(notion.views.retrieve({ view_id: w.id }), apiError(404, "object_not_found"));
      assert.deepEqual(await listAll({ database_id: f.db }), [defaultView.id]);
    });
  });

  describe("create_database", () => {
    test("a linked database block goes on the page (after a block) and holds the view", async () => {
      const f = await fixture();
      const page = await newPage(notion, q.rootPageId, "Host");
      const blocks = await notion.blocks.children.append({ block_id: page, children: [{ paragraph: { rich_text: rt("one") } }, { paragraph: { rich_text: rt("two") } }] } as any);
      const view = await create({ create_database: { parent: { type: "page_id", page_id: page }, position: { type: "after_block", block_id: blocks.results[0].id } }, data_source_id: f.ds, name: "Linked", type: "table" });
      const linkedDb = view.parent.database_id;
      assert.notEqual(linkedDb, f.db);
      assert.equal(view.data_source_id, f.ds);
      const children = await childrenOf(notion, page);
      assert.deepEqual(children.map((c) => c.type), ["paragraph", "child_database", "paragraph"]);
      assert.equal(children[1].id, linkedDb);
      assert.equal(children[1].child_database.title, "Tasks");
      assert.deepEqual((await notion.views.list({ database_id: linkedDb })).results.map((r) => r.id), [view.id]);
      assert.ok((await listAll({ data_source_id: f.ds })).includes(view.id));
      // More views can go in the linked database, over the same source.
      const second = await create({ database_id: linkedDb, data_source_id: f.ds, name: "Second", type: "board" });
      assert.equal(second.parent.database_id, linkedDb);
      await assert.rejects(
        create({ create_database: { parent: { type: "page_id", page_id: page }, position: { type: "after_block", block_id: MISSING_ID } }, data_source_id: f.ds, name: "x", type: "table" }),
        invalid(`body.create_database.position.block_id should be the id of a child of the parent page, instead was \`"${MISSING_ID}"\`.`),
      );
      await assert.rejects(create({ create_database: { parent: { page_id: MISSING_ID } }, data_source_id: f.ds, name: "x", type: "table" }), apiError(404, "object_not_found", notFound("page", MISSING_ID)));
    });
  });

  describe("access and capabilities", () => {
    test("a view is visible exactly when its database is", async () => {
      const f = await fixture();
      const view = await create({ database_id: f.db, data_source_id: f.ds, name: "Shared?", type: "table" });
      const stranger = await q.integration("Stranger");
      const other = q.client({ auth: stranger.token });
      await assert.rejects(other.views.retrieve({ view_id: view.id }), apiError(404, "object_not_found", notFound("view", view.id, "Stranger")));
      await assert.rejects(other.views.list({ database_id: f.db }), apiError(404, "object_not_found", notFound("database", f.db, "Stranger")));
      await assert.rejects(other.views.list({ data_source_id: f.ds }), apiError(404, "object_not_found"));
      await assert.rejects(other.views.update({ view_id: view.id, name: "mine" }), apiError(404, "object_not_found"));
      await assert.rejects(other.views.delete({ view_id: view.id }), apiError(404, "object_not_found"));
      await assert.rejects(other.views.queries.create({ view_id: view.id }), apiError(404, "object_not_found"));
      await assert.rejects(other.views.create({ database_id: f.db, data_source_id: f.ds, name: "x", type: "table" } as any), apiError(404, "object_not_found"));
      const friend = await q.integration("Friend", undefined, [f.db]);
      const shared = q.client({ auth: friend.token });
      assert.equal(((await shared.views.retrieve({ view_id: view.id })) as any).name, "Shared?");
      assert.ok((await shared.views.list({ data_source_id: f.ds })).results.some((r) => r.id === view.id));
    });

    test("a data source's linked views in a database the integration cannot see are not listed", async () => {
      const f = await fixture();
      const page = await newPage(notion, q.rootPageId, "Private host");
      const linked = await create({ create_database: { parent: { page_id: page } }, data_source_id: f.ds, name: "Linked", type: "table" });
      const friend = await q.integration("Only the database", undefined, [f.db]);
      const ids = (await q.client({ auth: friend.token }).views.list({ data_source_id: f.ds })).results.map((r) => r.id);
      assert.equal(ids.includes(linked.id), false);
      assert.ok((await listAll({ data_source_id: f.ds })).includes(linked.id));
    });

    test("capabilities: read content to read, insert and update content to create, update content to change", async () => {
      const f = await fixture();
      const view = await create({ database_id: f.db, data_source_id: f.ds, name: "Caps", type: "table" });
      const writer = await q.integration("Writer", ["insert_content", "update_content"], [f.db]);
      const w = q.client({ auth: writer.token });
      const made: any = await w.views.create({ database_id: f.db, data_source_id: f.ds, name: "blind", type: "list" } as any);
      assert.deepEqual(Object.keys(made), ["object", "id", "parent", "type", "request_id"]);
      assert.deepEqual(Object.keys(await w.views.update({ view_id: made.id, name: "still blind" })), ["object", "id", "parent", "type", "request_id"]);
      await assert.rejects(w.views.retrieve({ view_id: view.id }), apiError(403, "restricted_resource"));
      await assert.rejects(w.views.list({ database_id: f.db }), apiError(403, "restricted_resource"));
      await assert.rejects(w.views.queries.create({ view_id: view.id }), apiError(403, "restricted_resource"));
      const reader = await q.integration("Reader", ["read_content"], [f.db]);
      const r = q.client({ auth: reader.token });
      assert.equal(((await r.views.retrieve({ view_id: view.id })) as any).name, "Caps");
      await assert.rejects(r.views.create({ database_id: f.db, data_source_id: f.ds, name: "x", type: "table" } as any), apiError(403, "restricted_resource"));
      await assert.rejects(r.views.update({ view_id: view.id, name: "x" }), apiError(403, "restricted_resource"));
      await assert.rejects(r.views.delete({ view_id: view.id }), apiError(403, "restricted_resource"));
      const inserter = await q.integration("Inserter", ["read_content", "insert_content"], [f.db]);
      await assert.rejects(q.client({ auth: inserter.token }).views.create({ database_id: f.db, data_source_id: f.ds, name: "x", type: "table" } as any), apiError(403, "restricted_resource"));
    });
  });

  describe("trash", () => {
    test("a database in the trash keeps its views readable and refuses edits until restored", async () => {
      const f = await fixture();
      const view = await create({ database_id: f.db, data_source_id: f.ds, name: "Trash me", type: "table" });
      await notion.blocks.delete({ block_id: f.db });
      assert.equal(((await notion.views.retrieve({ view_id: view.id })) as any).name, "Trash me");
      assert.equal((await notion.views.list({ database_id: f.db })).results.length, 2);
      await assert.rejects(notion.views.update({ view_id: view.id, name: "x" }), apiError(400, "validation_error", ARCHIVED));
      await assert.rejects(notion.views.delete({ view_id: view.id }), apiError(400, "validation_error", ARCHIVED));
      await assert.rejects(create({ database_id: f.db, data_source_id: f.ds, name: "x", type: "table" }), apiError(400, "validation_error", ARCHIVED));
      await notion.databases.update({ database_id: f.db, in_trash: false } as any);
      assert.equal(((await notion.views.update({ view_id: view.id, name: "Back" })) as any).name, "Back");
    });

    test("a data source in the trash takes its views out of the list until it is restored", async () => {
      const f = await fixture();
      const second: any = await notion.dataSources.create({ parent: { type: "database_id", database_id: f.db }, title: rt("Second"), properties: { Name: { title: {} } } } as any);
      const [secondView] = (await notion.views.list({ data_source_id: second.id })).results;
      await notion.dataSources.update({ data_source_id: second.id, in_trash: true } as any);
      assert.equal((await notion.views.list({ database_id: f.db })).results.length, 1);
      assert.equal(((await notion.views.retrieve({ view_id: secondView.id })) as any).data_source_id, second.id);
      await assert.rejects(notion.views.update({ view_id: secondView.id, name: "x" }), apiError(400, "validation_error", ARCHIVED));
      await assert.rejects(create({ database_id: f.db, data_source_id: second.id, name: "x", type: "table" }), apiError(400, "validation_error", ARCHIVED));
      // The remaining listed view is the last one: it stays.
      const [firstView] = (await notion.views.list({ database_id: f.db })).results;
      await assert.rejects(notion.views.delete({ view_id: firstView.id }), apiError(400, "validation_error"));
      await notion.dataSources.update({ data_source_id: second.id, in_trash: false } as any);
      assert.equal((await notion.views.list({ database_id: f.db })).results.length, 2);
    });
  });

  describe("versions", () => {
    test("2022-06-28 has no views endpoints; 2026-03-11 answers as 2025-09-03", async () => {
      const f = await fixture();
      const legacy = q.client({ version: "2022-06-28" });
      await assert.rejects(legacy.views.list({ database_id: f.db }), apiError(400, "invalid_request_url", "Invalid request URL."));
      await assert.rejects(legacy.views.create({ database_id: f.db, data_source_id: f.ds, name: "x", type: "table" } as any), apiError(400, "invalid_request_url"));
      const latest = q.client({ version: "2026-03-11" });
      const view: any = await latest.views.create({ database_id: f.db, data_source_id: f.ds, name: "New", type: "table" } as any);
      assert.deepEqual(Object.keys(view), VIEW_KEYS);
      assert.equal((await latest.views.list({ database_id: f.db })).results.length, 2);
    });
  });
});
