/**
 * Pasting a link (POST /_quire/v1/pages/{id}/link_previews, standing for the web app) and
 * unfurling it (Notion's "Build a Link Preview integration", "Unfurl callback"): the URL is
 * matched against every integration's domains and patterns; without a linked account the answer
 * is where to send the person (account-link.ts); with one, Quire POSTs `{uri}` to the unfurl
 * callback with the person's partner token, validates the `operations` answered, and in one write
 * unit keeps the preview and appends the block showing it. A partner that fails writes nothing.
 */
import type { Deps } from "../context.js";
import type { LinkPreviewRow, NodeRow, Tx } from "../../storage/types.js";
import { ApiError, errors } from "../../api/errors.js";
import { Invalid } from "../../api/validate.js";
import { allows, levelOf } from "../permissions.js";
import { installationOf } from "../oauth/installations.js";
import { partnerAccessToken } from "./accounts.js";
import { startAccountLink } from "./account-link.js";
import { parseOperations, type Unfurl } from "./operations.js";
import { partnerCall, PartnerError } from "./partner.js";
import { inDomain, matchUrl, MAX_URL_LENGTH } from "./patterns.js";
import { allActiveSettings, type ActiveSettings } from "./settings.js";
import { previewBlock } from "./blocks.js";
import { viewPreview } from "./view.js";

/** The control request, validated. */
export interface PasteInput {
  url: string;
  user_id: string;
  as: LinkPreviewRow["kind"];
}

/** The integration whose domain and patterns `url` matches, with the pattern's filled attributes. */
export async function integrationFor(deps: Deps, tx: Tx, url: string): Promise<{ settings: ActiveSettings; placeholders: Record<string, string> } | null> {
  if (url.length > MAX_URL_LENGTH || !URL.canParse(url)) return null;
  const host = new URL(url).hostname;
  for (const settings of await allActiveSettings(deps, tx)) {
    if (!settings.domains.some((d) => inDomain(host, d))) continue;
    const match = matchUrl(url, settings.url_patterns);
    if (match) return { settings, placeholders: match.attributes };
  }
  return null;
}

/** POST …/link_previews: the preview made, or the authorization the person must give first. */
export async function pasteLink(deps: Deps, ws: string, pageId: string, input: PasteInput) {
  const found = await deps.store.read(async (tx) => {
    await editablePage(tx, ws, pageId, input.user_id);
    return integrationFor(deps, tx, input.url);
  });
  if (!found) throw errors.validation(`body.url: no link preview integration unfurls ${input.url} (no integration's domain and URL pattern match it).`);
  const { settings } = found;
  const token = await partnerAccessToken(deps, ws, input.user_id, settings);
  const unfurl = token === null ? null : await callUnfurl(deps, settings, token, input.url).catch(async (e: unknown) => {
    // The partner no longer takes the person's token: forget it, and link the account again.
    if (!(e instanceof TokenRefused)) throw e;
    await deps.store.write((tx) => tx.linkPreviews.removeAccount(ws, input.user_id, settings.client.id));
    return null;
  });
  if (unfurl === null) {
    const authorize_url = await deps.store.write((tx) => startAccountLink(deps, tx, ws, input.user_id, settings));
    // The pattern's placeholder attributes: what Notion shows of the link before it is unfurled.
    return { object: "link_preview_authorization", integration_id: settings.client.id, integration_name: settings.client.name, authorize_url, placeholder: found.placeholders };
  }
  return deps.store.write(async (tx) => {
    const page = await editablePage(tx, ws, pageId, input.user_id);
    const now = deps.clock.now();
    const installation = await installationOf(tx, ws, settings.client.id, input.user_id);
    const block = await previewBlock(tx, page, { id: deps.ids(), userId: input.user_id, now, url: input.url, kind: input.as, attributes: unfurl.attributes });
    await tx.insertNodes([block]);
    await tx.updateNode({ ...page, last_edited_time: now, last_edited_by: input.user_id });
    const row: LinkPreviewRow = {
      workspace_id: ws,
      id: deps.ids(),
      client_id: settings.client.id,
      user_id: input.user_id,
      integration_id: installation?.id ?? null,
      url: input.url,
      block_id: block.id,
      kind: input.as,
      attributes: JSON.stringify(unfurl.attributes ?? []),
      error: unfurl.error ? JSON.stringify(unfurl.error) : null,
      unfurled_time: now,
      created_time: now,
    };
    await tx.linkPreviews.insertPreview(row);
    return viewPreview(row);
  });
}

/** The page the person pastes into: a live page of the workspace they can edit (404 / 403 otherwise). */
export async function editablePage(tx: Tx, ws: string, pageId: string, userId: string): Promise<NodeRow> {
  const page = await tx.getNode(ws, pageId);
  if (!page || page.type !== "page" || page.in_trash) throw errors.notFound("page", pageId);
  const person = await tx.getUser(ws, userId);
  if (!person || person.type !== "person" || person.role === null) throw errors.notFound("user", userId);
  if (!allows(await levelOf(tx, ws, { userId, role: person.role }, pageId), "can_edit")) throw errors.restricted(`The person ${userId} cannot edit page ${pageId}.`);
  return page;
}

/** The unfurl callback answered 401: the partner token is no longer good (a 502 wherever it is not caught). */
export class TokenRefused extends ApiError {
  constructor(message: string) {
    super(502, "bad_gateway", message);
  }
}

/** POSTs `{uri}` to the unfurl callback with the person's partner token; the validated operations. */
export async function callUnfurl(deps: Deps, settings: ActiveSettings, token: string, url: string): Promise<Unfurl> {
  const name = settings.client.name;
  let answer;
  try {
    answer = await partnerCall(deps, settings.unfurl_callback_url, { method: "POST", body: JSON.stringify({ uri: url }), contentType: "application/json", bearer: token });
  } catch (e) {
    if (e instanceof PartnerError) throw errors.badGateway(`The link preview integration "${name}" failed to unfurl the link: its unfurl callback ${e.message}.`);
    throw e;
  }
  if (answer.status === 401) throw new TokenRefused(`The link preview integration "${name}" refused the person's token (401): paste the link again to connect the account.`);
  if (answer.status < 200 || answer.status > 299) throw errors.badGateway(`The link preview integration "${name}" failed to unfurl the link: its unfurl callback answered ${answer.status}.`);
  const body = answer.json as { operations?: unknown } | null;
  try {
    return parseOperations(body?.operations, "operations");
  } catch (e) {
    if (e instanceof Invalid) throw errors.badGateway(`The link preview integration "${name}" answered the unfurl callback with invalid operations: ${e.lines.join(" ")}`);
    throw e;
  }
}
