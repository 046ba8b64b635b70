/**
 * SAML 2.0 single sign-on (issue 12), Quire as service provider, against a real IdP built in the
 * test (test/helpers/saml-idp.ts: its own key pair and certificate, responses signed with
 * xml-crypto): the SP-initiated redirect and its AuthnRequest, the assertion consumer signing a
 * person in (existing member, just-in-time, refused when JIT is off), and every forged or stale
 * response refused — tampered, unsigned, signed by another key, expired, not yet valid, wrong
 * audience / destination / recipient / issuer, unknown InResponseTo, IdP-initiated, replayed,
 * wrapped — on Quire's own (frozen) clock; enforce_sso refusing password sign-in; one workspace's
 * assertion refused at another's ACS. The configuration routes are test/saml-config.test.ts.
 */
import { before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { startTestQuire, type TestQuire } from "./helpers/quire.js";
import { FormClient } from "./helpers/signin.js";
import { signedInLanding } from "../src/routes/web-app.js";
import { attributeOf, authnRequestOf, makeKeyPair, TestIdp, type ResponseOptions } from "./helpers/saml-idp.js";
import { FrozenClock } from "../src/domain/clock.js";
import { CLOCK_SKEW_MS, REQUEST_TTL_MS } from "../src/domain/saml/policy.js";

const PASSWORD = "correct horse battery staple";
const IDP_SSO = "https://idp.example.test/sso";

interface Sp {
  ws: string;
  acs: string;
  entity: string;
}

describe("SAML single sign-on", () => {
  let q: TestQuire;
  let idp: TestIdp;
  let sp: Sp;
  /** The seeded workspace's control prefix (workspaces made below share the frozen clock's created_time, so "the first" is not pinned). */
  let home: string;
  const clock = new FrozenClock(Date.now());
  const lines: string[] = [];

  before(async () => {
    q = await startTestQuire({ clock, log: (l) => void lines.push(l), logError: (l) => void lines.push(l) });
    idp = new TestIdp();
    sp = await configure(q, `/workspaces/${q.workspaceId}`, idp);
    home = `/_quire/v1/workspaces/${q.workspaceId}`;
  });

  /** Configures SAML on the workspace at `prefix` ("" = the first) with `idp`'s metadata. */
  async function configure(q: TestQuire, prefix: string, idp: TestIdp, flags: Record<string, boolean> = {}): Promise<Sp> {
    const res = await q.admin("PUT", `/_quire/v1${prefix}/saml`, { idp_metadata_xml: idp.metadata(IDP_SSO), ...flags });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return { ws: res.body.workspace_id, acs: res.body.service_provider.acs_url, entity: res.body.service_provider.entity_id };
  }

  /** Starts a sign-in at `target`'s login route in client `c`: the AuthnRequest's id. */
  async function begin(c: FormClient, target = sp, next?: string): Promise<string> {
    const r = await c.get(`/sso/saml/${target.ws}/login${next ? `?next=${encodeURIComponent(next)}` : ""}`);
    assert.equal(r.status, 302, r.text);
    const id = attributeOf(authnRequestOf(r.headers.get("location")!).xml, "AuthnRequest", "ID");
    assert.ok(id);
    return id;
  }

  /** Posts a response built from `over` to `target`'s ACS (after a fresh request unless `inResponseTo` is given). */
  async function post(c: FormClient, over: Partial<ResponseOptions> & { email: string }, target = sp, from = idp) {
    const inResponseTo = over.inResponseTo !== undefined ? over.inResponseTo : await begin(c, target);
    const SAMLResponse = from.response({ acsUrl: target.acs, audience: target.entity, now: clock.now(), ...over, inResponseTo });
    return c.post(`/sso/saml/${target.ws}/acs`, { SAMLResponse });
  }

  const email = () => `sso-${randomUUID().slice(0, 8)}@example.com`;

  async function refused(r: { status: number; text: string; setCookies: string[] }, c: FormClient, reason: RegExp) {
    assert.equal(r.status, 403, r.text);
    assert.match(r.text, reason);
    assert.doesNotMatch(r.text, /at \w+ \(|Error:/, "no stack");
    assert.ok(!r.setCookies.some((l) => l.startsWith("quire_session=") && !/max-age=0/i.test(l)), "no session cookie");
    assert.equal((await c.session()).status, 401);
  }

  test("GET /sso/saml/{ws}/login: a redirect to the IdP with a deflated AuthnRequest (ID, Destination, ACS URL, issuer, email NameID policy); next kept on the server", async () => {
    const c = new FormClient(q.url);
    const r = await c.get(`/sso/saml/${sp.ws}/login?next=${encodeURIComponent("/_quire/session")}`);
    assert.equal(r.status, 302);
    const { xml, relayState, url } = authnRequestOf(r.headers.get("location")!);
    assert.equal(url.origin + url.pathname, IDP_SSO);
    assert.match(attributeOf(xml, "AuthnRequest", "ID")!, /^_[0-9a-f]{40}$/);
    assert.equal(attributeOf(xml, "AuthnRequest", "Destination"), IDP_SSO);
    assert.equal(attributeOf(xml, "AuthnRequest", "AssertionConsumerServiceURL"), sp.acs);
    assert.equal(attributeOf(xml, "AuthnRequest", "ProtocolBinding"), "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST");
    assert.match(xml, new RegExp(`<saml:Issuer[^>]*>${sp.entity.replace(/[.?/]/g, "\\$&")}</saml:Issuer>`));
    assert.equal(attributeOf(xml, "NameIDPolicy", "Format"), "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress");
    assert.equal(relayState, "/_quire/session");
    // An open redirect is not kept: `next` off this server is dropped.
    const evil = authnRequestOf((await c.get(`/sso/saml/${sp.ws}/login?next=${encodeURIComponent("//evil.example/x")}`)).headers.get("location")!);
    assert.equal(evil.relayState, null);
    // A workspace without SAML, and a path that is no id: a page, not a redirect.
    assert.equal((await c.get(`/sso/saml/${randomUUID()}/login`)).status, 404);
    assert.equal((await c.get(`/sso/saml/nope/login`)).status, 404);
  });

  test("ACS: a signed assertion for an unknown person (JIT on) → a member named from firstName/lastName, a session, the redirect to next", async () => {
    const c = new FormClient(q.url);
    const e = email();
    const id = await begin(c, sp, "/_quire/session");
    const r = await post(c, { email: e, inResponseTo: id });
    assert.equal(r.status, 303, r.text);
    assert.equal(r.headers.get("location"), "/_quire/session");
    assert.ok(r.setCookies.some((l) => l.startsWith("quire_session=") && /HttpOnly/.test(l)));
    const s = await c.session();
    assert.equal(s.status, 200);
    assert.equal(s.body.user.person.email, e);
    assert.equal(s.body.user.name, "Grace Hopper");
    assert.deepEqual(s.body.workspaces.map((w: any) => [w.id, w.role]), [[sp.ws, "member"]]);
    const users = await q.client().users.list({});
    assert.ok(users.results.some((u) => u.id === s.body.user.id), "a member GET /v1/users lists");
  });

  test("ACS: an existing member signs in as themselves (email in any case); a response signed on the Response only is accepted too; without next → the app (or /login before it is built)", async () => {
    const created = await q.admin("POST", `${home}/users`, { name: "Ada", email: `Ada-${randomUUID().slice(0, 6)}@Example.com` });
    const c = new FormClient(q.url);
    const r = await post(c, { email: created.body.person.email.toLowerCase(), sign: "response" });
    assert.equal(r.status, 303, r.text);
    assert.equal(r.headers.get("location"), signedInLanding());
    const s = await c.session();
    assert.equal(s.body.user.id, created.body.id);
    assert.equal(s.body.user.name, "Ada", "an existing person keeps their name");
    const both = new FormClient(q.url);
    assert.equal((await post(both, { email: created.body.person.email, sign: "both" })).status, 303);
  });

  test("ACS: the email may come from an attribute when the NameID is not an email", async () => {
    const c = new FormClient(q.url);
    const e = email();
    const r = await post(c, { email: "00u1abcd", nameIdFormat: "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent", attributes: { email: e, name: "Katherine Johnson" } });
    assert.equal(r.status, 303, r.text);
    assert.equal((await c.session()).body.user.person.email, e);
    assert.equal((await c.session()).body.user.name, "Katherine Johnson");
  });

  test("refused: a signed assertion changed afterwards (NameID, then an attribute)", async () => {
    const c = new FormClient(q.url);
    await refused(await post(c, { email: "victim@example.com", after: (x) => x.replace("victim@example.com", "attacker@example.com") }), c, /could not be verified/);
    await refused(await post(c, { email: email(), after: (x) => x.replace(">Grace<", ">Mallory<") }), c, /could not be verified/);
  });

  test("refused: unsigned, and signed by a key that is not the IdP's", async () => {
    const c = new FormClient(q.url);
    await refused(await post(c, { email: email(), sign: "none" }), c, /could not be verified/);
    await refused(await post(c, { email: email(), signWith: makeKeyPair("Mallory") }), c, /could not be verified/);
    await refused(await post(c, { email: email(), sign: "response", signWith: makeKeyPair("Mallory") }), c, /could not be verified/);
  });

  test("refused on Quire's clock: expired, and not yet valid (beyond the skew); within the skew accepted", async () => {
    const c = new FormClient(q.url);
    const now = clock.now();
    await refused(await post(c, { email: email(), notOnOrAfter: now - CLOCK_SKEW_MS - 1000 }), c, /expired/);
    await refused(await post(c, { email: email(), notBefore: now + CLOCK_SKEW_MS + 60_000 }), c, /not valid yet/);
    const ok = new FormClient(q.url);
    assert.equal((await post(ok, { email: email(), notBefore: now + CLOCK_SKEW_MS / 2 })).status, 303);
    // The clock moves past a response's end between the IdP and the post.
    const late = new FormClient(q.url);
    const id = await begin(late);
    const SAMLResponse = idp.response({ acsUrl: sp.acs, audience: sp.entity, inResponseTo: id, email: email(), now: clock.now() });
    clock.advance(5 * 60_000 + CLOCK_SKEW_MS);
    try {
      await refused(await late.post(`/sso/saml/${sp.ws}/acs`, { SAMLResponse }), late, /expired/);
    } finally {
      clock.set(now);
    }
  });

  test("refused: wrong audience, destination, recipient, issuer", async () => {
    const c = new FormClient(q.url);
    await refused(await post(c, { email: email(), audience: "https://other-sp.example/metadata" }), c, /could not be verified/);
    await refused(await post(c, { email: email(), destination: "https://other-sp.example/acs" }), c, /another destination/);
    await refused(await post(c, { email: email(), recipient: "https://other-sp.example/acs" }), c, /another recipient/);
    await refused(await post(c, { email: email(), issuer: "https://evil-idp.example/" }), c, /another identity provider/);
  });

  test("refused: an InResponseTo Quire never issued, one expired, IdP-initiated (none), and a request answered twice", async () => {
    const c = new FormClient(q.url);
    await refused(await post(c, { email: email(), inResponseTo: `_${"0".repeat(40)}` }), c, /no sign-in request that is still open/);
    await refused(await post(c, { email: email(), inResponseTo: null }), c, /answers no sign-in request from Quire/);
    const old = await begin(c);
    const now = clock.now();
    clock.advance(REQUEST_TTL_MS + 1000);
    try {
      await refused(await post(c, { email: email(), inResponseTo: old }), c, /no sign-in request that is still open/);
    } finally {
      clock.set(now);
    }
    const id = await begin(c);
    const first = new FormClient(q.url);
    assert.equal((await post(first, { email: email(), inResponseTo: id })).status, 303);
    await refused(await post(c, { email: email(), inResponseTo: id }), c, /no sign-in request that is still open/);
  });

  test("refused: the same assertion posted again (replay), even against a new request", async () => {
    const c = new FormClient(q.url);
    const e = email();
    const id = await begin(c);
    const SAMLResponse = idp.response({ acsUrl: sp.acs, audience: sp.entity, inResponseTo: id, email: e, now: clock.now() });
    assert.equal((await c.post(`/sso/saml/${sp.ws}/acs`, { SAMLResponse })).status, 303);
    const again = new FormClient(q.url);
    await refused(await again.post(`/sso/saml/${sp.ws}/acs`, { SAMLResponse }), again, /no sign-in request that is still open/);
    const assertionId = `_a${randomUUID().replace(/-/g, "")}`;
    assert.equal((await post(new FormClient(q.url), { email: e, assertionId })).status, 303);
    await refused(await post(again, { email: e, assertionId }), again, /already used/);
  });

  test("refused: signature wrapping — a second, unsigned assertion beside the signed one, or in its place with the signed one moved away", async () => {
    const c = new FormClient(q.url);
    const evil = (x: string) => {
      const signed = /<saml:Assertion[\s\S]*<\/saml:Assertion>/.exec(x)![0];
      return signed.replace(/<ds:Signature[\s\S]*<\/ds:Signature>/, "").replace(/ID="[^"]+"/, 'ID="_evil"').replace(/sso-[^<]+@example\.com/, "admin@example.com");
    };
    await refused(await post(c, { email: email(), after: (x) => x.replace("</samlp:Response>", `${evil(x)}</samlp:Response>`) }), c, /could not be verified/);
    await refused(
      await post(c, {
        email: email(),
        after: (x) => {
          const signed = /<saml:Assertion[\s\S]*<\/saml:Assertion>/.exec(x)![0];
          return x.replace(signed, `<samlp:Extensions>${signed}</samlp:Extensions>${evil(x)}`);
        },
      }),
      c,
      /could not be verified/,
    );
  });

  test("refused: malformed or missing SAMLResponse → 400 page; nothing of the assertion reaches the logs", async () => {
    const c = new FormClient(q.url);
    const r = await c.post(`/sso/saml/${sp.ws}/acs`, { SAMLResponse: "<not base64>" });
    assert.equal(r.status, 400);
    assert.equal((await c.post(`/sso/saml/${sp.ws}/acs`, {})).status, 400);
    const junk = await c.post(`/sso/saml/${sp.ws}/acs`, { SAMLResponse: Buffer.from("<x/>").toString("base64") });
    assert.equal(junk.status, 403);
    const e = email();
    const SAMLResponse = idp.response({ acsUrl: sp.acs, audience: sp.entity, inResponseTo: await begin(c), email: e, now: clock.now() });
    await c.post(`/sso/saml/${sp.ws}/acs`, { SAMLResponse });
    const all = lines.join("\n");
    assert.ok(!all.includes(SAMLResponse.slice(0, 40)) && !all.includes(e) && !all.includes("Assertion"), "no response, email or assertion in the logs");
  });

  test("JIT off: unknown people refused; members and people added by the admin (as SCIM would) still sign in; removed members and guests refused", async () => {
    const other = await q.admin("POST", "/_quire/v1/workspaces", { name: "No JIT" });
    const prefix = `/_quire/v1/workspaces/${other.body.id}`;
    const target = await configure(q, `/workspaces/${other.body.id}`, idp, { allow_jit: false });
    const c = new FormClient(q.url);
    await refused(await post(c, { email: email() }, target), c, /does not add people/);
    const added = await q.admin("POST", `${prefix}/users`, { name: "Provisioned", email: email() });
    assert.equal((await post(c, { email: added.body.person.email }, target)).status, 303);
    const guest = await q.admin("POST", `${prefix}/users`, { name: "Guest", email: email(), role: "guest" });
    const g = new FormClient(q.url);
    await refused(await post(g, { email: guest.body.person.email }, target), g, /Guests cannot sign in with single sign-on/);
    const gone = await q.admin("POST", `${prefix}/users`, { name: "Leaver", email: email() });
    const removed = await q.admin("DELETE", `${prefix}/members/${gone.body.id}`);
    assert.equal(removed.status, 200, JSON.stringify(removed.body));
    const l = new FormClient(q.url);
    await refused(await post(l, { email: gone.body.person.email }, target), l, /membership of this workspace has ended/);
  });

  test("JIT on: a person of another workspace joins this one as a member, same id", async () => {
    const other = await q.admin("POST", "/_quire/v1/workspaces", { name: "Elsewhere" });
    const person = await q.admin("POST", `/_quire/v1/workspaces/${other.body.id}/users`, { name: "Mary", email: email() });
    const c = new FormClient(q.url);
    assert.equal((await post(c, { email: person.body.person.email })).status, 303);
    const s = await c.session();
    assert.equal(s.body.user.id, person.body.id);
    assert.deepEqual(s.body.workspaces.map((w: any) => w.id).sort(), [other.body.id, sp.ws].sort());
  });

  test("cross-workspace: an assertion made for workspace A is refused at B's ACS, even with B's request id", async () => {
    const b = await q.admin("POST", "/_quire/v1/workspaces", { name: "B" });
    const spB = await configure(q, `/workspaces/${b.body.id}`, idp);
    const c = new FormClient(q.url);
    const idB = await begin(c, spB);
    const forA = idp.response({ acsUrl: sp.acs, audience: sp.entity, inResponseTo: idB, email: email(), now: clock.now() });
    await refused(await c.post(`/sso/saml/${spB.ws}/acs`, { SAMLResponse: forA }), c, /could not be verified|another destination|another recipient/);
    // A's request answered at B: unknown there.
    const idA = await begin(c, sp);
    const aimed = idp.response({ acsUrl: spB.acs, audience: spB.entity, inResponseTo: idA, email: email(), now: clock.now() });
    await refused(await c.post(`/sso/saml/${spB.ws}/acs`, { SAMLResponse: aimed }), c, /no sign-in request that is still open/);
    // Another IdP's signature at B (B trusts only its own).
    const otherIdp = new TestIdp();
    await refused(await post(c, { email: email(), issuer: idp.entityId }, spB, otherIdp), c, /could not be verified/);
  });

  test("enforce_sso: password sign-in refuses the enforcing workspace's members with a link to SSO; owners (break-glass) and guests keep it; SSO still works", async () => {
    const w = await q.admin("POST", "/_quire/v1/workspaces", { name: "Enforced" });
    const prefix = `/_quire/v1/workspaces/${w.body.id}`;
    const target = await configure(q, `/workspaces/${w.body.id}`, idp, { enforce_sso: true });
    const member = await q.admin("POST", `${prefix}/users`, { name: "Member", email: email(), password: PASSWORD });
    const c = new FormClient(q.url);
    const r = await c.signIn(member.body.person.email, PASSWORD);
    assert.equal(r.status, 403, r.text);
    assert.match(r.text, /requires single sign-on/);
    assert.match(r.text, new RegExp(`href="/sso/saml/${w.body.id}/login"`));
    assert.equal((await c.session()).status, 401);
    // A wrong password says nothing about SSO.
    const wrong = await new FormClient(q.url).signIn(member.body.person.email, "not the password at all");
    assert.equal(wrong.status, 401);
    assert.doesNotMatch(wrong.text, /single sign-on/);
    assert.equal((await post(c, { email: member.body.person.email }, target)).status, 303, "SSO signs them in");
    const owner = await q.admin("POST", `${prefix}/users`, { name: "Owner", email: email(), password: PASSWORD, role: "owner" });
    assert.equal((await new FormClient(q.url).signIn(owner.body.person.email, PASSWORD)).status, 303, "owners keep password sign-in");
    const guest = await q.admin("POST", `${prefix}/users`, { name: "Guest", email: email(), password: PASSWORD, role: "guest" });
    assert.equal((await new FormClient(q.url).signIn(guest.body.person.email, PASSWORD)).status, 303, "guests cannot use SSO, so keep passwords");
    // Turned off: the member's password works again.
    assert.equal((await q.admin("PUT", `${prefix}/saml`, { idp_metadata_xml: idp.metadata(IDP_SSO), enforce_sso: false })).status, 200);
    assert.equal((await new FormClient(q.url).signIn(member.body.person.email, PASSWORD)).status, 303);
  });

  test("/login offers \"Sign in with SSO\"; /sso/saml?email= moves on to the person's workspace; an unknown email gets a page", async () => {
    const c = new FormClient(q.url);
    const page = await c.get("/login?next=%2F_quire%2Fsession");
    assert.match(page.text, /<form method="get" action="\/sso\/saml"/);
    assert.match(page.text, /Sign in with SSO/);
    const member = await q.admin("POST", `${home}/users`, { name: "Member", email: email() });
    const found = await c.get(`/sso/saml?email=${encodeURIComponent(member.body.person.email)}&next=%2F_quire%2Fsession`);
    assert.equal(found.status, 200);
    assert.match(found.text, new RegExp(`url=/sso/saml/${sp.ws}/login\\?next=%2F_quire%2Fsession`));
    assert.equal((await c.get(`/sso/saml?email=${encodeURIComponent(email())}`)).status, 404);
  });
});

describe("SAML single sign-on: a Quire without SAML", () => {
  test("/login shows no SSO form", async () => {
    const q = await startTestQuire();
    try {
      assert.doesNotMatch((await new FormClient(q.url).get("/login")).text, /Sign in with SSO/);
    } finally {
      await q.close();
    }
  });
});
