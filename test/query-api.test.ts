/**
 * Querying data sources end to end through the real SDK (spec §7, §16): filters of every type
 * family, timestamps and relative dates on a frozen clock, rollups and formulas (the in-memory
 * path), sorts, pagination and cursors that survive writes, the 10,000-row cap with
 * request_status, filter_properties, trash, result_type, the 2022-06-28 database query, access.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { Client, collectAllDataSourceRows, collectPaginatedAPI, iterateAllDataSourceRows, iteratePaginatedAPI } from "@notionhq/client";
import { FrozenClock } from "../src/index.js";
import { VERSIONS, startTestQuire, type TestQuire } from "./helpers/quire.js";
import { MISSING_ID, newPage, rejects, text } from "./helpers/api.js";

const MINUTE = 60_000;
/** Wednesday 2024-05-15 08:00 UTC; "today" is 2024-05-15 (the server resolves relative dates in UTC). */
const NOW = Date.UTC(2024, 4, 15, 8);

let q: TestQuire;
let clock: FrozenClock;
/** 2025-09-03 (the SDK's default). */
let notion: Client;
let legacy: Client;
let newest: Client;
let botId: string;
let ada: string;
let home: string;

const invalid = (message?: string | RegExp) => ({ status: 400, code: "validation_error", ...(message !== undefined ? { message } : {}) });

before(async () => {
  clock = new FrozenClock(NOW);
  q = await startTestQuire({ clock });
  notion = q.client();
  legacy = q.client({ version: "2022-06-28" });
  newest = q.client({ version: "2026-03-11" });
  botId = (await notion.users.me({})).id;
  ada = (await q.admin("POST", "/_quire/v1/users", { name: "Ada Lovelace", email: "ada@example.com" })).body.id;
  home = await newPage(notion, q.rootPageId, "Queries");
});
after(() => q.close());

/** A database with one data source of `properties` under `home`; returns the data source. */
async function source(properties: Record<string, unknown>, title = "Rows"): Promise<any> {
  const db: any = await notion.databases.create({ parent: { page_id: home }, title: text(title), initial_data_source: { properties } } as any);
  return notion.dataSources.retrieve({ data_source_id: db.data_sources[0].id });
}

/** Creates a row one minute after the previous one (created_time is answered to the minute). */
async function row(dsId: string, properties: Record<string, unknown> = {}, client = notion): Promise<any> {
  clock.advance(MINUTE);
  return client.pages.create({ parent: { data_source_id: dsId }, properties } as any);
}
const title = (content: string) => ({ title: text(content) });
const trash = (pageId: string) => notion.pages.update({ page_id: pageId, in_trash: true });
const nameOf = (page: any): string => page.properties.Name.title.map((t: any) => t.plain_text).join("");
const namesOf = (res: { results: any[] }) => res.results.map(nameOf);
const sorted = (xs: string[]) => [...xs].sort();

const query = (dsId: string, body: Record<string, unknown> = {}, client = notion) =>
  client.dataSources.query({ data_source_id: dsId, ...body } as any) as Promise<any>;

/** Every row of a query, page by page, checking the list invariants on each page. */
async function allPages(dsId: string, body: Record<string, unknown> = {}, client = notion): Promise<{ pages: any[]; rows: any[] }> {
  const pages: any[] = [];
  let cursor: string | undefined;
  do {
    const res = await query(dsId, { ...body, start_cursor: cursor }, client);
    assert.equal(res.has_more, res.next_cursor !== null, "next_cursor is null exactly when has_more is false");
    pages.push(res);
    cursor = res.next_cursor ?? undefined;
  } while (cursor);
  return { pages, rows: pages.flatMap((p) => p.results) };
}

