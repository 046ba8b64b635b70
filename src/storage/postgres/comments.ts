/** `Tx.comments` on PostgreSQL: threads on pages and blocks, oldest first (`seq`). */
import type { BlockDiscussionCount, CommentRow, CommentStore } from "../comments.js";
import type { Page } from "../records.js";
import { json, pageOf, parse } from "./json.js";
import type { PgSession, Row } from "./session.js";

const COLUMNS = `workspace_id, id, discussion_id, parent_type, parent_id, rich_text, display_name, attachments,
  created_time, created_by, last_edited_time, resolved`;

const toComment = (r: Row): CommentRow => ({
  ...(r as unknown as CommentRow),
  rich_text: parse(r.rich_text),
  display_name: parse(r.display_name),
  attachments: parse(r.attachments),
});

/** Comments of a workspace. */
export class PgComments implements CommentStore {
  constructor(private readonly s: PgSession) {}

  async get(ws: string, id: string) {
    await this.s.lock(ws);
    const r = await this.s.one(`SELECT ${COLUMNS} FROM comments WHERE workspace_id = $1 AND id = $2`, [ws, id]);
    return r ? toComment(r) : null;
  }
  async firstOfDiscussion(ws: string, discussionId: string) {
    await this.s.lock(ws);
    const r = await this.s.one(`SELECT ${COLUMNS} FROM comments WHERE workspace_id = $1 AND discussion_id = $2 ORDER BY seq LIMIT 1`, [ws, discussionId]);
    return r ? toComment(r) : null;
  }
  async listOpen(ws: string, parentId: string, from: string | null, limit: number): Promise<Page<CommentRow> | null> {
    await this.s.lock(ws);
    let seq = 0;
    if (from !== null) {
      const r = await this.s.one<{ seq: number }>(`SELECT seq FROM comments WHERE workspace_id = $1 AND parent_id = $2 AND id = $3 AND NOT resolved`, [ws, parentId, from]);
      if (!r) return null;
      seq = r.seq;
    }
    const rows = await this.s.query(
      `SELECT ${COLUMNS} FROM comments WHERE workspace_id = $1 AND parent_id = $2 AND NOT resolved AND seq >= $3 ORDER BY seq LIMIT $4`,
      [ws, parentId, seq, limit + 1],
    );
    return pageOf(rows.map(toComment), limit);
  }
  async countOpenUnder(ws: string, pageId: string): Promise<BlockDiscussionCount[]> {
    await this.s.lock(ws);
    // A page's body, walked down from the page by the children index, stopping at sub-pages and databases.
    const rows = await this.s.query<{ block_id: string; discussions: string | number; comments: string | number }>(
      `WITH RECURSIVE body(id) AS (
         SELECT id FROM nodes WHERE workspace_id = $1 AND parent_id = $2 AND NOT in_trash AND type NOT IN ('page', 'database', 'data_source')
         UNION
         SELECT n.id FROM nodes n JOIN body ON n.workspace_id = $1 AND n.parent_id = body.id
          WHERE NOT n.in_trash AND n.type NOT IN ('page', 'database', 'data_source')
       )
       SELECT c.parent_id AS block_id, COUNT(DISTINCT c.discussion_id) AS discussions, COUNT(*) AS comments
         FROM body JOIN comments c ON c.workspace_id = $1 AND c.parent_id = body.id
        WHERE NOT c.resolved GROUP BY c.parent_id ORDER BY c.parent_id COLLATE "C"`,
      [ws, pageId],
    );
    // COUNT is a bigint, which the driver hands back as text.
    return rows.map((r) => ({ block_id: r.block_id, discussions: Number(r.discussions), comments: Number(r.comments) }));
  }
  async listAllOn(ws: string, parentIds: string[]) {
    if (!parentIds.length) return [];
    await this.s.lock(ws);
    const rows = await this.s.query(`SELECT ${COLUMNS} FROM comments WHERE workspace_id = $1 AND parent_id = ANY($2::text[]) ORDER BY seq`, [ws, parentIds]);
    return rows.map(toComment);
  }
  async insert(row: CommentRow) {
    await this.s.lock(row.workspace_id);
    await this.s.exec(
      `INSERT INTO comments (workspace_id, id, discussion_id, parent_type, parent_id, rich_text, display_name, attachments,
         created_time, created_by, last_edited_time, resolved)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      [
        row.workspace_id, row.id, row.discussion_id, row.parent_type, row.parent_id, json(row.rich_text), json(row.display_name),
        json(row.attachments), row.created_time, row.created_by, row.last_edited_time, row.resolved,
      ],
    );
  }
  async update(row: CommentRow) {
    await this.s.lock(row.workspace_id);
    await this.s.exec(
      `UPDATE comments SET rich_text = $3, attachments = $4, last_edited_time = $5, resolved = $6 WHERE workspace_id = $1 AND id = $2`,
      [row.workspace_id, row.id, json(row.rich_text), json(row.attachments), row.last_edited_time, row.resolved],
    );
  }
  async setResolved(ws: string, discussionId: string, resolved: boolean) {
    await this.s.lock(ws);
    await this.s.exec(`UPDATE comments SET resolved = $3 WHERE workspace_id = $1 AND discussion_id = $2`, [ws, discussionId, resolved]);
  }
  async delete(ws: string, id: string) {
    await this.s.lock(ws);
    return (await this.s.exec(`DELETE FROM comments WHERE workspace_id = $1 AND id = $2`, [ws, id])) > 0;
  }
}
