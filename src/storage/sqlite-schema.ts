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
  // 4: row keys: comparable values of every database page, for the query planner (sqlite-rows.ts).
  `ALTER TABLE nodes ADD COLUMN key_list TEXT;
  CREATE TABLE row_scopes (
    scope INTEGER PRIMARY KEY, workspace_id TEXT NOT NULL, data_source_id TEXT NOT NULL,
    UNIQUE (workspace_id, data_source_id)
  );
  CREATE TABLE row_keys (
    scope INTEGER NOT NULL, name TEXT NOT NULL, v NOT NULL, node TEXT NOT NULL,
    PRIMARY KEY (scope, name, v, node)
  ) WITHOUT ROWID;
  CREATE INDEX row_keys_node ON row_keys (scope, node, name);`,
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
  // 6: file uploads (issue 5). Bytes live in the blob store (<data dir>/files/<id>/…); `parts` is
  // {part number: bytes} of a multi_part upload; `seq` orders the list (newest first).
  `
  CREATE TABLE file_uploads (
    workspace_id TEXT NOT NULL, id TEXT NOT NULL, seq INTEGER NOT NULL,
    mode TEXT NOT NULL, status TEXT NOT NULL,
    filename TEXT, content_type TEXT, content_length INTEGER,
    number_of_parts INTEGER, parts TEXT NOT NULL DEFAULT '{}',
    external_url TEXT, import_result TEXT,
    created_time INTEGER NOT NULL, created_by TEXT NOT NULL,
    last_edited_time INTEGER NOT NULL, expiry_time INTEGER, attached INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (workspace_id, id)
  );
  CREATE UNIQUE INDEX file_uploads_id ON file_uploads (id);
  CREATE INDEX file_uploads_list ON file_uploads (workspace_id, created_by, seq);
  `,
  // 7: search index (issue 5): one entry per page, database and data source with its title as
  // plain text, and FTS5 over the titles (src/storage/sqlite-search.ts, docs/design/search.md).
  // Existing nodes are indexed here; from then on SqliteTx indexes every node it writes.
  `
  CREATE TABLE search_docs (
    docid INTEGER PRIMARY KEY,
    workspace_id TEXT NOT NULL, id TEXT NOT NULL, kind TEXT NOT NULL, parent_id TEXT,
    title TEXT NOT NULL, in_trash INTEGER NOT NULL, last_edited_time INTEGER NOT NULL,
    UNIQUE (workspace_id, id)
  );
  CREATE INDEX search_docs_edited ON search_docs (workspace_id, last_edited_time, id);
  CREATE INDEX search_docs_kind ON search_docs (workspace_id, kind, last_edited_time, id);
  CREATE INDEX nodes_trashed ON nodes (workspace_id, id) WHERE in_trash = 1;
  CREATE VIRTUAL TABLE search_fts USING fts5(
    title, content = 'search_docs', content_rowid = 'docid',
    tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'
  );
  CREATE TRIGGER search_docs_insert AFTER INSERT ON search_docs BEGIN
    INSERT INTO search_fts (rowid, title) VALUES (new.docid, new.title);
  END;
  CREATE TRIGGER search_docs_delete AFTER DELETE ON search_docs BEGIN
    INSERT INTO search_fts (search_fts, rowid, title) VALUES ('delete', old.docid, old.title);
  END;
  CREATE TRIGGER search_docs_title AFTER UPDATE OF title ON search_docs WHEN old.title IS NOT new.title BEGIN
    INSERT INTO search_fts (search_fts, rowid, title) VALUES ('delete', old.docid, old.title);
    INSERT INTO search_fts (rowid, title) VALUES (new.docid, new.title);
  END;
  INSERT INTO search_docs (workspace_id, id, kind, parent_id, title, in_trash, last_edited_time)
  SELECT n.workspace_id, n.id, n.type, n.parent_id,
    COALESCE((SELECT group_concat(json_extract(t.value, '$.plain_text'), '')
              FROM json_each(CASE n.type WHEN 'page' THEN n.properties ELSE n.data END, '$.title') t
              WHERE t.type = 'object'), ''),
    n.in_trash, n.last_edited_time
  FROM nodes n WHERE n.type IN ('page', 'data_source', 'database');
  `,
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
  // 9: async tasks (issue 5): allow_async markdown writes and their outcome.
  `
  CREATE TABLE async_tasks (
    workspace_id TEXT NOT NULL, id TEXT NOT NULL, integration_id TEXT NOT NULL,
    operation TEXT NOT NULL, status TEXT NOT NULL, request TEXT NOT NULL, result TEXT, error TEXT,
    created_time INTEGER NOT NULL, updated_time INTEGER NOT NULL,
    PRIMARY KEY (workspace_id, id)
  );
  `,
  // 10: views (issue 10): database views and the cached results of view queries
  // (src/storage/sqlite-views.ts, docs/design/views.md). Every data source that exists already
  // gets the default table view Notion gives a new one ("Default view", src/domain/views/model.ts).
  `
  CREATE TABLE views (
    workspace_id TEXT NOT NULL, id TEXT NOT NULL, database_id TEXT NOT NULL, data_source_id TEXT,
    dashboard_view_id TEXT, type TEXT NOT NULL, name TEXT NOT NULL, position REAL NOT NULL,
    filter TEXT, sorts TEXT, quick_filters TEXT, configuration TEXT NOT NULL,
    created_time INTEGER NOT NULL, created_by TEXT NOT NULL,
    last_edited_time INTEGER NOT NULL, last_edited_by TEXT NOT NULL,
    PRIMARY KEY (workspace_id, id)
  ) WITHOUT ROWID;
  CREATE INDEX views_database ON views (workspace_id, database_id, position);
  CREATE INDEX views_data_source ON views (workspace_id, data_source_id);
  CREATE TABLE view_queries (
    workspace_id TEXT NOT NULL, id TEXT NOT NULL, view_id TEXT NOT NULL, integration_id TEXT NOT NULL,
    created_time INTEGER NOT NULL, expires_at INTEGER NOT NULL, total_count INTEGER NOT NULL,
    capped INTEGER NOT NULL,
    PRIMARY KEY (workspace_id, id)
  ) WITHOUT ROWID;
  CREATE INDEX view_queries_view ON view_queries (workspace_id, view_id);
  CREATE INDEX view_queries_expiry ON view_queries (expires_at);
  CREATE TABLE view_query_results (
    workspace_id TEXT NOT NULL, query_id TEXT NOT NULL, ord INTEGER NOT NULL, page_id TEXT NOT NULL,
    PRIMARY KEY (workspace_id, query_id, ord)
  ) WITHOUT ROWID;
  CREATE INDEX view_query_results_page ON view_query_results (workspace_id, query_id, page_id);
  INSERT INTO views (workspace_id, id, database_id, data_source_id, dashboard_view_id, type, name, position,
    filter, sorts, quick_filters, configuration, created_time, created_by, last_edited_time, last_edited_by)
  SELECT ds.workspace_id,
    lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || '-'
      || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6))),
    ds.parent_id, ds.id, NULL, 'table', 'Default view', ds.position, NULL, NULL, NULL, '{"type":"table"}',
    ds.created_time, ds.created_by, ds.created_time, ds.created_by
  FROM nodes ds WHERE ds.type = 'data_source' AND ds.parent_type = 'database_id';
  `,
  // 11: page templates (issue 10): row pages of a data source marked as its templates (they leave
  // its rows: src/storage/sqlite-rows.ts), listed in the order they were marked; and the queued
  // background tasks (template content applied after the answer) found again after a restart.
  `
  CREATE TABLE page_templates (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    workspace_id TEXT NOT NULL, data_source_id TEXT NOT NULL, page_id TEXT NOT NULL,
    is_default INTEGER NOT NULL DEFAULT 0, created_time INTEGER NOT NULL,
    UNIQUE (workspace_id, page_id)
  );
  CREATE INDEX page_templates_source ON page_templates (workspace_id, data_source_id, seq);
  CREATE INDEX async_tasks_queued ON async_tasks (operation, created_time) WHERE status = 'queued';
  `,
  // 12: meeting notes (issue 10): who attends each meeting notes block, for
  // POST /v1/blocks/meeting_notes/query (src/storage/sqlite-meeting-notes.ts). "IF NOT EXISTS":
  // tests rewind user_version past earlier migrations and run this one again.
  `
  CREATE TABLE IF NOT EXISTS meeting_note_attendees (
    workspace_id TEXT NOT NULL, user_id TEXT NOT NULL, block_id TEXT NOT NULL,
    PRIMARY KEY (workspace_id, user_id, block_id)
  ) WITHOUT ROWID;
  CREATE INDEX IF NOT EXISTS meeting_note_attendees_block ON meeting_note_attendees (workspace_id, block_id);
  `,
  // 13: the node (src/storage/liveness.ts) that owns unfinished work — a queued task, a pending
  // external_url import — so another node fails it only when its owner is gone (multi-node,
  // issue 11). Rows from before carry NULL: no node, gone.
  `
  ALTER TABLE async_tasks ADD COLUMN node TEXT;
  ALTER TABLE file_uploads ADD COLUMN node TEXT;
  `,
  // 14: a person's role in each workspace (issue 12, src/storage/members.ts): owner,
  // membership_admin, member or guest; NULL for bots and for a person whose membership ended.
  // People from before are members; the seeded person (meta owner_user_id) is the owner.
  `
  ALTER TABLE users ADD COLUMN role TEXT;
  UPDATE users SET role = 'member' WHERE type = 'person';
  UPDATE users SET role = 'owner' WHERE type = 'person' AND id = (SELECT value FROM meta WHERE key = 'owner_user_id');
  `,
  // 15: groups of people and page permissions (issue 12, src/storage/sqlite-groups.ts and
  // sqlite-permissions.ts). Top-level pages made before this were workspace content: each gets
  // the workspace-wide entry a page of Notion's Workspace section has (src/domain/page-sections.ts).
  // "IF NOT EXISTS" and "OR IGNORE": tests rewind user_version past earlier migrations and run this one again.
  `
  CREATE TABLE IF NOT EXISTS groups (
    workspace_id TEXT NOT NULL, id TEXT NOT NULL, name TEXT NOT NULL, external_id TEXT, created_time INTEGER NOT NULL,
    PRIMARY KEY (workspace_id, id)
  ) WITHOUT ROWID;
  CREATE UNIQUE INDEX IF NOT EXISTS groups_external_id ON groups (workspace_id, external_id) WHERE external_id IS NOT NULL;
  CREATE INDEX IF NOT EXISTS groups_created ON groups (workspace_id, created_time, id);
  CREATE TABLE IF NOT EXISTS group_members (
    workspace_id TEXT NOT NULL, group_id TEXT NOT NULL, user_id TEXT NOT NULL,
    PRIMARY KEY (workspace_id, group_id, user_id)
  ) WITHOUT ROWID;
  CREATE INDEX IF NOT EXISTS group_members_user ON group_members (workspace_id, user_id, group_id);
  CREATE TABLE IF NOT EXISTS page_permissions (
    workspace_id TEXT NOT NULL, node_id TEXT NOT NULL, principal_type TEXT NOT NULL, principal_id TEXT NOT NULL,
    level TEXT NOT NULL,
    PRIMARY KEY (workspace_id, node_id, principal_type, principal_id)
  ) WITHOUT ROWID;
  CREATE INDEX IF NOT EXISTS page_permissions_principal ON page_permissions (workspace_id, principal_type, principal_id);
  INSERT OR IGNORE INTO page_permissions (workspace_id, node_id, principal_type, principal_id, level)
  SELECT workspace_id, id, 'workspace', workspace_id, 'full_access' FROM nodes WHERE parent_type = 'workspace' AND type = 'page';
  `,
  // 16: people's accounts, sign-in sessions and sign-in rate limiting (issue 12; global tables:
  // one person, one id and one email across every workspace of the Quire). Every person who has
  // an email gets an account (no password: password sign-in stays off until one is set); person
  // rows are found by id across workspaces (a person's memberships). "IF NOT EXISTS": tests
  // rewind user_version past earlier migrations and run this one again.
  `
  CREATE TABLE IF NOT EXISTS accounts (
    user_id TEXT PRIMARY KEY, email TEXT NOT NULL, password_hash TEXT,
    created_time INTEGER NOT NULL, updated_time INTEGER NOT NULL
  ) WITHOUT ROWID;
  CREATE UNIQUE INDEX IF NOT EXISTS accounts_email ON accounts (lower(email));
  CREATE TABLE IF NOT EXISTS sessions (
    id_hash TEXT PRIMARY KEY, user_id TEXT NOT NULL, created_time INTEGER NOT NULL,
    last_seen_time INTEGER NOT NULL, expires_time INTEGER NOT NULL, revoked_time INTEGER
  ) WITHOUT ROWID;
  CREATE INDEX IF NOT EXISTS sessions_user ON sessions (user_id);
  CREATE INDEX IF NOT EXISTS sessions_expiry ON sessions (expires_time);
  CREATE TABLE IF NOT EXISTS signin_attempts (key TEXT PRIMARY KEY, window_start INTEGER NOT NULL, failures INTEGER NOT NULL) WITHOUT ROWID;
  CREATE INDEX IF NOT EXISTS users_person ON users (id) WHERE type = 'person';
  INSERT OR IGNORE INTO accounts (user_id, email, password_hash, created_time, updated_time)
    SELECT id, email, NULL, created_time, created_time FROM users WHERE type = 'person' AND email IS NOT NULL ORDER BY seq;
  `,
  // 17: personal access tokens (issue 12): a person's own tokens in a workspace, stored as their
  // SHA-256, and each workspace's policy on them (no row: "members"). "IF NOT EXISTS": tests
  // rewind user_version past earlier migrations and run this one again.
  `
  CREATE TABLE IF NOT EXISTS personal_tokens (
    workspace_id TEXT NOT NULL, id TEXT NOT NULL, user_id TEXT NOT NULL, name TEXT NOT NULL,
    token_hash TEXT NOT NULL, capabilities TEXT NOT NULL, created_time INTEGER NOT NULL,
    last_used_time INTEGER, expires_time INTEGER,
    PRIMARY KEY (workspace_id, id)
  ) WITHOUT ROWID;
  CREATE UNIQUE INDEX IF NOT EXISTS personal_tokens_hash ON personal_tokens (token_hash);
  CREATE INDEX IF NOT EXISTS personal_tokens_user ON personal_tokens (workspace_id, user_id, created_time, id);
  CREATE TABLE IF NOT EXISTS personal_token_policies (workspace_id TEXT PRIMARY KEY, policy TEXT NOT NULL) WITHOUT ROWID;
  `,
  // 18: SAML single sign-on per workspace (issue 12, src/storage/sqlite-saml.ts): the identity
  // provider, the AuthnRequest ids issued (InResponseTo, single use) and the assertion ids
  // consumed (replay), each keyed by workspace. "IF NOT EXISTS": tests rewind user_version.
  `
  CREATE TABLE IF NOT EXISTS saml_configs (
    workspace_id TEXT PRIMARY KEY, idp_entity_id TEXT NOT NULL, entry_point TEXT NOT NULL, idp_certs TEXT NOT NULL,
    allow_jit INTEGER NOT NULL, enforce_sso INTEGER NOT NULL, created_time INTEGER NOT NULL, updated_time INTEGER NOT NULL
  ) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS saml_requests (
    workspace_id TEXT NOT NULL, id TEXT NOT NULL, expires_time INTEGER NOT NULL, next TEXT, PRIMARY KEY (workspace_id, id)
  ) WITHOUT ROWID;
  CREATE INDEX IF NOT EXISTS saml_requests_expiry ON saml_requests (workspace_id, expires_time);
  CREATE TABLE IF NOT EXISTS saml_assertions (
    workspace_id TEXT NOT NULL, id TEXT NOT NULL, expires_time INTEGER NOT NULL, PRIMARY KEY (workspace_id, id)
  ) WITHOUT ROWID;
  CREATE INDEX IF NOT EXISTS saml_assertions_expiry ON saml_assertions (workspace_id, expires_time);
  `,
  // 19: SCIM provisioning (issue 12, src/storage/sqlite-scim.ts): a workspace's SCIM tokens (their
  // SHA-256 only) and what the identity provider keeps about each person beyond the users row.
  `
  CREATE TABLE IF NOT EXISTS scim_tokens (
    workspace_id TEXT NOT NULL, id TEXT NOT NULL, name TEXT, token_hash TEXT NOT NULL,
    created_time INTEGER NOT NULL, last_used_time INTEGER,
    PRIMARY KEY (workspace_id, id)
  ) WITHOUT ROWID;
  CREATE UNIQUE INDEX IF NOT EXISTS scim_tokens_hash ON scim_tokens (token_hash);
  CREATE TABLE IF NOT EXISTS scim_users (
    workspace_id TEXT NOT NULL, user_id TEXT NOT NULL, external_id TEXT, given_name TEXT, family_name TEXT,
    updated_time INTEGER NOT NULL,
    PRIMARY KEY (workspace_id, user_id)
  ) WITHOUT ROWID;
  `,
  // 20: `nodes` with its small columns first and its JSON last (issue 11). A database row is
  // ~2 KB, more than a 4 KiB page keeps in a cell (~490 bytes), so the rest of the row sits in
  // an overflow page; `in_trash`, the times and `created_by` used to sit after `properties` and
  // every query that tests or orders by them read that page (docs/PERFORMANCE.md, "The last
  // slow 100,000-row queries"). SQLite cannot reorder columns: the table is rebuilt. Copied
  // through a temporary table so that the new rows reuse the old ones' pages, low in the file
  // (a copy beside the old table would leave the rows past the memory map's first GiB and the
  // file twice its size); nothing references `nodes` (no foreign key, trigger or view), so
  // SQLite's foreign-key check has nothing to check. Reruns safely (tests rewind user_version).
  `
  DROP TABLE IF EXISTS temp.nodes_copy;
  CREATE TEMP TABLE nodes_copy AS SELECT * FROM main.nodes;
  DROP TABLE main.nodes;
  CREATE TABLE main.nodes (
    workspace_id TEXT NOT NULL, id TEXT NOT NULL, type TEXT NOT NULL,
    parent_type TEXT NOT NULL, parent_id TEXT, position REAL NOT NULL,
    in_trash INTEGER NOT NULL DEFAULT 0, is_locked INTEGER NOT NULL DEFAULT 0, is_archived INTEGER NOT NULL DEFAULT 0,
    created_time INTEGER NOT NULL, created_by TEXT NOT NULL,
    last_edited_time INTEGER NOT NULL, last_edited_by TEXT NOT NULL,
    icon TEXT, cover TEXT, data TEXT NOT NULL, idx TEXT, properties TEXT, key_list TEXT,
    PRIMARY KEY (workspace_id, id)
  ) WITHOUT ROWID;
  INSERT INTO main.nodes (workspace_id, id, type, parent_type, parent_id, position, in_trash, is_locked, is_archived,
    created_time, created_by, last_edited_time, last_edited_by, icon, cover, data, idx, properties, key_list)
  SELECT workspace_id, id, type, parent_type, parent_id, position, in_trash, is_locked, is_archived,
    created_time, created_by, last_edited_time, last_edited_by, icon, cover, data, idx, properties, key_list
  FROM temp.nodes_copy;
  DROP TABLE temp.nodes_copy;
  CREATE INDEX nodes_children ON nodes (workspace_id, parent_id, position);
  CREATE INDEX nodes_trashed ON nodes (workspace_id, id) WHERE in_trash = 1;
  `,
  // 21: public integrations (issue 13, src/storage/sqlite-oauth.ts; docs/design/oauth.md). An
  // installation is an `integrations` row naming its OAuth client and the person who installed it
  // (both NULL for internal integrations): SQLite cannot add a column "if not exists" and tests
  // rewind user_version, so the table is rebuilt with them, its rows copied (a rerun, on a table
  // that already has them, starts them NULL again). The registry of clients is global (a client is
  // found by its client id before any workspace is known); codes and grants are keyed by the
  // workspace they install into and found by their hashes alone too.
  `
  DROP TABLE IF EXISTS temp.integrations_copy;
  CREATE TEMP TABLE integrations_copy AS SELECT workspace_id, id, name, token_hash, bot_id, capabilities, created_time FROM main.integrations;
  DROP TABLE main.integrations;
  CREATE TABLE main.integrations (
    workspace_id TEXT NOT NULL, id TEXT NOT NULL, name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE, bot_id TEXT NOT NULL, capabilities TEXT NOT NULL,
    created_time INTEGER NOT NULL, oauth_client_id TEXT, installed_by TEXT,
    PRIMARY KEY (workspace_id, id)
  );
  INSERT INTO main.integrations (workspace_id, id, name, token_hash, bot_id, capabilities, created_time)
    SELECT workspace_id, id, name, token_hash, bot_id, capabilities, created_time FROM temp.integrations_copy;
  DROP TABLE temp.integrations_copy;
  CREATE TABLE IF NOT EXISTS oauth_clients (
    id TEXT PRIMARY KEY, workspace_id TEXT NOT NULL, name TEXT NOT NULL, client_id TEXT NOT NULL UNIQUE,
    secret_hash TEXT NOT NULL, redirect_uris TEXT NOT NULL, capabilities TEXT NOT NULL, icon TEXT,
    template_page_id TEXT, created_time INTEGER NOT NULL
  ) WITHOUT ROWID;
  CREATE INDEX IF NOT EXISTS oauth_clients_workspace ON oauth_clients (workspace_id, created_time);
  CREATE TABLE IF NOT EXISTS oauth_codes (
    workspace_id TEXT NOT NULL, code_hash TEXT NOT NULL, client_id TEXT NOT NULL, user_id TEXT NOT NULL,
    page_ids TEXT NOT NULL, use_template INTEGER NOT NULL, redirect_uri TEXT, pkce_challenge TEXT,
    created_time INTEGER NOT NULL, expires_time INTEGER NOT NULL, used_time INTEGER,
    PRIMARY KEY (workspace_id, code_hash)
  ) WITHOUT ROWID;
  CREATE UNIQUE INDEX IF NOT EXISTS oauth_codes_hash ON oauth_codes (code_hash);
  CREATE TABLE IF NOT EXISTS oauth_grants (
    workspace_id TEXT NOT NULL, integration_id TEXT NOT NULL, client_id TEXT NOT NULL, user_id TEXT NOT NULL,
    refresh_hash TEXT, token_time INTEGER, refresh_time INTEGER, code_hash TEXT, external_account TEXT,
    duplicated_template_id TEXT, created_time INTEGER NOT NULL,
    PRIMARY KEY (workspace_id, integration_id)
  ) WITHOUT ROWID;
  CREATE UNIQUE INDEX IF NOT EXISTS oauth_grants_person ON oauth_grants (workspace_id, client_id, user_id);
  CREATE UNIQUE INDEX IF NOT EXISTS oauth_grants_refresh ON oauth_grants (refresh_hash);
  CREATE INDEX IF NOT EXISTS oauth_grants_client ON oauth_grants (client_id);
  `,
  // 22: link previews (issue 13, src/storage/sqlite-link-previews.ts): a public integration's
  // unfurl settings (global, by OAuth client), people's linked partner accounts (tokens sealed),
  // account-link states (hashed), and the previews shown by blocks.
  `
  CREATE TABLE IF NOT EXISTS link_preview_settings (
    client_id TEXT PRIMARY KEY, workspace_id TEXT NOT NULL, settings TEXT NOT NULL, secret_sealed TEXT NOT NULL,
    created_time INTEGER NOT NULL, updated_time INTEGER NOT NULL
  ) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS link_preview_accounts (
    workspace_id TEXT NOT NULL, user_id TEXT NOT NULL, client_id TEXT NOT NULL, access_sealed TEXT NOT NULL, refresh_sealed TEXT,
    expires_time INTEGER, created_time INTEGER NOT NULL, updated_time INTEGER NOT NULL,
    PRIMARY KEY (workspace_id, user_id, client_id)
  ) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS link_preview_states (
    workspace_id TEXT NOT NULL, state_hash TEXT NOT NULL, user_id TEXT NOT NULL, client_id TEXT NOT NULL, expires_time INTEGER NOT NULL,
    PRIMARY KEY (workspace_id, state_hash)
  ) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS link_previews (
    workspace_id TEXT NOT NULL, id TEXT NOT NULL, client_id TEXT NOT NULL, user_id TEXT NOT NULL, integration_id TEXT,
    url TEXT NOT NULL, block_id TEXT NOT NULL, kind TEXT NOT NULL, attributes TEXT NOT NULL, error TEXT,
    unfurled_time INTEGER NOT NULL, created_time INTEGER NOT NULL,
    PRIMARY KEY (workspace_id, id)
  ) WITHOUT ROWID;
  CREATE INDEX IF NOT EXISTS link_previews_url ON link_previews (workspace_id, client_id, url);
  `,
  // 23: webhooks (issue 14, src/storage/sqlite-webhooks.ts): subscriptions (global, keyed by id:
  // a public integration's reaches every installing workspace), the outbox of events per
  // workspace where the change happened, and the log of delivery attempts.
  `
  CREATE TABLE IF NOT EXISTS webhook_subscriptions (
    id TEXT PRIMARY KEY, workspace_id TEXT NOT NULL, integration_id TEXT NOT NULL, kind TEXT NOT NULL, url TEXT NOT NULL,
    event_types TEXT NOT NULL, api_version TEXT NOT NULL, status TEXT NOT NULL, token_sealed TEXT NOT NULL, token_hash TEXT NOT NULL,
    verified_time INTEGER, paused_time INTEGER, paused_reason TEXT, consecutive_failures INTEGER NOT NULL DEFAULT 0,
    created_time INTEGER NOT NULL, updated_time INTEGER NOT NULL
  ) WITHOUT ROWID;
  CREATE INDEX IF NOT EXISTS webhook_subscriptions_owner ON webhook_subscriptions (workspace_id, integration_id, created_time);
  CREATE INDEX IF NOT EXISTS webhook_subscriptions_client ON webhook_subscriptions (integration_id, status);
  CREATE TABLE IF NOT EXISTS webhook_events (
    workspace_id TEXT NOT NULL, id TEXT NOT NULL, subscription_id TEXT NOT NULL, seq INTEGER NOT NULL, type TEXT NOT NULL,
    entity_id TEXT, entity_type TEXT, payload TEXT NOT NULL, aggregate_key TEXT, created_time INTEGER NOT NULL,
    due_time INTEGER NOT NULL, status TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, claimed_by TEXT, claimed_until INTEGER,
    last_status_code INTEGER, last_error TEXT, delivered_time INTEGER,
    PRIMARY KEY (workspace_id, id)
  ) WITHOUT ROWID;
  CREATE UNIQUE INDEX IF NOT EXISTS webhook_events_seq ON webhook_events (workspace_id, seq);
  CREATE INDEX IF NOT EXISTS webhook_events_due ON webhook_events (due_time) WHERE status = 'pending';
  CREATE INDEX IF NOT EXISTS webhook_events_entity ON webhook_events (workspace_id, subscription_id, entity_id, seq) WHERE status = 'pending';
  CREATE INDEX IF NOT EXISTS webhook_events_subscription ON webhook_events (subscription_id, created_time, seq);
  CREATE TABLE IF NOT EXISTS webhook_attempts (
    workspace_id TEXT NOT NULL, event_id TEXT NOT NULL, subscription_id TEXT NOT NULL, attempt_number INTEGER NOT NULL,
    started_time INTEGER NOT NULL, duration_ms INTEGER NOT NULL, status_code INTEGER, error TEXT,
    request_body TEXT NOT NULL, response_excerpt TEXT,
    PRIMARY KEY (workspace_id, event_id, attempt_number)
  ) WITHOUT ROWID;
  CREATE INDEX IF NOT EXISTS webhook_attempts_subscription ON webhook_attempts (subscription_id);
  `,
  // 24: favourites (issue 16, src/storage/sqlite-favorites.ts): a person's starred pages per
  // workspace, the web app's sidebar section; the person's own data, not the page's.
  `
  CREATE TABLE IF NOT EXISTS favorites (
    workspace_id TEXT NOT NULL, user_id TEXT NOT NULL, page_id TEXT NOT NULL, created_time INTEGER NOT NULL,
    PRIMARY KEY (workspace_id, user_id, page_id)
  ) WITHOUT ROWID;
  `,
];
