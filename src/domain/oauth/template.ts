/**
 * A public integration's template duplicated into the workspace it is installed in (Notion's
 * "Authorization" guide: the person may choose "Use a template provided by the developer"; the
 * duplicate's id is the token answer's `duplicated_template_id`). The template is a page of the
 * developer's workspace; its copy is a top-level page in the installing person's private section,
 * made by them, with its blocks and sub-pages. What is left out, and why (docs/design/oauth.md):
 * databases and their rows (Quire does not duplicate databases yet, as in templates/copy.ts);
 * synced-block references whose original is not in the template; at most TEMPLATE_COPY_LIMIT
 * blocks. Mentions and files keep pointing at what they named in the developer's workspace (a
 * reader there sees them as unavailable).
 */
import type { NodeRow, StoredNode, Tx } from "../../storage/types.js";
import type { Deps } from "../context.js";
import { childParentType, nodeBy } from "../nodes.js";
import { startTopLevelPage } from "../page-sections.js";
import type { OAuthClient } from "./clients.js";
import { TEMPLATE_COPY_LIMIT } from "./policy.js";

const NOT_COPIED = new Set(["database", "data_source"]);

/** Duplicates the client's template into workspace `ws` for person `userId`; the new page's id, or null when the template is gone. */
export async function duplicateTemplate(deps: Deps, tx: Tx, client: OAuthClient, ws: string, userId: string): Promise<string | null> {
  const source = await tx.getNode(client.workspace_id, client.template_page_id!);
  if (!source || source.type !== "page" || source.in_trash) return null;
  const now = deps.clock.now();
  const make = (fields: Pick<NodeRow, "id" | "type" | "parent_type" | "parent_id" | "position" | "data"> & Partial<NodeRow>) => nodeBy(ws, userId, now, fields);
  const page = make({
    id: deps.ids(),
    type: "page",
    parent_type: "workspace",
    parent_id: null,
    position: now,
    data: {},
    properties: { title: structuredClone((source.properties as Record<string, unknown> | null)?.title ?? []) },
    icon: structuredClone(source.icon),
    cover: structuredClone(source.cover),
  });
  const rows: NodeRow[] = [page];
  const ids = new Map<string, string>([[source.id, page.id]]);
  await copyChildren(tx, client.workspace_id, source, page, rows, ids, make, deps);
  await tx.insertNodes(rows);
  await startTopLevelPage(tx, ws, page.id, "private", userId);
  return page.id;
}

type Make = (fields: Pick<NodeRow, "id" | "type" | "parent_type" | "parent_id" | "position" | "data"> & Partial<NodeRow>) => NodeRow;

/** Copies `from`'s children (depth first, in order) under `to`, while the copy limit allows. */
async function copyChildren(tx: Tx, sourceWs: string, from: StoredNode, to: NodeRow, rows: NodeRow[], ids: Map<string, string>, make: Make, deps: Deps): Promise<void> {
  let cursor: string | null = null;
  let position = 0;
  do {
    const page = await tx.listChildren(sourceWs, from.id, cursor, 1000);
    if (!page) return;
    for (const child of page.items) {
      if (NOT_COPIED.has(child.type) || rows.length > TEMPLATE_COPY_LIMIT) continue;
      const data = syncedData(child, ids);
      if (!data) continue;
      const row = make({
        id: deps.ids(),
        type: child.type,
        parent_type: childParentType(to),
        parent_id: to.id,
        position: ++position,
        data,
        properties: child.type === "page" ? structuredClone(child.properties) : null,
        icon: structuredClone(child.icon),
        cover: structuredClone(child.cover),
      });
      ids.set(child.id, row.id);
      rows.push(row);
      // A reference's children belong to its original.
      if (child.has_children && !(child.type === "synced_block" && child.data.synced_from)) await copyChildren(tx, sourceWs, child, row, rows, ids, make, deps);
    }
    cursor = page.next;
  } while (cursor && rows.length <= TEMPLATE_COPY_LIMIT);
}

/** A block's data for its copy: a synced reference points at its original's copy (null: the original is not in the template). */
function syncedData(node: StoredNode, ids: Map<string, string>): Record<string, unknown> | null {
  const data = structuredClone(node.data);
  if (node.type !== "synced_block" || !data.synced_from) return data;
  const original = ids.get((data.synced_from as { block_id: string }).block_id);
  return original ? { ...data, synced_from: { type: "block_id", block_id: original } } : null;
}
