/**
 * The permission matrix (issue 12): every /v1 route × every kind of caller, each call's outcome
 * class checked against what Notion answers. Routes are described once (`ROUTES`: what object
 * they act on, which capability they need, the request); callers are rows of a table
 * (`ActorKind`: a token and the outcome it should get on each route). Adding a caller — a
 * person's token at some permission level, a guest — is one more row: CONTRIBUTING.md, "Recipe:
 * a new kind of caller in the permission matrix".
 */
import assert from "node:assert/strict";
import type { TestQuire } from "./quire.js";
import { populate, populatedWorkspace, type Populated } from "./workspaces.js";

/** The outcome classes: 2xx, 404 `object_not_found`, 403 `restricted_resource`, 401 `unauthorized`. */
export type Outcome = "allowed" | "not_found" | "restricted" | "unauthorized";

/** A capability a route needs (Notion's, developers.notion.com/reference/capabilities), or none. */
export type Need = "read_content" | "update_content" | "insert_content" | "read_comments" | "insert_comments" | "user_info" | "none";

/**
 * What a route acts on, which decides who reaches it:
 * `content` — a page, block, database, data source, comment or view reached through sharing;
 * `workspace` — a workspace-level object every token of the workspace sees (a user);
 * `own` — the calling integration's own object (file uploads, async tasks, view queries);
 * `list` — nothing named: the answer is what the caller may see;
 * `self` — the caller itself, or something it creates for itself.
 */
export type Scope = "content" | "workspace" | "own" | "list" | "self";

/** One request, as a route case builds it. */
export interface MatrixRequest {
  path: string;
  body?: unknown;
  /** Sent as a multipart form with one small text file (file upload `send`). */
  multipart?: boolean;
  version?: string;
}

/** The objects of one workspace the matrix aims at (A's: every caller's targets). */
export interface MatrixFixture extends Populated {
  child_page_id: string;
  /** A page the shared integration may move the child page under. */
  shelf_page_id: string;
  /** An audio block backed by an upload of the shared integration (a meeting note can be made from it). */
  audio_block_id: string;
  /** A top-level page shared with no integration; its title holds `hiddenMark`. */
  hidden_page_id: string;
  /** An upload of the shared integration still pending (single part), for `send`. */
  pending_upload_id: string;
  /** A multi-part upload of the shared integration with its one part sent, for `complete`. */
  parts_upload_id: string;
  /**
   * Top-level pages (under the top page) and views (of the database) for the second, third…
   * caller allowed to delete: each allowed caller of a destructive route gets its own target.
   */
  spare_page_ids: string[];
  spare_view_ids: string[];
  /** Text put in every title and text of the workspace's content: never in an answer to a caller that does not see it. */
  mark: string;
  /** Text in the hidden page's title: never in any answer. */
  hiddenMark: string;
}

/** A route of the matrix: the route table's key, what it acts on, what it needs, and its request. */
export interface RouteCase {
  key: string;
  scope: Scope;
  need: Need;
  /**
   * The page level a person needs here when it is not the one `need` implies (`personNeed`), or
   * `author`: the route changes the shared integration's own comment, which only its author may
   * (a person gets Notion's 404).
   */
  personLevel?: Level | "author";
  /**
   * The request, or one per kind of object the route takes (a page, a row, a template…); `text`
   * is what titles and text in the body say: the fixture's mark for callers expected to succeed,
   * "PWNED" for the others. `turn` counts the callers allowed before this one on the route (0
   * for every refused caller), so a destructive route gives each allowed caller its own target.
   */
  request(f: MatrixFixture, text: string, turn: number): MatrixRequest | MatrixRequest[];
}

/** A kind of caller: a row of the matrix. */
export interface ActorKind {
  name: string;
  /** The token it calls with; null sends no Authorization header. */
  token: string | null;
  /** The outcome it should get on a route; `{todo}` marks a known difference from Notion, with the reason (reported, not asserted). */
  expect(route: RouteCase): Outcome | { outcome: Outcome; todo: string };
  /**
   * Strings that must not appear in any answer it gets (ids, titles), besides the ids its own
   * request names (a 404 message names the id asked for, as Notion's does).
   */
  unseen: string[];
  /** Ids that must not be among a list answer's `results` (search, users, comments, children…). */
  unlisted: string[];
  /** Run before and after each of its calls (e.g. the workspace's token policy turned off, then back). */
  enter?(): Promise<void>;
  leave?(): Promise<void>;
}

