/**
 * Every flow that makes a secret, in one list (test/secrets-at-rest.test.ts runs them all, then
 * reads every table of the database and the server's logs for the secrets in clear). A feature
 * that makes a new kind of secret — SCIM tokens, personal access tokens, a SAML configuration's
 * keys — adds a flow here: run the flow through the server, `keep` each secret it was shown.
 * docs/design/secrets.md lists each secret, how it is stored and compared.
 */
import assert from "node:assert/strict";
import type { TestQuire } from "./quire.js";
import { cookieAttributes, csrfOf, FormClient } from "./signin.js";
import { attributeOf, authnRequestOf, TestIdp } from "./saml-idp.js";
import { scimClient } from "./scim.js";
import { startPartner } from "./link-partner.js";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

/** A flow: drives the server, handing each secret it was shown to `keep` (with what it is). */
export interface SecretFlow {
  name: string;
  run(q: TestQuire, keep: (secret: string, what: string) => void): Promise<void>;
}

/**
 * Rows of `meta` that hold a secret as it is, with the reason. Anything else holding a secret
 * in clear fails the test.
 */
export const KEPT_IN_CLEAR: Record<string, string> = {
  csrf_key: "HMAC key of CSRF tokens: signing needs the key itself; shared by every node through the store",
  file_url_secret: "HMAC key of download URLs: signing needs the key itself; shared by every node through the store",
};

const PASSWORD = "correct horse battery staple";
let n = 0;
const email = () => `secret-${process.pid}-${++n}@example.com`;

