/**
 * Control-API verbs for custom emojis: Notion's public API only lists them (they are made in
 * the Notion app), so the operator creates and deletes them here. An emoji is a name, unique in
 * the workspace, and an image URL.
 */
import type { CustomEmojiRow, Page, Tx } from "../../storage/types.js";
import { firstOwner } from "./members.js";
import type { Deps } from "../context.js";
import { errors } from "../../api/errors.js";

export interface CustomEmojiView {
  object: "custom_emoji";
  id: string;
  name: string;
  url: string;
  created_time: string;
}

export function viewCustomEmoji(row: CustomEmojiRow): CustomEmojiView {
  return { object: "custom_emoji", id: row.id, name: row.name, url: row.url, created_time: new Date(row.created_time).toISOString() };
}

export async function createCustomEmoji(deps: Deps, tx: Tx, workspaceId: string, input: { name: string; url: string }): Promise<CustomEmojiView> {
  if (await tx.emojis.getByName(workspaceId, input.name)) throw errors.validation(`A custom emoji named "${input.name}" already exists.`);
  const row: CustomEmojiRow = {
    workspace_id: workspaceId,
    id: deps.ids(),
    name: input.name,
    url: input.url,
    created_time: deps.clock.now(),
    created_by: (await firstOwner(tx, workspaceId))?.id ?? null,
  };
  await tx.emojis.insert(row);
  return viewCustomEmoji(row);
}

/** Every custom emoji of the workspace, in creation order. */
export async function listAllCustomEmojis(tx: Tx, workspaceId: string): Promise<CustomEmojiView[]> {
  const out: CustomEmojiView[] = [];
  let from: string | null = null;
  do {
    const page: Page<CustomEmojiRow> = (await tx.emojis.list(workspaceId, from, 1000))!;
    out.push(...page.items.map(viewCustomEmoji));
    from = page.next;
  } while (from !== null);
  return out;
}

/**
 * Deletes an emoji. Icons and mentions that show it keep the name and URL they were stored
 * with; new requests naming its id are refused.
 */
export async function deleteCustomEmoji(tx: Tx, workspaceId: string, id: string) {
  if (!(await tx.emojis.remove(workspaceId, id))) throw errors.notFound("custom_emoji", id);
  return { object: "custom_emoji", id, deleted: true };
}
