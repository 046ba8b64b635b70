/**
 * The in-memory request log's bounds (src/domain/toolkit/requests.ts): a ring of N entries that
 * also holds at most a budget of body text, the oldest entries going first.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { RequestLog, type RequestEntry } from "../src/domain/toolkit/requests.js";

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
