/**
 * The control API with a browser session (the web app's console; src/routes/admin-session.ts,
 * src/domain/signin/control-access.ts): a workspace's routes for its owners (a member 403, anyone
 * else 404 for the workspace, whether it exists or not), the routes that act as other people for
 * server administrators only, server-wide routes for server administrators (owners of the first
 * workspace); CSRF and Origin as on /v1; the admin key unchanged; `GET /_quire/session` saying
 * who may do what; the request log's event stream with the CSRF token in its query.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { startTestQuire, type TestQuire } from "./helpers/quire.js";
import { BrowserSession, personWithPassword } from "./helpers/web-session.js";
import { loggableUrl } from "../src/http/request-log.js";

async function ok(q: TestQuire, method: string, path: string, body?: unknown): Promise<any> {
  const res = await q.admin(method, path, body);
  assert.ok(res.status < 300, `${method} ${path} → ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Reads an event stream until `until` matches what arrived (or 10 s pass); the text read. */
async function readStream(res: Response, until: RegExp): Promise<string> {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = "";
  const deadline = setTimeout(() => void reader.cancel(), 10_000);
  try {
    while (!until.test(text)) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
  } finally {
    clearTimeout(deadline);
    await reader.cancel().catch(() => undefined);
  }
  return text;
}

describe("the control API with a browser session", () => {
  let q: TestQuire;
  /** Olga owns A (the first workspace: a server administrator); Ann is a member of A and owns B; Mia is B's membership admin; C is Olga's alone. */
  const people = {} as Record<"olga" | "ann" | "mia", { id: string; email: string; password: string }>;
  let olga: BrowserSession, ann: BrowserSession, mia: BrowserSession;
  let wsA: string, wsB: string, wsC: string;

  before(async () => {
    q = await startTestQuire({ trustProxy: true });
    wsA = q.workspaceId;
    people.olga = await personWithPassword(q, "Olga", { role: "owner" });
    people.ann = await personWithPassword(q, "Ann");
    wsB = (await ok(q, "POST", "/_quire/v1/workspaces", { name: "B", owner_id: people.olga.id })).id;
    wsC = (await ok(q, "POST", "/_quire/v1/workspaces", { name: "C", owner_id: people.olga.id })).id;
    await ok(q, "POST", `/_quire/v1/workspaces/${wsB}/users`, { name: "Ann", email: people.ann.email, role: "owner" });
    people.mia = await personWithPassword(q, "Mia", { role: "membership_admin", prefix: `/_quire/v1/workspaces/${wsB}` });
    olga = await BrowserSession.signIn(q, people.olga.email, people.olga.password);
    ann = await BrowserSession.signIn(q, people.ann.email, people.ann.password);
    mia = await BrowserSession.signIn(q, people.mia.email, people.mia.password);
  });
  after(async () => q?.close());

  test("GET /_quire/session: each workspace's role and whether its control routes are open, and server_admin", async () => {
    const a = (await ann.form.session()).body;
    const byId = Object.fromEntries(a.workspaces.map((w: any) => [w.id, w]));
    assert.deepEqual(byId[wsA], { id: wsA, name: "Quire", role: "member", can_manage: false });
    assert.deepEqual(byId[wsB], { id: wsB, name: "B", role: "owner", can_manage: true });
    assert.equal(a.server_admin, false);
    const o = (await olga.form.session()).body;
    assert.equal(o.server_admin, true, "an owner of the first workspace");
    assert.ok(o.workspaces.every((w: any) => w.can_manage === true));
    const m = (await mia.form.session()).body;
    assert.deepEqual(m.workspaces.map((w: any) => [w.role, w.can_manage]), [["membership_admin", false]]);
    assert.equal(m.server_admin, false);
  });

  test("a workspace's owner uses its routes; a member is 403; a non-member 404 whether the workspace exists or not", async () => {
    const list = await ann.call("GET", `/_quire/v1/workspaces/${wsB}/integrations`);
    assert.equal(list.status, 200, JSON.stringify(list.body));
    const made = await ann.call("POST", `/_quire/v1/workspaces/${wsB}/integrations`, { body: { name: "Ann's bot" } });
    assert.equal(made.status, 200, JSON.stringify(made.body));
    assert.match(made.body.token, /^ntn_/);
    // Made in B, as the admin key sees.
    assert.ok((await ok(q, "GET", `/_quire/v1/workspaces/${wsB}/integrations`)).results.some((i: any) => i.id === made.body.id));
    assert.equal((await ann.call("GET", `/_quire/v1/workspaces/${wsB}/members`)).status, 200);
    // A: Ann is a member, not an owner — under either prefix; a bad body is refused the same (never validated first).
    for (const [method, path, body] of [
      ["GET", `/_quire/v1/workspaces/${wsA}/integrations`, undefined],
      ["GET", "/_quire/v1/integrations", undefined],
      ["POST", `/_quire/v1/workspaces/${wsA}/integrations`, { nonsense: true }],
      ["PATCH", `/_quire/v1/workspaces/${wsA}/workspace`, { name: "Mine now" }],
    ] as const) {
      const r = await ann.call(method, path, { body });
      assert.equal(r.status, 403, `${method} ${path}`);
      assert.equal(r.body.code, "restricted_resource");
      assert.equal(r.body.object, "error");
    }
    // A membership admin of B is not an owner either.
    assert.equal((await mia.call("GET", `/_quire/v1/workspaces/${wsB}/integrations`)).status, 403);
    // C (exists, not Ann's) and an unknown id: the same 404.
    const inC = await ann.call("GET", `/_quire/v1/workspaces/${wsC}/integrations`);
    const unknownId = randomUUID();
    const unknown = await ann.call("GET", `/_quire/v1/workspaces/${unknownId}/integrations`);
    for (const r of [inC, unknown]) {
      assert.equal(r.status, 404);
      assert.equal(r.body.code, "object_not_found");
    }
    assert.equal(inC.body.message.replace(wsC, "ID"), unknown.body.message.replace(unknownId, "ID"));
    assert.equal((await ann.call("GET", "/_quire/v1/workspaces/not-an-id/integrations")).status, 404);
    // Nothing changed in A.
    assert.equal((await ok(q, "GET", "/_quire/v1/workspace")).name, "Quire");
  });

  test("routes that act as other people or past page permissions: server administrators only, even for a workspace's owner", async () => {
    const cases: [string, string, unknown][] = [
      ["POST", `/_quire/v1/workspaces/${wsB}/users`, { name: "Eve", email: `eve-${randomUUID()}@example.test`, password: "a password long enough" }],
      ["PATCH", `/_quire/v1/workspaces/${wsB}/users/${people.mia.id}`, { password: "a password long enough" }],
      ["POST", `/_quire/v1/workspaces/${wsB}/users/${people.mia.id}/tokens`, { name: "as Mia" }],
      ["GET", `/_quire/v1/workspaces/${wsB}/seed`, undefined],
      ["POST", `/_quire/v1/workspaces/${wsB}/pages`, { title: "as Mia", created_by: people.mia.id }],
    ];
    for (const [method, path, body] of cases) {
      const r = await ann.call(method, path, { body });
      assert.equal(r.status, 403, `${method} ${path}: ${JSON.stringify(r.body)}`);
      assert.equal(r.body.code, "restricted_resource");
    }
    // Mia's password is unchanged: she still signs in with it.
    await BrowserSession.signIn(q, people.mia.email, people.mia.password);
    // A server administrator may.
    const seed = await olga.call("GET", `/_quire/v1/workspaces/${wsB}/seed`);
    assert.equal(seed.status, 200);
    const added = await olga.call("POST", "/_quire/v1/users", { body: { name: "Eve", email: `eve-${randomUUID()}@example.test` } });
    assert.equal(added.status, 200, JSON.stringify(added.body));
  });

  test("own personal access tokens: any member makes, lists and revokes theirs; an owner lists everyone's in one read and revokes any", async () => {
    // Mia, B's membership admin (not an owner): her own tokens, not anyone else's, not the workspace's list.
    const prefix = `/_quire/v1/workspaces/${wsB}`;
    const mine = await mia.call("POST", `${prefix}/users/${people.mia.id}/tokens`, { body: { name: "Mia's script" } });
    assert.equal(mine.status, 200, JSON.stringify(mine.body));
    assert.match(mine.body.token, /^ntn_/);
    const listed = await mia.call("GET", `${prefix}/users/${people.mia.id}/tokens`);
    assert.deepEqual(listed.body.results.map((t: any) => t.name), ["Mia's script"]);
    assert.equal(listed.body.results[0].token, undefined, "never the token");
    const anns = await ann.call("POST", `${prefix}/users/${people.ann.id}/tokens`, { body: { name: "Ann's own" } });
    assert.equal(anns.status, 200, "an owner who is no server administrator makes her own");
    for (const [method, path] of [
      ["GET", `${prefix}/users/${people.ann.id}/tokens`],
      ["DELETE", `${prefix}/users/${people.ann.id}/tokens/${anns.body.id}`],
      ["GET", `${prefix}/personal_tokens`],
    ] as const) {
      const r = await mia.call(method, path);
      assert.equal(r.status, 403, `${method} ${path}`);
      assert.equal(r.body.code, "restricted_resource");
    }
    // Ann owns B: every member's tokens with whose they are, then she revokes Mia's.
    const all = await ann.call("GET", `${prefix}/personal_tokens`);
    assert.equal(all.status, 200, JSON.stringify(all.body));
    assert.deepEqual(all.body.results.map((t: any) => [t.name, t.user.id, t.user.name]).sort(), [["Ann's own", people.ann.id, "Ann"], ["Mia's script", people.mia.id, "Mia"]]);
    assert.ok(all.body.results.every((t: any) => t.token === undefined && t.token_hash === undefined));
    assert.equal((await ann.call("DELETE", `${prefix}/users/${people.mia.id}/tokens/${mine.body.id}`)).status, 200);
    assert.equal((await fetch(`${q.url}/v1/users/me`, { headers: { authorization: `Bearer ${mine.body.token}`, "notion-version": "2022-06-28" } })).status, 401);
    assert.deepEqual((await mia.call("GET", `${prefix}/users/${people.mia.id}/tokens`)).body.results, []);
    // Own tokens in A, where Ann is a member; another workspace's list answers only its own.
    assert.equal((await ann.call("GET", `/_quire/v1/workspaces/${wsA}/users/${people.ann.id}/tokens`)).status, 200);
    assert.deepEqual((await ok(q, "GET", `/_quire/v1/workspaces/${wsC}/personal_tokens`)).results, []);
  });

  test("server-wide routes: server administrators only", async () => {
    const routes: [string, string, unknown][] = [
      ["GET", "/_quire/v1/workspaces", undefined],
      ["GET", `/_quire/v1/workspaces/${wsB}`, undefined],
      ["GET", "/_quire/v1/requests", undefined],
      ["GET", "/_quire/v1/snapshots", undefined],
      ["GET", "/_quire/v1/rate_limit", undefined],
      ["GET", "/_quire/v1/clock", undefined],
      ["GET", "/_quire/v1/faults", undefined],
    ];
    for (const [method, path, body] of routes) {
      const r = await ann.call(method, path, { body });
      assert.equal(r.status, 403, `${method} ${path}`);
      assert.equal(r.body.code, "restricted_resource");
      const o = await olga.call(method, path, { body });
      assert.equal(o.status, 200, `${method} ${path} as a server administrator: ${JSON.stringify(o.body)}`);
    }
    // Writes too: Ann cannot turn rate limits on; Olga can (and turns them off again).
    assert.equal((await ann.call("PUT", "/_quire/v1/rate_limit", { body: { limit: "1/min" } })).status, 403);
    assert.equal((await ok(q, "GET", "/_quire/v1/rate_limit")).limit, "off");
    assert.equal((await olga.call("PUT", "/_quire/v1/rate_limit", { body: { limit: "100/min" } })).status, 200);
    assert.equal((await olga.call("PUT", "/_quire/v1/rate_limit", { body: { limit: "off" } })).status, 200);
  });

  test("CSRF and Origin as on /v1; the admin key works as before and wins over the cookie", async () => {
    const path = `/_quire/v1/workspaces/${wsB}/integrations`;
    for (const csrf of [null, "", ann.csrf.slice(0, -1) + "x", olga.csrf]) {
      const r = await ann.call("GET", path, { csrf });
      assert.equal(r.status, 401, String(csrf));
      assert.equal(r.body.code, "unauthorized");
      assert.match(r.body.message, /X-Quire-CSRF/);
    }
    const cross = await ann.call("POST", path, { body: { name: "x" }, headers: { origin: "https://evil.example" } });
    assert.equal(cross.status, 401);
    // The CSRF token in the query is for event streams only.
    assert.equal((await ann.call("GET", `${path}?csrf_token=${encodeURIComponent(ann.csrf)}`, { csrf: null })).status, 401);
    // The admin key, with or without someone's cookie.
    assert.equal((await ann.call("GET", "/_quire/v1/snapshots", { csrf: null, headers: { authorization: `Bearer ${q.adminKey}` } })).status, 200);
    assert.equal((await ann.call("GET", `/_quire/v1/workspaces/${wsB}/integrations`, { headers: { authorization: "Bearer qadm_wrong" } })).status, 401);
    assert.equal((await q.admin("GET", "/_quire/v1/snapshots")).status, 200);
    // No cookie and no key: 401 as always.
    assert.equal((await fetch(`${q.url}/_quire/v1/snapshots`)).status, 401);
  });

  test("a signed-out session is 401 on the control API", async () => {
    const s = await BrowserSession.signIn(q, people.ann.email, people.ann.password);
    const cookie = s.cookie;
    assert.equal((await s.call("GET", `/_quire/v1/workspaces/${wsB}/members`)).status, 200);
    assert.equal((await s.form.post("/logout", { csrf_token: s.csrf })).status, 303);
    const r = await fetch(`${q.url}/_quire/v1/workspaces/${wsB}/members`, { headers: { cookie, "x-quire-csrf": s.csrf } });
    assert.equal(r.status, 401);
    assert.equal(((await r.json()) as any).code, "unauthorized");
  });

  test("the request log's event stream with the CSRF token in its query (EventSource sends no headers); its value never logged", async () => {
    const url = `${q.url}/_quire/v1/requests/stream?user_id=${people.ann.id}&csrf_token=${encodeURIComponent(olga.csrf)}`;
    const refused = await fetch(url, { headers: { cookie: ann.cookie } });
    assert.equal(refused.status, 401, "Olga's token with Ann's cookie");
    await refused.text();
    const bare = await fetch(`${q.url}/_quire/v1/requests/stream`, { headers: { cookie: olga.cookie } });
    assert.equal(bare.status, 401, "no token at all");
    await bare.text();
    const res = await fetch(url, { headers: { cookie: olga.cookie } });
    assert.equal(res.status, 200);
    assert.match(res.headers.get("content-type")!, /^text\/event-stream/);
    // Ann's /v1 call (filtered by her user id) arrives on Olga's stream.
    const reading = readStream(res, /event: request\ndata: .*"path":"\/v1\/users\/me"/);
    await new Promise((done) => setTimeout(done, 100));
    const me = await ann.call("GET", "/v1/users/me", { workspace: wsB });
    assert.equal(me.status, 200);
    const text = await reading;
    const event = /event: request\ndata: (.*)\n/.exec(text);
    assert.ok(event, text);
    const entry = JSON.parse(event[1]);
    assert.equal(entry.user_id, people.ann.id);
    assert.equal(entry.auth, "session");
    assert.ok(!text.includes(ann.csrf) && !text.includes(olga.csrf));
    // A workspace's stream (webhook deliveries) for its owner.
    const deliveries = await fetch(`${q.url}/_quire/v1/workspaces/${wsB}/webhooks/deliveries/stream?csrf_token=${encodeURIComponent(ann.csrf)}`, { headers: { cookie: ann.cookie } });
    assert.equal(deliveries.status, 200);
    await deliveries.body?.cancel();
    // The log line keeps the path, not the token.
    const line = loggableUrl(`/_quire/v1/requests/stream?user_id=x&csrf_token=${olga.csrf}`);
    assert.ok(!line.includes(olga.csrf), line);
  });
});
