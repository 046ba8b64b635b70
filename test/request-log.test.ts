/**
 * The request log (docs/design/request-log.md): every /v1 request kept after its answer in a ring
 * of `--request-log-size` entries, listed newest first with filters and cursors
 * (GET /_quire/v1/requests), read one by one, cleared, followed live over Server-Sent Events and
 * by `quire requests tail`; bodies bounded and free of secrets; no statement added to a request.
 * On PostgreSQL the log is shared: a request one node answered is in every node's list and
 * stream, with the node that answered it.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import type { Client } from "@notionhq/client";
import { startTestQuire, storeStatements, type TestQuire } from "./helpers/quire.js";
import { eventually } from "./helpers/webhook-receiver.js";
import { newPage } from "./helpers/api.js";
import { requestsTail } from "../src/cli-requests.js";
import { redactAnswer, redactBody } from "../src/http/request-capture.js";
import { getHeapStatistics, setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { freshDatabase } from "./helpers/pg.js";
import { onPostgres } from "./helpers/store.js";

let q: TestQuire;
let notion: Client;
let other: { id: string; token: string };
let pageId: string;

/** The log's entries (newest first), once at least `n` are there: an entry is kept when its response closes. */
async function logged(quire: TestQuire, query = "", n = 1): Promise<any[]> {
  return eventually(async () => {
    const res = await quire.admin("GET", `/_quire/v1/requests${query}`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body.results.length >= n && res.body.results;
  }, 5_000, `${n} entries for ${query}`);
}

before(async () => {
  q = await startTestQuire();
  notion = q.client();
  pageId = await newPage(notion, q.rootPageId, "Logged page");
  other = await q.integration("Other bot", undefined, [q.rootPageId]);
  await q.client({ auth: other.token }).pages.retrieve({ page_id: pageId });
  await q.raw("GET", "/v1/pages/0f0e0d0c-0b0a-4908-8706-050403020100");
});
after(() => q.close());

describe("what an entry holds", () => {
  test("the SDK's create: route, integration, headers, bodies; newest first", async () => {
    const results = await logged(q, "", 3);
    assert.equal(results[0].status, 404);
    assert.equal(results[1].integration.id, other.id);
    const create = results.find((e: any) => e.method === "POST" && e.route === "/v1/pages");
    assert.ok(create, JSON.stringify(results.map((e: any) => e.route)));
    assert.equal(create.object, "request");
    assert.equal(create.path, "/v1/pages");
    assert.equal(create.status, 200);
    assert.equal(create.integration.id, q.devIntegrationId);
    assert.equal(typeof create.integration.name, "string");
    assert.equal(create.headers.notion_version, "2025-09-03");
    assert.match(create.headers.user_agent, /notionhq-client/);
    assert.match(create.request_body, /Logged page/);
    assert.equal(JSON.parse(create.response_body).id, pageId);
    assert.ok(create.duration_ms >= 0);
    assert.ok(Date.parse(create.time) > 0);
    // The id is the answer's x-notion-request-id, and GET …/{id} shows the same entry.
    const one = await q.admin("GET", `/_quire/v1/requests/${create.id}`);
    assert.equal(one.status, 200);
    const { request_id, ...entry } = one.body;
    assert.notEqual(request_id, create.id, "the answer's own request id is the control call's");
    assert.deepEqual(entry, create);
  });

  test("an answer from the response cache still names its integration", async () => {
    await notion.pages.retrieve({ page_id: pageId });
    await notion.pages.retrieve({ page_id: pageId });
    const results = await logged(q, `?path=/v1/pages/${pageId}&integration_id=${q.devIntegrationId}`, 2);
    assert.ok(results.length >= 2);
    for (const e of results) assert.equal(e.integration.id, q.devIntegrationId);
  });

  test("a rejected token: recorded with no integration", async () => {
    const res = await q.raw("GET", "/v1/users/me", { auth: "ntn_not_a_token_at_all_000" });
    assert.equal(res.status, 401);
    const [e] = await logged(q, "?status=401");
    assert.equal(e.integration, null);
    assert.equal(e.id, res.headers.get("x-notion-request-id"));
  });

  test("/_quire requests are not logged; an unknown id is a Notion 404", async () => {
    const all = await logged(q);
    assert.ok(all.every((e: any) => e.path.startsWith("/v1/")));
    const missing = await q.admin("GET", "/_quire/v1/requests/nope");
    assert.equal(missing.status, 404);
    assert.equal(missing.body.object, "error");
    assert.equal(missing.body.code, "object_not_found");
    assert.ok(missing.body.request_id);
  });

  test("keeping an entry adds no store statement to the request", async () => {
    const off = await startTestQuire({ requestLogSize: 0 });
    try {
      const count = async (quire: TestQuire) => {
        const page = await newPage(quire.client(), quire.rootPageId, "Counted");
        const res = await quire.raw("GET", `/v1/blocks/${page}/children`);
        assert.equal(res.status, 200);
        return storeStatements(res.headers.get("server-timing"));
      };
      assert.equal(await count(q), await count(off));
    } finally {
      await off.close();
    }
  });
});

describe("filters and cursors", () => {
  test("status, integration, path (as sent or the route), method, since, auth", async () => {
    const all = await logged(q, "?page_size=100", 5);
    const check = async (query: string, keep: (e: any) => boolean) => {
      const res = await q.admin("GET", `/_quire/v1/requests?page_size=100&${query}`);
      assert.equal(res.status, 200, `${query}: ${JSON.stringify(res.body)}`);
      const expected = all.filter(keep).map((e: any) => e.id);
      assert.ok(expected.length > 0, query);
      assert.deepEqual(res.body.results.slice(-expected.length).map((e: any) => e.id), expected, query);
      assert.ok(res.body.results.every(keep), query);
    };
    await check("status=4xx", (e) => e.status >= 400 && e.status < 500);
    await check("status=404", (e) => e.status === 404);
    await check(`integration_id=${other.id}`, (e) => e.integration?.id === other.id);
    await check("path=/v1/pages", (e) => e.path.split("?")[0].startsWith("/v1/pages"));
    await check("path=/v1/pages/:page_id", (e) => e.route === "/v1/pages/:page_id");
    await check("method=post", (e) => e.method === "POST");
    await check("auth=integration", (e) => e.auth === "integration");
    // `none`: a token not accepted (the rejected one above); several ways at once, comma-separated.
    await check("auth=personal_access_token,none", (e) => e.auth === null || e.auth === "personal_access_token");
    const future = await q.admin("GET", `/_quire/v1/requests?since=${new Date(Date.now() + 3_600_000).toISOString()}`);
    assert.deepEqual(future.body.results, []);
    const past = await q.admin("GET", `/_quire/v1/requests?page_size=100&since=2020-01-01T00:00:00Z`);
    assert.ok(past.body.results.length >= all.length);
  });

  test("bad filters and cursors: Notion-shaped 400s", async () => {
    for (const query of ["status=abc", "integration_id=nope", "since=yesterday", "method=TRACE", "path=v1", "page_size=0", "page_size=x", "start_cursor=abc", "auth=robot", "auth=session,"]) {
      const res = await q.admin("GET", `/_quire/v1/requests?${query}`);
      assert.equal(res.status, 400, query);
      assert.equal(res.body.object, "error");
      assert.equal(res.body.code, "validation_error", query);
    }
  });

  test("page_size and start_cursor walk every entry once, newest first", async () => {
    const all = await logged(q, "?page_size=100", 5);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: { status: number; body: any } = await q.admin("GET", `/_quire/v1/requests?page_size=2${cursor ? `&start_cursor=${cursor}` : ""}`);
      assert.equal(res.status, 200);
      assert.ok(res.body.results.length <= 2);
      assert.equal(res.body.has_more, res.body.next_cursor !== null);
      seen.push(...res.body.results.map((e: any) => e.id));
      cursor = res.body.next_cursor;
    } while (cursor);
    assert.deepEqual(seen.slice(-all.length), all.map((e: any) => e.id));
    assert.equal(new Set(seen).size, seen.length);
  });
});

