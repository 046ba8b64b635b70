/**
 * The title search index in SQLite (migration 7): `search_docs` holds one row per page, database
 * and data source (title as plain text, own trash flag, parent, last edited time), and the FTS5
 * table `search_fts` indexes its titles (external content, kept in step by triggers on
 * search_docs). SqliteTx calls index() on every node it inserts or updates, so the index can not
 * fall behind a write. Matching and ranking: docs/design/search.md.
 */
import type Database from "better-sqlite3";
import type { NodeRow } from "./types.js";
import { StatementCache } from "./statements.js";
import { walkSubtree, type ParentLink, type SearchHit, type SearchKind, type SearchQuery, type SearchStore } from "./search.js";

/** Words of a query as FTS5's unicode61 tokenizer sees them (letters, digits, marks). */
const WORD = /[\p{L}\p{N}\p{M}\p{Co}]+/gu;
/** Words of a query that take part in matching; the rest is ignored. */
const MAX_WORDS = 16;

/** The kind of search entry a node is, or null for blocks. */
function kindOf(type: string): SearchKind | null {
  return type === "page" || type === "data_source" || type === "database" ? type : null;
}

/**
 * A node's title as plain text: a page's `title` property, a database's or data source's `title`,
 * without the text of page and database mentions — that is the mentioned object's title, which
 * integrations that cannot see it must not be able to search for (src/domain/mentions.ts).
 */
export function searchTitle(row: Pick<NodeRow, "type" | "properties" | "data">): string {
  const items = row.type === "page" ? row.properties?.title : row.data?.title;
  if (!Array.isArray(items)) return "";
  let s = "";
  for (const i of items) {
    const mentioned = i?.type === "mention" && (i.mention?.type === "page" || i.mention?.type === "database");
    if (!mentioned && typeof i?.plain_text === "string") s += i.plain_text;
  }
  return s;
}

/** Bump when searchTitle changes what it takes from a title: titles with mentions are indexed again at start. */
const SEARCH_TITLES_VERSION = "2";

/**
 * The three FTS5 expressions of a query: any word (what matches), every word, and the words as
 * a phrase at the start of the title (tiers of the ranking). Every word matches as a prefix
 * ("meet" finds "Meeting"); each is quoted, so FTS5 operators typed by a user are plain words.
 */
function expressions(words: string[]) {
  const q = (w: string) => `"${w}"*`;
  return { any: words.map(q).join(" OR "), all: words.map(q).join(" AND "), start: `^ "${words.join(" ")}"*` };
}

type Row = Record<string, unknown>;

export class SqliteSearchStore implements SearchStore {
  private readonly upsert: Database.Statement;
  private readonly parentsStmt: Database.Statement;
  private readonly ancestryStmt: Database.Statement;
  private readonly childrenStmt: Database.Statement;
  private readonly trashedStmt: Database.Statement;
  private readonly cache: StatementCache;

  constructor(private readonly db: Database.Database) {
    this.cache = new StatementCache(db, 100);
    this.upsert = db.prepare(
      `INSERT INTO search_docs (workspace_id, id, kind, parent_id, title, in_trash, last_edited_time)
       VALUES (@workspace_id, @id, @kind, @parent_id, @title, @in_trash, @last_edited_time)
       ON CONFLICT (workspace_id, id) DO UPDATE SET kind = excluded.kind, parent_id = excluded.parent_id,
         title = excluded.title, in_trash = excluded.in_trash, last_edited_time = excluded.last_edited_time`,
    );
    this.parentsStmt = db.prepare(`SELECT id, parent_id, in_trash FROM nodes WHERE workspace_id = ? AND id IN (SELECT value FROM json_each(?))`);
    // A node reached at several depths comes back once per depth (kept once by the caller).
    this.ancestryStmt = db.prepare(`WITH RECURSIVE up(id, parent_id, in_trash, depth) AS (
        SELECT id, parent_id, in_trash, 0 FROM nodes WHERE workspace_id = ? AND id IN (SELECT value FROM json_each(?))
        UNION
        SELECT n.id, n.parent_id, n.in_trash, up.depth + 1 FROM up JOIN nodes n ON n.workspace_id = ? AND n.id = up.parent_id WHERE up.depth < ?)
      SELECT id, parent_id, in_trash FROM up`);
    // One tree level at a time, each bounded by LIMIT: a recursive CTE would read all 100,000
    // children of a data source in one step before any LIMIT applies (~120 ms).
    this.childrenStmt = db
      .prepare(`SELECT c.id FROM json_each(?) p CROSS JOIN nodes c INDEXED BY nodes_children ON c.workspace_id = ? AND c.parent_id = p.value LIMIT ?`)
      .pluck();
    // Trashed nodes come from the partial index nodes_trashed (migration 7).
    this.trashedStmt = db.prepare(`SELECT id FROM nodes WHERE workspace_id = ? AND in_trash = 1 LIMIT ?`).pluck();
  }

