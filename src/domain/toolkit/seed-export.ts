/**
 * `GET /_quire/v1/workspaces/:id/seed` and `quire export --seed`: a workspace written in the seed
 * file format (docs/design/seed-files.md), read in one unit through the API's own presenters (as
 * the workspace's owner), so starting from the export and exporting again gives the same file.
 * Left out: tokens and passwords (only their hashes are kept), the Quire's operator (who owns
 * every workspace a seed makes), pages outside the Workspace section, files uploaded to Quire,
 * computed property values, comments, the Workspace section's own entry on top-level pages. Order is made stable: top-level pages and rows by id.
 */
import type { Tx } from "../../storage/types.js";
import type { Ctx, Deps } from "../context.js";
import { workspaceOr404 } from "../admin/workspaces.js";
import { firstOwner } from "../admin/members.js";
import { errors } from "../../api/errors.js";
import { listBlockChildren } from "../blocks/list-block-children.js";
import { retrievePage } from "../pages/retrieve-page.js";
import { retrieveDatabase } from "../databases/retrieve-database.js";
import { retrieveDataSource } from "../databases/data-sources.js";
import { seedCtx } from "./seed.js";
import { sectionOf } from "../page-sections.js";
import { liveTemplates } from "../templates/list-templates.js";
import { tabViews } from "../views/model.js";
import { viewResponse } from "../views/show.js";

type Json = Record<string, any>;

/** The seed file of workspace `id`, read in the caller's unit `tx`. */
export async function exportSeed(deps: Deps, tx: Tx, id: string): Promise<Json> {
  {
    const ws = await workspaceOr404(tx, id);
    const owner = await firstOwner(tx, id);
    if (!owner) throw errors.validation(`Workspace ${id} has no owner to read it as.`);
    const ctx = await seedCtx(deps, tx, id, owner);
    const operator = await tx.getMeta("owner_user_id");
    const out: Json = { id: ws.id, name: ws.name, time_zone: ws.time_zone, people: await people(tx, id), groups: await groups(tx, id, operator), integrations: await integrations(tx, id) };
    const pages: Json[] = [];
    const databases: Json[] = [];
    const top = await topLevelPages(tx, id, [...out.people.map((p: Json) => p.id as string), ...(operator ? [operator] : [])]);
    const authors = new Set([...out.people.map((p: Json) => p.id as string), ...out.integrations.map((g: Json) => g.id as string)]);
    const ex: Export = { ctx, tx, operator, authors, pages, databases };
    for (const pageId of top) {
      // A person's private page is read as that person (the owner does not see it).
      const person = await privateOwner(ex, pageId);
      const reader = person ? await tx.getUser(id, person) : null;
      await visitPage(reader ? { ...ex, ctx: await seedCtx(deps, tx, id, reader) } : ex, pageId, null);
    }
    Object.assign(out, { pages, databases });
    return { version: 1, workspaces: [out] };
  }
}

async function people(tx: Tx, ws: string): Promise<Json[]> {
  const operator = await tx.getMeta("owner_user_id");
  const out: Json[] = [];
  for (let from: string | null = null; ; ) {
    const page = await tx.members.listMembers(ws, from, 100);
    for (const u of page?.items ?? []) if (u.id !== operator && u.type === "person") out.push({ id: u.id, email: u.email, name: u.name, role: u.role });
    if (!page?.next) break;
    from = page.next;
  }
  return out.sort((a, b) => (a.id < b.id ? -1 : 1));
}

async function groups(tx: Tx, ws: string, operator: string | null): Promise<Json[]> {
  const out: Json[] = [];
  for (let from: string | null = null; ; ) {
    const page = await tx.groups.list(ws, from, 100);
    const items = page?.items ?? [];
    const members = await tx.groups.membersOf(ws, items.map((g) => g.id));
    for (const g of items) {
      const ids = members.filter((m) => m.group_id === g.id && m.user_id !== operator).map((m) => m.user_id).sort();
      out.push({ id: g.id, name: g.name, ...(g.external_id ? { external_id: g.external_id } : {}), members: ids });
    }
    if (!page?.next) break;
    from = page.next;
  }
  return out.sort((a, b) => (a.id < b.id ? -1 : 1));
}

