/**
 * Writes parsed markdown into a page: new content is created block by block; on update the
 * new drafts are matched against the blocks already there, so unchanged blocks keep their ids
 * (and their children), a block whose text changed is edited in place, and only what is gone
 * is trashed. `<page>`, `<database>` and `<unknown>` tags refer to blocks that exist: they stay,
 * or move where the tag now is. Removing a sub-page or database needs `allow_deleting_content`
 * (developers.notion.com/reference/update-page-markdown, "Protecting child pages and databases").
 */
import type { NodeRow, StoredNode, Tx } from "../../storage/types.js";
import type { Ctx } from "../context.js";
import { errors } from "../../api/errors.js";
import { Invalid, invalidToApiError } from "../../api/validate.js";
import { validatePayload } from "../blocks/types.js";
import { childParentType, materialize, mentionResolver, normalizePayload, touch } from "../nodes.js";
import type { MdDraft } from "./parse.js";
import { OPAQUE, type MdTree } from "./tree.js";
import { releaseTrashedPreviews } from "../link-previews/release.js";
import { renderEach, type RenderContext } from "./render.js";

type Json = Record<string, unknown>;

interface Env {
  tx: Tx;
  ctx: Ctx;
  /** Every block of the page before the change, by id (refs may move any of them). */
  existing: Map<string, StoredNode>;
  moved: Set<string>;
  removed: StoredNode[];
  render: RenderContext;
  path: string;
}

/** A draft's payload validated as a create request would be (defaults filled in). */
function validated(env: Env, d: MdDraft): Json {
  const { __attrs: _ignored, ...payload } = d.payload;
  try {
    return validatePayload(d.type, payload, `${env.path}.${d.type}`);
  } catch (e) {
    if (e instanceof Invalid) throw invalidToApiError("body", e);
    throw e;
  }
}

const seq = (n: number, from = 0) => Array.from({ length: n }, (_, i) => from + i + 1);

/** Creates `drafts` under `parent` at `positions`. */
async function create(env: Env, drafts: MdDraft[], parent: { id: string; type: string }, positions: number[]): Promise<void> {
  for (let i = 0; i < drafts.length; i++) {
    const d = drafts[i];
    if (d.type === "ref") {
      await moveRef(env, d, parent, positions[i]);
      continue;
    }
    const payload = validated(env, d);
    const [row] = await materialize(env.tx, env.ctx, [{ type: d.type, payload, children: [] }], parent, [positions[i]]);
    await env.tx.insertNodes([row]);
    if (d.children.length) await create(env, d.children, row, seq(d.children.length));
  }
}

/** A `<page>`, `<database>` or `<unknown>` tag: the block it names moves here. */
async function moveRef(env: Env, d: MdDraft, parent: { id: string; type: string }, position: number): Promise<void> {
  const ref = d.ref!;
  const node = env.existing.get(ref.id);
  if (!node || env.moved.has(node.id)) {
    // An <unknown> tag for a block that is not on the page (or a repeated tag) says nothing.
    if (ref.kind === "unknown" || node) return;
    throw errors.validation(`${env.path} references a ${ref.kind} that is not in this page: ${d.source.split("\n")[0]}. Sub-pages and databases can be kept or moved, not created, from markdown.`);
  }
  env.moved.add(node.id);
  if (node.parent_id === parent.id && node.position === position) return;
  node.parent_id = parent.id;
  node.parent_type = childParentType(parent);
  node.position = position;
  await env.tx.updateNode(node);
}

/** Above this many cells the middle of two lists is not aligned (it pairs up by position instead). */
const LCS_CELLS = 1_000_000;

/**
 * Longest common subsequence of two key lists, as index pairs. The common head and tail are
 * matched first (an edit usually touches a few blocks), so only the changed middle costs n×m.
 */
function lcs(a: string[], b: string[]): [number, number][] {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const pairs: [number, number][] = [];
  for (let k = 0; k < head; k++) pairs.push([k, k]);
  const n = a.length - head - tail;
  const m = b.length - head - tail;
  if (n > 0 && m > 0 && n * m <= LCS_CELLS) {
    const dp = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
    for (let i = n - 1; i >= 0; i--)
      for (let j = m - 1; j >= 0; j--) dp[i][j] = a[head + i] === b[head + j] ? dp[i + 1][j + 1] + 1 : Math.max(dp[i + 1][j], dp[i][j + 1]);
    let i = 0;
    let j = 0;
    while (i < n && j < m) {
      if (a[head + i] === b[head + j]) {
        pairs.push([head + i, head + j]);
        i++;
        j++;
      } else if (dp[i + 1][j] >= dp[i][j + 1]) i++;
      else j++;
    }
  }
  for (let k = tail; k > 0; k--) pairs.push([a.length - k, b.length - k]);
  return pairs;
}

