/**
 * A real SAML identity provider for tests: an RSA key pair and a self-signed X.509 certificate
 * made here (openssl, no network), SAML 2.0 Responses built as XML and signed with xml-crypto
 * (enveloped signature, exclusive c14n, rsa-sha256, sha256 digests) — the Response, the Assertion,
 * both or neither — and its metadata. Every part of a response can be changed to build the
 * attacks the SAML tests send (tampering after signing, wrong audience, times, wrapping).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { inflateRawSync } from "node:zlib";
import { SignedXml } from "xml-crypto";

/** A key pair and its self-signed certificate (PEM). */
export interface KeyPair {
  key: string;
  cert: string;
}

/** A new RSA-2048 key and a self-signed certificate for `cn`, made by openssl in a temporary directory. */
export function makeKeyPair(cn = "Test IdP"): KeyPair {
  const dir = mkdtempSync(join(tmpdir(), "quire-idp-"));
  try {
    execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", join(dir, "key.pem"), "-out", join(dir, "cert.pem"), "-days", "2", "-subj", `/CN=${cn}`], { stdio: "ignore" });
    return { key: readFileSync(join(dir, "key.pem"), "utf8"), cert: readFileSync(join(dir, "cert.pem"), "utf8") };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** What a response says; every field has a sound default from `sp` and the IdP. */
export interface ResponseOptions {
  /** The SP's ACS URL (Destination and Recipient unless overridden). */
  acsUrl: string;
  /** The SP's entity id (the Audience unless overridden). */
  audience: string;
  inResponseTo: string | null;
  email: string;
  now?: number;
  nameIdFormat?: string;
  attributes?: Record<string, string>;
  destination?: string | null;
  recipient?: string;
  issuer?: string;
  notBefore?: number;
  notOnOrAfter?: number;
  assertionId?: string;
  /** What is signed (default: the assertion). */
  sign?: "assertion" | "response" | "both" | "none";
  /** Sign with this key instead of the IdP's. */
  signWith?: KeyPair;
  /** Changes the XML after signing (tampering, wrapping). */
  after?: (xml: string) => string;
}

const EMAIL = "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress";
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/"/g, "&quot;");

/** An identity provider with its own entity id and keys. */
export class TestIdp {
  readonly keys: KeyPair;
  constructor(
    readonly entityId = `https://idp.example.test/${randomBytes(4).toString("hex")}`,
    keys?: KeyPair,
  ) {
    this.keys = keys ?? makeKeyPair();
  }

  /** The IdP's metadata XML (EntityDescriptor → IDPSSODescriptor, signing KeyDescriptor, HTTP-Redirect SSO at `ssoUrl`). */
  metadata(ssoUrl: string): string {
    const body = this.keys.cert.replace(/-----(BEGIN|END) CERTIFICATE-----|\s/g, "");
    return `<?xml version="1.0"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="${esc(this.entityId)}">
  <md:IDPSSODescriptor WantAuthnRequestsSigned="false" protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    <md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>${body}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>
    <md:NameIDFormat>${EMAIL}</md:NameIDFormat>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="${esc(ssoUrl)}/post"/>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="${esc(ssoUrl)}"/>
  </md:IDPSSODescriptor>
</md:EntityDescriptor>`;
  }

  /** A Response as XML, signed as asked. */
  responseXml(o: ResponseOptions): string {
    const now = o.now ?? Date.now();
    const assertionId = o.assertionId ?? `_a${randomBytes(16).toString("hex")}`;
    const irt = o.inResponseTo === null ? "" : ` InResponseTo="${esc(o.inResponseTo)}"`;
    const destination = o.destination === null ? "" : ` Destination="${esc(o.destination ?? o.acsUrl)}"`;
    const issuer = esc(o.issuer ?? this.entityId);
    const attrs = Object.entries(o.attributes ?? { firstName: "Grace", lastName: "Hopper" })
      .map(([k, v]) => `<saml:Attribute Name="${esc(k)}"><saml:AttributeValue>${esc(v)}</saml:AttributeValue></saml:Attribute>`)
      .join("");
    const assertion = `<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="${assertionId}" Version="2.0" IssueInstant="${iso(now)}"><saml:Issuer>${issuer}</saml:Issuer><saml:Subject><saml:NameID Format="${esc(o.nameIdFormat ?? EMAIL)}">${esc(o.email)}</saml:NameID><saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData NotOnOrAfter="${iso(o.notOnOrAfter ?? now + 5 * 60_000)}"${irt} Recipient="${esc(o.recipient ?? o.acsUrl)}"/></saml:SubjectConfirmation></saml:Subject><saml:Conditions NotBefore="${iso(o.notBefore ?? now - 60_000)}" NotOnOrAfter="${iso(o.notOnOrAfter ?? now + 5 * 60_000)}"><saml:AudienceRestriction><saml:Audience>${esc(o.audience)}</saml:Audience></saml:AudienceRestriction></saml:Conditions><saml:AuthnStatement AuthnInstant="${iso(now)}" SessionIndex="_s${randomBytes(8).toString("hex")}"><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement><saml:AttributeStatement>${attrs}</saml:AttributeStatement></saml:Assertion>`;
    const sign = o.sign ?? "assertion";
    const key = o.signWith ?? this.keys;
    const signedAssertion = sign === "assertion" || sign === "both" ? signElement(assertion, "Assertion", key) : assertion;
    let xml = `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_r${randomBytes(16).toString("hex")}" Version="2.0" IssueInstant="${iso(now)}"${destination}${irt}><saml:Issuer>${issuer}</saml:Issuer><samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>${signedAssertion}</samlp:Response>`;
    if (sign === "response" || sign === "both") xml = signElement(xml, "Response", key);
    return o.after ? o.after(xml) : xml;
  }

  /** The Response base64-encoded, as the HTTP-POST binding carries it in `SAMLResponse`. */
  response(o: ResponseOptions): string {
    return Buffer.from(this.responseXml(o), "utf8").toString("base64");
  }
}

/** Signs the outermost element named `local` of `xml` (enveloped, exc-c14n, rsa-sha256), the signature after its Issuer. */
function signElement(xml: string, local: "Assertion" | "Response", key: KeyPair): string {
  const sig = new SignedXml({
    privateKey: key.key,
    publicCert: key.cert,
    signatureAlgorithm: "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
    canonicalizationAlgorithm: "http://www.w3.org/2001/10/xml-exc-c14n#",
  });
  sig.addReference({
    xpath: `/*[local-name(.)='${local}']`,
    transforms: ["http://www.w3.org/2000/09/xmldsig#enveloped-signature", "http://www.w3.org/2001/10/xml-exc-c14n#"],
    digestAlgorithm: "http://www.w3.org/2001/04/xmlenc#sha256",
  });
  sig.computeSignature(xml, { prefix: "ds", location: { reference: `/*[local-name(.)='${local}']/*[local-name(.)='Issuer']`, action: "after" } });
  return sig.getSignedXml();
}

/** The AuthnRequest XML a redirect-binding URL carries (base64, raw deflate). */
export function authnRequestOf(location: string): { xml: string; relayState: string | null; url: URL } {
  const url = new URL(location);
  const encoded = url.searchParams.get("SAMLRequest");
  if (!encoded) throw new Error(`no SAMLRequest in ${location}`);
  return { xml: inflateRawSync(Buffer.from(encoded, "base64")).toString("utf8"), relayState: url.searchParams.get("RelayState"), url };
}

/** An attribute of the first element named `local` in `xml`. */
export function attributeOf(xml: string, local: string, attr: string): string | null {
  const m = new RegExp(`<(?:\\w+:)?${local}\\b[^>]*?\\s${attr}="([^"]*)"`).exec(xml);
  return m ? m[1] : null;
}
