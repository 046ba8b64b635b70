/**
 * Nothing crosses a workspace (issue 12). Two populated workspaces, A (the seeded one) and B:
 * every /v1 endpoint — read from the server's route table, so a new endpoint fails here until
 * this test knows how to aim it at B — is called with A's token on B's objects and answers 404
 * `object_not_found` (Notion's answer for what is not shared), or, where it lists or creates,
 * 200 without any of B's ids; never a 200 on B's objects, never a 500. Every scoped control
 * route is called under B's path with A's ids: 404 each time.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { startTestQuire, type TestQuire } from "./helpers/quire.js";
import { populate, populatedWorkspace, type Populated } from "./helpers/workspaces.js";
import { TestIdp } from "./helpers/saml-idp.js";

const V = "2026-03-11";
const rt = (content: string) => [{ type: "text", text: { content } }];

let q: TestQuire;
let a: Populated;
let b: Populated;
before(async () => {
  q = await startTestQuire({ allowPrivateUrls: true });
  a = await populate(q, q.workspaceId);
  b = await populatedWorkspace(q, "B");
});
after(() => q.close());

/** The id a path parameter takes in a workspace (`w`), or undefined for one this test does not know. */
function paramValue(name: string, w: Populated): string | undefined {
  const ids: Record<string, string> = {
    page_id: w.page_id,
    block_id: w.block_id,
    database_id: w.database_id,
    data_source_id: w.data_source_id,
    user_id: w.user_id,
    comment_id: w.comment_id,
    file_upload_id: w.file_upload_id,
    view_id: w.view_id,
    query_id: w.query_id,
    task_id: w.task_id,
    property_id: "title",
    integration_id: w.integration_id,
    object_id: w.page_id,
    emoji_id: w.emoji_id,
    group_id: w.group_id,
    principal_type: "group",
    principal_id: w.group_id,
    token_id: w.pat_id,
    scim_token_id: w.scim_token_id,
    bot_id: w.bot_id,
    // No preview exists in either workspace: any id of A's stands for one.
    link_preview_id: w.block_id,
    webhook_id: w.webhook_id,
    delivery_id: w.webhook_delivery_id,
  };
  return ids[name];
}

/** Bodies that pass validation, so a 404 is the lookup's; routes not named send `{}`. */
const bodies = (w: Populated, other: Populated): Record<string, unknown> => ({
  "PATCH /v1/pages/:page_id": { properties: { title: { title: rt("taken") } } },
  "POST /v1/pages/:page_id/move": { parent: { type: "page_id", page_id: other.page_id } },
  "PATCH /v1/pages/:page_id/markdown": { type: "insert_content", insert_content: { content: "x" } },
  "PATCH /v1/blocks/:block_id": { paragraph: { rich_text: rt("taken") } },
  "PATCH /v1/blocks/:block_id/children": { children: [{ paragraph: { rich_text: rt("x") } }] },
  "PATCH /v1/databases/:database_id": { title: rt("taken") },
  "PATCH /v1/data_sources/:data_source_id": { title: rt("taken") },
  "PATCH /v1/comments/:comment_id": { rich_text: rt("taken") },
  "PATCH /v1/views/:view_id": { name: "taken" },
});

/**
 * The /v1 routes without a path id, aimed at B's objects through their body or query: `404` when
 * the request names B's object, `list` when it answers what the token's own workspace holds.
 */