/** The outcome an integration gets on `route`, from its capabilities, whether the content is shared with it, whose objects are its own, and its workspace. */
export function integrationOutcome(kind: { caps: Need[]; shared: boolean; owner: boolean; otherWorkspace: boolean }, route: RouteCase): Outcome {
  if (kind.otherWorkspace) return route.scope === "list" || route.scope === "self" ? "allowed" : "not_found";
  // The capability is checked before the object is looked up (src/domain/access.ts `requireCap`).
  if (route.need !== "none" && !kind.caps.includes(route.need)) return "restricted";
  if (route.scope === "content") return kind.shared ? "allowed" : "not_found";
  if (route.scope === "own") return kind.owner ? "allowed" : "not_found";
  return "allowed";
}

/** A person's level on the fixture's content (`none`: it is someone else's private page). */
export type Level = "none" | "can_view" | "can_comment" | "can_edit" | "full_access";

const RANK: Record<Level, number> = { none: 0, can_view: 1, can_comment: 2, can_edit: 3, full_access: 4 };

/**
 * The level a person's token needs for a capability: reading and reading comments `can_view`,
 * commenting `can_comment`, editing and inserting `can_edit` (Notion's help, "Sharing &
 * permissions"; docs/design/personal-access-tokens.md).
 */
export function personNeed(need: Need): Level {
  if (need === "insert_comments") return "can_comment";
  if (need === "update_content" || need === "insert_content") return "can_edit";
  return need === "none" ? "none" : "can_view";
}

/**
 * The outcome a personal access token gets on `route`, from its person's level on A's content
 * and whether the person is of another workspace (docs/design/personal-access-tokens.md): a PAT
 * carries every capability but "List all users is not available to PATs" (403); below `can_view`
 * 404 `object_not_found`, as for an unshared page; visible but below the route's level 403
 * `restricted_resource`; the shared integration's own objects (uploads, tasks, view queries, its
 * comments) are never the person's: 404. Users of its workspace, its own uploads, search and lists
 * are its own to read.
 */
export function personOutcome(kind: { level: Level; otherWorkspace: boolean }, route: RouteCase): Outcome {
  if (route.key === "GET /v1/users") return "restricted";
  if (route.scope === "list" || route.scope === "self") return "allowed";
  if (kind.otherWorkspace || route.scope === "own") return "not_found";
  if (route.scope === "workspace") return "allowed";
  if (kind.level === "none" || route.personLevel === "author") return "not_found";
  return RANK[kind.level] >= RANK[route.personLevel ?? personNeed(route.need)] ? "allowed" : "restricted";
}

/** Every capability, as the Need names them. */
export const ALL_NEEDS: Need[] = ["read_content", "update_content", "insert_content", "read_comments", "insert_comments", "user_info", "none"];

const rt = (content: string) => [{ type: "text", text: { content } }];

