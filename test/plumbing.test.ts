/** Transport-level behaviour: versions, auth, errors, routing, CORS, ids, pagination params, body limits. */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { Client, UnknownHTTPResponseError } from "@notionhq/client";
import { startTestQuire, type TestQuire } from "./helpers/quire.js";
import { MISSING_ID, append, assertErrorBody, newPage, rejects, text } from "./helpers/api.js";

let q: TestQuire;
let notion: Client;

before(async () => {
  q = await startTestQuire();
  notion = q.client();
});
after(() => q.close());

const ACCEPTED =
  '`"2021-05-11"`, `"2021-05-13"`, `"2021-08-16"`, `"2022-02-22"`, `"2022-06-28"`, `"2025-09-03"`, `"2026-03-11"`, or `"2026-12-01"`';

describe("Notion-Version", () => {
  test("missing → 400 missing_version with Notion's message", async () => {
    const res = await q.raw("GET", "/v1/users/me", { version: null });
    assertErrorBody(res, {
      status: 400,
      code: "missing_version",
      message: "Notion-Version header failed validation: Notion-Version header should be defined, instead was `undefined`.",
    });
  });

  test("unknown → 400 listing the accepted versions", async () => {
    const res = await q.raw("GET", "/v1/users/me", { version: "2023-01-01" });
    assertErrorBody(res, {
      status: 400,
      code: "missing_version",
      message: `Notion-Version header failed validation: Notion-Version header should be ${ACCEPTED}, instead was \`"2023-01-01"\`.`,
    });
  });

  test(
    "empty → 400 listing the accepted versions, instead was `\"\"`",
    // Notion answers an empty header with the version list (notion-sdk-php fixture client_request_missing_version_400).
    async () => {
      const res = await q.raw("GET", "/v1/users/me", { version: "" });
      assertErrorBody(res, {
        status: 400,
        code: "missing_version",
        message: `Notion-Version header failed validation: Notion-Version header should be ${ACCEPTED}, instead was \`""\`.`,
      });
    },
  );

  test("the SDK surfaces a version error as an UnknownHTTPResponseError (missing_version is not in its enum)", async () => {
    let error: unknown;
    try {
      await q.client({ version: "1999-01-01" }).users.me({});
    } catch (e) {
      error = e;
    }
    assert.ok(UnknownHTTPResponseError.isUnknownHTTPResponseError(error), String(error));
    assert.equal(error.status, 400);
    assert.equal(JSON.parse(error.body).code, "missing_version");
  });

  for (const version of ["2021-05-11", "2021-05-13", "2021-08-16", "2022-02-22"]) {
    test(`old version ${version} is accepted and answered in the 2022-06-28 shape`, async () => {
      const res = await q.raw("GET", `/v1/pages/${q.rootPageId}`, { version });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.body.object, "page");
      assert.equal(res.body.archived, false);
    });
  }

  test("the version is checked before the token", async () => {
    // Quire's order; which of the two Notion reports first is not recorded.
    const res = await q.raw("GET", "/v1/users/me", { version: null, auth: null });
    assertErrorBody(res, { status: 400, code: "missing_version" });
  });
});

