/**
 * What a write unit's writes mean as Notion's events. The observer (observe.ts) records each
 * write as a fact — a node, comment, view or upload made, changed (before and after) or removed —
 * and this module says which events each fact causes, in both vocabularies (events.ts), with the
 * node ancestry that decides parents and sight. The table, with Notion's sources, is in
 * docs/design/webhooks.md, "Events".
 */
import type { AncestorLink, NodeRow } from "../../storage/types.js";
import type { CommentRow } from "../../storage/comments.js";
import type { ViewRow } from "../../storage/views.js";
import type { FileUploadRow } from "../../storage/file-uploads.js";
import type { PropertySchema } from "../../api/properties.js";
import type { Audience, Change, Entity, EntityType, EventForm, EventType, WebhookParent } from "./events.js";

/** One event to emit before its authors' types are known. */
export interface Emission {
  change: Change;
  /** The user who made the change (a bot for integrations, a person for personal tokens and people). */
  author: string;
  audience: Audience;
  /** A view made by the server with its database or data source (its default view): their ids. */
  madeWith?: string[];
}

/** The node (and its ancestors) a change concerns, read once per unit. */
export type Ancestry = (id: string) => Promise<AncestorLink[]>;

type Json = Record<string, unknown>;
const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** The `data.parent` of the node at `chain[i]`; a data source's row names its database (and, currently, the data source). */
function parentAt(ws: string, chain: readonly AncestorLink[], i: number, legacy: boolean): WebhookParent {
  const l = chain[i];
  switch (l.parent_type) {
    case "workspace":
      return { id: ws, type: "space" };
    case "page_id":
      return { id: l.parent_id!, type: "page" };
    case "database_id":
      return { id: l.parent_id!, type: "database" };
    case "data_source_id": {
      const db = chain[i + 1]?.parent_id ?? l.parent_id!;
      return legacy ? { id: db, type: "database" } : { id: db, type: "database", data_source_id: l.parent_id! };
    }
    default:
      return { id: l.parent_id!, type: "block" };
  }
}

const form = (type: EventType, entity: Entity, data: Json | null): EventForm => ({ type, entity, data });

/** The same event in every version (comments, uploads, views, pages outside data sources). */
const everywhere = (f: EventForm): Change => ({ current: f, legacy: f });

/** An event on a node whose `data.parent` differs between versions only through its data source. */
function nodeEvent(ws: string, chain: readonly AncestorLink[], type: EventType, entityType: EntityType, extra: Json = {}): Change {
  const entity = { id: chain[0].id, type: entityType };
  return {
    current: form(type, entity, { parent: parentAt(ws, chain, 0, false), ...extra }),
    legacy: form(type, entity, { parent: parentAt(ws, chain, 0, true), ...extra }),
  };
}

/**
 * A data source's event: `data_source.<suffix>` currently; for 2022-06-28 `database.<suffix>` on
 * its database (content and schema changes; `legacySuffix` null: nothing, as data sources
 * did not exist then).
 */
function dataSourceEvent(ws: string, dsChain: readonly AncestorLink[], suffix: string, legacyOk: boolean, extra: Json = {}): Change {
  const current = form(`data_source.${suffix}` as EventType, { id: dsChain[0].id, type: "data_source" }, { parent: parentAt(ws, dsChain, 0, false), ...extra });
  if (!legacyOk || dsChain.length < 2) return { current, legacy: null };
  const legacy = form(`database.${suffix}` as EventType, { id: dsChain[1].id, type: "database" }, { parent: parentAt(ws, dsChain, 1, true), ...extra });
  return { current, legacy };
}

const ids = (chain: readonly AncestorLink[]) => chain.map((l) => l.id);

/** Rows added to, removed from or restored in a data source: its content changed. */
async function rowsChanged(ws: string, ancestry: Ancestry, dsId: string, rowId: string, author: string): Promise<Emission[]> {
  const chain = await ancestry(dsId);
  if (chain.length === 0 || chain[0].type !== "data_source") return [];
  return [{ change: dataSourceEvent(ws, chain, "content_updated", true, { updated_blocks: [{ id: rowId, type: "page" }] }), author, audience: { ancestry: ids(chain) } }];
}

/** A block's change is its page's content change (the nearest page above it). */
async function contentOfPage(ws: string, ancestry: Ancestry, block: { id: string; parent_id: string | null }, author: string): Promise<Emission[]> {
  if (!block.parent_id) return [];
  const above = await ancestry(block.parent_id);
  const at = above.findIndex((l) => l.type === "page");
  if (at < 0) return [];
  const chain = above.slice(at);
  return [{ change: nodeEvent(ws, chain, "page.content_updated", "page", { updated_blocks: [{ id: block.id, type: "block" }] }), author, audience: { ancestry: ids(chain) } }];
}