describe("secrets and size", () => {
  test("tokens, passwords, client secrets and OAuth codes never reach the log", async () => {
    const secrets = ["hunter2-password-value", "client-secret-value-9", "oauth-code-value-7", "verification-value-3", "refresh-value-5"];
    await q.raw("POST", "/v1/pages", { body: JSON.stringify({ parent: { page_id: pageId }, password: secrets[0], client_secret: secrets[1], verification_token: secrets[3] }) });
    const basic = Buffer.from(`some-client:${secrets[1]}`).toString("base64");
    await q.raw("POST", "/v1/oauth/token", { auth: null, headers: { authorization: `Basic ${basic}` }, body: JSON.stringify({ grant_type: "authorization_code", code: secrets[2], redirect_uri: "https://example.com/cb" }) });
    await q.raw("POST", "/v1/oauth/token", { auth: null, headers: { authorization: `Basic ${basic}` }, body: JSON.stringify({ grant_type: "refresh_token", refresh_token: secrets[4] }) });
    await q.raw("GET", `/v1/users/me?token=${secrets[1]}`);
    const oauth = await logged(q, "?path=/v1/oauth/token", 2);
    const text = JSON.stringify((await q.admin("GET", "/_quire/v1/requests?page_size=100")).body);
    for (const s of [...secrets, q.token, other.token, basic]) assert.ok(!text.includes(s), `${s} is in the log`);
    assert.match(text, /\[redacted\]/);
    // In an answer `code` is not a secret: an error's code stays readable.
    assert.equal(oauth[0].status, 401);
    assert.equal(JSON.parse(oauth[0].response_body).code, "invalid_client");
  });

  test("a signed file URL in a body loses its query (it grants the download for an hour)", () => {
    const text = redactBody(JSON.stringify({ file: { url: "http://127.0.0.1:7474/_quire/files/f1/a.png?expires=99&sig=abc123" } }), "/v1/pages/x", false);
    assert.ok(!text.includes("sig=abc123"), text);
    assert.match(text, /\/_quire\/files\/f1\/a\.png\?…/);
  });

  test("bodies over 64 KiB are cut with a marker", async () => {
    const big = "x".repeat(100_000);
    const res = await q.raw("POST", "/v1/comments", { body: JSON.stringify({ parent: { page_id: "not-an-id" }, note: big }) });
    assert.equal(res.status, 400);
    const [e] = await logged(q, "?path=/v1/comments");
    assert.ok(e.request_body.endsWith("…[truncated]"));
    assert.equal(e.request_body.length, 64 * 1024 + "…[truncated]".length);
  });

  test("an answer over 16 KiB is kept cut, with its whole size in bytes as sent", async () => {
    // ~20,000 characters of title, most of them two or three bytes: characters and bytes differ.
    const title = Array.from({ length: 20 }, (_, i) => ({ type: "text", text: { content: `Größe ${i} — ` + "ü€".repeat(490) } }));
    const res = await fetch(`${q.url}/v1/pages`, {
      method: "POST",
      headers: { authorization: `Bearer ${q.token}`, "notion-version": "2025-09-03", "content-type": "application/json" },
      body: JSON.stringify({ parent: { page_id: q.rootPageId }, properties: { title: { title } } }),
    });
    assert.equal(res.status, 200);
    const sent = Buffer.from(await res.arrayBuffer());
    assert.equal(Number(res.headers.get("content-length")), sent.length);
    const id = res.headers.get("x-notion-request-id");
    const e = await eventually(async () => {
      const one = await q.admin("GET", `/_quire/v1/requests/${id}`);
      return one.status === 200 && one.body;
    }, 5_000, "the big answer's entry");
    const marker = `…[truncated, ${sent.length} bytes]`;
    assert.ok(e.response_body.endsWith(marker), e.response_body.slice(-80));
    assert.equal(e.response_body.length, 16 * 1024 + marker.length);
    assert.equal(e.response_body.slice(0, 16 * 1024), sent.toString("utf8").slice(0, 16 * 1024));
    // The request body (~60,000 characters here) is kept whole below its own 64 KiB cap.
    assert.equal(JSON.parse(e.request_body).properties.title.title.length, 20);
  });
});

