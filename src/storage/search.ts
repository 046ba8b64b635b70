/**
 * The title search index (`Tx.search`): one entry per page, database and data source, kept in
 * step by the store itself whenever a node is inserted or updated (no domain code maintains it).
 * Matching and ranking are the adapter's (SQLite: FTS5, src/storage/sqlite-search.ts); what they
 * are is written down in docs/design/search.md.
 */

/** What a search entry is: the object it is presented as. */
export type SearchKind = "page" | "data_source" | "database";

/** The order of candidates, and where a cursor continues. */
export type SearchOrder = "relevance" | "edited_descending" | "edited_ascending";

/**
 * A candidate's place in its order: `[tier, score, -last_edited_time, id]` for relevance (all
 * ascending), `[last_edited_time, id]` for the edited orders.
 */
export type SearchKey = (string | number)[];

export interface SearchQuery {
  /** The text typed; null or blank means every entry. */
  text: string | null;
  kinds: readonly SearchKind[];
  order: SearchOrder;
  /** Only entries whose own trash flag is off (trash inherited from ancestors is not known here). */
  untrashedOnly: boolean;
  /** Only entries at or after this key (in the order's direction). */
  from: SearchKey | null;
  /** Only entries among these node ids, when given. */
  within: readonly string[] | null;
  limit: number;
}

/** One candidate, with what a visibility walk needs and its key. */
export interface SearchHit {
  id: string;
  kind: SearchKind;
  parent_id: string | null;
  in_trash: boolean;
  key: SearchKey;
}

/** A node's link to its parent, for walking up the tree in batches. */
export interface ParentLink {
  id: string;
  parent_id: string | null;
  in_trash: boolean;
}

export interface SearchStore {
  /** Candidates in the query's order, at most `limit`. */
  candidates(workspaceId: string, q: SearchQuery): Promise<SearchHit[]>;
  /** Parent links of the given nodes (unknown ids are left out). */
  parents(workspaceId: string, ids: readonly string[]): Promise<ParentLink[]>;
  /**
   * Parent links of the given nodes and of every ancestor of theirs, at most `depth` levels
   * above them, each node once, in no order (unknown ids are left out): what `parents` level
   * by level gives, in one statement on PostgreSQL.
   */
  ancestry(workspaceId: string, ids: readonly string[], depth: number): Promise<ParentLink[]>;
  /**
   * Every node at or below the roots, or null when there are more than `cap` of them (the
   * caller then filters candidates one by one instead).
   */
  subtree(workspaceId: string, roots: readonly string[], cap: number): Promise<string[] | null>;
  /** Every node in the trash, itself or below a trashed node; null when more than `cap`. */
  trashed(workspaceId: string, cap: number): Promise<string[] | null>;
}

/**
 * `SearchStore.subtree` over an adapter's children read: one tree level at a time, each read
 * bounded to the room left under `cap` (`children(level, room)`: ids of the level's children, at
 * most `room`), so a large tree costs at most cap + 1 ids read. Null past `cap`.
 */
export async function walkSubtree(roots: readonly string[], cap: number, children: (level: string[], room: number) => Promise<string[]>): Promise<string[] | null> {
  const seen = new Set(roots);
  let level = [...seen];
  for (let depth = 0; level.length > 0 && depth < 1000; depth++) {
    const room = cap + 1 - seen.size;
    if (room <= 0) return null;
    const next: string[] = [];
    for (const id of await children(level, room)) {
      if (seen.has(id)) continue;
      seen.add(id);
      next.push(id);
    }
    level = next;
  }
  return seen.size > cap ? null : [...seen];
}
