/**
 * Issue 12's "done when", end to end: an identity provider provisions people and a group over
 * SCIM, they sign in with SAML SSO (just-in-time creation off, so only provisioned people get
 * in), pages are shared with the group, a person's token acts as that person, and deprovisioning
 * over SCIM ends their session, their token and their next SSO sign-in.
 */
import { before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { startTestQuire, type TestQuire } from "./helpers/quire.js";
import { FormClient } from "./helpers/signin.js";
import { attributeOf, authnRequestOf, TestIdp } from "./helpers/saml-idp.js";
import { GROUP, scimClient, scimToken } from "./helpers/scim.js";

describe("provisioned over SCIM, signed in with SAML, acting with a personal token, deprovisioned", () => {
  let q: TestQuire;
  let idp: TestIdp;
  let sp: { acs: string; entity: string };
  let scim: ReturnType<typeof scimClient>;
  const ws = () => q.workspaceId;

  before(async () => {
    q = await startTestQuire();
    idp = new TestIdp();
    const res = await q.admin("PUT", `/_quire/v1/workspaces/${ws()}/saml`, { idp_metadata_xml: idp.metadata("https://idp.example.test/sso"), allow_jit: false });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    sp = { acs: res.body.service_provider.acs_url, entity: res.body.service_provider.entity_id };
    scim = scimClient(q, await scimToken(q, ws()));
  });

  /** A sign-in through the IdP in browser `c`: the ACS's answer. */
  async function ssoSignIn(c: FormClient, email: string) {
    const start = await c.get(`/sso/saml/${ws()}/login`);
    assert.equal(start.status, 302, start.text);
    const id = attributeOf(authnRequestOf(start.headers.get("location")!).xml, "AuthnRequest", "ID");
    const SAMLResponse = idp.response({ acsUrl: sp.acs, audience: sp.entity, inResponseTo: id, email, now: Date.now() });
    return c.post(`/sso/saml/${ws()}/acs`, { SAMLResponse });
  }

  test("only a provisioned person gets in; their group's page is theirs through their token; deactivation ends it all", async () => {
    const stranger = new FormClient(q.url);
    assert.equal((await ssoSignIn(stranger, "stranger@example.com")).status, 403, "JIT is off: an unprovisioned person is refused");

    const ada = await scim.createUser("ada@example.com", "Ada", "Lovelace", { externalId: "okta-ada" });
    const group = await scim.post("/Groups", { schemas: [GROUP], displayName: "Engineering", members: [{ value: ada.id }] });
    assert.equal(group.status, 201, JSON.stringify(group.body));

    const browser = new FormClient(q.url);
    assert.equal((await ssoSignIn(browser, "ADA@example.com")).status, 303, "the provisioned person signs in (email matched without case)");
    const session = await browser.session();
    assert.equal(session.status, 200);
    assert.equal(session.body.user.id, ada.id);

    // A page shared with the group: Ada edits it through her own token.
    const page = await q.admin("POST", `/_quire/v1/workspaces/${ws()}/pages`, { title: "Roadmap" });
    assert.equal(page.status, 200, JSON.stringify(page.body));
    const shared = await q.admin("PUT", `/_quire/v1/workspaces/${ws()}/pages/${page.body.id}/permissions`, { principal: { type: "group", id: group.body.id }, level: "can_edit" });
    assert.equal(shared.status, 200, JSON.stringify(shared.body));
    const token = await q.admin("POST", `/_quire/v1/workspaces/${ws()}/users/${ada.id}/tokens`, { name: "laptop" });
    assert.equal(token.status, 200, JSON.stringify(token.body));
    const asAda = q.client({ auth: token.body.token });
    assert.equal(((await asAda.users.me({})) as any).id, ada.id);
    const updated: any = await asAda.pages.update({ page_id: page.body.id, properties: { title: { title: [{ text: { content: "Roadmap 2027" } }] } } });
    assert.equal(updated.last_edited_by.id, ada.id, "the write is Ada's");

    // Deprovisioned: the session, the token and the next SSO sign-in all end.
    const off = await scim.patch(`/Users/${ada.id}`, [{ op: "replace", path: "active", value: false }]);
    assert.equal(off.status, 200, JSON.stringify(off.body));
    assert.equal(off.body.active, false);
    assert.equal((await browser.session()).status, 401, "signed out everywhere");
    assert.equal((await q.raw("GET", "/v1/users/me", { auth: token.body.token })).status, 401, "the token is revoked");
    assert.equal((await ssoSignIn(new FormClient(q.url), "ada@example.com")).status, 403, "no SSO sign-in once deprovisioned");

    // Reactivated by the IdP: SSO works again (the old token stays revoked).
    const on = await scim.patch(`/Users/${ada.id}`, [{ op: "replace", path: "active", value: true }]);
    assert.equal(on.status, 200, JSON.stringify(on.body));
    assert.equal((await ssoSignIn(new FormClient(q.url), "ada@example.com")).status, 303);
    assert.equal((await q.raw("GET", "/v1/users/me", { auth: token.body.token })).status, 401);
  });
});
