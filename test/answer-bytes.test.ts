/**
 * The bytes of an answer (http/encode-once.ts): a long answer leaves as a Buffer made once, a
 * short one as a string; either way the body is the answer's JSON in UTF-8 and `content-length`
 * counts its bytes — for a fresh answer, an answer from the response cache, and an error.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { startTestQuire, type TestQuire } from "./helpers/quire.js";
import { newPage } from "./helpers/api.js";
import { ENCODE_ONCE_CHARS, LIST_BY_RESULT } from "../src/http/encode-once.js";
import { RESPONSE_BODY_CHARS, truncatedAnswer } from "../src/http/request-capture.js";

let q: TestQuire;
let bigPage: string;
let smallPage: string;

/** GET/POST `path` and the answer's bytes as they arrived. */
async function bytesOf(method: string, path: string, body?: unknown): Promise<{ status: number; length: number; bytes: Buffer; id: string }> {
  const res = await fetch(q.url + path, {
    method,
    headers: { authorization: `Bearer ${q.token}`, "notion-version": "2025-09-03", ...(body ? { "content-type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, length: Number(res.headers.get("content-length")), bytes: Buffer.from(await res.arrayBuffer()), id: res.headers.get("x-notion-request-id") ?? "" };
}

/** The body is well-formed UTF-8 JSON, exactly what JSON.stringify makes of it, and `content-length` is its size. */
function assertSameBytes(a: { length: number; bytes: Buffer }): any {
  const text = a.bytes.toString("utf8");
  assert.ok(!text.includes("\uFFFD"), "no broken UTF-8");
  const value = JSON.parse(text);
  assert.ok(Buffer.from(JSON.stringify(value), "utf8").equals(a.bytes), "the body is the answer's JSON as serialized");
  assert.equal(a.length, a.bytes.length);
  return value;
}

before(async () => {
  q = await startTestQuire();
  const notion = q.client();
  // ~20,000 characters of title, most of them two or three bytes each.
  const title = Array.from({ length: 20 }, (_, i) => ({ type: "text" as const, text: { content: `Größe ${i} — ` + "ü€".repeat(490) } }));
  bigPage = (await notion.pages.create({ parent: { page_id: q.rootPageId }, properties: { title: { title } } })).id;
  smallPage = await newPage(notion, q.rootPageId, "Small");
});
after(() => q.close());

describe("an answer's bytes", () => {
  test("a long answer: its JSON in UTF-8, content-length its byte count; the same again from the response cache", async () => {
    const first = await bytesOf("GET", `/v1/pages/${bigPage}`);
    assert.equal(first.status, 200);
    assert.ok(first.bytes.length > first.bytes.toString("utf8").length, "multi-byte characters");
    assert.ok(first.bytes.toString("utf8").length >= ENCODE_ONCE_CHARS);
    const page = assertSameBytes(first);
    assert.equal(page.properties.title.title.length, 20);
    const again = await bytesOf("GET", `/v1/pages/${bigPage}`);
    const second = assertSameBytes(again);
    assert.notEqual(second.request_id, page.request_id);
    assert.deepEqual({ ...second, request_id: null }, { ...page, request_id: null });
  });

  test("a short answer and an error: the same rules", async () => {
    const small = await bytesOf("GET", `/v1/pages/${smallPage}`);
    assert.equal(small.status, 200);
    assert.ok(small.bytes.length < ENCODE_ONCE_CHARS);
    assert.equal(assertSameBytes(small).id, smallPage);
    const bad = await bytesOf("POST", "/v1/pages", { parent: { page_id: "not-an-id" }, note: "é".repeat(10_000) });
    assert.equal(bad.status, 400);
    assert.equal(assertSameBytes(bad).object, "error");
  });

  test("a long list: a search's results", async () => {
    const found = await bytesOf("POST", "/v1/search", { query: "Größe", page_size: 100 });
    assert.equal(found.status, 200);
    const list = assertSameBytes(found);
    assert.ok(list.results.some((r: any) => r.id === bigPage));
  });

  test("a long list encoded result by result: its JSON, and the request log keeps its first characters", async () => {
    const notion = q.client();
    // 2 × LIST_BY_RESULT pages of ~2,000 characters of title each (two and three bytes a character):
    // the list is over 3 × RESPONSE_BODY_CHARS bytes. The second half's titles name a secret key
    // ("token"), which sends the log's cut down the whole-text path.
    for (let i = 0; i < 2 * LIST_BY_RESULT; i++) {
      const word = i < LIST_BY_RESULT ? "Ahornliste" : "Birkenliste token";
      await notion.pages.create({ parent: { page_id: q.rootPageId }, properties: { title: { title: [{ text: { content: `${word} ${i} ` + "ü€".repeat(980) } }] } } });
    }
    for (const query of ["Ahornliste", "Birkenliste"]) {
      const found = await bytesOf("POST", "/v1/search", { query, page_size: 100, filter: { property: "object", value: "page" } });
      assert.equal(found.status, 200);
      const list = assertSameBytes(found);
      assert.ok(list.results.length >= LIST_BY_RESULT, `${list.results.length} results`);
      assert.ok(found.bytes.length > 3 * RESPONSE_BODY_CHARS);
      const text = found.bytes.toString("utf8");
      const entry = await eventuallyLogged(found.id);
      assert.equal(entry.response_body, text.slice(0, RESPONSE_BODY_CHARS) + truncatedAnswer(found.bytes.length));
    }
  });
});

/** The request log's entry for the request `id` (kept when its response closes). */
async function eventuallyLogged(id: string): Promise<any> {
  for (let i = 0; i < 100; i++) {
    const res = await q.admin("GET", `/_quire/v1/requests/${id}`);
    if (res.status === 200) return res.body;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.fail(`no log entry for ${id}`);
}
