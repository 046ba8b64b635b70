/**
 * The PostgreSQL schema: an append-only list of migrations (index + 1 = the version recorded in
 * `quire_schema`), the same tables and indexes as src/storage/sqlite-schema.ts with these
 * translations (docs/design/storage.md, "PostgreSQL schema"):
 * - text is `text COLLATE "C"` (written `T`): ordering and ties compare bytes, as SQLite does,
 *   whatever the database's locale; `lower()` then folds ASCII letters only, as SQLite's does.
 * - JSON that is answered back (payloads, rich text, settings) is `text`, so it round-trips
 *   byte for byte (jsonb would reorder keys, and refuses \u0000 in strings, which Notion
 *   accepts); the rows port casts `idx` where it needs jsonb.
 * - times and sequence numbers are `bigint` (read back as numbers, src/storage/postgres/pool.ts),
 *   flags `boolean`, positions `double precision`; SQLite's AUTOINCREMENT `seq` columns are
 *   identity columns (unique across nodes).
 * - Citus-compatible: every primary key, unique index and foreign key starts with `workspace_id`
 *   (`meta` and `workspaces` are the only tables without it: a reference table and the
 *   distribution key's own table). Lookups SQLite made unique on one column (an upload by id, an
 *   integration by token hash) are plain indexes here; the ids are random.
 * Ports that others implement (rows, search, views, templates, tasks, meeting notes, blobs)
 * append their own migrations after these.
 */
import { SEARCH_LONG_WORDS_MIGRATION, SEARCH_MIGRATION } from "./search.js";
import { BLOBS_MIGRATION } from "./blobs.js";
import { SNAPSHOTS_MIGRATION } from "./snapshots.js";
import { TOOLKIT_SHARED_MIGRATION } from "./toolkit-shared.js";

const T = `text COLLATE "C"`;

