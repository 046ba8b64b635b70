/**
 * Data-source templates: GET /v1/data_sources/{id}/templates through the SDK (name filter,
 * cursors, the SDK's collect/iterate helpers, errors, access), the control API
 * (/_quire/v1/data_sources/{id}/templates) and the `quire template` commands; templates leave
 * their data source's query results (index plans and the in-memory evaluator), the legacy
 * database query and search, and come back when unmarked. Applying templates:
 * test/templates-apply.test.ts.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { type Client, collectDataSourceTemplates, iterateDataSourceTemplates } from "@notionhq/client";
import { startTestQuire, type TestQuire } from "./helpers/quire.js";
import { MISSING_ID, assertErrorBody, rejects, text } from "./helpers/api.js";
import { runCli } from "./helpers/child.js";
import { PLAN_COUNTS } from "../src/storage/planner/options.js";

let q: TestQuire;
let notion: Client;
let dsId: string;
let dbId: string;
const rows: string[] = [];
const templates: { id: string; name: string }[] = [];

const V = "2025-09-03";

async function mark(ds: string, pageId: string, isDefault?: boolean) {
  const res = await q.admin("POST", `/_quire/v1/data_sources/${ds}/templates`, isDefault === undefined ? { page_id: pageId } : { page_id: pageId, is_default: isDefault });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body;
}

async function row(title: string, estimate: number): Promise<string> {
  const page = await notion.pages.create({ parent: { data_source_id: dsId }, properties: { Name: { title: text(title) }, Estimate: { number: estimate } } });
  return page.id;
}

/** Ids of every row a data-source query answers, page by page. */
async function queried(body: Record<string, unknown> = {}, pageSize = 3): Promise<string[]> {
  const out: string[] = [];
  let cursor: string | undefined;
  do {
    const res = await notion.dataSources.query({ data_source_id: dsId, page_size: pageSize, start_cursor: cursor, ...body } as any);
    out.push(...res.results.map((r) => r.id));
    cursor = res.next_cursor ?? undefined;
  } while (cursor);
  return out;
}

before(async () => {
  // Thresholds at their lowest: queries over a few rows walk and look up the row-key index too.
  q = await startTestQuire({ planner: { scanBelowRows: 0, firstBatch: 2, maxBatch: 4, smallSetAtMost: 1 } });
  notion = q.client({ version: V });
  const db: any = await notion.databases.create({
    parent: { page_id: q.rootPageId },
    title: text("Tracker"),
    initial_data_source: {
      properties: {
        Name: { title: {} },
        Estimate: { number: {} },
        Twice: { formula: { expression: 'prop("Estimate") * 2' } },
      },
    },
  } as any);
  dbId = db.id;
  dsId = db.data_sources[0].id;
  for (let i = 0; i < 6; i++) rows.push(await row(`Row ${i}`, i));
  for (const name of ["Bug report", "Feature request", "bug triage", "Meeting"]) {
    const id = await row(name, 100);
    templates.push({ id, name });
  }
});
after(() => q.close());

