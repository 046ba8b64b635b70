/**
 * Snapshots and reset (docs/design/snapshots.md): save the whole state, change it through the
 * SDK and the control API (pages, blocks, files, comments, webhook subscriptions, integrations),
 * restore, and every answer is back exactly; reset returns to the first start's seed with the
 * seeded token and admin key still working; names are checked and errors are Notion-shaped; a
 * restore while requests run tears no answer; on PostgreSQL a second node sees a restore at once;
 * a SQLite file killed mid-restore holds the state before or after, never between.
 */
import { test, before, describe } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Client } from "@notionhq/client";
import { rt, startTestQuire, type TestQuire } from "./helpers/quire.js";
import { onPostgres, queryOnStore } from "./helpers/store.js";
import { startChildQuire } from "./helpers/child-quire.js";
import { freshDatabase } from "./helpers/pg.js";

let q: TestQuire;
let notion: Client;
before(async () => {
  q = await startTestQuire();
  notion = q.client();
});

/** A control call that must succeed. */
async function ok(qq: TestQuire, method: string, path: string, body?: unknown): Promise<any> {
  const res = await qq.admin(method, path, body);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body;
}

/** A failed control call, checked to be Notion's error shape. */
async function fails(method: string, path: string, body?: unknown): Promise<{ status: number; code: string; message: string }> {
  const res = await q.admin(method, path, body);
  assert.equal(res.body.object, "error", JSON.stringify(res.body));
  assert.equal(res.body.status, res.status);
  assert.equal(typeof res.body.request_id, "string");
  return { status: res.status, code: res.body.code, message: res.body.message };
}

const strip = ({ request_id: _, ...rest }: any) => rest;

/** Everything a client and the admin can read of the seeded workspace, as the answers say it (signed file URLs aside). */
async function state(qq: TestQuire, client: Client, root: string, uploadIds: string[] = []) {
  const unsign = (v: unknown) =>
    JSON.parse(
      JSON.stringify(v)
        .replace(/"url":"[^"]*"/g, '"url":"…"')
        .replace(/"expiry_time":"[^"]*"/g, '"expiry_time":"…"')
        .replace(/,?"request_id":"[^"]*"/g, ""),
    );
  const page = await client.pages.retrieve({ page_id: root });
  const children = await client.blocks.children.list({ block_id: root, page_size: 100 });
  const search = await client.search({ page_size: 100 });
  const comments = await client.comments.list({ block_id: root });
  const users = await client.users.list({});
  const uploads = [];
  for (const id of uploadIds) {
    const r = await qq.raw("GET", `/v1/file_uploads/${id}`);
    uploads.push({ status: r.status, body: r.status === 200 ? unsign(r.body) : r.body.code });
  }
  const integrations = strip(await ok(qq, "GET", "/_quire/v1/integrations"));
  const hooks = [];
  for (const i of integrations.results) hooks.push(strip(await ok(qq, "GET", `/_quire/v1/integrations/${i.id}/webhooks`)));
  const workspaces = strip(await ok(qq, "GET", "/_quire/v1/workspaces"));
  return unsign({ page, children, search, comments, users, uploads, integrations, hooks, workspaces });
}

/** Uploads `text` as a file and attaches it to the page as a file block; its upload id. */
async function upload(client: Client, page: string, text: string): Promise<string> {
  const created = await client.fileUploads.create({ filename: "notes.txt", content_type: "text/plain" });
  await client.fileUploads.send({ file_upload_id: created.id, file: { filename: "notes.txt", data: new Blob([text], { type: "text/plain" }) } });
  await client.blocks.children.append({ block_id: page, children: [{ type: "file", file: { type: "file_upload", file_upload: { id: created.id } } }] as any });
  return created.id;
}

/** The bytes of the page's file blocks, downloaded through their signed URLs. */
async function fileTexts(client: Client, page: string): Promise<string[]> {
  const children = await client.blocks.children.list({ block_id: page, page_size: 100 });
  const out: string[] = [];
  for (const b of children.results as any[]) {
    if (b.type !== "file" || b.file.type !== "file") continue;
    const res = await fetch(b.file.file.url);
    out.push(`${res.status}:${await res.text()}`);
  }
  return out;
}

