/**
 * A template's property values merged into a page. The rule (Quire's reading of Notion's docs,
 * docs/design/templates.md):
 *  - a property the request gave keeps the request's value ("We can customize properties - they
 *    won't be overridden by the template": notion-cookbook, create-page-with-template);
 *  - a new page takes every other value the template has; an existing page (pages.update) only
 *    where its own value is empty ("merge the content and properties from your chosen template
 *    into the current page": developers.notion.com/reference/patch-page — which values win on
 *    update is not documented; unconfirmed);
 *  - computed values (formulas, rollups, unique ids, created/edited, buttons, verification)
 *    are never copied.
 * A template in the same data source gives its values by property id; a template elsewhere
 * gives the values of properties with the same name and type (options matched by name), and a
 * plain page gives its title.
 */
import type { NodeRow, Tx } from "../../storage/types.js";
import type { Ctx } from "../context.js";
import type { DataSourceNode } from "../databases/model.js";
import { READ_ONLY_TYPES, type PropertySchema, type SelectOption } from "../properties/schema.js";
import { syncDual } from "../pages/database-page.js";
import { projectIdx } from "../../query/index.js";
import { Sight } from "../visibility.js";
import type { VariableFiller } from "./variables.js";

const NOT_COPIED = new Set<string>([...READ_ONLY_TYPES, "verification"]);

/** How a template's values are merged: into a new page (`create`) or an existing one (`update`). */
export interface MergeRule {
  mode: "create" | "update";
  /** Property ids the request gave (they keep the request's values). */
  given: readonly string[];
}

/** Whether a stored value counts as empty (an unchecked checkbox is empty). */
export function isEmptyValue(v: unknown): boolean {
  return v === undefined || v === null || v === false || v === "" || (Array.isArray(v) && v.length === 0);
}

/** Merges the template's values into a database page (its data source `ds`). */
export async function mergeRowValues(tx: Tx, ctx: Ctx, ds: DataSourceNode, page: NodeRow, template: NodeRow, from: DataSourceNode | null, rule: MergeRule, filler: VariableFiller): Promise<void> {
  const schema = ds.data.properties;
  const props = { ...(page.properties ?? {}) };
  const relations: Record<string, unknown> = {};
  for (const p of schema) {
    if (NOT_COPIED.has(p.type) || rule.given.includes(p.id)) continue;
    if (rule.mode === "update" && !isEmptyValue(props[p.id])) continue;
    const value = sourceValue(p, ds, template, from);
    if (isEmptyValue(value)) continue;
    if (p.type === "relation") relations[p.id] = value;
    else props[p.id] = p.type === "title" || p.type === "rich_text" ? await filler.fill(value) : structuredClone(value);
  }
  page.properties = props;
  page.idx = projectIdx(schema, props);
  await writeRelations(tx, ctx, ds, page, relations);
}

/** Merges the template's title into a page outside data sources. */
export async function mergeTitle(page: NodeRow, template: NodeRow, rule: MergeRule, filler: VariableFiller): Promise<void> {
  const title = template.properties?.title;
  if (rule.given.includes("title") || isEmptyValue(title)) return;
  if (rule.mode === "update" && !isEmptyValue(page.properties?.title)) return;
  page.properties = { ...(page.properties ?? {}), title: await filler.fill(title) };
}

/** The template's value for the page's property `p`, in the page's terms; undefined when it has none. */
function sourceValue(p: PropertySchema, ds: DataSourceNode, template: NodeRow, from: DataSourceNode | null): unknown {
  if (from?.id === ds.id) return template.properties?.[p.id];
  if (!from) return p.type === "title" ? template.properties?.title : undefined;
  const q = from.data.properties.find((x) => x.type === p.type && (x.name === p.name || p.type === "title"));
  if (!q || NOT_COPIED.has(q.type)) return undefined;
  const value = template.properties?.[q.id];
  if (p.type === "select" || p.type === "status") return typeof value === "string" ? sameOption(q, p, value) : undefined;
  if (p.type === "multi_select") return Array.isArray(value) ? value.map((v) => sameOption(q, p, v as string)).filter((v) => v !== undefined) : undefined;
  if (p.type === "relation") return q.config.data_source_id === p.config.data_source_id ? value : undefined;
  return value;
}

/** The id of the option of `to` named like option `id` of `from`. */
function sameOption(from: PropertySchema, to: PropertySchema, id: string): string | undefined {
  const name = (from.config.options as SelectOption[] | undefined)?.find((o) => o.id === id)?.name;
  return (to.config.options as SelectOption[] | undefined)?.find((o) => o.name === name)?.id;
}

/**
 * Relation values keep only the related pages the integration sees that are still rows of the
 * relation's data source (a page it cannot see is never written into a value it makes); dual
 * relations point back, as on any write.
 */
async function writeRelations(tx: Tx, ctx: Ctx, ds: DataSourceNode, page: NodeRow, relations: Record<string, unknown>): Promise<void> {
  const sight = new Sight(tx, ctx.actor);
  for (const [id, value] of Object.entries(relations)) {
    const p = ds.data.properties.find((x) => x.id === id)!;
    const target = p.config.data_source_id as string;
    const ids = (value as unknown[]).filter((x): x is string => typeof x === "string" && x !== page.id);
    await sight.loadRelated(ids, target);
    const rows = new Set(await tx.rowsAmong(ctx.actor.workspace.id, target, ids.filter((x) => sight.sees(x))));
    const kept = ids.filter((x) => rows.has(x));
    if (kept.length === 0) continue;
    page.properties = { ...page.properties, [id]: kept };
    if (p.config.kind === "dual_property") await syncDual(tx, ctx, page, { p, before: [], after: kept });
  }
  page.idx = projectIdx(ds.data.properties, page.properties);
}
