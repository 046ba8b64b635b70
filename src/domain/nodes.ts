/**
 * Shared mechanics of the page/block tree: turning drafts into rows, placing new children among
 * their siblings, resolving mentions, and the "archived" edit rule.
 */
import type { NodeRow, ParentType, StoredNode, Tx } from "../storage/types.js";
import { errors } from "../api/errors.js";
import { fail } from "../api/validate.js";
import type { Ctx } from "./context.js";
import { normalizeRichText, plainText, type MentionResolver } from "./rich-text.js";
import { RT } from "./blocks/types.js";
import type { BlockDraft } from "./blocks/parse.js";
import { pageTitle, pageUrl } from "../present/page.js";
import { nodeInSight, notFound, seenNode } from "./access.js";
import { CustomEmojiRef, resolveCustomEmoji } from "./custom-emojis/refs.js";
import { DownloadUrl } from "./files/write-back.js";
import { dict } from "../lib/dict.js";
import { Preload } from "./preload.js";
import { Sight } from "./visibility.js";

export function mentionResolver(tx: Tx, ctx: Ctx): MentionResolver {
  const ws = ctx.actor.workspace.id;
  return {
    async user(id) {
      return tx.getUser(ws, id);
    },
    async pageInfo(id) {
      const node = await seenNode(tx, ctx.actor, id);
      if (!node || node.type !== "page") return null;
      const title = plainText(pageTitle(node));
      return { title, url: pageUrl(ctx.publicUrl(), id, title) };
    },
    urlFor(id, title) {
      return pageUrl(ctx.publicUrl(), id, title);
    },
    async customEmoji(id) {
      return tx.emojis.get(ws, id);
    },
  };
}

/** Replaces every RT (request rich text) inside a payload with stored rich text. */
export async function normalizePayload(value: unknown, resolver: MentionResolver): Promise<unknown> {
  if (value instanceof RT) return normalizeRichText(value.items, resolver);
  if (value instanceof CustomEmojiRef) return resolveCustomEmoji(value, (id) => resolver.customEmoji(id));
  // Settled by the store's file claims when the node is written (domain/files/write-back.ts).
  if (value instanceof DownloadUrl) return value;
  if (Array.isArray(value)) {
    const out = [];
    for (const v of value) out.push(await normalizePayload(v, resolver));
    return out;
  }
  if (value !== null && typeof value === "object") {
    const out = dict<unknown>();
    for (const [k, v] of Object.entries(value)) out[k] = await normalizePayload(v, resolver);
    return out;
  }
  return value;
}

/** Editing anything in the trash fails with Notion's message. */
export function assertNotTrashed(node: NodeRow): void {
  if (node.in_trash || node.inherited_trash) throw errors.validation("Can't edit block that is archived. You must unarchive the block before editing.");
}

/** Sub-blocks of a page point at it with page_id; of a block, with block_id. */
export function childParentType(parent: Pick<NodeRow, "type">): ParentType {
  return parent.type === "page" ? "page_id" : "block_id";
}

export type Placement = { type: "end" } | { type: "start" } | { type: "after_block"; id: string };

/** Positions for `count` new children of `parentId` at `placement`. */
export async function placeChildren(tx: Tx, ws: string, parentId: string, count: number, placement: Placement): Promise<number[]> {
  const seq = (from: number, step: number) => Array.from({ length: count }, (_, i) => from + step * (i + 1));
  // Checked before the empty-parent shortcut: an unknown `after_block` is a 400 on any parent.
  const after = placement.type === "after_block" ? await childOf(tx, ws, parentId, placement.id) : null;
  const bounds = await tx.childBounds(ws, parentId);
  if (!bounds) return seq(0, 1);
  if (placement.type === "end") return seq(bounds.max, 1);
  if (placement.type === "start" || !after) return seq(bounds.min - count - 1, 1);
  const next = await tx.nextPosition(ws, parentId, after.position);
  if (next === null) return seq(after.position, 1);
  const step = (next - after.position) / (count + 1);
  return step < MIN_GAP ? spreadAfter(tx, ws, parentId, after, count) : seq(after.position, step);
}

