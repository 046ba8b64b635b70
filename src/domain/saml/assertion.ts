/**
 * What Quire checks itself on an assertion whose signature node-saml verified (the parsed
 * assertion it answers comes from the signed XML only): the issuer is the workspace's IdP; a
 * bearer `SubjectConfirmation` whose `Recipient` is this workspace's ACS URL, with an
 * `InResponseTo` (no IdP-initiated sign-in) and a `NotOnOrAfter`; `Conditions`' `NotBefore` and
 * `NotOnOrAfter`, all with a small skew, on Quire's clock. SAML 2.0 profiles (saml-profiles-2.0-os)
 * §4.1.4.2–4.1.4.3 state these rules for the Web Browser SSO profile.
 */
import { DOMParser } from "@xmldom/xmldom";
import { CLOCK_SKEW_MS, EMAIL_FORMAT } from "./policy.js";

const BEARER = "urn:oasis:names:tc:SAML:2.0:cm:bearer";

/** An assertion refused, with the short reason the error page shows. */
export class SamlRefusal extends Error {
  constructor(readonly status: 400 | 403 | 404, reason: string) {
    super(reason);
  }
}

/** What a checked assertion gives the sign-in. */
export interface CheckedAssertion {
  id: string;
  inResponseTo: string;
  email: string;
  name: string | null;
  /** Until when the assertion id must be remembered (the latest end any of its parts gives). */
  keepUntil: number;
}

type Node = { _?: string; $?: Record<string, string> } & Record<string, unknown>;

/** Checks the verified assertion (xml2js shape) and the unsigned response around it against the workspace's expectations. */
export function checkAssertion(parsed: Record<string, unknown>, responseXml: string, expect: { issuer: string; acsUrl: string; now: number }): CheckedAssertion {
  const a = parsed.Assertion as Node | undefined;
  if (!a) throw new SamlRefusal(400, "The response carries no assertion.");
  const id = a.$?.ID;
  if (!id) throw new SamlRefusal(400, "The assertion has no ID.");
  if (text(first(a.Issuer)) !== expect.issuer) throw new SamlRefusal(403, "The assertion was issued by another identity provider.");
  const response = responseAttributes(responseXml);
  if (response.Destination !== undefined && response.Destination !== expect.acsUrl) throw new SamlRefusal(403, "The response is addressed to another destination.");
  const subject = first(a.Subject);
  const confirmations = list(subject?.SubjectConfirmation).filter((c) => c.$?.Method === BEARER);
  if (confirmations.length === 0) throw new SamlRefusal(403, "The assertion has no bearer subject confirmation.");
  const data = confirmations.map((c) => first(c.SubjectConfirmationData)?.$ ?? {}).find((d) => d.Recipient === expect.acsUrl);
  if (!data) throw new SamlRefusal(403, "The assertion is meant for another recipient.");
  const inResponseTo = data.InResponseTo;
  // IdP-initiated sign-in (no InResponseTo) is refused: nothing ties it to a request Quire made.
  if (!inResponseTo) throw new SamlRefusal(403, "The response answers no sign-in request from Quire (sign-in must start at Quire).");
  if (response.InResponseTo !== undefined && response.InResponseTo !== inResponseTo) throw new SamlRefusal(403, "The response and its assertion answer different requests.");
  const ends = [window(data, expect.now, "subject confirmation", true), window(first(a.Conditions)?.$ ?? {}, expect.now, "conditions", false)];
  const keepUntil = Math.max(...ends.filter((e): e is number => e !== null)) + CLOCK_SKEW_MS;
  return { id, inResponseTo, email: emailOf(subject, attributesOf(a)), name: nameOf(attributesOf(a)), keepUntil };
}

/** Checks `NotBefore`/`NotOnOrAfter` at `now` with the skew; answers the end, or null when there is none (and none is required). */
function window(attrs: Record<string, string>, now: number, what: string, endRequired: boolean): number | null {
  const notBefore = instant(attrs.NotBefore, what);
  const notOnOrAfter = instant(attrs.NotOnOrAfter, what);
  if (notBefore !== null && now + CLOCK_SKEW_MS < notBefore) throw new SamlRefusal(403, `The assertion is not valid yet (${what}).`);
  if (notOnOrAfter === null && endRequired) throw new SamlRefusal(403, `The assertion has no end of validity (${what}).`);
  if (notOnOrAfter !== null && now - CLOCK_SKEW_MS >= notOnOrAfter) throw new SamlRefusal(403, `The assertion has expired (${what}).`);
  return notOnOrAfter;
}

function instant(value: string | undefined, what: string): number | null {
  if (value === undefined) return null;
  const ms = Date.parse(value);
  if (!/^\d{4}-\d\d-\d\dT/.test(value) || Number.isNaN(ms)) throw new SamlRefusal(400, `The assertion's ${what} has a time that cannot be read.`);
  return ms;
}

/** The person's email: the NameID in emailAddress format, else an email attribute, else a NameID that is an email. */
function emailOf(subject: Node | undefined, attrs: Map<string, string[]>): string {
  const nameId = first(subject?.NameID);
  const value = text(nameId)?.trim();
  const candidates = [
    nameId?.$?.Format === EMAIL_FORMAT ? value : undefined,
    ...["email", "mail", "emailaddress", "urn:oid:0.9.2342.19200300.100.1.3", "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress"].map((n) => attrs.get(n)?.[0]?.trim()),
    value,
  ];
  const email = candidates.find((c) => c !== undefined && c.length <= 200 && /^[^\s@]+@[^\s@]+$/.test(c));
  if (!email) throw new SamlRefusal(403, "The assertion names no email address (NameID in emailAddress format, or an email attribute).");
  return email;
}

/** A display name from the attributes Notion's SAML guides map (firstName/lastName), or common ones. */
function nameOf(attrs: Map<string, string[]>): string | null {
  const get = (...names: string[]) => names.map((n) => attrs.get(n)?.[0]?.trim()).find((v) => v);
  const whole = get("name", "displayname", "http://schemas.microsoft.com/identity/claims/displayname");
  const parts = [get("firstname", "givenname", "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname"), get("lastname", "surname", "sn", "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname")].filter(Boolean);
  const name = whole ?? (parts.length ? parts.join(" ") : null);
  return name ? name.slice(0, 200) : null;
}

/** The assertion's attributes by lower-cased name, their text values in order. */
function attributesOf(a: Node): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const statement of list(a.AttributeStatement))
    for (const attr of list(statement.Attribute)) {
      const name = attr.$?.Name?.toLowerCase();
      if (!name || out.has(name)) continue;
      out.set(name, list(attr.AttributeValue).map((v) => text(v)).filter((v): v is string => typeof v === "string"));
    }
  return out;
}

/** The top-level Response's `Destination` and `InResponseTo` (unsigned unless the Response is). */
function responseAttributes(xml: string): { Destination?: string; InResponseTo?: string } {
  const root = new DOMParser({ errorHandler: { warning: () => {}, error: () => {}, fatalError: () => {} } }).parseFromString(xml, "text/xml")?.documentElement;
  if (!root || root.localName !== "Response") return {};
  const attr = (n: string) => (root.hasAttribute(n) ? root.getAttribute(n)! : undefined);
  return { Destination: attr("Destination"), InResponseTo: attr("InResponseTo") };
}

function list(v: unknown): Node[] {
  return Array.isArray(v) ? (v as Node[]) : [];
}
function first(v: unknown): Node | undefined {
  return list(v)[0];
}
function text(n: Node | string | undefined): string | undefined {
  return typeof n === "string" ? n : n?._;
}
