/**
 * Every /v1 route of the permission matrix (test/helpers/matrix.ts): the object it acts on, the
 * capability it needs, and a request that passes validation, so the outcome is the access
 * decision's. A route in the server's table but not here fails the matrix test until it is added
 * (or listed in `NOT_APPLICABLE` with the reason).
 */
import type { RouteCase } from "./matrix.js";

const rt = (content: string) => [{ type: "text", text: { content } }];
const title = (s: string) => ({ title: { title: rt(s) } });

type Case = Omit<RouteCase, "key">;

/** Route key (`METHOD /url` as in the route table) → its case. Deleting routes run last, in this order. */
export const ROUTES: Record<string, Case> = {
  "GET /v1/users": { scope: "list", need: "user_info", request: () => ({ path: "/v1/users" }) },
  // Notion answers the token's own bot whatever its user-information capability (reference: "Retrieve your token's bot user").
  "GET /v1/users/me": { scope: "self", need: "none", request: () => ({ path: "/v1/users/me" }) },
  "GET /v1/users/:user_id": { scope: "workspace", need: "user_info", request: (f) => [f.user_id, f.bot_id].map((id) => ({ path: `/v1/users/${id}` })) },
  "POST /v1/pages": { scope: "content", need: "insert_content", request: (f, m) => ({ path: "/v1/pages", body: { parent: { page_id: f.page_id }, properties: title(`New ${m}`) } }) },
  "GET /v1/pages/:page_id": { scope: "content", need: "read_content", request: (f) => [f.page_id, f.child_page_id, f.row_id, f.template_id].map((id) => ({ path: `/v1/pages/${id}` })) },
  "PATCH /v1/pages/:page_id": { scope: "content", need: "update_content", request: (f, m) => ({ path: `/v1/pages/${f.child_page_id}`, body: { properties: title(`Child ${m}`) } }) },
  "POST /v1/pages/:page_id/move": { scope: "content", need: "update_content", personLevel: "full_access", request: (f) => ({ path: `/v1/pages/${f.child_page_id}/move`, body: { parent: { type: "page_id", page_id: f.shelf_page_id } } }) },
  "GET /v1/pages/:page_id/properties/:property_id": { scope: "content", need: "read_content", request: (f) => [f.page_id, f.row_id].map((id) => ({ path: `/v1/pages/${id}/properties/title` })) },
  "GET /v1/pages/:page_id/markdown": { scope: "content", need: "read_content", request: (f) => [f.page_id, f.row_id].map((id) => ({ path: `/v1/pages/${id}/markdown` })) },
  "PATCH /v1/pages/:page_id/markdown": { scope: "content", need: "update_content", request: (f, m) => ({ path: `/v1/pages/${f.child_page_id}/markdown`, body: { type: "insert_content", insert_content: { content: `more ${m}` } } }) },
  "GET /v1/async_tasks/:task_id": { scope: "own", need: "none", request: (f) => ({ path: `/v1/async_tasks/${f.task_id}` }) },
  "GET /v1/blocks/:block_id": { scope: "content", need: "read_content", request: (f) => [f.block_id, f.audio_block_id, f.meeting_note_id, f.child_page_id, f.database_id].map((id) => ({ path: `/v1/blocks/${id}` })) },
  "PATCH /v1/blocks/:block_id": { scope: "content", need: "update_content", request: (f, m) => ({ path: `/v1/blocks/${f.block_id}`, body: { paragraph: { rich_text: rt(`hello ${m}`) } } }) },
  "GET /v1/blocks/:block_id/children": { scope: "content", need: "read_content", request: (f) => [f.page_id, f.meeting_note_id, f.row_id].map((id) => ({ path: `/v1/blocks/${id}/children` })) },
  "PATCH /v1/blocks/:block_id/children": { scope: "content", need: "insert_content", request: (f, m) => ({ path: `/v1/blocks/${f.child_page_id}/children`, body: { children: [{ paragraph: { rich_text: rt(`appended ${m}`) } }] } }) },
  "POST /v1/blocks/meeting_notes": { scope: "content", need: "insert_content", request: (f, m) => ({ path: "/v1/blocks/meeting_notes", body: { source: { type: "block", block_id: f.audio_block_id }, title: `Notes ${m}` } }) },
  "POST /v1/blocks/meeting_notes/query": { scope: "list", need: "read_content", request: () => ({ path: "/v1/blocks/meeting_notes/query", body: {} }) },
  "POST /v1/databases": { scope: "content", need: "insert_content", request: (f, m) => ({ path: "/v1/databases", body: { parent: { type: "page_id", page_id: f.child_page_id }, title: rt(`Db ${m}`), initial_data_source: { properties: { Name: { title: {} } } } } }) },
  "GET /v1/databases/:database_id": { scope: "content", need: "read_content", request: (f) => ({ path: `/v1/databases/${f.database_id}` }) },
  "PATCH /v1/databases/:database_id": { scope: "content", need: "update_content", request: (f, m) => ({ path: `/v1/databases/${f.database_id}`, body: { title: rt(`Tasks ${m}`) } }) },
  // Before POST /v1/data_sources: a database with two data sources is refused by versions before 2025-09-03.
  "POST /v1/databases/:database_id/query": { scope: "content", need: "read_content", request: (f) => ({ path: `/v1/databases/${f.database_id}/query`, body: {}, version: "2022-06-28" }) },
  "POST /v1/data_sources": { scope: "content", need: "insert_content", request: (f, m) => ({ path: "/v1/data_sources", body: { parent: { type: "database_id", database_id: f.database_id }, title: rt(`Source ${m}`), properties: { Name: { title: {} } } } }) },
  "GET /v1/data_sources/:data_source_id": { scope: "content", need: "read_content", request: (f) => ({ path: `/v1/data_sources/${f.data_source_id}` }) },
  "PATCH /v1/data_sources/:data_source_id": { scope: "content", need: "update_content", request: (f, m) => ({ path: `/v1/data_sources/${f.data_source_id}`, body: { title: rt(`Tasks ${m}`) } }) },
  "POST /v1/data_sources/:data_source_id/query": { scope: "content", need: "read_content", request: (f) => ({ path: `/v1/data_sources/${f.data_source_id}/query`, body: {} }) },
  "GET /v1/data_sources/:data_source_id/templates": { scope: "content", need: "read_content", request: (f) => ({ path: `/v1/data_sources/${f.data_source_id}/templates` }) },
  "POST /v1/search": { scope: "list", need: "none", request: () => ({ path: "/v1/search", body: {} }) },
  "POST /v1/comments": { scope: "content", need: "insert_comments", request: (f, m) => ({ path: "/v1/comments", body: { parent: { page_id: f.page_id }, rich_text: rt(`reply ${m}`) } }) },
  "GET /v1/comments": { scope: "content", need: "read_comments", request: (f) => [f.page_id, f.block_id].map((id) => ({ path: `/v1/comments?block_id=${id}` })) },
  "GET /v1/comments/:comment_id": { scope: "content", need: "read_comments", request: (f) => ({ path: `/v1/comments/${f.comment_id}` }) },
  "PATCH /v1/comments/:comment_id": { scope: "content", need: "insert_comments", personLevel: "author", request: (f, m) => ({ path: `/v1/comments/${f.comment_id}`, body: { rich_text: rt(`a comment ${m}`) } }) },
  "GET /v1/custom_emojis": { scope: "list", need: "none", request: () => ({ path: "/v1/custom_emojis" }) },
  "POST /v1/file_uploads": { scope: "self", need: "insert_content", request: () => ({ path: "/v1/file_uploads", body: { filename: "mine.txt" } }) },
  "GET /v1/file_uploads": { scope: "list", need: "read_content", request: () => ({ path: "/v1/file_uploads" }) },
  "GET /v1/file_uploads/:file_upload_id": { scope: "own", need: "read_content", request: (f) => ({ path: `/v1/file_uploads/${f.file_upload_id}` }) },
  "POST /v1/file_uploads/:file_upload_id/send": { scope: "own", need: "insert_content", request: (f) => ({ path: `/v1/file_uploads/${f.pending_upload_id}/send`, multipart: true }) },
  "POST /v1/file_uploads/:file_upload_id/complete": { scope: "own", need: "insert_content", request: (f) => ({ path: `/v1/file_uploads/${f.parts_upload_id}/complete`, body: {} }) },
  "GET /v1/views": { scope: "content", need: "read_content", request: (f) => ({ path: `/v1/views?database_id=${f.database_id}` }) },
  "POST /v1/views": { scope: "content", need: "insert_content", request: (f, m) => ({ path: "/v1/views", body: { database_id: f.database_id, data_source_id: f.data_source_id, name: `View ${m}`, type: "table" } }) },
  "GET /v1/views/:view_id": { scope: "content", need: "read_content", request: (f) => ({ path: `/v1/views/${f.view_id}` }) },
  "PATCH /v1/views/:view_id": { scope: "content", need: "update_content", request: (f, m) => ({ path: `/v1/views/${f.view_id}`, body: { name: `View ${m}` } }) },
  "POST /v1/views/:view_id/queries": { scope: "content", need: "read_content", request: (f) => ({ path: `/v1/views/${f.view_id}/queries`, body: {} }) },
  "GET /v1/views/:view_id/queries/:query_id": { scope: "own", need: "read_content", request: (f) => ({ path: `/v1/views/${f.view_id}/queries/${f.query_id}` }) },
  // Idempotent: "returns success even if the query doesn't exist" (reference: delete-view-query), so
  // any caller that sees the view gets 200 — and only its own queries go (the next test).
  "DELETE /v1/views/:view_id/queries/:query_id": { scope: "content", need: "read_content", request: (f) => ({ path: `/v1/views/${f.view_id}/queries/${f.query_id}` }) },
  "DELETE /v1/comments/:comment_id": { scope: "content", need: "insert_comments", personLevel: "author", request: (f) => ({ path: `/v1/comments/${f.comment_id}` }) },
  "DELETE /v1/views/:view_id": { scope: "content", need: "update_content", request: (f, _m, turn) => ({ path: `/v1/views/${nth([f.view_id, ...f.spare_view_ids], turn)}` }) },
  "DELETE /v1/blocks/:block_id": { scope: "content", need: "update_content", request: (f, _m, turn) => ({ path: `/v1/blocks/${nth([f.shelf_page_id, ...f.spare_page_ids], turn)}` }) },
};

