/**
 * `template` on pages.create and pages.update. The request checks the template now (it must be
 * readable: an error answers the request) and queues the application in its own transaction;
 * the page is answered as the request left it, and the template's properties, icon, cover and
 * content are merged in after the answer (a background task, domain/async-tasks/background.ts),
 * as Notion does: "the returned page is momentarily blank until the template finishes applying"
 * (developers.notion.com/docs/creating-pages-from-templates); "After the API request finishes,
 * Notion's systems merge the content and properties from your chosen template into the current
 * page" (developers.notion.com/reference/patch-page). docs/design/templates.md.
 */
import type { NodeRow, StoredNode, Tx } from "../../storage/types.js";
import type { Ctx } from "../context.js";
import { errors } from "../../api/errors.js";
import { requireCap, visibleNode } from "../access.js";
import { assertNotTrashed, mentionResolver, touch } from "../nodes.js";
import type { DataSourceNode } from "../databases/model.js";
import { findProperty } from "../../query/index.js";
import { dataSourceOf } from "../pages/database-page.js";
import { defineBackground, queueBackground } from "../async-tasks/background.js";
import { copyContent } from "./copy.js";
import { isEmptyValue, mergeRowValues, mergeTitle, type MergeRule } from "./properties.js";
import { VariableFiller } from "./variables.js";
import { liveTemplates } from "./list-templates.js";

/** `template` of a request, validated (routes/pages.schema.ts). */
export type TemplateInput =
  | { type: "none" }
  | { type: "default"; timezone?: string }
  | { type: "template_id"; template_id: string; timezone?: string };

/** What the request must remember for the application: which page, which template, what it gave. */
export interface TemplateUse {
  template: StoredNode;
  timezone: string;
}

/**
 * The template a request names, checked now; null for `none`. `ds` is the data source the page
 * is (or will be) in, for `default`. Errors (none documented by Notion; unconfirmed):
 *  - `default` where there is no default template: 400 validation_error;
 *  - a `template_id` the integration cannot read (or no page): 404 object_not_found, worded as
 *    for any page that is not shared (developers.notion.com/reference/status-codes);
 *  - a template in the trash: 400 validation_error, as for editing one.
 */
export async function templateFor(tx: Tx, ctx: Ctx, input: TemplateInput | undefined, ds: DataSourceNode | null): Promise<TemplateUse | null> {
  if (!input || input.type === "none") return null;
  // Applying a template reads it: the integration needs read content (Quire's rule).
  requireCap(ctx, "read_content");
  const timezone = input.timezone ?? "UTC";
  if (input.type === "template_id") {
    const template = await visibleNode(tx, ctx, input.template_id, "page", (n) => n.type === "page");
    if (template.in_trash || template.inherited_trash) throw errors.validation(`Template ${input.template_id} is in the trash. Restore it before creating pages from it.`);
    return { template, timezone };
  }
  if (!ds) throw errors.validation("A default template can only be applied to pages in a data source.");
  const found = (await liveTemplates(tx, ctx.actor.workspace.id, ds.id)).find((t) => t.row.is_default);
  if (!found) throw errors.validation(`Data source ${ds.id} has no default template.`);
  return { template: found.node, timezone };
}

/** Children, content or markdown cannot be sent with a template (notion-cookbook: "When using a template, you cannot specify children"). */
export function childrenWithTemplate(key: string): never {
  throw errors.validation(`body.${key} should be not present when \`template\` is given.`);
}

/**
 * Queues the template's application to `page` (in the caller's transaction). `raw` is the
 * request's `properties`: the properties it names keep the request's values.
 */
export async function queueTemplate(tx: Tx, ctx: Ctx, page: NodeRow, use: TemplateUse, mode: MergeRule["mode"], raw: Record<string, unknown> | undefined, given: { icon: boolean; cover: boolean }): Promise<void> {
  const ds = await dataSourceOf(tx, ctx, page);
  const keys = Object.keys(raw ?? {});
  const ids = ds ? keys.map((k) => findProperty(ds.data.properties, k)?.id).filter((x): x is string => !!x) : keys.length ? ["title"] : [];
  await queueBackground(tx, ctx, "template", {
    page_id: page.id,
    template_id: use.template.id,
    timezone: use.timezone,
    at: ctx.clock.now(),
    mode,
    given: ids,
    icon: given.icon,
    cover: given.cover,
  });
}

interface Application {
  page_id: string;
  template_id: string;
  timezone: string;
  at: number;
  mode: MergeRule["mode"];
  given: string[];
  icon: boolean;
  cover: boolean;
}

/** The queued work: merges the template into the page, as the integration that asked (access checked again). */
async function applyTemplate(tx: Tx, ctx: Ctx, a: Application) {
  // The integration as it is now: capabilities taken away since the request stop the work too.
  requireCap(ctx, "read_content");
  requireCap(ctx, a.mode === "create" ? "insert_content" : "update_content");
  const page = await visibleNode(tx, ctx, a.page_id, "page", (n) => n.type === "page");
  assertNotTrashed(page);
  const template = await visibleNode(tx, ctx, a.template_id, "page", (n) => n.type === "page");
  const filler = new VariableFiller({ at: a.at, timeZone: a.timezone, me: ctx.actor.bot.id }, mentionResolver(tx, ctx));
  const rule: MergeRule = { mode: a.mode, given: a.given };
  const ds = await dataSourceOf(tx, ctx, page);
  if (ds) await mergeRowValues(tx, ctx, ds, page, template, await dataSourceOf(tx, ctx, template), rule, filler);
  else await mergeTitle(page, template, rule, filler);
  if (!a.icon && (a.mode === "create" || isEmptyValue(page.icon)) && template.icon) page.icon = structuredClone(template.icon);
  if (!a.cover && (a.mode === "create" || isEmptyValue(page.cover)) && template.cover) page.cover = structuredClone(template.cover);
  const blocks = await copyContent(tx, ctx, template, page, filler);
  await tx.updateNode(touch(page, ctx));
  return { page_id: page.id, template_id: template.id, blocks };
}

defineBackground("template", (tx, ctx, request) => applyTemplate(tx, ctx, request as unknown as Application));