const unparameterized = (w: Populated): Record<string, { path?: string; body?: unknown; expect: "404" | "list" }> => ({
  "GET /v1/users": { expect: "list" },
  "GET /v1/users/me": { expect: "list" },
  "POST /v1/pages": { body: { parent: { page_id: w.page_id }, properties: { title: { title: rt("x") } } }, expect: "404" },
  // Link previews (issue 13): a URI no preview of the token's installation shows.
  "PATCH /v1/external/object": { body: { uri: "https://tracker.example/b/1", operations: [{ path: ["attributes"], set: [{ id: "title", name: "T", type: "inline", inline: { title: { value: "x" } } }, { id: "dev", name: "D", type: "inline", inline: { plain_text: { value: "y" } } }] }] }, expect: "404" },
  "POST /v1/blocks/meeting_notes": { body: { source: { type: "block", block_id: w.block_id } }, expect: "404" },
  "POST /v1/blocks/meeting_notes/query": { body: {}, expect: "list" },
  "POST /v1/databases": { body: { parent: { type: "page_id", page_id: w.page_id }, title: rt("x"), initial_data_source: { properties: { Name: { title: {} } } } }, expect: "404" },
  "POST /v1/data_sources": { body: { parent: { type: "database_id", database_id: w.database_id }, properties: { Name: { title: {} } } }, expect: "404" },
  "POST /v1/search": { body: {}, expect: "list" },
  "POST /v1/comments": { body: { parent: { page_id: w.page_id }, rich_text: rt("x") }, expect: "404" },
  "GET /v1/comments": { path: `/v1/comments?block_id=${w.page_id}`, expect: "404" },
  "GET /v1/custom_emojis": { expect: "list" },
  "POST /v1/file_uploads": { body: { filename: "mine.txt" }, expect: "list" },
  "GET /v1/file_uploads": { expect: "list" },
  "GET /v1/views": { path: `/v1/views?database_id=${w.database_id}`, expect: "404" },
  "POST /v1/views": { body: { database_id: w.database_id, data_source_id: w.data_source_id, name: "x", type: "table" }, expect: "404" },
});

/** Routes served only before a version (databases' query: until 2025-09-03) called with one that has them. */
const VERSION_OF: Record<string, string> = { "POST /v1/databases/:database_id/query": "2022-06-28" };

/** A call with one of A's tokens (its integration's, or its person's): JSON, or the multipart form `send` takes. */
async function callAsA(method: string, url: string, path: string, body: unknown, token = a.token) {
  if (url.endsWith("/send")) {
    const form = new FormData();
    form.append("file", new Blob(["stolen"], { type: "text/plain" }), "x.txt");
    const res = await fetch(q.url + path, { method, headers: { authorization: `Bearer ${token}`, "notion-version": V }, body: form });
    return { status: res.status, body: await res.json() };
  }
  return q.raw(method, path, { auth: token, version: VERSION_OF[`${method} ${url}`] ?? V, body: body === undefined ? undefined : JSON.stringify(body) });
}

/** Every id of a populated workspace (what must never show in another's answers). */
const idsOf = (w: Populated) => Object.entries(w).filter(([k, v]) => k !== "token" && k !== "pat_token" && k !== "scim_token" && k !== "workspace_id" && typeof v === "string" && v.length > 30).map(([, v]) => v as string);

function fill(url: string, w: Populated): string {
  return url.replace(/:([a-z_]+)/g, (_, name: string) => {
    const v = paramValue(name, w);
    assert.ok(v, `${url}: this test does not know the path parameter "${name}" — teach paramValue which object of a workspace it names`);
    return v!;
  });
}

/**
 * Every /v1 route with one of A's tokens on B's objects; the failures. A person's token lists no
 * users (Notion: not available to PATs): 403 there.
 */