async function ok(q: TestQuire, method: string, path: string, body?: unknown): Promise<any> {
  const res = await q.admin(method, path, body);
  assert.ok(res.status < 300, `${method} ${path} → ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

async function v1(q: TestQuire, token: string, method: string, path: string, body?: unknown): Promise<any> {
  const res = await q.raw(method, path, { auth: token, version: "2026-03-11", body: body === undefined ? undefined : JSON.stringify(body) });
  assert.ok(res.status < 300, `${method} ${path} → ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Workspace `wsId` populated (test/helpers/workspaces.ts), its content marked with `mark`, and the matrix's extra objects. */
export async function matrixFixture(q: TestQuire, wsId: string | null, mark: string): Promise<MatrixFixture> {
  const w = wsId ? await populate(q, wsId) : await populatedWorkspace(q, `Matrix ${mark}`);
  const base = `/_quire/v1/workspaces/${w.workspace_id}`;
  const t = w.token;
  const title = (s: string) => ({ title: { title: rt(s) } });
  await v1(q, t, "PATCH", `/v1/pages/${w.page_id}`, { properties: title(`Top ${mark}`) });
  await v1(q, t, "PATCH", `/v1/pages/${w.row_id}`, { properties: { Name: { title: rt(`Row ${mark}`) } } });
  await v1(q, t, "PATCH", `/v1/databases/${w.database_id}`, { title: rt(`Tasks ${mark}`) });
  await v1(q, t, "PATCH", `/v1/comments/${w.comment_id}`, { rich_text: rt(`a comment ${mark}`) });
  const hiddenMark = `Hidden ${mark}-${Math.random().toString(36).slice(2, 8)}`;
  const hidden = await ok(q, "POST", `${base}/pages`, { title: hiddenMark });
  // A mention of the hidden page: shown by id without its title (src/domain/mentions.ts).
  await v1(q, t, "PATCH", `/v1/blocks/${w.block_id}`, { paragraph: { rich_text: [...rt(`hello ${mark} `), { type: "mention", mention: { page: { id: hidden.id } } }] } });
  const child = await v1(q, t, "POST", "/v1/pages", { parent: { page_id: w.page_id }, properties: title(`Child ${mark}`) });
  const shelf = await v1(q, t, "POST", "/v1/pages", { parent: { page_id: w.page_id }, properties: title(`Shelf ${mark}`) });
  const pending = await v1(q, t, "POST", "/v1/file_uploads", { filename: "pending.txt", content_type: "text/plain" });
  const parts = await v1(q, t, "POST", "/v1/file_uploads", { filename: "parts.txt", content_type: "text/plain", mode: "multi_part", number_of_parts: 1 });
  const form = new FormData();
  form.append("file", new Blob(["part one"], { type: "text/plain" }), "parts.txt");
  form.append("part_number", "1");
  const sent = await fetch(`${q.url}/v1/file_uploads/${parts.id}/send`, { method: "POST", headers: { authorization: `Bearer ${t}`, "notion-version": "2026-03-11" }, body: form });
  assert.equal(sent.status, 200, await sent.text());
  const audio = await v1(q, t, "POST", "/v1/file_uploads", { filename: "talk.m4a", content_type: "audio/mp4" });
  const bytes = new FormData();
  bytes.append("file", new Blob(["\0\0\0 ftypM4A "], { type: "audio/mp4" }), "talk.m4a");
  const put = await fetch(`${q.url}/v1/file_uploads/${audio.id}/send`, { method: "POST", headers: { authorization: `Bearer ${t}`, "notion-version": "2026-03-11" }, body: bytes });
  assert.equal(put.status, 200, await put.text());
  const appended = await v1(q, t, "PATCH", `/v1/blocks/${w.page_id}/children`, { children: [{ audio: { type: "file_upload", file_upload: { id: audio.id } } }] });
  const spare_page_ids: string[] = [];
  const spare_view_ids: string[] = [];
  for (let i = 0; i < 4; i++) {
    spare_page_ids.push((await v1(q, t, "POST", "/v1/pages", { parent: { page_id: w.page_id }, properties: title(`Spare ${mark}`) })).id);
    spare_view_ids.push((await v1(q, t, "POST", "/v1/views", { database_id: w.database_id, data_source_id: w.data_source_id, name: `Spare ${mark}`, type: "table" })).id);
  }
  return { ...w, spare_page_ids, spare_view_ids, audio_block_id: appended.results[0].id, child_page_id: child.id, shelf_page_id: shelf.id, hidden_page_id: hidden.id, pending_upload_id: pending.id, parts_upload_id: parts.id, mark, hiddenMark };
}

/** The ids of content objects in `f` (what a caller that is not shared on them must never get). */
export function contentIds(f: MatrixFixture): string[] {
  const keys = ["page_id", "child_page_id", "shelf_page_id", "block_id", "audio_block_id", "database_id", "data_source_id", "row_id", "template_id", "comment_id", "discussion_id", "view_id", "meeting_note_id"] as const;
  return [...keys.map((k) => f[k]).filter(Boolean), ...f.spare_page_ids, ...f.spare_view_ids];
}

/** The ids of the shared integration's own objects in `f`. */
export function ownIds(f: MatrixFixture): string[] {
  return [f.file_upload_id, f.pending_upload_id, f.parts_upload_id, f.query_id, f.task_id].filter(Boolean);
}

/** Every id of `f`, workspace-level ones (users, emoji, integration) included. */
export function allIds(f: MatrixFixture): string[] {
  return [...contentIds(f), ...ownIds(f), f.user_id, f.bot_id, f.emoji_id, f.integration_id, f.group_id, f.hidden_page_id];
}