/** The smallest gap left between siblings' positions before the ones after it are spread out. */
const MIN_GAP = 1e-6;
/** Siblings a first spreading moves; the window grows fourfold until the gap it covers is wide enough. */
const FIRST_WINDOW = 64;

/**
 * Makes room for `count` children right after `from` when fractions ran out there: the siblings
 * after it, a window at a time, are spread evenly between `from` and the first sibling left in
 * place (or by whole steps when the window reaches the last child). Only that window moves, so a
 * parent with 100,000 children is not renumbered whole by an insert (docs/PERFORMANCE.md, "One
 * million blocks").
 */
async function spreadAfter(tx: Tx, ws: string, parentId: string, after: NodeRow, count: number): Promise<number[]> {
  const from = after.position;
  for (let window = FIRST_WINDOW; ; window *= 4) {
    const later = await tx.childPositions(ws, parentId, { position: from, id: after.id }, window + 1);
    const moving = later.slice(0, window);
    const bound = later.length > window ? later[window].position : null;
    const step = bound === null ? 1 : (bound - from) / (count + moving.length + 1);
    if (bound !== null && step < MIN_GAP) continue;
    await tx.setPositions(ws, moving.map((c, i) => ({ id: c.id, position: from + step * (count + 1 + i) })));
    return Array.from({ length: count }, (_, i) => from + step * (i + 1));
  }
}

/** The sibling an `after_block` placement names; a 400 unless it is a child of `parentId`. */
async function childOf(tx: Tx, ws: string, parentId: string, id: string): Promise<NodeRow> {
  const after = await tx.getNode(ws, id);
  if (!after || after.parent_id !== parentId) fail("body.position.after_block.id", "should be the id of a child of the parent block", id);
  return after;
}

/** Turns drafts (already validated) into rows under `parent`, recursively. */
export async function materialize(
  tx: Tx,
  ctx: Ctx,
  drafts: BlockDraft[],
  parent: { id: string; type: string },
  positions: number[],
): Promise<NodeRow[]> {
  const resolver = mentionResolver(tx, ctx);
  const rows: NodeRow[] = [];
  const walk = async (list: BlockDraft[], p: { id: string; type: string }, pos: number[]) => {
    for (let i = 0; i < list.length; i++) {
      const d = list[i];
      if (d.type === "synced_block" && d.payload.synced_from) await checkSyncedSource(tx, ctx, d.payload.synced_from as { block_id: string });
      const row = newNode(ctx, {
        id: ctx.ids(),
        type: d.type,
        parent_type: childParentType(p),
        parent_id: p.id,
        position: pos[i],
        data: (await normalizePayload(d.payload, resolver)) as Record<string, unknown>,
      });
      rows.push(row);
      if (d.children.length) await walk(d.children, { id: row.id, type: row.type }, d.children.map((_, j) => j + 1));
    }
  };
  await walk(drafts, parent, positions);
  return rows;
}

/** The fields every new node row must be given. */
type NewNodeFields = Pick<NodeRow, "id" | "type" | "parent_type" | "parent_id" | "position" | "data"> & Partial<NodeRow>;

/** A fresh node row, created now by the caller's bot; `fields` fill in or override the rest. */
export function newNode(ctx: Ctx, fields: NewNodeFields): NodeRow {
  return nodeBy(ctx.actor.workspace.id, ctx.actor.bot.id, ctx.clock.now(), fields);
}

/** A fresh node row of `workspaceId` created at `now` by `userId` (the operator's pages, the seed). */
export function nodeBy(workspaceId: string, userId: string, now: number, fields: NewNodeFields): NodeRow {
  return {
    workspace_id: workspaceId,
    properties: null,
    icon: null,
    cover: null,
    in_trash: false,
    is_locked: false,
    is_archived: false,
    created_time: now,
    created_by: userId,
    last_edited_time: now,
    last_edited_by: userId,
    ...fields,
  };
}