describe("dataSources.listTemplates", () => {
  test("a new data source has none (the cookbook's expectation), in Notion's recorded shape without object or request_id", async () => {
    const res = await q.raw("GET", `/v1/data_sources/${dsId}/templates`, { version: V });
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, { templates: [], has_more: false, next_cursor: null });
  });

  test("marked pages are listed as {id, name, is_default} in the order they were marked", async () => {
    for (const t of templates) await mark(dsId, t.id);
    await mark(dsId, templates[1].id, true);
    const res = await notion.dataSources.listTemplates({ data_source_id: dsId });
    assert.deepEqual(res, { templates: templates.map((t, i) => ({ id: t.id, name: t.name, is_default: i === 1 })), has_more: false, next_cursor: null });
    for (const v of ["2025-09-03", "2026-03-11"]) assert.equal((await q.client({ version: v }).dataSources.listTemplates({ data_source_id: dsId })).templates.length, 4);
  });

  test("`name` keeps the templates whose name contains it, ignoring case", async () => {
    const res = await notion.dataSources.listTemplates({ data_source_id: dsId, name: "BUG" });
    assert.deepEqual(res.templates.map((t) => t.name), ["Bug report", "bug triage"]);
    assert.deepEqual((await notion.dataSources.listTemplates({ data_source_id: dsId, name: "nothing like it" })).templates, []);
  });

  test("pages of page_size, cursors naming the next template; the SDK helpers walk them", async () => {
    const first = await notion.dataSources.listTemplates({ data_source_id: dsId, page_size: 3 });
    assert.deepEqual(first.templates.map((t) => t.id), templates.slice(0, 3).map((t) => t.id));
    assert.equal(first.has_more, true);
    assert.equal(first.next_cursor, templates[3].id);
    const second = await notion.dataSources.listTemplates({ data_source_id: dsId, page_size: 3, start_cursor: first.next_cursor! });
    assert.deepEqual(second, { templates: [{ id: templates[3].id, name: "Meeting", is_default: false }], has_more: false, next_cursor: null });
    const all = await collectDataSourceTemplates(notion, { data_source_id: dsId, page_size: 1 } as any);
    assert.deepEqual(all.map((t) => t.id), templates.map((t) => t.id));
    const named: string[] = [];
    for await (const t of iterateDataSourceTemplates(notion, { data_source_id: dsId, name: "bug", page_size: 1 } as any)) named.push(t.name);
    assert.deepEqual(named, ["Bug report", "bug triage"]);
  });

  test("bad cursors and page sizes are validation errors", async () => {
    assertErrorBody(await q.raw("GET", `/v1/data_sources/${dsId}/templates?start_cursor=${MISSING_ID}`, { version: V }), {
      status: 400,
      code: "validation_error",
      message: `The start_cursor provided is invalid: ${MISSING_ID}`,
    });
    assertErrorBody(await q.raw("GET", `/v1/data_sources/${dsId}/templates?page_size=101`, { version: V }), { status: 400, code: "validation_error", message: /page_size should be ≤ `100`/ });
    assertErrorBody(await q.raw("GET", `/v1/data_sources/${dsId}/templates?start_cursor=nope`, { version: V }), { status: 400, code: "validation_error", message: /start_cursor should be a valid uuid/ });
  });

  test("a template in the trash is left out until restored", async () => {
    await notion.pages.update({ page_id: templates[3].id, in_trash: true });
    assert.deepEqual((await notion.dataSources.listTemplates({ data_source_id: dsId })).templates.map((t) => t.name), ["Bug report", "Feature request", "bug triage"]);
    await notion.pages.update({ page_id: templates[3].id, in_trash: false });
    assert.equal((await notion.dataSources.listTemplates({ data_source_id: dsId })).templates.length, 4);
  });

  test("access: 404 for a data source not shared, 403 without read content, invalid_request_url under 2022-06-28", async () => {
    const stranger = await q.integration("Stranger", ["read_content", "insert_content"]);
    await rejects(q.client({ version: V, auth: stranger.token }).dataSources.listTemplates({ data_source_id: dsId }), {
      status: 404,
      code: "object_not_found",
      message: `Could not find data_source with ID: ${dsId}. Make sure the relevant pages and databases are shared with your integration "Stranger".`,
    });
    const writer = await q.integration("Writer only", ["insert_content"], [q.rootPageId]);
    await rejects(q.client({ version: V, auth: writer.token }).dataSources.listTemplates({ data_source_id: dsId }), { status: 403, code: "restricted_resource" });
    assertErrorBody(await q.raw("GET", `/v1/data_sources/${dsId}/templates`, { version: "2022-06-28" }), { status: 400, code: "invalid_request_url" });
  });
});

