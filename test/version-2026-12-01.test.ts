/**
 * Notion-Version 2026-12-01 beside the versions before it, through the real SDK: page properties
 * in lists (search and data-source queries answer the title only unless `filter_properties` is
 * given), `filter_properties` on search, status filters (`equals` matching group names before
 * 2026-12-01 only; the `group` operators behind `Notion-Beta: status-group-filters-2026-10-06`),
 * and the `Notion-Beta` header's errors. Sources: docs/design/versions.md.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import type { Client } from "@notionhq/client";
import { atLeast, rt, startTestQuire, VERSIONS, type TestQuire } from "./helpers/quire.js";
import { assertErrorBody, rejects } from "./helpers/api.js";

let q: TestQuire;
/** A top-level page shared with a fresh integration, so searches see only what the tests made. */
let top: string;
let token: string;
let ds: string;
let rows: Record<string, string>;
let plainPage: string;
const BETA = "status-group-filters-2026-10-06";

const client = (version: string): Client => q.client({ version, auth: token });

before(async () => {
  q = await startTestQuire();
  const integ = await q.integration("Versions");
  token = integ.token;
  const made = await q.admin("POST", "/_quire/v1/pages", { title: "Version space", share_with: [integ.id] });
  top = made.body.id;
  const c = client("2025-09-03");
  plainPage = (await c.pages.create({ parent: { page_id: top }, properties: { title: { title: rt("Zebra notes") } } })).id;
  const db: any = await c.databases.create({
    parent: { type: "page_id", page_id: top },
    title: rt("Zebra tasks"),
    initial_data_source: {
      properties: {
        Name: { title: {} },
        Points: { number: {} },
        Done: { checkbox: {} },
        Twice: { formula: { expression: 'prop("Points") * 2' } },
        Stage: { status: {} },
      },
    },
  } as any);
  ds = db.data_sources[0].id;
  rows = {};
  // The default status options: Not started (To-do), In progress (In progress), Done (Complete).
  for (const [name, points, stage] of [["Zebra one", 1, "Not started"], ["Zebra two", 2, "In progress"], ["Zebra three", 3, "Done"]] as const) {
    rows[name] = (await c.pages.create({ parent: { data_source_id: ds } as any, properties: { Name: { title: rt(name) }, Points: { number: points }, Stage: { status: { name: stage } } } as any })).id;
  }
});
after(() => q.close());

const names = (page: any) => Object.keys(page.properties).sort();
const titleOf = (page: any) => (Object.values(page.properties).find((p: any) => p.type === "title") as any)?.title.map((t: any) => t.plain_text).join("");

describe("accepted", () => {
  test("2026-12-01 is a version of its own (not answered as an older one)", async () => {
    const page: any = await client("2026-12-01").pages.retrieve({ page_id: plainPage });
    assert.equal(page.object, "page");
    assert.equal("archived" in page, false);
  });
});