describe("filters, sorts and the default order", () => {
  let tasks: any;
  const rows: Record<string, any> = {};
  before(async () => {
    clock.set(NOW);
    tasks = await source(
      {
        Name: { title: {} },
        Notes: { rich_text: {} },
        Points: { number: {} },
        Done: { checkbox: {} },
        Stage: { select: { options: [{ name: "Todo" }, { name: "Doing" }, { name: "Finished" }] } },
        Tags: { multi_select: { options: [{ name: "red" }, { name: "green" }, { name: "blue" }] } },
        State: { status: {} },
        Due: { date: {} },
        Owner: { people: {} },
        Files: { files: {} },
        Link: { url: {} },
        Mail: { email: {} },
        Phone: { phone_number: {} },
        Ticket: { unique_id: { prefix: "T" } },
        Double: { formula: { expression: 'prop("Points") * 2' } },
        Created: { created_time: {} },
        Edited: { last_edited_time: {} },
        Author: { created_by: {} },
      },
      "Tasks",
    );
    rows.Alpha = await row(tasks.id, {
      Name: title("Alpha"),
      Notes: { rich_text: text("The first note") },
      Points: { number: 5 },
      Done: { checkbox: true },
      Stage: { select: { name: "Todo" } },
      Tags: { multi_select: [{ name: "red" }, { name: "green" }] },
      State: { status: { name: "In progress" } },
      Due: { date: { start: "2024-05-15" } },
      Owner: { people: [{ id: botId }] },
      Files: { files: [{ name: "a.pdf", external: { url: "https://example.com/a.pdf" } }] },
      Link: { url: "https://alpha.example.com" },
      Mail: { email: "alpha@example.com" },
      Phone: { phone_number: "+1 555 0100" },
    });
    rows.beta = await row(tasks.id, {
      Name: title("beta"),
      Notes: { rich_text: text("second") },
      Points: { number: 10 },
      Stage: { select: { name: "Doing" } },
      Tags: { multi_select: [{ name: "blue" }] },
      State: { status: { name: "Done" } },
      Due: { date: { start: "2024-05-20" } },
      Owner: { people: [{ id: ada }] },
      Link: { url: "https://beta.example.org" },
    });
    rows.Gamma = await row(tasks.id, { Name: title("Gamma"), Due: { date: { start: "2024-05-01", end: "2024-05-03" } } });
    rows.delta = await row(tasks.id, {
      Name: title("delta"),
      Points: { number: -3 },
      Stage: { select: { name: "Finished" } },
      Tags: { multi_select: [{ name: "green" }] },
      Due: { date: { start: "2024-05-14T23:30:00.000Z" } },
      Owner: { people: [{ id: ada }, { id: botId }] },
      Mail: { email: "delta@example.org" },
    });
    rows.Epsilon = await row(tasks.id, { Name: title("Epsilon"), Points: { number: 7 }, Due: { date: { start: "2023-06-01" } }, Stage: { select: { name: "Todo" } } });
  });

  /** Names of the rows matching `filter` (in any order). */
  const match = async (filter: unknown, client = notion) => sorted(namesOf(await query(tasks.id, { filter }, client)));
  const expect = async (filter: unknown, names: string[]) => assert.deepEqual(await match(filter), sorted(names), JSON.stringify(filter));

  test("no filter: every row, newest first (created_time descending)", async () => {
    const res = await query(tasks.id);
    assert.deepEqual(namesOf(res), ["Epsilon", "delta", "Gamma", "beta", "Alpha"]);
    assert.equal(res.object, "list");
    assert.equal(res.type, "page_or_data_source");
    assert.deepEqual(res.page_or_data_source, {});
    assert.equal(res.has_more, false);
    assert.equal(res.next_cursor, null);
    assert.equal("request_status" in res, false);
    // Rows read as pages.create answered them.
    const { request_id: _, ...created } = rows.Alpha;
    const page = res.results.find((p: any) => p.id === rows.Alpha.id);
    assert.deepEqual(page, created);
    assert.deepEqual(page.parent, { type: "data_source_id", data_source_id: tasks.id, database_id: tasks.parent.database_id });
  });

  test("text: title, rich_text, url, email, phone_number (case-insensitive)", async () => {
    await expect({ property: "Name", title: { contains: "ALP" } }, ["Alpha"]);
    await expect({ property: "Name", title: { starts_with: "b" } }, ["beta"]);
    await expect({ property: "Name", title: { ends_with: "a" } }, ["Alpha", "beta", "Gamma", "delta"]);
    await expect({ property: "Name", title: { equals: "gamma" } }, ["Gamma"]);
    await expect({ property: "Notes", rich_text: { does_not_contain: "note" } }, ["beta", "Gamma", "delta", "Epsilon"]);
    await expect({ property: "Notes", rich_text: { is_empty: true } }, ["Gamma", "delta", "Epsilon"]);
    await expect({ property: "Link", url: { ends_with: ".org" } }, ["beta"]);
    await expect({ property: "Mail", email: { is_not_empty: true } }, ["Alpha", "delta"]);
    await expect({ property: "Phone", phone_number: { equals: "+1 555 0100" } }, ["Alpha"]);
  });

  test("number and unique_id", async () => {
    await expect({ property: "Points", number: { greater_than: 5 } }, ["beta", "Epsilon"]);
    await expect({ property: "Points", number: { less_than_or_equal_to: 5 } }, ["Alpha", "delta"]);
    await expect({ property: "Points", number: { is_empty: true } }, ["Gamma"]);
    await expect({ property: "Points", number: { does_not_equal: 5 } }, ["beta", "Gamma", "delta", "Epsilon"]);
    const ticket = (name: string) => rows[name].properties.Ticket.unique_id.number as number;
    await expect({ property: "Ticket", unique_id: { greater_than_or_equal_to: ticket("delta") } }, ["delta", "Epsilon"]);
    await expect({ property: "Ticket", unique_id: { equals: ticket("beta") } }, ["beta"]);
  });

  test("checkbox, select, multi_select, status", async () => {
    await expect({ property: "Done", checkbox: { equals: true } }, ["Alpha"]);
    await expect({ property: "Done", checkbox: { does_not_equal: true } }, ["beta", "Gamma", "delta", "Epsilon"]);
    await expect({ property: "Stage", select: { equals: "todo" } }, ["Alpha", "Epsilon"]);
    await expect({ property: "Stage", select: { equals: ["Doing", "Finished"] } }, ["beta", "delta"]);
    await expect({ property: "Stage", select: { is_empty: true } }, ["Gamma"]);
    await expect({ property: "Tags", multi_select: { contains: "green" } }, ["Alpha", "delta"]);
    await expect({ property: "Tags", multi_select: { does_not_contain: "green" } }, ["beta", "Gamma", "Epsilon"]);
    await expect({ property: "State", status: { equals: "Done" } }, ["beta"]);
    await expect({ property: "State", status: { does_not_equal: "done" } }, ["Alpha", "Gamma", "delta", "Epsilon"]);
    await expect({ property: "State", status: { equals: ["In progress", "Done"] } }, ["Alpha", "beta"]);
  });

  test("date with ISO operands; files; relation-free people", async () => {
    await expect({ property: "Due", date: { on_or_after: "2024-05-14" } }, ["Alpha", "beta", "delta"]);
    await expect({ property: "Due", date: { before: "2024-05-14T23:00:00Z" } }, ["Gamma", "Epsilon"]);
    await expect({ property: "Due", date: { equals: "2024-05-01" } }, ["Gamma"]);
    await expect({ property: "Due", date: { is_empty: true } }, []);
    await expect({ property: "Files", files: { is_not_empty: true } }, ["Alpha"]);
    await expect({ property: "Owner", people: { contains: ada } }, ["beta", "delta"]);
    await expect({ property: "Owner", people: { contains: ada.replace(/-/g, "") } }, ["beta", "delta"]);
    await expect({ property: "Owner", people: { is_empty: true } }, ["Gamma", "Epsilon"]);
  });

  test('people contains "me" is the calling integration\'s bot, for people and created_by', async () => {
    await expect({ property: "Owner", people: { contains: "me" } }, ["Alpha", "delta"]);
    await expect({ property: "Owner", people: { does_not_contain: "me" } }, ["beta", "Gamma", "Epsilon"]);
    await expect({ property: "Author", created_by: { contains: "me" } }, ["Alpha", "beta", "Gamma", "delta", "Epsilon"]);
    // Another integration: its own rows are "me", the dev integration's are not.
    const other = await q.integration("Other author", undefined, [home]);
    const client = q.client({ auth: other.token });
    const own = await row(tasks.id, { Name: title("Theirs") }, client);
    try {
      assert.deepEqual(await match({ property: "Author", created_by: { contains: "me" } }, client), ["Theirs"]);
      assert.deepEqual(await match({ property: "Owner", people: { contains: "me" } }, client), []);
      await expect({ property: "Author", created_by: { does_not_contain: "me" } }, ["Theirs"]);
    } finally {
      await trash(own.id);
    }
  });

  test("formula filters are accepted and run in memory", async () => {
    // A formula filtered as another result type than its own reads as empty.
    await expect({ property: "Double", formula: { string: { is_not_empty: true } } }, []);
    await expect({ property: "Double", formula: { checkbox: { equals: true } } }, []);
    await rejects(query(tasks.id, { filter: { property: "Double", formula: { text: { equals: "x" } } } }), invalid(/body\.filter\.formula/));
  });

  test("formula values filter and sort", async () => {
    await expect({ property: "Double", formula: { number: { greater_than: 10 } } }, ["beta", "Epsilon"]);
    // An empty number reads as 0 inside formulas (src/formula: empty values), so Gamma's Double is 0.
    await expect({ property: "Double", formula: { number: { is_empty: true } } }, []);
    await expect({ property: "Double", formula: { number: { equals: 0 } } }, ["Gamma"]);
    const res = await query(tasks.id, { sorts: [{ property: "Double", direction: "descending" }] });
    // delta and Gamma both read 0 (Gamma's empty Points counts as 0): a tie, broken by id.
    assert.deepEqual(namesOf(res).slice(0, 3), ["beta", "Epsilon", "Alpha"]);
    assert.deepEqual(namesOf(res).slice(3).sort(), ["Gamma", "delta"]);
  });

  test("compound filters: and/or two levels deep", async () => {
    await expect(
      { and: [{ property: "Points", number: { greater_than: 0 } }, { or: [{ property: "Stage", select: { equals: "Todo" } }, { property: "Tags", multi_select: { contains: "blue" } }] }] },
      ["Alpha", "beta", "Epsilon"],
    );
    await expect(
      { or: [{ property: "Name", title: { equals: "Gamma" } }, { and: [{ property: "Done", checkbox: { equals: true } }, { property: "Owner", people: { contains: "me" } }] }] },
      ["Alpha", "Gamma"],
    );
    // With timestamp and in-memory (formula) leaves.
    await expect(
      { and: [{ property: "Points", number: { greater_than_or_equal_to: 5 } }, { or: [{ timestamp: "created_time", created_time: { after: "2024-05-15T08:03:00Z" } }, { property: "Done", checkbox: { equals: true } }] }] },
      ["Alpha", "Epsilon"],
    );
    await expect(
      { or: [{ property: "Double", formula: { string: { is_not_empty: true } } }, { and: [{ property: "Stage", select: { is_not_empty: true } }, { property: "Done", checkbox: { equals: false } }] }] },
      ["beta", "delta", "Epsilon"],
    );
    await expect({ and: [] }, ["Alpha", "beta", "Gamma", "delta", "Epsilon"]);
  });

  test("a third nesting level, a mismatched type and an unknown property are refused", async () => {
    const inner = [{ property: "Name", title: { contains: "a" } }];
    await rejects(
      query(tasks.id, { filter: { and: [{ or: [{ and: inner }] }] } }),
      invalid(`body failed validation: body.filter.and[0].or[0].and should be not present, instead was \`${JSON.stringify(inner)}\`.`),
    );
    await rejects(query(tasks.id, { filter: { property: "Name", number: { equals: 1 } } }), invalid("database property title does not match filter number"));
    await rejects(query(tasks.id, { filter: { property: "Stage", status: { equals: "Todo" } } }), invalid("database property select does not match filter status"));
    await rejects(query(tasks.id, { filter: { property: "Nope", title: { contains: "x" } } }), invalid("Could not find property with name or id: Nope"));
    await rejects(query(tasks.id, { filter: { or: [{ property: "Name", title: { contains: "x" } }, { property: "Gone", number: { equals: 1 } }] } }), invalid("Could not find property with name or id: Gone"));
    await rejects(query(tasks.id, { sorts: [{ property: "Nope", direction: "ascending" }] }), invalid("Could not find sort property with name or id: Nope"));
    await rejects(query(tasks.id, { filter: { property: "Points", number: { greater_than: "5" } } }), invalid("body failed validation: body.filter.number.greater_than should be a number, instead was `\"5\"`."));
    await rejects(query(tasks.id, { filter: { property: "Due", date: { after: "someday" } } }), invalid(/body\.filter\.date\.after/));
  });

  test("timestamp filters and created_time/last_edited_time properties", async () => {
    const at = (minutes: number) => new Date(NOW + minutes * MINUTE).toISOString();
    assert.equal(rows.beta.created_time, at(2));
    await expect({ timestamp: "created_time", created_time: { on_or_after: at(3) } }, ["Gamma", "delta", "Epsilon"]);
    await expect({ timestamp: "created_time", created_time: { before: at(3) } }, ["Alpha", "beta"]);
    await expect({ property: "Created", created_time: { on_or_before: at(2) } }, ["Alpha", "beta"]);
    await expect({ timestamp: "created_time", created_time: { is_empty: true } }, []);
    // An edit moves last_edited_time.
    clock.set(NOW + 60 * MINUTE);
    await notion.pages.update({ page_id: rows.Gamma.id, properties: { Notes: { rich_text: text("edited") } } } as any);
    await expect({ timestamp: "last_edited_time", last_edited_time: { after: at(30) } }, ["Gamma"]);
    await expect({ property: "Edited", last_edited_time: { before: at(30) } }, ["Alpha", "beta", "delta", "Epsilon"]);
    const bySort = await query(tasks.id, { sorts: [{ timestamp: "last_edited_time", direction: "descending" }] });
    assert.equal(nameOf(bySort.results[0]), "Gamma");
    await notion.pages.update({ page_id: rows.Gamma.id, properties: { Notes: { rich_text: [] } } } as any);
    await rejects(query(tasks.id, { filter: { timestamp: "created_time", property: "Created", created_time: { past_week: {} } } }), invalid(/body\.filter\.property should be not present/));
  });

  test("relative dates resolve against the server's clock (UTC day)", async () => {
    clock.set(NOW);
    await expect({ property: "Due", date: { equals: "today" } }, ["Alpha"]);
    await expect({ property: "Due", date: { equals: "yesterday" } }, ["delta"]);
    await expect({ property: "Due", date: { after: "today" } }, ["beta"]);
    await expect({ property: "Due", date: { on_or_before: "one_week_ago" } }, ["Gamma", "Epsilon"]);
    await expect({ property: "Due", date: { before: "one_month_ago" } }, ["Epsilon"]);
    await expect({ property: "Due", date: { on_or_after: "one_week_from_now" } }, []);
    await expect({ property: "Due", date: { past_week: {} } }, ["Alpha", "delta"]);
    await expect({ property: "Due", date: { next_week: {} } }, ["Alpha", "beta"]);
    await expect({ property: "Due", date: { past_month: {} } }, ["Alpha", "Gamma", "delta"]);
    await expect({ property: "Due", date: { past_year: {} } }, ["Alpha", "Gamma", "delta", "Epsilon"]);
    await expect({ property: "Due", date: { this_week: {} } }, ["Alpha", "delta"]); // Sun 12 – Sat 18 May
    await expect({ timestamp: "created_time", created_time: { equals: "today" } }, ["Alpha", "beta", "Gamma", "delta", "Epsilon"]);
    // One minute before midnight it is still the 15th; two minutes later it is the 16th.
    clock.set(Date.UTC(2024, 4, 15, 23, 59));
    await expect({ property: "Due", date: { equals: "today" } }, ["Alpha"]);
    clock.set(Date.UTC(2024, 4, 16, 0, 1));
    await expect({ property: "Due", date: { equals: "today" } }, []);
    await expect({ property: "Due", date: { equals: "yesterday" } }, ["Alpha"]);
    await expect({ timestamp: "created_time", created_time: { equals: "today" } }, []);
    clock.set(NOW + 2 * 60 * MINUTE);
  });

  test("sorts: several keys, empties last both ways, select by option order", async () => {
    const order = async (sorts: unknown[]) => namesOf(await query(tasks.id, { sorts }));
    assert.deepEqual(await order([{ property: "Points", direction: "ascending" }]), ["delta", "Alpha", "Epsilon", "beta", "Gamma"]);
    assert.deepEqual(await order([{ property: "Points", direction: "descending" }]), ["beta", "Epsilon", "Alpha", "delta", "Gamma"]);
    // Stage: Todo < Doing < Finished (schema order), empty last; ties by Points descending.
    assert.deepEqual(
      await order([{ property: "Stage", direction: "ascending" }, { property: "Points", direction: "descending" }]),
      ["Epsilon", "Alpha", "beta", "delta", "Gamma"],
    );
    assert.deepEqual(
      await order([{ property: "Stage", direction: "descending" }, { property: "Name", direction: "ascending" }]),
      ["delta", "beta", "Alpha", "Epsilon", "Gamma"],
    );
    // Text ignores case: Alpha, beta, delta, Epsilon, Gamma.
    assert.deepEqual(await order([{ property: "Name", direction: "ascending" }]), ["Alpha", "beta", "delta", "Epsilon", "Gamma"]);
    assert.deepEqual(await order([{ property: "Due", direction: "ascending" }]), ["Epsilon", "Gamma", "delta", "Alpha", "beta"]);
    assert.deepEqual(await order([{ timestamp: "created_time", direction: "ascending" }]), ["Alpha", "beta", "Gamma", "delta", "Epsilon"]);
    assert.deepEqual(await order([{ property: "Created", direction: "descending" }]), ["Epsilon", "delta", "Gamma", "beta", "Alpha"]);
    // By property id as well as name.
    assert.deepEqual(await order([{ property: tasks.properties.Points.id, direction: "ascending" }]), ["delta", "Alpha", "Epsilon", "beta", "Gamma"]);
    await rejects(query(tasks.id, { sorts: [{ property: "Points", direction: "up" }] }), invalid(/body\.sorts\[0\]\.direction/));
  });

  test("the same filter under every version; 2022-06-28 through /v1/databases/{id}/query", async () => {
    const filter = { and: [{ property: "Points", number: { is_not_empty: true } }, { property: "Points", number: { less_than: 8 } }] };
    const sorts = [{ property: "Name", direction: "ascending" }];
    const current = await query(tasks.id, { filter, sorts });
    const next = await query(tasks.id, { filter, sorts }, newest);
    const old = await legacy.request<any>({ path: `databases/${tasks.parent.database_id}/query`, method: "post", body: { filter, sorts } });
    assert.deepEqual(namesOf(current), ["Alpha", "delta", "Epsilon"]);
    assert.deepEqual(namesOf(next), namesOf(current));
    assert.deepEqual(namesOf(old), namesOf(current));
    assert.equal(next.type, "page_or_data_source");
    assert.equal(old.type, "page_or_database");
    assert.deepEqual(old.page_or_database, {});
    assert.equal("page_or_data_source" in old, false);
    assert.deepEqual(old.results[0].parent, { type: "database_id", database_id: tasks.parent.database_id });
    assert.equal(old.results[0].archived, false);
    assert.equal("archived" in next.results[0], false);
    assert.equal(current.results[0].archived, false);
  });
});

