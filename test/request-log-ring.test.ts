/**
 * The in-memory request log's bounds (src/domain/toolkit/requests.ts): a ring of N entries that
 * also holds at most a budget of body text, the oldest entries going first.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { RequestLog, type RequestEntry } from "../src/domain/toolkit/requests.js";
import { RESPONSE_BODY_CHARS, redactAnswer, truncatedAnswer } from "../src/http/request-capture.js";

function entry(id: number, bodyChars: number): RequestEntry {
  return {
    object: "request", id: `r${id}`, time: new Date(0).toISOString(), method: "POST", path: "/v1/pages", route: "/v1/pages",
    status: 200, duration_ms: 1, node: null, integration: null, user_id: null, auth: null,
    headers: { notion_version: null, user_agent: null, content_type: null },
    request_body: "x".repeat(bodyChars), response_body: null,
  };
}

const ids = async (log: RequestLog) => (await log.list({}, 100)).results.map((e) => e.id);

test("the ring keeps its last N entries", async () => {
  const log = new RequestLog(3, 1_000_000);
  for (let i = 1; i <= 5; i++) log.record(entry(i, 10));
  assert.deepEqual(await ids(log), ["r5", "r4", "r3"]);
});

test("past the body budget the oldest entries go first, never the newest", async () => {
  const log = new RequestLog(100, 250);
  for (let i = 1; i <= 4; i++) log.record(entry(i, 100));
  assert.deepEqual(await ids(log), ["r4", "r3"]);
  log.record(entry(5, 1000)); // alone over the budget: kept, everything older goes
  assert.deepEqual(await ids(log), ["r5"]);
  log.record(entry(6, 10));
  assert.deepEqual(await ids(log), ["r6"]);
  log.record(entry(7, 10));
  assert.deepEqual(await ids(log), ["r7", "r6"]);
  assert.equal((await log.get("r5")), undefined);
});

test("the budget counts what the ring still holds after it wraps and after a clear", async () => {
  const log = new RequestLog(2, 250);
  for (let i = 1; i <= 10; i++) log.record(entry(i, 100)); // each overwrite gives its characters back
  assert.deepEqual(await ids(log), ["r10", "r9"]);
  await log.clear();
  log.record(entry(11, 120));
  log.record(entry(12, 120));
  assert.deepEqual(await ids(log), ["r12", "r11"]);
});

test("a cut answer is a string of its own: the entries never keep the whole answers alive", () => {
  setFlagsFromString("--expose-gc");
  const gc = runInNewContext("gc") as () => void;
  // 200 answers of ~270 KB, each made fresh as a query answer is (a page of 100 rows).
  const answer = (n: number) => JSON.stringify({ object: "list", n, results: Array.from({ length: 100 }, (_, i) => ({ object: "page", id: `${n}-${i}`, text: "y".repeat(2700) })) });
  gc();
  const before = process.memoryUsage().heapUsed;
  const kept: string[] = [];
  for (let n = 0; n < 200; n++) {
    const text = answer(n);
    text.includes("token"); // as the redaction reads it
    kept.push(redactAnswer(text, "/v1/data_sources/x/query", text.length));
  }
  gc();
  const grown = process.memoryUsage().heapUsed - before;
  assert.equal(kept[7], answer(7).slice(0, RESPONSE_BODY_CHARS) + truncatedAnswer(answer(7).length));
  // What the entries hold: 200 × 16 KiB ≈ 3.3 MB. Were each cut a view into its answer, 200 × 270 KB ≈ 55 MB.
  assert.ok(grown < 15e6, `the kept cuts hold ${(grown / 1e6).toFixed(1)} MB`);
});
