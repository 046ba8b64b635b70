/** Issue 9's smaller defects, each pinned by a regression test over HTTP with the real SDK. */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { brotliCompressSync, deflateSync, gzipSync } from "node:zlib";
import type { Client } from "@notionhq/client";
import { startTestQuire, type TestQuire } from "./helpers/quire.js";
import { MISSING_ID, append, assertErrorBody, childrenOf, newPage, rejects, text } from "./helpers/api.js";

let q: TestQuire;
let notion: Client;

before(async () => {
  q = await startTestQuire();
  notion = q.client();
});
after(() => q.close());

const para = (content: string) => ({ paragraph: { rich_text: text(content) } });
const NOT_A_CHILD = `body failed validation: body.position.after_block.id should be the id of a child of the parent block, instead was \`"${MISSING_ID}"\`.`;

describe("after_block naming no child", () => {
  test("is the same 400 on an empty page as on a page with children", async () => {
    const empty = await newPage(notion, q.rootPageId, "Empty");
    const full = await newPage(notion, q.rootPageId, "Full");
    await append(notion, full, [para("one")]);
    for (const pageId of [empty, full])
      await rejects(append(notion, pageId, [para("x")], { position: { type: "after_block", after_block: { id: MISSING_ID } } }), {
        status: 400,
        code: "validation_error",
        message: NOT_A_CHILD,
      });
  });

  test("the flat `after` (before 2026-03-11) is refused on an empty page too", async () => {
    const empty = await newPage(notion, q.rootPageId, "Empty for after");
    const old = q.client({ version: "2022-06-28" });
    await rejects(append(old, empty, [para("x")], { after: MISSING_ID }), { status: 400, code: "validation_error", message: NOT_A_CHILD });
    assert.equal((await notion.blocks.children.list({ block_id: empty })).results.length, 0);
  });

  test("pages.create with position after_block naming no child of an empty parent is a 400", async () => {
    const empty = await newPage(notion, q.rootPageId, "Empty parent");
    await rejects(
      notion.pages.create({ parent: { page_id: empty }, properties: { title: { title: text("Sub") } }, position: { type: "after_block", after_block: { id: MISSING_ID } } } as any),
      { status: 400, code: "validation_error", message: NOT_A_CHILD },
    );
  });
});

/** A map with these keys as own properties (an object literal's `"__proto__":` would set the prototype instead). */
const named = <T>(entries: [string, T][]): Record<string, T> => Object.fromEntries(entries);
const PROTO_NAMES = ["__proto__", "constructor", "toString", "hasOwnProperty"];

