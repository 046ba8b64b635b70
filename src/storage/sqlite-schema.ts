/** SQLite schema, as an append-only list of migrations (index + 1 = user_version). */
export const MIGRATIONS: string[] = [
  `
  CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  CREATE TABLE workspaces (id TEXT PRIMARY KEY, name TEXT NOT NULL, created_time INTEGER NOT NULL);
  CREATE TABLE users (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    workspace_id TEXT NOT NULL, id TEXT NOT NULL, type TEXT NOT NULL,
    name TEXT, avatar_url TEXT, email TEXT, integration_id TEXT, created_time INTEGER NOT NULL,
    UNIQUE (workspace_id, id)
  );
  CREATE TABLE integrations (
    workspace_id TEXT NOT NULL, id TEXT NOT NULL, name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE, bot_id TEXT NOT NULL, capabilities TEXT NOT NULL,
    created_time INTEGER NOT NULL,
    PRIMARY KEY (workspace_id, id)
  );
  CREATE TABLE shares (
    workspace_id TEXT NOT NULL, integration_id TEXT NOT NULL, object_id TEXT NOT NULL,
    created_time INTEGER NOT NULL,
    PRIMARY KEY (workspace_id, integration_id, object_id)
  );
  CREATE TABLE nodes (
    workspace_id TEXT NOT NULL, id TEXT NOT NULL, type TEXT NOT NULL,
    parent_type TEXT NOT NULL, parent_id TEXT, position REAL NOT NULL,
    data TEXT NOT NULL, properties TEXT, icon TEXT, cover TEXT,
    in_trash INTEGER NOT NULL DEFAULT 0, is_locked INTEGER NOT NULL DEFAULT 0, is_archived INTEGER NOT NULL DEFAULT 0,
    created_time INTEGER NOT NULL, created_by TEXT NOT NULL,
    last_edited_time INTEGER NOT NULL, last_edited_by TEXT NOT NULL,
    PRIMARY KEY (workspace_id, id)
  ) WITHOUT ROWID;
  CREATE INDEX nodes_children ON nodes (workspace_id, parent_id, position);
  `,
  // Database pages: projections of property values used by query filters and sorts.
  `ALTER TABLE nodes ADD COLUMN idx TEXT;`,
  // The workspace's time zone: formulas' dates and relative date filters use it.
  `ALTER TABLE workspaces ADD COLUMN time_zone TEXT NOT NULL DEFAULT 'UTC';`,
  // Slots 4–9 are reserved while several features are built side by side (each fills its own
  // slot; an unfilled slot is a no-op). Before a release, unfilled trailing slots are removed.
  `-- 4: query projections (issue 3)`,
  // 5: comments (issue 5): threads (discussion_id) on a page or block, listed oldest first.
  `
  CREATE TABLE comments (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    workspace_id TEXT NOT NULL, id TEXT NOT NULL, discussion_id TEXT NOT NULL,
    parent_type TEXT NOT NULL, parent_id TEXT NOT NULL,
    rich_text TEXT NOT NULL, display_name TEXT NOT NULL, attachments TEXT NOT NULL,
    created_time INTEGER NOT NULL, created_by TEXT NOT NULL, last_edited_time INTEGER NOT NULL,
    resolved INTEGER NOT NULL DEFAULT 0,
    UNIQUE (workspace_id, id)
  );
  CREATE INDEX comments_parent ON comments (workspace_id, parent_id, seq);
  CREATE INDEX comments_discussion ON comments (workspace_id, discussion_id, seq);
  `,
  `-- 6: file uploads (issue 5)`,
  `-- 7: search index (issue 5)`,
  // 8: custom emojis (issue 5): a workspace's own emojis, names unique, listed in creation order.
  `
  CREATE TABLE custom_emojis (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    workspace_id TEXT NOT NULL, id TEXT NOT NULL, name TEXT NOT NULL, url TEXT NOT NULL,
    created_time INTEGER NOT NULL, created_by TEXT,
    UNIQUE (workspace_id, id),
    UNIQUE (workspace_id, name)
  );
  `,
  `-- 9: async tasks (issue 5)`,
];
