/**
 * Personal access tokens through the control API and /v1 (src/domain/personal-tokens/,
 * src/routes/admin-personal-tokens.ts): shown once and kept as a SHA-256, listed without it,
 * revoked → 401, the workspace's policy (off → 401 and refused; owners), guests and bots refused,
 * leaving the workspace revokes them, expiry, users.me as the person, users.list refused, writes
 * attributed to the person, and no token in the logs or the database. Real server, real SDK.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { createHash, randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { APIResponseError, type Client } from "@notionhq/client";
import { rt, startTestQuire, type TestQuire } from "./helpers/quire.js";
import { queryOnStore } from "./helpers/store.js";

/** A person of the first workspace (role: member unless told). */
async function person(q: TestQuire, name: string, role?: string): Promise<string> {
  const res = await q.admin("POST", "/_quire/v1/users", { name, email: `${name.toLowerCase()}-${randomUUID()}@example.test`, role });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.id;
}

/** A token for the person; the answer with `token`. */
async function pat(q: TestQuire, userId: string, name = "script", prefix = "/_quire/v1") {
  const res = await q.admin("POST", `${prefix}/users/${userId}/tokens`, { name });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body as { id: string; token: string; name: string; expiry_time: string | null; created_time: string };
}

/** The error code an SDK call fails with. */
async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (e instanceof APIResponseError) return `${e.status} ${e.code}`;
    throw e;
  }
  return "ok";
}

const me = (c: Client) => c.users.me({});

