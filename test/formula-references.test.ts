/**
 * Formulas keep their property references by id, as Notion does: renaming a property a formula
 * reads keeps the formula working (a fuzzer finding: the rename was refused as an invalid
 * formula), and expressions are answered in Notion's token form
 * `{{notion:block_property:<id>:<data source id>:<workspace id>}}`, re-printed in its layout.
 * Deleting or retyping a property a formula reads is not refused: the formula keeps its reference
 * and reads as empty. Unit cases for src/formula/references.ts and print.ts, then the API.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import type { Client } from "@notionhq/client";
import { startTestQuire, rt, type TestQuire } from "./helpers/quire.js";
import { rejects } from "./helpers/api.js";
import { VERSIONS } from "./helpers/quire.js";
import { presentReferences, printFormula, showReferences, storeReferences } from "../src/formula/index.js";

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

describe("presentReferences / printFormula", () => {
  const schema = [
    { id: "title", name: "Name" },
    { id: "a%3Ab", name: "Price" },
  ];
  const owner = { dataSourceId: "d5d5d5d5-0000-4000-8000-000000000001", workspaceId: "00000000-0000-4000-8000-0000000000f0" };
  const full = (id: string) => `{{notion:block_property:${id}:${owner.dataSourceId}:${owner.workspaceId}}}`;
  test("stored references (and names of this schema) are answered in the full token form", () => {
    assert.equal(presentReferences("{{notion:block_property:a%3Ab}} * 2", schema, owner), `${full("a%3Ab")} * 2`);
    assert.equal(presentReferences('prop("Price") + 1', schema, owner), `${full("a%3Ab")} + 1`);
    // Another data source's token form names this one; a related page's property stays by name.
    assert.equal(presentReferences("{{notion:block_property:title:x:y}}", schema, owner), full("title"));
    assert.equal(presentReferences('prop("Nope") + 1', schema, owner), 'prop("Nope") + 1');
    assert.equal(presentReferences('{{notion:block_property:title}}.map(current.prop("Price"))', schema, owner), `${full("title")}.map(current.prop("Price"))`);
  });
  const layouts: [string, string][] = [
    // The three recorded re-prints (ultimate-notion tests/cassettes).
    ['50000 + dateBetween({{notion:block_property:XdU%3B}}, now(), "years")*1000', '50000 + (dateBetween({{notion:block_property:XdU%3B}}, now(), "years") * 1000)'],
    ['if(({{notion:block_property:s}} == "Done"), "✅ Done", "🚧 In Progress")', 'if({{notion:block_property:s}} == "Done", "✅ Done", "🚧 In Progress")'],
    ["{{notion:block_property:n}}*2", "{{notion:block_property:n}} * 2"],
    // Inferred from them.
    ["1+2+3", "(1 + 2) + 3"],
    ["(1 + 2) * 3", "(1 + 2) * 3"],
    ["-2 ^ 2", "-(2 ^ 2)"],
    ["(-2) ^ 2", "(-2) ^ 2"],
    ["a ? b : c ? d : e", "a ? b : (c ? d : e)"],
    ["not  x", "not x"],
    ["!x and y", "!x and y"],
    ["[1,2 ,3].map(current*2)", "[1, 2, 3].map(current * 2)"],
    ["'it\\'s' + \"a\\nb\"", '"it\'s" + "a\\nb"'],
    ['prop("Name").length /* a comment */', 'prop("Name").length()'],
    ["(1 + 2).format()", "(1 + 2).format()"],
    ["let(x, 1, x + 1)", "let(x, 1, x + 1)"],
    // Not a formula: kept as given.
    ["1 +", "1 +"],
  ];
  for (const [written, printed] of layouts) {
    test(`${written} → ${printed}`, () => {
      assert.equal(printFormula(written), printed);
      // A re-print reads back as itself.
      assert.equal(printFormula(printed), printed);
    });
  }
});

