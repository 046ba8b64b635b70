/**
 * Every list answer costs a number of store statements that does not grow with the number of
 * objects it presents (issue 11: on PostgreSQL each statement is a round trip): the same request
 * with 2 and with 20 results runs as many statements. Counted through the `Server-Timing` header
 * test servers send (src/http/server-timing.ts), never timed. Search has its own suite
 * (search-reads.test.ts), relation-heavy rows theirs (related-reads.test.ts).
 */
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import type { Client } from "@notionhq/client";
import { startTestQuire, storeStatements, rt, type TestQuire } from "./helpers/quire.js";

const N = 20;
let q: TestQuire;
let notion: Client;
/** A person of its own per result, so that no user read repeats from one result to the next. */
const people: string[] = [];
/** Pages the results mention, one per result. */
const targets: string[] = [];
let ds: string;
let db: string;

const mention = (id: string) => ({ type: "mention", mention: { page: { id } } });
const para = (i: number) => ({ paragraph: { rich_text: [{ text: { content: `see ${i} ` } }, mention(targets[i])] } });

/** A page under the root with `title`; its id. */
async function page(title: string, parent = q.rootPageId): Promise<string> {
  return (await notion.pages.create({ parent: { page_id: parent }, properties: { title: { title: rt(title) } } } as any)).id;
}

before(async () => {
  q = await startTestQuire();
  notion = q.client();
  for (let i = 0; i < N; i++) people.push((await q.admin("POST", "/_quire/v1/users", { name: `Person ${i}`, email: `p${i}@example.com` })).body.id);
  for (let i = 0; i < N; i++) targets.push(await page(`Target ${i}`));
  const made: any = await notion.databases.create({
    parent: { type: "page_id", page_id: q.rootPageId },
    title: rt("Rows"),
    initial_data_source: { properties: { Name: { title: {} }, Who: { people: {} }, By: { created_by: {} }, Twice: { formula: { expression: 'prop("N") * 2' } }, N: { number: {} } } },
  } as any);
  db = made.id;
  ds = made.data_sources[0].id;
  for (let i = 0; i < N; i++) {
    const title = [{ text: { content: `Row ${i} ` } }, mention(targets[i])];
    await notion.pages.create({ parent: { data_source_id: ds }, properties: { Name: { title }, Who: { people: [{ id: people[i] }] }, N: { number: i } } } as any);
  }
});
after(() => q?.close());

/** Statements of a request that answered 200 with `expected` results. */
async function count(method: string, path: string, expected: number, body?: unknown, version?: string): Promise<number> {
  const res = await q.raw(method, path, { version, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.equal(res.body.results.length, expected, `${path}: ${res.body.results.length} results`);
  return storeStatements(res.headers.get("server-timing"));
}

/**
 * The same list with page_size 2 and 20: the same number of statements. `planned`: a query whose
 * plan the store's planner picks by the page size (src/storage/planner/: a small limit first
 * counts the rows to choose a walk in sort order over a scan), where 20 may cost fewer.
 */
async function same(t: any, method: string, path: (size: number) => string, body?: (size: number) => unknown, planned = false, version?: string) {
  // Each counted on its second send: a SQLite store remembers the token's owner and the node in
  // sight between units (src/storage/sqlite-read-cache.ts), so whichever list ran first would pay
  // reads the other does not. Nothing is written between the sends.
  const warm = async (n: number) => (await count(method, path(n), n, body?.(n), version), count(method, path(n), n, body?.(n), version));
  const two = await warm(2);
  const twenty = await warm(N);
  t.diagnostic(`statements: ${two} (2 results), ${twenty} (${N} results)`);
  if (planned) assert.ok(twenty <= two, `${N} results: ${twenty} statements; 2 results: ${two}`);
  else assert.equal(twenty, two, `${N} results: ${twenty} statements; 2 results: ${two}`);
}

/** A page under the root whose children are `blocks` (appended 20 at a time by the caller); its id. */
async function parentWith(title: string, children: unknown[]): Promise<string> {
  const id = await page(title);
  await notion.blocks.children.append({ block_id: id, children } as any);
  return id;
}

test("block children: paragraphs mentioning pages", async (t) => {
  const id = await parentWith("Paragraphs", targets.map((_, i) => para(i)));
  await same(t, "GET", (n) => `/v1/blocks/${id}/children?page_size=${n}`);
});

test("block children: child pages and child databases", async (t) => {
  const pages = await page("Child pages");
  for (let i = 0; i < N; i++) await page(`Child ${i}`, pages);
  await same(t, "GET", (n) => `/v1/blocks/${pages}/children?page_size=${n}`);
  const dbs = await page("Child databases");
  for (let i = 0; i < N; i++) await notion.databases.create({ parent: { type: "page_id", page_id: dbs }, title: rt(`Db ${i}`), initial_data_source: { properties: { Name: { title: {} } } } } as any);
  await same(t, "GET", (n) => `/v1/blocks/${dbs}/children?page_size=${n}`);
});

test("block children: synced block references", async (t) => {
  const originals = (await notion.blocks.children.append({
    block_id: await page("Originals"),
    children: targets.map((_, i) => ({ synced_block: { synced_from: null, children: [para(i)] } })),
  } as any)).results.map((b) => b.id);
  const id = await parentWith("References", originals.map((o) => ({ synced_block: { synced_from: { block_id: o } } })));
  const res = await q.raw("GET", `/v1/blocks/${id}/children?page_size=${N}`);
  assert.ok(res.body.results.every((b: any) => b.has_children === true), "each reference shows its original's children");
  await same(t, "GET", (n) => `/v1/blocks/${id}/children?page_size=${n}`);
});

test("data source query: rows with people, created_by, a formula and a mention in the title", async (t) => {
  await same(t, "POST", () => `/v1/data_sources/${ds}/query`, (n) => ({ page_size: n }), true);
  await same(t, "POST", () => `/v1/databases/${db}/query`, (n) => ({ page_size: n }), true, "2022-06-28");
});

test("view query: its first page and a page of its results", async (t) => {
  const view: any = await notion.views.create({ database_id: db, data_source_id: ds, name: "All", type: "table" } as any);
  await same(t, "POST", () => `/v1/views/${view.id}/queries`, (n) => ({ page_size: n }), true);
  const made = await q.raw("POST", `/v1/views/${view.id}/queries`, { body: JSON.stringify({ page_size: 1 }) });
  assert.equal(made.status, 200, JSON.stringify(made.body));
  await same(t, "GET", (n) => `/v1/views/${view.id}/queries/${made.body.id}?page_size=${n}`);
});

test("search: pages whose titles mention pages", async (t) => {
  await same(t, "POST", () => "/v1/search", (n) => ({ query: "Row", page_size: n }));
  await same(t, "POST", () => "/v1/search", (n) => ({ query: "Target", page_size: n, filter: { property: "object", value: "page" } }));
});

test("comments: by as many people, each mentioning a page", async (t) => {
  const on = await page("Discussed");
  for (let i = 0; i < N; i++) {
    const res = await q.admin("POST", "/_quire/v1/comments", { parent: { page_id: on }, author_id: people[i], rich_text: [{ text: { content: "about " } }, mention(targets[i])] });
    assert.equal(res.status, 200, JSON.stringify(res.body));
  }
  await same(t, "GET", (n) => `/v1/comments?block_id=${on}&page_size=${n}`);
});

test("users", async (t) => {
  await same(t, "GET", (n) => `/v1/users?page_size=${n}`);
});
