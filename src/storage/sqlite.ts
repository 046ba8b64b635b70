/**
 * SQLite adapter (better-sqlite3). One connection, WAL; units of work are serialized by an
 * async mutex so a read never sees another request's uncommitted write.
 */
import Database from "better-sqlite3";
import type { OrderPosition } from "../query/ast.js";
import { ROW_BASE, SqliteRows } from "./sqlite-rows.js";
import { DEFAULT_PLANNER, type PlannerOptions } from "./planner/options.js";
import type {
  RowQuery,
  ChildPosition,
  AncestorLink,
  IntegrationRow,
  NodeInSight,
  NodeRow,
  Page,
  Store,
  StoredNode,
  Tx,
  UserRow,
  WorkspaceRow,
} from "./types.js";
import { MIGRATIONS } from "./sqlite-schema.js";
import { Mutex } from "./mutex.js";
import { noteStatement } from "./meter.js";
import { TOKEN_OWNER_COLUMNS, tokenOwnerOf } from "./token-owner.js";
import { SqliteCommentStore } from "./sqlite-comments.js";
import { SqliteTaskStore } from "./sqlite-tasks.js";
import { SqliteEmojiStore } from "./sqlite-emojis.js";
import { SqliteFavoriteStore } from "./sqlite-favorites.js";
import { SqliteMeetingNoteStore } from "./sqlite-meeting-notes.js";
import { SqliteGroupStore } from "./sqlite-groups.js";
import { SqlitePersonalTokenStore } from "./sqlite-personal-tokens.js";
import { SqliteScimStore } from "./sqlite-scim.js";
import { SqliteOAuthStore } from "./sqlite-oauth.js";
import { SqlitePermissionStore } from "./sqlite-permissions.js";
import { SqliteAccountStore, SqliteSessionStore, SqliteSigninAttemptStore } from "./sqlite-accounts.js";
import { SqliteSamlStore } from "./sqlite-saml.js";
import { SqliteLinkPreviewStore } from "./sqlite-link-previews.js";
import { SqliteWebhookStore } from "./sqlite-webhooks.js";
import { SqliteFileUploadStore } from "./sqlite-files.js";
import { SqliteSnapshots } from "./sqlite-snapshots.js";
import { dirname, join } from "node:path";
import { SqliteSearchStore } from "./sqlite-search.js";
import { SqliteViewStore } from "./sqlite-views.js";
import { SqliteTemplateStore } from "./sqlite-templates.js";
import { userOf, SqliteMemberStore, SqliteWorkspaceSet } from "./sqlite-members.js";
import { SqliteLiveness } from "./sqlite-liveness.js";
import { memoryToolkitShared } from "./sqlite-toolkit-shared.js";
import { ReadCache } from "./sqlite-read-cache.js";
import { reportWrites, TableCatalog } from "./sqlite-written.js";
import { nodeGroup, reportNodeRows, ROW_TABLE } from "./sqlite-written-rows.js";
import { claimFile } from "./sqlite-owner.js";
import { storedNodeOf } from "./node-rows.js";
import { settlePageSize, SQLITE_PAGE_SIZE } from "./sqlite-page-size.js";

export interface SqliteOptions {
  /** File path, or ":memory:". */
  filename: string;
  /** Query planner thresholds (tests lower them to drive every plan over small data). */
  planner?: Partial<PlannerOptions>;
  /** Count every statement on the running request's meter (storage/meter.ts; off by default: it costs a callback per statement). */
  countStatements?: boolean;
  /** Bytes of the file read through a memory map (`mmap_size`); 0 turns the map off. Default SQLITE_MMAP_BYTES. */
  mmapBytes?: number;
  /** Page size of a new file, and the least an existing one is converted to (tests make older files). Default SQLITE_PAGE_SIZE. */
  pageSize?: number;
}

type Row = Record<string, unknown>;

const json = (v: unknown): string | null => (v === null || v === undefined ? null : JSON.stringify(v));
const parse = <T>(v: unknown): T => (v === null || v === undefined ? (null as T) : (JSON.parse(v as string) as T));

function toNode(r: Row): StoredNode {
  return storedNodeOf(r, isOne);
}

const isOne = (v: unknown): boolean => v === 1;

/** The read cache's kinds (sqlite-read-cache.ts): token owners by hash, nodes in sight by workspace, integration and id. */
const TOKEN_OWNERS = "token-owner";
const NODES_IN_SIGHT = "node-in-sight";

