import type { CreatePageResponse } from "@notionhq/client";
import type { NodeRow } from "../../storage/types.js";
import type { Ctx } from "../context.js";
import { requireCap } from "../access.js";
import { errors } from "../../http/errors.js";
import { assertNotTrashed, materialize, mentionResolver, placeChildren } from "../nodes.js";
import { normalizeRichText } from "../rich-text.js";
import type { CreatePageInput } from "./inputs.js";
import { loadPageParent, pageResponse, unknownProperties } from "./shared.js";

/**
 * POST /v1/pages — a page under a page (or at the workspace top level, which Notion allows only
 * for public integrations), with title, icon, cover and content.
 */
export async function createPage(ctx: Ctx, input: CreatePageInput): Promise<CreatePageResponse> {
  requireCap(ctx, "insert_content");
  if (input.parent.type === "workspace")
    throw errors.validation("Creating a page at the workspace level is only supported for public integrations.");
  return ctx.store.write(async (tx) => {
    const parent = (await loadPageParent(tx, ctx, input.parent))!;
    assertNotTrashed(parent);
    if (input.otherProperties.length) throw unknownProperties(input.otherProperties);
    const ws = ctx.actor.workspace.id;
    const now = ctx.clock.now();
    const [position] = await placeChildren(tx, ws, parent.id, 1, input.position);
    const resolver = mentionResolver(tx, ctx);
    const page: NodeRow = {
      workspace_id: ws,
      id: ctx.ids(),
      type: "page",
      parent_type: "page_id",
      parent_id: parent.id,
      position,
      data: {},
      properties: { title: await normalizeRichText(input.title ?? [], resolver) },
      icon: input.icon ?? null,
      cover: input.cover ?? null,
      in_trash: false,
      is_locked: false,
      is_archived: false,
      created_time: now,
      created_by: ctx.actor.bot.id,
      last_edited_time: now,
      last_edited_by: ctx.actor.bot.id,
    };
    const children = await materialize(tx, ctx, input.children, page, input.children.map((_, i) => i + 1));
    await tx.insertNodes([page, ...children]);
    return pageResponse(ctx, page);
  });
}