describe("what an entry costs", () => {
  test("a cut body holds its own characters, not the whole answer it was cut from", () => {
    setFlagsFromString("--expose-gc");
    const gc = runInNewContext("gc") as () => void;
    const used = () => (gc(), gc(), getHeapStatistics().used_heap_size);
    // 100 answers of ~400,000 characters (40 MB whole) and 100 request bodies of ~200,000, as
    // appends of 100 children answer: what the ring keeps of them is their cuts (100 × (16 + 64) Ki).
    const answer = (i: number) => JSON.stringify({ object: "list", results: Array.from({ length: 1000 }, (_, j) => ({ id: `${i}-${j}`, text: "y".repeat(380) })) });
    const request = (i: number) => JSON.stringify({ children: Array.from({ length: 500 }, (_, j) => ({ n: i * 1000 + j, text: "z".repeat(380) })) });
    const before = used();
    const kept: string[] = [];
    for (let i = 0; i < 100; i++) kept.push(redactAnswer(answer(i), "/v1/blocks/x/children"), redactBody(request(i), "/v1/blocks/x/children", true));
    const grew = used() - before;
    assert.equal(kept[0], answer(0).slice(0, 16 * 1024) + `…[truncated, ${answer(0).length} bytes]`);
    assert.equal(kept[1], request(0).slice(0, 64 * 1024) + "…[truncated]");
    // The cuts are ~8 MB (one byte a character, the marker aside); the whole texts would be ~60 MB.
    assert.ok(grew < 20 * 1024 * 1024, `the heap grew by ${(grew / 1048576).toFixed(1)} MB keeping 100 cut answers and bodies`);
    assert.equal(kept.length, 200);
  });
});