function toIntegration(r: Row): IntegrationRow {
  return {
    workspace_id: r.workspace_id as string,
    id: r.id as string,
    name: r.name as string,
    token_hash: r.token_hash as string,
    bot_id: r.bot_id as string,
    capabilities: parse(r.capabilities),
    created_time: r.created_time as number,
    oauth_client_id: (r.oauth_client_id as string | null) ?? null,
    installed_by: (r.installed_by as string | null) ?? null,
  };
}

// INDEXED BY: without statistics SQLite otherwise probes the primary key by workspace only and
// reads every node of the workspace for each childless node (found by bench/http.ts).
const NODE_COLUMNS = `n.*, EXISTS (SELECT 1 FROM nodes c INDEXED BY nodes_children WHERE c.workspace_id = n.workspace_id AND c.parent_id = n.id AND c.in_trash = 0) AS has_children`;

/**
 * Levels the ancestry walk climbs at most: a guard against a parent cycle in damaged data, not a
 * nesting limit (Notion documents none; appends nest 2 levels per request, without end). At
 * 1,000 it cut the walk below a shared page for blocks nested deeper, which then read as 404.
 */
const ANCESTRY_GUARD = 1_000_000;

function prepareAll(db: Database.Database) {
  const p = (sql: string) => db.prepare(sql);
  return {
    getMeta: p(`SELECT value FROM meta WHERE key = ?`),
    setMeta: p(`INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`),
    deleteMeta: p(`DELETE FROM meta WHERE key = ?`),
    getWorkspace: p(`SELECT * FROM workspaces WHERE id = ?`),
    firstWorkspace: p(`SELECT * FROM workspaces ORDER BY created_time, id LIMIT 1`),
    insertWorkspace: p(`INSERT INTO workspaces (id, name, created_time, time_zone) VALUES (@id, @name, @created_time, @time_zone)`),
    updateWorkspace: p(`UPDATE workspaces SET name = @name, time_zone = @time_zone WHERE id = @id`),
    getUser: p(`SELECT * FROM users WHERE workspace_id = ? AND id = ?`),
    getUsers: p(`SELECT * FROM users WHERE workspace_id = ? AND id IN (SELECT DISTINCT value FROM json_each(?))`),
    userSeq: p(`SELECT seq FROM users WHERE workspace_id = ? AND id = ?`),
    listUsers: p(`SELECT * FROM users WHERE workspace_id = ? AND seq >= ? ORDER BY seq LIMIT ?`),
    personByEmail: p(`SELECT * FROM users WHERE workspace_id = ? AND type = 'person' AND lower(email) = lower(?) LIMIT 1`),
    insertUser: p(
      `INSERT INTO users (workspace_id, id, type, name, avatar_url, email, integration_id, created_time, role)
       VALUES (@workspace_id, @id, @type, @name, @avatar_url, @email, @integration_id, @created_time, @role)`,
    ),
    updateUser: p(
      `UPDATE users SET name = @name, avatar_url = @avatar_url, email = @email WHERE workspace_id = @workspace_id AND id = @id`,
    ),
    integrationByToken: p(`SELECT * FROM integrations WHERE token_hash = ?`),
    tokenOwner: p(
      `SELECT ${TOKEN_OWNER_COLUMNS} FROM integrations i
         JOIN workspaces w ON w.id = i.workspace_id
         JOIN users u ON u.workspace_id = i.workspace_id AND u.id = i.bot_id
        WHERE i.token_hash = ?`,
    ),
    getIntegration: p(`SELECT * FROM integrations WHERE workspace_id = ? AND id = ?`),
    listIntegrations: p(`SELECT * FROM integrations WHERE workspace_id = ? ORDER BY created_time, id`),
    insertIntegration: p(
      `INSERT INTO integrations (workspace_id, id, name, token_hash, bot_id, capabilities, created_time, oauth_client_id, installed_by)
       VALUES (@workspace_id, @id, @name, @token_hash, @bot_id, @capabilities, @created_time, @oauth_client_id, @installed_by)`,
    ),
    updateIntegration: p(
      `UPDATE integrations SET name = @name, token_hash = @token_hash, capabilities = @capabilities
       WHERE workspace_id = @workspace_id AND id = @id`,
    ),
    deleteIntegration: p(`DELETE FROM integrations WHERE workspace_id = ? AND id = ?`),
    deleteSharesOf: p(`DELETE FROM shares WHERE workspace_id = ? AND integration_id = ?`),
    addShare: p(`INSERT OR IGNORE INTO shares (workspace_id, integration_id, object_id, created_time) VALUES (?, ?, ?, ?)`),
    removeShare: p(`DELETE FROM shares WHERE workspace_id = ? AND integration_id = ? AND object_id = ?`),
    listShares: p(`SELECT object_id FROM shares WHERE workspace_id = ? AND integration_id = ? ORDER BY created_time, object_id`),
    getNode: p(`SELECT ${NODE_COLUMNS} FROM nodes n WHERE n.workspace_id = ? AND n.id = ?`),
    getNodes: p(`SELECT ${NODE_COLUMNS} FROM nodes n WHERE n.workspace_id = ? AND n.id IN (SELECT DISTINCT value FROM json_each(?))`),
    childrenOf: p(
      `SELECT ${NODE_COLUMNS} FROM nodes n WHERE n.workspace_id = ? AND n.parent_id IN (SELECT DISTINCT value FROM json_each(?))
         AND n.type = ? AND n.in_trash = 0 ORDER BY n.parent_id, n.position, n.id`,
    ),
    ancestry: p(
      `WITH RECURSIVE chain(id, type, in_trash, parent_type, parent_id, depth) AS (
         SELECT id, type, in_trash, parent_type, parent_id, 0 FROM nodes WHERE workspace_id = @ws AND id = @id
         UNION ALL
         SELECT n.id, n.type, n.in_trash, n.parent_type, n.parent_id, chain.depth + 1
           FROM nodes n JOIN chain ON n.workspace_id = @ws AND n.id = chain.parent_id
          WHERE chain.depth < ${ANCESTRY_GUARD}
       ) SELECT id, type, in_trash, parent_type, parent_id FROM chain ORDER BY depth`,
    ),
    // The access check of a read in one statement: the node, its ancestry (the same walk as
    // `ancestry`), whether any link of it is shared with the integration, whether an ancestor is
    // in the trash. The chain is read once: `sight` folds it into one row.
    nodeInSight: p(
      `WITH RECURSIVE chain(id, in_trash, parent_id, depth) AS (
         SELECT id, in_trash, parent_id, 0 FROM nodes WHERE workspace_id = @ws AND id = @id
         UNION ALL
         SELECT a.id, a.in_trash, a.parent_id, chain.depth + 1
           FROM nodes a JOIN chain ON a.workspace_id = @ws AND a.id = chain.parent_id
          WHERE chain.depth < ${ANCESTRY_GUARD}
       ), sight AS (
         SELECT MAX(EXISTS (SELECT 1 FROM shares s WHERE s.workspace_id = @ws AND s.integration_id = @integration AND s.object_id = chain.id)) AS visible,
                MAX(chain.depth > 0 AND chain.in_trash = 1) AS inherited_trash
           FROM chain
       )
       SELECT ${NODE_COLUMNS}, sight.visible AS sight_visible, sight.inherited_trash AS sight_inherited_trash
         FROM nodes n, sight WHERE n.workspace_id = @ws AND n.id = @id`,
    ),
    childFrom: p(`SELECT position FROM nodes WHERE workspace_id = ? AND parent_id = ? AND id = ? AND in_trash = 0`),
    listChildren: p(
      `SELECT ${NODE_COLUMNS} FROM nodes n WHERE n.workspace_id = ? AND n.parent_id = ? AND n.in_trash = 0 AND n.position >= ?
       ORDER BY n.position LIMIT ?`,
    ),
    // Two subqueries: SQLite answers a lone MIN or MAX from the index, but scans every child for both at once.
    childBounds: p(
      `SELECT (SELECT MIN(position) FROM nodes WHERE workspace_id = @ws AND parent_id = @parent) AS min,
              (SELECT MAX(position) FROM nodes WHERE workspace_id = @ws AND parent_id = @parent) AS max`,
    ),
    nextPosition: p(
      `SELECT position FROM nodes WHERE workspace_id = ? AND parent_id = ? AND position > ? ORDER BY position LIMIT 1`,
    ),
    childPositions: p(
      `SELECT id, position FROM nodes WHERE workspace_id = ? AND parent_id = ? AND (position, id) > (?, ?) ORDER BY position, id LIMIT ?`,
    ),
    insertNode: p(
      `INSERT INTO nodes (workspace_id, id, type, parent_type, parent_id, position, data, properties, idx, key_list, icon, cover,
         in_trash, is_locked, is_archived, created_time, created_by, last_edited_time, last_edited_by)
       VALUES (@workspace_id, @id, @type, @parent_type, @parent_id, @position, @data, @properties, @idx, @key_list, @icon, @cover,
         @in_trash, @is_locked, @is_archived, @created_time, @created_by, @last_edited_time, @last_edited_by)`,
    ),
    updateNode: p(
      `UPDATE nodes SET type = @type, parent_type = @parent_type, parent_id = @parent_id, position = @position,
         data = @data, properties = @properties, idx = @idx, key_list = @key_list, icon = @icon, cover = @cover, in_trash = @in_trash,
         is_locked = @is_locked, is_archived = @is_archived, last_edited_time = @last_edited_time,
         last_edited_by = @last_edited_by
       WHERE workspace_id = @workspace_id AND id = @id`,
    ),
    setPosition: p(`UPDATE nodes SET position = ? WHERE workspace_id = ? AND id = ?`),
  };
}

