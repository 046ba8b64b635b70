/**
 * Formulas keep their property references by id, as Notion does: renaming a property a formula
 * reads keeps the formula working and shows it with the new name (a fuzzer finding: the rename
 * was refused as an invalid formula). Unit cases for src/formula/references.ts, then the API.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import type { Client } from "@notionhq/client";
import { startTestQuire, rt, type TestQuire } from "./helpers/quire.js";
import { rejects } from "./helpers/api.js";
import { showReferences, storeReferences } from "../src/formula/index.js";

describe("storeReferences / showReferences", () => {
  const schema = [
    { id: "title", name: "Name" },
    { id: "a%3Ab", name: "Price" },
    { id: "q}x", name: 'Say "hi"' },
  ];
  const cases: [string, string, string?][] = [
    ['prop("Price") * 2', "{{notion:block_property:a%3Ab}} * 2"],
    ["prop( 'Price' )+prop(\"Name\")", "{{notion:block_property:a%3Ab}}+{{notion:block_property:title}}", 'prop("Price")+prop("Name")'],
    ['prop("Say \\"hi\\"")', "{{notion:block_property:q%7Dx}}"],
    // A related page's property belongs to another schema: left as written.
    ['prop("Name").map(current.prop("Price"))', '{{notion:block_property:title}}.map(current.prop("Price"))'],
    // Unknown names, strings that only look like references, and broken formulas are kept.
    ['prop("Nope") + "prop(\\"Price\\")"', 'prop("Nope") + "prop(\\"Price\\")"'],
    ['prop("Price" +', 'prop("Price" +'],
  ];
  for (const [written, stored, shown] of cases) {
    test(`${written} ⇄ ${stored}`, () => {
      assert.equal(storeReferences(written, schema), stored);
      assert.equal(showReferences(stored, schema), shown ?? written);
    });
  }
  test("Notion's full token form (with space and user ids) shows by name", () => {
    assert.equal(showReferences("{{notion:block_property:a%3Ab:00000000-0000-0000-0000-000000000000:8994905a-074a-415f-9bcf-d1f8b4fa38e4}} + 1", schema), 'prop("Price") + 1');
  });
});

describe("renaming a property a formula reads", () => {
  let q: TestQuire;
  let notion: Client;
  before(async () => {
    q = await startTestQuire();
    notion = q.client();
  });
  after(() => q.close());

  const formulaOf = (ds: any, name: string) => ds.properties[name].formula.expression;

  test("data sources (2025-09-03+): the formula keeps working and shows the new name", async () => {
    for (const version of ["2025-09-03", "2026-03-11"]) {
      const client = q.client({ version });
      const db: any = await client.databases.create({
        parent: { type: "page_id", page_id: q.rootPageId },
        title: rt("Renames") as any,
        initial_data_source: {
          properties: {
            Name: { title: {} },
            Price: { number: {} },
            Qty: { number: {} },
            Total: { formula: { expression: 'prop("Price") * prop("Qty")' } },
            Twice: { formula: { expression: 'prop("Total") * 2' } },
          },
        } as any,
      });
      const dsId = db.data_sources[0].id;
      const row: any = await client.pages.create({ parent: { data_source_id: dsId }, properties: { Price: { number: 3 }, Qty: { number: 4 } } } as any);
      const renamed: any = await client.dataSources.update({ data_source_id: dsId, properties: { Price: { name: "Unit price" }, Total: { name: "Sum" } } } as any);
      assert.equal(formulaOf(renamed, "Sum"), 'prop("Unit price") * prop("Qty")');
      assert.equal(formulaOf(renamed, "Twice"), 'prop("Sum") * 2');
      const got: any = await client.pages.retrieve({ page_id: row.id });
      assert.deepEqual(got.properties.Sum.formula, { type: "number", number: 12 });
      assert.deepEqual(got.properties.Twice.formula, { type: "number", number: 24 });
      // New formulas name properties by their new names; the old name is gone.
      const more: any = await client.dataSources.update({ data_source_id: dsId, properties: { Half: { formula: { expression: 'prop("Unit price") / 2' } } } } as any);
      assert.equal(formulaOf(more, "Half"), 'prop("Unit price") / 2');
      await rejects(client.dataSources.update({ data_source_id: dsId, properties: { Old: { formula: { expression: 'prop("Price")' } } } } as any), {
        status: 400,
        code: "validation_error",
        message: /^Formula Old is invalid: /,
      });
      // A rename and a formula naming the new name in one request.
      const both: any = await client.dataSources.update({ data_source_id: dsId, properties: { Qty: { name: "Count" }, Per: { formula: { expression: 'prop("Sum") / prop("Count")' } } } } as any);
      assert.equal(formulaOf(both, "Per"), 'prop("Sum") / prop("Count")');
      assert.equal(formulaOf(both, "Sum"), 'prop("Unit price") * prop("Count")');
      assert.deepEqual(((await client.pages.retrieve({ page_id: row.id })) as any).properties.Per.formula, { type: "number", number: 3 });
    }
  });

  test("databases (2022-06-28): renamed through the database, formulas follow", async () => {
    const created = await q.raw("POST", "/v1/databases", {
      version: "2022-06-28",
      body: JSON.stringify({
        parent: { type: "page_id", page_id: q.rootPageId },
        title: rt("Legacy renames"),
        properties: { Name: { title: {} }, Done: { checkbox: {} }, Label: { formula: { expression: 'if(prop("Done"), "yes", "no")' } } },
      }),
    });
    assert.equal(created.status, 200, JSON.stringify(created.body));
    // SDK 5 sends neither `properties` on databases.create nor on update: the 2022-06-28 bodies go raw.
    const updated = await q.raw("PATCH", `/v1/databases/${created.body.id}`, { version: "2022-06-28", body: JSON.stringify({ properties: { Done: { name: "Finished" } } }) });
    assert.equal(updated.status, 200, JSON.stringify(updated.body));
    assert.equal(updated.body.properties.Label.formula.expression, 'if(prop("Finished"), "yes", "no")');
    const legacy = q.client({ version: "2022-06-28" });
    const row: any = await legacy.pages.create({ parent: { database_id: created.body.id }, properties: { Finished: { checkbox: true } } } as any);
    assert.deepEqual(row.properties.Label.formula, { type: "string", string: "yes" });
  });

  test("removing a property a formula reads is refused naming it, as before references were ids", async () => {
    const db: any = await notion.databases.create({
      parent: { type: "page_id", page_id: q.rootPageId },
      title: rt("Removals") as any,
      initial_data_source: { properties: { Name: { title: {} }, Price: { number: {} }, Total: { formula: { expression: '1 + prop("Price") * 2' } } } } as any,
    });
    const dsId = db.data_sources[0].id;
    await rejects(notion.dataSources.update({ data_source_id: dsId, properties: { Price: null } } as any), {
      status: 400,
      code: "validation_error",
      message: 'Formula Total is invalid: Property "Price" does not exist (at 1:5)',
    });
    // Removed and re-added under the same name is another property: still refused.
    await rejects(notion.dataSources.update({ data_source_id: dsId, properties: { Price: null, "Price ": { name: "Price", number: {} } } } as any), { status: 400, code: "validation_error", message: /^Formula Total is invalid: / });
    const ds: any = await notion.dataSources.retrieve({ data_source_id: dsId });
    assert.equal(formulaOf(ds, "Total"), '1 + prop("Price") * 2');
  });

  test("a formula given in Notion's id form reads by name", async () => {
    const db: any = await notion.databases.create({
      parent: { type: "page_id", page_id: q.rootPageId },
      title: rt("Id form") as any,
      initial_data_source: { properties: { Name: { title: {} }, N: { number: {} } } } as any,
    });
    const dsId = db.data_sources[0].id;
    const nId = ((await notion.dataSources.retrieve({ data_source_id: dsId })) as any).properties.N.id;
    const ds: any = await notion.dataSources.update({
      data_source_id: dsId,
      properties: { F: { formula: { expression: `{{notion:block_property:${nId}:00000000-0000-0000-0000-000000000000:8994905a-074a-415f-9bcf-d1f8b4fa38e4}} + 1` } } },
    } as any);
    assert.equal(formulaOf(ds, "F"), 'prop("N") + 1');
  });
});
