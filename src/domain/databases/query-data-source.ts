/**
 * POST /v1/data_sources/{id}/query (and, under 2022-06-28, /v1/databases/{id}/query): the filter
 * and sorts of spec §7 run in SQL, or in memory when they read formula or rollup values; cursors
 * survive concurrent writes; at most 10,000 rows per query (Notion's cap, with `request_status`).
 * Reference: developers.notion.com/reference/query-a-data-source
 */
import type { RowQuery, StoredNode, Tx } from "../../storage/types.js";
import type { Ctx } from "../context.js";
import { requireCap } from "../access.js";
import { errors } from "../../http/errors.js";
import { Invalid, invalidToApiError } from "../../http/validate.js";
import { parseFilter, parseSorts, evaluate, compareRows, computedProperties, queryRow } from "../../query/index.js";
import { databasePageProperties } from "../pages/database-page.js";
import { presentPage } from "../../present/page.js";
import { rollupSource } from "../properties/rollups.js";
import { valueOf, type ReadEnv } from "../properties/read-values.js";
import { loadDataSource, loadDatabase, singleDataSource, type DataSourceNode } from "./model.js";

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

/** Cursors name the next row and its offset, so a moved row is found again by id. */
const cursor = {
  encode: (offset: number, id: string) => Buffer.from(JSON.stringify([offset, id])).toString("base64url"),
  decode(text: string): { offset: number; id: string } | null {
    try {
      const [offset, id] = JSON.parse(Buffer.from(text, "base64url").toString());
      return Number.isInteger(offset) && offset >= 0 && typeof id === "string" ? { offset, id } : null;
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
  let q: RowQuery;
  try {
    const filter = parseFilter(input.filter, schema, { now: ctx.clock.now(), meUserId: ctx.actor.bot.id });
    const sorts = parseSorts(input.sorts, schema, { path: "body.sorts" });
    q = { filter, sorts, trashed: input.in_trash, offset: 0, limit: input.page_size };
  } catch (e) {
    if (e instanceof Invalid) throw invalidToApiError("body", e);
    throw e;
  }
  const ws = ctx.actor.workspace.id;
  let start = 0;
  if (input.start_cursor !== undefined) {
    const c = cursor.decode(input.start_cursor);
    if (!c) throw errors.validation(`The start_cursor provided is invalid: ${input.start_cursor}`);
    start = c.offset;
    const moved = await locate(tx, ctx, ds, q, c);
    if (moved !== null) start = moved;
  }
  // Rows past the cap are never served; the last page says why.
  const limit = Math.max(0, Math.min(input.page_size, QUERY_ROW_LIMIT - start));
  const window = { ...q, offset: start, limit: limit + 1 };
  let rows = input.result_type === "data_source" ? [] : await tx.queryRows(ws, ds.id, window);
  if (rows === null) rows = (await inMemory(tx, ctx, ds, q)).slice(start, start + limit + 1);
  const more = rows.length > limit;
  const page = rows.slice(0, limit);
  const capped = more && start + limit >= QUERY_ROW_LIMIT;
  const next = more && !capped ? cursor.encode(start + limit, rows[limit].id) : null;
  const only = input.filter_properties ? new Set(input.filter_properties) : undefined;
  const results = [];
  for (const row of page) {
    const properties = await databasePageProperties(tx, ctx, row, ds, only);
    results.push(presentPage(row, ctx.version, ctx.publicUrl(), ctx.actor.caps, properties));
  }
  const body: Record<string, unknown> = { object: "list", results, next_cursor: next, has_more: next !== null, type: listType, [listType]: {} };
  if (capped) body.request_status = { type: "incomplete", incomplete_reason: "query_result_limit_reached" };
  return body;
}

/** Where the cursor's row is now (rows may have been added or removed before it). */
async function locate(tx: Tx, ctx: Ctx, ds: DataSourceNode, q: RowQuery, c: { offset: number; id: string }): Promise<number | null> {
  const ws = ctx.actor.workspace.id;
  const at = await tx.queryRows(ws, ds.id, { ...q, offset: c.offset, limit: 1 });
  if (at !== null) {
    if (at[0]?.id === c.id) return c.offset;
    return tx.rowIndex(ws, ds.id, q, c.id);
  }
  const all = await inMemory(tx, ctx, ds, q);
  const i = all.findIndex((r) => r.id === c.id);
  return i < 0 ? null : i;
}

/** Filters and sorts every row in memory, with formula and rollup values computed. */
async function inMemory(tx: Tx, ctx: Ctx, ds: DataSourceNode, q: RowQuery): Promise<StoredNode[]> {
  const ws = ctx.actor.workspace.id;
  const needed = new Set(computedProperties(q.filter, q.sorts));
  const props = ds.data.properties.filter((p) => needed.has(p.id));
  const env: ReadEnv = { tx, workspaceId: ws, caps: ctx.actor.caps, cut: false, users: new Map(), now: ctx.clock.now() };
  const rollups = rollupSource();
  const rows = await tx.allRows(ws, ds.id, q.trashed);
  const scored = [];
  for (const node of rows) {
    const computed: Record<string, unknown> = {};
    for (const p of props) {
      const v = await valueOf(p, node, env, rollups);
      computed[p.id] = v[p.type];
    }
    const row = queryRow(node, computed);
    if (!q.filter || evaluate(q.filter, row)) scored.push({ node, row });
  }
  const byDefault = q.sorts.length === 0;
  scored.sort((a, b) => (byDefault ? b.node.created_time - a.node.created_time : compareRows(q.sorts, a.row, b.row)) || (a.node.id < b.node.id ? -1 : a.node.id > b.node.id ? 1 : 0));
  return scored.map((s) => s.node);
}
