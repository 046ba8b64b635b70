/**
 * Record factories for the storage contract suite (test/store/contract.ts): every record a port
 * stores, with overrides, keyed by a workspace given by the test. Ids are uuid-shaped and made
 * from a counter, so two suites never share one.
 */
import { randomUUID } from "node:crypto";
import type { CommentRow } from "../../src/storage/comments.js";
import type { FileUploadRow } from "../../src/storage/file-uploads.js";
import type { CustomEmojiRow, NodeRow, Store, UserRow, WorkspaceRow } from "../../src/storage/types.js";
import type { ViewRow } from "../../src/storage/views.js";
import type { TaskRow } from "../../src/storage/tasks.js";
import { projectIdx } from "../../src/query/index.js";
import type { PropertySchema } from "../../src/domain/properties/schema.js";

/** A fresh uuid (v4). */
export const id = (): string => randomUUID();

/** A fixed instant tests count from. */
export const T0 = Date.UTC(2026, 0, 1);

/** A rich text array in stored (response) form. */
export function richText(content: string): unknown[] {
  return [{
    type: "text",
    text: { content, link: null },
    annotations: { bold: false, italic: false, strikethrough: false, underline: false, code: false, color: "default" },
    plain_text: content,
    href: null,
  }];
}

/** A workspace row. */
export function workspace(over: Partial<WorkspaceRow> = {}): WorkspaceRow {
  return { id: id(), name: "Workspace", created_time: T0, time_zone: "UTC", ...over };
}

/** A person of a workspace. */
export function user(ws: string, over: Partial<UserRow> = {}): UserRow {
  return { workspace_id: ws, id: id(), type: "person", name: "Person", avatar_url: null, email: null, integration_id: null, created_time: T0, role: "member", ...over };
}

/** A node: a block by default; `page(…)` and friends set the type. */
export function node(ws: string, over: Partial<NodeRow> = {}): NodeRow {
  return {
    workspace_id: ws, id: id(), type: "paragraph", parent_type: "workspace", parent_id: null, position: 0,
    data: {}, properties: null, idx: null, icon: null, cover: null, in_trash: false, is_locked: false, is_archived: false,
    created_time: T0, created_by: "u", last_edited_time: T0, last_edited_by: "u", ...over,
  };
}

/** A page titled `title`. */
export function page(ws: string, title: string, over: Partial<NodeRow> = {}): NodeRow {
  return node(ws, { type: "page", properties: { title: richText(title) }, ...over });
}

/** The schema of the data sources the suite makes: a title and one unique_id property. */
export const SCHEMA: PropertySchema[] = [
  { id: "title", name: "Name", description: null, type: "title", config: {} },
  { id: "uid", name: "ID", description: null, type: "unique_id", config: { prefix: null } },
];

/** A data source under a database node, with SCHEMA and its unique_id counter. */
export function dataSource(ws: string, databaseId: string, title = "Tasks", over: Partial<NodeRow> = {}): NodeRow {
  return node(ws, {
    type: "data_source", parent_type: "database_id", parent_id: databaseId,
    data: { title: richText(title), description: [], properties: SCHEMA, counters: {} }, ...over,
  });
}

/** A database page (a row) of a data source, with its idx projection. */
export function row(ws: string, dataSourceId: string, title: string, over: Partial<NodeRow> = {}): NodeRow {
  const properties = { title: richText(title), ...(over.properties ?? {}) };
  return page(ws, title, { parent_type: "data_source_id", parent_id: dataSourceId, ...over, properties, idx: projectIdx(SCHEMA, properties) });
}

/** A comment on a page or block, in its own discussion unless one is given. */
export function comment(ws: string, parentId: string, over: Partial<CommentRow> = {}): CommentRow {
  const cid = over.id ?? id();
  return {
    workspace_id: ws, id: cid, discussion_id: cid, parent_type: "page_id", parent_id: parentId, rich_text: richText("hi"),
    display_name: { type: "integration", resolved_name: "Bot" }, attachments: [], created_time: T0, created_by: "u",
    last_edited_time: T0, resolved: false, ...over,
  };
}

/** A custom emoji. */
export function emoji(ws: string, name: string, over: Partial<CustomEmojiRow> = {}): CustomEmojiRow {
  return { workspace_id: ws, id: id(), name, url: `https://example.com/${name}.png`, created_time: T0, created_by: null, ...over };
}

/** A pending single-part upload made by `by`. */
export function upload(ws: string, by: string, over: Partial<FileUploadRow> = {}): FileUploadRow {
  return {
    workspace_id: ws, id: id(), mode: "single_part", status: "pending", filename: null, content_type: null, content_length: null,
    number_of_parts: null, parts: {}, external_url: null, import_result: null, created_time: T0, created_by: by,
    last_edited_time: T0, expiry_time: T0 + 3_600_000, attached: false, node: null, ...over,
  };
}

/** A table view of a database showing a data source. */
export function view(ws: string, databaseId: string, dataSourceId: string, over: Partial<ViewRow> = {}): ViewRow {
  return {
    workspace_id: ws, id: id(), database_id: databaseId, data_source_id: dataSourceId, dashboard_view_id: null, type: "table",
    name: "Table", position: 0, filter: null, sorts: null, quick_filters: null, configuration: { type: "table" },
    created_time: T0, created_by: "u", last_edited_time: T0, last_edited_by: "u", ...over,
  };
}

/** A queued async task. */
export function task(ws: string, over: Partial<TaskRow> = {}): TaskRow {
  return {
    workspace_id: ws, id: `task_${id().replace(/-/g, "")}`, integration_id: "i", operation: "POST /v1/pages", status: "queued",
    request: {}, result: null, error: null, created_time: T0, updated_time: T0, node: null, ...over,
  };
}

/** Makes a workspace in `store` and returns its id. */
export async function newWorkspace(store: Store): Promise<string> {
  const w = workspace();
  await store.write((tx) => tx.insertWorkspace(w));
  return w.id;
}

/** Resolves after `ms` milliseconds. */
export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
