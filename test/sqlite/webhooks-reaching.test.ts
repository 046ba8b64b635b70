/**
 * What reaches a workspace (`Tx.webhooks.subscriptionsReaching`) costs a SQLite store no statement
 * while no subscription, integration or workspace changed since it was last asked — every write
 * unit that emits events asks it — and is asked again after such a change, a rolled-back one
 * included, or after a hand edit of the file (`forgetReads`).
 */
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomUUID } from "node:crypto";
import Database from "better-sqlite3";
import { openSqliteStore } from "../../src/storage/sqlite.js";
import { forgetReads } from "../../src/storage/sqlite-owner.js";
import { meterStatements, newMeter } from "../../src/storage/meter.js";
import type { Store, Tx } from "../../src/storage/types.js";
import type { WebhookSubscriptionRow } from "../../src/storage/webhooks.js";

const dir = mkdtempSync(join(tmpdir(), "quire-reaching-"));
after(() => rmSync(dir, { recursive: true, force: true }));

const sub = (ws: string, over: Partial<WebhookSubscriptionRow> = {}): WebhookSubscriptionRow => ({
  id: randomUUID(), workspace_id: ws, integration_id: randomUUID(), kind: "internal", url: "http://127.0.0.1:9/h", event_types: ["page.created"],
  api_version: "2026-03-11", status: "active", token_sealed: "s", token_hash: "h", verified_time: null, paused_time: null, paused_reason: null,
  consecutive_failures: 0, created_time: 1, updated_time: 1, ...over,
});

/** The statements of one write unit running `fn`, and what it answered. */
async function counted<T>(store: Store, fn: (tx: Tx) => Promise<T>): Promise<[number, T]> {
  const meter = newMeter();
  const out = await meterStatements(meter, () => store.write(fn));
  return [meter.statements, out];
}

test("a write unit asking what reaches a workspace runs no statement for it while nothing it depends on changed", async () => {
  const file = join(dir, "quire.db");
  const store = openSqliteStore({ filename: file, countStatements: true });
  try {
    const ws = randomUUID();
    const s = sub(ws);
    await store.write(async (tx) => {
      await tx.insertWorkspace({ id: ws, name: "W", created_time: 1, time_zone: "UTC" });
      await tx.webhooks.insertSubscription(s);
    });
    const reaching = (tx: Tx) => tx.webhooks.subscriptionsReaching(ws).then((r) => r.map((x) => x.id));
    const [empty] = await counted(store, async () => null);
    const [first, ids] = await counted(store, reaching);
    assert.deepEqual(ids, [s.id]);
    assert.equal(first, empty + 1, "asked once: one statement");
    const [again, same] = await counted(store, reaching);
    assert.deepEqual([again, same], [empty, [s.id]], "asked again: none");
    // Other writes (nodes, users…) leave it remembered.
    const [otherWrite] = await counted(store, async (tx) => {
      await tx.insertUser({ workspace_id: ws, id: randomUUID(), type: "person", name: "P", avatar_url: null, email: null, integration_id: null, created_time: 1, role: "member" });
      return reaching(tx);
    });
    assert.equal(otherWrite, empty + 1, "only the user's insert");

    // An installation of a public client changes it.
    const client = randomUUID();
    const pub = sub(randomUUID(), { kind: "public", integration_id: client, created_time: 2 });
    await store.write((tx) => tx.webhooks.insertSubscription(pub));
    assert.deepEqual((await counted(store, reaching))[1], [s.id]);
    await store.write((tx) =>
      tx.insertIntegration({ workspace_id: ws, id: randomUUID(), name: "App", token_hash: randomUUID(), bot_id: randomUUID(), capabilities: [], created_time: 1, oauth_client_id: client, installed_by: null }),
    );
    const [afterInstall, installed] = await counted(store, reaching);
    assert.deepEqual([afterInstall, installed], [empty + 1, [s.id, pub.id]]);

    // A rolled-back change is asked again, and answers as before.
    await assert.rejects(store.write(async (tx) => {
      await tx.webhooks.updateSubscription({ ...s, status: "paused" });
      throw new Error("no");
    }));
    const [afterRollback, kept] = await counted(store, reaching);
    assert.deepEqual([afterRollback, kept], [empty + 1, [s.id, pub.id]]);

    // A hand edit behind the store: forgetReads makes it ask again.
    const db = new Database(file);
    db.prepare(`UPDATE webhook_subscriptions SET status = 'paused' WHERE id = ?`).run(s.id);
    db.close();
    forgetReads(file);
    assert.deepEqual((await counted(store, reaching))[1], [pub.id]);
  } finally {
    await store.close();
  }
});
