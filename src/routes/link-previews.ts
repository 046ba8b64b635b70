/**
 * Link previews' public routes: `PATCH /v1/external/object` (a partner updating its previews,
 * with its installation's token: registered among the /v1 routes) and
 * `GET /externalIntegrationAuthCallback` (the partner sending the person back after linking their
 * account: a small HTML page, as Notion's own callback page).
 */
import type { FastifyInstance } from "fastify";
import type { Deps } from "../domain/context.js";
import { updateExternalObject } from "../domain/link-previews/external-object.js";
import { AccountLinkError, CALLBACK_PATH, finishAccountLink, type CallbackQuery } from "../domain/link-previews/account-link.js";
import { currentSession } from "../http/session.js";
import { bodyOf, ctxOf } from "./helpers.js";
import { callbackPage, LINK_PAGE_HEADERS } from "./link-previews-html.js";

/** `PATCH /v1/external/object`, among the /v1 routes (bearer auth, Notion-Version). */
export function externalObjectRoutes(v1: FastifyInstance) {
  v1.patch("/v1/external/object", async (req) => updateExternalObject(ctxOf(req), bodyOf(req)));
}

/** `GET /externalIntegrationAuthCallback`: finishes a person's account link and says how it went. */
export function linkPreviewCallbackRoutes(app: FastifyInstance, deps: Deps) {
  app.get(CALLBACK_PATH, async (req, reply) => {
    const raw = req.query as Record<string, unknown>;
    const q: CallbackQuery = {};
    for (const key of ["code", "state", "error"] as const) if (typeof raw[key] === "string") q[key] = (raw[key] as string).slice(0, 2048);
    try {
      const signedIn = await currentSession(deps, req);
      const { integrationName } = await finishAccountLink(deps, q, signedIn?.person.id ?? null);
      return reply.code(200).headers(LINK_PAGE_HEADERS).send(callbackPage("Connected", `Your ${integrationName} account is connected. Links from ${integrationName} now show previews; go back and paste the link again.`));
    } catch (e) {
      if (!(e instanceof AccountLinkError)) throw e;
      return reply.code(400).headers(LINK_PAGE_HEADERS).send(callbackPage("Could not connect", e.message));
    }
  });
}
