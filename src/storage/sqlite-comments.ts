/** SQLite implementation of the comment store (table from migration 5). */
import type Database from "better-sqlite3";
import type { BlockDiscussionCount, CommentRow, CommentStore } from "./comments.js";
import type { Page } from "./types.js";

type Row = Record<string, unknown>;

function toComment(r: Row): CommentRow {
  return {
    workspace_id: r.workspace_id as string,
    id: r.id as string,
    discussion_id: r.discussion_id as string,
    parent_type: r.parent_type as CommentRow["parent_type"],
    parent_id: r.parent_id as string,
    rich_text: JSON.parse(r.rich_text as string),
    display_name: JSON.parse(r.display_name as string),
    attachments: JSON.parse(r.attachments as string),
    created_time: r.created_time as number,
    created_by: r.created_by as string,
    last_edited_time: r.last_edited_time as number,
    resolved: r.resolved === 1,
  };
}

function params(row: CommentRow) {
  return {
    ...row,
    rich_text: JSON.stringify(row.rich_text),
    display_name: JSON.stringify(row.display_name),
    attachments: JSON.stringify(row.attachments),
    resolved: row.resolved ? 1 : 0,
  };
}

export class SqliteCommentStore implements CommentStore {
  private readonly s;

  constructor(db: Database.Database) {
    const p = (sql: string) => db.prepare(sql);
    this.s = {
      get: p(`SELECT * FROM comments WHERE workspace_id = ? AND id = ?`),
      first: p(`SELECT * FROM comments INDEXED BY comments_discussion WHERE workspace_id = ? AND discussion_id = ? ORDER BY seq LIMIT 1`),
      seqOf: p(`SELECT seq FROM comments WHERE workspace_id = ? AND parent_id = ? AND id = ? AND resolved = 0`),
      list: p(
        `SELECT * FROM comments INDEXED BY comments_parent WHERE workspace_id = ? AND parent_id = ? AND resolved = 0 AND seq >= ?
         ORDER BY seq LIMIT ?`,
      ),
      // A page's body, walked down from the page by the children index, stopping at sub-pages and databases.
      countUnder: p(
        `WITH RECURSIVE body(id) AS (
           SELECT id FROM nodes WHERE workspace_id = @ws AND parent_id = @page AND in_trash = 0 AND type NOT IN ('page', 'database', 'data_source')
           UNION
           SELECT n.id FROM nodes n JOIN body ON n.workspace_id = @ws AND n.parent_id = body.id
            WHERE n.in_trash = 0 AND n.type NOT IN ('page', 'database', 'data_source')
         )
         SELECT c.parent_id AS block_id, COUNT(DISTINCT c.discussion_id) AS discussions, COUNT(*) AS comments
           FROM body JOIN comments c INDEXED BY comments_parent ON c.workspace_id = @ws AND c.parent_id = body.id
          WHERE c.resolved = 0 GROUP BY c.parent_id ORDER BY c.parent_id`,
      ),
      allOn: p(`SELECT * FROM comments WHERE workspace_id = ? AND parent_id IN (SELECT value FROM json_each(?)) ORDER BY seq`),
      insert: p(
        `INSERT INTO comments (workspace_id, id, discussion_id, parent_type, parent_id, rich_text, display_name, attachments,
           created_time, created_by, last_edited_time, resolved)
         VALUES (@workspace_id, @id, @discussion_id, @parent_type, @parent_id, @rich_text, @display_name, @attachments,
           @created_time, @created_by, @last_edited_time, @resolved)`,
      ),
      update: p(
        `UPDATE comments SET rich_text = @rich_text, attachments = @attachments, last_edited_time = @last_edited_time,
           resolved = @resolved WHERE workspace_id = @workspace_id AND id = @id`,
      ),
      delete: p(`DELETE FROM comments WHERE workspace_id = ? AND id = ?`),
      setResolved: p(`UPDATE comments SET resolved = ? WHERE workspace_id = ? AND discussion_id = ?`),
    };
  }

  async get(ws: string, id: string) {
    const r = this.s.get.get(ws, id) as Row | undefined;
    return r ? toComment(r) : null;
  }
  async firstOfDiscussion(ws: string, discussionId: string) {
    const r = this.s.first.get(ws, discussionId) as Row | undefined;
    return r ? toComment(r) : null;
  }
  async listOpen(ws: string, parentId: string, from: string | null, limit: number): Promise<Page<CommentRow> | null> {
    let seq = 0;
    if (from !== null) {
      const r = this.s.seqOf.get(ws, parentId, from) as Row | undefined;
      if (!r) return null;
      seq = r.seq as number;
    }
    const rows = (this.s.list.all(ws, parentId, seq, limit + 1) as Row[]).map(toComment);
    const next = rows.length > limit ? rows.pop()!.id : null;
    return { items: rows, next };
  }
  async countOpenUnder(ws: string, pageId: string): Promise<BlockDiscussionCount[]> {
    return this.s.countUnder.all({ ws, page: pageId }) as BlockDiscussionCount[];
  }
  async listAllOn(ws: string, parentIds: string[]) {
    return parentIds.length ? (this.s.allOn.all(ws, JSON.stringify(parentIds)) as Row[]).map(toComment) : [];
  }
  async insert(row: CommentRow) {
    this.s.insert.run(params(row));
  }
  async update(row: CommentRow) {
    this.s.update.run(params(row));
  }
  async setResolved(ws: string, discussionId: string, resolved: boolean) {
    this.s.setResolved.run(resolved ? 1 : 0, ws, discussionId);
  }
  async delete(ws: string, id: string) {
    return this.s.delete.run(ws, id).changes > 0;
  }
}
