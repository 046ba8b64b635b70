/**
 * The PostgreSQL adapter itself (src/storage/postgres/): its core ports answer exactly what the
 * SQLite adapter answers (one script run on both, answers compared: order, ties, cursors, ASCII
 * case of emails), and its units keep the Store contract (src/storage/types.ts): writes of one
 * workspace serialized, reads on one snapshot, all or nothing, a Tx dead after its unit,
 * migrations safe when several processes start at once. PostgreSQL pass only.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import pg from "pg";
import { openSqliteStore } from "../src/storage/sqlite.js";
import { migrate, openPostgresStore, PG_MIGRATIONS } from "../src/storage/postgres/index.js";
import type { NodeRow, Store, Tx } from "../src/storage/types.js";
import { freshDatabase } from "./helpers/pg.js";
import { onPostgres } from "./helpers/store.js";

const skip = onPostgres ? false : "PostgreSQL pass only (npm test runs it there)";
const WS = "11111111-1111-4111-8111-111111111111";
const OTHER_WS = "22222222-2222-4222-8222-222222222222";

function node(id: string, parent: string | null, position: number, extra: Partial<NodeRow> = {}): NodeRow {
  return {
    workspace_id: WS, id, type: parent ? "paragraph" : "page", parent_type: parent ? "page_id" : "workspace", parent_id: parent, position,
    data: { rich_text: [{ plain_text: `text of ${id}`, nested: { b: 1, a: [1.5, null, "\u0000"] } }] }, properties: parent ? null : { title: [] },
    icon: null, cover: null, in_trash: false, is_locked: false, is_archived: false,
    created_time: 1_700_000_000_000 + position, created_by: "u1", last_edited_time: 1_700_000_000_000, last_edited_by: "u1", ...extra,
  };
}

/** The same writes and reads through any store; returns every answer, in order. */
async function script(store: Store): Promise<unknown[]> {
  const out: unknown[] = [];
  const r = <T>(fn: (tx: Tx) => Promise<T>) => store.read(fn).then((v) => void out.push(v));
  await store.write(async (tx) => {
    for (const ws of [WS, OTHER_WS]) await tx.insertWorkspace({ id: ws, name: `W ${ws[0]}`, created_time: 5, time_zone: "UTC" });
    await tx.setMeta("k", "v1");
    await tx.setMeta("k", "v2");
    for (const [i, email] of ["Ada@Example.com", "bob@example.com", null, "ÉVE@example.com"].entries())
      await tx.insertUser({ workspace_id: WS, id: `user-${9 - i}`, type: email ? "person" : "bot", name: `n${i}`, avatar_url: null, email, integration_id: null, created_time: 7, role: email ? "member" : null });
    await tx.insertIntegration({ workspace_id: WS, id: "int-b", name: "B", token_hash: "hash-b", bot_id: "user-7", capabilities: ["read_content"], created_time: 1 });
    await tx.insertIntegration({ workspace_id: WS, id: "int-a", name: "A", token_hash: "hash-a", bot_id: "user-7", capabilities: ["read_content", "insert_content"], created_time: 1 });
    await tx.addShare(WS, "int-a", "page-z", 3);
    await tx.addShare(WS, "int-a", "page-b", 3);
    await tx.addShare(WS, "int-a", "page-b", 4);
    await tx.addShare(WS, "int-b", "page-b", 1);
    await tx.insertNodes([node("root", null, 1), ...["c", "a", "b", "d"].map((id, i) => node(`kid-${id}`, "root", i === 3 ? 2 : i + 1))]);
    await tx.insertNodes([node("deep", "kid-a", 1), node("deeper", "deep", 1, { in_trash: true })]);
    await tx.updateNode({ ...node("kid-d", "root", 2), in_trash: true, last_edited_time: 9 });
    await tx.setPositions(WS, [{ id: "kid-b", position: 0.5 }]);
    for (const [i, id] of ["m3", "m1", "m2"].entries())
      await tx.comments.insert({
        workspace_id: WS, id, discussion_id: i === 2 ? "d1" : "d0", parent_type: "page_id", parent_id: "root", rich_text: [{ plain_text: id }],
        display_name: { type: "integration", resolved_name: null }, attachments: [], created_time: 10, created_by: "user-7", last_edited_time: 10, resolved: false,
      });
    await tx.comments.setResolved(WS, "d1", true);
    for (const [i, name] of ["zeta", "alpha", "zeta2"].entries())
      await tx.emojis.insert({ workspace_id: WS, id: `emoji-${3 - i}`, name, url: `https://e/${name}.png`, created_time: 1, created_by: null });
    for (const [i, status] of (["pending", "uploaded", "pending", "failed"] as const).entries())
      await tx.files.insert({
        workspace_id: WS, id: `up-${i}`, mode: "single_part", status, filename: `f${i}.txt`, content_type: "text/plain", content_length: i * 10,
        number_of_parts: null, parts: { "1": 5 }, external_url: null, import_result: null, created_time: 100 + i, created_by: "user-7",
        last_edited_time: 100, expiry_time: i === 0 ? 50 : i === 2 ? 500 : null, attached: false, node: null,
      });
  });
  await r((tx) => Promise.all([tx.getMeta("k"), tx.getMeta("none"), tx.getWorkspace(WS), tx.firstWorkspace()]));
  await r(async (tx) => [await tx.listUsers(WS, null, 2), await tx.listUsers(WS, "user-8", 2), await tx.listUsers(WS, "nobody", 2)]);
  await r(async (tx) => Promise.all(["ada@EXAMPLE.com", "BOB@example.com", "éve@example.com", "ÉVE@EXAMPLE.COM"].map((e) => tx.findPersonByEmail(WS, e))));
  await r(async (tx) => [
    await tx.members.listListed(WS, null, 2),
    await tx.members.listMembers(WS, "user-8", 5),
    await tx.members.countOwners(WS),
    await tx.members.membershipsOf("user-9"),
    await tx.allWorkspaces.list(null, 1),
    await tx.allWorkspaces.list(OTHER_WS, 5),
    await tx.allWorkspaces.count(),
  ]);
  await r(async (tx) => [await tx.getIntegrationByTokenHash("hash-a"), await tx.listIntegrations(WS), await tx.getIntegration(OTHER_WS, "int-a")]);
  await r(async (tx) => [await tx.listShares(WS, "int-a"), await tx.anyShared(WS, "int-b", ["x", "page-b"]), await tx.anyShared(WS, "int-b", []), await tx.anyShared(OTHER_WS, "int-a", ["page-b"])]);
  await r(async (tx) => [await tx.getNode(WS, "root"), await tx.getNode(WS, "kid-a"), await tx.getNode(OTHER_WS, "root")]);
  await r(async (tx) => [await tx.getAncestry(WS, "deeper"), await tx.getAncestry(WS, "missing")]);
  await r(async (tx) => [
    await tx.listChildren(WS, "root", null, 2),
    await tx.listChildren(WS, "root", "kid-c", 2),
    await tx.listChildren(WS, "root", "kid-d", 2),
    await tx.childBounds(WS, "root"),
    await tx.childBounds(WS, "nothing"),
    await tx.nextPosition(WS, "root", 1),
    await tx.nextPosition(WS, "root", 3),
    await tx.childPositions(WS, "root", null, 10),
    await tx.childPositions(WS, "root", { position: 1, id: "kid-c" }, 2),
  ]);
  await r(async (tx) => [await tx.comments.listOpen(WS, "root", null, 1), await tx.comments.listOpen(WS, "root", "m1", 5), await tx.comments.listOpen(WS, "root", "m2", 5), await tx.comments.firstOfDiscussion(WS, "d0")]);
  await r(async (tx) => [await tx.emojis.list(WS, null, 2), await tx.emojis.list(WS, "emoji-2", 5), await tx.emojis.list(WS, null, 5, "zeta"), await tx.emojis.getByName(WS, "alpha")]);
  await r(async (tx) => [
    await tx.files.list(WS, "user-7", { from: null, limit: 2, now: 200 }),
    await tx.files.list(WS, "user-7", { from: "up-1", limit: 5, now: 200, status: "expired" }),
    await tx.files.list(WS, "user-7", { from: null, limit: 5, now: 200, status: "pending" }),
    await tx.files.expiring(600, 5),
    await tx.files.getById("up-2"),
  ]);
  await store.write(async (tx) => {
    for (const [i, id] of ["grp-b", "grp-a", "grp-c"].entries()) await tx.groups.insert({ workspace_id: WS, id, name: `G${i}`, external_id: i === 1 ? "ext" : null, created_time: i === 2 ? 1 : 2 });
    await tx.groups.addMembers(WS, "grp-a", ["user-9", "user-8", "user-9"]);
    await tx.groups.addMembers(WS, "grp-b", ["user-9"]);
    for (const [nodeId, type, id, level] of [["root", "workspace", WS, "full_access"], ["kid-a", "user", "user-9", "can_edit"], ["deep", "group", "grp-a", "can_view"], ["kid-a", "group", "grp-b", "can_comment"]] as const)
      await tx.permissions.set({ workspace_id: WS, node_id: nodeId, principal_type: type, principal_id: id, level });
    await tx.permissions.set({ workspace_id: WS, node_id: "deep", principal_type: "group", principal_id: "grp-a", level: "full_access" });
  });
  await r(async (tx) => [await tx.groups.list(WS, null, 2), await tx.groups.list(WS, "grp-b", 5), await tx.groups.list(WS, "none", 5), await tx.groups.byExternalId(WS, "ext")]);
  await r(async (tx) => [await tx.groups.membersOf(WS, ["grp-b", "grp-a", "grp-c"]), await tx.groups.groupsOf(WS, "user-9"), await tx.groups.groupsOf(OTHER_WS, "user-9")]);
  await r(async (tx) => [
    await tx.permissions.listOn(WS, "kid-a"),
    await tx.permissions.along(WS, ["deeper", "kid-c", "missing"], null),
    await tx.permissions.along(WS, ["deeper"], [{ type: "user", id: "user-9" }, { type: "group", id: "grp-a" }]),
    await tx.permissions.along(OTHER_WS, ["deeper"], null),
  ]);
  await store.write(async (tx) => {
    out.push([await tx.groups.removeMember(WS, "grp-a", "user-8"), await tx.groups.removeUser(WS, "user-9"), await tx.groups.delete(WS, "grp-c"), await tx.permissions.removePrincipal(WS, { type: "group", id: "grp-a" }), await tx.permissions.removeNodes(WS, ["root", "nothing"])]);
  });
  await store.write(async (tx) => {
    await tx.deleteIntegration(WS, "int-a");
    out.push([await tx.removeShare(WS, "int-b", "page-b"), await tx.removeShare(WS, "int-b", "page-b"), await tx.comments.delete(WS, "m1"), await tx.emojis.remove(WS, "emoji-9")]);
  });
  await r(async (tx) => [await tx.listShares(WS, "int-a"), await tx.listIntegrations(WS)]);
  // Webhooks: ties broken the same way, payload key order kept, numbers read back as numbers.
  const sub = (id: string, over: Record<string, unknown> = {}) => ({
    id, workspace_id: WS, integration_id: "int-b", kind: "internal" as const, url: "http://h/x", event_types: ["page.created"], api_version: "2026-03-11",
    status: "active" as const, token_sealed: "sealed", token_hash: "hash", verified_time: 3, paused_time: null, paused_reason: null, consecutive_failures: 0,
    created_time: 5, updated_time: 5, ...over,
  });
  const ev = (ws: string, id: string, over: Record<string, unknown> = {}) => ({
    workspace_id: ws, id, subscription_id: "sub-a", type: "page.created", entity_id: null, entity_type: null, payload: { z: 1, a: { y: [2, "x"] } },
    aggregate_key: null, created_time: 10, due_time: 10, status: "pending" as const, attempts: 0, claimed_by: null, claimed_until: null,
    last_status_code: null, last_error: null, delivered_time: null, ...over,
  });
  await store.write(async (tx) => {
    for (const s of [sub("sub-b"), sub("sub-a"), sub("sub-c", { status: "paused" }), sub("sub-p", { kind: "public", integration_id: "client-1", workspace_id: OTHER_WS })]) await tx.webhooks.insertSubscription(s);
    await tx.insertIntegration({ workspace_id: WS, id: "inst-1", name: "I", token_hash: "hash-i", bot_id: "user-7", capabilities: [], created_time: 1, oauth_client_id: "client-1", installed_by: "user-9" });
    for (const [i, id] of ["ev-c", "ev-a", "ev-b", "ev-d"].entries())
      out.push(await tx.webhooks.enqueue(ev(i === 3 ? OTHER_WS : WS, id, { entity_id: i < 2 ? "page-1" : null, aggregate_key: i === 2 ? "k" : null, due_time: 10 + i, created_time: i === 1 ? 10 : 11 })));
    await tx.webhooks.insertAttempt({ workspace_id: WS, event_id: "ev-a", subscription_id: "sub-a", attempt_number: 1, started_time: 12, duration_ms: 7, status_code: 503, error: null, request_body: "{}", response_excerpt: "busy" });
  });
  await r(async (tx) => [
    await tx.webhooks.listSubscriptions(WS, "int-b"),
    await tx.webhooks.subscriptionsReaching(WS),
    await tx.webhooks.subscriptionsReaching(OTHER_WS),
    await tx.webhooks.getSubscription("sub-p"),
    await tx.webhooks.listEvents("sub-a", { limit: 2 }),
    await tx.webhooks.listEvents("sub-a", { limit: 2, cursor: "ev-a" }),
    await tx.webhooks.listEvents("sub-a", { limit: 2, cursor: "none" }),
    await tx.webhooks.findMergeable(WS, "sub-a", "k", 5),
    await tx.webhooks.nextDueTime(),
    await tx.webhooks.listAttempts(WS, ["ev-a", "ev-b"]),
  ]);
  await store.write(async (tx) => void out.push(await tx.webhooks.claimDue("node", 12, 99, 10), await tx.webhooks.nextDueTime()));
  await store.write(async (tx) => void out.push(await tx.webhooks.deleteSubscriptionsOf(WS, "int-b"), await tx.webhooks.getEvent(WS, "ev-a"), await tx.webhooks.getEvent(OTHER_WS, "ev-d")));
  return out;
}

