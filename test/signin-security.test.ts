/**
 * Sign-in security (issue 12), beyond test/signin.test.ts (which has the form, fixation with a
 * planted and a made-up id, CSRF on the sign-in form, logout revocation, both rate limits and
 * the trusted proxy's `Secure`): the work an unknown email costs, CSRF across sessions, the
 * origin check behind a proxy and without one, `Secure` on every cookie, the pre-session cookie's
 * end, and an address limit that a forged `X-Forwarded-For` does not dodge.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { createRequire, syncBuiltinESMExports } from "node:module";
import { startTestQuire, type TestQuire } from "./helpers/quire.js";
import { cookieAttributes, csrfOf, FormClient } from "./helpers/signin.js";
import { ATTEMPTS_PER_ADDRESS } from "../src/domain/signin/policy.js";

const PASSWORD = "correct horse battery staple";

async function person(q: TestQuire, password: string | undefined = PASSWORD) {
  const email = `sec-${randomUUID().slice(0, 8)}@example.com`;
  const res = await q.admin("POST", "/_quire/v1/users", { name: "Grace", email, ...(password ? { password } : {}) });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return { id: res.body.id as string, email };
}

const at = (q: TestQuire, headers: Record<string, string> = {}) => new FormClient(q.url, { "x-forwarded-for": `10.9.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`, ...headers });

describe("an unknown email costs what a wrong password costs", () => {
  // node's own scrypt, observed (not replaced) in this process, where the test server runs.
  const crypto = createRequire(import.meta.url)("node:crypto") as typeof import("node:crypto");
  const original = crypto.scrypt;
  const calls: { keylen: number; N?: number; r?: number; p?: number }[] = [];
  let q: TestQuire;
  before(async () => {
    q = await startTestQuire({ trustProxy: true });
    (crypto as any).scrypt = (password: any, salt: any, keylen: number, options: any, callback: any) => {
      calls.push({ keylen, N: options?.N, r: options?.r, p: options?.p });
      return original(password, salt, keylen, options, callback);
    };
    syncBuiltinESMExports();
  });
  after(() => {
    (crypto as any).scrypt = original;
    syncBuiltinESMExports();
  });

  test("a wrong password, an unknown email and an account without a password each run one scrypt at today's cost (N=2^15, r=8, p=1, 32 bytes), and answer alike", async () => {
    const withPassword = await person(q);
    const without = await person(q, undefined);
    const runs: Record<string, { work: typeof calls; status: number }> = {};
    for (const [name, email] of [["wrong password", withPassword.email], ["unknown email", `nobody-${randomUUID()}@example.com`], ["no password", without.email]]) {
      calls.length = 0;
      const r = await at(q).signIn(email, "not the password at all");
      runs[name] = { work: [...calls], status: r.status };
    }
    for (const [name, run] of Object.entries(runs)) {
      assert.equal(run.status, 401, name);
      assert.deepEqual(run.work, [{ keylen: 32, N: 2 ** 15, r: 8, p: 1 }], `${name}: one scrypt at today's cost`);
    }
  });
});

describe("sign-in security", () => {
  let q: TestQuire;
  let plain: TestQuire;
  before(async () => {
    q = await startTestQuire({ trustProxy: true });
    plain = await startTestQuire();
  });

  test("CSRF across sessions: one session's token does not log another out; a token of an ended session does nothing", async () => {
    const p = await person(q);
    const [one, two] = [at(q), at(q)];
    await one.signIn(p.email, PASSWORD);
    await two.signIn(p.email, PASSWORD);
    const oneToken = (await one.session()).body.csrf_token;
    const twoToken = (await two.session()).body.csrf_token;
    assert.notEqual(oneToken, twoToken, "tokens are per session");
    assert.equal((await two.post("/logout", { csrf_token: oneToken })).status, 403);
    assert.equal((await two.session()).status, 200, "still signed in");
    assert.equal((await one.post("/logout", { csrf_token: oneToken })).status, 303);
    // Signed in again in the first browser: the old session's token is not this session's.
    await one.signIn(p.email, PASSWORD);
    assert.equal((await one.post("/logout", { csrf_token: oneToken })).status, 403);
  });

  test("the pre-session cookie ends at sign-in: its form token signs nobody in again", async () => {
    const p = await person(q);
    const c = at(q);
    const token = await c.csrf();
    const nonce = c.jar.get("quire_login")!;
    const r = await c.post("/login", { csrf_token: token, email: p.email, password: PASSWORD });
    assert.equal(r.status, 303);
    const cleared = cookieAttributes(r.setCookies, "quire_login")!;
    assert.deepEqual([cleared.value, cleared["max-age"], cleared.path], ["", "0", "/login"]);
    assert.equal(c.jar.get("quire_login"), undefined);
    // A browser without that cookie cannot use the token; with a made-up nonce neither.
    const other = at(q);
    assert.equal((await other.post("/login", { csrf_token: token, email: p.email, password: PASSWORD })).status, 403);
    other.jar.set("quire_login", nonce.replace(/^./, (ch) => (ch === "A" ? "B" : "A")));
    assert.equal((await other.post("/login", { csrf_token: token, email: p.email, password: PASSWORD })).status, 403);
  });

  test("behind a trusted proxy the forwarded scheme and host are the origin; a downgraded or foreign Origin is refused", async () => {
    const p = await person(q);
    const proxy = { "x-forwarded-proto": "https", "x-forwarded-host": "quire.example" };
    for (const [origin, status] of [["https://quire.example", 303], ["http://quire.example", 403], ["https://evil.example", 403], [q.url, 403]] as const) {
      const c = at(q, proxy);
      const r = await c.post("/login", { csrf_token: await c.csrf(), email: p.email, password: PASSWORD }, { origin });
      assert.equal(r.status, status, origin);
    }
  });

  test("without a trusted proxy, forwarded headers are the client's words: they neither make a foreign Origin pass nor set Secure", async () => {
    const p = await person(plain);
    const forged = { "x-forwarded-proto": "https", "x-forwarded-host": "evil.example" };
    const c = new FormClient(plain.url, forged);
    const token = await c.csrf();
    assert.equal((await c.post("/login", { csrf_token: token, email: p.email, password: PASSWORD }, { origin: "https://evil.example" })).status, 403);
    const r = await c.post("/login", { csrf_token: token, email: p.email, password: PASSWORD }, { origin: plain.url });
    assert.equal(r.status, 303);
    assert.ok(!("secure" in cookieAttributes(r.setCookies, "quire_session")!));
  });

  test("over https every cookie is Secure, HttpOnly, SameSite=Lax — the pre-session one, the session, and the ones that clear them", async () => {
    const p = await person(q);
    const c = at(q, { "x-forwarded-proto": "https" });
    const form = await c.get("/login");
    const signedIn = await c.post("/login", { csrf_token: csrfOf(form.text), email: p.email, password: PASSWORD });
    const out = await c.post("/logout", { csrf_token: (await c.session()).body.csrf_token });
    const cookies = [
      cookieAttributes(form.setCookies, "quire_login"),
      cookieAttributes(signedIn.setCookies, "quire_session"),
      cookieAttributes(signedIn.setCookies, "quire_login"),
      cookieAttributes(out.setCookies, "quire_session"),
    ];
    for (const cookie of cookies) {
      assert.ok(cookie, "each cookie is set");
      assert.ok("secure" in cookie! && "httponly" in cookie!, JSON.stringify(cookie));
      assert.equal(cookie!.samesite, "Lax");
    }
  });

  test(`without a trusted proxy the address limit counts the connection's address: ${ATTEMPTS_PER_ADDRESS} attempts, whatever X-Forwarded-For says, then 429`, async () => {
    // A server of its own: every attempt from this process counts on the loopback address.
    const fresh = await startTestQuire();
    const p = await person(fresh);
    for (let i = 0; i < ATTEMPTS_PER_ADDRESS; i++) {
      const c = new FormClient(fresh.url, { "x-forwarded-for": `192.0.2.${i}` });
      assert.equal((await c.signIn(`spray-${i}-${randomUUID()}@example.com`, "password spraying")).status, 401, `attempt ${i + 1}`);
    }
    const last = new FormClient(fresh.url, { "x-forwarded-for": "198.51.100.7" });
    assert.equal((await last.signIn(p.email, PASSWORD)).status, 429);
    await fresh.close();
  });
});
