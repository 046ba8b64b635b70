import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import type { Client } from "@notionhq/client";
import { startTestQuire, rt, type TestQuire } from "./helpers/quire.js";

/** Changing a property's type converts its values through their text, as Notion does. */
describe("retyping a property converts the values", () => {
  let q: TestQuire;
  let notion: Client;
  let ds: string;
  let rows: string[];
  before(async () => {
    q = await startTestQuire();
    notion = q.client();
    const db: any = await notion.databases.create({
      parent: { type: "page_id", page_id: q.rootPageId },
      title: rt("Convert") as any,
      initial_data_source: { properties: { Name: { title: {} }, Amount: { rich_text: {} }, Kind: { rich_text: {} }, Flag: { rich_text: {} }, When: { rich_text: {} }, Tags: { multi_select: {} } } } as any,
    });
    ds = db.data_sources[0].id;
    const make = async (amount: string, kind: string, flag: string, when: string, tags: string[]) =>
      (
        await notion.pages.create({
          parent: { data_source_id: ds },
          properties: {
            Name: { title: rt(kind) },
            Amount: { rich_text: rt(amount) },
            Kind: { rich_text: rt(kind) },
            Flag: { rich_text: rt(flag) },
            When: { rich_text: rt(when) },
            Tags: { multi_select: tags.map((name) => ({ name })) },
          } as any,
        })
      ).id;
    rows = [await make("12.5", "Bug", "Yes", "2024-03-01", ["a", "b"]), await make("n/a", "Feature", "no", "soon", [])];
  });
  after(async () => q.close());

  test("text → number, select, checkbox, date; multi_select → text", async () => {
    await notion.dataSources.update({
      data_source_id: ds,
      properties: { Amount: { number: {} }, Kind: { select: {} }, Flag: { checkbox: {} }, When: { date: {} }, Tags: { rich_text: {} } } as any,
    });
    const [a, b]: any[] = await Promise.all(rows.map((id) => notion.pages.retrieve({ page_id: id })));
    assert.equal(a.properties.Amount.number, 12.5);
    assert.equal(b.properties.Amount.number, null);
    assert.equal(a.properties.Kind.select.name, "Bug");
    assert.equal(b.properties.Kind.select.name, "Feature");
    assert.equal(a.properties.Flag.checkbox, true);
    assert.equal(b.properties.Flag.checkbox, false);
    assert.deepEqual(a.properties.When.date, { start: "2024-03-01", end: null, time_zone: null });
    assert.equal(b.properties.When.date, null);
    assert.equal(a.properties.Tags.rich_text[0].plain_text, "a, b");
    assert.deepEqual(b.properties.Tags.rich_text, []);
    const schema: any = await notion.dataSources.retrieve({ data_source_id: ds });
    assert.deepEqual(schema.properties.Kind.select.options.map((o: any) => o.name).sort(), ["Bug", "Feature"]);
  });

  test("converted values are queryable at once", async () => {
    const res: any = await notion.dataSources.query({ data_source_id: ds, filter: { property: "Kind", select: { equals: "Bug" } } });
    assert.deepEqual(res.results.map((p: any) => p.id), [rows[0]]);
    const byText: any = await notion.dataSources.query({ data_source_id: ds, filter: { property: "Tags", rich_text: { contains: "b" } } });
    assert.deepEqual(byText.results.map((p: any) => p.id), [rows[0]]);
  });
});
