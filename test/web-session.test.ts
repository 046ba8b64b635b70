/**
 * /v1 as the signed-in person (docs/design/web-session.md): a request with the session cookie and
 * `X-Quire-CSRF` and no `Authorization` acts as the person, as their personal access token would —
 * over HTTP with a cookie jar from a real /login (test/helpers/web-session.ts) and through the
 * real SDK given no token. CSRF missing, wrong or of another session; another Origin; the
 * Authorization header winning; the workspace header (one of several, another workspace, none);
 * guests; signed out and expired sessions (and /v1 use keeping one alive); nothing shared between
 * two people through the response cache, rate limits or the request log.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { APIResponseError } from "@notionhq/client";
import { rt, startTestQuire, storeStatements, type TestQuire } from "./helpers/quire.js";
import { BrowserSession, personWithPassword } from "./helpers/web-session.js";
import { FrozenClock } from "../src/domain/clock.js";
import { SESSION_IDLE_MS } from "../src/domain/signin/policy.js";

/** "ok" or "<status> <code>" for an SDK call. */
async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return "ok";
  } catch (e) {
    if (e instanceof APIResponseError) return `${e.status} ${e.code}`;
    throw e;
  }
}

async function ok(q: TestQuire, method: string, path: string, body?: unknown): Promise<any> {
  const res = await q.admin(method, path, body);
  assert.ok(res.status < 300, `${method} ${path} → ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

describe("/v1 as the signed-in person (browser session)", () => {
  let q: TestQuire;
  /** Ann: member of A (can_view on P) and of B; Ben: member of A only, nothing on P; Gus: guest of A with can_comment on P. */
  const people = {} as Record<"ann" | "ben" | "gus" | "olga", { id: string; email: string; password: string }>;
  let ann: BrowserSession, ben: BrowserSession, gus: BrowserSession;
  let wsA: string, wsB: string, wsC: string;
  /** Olga's private page P, its child page in B's workspace for Ann. */
  let P: string, pageInB: string;

  before(async () => {
    q = await startTestQuire({ trustProxy: true });
    wsA = (await ok(q, "GET", "/_quire/v1/workspace")).id;
    people.olga = await personWithPassword(q, "Olga", { role: "owner" });
    people.ann = await personWithPassword(q, "Ann");
    people.ben = await personWithPassword(q, "Ben");
    people.gus = await personWithPassword(q, "Gus");
    P = (await ok(q, "POST", "/_quire/v1/pages", { title: "Plans ⟡P", section: "private", created_by: people.olga.id })).id;
    await ok(q, "PUT", `/_quire/v1/pages/${P}/permissions`, { principal: { type: "user", id: people.ann.id }, level: "can_view" });
    await ok(q, "PUT", `/_quire/v1/pages/${P}/permissions`, { principal: { type: "user", id: people.gus.id }, level: "can_comment" });
    await ok(q, "PATCH", `/_quire/v1/members/${people.gus.id}`, { role: "guest" });
    wsB = (await ok(q, "POST", "/_quire/v1/workspaces", { name: "B", owner_id: people.olga.id })).id;
    wsC = (await ok(q, "POST", "/_quire/v1/workspaces", { name: "C", owner_id: people.olga.id })).id;
    await ok(q, "POST", `/_quire/v1/workspaces/${wsB}/users`, { name: "Ann", email: people.ann.email });
    pageInB = (await ok(q, "POST", `/_quire/v1/workspaces/${wsB}/pages`, { title: "B's page" })).id;
    ann = await BrowserSession.signIn(q, people.ann.email, people.ann.password);
    ben = await BrowserSession.signIn(q, people.ben.email, people.ben.password);
    gus = await BrowserSession.signIn(q, people.gus.email, people.gus.password);
  });
  after(async () => q?.close());

  test("the SDK with no token acts as the person: users.me, their page levels, writes attributed to them", async () => {
    const c = ben.client();
    const me: any = await c.users.me({});
    assert.equal(me.id, people.ben.id);
    assert.equal(me.type, "person");
    assert.equal(me.person.email, people.ben.email, "a member sees emails");
    // The Workspace section's page: every member has full access.
    const made: any = await c.pages.create({ parent: { page_id: q.rootPageId }, properties: { title: { title: rt("Ben's notes") } } });
    assert.equal(made.created_by.id, people.ben.id);
    assert.equal(made.last_edited_by.id, people.ben.id);
    // Olga's private page: Ben has no level → 404, as for his token.
    assert.equal(await codeOf(c.pages.retrieve({ page_id: P })), "404 object_not_found");
    // Ann (can_view) reads it and cannot write it.
    const a = ann.client({ workspace: wsA });
    assert.equal(await codeOf(a.pages.retrieve({ page_id: P })), "ok");
    assert.equal(await codeOf(a.blocks.children.append({ block_id: P, children: [{ paragraph: { rich_text: rt("x") } }] })), "403 restricted_resource");
    // A member lists the workspace's users, with emails (Notion's app shows members the members).
    const users: any = await c.users.list({});
    const listed = users.results.find((u: any) => u.id === people.ann.id);
    assert.equal(listed?.person?.email, people.ann.email);
  });

  test("CSRF: missing, wrong, or another session's token → 401 unauthorized naming the header, GET included; nothing written", async () => {
    const before = (await q.client().blocks.children.list({ block_id: q.rootPageId })).results.length;
    const cases: [string, string | null][] = [
      ["missing", null],
      ["wrong", ben.csrf.slice(0, -2) + (ben.csrf.endsWith("AA") ? "BB" : "AA")],
      ["another session's", ann.csrf],
      ["empty", ""],
    ];
    for (const [name, csrf] of cases) {
      for (const [method, path, body] of [
        ["GET", "/v1/users/me", undefined],
        ["POST", "/v1/pages", { parent: { page_id: q.rootPageId }, properties: { title: { title: rt("forged") } } }],
        ["PATCH", `/v1/blocks/${q.rootPageId}/children`, { children: [{ paragraph: { rich_text: rt("forged") } }] }],
      ] as const) {
        const r = await ben.call(method, path, { csrf, body });
        assert.equal(r.status, 401, `${name} ${method} ${path}`);
        assert.equal(r.body.object, "error");
        assert.equal(r.body.code, "unauthorized");
        assert.match(r.body.message, /X-Quire-CSRF/);
        assert.equal(r.body.request_id, r.headers.get("x-notion-request-id"));
      }
    }
    assert.equal((await q.client().blocks.children.list({ block_id: q.rootPageId })).results.length, before, "no forged write landed");
    // The right token: through.
    assert.equal((await ben.call("GET", "/v1/users/me")).status, 200);
  });

  test("Origin naming another origin is refused; the server's own origin and none are accepted", async () => {
    for (const origin of ["https://evil.example", "null", "http://127.0.0.1:1"]) {
      const r = await ben.call("GET", "/v1/users/me", { headers: { origin } });
      assert.equal(r.status, 401, origin);
      assert.equal(r.body.code, "unauthorized");
      assert.match(r.body.message, /origin/i);
    }
    assert.equal((await ben.call("GET", "/v1/users/me", { headers: { origin: q.url } })).status, 200);
  });

  test("an Authorization header wins: the cookie is ignored (a bad token is 401 even with a live session)", async () => {
    const r = await ben.call("GET", "/v1/users/me", { headers: { authorization: `Bearer ${q.token}` } });
    assert.equal(r.status, 200);
    assert.equal(r.body.type, "bot");
    const bad = await ben.call("GET", "/v1/users/me", { headers: { authorization: "Bearer ntn_not_a_token" } });
    assert.equal(bad.status, 401);
    assert.equal(bad.body.message, "API token is invalid.");
  });

  test("X-Quire-Workspace: required among several (400 naming it), one of the person's picks it, another's is 401 whether it exists or not", async () => {
    const none = await ann.call("GET", "/v1/users/me");
    assert.equal(none.status, 400);
    assert.equal(none.body.code, "validation_error");
    assert.match(none.body.message, /X-Quire-Workspace/);
    // In B: B's page is seen, A's are not (the same ids answer 404).
    const inB = ann.client({ workspace: wsB });
    assert.equal(((await inB.users.me({})) as any).id, people.ann.id);
    assert.equal(await codeOf(inB.pages.retrieve({ page_id: pageInB })), "ok");
    assert.equal(await codeOf(inB.pages.retrieve({ page_id: q.rootPageId })), "404 object_not_found");
    assert.equal(await codeOf(inB.pages.retrieve({ page_id: P })), "404 object_not_found");
    // In A: A's root page, not B's.
    const inA = ann.client({ workspace: wsA.replaceAll("-", "").toUpperCase() });
    assert.equal(await codeOf(inA.pages.retrieve({ page_id: q.rootPageId })), "ok");
    assert.equal(await codeOf(inA.pages.retrieve({ page_id: pageInB })), "404 object_not_found");
    // C exists and Ann is not in it; an unknown id: the same 401.
    const inC = await ann.call("GET", "/v1/users/me", { workspace: wsC });
    const unknown = await ann.call("GET", "/v1/users/me", { workspace: randomUUID() });
    for (const r of [inC, unknown]) {
      assert.equal(r.status, 401);
      assert.equal(r.body.code, "unauthorized");
    }
    assert.equal(inC.body.message, unknown.body.message, "never says whether the workspace exists");
    const malformed = await ann.call("GET", "/v1/users/me", { workspace: "not-an-id" });
    assert.equal(malformed.status, 400);
    assert.equal(malformed.body.code, "validation_error");
    // Ben, in one workspace, may still name it (and only it).
    assert.equal((await ben.call("GET", "/v1/users/me", { workspace: wsA })).status, 200);
    assert.equal((await ben.call("GET", "/v1/users/me", { workspace: wsB })).status, 401);
  });

  test("a guest: only what is shared with them, no users list, people without emails", async () => {
    const c = gus.client();
    assert.equal(await codeOf(c.pages.retrieve({ page_id: P })), "ok");
    assert.equal(await codeOf(c.comments.create({ parent: { page_id: P }, rich_text: rt("guest comment") })), "ok");
    assert.equal(await codeOf(c.blocks.children.append({ block_id: P, children: [{ paragraph: { rich_text: rt("x") } }] })), "403 restricted_resource");
    // The Workspace section's page is every member's, not a guest's.
    assert.equal(await codeOf(c.pages.retrieve({ page_id: q.rootPageId })), "404 object_not_found");
    assert.equal(await codeOf(c.users.list({})), "403 restricted_resource");
    const olga: any = await c.users.retrieve({ user_id: people.olga.id });
    assert.deepEqual(olga.person, {}, "no email for a guest");
    const found = (await c.search({ query: "Plans" })).results.map((r) => r.id);
    assert.ok(found.includes(P));
  });

  test("signed out: the session's /v1 calls are 401 at once", async () => {
    const s = await BrowserSession.signIn(q, people.ben.email, people.ben.password);
    assert.equal((await s.call("GET", "/v1/users/me")).status, 200);
    const out = await s.form.post("/logout", { csrf_token: s.csrf });
    assert.equal(out.status, 303);
    const r = await fetch(`${q.url}/v1/users/me`, { headers: { cookie: `quire_session=${/quire_session=([^;]+)/.exec(s.cookie)?.[1] ?? "x"}`, "x-quire-csrf": s.csrf, "notion-version": "2025-09-03" } });
    // The jar dropped the cookie at sign-out; the old cookie sent by hand is refused too.
    assert.equal(r.status, 401);
    assert.equal(((await r.json()) as any).code, "unauthorized");
    assert.equal((await s.call("GET", "/v1/users/me")).status, 401);
  });

  test("the response cache never answers a session: two people reading one page each get their own answer", async () => {
    const path = `/v1/pages/${P}`;
    // The dev integration's answer is kept (its second read runs no statement) …
    await q.admin("POST", `/_quire/v1/integrations/${q.devIntegrationId}/shares`, { object_id: P });
    await q.raw("GET", path);
    assert.equal(storeStatements((await q.raw("GET", path)).headers.get("server-timing")), 0, "the token's answer is kept");
    // … and never sent to a session: Ann (can_view) reads it, Ben (no level) gets 404, each time.
    for (let i = 0; i < 2; i++) {
      const a = await ann.call("GET", path, { workspace: wsA });
      assert.equal(a.status, 200);
      assert.ok(storeStatements(a.headers.get("server-timing")) > 0, "a session's read runs its checks");
      const b = await ben.call("GET", path);
      assert.equal(b.status, 404, "Ben is never sent what Ann or the integration read");
      assert.equal(b.body.code, "object_not_found");
    }
    // A request with the cookie and no CSRF header never gets a kept answer either.
    assert.equal((await ben.call("GET", path, { csrf: null })).status, 401);
  });

  test("rate limits: a person's sessions share one budget of their own", async () => {
    await ok(q, "PUT", "/_quire/v1/rate_limit", { limit: "3/min" });
    try {
      const second = await BrowserSession.signIn(q, people.ben.email, people.ben.password);
      for (let i = 0; i < 2; i++) assert.equal((await ben.call("GET", "/v1/users/me")).status, 200);
      assert.equal((await second.call("GET", "/v1/users/me")).status, 200, "the third of Ben's calls");
      const limited = await second.call("GET", "/v1/users/me");
      assert.equal(limited.status, 429, "Ben's fourth, from his other session");
      assert.equal(limited.body.code, "rate_limited");
      assert.equal((await ben.call("GET", "/v1/users/me")).status, 429);
      // Another person, and the dev integration, keep their budgets.
      assert.equal((await ann.call("GET", "/v1/users/me", { workspace: wsA })).status, 200);
      assert.equal((await q.raw("GET", "/v1/users/me")).status, 200);
    } finally {
      await ok(q, "PUT", "/_quire/v1/rate_limit", { limit: "off" });
    }
  });

  test("the request log names the person and how they signed in, never the cookie or the CSRF token", async () => {
    const r = await ann.call("POST", "/v1/search", { workspace: wsA, body: { query: "Plans" } });
    assert.equal(r.status, 200);
    const id = r.headers.get("x-notion-request-id")!;
    let entry: any;
    for (let i = 0; i < 50 && !entry; i++) {
      const got = await q.admin("GET", `/_quire/v1/requests/${id}`);
      if (got.status === 200) entry = got.body;
      else await new Promise((done) => setTimeout(done, 20));
    }
    assert.ok(entry, "the request was logged");
    assert.equal(entry.user_id, people.ann.id);
    assert.equal(entry.auth, "session");
    assert.deepEqual(entry.integration, { id: people.ann.id, name: "Web app session" });
    const text = JSON.stringify(entry);
    const sessionId = /quire_session=([^;]+)/.exec(ann.cookie)![1];
    assert.ok(!text.includes(sessionId), "no session id");
    assert.ok(!text.includes(ann.csrf), "no CSRF token");
    // A token's entry says so.
    const t = await q.raw("GET", "/v1/users/me");
    const tid = t.headers.get("x-notion-request-id")!;
    let tokenEntry: any;
    for (let i = 0; i < 50 && !tokenEntry; i++) {
      const got = await q.admin("GET", `/_quire/v1/requests/${tid}`);
      if (got.status === 200) tokenEntry = got.body;
      else await new Promise((done) => setTimeout(done, 20));
    }
    assert.equal(tokenEntry.auth, "integration");
    assert.equal(tokenEntry.user_id, t.body.id);
  });
});

describe("a session's expiry applies to /v1", () => {
  test("idle expiry: /v1 use keeps the session alive as browsing does; unused past the idle limit it is 401", async () => {
    const clock = new FrozenClock(Date.now());
    const q = await startTestQuire({ clock, trustProxy: true });
    try {
      const p = await personWithPassword(q, "Ida");
      const s = await BrowserSession.signIn(q, p.email, p.password);
      // Three stretches just under the idle limit, each ended by a /v1 call: still signed in.
      for (let i = 0; i < 3; i++) {
        clock.advance(SESSION_IDLE_MS - 60_000);
        assert.equal((await s.call("GET", "/v1/users/me")).status, 200, `stretch ${i + 1}`);
      }
      clock.advance(SESSION_IDLE_MS);
      const r = await s.call("GET", "/v1/users/me");
      assert.equal(r.status, 401);
      assert.equal(r.body.code, "unauthorized");
      assert.match(r.body.message, /sign in again/);
    } finally {
      await q.close();
    }
  });
});
