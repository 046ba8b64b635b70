/**
 * Public integrations' OAuth through `@notionhq/client`'s `oauth.*` unchanged: the registry, the
 * code exchange, refresh, introspection, revocation, and every error (docs/design/oauth.md).
 * The SDK raises `APIResponseError` for the codes it knows (`invalid_request`) and
 * `UnknownHTTPResponseError` for OAuth's own (`invalid_grant`, `invalid_client`, …), with the body.
 */
import { test, before, describe } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { APIResponseError, UnknownHTTPResponseError, type Client } from "@notionhq/client";
import { startTestQuire, type TestQuire } from "./helpers/quire.js";
import { FrozenClock } from "../src/domain/clock.js";
import { REDIRECT, basic, grant, ok, personWithPage, post, registerPublic, sdk } from "./helpers/oauth.js";

const START = Date.UTC(2026, 0, 5, 12, 0, 0);
const clock = new FrozenClock(START);
let q: TestQuire;

before(async () => {
  q = await startTestQuire({ clock });
});

type App = { id: string; client_id: string; client_secret: string };
const creds = (app: App) => ({ client_id: app.client_id, client_secret: app.client_secret });

/** A registered app, a person with a page, and a fresh code for them. */
async function setup(extra: Record<string, unknown> = {}, grantExtra: Record<string, unknown> = {}) {
  const app: App = await registerPublic(q, extra);
  const { user, page_id } = await personWithPage(q);
  const { code } = await grant(q, { client_id: app.client_id, user_id: user.id, page_ids: [page_id], ...grantExtra });
  return { app, user, page_id, code };
}

/** Runs `fn` and returns the OAuth error it raised: the SDK's error, its status and its parsed body. */
async function oauthFailure(fn: () => Promise<unknown>): Promise<{ err: unknown; status: number; body: any }> {
  try {
    await fn();
  } catch (err) {
    if (err instanceof APIResponseError || err instanceof UnknownHTTPResponseError) return { err, status: err.status, body: JSON.parse(err.body) };
    throw err;
  }
  assert.fail("expected the call to fail");
}

const exchange = (app: App, code: string, more: Record<string, unknown> = {}) =>
  sdk(q).oauth.token({ grant_type: "authorization_code", code, ...creds(app), ...more } as Parameters<Client["oauth"]["token"]>[0]);