describe("the ring", () => {
  test("keeps the last N; 0 keeps none; DELETE clears", async () => {
    const small = await startTestQuire({ requestLogSize: 3 });
    const off = await startTestQuire({ requestLogSize: 0 });
    try {
      for (let i = 0; i < 5; i++) await small.raw("GET", `/v1/users/me?n=${i}`);
      const kept = await logged(small, "", 3);
      await new Promise((r) => setTimeout(r, 50));
      const res = await small.admin("GET", "/_quire/v1/requests");
      assert.equal(res.body.size, 3);
      assert.deepEqual(res.body.results.map((e: any) => e.path), ["/v1/users/me?n=4", "/v1/users/me?n=3", "/v1/users/me?n=2"]);
      assert.equal(kept.length, 3);
      const cleared = await small.admin("DELETE", "/_quire/v1/requests");
      assert.equal(cleared.status, 200);
      assert.deepEqual((await small.admin("GET", "/_quire/v1/requests")).body.results, []);
      await small.raw("GET", "/v1/users/me?n=after");
      assert.deepEqual((await logged(small)).map((e: any) => e.path), ["/v1/users/me?n=after"]);

      await off.raw("GET", "/v1/users/me");
      const none = await off.admin("GET", "/_quire/v1/requests");
      assert.equal(none.status, 200);
      assert.equal(none.body.size, 0);
      assert.deepEqual(none.body.results, []);
    } finally {
      await small.close();
      await off.close();
    }
  });

  test("the routes want the admin key", async () => {
    for (const [method, path] of [["GET", "/_quire/v1/requests"], ["DELETE", "/_quire/v1/requests"], ["GET", "/_quire/v1/requests/stream"]]) {
      const res = await fetch(q.url + path, { method, headers: { authorization: `Bearer ${q.token}` } });
      assert.equal(res.status, 401, path);
      assert.equal(((await res.json()) as any).code, "unauthorized");
    }
  });
});

describe("following", () => {
  test("the stream sends each request passing its filters; quire requests tail prints them", async () => {
    const live = await startTestQuire();
    const lines: string[] = [];
    let tailDone: Promise<void> | null = null;
    try {
      const stream = await fetch(`${live.url}/_quire/v1/requests/stream?status=4xx`, { headers: { authorization: `Bearer ${live.adminKey}` } });
      assert.equal(stream.status, 200);
      assert.match(String(stream.headers.get("content-type")), /^text\/event-stream/);
      tailDone = requestsTail(["--url", live.url, "--admin-key", live.adminKey, "--method", "GET"], {}, (l) => void lines.push(l));
      await eventually(() => lines.some((l) => l.startsWith("Following /v1 requests")), 5_000, "the tail to start");
      await live.raw("GET", "/v1/users/me");
      const missing = await live.raw("GET", "/v1/pages/0f0e0d0c-0b0a-4908-8706-050403020100");
      await live.raw("POST", "/v1/search", { body: "{}" });
      const reader = stream.body!.getReader();
      let text = "";
      const events = () => text.split("\n").filter((l) => l.startsWith("data: ")).map((l) => JSON.parse(l.slice(6)));
      while (events().length < 1) text += new TextDecoder().decode((await reader.read()).value);
      assert.equal(events()[0].id, missing.headers.get("x-notion-request-id"));
      assert.equal(events()[0].status, 404);
      await reader.cancel();
      const printed = await eventually(() => lines.length >= 3 && lines.slice(1), 5_000, `two tail lines (${lines.join("\n")})`);
      assert.match(printed[0], new RegExp(`GET /v1/users/me  200  [\\d.]+ ms  .+ \\(${live.devIntegrationId}\\)  [0-9a-f-]{36}$`));
      assert.match(printed[1], /GET \/v1\/pages\/0f0e0d0c-0b0a-4908-8706-050403020100  404 /);
      assert.ok(!lines.some((l) => l.includes("/v1/search")), "POSTs filtered out");
    } finally {
      await live.close();
      // The server's close ends the stream, so the tail returns.
      await tailDone;
    }
    // --auth: only requests that authenticated that way (`none`: refused before they did).
    const authed = await startTestQuire();
    const noneLines: string[] = [];
    let noneDone: Promise<void> | null = null;
    try {
      noneDone = requestsTail(["--url", authed.url, "--admin-key", authed.adminKey, "--auth", "none"], {}, (l) => void noneLines.push(l));
      await eventually(() => noneLines.some((l) => l.startsWith("Following /v1 requests")), 5_000, "the --auth tail to start");
      await authed.raw("GET", "/v1/users/me");
      const refused = await authed.raw("GET", "/v1/users", { auth: "ntn_not_a_token" });
      assert.equal(refused.status, 401);
      const printed = await eventually(() => noneLines.length >= 2 && noneLines.slice(1), 5_000, `one --auth none line (${noneLines.join("\n")})`);
      assert.match(printed[0], new RegExp(`GET /v1/users  401  [\\d.]+ ms  -  ${refused.headers.get("x-notion-request-id")}$`));
      assert.ok(!noneLines.some((l) => l.includes("/v1/users/me")), "the integration's request filtered out");
      await assert.rejects(requestsTail(["--url", authed.url, "--admin-key", authed.adminKey, "--auth", "cookie"], {}, () => {}), /400 validation_error: .*auth/);
    } finally {
      await authed.close();
      await noneDone;
    }
    const bad = startTestQuire();
    const b = await bad;
    try {
      const res = await fetch(`${b.url}/_quire/v1/requests/stream?status=6xx`, { headers: { authorization: `Bearer ${b.adminKey}` } });
      assert.equal(res.status, 400);
      assert.equal(((await res.json()) as any).code, "validation_error");
    } finally {
      await b.close();
    }
  });
});

