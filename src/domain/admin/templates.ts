/**
 * Control-API verbs for page templates. Notion's templates are made in its app ("those can only
 * be created/designated through the Notion UI": notion-cookbook, create-page-with-template); here
 * the operator marks a row page of a data source as one of its templates, or undoes it. A
 * template leaves the data source's rows (queries, views) and search; it stays a page that
 * integrations can read and edit. At most one template of a data source is its default.
 */
import type { Tx } from "../../storage/types.js";
import type { TemplateRow } from "../../storage/templates.js";
import type { Deps } from "../context.js";
import { errors } from "../../api/errors.js";
import { plainText } from "../rich-text.js";
import { pageTitle } from "../../present/page.js";

/** A template as the control API shows it. */
export interface TemplateView {
  object: "template";
  id: string;
  data_source_id: string;
  name: string;
  is_default: boolean;
}

async function view(tx: Tx, row: TemplateRow): Promise<TemplateView> {
  const node = await tx.getNode(row.workspace_id, row.page_id);
  return { object: "template", id: row.page_id, data_source_id: row.data_source_id, name: plainText(pageTitle(node ?? { properties: null })), is_default: row.is_default };
}

async function dataSourceOr404(tx: Tx, ws: string, id: string): Promise<void> {
  const ds = await tx.getNode(ws, id);
  if (!ds || ds.type !== "data_source") throw errors.notFound("data_source", id);
}

/**
 * Marks `pageId` (a page of the data source) as a template, or changes whether it is the
 * default (`isDefault` omitted: a new template is not the default, a marked one stays as it is).
 */
export async function markTemplate(deps: Deps, tx: Tx, ws: string, dsId: string, pageId: string, isDefault?: boolean): Promise<TemplateView> {
  await dataSourceOr404(tx, ws, dsId);
  const page = await tx.getNode(ws, pageId);
  if (!page || page.type !== "page") throw errors.notFound("page", pageId);
  if (page.parent_id !== dsId) throw errors.validation(`Page ${pageId} is not a page of data source ${dsId}: only its own pages can be its templates.`);
  const known = await tx.templates.get(ws, pageId);
  const row: TemplateRow = { workspace_id: ws, data_source_id: dsId, page_id: pageId, is_default: isDefault ?? known?.is_default ?? false, created_time: known?.created_time ?? deps.clock.now() };
  if (row.is_default) {
    for (const other of await tx.templates.list(ws, dsId)) if (other.is_default && other.page_id !== pageId) await tx.templates.put({ ...other, is_default: false });
  }
  await tx.templates.put(row);
  return view(tx, row);
}

/** Makes a template an ordinary row of its data source again. */
export async function unmarkTemplate(tx: Tx, ws: string, dsId: string, pageId: string) {
  const known = await tx.templates.get(ws, pageId);
  if (!known || known.data_source_id !== dsId) throw errors.notFound("page", pageId);
  await tx.templates.remove(ws, pageId);
  return { object: "template", id: pageId, data_source_id: dsId, deleted: true };
}

/** Every template of the data source (in the trash too), in the order they were marked. */
export async function listAllTemplates(tx: Tx, ws: string, dsId: string): Promise<TemplateView[]> {
  await dataSourceOr404(tx, ws, dsId);
  const out: TemplateView[] = [];
  for (const row of await tx.templates.list(ws, dsId)) out.push(await view(tx, row));
  return out;
}
