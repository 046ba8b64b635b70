/**
 * PATCH /v1/external/object (Notion's "Build a Link Preview integration", "Updating a preview"):
 * a link-preview integration pushes a new state of a URL it unfurled, with the Notion token its
 * installation got through the account link — `{uri, operations}` as its unfurl callback answers,
 * the full attribute set. Every preview of that URL the installation's person made in its
 * workspace is updated in one write unit; a URL it has no preview of is 404 `object_not_found`.
 */
import type { Ctx } from "../context.js";
import { ApiError } from "../../api/errors.js";
import { check, object, string, any } from "../../api/validate.js";
import { parseOperations } from "./operations.js";
import { applyUnfurl } from "./refresh.js";
import { MAX_URL_LENGTH } from "./patterns.js";

const body = object({ uri: string({ minLength: 1, maxLength: MAX_URL_LENGTH }), operations: any() });

// Wording unconfirmed: Notion's docs show no error body for this endpoint; this follows its
// object_not_found messages ("Could not find <kind> with ID: …").
const noPreview = (uri: string) => new ApiError(404, "object_not_found", `Could not find external object with uri: ${uri}. Make sure the link was unfurled by this integration in this workspace.`);

/** Updates the installation's previews of `uri`; answers them as the control API shows them. */
export async function updateExternalObject(ctx: Ctx, raw: unknown) {
  const input = check("body", body, raw);
  const unfurl = check("body", (v, p) => parseOperations(v, `${p}.operations`), input.operations);
  const { integration, workspace } = ctx.actor;
  if (!integration.oauth_client_id || !integration.installed_by || ctx.actor.person) throw noPreview(input.uri);
  const clientId = integration.oauth_client_id;
  const userId = integration.installed_by;
  return ctx.store.write(async (tx) => {
    const previews = (await tx.linkPreviews.previewsOfUrl(workspace.id, clientId, input.uri)).filter((p) => p.user_id === userId);
    if (previews.length === 0) throw noPreview(input.uri);
    const now = ctx.clock.now();
    for (const p of previews) await applyUnfurl(tx, p, unfurl, now);
    return { object: "external_object", uri: input.uri, updated: previews.length };
  });
}