describe("personal access tokens", () => {
  test("create shows the token once (ntn_, 50 characters), list and get never show it; /v1 accepts it as the person; revoke → 401", async () => {
    const q = await startTestQuire();
    try {
      const ann = await person(q, "Ann");
      const made = await pat(q, ann, "laptop");
      assert.match(made.token, /^ntn_[0-9A-Za-z]{46}$/);
      assert.equal(made.name, "laptop");
      assert.ok(made.expiry_time && Date.parse(made.expiry_time) - Date.parse(made.created_time) === 365 * 86_400_000, "a year by default");
      const listed = await q.admin("GET", `/_quire/v1/users/${ann}/tokens`);
      assert.equal(listed.status, 200);
      assert.deepEqual(listed.body.results.map((t: { id: string }) => t.id), [made.id]);
      assert.ok(!JSON.stringify(listed.body).includes(made.token) && !("token" in listed.body.results[0]) && !("token_hash" in listed.body.results[0]));

      const c = q.client({ auth: made.token });
      const self = await me(c);
      assert.equal(self.id, ann);
      assert.equal(self.type, "person");
      assert.deepEqual((self as { person: object }).person, {}, "no email: PATs read users without emails (unconfirmed, docs/design)");
      // The page the seed makes is in the Workspace section: every member has full access.
      assert.equal((await c.pages.retrieve({ page_id: q.rootPageId })).id, q.rootPageId);

      const revoked = await q.admin("DELETE", `/_quire/v1/users/${ann}/tokens/${made.id}`);
      assert.equal(revoked.status, 200);
      assert.equal(await codeOf(me(c)), "401 unauthorized");
      assert.equal((await q.admin("DELETE", `/_quire/v1/users/${ann}/tokens/${made.id}`)).status, 404, "revoked twice: gone");
    } finally {
      await q.close();
    }
  });

  test("bad inputs: no name, too long, unknown person, a bot, a guest → control-API errors; another person's token id → 404", async () => {
    const q = await startTestQuire();
    try {
      const ann = await person(q, "Ann");
      const gil = await person(q, "Gil", "guest");
      const expect = async (path: string, body: unknown, status: number, code: string) => {
        const res = await q.admin("POST", path, body);
        assert.equal(res.status, status, JSON.stringify(res.body));
        assert.equal(res.body.object, "error");
        assert.equal(res.body.code, code);
      };
      await expect(`/_quire/v1/users/${ann}/tokens`, {}, 400, "validation_error");
      await expect(`/_quire/v1/users/${ann}/tokens`, { name: "x".repeat(101) }, 400, "validation_error");
      await expect(`/_quire/v1/users/${ann}/tokens`, { name: "a", expires_in_days: 0 }, 400, "validation_error");
      await expect(`/_quire/v1/users/${randomUUID()}/tokens`, { name: "a" }, 404, "object_not_found");
      const bot = (await q.admin("GET", `/_quire/v1/integrations/${q.devIntegrationId}`)).body.bot_id ?? (await q.client().users.me({})).id;
      await expect(`/_quire/v1/users/${bot}/tokens`, { name: "a" }, 404, "object_not_found");
      await expect(`/_quire/v1/users/${gil}/tokens`, { name: "a" }, 403, "restricted_resource");
      const ben = await person(q, "Ben");
      const bens = await pat(q, ben);
      assert.equal((await q.admin("DELETE", `/_quire/v1/users/${ann}/tokens/${bens.id}`)).status, 404, "not Ann's token");
      assert.equal((await me(q.client({ auth: bens.token }))).id, ben, "still works");
    } finally {
      await q.close();
    }
  });

  test("policy: off → existing tokens 401 and new ones refused; owners → only owners'; back to members → working again", async () => {
    const q = await startTestQuire();
    try {
      const ann = await person(q, "Ann");
      const olga = await person(q, "Olga", "owner");
      const [a, o] = [await pat(q, ann), await pat(q, olga)];
      assert.deepEqual((await q.admin("GET", "/_quire/v1/personal_token_policy")).body.policy, "members");
      const put = async (policy: string) => assert.equal((await q.admin("PUT", "/_quire/v1/personal_token_policy", { policy })).status, 200);
      await put("off");
      assert.equal(await codeOf(me(q.client({ auth: a.token }))), "401 unauthorized");
      assert.equal(await codeOf(me(q.client({ auth: o.token }))), "401 unauthorized");
      assert.equal((await q.admin("POST", `/_quire/v1/users/${olga}/tokens`, { name: "n" })).status, 403);
      await put("owners");
      assert.equal(await codeOf(me(q.client({ auth: a.token }))), "401 unauthorized");
      assert.equal((await me(q.client({ auth: o.token }))).id, olga);
      assert.equal((await q.admin("POST", `/_quire/v1/users/${ann}/tokens`, { name: "n" })).status, 403);
      await put("members");
      assert.equal((await me(q.client({ auth: a.token }))).id, ann);
      const bad = await q.admin("PUT", "/_quire/v1/personal_token_policy", { policy: "admins" });
      assert.equal(bad.status, 400);
      assert.equal(bad.body.code, "validation_error");
    } finally {
      await q.close();
    }
  });

  test("leaving the workspace revokes the person's tokens in the same unit; an expired token is 401", async () => {
    const q = await startTestQuire();
    try {
      const ann = await person(q, "Ann");
      const t = await pat(q, ann);
      assert.equal((await q.admin("DELETE", `/_quire/v1/members/${ann}`)).status, 200);
      assert.equal(await codeOf(me(q.client({ auth: t.token }))), "401 unauthorized");
      // Back as a member: the old token stays gone.
      assert.equal((await q.admin("POST", "/_quire/v1/members", { user_id: ann })).status, 200);
      assert.equal(await codeOf(me(q.client({ auth: t.token }))), "401 unauthorized");
      assert.deepEqual((await q.admin("GET", `/_quire/v1/users/${ann}/tokens`)).body.results, []);
    } finally {
      await q.close();
    }
    let now = Date.UTC(2026, 0, 1);
    const q2 = await startTestQuire({ clock: { now: () => now } });
    try {
      const ben = await person(q2, "Ben");
      const res = await q2.admin("POST", `/_quire/v1/users/${ben}/tokens`, { name: "short", expires_in_days: 1 });
      const c = q2.client({ auth: res.body.token });
      assert.equal((await me(c)).id, ben);
      now += 86_400_000;
      assert.equal(await codeOf(me(c)), "401 unauthorized");
    } finally {
      await q2.close();
    }
  });

  test("users.list is refused to a PAT (Notion: not available to PATs); users.retrieve answers; last_used_time is written", async () => {
    const q = await startTestQuire();
    try {
      const ann = await person(q, "Ann");
      const t = await pat(q, ann);
      const c = q.client({ auth: t.token });
      assert.equal(await codeOf(c.users.list({})), "403 restricted_resource");
      assert.equal((await c.users.retrieve({ user_id: ann })).id, ann);
      for (let i = 0; i < 50; i++) {
        const [row] = (await q.admin("GET", `/_quire/v1/users/${ann}/tokens`)).body.results;
        if (row.last_used_time) return;
        await new Promise((r) => setTimeout(r, 20));
      }
      assert.fail("last_used_time never written");
    } finally {
      await q.close();
    }
  });

  test("writes are attributed to the person: pages, blocks, comments, file uploads", async () => {
    const q = await startTestQuire();
    try {
      const ann = await person(q, "Ann");
      const c = q.client({ auth: (await pat(q, ann)).token });
      const page = (await c.pages.create({ parent: { page_id: q.rootPageId }, properties: { title: { title: rt("Notes") } } })) as any;
      assert.deepEqual([page.created_by, page.last_edited_by], [{ object: "user", id: ann }, { object: "user", id: ann }]);
      const { results } = (await c.blocks.children.append({ block_id: page.id, children: [{ paragraph: { rich_text: rt("hi") } }] })) as any;
      assert.equal(results[0].created_by.id, ann);
      const comment = (await c.comments.create({ parent: { page_id: page.id }, rich_text: rt("ok") })) as any;
      assert.equal(comment.created_by.id, ann);
      assert.deepEqual(comment.display_name, { type: "user", resolved_name: "Ann" });
      const upload = (await c.fileUploads.create({ mode: "single_part", filename: "a.txt", content_type: "text/plain" })) as any;
      assert.equal(upload.created_by.id, ann);
      const root = (await c.pages.retrieve({ page_id: q.rootPageId })) as any;
      assert.equal(root.last_edited_by.id, ann, "the parent page was edited by the person");
    } finally {
      await q.close();
    }
  });

  test("no token in the request log, the error log or the database: only its SHA-256", async () => {
    const dir = mkdtempSync(join(tmpdir(), "quire-pat-"));
    const lines: string[] = [];
    const q = await startTestQuire({ dataDir: dir, memory: false, log: (l) => lines.push(l), logError: (l) => lines.push(l) });
    try {
      const ann = await person(q, "Ann");
      const t = await pat(q, ann);
      await me(q.client({ auth: t.token }));
      await codeOf(q.client({ auth: t.token }).pages.retrieve({ page_id: randomUUID() }));
      await q.close();
      const logged = lines.join("\n");
      assert.ok(lines.length > 0);
      assert.ok(!logged.includes(t.token) && !logged.includes(t.token.slice(4)), "the log holds the token");
      const rows = await queryOnStore(dir, "SELECT * FROM personal_tokens");
      assert.equal(rows.length, 1);
      assert.ok(!JSON.stringify(rows).includes(t.token.slice(4)));
      assert.equal(rows[0].token_hash, createHash("sha256").update(t.token).digest("hex"));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("a token belongs to one workspace: scoped routes, and another workspace's person is 404 there", async () => {
    const q = await startTestQuire();
    try {
      const ws = (await q.admin("POST", "/_quire/v1/workspaces", { name: "Other" })).body;
      const other = await q.admin("POST", `/_quire/v1/workspaces/${ws.id}/users`, { name: "Oz", email: `oz-${randomUUID()}@example.test` });
      const made = await pat(q, other.body.id, "there", `/_quire/v1/workspaces/${ws.id}`);
      assert.equal((await q.admin("GET", `/_quire/v1/users/${other.body.id}/tokens`)).status, 404, "not a member of the first workspace");
      const c = q.client({ auth: made.token });
      const self = (await me(c)) as any;
      assert.equal(self.id, other.body.id);
      assert.equal(await codeOf(c.pages.retrieve({ page_id: q.rootPageId })), "404 object_not_found");
      assert.equal((await q.admin("DELETE", `/_quire/v1/users/${other.body.id}/tokens/${made.id}`)).status, 404);
      assert.equal((await q.admin("DELETE", `/_quire/v1/workspaces/${ws.id}/users/${other.body.id}/tokens/${made.id}`)).status, 200);
    } finally {
      await q.close();
    }
  });
});

describe("a personal access token at the workspace level", () => {
  test("a member's page there is private to them (Notion: workspace-level private pages use the PAT's creator); a guest's and an integration's are refused", async () => {
    const q = await startTestQuire();
    try {
      const ann = await person(q, "Ann");
      const bob = await person(q, "Bob");
      const asAnn = q.client({ auth: (await pat(q, ann)).token });
      const page = (await asAnn.pages.create({ parent: { type: "workspace", workspace: true } as any, properties: { title: { title: rt("Diary") } }, children: [{ paragraph: { rich_text: rt("dear diary") } }] })) as any;
      assert.deepEqual(page.parent, { type: "workspace", workspace: true });
      assert.equal(page.created_by.id, ann);
      const perms = await q.admin("GET", `/_quire/v1/pages/${page.id}/permissions`);
      assert.equal(perms.status, 200);
      assert.equal(JSON.stringify(perms.body).includes('"workspace"'), false, "no workspace-wide entry: the Private section");
      assert.equal((await asAnn.blocks.children.list({ block_id: page.id })).results.length, 1);
      const asBob = q.client({ auth: (await pat(q, bob)).token });
      assert.equal(await codeOf(asBob.pages.retrieve({ page_id: page.id })), "404 object_not_found", "another member does not see it");

      const guest = await person(q, "Gus", "guest");
      // A guest cannot hold a token (docs/design/personal-access-tokens.md), so the guest case is the role check's: refused before any write.
      assert.equal((await q.admin("POST", `/_quire/v1/users/${guest}/tokens`, { name: "x" })).status, 403);
      assert.equal(await codeOf(q.client({ auth: q.token }).pages.create({ parent: { type: "workspace", workspace: true } as any, properties: { title: { title: rt("No") } } })), "400 validation_error", "an internal integration is refused as in Notion");
    } finally {
      await q.close();
    }
  });
});

describe("a personal access token writing a file's download URL back", () => {
  test("a file on a page the person can read is re-attached as the file; one on a page they cannot read stays a link", async () => {
    const q = await startTestQuire();
    try {
      const ann = await person(q, "Ann");
      const olga = await person(q, "Olga");
      const files = await q.integration("Files", ["read_content", "insert_content", "update_content"], [q.rootPageId]);
      const dev = q.client({ auth: files.token });
      const upload = async (name: string) => {
        const made = await dev.fileUploads.create({ filename: name, content_type: "image/png" });
        await dev.fileUploads.send({ file_upload_id: made.id, file: { filename: name, data: new Blob([Buffer.from(name)], { type: "image/png" }) } });
        return made.id;
      };
      // The seeded page is in the Workspace section (Ann reads it); Olga's private page is hers alone.
      const seen = (await dev.blocks.children.append({ block_id: q.rootPageId, children: [{ image: { file_upload: { id: await upload("seen.png") } } }] })).results[0].id;
      const hidden = await q.admin("POST", "/_quire/v1/pages", { title: "Olga's", section: "private", created_by: olga, share_with: [files.id] });
      assert.equal(hidden.status, 200, JSON.stringify(hidden.body));
      const unseen = (await dev.blocks.children.append({ block_id: hidden.body.id, children: [{ image: { file_upload: { id: await upload("unseen.png") } } }] })).results[0].id;
      const urlOf = async (c: Client, id: string) => ((await c.blocks.retrieve({ block_id: id })) as any).image.file.url as string;

      const asAnn = q.client({ auth: (await pat(q, ann)).token });
      const copies = (await asAnn.blocks.children.append({
        block_id: q.rootPageId,
        children: [{ image: { external: { url: await urlOf(asAnn, seen) } } }, { image: { external: { url: await urlOf(dev, unseen) } } }],
      })) as any;
      assert.deepEqual(copies.results.map((b: any) => b.image.type), ["file", "external"]);
    } finally {
      await q.close();
    }
  });
});

describe("personal access tokens and the response cache", () => {
  test("an expired token's GET page is 401 even right after the same GET answered (its answers are never kept)", async () => {
    let now = Date.UTC(2026, 0, 1);
    const q = await startTestQuire({ clock: { now: () => now }, responseCache: true } as any);
    try {
      const ann = await person(q, "Ann");
      const res = await q.admin("POST", `/_quire/v1/users/${ann}/tokens`, { name: "short", expires_in_days: 1 });
      const get = () => q.raw("GET", `/v1/pages/${q.rootPageId}`, { auth: res.body.token });
      assert.equal((await get()).status, 200);
      assert.equal((await get()).status, 200);
      now += 86_400_000;
      assert.equal((await get()).status, 401);
    } finally {
      await q.close();
    }
  });
});