describe("across nodes", () => {
  test("PostgreSQL: a request node B answers is in node A's list and stream, naming the node; each node lists its own at once", { skip: onPostgres ? false : "PostgreSQL pass only: nodes share a database" }, async () => {
    const db = await freshDatabase();
    const a = await startTestQuire({ databaseUrl: db.url });
    const b = await startTestQuire({ databaseUrl: db.url });
    try {
      const stream = await fetch(`${a.url}/_quire/v1/requests/stream?path=/v1/users`, { headers: { authorization: `Bearer ${a.adminKey}` } });
      assert.equal(stream.status, 200);
      const served = await b.raw("GET", "/v1/users/me");
      const id = served.headers.get("x-notion-request-id");
      // B lists its own request at once (its buffer is written before it lists).
      const onB = await b.admin("GET", "/_quire/v1/requests?path=/v1/users");
      assert.deepEqual(onB.body.results.map((e: any) => e.id), [id]);
      // A lists it too, and names B as the node that answered.
      const onA = await a.admin("GET", `/_quire/v1/requests/${id}`);
      assert.equal(onA.status, 200);
      assert.equal(onA.body.node.url, b.url);
      assert.match(onA.body.node.id, /^[0-9a-f-]{36}$/);
      // A's stream, polling the shared log, sends it.
      const reader = stream.body!.getReader();
      let text = "";
      const events = () => text.split("\n").filter((l) => l.startsWith("data: ")).map((l) => JSON.parse(l.slice(6)));
      while (events().length < 1) text += new TextDecoder().decode((await reader.read()).value);
      assert.equal(events()[0].id, id);
      assert.equal(events()[0].node.url, b.url);
      await reader.cancel();
      // Both nodes' requests in one list, newest first; the filter and cursors work over the shared log.
      const fromA = await a.raw("GET", "/v1/users/me");
      const both = await eventually(async () => {
        const res = await b.admin("GET", "/_quire/v1/requests?path=/v1/users&page_size=1");
        return res.body.results[0]?.id === fromA.headers.get("x-notion-request-id") && res.body;
      }, 5_000, "A's request in B's list");
      assert.equal(both.has_more, true);
      const next = await b.admin("GET", `/_quire/v1/requests?path=/v1/users&page_size=1&start_cursor=${both.next_cursor}`);
      assert.equal(next.body.results[0].id, id);
      // DELETE on one node clears the shared log.
      await a.admin("DELETE", "/_quire/v1/requests");
      assert.deepEqual((await b.admin("GET", "/_quire/v1/requests?path=/v1/users")).body.results, []);
    } finally {
      await b.close();
      await a.close();
      await db.drop();
    }
  });
});

