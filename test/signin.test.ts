/**
 * Sign-in over HTTP (issue 12): the form, sessions, their cookie, CSRF, `next`, rate limits,
 * expiry and revocation, on the pass's store. Passwords go through the control API; the sign-in
 * pages are driven as a browser without JavaScript would (test/helpers/signin.ts). The real
 * browser's run is test/signin-browser.test.ts; accounts and first-start credentials are
 * test/accounts.test.ts.
 */
import { before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { startTestQuire, type TestQuire } from "./helpers/quire.js";
import { cookieAttributes, csrfOf, FormClient } from "./helpers/signin.js";
import { signedInLanding } from "../src/routes/web-app.js";
import { FrozenClock } from "../src/domain/clock.js";
import { ATTEMPTS_PER_ADDRESS, FAILURES_PER_EMAIL, SESSION_ABSOLUTE_MS, SESSION_IDLE_MS } from "../src/domain/signin/policy.js";

const PASSWORD = "correct horse battery staple";

/** A person with a password in the seeded workspace. */
async function person(q: TestQuire, password = PASSWORD) {
  const email = `p-${randomUUID().slice(0, 8)}@example.com`;
  const res = await q.admin("POST", "/_quire/v1/users", { name: "Ada Lovelace", email, password });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return { id: res.body.id as string, email };
}

/** A form client standing at its own address (the server trusts X-Forwarded-For in these tests). */
const client = (q: TestQuire, headers: Record<string, string> = {}) => new FormClient(q.url, { "x-forwarded-for": `10.0.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`, ...headers });

describe("sign-in", () => {
  let q: TestQuire;
  before(async () => {
    q = await startTestQuire({ trustProxy: true });
  });

  test("GET /login: a form usable without JavaScript, labelled fields, a CSRF token and its pre-session cookie, never cached or framed; styled by one stylesheet of the app's palette", async () => {
    const c = client(q);
    const r = await c.get("/login");
    assert.equal(r.status, 200);
    assert.match(r.headers.get("content-type")!, /^text\/html; charset=utf-8/);
    assert.match(r.text, /<form method="post" action="\/login">/);
    assert.match(r.text, /<label for="email">Email<\/label>\s*<input id="email" name="email" type="email" autocomplete="username" required/);
    assert.match(r.text, /<label for="password">Password<\/label>\s*<input id="password" name="password" type="password" autocomplete="current-password" required/);
    assert.doesNotMatch(r.text, /<script/i);
    assert.ok(csrfOf(r.text).length >= 40);
    const pre = cookieAttributes(r.setCookies, "quire_login")!;
    assert.ok(pre && "httponly" in pre && pre.samesite === "Lax" && pre.path === "/login");
    assert.equal(r.headers.get("cache-control"), "no-store");
    assert.equal(r.headers.get("x-frame-options"), "DENY");
    assert.match(r.headers.get("content-security-policy")!, /frame-ancestors 'none'/);
    // No inline style or script: the look is one stylesheet of this server's (CSP style-src 'self').
    assert.match(r.headers.get("content-security-policy")!, /style-src 'self';/);
    assert.doesNotMatch(r.text, /<style|style="/i);
    const href = /<link rel="stylesheet" href="([^"]+)">/.exec(r.text)![1];
    const css = await fetch(q.url + href);
    assert.equal(css.status, 200);
    assert.match(css.headers.get("content-type")!, /^text\/css/);
    assert.equal(css.headers.get("cache-control"), "public, max-age=31536000, immutable", "its address carries its hash");
    // The app's palette and type: every :root variable of web/src/styles.css, with the same value.
    const text = await css.text();
    const vars = (source: string) => new Map([...source.slice(0, source.indexOf("}")).matchAll(/(--[\w-]+):\s*([^;]+);/g)].map((m) => [m[1], m[2].trim()]));
    const app = vars(readFileSync(new URL("../web/src/styles.css", import.meta.url), "utf8"));
    const pages = vars(text);
    for (const [name, value] of app) if (name !== "--mono" && name !== "--sidebar-width") assert.equal(pages.get(name), value, name);
    // A second visit keeps the pre-session cookie (two tabs both work).
    const again = await c.get("/login");
    assert.equal(cookieAttributes(again.setCookies, "quire_login"), null);
    assert.equal(csrfOf(again.text), csrfOf(r.text));
  });

  test("POST /login: the right password → 303 and a session cookie (HttpOnly, SameSite=Lax, Path=/, not Secure over http); /_quire/session shows the person", async () => {
    const p = await person(q);
    const c = client(q);
    const r = await c.signIn(p.email.toUpperCase(), PASSWORD);
    assert.equal(r.status, 303, r.text);
    // Without `next`: the web app once built (test/run.ts builds it), else the signed-in page.
    assert.equal(r.headers.get("location"), signedInLanding());
    const cookie = cookieAttributes(r.setCookies, "quire_session")!;
    assert.match(cookie.value, /^[A-Za-z0-9_-]{43}$/, "256 random bits, base64url");
    assert.ok("httponly" in cookie);
    assert.equal(cookie.samesite, "Lax");
    assert.equal(cookie.path, "/");
    assert.equal(cookie["max-age"], String(SESSION_ABSOLUTE_MS / 1000));
    assert.ok(!("secure" in cookie), "plain http: no Secure");
    const s = await c.session();
    assert.equal(s.status, 200);
    assert.equal(s.body.object, "session");
    assert.deepEqual(s.body.user, { object: "user", id: p.id, type: "person", name: "Ada Lovelace", person: { email: p.email } });
    assert.deepEqual(s.body.workspaces, [{ id: q.workspaceId, name: "Quire", role: "member", can_manage: false }]);
    assert.equal(s.body.server_admin, false);
    assert.match(s.body.csrf_token, /^[A-Za-z0-9_-]{43}$/);
    const onward = await c.get("/login?next=%2F_quire%2Fsession");
    assert.deepEqual([onward.status, onward.headers.get("location")], [303, "/_quire/session"], "signed in already: next goes straight on");
    const page = await c.get("/login");
    assert.match(page.text, new RegExp(`signed in as <strong id="signed-in-as">Ada Lovelace \\(${p.email.replace(/\./g, "\\.")}\\)`));
  });

  test("GET /_quire/session: 401 in the control API's error shape without a session, or with a made-up one", async () => {
    for (const cookie of [undefined, `quire_session=${"A".repeat(43)}`, "quire_session=short"]) {
      const res = await fetch(q.url + "/_quire/session", { headers: cookie ? { cookie } : {} });
      assert.equal(res.status, 401);
      const body = await res.json();
      assert.deepEqual([body.object, body.status, body.code], ["error", 401, "unauthorized"]);
      assert.match(body.message, /sign in at \/login/);
    }
  });

  test("a wrong password and an unknown email get the same answer (401, the same page but for the email typed)", async () => {
    const p = await person(q);
    const wrong = await client(q).signIn(p.email, "not the password at all");
    const unknown = await client(q).signIn(`nobody-${randomUUID()}@example.com`, "not the password at all");
    const noPassword = await q.admin("POST", "/_quire/v1/users", { name: "No password", email: `np-${randomUUID()}@example.com` });
    const without = await client(q).signIn(noPassword.body.person.email, "not the password at all");
    for (const r of [wrong, unknown, without]) {
      assert.equal(r.status, 401);
      assert.match(r.text, /<p class="error" role="alert" id="login-error">Incorrect email or password\.<\/p>/);
      assert.equal(cookieAttributes(r.setCookies, "quire_session"), null);
    }
    const strip = (t: string) => t.replace(/name="email"[^>]*value="[^"]*"/, "").replace(/name="csrf_token" value="[^"]*"/, "");
    assert.equal(strip(wrong.text), strip(unknown.text));
    assert.equal(strip(wrong.text), strip(without.text));
    assert.match(wrong.text, new RegExp(`value="${p.email.replace(/\./g, "\\.")}"`), "the email typed is kept in the form");
  });

  test("missing fields: 400, the form again", async () => {
    const c = client(q);
    const csrf_token = await c.csrf();
    const r = await c.post("/login", { csrf_token, email: "", password: "" });
    assert.equal(r.status, 400);
    assert.match(r.text, /Enter your email and password\./);
  });

  test("no fixation: every sign-in hands out a new session id and ends the one the request came with", async () => {
    const p = await person(q);
    const attacker = client(q);
    await attacker.signIn(p.email, PASSWORD);
    const planted = attacker.jar.get("quire_session")!;
    // The victim's browser carries a session id chosen by someone else (a real one, then a made-up one).
    for (const id of [planted, "B".repeat(43)]) {
      const victim = client(q);
      const csrf_token = await victim.csrf();
      victim.jar.set("quire_session", id);
      const r = await victim.post("/login", { csrf_token, email: p.email, password: PASSWORD });
      assert.equal(r.status, 303);
      const given = cookieAttributes(r.setCookies, "quire_session")!.value;
      assert.notEqual(given, id);
      assert.equal((await victim.session()).status, 200);
      const old = await fetch(q.url + "/_quire/session", { headers: { cookie: `quire_session=${id}` } });
      assert.equal(old.status, 401, "the id the request came with is not signed in");
    }
  });

  test("CSRF: a sign-in without the token, with a wrong one, with another cookie's, or from another origin → 403 page; JSON instead of a form → 403", async () => {
    const p = await person(q);
    const c = client(q);
    const token = await c.csrf();
    const other = client(q);
    const othersToken = await other.csrf();
    const attempts: [string, Record<string, string>, Record<string, string>?][] = [
      ["no token", { email: p.email, password: PASSWORD }],
      ["wrong token", { csrf_token: token.slice(0, -2) + "xx", email: p.email, password: PASSWORD }],
      ["another browser's token", { csrf_token: othersToken, email: p.email, password: PASSWORD }],
      ["another origin", { csrf_token: token, email: p.email, password: PASSWORD }, { origin: "https://evil.example" }],
      ["origin null", { csrf_token: token, email: p.email, password: PASSWORD }, { origin: "null" }],
    ];
    for (const [why, fields, headers] of attempts) {
      const r = await c.post("/login", fields, headers);
      assert.equal(r.status, 403, why);
      assert.match(r.text, /<h1>Request refused<\/h1>/, why);
      assert.equal(cookieAttributes(r.setCookies, "quire_session"), null, why);
    }
    const json = await fetch(q.url + "/login", { method: "POST", headers: { "content-type": "application/json", cookie: `quire_login=${c.jar.get("quire_login")}` }, body: JSON.stringify({ csrf_token: token, email: p.email, password: PASSWORD }) });
    assert.equal(json.status, 403);
    // The same origin is fine.
    const ok = await c.post("/login", { csrf_token: token, email: p.email, password: PASSWORD }, { origin: q.url });
    assert.equal(ok.status, 303);
  });

  test("POST /logout: needs the session's token (403 without; the session stays), then ends the session and clears the cookie", async () => {
    const p = await person(q);
    const c = client(q);
    await c.signIn(p.email, PASSWORD);
    const id = c.jar.get("quire_session")!;
    assert.equal((await c.post("/logout", {})).status, 403);
    assert.equal((await c.post("/logout", { csrf_token: csrfOf((await client(q).get("/login")).text) })).status, 403, "a sign-in form's token is not the session's");
    assert.equal((await c.session()).status, 200, "still signed in");
    const token = csrfOf((await c.get("/login")).text);
    assert.equal(token, (await c.session()).body.csrf_token);
    assert.equal((await c.post("/logout", { csrf_token: token }, { origin: "https://evil.example" })).status, 403);
    const out = await c.post("/logout", { csrf_token: token });
    assert.equal(out.status, 303);
    assert.equal(out.headers.get("location"), "/login");
    const cleared = cookieAttributes(out.setCookies, "quire_session")!;
    assert.equal(cleared["max-age"], "0");
    const replay = await fetch(q.url + "/_quire/session", { headers: { cookie: `quire_session=${id}` } });
    assert.equal(replay.status, 401, "revoked on the server, not only forgotten by the browser");
    // Signed out already: a logout just clears the cookie.
    assert.equal((await client(q).post("/logout", {})).status, 303);
  });

  test("next: a local path is where a sign-in lands; another host, a protocol-relative or backslash path, or a scheme is dropped", async () => {
    const p = await person(q);
    const cases: [string, string][] = [
      ["/_quire/session?x=1#top", "/_quire/session?x=1#top"],
      ["//evil.example/x", signedInLanding()],
      ["/\\evil.example", signedInLanding()],
      ["https://evil.example/", signedInLanding()],
      ["javascript:alert(1)", signedInLanding()],
      ["/%0d%0aSet-Cookie:x=1", "/%0d%0aSet-Cookie:x=1"],
    ];
    for (const [next, location] of cases) {
      const c = client(q);
      const form = await c.get(`/login?next=${encodeURIComponent(next)}`);
      if (location !== signedInLanding()) assert.match(form.text, /name="next"/);
      const r = await c.post("/login", { csrf_token: csrfOf(form.text), email: p.email, password: PASSWORD, next });
      assert.equal(r.status, 303, next);
      assert.equal(r.headers.get("location"), location, next);
    }
  });

  test("a form body is taken only by the sign-in routes: /v1 and the control API still refuse it", async () => {
    const v1 = await q.raw("POST", "/v1/search", { body: "query=x", headers: { "content-type": "application/x-www-form-urlencoded" } });
    assert.equal(v1.status, 400);
    assert.equal(v1.body.code, "invalid_json");
    const admin = await fetch(q.url + "/_quire/v1/users", { method: "POST", headers: { authorization: `Bearer ${q.adminKey}`, "content-type": "application/x-www-form-urlencoded" }, body: "name=x&email=x@example.com" });
    assert.equal(admin.status, 400);
    assert.equal((await admin.json()).code, "invalid_json");
  });

  test(`rate limits: after ${FAILURES_PER_EMAIL} failures an email gets 429 with Retry-After — the right password too, and an unknown email alike`, async () => {
    const p = await person(q);
    const unknown = `nobody-${randomUUID()}@example.com`;
    for (const email of [p.email, unknown]) {
      for (let i = 0; i < FAILURES_PER_EMAIL; i++) assert.equal((await client(q).signIn(email, `wrong password ${i}`)).status, 401);
      // Other addresses, so only the email's count is reached.
      const limited = await client(q).signIn(email.toUpperCase(), PASSWORD);
      assert.equal(limited.status, 429, email);
      assert.ok(Number(limited.headers.get("retry-after")) > 0 && Number(limited.headers.get("retry-after")) <= 900);
      assert.match(limited.text, /Too many sign-in attempts\. Try again in 15 minutes\./);
      assert.equal(cookieAttributes(limited.setCookies, "quire_session"), null);
    }
  });

  test(`rate limits: one address gets ${ATTEMPTS_PER_ADDRESS} attempts in the window whatever the emails, then 429`, async () => {
    const c = client(q);
    const token = await c.csrf();
    for (let i = 0; i < ATTEMPTS_PER_ADDRESS; i++) {
      const r = await c.post("/login", { csrf_token: token, email: `spray-${i}-${randomUUID()}@example.com`, password: "password spraying" });
      assert.equal(r.status, 401, `attempt ${i + 1}`);
    }
    const p = await person(q);
    const r = await c.post("/login", { csrf_token: token, email: p.email, password: PASSWORD });
    assert.equal(r.status, 429);
    assert.ok(Number(r.headers.get("retry-after")) > 0);
    assert.equal((await client(q).signIn(p.email, PASSWORD)).status, 303, "another address is not limited");
  });

  test("a person removed from every workspace cannot sign in (same answer), and their session ends", async () => {
    // Removal comes with h12-workspaces' members endpoints; until then a person row is removed behind the server.
    const dir = await import("node:fs").then((fs) => fs.mkdtempSync(`${(process.env.TMPDIR ?? "/tmp")}/quire-signin-`));
    const server = await startTestQuire({ dataDir: dir, memory: false, trustProxy: true });
    try {
      const p = await person(server);
      const c = client(server);
      assert.equal((await c.signIn(p.email, PASSWORD)).status, 303);
      const { execOnStore } = await import("./helpers/store.js");
      await execOnStore(dir, "DELETE FROM users WHERE id = ?", [p.id]);
      assert.equal((await c.session()).status, 401);
      assert.equal((await client(server).signIn(p.email, PASSWORD)).status, 401);
    } finally {
      await server.close();
    }
  });
});

