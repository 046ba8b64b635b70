/**
 * What reading property values needs, below the readers of each kind (values, formulas, rollups):
 * the reader's environment, the related pages it may see, the schema a page lives in.
 */
import type { NodeRow, Tx } from "../../storage/types.js";
import type { Capability } from "../../api/capabilities.js";
import { LIMITS } from "../../api/limits.js";
import type { PropertySchema } from "./schema.js";
import { plainText } from "../rich-text.js";
import type { Sight } from "../visibility.js";
import type { FileUrls } from "../files/urls.js";
import type { WorkBudget } from "../budget.js";
import type { Preload } from "../preload.js";
import type { AnswerTraits } from "../context.js";

type Json = Record<string, unknown>;

/** One read of property values: the reader, its sight, and what the read has already computed. */
export interface ReadEnv {
  tx: Tx;
  workspaceId: string;
  caps: ReadonlySet<Capability>;
  /** The pages and databases the reader may see (related pages, mentions); one per request. */
  sight: Sight;
  /** Cut reference lists at 25 (page objects) or not (the property-item endpoint). */
  cut: boolean;
  /** Related pages and users, read many at a time and shared by every row of the answer (domain/preload.ts). */
  preload: Preload;
  /**
   * Signs Notion-hosted `files` values for the reader (the page holding them is what they were
   * read from); absent when values are only computed (filters), which leaves them as stored.
   */
  files?: FileUrls;
  /** The clock's now, for formulas (`now()`, `today()`). */
  now: number;
  /** The request's answer, marked time-dependent when a formula reads `now` (domain/context.ts). */
  answer?: AnswerTraits;
  /** The workspace's time zone for formulas (UTC until workspaces carry one). */
  timeZone?: string;
  /** The request's computing time, shared by every formula this read evaluates (domain/budget.ts). */
  budget: WorkBudget;
  /** How deep formula evaluation has gone (formulas reading formulas, related pages). */
  depth?: number;
  /** Data-source schemas already read, by data source id. */
  schemas?: Map<string, PropertySchema[] | null>;
  /**
   * Formula results and related-page views already computed in this read, shared by every
   * branch (rows related to each other would otherwise be evaluated again and again).
   */
  memo?: ReadMemo;
}

/** What one read has computed (`ReadEnv.memo`), shared by every branch of the read. */
export interface ReadMemo {
  formulas: Map<string, Record<string, unknown>>;
  pages: Map<string, unknown>;
  /** Users as this reader sees them, by id, shared by every value naming them (row-values.ts). */
  users?: Map<string, Json>;
  /** The readers of a schema's values, made once per read (row-values.ts), by schema array. */
  rows?: WeakMap<readonly PropertySchema[], unknown>;
}

/** The read's memo, made on first use (before an env is copied for a deeper read, so copies share it). */
export function memoOf(env: ReadEnv): ReadMemo {
  return (env.memo ??= { formulas: new Map(), pages: new Map() });
}

/** Computes a rollup's value for a page (supplied by the caller, which can load related pages). */
export type RollupSource = (p: PropertySchema, node: NodeRow, env: ReadEnv) => Promise<Json>;

/**
 * How many references of a relation or people value a read counts: Notion's 25 in page objects,
 * all of them for the property-item endpoint (developers.notion.com/reference/retrieve-a-page).
 */
export function referenceLimit(env: ReadEnv): number {
  return env.cut ? LIMITS.PAGE_PROPERTY_REFERENCES : Infinity;
}

/** The references of a relation or people value a read shows (`referenceLimit` of them). */
export function shownReferences<T>(env: ReadEnv, ids: T[]): T[] {
  return env.cut ? ids.slice(0, LIMITS.PAGE_PROPERTY_REFERENCES) : ids;
}

/**
 * The first `limit` page ids a stored value of the relation `p` holds that the reader may see,
 * in order (decided a page-object's worth at a time: the 25 shown rarely need more).
 */
export async function visibleRelated(stored: unknown, env: ReadEnv, p: PropertySchema | undefined, limit = Infinity): Promise<string[]> {
  const ids = Array.isArray(stored) ? stored.filter((x): x is string => typeof x === "string") : [];
  const target = p?.config.data_source_id as string | undefined;
  const out: string[] = [];
  for (let from = 0; from < ids.length && out.length < limit; ) {
    const chunk = limit === Infinity ? ids : ids.slice(from, from + Math.max(limit - out.length, LIMITS.PAGE_PROPERTY_REFERENCES));
    await env.sight.loadRelated(chunk, target);
    for (const id of chunk) if (out.length < limit && env.sight.sees(id)) out.push(id);
    from += chunk.length;
  }
  return out;
}