describe("page properties in lists", () => {
  for (const version of VERSIONS.filter((v) => v !== "2022-06-28")) {
    test(`${version}: data-source query answers ${atLeast(version, "2026-12-01") ? "the title only" : "every property"} without filter_properties`, async () => {
      const res: any = await client(version).dataSources.query({ data_source_id: ds });
      assert.equal(res.results.length, 3);
      for (const page of res.results) {
        if (atLeast(version, "2026-12-01")) {
          assert.deepEqual(names(page), ["Name"]);
          assert.deepEqual(page.properties.Name.id, "title");
          assert.equal(page.properties.Name.type, "title");
        } else assert.deepEqual(names(page), ["Done", "Name", "Points", "Stage", "Twice"]);
        // Other page fields do not change ("such as id, url, and last_edited_time").
        const full: any = await client(version).pages.retrieve({ page_id: page.id });
        const { properties: a, request_id: _r, ...restA } = full;
        const { properties: b, ...restB } = page;
        assert.deepEqual(restB, restA);
        assert.deepEqual(page.properties.Name, full.properties.Name);
      }
    });

    test(`${version}: filter_properties keeps exactly the properties named (ids or names; the title only if named)`, async () => {
      const c = client(version);
      const res: any = await c.dataSources.query({ data_source_id: ds, filter_properties: ["Points", "title"] });
      for (const page of res.results) assert.deepEqual(names(page), ["Name", "Points"]);
      const only: any = await c.dataSources.query({ data_source_id: ds, filter_properties: ["Twice"] });
      assert.deepEqual(only.results.map((p: any) => p.properties.Twice.formula.number).sort(), [2, 4, 6]);
      for (const page of only.results) assert.deepEqual(names(page), ["Twice"]);
    });

    test(`${version}: search answers ${atLeast(version, "2026-12-01") ? "the title only" : "every property"} of database pages`, async () => {
      const res: any = await client(version).search({ query: "zebra" });
      const found = res.results.filter((r: any) => r.object === "page" && r.id !== plainPage);
      assert.equal(found.length, 3);
      for (const page of found) assert.deepEqual(names(page), atLeast(version, "2026-12-01") ? ["Name"] : ["Done", "Name", "Points", "Stage", "Twice"]);
      // A page outside a database has only its title either way; a data source keeps its schema.
      const plain = res.results.find((r: any) => r.id === plainPage);
      assert.deepEqual(names(plain), ["title"]);
      const source = res.results.find((r: any) => r.object === "data_source");
      assert.deepEqual(Object.keys(source.properties).sort(), ["Done", "Name", "Points", "Stage", "Twice"]);
    });

    test(`${version}: search takes filter_properties in the query string or the body`, async () => {
      const query = await q.raw("POST", "/v1/search?filter_properties=Points&filter_properties=title", { version, auth: token, body: JSON.stringify({ query: "zebra" }) });
      assert.equal(query.status, 200, JSON.stringify(query.body));
      const inBody = await q.raw("POST", "/v1/search", { version, auth: token, body: JSON.stringify({ query: "zebra", filter_properties: ["Points", "title"] }) });
      assert.equal(inBody.status, 200, JSON.stringify(inBody.body));
      for (const res of [query, inBody]) {
        const pages = res.body.results.filter((r: any) => r.object === "page");
        assert.equal(pages.length, 4);
        for (const page of pages) assert.deepEqual(names(page), page.id === plainPage ? ["title"] : ["Name", "Points"]);
      }
      // Naming nothing the page has leaves it no properties.
      const none = await q.raw("POST", "/v1/search?filter_properties=Points", { version, auth: token, body: JSON.stringify({ query: "zebra notes" }) });
      assert.deepEqual(none.body.results.find((r: any) => r.id === plainPage).properties, {});
      const bad = await q.raw("POST", "/v1/search", { version, auth: token, body: JSON.stringify({ filter_properties: "Points" }) });
      assertErrorBody(bad, { status: 400, code: "validation_error", message: 'body failed validation: body.filter_properties should be an array, instead was `"Points"`.' });
    });
  }

  test("2026-12-01: retrieving, creating and updating a page still answer every property", async () => {
    const c = client("2026-12-01");
    const page: any = await c.pages.retrieve({ page_id: rows["Zebra one"] });
    assert.deepEqual(names(page), ["Done", "Name", "Points", "Stage", "Twice"]);
    const updated: any = await c.pages.update({ page_id: rows["Zebra one"], properties: { Done: { checkbox: true } } as any });
    assert.deepEqual(names(updated), ["Done", "Name", "Points", "Stage", "Twice"]);
    const created: any = await c.pages.create({ parent: { data_source_id: ds } as any, properties: { Name: { title: rt("Zebra four") } } as any });
    assert.deepEqual(names(created), ["Done", "Name", "Points", "Stage", "Twice"]);
    await c.pages.update({ page_id: created.id, in_trash: true });
  });

  test("2026-12-01: the title-only default still filters and sorts on every property", async () => {
    const res: any = await client("2026-12-01").dataSources.query({
      data_source_id: ds,
      filter: { property: "Twice", formula: { number: { greater_than: 2 } } },
      sorts: [{ property: "Points", direction: "descending" }],
    } as any);
    assert.deepEqual(res.results.map(titleOf), ["Zebra three", "Zebra two"]);
  });
});