describe("sign-in behind a proxy, and session expiry", () => {
  test("Secure comes from X-Forwarded-Proto only when the proxy is trusted (the client's address likewise: the rate-limit tests stand at their own X-Forwarded-For)", async () => {
    const trusted = await startTestQuire({ trustProxy: true });
    const plain = await startTestQuire();
    try {
      for (const [q, secure] of [[trusted, true], [plain, false]] as const) {
        const p = await person(q);
        const c = new FormClient(q.url, { "x-forwarded-proto": "https" });
        const r = await c.signIn(p.email, PASSWORD, {});
        assert.equal(r.status, 303);
        assert.equal("secure" in cookieAttributes(r.setCookies, "quire_session")!, secure);
      }
    } finally {
      await trusted.close();
      await plain.close();
    }
  });

  test(`sessions end ${SESSION_IDLE_MS / 3600000} h after their last use and ${SESSION_ABSOLUTE_MS / 86400000} days after they began; the rate-limit window ends`, async () => {
    const clock = new FrozenClock(Date.now());
    const q = await startTestQuire({ clock, trustProxy: true });
    try {
      const p = await person(q);
      const idle = client(q);
      await idle.signIn(p.email, PASSWORD);
      clock.advance(SESSION_IDLE_MS - 60_000);
      assert.equal((await idle.session()).status, 200, "used just before the idle limit");
      clock.advance(SESSION_IDLE_MS - 60_000);
      assert.equal((await idle.session()).status, 200, "idle counts from the last use");
      clock.advance(SESSION_IDLE_MS);
      assert.equal((await idle.session()).status, 401, "unused for the idle limit");

      const busy = client(q);
      await busy.signIn(p.email, PASSWORD);
      const started = clock.now();
      while (clock.now() + 3_600_000 < started + SESSION_ABSOLUTE_MS) {
        clock.advance(3_600_000);
        assert.equal((await busy.session()).status, 200);
      }
      clock.set(started + SESSION_ABSOLUTE_MS);
      assert.equal((await busy.session()).status, 401, "past the absolute end, however used");

      const email = `limited-${randomUUID()}@example.com`;
      for (let i = 0; i <= FAILURES_PER_EMAIL; i++) await client(q).signIn(email, "wrong password!");
      assert.equal((await client(q).signIn(email, "wrong password!")).status, 429);
      clock.advance(15 * 60 * 1000);
      assert.equal((await client(q).signIn(email, "wrong password!")).status, 401, "a new window");
    } finally {
      await q.close();
    }
  });
});