/** The schema of the data source a page lives in (cached per read). */
export async function schemaOf(node: NodeRow, env: ReadEnv): Promise<PropertySchema[] | null> {
  if (node.parent_type !== "data_source_id" || !node.parent_id) return null;
  env.schemas ??= new Map();
  if (!env.schemas.has(node.parent_id)) {
    const ds = await env.preload.node(node.parent_id);
    env.schemas.set(node.parent_id, ds?.type === "data_source" ? ((ds.data.properties as PropertySchema[]) ?? null) : null);
  }
  return env.schemas.get(node.parent_id) ?? null;
}

/**
 * Reads at once the users that the people-like values (people, created by, last edited by) of
 * the related pages `ids` name (read through `env.preload`), before their values are read page by
 * page: one statement for all of them, not one per page.
 */
export async function loadPeopleOf(env: ReadEnv, ids: readonly string[]): Promise<void> {
  const pages: NodeRow[] = [];
  for (const page of await env.preload.loadNodes(ids)) if (page.type === "page") pages.push(page);
  await loadPeopleNamedBy(env, pages);
}

/** The users the people-like values of `pages` name, read in one statement (`loadPeopleOf`). */
async function loadPeopleNamedBy(env: ReadEnv, pages: readonly NodeRow[]): Promise<void> {
  const users: string[] = [];
  for (const page of pages) {
    for (const p of (await schemaOf(page, env)) ?? []) {
      const stored = page.properties?.[p.id];
      if (p.type === "people" && Array.isArray(stored)) users.push(...shownReferences(env, stored as string[]));
      else if (p.type === "created_by") users.push(page.created_by);
      else if (p.type === "last_edited_by") users.push(page.last_edited_by);
    }
  }
  await env.preload.loadUsers(users);
}

/**
 * Before the values of many rows are read (a page of query or search results, of any data
 * sources): reads at once their data sources' schemas, the related pages their formulas and
 * rollups may read — the first `referenceLimit` of each relation a rollup names, or of every
 * relation when the schema has a formula — with those pages' schemas, and the people the rows
 * and those pages name, so the rows' values cost a few statements, not a few per row. Pages the
 * reader cannot see are left out (`sight` decided them first: preloadSight).
 */
export async function preloadRows(env: ReadEnv, rows: readonly NodeRow[]): Promise<void> {
  await loadSchemas(env, rows);
  const ids: string[] = [];
  for (const row of rows) {
    const schema = (await schemaOf(row, env)) ?? [];
    for (const p of readRelations(schema)) {
      const stored = row.properties?.[p.id];
      if (!Array.isArray(stored)) continue;
      for (const id of stored.slice(0, referenceLimit(env))) if (typeof id === "string" && env.sight.sees(id)) ids.push(id);
    }
  }
  const pages = (await env.preload.loadNodes(ids)).filter((n) => n.type === "page");
  await loadSchemas(env, pages);
  await loadPeopleNamedBy(env, [...rows, ...pages]);
}

/** The relations of a schema whose related pages reading values may read (formulas, rollups). */
function readRelations(schema: readonly PropertySchema[]): PropertySchema[] {
  const formulas = schema.some((p) => p.type === "formula");
  const rolled = new Set(schema.filter((p) => p.type === "rollup").map((p) => p.config.relation_property_id as string));
  return schema.filter((p) => p.type === "relation" && (formulas || rolled.has(p.id)));
}

/** The data sources the pages live in, read in one statement (their schemas: `schemaOf`). */
async function loadSchemas(env: ReadEnv, pages: readonly NodeRow[]): Promise<void> {
  await env.preload.loadNodes(pages.map((p) => (p.parent_type === "data_source_id" && !env.schemas?.has(p.parent_id!) ? p.parent_id : null)));
}

/** Tells the read the schema of a data source it has read already (no statement for it again). */
export function knownSchema(env: ReadEnv, dataSourceId: string, schema: PropertySchema[]): void {
  (env.schemas ??= new Map()).set(dataSourceId, schema);
}

/** Plain text of a title/rich_text value (for rollups over text). */
export function textOf(value: Json): string {
  const items = value[value.type as string];
  return Array.isArray(items) ? plainText(items as { plain_text: string }[]) : "";
}
