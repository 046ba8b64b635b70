/**
 * Previews that go, and accounts that are disconnected. When the last preview of a URL in a
 * workspace goes — its block (or a page above it) deleted or trashed — Notion sends `DELETE` to
 * the unfurl callback; disconnecting an account calls the Deleted Token Callback URL (Notion's
 * "Build a Link Preview integration"). The rows go in the caller's write unit; the calls are made
 * after it commits, best effort (a partner down changes nothing here), tracked with the server's
 * other outbound work so a closing server waits for them.
 */
import type { Deps } from "../context.js";
import type { LinkPreviewRow, Tx } from "../../storage/types.js";
import { keptAccessToken, partnerAccessToken } from "./accounts.js";
import { partnerCall } from "./partner.js";
import { activeSettings } from "./settings.js";

/** Previews looked at per trash; a workspace with more keeps the rest until a later one. */
const SCAN_LIMIT = 5000;

/**
 * Called in a write unit that deleted or trashed blocks or pages: forgets the workspace's previews
 * whose block is gone or in the trash (itself or a node above it) and, after the commit, sends
 * DELETE for each URL that has no preview left. One statement when the workspace has none; else
 * one per level of the tree above the previews' blocks, however many previews there are.
 */
export async function releaseTrashedPreviews(deps: Deps, tx: Tx, ws: string): Promise<void> {
  const previews = await tx.linkPreviews.listPreviews(ws, SCAN_LIMIT);
  if (previews.length === 0) return;
  const goneIds = await trashedOrMissing(tx, ws, previews.map((p) => p.block_id));
  const gone = previews.filter((p) => goneIds.has(p.block_id));
  for (const p of gone) await tx.linkPreviews.removePreview(ws, p.id);
  const last = new Map<string, LinkPreviewRow>();
  for (const p of gone) if ((await tx.linkPreviews.previewsOfUrl(ws, p.client_id, p.url)).length === 0) last.set(`${p.client_id} ${p.url}`, p);
  if (last.size === 0) return;
  tx.afterCommit(() => deps.files.imports.track(sendDeletes(deps, [...last.values()])));
}

/**
 * The ids among `ids` whose node is missing or in the trash, itself or any node above it: the
 * tree walked up a level at a time, each level's nodes read in one statement.
 */
async function trashedOrMissing(tx: Tx, ws: string, ids: readonly string[]): Promise<Set<string>> {
  const parentOf = new Map<string, string | null>();
  const dead = new Set<string>();
  let level = [...new Set(ids)];
  while (level.length > 0) {
    const found = new Map((await tx.getNodes(ws, level)).map((n) => [n.id, n]));
    const next = new Set<string>();
    for (const id of level) {
      const node = found.get(id);
      if (!node || node.in_trash) dead.add(id);
      const parent = node && node.parent_type !== "workspace" ? node.parent_id : null;
      parentOf.set(id, parent);
      if (parent && !parentOf.has(parent)) next.add(parent);
    }
    level = [...next];
  }
  const isDead = (id: string): boolean => {
    for (let at: string | null | undefined = id; at; at = parentOf.get(at)) if (dead.has(at)) return true;
    return false;
  };
  return new Set(ids.filter(isDead));
}

async function sendDeletes(deps: Deps, previews: LinkPreviewRow[]): Promise<void> {
  for (const p of previews) {
    try {
      const settings = await deps.store.read((tx) => activeSettings(deps, tx, p.client_id));
      const token = settings && (await partnerAccessToken(deps, p.workspace_id, p.user_id, settings));
      if (settings && token) await partnerCall(deps, settings.unfurl_callback_url, { method: "DELETE", body: JSON.stringify({ uri: p.url }), contentType: "application/json", bearer: token });
    } catch {
      // Best effort: the preview is gone whatever the partner answers.
    }
  }
}

/** Forgets a person's linked account; true when there was one. Calls the deleted-token callback after the commit. */
export async function disconnectAccount(deps: Deps, ws: string, userId: string, clientId: string): Promise<boolean> {
  const settings = await deps.store.read((tx) => activeSettings(deps, tx, clientId));
  return deps.store.write(async (tx) => {
    const row = await tx.linkPreviews.getAccount(ws, userId, clientId);
    if (!row) return false;
    await tx.linkPreviews.removeAccount(ws, userId, clientId);
    const target = settings?.deleted_token_callback_url;
    const token = keptAccessToken(deps, row);
    if (target && token) tx.afterCommit(() => deps.files.imports.track(partnerCall(deps, target, { method: "DELETE", bearer: token }).catch(() => undefined)));
    return true;
  });
}
