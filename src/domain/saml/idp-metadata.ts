/**
 * An identity provider's SAML metadata (SAML 2.0 metadata, OASIS saml-metadata-2.0-os §2.3–2.4)
 * read for what Quire needs: the `EntityDescriptor`'s `entityID`, the `IDPSSODescriptor`'s
 * `SingleSignOnService` with the HTTP-Redirect binding, and its signing certificates
 * (`KeyDescriptor` with `use="signing"` or no `use`). Parsed with @xmldom/xmldom, which resolves
 * no external entities. Problems come back as one sentence for the control API's error.
 */
import { DOMParser } from "@xmldom/xmldom";
import { X509Certificate } from "node:crypto";

const MD = "urn:oasis:names:tc:SAML:2.0:metadata";
const DS = "http://www.w3.org/2000/09/xmldsig#";
const REDIRECT = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect";

/** What Quire keeps of an IdP's metadata. */
export interface IdpDetails {
  idp_entity_id: string;
  entry_point: string;
  idp_certs: string[];
}

/** Thrown with a sentence saying what is wrong with the metadata or a certificate. */
export class SamlSetupError extends Error {}

/** Parses IdP metadata XML (an `EntityDescriptor`, or an `EntitiesDescriptor` holding one IdP). */
export function parseIdpMetadata(xml: string): IdpDetails {
  const entity = idpEntity(parseXml(xml));
  const entityId = entity.getAttribute("entityID")?.trim();
  if (!entityId) throw new SamlSetupError("the EntityDescriptor has no entityID.");
  const idp = children(entity, MD, "IDPSSODescriptor")[0];
  if (!idp) throw new SamlSetupError("the EntityDescriptor has no IDPSSODescriptor: it describes no identity provider.");
  const sso = children(idp, MD, "SingleSignOnService").find((e) => e.getAttribute("Binding") === REDIRECT);
  const location = sso?.getAttribute("Location")?.trim();
  if (!location) throw new SamlSetupError(`the IDPSSODescriptor has no SingleSignOnService with the HTTP-Redirect binding (${REDIRECT}).`);
  const certs = children(idp, MD, "KeyDescriptor")
    .filter((k) => (k.getAttribute("use") ?? "signing") === "signing")
    .flatMap((k) => Array.from(k.getElementsByTagNameNS(DS, "X509Certificate")))
    .map((c) => certificatePem(c.textContent ?? ""));
  if (certs.length === 0) throw new SamlSetupError("the IDPSSODescriptor has no signing certificate (KeyDescriptor use=\"signing\" with an X509Certificate).");
  return { idp_entity_id: entityId, entry_point: checkEntryPoint(location), idp_certs: [...new Set(certs)] };
}

/** A certificate as PEM, from PEM or bare base64 (as metadata carries it); refuses what is not an X.509 certificate. */
export function certificatePem(text: string): string {
  const body = text.replace(/-----(BEGIN|END) CERTIFICATE-----/g, "").replace(/\s+/g, "");
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(body)) throw new SamlSetupError("a certificate is not PEM or base64 (expected -----BEGIN CERTIFICATE----- …).");
  const pem = `-----BEGIN CERTIFICATE-----\n${body.match(/.{1,64}/g)!.join("\n")}\n-----END CERTIFICATE-----\n`;
  try {
    new X509Certificate(pem);
  } catch {
    throw new SamlSetupError("a certificate could not be read as an X.509 certificate.");
  }
  return pem;
}

/** The IdP's sign-on URL: http(s) only (the browser is sent there). */
export function checkEntryPoint(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new SamlSetupError("the sign-on URL is not a URL.");
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") throw new SamlSetupError("the sign-on URL must be http or https.");
  return parsed.toString();
}

function parseXml(xml: string) {
  const problems: string[] = [];
  const report = (msg: string) => void problems.push(msg);
  const doc = new DOMParser({ errorHandler: { warning: () => {}, error: report, fatalError: report } }).parseFromString(xml, "text/xml");
  if (problems.length > 0 || !doc?.documentElement) throw new SamlSetupError("it is not well-formed XML.");
  return doc;
}

function idpEntity(doc: Document): Element {
  const root = doc.documentElement;
  if (root.namespaceURI === MD && root.localName === "EntityDescriptor") return root;
  if (root.namespaceURI === MD && root.localName === "EntitiesDescriptor") {
    const idps = Array.from(root.getElementsByTagNameNS(MD, "EntityDescriptor")).filter((e) => children(e, MD, "IDPSSODescriptor").length > 0);
    if (idps.length === 1) return idps[0];
    throw new SamlSetupError(`the EntitiesDescriptor holds ${idps.length} identity providers; give the metadata of one.`);
  }
  throw new SamlSetupError("its root is not a SAML metadata EntityDescriptor.");
}

function children(parent: Element, ns: string, name: string): Element[] {
  return Array.from(parent.childNodes).filter((n): n is Element => n.nodeType === 1 && (n as Element).namespaceURI === ns && (n as Element).localName === name);
}