describe("status filters", () => {
  const query = (version: string, filter: unknown, beta?: string) =>
    q.raw("POST", `/v1/data_sources/${ds}/query`, { version, auth: token, body: JSON.stringify({ filter }), headers: beta === undefined ? {} : { "Notion-Beta": beta } });
  const titles = (res: any) => res.body.results.map(titleOf).sort();

  for (const version of VERSIONS.filter((v) => v !== "2022-06-28")) {
    const groups = !atLeast(version, "2026-12-01");
    test(`${version}: equals a group name ${groups ? "matches the group's options" : "matches nothing (only option names)"}`, async () => {
      const complete = await query(version, { property: "Stage", status: { equals: "Complete" } });
      assert.equal(complete.status, 200, JSON.stringify(complete.body));
      assert.deepEqual(titles(complete), groups ? ["Zebra three"] : []);
      const notTodo = await query(version, { property: "Stage", status: { does_not_equal: "to-do" } });
      assert.deepEqual(titles(notTodo), groups ? ["Zebra three", "Zebra two"] : ["Zebra one", "Zebra three", "Zebra two"]);
      // An option's name wins over a group's: "In progress" is both.
      const both = await query(version, { property: "Stage", status: { equals: "In progress" } });
      assert.deepEqual(titles(both), ["Zebra two"]);
      const options = await query(version, { property: "Stage", status: { equals: ["Done", "Not started"] } });
      assert.deepEqual(titles(options), ["Zebra one", "Zebra three"]);
    });

    test(`${version}: group operators with the status-group beta`, async () => {
      const complete = await query(version, { property: "Stage", status: { group: { equals: "Complete" } } }, BETA);
      assert.equal(complete.status, 200, JSON.stringify(complete.body));
      assert.deepEqual(titles(complete), ["Zebra three"]);
      const open = await query(version, { property: "Stage", status: { group: { does_not_equal: ["complete"] } } }, BETA);
      assert.deepEqual(titles(open), ["Zebra one", "Zebra two"]);
      const many = await query(version, { or: [{ property: "Stage", status: { group: { equals: ["To-do", "In progress"] } } }] }, BETA);
      assert.deepEqual(titles(many), ["Zebra one", "Zebra two"]);
      const unknown = await query(version, { property: "Stage", status: { group: { equals: "Blocked" } } }, BETA);
      assert.deepEqual(titles(unknown), []);
      // The other operators keep working with the beta on.
      const plain = await query(version, { property: "Stage", status: { equals: "Done" } }, BETA);
      assert.deepEqual(titles(plain), ["Zebra three"]);
    });

    test(`${version}: the group operator without the beta, or malformed, is a validation error`, async () => {
      const without = await query(version, { property: "Stage", status: { group: { equals: "Complete" } } });
      assertErrorBody(without, { status: 400, code: "validation_error" });
      assert.match(without.body.message, /body\.filter\.status\.equals should be defined/);
      assert.doesNotMatch(without.body.message, /status\.group/);
      const noOp = await query(version, { property: "Stage", status: { group: {} } }, BETA);
      assertErrorBody(noOp, {
        status: 400,
        code: "validation_error",
        message: "body failed validation. Fix one:\nbody.filter.status.group.equals should be defined, instead was `undefined`.\nbody.filter.status.group.does_not_equal should be defined, instead was `undefined`.",
      });
      const number = await query(version, { property: "Stage", status: { group: { equals: 3 } } }, BETA);
      assertErrorBody(number, { status: 400, code: "validation_error" });
      assert.match(number.body.message, /body\.filter\.status\.group\.equals/);
    });
  }

  test("the beta leaves other filters alone; `group` belongs to status only", async () => {
    const res = await query("2026-12-01", { property: "Name", title: { contains: "zebra" } }, BETA);
    assert.equal(res.status, 200);
    assert.equal(res.body.results.length, 3);
    const onTitle = await query("2026-12-01", { property: "Name", title: { group: { equals: "Complete" } } }, BETA);
    assertErrorBody(onTitle, { status: 400, code: "validation_error", message: /body\.filter\.title\.equals should be defined/ });
  });

  test("a view stores a group condition and keeps it for readers without the beta", async () => {
    const c = client("2026-03-11");
    const db: any = await c.dataSources.retrieve({ data_source_id: ds });
    const made = await q.raw("POST", "/v1/views", {
      version: "2026-03-11",
      auth: token,
      headers: { "Notion-Beta": BETA },
      body: JSON.stringify({ database_id: db.parent.database_id, data_source_id: ds, name: "Open", type: "table", filter: { property: "Stage", status: { group: { does_not_equal: "Complete" } } } }),
    });
    assert.equal(made.status, 200, JSON.stringify(made.body));
    const read = await q.raw("GET", `/v1/views/${made.body.id}`, { version: "2026-03-11", auth: token });
    assert.deepEqual(read.body.filter, { property: "Stage", status: { group: { does_not_equal: "Complete" } } });
    const run = await q.raw("POST", `/v1/views/${made.body.id}/queries`, { version: "2026-03-11", auth: token, body: "{}" });
    assert.equal(run.status, 200, JSON.stringify(run.body));
    const results = await q.raw("GET", `/v1/views/${made.body.id}/queries/${run.body.id}`, { version: "2026-03-11", auth: token });
    assert.deepEqual(results.body.results.map((r: any) => r.id).sort(), [rows["Zebra one"], rows["Zebra two"]].sort());
  });
});

