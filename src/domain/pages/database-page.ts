/**
 * Database pages: writing property values against the data source's schema (options created on
 * first use, dual relations kept in step) and presenting every schema property.
 */
import type { NodeRow, Tx } from "../../storage/types.js";
import type { Ctx } from "../context.js";
import { errors } from "../../api/errors.js";
import { Invalid, invalidToApiError } from "../../api/validate.js";
import { mentionResolver, touch } from "../nodes.js";
import type { DataSourceNode } from "../databases/model.js";
import { writeValue, newOption, type WriteEnv } from "../properties/write-values.js";
import { rowProperties } from "../properties/row-values.js";
import type { ReadEnv } from "../properties/read-env.js";
import { Sight } from "../visibility.js";
import { Preload } from "../preload.js";
import { notFound } from "../access.js";
import { hideUnseenMentions, mentionedObjects } from "../../present/mentions.js";
import { pageTitle } from "../../present/page.js";
import { rollupSource } from "../properties/rollups.js";
import { findProperty, projectIdx } from "../../query/index.js";
import { LIMITS } from "../../api/limits.js";
import type { PropertySchema } from "../properties/schema.js";
import { fileUrlsFor } from "../files/urls.js";

/** "A is not a property that exists. B is not a property that exists." */
export function unknownProperties(names: string[]) {
  return errors.validation(names.map((n) => `${n} is not a property that exists.`).join(" "));
}

/** The data source a database page lives in. */
export async function dataSourceOf(tx: Tx, ctx: Ctx, page: NodeRow): Promise<DataSourceNode | null> {
  if (page.parent_type !== "data_source_id") return null;
  const ds = await tx.getNode(ctx.actor.workspace.id, page.parent_id!);
  return ds?.type === "data_source" ? (ds as DataSourceNode) : null;
}

/**
 * Writes `raw` (keys: names or ids) into the page's properties. New select options are added to
 * the schema; dual relations update the related pages' synced property.
 */
export async function writeProperties(tx: Tx, ctx: Ctx, ds: DataSourceNode, page: NodeRow, raw: Record<string, unknown>): Promise<void> {
  const schema = ds.data.properties.map((p) => ({ ...p, config: { ...p.config } }));
  let schemaChanged = false;
  const sight = new Sight(tx, ctx.actor);
  const env: WriteEnv = {
    tx,
    workspaceId: ctx.actor.workspace.id,
    resolver: mentionResolver(tx, ctx),
    addOption(p: PropertySchema, name: string, color?: string) {
      const o = newOption(name, color);
      p.config.options = [...((p.config.options as unknown[]) ?? []), o];
      schemaChanged = true;
      return o;
    },
    async firstUnseen(ids) {
      await sight.load(ids);
      return ids.find((id) => !sight.sees(id)) ?? null;
    },
    unseen: (id) => notFound(ctx, "page", id),
  };
  const missing = Object.keys(raw).filter((k) => !findProperty(schema, k));
  if (missing.length) throw unknownProperties(missing);
  const props = { ...(page.properties ?? {}) };
  const relationChanges: { p: PropertySchema; before: string[]; after: string[] }[] = [];
  for (const [key, value] of Object.entries(raw)) {
    const p = findProperty(schema, key)!;
    let stored: unknown;
    try {
      stored = await writeValue(p, value, `body.properties.${key}`, env);
    } catch (e) {
      if (e instanceof Invalid) throw invalidToApiError("body", e);
      throw e;
    }
    if (p.type === "verification" && stored) (stored as Record<string, unknown>).verified_by = ctx.actor.bot.id;
    if (p.type === "relation") stored = await keepUnseen(sight, props[p.id], stored as string[], p.config.data_source_id as string);
    if (p.type === "relation" && p.config.kind === "dual_property") relationChanges.push({ p, before: (props[p.id] as string[]) ?? [], after: stored as string[] });
    props[p.id] = stored;
  }
  page.properties = props;
  page.idx = projectIdx(schema, props);
  if (schemaChanged) {
    ds.data = { ...ds.data, properties: schema };
    await tx.updateNode(touch(ds, ctx));
  }
  for (const change of relationChanges) await syncDual(tx, ctx, page, change);
}

/**
 * A relation written by someone who cannot see every page it held keeps those pages: the writer
 * replaces what it sees, never what it cannot (nor, through a dual relation, the pages
 * themselves). Quire's choice: Notion does not document it.
 */
async function keepUnseen(sight: Sight, before: unknown, written: string[], target: string): Promise<string[]> {
  const held = Array.isArray(before) ? before.filter((x): x is string => typeof x === "string") : [];
  if (held.length === 0) return written;
  await sight.loadRelated(held, target);
  const seen = new Set(held.filter((id) => sight.sees(id)));
  const kept = held.filter((id) => !seen.has(id) && !written.includes(id));
  return kept.length ? [...written, ...kept] : written;
}