/** What one export walk carries: the unit, who is in the file, and the lists it fills. */
interface Export {
  ctx: Ctx;
  tx: Tx;
  operator: string | null;
  /** People and integrations of the file: the comment authors that can be written (else the owner, when it is the operator). */
  authors: Set<string>;
  pages: Json[];
  databases: Json[];
}

/**
 * A page's or database's explicit permissions, but the Workspace section's entry of a top-level
 * page (a seed gives it anyway), the private page's own person's (given by `private_to`) and the
 * operator's (not in the file).
 */
async function permissionsOf(ctx: Ctx, tx: Tx, id: string, topLevel: boolean, privateTo?: string): Promise<Json> {
  const operator = await tx.getMeta("owner_user_id");
  const entries = (await tx.permissions.listOn(ctx.actor.workspace.id, id))
    .filter((e) => !(topLevel && e.principal_type === "workspace" && e.level === "full_access") && e.principal_id !== operator)
    .filter((e) => !(privateTo && e.principal_type === "user" && e.principal_id === privateTo && e.level === "full_access"))
    .map((e) => (e.principal_type === "workspace" ? { workspace: true, level: e.level } : { [e.principal_type]: e.principal_id, level: e.level }))
    .sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
  return entries.length ? { permissions: entries } : {};
}

async function integrations(tx: Tx, ws: string): Promise<Json[]> {
  const rows = (await tx.listIntegrations(ws)).filter((g) => !g.oauth_client_id);
  const out: Json[] = [];
  for (const g of rows) out.push({ id: g.id, name: g.name, capabilities: g.capabilities, shares: [...(await tx.listShares(ws, g.id))].sort() });
  return out.sort((a, b) => (a.id < b.id ? -1 : 1));
}

/**
 * Top-level pages, by id: those of the Workspace section (with the workspace-wide entry) and the
 * private ones of `people` (each has its person's entry).
 */
async function topLevelPages(tx: Tx, ws: string, people: string[]): Promise<string[]> {
  const ids = await tx.permissions.nodesWith(ws, [{ type: "workspace", id: ws }, ...people.map((id) => ({ type: "user" as const, id }))], 100_000);
  const nodes = await tx.getNodes(ws, ids);
  return nodes.filter((n) => n.type === "page" && n.parent_type === "workspace" && !n.in_trash).map((n) => n.id).sort();
}

async function visitPage(ex: Export, id: string, parent: string | null): Promise<void> {
  const { ctx, tx } = ex;
  const page = (await retrievePage(ctx, id, null)) as Json;
  const item: Json = { id, ...(parent ? { parent } : {}), title: richTextRequest(page.properties.title.title) };
  const privateTo = parent === null ? await privateOwner(ex, id) : undefined;
  if (privateTo !== undefined) Object.assign(item, { section: "private" }, privateTo ? { private_to: privateTo } : {});
  Object.assign(item, looks(page), await permissionsOf(ctx, tx, id, parent === null, privateTo || (privateTo === null ? (ex.operator ?? undefined) : undefined)));
  const content = await blocks(ctx, id);
  if (content.children.length) item.children = content.children;
  Object.assign(item, await discussionsOf(ex, id, content.blockIds));
  ex.pages.push(item);
  await visitChildren(ex, content, id);
}

/**
 * A private top-level page's person (its creator if they have full access, else the first person
 * with full access, by id): null when it is the operator's (the file's owner), undefined when the
 * page is in the Workspace section.
 */
async function privateOwner(ex: Export, id: string): Promise<string | null | undefined> {
  const ws = ex.ctx.actor.workspace.id;
  if ((await sectionOf(ex.tx, ws, id)) === "workspace") return undefined;
  const full = (await ex.tx.permissions.listOn(ws, id)).filter((e) => e.principal_type === "user" && e.level === "full_access").map((e) => e.principal_id).sort();
  const creator = (await ex.tx.getNode(ws, id))?.created_by;
  const person = creator && full.includes(creator) ? creator : (full.find((u) => u !== ex.operator) ?? ex.operator);
  return person === ex.operator ? null : person;
}