describe("Notion-Beta", () => {
  const call = (beta: string) => q.raw("GET", "/v1/users/me", { version: "2026-03-11", headers: { "Notion-Beta": beta } });

  test("a known beta is accepted on every endpoint and version", async () => {
    for (const version of VERSIONS) {
      const res = await q.raw("GET", "/v1/users/me", { version, headers: { "Notion-Beta": BETA } });
      assert.equal(res.status, 200, `${version} ${JSON.stringify(res.body)}`);
    }
    assert.equal((await call(` ${BETA} `)).status, 200);
  });

  const cases: [string, string, RegExp][] = [
    ["malformed", "status-group-filters", /should be a beta name followed by its revision date/],
    ["empty", "", /should be a beta name followed by its revision date/],
    ["unknown", "row-colors-2026-10-06", /is not a beta/],
    ["stale", "status-group-filters-2026-01-15", /is a stale revision of status-group-filters; the current one is `"status-group-filters-2026-10-06"`/],
    ["from the future", "status-group-filters-2027-01-01", /is an unknown revision/],
    ["duplicated", `${BETA}, ${BETA}`, /is given more than once/],
  ];
  for (const [what, value, message] of cases) {
    test(`${what} → 400 invalid_beta, whatever the endpoint`, async () => {
      const res = await call(value);
      assertErrorBody(res, { status: 400, code: "invalid_beta" });
      assert.match(res.body.message, /^Notion-Beta header failed validation: /);
      assert.match(res.body.message, message);
    });
  }

  test("the SDK surfaces invalid_beta as an API error with its code", async () => {
    const c = q.client({ version: "2026-12-01" });
    await rejects(c.request({ path: "users/me", method: "get", headers: { "Notion-Beta": "nope" } } as any), { status: 400, code: "invalid_beta" });
  });
});