describe("formulas through the API", () => {
  let q: TestQuire;
  let notion: Client;
  let workspaceId: string;
  before(async () => {
    q = await startTestQuire();
    notion = q.client();
    workspaceId = ((await notion.users.me({})) as any).bot.workspace_id;
  });
  after(() => q.close());

  const formulaOf = (ds: any, name: string) => ds.properties[name].formula.expression;

  /** A database with `properties`, through the version's own endpoints; returns the data source id and the client. */
  async function source(version: string, title: string, properties: Record<string, unknown>): Promise<{ client: Client; dsId: string; get(): Promise<any>; update(props: Record<string, unknown>): Promise<any> }> {
    const client = q.client({ version });
    if (version === "2022-06-28") {
      // SDK 5 sends no `properties` to databases.create/update: the 2022-06-28 bodies go raw.
      const created = await q.raw("POST", "/v1/databases", { version, body: JSON.stringify({ parent: { type: "page_id", page_id: q.rootPageId }, title: rt(title), properties }) });
      assert.equal(created.status, 200, JSON.stringify(created.body));
      const dbId = created.body.id;
      const dsId = ((await q.raw("GET", `/v1/databases/${dbId}`, { version: "2025-09-03" })).body as any).data_sources[0].id;
      return {
        client,
        dsId,
        get: async () => (await q.raw("GET", `/v1/databases/${dbId}`, { version })).body,
        update: async (props) => {
          const res = await q.raw("PATCH", `/v1/databases/${dbId}`, { version, body: JSON.stringify({ properties: props }) });
          assert.equal(res.status, 200, JSON.stringify(res.body));
          return res.body;
        },
      };
    }
    const db: any = await client.databases.create({ parent: { type: "page_id", page_id: q.rootPageId }, title: rt(title) as any, initial_data_source: { properties } as any });
    const dsId = db.data_sources[0].id;
    return {
      client,
      dsId,
      get: () => client.dataSources.retrieve({ data_source_id: dsId }),
      update: (props) => client.dataSources.update({ data_source_id: dsId, properties: props } as any),
    };
  }
  const token = (id: string, dsId: string) => `{{notion:block_property:${id}:${dsId}:${workspaceId}}}`;

  for (const version of VERSIONS) {
    test(`${version}: answered in Notion's token form and layout; renames keep formulas working`, async () => {
      const s = await source(version, "Renames", {
        Name: { title: {} },
        Price: { number: {} },
        Qty: { number: {} },
        Total: { formula: { expression: 'prop("Price")*prop("Qty")' } },
        Twice: { formula: { expression: '(prop("Total") * 2)' } },
      });
      const ds = await s.get();
      const [price, qty, total] = ["Price", "Qty", "Total"].map((n) => ds.properties[n].id);
      assert.equal(formulaOf(ds, "Total"), `${token(price, s.dsId)} * ${token(qty, s.dsId)}`);
      assert.equal(formulaOf(ds, "Twice"), `${token(total, s.dsId)} * 2`);
      const parent = version === "2022-06-28" ? { database_id: ds.id } : { data_source_id: s.dsId };
      const row: any = await s.client.pages.create({ parent, properties: { Price: { number: 3 }, Qty: { number: 4 } } } as any);
      const renamed = await s.update({ Price: { name: "Unit price" }, Total: { name: "Sum" } });
      assert.equal(formulaOf(renamed, "Sum"), `${token(price, s.dsId)} * ${token(qty, s.dsId)}`);
      assert.equal(formulaOf(renamed, "Twice"), `${token(total, s.dsId)} * 2`);
      const got: any = await s.client.pages.retrieve({ page_id: row.id });
      assert.deepEqual(got.properties.Sum.formula, { type: "number", number: 12 });
      assert.deepEqual(got.properties.Twice.formula, { type: "number", number: 24 });
      // New formulas name properties by their new names; the old name is gone.
      const more = await s.update({ Half: { formula: { expression: 'prop("Unit price") / 2' } } });
      assert.equal(formulaOf(more, "Half"), `${token(price, s.dsId)} / 2`);
      const old = version === "2022-06-28"
        ? await q.raw("PATCH", `/v1/databases/${ds.id}`, { version, body: JSON.stringify({ properties: { Old: { formula: { expression: 'prop("Price")' } } } }) })
        : null;
      if (old) assert.match(old.body.message, /^Formula Old is invalid: Property "Price" does not exist/);
      else await rejects(s.update({ Old: { formula: { expression: 'prop("Price")' } } }), { status: 400, code: "validation_error", message: 'Formula Old is invalid: Property "Price" does not exist (at 1:1)' });
      // Notion's token form is accepted as input (another data source's ids in it are ignored).
      const ids = await s.update({ Plus: { formula: { expression: `{{notion:block_property:${qty}:00000000-0000-0000-0000-000000000000:8994905a-074a-415f-9bcf-d1f8b4fa38e4}}+1` } } });
      assert.equal(formulaOf(ids, "Plus"), `${token(qty, s.dsId)} + 1`);
      assert.deepEqual(((await s.client.pages.retrieve({ page_id: row.id })) as any).properties.Plus.formula, { type: "number", number: 5 });
    });

    test(`${version}: deleting or retyping a property a formula reads succeeds; the formula reads empty`, async () => {
      const s = await source(version, "Removals", { Name: { title: {} }, Price: { number: {} }, Total: { formula: { expression: '1 + prop("Price") * 2' } } });
      const priceId = (await s.get()).properties.Price.id;
      const parent = version === "2022-06-28" ? { database_id: (await s.get()).id } : { data_source_id: s.dsId };
      const row: any = await s.client.pages.create({ parent, properties: { Price: { number: 5 } } } as any);
      assert.deepEqual(row.properties.Total.formula, { type: "number", number: 11 });
      const expected = `1 + (${token(priceId, s.dsId)} * 2)`;
      // Retyped: the reference stays, the formula no longer type-checks and reads empty.
      const retyped = await s.update({ Price: { rich_text: {} } });
      assert.equal(formulaOf(retyped, "Total"), expected);
      assert.deepEqual(((await s.client.pages.retrieve({ page_id: row.id })) as any).properties.Total.formula, { type: "string", string: null });
      // Deleted: the same; a new property with the old name is another property.
      const removed = await s.update({ Price: null });
      assert.equal(formulaOf(removed, "Total"), expected);
      const readded = await s.update({ Price: { number: {} } });
      assert.equal(formulaOf(readded, "Total"), expected);
      assert.notEqual(readded.properties.Price.id, priceId);
      await s.client.pages.update({ page_id: row.id, properties: { Price: { number: 7 } } } as any);
      assert.deepEqual(((await s.client.pages.retrieve({ page_id: row.id })) as any).properties.Total.formula, { type: "string", string: null });
      // Other schema changes leave it alone; writing it again checks it again.
      await s.update({ Note: { rich_text: {} } });
      const rewrite = version === "2022-06-28"
        ? await q.raw("PATCH", `/v1/databases/${(await s.get()).id}`, { version, body: JSON.stringify({ properties: { Total: { formula: { expression: '1 + {{notion:block_property:' + encodeURIComponent(decodeURIComponent(priceId)) + '}}' } } } }) })
        : null;
      if (rewrite) assert.equal(rewrite.status, 400);
      else await rejects(s.update({ Total: { formula: { expression: `1 + {{notion:block_property:${priceId}}}` } } }), { status: 400, code: "validation_error", message: /^Formula Total is invalid: / });
    });
  }
});