describe("rollups (the in-memory path)", () => {
  let orders: any;
  before(async () => {
    const items = await source({ Name: { title: {} }, Price: { number: {} }, Tag: { select: { options: [{ name: "x" }, { name: "y" }] } }, When: { date: {} } }, "Items");
    const i1 = await row(items.id, { Name: title("i1"), Price: { number: 10 }, Tag: { select: { name: "x" } }, When: { date: { start: "2024-01-10" } } });
    const i2 = await row(items.id, { Name: title("i2"), Price: { number: 30 }, Tag: { select: { name: "y" } }, When: { date: { start: "2024-03-01" } } });
    const i3 = await row(items.id, { Name: title("i3"), Price: { number: 20 }, Tag: { select: { name: "x" } } });
    const i4 = await row(items.id, { Name: title("i4") });
    const roll = (fn: string, prop: string) => ({ rollup: { relation_property_name: "Items", rollup_property_name: prop, function: fn } });
    orders = await source(
      {
        Name: { title: {} },
        Items: { relation: { data_source_id: items.id, single_property: {} } },
        Prices: roll("show_original", "Price"),
        Tags: roll("show_original", "Tag"),
        Total: roll("sum", "Price"),
        Latest: roll("latest_date", "When"),
      },
      "Orders",
    );
    const link = (...pages: any[]) => ({ Items: { relation: pages.map((p) => ({ id: p.id })) } });
    await row(orders.id, { Name: title("o1"), ...link(i1, i2) });
    await row(orders.id, { Name: title("o2"), ...link(i3) });
    await row(orders.id, { Name: title("o3") });
    await row(orders.id, { Name: title("o4"), ...link(i2, i4) });
  });

  const expect = async (filter: unknown, names: string[]) =>
    assert.deepEqual(sorted(namesOf(await query(orders.id, { filter }))), sorted(names), JSON.stringify(filter));

  test("any / every / none over the rolled-up items", async () => {
    await expect({ property: "Prices", rollup: { any: { number: { greater_than: 25 } } } }, ["o1", "o4"]);
    // `every` is false over no items on Notion (o3: recorded 2026-03-11 traffic, ultimate-notion
    // tests/cassettes test_query_rollup #12); an empty price fails greater_than (o4).
    await expect({ property: "Prices", rollup: { every: { number: { greater_than: 15 } } } }, ["o2"]);
    await expect({ property: "Tags", rollup: { none: { select: { equals: "x" } } } }, ["o3", "o4"]);
    await expect({ property: "Tags", rollup: { any: { select: { is_empty: true } } } }, ["o4"]);
  });

  test("number and date aggregates", async () => {
    await expect({ property: "Total", rollup: { number: { greater_than_or_equal_to: 30 } } }, ["o1", "o4"]);
    await expect({ property: "Total", rollup: { number: { less_than: 25 } } }, ["o2", "o3"]);
    await expect({ property: "Latest", rollup: { date: { after: "2024-02-01" } } }, ["o1", "o4"]);
    await expect({ property: "Latest", rollup: { date: { is_empty: true } } }, ["o2", "o3"]);
    await rejects(query(orders.id, { filter: { property: "Total", number: { equals: 1 } } }), invalid("database property rollup does not match filter number"));
  });

  test("rollup leaves in compound filters, under every version", async () => {
    const filter = {
      or: [
        { property: "Total", rollup: { number: { greater_than: 35 } } },
        { and: [{ property: "Name", title: { equals: "o2" } }, { property: "Tags", rollup: { any: { select: { equals: "X" } } } }] },
      ],
    };
    const sorts = [{ property: "Name", direction: "ascending" }];
    assert.deepEqual(namesOf(await query(orders.id, { filter, sorts })), ["o1", "o2"]);
    assert.deepEqual(namesOf(await query(orders.id, { filter, sorts }, newest)), ["o1", "o2"]);
    const old = await legacy.request<any>({ path: `databases/${orders.parent.database_id}/query`, method: "post", body: { filter, sorts } });
    assert.deepEqual(namesOf(old), ["o1", "o2"]);
    assert.equal(old.type, "page_or_database");
  });

  test("sorts on rollups, paged through cursors", async () => {
    const totals = (res: any) => res.results.map((p: any) => p.properties.Total.rollup.number);
    const asc = await allPages(orders.id, { sorts: [{ property: "Total", direction: "ascending" }], page_size: 3 });
    assert.equal(asc.pages.length, 2);
    assert.deepEqual(namesOf({ results: asc.rows }), ["o3", "o2", "o4", "o1"]);
    assert.deepEqual(totals({ results: asc.rows }), [0, 20, 30, 40]);
    const desc = await query(orders.id, { sorts: [{ property: "Latest", direction: "descending" }, { property: "Name", direction: "descending" }] });
    // o1 and o4 share 2024-03-01; rows without a date go last.
    assert.deepEqual(namesOf(desc), ["o4", "o1", "o3", "o2"]);
    const filtered = await allPages(orders.id, { filter: { property: "Prices", rollup: { any: { number: { is_not_empty: true } } } }, sorts: [{ property: "Total", direction: "descending" }], page_size: 1 });
    assert.deepEqual(namesOf({ results: filtered.rows }), ["o1", "o4", "o2"]);
  });
});