describe("PostgreSQL store", { skip }, () => {
  test("the core ports answer exactly what the SQLite adapter answers", async () => {
    const db = await freshDatabase();
    const sqlite = openSqliteStore({ filename: ":memory:" });
    const postgres = await openPostgresStore({ url: db.url });
    try {
      const want = await script(sqlite);
      const got = await script(postgres);
      for (let i = 0; i < want.length; i++) assert.deepEqual(got[i], want[i], `answer ${i}`);
      assert.equal(got.length, want.length);
    } finally {
      await sqlite.close();
      await postgres.close();
      await db.drop();
    }
  });

  test("writes of one workspace are serialized; reads keep one snapshot; a failed unit writes nothing; a Tx dies with its unit", async () => {
    const db = await freshDatabase();
    const a = await openPostgresStore({ url: db.url });
    const b = await openPostgresStore({ url: db.url }); // a second "node" on the same database
    try {
      await a.write((tx) => tx.insertWorkspace({ id: WS, name: "", created_time: 1, time_zone: "UTC" }));
      // Read-decide-write from two stores at once: none is lost.
      await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          (i % 2 ? a : b).write(async (tx) => {
            const w = (await tx.getWorkspace(WS))!;
            await new Promise((r) => setTimeout(r, 2));
            await tx.updateWorkspace({ ...w, name: w.name + "x" });
          }),
        ),
      );
      assert.equal((await a.read((tx) => tx.getWorkspace(WS)))!.name, "x".repeat(20));
      // A read unit sees one snapshot, whatever commits meanwhile.
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      const reading = a.read(async (tx) => {
        const before = (await tx.getWorkspace(WS))!.name;
        await gate;
        return [before, (await tx.getWorkspace(WS))!.name];
      });
      await new Promise((r) => setTimeout(r, 50));
      await b.write(async (tx) => tx.updateWorkspace({ id: WS, name: "changed", created_time: 1, time_zone: "UTC" }));
      release();
      assert.deepEqual(await reading, ["x".repeat(20), "x".repeat(20)]);
      // All or nothing.
      await assert.rejects(
        a.write(async (tx) => {
          await tx.updateWorkspace({ id: WS, name: "half", created_time: 1, time_zone: "UTC" });
          throw new Error("boom");
        }),
        /boom/,
      );
      assert.equal((await b.read((tx) => tx.getWorkspace(WS)))!.name, "changed");
      let kept!: Tx;
      await a.read(async (tx) => void (kept = tx));
      await assert.rejects(kept.getWorkspace(WS), /used after its unit of work ended/);
    } finally {
      await a.close();
      await b.close();
      await db.drop();
    }
  });

  test("processes starting at once migrate once; a database newer than this Quire is refused in one sentence", async () => {
    const db = await freshDatabase(`m_${Date.now().toString(36)}`);
    try {
      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      try {
        // freshDatabase copies the migrated template: start from an empty schema instead.
        await client.query(`DROP SCHEMA public CASCADE; CREATE SCHEMA public`);
        const stores = await Promise.all([1, 2, 3].map(() => openPostgresStore({ url: db.url, maxConnections: 2 })));
        const versions = await client.query(`SELECT version FROM quire_schema ORDER BY version`);
        assert.deepEqual(versions.rows.map((r) => r.version), PG_MIGRATIONS.map((_, i) => i + 1));
        await Promise.all(stores.map((s) => s.close()));
        await client.query(`INSERT INTO quire_schema (version) VALUES ($1)`, [PG_MIGRATIONS.length + 1]);
        const pool = new pg.Pool({ connectionString: db.url });
        try {
          await assert.rejects(migrate(pool), /is newer than this Quire knows/);
        } finally {
          await pool.end();
        }
      } finally {
        await client.end();
      }
    } finally {
      await db.drop();
    }
  });
});