function nodeParams(row: NodeRow) {
  return {
    ...row,
    data: json(row.data),
    properties: json(row.properties),
    idx: json(row.idx ?? null),
    icon: json(row.icon),
    cover: json(row.cover),
    in_trash: row.in_trash ? 1 : 0,
    is_locked: row.is_locked ? 1 : 0,
    is_archived: row.is_archived ? 1 : 0,
  };
}

/**
 * A data source's rows as `toNode` reads them: the node's columns without `key_list` (a row's
 * index entries, ~800 bytes on a page of 17 properties, read only when the row is written) —
 * a page of 101 query results read it and made a string of it for nothing.
 */
const ROW_COLUMNS = `n.workspace_id, n.id, n.type, n.parent_type, n.parent_id, n.position, n.data, n.properties, n.idx, n.icon, n.cover,
  n.in_trash, n.is_locked, n.is_archived, n.created_time, n.created_by, n.last_edited_time, n.last_edited_by, EXISTS (SELECT 1 FROM nodes c INDEXED BY nodes_children WHERE c.workspace_id = n.workspace_id AND c.parent_id = n.id AND c.in_trash = 0) AS has_children`;

class SqliteTx implements Tx {
  /** What `afterCommit` was given in the unit running now. */
  committed: (() => void)[] = [];
  readonly comments: SqliteCommentStore;
  readonly emojis: SqliteEmojiStore;
  readonly files: SqliteFileUploadStore;
  readonly search: SqliteSearchStore;
  readonly tasks: SqliteTaskStore;
  readonly views: SqliteViewStore;
  readonly templates: SqliteTemplateStore;
  readonly meetingNotes: SqliteMeetingNoteStore;
  readonly members: SqliteMemberStore;
  readonly allWorkspaces: SqliteWorkspaceSet;
  readonly groups: SqliteGroupStore;
  readonly permissions: SqlitePermissionStore;
  readonly accounts: SqliteAccountStore;
  readonly sessions: SqliteSessionStore;
  readonly signinAttempts: SqliteSigninAttemptStore;
  readonly personalTokens: SqlitePersonalTokenStore;
  readonly saml: SqliteSamlStore;
  readonly scim: SqliteScimStore;
  readonly linkPreviews: SqliteLinkPreviewStore;
  readonly oauth: SqliteOAuthStore;
  readonly webhooks: SqliteWebhookStore;
  readonly favorites: SqliteFavoriteStore;
  constructor(
    private readonly db: Database.Database,
    private readonly s: ReturnType<typeof prepareAll>,
    private readonly rows: SqliteRows,
    private readonly cache: ReadCache,
  ) {
    this.comments = new SqliteCommentStore(db);
    this.search = new SqliteSearchStore(db);
    this.tasks = new SqliteTaskStore(db);
    this.emojis = new SqliteEmojiStore(db);
    this.files = new SqliteFileUploadStore(db);
    this.views = new SqliteViewStore(db);
    this.templates = new SqliteTemplateStore(db, (ws, id) => rows.resync(ws, id));
    this.meetingNotes = new SqliteMeetingNoteStore(db);
    this.members = new SqliteMemberStore(db);
    this.allWorkspaces = new SqliteWorkspaceSet(db, () => cache.reachingChanged());
    this.groups = new SqliteGroupStore(db);
    this.permissions = new SqlitePermissionStore(db);
    this.accounts = new SqliteAccountStore(db);
    this.sessions = new SqliteSessionStore(db);
    this.signinAttempts = new SqliteSigninAttemptStore(db);
    this.personalTokens = new SqlitePersonalTokenStore(db);
    this.saml = new SqliteSamlStore(db);
    this.scim = new SqliteScimStore(db);
    this.linkPreviews = new SqliteLinkPreviewStore(db);
    this.oauth = new SqliteOAuthStore(db);
    this.webhooks = new SqliteWebhookStore(db, cache);
    this.favorites = new SqliteFavoriteStore(db);
  }

