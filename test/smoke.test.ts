import { test } from "node:test";
import assert from "node:assert/strict";
import { startTestQuire } from "./helpers/quire.js";

test("health answers without auth", async () => {
  const q = await startTestQuire();
  try {
    const res = await fetch(`${q.url}/_quire/health`);
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { status: "ok" });
  } finally {
    await q.close();
  }
});
