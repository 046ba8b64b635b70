/**
 * Configuring SAML single sign-on (issue 12): `PUT/GET/DELETE /_quire/v1[/workspaces/{id}]/saml`
 * from IdP metadata or from its three fields, with clear errors for bad metadata and bad
 * certificates; the SP metadata a workspace publishes; one workspace's setting never touching
 * another's; and the `quire saml` commands. Sign-in flows are test/saml.test.ts.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomUUID } from "node:crypto";
import { startTestQuire, type TestQuire } from "./helpers/quire.js";
import { runCli } from "./helpers/child.js";
import { attributeOf, authnRequestOf, TestIdp } from "./helpers/saml-idp.js";
import { FormClient } from "./helpers/signin.js";
import { parseServeConfig } from "../src/config.js";

const SSO = "https://idp.example.test/sso";

describe("SAML configuration", () => {
  let q: TestQuire;
  let idp: TestIdp;
  let dir: string;
  before(async () => {
    q = await startTestQuire();
    idp = new TestIdp();
    dir = mkdtempSync(join(tmpdir(), "quire-saml-cli-"));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test("PUT from metadata → the IdP's entity id, redirect sign-on URL and certificate, defaults (JIT on, not enforced), the SP's URLs; GET the same; DELETE; GET 404; GET …/saml/status 200 either way", async () => {
    const put = await q.admin("PUT", "/_quire/v1/saml", { idp_metadata_xml: idp.metadata(SSO) });
    assert.equal(put.status, 200, JSON.stringify(put.body));
    const ws = q.workspaceId;
    const base = `${q.url}/sso/saml/${ws}`;
    assert.equal(put.body.object, "saml_configuration");
    assert.equal(put.body.workspace_id, ws);
    assert.equal(put.body.idp_issuer, idp.entityId);
    assert.equal(put.body.entry_point, SSO, "the HTTP-Redirect service, not the POST one");
    assert.equal(put.body.idp_certificates.length, 1);
    assert.match(put.body.idp_certificates[0].subject, /CN=Test IdP/);
    assert.match(put.body.idp_certificates[0].fingerprint_sha256, /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    assert.equal(put.body.allow_jit, true);
    assert.equal(put.body.enforce_sso, false);
    assert.deepEqual(put.body.service_provider, { entity_id: `${base}/metadata`, metadata_url: `${base}/metadata`, acs_url: `${base}/acs`, login_url: `${base}/login` });
    const scoped = await q.admin("GET", `/_quire/v1/workspaces/${ws}/saml`);
    assert.deepEqual({ ...scoped.body, request_id: undefined }, { ...put.body, request_id: undefined });
    // Flags kept when a later PUT leaves them out.
    await q.admin("PUT", "/_quire/v1/saml", { idp_metadata_xml: idp.metadata(SSO), allow_jit: false, enforce_sso: true });
    const kept = await q.admin("PUT", "/_quire/v1/saml", { idp_metadata_xml: idp.metadata(SSO) });
    assert.deepEqual([kept.body.allow_jit, kept.body.enforce_sso], [false, true]);
    assert.equal(kept.body.created_time, put.body.created_time);
    const del = await q.admin("DELETE", "/_quire/v1/saml");
    assert.deepEqual([del.status, del.body.deleted], [200, true]);
    const gone = await q.admin("GET", "/_quire/v1/saml");
    assert.deepEqual([gone.status, gone.body.object, gone.body.code], [404, "error", "object_not_found"]);
    assert.equal((await q.admin("DELETE", "/_quire/v1/saml")).status, 404);
    // The status answers 200 either way (the console's Security tab reads it: no failed request).
    const off = await q.admin("GET", `/_quire/v1/workspaces/${ws}/saml/status`);
    assert.deepEqual({ ...off.body, request_id: undefined }, { object: "saml_status", workspace_id: ws, configured: false, enforce_sso: false, service_provider: put.body.service_provider, request_id: undefined });
    await q.admin("PUT", "/_quire/v1/saml", { idp_metadata_xml: idp.metadata(SSO), enforce_sso: true });
    const on = await q.admin("GET", "/_quire/v1/saml/status");
    assert.deepEqual([on.status, on.body.configured, on.body.enforce_sso], [200, true, true]);
    await q.admin("DELETE", "/_quire/v1/saml");
  });

  test("PUT from the three fields (one certificate or several, PEM or bare base64)", async () => {
    const other = new TestIdp();
    const bare = other.keys.cert.replace(/-----(BEGIN|END) CERTIFICATE-----|\s/g, "");
    const r = await q.admin("PUT", "/_quire/v1/saml", { entry_point: "https://login.example.test/saml2", idp_cert: [idp.keys.cert, bare], idp_issuer: "urn:example:idp" });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.idp_certificates.length, 2);
    assert.equal(r.body.idp_issuer, "urn:example:idp");
    assert.equal(r.body.entry_point, "https://login.example.test/saml2");
    const one = await q.admin("PUT", "/_quire/v1/saml", { entry_point: "https://login.example.test/saml2", idp_cert: idp.keys.cert, idp_issuer: "urn:example:idp" });
    assert.equal(one.body.idp_certificates.length, 1);
  });

  test("bad input: validation_error with what is wrong, nothing stored", async () => {
    await q.admin("DELETE", "/_quire/v1/saml");
    const cases: [unknown, RegExp][] = [
      [{}, /body\.entry_point should be defined/],
      [{ idp_metadata_xml: "<not xml" }, /idp_metadata_xml is not valid: it is not well-formed XML/],
      [{ idp_metadata_xml: "<a/>" }, /its root is not a SAML metadata EntityDescriptor/],
      [{ idp_metadata_xml: idp.metadata(SSO).replace(/<md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"[^>]*\/>/, "") }, /no SingleSignOnService with the HTTP-Redirect binding/],
      [{ idp_metadata_xml: idp.metadata(SSO).replace(/<md:KeyDescriptor[\s\S]*<\/md:KeyDescriptor>/, "") }, /no signing certificate/],
      [{ idp_metadata_xml: idp.metadata(SSO).replace(/<ds:X509Certificate>[^<]+/, "<ds:X509Certificate>QUJD") }, /could not be read as an X\.509 certificate/],
      [{ idp_metadata_xml: idp.metadata(SSO).replace(/entityID="[^"]+"/, "") }, /has no entityID/],
      [{ idp_metadata_xml: idp.metadata("javascript:alert(1)") }, /sign-on URL must be http or https/],
      [{ idp_metadata_xml: idp.metadata(SSO), entry_point: SSO }, /either body\.idp_metadata_xml or body\.entry_point/],
      [{ entry_point: "not a url", idp_cert: idp.keys.cert, idp_issuer: "x" }, /body\.entry_point is not valid: the sign-on URL is not a URL/],
      [{ entry_point: SSO, idp_cert: "-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----", idp_issuer: "x" }, /body\.idp_cert is not valid: a certificate is not PEM or base64/],
      [{ entry_point: SSO, idp_cert: [idp.keys.cert, "QUJD"], idp_issuer: "x" }, /body\.idp_cert\[1\] is not valid/],
      [{ entry_point: SSO, idp_cert: idp.keys.cert, idp_issuer: "x", enforce_sso: "yes" }, /body\.enforce_sso should be a boolean/],
    ];
    for (const [body, message] of cases) {
      const r = await q.admin("PUT", "/_quire/v1/saml", body);
      assert.equal(r.status, 400, JSON.stringify(body).slice(0, 80));
      assert.equal(r.body.code, "validation_error");
      assert.match(r.body.message, message);
    }
    assert.equal((await q.admin("GET", "/_quire/v1/saml")).status, 404);
    const unknown = await q.admin("PUT", `/_quire/v1/workspaces/${randomUUID()}/saml`, { idp_metadata_xml: idp.metadata(SSO) });
    assert.deepEqual([unknown.status, unknown.body.code], [404, "object_not_found"]);
  });

  test("one workspace's configuration never touches another's", async () => {
    await q.admin("PUT", "/_quire/v1/saml", { idp_metadata_xml: idp.metadata(SSO) });
    const b = (await q.admin("POST", "/_quire/v1/workspaces", { name: "B" })).body.id;
    assert.equal((await q.admin("GET", `/_quire/v1/workspaces/${b}/saml`)).status, 404);
    const other = new TestIdp();
    const put = await q.admin("PUT", `/_quire/v1/workspaces/${b}/saml`, { idp_metadata_xml: other.metadata("https://other.example/sso"), enforce_sso: true });
    assert.equal(put.body.service_provider.acs_url, `${q.url}/sso/saml/${b}/acs`);
    await q.admin("DELETE", `/_quire/v1/workspaces/${b}/saml`);
    const a = await q.admin("GET", `/_quire/v1/workspaces/${q.workspaceId}/saml`);
    assert.deepEqual([a.status, a.body.idp_issuer, a.body.enforce_sso], [200, idp.entityId, false]);
    // Deleting a workspace takes its SAML rows with it (every table keyed by workspace).
    await q.admin("PUT", `/_quire/v1/workspaces/${b}/saml`, { idp_metadata_xml: other.metadata("https://other.example/sso") });
    assert.equal((await q.admin("DELETE", `/_quire/v1/workspaces/${b}`)).status, 200);
    assert.equal((await fetch(`${q.url}/sso/saml/${b}/login`)).status, 404);
  });

  test("GET /sso/saml/{ws}/metadata: the SP's EntityDescriptor — entity id, ACS with the POST binding, emailAddress NameID, AuthnRequestsSigned false; 404 for an unknown workspace", async () => {
    const r = await fetch(`${q.url}/sso/saml/${q.workspaceId}/metadata`);
    assert.equal(r.status, 200);
    assert.match(r.headers.get("content-type")!, /^application\/samlmetadata\+xml/);
    const xml = await r.text();
    const base = `${q.url}/sso/saml/${q.workspaceId}`;
    assert.equal(attributeOf(xml, "EntityDescriptor", "entityID"), `${base}/metadata`);
    assert.equal(attributeOf(xml, "SPSSODescriptor", "AuthnRequestsSigned"), "false");
    assert.equal(attributeOf(xml, "SPSSODescriptor", "WantAssertionsSigned"), "true");
    assert.equal(attributeOf(xml, "AssertionConsumerService", "Binding"), "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST");
    assert.equal(attributeOf(xml, "AssertionConsumerService", "Location"), `${base}/acs`);
    assert.match(xml, /<NameIDFormat>urn:oasis:names:tc:SAML:1\.1:nameid-format:emailAddress<\/NameIDFormat>/);
    assert.equal((await fetch(`${q.url}/sso/saml/${randomUUID()}/metadata`)).status, 404);
    assert.equal((await fetch(`${q.url}/sso/saml/x/metadata`)).status, 404);
  });

  test("quire saml set --metadata | --entry-point --cert --issuer, show, delete; usage errors exit 2", async () => {
    const flags = ["--url", q.url, "--admin-key", q.adminKey];
    const meta = join(dir, "idp.xml");
    const cert = join(dir, "idp.pem");
    writeFileSync(meta, idp.metadata(SSO));
    writeFileSync(cert, idp.keys.cert);
    const set = await runCli(["saml", "set", "--metadata", meta, "--enforce-sso", "on", ...flags]);
    assert.equal(set.code, 0, set.stderr);
    assert.equal(JSON.parse(set.stdout).enforce_sso, true);
    const fields = await runCli(["saml", "set", "--entry-point", "https://login.example.test/x", "--cert", cert, "--issuer", "urn:x", "--jit", "off", "--workspace", q.workspaceId, ...flags]);
    assert.equal(fields.code, 0, fields.stderr);
    assert.deepEqual([JSON.parse(fields.stdout).idp_issuer, JSON.parse(fields.stdout).allow_jit, JSON.parse(fields.stdout).enforce_sso], ["urn:x", false, true]);
    const show = await runCli(["saml", "show", ...flags]);
    assert.equal(JSON.parse(show.stdout).service_provider.acs_url, `${q.url}/sso/saml/${q.workspaceId}/acs`);
    assert.equal((await runCli(["saml", "delete", ...flags])).code, 0);
    const none = await runCli(["saml", "show", ...flags]);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /404 object_not_found/);
    const both = await runCli(["saml", "set", "--metadata", meta, "--issuer", "x", ...flags]);
    assert.equal(both.code, 2);
    assert.match(both.stderr, /not both/);
    const missing = await runCli(["saml", "set", "--metadata", join(dir, "absent.xml"), ...flags]);
    assert.match(missing.stderr, /cannot read/);
    assert.match((await runCli(["saml", "set", "--metadata", meta, "--jit", "maybe", ...flags])).stderr, /--jit should be on or off/);
  });

  test("--public-url: the SP's addresses (and what a response must name) are the public origin's, not the listening one", async () => {
    assert.equal(parseServeConfig(["--public-url", "https://quire.example.com/"], {}).publicUrl, "https://quire.example.com");
    assert.throws(() => parseServeConfig(["--public-url", "https://quire.example.com/sub"], {}), /--public-url should be an http\(s\) origin/);
    const p = await startTestQuire({ publicUrl: "https://quire.example.com" });
    try {
      const ws = p.workspaceId;
      const put = await p.admin("PUT", `/_quire/v1/workspaces/${ws}/saml`, { idp_metadata_xml: idp.metadata(SSO) });
      const acs = `https://quire.example.com/sso/saml/${ws}/acs`;
      assert.equal(put.body.service_provider.acs_url, acs);
      assert.equal(attributeOf(await (await fetch(`${p.url}/sso/saml/${ws}/metadata`)).text(), "AssertionConsumerService", "Location"), acs);
      const answer = async (acsUrl: string) => {
        const c = new FormClient(p.url);
        const login = await c.get(`/sso/saml/${ws}/login`);
        const id = attributeOf(authnRequestOf(login.headers.get("location")!).xml, "AuthnRequest", "ID");
        const SAMLResponse = idp.response({ acsUrl, audience: `https://quire.example.com/sso/saml/${ws}/metadata`, inResponseTo: id, email: `pub-${randomUUID().slice(0, 6)}@example.com` });
        return (await c.post(`/sso/saml/${ws}/acs`, { SAMLResponse })).status;
      };
      assert.equal(await answer(acs), 303);
      assert.equal(await answer(`${p.url}/sso/saml/${ws}/acs`), 403);
    } finally {
      await p.close();
    }
  });
});
