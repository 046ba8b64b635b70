/**
 * A signed-in person's favourite pages over HTTP (`/_quire/session/workspaces/{id}/favorites`,
 * src/routes/session-favorites.ts): the session cookie and `X-Quire-CSRF` on every method, no
 * other site's `Origin`, only the person's own workspaces; only pages they can see are starred
 * and listed; each person's own; forgotten when they leave the workspace. Both stores.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { startTestQuire, type TestQuire } from "./helpers/quire.js";
import { FormClient } from "./helpers/signin.js";

const PASSWORD = "correct horse battery staple";
let q: TestQuire;
let ws: string;

/** A person of the first workspace, signed in: their client, CSRF token and id. */
async function person(name: string): Promise<{ c: FormClient; csrf: string; id: string; email: string }> {
  const email = `${name.toLowerCase()}-${Math.random().toString(36).slice(2)}@example.com`;
  const made = await q.admin("POST", "/_quire/v1/users", { name, email, password: PASSWORD });
  assert.equal(made.status, 200, JSON.stringify(made.body));
  const c = new FormClient(q.url);
  assert.equal((await c.signIn(email, PASSWORD)).status, 303);
  const s = await c.session();
  return { c, csrf: s.body.csrf_token, id: s.body.user.id, email };
}

/** A JSON call with the session's cookie (and `csrf` when given). */
async function send(p: { c: FormClient; csrf?: string }, method: string, path: string, headers: Record<string, string> = {}) {
  const cookie = [...p.c.jar].map(([k, v]) => `${k}=${v}`).join("; ");
  const res = await fetch(q.url + path, { method, headers: { ...(cookie ? { cookie } : {}), ...(p.csrf ? { "x-quire-csrf": p.csrf } : {}), ...headers } });
  return { status: res.status, body: await res.json() };
}

const favs = (w = ws) => `/_quire/session/workspaces/${w}/favorites`;

before(async () => {
  q = await startTestQuire();
  ws = (await q.admin("GET", "/_quire/v1/workspace")).body.id;
});
after(() => q?.close());

test("favourites: star, list, star again (first time kept), unstar; 404 for one not starred; Notion-shaped errors", async () => {
  const ada = await person("Ada");
  assert.deepEqual((await send(ada, "GET", favs())).body.results, []);
  const page = (await q.client().pages.create({ parent: { page_id: q.rootPageId }, properties: { title: { title: [{ text: { content: "Starred" } }] } } })).id;
  const first = await send(ada, "PUT", `${favs()}/${page}`);
  assert.equal(first.status, 200, JSON.stringify(first.body));
  assert.equal(first.body.object, "favorite");
  assert.equal(first.body.page_id, page);
  const again = await send(ada, "PUT", `${favs()}/${q.rootPageId}`);
  assert.equal(again.status, 200);
  const repeat = await send(ada, "PUT", `${favs()}/${page}`);
  assert.equal(repeat.body.created_time, first.body.created_time, "starring again keeps the first time");

  const list = await send(ada, "GET", favs());
  assert.equal(list.status, 200);
  assert.equal(list.body.object, "list");
  assert.deepEqual(list.body.results.map((f: { page_id: string }) => f.page_id).sort(), [page, q.rootPageId].sort());

  const gone = await send(ada, "DELETE", `${favs()}/${page}`);
  assert.deepEqual([gone.body.object, gone.body.page_id, gone.body.deleted], ["favorite", page, true]);
  const twice = await send(ada, "DELETE", `${favs()}/${page}`);
  assert.equal(twice.status, 404);
  assert.equal(twice.body.object, "error");
  assert.equal(twice.body.code, "object_not_found");
  assert.ok(twice.body.request_id);
  assert.deepEqual((await send(ada, "GET", favs())).body.results.map((f: { page_id: string }) => f.page_id), [q.rootPageId]);

  const bad = await send(ada, "PUT", `${favs()}/not-an-id`);
  assert.equal(bad.status, 400);
  assert.equal(bad.body.code, "validation_error");
  const unknown = await send(ada, "PUT", `${favs()}/${crypto.randomUUID()}`);
  assert.equal(unknown.status, 404);
});