async function admin(q: TestQuire, method: string, path: string, body?: unknown): Promise<any> {
  const res = await q.admin(method, path, body);
  assert.ok(res.status < 300, `${method} ${path} → ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** The flows, in the order they run. */
export const SECRET_FLOWS: SecretFlow[] = [
  {
    name: "integration tokens: made, chosen, rotated (the old one too), the dev integration's rotated",
    async run(q, keep) {
      const made = await admin(q, "POST", "/_quire/v1/integrations", { name: "Made" });
      keep(made.token, "a new integration's token");
      const chosen = `ntn_chosen_${"k".repeat(30)}`;
      await admin(q, "POST", "/_quire/v1/integrations", { name: "Chosen", token: chosen });
      keep(chosen, "a token chosen by the operator");
      const rotated = await admin(q, "PATCH", `/_quire/v1/integrations/${made.id}`, { rotate_token: true });
      keep(rotated.token, "a rotated token");
      const ws = await admin(q, "POST", "/_quire/v1/workspaces", { name: "Second" });
      const other = await admin(q, "POST", `/_quire/v1/workspaces/${ws.id}/integrations`, { name: "Theirs" });
      keep(other.token, "another workspace's integration token");
      // The dev token, before and after its rotation: only hashed and sealed (docs/design/secrets.md).
      keep(q.token, "the dev token before its rotation");
      const dev = await admin(q, "PATCH", `/_quire/v1/integrations/${q.devIntegrationId}`, { rotate_token: true });
      keep(dev.token, "the dev token after its rotation");
      keep(q.adminKey, "the admin key");
    },
  },
  {
    name: "people's passwords: POST and PATCH /_quire/v1/users, in a workspace's scope, refused ones",
    async run(q, keep) {
      const person = await admin(q, "POST", "/_quire/v1/users", { name: "Ada", email: email(), password: PASSWORD });
      keep(PASSWORD, "a person's password");
      await admin(q, "PATCH", `/_quire/v1/users/${person.id}`, { password: "a second secret passphrase" });
      keep("a second secret passphrase", "a changed password");
      await admin(q, "POST", `/_quire/v1/workspaces/${q.workspaceId}/users`, { name: "Bo", email: email(), password: "scoped secret passphrase" });
      keep("scoped secret passphrase", "a password set through a workspace's scope");
      const refused = await q.admin("POST", "/_quire/v1/users", { name: "Cy", email: email(), password: "too short!" });
      assert.equal(refused.status, 400);
      keep("too short!", "a refused password");
    },
  },
  {
    name: "sign-in: session ids (before and after rotation), CSRF tokens, the pre-session nonce, wrong guesses",
    async run(q, keep) {
      const mail = email();
      await admin(q, "POST", "/_quire/v1/users", { name: "Di", email: mail, password: "the sign-in passphrase" });
      keep("the sign-in passphrase", "a password typed into the form");
      const c = new FormClient(q.url);
      const login = await c.get("/login");
      keep(csrfOf(login.text), "a sign-in form's CSRF token");
      keep(cookieAttributes(login.setCookies, "quire_login")!.value, "the pre-session nonce cookie");
      await c.signIn(mail, "a wrong guess at it");
      keep("a wrong guess at it", "a wrong password");
      await c.signIn(mail, "the sign-in passphrase", { next: "/_quire/session?password=the+sign-in+passphrase" });
      const first = c.jar.get("quire_session")!;
      keep(first, "a session id");
      keep((await c.session()).body.csrf_token, "a session's CSRF token");
      // Signing in again from a browser that carries that session: a new id, the old one ended.
      const again = new FormClient(q.url);
      const token = await again.csrf();
      again.jar.set("quire_session", first);
      assert.equal((await again.post("/login", { csrf_token: token, email: mail, password: "the sign-in passphrase" })).status, 303);
      keep(again.jar.get("quire_session")!, "the session id after signing in again");
      assert.notEqual(again.jar.get("quire_session"), first);
      assert.equal((await again.post("/logout", { csrf_token: (await again.session()).body.csrf_token })).status, 303);
    },
  },
  {
    name: "signed download URLs: the signature and the URL, downloaded",
    async run(q, keep) {
      const uploader = await q.integration("Uploader", undefined, [q.rootPageId]);
      keep(uploader.token, "the uploading integration's token");
      const notion = q.client({ version: "2026-03-11", auth: uploader.token });
      const up = await notion.fileUploads.create({ filename: "s.txt", content_type: "text/plain" });
      await notion.fileUploads.send({ file_upload_id: up.id, file: { filename: "s.txt", data: new Blob(["secret bytes"], { type: "text/plain" }) } });
      const [block]: any[] = (await notion.blocks.children.append({ block_id: q.rootPageId, children: [{ file: { type: "file_upload", file_upload: { id: up.id } } } as any] })).results;
      const url = new URL(block.file.file.url);
      keep(url.searchParams.get("sig")!, "a download URL's signature");
      keep(url.search, "a download URL's query");
      const download = await fetch(url);
      assert.equal(await download.text(), "secret bytes");
    },
  },
  {
    name: "personal access tokens: made (control API, a workspace's scope), used, refused by the policy, revoked, used after",
    async run(q, keep) {
      const person = await admin(q, "POST", "/_quire/v1/users", { name: "Pia", email: email() });
      const made = await admin(q, "POST", `/_quire/v1/users/${person.id}/tokens`, { name: "laptop" });
      keep(made.token, "a personal access token");
      const scoped = await admin(q, "POST", `/_quire/v1/workspaces/${q.workspaceId}/users/${person.id}/tokens`, { name: "ci" });
      keep(scoped.token, "a personal access token made through a workspace's scope");
      const v1 = (token: string) => q.raw("GET", "/v1/users/me", { auth: token });
      assert.equal((await v1(made.token)).status, 200);
      await admin(q, "PUT", "/_quire/v1/personal_token_policy", { policy: "off" });
      assert.equal((await v1(scoped.token)).status, 401, "the policy turned tokens off");
      await admin(q, "PUT", "/_quire/v1/personal_token_policy", { policy: "members" });
      await admin(q, "DELETE", `/_quire/v1/users/${person.id}/tokens/${made.id}`);
      assert.equal((await v1(made.token)).status, 401, "revoked");
      // A member leaving takes their tokens (removeMember → revokePersonalTokensOf).
      await admin(q, "DELETE", `/_quire/v1/members/${person.id}`);
      assert.equal((await v1(scoped.token)).status, 401, "its person left");
    },
  },
  {
    name: "SCIM tokens: made, used, revoked, used after; a password an IdP sends with a user",
    async run(q, keep) {
      const made = await admin(q, "POST", `/_quire/v1/workspaces/${q.workspaceId}/scim_tokens`, { name: "Okta" });
      keep(made.token, "a SCIM token");
      const scim = scimClient(q, made.token);
      // Okta's "Sync password" sends one; Quire does not take passwords from the IdP, and must keep none.
      const synced = "an IdP-synced passphrase";
      const user = await scim.createUser(email(), "Sam", "Synced", { password: synced });
      keep(synced, "a password sent by the IdP over SCIM");
      assert.equal((await scim.get(`/Users/${user.id}`)).status, 200);
      const other = await admin(q, "POST", `/_quire/v1/workspaces/${q.workspaceId}/scim_tokens`, { name: "Entra" });
      keep(other.token, "a second SCIM token");
      await admin(q, "DELETE", `/_quire/v1/workspaces/${q.workspaceId}/scim_tokens/${made.id}`);
      assert.equal((await scim.get("/Users")).status, 401, "revoked");
      assert.equal((await scimClient(q, other.token).get("/Users")).status, 200, "the other token still works");
    },
  },
  {
    name: "SAML: a signed response posted to the assertion consumer (and posted again), the session it opens",
    async run(q, keep) {
      const idp = new TestIdp();
      const config = await admin(q, "PUT", "/_quire/v1/saml", { idp_metadata_xml: idp.metadata("https://idp.example.test/sso") });
      const [sp, ws] = [config.service_provider, config.workspace_id];
      const c = new FormClient(q.url);
      const start = await c.get(`/sso/saml/${ws}/login`);
      assert.equal(start.status, 302, start.text);
      const inResponseTo = attributeOf(authnRequestOf(start.headers.get("location")!).xml, "AuthnRequest", "ID");
      const xml = idp.responseXml({ acsUrl: sp.acs_url, audience: sp.entity_id, inResponseTo, email: email() });
      const SAMLResponse = Buffer.from(xml, "utf8").toString("base64");
      keep(SAMLResponse, "a SAML response as posted (base64)");
      keep(/<ds:SignatureValue>([^<]+)</.exec(xml)![1].replace(/\s/g, ""), "the assertion's signature value");
      const signedIn = await c.post(`/sso/saml/${ws}/acs`, { SAMLResponse });
      assert.equal(signedIn.status, 303, signedIn.text);
      keep(c.jar.get("quire_session")!, "a session opened by SAML");
      const replayed = await new FormClient(q.url).post(`/sso/saml/${ws}/acs`, { SAMLResponse });
      assert.equal(replayed.status, 403, "a replay is refused (and not logged either)");
      // A response sent in a URL (no binding Quire serves takes it there): the request log cuts it.
      await fetch(`${q.url}/sso/saml/${ws}/acs?SAMLResponse=${encodeURIComponent(SAMLResponse)}`);
      await admin(q, "DELETE", "/_quire/v1/saml");
    },
  },
  {
    name: "public integrations: client secrets (made, rotated), codes, access and refresh tokens (issued, refreshed, introspected, revoked)",
    async run(q, keep) {
      const app = await admin(q, "POST", "/_quire/v1/integrations", { type: "public", name: "Public", redirect_uris: ["https://secret.example.com/cb"] });
      keep(app.client_secret, "a client secret");
      const rotated = await admin(q, "PATCH", `/_quire/v1/integrations/${app.id}`, { rotate_secret: true });
      keep(rotated.client_secret, "a rotated client secret");
      const person = await admin(q, "POST", "/_quire/v1/users", { name: "Oa", email: email() });
      const basic = { "content-type": "application/json", authorization: `Basic ${Buffer.from(`${app.client_id}:${rotated.client_secret}`).toString("base64")}` };
      const token = async (body: unknown) => {
        const res = await fetch(`${q.url}/v1/oauth/token`, { method: "POST", headers: basic, body: JSON.stringify(body) });
        assert.equal(res.status, 200);
        return (await res.json()) as { access_token: string; refresh_token: string };
      };
      const { code } = await admin(q, "POST", "/_quire/v1/oauth/grants", { client_id: app.client_id, user_id: person.id });
      keep(code, "an authorization code");
      const first = await token({ grant_type: "authorization_code", code });
      keep(first.access_token, "an installation's access token");
      keep(first.refresh_token, "a refresh token");
      const second = await token({ grant_type: "refresh_token", refresh_token: first.refresh_token });
      keep(second.access_token, "a refreshed access token");
      keep(second.refresh_token, "a refreshed refresh token");
      await fetch(`${q.url}/v1/oauth/introspect`, { method: "POST", headers: basic, body: JSON.stringify({ token: second.access_token }) });
      await fetch(`${q.url}/v1/oauth/revoke`, { method: "POST", headers: basic, body: JSON.stringify({ token: second.refresh_token }) });
    },
  },
  {
    name: "link previews: the partner's client secret, an account link (state, partner tokens, their refresh), an unfurl",
    async run(q, keep) {
      const reg = await admin(q, "POST", "/_quire/v1/integrations", { type: "public", name: "Unfurler", redirect_uris: ["https://unfurler.example/cb"] });
      keep(reg.client_secret, "a public integration's client secret");
      const partner = await startPartner(q.url, reg);
      try {
        const secret = `partner-secret-${"s".repeat(24)}`;
        partner.clientSecret = secret;
        keep(secret, "a link-preview partner's client secret");
        await admin(q, "PUT", `/_quire/v1/integrations/${reg.id}/link_preview`, {
          unfurl_callback_url: `${partner.origin}/unfurl`,
          domains: ["tracker.example"],
          url_patterns: [{ name: "Issue", pattern: "^https://tracker\\.example/" }],
          authorization: { authorize_url: `${partner.origin}/authorize`, token_url: `${partner.origin}/token`, client_id: "partner-client", client_secret: secret },
        });
        const person = (await admin(q, "POST", "/_quire/v1/users", { name: "Lin", email: email() })).id;
        const page = (await admin(q, "POST", "/_quire/v1/pages", { title: "Previews" })).id;
        const paste = () => admin(q, "POST", `/_quire/v1/pages/${page}/link_previews`, { url: "https://tracker.example/1", user_id: person });
        partner.expiresIn = 1;
        const started = await paste();
        keep(new URL(started.authorize_url).searchParams.get("state")!, "a link-preview account link's state");
        keep(new URL(started.authorize_url).searchParams.get("code")!, "the Quire code sent to the partner");
        const atPartner = await fetch(started.authorize_url, { redirect: "manual" });
        const back = await fetch(atPartner.headers.get("location")!, { redirect: "manual" });
        assert.equal(back.status, 200, await back.text());
        keep(partner.notionTokens[0].access_token, "the installation's Notion token (link previews)");
        const made = await paste();
        assert.equal(made.object, "link_preview");
        for (const t of partner.issuedTokens) keep(t, "a partner token (access or refresh)");
      } finally {
        await partner.close();
      }
    },
  },
  {
    name: "webhooks: a subscription's verification token (answered with auto_verify; POSTed to the receiver), its delivery log read",
    async run(q, keep) {
      const received: string[] = [];
      const receiver = createServer((req, res) => {
        let body = "";
        req.on("data", (c) => (body += c));
        req.on("end", () => {
          received.push(body);
          res.writeHead(200).end();
        });
      });
      await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
      try {
        const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
        const integration = (await admin(q, "POST", "/_quire/v1/integrations", { name: "Hooked" })).id;
        const made = await admin(q, "POST", `/_quire/v1/integrations/${integration}/webhooks`, { url, auto_verify: true });
        keep(made.verification_token, "a webhook subscription's verification token");
        const pending = await admin(q, "POST", `/_quire/v1/integrations/${integration}/webhooks`, { url });
        await admin(q, "POST", `/_quire/v1/webhooks/${pending.id}/resend_verification`);
        for (const id of [made.id, pending.id]) await admin(q, "GET", `/_quire/v1/webhooks/${id}/deliveries`);
        // Whatever verification POSTs the server has sent by now carry tokens too.
        for (const body of received) {
          const token = (JSON.parse(body) as { verification_token?: string }).verification_token;
          if (token) keep(token, "a verification token POSTed to the receiver");
        }
      } finally {
        await new Promise((r) => receiver.close(r));
      }
    },
  },
];
