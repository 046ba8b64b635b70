/**
 * POST /v1/search — pages and data sources (2022-06-28: pages and databases) whose title matches
 * the query, among what the integration can see, trashed ones left out (or only them with
 * `filter.in_trash`). Candidates come from the title index in the query's order; each batch is
 * checked for visibility in bulk (visibility.ts), and when few candidates turn out visible the
 * search is narrowed to the nodes under the integration's shares. Matching, ranking and the
 * choices made where Notion does not say: docs/design/search.md.
 * Reference: developers.notion.com/reference/post-search, …/search-optimizations-and-limitations
 */
import type { Ctx } from "../context.js";
import type { StoredNode, Tx } from "../../storage/types.js";
import type { SearchHit, SearchKey, SearchKind, SearchOrder, SearchQuery } from "../../storage/search.js";
import { hasCap } from "../access.js";
import { invalidCursor } from "../pagination.js";
import { list } from "../../present/common.js";
import { partialDatabase, partialDataSource, presentDataSource, presentLegacyDatabase } from "../../present/database.js";
import { filteredPageResponse } from "../pages/shared.js";
import { isLegacy, listsShowTitleOnly } from "../../api/version.js";
import { dataSourcesOf, type DatabaseNode, type DataSourceNode } from "../databases/model.js";
import { databaseAsSeen, dataSourceAsSeen } from "../databases/seen-schema.js";
import { Sight, Visibility, reachOf } from "../visibility.js";
import { fileUrlsFor } from "../files/urls.js";
import { Preload } from "../preload.js";
import { readEnv } from "../pages/database-page.js";
import { preloadRows, schemaOf, type ReadEnv } from "../properties/read-env.js";
import { mentionsIn } from "../mentions.js";
import { LIMITS } from "../../api/limits.js";

export interface SearchInput {
  query: string | null;
  /** `filter.value` (an object type), and whether to search the trash instead. */
  filter: { object?: SearchKind; in_trash: boolean };
  /** `{timestamp: "last_edited_time", direction}`, `{property: "relevance"}`, or none. */
  sort: { by: "last_edited_time"; direction: "ascending" | "descending" } | { by: "relevance" } | null;
  start_cursor?: string;
  page_size: number;
  /** Property ids or names that page results keep (`filter_properties`); absent, all of them. */
  filter_properties?: string[];
}

/**
 * When a first batch that did not fill the page had fewer than this share of visible candidates,
 * the integration sees a small part of the workspace: the nodes under its shares are listed (up
 * to SUBTREE_CAP) and the search continues among them only.
 */
const NARROW_WHEN_VISIBLE_BELOW = 1 / 4;
const SUBTREE_CAP = 20_000;
/**
 * Shares with at most this many nodes below them are listed before the first batch (a bounded
 * query: ~1 ms when the shares hold more), so a small integration never ranks the workspace's
 * matches at all.
 */
const SMALL_SHARES = 1_000;
/** Candidates asked for at once, at most. */
const MAX_BATCH = 4_000;

const ORDER_CODES: Record<SearchOrder, string> = { relevance: "r", edited_descending: "d", edited_ascending: "a" };

/** Cursors name the next result by its key in the order (an opaque, versioned string). */
const cursor = {
  encode: (order: SearchOrder, key: SearchKey) => Buffer.from(JSON.stringify([ORDER_CODES[order], ...key])).toString("base64url"),
  decode(text: string, order: SearchOrder): SearchKey | null {
    try {
      const [code, ...key] = JSON.parse(Buffer.from(text, "base64url").toString());
      const length = order === "relevance" ? 4 : 2;
      const ok = code === ORDER_CODES[order] && key.length === length && key.every((v: unknown) => typeof v === "string" || (typeof v === "number" && Number.isFinite(v)));
      return ok && typeof key[length - 1] === "string" ? key : null;
    } catch {
      return null;
    }
  },
};

function orderOf(input: SearchInput): SearchOrder {
  const blank = (input.query ?? "").trim() === "";
  if (input.sort?.by === "last_edited_time") return input.sort.direction === "ascending" ? "edited_ascending" : "edited_descending";
  // Without a query there is nothing to rank: the most recently edited come first (the OpenAPI
  // description of `sort`), which is also what relevance falls back to.
  return blank ? "edited_descending" : "relevance";
}