describe("authorization", () => {
  test("missing token → 401 unauthorized", async () => {
    const res = await q.raw("GET", "/v1/users", { auth: null });
    assertErrorBody(res, { status: 401, code: "unauthorized", message: "API token is invalid." });
  });

  test("unknown token → 401, through the SDK too", async () => {
    const res = await q.raw("GET", "/v1/users", { auth: "ntn_not_a_real_token" });
    assertErrorBody(res, { status: 401, code: "unauthorized", message: "API token is invalid." });
    await rejects(q.client({ auth: "secret_bogus" }).users.me({}), { status: 401, code: "unauthorized", message: "API token is invalid." });
  });

  test("a non-Bearer scheme → 401", async () => {
    const res = await q.raw("GET", "/v1/users", { auth: null, headers: { authorization: `Basic ${Buffer.from("a:b").toString("base64")}` } });
    assertErrorBody(res, { status: 401, code: "unauthorized", message: "API token is invalid." });
  });

  test("the bearer scheme is case-insensitive", async () => {
    const res = await q.raw("GET", "/v1/users/me", { auth: null, headers: { authorization: `bearer ${q.token}` } });
    assert.equal(res.status, 200);
  });

  test("a deleted integration's token stops working", async () => {
    const i = await q.integration("Short-lived");
    assert.equal((await q.raw("GET", "/v1/users/me", { auth: i.token })).status, 200);
    assert.equal((await q.admin("DELETE", `/_quire/v1/integrations/${i.id}`)).status, 200);
    assertErrorBody(await q.raw("GET", "/v1/users/me", { auth: i.token }), { status: 401, code: "unauthorized" });
  });

  test("a rotated token replaces the old one", async () => {
    const i = await q.integration("Rotating");
    const res = await q.admin("PATCH", `/_quire/v1/integrations/${i.id}`, { rotate_token: true });
    assert.equal(res.status, 200);
    assertErrorBody(await q.raw("GET", "/v1/users/me", { auth: i.token }), { status: 401, code: "unauthorized" });
    assert.equal((await q.raw("GET", "/v1/users/me", { auth: res.body.token })).status, 200);
  });
});

describe("bodies", () => {
  test("invalid JSON → 400 invalid_json", async () => {
    const res = await q.raw("PATCH", `/v1/blocks/${q.rootPageId}/children`, { body: '{"children": [' });
    assertErrorBody(res, { status: 400, code: "invalid_json", message: "Error parsing JSON body." });
    const create = await q.raw("POST", "/v1/pages", { body: "not json" });
    assertErrorBody(create, { status: 400, code: "invalid_json", message: "Error parsing JSON body." });
  });

  test("a JSON body that is not an object → validation_error", async () => {
    const res = await q.raw("POST", "/v1/pages", { body: "[1,2]" });
    assertErrorBody(res, { status: 400, code: "validation_error", message: /^body failed validation: body should be an object/ });
  });

  test("an empty POST body reads as {}", async () => {
    const res = await q.raw("POST", "/v1/pages", { body: "" });
    assertErrorBody(res, { status: 400, code: "validation_error", message: "body failed validation: body.parent should be defined, instead was `undefined`." });
  });

  test("a body over 500 KB → 400 validation_error", async () => {
    const parent = await newPage(notion, q.rootPageId, "Big body");
    const children = Array.from({ length: 100 }, () => ({ paragraph: { rich_text: Array.from({ length: 3 }, () => ({ text: { content: "x".repeat(2000) } })) } }));
    const body = JSON.stringify({ children });
    assert.ok(body.length > 500 * 1024, `${body.length} bytes`);
    const res = await q.raw("PATCH", `/v1/blocks/${parent}/children`, { body });
    assertErrorBody(res, { status: 400, code: "validation_error", message: /500|512000/ });
    assert.equal((await notion.blocks.children.list({ block_id: parent })).results.length, 0);
  });

  test("a body just under 500 KB is accepted", async () => {
    const parent = await newPage(notion, q.rootPageId, "Large body");
    const children = Array.from({ length: 100 }, () => ({ paragraph: { rich_text: Array.from({ length: 2 }, () => ({ text: { content: "y".repeat(2000) } })) } }));
    const body = JSON.stringify({ children });
    assert.ok(body.length < 500 * 1024 && body.length > 400_000, `${body.length} bytes`);
    const res = await q.raw("PATCH", `/v1/blocks/${parent}/children`, { body });
    assert.equal(res.status, 200, JSON.stringify(res.body).slice(0, 300));
    assert.equal(res.body.results.length, 100);
  });
});

