import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { APIResponseError, type Client } from "@notionhq/client";
import { startTestQuire, rt, type TestQuire } from "./helpers/quire.js";
import { FrozenClock } from "../src/index.js";

/** Formula properties through the API: checked on schema writes, evaluated on reads and queries. */
describe("formula properties", () => {
  let q: TestQuire;
  let notion: Client;
  let items: string;
  let orders: string;
  const ids: Record<string, string> = {};
  const clock = new FrozenClock(Date.parse("2024-06-15T12:00:00Z"));

  before(async () => {
    q = await startTestQuire({ clock });
    notion = q.client();
    const db: any = await notion.databases.create({
      parent: { type: "page_id", page_id: q.rootPageId },
      title: rt("Items") as any,
      initial_data_source: {
        properties: {
          Name: { title: {} },
          Price: { number: {} },
          Qty: { number: {} },
          Due: { date: {} },
          Total: { formula: { expression: 'prop("Price") * prop("Qty")' } },
          Label: { formula: { expression: 'prop("Name") + " ×" + format(prop("Qty"))' } },
          Big: { formula: { expression: 'prop("Total") > 100' } },
          Overdue: { formula: { expression: 'prop("Due") < now()' } },
          Next: { formula: { expression: 'dateAdd(prop("Due"), 1, "days")' } },
        },
      } as any,
    });
    items = db.data_sources[0].id;
    for (const [name, price, qty, due] of [["apple", 10, 5, "2024-06-01"], ["brick", 50, 3, "2024-07-01"], ["chalk", 1, 1, "2024-06-20"]] as const) {
      const p = await notion.pages.create({ parent: { data_source_id: items }, properties: { Name: { title: rt(name) }, Price: { number: price }, Qty: { number: qty }, Due: { date: { start: due } } } as any });
      ids[name] = p.id;
    }
    const odb: any = await notion.databases.create({
      parent: { type: "page_id", page_id: q.rootPageId },
      title: rt("Orders") as any,
      initial_data_source: { properties: { Name: { title: {} }, Items: { relation: { data_source_id: items, single_property: {} } } } } as any,
    });
    orders = odb.data_sources[0].id;
    await notion.dataSources.update({
      data_source_id: orders,
      properties: {
        Sum: { formula: { expression: 'prop("Items").map(current.prop("Total")).sum()' } },
        Names: { formula: { expression: 'prop("Items").map(current.prop("Name")).join(", ")' } },
        Totals: { rollup: { relation_property_name: "Items", rollup_property_name: "Total", function: "sum" } },
      } as any,
    });
  });
  after(async () => q.close());

  const get = async (id: string) => ((await notion.pages.retrieve({ page_id: id })) as any).properties;

  test("values by result type: number, string, boolean, date", async () => {
    const p = await get(ids.apple);
    assert.deepEqual(p.Total.formula, { type: "number", number: 50 });
    assert.deepEqual(p.Label.formula, { type: "string", string: "apple ×5" });
    assert.deepEqual(p.Big.formula, { type: "boolean", boolean: false });
    assert.equal(p.Overdue.formula.boolean, true, "2024-06-01 is before the frozen now");
    assert.equal(p.Next.formula.type, "date");
    assert.equal(p.Next.formula.date.start.slice(0, 10), "2024-06-02");
  });

  test("the frozen clock drives now()", async () => {
    assert.equal((await get(ids.chalk)).Overdue.formula.boolean, false);
    clock.set(Date.parse("2024-06-25T00:00:00Z"));
    assert.equal((await get(ids.chalk)).Overdue.formula.boolean, true);
    clock.set(Date.parse("2024-06-15T12:00:00Z"));
  });

  test("filters and sorts on formulas", async () => {
    const r: any = await notion.dataSources.query({
      data_source_id: items,
      filter: { property: "Total", formula: { number: { greater_than: 10 } } },
      sorts: [{ property: "Total", direction: "descending" }],
    });
    assert.deepEqual(r.results.map((p: any) => p.id), [ids.brick, ids.apple]);
    const big: any = await notion.dataSources.query({ data_source_id: items, filter: { property: "Big", formula: { checkbox: { equals: true } } } });
    assert.deepEqual(big.results.map((p: any) => p.id), [ids.brick]);
    const label: any = await notion.dataSources.query({ data_source_id: items, filter: { property: "Label", formula: { string: { contains: "CHALK" } } } });
    assert.deepEqual(label.results.map((p: any) => p.id), [ids.chalk]);
  });

  test("formulas over relations read the related pages; rollups of formulas aggregate them", async () => {
    const order = await notion.pages.create({ parent: { data_source_id: orders }, properties: { Name: { title: rt("o1") }, Items: { relation: [{ id: ids.apple }, { id: ids.brick }] } } as any });
    const p = await get(order.id);
    assert.deepEqual(p.Sum.formula, { type: "number", number: 200 });
    assert.deepEqual(p.Names.formula, { type: "string", string: "apple, brick" });
    assert.equal(p.Totals.rollup.number, 200);
  });

  test("an invalid formula is a 400 naming the place and the problem", async () => {
    await assert.rejects(
      notion.dataSources.update({ data_source_id: items, properties: { Bad: { formula: { expression: 'prop("Nope") + 1' } } } as any }),
      (e: APIResponseError) => e.code === "validation_error" && /Bad/.test(e.message) && /Nope/.test(e.message) && /1:1/.test(e.message),
    );
    await assert.rejects(
      notion.dataSources.update({ data_source_id: items, properties: { Bad: { formula: { expression: '"a" * 2' } } } as any }),
      (e: APIResponseError) => e.code === "validation_error" && /Bad is invalid/.test(e.message),
    );
    const ds: any = await notion.dataSources.retrieve({ data_source_id: items });
    assert.equal(ds.properties.Bad, undefined, "nothing half-written");
  });

  test("the property-item endpoint answers a formula", async () => {
    const props = await get(ids.brick);
    const item: any = await notion.pages.properties.retrieve({ page_id: ids.brick, property_id: props.Total.id });
    assert.equal(item.object, "property_item");
    assert.deepEqual(item.formula, { type: "number", number: 150 });
  });
});