test("favourites: the session and its CSRF header on every method, no other site's Origin, only the person's workspaces", async () => {
  const ada = await person("Grace");
  for (const method of ["GET", "PUT", "DELETE"]) {
    const path = method === "GET" ? favs() : `${favs()}/${q.rootPageId}`;
    const noCsrf = await send({ c: ada.c }, method, path);
    assert.equal(noCsrf.status, 401, `${method} without the header`);
    assert.equal(noCsrf.body.code, "unauthorized");
    assert.match(noCsrf.body.message, /X-Quire-CSRF/);
    assert.equal((await send({ c: ada.c, csrf: ada.csrf.slice(0, -2) + "xx" }, method, path)).status, 401, `${method} with a wrong token`);
    assert.equal((await send(ada, method, path, { origin: "https://evil.example" })).status, 401, `${method} from another site`);
    assert.equal((await send({ c: new FormClient(q.url), csrf: ada.csrf }, method, path)).status, 401, `${method} signed out`);
  }
  // Another person's token does not work with this session.
  const other = await person("Other");
  assert.equal((await send({ c: ada.c, csrf: other.csrf }, "GET", favs())).status, 401);
  // A workspace the person is not a member of: 404, as an unknown one.
  const elsewhere = (await q.admin("POST", "/_quire/v1/workspaces", { name: "Elsewhere" })).body.id;
  const notMine = await send(ada, "GET", favs(elsewhere));
  assert.equal(notMine.status, 404);
  assert.equal(notMine.body.code, "object_not_found");
  assert.equal((await send(ada, "GET", favs(crypto.randomUUID()))).status, 404);
  // Nothing was written by the refused calls.
  assert.deepEqual((await send(ada, "GET", favs())).body.results, []);
});

test("favourites: only pages the person sees (a page made private to another is 404 and drops out of the list); each person's own; gone when they leave", async () => {
  const ada = await person("Alan");
  const bob = await person("Bob");
  const open = (await q.client().pages.create({ parent: { page_id: q.rootPageId }, properties: { title: { title: [{ text: { content: "Open" } }] } } })).id;
  // A top-level page in the Workspace section: every member sees it.
  const shared = (await q.admin("POST", "/_quire/v1/pages", { title: "For now shared" })).body.id as string;
  assert.equal((await send(ada, "PUT", `${favs()}/${shared}`)).status, 200);
  assert.equal((await send(ada, "PUT", `${favs()}/${open}`)).status, 200);
  assert.deepEqual((await send(bob, "GET", favs())).body.results, [], "another person's favourites are their own");

  // A top-level page private to Bob: Ada cannot star it, Bob can.
  const bobs = (await q.admin("POST", "/_quire/v1/pages", { title: "Bob's own" })).body.id as string;
  assert.equal((await q.admin("PUT", `/_quire/v1/pages/${bobs}/section`, { section: "private", user_id: bob.id })).status, 200);
  const refused = await send(ada, "PUT", `${favs()}/${bobs}`);
  assert.equal(refused.status, 404, JSON.stringify(refused.body));
  assert.equal((await send(bob, "PUT", `${favs()}/${bobs}`)).status, 200);
  // A page Ada starred and can no longer see (made private to Bob) is left out of her list.
  assert.equal((await q.admin("PUT", `/_quire/v1/pages/${shared}/section`, { section: "private", user_id: bob.id })).status, 200);
  assert.deepEqual((await send(ada, "GET", favs())).body.results.map((f: { page_id: string }) => f.page_id), [open]);

  // Leaving the workspace takes them along: back as a member, the list is empty.
  assert.equal((await q.admin("DELETE", `/_quire/v1/members/${ada.id}`)).status, 200);
  assert.equal((await q.admin("POST", "/_quire/v1/members", { user_id: ada.id })).status, 200);
  const again = new FormClient(q.url);
  assert.equal((await again.signIn(ada.email, PASSWORD)).status, 303);
  const csrf = (await again.session()).body.csrf_token;
  assert.deepEqual((await send({ c: again, csrf }, "GET", favs())).body.results, []);
});