describe("templates leave their data source's rows, views' queries and search", () => {
  test("queries through the index (cursors, filters, sorts) and the in-memory evaluator (formula sort) answer rows only", async () => {
    const ids = rows;
    const before = { ...PLAN_COUNTS };
    assert.deepEqual(await queried(), [...ids].reverse());
    assert.deepEqual(await queried({ sorts: [{ property: "Estimate", direction: "ascending" }] }), ids);
    assert.deepEqual(await queried({ filter: { property: "Estimate", number: { greater_than_or_equal_to: 0 } }, sorts: [{ property: "Name", direction: "descending" }] }), [...ids].reverse());
    assert.deepEqual(await queried({ filter: { property: "Estimate", number: { equals: 100 } } }), []);
    assert.deepEqual(await queried({ filter: { property: "Name", title: { equals: "Bug report" } } }), []);
    assert.deepEqual(await queried({ sorts: [{ property: "Twice", direction: "descending" }] }, 4), [...ids].reverse());
    assert.deepEqual(await queried({ filter: { property: "Twice", formula: { number: { greater_than: 100 } } } }), []);
    const legacy = await q.raw("POST", `/v1/databases/${dbId}/query`, { version: "2022-06-28", body: "{}" });
    assert.deepEqual(legacy.body.results.map((r: { id: string }) => r.id).sort(), [...ids].sort());
    for (const plan of ["walk", "lookup"] as const) assert.ok(PLAN_COUNTS[plan] > before[plan], `the ${plan} plan ran`);
  });

  test("a template in the trash is not among the trashed rows either", async () => {
    await notion.pages.update({ page_id: templates[2].id, in_trash: true });
    await notion.pages.update({ page_id: rows[5], in_trash: true });
    try {
      const res = await notion.dataSources.query({ data_source_id: dsId, in_trash: true } as any);
      assert.deepEqual(res.results.map((r) => r.id), [rows[5]]);
    } finally {
      await notion.pages.update({ page_id: templates[2].id, in_trash: false });
      await notion.pages.update({ page_id: rows[5], in_trash: false });
    }
  });

  test("search does not find templates; the pages themselves stay readable and editable", async () => {
    const found = await notion.search({ query: "Bug report" });
    assert.deepEqual(found.results.map((r) => r.id), []);
    assert.ok((await notion.search({ query: "Row 3" })).results.some((r) => r.id === rows[3]));
    const page: any = await notion.pages.retrieve({ page_id: templates[0].id });
    assert.deepEqual(page.parent, { type: "data_source_id", data_source_id: dsId, database_id: dbId });
    await notion.pages.update({ page_id: templates[0].id, properties: { Estimate: { number: 7 } } });
    assert.equal(((await notion.pages.retrieve({ page_id: templates[0].id })) as any).properties.Estimate.number, 7);
    assert.deepEqual(await queried({ filter: { property: "Estimate", number: { equals: 7 } } }), []);
  });

  test("unmarked, a template is a row again: in queries (index and memory) and search", async () => {
    const t = templates[3];
    const res = await q.admin("DELETE", `/_quire/v1/data_sources/${dsId}/templates/${t.id}`);
    assert.deepEqual(res.body, { object: "template", id: t.id, data_source_id: dsId, deleted: true, request_id: res.body.request_id });
    try {
      assert.deepEqual(await queried({ filter: { property: "Estimate", number: { equals: 100 } } }), [t.id]);
      assert.deepEqual(await queried({ filter: { property: "Twice", formula: { number: { greater_than: 100 } } } }), [t.id]);
      assert.deepEqual((await notion.search({ query: "Meeting" })).results.map((r) => r.id), [t.id]);
    } finally {
      await mark(dsId, t.id);
    }
    assert.deepEqual(await queried({ filter: { property: "Estimate", number: { equals: 100 } } }), []);
  });

  test("a template moved out of its data source is an ordinary page there", async () => {
    const id = await row("Moving template", 100);
    await mark(dsId, id);
    await notion.pages.move({ page_id: id, parent: { page_id: q.rootPageId } } as any);
    assert.ok(!(await notion.dataSources.listTemplates({ data_source_id: dsId })).templates.some((t) => t.id === id));
    await notion.pages.move({ page_id: id, parent: { data_source_id: dsId } } as any);
    assert.deepEqual(await queried({ filter: { property: "Name", title: { equals: "Moving template" } } }), [id]);
    await notion.pages.update({ page_id: id, in_trash: true });
  });
});

