/**
 * GET and PATCH /v1/pages/{id}/markdown — a page's content as Notion-flavoured markdown, and
 * edits to it. Reference: developers.notion.com/reference/retrieve-page-markdown,
 * developers.notion.com/reference/update-page-markdown.
 */
import type { StoredNode, Tx } from "../../storage/types.js";
import type { Ctx } from "../context.js";
import { errors } from "../../api/errors.js";
import { hasCap, requireCap, visibleNode } from "../access.js";
import { Sight } from "../visibility.js";
import { mentionedObjects } from "../../present/mentions.js";
import { assertNotTrashed, touch } from "../nodes.js";
import { plainText } from "../rich-text.js";
import { pageTitle } from "../../present/page.js";
import { partialPageMarkdown, presentPageMarkdown, type PageMarkdownResponse, type PartialPageMarkdown } from "../../present/markdown.js";
import { loadTree, type MdTree } from "./tree.js";
import { renderBlock, renderContext, renderTrees, renderTreesPaced, type RenderContext } from "./render.js";
import { parseMarkdown } from "./parse.js";
import { applyMarkdown } from "./apply.js";
import { applyEdit, type MarkdownEdit } from "./edits.js";
import { insertAfterAnchor } from "./anchor.js";
import type { MarkdownVersion } from "./dialect.js";
import { fileUrlsFor } from "../files/urls.js";
import { assertNoSyncedCyclesBelow } from "../blocks/synced-cycles.js";

/** The page a block is in (the node itself for a page). */
async function pageOf(tx: Tx, ctx: Ctx, node: StoredNode): Promise<StoredNode> {
  if (node.type === "page") return node;
  const chain = await tx.getAncestry(ctx.actor.workspace.id, node.id);
  const page = chain.find((c) => c.type === "page");
  return (page && (await tx.getNode(ctx.actor.workspace.id, page.id))) || node;
}

/**
 * The render context for blocks of the page `page` in `dialect`, for this reader: mentions of
 * pages and databases it cannot see (among those in `trees`) show no title.
 */
export async function pageRenderContext(tx: Tx, ctx: Ctx, page: StoredNode, trees: MdTree[], dialect: MarkdownVersion): Promise<RenderContext> {
  const sight = new Sight(tx, ctx.actor);
  await sight.load(treeMentions(trees));
  return { ...renderContext(ctx.publicUrl(), page.id, plainText(pageTitle(page)), fileUrlsFor(ctx), dialect), sees: (id) => sight.sees(id) };
}

/** Ids of the pages and databases the blocks' rich text mentions. */
function treeMentions(trees: MdTree[], out: string[] = []): string[] {
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) {
      mentionedObjects(v, out);
      v.forEach(visit);
    } else if (v && typeof v === "object") Object.values(v).forEach(visit);
  };
  for (const t of trees) {
    visit(t.node.data);
    // A sub-page's title (its `<page>` tag) is in its properties.
    if (t.node.type === "page") visit(t.node.properties?.title);
    treeMentions(t.children, out);
  }
  return out;
}

/** A page's content (or a block's subtree, for ids from `unknown_block_ids`) as page_markdown in `dialect`. */
export async function markdownOf(tx: Tx, ctx: Ctx, node: StoredNode, dialect: MarkdownVersion): Promise<PageMarkdownResponse> {
  const { trees, truncated } = await loadTree(tx, ctx, node);
  const render = await pageRenderContext(tx, ctx, await pageOf(tx, ctx, node), trees, dialect);
  const markdown = node.type === "page" ? await renderTreesPaced(trees, render, () => ctx.budget.pace()) : renderBlock({ node, children: trees, loaded: true }, render).join("\n");
  return presentPageMarkdown(node.id, markdown, truncated, render.unknown);
}

/** PATCH on a database or a block that is not a page: a validation_error (reference/update-page-markdown, "Errors"). */
const notAPageError = (id: string) =>
  errors.validation(`The provided ID ${id} is a database or a block, not a page. Use the databases or blocks endpoints for it.`);

/** GET /v1/pages/{id}/markdown in `dialect` (`include_transcript` changes nothing: Quire has no meeting notes). */
export async function retrievePageMarkdown(ctx: Ctx, id: string, dialect: MarkdownVersion): Promise<PageMarkdownResponse> {
  requireCap(ctx, "read_content");
  return ctx.store.read(async (tx) => {
    const node = await visibleNode(tx, ctx, id, "page", (n) => n.type !== "data_source");
    // A database has no markdown route (400 invalid_request_url, as probed on the live API);
    // a block reads as its subtree (ids from `unknown_block_ids`).
    if (node.type === "database") throw errors.invalidRequestUrl();
    return markdownOf(tx, ctx, node, dialect);
  });
}

/** The page an update may change, checked (visible, a page, not in the trash). */
export async function markdownTarget(tx: Tx, ctx: Ctx, id: string): Promise<StoredNode> {
  const node = await visibleNode(tx, ctx, id, "page", (n) => n.type !== "data_source");
  if (node.type !== "page") throw notAPageError(id);
  return node;
}

/** The page's markdown after `edit`, read and written in the render context's dialect. */
function editedMarkdown(trees: MdTree[], render: RenderContext, edit: MarkdownEdit): string {
  if (edit.type === "insert_content" && edit.at.type === "anchor") return insertAfterAnchor(trees, render, edit.at.text, edit.content, edit.at.field);
  return applyEdit(renderTrees(trees, { ...render, unknown: [] }), edit, render.dialect);
}

/**
 * PATCH /v1/pages/{id}/markdown, inside a transaction (the async runner calls this too). The
 * dialect applies to the whole request: the edit is read and the answer written in it
 * (developers.notion.com/guides/data-apis/migrate-to-notion-flavored-markdown).
 */
export async function updatePageMarkdownIn(tx: Tx, ctx: Ctx, id: string, edit: MarkdownEdit, dialect: MarkdownVersion): Promise<PageMarkdownResponse | PartialPageMarkdown> {
  const page = await markdownTarget(tx, ctx, id);
  assertNotTrashed(page);
  const { trees } = await loadTree(tx, ctx, page);
  const render = await pageRenderContext(tx, ctx, page, trees, dialect);
  const drafts = parseMarkdown(editedMarkdown(trees, render, edit), dialect);
  const allowDeleting = edit.type === "insert_content" ? false : edit.allowDeleting;
  await applyMarkdown(tx, ctx, page, trees, drafts, { allowDeleting, render, path: `body.${edit.type}` });
  // <synced_block_reference> tags may point a reference into what its original shows.
  await assertNoSyncedCyclesBelow(tx, ctx, page);
  await tx.updateNode(touch(page, ctx));
  // Without read_content the answer is partial, as pages and blocks answer writes
  // (developers.notion.com/reference/capabilities: read content is needed to read objects).
  if (!hasCap(ctx.actor, "read_content")) return partialPageMarkdown(page.id);
  const fresh = (await tx.getNode(ctx.actor.workspace.id, page.id))!;
  return markdownOf(tx, ctx, fresh, dialect);
}

/** PATCH /v1/pages/{id}/markdown: `edit` applied in `dialect`. */
export async function updatePageMarkdown(ctx: Ctx, id: string, edit: MarkdownEdit, dialect: MarkdownVersion): Promise<PageMarkdownResponse | PartialPageMarkdown> {
  requireCap(ctx, "update_content");
  return ctx.store.write((tx) => updatePageMarkdownIn(tx, ctx, id, edit, dialect));
}