/** Makes the children of `parent` read as `drafts`, reusing `olds` where they match. */
async function reconcile(env: Env, parent: { id: string; type: string }, olds: MdTree[], drafts: MdDraft[]): Promise<void> {
  const scratch: RenderContext = { ...env.render, unknown: [] };
  const keys = renderEach(olds, scratch).map((lines) => lines.join("\n"));
  const pairs = lcs(
    keys,
    drafts.map((d) => d.source),
  );
  pairs.push([olds.length, drafts.length]);
  const order: { node?: StoredNode; draft?: MdDraft }[] = [];
  let oi = 0;
  let di = 0;
  for (const [po, pd] of pairs) {
    const gapOld = olds.slice(oi, po);
    const gapNew = drafts.slice(di, pd);
    let k = 0;
    // In a gap, blocks of the same type pair up in order: edited in place, ids kept.
    while (k < gapOld.length && k < gapNew.length && pairable(gapOld[k], gapNew[k])) {
      await updateInPlace(env, gapOld[k], gapNew[k]);
      order.push({ node: gapOld[k].node });
      k++;
    }
    for (const o of gapOld.slice(k)) env.removed.push(o.node);
    for (const d of gapNew.slice(k)) order.push({ draft: d });
    if (po < olds.length) {
      const kept = olds[po].node;
      if (drafts[pd].type === "ref") env.moved.add(kept.id);
      order.push({ node: kept });
    }
    oi = po + 1;
    di = pd + 1;
  }
  // Final positions 1…n in the new order.
  const moves: { id: string; position: number }[] = [];
  for (let i = 0; i < order.length; i++) {
    const item = order[i];
    if (item.node) {
      if (item.node.position !== i + 1) moves.push({ id: item.node.id, position: i + 1 });
    } else await create(env, [item.draft!], parent, [i + 1]);
  }
  if (moves.length) await env.tx.setPositions(env.ctx.actor.workspace.id, moves);
}

function pairable(o: MdTree, d: MdDraft): boolean {
  if (!o.loaded || d.type === "ref" || OPAQUE.has(o.node.type) || o.node.type !== d.type) return false;
  // A synced reference pairs only with one that points at the same original.
  if (o.node.type === "synced_block") return JSON.stringify(o.node.data.synced_from) === JSON.stringify(d.payload.synced_from);
  return true;
}

async function updateInPlace(env: Env, o: MdTree, d: MdDraft): Promise<void> {
  const node = o.node;
  const payload = (await normalizePayload(validated(env, d), mentionResolver(env.tx, env.ctx))) as Json;
  const data = { ...node.data, ...payload };
  // A media block's new source replaces the old one (an image now external drops its stored `file`).
  if (payload.type !== undefined && node.data.type !== payload.type) delete data[node.data.type as string];
  if (JSON.stringify(data) !== JSON.stringify(node.data)) {
    node.data = data;
    await env.tx.updateNode(touch(node, env.ctx));
  }
  const isReference = node.type === "synced_block" && node.data.synced_from;
  if (!isReference) await reconcile(env, node, o.children, d.children);
}

function collect(trees: MdTree[], into: Map<string, StoredNode>): void {
  for (const t of trees) {
    into.set(t.node.id, t.node);
    collect(t.children, into);
  }
}

/**
 * Replaces the content of `root` (a page) with `drafts`. Fails (rolling the transaction back)
 * when sub-pages or databases would be trashed without `allowDeleting`.
 */
export async function applyMarkdown(
  tx: Tx,
  ctx: Ctx,
  root: NodeRow,
  olds: MdTree[],
  drafts: MdDraft[],
  opts: { allowDeleting: boolean; render: RenderContext; path: string },
): Promise<void> {
  const existing = new Map<string, StoredNode>();
  collect(olds, existing);
  const env: Env = { tx, ctx, existing, moved: new Set(), removed: [], render: opts.render, path: opts.path };
  await reconcile(env, root, olds, drafts);
  const gone = env.removed.filter((n) => !env.moved.has(n.id));
  for (const n of gone) {
    n.in_trash = true;
    await tx.updateNode(touch(n, ctx));
  }
  if (gone.length) await releaseTrashedPreviews(ctx, tx, ctx.actor.workspace.id);
  const lost: StoredNode[] = [];
  for (const node of existing.values()) {
    if (!OPAQUE.has(node.type) || env.moved.has(node.id)) continue;
    const chain = await tx.getAncestry(ctx.actor.workspace.id, node.id);
    const upToRoot = chain.slice(0, Math.max(0, chain.findIndex((c) => c.id === root.id)));
    if (upToRoot.some((c) => c.in_trash)) lost.push(node);
  }
  if (lost.length && !opts.allowDeleting) {
    const items = lost.map((n) => `${n.type === "page" ? "page" : "database"} ${n.id}`).join(", ");
    throw errors.validation(
      `This operation would delete ${lost.length === 1 ? "a child page or database" : `${lost.length} child pages or databases`} (${items}). Set \`allow_deleting_content\` to \`true\` to allow this.`,
    );
  }
}

/** Creates `drafts` as the whole content of a new page (nothing to match). */
export async function createContent(tx: Tx, ctx: Ctx, page: NodeRow, drafts: MdDraft[], render: RenderContext, path: string): Promise<void> {
  const env: Env = { tx, ctx, existing: new Map(), moved: new Set(), removed: [], render, path };
  await create(env, drafts, page, seq(drafts.length));
}