/**
 * The comment threads on a page and its blocks, oldest first, resolved ones too; comments whose
 * author is not in the file (a public integration's bot, a former member) are left out, and the
 * operator's are written without an author (the owner of the seeded workspace).
 */
async function discussionsOf(ex: Export, pageId: string, blockIds: string[]): Promise<Json> {
  const rows = await ex.tx.comments.listAllOn(ex.ctx.actor.workspace.id, [pageId, ...blockIds]);
  const threads = new Map<string, Json>();
  for (const c of rows) {
    const own = c.created_by === ex.operator;
    if (!own && !ex.authors.has(c.created_by)) continue;
    let d = threads.get(c.discussion_id);
    if (!d) {
      d = { id: c.discussion_id, ...(c.parent_type === "block_id" ? { block: c.parent_id } : {}), ...(c.resolved ? { resolved: true } : {}), comments: [] };
      threads.set(c.discussion_id, d);
    }
    const author = own ? null : await ex.tx.getUser(ex.ctx.actor.workspace.id, c.created_by);
    const usual = { type: author && author.type !== "person" ? "integration" : "user", resolved_name: author?.name ?? c.display_name.resolved_name };
    const shown = own || (c.display_name.type === usual.type && c.display_name.resolved_name === usual.resolved_name) ? {} : { display_name: c.display_name };
    (d.comments as Json[]).push({ id: c.id, ...(own ? {} : { author: c.created_by }), rich_text: richTextRequest(c.rich_text as Json[]), ...shown });
  }
  return threads.size ? { discussions: [...threads.values()] } : {};
}

async function visitChildren(ex: Export, content: Content, parent: string): Promise<void> {
  for (const child of content.pages) await visitPage(ex, child, parent);
  for (const db of content.databases) await visitDatabase(ex, db, parent);
}

async function visitDatabase(ex: Export, id: string, parent: string): Promise<void> {
  const { ctx, tx } = ex;
  const db = (await retrieveDatabase(ctx, id)) as Json;
  const dsId: string | undefined = db.data_sources?.[0]?.id;
  if (!dsId) return;
  const ds = (await retrieveDataSource(ctx, dsId)) as Json;
  const item: Json = { id, data_source_id: dsId, parent, title: richTextRequest(db.title), ...looks(db) };
  if (db.is_inline) item.is_inline = true;
  if (db.description?.length) item.description = richTextRequest(db.description);
  Object.assign(item, await permissionsOf(ctx, tx, id, false));
  const names = new Map(Object.entries(ds.properties as Json).map(([name, p]) => [(p as Json).id as string, name]));
  item.properties = Object.fromEntries(Object.entries(ds.properties as Json).map(([name, p]) => [name, schemaRequest(p as Json, names)]));
  const ws = ctx.actor.workspace.id;
  // Templates are pages of the data source too: written apart, in their order, not among the rows.
  const templateIds = new Set((await tx.templates.list(ws, dsId)).map((t) => t.page_id));
  const rowIds: string[] = [];
  for (let from: string | null = null; ; ) {
    const list = await tx.listChildren(ws, dsId, from, 100);
    for (const n of list?.items ?? []) if (n.type === "page" && !templateIds.has(n.id)) rowIds.push(n.id);
    if (!list?.next) break;
    from = list.next;
  }
  rowIds.sort();
  const later: { content: Content; id: string }[] = [];
  const rows: Json[] = [];
  for (const rowId of rowIds) rows.push(await rowItem(ex, rowId, later));
  item.rows = rows;
  const templates: Json[] = [];
  for (const t of await liveTemplates(tx, ws, dsId)) templates.push({ ...(await rowItem(ex, t.row.page_id, later)), ...(t.row.is_default ? { is_default: true } : {}) });
  if (templates.length) item.templates = templates;
  item.views = await viewsOf(ex, id, dsId, names);
  ex.databases.push(item);
  for (const l of later) await visitChildren(ex, l.content, l.id);
}