export async function search(ctx: Ctx, input: SearchInput) {
  const legacy = isLegacy(ctx.version);
  const listType = legacy ? "page_or_database" : "page_or_data_source";
  const kinds: SearchKind[] = input.filter.object ? [input.filter.object] : ["page", legacy ? "database" : "data_source"];
  const order = orderOf(input);
  const at = input.start_cursor === undefined ? null : cursor.decode(input.start_cursor, order);
  if (input.start_cursor !== undefined && !at) throw invalidCursor(input.start_cursor);
  const ws = ctx.actor.workspace.id;

  return ctx.store.read(async (tx) => {
    // A person (personal access token) reaches pages through permissions, not shares: null.
    const shares = ctx.actor.person ? null : await tx.listShares(ws, ctx.actor.integration.id);
    if (shares?.length === 0) return list(listType, [], null);
    const base: SearchQuery = { text: input.query, kinds, order, untrashedOnly: !input.filter.in_trash, from: at, within: null, limit: 0 };
    if (at && order === "relevance") {
      // Scores move as the index changes between pages: continue from where the cursor's entry ranks now.
      const [now] = await tx.search.candidates(ws, { ...base, from: null, within: [at[3] as string], limit: 1 });
      if (now) base.from = now.key;
    }
    const sources: SourcesMemo = new Map();
    const found = await collect(tx, ctx, base, shares, input, sources);
    const page = found.slice(0, input.page_size);
    const next = found.length > input.page_size ? cursor.encode(order, found[input.page_size].hit.key) : null;
    const results = [];
    // One sight and one read environment for every result: what their values name is read together.
    const { view, reader, env } = await preload(tx, ctx, page.map((r) => r.hit.id));
    const keep = pageProperties(ctx, input);
    for (const r of page) results.push(await present(view, ctx, r.hit, r.trashed, { reader, env }, keep, sources));
    return list(listType, results, next);
  });
}

/**
 * Everything presenting the results reads, a few statements for the whole page rather than a
 * few per result (domain/preload.ts): their nodes, their parents (a row's data source, a data
 * source's database), what the reader sees of the objects their values relate to and mention,
 * and the related pages and users those values read. Presenting reads through the returned tx
 * and read environment.
 */
async function preload(tx: Tx, ctx: Ctx, ids: string[]): Promise<{ view: Tx; reader: Sight; env: ReadEnv }> {
  const nodes = new Preload(tx, ctx.actor.workspace.id);
  const results = await nodes.loadNodes(ids);
  await nodes.loadNodes(results.filter((n) => n.type === "data_source" || n.parent_type === "data_source_id").map((n) => n.parent_id));
  const view = nodes.tx;
  const reader = new Sight(view, ctx.actor);
  const env = readEnv(view, ctx, true, reader, nodes);
  const pages = results.filter((n) => n.type === "page");
  await reader.load(await seenIds(env, pages));
  await preloadRows(env, pages);
  await nodes.loadUsers(results.flatMap((n) => [n.created_by, n.last_edited_by]));
  return { view, reader, env };
}

/** The objects the pages' values relate to (the first 26 of each relation) and mention: what the reader's sight decides. */
async function seenIds(env: ReadEnv, pages: readonly StoredNode[]): Promise<string[]> {
  const ids: string[] = [];
  for (const page of pages) {
    mentionsIn(page.properties, ids);
    for (const p of (await schemaOf(page, env)) ?? []) {
      const stored = page.properties?.[p.id];
      if (p.type === "relation" && Array.isArray(stored)) ids.push(...(stored.slice(0, LIMITS.PAGE_PROPERTY_REFERENCES + 1) as string[]));
    }
  }
  return ids;
}

/** Up to page_size + 1 results from the query's start key, in order. */
async function collect(tx: Tx, ctx: Ctx, base: SearchQuery, shares: string[] | null, input: SearchInput, sources: SourcesMemo) {
  const ws = ctx.actor.workspace.id;
  const sight = new Visibility(tx, ws, new Set(shares), reachOf(tx, ctx.actor));
  const out: { hit: SearchHit; trashed: boolean }[] = [];
  const q = { ...base };
  let batch = Math.max(input.page_size + 1, 50);
  let scanned = 0;
  let visible = 0;
  // Searching the trash: only what is in it, itself or below a trashed node (usually little).
  if (input.filter.in_trash) q.within = await tx.search.trashed(ws, SUBTREE_CAP);
  else q.within = shares ? await tx.search.subtree(ws, shares, SMALL_SHARES) : null;
  // Narrowing to the shares' subtrees is an integration's; a person's candidates are all ranked.
  let narrowed = q.within !== null || shares === null;
  let last: string | null = null;
  while (out.length <= input.page_size) {
    const got = await tx.search.candidates(ws, { ...q, limit: batch });
    // Keys are inclusive: a batch after the first starts with the previous batch's last hit.
    const hits = last !== null && got[0]?.id === last ? got.slice(1) : got;
    const sights = await sight.of(hits);
    const templates = await templatesAmong(tx, ws, hits);
    await loadSources(tx, ws, hits.filter((h) => h.kind === "database").map((h) => h.id), sources);
    for (let i = 0; i < hits.length && out.length <= input.page_size; i++) {
      if (!sights[i].visible || templates.has(hits[i].id)) continue;
      visible++;
      if (sights[i].trashed !== input.filter.in_trash && !shownFromTrashedDatabase(hits[i], sight, input)) continue;
      if (!(await presentable(tx, ctx, hits[i], sources))) continue;
      out.push({ hit: hits[i], trashed: sights[i].trashed });
    }
    scanned += hits.length;
    if (got.length < batch || hits.length === 0) break;
    last = got[got.length - 1].id;
    q.from = got[got.length - 1].key;
    if (!narrowed && visible < scanned * NARROW_WHEN_VISIBLE_BELOW) {
      narrowed = true;
      q.within = await tx.search.subtree(ws, shares!, SUBTREE_CAP);
    }
    batch = Math.min(batch * 4, MAX_BATCH);
  }
  return out;
}