/** A synced-block reference must point at an original synced block the integration can see. */
async function checkSyncedSource(tx: Tx, ctx: Ctx, from: { block_id: string }): Promise<void> {
  const source = await seenNode(tx, ctx.actor, from.block_id);
  if (!source)
    throw notFound(ctx, "block", from.block_id);
  if (source.type !== "synced_block" || source.data.synced_from !== null)
    throw errors.validation(`Block ${from.block_id} is not an original synced block.`);
}

/** Marks a node as edited now by the caller's bot. */
export function touch<T extends NodeRow>(node: T, ctx: Ctx): T {
  node.last_edited_time = ctx.clock.now();
  node.last_edited_by = ctx.actor.bot.id;
  return node;
}

/**
 * A page that gets a child page or database has been edited (its content holds the child's
 * block): Notion answers such a parent with the creator as `last_edited_by` and a new
 * `last_edited_time` — the recorded root pages of notion-sdk-py (2025-09-03) and ultimate-notion
 * (2026-03-11, tests/cassettes: GET of the root page after each test) were created by a person
 * and last edited by the integration that only ever made pages and databases under them.
 */
export async function touchParentPage(tx: Tx, ctx: Ctx, parent: NodeRow): Promise<void> {
  if (parent.type === "page") await tx.updateNode(touch(parent, ctx));
}

/**
 * For a synced-block reference, the original whose children it shows; otherwise the node. Null
 * when the original is one the reader cannot see (not shared with it, nor anything above it):
 * the reference then shows nothing of it. Notion's reference only says a reference names "an
 * original synced_block" (developers.notion.com/reference/block#synced-block); what readers of a
 * reference to an unshared original get is reported by integrations: `has_children: false`
 * (innolitics/n2y, blocks.py: "Synced blocks will always have children unless not shared") and
 * a 404 for its children (openclaw/notcrawl#37). Which id that 404 names is unconfirmed: Quire
 * names the block asked for, as every other 404 does.
 */
export async function contentOwner(tx: Tx, ctx: Ctx, node: StoredNode): Promise<StoredNode | null> {
  if (node.type === "synced_block" && node.data.synced_from) {
    const from = node.data.synced_from as { block_id: string };
    const original = await nodeInSight(tx, ctx.actor, from.block_id);
    if (original) return original.visible ? original.node : null;
  }
  return node;
}

/** contentOwner, or Notion's 404 for `node` when it is a reference to an original the reader cannot see. */
export async function readableContentOwner(tx: Tx, ctx: Ctx, node: StoredNode): Promise<StoredNode> {
  const owner = await contentOwner(tx, ctx, node);
  if (!owner) throw notFound(ctx, "block", node.id);
  return owner;
}

/** has_children of a synced reference follows its original (false when the reader cannot see it). */
export async function withSyncedChildren(tx: Tx, ctx: Ctx, node: StoredNode): Promise<StoredNode> {
  if (!syncedFrom(node)) return node;
  const owner = await contentOwner(tx, ctx, node);
  return { ...node, has_children: owner?.has_children ?? false };
}

/**
 * `withSyncedChildren` for a list of blocks, the references' originals read and decided together
 * (domain/preload.ts, the reader's `sight`): a few statements for the list, not one per reference.
 */
export async function withSyncedChildrenAll(tx: Tx, ctx: Ctx, nodes: StoredNode[], sight: Sight): Promise<StoredNode[]> {
  const originals = nodes.map(syncedFrom).filter((id): id is string => id !== null);
  if (originals.length === 0) return nodes;
  const preload = new Preload(tx, ctx.actor.workspace.id);
  await preload.loadNodes(originals);
  await sight.load(originals);
  const shown: StoredNode[] = [];
  for (const node of nodes) {
    const from = syncedFrom(node);
    const original = from === null ? null : await preload.node(from);
    // As contentOwner: an original that does not exist leaves the reference as it is.
    shown.push(original ? { ...node, has_children: sight.sees(original.id) && original.has_children } : node);
  }
  return shown;
}

/** The id of the original a synced reference shows, or null for any other block. */
function syncedFrom(node: StoredNode): string | null {
  if (node.type !== "synced_block" || !node.data.synced_from) return null;
  return (node.data.synced_from as { block_id: string }).block_id;
}