describe("property names that are Object.prototype members are ordinary names", () => {
  let dsId: string;
  let rowId: string;

  before(async () => {
    const db: any = await notion.databases.create({
      parent: { page_id: q.rootPageId },
      title: text("Proto names"),
      initial_data_source: {
        properties: named<any>([
          ["Name", { title: {} }],
          ["__proto__", { rich_text: {} }],
          ["constructor", { number: {} }],
          ["toString", { select: { options: [{ name: "constructor" }, { name: "__proto__" }] } }],
          ["hasOwnProperty", { checkbox: {} }],
          ["valueOf", { formula: { expression: 'prop("constructor") * 2' } }],
        ]),
      },
    } as any);
    dsId = db.data_sources[0].id;
  });

  test("databases.create keeps every one of them in the schema", async () => {
    const ds: any = await notion.dataSources.retrieve({ data_source_id: dsId });
    assert.deepEqual(Object.keys(ds.properties), ["Name", ...PROTO_NAMES, "valueOf"]);
    assert.equal(ds.properties.__proto__.type, "rich_text");
    assert.deepEqual(ds.properties.toString.select.options.map((o: any) => o.name), ["constructor", "__proto__"]);
  });

  test("pages.create and pages.update write and read their values", async () => {
    const page: any = await notion.pages.create({
      parent: { data_source_id: dsId },
      properties: named<any>([
        ["Name", { title: text("row") }],
        ["__proto__", { rich_text: text("proto text") }],
        ["constructor", { number: 3 }],
        ["toString", { select: { name: "__proto__" } }],
        ["hasOwnProperty", { checkbox: true }],
      ]),
    } as any);
    rowId = page.id;
    assert.deepEqual(Object.keys(page.properties), ["Name", ...PROTO_NAMES, "valueOf"]);
    assert.equal(page.properties.__proto__.rich_text[0].plain_text, "proto text");
    assert.equal(page.properties.toString.select.name, "__proto__");
    assert.equal(page.properties.valueOf.formula.number, 6);
    const updated: any = await notion.pages.update({ page_id: rowId, properties: named<any>([["__proto__", { rich_text: text("updated") }], ["constructor", { number: 5 }]]) } as any);
    assert.equal(updated.properties.__proto__.rich_text[0].plain_text, "updated");
    assert.equal(updated.properties.valueOf.formula.number, 10);
    const only: any = await notion.pages.retrieve({ page_id: rowId, filter_properties: ["__proto__", "constructor"] } as any);
    assert.deepEqual(Object.keys(only.properties), ["__proto__", "constructor"]);
  });

  test("queries filter and sort by them", async () => {
    const count = async (body: Record<string, unknown>) => (await notion.dataSources.query({ data_source_id: dsId, ...body } as any)).results.length;
    assert.equal(await count({ filter: { property: "__proto__", rich_text: { contains: "upd" } } }), 1);
    assert.equal(await count({ filter: { property: "constructor", number: { equals: 5 } } }), 1);
    assert.equal(await count({ filter: { property: "toString", select: { equals: "__proto__" } } }), 1);
    assert.equal(await count({ filter: { property: "valueOf", formula: { number: { equals: 10 } } } }), 1);
    assert.equal(await count({ sorts: [{ property: "__proto__", direction: "descending" }, { property: "toString", direction: "ascending" }] }), 1);
    const res: any = await notion.dataSources.query({ data_source_id: dsId, filter_properties: ["__proto__"] } as any);
    assert.deepEqual(Object.keys(res.results[0].properties), ["__proto__"]);
  });

  test("schema updates rename, remove and add them; relations, rollups and formulas name them", async () => {
    const other: any = await notion.databases.create({
      parent: { page_id: q.rootPageId },
      title: text("Proto relations"),
      initial_data_source: { properties: named<any>([["Name", { title: {} }], ["__proto__", { relation: { data_source_id: dsId, single_property: {} } }]]) },
    } as any);
    const otherId = other.data_sources[0].id;
    const changed: any = await notion.dataSources.update({
      data_source_id: otherId,
      properties: named<any>([
        ["constructor", { rollup: { relation_property_name: "__proto__", rollup_property_name: "constructor", function: "sum" } }],
        ["toString", { formula: { expression: 'prop("__proto__").map(current.prop("constructor")).sum()' } }],
        ["hasOwnProperty", { checkbox: {} }],
      ]),
    } as any);
    assert.deepEqual(Object.keys(changed.properties), ["Name", "__proto__", "constructor", "toString", "hasOwnProperty"]);
    const row: any = await notion.pages.create({ parent: { data_source_id: otherId }, properties: named<any>([["__proto__", { relation: [{ id: rowId }] }]]) } as any);
    assert.equal(row.properties.constructor.rollup.number, 5);
    assert.equal(row.properties.toString.formula.number, 5);
    const q1 = await notion.dataSources.query({ data_source_id: otherId, filter: { property: "constructor", rollup: { number: { equals: 5 } } } } as any);
    assert.equal(q1.results.length, 1);
    const renamed: any = await notion.dataSources.update({
      data_source_id: otherId,
      properties: named<any>([["hasOwnProperty", null], ["__proto__", { name: "valueOf" }], ["__defineGetter__", { url: {} }]]),
    } as any);
    assert.deepEqual(Object.keys(renamed.properties), ["Name", "valueOf", "constructor", "toString", "__defineGetter__"]);
    // Answered in Notion's token form: the renamed property by its id (a related page's property by name).
    const workspaceId = ((await notion.users.me({})) as any).bot.workspace_id;
    assert.equal(renamed.properties.toString.formula.expression, `{{notion:block_property:${renamed.properties.valueOf.id}:${otherId}:${workspaceId}}}.map(current.prop("constructor")).sum()`);
  });
});

