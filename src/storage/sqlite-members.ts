/** SQLite side of `Tx.members` (src/storage/members.ts) and `Tx.allWorkspaces` (workspace-set.ts). */
import type Database from "better-sqlite3";
import type { Page, UserRow, WorkspaceRole, WorkspaceRow } from "./records.js";
import type { MemberStore } from "./members.js";
import type { WorkspaceSetStore } from "./workspace-set.js";

type Row = Record<string, unknown>;

/** A `users` row read back (every SQLite read of `users` goes through it). */
export function userOf(r: Row): UserRow {
  return {
    workspace_id: r.workspace_id as string,
    id: r.id as string,
    type: r.type as UserRow["type"],
    name: (r.name as string | null) ?? null,
    avatar_url: (r.avatar_url as string | null) ?? null,
    email: (r.email as string | null) ?? null,
    integration_id: (r.integration_id as string | null) ?? null,
    created_time: r.created_time as number,
    role: (r.role as WorkspaceRole | null) ?? null,
  };
}

const LISTED = `(type = 'bot' OR role IN ('owner', 'membership_admin', 'member'))`;
const MEMBER = `(type = 'person' AND role IS NOT NULL)`;

/** Membership over the `users` table's `role` column (migration 14). */
export class SqliteMemberStore implements MemberStore {
  private readonly s;

  constructor(db: Database.Database) {
    const p = (sql: string) => db.prepare(sql);
    this.s = {
      seq: p(`SELECT seq FROM users WHERE workspace_id = ? AND id = ?`),
      listed: p(`SELECT * FROM users WHERE workspace_id = ? AND seq >= ? AND ${LISTED} ORDER BY seq LIMIT ?`),
      members: p(`SELECT * FROM users WHERE workspace_id = ? AND seq >= ? AND ${MEMBER} ORDER BY seq LIMIT ?`),
      setRole: p(`UPDATE users SET role = ? WHERE workspace_id = ? AND id = ? AND type = 'person'`),
      owners: p(`SELECT count(*) AS n FROM users WHERE workspace_id = ? AND type = 'person' AND role = 'owner'`),
      memberships: p(
        `SELECT u.* FROM users u JOIN workspaces w ON w.id = u.workspace_id
          WHERE u.id = ? AND u.type = 'person' ORDER BY w.created_time, w.id`,
      ),
    };
  }

  private page(stmt: Database.Statement, ws: string, from: string | null, limit: number): Page<UserRow> | null {
    let seq = 0;
    if (from !== null) {
      const r = this.s.seq.get(ws, from) as Row | undefined;
      if (!r) return null;
      seq = r.seq as number;
    }
    const rows = (stmt.all(ws, seq, limit + 1) as Row[]).map(userOf);
    const next = rows.length > limit ? rows.pop()!.id : null;
    return { items: rows, next };
  }
  async listListed(ws: string, from: string | null, limit: number) {
    return this.page(this.s.listed, ws, from, limit);
  }
  async listMembers(ws: string, from: string | null, limit: number) {
    return this.page(this.s.members, ws, from, limit);
  }
  async setRole(ws: string, userId: string, role: WorkspaceRole | null) {
    return this.s.setRole.run(role, ws, userId).changes > 0;
  }
  async countOwners(ws: string) {
    return (this.s.owners.get(ws) as { n: number }).n;
  }
  async membershipsOf(userId: string) {
    return (this.s.memberships.all(userId) as Row[]).map(userOf);
  }
}

/** Every table with a `workspace_id` column, read from the schema at each call (a table added later is covered). */
function workspaceTables(db: Database.Database): string[] {
  const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`).all() as { name: string }[];
  return tables
    .map((t) => t.name)
    .filter((t) => (db.prepare(`SELECT name FROM pragma_table_info(?)`).all(t) as { name: string }[]).some((c) => c.name === "workspace_id"));
}

/** The set of workspaces, and deleting one with everything in it. */
export class SqliteWorkspaceSet implements WorkspaceSetStore {
  constructor(
    private readonly db: Database.Database,
    /** Called before a workspace is removed (what webhook subscriptions reach changes). */
    private readonly removing: () => void = () => {},
  ) {}

  async list(from: string | null, limit: number): Promise<Page<WorkspaceRow> | null> {
    const all = this.db.prepare(`SELECT id, name, created_time, time_zone FROM workspaces ORDER BY created_time, id`);
    let rows: WorkspaceRow[];
    if (from === null) rows = this.db.prepare(`${all.source} LIMIT ?`).all(limit + 1) as WorkspaceRow[];
    else {
      const start = this.db.prepare(`SELECT created_time FROM workspaces WHERE id = ?`).get(from) as { created_time: number } | undefined;
      if (!start) return null;
      rows = this.db
        .prepare(`SELECT id, name, created_time, time_zone FROM workspaces WHERE (created_time, id) >= (?, ?) ORDER BY created_time, id LIMIT ?`)
        .all(start.created_time, from, limit + 1) as WorkspaceRow[];
    }
    const next = rows.length > limit ? rows.pop()!.id : null;
    return { items: rows, next };
  }
  async count() {
    return (this.db.prepare(`SELECT count(*) AS n FROM workspaces`).get() as { n: number }).n;
  }
  async remove(id: string) {
    this.removing();
    const uploads = (this.db.prepare(`SELECT id FROM file_uploads WHERE workspace_id = ?`).all(id) as { id: string }[]).map((r) => r.id);
    // row_keys is keyed by its data source's scope number, not by workspace: it goes first.
    this.db.prepare(`DELETE FROM row_keys WHERE scope IN (SELECT scope FROM row_scopes WHERE workspace_id = ?)`).run(id);
    // search_docs' triggers keep search_fts (and its shadow tables) in step.
    for (const table of workspaceTables(this.db)) this.db.prepare(`DELETE FROM "${table}" WHERE workspace_id = ?`).run(id);
    this.db.prepare(`DELETE FROM workspaces WHERE id = ?`).run(id);
    return { uploads };
  }
}