/** The `turn`th target of a destructive route: one per allowed caller. */
function nth(ids: string[], turn: number): string {
  if (turn >= ids.length) throw new Error(`${turn + 1} callers allowed to delete: add spares to matrixFixture`);
  return ids[turn];
}

/** /v1 routes the matrix does not call, each with the reason. */
export const NOT_APPLICABLE: Record<string, string> = {
  // Issue 13: the OAuth endpoints authenticate the integration's client (HTTP Basic), not a bearer
  // token, so no caller of the matrix can call them (test/oauth.test.ts covers them).
  "POST /v1/oauth/token": "takes the client's Basic credentials, not a bearer token (test/oauth.test.ts)",
  "POST /v1/oauth/introspect": "takes the client's Basic credentials, not a bearer token (test/oauth.test.ts)",
  "POST /v1/oauth/revoke": "takes the client's Basic credentials, not a bearer token (test/oauth.test.ts)",
  // The OAuth consent page: HTML for a signed-in person's browser (session cookie), no bearer token (test/oauth-authorize.test.ts).
  "GET /v1/oauth/authorize": "a browser page for people signed in with a session, not a bearer-token API",
  "POST /v1/oauth/authorize": "the consent page's form post: a session and its CSRF token, not a bearer-token API",
  // Issue 13, link previews: only a link-preview installation's token has previews to update.
  "PATCH /v1/external/object": "acts on the link previews the caller's installation made; no caller of the matrix has any (404 for all; test/link-previews.test.ts)",
};

/** The cases in the order they run: every route but deletes in table order, then the deletes. */
export function orderedCases(): RouteCase[] {
  const all = Object.entries(ROUTES).map(([key, c]) => ({ key, ...c }));
  return [...all.filter((c) => !c.key.startsWith("DELETE ")), ...all.filter((c) => c.key.startsWith("DELETE "))];
}