describe("user words that are Object.prototype members", () => {
  const formulaDb = async (expression: string) =>
    notion.databases.create({ parent: { page_id: q.rootPageId }, title: text("F"), initial_data_source: { properties: { Name: { title: {} }, F: { formula: { expression } } } } } as any);

  test("a formula naming `constructor` is an unknown name, not a constant", async () => {
    await rejects(formulaDb("constructor + 1"), { status: 400, code: "validation_error", message: /Unknown name "constructor"/ });
  });

  test("date units and number formats named after Object members are unknown (the value is empty)", async () => {
    for (const expression of ['dateAdd(now(), 1, "constructor")', 'dateBetween(now(), now(), "hasOwnProperty")', 'formatNumber(1, "toString")']) {
      const db: any = await formulaDb(expression);
      const row: any = await notion.pages.create({ parent: { data_source_id: db.data_sources[0].id }, properties: { Name: { title: text("x") } } } as any);
      const value = row.properties.F.formula;
      assert.equal(value[value.type], null, expression);
    }
  });

  test("a markdown code fence labelled `constructor` is plain text, and `__proto__` attributes are ignored", async () => {
    const pageId = await newPage(notion, q.rootPageId, "Proto markdown");
    const markdown = '```constructor\ncode\n```\n<callout __proto__="x" icon="💡">\nhi\n</callout>\n';
    const res = await q.raw("PATCH", `/v1/pages/${pageId}/markdown`, { body: JSON.stringify({ type: "replace_content", replace_content: { new_str: markdown } }) });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const blocks: any[] = (await notion.blocks.children.list({ block_id: pageId })).results;
    assert.deepEqual(blocks.map((b) => b.type), ["code", "callout"]);
    assert.equal(blocks[0].code.language, "plain text");
  });
});

describe("control API", () => {
  test("a person's email is unique in the workspace, whatever its case", async () => {
    const first = await q.admin("POST", "/_quire/v1/users", { name: "Ada", email: "ada@example.com" });
    assert.equal(first.status, 200, JSON.stringify(first.body));
    for (const email of ["ada@example.com", "ADA@Example.com", "Owner@Quire.local"]) {
      const again = await q.admin("POST", "/_quire/v1/users", { name: "Other", email });
      assert.equal(again.status, 400, email);
      assert.equal(again.body.code, "validation_error");
      assert.match(again.body.message, /^body\.email is already the email of another user \([0-9a-f-]{36}\); each person's email is unique, whatever its case\.$/);
    }
    const users = await notion.users.list({});
    assert.equal(users.results.filter((u: any) => u.person?.email?.toLowerCase() === "ada@example.com").length, 1);
  });

  test("POST /_quire/v1/pages takes `title` as a plain string as well as rich text", async () => {
    const plain = await q.admin("POST", "/_quire/v1/pages", { title: "Plain title", share_with: [q.devIntegrationId] });
    assert.equal(plain.status, 200, JSON.stringify(plain.body));
    const page: any = await notion.pages.retrieve({ page_id: plain.body.id });
    assert.equal(page.properties.title.title[0].plain_text, "Plain title");
    const rich = await q.admin("POST", "/_quire/v1/pages", { title: [{ text: { content: "Rich" } }] });
    assert.equal(rich.status, 200);
    const bad = await q.admin("POST", "/_quire/v1/pages", { title: 42 });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.code, "validation_error");
  });
});