  afterCommit(fn: () => void): void {
    this.committed.push(fn);
  }

  /** The callbacks of the unit that just ended, cleared for the next one. */
  takeCommitted(): (() => void)[] {
    const out = this.committed;
    this.committed = [];
    return out;
  }

  async getMeta(key: string) {
    const r = this.s.getMeta.get(key) as Row | undefined;
    return r ? (r.value as string) : null;
  }
  async setMeta(key: string, value: string) {
    this.s.setMeta.run(key, value);
  }
  async deleteMeta(key: string) {
    // A deleted row's bytes stay in the page's free space unless secure_delete zeroes them: a meta
    // row may have held a secret in clear (docs/design/secrets.md, the conversion at start).
    this.db.pragma("secure_delete = ON");
    try {
      this.s.deleteMeta.run(key);
    } finally {
      this.db.pragma("secure_delete = OFF");
    }
  }
  async getWorkspace(id: string) {
    return (this.s.getWorkspace.get(id) as WorkspaceRow | undefined) ?? null;
  }
  async firstWorkspace() {
    return (this.s.firstWorkspace.get() as WorkspaceRow | undefined) ?? null;
  }
  async insertWorkspace(row: WorkspaceRow) {
    this.s.insertWorkspace.run(row);
  }
  async updateWorkspace(row: WorkspaceRow) {
    this.s.updateWorkspace.run(row);
  }
  async getUser(ws: string, id: string) {
    const r = this.s.getUser.get(ws, id) as Row | undefined;
    return r ? userOf(r) : null;
  }
  async getUsers(ws: string, ids: readonly string[]) {
    if (ids.length === 0) return [];
    return (this.s.getUsers.all(ws, JSON.stringify(ids)) as Row[]).map(userOf);
  }
  async listUsers(ws: string, from: string | null, limit: number): Promise<Page<UserRow> | null> {
    let seq = 0;
    if (from !== null) {
      const r = this.s.userSeq.get(ws, from) as Row | undefined;
      if (!r) return null;
      seq = r.seq as number;
    }
    const rows = (this.s.listUsers.all(ws, seq, limit + 1) as Row[]).map(userOf);
    const next = rows.length > limit ? rows.pop()!.id : null;
    return { items: rows, next };
  }
  async findPersonByEmail(ws: string, email: string) {
    const r = this.s.personByEmail.get(ws, email) as Row | undefined;
    return r ? userOf(r) : null;
  }
  async insertUser(row: UserRow) {
    this.s.insertUser.run(row);
  }
  async updateUser(row: UserRow) {
    this.s.updateUser.run(row);
  }
  async getIntegrationByTokenHash(hash: string) {
    const r = this.s.integrationByToken.get(hash) as Row | undefined;
    return r ? toIntegration(r) : null;
  }
  async getTokenOwner(hash: string) {
    let r = this.cache.get(TOKEN_OWNERS, hash);
    if (!r) {
      r = this.s.tokenOwner.get(hash) as Row | undefined;
      if (r) this.cache.put(TOKEN_OWNERS, hash, r);
    }
    return r ? tokenOwnerOf(r, parse) : null;
  }
  async getIntegration(ws: string, id: string) {
    const r = this.s.getIntegration.get(ws, id) as Row | undefined;
    return r ? toIntegration(r) : null;
  }
  async listIntegrations(ws: string) {
    return (this.s.listIntegrations.all(ws) as Row[]).map(toIntegration);
  }
  async insertIntegration(row: IntegrationRow) {
    this.cache.reachingChanged(); // an installation brings its client's webhook subscriptions
    this.s.insertIntegration.run({ ...row, capabilities: json(row.capabilities), oauth_client_id: row.oauth_client_id ?? null, installed_by: row.installed_by ?? null });
  }
  async updateIntegration(row: IntegrationRow) {
    const { workspace_id, id, name, token_hash } = row;
    this.s.updateIntegration.run({ workspace_id, id, name, token_hash, capabilities: json(row.capabilities) });
  }
  async deleteIntegration(ws: string, id: string) {
    this.cache.reachingChanged();
    this.s.deleteSharesOf.run(ws, id);
    this.s.deleteIntegration.run(ws, id);
  }
  async addShare(ws: string, integrationId: string, objectId: string, at: number) {
    this.s.addShare.run(ws, integrationId, objectId, at);
  }
  async removeShare(ws: string, integrationId: string, objectId: string) {
    return this.s.removeShare.run(ws, integrationId, objectId).changes > 0;
  }
  async listShares(ws: string, integrationId: string) {
    return (this.s.listShares.all(ws, integrationId) as Row[]).map((r) => r.object_id as string);
  }
  async sharesOn(ws: string, ids: readonly string[]) {
    if (ids.length === 0) return [];
    const stmt = this.db.prepare(
      `SELECT integration_id, object_id FROM shares WHERE workspace_id = ? AND object_id IN (${ids.map(() => "?").join(",")}) ORDER BY created_time, integration_id, object_id`,
    );
    return stmt.all(ws, ...ids) as { integration_id: string; object_id: string }[];
  }
  private readonly anySharedCache = new Map<number, Database.Statement>();
  async anyShared(ws: string, integrationId: string, ids: string[]) {
    if (ids.length === 0) return false;
    let stmt = this.anySharedCache.get(ids.length);
    if (!stmt) {
      stmt = this.db.prepare(
        `SELECT 1 FROM shares WHERE workspace_id = ? AND integration_id = ? AND object_id IN (${ids.map(() => "?").join(",")}) LIMIT 1`,
      );
      if (ids.length <= 64) this.anySharedCache.set(ids.length, stmt);
    }
    return stmt.get(ws, integrationId, ...ids) !== undefined;
  }
  async getNode(ws: string, id: string) {
    const r = this.s.getNode.get(ws, id) as Row | undefined;
    return r ? toNode(r) : null;
  }
  async getNodes(ws: string, ids: readonly string[]) {
    if (ids.length === 0) return [];
    return (this.s.getNodes.all(ws, JSON.stringify(ids)) as Row[]).map(toNode);
  }
  async getChildrenOf(ws: string, parentIds: readonly string[], type: string) {
    if (parentIds.length === 0) return [];
    return (this.s.childrenOf.all(ws, JSON.stringify(parentIds), type) as Row[]).map(toNode);
  }
  async getNodeInSight(ws: string, integrationId: string, id: string): Promise<NodeInSight | null> {
    const key = `${ws}\u0000${integrationId}\u0000${id}`;
    let r = this.cache.get(NODES_IN_SIGHT, key);
    if (!r) {
      r = this.s.nodeInSight.get({ ws, integration: integrationId, id }) as Row | undefined;
      if (r) this.cache.put(NODES_IN_SIGHT, key, r, nodeGroup(ws, id));
    }
    return r ? { node: toNode(r), visible: r.sight_visible === 1, inherited_trash: r.sight_inherited_trash === 1 } : null;
  }
  async getAncestry(ws: string, id: string) {
    return (this.s.ancestry.all({ ws, id }) as Row[]).map((r) => ({ ...(r as unknown as AncestorLink), in_trash: r.in_trash === 1 }));
  }
  async listChildren(ws: string, parentId: string, from: string | null, limit: number): Promise<Page<StoredNode> | null> {
    let position = -Infinity;
    if (from !== null) {
      const r = this.s.childFrom.get(ws, parentId, from) as Row | undefined;
      if (!r) return null;
      position = r.position as number;
    }
    const rows = (this.s.listChildren.all(ws, parentId, position, limit + 1) as Row[]).map(toNode);
    const next = rows.length > limit ? rows.pop()!.id : null;
    return { items: rows, next };
  }
  async childBounds(ws: string, parentId: string) {
    const r = this.s.childBounds.get({ ws, parent: parentId }) as { min: number | null; max: number | null };
    return r.min === null ? null : { min: r.min, max: r.max as number };
  }
  async nextPosition(ws: string, parentId: string, position: number) {
    const r = this.s.nextPosition.get(ws, parentId, position) as Row | undefined;
    return r ? (r.position as number) : null;
  }
  async childPositions(ws: string, parentId: string, after: ChildPosition | null, limit: number) {
    return this.s.childPositions.all(ws, parentId, after?.position ?? -Infinity, after?.id ?? "", limit) as ChildPosition[];
  }
  async insertNodes(rows: NodeRow[]) {
    for (const row of rows) this.s.insertNode.run({ ...nodeParams(row), key_list: this.rows.sync(row, true) });
    // The title search index follows every node write here, so no verb can leave it behind.
    this.search.index(rows);
  }
  async updateNode(row: NodeRow) {
    this.s.updateNode.run({ ...nodeParams(row), key_list: this.rows.sync(row, false) });
    this.search.index([row]);
  }
  async setPositions(ws: string, moves: { id: string; position: number }[]) {
    for (const m of moves) this.s.setPosition.run(m.position, ws, m.id);
  }
  /** The page of a query's row ids (planned by src/storage/planner/plan.ts). */
  async queryRowIds(ws: string, dsId: string, q: RowQuery, at: OrderPosition | null) {
    return this.rows.ids(ws, dsId, q, at);
  }
  /** The page of a query's row ids, then those rows. */
  async queryRows(ws: string, dsId: string, q: RowQuery, at: OrderPosition | null) {
    const ids = await this.rows.ids(ws, dsId, q, at);
    if (ids === null) return null;
    if (ids.length === 0) return [];
    const rows = this.rows.prepared(`SELECT ${ROW_COLUMNS} FROM nodes n WHERE n.workspace_id = ? AND n.id IN (SELECT value FROM json_each(?))`)
      .all(ws, JSON.stringify(ids)) as Row[];
    const byId = new Map(rows.map((r) => [r.id as string, r]));
    return ids.map((id) => toNode(byId.get(id)!));
  }
  async allRows(ws: string, dsId: string, trashed: boolean) {
    const templates = this.rows.templateExclusion(ws, dsId);
    const sql = `SELECT ${ROW_COLUMNS} FROM ${this.rows.scanSource(ws, dsId)} WHERE ${ROW_BASE}${templates.sql}`;
    return (this.rows.prepared(sql).all(ws, dsId, trashed ? 1 : 0, ...templates.params) as Row[]).map(toNode);
  }
  async relatedPageIds(ws: string, dsId: string, propertyId: string) {
    return this.rows.relatedIds(ws, dsId, propertyId);
  }
  async rowsAmong(ws: string, dsId: string, ids: readonly string[]) {
    return this.rows.rowsAmong(ws, dsId, ids);
  }
}