/** A row (or template) as a seed gives it; its content is queued in `later` for its child pages and databases. */
async function rowItem(ex: Export, rowId: string, later: { content: Content; id: string }[]): Promise<Json> {
  const { ctx, tx } = ex;
  const row = (await retrievePage(ctx, rowId, null)) as Json;
  const r: Json = { id: rowId, ...looks(row), properties: rowValues(row.properties), ...(await permissionsOf(ctx, tx, rowId, false)) };
  const content = await blocks(ctx, rowId);
  if (content.children.length) r.children = content.children;
  Object.assign(r, await discussionsOf(ex, rowId, content.blockIds));
  later.push({ content, id: rowId });
  return r;
}

/**
 * The database's tab views of its data source, in tab order, as POST /v1/views takes them:
 * conditions and configuration naming properties by name (a seed makes new property ids).
 * Dashboards and their widgets are left out.
 */
async function viewsOf(ex: Export, databaseId: string, dsId: string, names: Map<string, string>): Promise<Json[]> {
  const out: Json[] = [];
  for (const v of await tabViews(ex.tx, ex.ctx, databaseId)) {
    if (v.type === "dashboard" || v.data_source_id !== dsId) continue;
    const shown = (await viewResponse(ex.tx, ex.ctx, v)) as Json;
    const item: Json = { id: v.id, name: shown.name, type: shown.type };
    for (const k of ["filter", "sorts", "quick_filters"]) if (shown[k] !== null && shown[k] !== undefined) item[k] = shown[k];
    const config = configurationRequest(shown.configuration, names);
    if (Object.keys(config).some((k) => k !== "type")) item.configuration = config;
    out.push(item);
  }
  return out;
}

/** Keys of a view configuration that name a property (by id in answers), and the names answers add beside them. */
const PROPERTY_KEYS = new Set(["property_id", "date_property_id", "end_date_property_id", "map_by", "x_axis_property_id", "y_axis_property_id", "toggle_column_id"]);
const NAME_KEYS = new Set(["property_name", "date_property_name", "end_date_property_name", "map_by_property_name"]);

/** A shown view configuration with every property named by its name, the answer-only names dropped. */
function configurationRequest(v: any, names: Map<string, string>): any {
  if (Array.isArray(v)) return v.map((x) => configurationRequest(x, names));
  if (!v || typeof v !== "object") return v;
  const out: Json = {};
  for (const [k, x] of Object.entries(v as Json)) {
    if (NAME_KEYS.has(k)) continue;
    out[k] = PROPERTY_KEYS.has(k) && typeof x === "string" ? (names.get(x) ?? x) : configurationRequest(x, names);
  }
  return out;
}

/** Icon and cover as the API takes them; files uploaded to Quire are left out. */
function looks(o: Json): Json {
  const out: Json = {};
  for (const k of ["icon", "cover"]) if (o[k] && o[k].type !== "file" && o[k].type !== "file_upload") out[k] = o[k];
  return out;
}

interface Content {
  children: Json[];
  pages: string[];
  databases: string[];
  /** Every block's id, nested ones too (where comments may be). */
  blockIds: string[];
}

const DROP = new Set(["object", "id", "parent", "created_time", "created_by", "last_edited_time", "last_edited_by", "has_children", "archived", "in_trash"]);