describe("snapshots", () => {
  test("save, change everything, restore: every answer is back exactly, files and webhooks included", async () => {
    const root = q.rootPageId;
    const first = await upload(notion, root, "before the snapshot");
    await notion.comments.create({ parent: { page_id: root }, rich_text: rt("a comment before") });
    const before = await state(q, notion, root, [first]);
    const filesBefore = await fileTexts(notion, root);
    assert.deepEqual(filesBefore, ["200:before the snapshot"]);

    const saved = await ok(q, "POST", "/_quire/v1/snapshots", { name: "base-1" });
    assert.equal(saved.object, "snapshot");
    assert.equal(saved.name, "base-1");
    assert.ok(saved.size > 0);
    assert.ok(!Number.isNaN(Date.parse(saved.created_time)));

    // Change everything: pages, blocks, a new file, comments, a new integration with a webhook subscription.
    const child = await notion.pages.create({ parent: { page_id: root }, properties: { title: { title: rt("made after") } } as any });
    await notion.pages.update({ page_id: root, properties: { title: { title: rt("renamed after") } } as any });
    await notion.blocks.children.append({ block_id: root, children: [{ paragraph: { rich_text: rt("appended after") } }] as any });
    const second = await upload(notion, root, "after the snapshot");
    await notion.comments.create({ parent: { page_id: root }, rich_text: rt("a comment after") });
    const added = await q.integration("Made after", undefined, [root]);
    const hook = await ok(q, "POST", `/_quire/v1/integrations/${added.id}/webhooks`, { url: "http://127.0.0.1:9/hook" });
    assert.equal((await q.client({ auth: added.token }).users.me({})).type, "bot");
    await ok(q, "POST", "/_quire/v1/workspaces", { name: "A second workspace" });
    const changed = await state(q, notion, root, [first, second]);
    assert.notDeepEqual(changed, before);

    const restored = await ok(q, "POST", "/_quire/v1/snapshots/base-1/restore");
    assert.equal(restored.name, "base-1");
    const after = await state(q, notion, root, [first]);
    assert.deepEqual(after, before);
    assert.deepEqual(await fileTexts(notion, root), filesBefore);
    // What was made after is gone: the page, the second upload, the integration (its token), its subscription.
    await assert.rejects(notion.pages.retrieve({ page_id: child.id }), (e: any) => e.status === 404);
    assert.equal((await q.raw("GET", `/v1/file_uploads/${second}`)).status, 404);
    assert.equal((await q.raw("GET", "/v1/users/me", { auth: added.token })).status, 401);
    assert.equal((await q.admin("GET", `/_quire/v1/webhooks/${hook.id}`)).status, 404);
    // The seeded token and the admin key work throughout.
    assert.equal((await notion.users.me({})).type, "bot");
  });

  test("list, duplicate names, unknown names, bad names, delete: Notion-shaped errors", async () => {
    await ok(q, "POST", "/_quire/v1/snapshots", { name: "listed.A_b-2" });
    const list = await ok(q, "GET", "/_quire/v1/snapshots");
    assert.equal(list.object, "list");
    const names = list.results.map((s: any) => s.name);
    assert.ok(names.includes("listed.A_b-2"));
    assert.ok(!names.includes("__initial"), "Quire's own snapshot is not listed");
    for (const s of list.results) assert.deepEqual(Object.keys(s).sort(), ["created_time", "name", "object", "size"]);
    // Two saves of one name at once: one is saved, the other is told the name is taken.
    const twins = await Promise.all([q.admin("POST", "/_quire/v1/snapshots", { name: "twin" }), q.admin("POST", "/_quire/v1/snapshots", { name: "twin" })]);
    assert.deepEqual(twins.map((r) => r.status).sort(), [200, 409]);

    const dup = await fails("POST", "/_quire/v1/snapshots", { name: "listed.A_b-2" });
    assert.deepEqual([dup.status, dup.code], [409, "conflict_error"]);
    assert.match(dup.message, /listed\.A_b-2 already exists/);
    for (const name of ["", "a/b", "x".repeat(101), "sp ace", "..", 7]) {
      const bad = await fails("POST", "/_quire/v1/snapshots", { name });
      assert.deepEqual([bad.status, bad.code], [400, "validation_error"], String(name));
    }
    assert.equal((await fails("POST", "/_quire/v1/snapshots", {})).code, "validation_error");
    assert.equal((await fails("POST", "/_quire/v1/snapshots", { name: "__mine" })).status, 400);
    assert.equal((await fails("POST", "/_quire/v1/snapshots/__initial/restore")).status, 400);
    assert.equal((await fails("POST", "/_quire/v1/snapshots/bad%20name/restore")).code, "validation_error");
    const missing = await fails("POST", "/_quire/v1/snapshots/nope/restore");
    assert.deepEqual([missing.status, missing.code], [404, "object_not_found"]);
    assert.equal((await fails("DELETE", "/_quire/v1/snapshots/nope")).status, 404);

    assert.deepEqual(strip(await ok(q, "DELETE", "/_quire/v1/snapshots/listed.A_b-2")), { object: "snapshot", name: "listed.A_b-2", deleted: true });
    assert.ok(!(await ok(q, "GET", "/_quire/v1/snapshots")).results.some((s: any) => s.name === "listed.A_b-2"));
    // The admin key only: the dev token is refused.
    const res = await fetch(`${q.url}/_quire/v1/snapshots`, { headers: { authorization: `Bearer ${q.token}` } });
    assert.equal(res.status, 401);
    assert.equal((await res.json()).object, "error");
  });

  test("reset returns to the first start's seed; the seeded token and the admin key keep working", async () => {
    const fresh = await startTestQuire();
    const client = fresh.client();
    const seeded = await state(fresh, client, fresh.rootPageId);
    await client.pages.create({ parent: { page_id: fresh.rootPageId }, properties: { title: { title: rt("made before reset") } } as any });
    const made = await fresh.integration("Made before reset");
    await ok(fresh, "POST", "/_quire/v1/snapshots", { name: "kept" });
    const reset = await ok(fresh, "POST", "/_quire/v1/reset");
    assert.equal(reset.object, "reset");
    assert.deepEqual(await state(fresh, client, fresh.rootPageId), seeded);
    assert.equal((await client.users.me({})).type, "bot");
    // Integrations made after the seed are gone with everything else made after it (docs/design/snapshots.md).
    assert.equal((await fresh.raw("GET", "/v1/users/me", { auth: made.token })).status, 401);
    // Snapshots are not state: they survive a reset and a restore.
    assert.ok((await ok(fresh, "GET", "/_quire/v1/snapshots")).results.some((s: any) => s.name === "kept"));
    await fresh.close();
  });

  test("a restore while requests run: every answer is whole (before or after), never a 500", async () => {
    const root = q.rootPageId;
    for (let i = 0; i < 20; i++) await notion.blocks.children.append({ block_id: root, children: [{ paragraph: { rich_text: rt(`row ${i}`) } }] as any });
    const whole = (await notion.blocks.children.list({ block_id: root, page_size: 100 })).results.length;
    await ok(q, "POST", "/_quire/v1/snapshots", { name: "busy" });
    for (let i = 0; i < 10; i++) await notion.blocks.children.append({ block_id: root, children: [{ paragraph: { rich_text: rt(`extra ${i}`) } }] as any });
    const more = whole + 10;
    let stop = false;
    const counts = new Set<number>();
    const statuses: number[] = [];
    const readers = Array.from({ length: 4 }, async () => {
      while (!stop) {
        const r = await q.raw("GET", `/v1/blocks/${root}/children?page_size=100`);
        statuses.push(r.status);
        if (r.status === 200) counts.add(r.body.results.length);
      }
    });
    for (let i = 0; i < 3; i++) {
      await ok(q, "POST", "/_quire/v1/snapshots/busy/restore");
      await notion.blocks.children.append({ block_id: root, children: Array.from({ length: 10 }, (_, j) => ({ paragraph: { rich_text: rt(`again ${j}`) } })) as any });
    }
    await ok(q, "POST", "/_quire/v1/snapshots/busy/restore");
    stop = true;
    await Promise.all(readers);
    assert.ok(statuses.length > 0);
    assert.deepEqual([...new Set(statuses)], [200]);
    for (const c of counts) assert.ok(c === whole || c === more, `a torn answer: ${c} blocks (whole: ${whole} or ${more})`);
    assert.equal((await notion.blocks.children.list({ block_id: root, page_size: 100 })).results.length, whole);
  });
});

