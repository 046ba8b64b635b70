/**
 * Several workspaces in one Quire (issue 12): POST/GET/PATCH/DELETE /_quire/v1/workspaces, the
 * deletion of a workspace with everything in it — every table of the store's catalog, blobs
 * too — leaving the other untouched, and the last workspace kept.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startTestQuire, type TestQuire } from "./helpers/quire.js";
import { onPostgres, queryOnStore } from "./helpers/store.js";
import { populatedWorkspace, populate } from "./helpers/workspaces.js";

describe("workspaces: create, list, read, update", () => {
  let q: TestQuire;
  before(async () => {
    q = await startTestQuire();
  });
  after(() => q.close());

  test("POST makes a workspace owned by the first workspace's owner; GET one and the list, oldest first, paginated", async () => {
    const made = await q.admin("POST", "/_quire/v1/workspaces", { name: "Design", time_zone: "Europe/Paris" });
    assert.equal(made.status, 200);
    assert.deepEqual(Object.keys(made.body), ["object", "id", "name", "time_zone", "created_time", "owner_id", "request_id"]);
    assert.equal(made.body.object, "workspace");
    assert.equal(made.body.name, "Design");
    assert.equal(made.body.time_zone, "Europe/Paris");
    const firstOwner = (await q.admin("GET", "/_quire/v1/members")).body.results.find((m: any) => m.role === "owner");
    assert.equal(made.body.owner_id, firstOwner.user_id, "one person, one user id across workspaces");
    const members = await q.admin("GET", `/_quire/v1/workspaces/${made.body.id}/members`);
    assert.deepEqual(members.body.results.map((m: any) => [m.user_id, m.role]), [[firstOwner.user_id, "owner"]]);

    const one = await q.admin("GET", `/_quire/v1/workspaces/${made.body.id}`);
    const { request_id: _, ...shown } = one.body;
    assert.deepEqual(shown, { object: "workspace", id: made.body.id, name: "Design", time_zone: "Europe/Paris", created_time: made.body.created_time });
    await q.admin("POST", "/_quire/v1/workspaces", { name: "Sales" });
    const page1 = await q.admin("GET", "/_quire/v1/workspaces?page_size=2");
    assert.equal(page1.body.object, "list");
    assert.deepEqual(page1.body.results.map((w: any) => w.id).slice(0, 1), [q.workspaceId], "the seeded workspace first");
    assert.equal(page1.body.has_more, true);
    const page2 = await q.admin("GET", `/_quire/v1/workspaces?page_size=2&start_cursor=${page1.body.next_cursor}`);
    assert.deepEqual(page2.body.results.map((w: any) => w.name), ["Sales"]);
    assert.equal(page2.body.has_more, false);
  });

  test("POST with owner_id: that person owns it; PATCH renames and changes the time zone", async () => {
    const pat = await q.admin("POST", "/_quire/v1/users", { name: "Pat", email: "pat@example.com" });
    const made = await q.admin("POST", "/_quire/v1/workspaces", { name: "Pat's", owner_id: pat.body.id });
    const members = await q.admin("GET", `/_quire/v1/workspaces/${made.body.id}/members`);
    assert.deepEqual(members.body.results.map((m: any) => [m.user_id, m.email, m.role]), [[pat.body.id, "pat@example.com", "owner"]]);
    const patched = await q.admin("PATCH", `/_quire/v1/workspaces/${made.body.id}`, { name: "Renamed", time_zone: "Asia/Tokyo" });
    assert.equal(patched.body.name, "Renamed");
    assert.equal(patched.body.time_zone, "Asia/Tokyo");
    assert.equal((await q.admin("GET", `/_quire/v1/workspaces/${made.body.id}/workspace`)).body.name, "Renamed", "the scoped singular route reads the same row");
    assert.equal((await q.admin("GET", "/_quire/v1/workspace")).body.id, q.workspaceId, "the unscoped singular route is the first workspace");
  });

  test("bad input: each a clear error in the control API's shape", async () => {
    const cases: [string, string, unknown, number, string, RegExp][] = [
      ["POST", "/_quire/v1/workspaces", {}, 400, "validation_error", /body\.name should be defined/],
      ["POST", "/_quire/v1/workspaces", { name: "" }, 400, "validation_error", /body\.name/],
      ["POST", "/_quire/v1/workspaces", { name: "X", time_zone: "Mars/Olympus" }, 400, "validation_error", /IANA time zone/],
      ["POST", "/_quire/v1/workspaces", { name: "X", owner_id: "00000000-0000-4000-8000-000000000000" }, 400, "validation_error", /body\.owner_id should be the id of a person/],
      ["GET", "/_quire/v1/workspaces/00000000-0000-4000-8000-000000000000", undefined, 404, "object_not_found", /Could not find workspace/],
      ["GET", "/_quire/v1/workspaces/not-an-id", undefined, 400, "validation_error", /path\.workspace_id/],
      ["PATCH", "/_quire/v1/workspaces/00000000-0000-4000-8000-000000000000", { name: "Y" }, 404, "object_not_found", /workspace/],
      ["DELETE", "/_quire/v1/workspaces/00000000-0000-4000-8000-000000000000", undefined, 404, "object_not_found", /workspace/],
      ["GET", "/_quire/v1/workspaces?start_cursor=00000000-0000-4000-8000-000000000000", undefined, 400, "validation_error", /start_cursor/],
      ["GET", "/_quire/v1/workspaces?page_size=101", undefined, 400, "validation_error", /page_size/],
      ["GET", "/_quire/v1/workspaces/00000000-0000-4000-8000-000000000000/integrations", undefined, 404, "object_not_found", /Could not find workspace/],
    ];
    for (const [method, path, body, status, code, message] of cases) {
      const res = await q.admin(method, path, body);
      assert.equal(res.status, status, `${method} ${path}: ${JSON.stringify(res.body)}`);
      assert.equal(res.body.object, "error");
      assert.equal(res.body.code, code, `${method} ${path}`);
      assert.match(res.body.message, message, `${method} ${path}`);
    }
    const noKey = await fetch(`${q.url}/_quire/v1/workspaces`);
    assert.equal(noKey.status, 401);
  });
});

/** Tables of the store with a workspace_id column, read from its catalog (a table added later is covered). */
async function workspaceTables(dir: string): Promise<string[]> {
  if (onPostgres) {
    const rows = await queryOnStore<{ t: string }>(
      dir,
      `SELECT c.table_name AS t FROM information_schema.columns c JOIN information_schema.tables b
         ON b.table_schema = c.table_schema AND b.table_name = c.table_name AND b.table_type = 'BASE TABLE'
        WHERE c.table_schema = current_schema() AND c.column_name = 'workspace_id' ORDER BY 1`,
    );
    return rows.map((r) => r.t);
  }
  const tables = await queryOnStore<{ name: string }>(dir, `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`);
  const out: string[] = [];
  for (const { name } of tables) if ((await queryOnStore(dir, `SELECT 1 FROM pragma_table_info(?) WHERE name = 'workspace_id'`, [name])).length) out.push(name);
  return out;
}