/** Keeps the other side of a dual relation in step: added pages point back, removed ones stop. */
export async function syncDual(tx: Tx, ctx: Ctx, page: NodeRow, c: { p: PropertySchema; before: string[]; after: string[] }) {
  const ws = ctx.actor.workspace.id;
  const synced = c.p.config.synced_property_id as string;
  const added = c.after.filter((id) => !c.before.includes(id));
  const removed = c.before.filter((id) => !c.after.includes(id));
  for (const id of [...added, ...removed]) {
    if (id === page.id) continue;
    const other = await tx.getNode(ws, id);
    if (!other) continue;
    const list = ((other.properties?.[synced] as string[]) ?? []).filter((x) => x !== page.id);
    if (added.includes(id)) list.push(page.id);
    other.properties = { ...(other.properties ?? {}), [synced]: list };
    await tx.updateNode(touch(other, ctx));
  }
}

/** A row leaving its data source: the pages its dual relations point to stop pointing back. */
export async function detachRow(tx: Tx, ctx: Ctx, ds: DataSourceNode, page: NodeRow): Promise<void> {
  for (const p of ds.data.properties) {
    if (p.type !== "relation" || p.config.kind !== "dual_property") continue;
    const before = (page.properties?.[p.id] as string[] | undefined) ?? [];
    if (before.length) await syncDual(tx, ctx, page, { p, before, after: [] });
  }
}

/** Values a new row gets before its request's: the next unique ids, and each status's default. */
export function assignUniqueIds(ds: DataSourceNode, page: NodeRow): void {
  const counters = { ...ds.data.counters };
  for (const p of ds.data.properties) {
    if (p.type === "status" && page.properties?.[p.id] === undefined) {
      // A new row starts at the status's default: the first option of its first group ("Not started").
      const first = (p.config.groups as { option_ids: string[] }[] | undefined)?.[0]?.option_ids[0];
      if (first) page.properties = { ...(page.properties ?? {}), [p.id]: first };
    }
    if (p.type !== "unique_id") continue;
    const n = counters[p.id] ?? 1;
    page.properties = { ...(page.properties ?? {}), [p.id]: n };
    counters[p.id] = n + 1;
  }
  ds.data = { ...ds.data, counters };
}

/**
 * What reading values needs for this caller: its capabilities, clock and time zone, and what it
 * may see (`sight`: one per request, shared by every page of an answer) and what it has read
 * (`preload`: likewise).
 */
export function readEnv(tx: Tx, ctx: Ctx, cut: boolean, sight: Sight = new Sight(tx, ctx.actor), preload = new Preload(tx, ctx.actor.workspace.id)): ReadEnv {
  const ws = ctx.actor.workspace.id;
  return { tx, workspaceId: ws, caps: ctx.actor.caps, sight, cut, preload, files: fileUrlsFor(ctx), now: ctx.clock.now(), answer: ctx.answer, timeZone: ctx.actor.workspace.time_zone, budget: ctx.budget, memo: { formulas: new Map(), pages: new Map() } };
}

/** The `properties` of a database page as the caller sees them (`env`: one shared by every row of an answer). */
export async function databasePageProperties(tx: Tx, ctx: Ctx, page: NodeRow, ds: DataSourceNode, only?: Set<string>, sight?: Sight, env?: ReadEnv) {
  return rowProperties(page, ds.data.properties, env ?? readEnv(tx, ctx, true, sight), rollupSource(), only);
}

/**
 * The row with its title as the reader sees it (unseen mentions untitled), for what is made of
 * the stored title beside the values — the page's URL.
 */
export async function withSeenTitle(row: NodeRow, sight: Sight): Promise<NodeRow> {
  const title = pageTitle(row);
  const ids = mentionedObjects(title);
  if (ids.length === 0) return row;
  await sight.load(ids);
  const seen = hideUnseenMentions(title, (id) => sight.sees(id));
  return seen === title ? row : { ...row, properties: { ...row.properties, title: seen } };
}

/**
 * Decides in one batch what the reader may see of the pages the rows' relations point to (the
 * first `perRelation` of each value: page objects show 25) and the objects their text mentions,
 * so a page of results costs a few queries, not a few per row.
 */
export async function preloadSight(sight: Sight, rows: readonly NodeRow[], schema: readonly PropertySchema[], perRelation = LIMITS.PAGE_PROPERTY_REFERENCES + 1): Promise<void> {
  const mentioned: string[] = [];
  for (const p of schema) {
    if (p.type === "relation") {
      const ids: string[] = [];
      for (const row of rows) {
        const stored = row.properties?.[p.id];
        if (Array.isArray(stored)) ids.push(...(stored.slice(0, perRelation) as string[]));
      }
      await sight.loadRelated(ids, p.config.data_source_id as string | undefined);
    } else if (p.type === "title" || p.type === "rich_text") {
      for (const row of rows) if (Array.isArray(row.properties?.[p.id])) mentionedObjects(row.properties![p.id] as unknown[], mentioned);
    }
  }
  await sight.load(mentioned);
}

export { errors };