async function crossing(token: string, person: boolean): Promise<string[]> {
    // The OAuth endpoints take a client's Basic credentials, never a bearer token (test/oauth.test.ts); the
    // consent page (/v1/oauth/authorize) a person's session (test/oauth-authorize.test.ts).
    const routes = q.routes.filter((r) => r.url.startsWith("/v1/") && !r.url.startsWith("/v1/oauth/"));
    assert.ok(routes.length > 40, "the route table lists the /v1 endpoints");
    const free: Record<string, { path?: string; body?: unknown; expect: "404" | "list" | "403" }> = { ...unparameterized(b), ...(person ? { "GET /v1/users": { expect: "403" as const } } : {}) };
    const failures: string[] = [];
    // Deleting routes last, so B's objects are there for every other call.
    const ordered = [...routes.filter((r) => r.method !== "DELETE"), ...routes.filter((r) => r.method === "DELETE")];
    for (const r of ordered) {
      const key = `${r.method} ${r.url}`;
      const hasParams = r.url.includes(":");
      const spec = hasParams ? { path: fill(r.url, b), body: bodies(b, a)[key] ?? (r.method === "GET" || r.method === "DELETE" ? undefined : {}), expect: "404" as const } : free[key];
      assert.ok(spec, `${key}: no path id; add it to \`unparameterized\` with a body or query naming B's objects`);
      const res = await callAsA(r.method, r.url, spec.path ?? r.url, spec.body, token);
      const text = JSON.stringify(res.body);
      if (res.status >= 500) failures.push(`${key}: ${res.status} ${text}`);
      else if (spec.expect === "403" && (res.status !== 403 || res.body.code !== "restricted_resource")) failures.push(`${key}: expected 403, got ${res.status} ${text}`);
      else if (spec.expect === "404" && (res.status !== 404 || res.body.code !== "object_not_found")) failures.push(`${key}: expected 404 object_not_found, got ${res.status} ${text}`);
      else if (spec.expect === "list") {
        if (res.status !== 200) failures.push(`${key}: expected 200, got ${res.status} ${text}`);
        const leaked = idsOf(b).filter((id) => text.includes(id) || text.includes(id.replace(/-/g, "")));
        if (leaked.length) failures.push(`${key}: answers B's ids ${leaked.join(", ")}`);
      }
    }
    return failures;
}

describe("every /v1 endpoint with A's token on B's objects", () => {
  test("404 object_not_found, or a list of A's own; never B's objects, never a 500", async () => {
    assert.deepEqual(await crossing(a.token, false), []);
  });

  test("the same with A's member's personal access token", async () => {
    assert.deepEqual(await crossing(a.pat_token, true), []);
  });

  test("control: B's own token reads the same objects (the 404s above are the workspace boundary, not bad requests)", async () => {
    for (const r of q.routes.filter((r) => r.url.startsWith("/v1/") && r.method === "GET" && r.url.includes(":"))) {
      if (r.url.includes("async_tasks") || r.url.includes("/queries/")) continue; // answered once / expiring: checked above
      const res = await q.raw("GET", fill(r.url, b), { auth: b.token, version: VERSION_OF[`GET ${r.url}`] ?? V });
      assert.equal(res.status, 200, `${r.url} with B's token: ${JSON.stringify(res.body)}`);
    }
  });

  test("GET /v1/users of each workspace lists its own people and bots only; the same person joined to both has one id", async () => {
    const list = async (w: Populated) => (await q.raw("GET", "/v1/users", { auth: w.token, version: V })).body.results.map((u: any) => u.id);
    const inA = await list(a);
    const inB = await list(b);
    assert.ok(inA.includes(a.user_id) && inA.includes(a.bot_id) && !inA.includes(b.user_id) && !inA.includes(b.bot_id));
    assert.ok(inB.includes(b.user_id) && inB.includes(b.bot_id) && !inB.includes(a.user_id) && !inB.includes(a.bot_id));
    const owner = inA.filter((id: string) => inB.includes(id));
    assert.equal(owner.length, 1, "only the owner B was created with is in both");
  });
});

