/**
 * A person's favourite pages (`Tx.favorites`): the web app's "Favorites" section of the sidebar.
 * Notion's API has no favourites (they are the person's own data, not the page's), so they are
 * kept per workspace and person, read and written only by the signed-in person through
 * `/_quire/session/workspaces/{id}/favorites` (docs/design/web-app.md, "Sidebar").
 */

/** One favourite: a page a person starred in a workspace, and when. */
export interface FavoriteRow {
  workspace_id: string;
  user_id: string;
  page_id: string;
  created_time: number;
}

/** The favourites port. */
export interface FavoriteStore {
  /** The person's favourites in the workspace, oldest first (ties by page id), at most `limit`. */
  list(workspaceId: string, userId: string, limit: number): Promise<FavoriteRow[]>;
  /** How many favourites the person has in the workspace. */
  count(workspaceId: string, userId: string): Promise<number>;
  /** Adds a favourite; false (and the first one's time kept) when the page was one already. */
  add(row: FavoriteRow): Promise<boolean>;
  /** Removes one; false when it was not there. */
  remove(workspaceId: string, userId: string, pageId: string): Promise<boolean>;
  /** Forgets every favourite of a person in the workspace (they left it); how many went. */
  removePerson(workspaceId: string, userId: string): Promise<number>;
}