describe("pagination", () => {
  let ds: any;
  let all: string[];
  before(async () => {
    ds = await source({ Name: { title: {} }, N: { number: {} } }, "Paged");
    for (let i = 1; i <= 7; i++) await row(ds.id, { Name: title(`p${i}`), N: { number: i } });
    all = ["p7", "p6", "p5", "p4", "p3", "p2", "p1"];
  });

  test("page_size, has_more and next_cursor (null exactly at the end)", async () => {
    const { pages, rows } = await allPages(ds.id, { page_size: 3 });
    assert.deepEqual(pages.map((p) => p.results.length), [3, 3, 1]);
    assert.deepEqual(pages.map((p) => p.has_more), [true, true, false]);
    assert.equal(typeof pages[0].next_cursor, "string");
    assert.equal(pages[2].next_cursor, null);
    assert.deepEqual(namesOf({ results: rows }), all);
    // An exact multiple of page_size ends without an empty page.
    const exact = await allPages(ds.id, { page_size: 7 });
    assert.deepEqual(exact.pages.map((p) => [p.results.length, p.has_more]), [[7, false]]);
    const one = await allPages(ds.id, { page_size: 1, filter: { property: "N", number: { less_than: 3 } } });
    assert.deepEqual(one.pages.map((p) => p.has_more), [true, false]);
    await rejects(query(ds.id, { page_size: 0 }), invalid(/body\.page_size/));
    await rejects(query(ds.id, { page_size: 101 }), invalid(/body\.page_size/));
  });

  test("collectPaginatedAPI and iteratePaginatedAPI", async () => {
    const collected = await collectPaginatedAPI(notion.dataSources.query, { data_source_id: ds.id, page_size: 2 });
    assert.deepEqual(collected.map(nameOf), all);
    const seen: string[] = [];
    for await (const r of iteratePaginatedAPI(notion.dataSources.query, { data_source_id: ds.id, page_size: 4, sorts: [{ property: "N", direction: "ascending" }] })) seen.push(nameOf(r));
    assert.deepEqual(seen, [...all].reverse());
  });

  test("collectAllDataSourceRows / iterateAllDataSourceRows (created_time ascending, filter kept)", async () => {
    const rows = await collectAllDataSourceRows(notion, { data_source_id: ds.id });
    assert.deepEqual(rows.map(nameOf), [...all].reverse());
    const seen: string[] = [];
    for await (const r of iterateAllDataSourceRows(notion, { data_source_id: ds.id, filter: { property: "N", number: { greater_than: 4 } }, page_size: 2 } as any)) seen.push(nameOf(r));
    assert.deepEqual(seen, ["p5", "p6", "p7"]);
  });

  test("an invalid start_cursor is refused", async () => {
    await rejects(query(ds.id, { start_cursor: "not-a-cursor" }), invalid("The start_cursor provided is invalid: not-a-cursor"));
    await rejects(query(ds.id, { start_cursor: MISSING_ID }), invalid(`The start_cursor provided is invalid: ${MISSING_ID}`));
    const res = await q.raw("POST", `/v1/data_sources/${ds.id}/query`, { body: JSON.stringify({ start_cursor: 5 }) });
    assert.equal(res.status, 400);
    assert.equal(res.body.message, "body failed validation: body.start_cursor should be a string, instead was `5`.");
  });
});

