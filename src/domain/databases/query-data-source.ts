/**
 * POST /v1/data_sources/{id}/query (and, under 2022-06-28, /v1/databases/{id}/query): the filter
 * and sorts of spec §7 run in SQL, or in memory when they read formula or rollup values; cursors
 * survive concurrent writes; at most 10,000 rows per query (Notion's cap, with `request_status`).
 * Reference: developers.notion.com/reference/query-a-data-source
 */
import type { RowQuery, StoredNode, Tx } from "../../storage/types.js";
import type { Ctx } from "../context.js";
import { requireCap } from "../access.js";
import { errors } from "../../api/errors.js";
import { Invalid, invalidToApiError } from "../../api/validate.js";
import { parseFilterPaced, parseSorts, evaluate, comparePositions, computedProperties, orderKey, queryRow, relationReads, withHidden, type FilterNode, type OrderPosition, type QueryRow, type Sortable, type SortKey } from "../../query/index.js";
import { databasePageProperties, preloadSight, readEnv, withSeenTitle } from "../pages/database-page.js";
import { knownSchema, preloadRows } from "../properties/read-env.js";
import { Sight } from "../visibility.js";
import { presentPage } from "../../present/page.js";
import { rollupSource } from "../properties/rollups.js";
import { valueOf } from "../properties/read-values.js";
import { loadDataSource, loadDatabase, singleDataSource, type DataSourceNode } from "./model.js";
import { fileUrlsFor } from "../files/urls.js";
import { conditionContext } from "../filter-context.js";
import { listsShowTitleOnly } from "../../api/version.js";

/** Notion answers at most this many rows for one query (filter + sorts). */
export const QUERY_ROW_LIMIT = 10_000;

export interface QueryInput {
  filter?: unknown;
  sorts?: unknown;
  start_cursor?: string;
  page_size: number;
  in_trash: boolean;
  result_type?: "page" | "data_source";
  filter_properties?: string[];
}

/**
 * A cursor names the next row: its offset, id and order key (the values it is sorted by). The
 * next page starts where that row stands now — or, when it has gone, stopped matching or been
 * re-sorted, where a row with its old key would stand — so rows that exist throughout are
 * neither skipped nor repeated, whatever is created, trashed or edited between pages.
 */
interface Cursor extends OrderPosition {
  offset: number;
}

const isSortable = (v: unknown): v is Sortable => v === null || typeof v === "string" || (typeof v === "number" && Number.isFinite(v));

const cursor = {
  encode: (offset: number, at: OrderPosition) => Buffer.from(JSON.stringify([offset, at.id, at.key])).toString("base64url"),
  decode(text: string): Cursor | null {
    try {
      const [offset, id, key] = JSON.parse(Buffer.from(text, "base64url").toString());
      const ok = Number.isInteger(offset) && offset >= 0 && typeof id === "string" && Array.isArray(key) && key.every(isSortable);
      return ok ? { offset, id, key } : null;
    } catch {
      return null;
    }
  },
};

export async function queryDataSource(ctx: Ctx, id: string, input: QueryInput) {
  requireCap(ctx, "read_content");
  return ctx.store.read(async (tx) => runQuery(tx, ctx, await loadDataSource(tx, ctx, id), input, "page_or_data_source"));
}

/** The 2022-06-28 form: a database is one table. */
export async function queryDatabase(ctx: Ctx, id: string, input: QueryInput) {
  requireCap(ctx, "read_content");
  return ctx.store.read(async (tx) => runQuery(tx, ctx, await singleDataSource(tx, ctx, await loadDatabase(tx, ctx, id)), input, "page_or_database"));
}