/** A block's content as the API takes it (children nested), and its child pages and databases apart. */
async function blocks(ctx: Ctx, id: string): Promise<Content> {
  const out: Content = { children: [], pages: [], databases: [], blockIds: [] };
  for (let cursor: string | null = null; ; ) {
    const list = (await listBlockChildren(ctx, id, cursor, 100)) as Json;
    for (const b of list.results as Json[]) {
      if (b.type === "child_page") out.pages.push(b.id);
      else if (b.type === "child_database") out.databases.push(b.id);
      else {
        const payload = b[b.type] as Json;
        if (["image", "file", "pdf", "video", "audio"].includes(b.type) && payload?.type !== "external") continue;
        const req: Json = { id: b.id, type: b.type, [b.type]: cleanRichText(payload) };
        out.blockIds.push(b.id);
        for (const k of Object.keys(b)) if (!DROP.has(k) && k !== "type" && k !== b.type) req[k] = b[k];
        if (b.has_children) {
          const inner = await blocks(ctx, b.id);
          if (inner.children.length) req[b.type] = { ...req[b.type], children: inner.children };
          out.pages.push(...inner.pages);
          out.databases.push(...inner.databases);
          out.blockIds.push(...inner.blockIds);
        }
        out.children.push(req);
      }
    }
    if (!list.has_more) break;
    cursor = list.next_cursor;
  }
  return out;
}

/** Rich text items without the answer-only fields, wherever they are in a payload. */
function cleanRichText(v: any): any {
  if (Array.isArray(v)) return v.map(cleanRichText);
  if (!v || typeof v !== "object") return v;
  if (typeof v.plain_text === "string" && v.type) return richItem(v);
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, cleanRichText(x)]));
}

/** Rich text as the API takes it: a plain string when it is plain, else the items without answer-only fields. */
function richTextRequest(items: Json[]): any {
  if (items.every((i) => i.type === "text" && !i.text.link && Object.entries(i.annotations ?? {}).every(([k, v]) => (k === "color" ? v === "default" : !v))))
    return items.map((i) => i.text.content).join("");
  return items.map(richItem);
}

/** One rich text item without `plain_text` and `href` (answer-only). */
function richItem(i: Json): Json {
  const { plain_text: _p, href: _h, ...rest } = i;
  return rest;
}

const COMPUTED = new Set(["formula", "rollup", "created_time", "created_by", "last_edited_time", "last_edited_by", "unique_id", "button", "verification"]);

/** A data source property's schema as the API takes it (options by name and color; formulas naming properties by name). */
function schemaRequest(p: Json, names: Map<string, string>): Json {
  const config = { ...(p[p.type] ?? {}) } as Json;
  if (p.type === "formula" && typeof config.expression === "string") config.expression = byName(config.expression, names);
  if (Array.isArray(config.options)) config.options = config.options.map((o: Json) => ({ name: o.name, color: o.color }));
  if (p.type === "status") delete config.groups;
  return { [p.type]: config };
}

/**
 * A formula's references `{{notion:block_property:<id>:<data source>:<workspace>}}` (how the API
 * answers them) written `prop("Name")`, which reads the same in the data source a seed makes anew.
 */
function byName(expression: string, names: Map<string, string>): string {
  return expression.replace(/\{\{notion:block_property:([^:}]+)(?::[^}]*)?\}\}/g, (whole, id: string) => {
    const name = names.get(decodeURIComponent(id)) ?? names.get(id);
    return name === undefined ? whole : `prop(${JSON.stringify(name)})`;
  });
}

/** Row values as the API takes them (computed ones left out). */
function rowValues(props: Json): Json {
  const out: Json = {};
  for (const [name, v] of Object.entries(props as Record<string, Json>)) {
    if (COMPUTED.has(v.type)) continue;
    const x = v[v.type];
    switch (v.type) {
      case "title":
      case "rich_text":
        out[name] = { [v.type]: cleanRichText(x) };
        break;
      case "select":
      case "status":
        out[name] = { [v.type]: x ? { name: x.name } : null };
        break;
      case "multi_select":
        out[name] = { multi_select: x.map((o: Json) => ({ name: o.name })) };
        break;
      case "people":
      case "relation":
        out[name] = { [v.type]: x.map((o: Json) => ({ id: o.id })) };
        break;
      case "files":
        out[name] = { files: x.filter((f: Json) => f.type === "external").map((f: Json) => ({ name: f.name, type: "external", external: { url: f.external.url } })) };
        break;
      default:
        out[name] = { [v.type]: x };
    }
  }
  return out;
}