describe("cursor stability under writes", () => {
  let anchor: any;
  before(async () => {
    anchor = await source({ Name: { title: {} } }, "Anchor");
  });

  /**
   * Fetches page 1, runs `change`, then the rest: every row that existed throughout (and kept
   * its sort key) appears exactly once across the pages, whatever was created, trashed or
   * edited in between; `changed` names the rows trashed or edited.
   */
  async function stable(body: Record<string, unknown>, setup: (ds: any) => Promise<any[]>, change: (ds: any, page1: any[], rest: any[]) => Promise<{ changed: string[] }>) {
    const ds = await source(
      {
        Name: { title: {} },
        N: { number: {} },
        Done: { checkbox: {} },
        Stage: { select: { options: [{ name: "a" }, { name: "b" }, { name: "c" }] } },
        Due: { date: {} },
        Rel: { relation: { data_source_id: anchor.id, single_property: {} } },
        Count: { rollup: { relation_property_name: "Rel", rollup_property_name: "Name", function: "count" } },
      },
      "Moving",
    );
    const original = await setup(ds);
    const first = await query(ds.id, { ...body, page_size: 5 });
    assert.equal(first.has_more, true);
    const initial = await collectPaginatedAPI(notion.dataSources.query, { data_source_id: ds.id, ...body } as any);
    const restBefore = initial.slice(5);
    const { changed } = await change(ds, first.results, restBefore);
    const rest: any[] = [];
    let cursor: string | undefined = first.next_cursor;
    while (cursor) {
      const res = await query(ds.id, { ...body, page_size: 5, start_cursor: cursor });
      rest.push(...res.results);
      cursor = res.next_cursor ?? undefined;
    }
    const seen = [...first.results, ...rest].map((r) => r.id);
    assert.equal(new Set(seen).size, seen.length, "no row is repeated");
    const survivors = original.map((r) => r.id).filter((id) => !changed.includes(id));
    for (const id of survivors) assert.ok(seen.includes(id), `row ${original.find((r) => r.id === id).properties.Name.title[0].plain_text} was skipped`);
    // The second part keeps its order and holds nothing trashed.
    const expectedRest = restBefore.map((r: any) => r.id).filter((id: string) => !changed.includes(id));
    assert.deepEqual(rest.map((r) => r.id).filter((id) => survivors.includes(id)), expectedRest);
  }

  const numbered = (ds: any, from: number, to: number) => (async () => {
    const out = [];
    for (let i = from; i <= to; i++) {
      out.push(await row(ds.id, {
        Name: title(`r${i}`),
        N: { number: i },
        Done: { checkbox: i % 2 === 0 },
        Stage: { select: [{ name: "a" }, { name: "b" }, { name: "c" }, null][i % 4] },
        Due: { date: i % 3 === 0 ? null : { start: `2024-01-${10 + (i % 7)}` } },
      }));
    }
    return out;
  })();

  test("default order: new rows sort first; page-1 rows, the cursor's row and later rows trashed", async () => {
    await stable({}, (ds) => numbered(ds, 1, 12), async (ds, page1, rest) => {
      for (let i = 0; i < 3; i++) await row(ds.id, { Name: title(`new${i}`), N: { number: 100 + i } });
      const trashed = [page1[1].id, page1[4].id, rest[0].id, rest[2].id];
      for (const id of trashed) await trash(id);
      return { changed: trashed };
    });
  });

  test("sorted by a property: rows inserted before the cursor, the cursor's row trashed", async () => {
    const sorts = [{ property: "N", direction: "ascending" }];
    await stable({ sorts }, (ds) => numbered(ds, 10, 21), async (ds, page1, rest) => {
      for (let i = 0; i < 4; i++) await row(ds.id, { Name: title(`low${i}`), N: { number: i } });
      const trashed = [page1[0].id, rest[0].id, rest[1].id];
      for (const id of trashed) await trash(id);
      return { changed: trashed };
    });
  });

  test("filtered: the cursor's row re-sorted ahead, the next one stops matching", async () => {
    const filter = { property: "N", number: { less_than: 100 } };
    const sorts = [{ property: "N", direction: "descending" }];
    await stable({ filter, sorts }, (ds) => numbered(ds, 1, 12), async (ds, page1, rest) => {
      await row(ds.id, { Name: title("top"), N: { number: 50 } });
      await notion.pages.update({ page_id: rest[0].id, properties: { N: { number: 60 } } } as any);
      await notion.pages.update({ page_id: rest[1].id, properties: { N: { number: 500 } } } as any);
      await trash(page1[2].id);
      return { changed: [page1[2].id, rest[0].id, rest[1].id] };
    });
  });

  test("sorted by text then a timestamp: the cursor's row renamed", async () => {
    const sorts = [{ property: "Name", direction: "descending" }, { timestamp: "created_time", direction: "ascending" }];
    await stable({ sorts }, (ds) => numbered(ds, 10, 21), async (ds, page1, rest) => {
      await row(ds.id, { Name: title("zz top"), N: { number: 1 } });
      await notion.pages.update({ page_id: rest[0].id, properties: { Name: title("a0") } } as any);
      await trash(page1[0].id);
      return { changed: [page1[0].id, rest[0].id] };
    });
  });

  test("sorted by checkbox, select and date (with empties): rows inserted first, the cursor's row trashed", async () => {
    const sorts = [{ property: "Done", direction: "ascending" }, { property: "Stage", direction: "descending" }, { property: "Due", direction: "ascending" }];
    await stable({ sorts }, (ds) => numbered(ds, 1, 14), async (ds, page1, rest) => {
      for (let i = 0; i < 3; i++) await row(ds.id, { Name: title(`first${i}`), Stage: { select: { name: "c" } }, Due: { date: { start: "2023-01-01" } } });
      const trashed = [page1[1].id, rest[0].id, rest[3].id];
      for (const id of trashed) await trash(id);
      return { changed: trashed };
    });
  });

  test("in memory (rollup filter and sort): rows inserted before the cursor, the cursor's row trashed", async () => {
    const filter = { property: "Count", rollup: { number: { equals: 0 } } };
    const sorts = [{ property: "Count", direction: "ascending" }, { property: "N", direction: "ascending" }];
    await stable({ filter, sorts }, (ds) => numbered(ds, 10, 21), async (ds, page1, rest) => {
      for (let i = 0; i < 3; i++) await row(ds.id, { Name: title(`low${i}`), N: { number: i } });
      const trashed = [page1[3].id, rest[0].id];
      for (const id of trashed) await trash(id);
      return { changed: trashed };
    });
  });
});