async function runQuery(tx: Tx, ctx: Ctx, ds: DataSourceNode, input: QueryInput, listType: string) {
  const schema = ds.data.properties;
  let parsed: { filter: FilterNode | null; sorts: readonly SortKey[] };
  try {
    const filter = await parseFilterPaced(input.filter, schema, conditionContext(ctx), () => ctx.budget.pace());
    parsed = { filter, sorts: parseSorts(input.sorts, schema, { path: "body.sorts" }) };
  } catch (e) {
    if (e instanceof Invalid) throw invalidToApiError("body", e);
    throw e;
  }
  // One sight for the whole request: filters, computed values and every page of the answer.
  const sight = new Sight(tx, ctx.actor);
  const { filter, sorts } = withHidden(parsed.filter, parsed.sorts, await unseenRelated(tx, ctx, ds, parsed, sight));
  const q: RowQuery = { filter, sorts, trashed: input.in_trash, offset: 0, limit: input.page_size };
  let at: Cursor | null = null;
  if (input.start_cursor !== undefined) {
    at = cursor.decode(input.start_cursor);
    if (!at) throw errors.validation(`The start_cursor provided is invalid: ${input.start_cursor}`);
    // A cursor of a query with other sorts keeps only its offset.
    if (at.key.length !== (q.sorts.length || 1)) at = { ...at, key: [], id: "" };
  }
  const page = input.result_type === "data_source" ? { start: 0, rows: [], keys: [] } : await window(tx, ctx, ds, q, at, input.page_size, sight);
  // Rows past the cap are never served; the last page says why.
  const limit = Math.max(0, Math.min(input.page_size, QUERY_ROW_LIMIT - page.start));
  const more = page.rows.length > limit;
  const capped = more && page.start + limit >= QUERY_ROW_LIMIT;
  const next = more && !capped ? cursor.encode(page.start + limit, { id: page.rows[limit].id, key: page.keys[limit] }) : null;
  // From 2026-12-01 a page keeps only its title unless filter_properties names more
  // (developers.notion.com/guides/get-started/upgrade-guide-2026-12-01): the rest is never computed.
  const only = input.filter_properties ? new Set(input.filter_properties) : listsShowTitleOnly(ctx.version) ? new Set(["title"]) : undefined;
  const results = [];
  const files = fileUrlsFor(ctx);
  const shown = page.rows.slice(0, limit);
  await preloadSight(sight, shown, schema);
  // One read environment for every row: related pages and people are read once for the page of results.
  const env = readEnv(tx, ctx, true, sight);
  knownSchema(env, ds.id, schema);
  await preloadRows(env, shown);
  for (const row of shown) {
    await ctx.budget.pace();
    const properties = await databasePageProperties(tx, ctx, row, ds, only, sight, env);
    results.push(presentPage(await withSeenTitle(row, sight), ctx.version, ctx.publicUrl(), files, ctx.actor.caps, properties));
  }
  const body: Record<string, unknown> = { object: "list", results, next_cursor: next, has_more: next !== null, type: listType, [listType]: {} };
  if (capped) body.request_status = { type: "incomplete", incomplete_reason: "query_result_limit_reached" };
  return body;
}

/**
 * The ids of the rows (not in the trash) that a parsed filter and sorts select, in order, at
 * most `limit`, and whether more matched: the same path as a data source query (the reader's
 * sight, the store's planner or the in-memory evaluator), for the cached results of view queries.
 */
export async function selectRowIds(tx: Tx, ctx: Ctx, ds: DataSourceNode, parsed: { filter: FilterNode | null; sorts: readonly SortKey[] }, limit: number): Promise<{ ids: string[]; capped: boolean }> {
  const sight = new Sight(tx, ctx.actor);
  const { filter, sorts } = withHidden(parsed.filter, parsed.sorts, await unseenRelated(tx, ctx, ds, parsed, sight));
  const q: RowQuery = { filter, sorts, trashed: false, offset: 0, limit };
  // Ids straight from the store's plan when SQL can answer (10,000 rows are not loaded), else `window`.
  const ids = (await tx.queryRowIds(ctx.actor.workspace.id, ds.id, { ...q, limit: limit + 1 }, null)) ?? (await window(tx, ctx, ds, q, null, limit, sight)).rows.map((r) => r.id);
  const capped = ids.length > limit;
  return { ids: capped ? ids.slice(0, limit) : ids, capped };
}

