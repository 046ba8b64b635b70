/**
 * The permission matrix (issue 12): every /v1 route of the server's route table × every kind of
 * caller — an integration the content is shared with (all capabilities, and read-only ones), one
 * it is not shared with, another workspace's integration aimed at the same ids, a revoked token
 * and a made-up one — each call's outcome class checked against Notion's (allowed; 404
 * `object_not_found` for what is not shared, developers.notion.com/reference/status-codes; 403
 * `restricted_resource` for a missing capability, /reference/capabilities; 401 `unauthorized`),
 * and people's personal access tokens — a member at each page level on the content (full access,
 * can edit, can comment, can view, none: someone else's private page), a guest it is shared with,
 * another workspace's member, a revoked token, tokens the workspace's policy turns off — held to
 * their person's level (404 below sight, 403 `restricted_resource` above it,
 * docs/design/personal-access-tokens.md), and no answer naming what its caller may not see. Callers are rows (`actors`); a new kind of
 * caller is one more row (CONTRIBUTING.md, "Recipe: a new kind of caller in the permission matrix").
 */
import { before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { startTestQuire, type TestQuire } from "./helpers/quire.js";
import { ALL_NEEDS, allIds, contentIds, integrationOutcome, matrixFixture, ownIds, type ActorKind, type MatrixFixture, type MatrixRequest, type Outcome } from "./helpers/matrix.js";
import { personRows } from "./helpers/matrix-people.js";
import { NOT_APPLICABLE, orderedCases, ROUTES } from "./helpers/matrix-routes.js";
import { installationRows } from "./helpers/matrix-oauth.js";

const V = "2026-03-11";
let q: TestQuire;
let a: MatrixFixture;
let b: MatrixFixture;
let actors: ActorKind[];

before(async () => {
  // Populated workspaces call a local link-preview partner (test/helpers/workspaces.ts).
  q = await startTestQuire({ allowPrivateUrls: true });
  a = await matrixFixture(q, q.workspaceId, "⟡A");
  b = await matrixFixture(q, null, "⟡B");
  const reader = await q.integration("Reader", ["read_content", "read_comments", "user_info_with_email"], [a.page_id]);
  const stranger = await q.integration("Stranger");
  const rotated = await q.integration("Rotated", undefined, [a.page_id]);
  const rotation = await q.admin("PATCH", `/_quire/v1/integrations/${rotated.id}`, { rotate_token: true });
  assert.equal(rotation.status, 200);
  const hiddenA = [a.mark, a.hiddenMark];
  actors = [
    {
      name: "integration shared, all capabilities",
      token: a.token,
      expect: (r) => integrationOutcome({ caps: ALL_NEEDS, shared: true, owner: true, otherWorkspace: false }, r),
      unseen: [a.hiddenMark, b.mark, ...allIds(b)],
      unlisted: [a.hidden_page_id],
    },
    {
      name: "integration shared, read-only capabilities",
      token: reader.token,
      expect: (r) => integrationOutcome({ caps: ["read_content", "read_comments", "user_info", "none"], shared: true, owner: false, otherWorkspace: false }, r),
      unseen: [a.hiddenMark, b.mark, ...allIds(b)],
      unlisted: [a.hidden_page_id, ...ownIds(a)],
    },
    {
      name: "integration not shared",
      token: stranger.token,
      expect: (r) => integrationOutcome({ caps: ALL_NEEDS, shared: false, owner: false, otherWorkspace: false }, r),
      unseen: [...hiddenA, ...contentIds(a), ...ownIds(a), a.hidden_page_id, b.mark, ...allIds(b)],
      unlisted: [...contentIds(a), ...ownIds(a), a.hidden_page_id],
    },
    {
      name: "another workspace's integration, on the same ids",
      token: b.token,
      expect: (r) => integrationOutcome({ caps: ALL_NEEDS, shared: true, owner: true, otherWorkspace: true }, r),
      unseen: [...hiddenA, ...allIds(a)],
      unlisted: allIds(a),
    },
    { name: "a rotated (revoked) token", token: rotated.token, expect: () => "unauthorized", unseen: [...hiddenA, ...allIds(a)], unlisted: [] },
    { name: "a made-up token", token: "ntn_" + "x".repeat(46), expect: () => "unauthorized", unseen: [...hiddenA, ...allIds(a)], unlisted: [] },
    { name: "no Authorization header", token: null, expect: () => "unauthorized", unseen: [...hiddenA, ...allIds(a)], unlisted: [] },
    ...(await personRows(q, a, b)),
    ...(await installationRows(q, a, b)),
  ];
});

/** Sends `req` with `token` as Notion's SDK would (multipart for `send`). */
async function call(token: string | null, method: string, req: MatrixRequest): Promise<{ status: number; body: any }> {
  if (req.multipart) {
    const form = new FormData();
    form.append("file", new Blob(["bytes"], { type: "text/plain" }), "pending.txt");
    const res = await fetch(q.url + req.path, { method, headers: { ...(token === null ? {} : { authorization: `Bearer ${token}` }), "notion-version": req.version ?? V }, body: form });
    return { status: res.status, body: await res.json() };
  }
  return q.raw(method, req.path, { auth: token, version: req.version ?? V, body: req.body === undefined ? undefined : JSON.stringify(req.body) });
}

/** The outcome class of an answer, or why it is none of them. */
function classify(res: { status: number; body: any }): Outcome | string {
  const b = res.body ?? {};
  if (res.status >= 200 && res.status < 300) return "allowed";
  const error = b.object === "error" && b.status === res.status && typeof b.message === "string" && typeof b.request_id === "string";
  if (res.status === 404 && error && b.code === "object_not_found" && /^Could not find [a-z_ ]+ with ID: /.test(b.message)) return "not_found";
  if (res.status === 403 && error && b.code === "restricted_resource") return "restricted";
  if (res.status === 401 && error && b.code === "unauthorized" && b.message === "API token is invalid.") return "unauthorized";
  return `${res.status} ${JSON.stringify(b).slice(0, 300)}`;
}

/** What the answer shows that its caller may not see (strings its own request names aside). */
function leaks(actor: ActorKind, req: MatrixRequest, res: { body: any }): string[] {
  const asked = req.path + JSON.stringify(req.body ?? null);
  const text = JSON.stringify(res.body);
  const out = actor.unseen.filter((s) => !asked.includes(s) && (text.includes(s) || text.includes(s.replace(/-/g, ""))));
  const results: any[] = Array.isArray(res.body?.results) ? res.body.results : [];
  for (const r of results) if (actor.unlisted.includes(r?.id)) out.push(`listed ${r.id}`);
  return out;
}

describe("permission matrix: every /v1 route × every kind of caller", () => {
  test("the matrix covers the route table: every /v1 route is a case or not applicable with a reason, and no case is stale", () => {
    const table = new Set(q.routes.filter((r) => r.url.startsWith("/v1/")).map((r) => `${r.method} ${r.url}`));
    assert.ok(table.size > 40);
    const missing = [...table].filter((k) => !(k in ROUTES) && !(k in NOT_APPLICABLE));
    assert.deepEqual(missing, [], "add each to ROUTES in test/helpers/matrix-routes.ts (scope, capability, request), or to NOT_APPLICABLE with the reason");
    const stale = [...Object.keys(ROUTES), ...Object.keys(NOT_APPLICABLE)].filter((k) => !table.has(k));
    assert.deepEqual(stale, [], "cases for routes the server no longer has");
  });

  test("each call's outcome is Notion's, and no answer names what its caller may not see", async (t) => {
    const failures: string[] = [];
    const todos: string[] = [];
    let calls = 0;
    for (const route of orderedCases()) {
      const method = route.key.split(" ")[0];
      // Callers expected to be refused go first, so an allowed write cannot change what they are aimed at.
      const rows = actors.map((actor) => ({ actor, want: actor.expect(route) }));
      const refusedFirst = [...rows.filter((r) => outcomeOf(r.want) !== "allowed"), ...rows.filter((r) => outcomeOf(r.want) === "allowed")];
      let turn = 0;
      for (const { actor, want } of refusedFirst) {
        const expected = outcomeOf(want);
        const made = route.request(a, expected === "allowed" ? a.mark : "PWNED", expected === "allowed" ? turn++ : 0);
        for (const req of Array.isArray(made) ? made : [made]) {
          await actor.enter?.();
          const res = await call(actor.token, method, req).finally(() => actor.leave?.());
          calls++;
          const got = classify(res);
          const where = `${route.key} (${req.path}) as ${actor.name}`;
          if (typeof want === "object") {
            if (got === expected) failures.push(`${where}: marked todo ("${want.todo}") but answers ${got} now — remove the todo`);
            else todos.push(`${where}: ${got} (Notion: ${expected}) — ${want.todo}`);
          } else if (got !== expected) failures.push(`${where}: expected ${expected}, got ${got}`);
          const leaked = leaks(actor, req, res);
          if (leaked.length) failures.push(`${where}: answer names ${leaked.join(", ")}`);
        }
      }
    }
    for (const todo of todos) t.diagnostic(`todo: ${todo}`);
    assert.ok(calls >= Object.keys(ROUTES).length * actors.length);
    assert.deepEqual(failures, []);
  });

  test("a view query is its maker's: another integration's DELETE answers 200 (idempotent) and leaves it; its GET is a 404", async () => {
    const [shared, reader] = actors;
    const made = await call(shared.token, "POST", { path: `/v1/views/${b.view_id}/queries`, body: {} });
    assert.equal(made.status, 404, "B's view from A's integration");
    // The matrix deleted the fixture's view: a new one.
    const view = await call(shared.token, "POST", { path: "/v1/views", body: { database_id: a.database_id, data_source_id: a.data_source_id, name: "Mine", type: "table" } });
    assert.equal(view.status, 200, JSON.stringify(view.body));
    const own = await call(shared.token, "POST", { path: `/v1/views/${view.body.id}/queries`, body: {} });
    assert.equal(own.status, 200, JSON.stringify(own.body));
    const path = `/v1/views/${view.body.id}/queries/${own.body.id}`;
    assert.equal((await call(reader.token, "DELETE", { path })).status, 200);
    assert.equal(classify(await call(reader.token, "GET", { path })), "not_found");
    assert.equal((await call(shared.token, "GET", { path })).status, 200, "still there for its maker");
  });

  test("no refused write changed anything: nothing they sent is in the workspace", async () => {
    const shared = (method: string, path: string, body?: unknown) => q.raw(method, path, { auth: a.token, version: V, body: body === undefined ? undefined : JSON.stringify(body) });
    const answers = await Promise.all([
      shared("POST", "/v1/search", {}),
      shared("GET", `/v1/pages/${a.child_page_id}/markdown`),
      shared("GET", `/v1/pages/${a.page_id}/markdown`),
      shared("GET", `/v1/blocks/${a.block_id}`),
      shared("GET", `/v1/comments?block_id=${a.page_id}`),
      shared("GET", `/v1/databases/${a.database_id}`),
      shared("POST", `/v1/data_sources/${a.data_source_id}/query`, {}),
      shared("GET", `/v1/views?database_id=${a.database_id}`),
      shared("GET", "/v1/file_uploads"),
    ]);
    for (const res of answers) {
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.doesNotMatch(JSON.stringify(res.body), /PWNED/);
    }
    assert.match(JSON.stringify(answers[1].body), /more ⟡A/, "the allowed markdown insert is there");
  });
});

function outcomeOf(want: Outcome | { outcome: Outcome }): Outcome {
  return typeof want === "object" ? want.outcome : want;
}