describe("every scoped control route with A's ids under B's path", () => {
  test("404 object_not_found for each; lists under B show none of A's", async () => {
    const prefix = "/_quire/v1/workspaces/:workspace_id";
    const routes = q.routes.filter((r) => r.url.startsWith(`${prefix}/`));
    assert.ok(routes.length >= 20);
    const mine = (url: string) => fill(url.replace(":workspace_id", b.workspace_id), a);
    /** Routes without an id of A in the path: what each sends, and what it must answer. */
    const free: Record<string, { body?: unknown; expect: "404" | "list" | "skip" }> = {
      [`GET ${prefix}/workspace`]: { expect: "list" },
      [`PATCH ${prefix}/workspace`]: { body: {}, expect: "list" },
      [`GET ${prefix}/integrations`]: { expect: "list" },
      [`POST ${prefix}/integrations`]: { body: { name: "B's new" }, expect: "list" },
      [`POST ${prefix}/pages`]: { body: { title: "x", share_with: [a.integration_id] }, expect: "404" },
      [`POST ${prefix}/custom_emojis`]: { body: { name: "other", url: "https://example.com/o.png" }, expect: "list" },
      [`GET ${prefix}/custom_emojis`]: { expect: "list" },
      [`POST ${prefix}/comments`]: { body: { parent: { page_id: a.page_id }, author_id: b.user_id, rich_text: rt("x") }, expect: "404" },
      [`GET ${prefix}/members`]: { expect: "list" },
      // A person of another workspace joining this one is what members add is for (one user id across workspaces).
      [`POST ${prefix}/members`]: { expect: "skip" },
      [`POST ${prefix}/users`]: { body: { name: "New", email: "new-in-b@example.com" }, expect: "list" },
      [`GET ${prefix}/groups`]: { expect: "list" },
      [`POST ${prefix}/groups`]: { body: { name: "Mixed", user_ids: [a.user_id] }, expect: "404" },
      [`GET ${prefix}/share_groups`]: { expect: "list" },
      [`GET ${prefix}/personal_tokens`]: { expect: "list" },
      [`GET ${prefix}/personal_token_policy`]: { expect: "list" },
      [`PUT ${prefix}/personal_token_policy`]: { body: { policy: "members" }, expect: "list" },
      // B's own SAML configuration (it names no object of A's): set, shown, removed; A's stays (test/saml-config.test.ts).
      [`PUT ${prefix}/saml`]: { body: { idp_metadata_xml: new TestIdp().metadata("https://idp.example.test/sso") }, expect: "list" },
      [`GET ${prefix}/saml`]: { expect: "list" },
      [`GET ${prefix}/saml/status`]: { expect: "list" },
      [`DELETE ${prefix}/saml`]: { expect: "list" },
      [`GET ${prefix}/scim_tokens`]: { expect: "list" },
      [`POST ${prefix}/scim_tokens`]: { body: { name: "B's IdP" }, expect: "list" },
      [`GET ${prefix}/connections`]: { expect: "list" },
      // A stream that stays open; a webhook of A under B's path is a 404 there (test/webhooks-delivery.test.ts).
      [`GET ${prefix}/webhooks/deliveries/stream`]: { expect: "skip" },
      // B in the seed format (test/seed-files.test.ts): nothing of A's in it.
      [`GET ${prefix}/seed`]: { expect: "list" },
    };
    const bodies: Record<string, unknown> = {
      [`PATCH ${prefix}/integrations/:integration_id`]: { name: "taken" },
      [`POST ${prefix}/integrations/:integration_id/shares`]: { object_id: a.page_id },
      [`PATCH ${prefix}/comments/:comment_id`]: { resolved: true },
      [`POST ${prefix}/data_sources/:data_source_id/templates`]: { page_id: a.row_id },
      [`PATCH ${prefix}/meeting_notes/:block_id`]: { status: "notes_ready" },
      [`PATCH ${prefix}/members/:user_id`]: { role: "guest" },
      [`PATCH ${prefix}/users/:user_id`]: { password: null },
      [`PATCH ${prefix}/groups/:group_id`]: { name: "taken" },
      [`POST ${prefix}/groups/:group_id/members`]: { user_ids: [b.user_id] },
      [`PUT ${prefix}/pages/:page_id/permissions`]: { principal: { type: "user", id: b.user_id }, level: "can_view" },
      [`PUT ${prefix}/pages/:page_id/section`]: { section: "workspace" },
      [`POST ${prefix}/users/:user_id/tokens`]: { name: "stolen" },
      [`PUT ${prefix}/integrations/:integration_id/link_preview`]: {
        unfurl_callback_url: "https://p.example/unfurl",
        domains: ["p.example"],
        url_patterns: [{ name: "x", pattern: "^https://p\\.example/" }],
        authorization: { authorize_url: "https://p.example/a", token_url: "https://p.example/t", client_id: "c", client_secret: "s" },
      },
      [`POST ${prefix}/pages/:page_id/link_previews`]: { url: "https://p.example/1", user_id: b.user_id },
      [`POST ${prefix}/integrations/:integration_id/webhooks`]: { url: "http://127.0.0.1:9/stolen" },
      [`PATCH ${prefix}/webhooks/:webhook_id`]: { event_types: ["page.created"] },
      [`POST ${prefix}/webhooks/:webhook_id/verify`]: { verification_token: "secret_guess" },
    };
    /** Control addresses answered as the caller (registered among /v1: a token, not the admin key): A's token and B's, on A's ids under B's path. */
    const asCaller = new Set([`GET ${prefix}/pages/:page_id/discussions`]);
    const failures: string[] = [];
    const ordered = [...routes.filter((r) => r.method !== "DELETE"), ...routes.filter((r) => r.method === "DELETE")];
    for (const r of ordered) {
      const key = `${r.method} ${r.url}`;
      if (asCaller.has(key)) {
        for (const token of [a.token, b.token]) {
          const res = await q.raw(r.method, mine(r.url), { auth: token, version: V });
          if (res.status !== 404 || res.body.code !== "object_not_found") failures.push(`${key}: expected 404, got ${res.status} ${JSON.stringify(res.body)}`);
        }
        continue;
      }
      const rest = r.url.slice(prefix.length);
      const spec = rest.includes(":") ? { body: bodies[key] ?? (r.method === "GET" || r.method === "DELETE" ? undefined : {}), expect: "404" as const } : free[key];
      assert.ok(spec, `${key}: add it to \`free\` with a body naming A's objects`);
      if (spec.expect === "skip") continue;
      const res = await q.admin(r.method, mine(r.url).replace(/:block_id/, a.meeting_note_id), spec.body);
      const text = JSON.stringify(res.body);
      if (res.status >= 500) failures.push(`${key}: ${res.status} ${text}`);
      else if (spec.expect === "404" && (res.status !== 404 || res.body.code !== "object_not_found")) failures.push(`${key}: expected 404, got ${res.status} ${text}`);
      else if (spec.expect === "list") {
        if (res.status !== 200) failures.push(`${key}: expected 200, got ${res.status} ${text}`);
        const leaked = idsOf(a).filter((id) => text.includes(id));
        if (leaked.length) failures.push(`${key}: answers A's ids ${leaked.join(", ")}`);
      }
    }
    assert.deepEqual(failures, []);
  });

  test("B's integration cannot be given A's page; A's integration cannot be given B's", async () => {
    for (const [w, other] of [
      [b, a],
      [a, b],
    ]) {
      const res = await q.admin("POST", `/_quire/v1/workspaces/${w.workspace_id}/integrations/${w.integration_id}/shares`, { object_id: other.page_id });
      assert.equal(res.status, 404);
      assert.equal(res.body.code, "object_not_found");
    }
    const unscoped = await q.admin("POST", `/_quire/v1/integrations/${b.integration_id}/shares`, { object_id: b.page_id });
    assert.equal(unscoped.status, 404, "the unscoped routes are the first workspace's: B's integration is not there");
  });
});

