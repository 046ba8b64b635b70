/**
 * Fault injection (issue 15; docs/design/clock-rate-limits-faults.md, "Faults"): rules matching
 * /v1 requests by method, path (with ids or `*`) and integration answer Notion's error shapes,
 * hold a request until the client gives up, reset the socket, or delay; counts run out;
 * probabilities repeat with a seed; the SDK's own retries get through 529 and 503 where it retries
 * them; bad rules get Notion-shaped 400s; `--latency notion` is set and shown. On PostgreSQL the
 * faults are shared: a count is spent exactly across nodes, a deletion holds at once everywhere;
 * no statement is added while no fault matches.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { APIResponseError } from "@notionhq/client";
import { startTestQuire, rt, storeStatements } from "./helpers/quire.js";
import { countingClient } from "./helpers/counting-client.js";
import { freshDatabase } from "./helpers/pg.js";
import { onPostgres } from "./helpers/store.js";
import { seededRandom } from "../src/domain/toolkit/faults.js";

const sdk = countingClient;

describe("faults", () => {
  test("an error fault answers Notion's shape until its count runs out, then is gone", async () => {
    const q = await startTestQuire();
    const made = await q.admin("POST", "/_quire/v1/faults", { match: { method: "get", path: "/v1/pages/*" }, error: 503, count: 2 });
    assert.equal(made.status, 200);
    assert.equal(made.body.object, "fault");
    assert.equal(made.body.remaining, 2);
    assert.deepEqual(made.body.match, { method: "GET", path: "/v1/pages/*" });
    for (let i = 0; i < 2; i++) {
      const res = await q.raw("GET", `/v1/pages/${q.rootPageId}`);
      assert.equal(res.status, 503);
      assert.deepEqual(res.body, { object: "error", status: 503, code: "service_unavailable", message: "Notion is unavailable, please try again later.", request_id: res.headers.get("x-notion-request-id") });
    }
    assert.equal((await q.raw("GET", `/v1/pages/${q.rootPageId}`)).status, 200);
    assert.deepEqual((await q.admin("GET", "/_quire/v1/faults")).body.results, []);
    // Other methods and paths were never matched.
    assert.equal((await q.raw("GET", "/v1/users/me")).status, 200);
    await q.close();
  });

  test("each error: status, code, Retry-After where Notion sends it", async () => {
    const q = await startTestQuire();
    const expected: [number, string][] = [[429, "rate_limited"], [500, "internal_server_error"], [502, "bad_gateway"], [503, "service_unavailable"], [504, "gateway_timeout"], [529, "service_overload"]];
    for (const [status, code] of expected) {
      await q.admin("POST", "/_quire/v1/faults", { match: { path: "/v1/users/me" }, error: status, count: 1 });
      const res = await q.raw("GET", "/v1/users/me");
      assert.equal(res.status, status);
      assert.equal(res.body.object, "error");
      assert.equal(res.body.code, code);
      assert.equal(typeof res.body.message, "string");
      if (status === 429 || status === 529) assert.equal(res.headers.get("retry-after"), "1");
      if (status === 429) assert.equal(res.body.additional_data.rate_limit_reason, "public_api_request_rate_limit");
    }
    await q.close();
  });

  test("paths match with ids or `*`; an integration's faults leave other tokens alone", async () => {
    const q = await startTestQuire();
    const other = await q.integration("Other", ["read_content"], [q.rootPageId]);
    const page: any = await q.client().pages.create({ parent: { page_id: q.rootPageId }, properties: { title: { title: rt("target") } } });
    await q.admin("POST", "/_quire/v1/faults", { match: { path: `/v1/pages/${page.id}` }, error: 500 });
    assert.equal((await q.raw("GET", `/v1/pages/${page.id.replaceAll("-", "")}`)).status, 500, "the same id without dashes");
    assert.equal((await q.raw("GET", `/v1/pages/${q.rootPageId}`)).status, 200, "another id");
    await q.admin("DELETE", "/_quire/v1/faults");
    await q.admin("POST", "/_quire/v1/faults", { match: { path: "/v1/pages/{page_id}", integration_id: other.id }, error: 502 });
    assert.equal((await q.raw("GET", `/v1/pages/${page.id}`, { auth: other.token })).status, 502);
    assert.equal((await q.raw("GET", `/v1/pages/${page.id}`)).status, 200, "the dev integration is not matched");
    await q.close();
  });

  test("the SDK retries 529 (a POST too) and 503 on GET, and gives up on 500 for a POST", async () => {
    const q = await startTestQuire();
    const seen: number[] = [];
    const notion = sdk(q, seen);
    await q.admin("POST", "/_quire/v1/faults", { match: { method: "POST", path: "/v1/pages" }, error: 529, count: 1 });
    const page: any = await notion.pages.create({ parent: { page_id: q.rootPageId }, properties: { title: { title: rt("after 529") } } });
    assert.equal(page.object, "page");
    assert.deepEqual(seen, [529, 200]);
    seen.length = 0;
    await q.admin("POST", "/_quire/v1/faults", { match: { method: "GET", path: "/v1/pages/*" }, error: 503, count: 1 });
    assert.equal(((await notion.pages.retrieve({ page_id: page.id })) as any).id, page.id);
    assert.deepEqual(seen, [503, 200]);
    seen.length = 0;
    await q.admin("POST", "/_quire/v1/faults", { match: { method: "POST", path: "/v1/pages" }, error: 500, count: 1 });
    const err = await notion.pages.create({ parent: { page_id: q.rootPageId }, properties: { title: { title: rt("never") } } }).catch((e) => e);
    assert.ok(APIResponseError.isAPIResponseError(err));
    assert.equal(err.code, "internal_server_error");
    assert.deepEqual(seen, [500]);
    const titles = (await q.client().blocks.children.list({ block_id: q.rootPageId })).results.map((b: any) => b.child_page?.title);
    assert.equal(titles.filter((t) => t === "after 529").length, 1);
    assert.equal(titles.filter((t) => t === "never").length, 0);
    await q.close();
  });

  test("timeout holds the request until the client gives up; reset destroys the socket; the server keeps answering and closes", async () => {
    const q = await startTestQuire();
    await q.admin("POST", "/_quire/v1/faults", { match: { path: "/v1/users/me" }, error: "timeout", count: 1 });
    const held = await fetch(q.url + "/v1/users/me", { headers: { authorization: `Bearer ${q.token}`, "notion-version": "2025-09-03" }, signal: AbortSignal.timeout(300) }).catch((e) => e);
    assert.equal((held as Error).name, "TimeoutError");
    await q.admin("POST", "/_quire/v1/faults", { match: { path: "/v1/users" }, error: "reset", count: 1 });
    const reset = await fetch(q.url + "/v1/users", { headers: { authorization: `Bearer ${q.token}`, "notion-version": "2025-09-03" } }).catch((e) => e);
    assert.ok(reset instanceof TypeError, String(reset));
    assert.equal((await q.raw("GET", "/v1/users/me")).status, 200);
    // A request still held when the server closes does not keep it open.
    await q.admin("POST", "/_quire/v1/faults", { match: { path: "/v1/users/me" }, error: "timeout" });
    const pending = fetch(q.url + "/v1/users/me", { headers: { authorization: `Bearer ${q.token}`, "notion-version": "2025-09-03" } }).catch((e) => e);
    await new Promise((r) => setTimeout(r, 100));
    await q.close();
    await pending;
  });

  test("a delay alone lets the request through; probabilities repeat with a seed", async () => {
    const q = await startTestQuire();
    const slow = await q.admin("POST", "/_quire/v1/faults", { match: { path: "/v1/users/me" }, latency_ms: 50 });
    assert.equal((await q.raw("GET", "/v1/users/me")).status, 200);
    assert.equal((await q.admin("GET", `/_quire/v1/faults/${slow.body.id}`)).body.hits, 1);
    await q.admin("DELETE", `/_quire/v1/faults/${slow.body.id}`);
    await q.admin("POST", "/_quire/v1/faults", { match: { path: "/v1/users/me" }, error: 503, probability: 0.5, seed: 42 });
    const random = seededRandom(42);
    const expected = Array.from({ length: 20 }, () => (random() < 0.5 ? 503 : 200));
    const got = [];
    for (let i = 0; i < 20; i++) got.push((await q.raw("GET", "/v1/users/me")).status);
    assert.deepEqual(got, expected);
    assert.ok(expected.includes(200) && expected.includes(503));
    await q.close();
  });

  test("bad rules and unknown ids: Notion-shaped errors", async () => {
    const q = await startTestQuire();
    for (const body of [{}, { match: {} , error: 418 }, { match: { path: "v1/pages" } }, { match: {}, probability: 2 }, { match: {}, count: 0 }, { match: { method: "TRACE" } }, { match: { integration_id: "nope" } }]) {
      const res = await q.admin("POST", "/_quire/v1/faults", body);
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.equal(res.body.code, "validation_error");
    }
    const missing = await q.admin("GET", "/_quire/v1/faults/8a7c5f36-1d7e-4f7e-9d1b-6f3a2b1c0d9e");
    assert.equal(missing.status, 404);
    assert.equal(missing.body.code, "object_not_found");
    assert.equal((await q.admin("DELETE", "/_quire/v1/faults/8a7c5f36-1d7e-4f7e-9d1b-6f3a2b1c0d9e")).status, 404);
    assert.equal((await q.admin("GET", "/_quire/v1/faults/x")).status, 400);
    await q.close();
  });

  test("latency: notion is set, shown with its figures, and requests still answer", async () => {
    const q = await startTestQuire();
    const set = await q.admin("PUT", "/_quire/v1/latency", { latency: "notion" });
    assert.equal(set.status, 200);
    assert.deepEqual({ ...set.body, request_id: undefined }, { object: "latency", latency: "notion", median_ms: 200, p95_ms: 600, max_ms: 2000, request_id: undefined });
    assert.equal((await q.raw("GET", "/v1/users/me")).status, 200);
    assert.equal((await q.admin("PUT", "/_quire/v1/latency", { latency: "slow" })).status, 400);
    assert.equal((await q.admin("PUT", "/_quire/v1/latency", { latency: "off" })).body.latency, "off");
    await q.close();
  });

  test("PostgreSQL: a fault with count 3 fires exactly 3 times over requests spread across two nodes", { skip: onPostgres ? false : "PostgreSQL pass only: nodes share a database" }, async () => {
    const db = await freshDatabase();
    const a = await startTestQuire({ databaseUrl: db.url });
    const b = await startTestQuire({ databaseUrl: db.url });
    try {
      const made = await a.admin("POST", "/_quire/v1/faults", { match: { method: "GET", path: "/v1/users/me" }, error: 503, count: 3 });
      assert.equal(made.status, 200);
      // Node A applies it at once; node B lists it at once (the list reads the store)…
      assert.deepEqual((await b.admin("GET", "/_quire/v1/faults")).body.results.map((f: any) => f.id), [made.body.id]);
      assert.equal((await a.raw("GET", "/v1/users/me")).status, 503);
      // …and applies it within its once-a-second reread.
      let first = 200;
      for (let i = 0; i < 40 && first === 200; i++) {
        first = (await b.raw("GET", "/v1/users/me")).status;
        if (first === 200) await new Promise((r) => setTimeout(r, 100));
      }
      assert.equal(first, 503);
      assert.equal((await b.admin("GET", `/_quire/v1/faults/${made.body.id}`)).body.remaining, 1);
      // The last match, raced for by both nodes at once: exactly one request meets it.
      const race = await Promise.all(Array.from({ length: 8 }, (_, i) => (i % 2 ? a : b).raw("GET", "/v1/users/me")));
      assert.equal(race.filter((r) => r.status === 503).length, 1);
      assert.equal(race.filter((r) => r.status === 200).length, 7);
      assert.equal((await a.admin("GET", `/_quire/v1/faults/${made.body.id}`)).status, 404);
      assert.deepEqual((await b.admin("GET", "/_quire/v1/faults")).body.results, []);
      for (const node of [a, b, a, b]) assert.equal((await node.raw("GET", "/v1/users/me")).status, 200);
    } finally {
      await b.close();
      await a.close();
      await db.drop();
    }
  });

  test("PostgreSQL: a fault deleted on one node no longer fires on the other, even before its reread", { skip: onPostgres ? false : "PostgreSQL pass only: nodes share a database" }, async () => {
    const db = await freshDatabase();
    const a = await startTestQuire({ databaseUrl: db.url });
    const b = await startTestQuire({ databaseUrl: db.url });
    try {
      const made = await a.admin("POST", "/_quire/v1/faults", { match: { path: "/v1/users/me" }, error: 500 });
      let status = 200;
      for (let i = 0; i < 40 && status === 200; i++) {
        status = (await b.raw("GET", "/v1/users/me")).status;
        if (status === 200) await new Promise((r) => setTimeout(r, 100));
      }
      assert.equal(status, 500);
      assert.equal((await a.admin("DELETE", `/_quire/v1/faults/${made.body.id}`)).status, 200);
      // B still holds its copy of the list for up to a second; the spend in the store finds the fault gone.
      assert.equal((await b.raw("GET", "/v1/users/me")).status, 200);
      const hits = (await a.admin("GET", `/_quire/v1/faults/${made.body.id}`)).status;
      assert.equal(hits, 404);
    } finally {
      await b.close();
      await a.close();
      await db.drop();
    }
  });

  test("no fault: no statement; a fault that does not match: none either; one that matches: one", async () => {
    const q = await startTestQuire();
    try {
      const statements = async (path: string) => storeStatements((await q.raw("GET", path)).headers.get("server-timing"));
      // The second of each: SQLite's read cache answers a repeated read without its statement.
      await statements("/v1/users/me");
      const none = await statements("/v1/users/me");
      await q.admin("POST", "/_quire/v1/faults", { match: { path: "/v1/users/me" }, latency_ms: 1 });
      assert.equal(await statements("/v1/users?page_size=1"), await statements("/v1/users?page_size=1"));
      const unmatched = await statements("/v1/users?page_size=1");
      await q.admin("DELETE", "/_quire/v1/faults");
      assert.equal(await statements("/v1/users?page_size=1"), unmatched);
      await q.admin("POST", "/_quire/v1/faults", { match: { path: "/v1/users/me" }, latency_ms: 1 });
      await statements("/v1/users/me");
      assert.equal(await statements("/v1/users/me"), none + (onPostgres ? 1 : 0));
    } finally {
      await q.close();
    }
  });
});
