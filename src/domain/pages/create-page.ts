import type { CreatePageResponse } from "@notionhq/client";
import type { Ctx } from "../context.js";
import { requireCap } from "../access.js";
import { errors } from "../../api/errors.js";
import { assertNotTrashed, materialize, mentionResolver, newNode, placeChildren, touchParentPage } from "../nodes.js";
import { storedIcon } from "../custom-emojis/refs.js";
import { normalizeRichText } from "../rich-text.js";
import type { CreatePageInput } from "./inputs.js";
import type { DataSourceNode } from "../databases/model.js";
import { assignUniqueIds, unknownProperties, writeProperties } from "./database-page.js";
import { filteredPageResponse, loadPageParent } from "./shared.js";
import { markdownTitle, writeMarkdownContent } from "../markdown/page-content.js";
import { assertNoSyncedCycles } from "../blocks/synced-cycles.js";
import type { NodeRow, Tx } from "../../storage/types.js";
import { queueTemplate, templateFor } from "../templates/apply.js";
import { startTopLevelPage } from "../page-sections.js";

/**
 * POST /v1/pages — a page under a page, or a row of a data source with its property values.
 * The workspace top level is refused to internal integrations (Notion allows it only for public
 * integrations); a personal access token makes a page in its person's Private section there
 * ("workspace-level private page creation uses the PAT's creator",
 * developers.notion.com/guides/get-started/personal-access-tokens) — not a guest's, who has none.
 * A public integration's installation makes it in the Private section of the person who installed
 * it, shared with the installation ("Create a page": a workspace-level page of a public
 * integration goes to the authorizing user's private section).
 * `filter_properties` limits the properties in the answer. A `template` is applied after the
 * answer (domain/templates/apply.ts).
 */
export async function createPage(ctx: Ctx, input: CreatePageInput, filterProperties: string[] | null = null): Promise<CreatePageResponse> {
  requireCap(ctx, "insert_content");
  if (input.parent.type === "workspace") {
    if (!ctx.actor.person && !ctx.actor.integration.installed_by) throw errors.validation("Creating a page at the workspace level is only supported for public integrations.");
    if (ctx.actor.person?.role === "guest") throw errors.restricted();
  }
  return ctx.store.write((tx) => createPageIn(tx, ctx, input, filterProperties));
}

/** The write itself, in the caller's transaction (an `allow_async` task runs it too). */
export async function createPageIn(tx: Tx, ctx: Ctx, input: CreatePageInput, filterProperties: string[] | null = null): Promise<CreatePageResponse> {
  {
    const topLevel = input.parent.type === "workspace";
    const parent = topLevel ? null : (await loadPageParent(tx, ctx, input.parent))!;
    if (parent) assertNotTrashed(parent);
    const inDataSource = parent?.type === "data_source";
    if (!inDataSource && input.otherProperties.length) throw unknownProperties(input.otherProperties);
    const template = await templateFor(tx, ctx, input.template, inDataSource ? (parent as DataSourceNode) : null);
    // Rows of a data source have no place among siblings (queries order them): creation time.
    // Top-level pages, like rows, are placed by creation time (as the control API places them).
    const [position] = !parent || inDataSource ? [ctx.clock.now()] : await placeChildren(tx, ctx.actor.workspace.id, parent.id, 1, input.position);
    const page = newNode(ctx, {
      id: ctx.ids(),
      type: "page",
      parent_type: !parent ? "workspace" : inDataSource ? "data_source_id" : "page_id",
      parent_id: parent?.id ?? null,
      position,
      data: inDataSource ? { database_id: parent!.parent_id } : {},
      properties: inDataSource ? {} : { title: await normalizeRichText(input.title ?? markdownTitle(input.markdown) ?? [], mentionResolver(tx, ctx)) },
      icon: (await storedIcon(tx, ctx, input.icon)) ?? null,
      cover: input.cover ?? null,
    });
    if (inDataSource) {
      const ds = parent as DataSourceNode;
      assignUniqueIds(ds, page);
      await writeProperties(tx, ctx, ds, page, input.rawProperties ?? {});
      await tx.updateNode(ds);
    }
    const children = await materialize(tx, ctx, input.children, page, input.children.map((_, i) => i + 1));
    await tx.insertNodes([page, ...children]);
    if (!parent) await startTopLevel(tx, ctx, page.id);
    await assertNoSyncedCycles(tx, ctx, children);
    if (parent && !inDataSource) await touchParentPage(tx, ctx, parent);
    if (input.markdown) await writeMarkdownContent(tx, ctx, page as NodeRow, input.markdown);
    if (template) await queueTemplate(tx, ctx, page, template, "create", input.rawProperties, { icon: input.icon !== undefined, cover: input.cover !== undefined });
    return filteredPageResponse(tx, ctx, page, filterProperties ? new Set(filterProperties) : undefined);
  }
}

/** A top-level page's section: private to the PAT's person, or to the installation's installer and shared with it. */
async function startTopLevel(tx: Tx, ctx: Ctx, pageId: string): Promise<void> {
  const ws = ctx.actor.workspace.id;
  const installer = ctx.actor.person ? null : ctx.actor.integration.installed_by;
  await startTopLevelPage(tx, ws, pageId, "private", installer ?? ctx.actor.bot.id);
  if (installer) await tx.addShare(ws, ctx.actor.integration.id, pageId, ctx.clock.now());
}