describe("filter_properties, trash, result_type", () => {
  let ds: any;
  let kept: any;
  let binned: any;
  before(async () => {
    ds = await source({ Name: { title: {} }, "Odd: name": { number: {} }, Note: { rich_text: {} }, Done: { checkbox: {} } }, "Options");
    kept = await row(ds.id, { Name: title("kept"), "Odd: name": { number: 1 }, Note: { rich_text: text("n") } });
    binned = await row(ds.id, { Name: title("binned"), "Odd: name": { number: 2 } });
    await trash(binned.id);
  });

  test("filter_properties limits each page's properties (SDK, repeated, encoded ids, names)", async () => {
    const oddId: string = ds.properties["Odd: name"].id;
    const viaSdk = await query(ds.id, { filter_properties: [oddId, "title"] });
    assert.deepEqual(Object.keys(viaSdk.results[0].properties), ["Name", "Odd: name"]);
    assert.deepEqual(viaSdk.results[0].properties["Odd: name"], { id: oddId, type: "number", number: 1 });
    // Raw: the id as answered (URL-encoded) and encoded again for the query string.
    for (const encoded of [oddId, encodeURIComponent(oddId)]) {
      const res = await q.raw("POST", `/v1/data_sources/${ds.id}/query?filter_properties=${encoded}&filter_properties=${ds.properties.Note.id}`, { body: "{}" });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.deepEqual(Object.keys(res.body.results[0].properties), ["Odd: name", "Note"]);
    }
    const none = await q.raw("POST", `/v1/data_sources/${ds.id}/query?filter_properties=nothing`, { body: "{}" });
    assert.deepEqual(none.body.results[0].properties, {});
    // Filters and sorts still see every property.
    const filtered = await query(ds.id, { filter_properties: ["title"], filter: { property: "Odd: name", number: { equals: 1 } } });
    assert.deepEqual(filtered.results.map((r: any) => Object.keys(r.properties)), [["Name"]]);
    const legacyRes = await legacy.request<any>({ path: `databases/${ds.parent.database_id}/query`, method: "post", query: { filter_properties: ["title"] }, body: {} });
    assert.deepEqual(Object.keys(legacyRes.results[0].properties), ["Name"]);
  });

  test("in_trash: true returns only trashed rows; archived is its alias before 2026-03-11", async () => {
    assert.deepEqual(namesOf(await query(ds.id)), ["kept"]);
    const inTrash = await query(ds.id, { in_trash: true });
    assert.deepEqual(namesOf(inTrash), ["binned"]);
    assert.equal(inTrash.results[0].in_trash, true);
    assert.deepEqual(namesOf(await query(ds.id, { in_trash: false })), ["kept"]);
    assert.deepEqual(namesOf(await query(ds.id, { archived: true })), ["binned"]);
    const old = await legacy.request<any>({ path: `databases/${ds.parent.database_id}/query`, method: "post", body: { archived: true } });
    assert.deepEqual(namesOf(old), ["binned"]);
    assert.equal(old.results[0].archived, true);
    assert.deepEqual(namesOf(await query(ds.id, { in_trash: true }, newest)), ["binned"]);
    await rejects(query(ds.id, { archived: true }, newest), invalid("body failed validation: body.archived should be not present, instead was `true`."));
    await rejects(query(ds.id, { in_trash: "yes" }), invalid("body failed validation: body.in_trash should be a boolean, instead was `\"yes\"`."));
    // A restored row comes back.
    await notion.pages.update({ page_id: binned.id, in_trash: false });
    assert.deepEqual(sorted(namesOf(await query(ds.id))), ["binned", "kept"]);
    await trash(binned.id);
  });

  test('result_type: "data_source" answers no rows, "page" the rows', async () => {
    const sources = await query(ds.id, { result_type: "data_source" });
    assert.deepEqual(sources.results, []);
    assert.equal(sources.has_more, false);
    assert.equal(sources.next_cursor, null);
    assert.deepEqual(namesOf(await query(ds.id, { result_type: "page" })), ["kept"]);
    await rejects(query(ds.id, { result_type: "database" }), invalid(/body\.result_type/));
  });
});