describe("request bodies: media type and content coding (decisions in src/http/body.ts)", () => {
  /** A raw POST /v1/pages creating a sub-page titled `title` under a fresh page. */
  const post = async (parent: string, title: string, headers: Record<string, string>, body?: Uint8Array | string) => {
    const payload = body ?? JSON.stringify({ parent: { page_id: parent }, properties: { title: { title: text(title) } } });
    const res = await fetch(`${q.url}/v1/pages`, {
      method: "POST",
      headers: { authorization: `Bearer ${q.token}`, "notion-version": "2025-09-03", ...headers },
      // A Blob without a type, so that fetch adds no Content-Type of its own.
      body: new Blob([payload as BlobPart]),
    });
    return { status: res.status, body: await res.json(), headers: res.headers };
  };
  const titles = async (parent: string) => (await childrenOf(notion, parent)).map((b) => b.child_page?.title);

  test("a JSON body declared as text/plain, as a form, or not declared is refused, and nothing is created", async () => {
    const parent = await newPage(notion, q.rootPageId, "Media types");
    const cases: [Record<string, string>, string][] = [
      [{ "content-type": "text/plain" }, "instead was `text/plain`"],
      [{ "content-type": "application/x-www-form-urlencoded" }, "instead was `application/x-www-form-urlencoded`"],
      [{}, "and it had no Content-Type"],
    ];
    for (const [headers, why] of cases)
      assertErrorBody(await post(parent, "refused", headers), {
        status: 400,
        code: "invalid_json",
        message: `Error parsing JSON body: a request body should be sent with \`Content-Type: application/json\`, ${why}.`,
      });
    assert.deepEqual(await titles(parent), []);
    assert.equal((await post(parent, "charset", { "content-type": "application/json; charset=utf-8" })).status, 200);
    assert.equal((await post(parent, "suffix", { "content-type": "application/merge-patch+json" })).status, 200);
    assert.deepEqual(await titles(parent), ["charset", "suffix"]);
  });

  test("gzip, deflate and br bodies are decoded; a bogus coding or bytes that are not what the coding says are refused", async () => {
    const parent = await newPage(notion, q.rootPageId, "Codings");
    const json = (title: string) => JSON.stringify({ parent: { page_id: parent }, properties: { title: { title: text(title) } } });
    const ct = { "content-type": "application/json" };
    assert.equal((await post(parent, "", { ...ct, "content-encoding": "gzip" }, gzipSync(json("gzip")))).status, 200);
    assert.equal((await post(parent, "", { ...ct, "content-encoding": "deflate" }, deflateSync(json("deflate")))).status, 200);
    assert.equal((await post(parent, "", { ...ct, "content-encoding": "br" }, brotliCompressSync(json("br")))).status, 200);
    assert.equal((await post(parent, "", { ...ct, "content-encoding": "identity" }, json("identity"))).status, 200);
    assertErrorBody(await post(parent, "", { ...ct, "content-encoding": "gzip" }, json("plain bytes called gzip")), {
      status: 400,
      code: "invalid_json",
      message: "Error parsing JSON body: the body is not valid gzip data.",
    });
    assertErrorBody(await post(parent, "", { ...ct, "content-encoding": "bogus" }, json("bogus coding")), {
      status: 400,
      code: "invalid_json",
      message: "Error parsing JSON body: the Content-Encoding `bogus` is not supported (gzip, deflate, br or identity).",
    });
    // A small compressed body may not expand past the payload limit.
    assertErrorBody(await post(parent, "", { ...ct, "content-encoding": "gzip" }, gzipSync(" ".repeat(20_000_000))), {
      status: 400,
      code: "validation_error",
      message: "body failed validation: the request body should be ≤ `512000` bytes.",
    });
    assert.deepEqual(await titles(parent), ["gzip", "deflate", "br", "identity"]);
  });
});