/**
 * Data-source templates are left out of search, as out of their data source's rows (Quire's
 * choice: whether Notion's search returns templates is not documented; unconfirmed).
 */
async function templatesAmong(tx: Tx, ws: string, hits: readonly SearchHit[]): Promise<Set<string>> {
  return new Set(await tx.templates.among(ws, hits.filter((h) => h.kind === "page").map((h) => h.id)));
}

/**
 * A data source whose database is in the trash (the database itself, not a page above it; the
 * data source not trashed on its own) is still a result of a search without `in_trash`, answered
 * `in_trash: true`, while pages in the trash are not: recorded traffic of both 2025-09-03 and
 * 2026-03-11 (ultimate-notion tests/cassettes mod_all_props_db #0, test_get_or_create_db #0 —
 * databases its tests deleted with DELETE /v1/blocks/{database id}). Data sources trashed on their
 * own, or below a trashed page, stay out **(unconfirmed)**; under 2022-06-28 (databases) nothing
 * changes **(unrecorded)**.
 */
function shownFromTrashedDatabase(hit: SearchHit, sight: Visibility, input: SearchInput): boolean {
  return !input.filter.in_trash && hit.kind === "data_source" && sight.trashedByParentOnly(hit.id);
}

/**
 * Under 2022-06-28 a database is shown as its one data source's table; one with several data
 * sources cannot be shown in that version (model.ts singleDataSource) and is left out.
 */
async function presentable(tx: Tx, ctx: Ctx, hit: SearchHit, sources: SourcesMemo): Promise<boolean> {
  if (hit.kind !== "database") return true;
  return (await sourcesOf(tx, ctx, hit.id, sources)).length === 1;
}

/**
 * Databases' data sources, listed once per search (checked while collecting, read again when
 * presenting), for a whole batch of candidates in one statement (`loadSources`).
 */
type SourcesMemo = Map<string, Promise<DataSourceNode[]>>;

/** Lists the data sources of the databases among `ids` not listed yet, in one statement. */
async function loadSources(tx: Tx, ws: string, ids: string[], memo: SourcesMemo): Promise<void> {
  const missing = [...new Set(ids)].filter((id) => !memo.has(id));
  if (missing.length === 0) return;
  const by = new Map<string, DataSourceNode[]>(missing.map((id) => [id, []]));
  for (const n of await tx.getChildrenOf(ws, missing, "data_source")) by.get(n.parent_id!)?.push(n as DataSourceNode);
  for (const [id, list] of by) memo.set(id, Promise.resolve(list));
}

function sourcesOf(tx: Tx, ctx: Ctx, databaseId: string, memo: SourcesMemo): Promise<DataSourceNode[]> {
  let p = memo.get(databaseId);
  if (!p) memo.set(databaseId, (p = dataSourcesOf(tx, ctx, databaseId)));
  return p;
}

/**
 * The properties page results keep: those `filter_properties` names, else — from 2026-12-01 —
 * only the title (developers.notion.com/guides/get-started/upgrade-guide-2026-12-01, "Request
 * only the page properties you read"), else all.
 */
function pageProperties(ctx: Ctx, input: SearchInput): Set<string> | undefined {
  if (input.filter_properties) return new Set(input.filter_properties);
  return listsShowTitleOnly(ctx.version) ? new Set(["title"]) : undefined;
}

async function present(tx: Tx, ctx: Ctx, hit: SearchHit, trashed: boolean, { reader, env }: { reader: Sight; env: ReadEnv }, keep: Set<string> | undefined, sources: SourcesMemo) {
  const node = (await tx.getNode(ctx.actor.workspace.id, hit.id)) as StoredNode;
  if (trashed && !node.in_trash) node.inherited_trash = true;
  const full = hasCap(ctx.actor, "read_content");
  switch (hit.kind) {
    case "page":
      return filteredPageResponse(tx, ctx, node, keep, reader, env);
    case "data_source": {
      const ds = await dataSourceAsSeen(tx, ctx, node as DataSourceNode, reader);
      if (!full) return partialDataSource(ds, ctx.version);
      const db = (await tx.getNode(ctx.actor.workspace.id, ds.parent_id!)) as DatabaseNode;
      return presentDataSource(ds, db, ctx.version, ctx.publicUrl(), fileUrlsFor(ctx));
    }
    case "database": {
      if (!full) return partialDatabase(node.id);
      const [source] = await sourcesOf(tx, ctx, node.id, sources);
      const { db } = await databaseAsSeen(tx, ctx, node as DatabaseNode, [], reader);
      return presentLegacyDatabase(db, await dataSourceAsSeen(tx, ctx, source, reader), ctx.publicUrl(), fileUrlsFor(ctx));
    }
  }
}