describe("routing", () => {
  test("an unknown path → 400 invalid_request_url", async () => {
    for (const path of ["/v1/invalid", "/v1/pages/x/y/z", "/v2/users", "/nothing-here"]) {
      const res = await q.raw("GET", path);
      assertErrorBody(res, { status: 400, code: "invalid_request_url", message: "Invalid request URL." });
    }
  });

  test("a known path with the wrong method → 400 invalid_request_url", async () => {
    const cases: [string, string][] = [
      ["DELETE", `/v1/pages/${q.rootPageId}`],
      ["POST", "/v1/users"],
      ["PUT", `/v1/blocks/${q.rootPageId}`],
      ["GET", `/v1/pages/${q.rootPageId}/move`],
    ];
    for (const [method, path] of cases) {
      const res = await q.raw(method, path, method === "POST" || method === "PUT" ? { body: "{}" } : {});
      assertErrorBody(res, { status: 400, code: "invalid_request_url", message: "Invalid request URL." });
    }
  });

  test("the SDK sees invalid_request_url as an APIResponseError", async () => {
    await rejects(notion.request({ path: "invalid", method: "get" }), { status: 400, code: "invalid_request_url", message: "Invalid request URL." });
  });
});

describe("CORS", () => {
  test("a preflight is answered with the access-control headers", async () => {
    const res = await fetch(`${q.url}/v1/pages`, {
      method: "OPTIONS",
      headers: {
        origin: "https://app.example.com",
        "access-control-request-method": "POST",
        "access-control-request-headers": "authorization, notion-version, content-type",
      },
    });
    assert.ok(res.status === 204 || res.status === 200, `status ${res.status}`);
    assert.equal(res.headers.get("access-control-allow-origin"), "*");
    const methods = (res.headers.get("access-control-allow-methods") ?? "").toUpperCase();
    for (const m of ["GET", "POST", "PATCH", "DELETE"]) assert.ok(methods.includes(m), methods);
    const allowed = (res.headers.get("access-control-allow-headers") ?? "").toLowerCase();
    for (const h of ["authorization", "notion-version", "content-type"]) assert.ok(allowed.includes(h), allowed);
  });

  test("a preflight for a path with an id", async () => {
    const res = await fetch(`${q.url}/v1/blocks/${q.rootPageId}/children`, { method: "OPTIONS", headers: { origin: "https://x.example", "access-control-request-method": "PATCH" } });
    assert.ok(res.status === 204 || res.status === 200, `status ${res.status}`);
    assert.equal(res.headers.get("access-control-allow-origin"), "*");
  });

  test("ordinary responses, errors included, carry the allow-origin header and expose the request id", async () => {
    for (const res of [await q.raw("GET", "/v1/users/me"), await q.raw("GET", "/v1/users/me", { auth: null })]) {
      assert.equal(res.headers.get("access-control-allow-origin"), "*");
      assert.match(res.headers.get("access-control-expose-headers") ?? "", /x-notion-request-id/i);
    }
  });
});

describe("request ids and content type", () => {
  test("errors: x-notion-request-id equals the body's request_id, and the SDK reports it", async () => {
    const bodies = [
      await q.raw("GET", "/v1/users/me", { version: null }),
      await q.raw("GET", "/v1/users/me", { auth: null }),
      await q.raw("GET", "/v1/nowhere"),
      await q.raw("GET", `/v1/pages/${MISSING_ID}`),
      await q.raw("POST", "/v1/pages", { body: "{" }),
    ];
    const ids = new Set<string>();
    for (const res of bodies) {
      assert.match(res.body.request_id, /^[0-9a-f-]{36}$/);
      assert.equal(res.headers.get("x-notion-request-id"), res.body.request_id);
      assert.match(res.headers.get("content-type") ?? "", /^application\/json; charset=utf-8$/);
      ids.add(res.body.request_id);
    }
    assert.equal(ids.size, bodies.length, "one id per request");
    const err = await rejects(notion.pages.retrieve({ page_id: MISSING_ID }), { status: 404, code: "object_not_found" });
    assert.match(err.request_id ?? "", /^[0-9a-f-]{36}$/);
  });

  test("successes carry request_id in the body, equal to the header", async () => {
    for (const path of ["/v1/users/me", "/v1/users", `/v1/pages/${q.rootPageId}`, `/v1/blocks/${q.rootPageId}/children`]) {
      const res = await q.raw("GET", path);
      assert.equal(res.status, 200);
      assert.match(res.headers.get("content-type") ?? "", /^application\/json/);
      assert.equal(typeof res.body.request_id, "string", path);
      assert.equal(res.body.request_id, res.headers.get("x-notion-request-id"), path);
    }
  });
});