async function countsOf(dir: string, tables: string[], ws: string): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of tables) out[t] = Number((await queryOnStore<{ n: number }>(dir, `SELECT count(*) AS n FROM "${t}" WHERE workspace_id = ?`, [ws]))[0].n);
  return out;
}

/** Tables a populated workspace cannot have rows in, and why. */
const NOT_POPULATED: Record<string, string> = {
  search_stats: "PostgreSQL's search statistics: one row per workspace, written when titles are indexed (checked like the rest when present)",
  toolkit_rate_windows: "PostgreSQL's rate-limit windows: written only while a rate limit is on (test/rate-limits.test.ts); removed with the workspace like every table the catalog lists",
  favorites: "a person's starred pages: written only through a browser session (test/session-favorites.test.ts); removed with the workspace like every table the catalog lists",
};

describe("DELETE /_quire/v1/workspaces/{id}: everything in it, in one unit", () => {
  let q: TestQuire;
  let dir: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "quire-workspaces-"));
    q = await startTestQuire({ memory: false, dataDir: dir, allowPrivateUrls: true });
  });
  after(async () => {
    await q.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test("every table of the catalog is empty of the deleted workspace; the other's rows, blobs and token are untouched", async () => {
    const a = await populate(q, q.workspaceId);
    const b = await populatedWorkspace(q, "Doomed");
    // The queued markdown task runs after its answer: let both settle before counting.
    for (const w of [a, b]) {
      const client = q.client({ auth: w.token, version: "2026-03-11" });
      for (let i = 0; i < 100 && (await client.request<any>({ path: `async_tasks/${w.task_id}`, method: "get" })).status !== "completed"; i++) await new Promise((r) => setTimeout(r, 20));
    }
    const tables = await workspaceTables(dir);
    assert.ok(tables.includes("nodes") && tables.includes("users") && tables.length >= 15, `the catalog lists the tables: ${tables}`);
    const before = await countsOf(dir, tables, b.workspace_id);
    const empty = tables.filter((t) => before[t] === 0 && !NOT_POPULATED[t]);
    assert.deepEqual(empty, [], "the populated workspace has rows in every table, so the deletion is shown for each");
    const aBefore = await countsOf(dir, tables, a.workspace_id);
    const blobOf = async (upload: string) =>
      onPostgres ? (await queryOnStore(dir, `SELECT 1 FROM file_blobs WHERE upload_id = ?`, [upload])).length > 0 : existsSync(join(dir, "files", upload));
    assert.equal(await blobOf(b.file_upload_id), true);

    const fts = async () => (onPostgres ? 0 : Number((await queryOnStore<{ n: number }>(dir, `SELECT count(*) AS n FROM search_fts WHERE search_fts MATCH 'Tasks'`))[0].n));
    const ftsBefore = await fts();
    const res = await q.admin("DELETE", `/_quire/v1/workspaces/${b.workspace_id}`);
    assert.equal(res.status, 200);
    assert.equal(res.body.deleted, true);

    const afterB = await countsOf(dir, tables, b.workspace_id);
    assert.deepEqual(Object.entries(afterB).filter(([, n]) => n > 0), [], "no row of the deleted workspace left");
    assert.deepEqual(await queryOnStore(dir, `SELECT id FROM workspaces WHERE id = ?`, [b.workspace_id]), []);
    assert.equal(await fts(), ftsBefore / 2, "SQLite's full-text index keeps only the other workspace's titles");
    assert.equal(await blobOf(b.file_upload_id), false, "the uploads' bytes are gone");
    assert.equal(await blobOf(a.file_upload_id), true);
    assert.deepEqual(await countsOf(dir, tables, a.workspace_id), aBefore, "the other workspace is untouched");

    const bToken = await q.raw("GET", "/v1/users/me", { auth: b.token });
    assert.equal(bToken.status, 401, "the deleted workspace's tokens no longer work");
    const aToken = await q.raw("GET", `/v1/pages/${a.page_id}`, { auth: a.token });
    assert.equal(aToken.status, 200);
    assert.equal((await q.admin("GET", `/_quire/v1/workspaces/${b.workspace_id}`)).status, 404);
    assert.equal((await q.admin("GET", `/_quire/v1/workspaces/${b.workspace_id}/members`)).status, 404);
  });

  test("the last workspace is refused; the seeded one may go while another exists, and the unscoped routes then mean the oldest left", async () => {
    const list = (await q.admin("GET", "/_quire/v1/workspaces")).body.results;
    assert.equal(list.length, 1);
    const refused = await q.admin("DELETE", `/_quire/v1/workspaces/${q.workspaceId}`);
    assert.equal(refused.status, 400);
    assert.equal(refused.body.code, "validation_error");
    assert.match(refused.body.message, /only workspace of this Quire/);
    const other = await q.admin("POST", "/_quire/v1/workspaces", { name: "Next" });
    assert.equal((await q.admin("DELETE", `/_quire/v1/workspaces/${q.workspaceId}`)).status, 200);
    assert.equal((await q.admin("GET", "/_quire/v1/workspace")).body.id, other.body.id);
    assert.equal((await q.admin("GET", "/_quire/v1/members")).body.results[0].role, "owner");
  });
});