describe("versions and routes", () => {
  let ds: any;
  before(async () => {
    ds = await source({ Name: { title: {} } }, "Routes");
    await row(ds.id, { Name: title("only") });
  });

  test("2022-06-28: /v1/databases/{id}/query answers page_or_database; data source query is not a URL", async () => {
    const dbId = ds.parent.database_id;
    const old = await legacy.request<any>({ path: `databases/${dbId}/query`, method: "post", body: { page_size: 1 } });
    assert.equal(old.object, "list");
    assert.equal(old.type, "page_or_database");
    assert.deepEqual(old.page_or_database, {});
    assert.deepEqual(old.results[0].parent, { type: "database_id", database_id: dbId });
    assert.equal(old.has_more, false);
    assert.equal(old.next_cursor, null);
    // Undashed ids work as well.
    const undashed = await legacy.request<any>({ path: `databases/${dbId.replace(/-/g, "")}/query`, method: "post", body: {} });
    assert.equal(undashed.results.length, 1);
    await rejects(query(ds.id, {}, legacy), { status: 400, code: "invalid_request_url", message: "Invalid request URL." });
    await rejects(legacy.request({ path: `databases/${ds.id}/query`, method: "post", body: {} }), { status: 404, code: "object_not_found" });
  });

  test("2025-09-03 and 2026-03-11: /v1/databases/{id}/query is not a URL", async () => {
    for (const client of [notion, newest]) {
      await rejects(client.request({ path: `databases/${ds.parent.database_id}/query`, method: "post", body: {} }), { status: 400, code: "invalid_request_url", message: "Invalid request URL." });
    }
  });

  test("access: unshared → 404, no read_content → 403", async () => {
    const outsider = await q.integration("Query outsider");
    const c = q.client({ auth: outsider.token });
    const nf = await rejects(query(ds.id, {}, c), {
      status: 404,
      code: "object_not_found",
      message: `Could not find data_source with ID: ${ds.id}. Make sure the relevant pages and databases are shared with your integration "Query outsider".`,
    });
    assert.deepEqual(nf.additional_data, { integration_id: outsider.id });
    await rejects(q.client({ auth: outsider.token, version: "2022-06-28" }).request({ path: `databases/${ds.parent.database_id}/query`, method: "post", body: {} }), { status: 404, code: "object_not_found" });
    await rejects(query(MISSING_ID), { status: 404, code: "object_not_found" });
    const blind = await q.integration("Query blind", ["insert_content", "update_content", "user_info_with_email"], [home]);
    await rejects(query(ds.id, {}, q.client({ auth: blind.token })), { status: 403, code: "restricted_resource", message: "Insufficient permissions for this endpoint." });
    const reader = await q.integration("Query reader", ["read_content", "user_info_with_email"], [home]);
    assert.deepEqual(namesOf(await query(ds.id, {}, q.client({ auth: reader.token }))), ["only"]);
  });
});

