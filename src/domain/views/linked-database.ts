/**
 * `create_database` on views.create: "create a new linked database block on a page and add the
 * view to it" (developers.notion.com/reference/create-view). The block is a database node that
 * owns no data source (`data.linked`); its views show a data source of another database.
 */
import type { StoredNode, Tx } from "../../storage/types.js";
import type { Ctx } from "../context.js";
import { fail } from "../../api/validate.js";
import { childParentType, newNode, placeChildren } from "../nodes.js";
import type { DatabaseNode, DataSourceNode } from "../databases/model.js";

/** Inserts the linked database block under `page` (after `afterBlock` when given, else last). */
export async function createLinkedDatabase(tx: Tx, ctx: Ctx, page: StoredNode, source: DataSourceNode, afterBlock?: string): Promise<DatabaseNode> {
  const ws = ctx.actor.workspace.id;
  if (afterBlock !== undefined) {
    const after = await tx.getNode(ws, afterBlock);
    if (!after || after.parent_id !== page.id) fail("body.create_database.position.block_id", "should be the id of a child of the parent page", afterBlock);
  }
  const [position] = await placeChildren(tx, ws, page.id, 1, afterBlock !== undefined ? { type: "after_block", id: afterBlock } : { type: "end" });
  const db = newNode(ctx, {
    id: ctx.ids(),
    type: "database",
    parent_type: childParentType(page),
    parent_id: page.id,
    position,
    // Shown with its source's title, as Notion's UI shows a new linked view.
    data: { title: source.data.title, description: [], is_inline: true, linked: true },
  });
  await tx.insertNodes([db]);
  return { ...db, has_children: false } as DatabaseNode;
}