/** Events of a node made in this unit. */
export async function nodeCreated(ws: string, ancestry: Ancestry, row: NodeRow): Promise<Emission[]> {
  const author = row.last_edited_by;
  if (row.type === "page" || row.type === "database" || row.type === "data_source") {
    const chain = await ancestry(row.id);
    if (chain.length === 0) return [];
    const audience = { ancestry: ids(chain) };
    if (row.type === "page") {
      const out: Emission[] = [{ change: nodeEvent(ws, chain, "page.created", "page"), author, audience }];
      if (row.parent_type === "data_source_id" && row.parent_id) out.push(...(await rowsChanged(ws, ancestry, row.parent_id, row.id, author)));
      return out;
    }
    if (row.type === "database") return [{ change: nodeEvent(ws, chain, "database.created", "database"), author, audience }];
    return [{ change: dataSourceEvent(ws, chain, "created", false), author, audience }];
  }
  return contentOfPage(ws, ancestry, row, author);
}

/** The property ids whose values differ (the title is the `title` property). */
function changedProperties(before: NodeRow, after: NodeRow): string[] {
  const b = before.properties ?? {};
  const a = after.properties ?? {};
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  return keys.filter((k) => !same(b[k], a[k]));
}

/** Property schema changes of a data source: made, changed, removed. */
function schemaChanges(before: NodeRow, after: NodeRow): { id: string; name: string | null; action: "created" | "updated" | "deleted" }[] {
  const b = new Map(((before.data.properties as PropertySchema[] | undefined) ?? []).map((p) => [p.id, p]));
  const a = new Map(((after.data.properties as PropertySchema[] | undefined) ?? []).map((p) => [p.id, p]));
  const out: { id: string; name: string | null; action: "created" | "updated" | "deleted" }[] = [];
  for (const [id, p] of a) {
    const old = b.get(id);
    if (!old) out.push({ id, name: p.name, action: "created" });
    else if (!same(old, p)) out.push({ id, name: p.name, action: "updated" });
  }
  for (const [id, p] of b) if (!a.has(id)) out.push({ id, name: p.name, action: "deleted" });
  return out;
}

const moved = (b: NodeRow, a: NodeRow) => b.parent_id !== a.parent_id || b.parent_type !== a.parent_type;

/** The trash events of a node whose own flag flipped. */
const trashSuffix = (b: NodeRow, a: NodeRow): "deleted" | "undeleted" | null => (b.in_trash === a.in_trash ? null : a.in_trash ? "deleted" : "undeleted");

/** Whether a page, database or data source changed in a way some event reports (not a mere touch). */
function eventful(before: NodeRow, after: NodeRow): boolean {
  const seen = (r: NodeRow) => [r.parent_type, r.parent_id, r.in_trash, r.is_locked, r.properties, r.icon, r.cover, r.data.title, r.data.description, r.data.is_inline, r.data.properties];
  return !same(seen(before), seen(after));
}

/** Events of a page changed from `before` to `after`. */
async function pageChanged(ws: string, ancestry: Ancestry, before: NodeRow, after: NodeRow): Promise<Emission[]> {
  const author = after.last_edited_by;
  const chain = await ancestry(after.id);
  if (chain.length === 0) return [];
  const audience = { ancestry: ids(chain) };
  const out: Emission[] = [];
  const event = (type: EventType, extra: Json = {}) => out.push({ change: nodeEvent(ws, chain, type, "page", extra), author, audience });
  if (moved(before, after)) {
    event("page.moved");
    for (const p of [before, after]) if (p.parent_type === "data_source_id" && p.parent_id) out.push(...(await rowsChanged(ws, ancestry, p.parent_id, after.id, author)));
  }
  const trash = trashSuffix(before, after);
  if (trash) {
    event(`page.${trash}`);
    if (!moved(before, after) && after.parent_type === "data_source_id" && after.parent_id) out.push(...(await rowsChanged(ws, ancestry, after.parent_id, after.id, author)));
  }
  if (before.is_locked !== after.is_locked) event(after.is_locked ? "page.locked" : "page.unlocked");
  const props = changedProperties(before, after);
  if (props.length > 0) event("page.properties_updated", { updated_properties: props });
  // Icon and cover are the page's own content, not properties (Quire's choice; docs/design/webhooks.md).
  if (!same(before.icon, after.icon) || !same(before.cover, after.cover)) event("page.content_updated", { updated_blocks: [] });
  return out;
}

/** Events of a database (the container: title, place, trash) changed. */
async function databaseChanged(ws: string, ancestry: Ancestry, before: NodeRow, after: NodeRow): Promise<Emission[]> {
  const author = after.last_edited_by;
  const chain = await ancestry(after.id);
  if (chain.length === 0) return [];
  const audience = { ancestry: ids(chain) };
  const out: Emission[] = [];
  if (moved(before, after)) out.push({ change: nodeEvent(ws, chain, "database.moved", "database"), author, audience });
  const trash = trashSuffix(before, after);
  if (trash) out.push({ change: nodeEvent(ws, chain, `database.${trash}`, "database"), author, audience });
  const look = (r: NodeRow) => [r.data.title, r.data.description, r.data.is_inline, r.icon, r.cover];
  if (!same(look(before), look(after))) {
    // 2022-06-28 has one schema for a database: its title changing is its schema event without
    // property changes; currently the database container has no event for it.
    const legacy = form("database.schema_updated", { id: after.id, type: "database" }, { parent: parentAt(ws, chain, 0, true) });
    out.push({ change: { current: null, legacy }, author, audience });
  }
  return out;
}