describe("control API: /_quire/v1/data_sources/{id}/templates", () => {
  test("one default at a time; marking again changes only is_default; GET lists every template", async () => {
    const a = await row("Default A", 100);
    const b = await row("Default B", 100);
    const other: any = await notion.dataSources.create({ parent: { database_id: dbId }, title: text("Other"), properties: { Name: { title: {} } } } as any);
    try {
      assert.equal((await mark(dsId, a, true)).is_default, true);
      const marked = await mark(dsId, b, true);
      assert.deepEqual({ ...marked, request_id: undefined }, { object: "template", id: b, data_source_id: dsId, name: "Default B", is_default: true, request_id: undefined });
      const listed = await q.admin("GET", `/_quire/v1/data_sources/${dsId}/templates`);
      const defaults = listed.body.results.filter((t: any) => t.is_default).map((t: any) => t.id);
      assert.deepEqual(defaults, [b]);
      assert.equal((await mark(dsId, b)).is_default, true, "marking again without is_default keeps it");
      assert.equal((await mark(dsId, b, false)).is_default, false);
      const order = (await q.admin("GET", `/_quire/v1/data_sources/${dsId}/templates`)).body.results.map((t: any) => t.id);
      assert.ok(order.indexOf(a) < order.indexOf(b), "a marked template keeps its place");
      assert.deepEqual((await q.admin("GET", `/_quire/v1/data_sources/${other.id}/templates`)).body.results, []);
    } finally {
      for (const id of [a, b]) await q.admin("DELETE", `/_quire/v1/data_sources/${dsId}/templates/${id}`);
    }
  });

  test("errors: another data source's page, unknown ids, a page that is not a template, no admin key", async () => {
    const plain = await q.admin("POST", `/_quire/v1/data_sources/${dsId}/templates`, { page_id: q.rootPageId });
    assert.equal(plain.status, 400);
    assert.equal(plain.body.code, "validation_error");
    assert.equal(plain.body.message, `Page ${q.rootPageId} is not a page of data source ${dsId}: only its own pages can be its templates.`);
    const noDs = await q.admin("POST", `/_quire/v1/data_sources/${MISSING_ID}/templates`, { page_id: rows[0] });
    assert.deepEqual([noDs.status, noDs.body.message], [404, `Could not find data_source with ID: ${MISSING_ID}.`]);
    const noPage = await q.admin("POST", `/_quire/v1/data_sources/${dsId}/templates`, { page_id: MISSING_ID });
    assert.deepEqual([noPage.status, noPage.body.message], [404, `Could not find page with ID: ${MISSING_ID}.`]);
    const notTemplate = await q.admin("DELETE", `/_quire/v1/data_sources/${dsId}/templates/${rows[0]}`);
    assert.deepEqual([notTemplate.status, notTemplate.body.code], [404, "object_not_found"]);
    const badBody = await q.admin("POST", `/_quire/v1/data_sources/${dsId}/templates`, { page_id: rows[0], is_default: "yes" });
    assert.deepEqual([badBody.status, badBody.body.message], [400, "body failed validation: body.is_default should be a boolean or `undefined`, instead was `\"yes\"`."]);
    const res = await fetch(`${q.url}/_quire/v1/data_sources/${dsId}/templates`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ page_id: rows[0] }) });
    assert.equal(res.status, 401);
    assert.deepEqual(await queried({ filter: { property: "Name", title: { equals: "Row 0" } } }), [rows[0]], "nothing was marked");
  });

  test("quire template add | list | remove", async () => {
    const id = await row("From the CLI", 100);
    const flags = ["--url", q.url, "--admin-key", q.adminKey];
    const added = await runCli(["template", "add", dsId, id, "--default", ...flags]);
    assert.equal(added.code, 0, added.stderr);
    assert.deepEqual(JSON.parse(added.stdout).is_default, true);
    const listed = await runCli(["template", "list", dsId, ...flags]);
    assert.ok(JSON.parse(listed.stdout).results.some((t: any) => t.id === id && t.is_default && t.name === "From the CLI"));
    assert.ok((await notion.dataSources.listTemplates({ data_source_id: dsId })).templates.some((t) => t.id === id && t.is_default));
    const removed = await runCli(["template", "remove", dsId, id, ...flags]);
    assert.equal(removed.code, 0, removed.stderr);
    assert.ok(!(await notion.dataSources.listTemplates({ data_source_id: dsId })).templates.some((t) => t.id === id));
    const missing = await runCli(["template", "remove", dsId, id, ...flags]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /404 object_not_found/);
  });
});