describe("every /scim/v2 route with A's SCIM token on B's people and groups", () => {
  test("404 for B's ids, lists without them, B's people never put in A's groups; never a 500", async () => {
    const routes = q.routes.filter((r) => r.url.startsWith("/scim/v2/"));
    assert.ok(routes.length >= 15, "the route table lists the SCIM endpoints");
    const scim = (method: string, path: string, body?: unknown) =>
      fetch(q.url + path, { method, headers: { authorization: `Bearer ${a.scim_token}`, "content-type": "application/scim+json" }, body: body === undefined ? undefined : JSON.stringify(body) }).then(async (res) => ({ status: res.status, text: await res.text() }));
    /** What each route without an id sends: lists answer A's own; a new group naming B's person is refused. */
    const free: Record<string, { body?: unknown; expect: "list" | 400 }> = {
      "GET /scim/v2/ServiceProviderConfig": { expect: "list" },
      "GET /scim/v2/ResourceTypes": { expect: "list" },
      "GET /scim/v2/Schemas": { expect: "list" },
      "GET /scim/v2/Users": { expect: "list" },
      "GET /scim/v2/Groups": { expect: "list" },
      // B's person joining A is what POST /Users does for an existing account (one id per person): not a leak.
      "POST /scim/v2/Users": { body: { userName: "new-in-a@example.com" }, expect: "list" },
      "POST /scim/v2/Groups": { body: { displayName: "Mixed", members: [{ value: b.user_id }] }, expect: 400 },
    };
    const patch = { schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], Operations: [{ op: "replace", path: "externalId", value: "taken" }] };
    const failures: string[] = [];
    const ordered = [...routes.filter((r) => r.method !== "DELETE"), ...routes.filter((r) => r.method === "DELETE")];
    for (const r of ordered) {
      const key = `${r.method} ${r.url}`;
      if (r.url.includes(":id")) {
        const id = r.url.startsWith("/scim/v2/Groups") ? b.group_id : b.user_id;
        const body = r.method === "PATCH" ? patch : r.method === "PUT" ? { userName: `pat-${b.workspace_id}@example.com`, displayName: "taken" } : undefined;
        const res = await scim(r.method, r.url.replace(":id", id), body);
        if (res.status !== 404) failures.push(`${key}: expected 404, got ${res.status} ${res.text}`);
        continue;
      }
      const spec = free[key];
      assert.ok(spec, `${key}: add it to \`free\``);
      const res = await scim(r.method, r.url, spec.body);
      if (res.status >= 500) failures.push(`${key}: ${res.status} ${res.text}`);
      else if (spec.expect === 400 && res.status !== 400) failures.push(`${key}: expected 400, got ${res.status} ${res.text}`);
      else if (spec.expect === "list") {
        if (res.status >= 300) failures.push(`${key}: expected 2xx, got ${res.status} ${res.text}`);
        const leaked = idsOf(b).filter((id) => res.text.includes(id));
        if (leaked.length) failures.push(`${key}: answers B's ids ${leaked.join(", ")}`);
      }
    }
    assert.deepEqual(failures, []);
    const theirs = await fetch(`${q.url}/scim/v2/Groups/${b.group_id}`, { headers: { authorization: `Bearer ${b.scim_token}` } });
    assert.equal(theirs.status, 200, "B's own token reads B's group: the 404s above are the boundary");
  });
});