/**
 * Bytes of the database file SQLite reads through a memory map instead of read() calls. Mapped
 * pages are the OS page cache: they count in RSS as RssFile, not RssAnon. Writes still go
 * through write(); crash safety is unchanged. Configurable (`--sqlite-mmap-mb`, docs/SCALING.md
 * "Memory"). 64 MiB since the files have 16 KiB pages (sqlite-page-size.ts): a data-source row
 * then lies whole in its page, so pages outside the map are read through SQLite's page cache —
 * tens of reads per page of query results instead of thousands of overflow preads — and the
 * 100,000-row queries cost about what they cost with the whole file mapped. 64 rather than 128:
 * the heap after start is ~150 MB and Node's own code ~50 MB of RssFile, so at 1,000,000 blocks
 * 128 MiB would leave no room under 300 MB of VmRSS (docs/PERFORMANCE.md, "SQLite's page size
 * and a smaller map").
 */
export const SQLITE_MMAP_BYTES = 64 * 2 ** 20;

/** Opens (and migrates) a SQLite store. */
export function openSqliteStore(opts: SqliteOptions): Store {
  // Before the file is opened: a file another process owns is refused (sqlite-owner.ts).
  const cache = new ReadCache();
  const unclaim = claimFile(opts.filename, cache);
  try {
    return openClaimed(opts, cache, unclaim);
  } catch (e) {
    unclaim();
    throw e;
  }
}