describe("the 10,000-row cap", () => {
  const TOTAL = 10_050;
  let big: TestQuire;
  let client: Client;
  let dsId: string;
  before(async () => {
    // Its own server: a second frozen clock one second apart per row, so the SDK's
    // created_time windows (answered to the minute) hold 60 rows each.
    const bigClock = new FrozenClock(Date.UTC(2024, 0, 1));
    big = await startTestQuire({ clock: bigClock });
    client = big.client();
    const db: any = await client.databases.create({
      parent: { page_id: big.rootPageId },
      title: text("Big"),
      initial_data_source: { properties: { Name: { title: {} }, N: { number: {} } } },
    } as any);
    dsId = db.data_sources[0].id;
    let next = 0;
    const worker = async () => {
      while (next < TOTAL) {
        const n = next++;
        bigClock.advance(1000);
        await client.pages.create({ parent: { data_source_id: dsId }, properties: { Name: { title: text(`r${n}`) }, N: { number: n } } } as any);
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
  });
  after(() => big?.close());

  test("paging stops at 10,000 rows (has_more false, next_cursor null, request_status incomplete); collectAllDataSourceRows goes on past it", async () => {
    // The SDK helper pages with created_time ascending until request_status says "incomplete",
    // then again from the last row's created_time; every page it reads is kept here.
    const pages: { args: any; res: any }[] = [];
    const spy = Object.create(client);
    spy.dataSources = {
      ...client.dataSources,
      query: async (args: any) => {
        const res: any = await client.dataSources.query(args);
        assert.equal(res.has_more, res.next_cursor !== null, "next_cursor is null exactly when has_more is false");
        pages.push({ args, res });
        return res;
      },
    };
    const rows = await collectAllDataSourceRows(spy, { data_source_id: dsId });

    // The first query: 100 pages of 100, the last one capped.
    const first = pages.filter((p) => p.args.filter === undefined);
    assert.equal(first.length, 100);
    assert.deepEqual(first.map((p) => p.res.results.length), Array(100).fill(100));
    const capped = first.at(-1)!.res;
    assert.equal(capped.has_more, false);
    assert.equal(capped.next_cursor, null);
    assert.deepEqual(capped.request_status, { type: "incomplete", incomplete_reason: "query_result_limit_reached" });
    for (const p of first.slice(0, -1)) assert.equal("request_status" in p.res, false);
    const firstIds = first.flatMap((p) => p.res.results.map((r: any) => r.id));
    assert.equal(new Set(firstIds).size, 10_000);

    // Then a created_time window from the last row's minute, which completes.
    const rest = pages.slice(first.length);
    assert.ok(rest.length >= 1);
    assert.deepEqual(rest[0].args.filter, { timestamp: "created_time", created_time: { on_or_after: capped.results.at(-1).created_time } });
    for (const p of rest) assert.equal("request_status" in p.res, false);
    assert.equal(rows.length, TOTAL);
    assert.equal(new Set(rows.map((r) => r.id)).size, TOTAL);
    assert.deepEqual(rows.map((r: any) => r.properties.N.number).sort((a, b) => a - b), Array.from({ length: TOTAL }, (_, i) => i));
    const times = rows.map((r: any) => r.created_time);
    assert.deepEqual(times, [...times].sort());
  });

  test("a view query caches 10,000 ids and says so on every page (views.queries, docs/design/views.md)", async () => {
    const [view] = (await client.views.list({ data_source_id: dsId })).results;
    const first: any = await client.views.queries.create({ view_id: view.id });
    assert.equal(first.total_count, 10_000);
    assert.deepEqual(first.request_status, { type: "incomplete", incomplete_reason: "query_result_limit_reached" });
    const ids: string[] = first.results.map((r: any) => r.id);
    let cursor = first.next_cursor;
    let last: any = first;
    while (cursor) {
      last = await client.views.queries.results({ view_id: view.id, query_id: first.id, start_cursor: cursor });
      assert.deepEqual(last.request_status, { type: "incomplete", incomplete_reason: "query_result_limit_reached" });
      ids.push(...last.results.map((r: any) => r.id));
      cursor = last.next_cursor;
    }
    assert.equal(last.has_more, false);
    assert.equal(new Set(ids).size, 10_000);
    // The same first 10,000 rows a data source query pages through.
    const { rows } = await allPages(dsId, { page_size: 100 }, client);
    assert.deepEqual(ids, rows.map((r: any) => r.id));
  });

  test("a filter matching fewer than 10,000 rows has no request_status", async () => {
    const { pages, rows } = await allPages(dsId, { filter: { property: "N", number: { greater_than_or_equal_to: 9_800 } }, page_size: 100 }, client);
    assert.equal(rows.length, 250);
    assert.equal(pages.at(-1).has_more, false);
    for (const p of pages) assert.equal("request_status" in p, false);
  });
});

/**
 * Issue 10, exact values as recorded on Notion (2026-03-11 traffic, ultimate-notion
 * tests/cassettes): the same data queried under every version (2022-06-28 through
 * /v1/databases/{id}/query); rows are named by id, whatever the version shows of their values.
 */
describe("exact values in queries, under every version", () => {
  const ids = async (version: string, ds: any, body: Record<string, unknown>): Promise<string[]> => {
    const res: any = version === "2022-06-28"
      ? await legacy.request({ path: `databases/${ds.parent.database_id}/query`, method: "post", body })
      : await q.client({ version }).dataSources.query({ data_source_id: ds.id, ...body } as any);
    return res.results.map((r: any) => r.id).sort();
  };
  const count = async (version: string, ds: any, filter: unknown) => (await ids(version, ds, { filter })).length;

  let people: any;
  let dates: any;
  let items: any;
  const at: Record<string, string> = {};
  before(async () => {
    clock.set(NOW);
    // test_text_query: one empty page, John and Jane.
    people = await source({ Title: { title: {} }, Name: { rich_text: {} }, Phone: { phone_number: {} }, Email: { email: {} }, URL: { url: {} } }, "People");
    await row(people.id, {});
    await row(people.id, { Title: title("John"), Name: { rich_text: text("John Doe") }, Phone: { phone_number: "123-456-7890" }, Email: { email: "john.doe@gmail.com" }, URL: { url: "https://john.doe.com" } });
    await row(people.id, { Title: title("Jane"), Name: { rich_text: text("Jane Doe") }, Phone: { phone_number: "123-456-7890" }, Email: { email: "jane.doe@gmail.com" }, URL: { url: "https://jane.doe.de" } });
    // test_date_query: times with seconds in London; a page without a date.
    dates = await source({ Name: { title: {} }, Date: { date: {} } }, "Dates");
    for (const [name, start] of [["now", "2026-06-27T18:01:15.377824"], ["week ago", "2026-06-20T18:01:15.377824"], ["month ago", "2026-05-27T18:01:15.377824"], ["year ago", "2025-06-27T18:01:15.377824"], ["in a week", "2026-07-04T18:01:15.377824"], ["in a month", "2026-07-27T18:01:15.377824"], ["in a year", "2027-06-27T18:01:15.377824"]])
      at[name] = (await row(dates.id, { Name: title(name), Date: { date: { start, time_zone: "Europe/London" } } })).id;
    at.none = (await row(dates.id, { Name: title("none") })).id;
    // test_query_rollup: a self-relation, and the related titles rolled up.
    items = await source({ Title: { title: {} } }, "Items");
    await notion.dataSources.update({ data_source_id: items.id, properties: { Relation: { relation: { data_source_id: items.id, type: "single_property", single_property: {} } } } } as any);
    items = await notion.dataSources.update({ data_source_id: items.id, properties: { "Rollup Title": { rollup: { relation_property_name: "Relation", rollup_property_name: "Title", function: "show_original" } } } } as any);
    at.item1 = (await row(items.id, { Title: title("Item 1") })).id;
    at.item2 = (await row(items.id, { Title: title("Item 2"), Relation: { relation: [{ id: at.item1 }] } })).id;
    at.item3 = (await row(items.id, { Title: title("Item 3"), Relation: { relation: [{ id: at.item1 }, { id: at.item2 }] } })).id;
  });

  for (const version of VERSIONS) {
    test(`${version}: the rich_text condition filters title, phone_number, email and url on their plain text`, async () => {
      // Counts recorded for each operator and property (test_text_query #5–#44).
      const table: Record<string, number[]> = {
        Title: [1, 2, 0, 3, 0, 3, 1, 0],
        Name: [1, 2, 1, 2, 2, 1, 1, 2],
        Phone: [1, 2, 0, 3, 0, 3, 0, 0],
        Email: [1, 2, 0, 3, 2, 1, 1, 0],
        URL: [1, 2, 0, 3, 2, 1, 0, 0],
      };
      const conditions = [{ is_empty: true }, { is_not_empty: true }, { equals: "John Doe" }, { does_not_equal: "John Doe" }, { contains: "Doe" }, { does_not_contain: "Doe" }, { starts_with: "John" }, { ends_with: "Doe" }];
      for (const [property, expected] of Object.entries(table)) {
        const got = [];
        for (const condition of conditions) got.push(await count(version, people, { property, rich_text: condition }));
        assert.deepEqual(got, expected, property);
      }
      await rejects(query(people.id, { filter: { property: "Phone", title: { contains: "1" } } }, q.client({ version: version === "2022-06-28" ? "2025-09-03" : version })), invalid("database property phone_number does not match filter title"));
    });

    test(`${version}: dates compare at the minute (a time with seconds names its minute)`, async () => {
      const operand = "2026-06-27T18:01:15.377824+01:00";
      const when = (op: string) => ids(version, dates, { filter: { property: "Date", date: { [op]: operand } } });
      const of = (...names: string[]) => names.map((n) => at[n]).sort();
      // test_date_query #12–#16: equals 1, before 3, on_or_before 4, after 3, on_or_after 4.
      assert.deepEqual(await when("equals"), of("now"));
      assert.deepEqual(await when("before"), of("week ago", "month ago", "year ago"));
      assert.deepEqual(await when("on_or_before"), of("now", "week ago", "month ago", "year ago"));
      assert.deepEqual(await when("after"), of("in a week", "in a month", "in a year"));
      assert.deepEqual(await when("on_or_after"), of("now", "in a week", "in a month", "in a year"));
      // The value is stored as its minute: 17:01 UTC is 18:01 in London.
      assert.deepEqual(await ids(version, dates, { filter: { property: "Date", date: { equals: "2026-06-27T17:01:59Z" } } }), of("now"));
      assert.deepEqual(await ids(version, dates, { filter: { property: "Date", date: { equals: "2026-06-27T17:02:00Z" } } }), []);
      assert.deepEqual(await ids(version, dates, { filter: { property: "Date", date: { is_empty: true } } }), of("none"));
    });

    test(`${version}: rollup any / every / none over an empty rollup are false / false / true`, async () => {
      const rollup = (quantifier: string, condition: unknown) => ids(version, items, { filter: { property: "Rollup Title", rollup: { [quantifier]: { rich_text: condition } } } });
      const of = (...keys: string[]) => keys.map((k) => at[k]).sort();
      // test_query_rollup #8, #12, #14 (Item 1 relates to nothing).
      assert.deepEqual(await rollup("any", { equals: "Item 1" }), of("item2", "item3"));
      assert.deepEqual(await rollup("every", { starts_with: "Item" }), of("item2", "item3"));
      assert.deepEqual(await rollup("none", { is_empty: true }), of("item1", "item2", "item3"));
      assert.deepEqual(await rollup("every", { equals: "Item 1" }), of("item2"));
    });
  }
});