/** Events of a data source changed: its place, trash, schema and title. */
async function dataSourceChanged(ws: string, ancestry: Ancestry, before: NodeRow, after: NodeRow): Promise<Emission[]> {
  const author = after.last_edited_by;
  const chain = await ancestry(after.id);
  if (chain.length === 0) return [];
  const audience = { ancestry: ids(chain) };
  const out: Emission[] = [];
  if (moved(before, after)) out.push({ change: dataSourceEvent(ws, chain, "moved", false), author, audience });
  const trash = trashSuffix(before, after);
  if (trash) out.push({ change: dataSourceEvent(ws, chain, trash, false), author, audience });
  const props = schemaChanges(before, after);
  const titled = !same([before.data.title, before.data.description, before.icon], [after.data.title, after.data.description, after.icon]);
  if (props.length > 0) out.push({ change: dataSourceEvent(ws, chain, "schema_updated", true, { updated_properties: props }), author, audience });
  else if (titled) out.push({ change: dataSourceEvent(ws, chain, "schema_updated", true), author, audience });
  return out;
}

/** Events of a node changed in this unit (`before` as stored when the unit first wrote it). */
export async function nodeChanged(ws: string, ancestry: Ancestry, before: NodeRow, after: NodeRow): Promise<Emission[]> {
  if ((after.type === "page" || after.type === "database" || after.type === "data_source") && !eventful(before, after)) return [];
  if (after.type === "page") return pageChanged(ws, ancestry, before, after);
  if (after.type === "database") return databaseChanged(ws, ancestry, before, after);
  if (after.type === "data_source") return dataSourceChanged(ws, ancestry, before, after);
  const content = (r: NodeRow) => [r.data, r.in_trash, r.parent_id, r.parent_type, r.is_locked];
  if (same(content(before), content(after))) return [];
  const out = await contentOfPage(ws, ancestry, after, after.last_edited_by);
  if (moved(before, after)) {
    const left = await contentOfPage(ws, ancestry, before, after.last_edited_by);
    if (left[0] && left[0].change.current?.entity.id !== out[0]?.change.current?.entity.id) out.push(...left);
  }
  return out;
}

/** A comment made, edited or deleted. */
export async function commentEvent(ws: string, ancestry: Ancestry, row: CommentRow, suffix: "created" | "updated" | "deleted"): Promise<Emission[]> {
  const chain = await ancestry(row.parent_id);
  if (chain.length === 0) return [];
  const page = chain.find((l) => l.type === "page");
  const parent = { id: row.parent_id, type: row.parent_type === "page_id" ? "page" : "block" };
  const f = form(`comment.${suffix}`, { id: row.id, type: "comment" }, { parent, page_id: page?.id ?? row.parent_id });
  return [{ change: everywhere(f), author: row.created_by, audience: { ancestry: ids(chain) } }];
}

/** A view made, changed (which of name, filter, sorts, configuration) or deleted. */
export async function viewEvent(ws: string, ancestry: Ancestry, before: ViewRow | null, after: ViewRow | null): Promise<Emission[]> {
  const row = (after ?? before)!;
  const chain = await ancestry(row.database_id);
  if (chain.length === 0) return [];
  const parent = { id: row.database_id, type: "database" };
  const entity = { id: row.id, type: "view" as const };
  const audience = { ancestry: ids(chain) };
  if (!before) {
    const madeWith = [row.database_id, ...(row.data_source_id ? [row.data_source_id] : [])];
    return [{ change: everywhere(form("view.created", entity, { parent, view_type: row.type })), author: row.last_edited_by, audience, madeWith }];
  }
  if (!after) return [{ change: everywhere(form("view.deleted", entity, { parent })), author: before.last_edited_by, audience }];
  const fields: string[] = [];
  if (before.name !== after.name) fields.push("name");
  if (!same(before.filter, after.filter) || !same(before.quick_filters, after.quick_filters)) fields.push("filter");
  if (!same(before.sorts, after.sorts)) fields.push("sorts");
  if (!same(before.configuration, after.configuration) || before.type !== after.type || before.data_source_id !== after.data_source_id) fields.push("configuration");
  if (fields.length === 0) return [];
  return [{ change: everywhere(form("view.updated", entity, { parent, updated_fields: fields })), author: after.last_edited_by, audience }];
}

/** An upload made, or its status moved on: completed, expired, or its import failed. */
export function uploadEvent(before: FileUploadRow | null, after: FileUploadRow): Emission[] {
  const entity = { id: after.id, type: "file_upload" as const };
  const audience = { creator: after.created_by };
  const emit = (type: EventType, data: Json | null = null): Emission[] => [{ change: everywhere(form(type, entity, data)), author: after.created_by, audience }];
  if (!before) return emit("file_upload.created");
  if (before.status === after.status) return [];
  if (after.status === "uploaded") return emit("file_upload.completed");
  if (after.status === "expired") return emit("file_upload.expired");
  if (after.status === "failed") return emit("file_upload.upload_failed", { file_import_result: after.import_result });
  return [];
}