export const PG_MIGRATIONS: string[] = [
  // 1: every table of SQLite migrations 1–12.
  `
  CREATE TABLE meta (key ${T} PRIMARY KEY, value text NOT NULL);
  CREATE TABLE workspaces (id ${T} PRIMARY KEY, name text NOT NULL, created_time bigint NOT NULL, time_zone text NOT NULL DEFAULT 'UTC');
  CREATE TABLE users (
    workspace_id ${T} NOT NULL, id ${T} NOT NULL, seq bigint GENERATED ALWAYS AS IDENTITY,
    type ${T} NOT NULL, name text, avatar_url text, email ${T}, integration_id ${T}, created_time bigint NOT NULL,
    PRIMARY KEY (workspace_id, id)
  );
  CREATE UNIQUE INDEX users_seq ON users (workspace_id, seq);
  CREATE INDEX users_email ON users (workspace_id, lower(email)) WHERE type = 'person';
  CREATE TABLE integrations (
    workspace_id ${T} NOT NULL, id ${T} NOT NULL, name text NOT NULL,
    token_hash ${T} NOT NULL, bot_id ${T} NOT NULL, capabilities text NOT NULL, created_time bigint NOT NULL,
    PRIMARY KEY (workspace_id, id)
  );
  CREATE UNIQUE INDEX integrations_token_ws ON integrations (workspace_id, token_hash);
  CREATE INDEX integrations_token ON integrations (token_hash);
  CREATE TABLE shares (
    workspace_id ${T} NOT NULL, integration_id ${T} NOT NULL, object_id ${T} NOT NULL, created_time bigint NOT NULL,
    PRIMARY KEY (workspace_id, integration_id, object_id)
  );
  CREATE TABLE nodes (
    workspace_id ${T} NOT NULL, id ${T} NOT NULL, type ${T} NOT NULL,
    parent_type ${T} NOT NULL, parent_id ${T}, position double precision NOT NULL,
    data text NOT NULL, properties text, idx text, key_list text, icon text, cover text,
    in_trash boolean NOT NULL DEFAULT false, is_locked boolean NOT NULL DEFAULT false, is_archived boolean NOT NULL DEFAULT false,
    created_time bigint NOT NULL, created_by ${T} NOT NULL, last_edited_time bigint NOT NULL, last_edited_by ${T} NOT NULL,
    PRIMARY KEY (workspace_id, id)
  );
  CREATE INDEX nodes_children ON nodes (workspace_id, parent_id, position, id);
  CREATE INDEX nodes_trashed ON nodes (workspace_id, id) WHERE in_trash;
  -- Row keys of database pages (SQLite migration 4); the rows port (postgres/rows.ts) owns their
  -- encoding and may redefine them in a later migration.
  CREATE TABLE row_scopes (
    workspace_id ${T} NOT NULL, data_source_id ${T} NOT NULL, scope bigint GENERATED ALWAYS AS IDENTITY,
    PRIMARY KEY (workspace_id, data_source_id)
  );
  CREATE UNIQUE INDEX row_scopes_scope ON row_scopes (workspace_id, scope);
  CREATE TABLE row_keys (
    workspace_id ${T} NOT NULL, scope bigint NOT NULL, name ${T} NOT NULL, v ${T} NOT NULL, node ${T} NOT NULL,
    PRIMARY KEY (workspace_id, scope, name, v, node)
  );
  CREATE INDEX row_keys_node ON row_keys (workspace_id, scope, node, name);
  CREATE TABLE comments (
    workspace_id ${T} NOT NULL, id ${T} NOT NULL, seq bigint GENERATED ALWAYS AS IDENTITY, discussion_id ${T} NOT NULL,
    parent_type ${T} NOT NULL, parent_id ${T} NOT NULL,
    rich_text text NOT NULL, display_name text NOT NULL, attachments text NOT NULL,
    created_time bigint NOT NULL, created_by ${T} NOT NULL, last_edited_time bigint NOT NULL,
    resolved boolean NOT NULL DEFAULT false,
    PRIMARY KEY (workspace_id, id)
  );
  CREATE INDEX comments_parent ON comments (workspace_id, parent_id, seq);
  CREATE INDEX comments_discussion ON comments (workspace_id, discussion_id, seq);
  CREATE TABLE file_uploads (
    workspace_id ${T} NOT NULL, id ${T} NOT NULL, seq bigint GENERATED ALWAYS AS IDENTITY,
    mode ${T} NOT NULL, status ${T} NOT NULL,
    filename text, content_type text, content_length bigint,
    number_of_parts integer, parts text NOT NULL DEFAULT '{}',
    external_url text, import_result text,
    created_time bigint NOT NULL, created_by ${T} NOT NULL,
    last_edited_time bigint NOT NULL, expiry_time bigint, attached boolean NOT NULL DEFAULT false,
    PRIMARY KEY (workspace_id, id)
  );
  CREATE INDEX file_uploads_id ON file_uploads (id);
  CREATE INDEX file_uploads_list ON file_uploads (workspace_id, created_by, seq);
  CREATE INDEX file_uploads_expiring ON file_uploads (expiry_time) WHERE status IN ('pending', 'uploaded') AND NOT attached;
  -- The title index's entries (SQLite migration 7); matching (full text) is the search port's
  -- (postgres/search.ts), which adds its own columns and indexes in a later migration.
  CREATE TABLE search_docs (
    workspace_id ${T} NOT NULL, id ${T} NOT NULL, kind ${T} NOT NULL, parent_id ${T},
    title text NOT NULL, in_trash boolean NOT NULL, last_edited_time bigint NOT NULL,
    PRIMARY KEY (workspace_id, id)
  );
  CREATE INDEX search_docs_edited ON search_docs (workspace_id, last_edited_time, id);
  CREATE INDEX search_docs_kind ON search_docs (workspace_id, kind, last_edited_time, id);
  CREATE TABLE custom_emojis (
    workspace_id ${T} NOT NULL, id ${T} NOT NULL, seq bigint GENERATED ALWAYS AS IDENTITY,
    name ${T} NOT NULL, url text NOT NULL, created_time bigint NOT NULL, created_by ${T},
    PRIMARY KEY (workspace_id, id)
  );
  CREATE UNIQUE INDEX custom_emojis_name ON custom_emojis (workspace_id, name);
  CREATE UNIQUE INDEX custom_emojis_seq ON custom_emojis (workspace_id, seq);
  CREATE TABLE async_tasks (
    workspace_id ${T} NOT NULL, id ${T} NOT NULL, integration_id ${T} NOT NULL,
    operation ${T} NOT NULL, status ${T} NOT NULL, request text NOT NULL, result text, error text,
    created_time bigint NOT NULL, updated_time bigint NOT NULL,
    PRIMARY KEY (workspace_id, id)
  );
  CREATE INDEX async_tasks_queued ON async_tasks (operation, created_time) WHERE status = 'queued';
  CREATE TABLE views (
    workspace_id ${T} NOT NULL, id ${T} NOT NULL, database_id ${T} NOT NULL, data_source_id ${T},
    dashboard_view_id ${T}, type ${T} NOT NULL, name text NOT NULL, position double precision NOT NULL,
    filter text, sorts text, quick_filters text, configuration text NOT NULL,
    created_time bigint NOT NULL, created_by ${T} NOT NULL, last_edited_time bigint NOT NULL, last_edited_by ${T} NOT NULL,
    PRIMARY KEY (workspace_id, id)
  );
  CREATE INDEX views_database ON views (workspace_id, database_id, position);
  CREATE INDEX views_data_source ON views (workspace_id, data_source_id);
  CREATE TABLE view_queries (
    workspace_id ${T} NOT NULL, id ${T} NOT NULL, view_id ${T} NOT NULL, integration_id ${T} NOT NULL,
    created_time bigint NOT NULL, expires_at bigint NOT NULL, total_count integer NOT NULL, capped boolean NOT NULL,
    PRIMARY KEY (workspace_id, id)
  );
  CREATE INDEX view_queries_view ON view_queries (workspace_id, view_id);
  CREATE INDEX view_queries_expiry ON view_queries (expires_at);
  CREATE TABLE view_query_results (
    workspace_id ${T} NOT NULL, query_id ${T} NOT NULL, ord integer NOT NULL, page_id ${T} NOT NULL,
    PRIMARY KEY (workspace_id, query_id, ord)
  );
  CREATE INDEX view_query_results_page ON view_query_results (workspace_id, query_id, page_id);
  CREATE TABLE page_templates (
    workspace_id ${T} NOT NULL, page_id ${T} NOT NULL, seq bigint GENERATED ALWAYS AS IDENTITY,
    data_source_id ${T} NOT NULL, is_default boolean NOT NULL DEFAULT false, created_time bigint NOT NULL,
    PRIMARY KEY (workspace_id, page_id)
  );
  CREATE INDEX page_templates_source ON page_templates (workspace_id, data_source_id, seq);
  CREATE TABLE meeting_note_attendees (
    workspace_id ${T} NOT NULL, user_id ${T} NOT NULL, block_id ${T} NOT NULL,
    PRIMARY KEY (workspace_id, user_id, block_id)
  );
  CREATE INDEX meeting_note_attendees_block ON meeting_note_attendees (workspace_id, block_id);
  `,
  // 2: the title index's folded words, tsvector and bm25 statistics (postgres/search.ts).
  SEARCH_MIGRATION,
  // 3: file bytes in chunked bytea when the database is PostgreSQL (postgres/blobs.ts).
  BLOBS_MIGRATION,
  // 4: the row-key index as the rows port encodes it (postgres/row-keys.ts): a value is
  // a number (vn) or text (vt), never both, so numbers order as numbers and text in code point
  // order; one unique index serves lookups, ordered walks both ways and skip-scans. Database
  // pages carry their values as jsonb for compiled filters (qprops: \u0000 and lone surrogates
  // left out, which jsonb refuses; qidx: the idx projection), written with their row keys.
  `
  DROP TABLE row_keys;
  CREATE TABLE row_keys (
    workspace_id ${T} NOT NULL, scope bigint NOT NULL, name ${T} NOT NULL, vn double precision, vt ${T}, node ${T} NOT NULL,
    CHECK ((vn IS NULL) <> (vt IS NULL))
  );
  CREATE UNIQUE INDEX row_keys_value ON row_keys (workspace_id, scope, name, vn, vt, node) NULLS NOT DISTINCT;
  CREATE INDEX row_keys_node ON row_keys (workspace_id, scope, node, name);
  ALTER TABLE nodes ADD COLUMN qprops jsonb, ADD COLUMN qidx jsonb;
  `,
  // 5: the node (postgres/liveness.ts) that owns unfinished work — a queued task, a pending
  // external_url import — so another node fails it only when its owner is gone. NULL: gone.
  `
  ALTER TABLE async_tasks ADD COLUMN node ${T};
  ALTER TABLE file_uploads ADD COLUMN node ${T};
  `,
  // 6: a person's role in each workspace (src/storage/members.ts), as SQLite migration 14.
  `
  ALTER TABLE users ADD COLUMN role ${T};
  UPDATE users SET role = 'member' WHERE type = 'person';
  UPDATE users SET role = 'owner' WHERE type = 'person' AND id = (SELECT value FROM meta WHERE key = 'owner_user_id');
  `,
  // 7: groups of people and page permissions (issue 12; postgres/groups.ts, permissions.ts), as
  // SQLite's migration 15: existing top-level pages get the workspace-wide entry.
  `
  CREATE TABLE groups (
    workspace_id ${T} NOT NULL, id ${T} NOT NULL, name ${T} NOT NULL, external_id ${T}, created_time bigint NOT NULL,
    PRIMARY KEY (workspace_id, id)
  );
  CREATE UNIQUE INDEX groups_external_id ON groups (workspace_id, external_id) WHERE external_id IS NOT NULL;
  CREATE INDEX groups_created ON groups (workspace_id, created_time, id);
  CREATE TABLE group_members (
    workspace_id ${T} NOT NULL, group_id ${T} NOT NULL, user_id ${T} NOT NULL,
    PRIMARY KEY (workspace_id, group_id, user_id)
  );
  CREATE INDEX group_members_user ON group_members (workspace_id, user_id, group_id);
  CREATE TABLE page_permissions (
    workspace_id ${T} NOT NULL, node_id ${T} NOT NULL, principal_type ${T} NOT NULL, principal_id ${T} NOT NULL,
    level ${T} NOT NULL,
    PRIMARY KEY (workspace_id, node_id, principal_type, principal_id)
  );
  CREATE INDEX page_permissions_principal ON page_permissions (workspace_id, principal_type, principal_id);
  INSERT INTO page_permissions (workspace_id, node_id, principal_type, principal_id, level)
  SELECT workspace_id, id, 'workspace', workspace_id, 'full_access' FROM nodes WHERE parent_type = 'workspace' AND type = 'page';
  `,
  // 8: people's accounts, sign-in sessions and sign-in rate limiting (issue 12): global tables,
  // Citus reference tables (test/citus.test.ts says why); every person with an email gets an
  // account without a password; person rows are found by id across workspaces (memberships).
  `
  CREATE TABLE accounts (
    user_id ${T} PRIMARY KEY, email ${T} NOT NULL, password_hash text,
    created_time bigint NOT NULL, updated_time bigint NOT NULL
  );
  CREATE UNIQUE INDEX accounts_email ON accounts (lower(email));
  CREATE TABLE sessions (
    id_hash ${T} PRIMARY KEY, user_id ${T} NOT NULL, created_time bigint NOT NULL,
    last_seen_time bigint NOT NULL, expires_time bigint NOT NULL, revoked_time bigint
  );
  CREATE INDEX sessions_user ON sessions (user_id);
  CREATE INDEX sessions_expiry ON sessions (expires_time);
  CREATE TABLE signin_attempts (key ${T} PRIMARY KEY, window_start bigint NOT NULL, failures integer NOT NULL);
  CREATE INDEX users_person ON users (id) WHERE type = 'person';
  INSERT INTO accounts (user_id, email, password_hash, created_time, updated_time)
    SELECT DISTINCT ON (lower(email)) id, email, NULL::text, created_time, created_time FROM users
    WHERE type = 'person' AND email IS NOT NULL ORDER BY lower(email), created_time, seq
  ON CONFLICT DO NOTHING;
  `,
  // 9: personal access tokens (issue 12): a person's own tokens in a workspace, stored as their
  // SHA-256, and each workspace's policy on them (no row: "members"). The hash is unique with
  // its workspace (Citus: every unique index holds the distribution column); a lookup by hash
  // alone is the token owner's, like an integration token's.
  `
  CREATE TABLE personal_tokens (
    workspace_id ${T} NOT NULL, id ${T} NOT NULL, user_id ${T} NOT NULL, name text NOT NULL,
    token_hash ${T} NOT NULL, capabilities text NOT NULL, created_time bigint NOT NULL,
    last_used_time bigint, expires_time bigint,
    PRIMARY KEY (workspace_id, id)
  );
  CREATE UNIQUE INDEX personal_tokens_hash ON personal_tokens (workspace_id, token_hash);
  CREATE INDEX personal_tokens_hash_lookup ON personal_tokens (token_hash);
  CREATE INDEX personal_tokens_user ON personal_tokens (workspace_id, user_id, created_time, id);
  CREATE TABLE personal_token_policies (workspace_id ${T} PRIMARY KEY, policy text NOT NULL);
  `,
  // 10: SAML single sign-on per workspace (issue 12, src/storage/postgres/saml.ts): the identity
  // provider, AuthnRequest ids issued (InResponseTo, single use), assertion ids consumed (replay).
  `
  CREATE TABLE saml_configs (
    workspace_id ${T} PRIMARY KEY, idp_entity_id ${T} NOT NULL, entry_point ${T} NOT NULL, idp_certs text NOT NULL,
    allow_jit boolean NOT NULL, enforce_sso boolean NOT NULL, created_time bigint NOT NULL, updated_time bigint NOT NULL
  );
  CREATE TABLE saml_requests (workspace_id ${T} NOT NULL, id ${T} NOT NULL, expires_time bigint NOT NULL, next text, PRIMARY KEY (workspace_id, id));
  CREATE INDEX saml_requests_expiry ON saml_requests (workspace_id, expires_time);
  CREATE TABLE saml_assertions (workspace_id ${T} NOT NULL, id ${T} NOT NULL, expires_time bigint NOT NULL, PRIMARY KEY (workspace_id, id));
  CREATE INDEX saml_assertions_expiry ON saml_assertions (workspace_id, expires_time);
  `,
  // 11: SCIM provisioning (issue 12, postgres/scim.ts), as SQLite's migration 19. A token is found
  // by its hash before its workspace is known: a plain index beside the unique (workspace, hash).
  `
  CREATE TABLE scim_tokens (
    workspace_id ${T} NOT NULL, id ${T} NOT NULL, name text, token_hash ${T} NOT NULL,
    created_time bigint NOT NULL, last_used_time bigint,
    PRIMARY KEY (workspace_id, id)
  );
  CREATE UNIQUE INDEX scim_tokens_ws_hash ON scim_tokens (workspace_id, token_hash);
  CREATE INDEX scim_tokens_hash ON scim_tokens (token_hash);
  CREATE TABLE scim_users (
    workspace_id ${T} NOT NULL, user_id ${T} NOT NULL, external_id text, given_name text, family_name text,
    updated_time bigint NOT NULL,
    PRIMARY KEY (workspace_id, user_id)
  );
  `,
  // 12: public integrations (issue 13, postgres/oauth.ts), as SQLite's migration 21: an
  // installation's integration names its OAuth client and installing person; the registry of
  // clients is global (a Citus reference table, test/citus.test.ts says why); codes and grants are
  // keyed by workspace, found by their hashes alone too (plain indexes beside the unique keys).
  `
  ALTER TABLE integrations ADD COLUMN IF NOT EXISTS oauth_client_id ${T};
  ALTER TABLE integrations ADD COLUMN IF NOT EXISTS installed_by ${T};
  CREATE TABLE oauth_clients (
    id ${T} PRIMARY KEY, workspace_id ${T} NOT NULL, name text NOT NULL, client_id ${T} NOT NULL UNIQUE,
    secret_hash ${T} NOT NULL, redirect_uris text NOT NULL, capabilities text NOT NULL, icon text,
    template_page_id ${T}, created_time bigint NOT NULL
  );
  CREATE INDEX oauth_clients_workspace ON oauth_clients (workspace_id, created_time);
  CREATE TABLE oauth_codes (
    workspace_id ${T} NOT NULL, code_hash ${T} NOT NULL, client_id ${T} NOT NULL, user_id ${T} NOT NULL,
    page_ids text NOT NULL, use_template boolean NOT NULL, redirect_uri text, pkce_challenge ${T},
    created_time bigint NOT NULL, expires_time bigint NOT NULL, used_time bigint,
    PRIMARY KEY (workspace_id, code_hash)
  );
  CREATE INDEX oauth_codes_hash ON oauth_codes (code_hash);
  CREATE TABLE oauth_grants (
    workspace_id ${T} NOT NULL, integration_id ${T} NOT NULL, client_id ${T} NOT NULL, user_id ${T} NOT NULL,
    refresh_hash ${T}, token_time bigint, refresh_time bigint, code_hash ${T}, external_account text,
    duplicated_template_id ${T}, created_time bigint NOT NULL,
    PRIMARY KEY (workspace_id, integration_id)
  );
  CREATE UNIQUE INDEX oauth_grants_person ON oauth_grants (workspace_id, client_id, user_id);
  CREATE INDEX oauth_grants_refresh ON oauth_grants (refresh_hash);
  CREATE INDEX oauth_grants_client ON oauth_grants (client_id);
  `,
  // 13: link previews (issue 13, postgres/link-previews.ts), as SQLite's migration 22. The
  // settings are global (by OAuth client, like the client registry): a Citus reference table.
  `
  CREATE TABLE link_preview_settings (
    client_id ${T} PRIMARY KEY, workspace_id ${T} NOT NULL, settings text NOT NULL, secret_sealed text NOT NULL,
    created_time bigint NOT NULL, updated_time bigint NOT NULL
  );
  CREATE TABLE link_preview_accounts (
    workspace_id ${T} NOT NULL, user_id ${T} NOT NULL, client_id ${T} NOT NULL, access_sealed text NOT NULL, refresh_sealed text,
    expires_time bigint, created_time bigint NOT NULL, updated_time bigint NOT NULL,
    PRIMARY KEY (workspace_id, user_id, client_id)
  );
  CREATE TABLE link_preview_states (
    workspace_id ${T} NOT NULL, state_hash ${T} NOT NULL, user_id ${T} NOT NULL, client_id ${T} NOT NULL, expires_time bigint NOT NULL,
    PRIMARY KEY (workspace_id, state_hash)
  );
  CREATE TABLE link_previews (
    workspace_id ${T} NOT NULL, id ${T} NOT NULL, client_id ${T} NOT NULL, user_id ${T} NOT NULL, integration_id ${T},
    url text NOT NULL, block_id ${T} NOT NULL, kind ${T} NOT NULL, attributes text NOT NULL, error text,
    unfurled_time bigint NOT NULL, created_time bigint NOT NULL,
    PRIMARY KEY (workspace_id, id)
  );
  CREATE INDEX link_previews_url ON link_previews (workspace_id, client_id, url);
  `,
  // 14: webhooks (issue 14, postgres/webhooks.ts), as SQLite's migration 23. Subscriptions are
  // global (a public integration's reaches every installing workspace): a Citus reference table.
  `
  CREATE TABLE webhook_subscriptions (
    id ${T} PRIMARY KEY, workspace_id ${T} NOT NULL, integration_id ${T} NOT NULL, kind ${T} NOT NULL, url text NOT NULL,
    event_types text NOT NULL, api_version ${T} NOT NULL, status ${T} NOT NULL, token_sealed text NOT NULL, token_hash ${T} NOT NULL,
    verified_time bigint, paused_time bigint, paused_reason text, consecutive_failures integer NOT NULL DEFAULT 0,
    created_time bigint NOT NULL, updated_time bigint NOT NULL
  );
  CREATE INDEX webhook_subscriptions_owner ON webhook_subscriptions (workspace_id, integration_id, created_time);
  CREATE INDEX webhook_subscriptions_client ON webhook_subscriptions (integration_id, status);
  CREATE TABLE webhook_events (
    workspace_id ${T} NOT NULL, id ${T} NOT NULL, subscription_id ${T} NOT NULL, seq bigint NOT NULL, type ${T} NOT NULL,
    entity_id ${T}, entity_type ${T}, payload text NOT NULL, aggregate_key text, created_time bigint NOT NULL,
    due_time bigint NOT NULL, status ${T} NOT NULL, attempts integer NOT NULL DEFAULT 0, claimed_by ${T}, claimed_until bigint,
    last_status_code integer, last_error text, delivered_time bigint,
    PRIMARY KEY (workspace_id, id)
  );
  CREATE UNIQUE INDEX webhook_events_seq ON webhook_events (workspace_id, seq);
  CREATE INDEX webhook_events_due ON webhook_events (due_time) WHERE status = 'pending';
  CREATE INDEX webhook_events_entity ON webhook_events (workspace_id, subscription_id, entity_id, seq) WHERE status = 'pending';
  CREATE INDEX webhook_events_subscription ON webhook_events (subscription_id, created_time, seq);
  CREATE TABLE webhook_attempts (
    workspace_id ${T} NOT NULL, event_id ${T} NOT NULL, subscription_id ${T} NOT NULL, attempt_number integer NOT NULL,
    started_time bigint NOT NULL, duration_ms integer NOT NULL, status_code integer, error text,
    request_body text NOT NULL, response_excerpt text,
    PRIMARY KEY (workspace_id, event_id, attempt_number)
  );
  CREATE INDEX webhook_attempts_subscription ON webhook_attempts (subscription_id);
  `,
  // 15: snapshots of the whole state (issue 15, postgres/snapshots.ts): kept in the database so
  // every node restores the same; not per workspace (a snapshot holds them all): Citus reference tables.
  SNAPSHOTS_MIGRATION,
  // 16: the toolkit's state shared by every node (issue 15, postgres/toolkit-shared.ts): rate-limit
  // windows (by workspace), faults and the request log (server-wide: Citus reference tables).
  TOOLKIT_SHARED_MIGRATION,
  // 17: search entries whose title has a word over 500 characters get their tsvector again from
  // the words' first 500 characters (postgres/search.ts, indexPrefix): a lexeme over 2,047 bytes
  // did not fit the tsvector's length field and was stored cut at the wrong place.
  SEARCH_LONG_WORDS_MIGRATION,
  // 18: favourites (issue 16, postgres/favorites.ts): a person's starred pages per workspace.
  `
  CREATE TABLE favorites (
    workspace_id ${T} NOT NULL, user_id ${T} NOT NULL, page_id ${T} NOT NULL, created_time bigint NOT NULL,
    PRIMARY KEY (workspace_id, user_id, page_id)
  );
  `,
];