/**
 * Control routes that act on the whole server, not one workspace (issue 15's toolkit): registered
 * once, admin key only, never under the workspace prefix — a snapshot holds every workspace.
 */
const SERVER_WIDE = [
  "POST /_quire/v1/snapshots",
  "GET /_quire/v1/snapshots",
  "POST /_quire/v1/snapshots/:name/restore",
  "DELETE /_quire/v1/snapshots/:name",
  "POST /_quire/v1/reset",
  "GET /_quire/v1/requests",
  "DELETE /_quire/v1/requests",
  "GET /_quire/v1/requests/stream",
  "GET /_quire/v1/requests/:request_id",
  "GET /_quire/v1/clock",
  "PUT /_quire/v1/clock",
  "DELETE /_quire/v1/clock",
  "GET /_quire/v1/rate_limit",
  "PUT /_quire/v1/rate_limit",
  "GET /_quire/v1/latency",
  "PUT /_quire/v1/latency",
  "POST /_quire/v1/faults",
  "GET /_quire/v1/faults",
  "DELETE /_quire/v1/faults",
  "GET /_quire/v1/faults/:fault_id",
  "DELETE /_quire/v1/faults/:fault_id",
];

describe("server-wide control routes", () => {
  test("each is registered once, outside any workspace's prefix", async () => {
    const keys = new Set(q.routes.map((r) => `${r.method} ${r.url}`));
    for (const key of SERVER_WIDE) {
      assert.ok(keys.has(key), `${key} is registered`);
      const [method, url] = key.split(" ");
      assert.ok(!keys.has(`${method} ${url.replace("/_quire/v1/", "/_quire/v1/workspaces/:workspace_id/")}`), `${key} has no per-workspace twin`);
    }
  });
});