/** The cursor's row, unchanged, at this position: the page may start here. */
const stillAt = (at: Cursor, p: OrderPosition | undefined) => p !== undefined && p.id === at.id && p.key.every((v, i) => v === at.key[i]);

/**
 * One page plus the row after it (with their order keys), from where the cursor's row stands
 * now: the rows that do not sort before its kept key (the store seeks there), numbered from the
 * cursor's offset for the 10,000-row cap.
 */
async function window(tx: Tx, ctx: Ctx, ds: DataSourceNode, q: RowQuery, at: Cursor | null, pageSize: number, sight: Sight) {
  const ws = ctx.actor.workspace.id;
  const start = at?.offset ?? 0;
  const take = { ...q, offset: start, limit: Math.max(0, Math.min(pageSize, QUERY_ROW_LIMIT - start)) + 1 };
  const rows = await tx.queryRows(ws, ds.id, take, at && at.id ? at : null);
  if (rows !== null) return { start, rows, keys: rows.map((r) => orderKey(q.sorts, queryRow(r))) };
  // Formula or rollup values: every row, filtered and sorted in memory.
  const all = await inMemory(tx, ctx, ds, q, sight);
  let from = start;
  if (at && at.id && !stillAt(at, all[from]?.position)) {
    from = 0;
    while (from < all.length && comparePositions(q.sorts, all[from].position, at) < 0) from++;
  }
  const slice = all.slice(from, from + take.limit);
  return { start, rows: slice.map((s) => s.node), keys: slice.map((s) => s.position.key) };
}

/** Filters and sorts every row in memory, with formula and rollup values computed. */
async function inMemory(tx: Tx, ctx: Ctx, ds: DataSourceNode, q: RowQuery, sight: Sight): Promise<{ node: StoredNode; position: OrderPosition }[]> {
  const ws = ctx.actor.workspace.id;
  const needed = new Set(computedProperties(q.filter, q.sorts));
  const props = ds.data.properties.filter((p) => needed.has(p.id));
  // Values only compared, never shown: files stay unsigned.
  const env = { ...readEnv(tx, ctx, false, sight), files: undefined };
  const rollups = rollupSource();
  const rows = await tx.allRows(ws, ds.id, q.trashed);
  if (props.length) await preloadSight(sight, rows, ds.data.properties.filter((p) => p.type === "relation"), Infinity);
  await ctx.budget.pace();
  const scored: { node: StoredNode; position: OrderPosition }[] = [];
  for (const node of rows) {
    // Thousands of rows, each with formulas or a filter of thousands of conditions: the work is
    // paced (other requests are answered in between) and bounded by the request's deadline.
    await ctx.budget.pace();
    const computed: Record<string, unknown> = {};
    for (const p of props) {
      const v = await valueOf(p, node, env, rollups);
      computed[p.id] = v[p.type];
    }
    const row: QueryRow = queryRow(node, computed);
    if (!q.filter || evaluate(q.filter, row)) scored.push({ node, position: { key: orderKey(q.sorts, row), id: node.id } });
  }
  scored.sort((a, b) => comparePositions(q.sorts, a.position, b.position));
  return scored;
}

/**
 * The related pages this query must not see, by relation property: among the pages its
 * conditions name, and — when it reads whole values (is_empty, sorts) — among every page the
 * rows hold there. The query then answers as if they were not in any value (src/query/hidden.ts).
 */
async function unseenRelated(tx: Tx, ctx: Ctx, ds: DataSourceNode, q: { filter: FilterNode | null; sorts: readonly SortKey[] }, sight: Sight) {
  const hidden = new Map<string, string[]>();
  for (const [id, reads] of relationReads(q.filter, q.sorts)) {
    const ids = [...reads.ids];
    if (reads.whole) ids.push(...(await tx.relatedPageIds(ctx.actor.workspace.id, ds.id, id)));
    await sight.loadRelated(ids, ds.data.properties.find((p) => p.id === id)?.config.data_source_id as string | undefined);
    hidden.set(id, [...new Set(ids.filter((x) => !sight.sees(x)))]);
  }
  return hidden;
}