describe("the workspace time zone", () => {
  test("formulas and relative date filters follow it; the control API sets it", async () => {
    const clock = new FrozenClock(Date.parse("2024-06-15T20:00:00Z"));
    const q = await startTestQuire({ clock, timeZone: "Asia/Tokyo" });
    try {
      const notion = q.client();
      const db: any = await notion.databases.create({
        parent: { type: "page_id", page_id: q.rootPageId },
        title: rt("Zones") as any,
        initial_data_source: { properties: { Name: { title: {} }, Day: { formula: { expression: 'formatDate(now(), "YYYY-MM-DD")' } }, When: { date: {} } } } as any,
      });
      const ds = db.data_sources[0].id;
      const row = await notion.pages.create({ parent: { data_source_id: ds }, properties: { Name: { title: rt("r") }, When: { date: { start: "2024-06-16" } } } as any });
      const day = async () => (((await notion.pages.retrieve({ page_id: row.id })) as any).properties.Day.formula.string as string);
      assert.equal(await day(), "2024-06-16", "20:00 UTC is already the 16th in Tokyo");
      const today: any = await notion.dataSources.query({ data_source_id: ds, filter: { property: "When", date: { equals: "today" } } as any });
      assert.deepEqual(today.results.map((p: any) => p.id), [row.id], "`today` is Tokyo's day");
      const set = await q.admin("PATCH", "/_quire/v1/workspace", { time_zone: "America/New_York", name: "Quire NY" });
      assert.equal(set.status, 200);
      assert.equal(set.body.name, "Quire NY");
      assert.equal(set.body.time_zone, "America/New_York");
      assert.equal(await day(), "2024-06-15");
      const me: any = await notion.users.me({});
      assert.equal(me.bot.workspace_name, "Quire NY");
      const bad = await q.admin("PATCH", "/_quire/v1/workspace", { time_zone: "Mars/Olympus" });
      assert.equal(bad.status, 400);
      assert.equal(bad.body.code, "validation_error");
    } finally {
      await q.close();
    }
  });
});
