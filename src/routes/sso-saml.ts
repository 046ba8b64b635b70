/**
 * SAML 2.0 single sign-on, Quire as the service provider of each workspace (src/domain/saml/):
 * `GET /sso/saml/{workspace_id}/metadata` (the SP's metadata XML for the IdP),
 * `GET /sso/saml/{workspace_id}/login?next=…` (redirect to the IdP with an AuthnRequest),
 * `POST /sso/saml/{workspace_id}/acs` (the IdP's response, HTTP-POST binding → a session), and
 * `GET /sso/saml?email=…` ("Sign in with SSO" on /login: the person's workspace with SAML).
 * Failures are short HTML pages (400/403/404), never a stack or any of the assertion.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { generateServiceProviderMetadata } from "@node-saml/node-saml";
import type { Deps } from "../domain/context.js";
import { normalizeId } from "../api/ids.js";
import { SamlRefusal } from "../domain/saml/assertion.js";
import { consumeSamlResponse } from "../domain/saml/consume.js";
import { ssoWorkspaceFor, startSamlSignIn } from "../domain/saml/start.js";
import { EMAIL_FORMAT, SAML_ACS_ROUTE, spUrls } from "../domain/saml/policy.js";
import { sessionIdOf, setSessionCookie } from "../http/session.js";
import { FORM } from "../http/form.js";
import { PAGE_HEADERS, problemPage, ssoContinuePage } from "./signin-html.js";
import { localPath } from "./signin.js";
import { signedInLanding } from "./web-app.js";

/** Registers the SAML routes. */
export function samlRoutes(app: FastifyInstance, deps: Deps): void {
  app.get("/sso/saml/:workspace_id/metadata", async (req, reply) => {
    const ws = workspaceOf(req);
    const known = ws !== null && (await deps.store.read((tx) => tx.getWorkspace(ws))) !== null;
    if (!known) return page(reply, 404, "Not found", "There is no such workspace.");
    const sp = spUrls(deps, ws);
    const xml = generateServiceProviderMetadata({ issuer: sp.entity_id, callbackUrl: sp.acs_url, identifierFormat: EMAIL_FORMAT, wantAssertionsSigned: true });
    return reply.code(200).header("content-type", "application/samlmetadata+xml; charset=utf-8").header("cache-control", "no-store").send(xml);
  });

  app.get("/sso/saml/:workspace_id/login", async (req, reply) => {
    const ws = workspaceOf(req);
    if (!ws) return page(reply, 404, "Not found", "Single sign-on is not set up for this workspace.");
    return refusals(reply, async () => {
      const location = await startSamlSignIn(deps, ws, localPath(queryOf(req).next));
      return reply.code(302).header("cache-control", "no-store").header("location", location).send();
    });
  });

  app.post(SAML_ACS_ROUTE, async (req, reply) => {
    const ws = workspaceOf(req);
    if (!ws) return page(reply, 404, "Not found", "Single sign-on is not set up for this workspace.");
    return refusals(reply, async () => {
      const done = await consumeSamlResponse(deps, ws, formOf(req).SAMLResponse, sessionIdOf(req));
      setSessionCookie(req, reply, done.sessionId);
      return reply.code(303).header("cache-control", "no-store").header("location", done.next ?? signedInLanding()).send();
    });
  });

  app.get("/sso/saml", async (req, reply) => {
    const q = queryOf(req);
    const next = localPath(q.next);
    const email = typeof q.email === "string" ? q.email.trim() : "";
    const ws = email ? await ssoWorkspaceFor(deps, email) : null;
    if (!ws) return page(reply, 404, "Single sign-on", "No single sign-on is set up for this email. Sign in with your password, or ask a workspace admin for your workspace's sign-in link.");
    const target = `/sso/saml/${ws}/login${next ? `?next=${encodeURIComponent(next)}` : ""}`;
    // A page that moves on, not a redirect: a form's CSP `form-action 'self'` would stop a chain of redirects that ends at the IdP.
    return reply
      .code(200)
      .headers(PAGE_HEADERS)
      .send(ssoContinuePage(target));
  });
}

/** Runs `fn`, answering a refusal as its page. */
async function refusals(reply: FastifyReply, fn: () => Promise<FastifyReply>): Promise<FastifyReply> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof SamlRefusal) return page(reply, e.status, e.status === 404 ? "Not found" : "Sign-in refused", e.message);
    throw e;
  }
}

function page(reply: FastifyReply, status: number, title: string, message: string) {
  return reply.code(status).headers(PAGE_HEADERS).send(problemPage(title, message));
}

/** The path's workspace id, canonical, or null when it is not an id. */
function workspaceOf(req: FastifyRequest): string | null {
  return normalizeId((req.params as Record<string, string>).workspace_id);
}

function queryOf(req: FastifyRequest): Record<string, unknown> {
  return (req.query ?? {}) as Record<string, unknown>;
}

function formOf(req: FastifyRequest): Record<string, string | undefined> {
  const body = req.body;
  return body && typeof body === "object" && (body as { [FORM]?: true })[FORM] ? (body as Record<string, string>) : {};
}