  /**
   * Indexes again, once, the titles searchTitle now reads differently (those with mentions:
   * indexed with the mentioned objects' titles before SEARCH_TITLES_VERSION 2).
   */
  reindexTitlesIfNeeded(): void {
    if (this.db.prepare(`SELECT value FROM meta WHERE key = 'search_titles'`).pluck().get() === SEARCH_TITLES_VERSION) return;
    this.db.transaction(() => {
      const rows = this.db
        .prepare(`SELECT type, properties, data, workspace_id, id FROM nodes WHERE type IN ('page', 'database', 'data_source') AND instr(coalesce(properties, '') || data, '"mention"') > 0`)
        .all() as Row[];
      const set = this.db.prepare(`UPDATE search_docs SET title = ? WHERE workspace_id = ? AND id = ?`);
      for (const r of rows) {
        const node = { type: r.type as string, properties: r.properties ? JSON.parse(r.properties as string) : null, data: JSON.parse(r.data as string) };
        set.run(searchTitle(node), r.workspace_id, r.id);
      }
      this.db.prepare(`INSERT INTO meta (key, value) VALUES ('search_titles', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`).run(SEARCH_TITLES_VERSION);
    })();
  }

  /** Brings the entries of these nodes up to date (blocks are skipped). Called by SqliteTx only. */
  index(rows: readonly NodeRow[]): void {
    for (const row of rows) {
      const kind = kindOf(row.type);
      if (!kind) continue;
      this.upsert.run({
        workspace_id: row.workspace_id,
        id: row.id,
        kind,
        parent_id: row.parent_id,
        title: searchTitle(row),
        in_trash: row.in_trash ? 1 : 0,
        last_edited_time: row.last_edited_time,
      });
    }
  }

