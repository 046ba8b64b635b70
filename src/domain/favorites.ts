/**
 * A signed-in person's favourite pages in one workspace (the web app's sidebar). Notion's API has
 * no favourites — in Notion they are the person's own sidebar section, not a property of the page
 * — so they are Quire's own data, reached only through `/_quire/session/workspaces/{id}/favorites`
 * (src/routes/session-favorites.ts). A favourite names a page the person can see; one they can no
 * longer see (unshared, removed for good) is left out of the list rather than named.
 */
import type { Tx } from "../storage/types.js";
import type { FavoriteRow } from "../storage/favorites.js";
import { errors } from "../api/errors.js";
import { levelOf, levelsOf, type PersonInWorkspace } from "./permissions.js";

/** How many favourites a person may keep in one workspace (Notion states no number; this bounds the sidebar and the list read). */
export const FAVORITES_LIMIT = 200;

/** A favourite as the session route answers it. */
export interface FavoriteObject {
  object: "favorite";
  page_id: string;
  created_time: string;
}

function present(row: FavoriteRow): FavoriteObject {
  return { object: "favorite", page_id: row.page_id, created_time: new Date(row.created_time).toISOString() };
}

/** The person's favourites, oldest first, only pages they can still see. */
export async function listFavorites(tx: Tx, workspaceId: string, person: PersonInWorkspace) {
  const rows = await tx.favorites.list(workspaceId, person.userId, FAVORITES_LIMIT);
  const levels = await levelsOf(tx, workspaceId, person, rows.map((r) => r.page_id));
  const results = rows.filter((r) => levels.get(r.page_id)).map(present);
  return { object: "list" as const, results, next_cursor: null, has_more: false, type: "favorite" as const };
}

/** Stars a page the person can see (404 otherwise, as for any page they cannot see); starring it again keeps the first time. */
export async function addFavorite(tx: Tx, workspaceId: string, person: PersonInWorkspace, pageId: string, now: number): Promise<FavoriteObject> {
  const node = await tx.getNode(workspaceId, pageId);
  if (!node || node.type !== "page" || !(await levelOf(tx, workspaceId, person, pageId))) throw errors.notFound("page", pageId);
  const row = { workspace_id: workspaceId, user_id: person.userId, page_id: pageId, created_time: now };
  if (await tx.favorites.add(row)) {
    if ((await tx.favorites.count(workspaceId, person.userId)) > FAVORITES_LIMIT)
      throw errors.validation(`A person may keep at most ${FAVORITES_LIMIT} favorites in a workspace; remove one first.`);
    return present(row);
  }
  const kept = (await tx.favorites.list(workspaceId, person.userId, FAVORITES_LIMIT)).find((r) => r.page_id === pageId);
  return present(kept ?? row);
}

/** Unstars a page; 404 when it was not a favourite. */
export async function removeFavorite(tx: Tx, workspaceId: string, person: PersonInWorkspace, pageId: string) {
  if (!(await tx.favorites.remove(workspaceId, person.userId, pageId))) throw errors.notFound("page", pageId);
  return { object: "favorite" as const, page_id: pageId, deleted: true };
}