function openClaimed(opts: SqliteOptions, cache: ReadCache, unclaim: () => void): Store {
  // better-sqlite3 calls `verbose` with each statement it starts; "-- TRIGGER …" lines are a
  // trigger's own steps within a statement already counted.
  const verbose = opts.countStatements ? (sql: unknown) => void (String(sql).startsWith("--") || noteStatement()) : undefined;
  const db = new Database(opts.filename, { verbose });
  settlePageSize(db, opts.filename, opts.pageSize ?? SQLITE_PAGE_SIZE);
  db.pragma("journal_mode = WAL");
  // NORMAL in WAL mode keeps every committed transaction across a process crash (kill -9);
  // only an OS crash or power loss can drop the last commits. See docs/decisions/0001-storage.md.
  db.pragma("synchronous = NORMAL");
  db.pragma("foreign_keys = ON");
  db.pragma("busy_timeout = 5000");
  db.pragma(`mmap_size = ${opts.mmapBytes ?? SQLITE_MMAP_BYTES}`);
  migrate(db);
  // From here on every statement that writes tells the read cache which tables it wrote.
  const catalog = new TableCatalog(db);
  // … and the nodes' rows it changed (temporary triggers; a REPLACE counts as any row).
  reportNodeRows(db, (groups) => cache.wroteRows(ROW_TABLE, groups));
  reportWrites(db, catalog, (tables, replaces) => {
    cache.wrote(tables);
    if (replaces && tables.has(ROW_TABLE)) cache.wroteRows(ROW_TABLE, null);
  });
  const rows = new SqliteRows(db, { ...DEFAULT_PLANNER, ...opts.planner });
  rows.rebuildIfNeeded();
  const statements = prepareAll(db);
  cache.define(TOKEN_OWNERS, catalog.named(statements.tokenOwner.source));
  cache.define(NODES_IN_SIGHT, catalog.named(statements.nodeInSight.source), ROW_TABLE);
  const tx = new SqliteTx(db, statements, rows, cache);
  tx.search.reindexTitlesIfNeeded();
  const mutex = new Mutex();
  const begin = db.prepare("BEGIN IMMEDIATE");
  const commit = db.prepare("COMMIT");
  const rollback = db.prepare("ROLLBACK");
  const beginRead = db.prepare("BEGIN DEFERRED");
  // A read unit writes nothing, so COMMIT only ends it; should it fail (a statement still
  // stepping), ROLLBACK ends it anyway rather than leave the connection inside a transaction.
  const endRead = () => {
    if (!db.inTransaction) return;
    try {
      commit.run();
    } catch (e) {
      if (db.inTransaction) rollback.run();
      throw e;
    }
  };
  let closed = false;
  const liveness = new SqliteLiveness();

  const store: Store = {
    liveness,
    generation: () => cache.current(),
    async read(fn) {
      const release = await mutex.lock();
      let after: (() => void)[] = [];
      cache.beginRead();
      // One read transaction for the unit: the WAL read lock is taken once, at its first
      // statement, instead of around every statement (≈ 5 µs of each further statement's ≈ 8 µs;
      // docs/PERFORMANCE.md, "GET page in one unit"). The mutex already gives the snapshot.
      beginRead.run();
      try {
        return await fn(tx);
      } finally {
        endRead();
        after = tx.takeCommitted();
        release();
        for (const f of after) f();
      }
    },
    async readOne(fn) {
      // One statement takes and drops its own read lock: no transaction around it.
      const release = await mutex.lock();
      cache.beginRead();
      try {
        return await fn(tx);
      } finally {
        const after = tx.takeCommitted();
        release();
        for (const f of after) f();
      }
    },
    async write(fn) {
      const release = await mutex.lock();
      let after: (() => void)[] = [];
      // Whatever this unit does, nothing read before it answers a read after it (sqlite-read-cache.ts).
      cache.beginWrite();
      try {
        begin.run();
        tx.takeCommitted();
        let result: Awaited<ReturnType<typeof fn>>;
        try {
          result = await fn(tx);
          commit.run();
        } catch (e) {
          tx.takeCommitted();
          if (db.inTransaction) rollback.run();
          throw e;
        }
        after = tx.takeCommitted();
        return result;
      } finally {
        cache.endWrite();
        release();
        for (const f of after) f();
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      const release = await mutex.lock();
      try {
        liveness.close();
        db.close();
        unclaim();
      } finally {
        release();
      }
    },
  };
  // Snapshots (sqlite-snapshots.ts) run their units through this store's own, so its mutex, read
  // cache and generation treat a restore as one write; what reaches where and the row planner's
  // counts are forgotten too (a restore replaces subscriptions, integrations and rows at once).
  const snapshots = new SqliteSnapshots({
    db,
    read: (fn) => store.read(async () => fn()),
    readBare: (fn) => store.readOne(async () => fn()),
    write: (fn) =>
      store.write(async () => {
        cache.reachingChanged();
        rows.forget();
        return fn();
      }),
    dir: opts.filename === ":memory:" ? null : join(dirname(opts.filename), "snapshots"),
  });
  return Object.assign(store, { snapshots, shared: memoryToolkitShared() });
}

function migrate(db: Database.Database) {
  const version = db.pragma("user_version", { simple: true }) as number;
  for (let v = version; v < MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v]);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}