describe("snapshots on a data directory", () => {
  test("kept across a restart; a kill -9 mid-restore leaves the state before or after, never between", { skip: onPostgres && "SQLite's file: the PostgreSQL pass restores in one transaction of the database" }, async () => {
    const dir = mkdtempSync(join(tmpdir(), "quire-snapshots-"));
    try {
      let c = await startChildQuire({ memory: false, dataDir: dir });
      const client = c.client();
      const admin = (method: string, path: string, body?: unknown) =>
        fetch(c.url + path, { method, headers: { authorization: `Bearer ${c.adminKey}`, "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
      // ~50 pages, so a restore takes a while to be killed in.
      for (let i = 0; i < 50; i++) await client.pages.create({ parent: { page_id: c.rootPageId }, properties: { title: { title: rt(`page ${i}`) } } as any });
      const before = (await client.blocks.children.list({ block_id: c.rootPageId, page_size: 100 })).results.length;
      assert.equal((await admin("POST", "/_quire/v1/snapshots", { name: "fifty" })).status, 200);
      for (let i = 0; i < 30; i++) await client.pages.create({ parent: { page_id: c.rootPageId }, properties: { title: { title: rt(`later ${i}`) } } as any });
      const after = before + 30;
      // Kill it a little after the restore starts (a different moment each round).
      for (let round = 0; round < 2; round++) {
        const client2 = c.client();
        void admin("POST", "/_quire/v1/snapshots/fifty/restore").catch(() => undefined);
        await new Promise((r) => setTimeout(r, 2 + round * 3));
        c.child.kill("SIGKILL");
        await new Promise((r) => c.child.once("exit", r));
        c = await startChildQuire({ memory: false, dataDir: dir });
        const n = (await c.client().blocks.children.list({ block_id: c.rootPageId, page_size: 100 })).results.length;
        assert.ok(n === before || n === after, `round ${round}: ${n} pages (before ${before}, after ${after})`);
        void client2;
        if (n === before) {
          for (let i = 0; i < 30; i++) await c.client().pages.create({ parent: { page_id: c.rootPageId }, properties: { title: { title: rt(`later ${i}`) } } as any });
        }
      }
      const listed = await (await fetch(`${c.url}/_quire/v1/snapshots`, { headers: { authorization: `Bearer ${c.adminKey}` } })).json();
      assert.deepEqual(listed.results.map((s: any) => s.name), ["fifty"]);
      await c.stop();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("snapshot files", { skip: onPostgres && "SQLite's snapshot files: PostgreSQL keeps snapshots in its tables" }, () => {
  test("0600, never under their name half-written, no server key in their bytes, stale temporaries removed at start, restored from the file after a restart", async () => {
    const dir = mkdtempSync(join(tmpdir(), "quire-snapfiles-"));
    const snaps = join(dir, "snapshots");
    const temporaries = () => readdirSync(snaps).filter((f) => f.endsWith(".tmp") || f.endsWith(".tmp-journal"));
    try {
      // What a save killed mid-copy would have left, before the first start.
      mkdirSync(snaps, { recursive: true });
      writeFileSync(join(snaps, ".gone.4242.1.tmp"), "half a copy");
      writeFileSync(join(snaps, ".gone.4242.1.tmp-journal"), "its journal");
      let c = await startChildQuire({ memory: false, dataDir: dir });
      const admin = (method: string, path: string, body?: unknown) =>
        fetch(c.url + path, { method, headers: { authorization: `Bearer ${c.adminKey}`, "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
      const count = async () => (await c.client().blocks.children.list({ block_id: c.rootPageId, page_size: 100 })).results.length;
      assert.deepEqual(temporaries(), [], "the stale temporary files are gone at start");
      for (let i = 0; i < 5; i++) await c.client().pages.create({ parent: { page_id: c.rootPageId }, properties: { title: { title: rt(`page ${i}`) } } as any });
      const five = await count();
      const saved = await admin("POST", "/_quire/v1/snapshots", { name: "five" });
      assert.equal(saved.status, 200);
      assert.deepEqual(readdirSync(snaps).sort(), ["__initial.sqlite", "five.sqlite"]);
      const twins = await Promise.all([admin("POST", "/_quire/v1/snapshots", { name: "twin" }), admin("POST", "/_quire/v1/snapshots", { name: "twin" })]);
      assert.deepEqual(twins.map((r) => r.status).sort(), [200, 409], "two saves of one name: one saved, one refused");
      assert.equal((await admin("DELETE", "/_quire/v1/snapshots/twin")).status, 200);
      for (const f of readdirSync(snaps)) assert.equal(statSync(join(snaps, f)).mode & 0o777, 0o600, `${f} is 0600`);
      const file = readFileSync(join(snaps, "five.sqlite"));
      assert.equal((await saved.json()).size, file.length);
      // One file, a rollback-journal database (header bytes 18–19 = 1), the store's page size.
      assert.deepEqual([file[18], file[19]], [1, 1]);
      assert.equal(file.readUInt16BE(16), (await queryOnStore<{ page_size: number }>(dir, "PRAGMA page_size"))[0].page_size);
      // The server's keys are in meta and in no snapshot's bytes (emptied with secure_delete).
      const keys = await queryOnStore<{ key: string; value: string }>(dir, "SELECT key, value FROM meta WHERE key IN ('csrf_key', 'file_url_secret', 'admin_key_hash', 'admin_key_sealed', 'dev_token_sealed')");
      assert.equal(keys.length, 5);
      for (const f of ["five.sqlite", "__initial.sqlite"]) {
        const bytes = readFileSync(join(snaps, f)).toString("latin1");
        assert.deepEqual(keys.filter((k) => bytes.includes(k.value)).map((k) => `meta.${k.key} in ${f}`), []);
      }
      for (let i = 0; i < 20; i++) await c.client().pages.create({ parent: { page_id: c.rootPageId }, properties: { title: { title: rt(`later ${i}`) } } as any });
      const twentyFive = await count();
      // Killed a little after a save starts: the snapshot is whole under its name, or not there.
      for (let round = 0; round < 2; round++) {
        const name = `mid-${round}`;
        void admin("POST", "/_quire/v1/snapshots", { name }).catch(() => undefined);
        await new Promise((r) => setTimeout(r, 1 + round * 4));
        c.child.kill("SIGKILL");
        await new Promise((r) => c.child.once("exit", r));
        c = await startChildQuire({ memory: false, dataDir: dir });
        assert.deepEqual(temporaries(), [], `round ${round}: no temporary file after the restart`);
        const listed = (await (await admin("GET", "/_quire/v1/snapshots")).json()).results.map((s: any) => s.name);
        if (listed.includes(name)) {
          assert.equal((await admin("POST", `/_quire/v1/snapshots/${name}/restore`)).status, 200);
          assert.equal(await count(), twentyFive, `round ${round}: the snapshot saved before the kill is whole`);
        } else assert.ok(!existsSync(join(snaps, `${name}.sqlite`)));
      }
      // After restarts, a restore reads the snapshot from its file.
      const restored = await admin("POST", "/_quire/v1/snapshots/five/restore");
      assert.equal(restored.status, 200, await restored.text());
      assert.equal(await count(), five);
      await c.stop();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("snapshots across nodes", { skip: !onPostgres && "two nodes share a PostgreSQL database" }, () => {
  test("a restore on one node is what the other answers at once; both list the same snapshots", async () => {
    const db = await freshDatabase();
    try {
      const a = await startTestQuire({ databaseUrl: db.url });
      const b = await startTestQuire({ databaseUrl: db.url });
      const [na, nb] = [a.client(), b.client({ auth: a.token })];
      const root = a.rootPageId;
      const fileId = await upload(na, root, "saved on node a");
      const before = await state(b, nb, root, [fileId]);
      await ok(a, "POST", "/_quire/v1/snapshots", { name: "shared" });
      assert.deepEqual((await ok(b, "GET", "/_quire/v1/snapshots")).results.map((s: any) => s.name), ["shared"]);
      assert.equal((await b.admin("POST", "/_quire/v1/snapshots", { name: "shared" })).status, 409);
      await nb.pages.create({ parent: { page_id: root }, properties: { title: { title: rt("made on node b") } } as any });
      await upload(nb, root, "made on node b");
      assert.notDeepEqual(await state(b, nb, root, [fileId]), before);
      await ok(a, "POST", "/_quire/v1/snapshots/shared/restore");
      // Node b answers the restored state at once: it kept nothing that could go stale.
      assert.deepEqual(await state(b, nb, root, [fileId]), before);
      assert.deepEqual(await fileTexts(nb, root), ["200:saved on node a"]);
      await a.close();
      await b.close();
    } finally {
      await db.drop();
    }
  });
});