describe("ids", () => {
  test("accepted without dashes and in upper case; answered dashed and lower-case", async () => {
    const compact = q.rootPageId.replace(/-/g, "");
    for (const id of [compact, compact.toUpperCase(), q.rootPageId.toUpperCase()]) {
      const page: any = await notion.pages.retrieve({ page_id: id });
      assert.equal(page.id, q.rootPageId);
      const block: any = await notion.blocks.retrieve({ block_id: id });
      assert.equal(block.id, q.rootPageId);
    }
  });

  test("ids in bodies too", async () => {
    const compact = q.rootPageId.replace(/-/g, "").toUpperCase();
    const page: any = await notion.pages.create({ parent: { page_id: compact }, properties: { title: { title: text("Compact parent") } } });
    assert.deepEqual(page.parent, { type: "page_id", page_id: q.rootPageId });
    const [b] = await append(notion, page.id, [{ paragraph: { rich_text: [{ mention: { page: { id: compact } } }] } }]);
    assert.deepEqual(b.paragraph.rich_text[0].mention.page, { id: q.rootPageId });
  });

  test("something that is not a uuid → 400 validation_error naming the path parameter", async () => {
    await rejects(notion.pages.retrieve({ page_id: "not-an-id" }), {
      status: 400,
      code: "validation_error",
      message: 'path failed validation: path.page_id should be a valid uuid, instead was `"not-an-id"`.',
    });
    const misplaced = q.rootPageId.replace(/-/g, "").replace(/^(.{4})/, "$1-");
    await rejects(notion.blocks.retrieve({ block_id: misplaced }), { status: 400, code: "validation_error", message: /path\.block_id should be a valid uuid/ });
    await rejects(notion.pages.create({ parent: { page_id: "nope" }, properties: {} }), {
      status: 400,
      code: "validation_error",
      message: /body\.parent\.page_id should be a valid uuid/,
    });
  });
});

describe("pagination parameters", () => {
  for (const [value, pattern] of [
    ["0", /query\.page_size should be ≥ `1`, instead was `0`/],
    ["101", /query\.page_size should be ≤ `100`, instead was `101`/],
    ["abc", /query\.page_size should be a number/],
    ["2.5", /query\.page_size should be an integer/],
  ] as const) {
    test(`page_size=${value} → 400 validation_error`, async () => {
      // The exact sentences are Quire's; Notion's wording for these is not recorded.
      for (const path of ["/v1/users", `/v1/blocks/${q.rootPageId}/children`]) {
        const res = await q.raw("GET", `${path}?page_size=${value}`);
        assertErrorBody(res, { status: 400, code: "validation_error", message: pattern });
      }
    });
  }

  test("page_size 0 and 101 through the SDK", async () => {
    await rejects(notion.users.list({ page_size: 0 }), { status: 400, code: "validation_error" });
    await rejects(notion.blocks.children.list({ block_id: q.rootPageId, page_size: 101 }), { status: 400, code: "validation_error" });
  });

  test("page_size 1 and 100 are fine", async () => {
    assert.equal((await notion.users.list({ page_size: 1 })).results.length, 1);
    assert.equal((await notion.users.list({ page_size: 100 })).has_more, false);
  });

  test("an invalid start_cursor → 400 validation_error", async () => {
    const garbage = await q.raw("GET", `/v1/blocks/${q.rootPageId}/children?start_cursor=garbage`);
    assertErrorBody(garbage, { status: 400, code: "validation_error", message: /start_cursor/ });
    const unknown = await q.raw("GET", `/v1/blocks/${q.rootPageId}/children?start_cursor=${MISSING_ID}`);
    assertErrorBody(unknown, { status: 400, code: "validation_error", message: `The start_cursor provided is invalid: ${MISSING_ID}` });
    const users = await q.raw("GET", `/v1/users?start_cursor=${MISSING_ID}`);
    assertErrorBody(users, { status: 400, code: "validation_error", message: `The start_cursor provided is invalid: ${MISSING_ID}` });
  });

  test("an empty start_cursor means the first page", async () => {
    const res = await q.raw("GET", `/v1/users?start_cursor=`);
    assert.equal(res.status, 200);
  });
});
