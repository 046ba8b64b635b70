import type { UpdatePageResponse } from "@notionhq/client";
import type { Ctx } from "../context.js";
import type { Tx } from "../../storage/types.js";
import { requireCap, visibleNode } from "../access.js";
import { assertNotTrashed, mentionResolver, touch } from "../nodes.js";
import { storedIcon } from "../custom-emojis/refs.js";
import { normalizeRichText } from "../rich-text.js";
import type { UpdatePageInput } from "./inputs.js";
import { filteredPageResponse } from "./shared.js";
import { dataSourceOf, unknownProperties, writeProperties } from "./database-page.js";
import { queueTemplate, templateFor } from "../templates/apply.js";
import { releaseTrashedPreviews } from "../link-previews/release.js";

/**
 * PATCH /v1/pages/{id} — title, icon, cover (null removes), trash and restore, lock, and
 * `erase_content`; a `template` is merged in after the answer (its content after what
 * `erase_content` left: developers.notion.com/reference/patch-page). A trashed page only
 * accepts being restored.
 */
export async function updatePage(ctx: Ctx, id: string, input: UpdatePageInput, filterProperties: string[] | null = null): Promise<UpdatePageResponse> {
  requireCap(ctx, "update_content");
  return ctx.store.write(async (tx) => {
    const node = await visibleNode(tx, ctx, id, "page", (n) => n.type === "page");
    const ds = await dataSourceOf(tx, ctx, node);
    if (!ds && input.otherProperties.length) throw unknownProperties(input.otherProperties);
    const edits = input.rawProperties !== undefined || input.title !== undefined || input.icon !== undefined || input.cover !== undefined || input.is_locked !== undefined || input.erase_content || input.template;
    if (edits && (node.inherited_trash || (node.in_trash && input.in_trash !== false))) assertNotTrashed(node);
    if (ds) {
      // Database pages: values are merged, key by key (only the given properties change).
      if (input.rawProperties) await writeProperties(tx, ctx, ds, node, input.rawProperties);
    } else if (input.title !== undefined) node.properties = { ...node.properties, title: await normalizeRichText(input.title, mentionResolver(tx, ctx)) };
    if (input.icon !== undefined) node.icon = await storedIcon(tx, ctx, input.icon);
    if (input.cover !== undefined) node.cover = input.cover;
    if (input.is_locked !== undefined) node.is_locked = input.is_locked;
    if (input.is_archived !== undefined) node.is_archived = input.is_archived;
    if (input.in_trash !== undefined) node.in_trash = input.in_trash;
    const template = await templateFor(tx, ctx, input.template, ds);
    if (input.erase_content) await eraseContent(ctx, tx, node.id);
    await tx.updateNode(touch(node, ctx));
    if (input.in_trash === true || input.erase_content) await releaseTrashedPreviews(ctx, tx, ctx.actor.workspace.id);
    if (template) await queueTemplate(tx, ctx, node, template, "update", input.rawProperties, { icon: input.icon !== undefined, cover: input.cover !== undefined });
    return filteredPageResponse(tx, ctx, node, filterProperties ? new Set(filterProperties) : undefined);
  });
}

/** Trashes every direct child block of the page (sub-pages included, as Notion does). */
async function eraseContent(ctx: Ctx, tx: Tx, pageId: string) {
  const ws = ctx.actor.workspace.id;
  let from: string | null = null;
  do {
    const page = await tx.listChildren(ws, pageId, from, 100);
    if (!page) break;
    for (const child of page.items) {
      child.in_trash = true;
      await tx.updateNode(touch(child, ctx));
    }
    from = page.next;
  } while (from);
}