describe("registry", () => {
  test("a public integration shows its secret once; lists and GET show it without", async () => {
    const app = await registerPublic(q, { capabilities: ["read_content", "user_info_without_email"], icon: "🚀" });
    assert.equal(app.type, "public");
    assert.match(app.client_id, /^[0-9a-f-]{36}$/);
    assert.match(app.client_secret, /^secret_[0-9A-Za-z]{43}$/);
    assert.deepEqual(app.redirect_uris, [REDIRECT]);
    assert.deepEqual(app.capabilities, ["read_content", "user_info_without_email"]);
    assert.equal(app.icon, "🚀");
    const one = await ok(q, "GET", `/_quire/v1/integrations/${app.id}`);
    assert.equal(one.client_secret, undefined);
    assert.equal(one.client_id, app.client_id);
    const list = await ok(q, "GET", "/_quire/v1/integrations");
    assert.ok(list.results.some((i: any) => i.id === app.id && i.type === "public" && i.client_secret === undefined));
    assert.ok(list.results.some((i: any) => i.type === "internal"));
  });

  test("redirect URIs must be absolute http(s) URLs without a fragment", async () => {
    for (const bad of [["/callback"], ["ftp://x.example.com/cb"], ["https://x.example.com/cb#frag"], [], ["not a url"]]) {
      const res = await q.admin("POST", "/_quire/v1/integrations", { type: "public", name: "Bad", redirect_uris: bad });
      assert.equal(res.status, 400, JSON.stringify(bad));
      assert.equal(res.body.code, "validation_error");
    }
    const missing = await q.admin("POST", "/_quire/v1/integrations", { type: "public", name: "Bad" });
    assert.equal(missing.status, 400);
    const template = await q.admin("POST", "/_quire/v1/integrations", { type: "public", name: "Bad", redirect_uris: [REDIRECT], template_page_id: "00000000-0000-4000-8000-000000000000" });
    assert.equal(template.status, 400);
  });

  test("rotating the secret answers a new one; the old one stops working at once", async () => {
    const { app, code } = await setup();
    const rotated = await ok(q, "PATCH", `/_quire/v1/integrations/${app.id}`, { rotate_secret: true, name: "Acme Renamed" });
    assert.notEqual(rotated.client_secret, app.client_secret);
    assert.equal(rotated.name, "Acme Renamed");
    const { status, body } = await oauthFailure(() => exchange(app, code));
    assert.equal(status, 401);
    assert.equal(body.code, "invalid_client");
    const token = await exchange({ ...app, client_secret: rotated.client_secret }, code);
    assert.match(token.access_token, /^ntn_/);
  });

  test("deleting a public integration removes every installation: its tokens stop working", async () => {
    const { app, code, page_id } = await setup();
    const token = await exchange(app, code);
    await sdk(q, token.access_token).pages.retrieve({ page_id });
    assert.deepEqual(await ok(q, "DELETE", `/_quire/v1/integrations/${app.id}`), { id: app.id, deleted: true });
    const { status, body } = await oauthFailure(() => sdk(q, token.access_token).pages.retrieve({ page_id }));
    assert.equal(status, 401);
    assert.equal(body.code, "unauthorized");
    assert.equal((await q.admin("GET", `/_quire/v1/integrations/${app.id}`)).status, 404);
  });
});

