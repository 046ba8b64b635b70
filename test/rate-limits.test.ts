/**
 * Notion's request limits (issue 15; docs/design/clock-rate-limits-faults.md, "Rate limits"): off
 * by default; `<n>/min` and `notion` budgets per integration token, 429 `rate_limited` with
 * `Retry-After` and `additional_data.rate_limit_reason` as Notion words them; the SDK's own retry
 * getting through once the window reopens; bad settings refused; on PostgreSQL the setting and
 * the budgets are shared by the nodes (a budget spent across two nodes, exactly under concurrency);
 * the statements counting costs.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { Client, LogLevel, APIResponseError } from "@notionhq/client";
import { startTestQuire, rt, storeStatements } from "./helpers/quire.js";
import { countingClient } from "./helpers/counting-client.js";
import { freshDatabase } from "./helpers/pg.js";
import { onPostgres } from "./helpers/store.js";

describe("rate limits", () => {
  test("off by default: many requests, no 429", async () => {
    const q = await startTestQuire();
    assert.deepEqual((await q.admin("GET", "/_quire/v1/rate_limit")).body.limit, "off");
    for (let i = 0; i < 250; i++) assert.equal((await q.raw("GET", "/v1/users/me")).status, 200);
    await q.close();
  });

  test("<n>/min: the n+1st request of a token is 429 with Retry-After; other tokens keep their budget", async () => {
    const q = await startTestQuire();
    const other = await q.integration("Other", ["read_content"]);
    const set = await q.admin("PUT", "/_quire/v1/rate_limit", { limit: "3/min" });
    assert.equal(set.status, 200);
    assert.equal(set.body.limit, "3/min");
    assert.equal(set.body.per_connection, 3);
    for (let i = 0; i < 3; i++) assert.equal((await q.raw("GET", "/v1/users/me")).status, 200);
    const limited = await q.raw("GET", "/v1/users/me");
    assert.equal(limited.status, 429);
    const retryAfter = Number(limited.headers.get("retry-after"));
    assert.ok(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60, String(retryAfter));
    assert.deepEqual(limited.body, {
      object: "error",
      status: 429,
      code: "rate_limited",
      message: "You have been rate limited. Please try again in a few minutes.",
      additional_data: { retry_after: String(retryAfter), rate_limit_reason: "public_api_request_rate_limit" },
      request_id: limited.headers.get("x-notion-request-id"),
    });
    // The SDK sees Notion's error.
    const err = await q.client().users.me({}).catch((e) => e);
    assert.ok(APIResponseError.isAPIResponseError(err));
    assert.equal(err.code, "rate_limited");
    // Another connection has its own budget.
    assert.equal((await q.raw("GET", "/v1/users/me", { auth: other.token })).status, 200);
    // Off again: the dev token gets through at once.
    await q.admin("PUT", "/_quire/v1/rate_limit", { limit: "off" });
    assert.equal((await q.raw("GET", "/v1/users/me")).status, 200);
    await q.close();
  });

  test("the SDK's own retry waits Retry-After and gets through when the window reopens", async () => {
    // A 1.5 s window in place of Notion's 60 s, so the test waits for the SDK's retry, not a minute.
    const q = await startTestQuire({ rateLimit: { kind: "per_minute", n: 2 }, rateLimitWindowMs: 1500 });
    const notion = new Client({ auth: q.token, baseUrl: q.url, notionVersion: "2025-09-03", logLevel: LogLevel.ERROR });
    const seen: number[] = [];
    const counting = countingClient(q, seen);
    await notion.users.me({});
    await notion.users.me({});
    // A POST (retried by the SDK on 429 whatever the method).
    const page: any = await counting.pages.create({ parent: { page_id: q.rootPageId }, properties: { title: { title: rt("after the 429") } } });
    assert.equal(page.object, "page");
    assert.equal(seen[0], 429);
    assert.equal(seen.at(-1), 200);
    await q.admin("PUT", "/_quire/v1/rate_limit", { limit: "off" });
    const children = await q.client().blocks.children.list({ block_id: q.rootPageId });
    assert.equal(children.results.filter((b: any) => b.type === "child_page" && b.child_page.title === "after the 429").length, 1, "made once");
    await q.close();
  });

  test("notion: 180 requests per connection per window, then rate_limited", async () => {
    const q = await startTestQuire({ rateLimit: { kind: "notion" } });
    const shown = await q.admin("GET", "/_quire/v1/rate_limit");
    assert.equal(shown.body.limit, "notion");
    assert.equal(shown.body.per_connection, 180);
    assert.equal(shown.body.window_ms, 60_000);
    const statuses: number[] = [];
    for (let i = 0; i < 181; i++) statuses.push((await q.raw("GET", "/v1/users/me")).status);
    assert.equal(statuses.filter((s) => s === 200).length, 180);
    assert.equal(statuses[180], 429);
    await q.close();
  });

  test("bad settings: Notion-shaped 400s", async () => {
    const q = await startTestQuire();
    for (const body of [{}, { limit: "fast" }, { limit: "0/min" }, { limit: 100 }, { limit: "10/s" }]) {
      const res = await q.admin("PUT", "/_quire/v1/rate_limit", body);
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.equal(res.body.code, "validation_error");
      assert.match(res.body.message, /^body failed validation: body\.limit /);
    }
    assert.equal((await q.admin("GET", "/_quire/v1/rate_limit")).body.limit, "off");
    await q.close();
  });

  test("PostgreSQL: the setting made on one node holds on the other, and the budget is spent across both", { skip: onPostgres ? false : "PostgreSQL pass only: nodes share a database" }, async () => {
    const db = await freshDatabase();
    const a = await startTestQuire({ databaseUrl: db.url });
    const b = await startTestQuire({ databaseUrl: db.url });
    try {
      await a.admin("PUT", "/_quire/v1/rate_limit", { limit: "5/min" });
      await until(async () => (await b.admin("GET", "/_quire/v1/rate_limit")).body.limit === "5/min");
      // Five requests of one connection, spread over the two nodes, spend its budget of five.
      const statuses = [];
      for (const node of [a, b, a, b, a]) statuses.push((await node.raw("GET", "/v1/users/me")).status);
      assert.deepEqual(statuses, [200, 200, 200, 200, 200]);
      const onB = await b.raw("GET", "/v1/users/me");
      const onA = await a.raw("GET", "/v1/users/me");
      assert.deepEqual([onB.status, onA.status], [429, 429]);
      assert.equal(onB.body.additional_data.rate_limit_reason, "public_api_request_rate_limit");
      // Many requests at once over both nodes: none gets through a spent budget.
      const burst = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).raw("GET", "/v1/users/me")));
      assert.deepEqual(burst.map((r) => r.status), Array(10).fill(429));
    } finally {
      await b.close();
      await a.close();
      await db.drop();
    }
  });

  test("PostgreSQL: concurrent requests on two nodes get exactly the budget", { skip: onPostgres ? false : "PostgreSQL pass only: nodes share a database" }, async () => {
    const db = await freshDatabase();
    const a = await startTestQuire({ databaseUrl: db.url });
    const b = await startTestQuire({ databaseUrl: db.url });
    try {
      // Set at run time (a start flag holds only for the node it was given to).
      await a.admin("PUT", "/_quire/v1/rate_limit", { limit: "7/min" });
      await until(async () => (await b.admin("GET", "/_quire/v1/rate_limit")).body.limit === "7/min");
      const all = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).raw("GET", "/v1/users/me")));
      assert.equal(all.filter((r) => r.status === 200).length, 7);
      assert.equal(all.filter((r) => r.status === 429).length, 13);
    } finally {
      await b.close();
      await a.close();
      await db.drop();
    }
  });

  test("counting costs no statement when off; on, one on PostgreSQL (both budgets in one upsert) and none on SQLite", async () => {
    const q = await startTestQuire();
    try {
      const statements = async () => storeStatements((await q.raw("GET", "/v1/users/me")).headers.get("server-timing"));
      // Warm first: on SQLite the token's owner stays remembered across the setting's write (it
      // writes only meta), so both measured requests find it the same way.
      await statements();
      const off = await statements();
      await q.admin("PUT", "/_quire/v1/rate_limit", { limit: "notion" });
      const on = await statements();
      assert.equal(on - off, onPostgres ? 1 : 0);
    } finally {
      await q.close();
    }
  });
});

/** Polls `check` every 100 ms, for up to 4 s (a node rereads the shared settings once a second). */
async function until(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 40; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail("the other node did not follow within 4 s");
}