  async candidates(ws: string, q: SearchQuery): Promise<SearchHit[]> {
    if (q.within?.length === 0) return [];
    const text = q.text?.trim() ?? "";
    const words = (text.match(WORD) ?? []).slice(0, MAX_WORDS);
    const mode = text === "" ? "all" : words.length === 0 ? "substring" : "words";
    const params: Record<string, unknown> = { ws, k0: q.kinds[0], k1: q.kinds[1], limit: q.limit };
    // One kind is an equality, so search_docs_kind serves its order (data sources among 100,000 pages).
    const filters = [`d.workspace_id = @ws`, q.kinds.length === 1 ? `d.kind = @k0` : `d.kind IN (@k0, @k1)`];
    if (q.kinds.length === 1) delete params.k1;
    if (q.untrashedOnly) filters.push(`d.in_trash = 0`);
    // Few nodes to search among: start from them (CROSS JOIN fixes the order of the loops),
    // instead of walking the whole index and testing each entry.
    const among = q.within ? `json_each(@within) w CROSS JOIN ` : ``;
    if (q.within) {
      filters.push(`d.id = w.value`);
      params.within = JSON.stringify(q.within);
    }
    if (mode === "substring") {
      // No word to match (only symbols or emoji): the text anywhere in the title.
      filters.push(`instr(lower(d.title), lower(@raw)) > 0`);
      params.raw = text;
    }
    let from: string;
    let tier = `0`;
    let score = `0.0`;
    if (mode === "words") {
      const e = expressions(words);
      // The matches drive (CROSS JOIN): walking search_docs in edit order and probing FTS5 per
      // entry cost 250 ms at 100,000 entries.
      from = q.within ? `${among}search_docs d CROSS JOIN search_fts ON search_fts.rowid = d.docid` : `search_fts CROSS JOIN search_docs d ON d.docid = search_fts.rowid`;
      filters.unshift(`search_fts MATCH @any`);
      params.any = e.any;
      if (q.order === "relevance") {
        params.start = e.start;
        // With one word, "every word" is every match: tier 1 needs no query of its own.
        const all = words.length > 1 ? `WHEN d.docid IN (SELECT rowid FROM search_fts WHERE search_fts MATCH @all) THEN 1 ELSE 2` : `ELSE 1`;
        if (words.length > 1) params.all = e.all;
        tier = `CASE WHEN d.docid IN (SELECT rowid FROM search_fts WHERE search_fts MATCH @start) THEN 0 ${all} END`;
        score = `bm25(search_fts)`;
      }
    } else from = `${among}search_docs d`;
    const columns = `d.id, d.kind, d.parent_id, d.in_trash, d.last_edited_time AS edited`;
    let sql: string;
    if (q.order === "relevance") {
      // Materialized: bm25() can only run in the query over search_fts itself.
      const at = q.from ? `WHERE (tier, score, -edited, id) >= (@f0, @f1, @f2, @f3)` : ``;
      sql = `WITH m AS MATERIALIZED (SELECT ${columns}, ${tier} AS tier, ${score} AS score FROM ${from} WHERE ${filters.join(" AND ")})
             SELECT * FROM m ${at} ORDER BY tier, score, -edited, id LIMIT @limit`;
    } else {
      const [cmp, dir] = q.order === "edited_descending" ? ["<=", "DESC"] : [">=", "ASC"];
      if (q.from) filters.push(`(d.last_edited_time, d.id) ${cmp} (@f0, @f1)`);
      sql = `SELECT ${columns} FROM ${from} WHERE ${filters.join(" AND ")} ORDER BY d.last_edited_time ${dir}, d.id ${dir} LIMIT @limit`;
    }
    q.from?.forEach((v, i) => (params[`f${i}`] = v));
    const rows = this.prepared(sql).all(params) as Row[];
    return rows.map((r) => ({
      id: r.id as string,
      kind: r.kind as SearchKind,
      parent_id: (r.parent_id as string | null) ?? null,
      in_trash: r.in_trash === 1,
      key: q.order === "relevance" ? [r.tier as number, r.score as number, -(r.edited as number), r.id as string] : [r.edited as number, r.id as string],
    }));
  }

  async parents(ws: string, ids: readonly string[]): Promise<ParentLink[]> {
    if (ids.length === 0) return [];
    return (this.parentsStmt.all(ws, JSON.stringify(ids)) as Row[]).map((r) => ({
      id: r.id as string,
      parent_id: (r.parent_id as string | null) ?? null,
      in_trash: r.in_trash === 1,
    }));
  }

  async ancestry(ws: string, ids: readonly string[], depth: number): Promise<ParentLink[]> {
    if (ids.length === 0) return [];
    const links = new Map<string, ParentLink>();
    for (const r of this.ancestryStmt.all(ws, JSON.stringify(ids), ws, depth) as Row[])
      links.set(r.id as string, { id: r.id as string, parent_id: (r.parent_id as string | null) ?? null, in_trash: r.in_trash === 1 });
    return [...links.values()];
  }

  async subtree(ws: string, roots: readonly string[], cap: number): Promise<string[] | null> {
    return walkSubtree(roots, cap, async (level, room) => this.childrenStmt.all(JSON.stringify(level), ws, room) as string[]);
  }

  async trashed(ws: string, cap: number): Promise<string[] | null> {
    const roots = this.trashedStmt.all(ws, cap + 1) as string[];
    return roots.length > cap ? null : this.subtree(ws, roots, cap);
  }

  /** Statements by SQL text: each query shape is compiled once. */
  private prepared(sql: string): Database.Statement {
    return this.cache.get(sql);
  }
}