describe("authorization_code", () => {
  test("Notion's answer: tokens, bot, workspace, the installing person as owner", async () => {
    const { app, user, code } = await setup();
    const token = await exchange(app, code);
    assert.equal(token.token_type, "bearer");
    assert.match(token.access_token, /^ntn_[0-9A-Za-z]{46}$/);
    assert.match(token.refresh_token!, /^nrt_/);
    assert.equal(token.workspace_name, "Quire");
    assert.match(token.workspace_id, /^[0-9a-f-]{36}$/);
    assert.equal(token.workspace_icon, null);
    assert.equal(token.duplicated_template_id, null);
    assert.ok(token.request_id);
    assert.deepEqual(token.owner, { type: "user", user: { object: "user", id: user.id, name: user.name, avatar_url: null, type: "person", person: { email: user.email } } });
  });

  test("a reused code is refused and revokes the tokens its first use issued", async () => {
    const { app, code, page_id } = await setup();
    const token = await exchange(app, code);
    const { err, status, body } = await oauthFailure(() => exchange(app, code));
    assert.ok(err instanceof UnknownHTTPResponseError);
    assert.equal(status, 400);
    assert.equal(body.object, "error");
    assert.equal(body.code, "invalid_grant");
    assert.equal(body.error, "invalid_grant");
    assert.equal(body.message, "Invalid code: this code has been revoked.");
    const after = await oauthFailure(() => sdk(q, token.access_token).pages.retrieve({ page_id }));
    assert.equal(after.status, 401);
    const refresh = await oauthFailure(() => sdk(q).oauth.token({ grant_type: "refresh_token", refresh_token: token.refresh_token!, ...creds(app) }));
    assert.equal(refresh.body.code, "invalid_grant");
  });

  test("a code expires 10 minutes after it was issued (the server's clock)", async () => {
    const { app, code } = await setup();
    const fresh = await setup();
    clock.advance(10 * 60 * 1000);
    try {
      const { status, body } = await oauthFailure(() => exchange(app, code));
      assert.equal(status, 400);
      assert.equal(body.code, "invalid_grant");
      assert.match(body.message, /expired/);
      // One millisecond less would still do: the bound is the code's own time plus 10 minutes.
      clock.advance(-1);
      assert.match((await exchange(fresh.app, fresh.code)).access_token, /^ntn_/);
    } finally {
      clock.set(START);
    }
  });

  test("redirect_uri: required and exact when the authorization named one, refused when it did not", async () => {
    const named = await setup({}, { redirect_uri: REDIRECT });
    const missing = await oauthFailure(() => exchange(named.app, named.code));
    assert.ok(missing.err instanceof APIResponseError);
    assert.equal((missing.err as APIResponseError).code, "invalid_request");
    const wrong = await oauthFailure(() => exchange(named.app, named.code, { redirect_uri: REDIRECT + "/other" }));
    assert.equal(wrong.body.code, "invalid_grant");
    assert.match((await exchange(named.app, named.code, { redirect_uri: REDIRECT })).access_token, /^ntn_/);

    const unnamed = await setup();
    const extra = await oauthFailure(() => exchange(unnamed.app, unnamed.code, { redirect_uri: REDIRECT }));
    assert.equal(extra.status, 400);
    assert.equal(extra.body.code, "invalid_request");
  });

  test("a client with several redirect URIs must name one when granting", async () => {
    const app: App = await registerPublic(q, { redirect_uris: [REDIRECT, "http://localhost:3000/cb"] });
    const { user } = await personWithPage(q);
    const res = await q.admin("POST", "/_quire/v1/oauth/grants", { client_id: app.client_id, user_id: user.id });
    assert.equal(res.status, 400);
    const unregistered = await q.admin("POST", "/_quire/v1/oauth/grants", { client_id: app.client_id, user_id: user.id, redirect_uri: "http://localhost:3000/cb/" });
    assert.equal(unregistered.status, 400);
    const { redirect } = await grant(q, { client_id: app.client_id, user_id: user.id, redirect_uri: "http://localhost:3000/cb", state: "s" });
    assert.match(redirect, /^http:\/\/localhost:3000\/cb\?code=ncd_[0-9A-Za-z]+&state=s$/);
  });

  test("wrong secret, unknown client, no credentials: 401 invalid_client", async () => {
    const { app, code } = await setup();
    const wrong = await oauthFailure(() => exchange({ ...app, client_secret: app.client_secret + "x" }, code));
    assert.ok(wrong.err instanceof UnknownHTTPResponseError);
    assert.equal(wrong.status, 401);
    assert.equal(wrong.body.code, "invalid_client");
    const unknown = await oauthFailure(() => exchange({ ...app, client_id: "00000000-0000-4000-8000-000000000000" }, code));
    assert.equal(unknown.status, 401);
    const none = await post(q, "/v1/oauth/token", { grant_type: "authorization_code", code });
    assert.equal(none.status, 401);
    assert.equal(none.body.code, "invalid_client");
    assert.match(String(none.headers.get("www-authenticate")), /^Basic/);
    const bearer = await post(q, "/v1/oauth/token", { grant_type: "authorization_code", code }, { authorization: `Bearer ${q.token}` });
    assert.equal(bearer.status, 401);
    // The code is still good after those refusals.
    assert.match((await exchange(app, code)).access_token, /^ntn_/);
  });

  test("a code of client A is refused to client B", async () => {
    const a = await setup();
    const b: App = await registerPublic(q);
    const { status, body } = await oauthFailure(() => exchange(b, a.code));
    assert.equal(status, 400);
    assert.equal(body.code, "invalid_grant");
    assert.match((await exchange(a.app, a.code)).access_token, /^ntn_/);
  });

  test("bad requests: unknown grant type, missing code, an unknown code", async () => {
    const { app } = await setup();
    const grantType = await post(q, "/v1/oauth/token", { grant_type: "password" }, basic(app.client_id, app.client_secret));
    assert.equal(grantType.status, 400);
    assert.equal(grantType.body.code, "unsupported_grant_type");
    const noCode = await post(q, "/v1/oauth/token", { grant_type: "authorization_code" }, basic(app.client_id, app.client_secret));
    assert.equal(noCode.status, 400);
    assert.equal(noCode.body.code, "invalid_request");
    const noType = await post(q, "/v1/oauth/token", {}, basic(app.client_id, app.client_secret));
    assert.equal(noType.body.code, "invalid_request");
    const unknown = await oauthFailure(() => exchange(app, "ncd_nothing"));
    assert.equal(unknown.body.code, "invalid_grant");
    const notJson = await fetch(q.url + "/v1/oauth/token", { method: "POST", headers: { "content-type": "application/json", ...basic(app.client_id, app.client_secret) }, body: "{" });
    assert.equal(notJson.status, 400);
    // Notion documents JSON bodies; a form-encoded one is refused as any non-JSON body.
    const form = await fetch(q.url + "/v1/oauth/token", { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", ...basic(app.client_id, app.client_secret) }, body: "grant_type=authorization_code&code=x" });
    assert.equal(form.status, 400);
    assert.equal(((await form.json()) as any).code, "invalid_json");
  });

  test("external_account is kept on the installation (link previews' account link)", async () => {
    const { app, code } = await setup();
    const token = await exchange(app, code, { external_account: { key: "acct-42", name: "ada@partner.example" } });
    const connections = await ok(q, "GET", "/_quire/v1/connections");
    const mine = connections.results.find((c: any) => c.bot_id === token.bot_id);
    assert.deepEqual(mine.external_account, { key: "acct-42", name: "ada@partner.example" });
    const bad = await setup();
    const res = await post(q, "/v1/oauth/token", { grant_type: "authorization_code", code: bad.code, external_account: { key: "k" } }, basic(bad.app.client_id, bad.app.client_secret));
    assert.equal(res.status, 400);
    assert.equal(res.body.code, "invalid_request");
  });
});

describe("PKCE (beyond Notion)", () => {
  const verifier = "a".repeat(20) + "-verifier-of-enough-length-1234567890";
  const challenge = createHash("sha256").update(verifier).digest("base64url");

  test("a public client exchanges with client_id and the matching code_verifier, no secret", async () => {
    const { app, code } = await setup({}, { code_challenge: challenge, code_challenge_method: "S256" });
    const wrong = await post(q, "/v1/oauth/token", { grant_type: "authorization_code", code, client_id: app.client_id, code_verifier: verifier + "x" });
    assert.equal(wrong.status, 400);
    assert.equal(wrong.body.code, "invalid_grant");
    const missing = await post(q, "/v1/oauth/token", { grant_type: "authorization_code", code, client_id: app.client_id });
    assert.equal(missing.body.code, "invalid_request");
    const right = await post(q, "/v1/oauth/token", { grant_type: "authorization_code", code, client_id: app.client_id, code_verifier: verifier });
    assert.equal(right.status, 200, JSON.stringify(right.body));
    assert.match(right.body.access_token, /^ntn_/);
  });

  test("without PKCE a client must authenticate; plain challenges are refused", async () => {
    const { app, code } = await setup();
    const res = await post(q, "/v1/oauth/token", { grant_type: "authorization_code", code, client_id: app.client_id, code_verifier: verifier });
    assert.equal(res.status, 401);
    assert.equal(res.body.code, "invalid_client");
    const { user } = await personWithPage(q);
    const plain = await q.admin("POST", "/_quire/v1/oauth/grants", { client_id: app.client_id, user_id: user.id, code_challenge: challenge, code_challenge_method: "plain" });
    assert.equal(plain.status, 400);
  });
});

describe("refresh_token", () => {
  test("answers new access and refresh tokens; both old ones stop working", async () => {
    const { app, code, page_id } = await setup();
    const first = await exchange(app, code);
    const second = await sdk(q).oauth.token({ grant_type: "refresh_token", refresh_token: first.refresh_token!, ...creds(app) });
    assert.notEqual(second.access_token, first.access_token);
    assert.notEqual(second.refresh_token, first.refresh_token);
    assert.equal(second.bot_id, first.bot_id);
    assert.equal((await sdk(q, second.access_token).pages.retrieve({ page_id })).id, page_id);
    assert.equal((await oauthFailure(() => sdk(q, first.access_token).pages.retrieve({ page_id }))).status, 401);
    const again = await oauthFailure(() => sdk(q).oauth.token({ grant_type: "refresh_token", refresh_token: first.refresh_token!, ...creds(app) }));
    assert.equal(again.status, 400);
    assert.equal(again.body.code, "invalid_grant");
  });

  test("another client's refresh token is refused", async () => {
    const a = await setup();
    const b: App = await registerPublic(q);
    const token = await exchange(a.app, a.code);
    const res = await oauthFailure(() => sdk(q).oauth.token({ grant_type: "refresh_token", refresh_token: token.refresh_token!, ...creds(b) }));
    assert.equal(res.body.code, "invalid_grant");
  });
});

describe("introspect and revoke", () => {
  test("live tokens read active with iat; another client's, revoked or unknown ones inactive", async () => {
    const { app, code } = await setup();
    const other: App = await registerPublic(q);
    const token = await exchange(app, code);
    const access = await sdk(q).oauth.introspect({ token: token.access_token, ...creds(app) });
    assert.equal(access.active, true);
    assert.equal(access.iat, Math.floor(START / 1000));
    assert.equal(typeof access.scope, "string");
    assert.equal((await sdk(q).oauth.introspect({ token: token.refresh_token!, ...creds(app) })).active, true);
    assert.equal((await sdk(q).oauth.introspect({ token: token.access_token, ...creds(other) })).active, false);
    assert.equal((await sdk(q).oauth.introspect({ token: "ntn_unknown", ...creds(app) })).active, false);
    const unauthenticated = await post(q, "/v1/oauth/introspect", { token: token.access_token });
    assert.equal(unauthenticated.status, 401);
  });

  test("a revoked token answers 401 unauthorized on /v1 at once, and its refresh token is gone too", async () => {
    const { app, code, page_id } = await setup();
    const token = await exchange(app, code);
    const bot = sdk(q, token.access_token);
    await bot.pages.retrieve({ page_id });
    // Another client revoking it changes nothing.
    const other: App = await registerPublic(q);
    await sdk(q).oauth.revoke({ token: token.access_token, ...creds(other) });
    await bot.pages.retrieve({ page_id });
    const revoked = await sdk(q).oauth.revoke({ token: token.access_token, ...creds(app) });
    assert.ok(revoked.request_id);
    const { err, status } = await oauthFailure(() => bot.pages.retrieve({ page_id }));
    assert.ok(err instanceof APIResponseError);
    assert.equal(status, 401);
    assert.equal((await sdk(q).oauth.introspect({ token: token.access_token, ...creds(app) })).active, false);
    assert.equal((await sdk(q).oauth.introspect({ token: token.refresh_token!, ...creds(app) })).active, false);
    // Revoking an unknown token is not an error (RFC 7009 §2.2).
    await sdk(q).oauth.revoke({ token: "nrt_unknown", ...creds(app) });
  });
});

describe("bad input is a clear error, never a 500", () => {
  test("token, introspect, revoke and grants with malformed requests", async () => {
    const { app, user } = await setup();
    const auth = basic(app.client_id, app.client_secret);
    const cases: [string, unknown, Record<string, string>, number, string][] = [
      ["/v1/oauth/token", [], auth, 400, "invalid_request"],
      ["/v1/oauth/token", { grant_type: 7 }, auth, 400, "invalid_request"],
      ["/v1/oauth/token", { grant_type: "authorization_code", code: { a: 1 } }, auth, 400, "invalid_request"],
      ["/v1/oauth/token", { grant_type: "authorization_code", code: "x".repeat(5000) }, auth, 400, "invalid_request"],
      ["/v1/oauth/token", { grant_type: "authorization_code", code: "ncd_x", redirect_uri: 5 }, auth, 400, "invalid_request"],
      ["/v1/oauth/token", { grant_type: "refresh_token" }, auth, 400, "invalid_request"],
      ["/v1/oauth/token", { grant_type: "refresh_token", refresh_token: "nrt_x" }, { authorization: "Basic !!!" }, 401, "invalid_client"],
      ["/v1/oauth/token", { grant_type: "refresh_token", refresh_token: "nrt_x" }, { authorization: `Basic ${Buffer.from("no-colon").toString("base64")}` }, 401, "invalid_client"],
      ["/v1/oauth/introspect", {}, auth, 400, "invalid_request"],
      ["/v1/oauth/revoke", { token: null }, auth, 400, "invalid_request"],
      ["/v1/oauth/revoke", { token: "x" }, {}, 401, "invalid_client"],
    ];
    for (const [path, body, headers, status, code] of cases) {
      const res = await post(q, path, body, headers);
      assert.equal(res.status, status, `${path} ${JSON.stringify(body)}: ${JSON.stringify(res.body)}`);
      assert.equal(res.body.code, code);
      assert.equal(res.body.object, "error");
      assert.ok(res.body.request_id);
    }
    const grants: [unknown, number][] = [
      [{ client_id: "nope", user_id: user.id }, 400],
      [{ client_id: app.client_id, user_id: "00000000-0000-4000-8000-000000000000" }, 400],
      [{ client_id: app.client_id, user_id: user.id, workspace_id: "00000000-0000-4000-8000-000000000000" }, 404],
      [{ client_id: app.client_id, user_id: user.id, page_ids: ["00000000-0000-4000-8000-000000000000"] }, 400],
      [{ client_id: app.client_id, user_id: user.id, page_ids: "x" }, 400],
      [{ client_id: app.client_id, user_id: user.id, redirect_uri: "https://evil.example.com/cb" }, 400],
      [{ client_id: app.client_id, user_id: user.id, code_challenge: "short", code_challenge_method: "S256" }, 400],
    ];
    for (const [body, want] of grants) {
      const res = await q.admin("POST", "/_quire/v1/oauth/grants", body);
      assert.equal(res.status, want, `${JSON.stringify(body)}: ${JSON.stringify(res.body)}`);
    }
    assert.equal((await fetch(q.url + "/_quire/v1/oauth/grants", { method: "POST", body: "{}", headers: { "content-type": "application/json" } })).status, 401, "the admin key is required");
  });
});

describe("at the same time", () => {
  test("two exchanges of one code: one wins, the other is a replay; two refreshes of one token: one wins", async () => {
    const { app, code } = await setup();
    const auth = basic(app.client_id, app.client_secret);
    const both = await Promise.all([0, 1].map(() => post(q, "/v1/oauth/token", { grant_type: "authorization_code", code }, auth)));
    assert.deepEqual(both.map((r) => r.status).sort(), [200, 400]);
    assert.equal(both.find((r) => r.status === 400)!.body.code, "invalid_grant");

    const again = await setup();
    const token = await exchange(again.app, again.code);
    const refreshes = await Promise.all([0, 1].map(() => post(q, "/v1/oauth/token", { grant_type: "refresh_token", refresh_token: token.refresh_token }, basic(again.app.client_id, again.app.client_secret))));
    assert.deepEqual(refreshes.map((r) => r.status).sort(), [200, 400]);
    const winner = refreshes.find((r) => r.status === 200)!.body;
    assert.equal((await sdk(q).oauth.introspect({ token: winner.access_token, ...creds(again.app) })).active, true);
  });
});
