/**
 * The title search index on PostgreSQL (`Tx.search`), with the semantics of the SQLite FTS5 one
 * (src/storage/sqlite-search.ts, docs/design/search.md): one `search_docs` row per page, database
 * and data source, holding its title's words already folded (case and accents, in JS: the same
 * for both adapters) as a `text[]` and a `tsvector` made from them (GIN-indexed; no parser or
 * dictionary of PostgreSQL's touches a word). Each query word matches the start of a title word;
 * ranking is tier, then an Okapi BM25 score computed as FTS5's `bm25()` computes it (k1 1.2,
 * b 0.75, idf floored at 1e-6), then most recently edited, then id. Statistics (row count,
 * average title length) are per workspace here and global in SQLite: with one workspace the
 * scores are the same. The PgTx calls `index` on every node it inserts or updates.
 */
import type { NodeRow } from "../records.js";
import { walkSubtree, type ParentLink, type SearchHit, type SearchKind, type SearchQuery, type SearchStore } from "../search.js";
import { searchTitle } from "../sqlite-search.js";
import { titleWords, queryWords } from "./search-words.js";
import type { PgSession } from "./session.js";


/**
 * The index's own columns on `search_docs` (created by the first migration), its GIN index and
 * the per-workspace statistics bm25 reads; appended to the PostgreSQL migrations.
 */
export const SEARCH_MIGRATION = `
  ALTER TABLE search_docs ADD COLUMN words text[] NOT NULL DEFAULT '{}', ADD COLUMN tsv tsvector NOT NULL DEFAULT '';
  CREATE INDEX search_docs_words ON search_docs USING gin (tsv);
  CREATE TABLE search_stats (
    workspace_id text COLLATE "C" PRIMARY KEY, docs bigint NOT NULL, words bigint NOT NULL
  );
`;

/** The kind of search entry a node is, or null for blocks. */
function kindOf(type: string): SearchKind | null {
  return type === "page" || type === "data_source" || type === "database" ? type : null;
}

/**
 * PostgreSQL keeps a lexeme's length in 11 bits: a tsquery word over 2,047 bytes is refused ("word
 * is too long in tsquery": a 500 for a long query before), and `array_to_tsvector` stores a longer
 * title word cut at the wrong place. So the index holds, and looks up, each word's first 500
 * characters at most (2,000 bytes at most: `left(w, 500)` in SQL counts characters as this does),
 * which finds a superset of the titles a long word starts a word of; when a query word was cut,
 * the exact rule (`starts_with` on the title's words) is checked on what the index returned.
 */
const INDEX_PREFIX_CHARS = 500;

/** The part of a word the index holds and a tsquery looks up: its first 500 characters. */
export function indexPrefix(word: string): string {
  if (word.length <= INDEX_PREFIX_CHARS) return word;
  return Array.from(word).slice(0, INDEX_PREFIX_CHARS).join("");
}

/** The tsvector of a `text[]` of title words (SQL), each word cut as `indexPrefix` cuts it. */
const tsvectorOf = (words: string) => `array_to_tsvector(ARRAY(SELECT left(t, ${INDEX_PREFIX_CHARS}) FROM unnest(${words}) t))`;

/** Rebuilds the tsvector of entries that hold a word longer than the index keeps (migration 16). */
export const SEARCH_LONG_WORDS_MIGRATION = `
  UPDATE search_docs SET tsv = ${tsvectorOf("words")}
   WHERE EXISTS (SELECT 1 FROM unnest(words) t WHERE char_length(t) > ${INDEX_PREFIX_CHARS});
`;

/** A tsquery text for words as prefixes, joined by `op`: words hold only letters, digits and marks. */
function prefixQuery(words: readonly string[], op: "|" | "&"): string {
  return words.map((w) => `'${indexPrefix(w)}':*`).join(` ${op} `);
}

/** SQL true when a title word of `d` starts with the query word `w` (an SQL expression). */
const startsAWord = (w: string) => `EXISTS (SELECT 1 FROM unnest(d.words) t WHERE starts_with(t, ${w}))`;


/**
 * The statistics FTS5's bm25() reads, for the query words in parameter `words`: the
 * workspace's row count and average title length (`st`), and each word's idf over the rows it
 * matches (`idf`: ln((N − n + 0.5) / (n + 0.5)), at least 1e-6 — fts5_aux.c's rule).
 */
function bm25Ctes(words: string, prefixes: string): string[] {
  return [
    `st AS (SELECT s.docs::float8 AS n, GREATEST(s.words::float8 / GREATEST(s.docs, 1), 1e-9) AS avgdl FROM search_stats s WHERE s.workspace_id = $1)`,
    // MATERIALIZED: referenced once, inside the per-row score, PostgreSQL 12+ would inline it and
    // count each word's hits again for every candidate — 5.9 s instead of 0.1 s for a query
    // matching 2,900 titles at a million blocks (docs/PERFORMANCE.md "A million blocks on both backends").
    // Hits are counted once per distinct word (a query repeating one short word 16 times counted
    // its hits 16 times); `prefixes` are the words as the index looks them up (indexPrefix).
    `hits AS MATERIALIZED (SELECT q.w, (SELECT count(*)::float8 FROM search_docs x WHERE x.workspace_id = $1
                 AND x.tsv @@ (quote_literal(q.p) || ':*')::tsquery
                 AND (q.w = q.p OR EXISTS (SELECT 1 FROM unnest(x.words) t WHERE starts_with(t, q.w)))) AS hits
               FROM (SELECT DISTINCT w, p FROM unnest(${words}::text[], ${prefixes}::text[]) AS u(w, p)) q)`,
    `idf AS MATERIALIZED (SELECT q.w, GREATEST(ln((st.n - h.hits + 0.5) / (h.hits + 0.5)), 1e-6) AS v
               FROM st CROSS JOIN unnest(${words}::text[]) AS q(w) JOIN hits h ON h.w = q.w)`,
  ];
}

/** A row's bm25 (negated, so smaller is better, as FTS5 answers it): k1 = 1.2, b = 0.75; tf counts title words the query word starts. */
const BM25_SCORE = `-(SELECT COALESCE(sum(idf.v * tf.c * 2.2 / (tf.c + 1.2 * (0.25 + 0.75 * cardinality(d.words) / st.avgdl))), 0)
   FROM idf CROSS JOIN st CROSS JOIN LATERAL (SELECT count(*)::float8 AS c FROM unnest(d.words) t WHERE starts_with(t, idf.w)) tf)`;

/** The search port of one PostgreSQL unit of work. */
export class PgSearch implements SearchStore {
  constructor(private readonly s: PgSession) {}

  /** Brings the entries of these nodes up to date (blocks are skipped), and the workspace's statistics. */
  async index(rows: readonly NodeRow[]): Promise<void> {
    const docs = rows.flatMap((r) => {
      const kind = kindOf(r.type);
      if (!kind) return [];
      const title = searchTitle(r);
      return [{ ws: r.workspace_id, id: r.id, kind, parent: r.parent_id, title, words: titleWords(title), trash: r.in_trash, edited: r.last_edited_time }];
    });
    for (const ws of new Set(docs.map((d) => d.ws))) {
      const mine = docs.filter((d) => d.ws === ws);
      await this.s.lock(ws);
      // One statement per workspace: the old word counts, the upsert, and the statistics' delta.
      await this.s.query(
        `WITH input AS (
           SELECT * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::boolean[], $8::bigint[])
             AS i(id, kind, parent_id, title, words, in_trash, edited)
         ), old AS (
           SELECT d.id, cardinality(d.words) AS n FROM search_docs d WHERE d.workspace_id = $1 AND d.id = ANY($2::text[])
         ), put AS (
           INSERT INTO search_docs (workspace_id, id, kind, parent_id, title, words, tsv, in_trash, last_edited_time)
           SELECT $1, i.id, i.kind, i.parent_id, i.title, w.words, ${tsvectorOf("w.words")}, i.in_trash, i.edited
             FROM input i CROSS JOIN LATERAL (SELECT CASE WHEN i.words = '' THEN '{}'::text[] ELSE string_to_array(i.words, ' ') END AS words) w
           ON CONFLICT (workspace_id, id) DO UPDATE SET kind = excluded.kind, parent_id = excluded.parent_id, title = excluded.title,
             words = excluded.words, tsv = excluded.tsv, in_trash = excluded.in_trash, last_edited_time = excluded.last_edited_time
           RETURNING id, cardinality(words) AS n
         )
         INSERT INTO search_stats (workspace_id, docs, words)
         SELECT $1, count(*) FILTER (WHERE old.id IS NULL), COALESCE(sum(put.n - COALESCE(old.n, 0)), 0)
           FROM put LEFT JOIN old ON old.id = put.id
         ON CONFLICT (workspace_id) DO UPDATE SET docs = search_stats.docs + excluded.docs, words = search_stats.words + excluded.words`,
        [ws, mine.map((d) => d.id), mine.map((d) => d.kind), mine.map((d) => d.parent), mine.map((d) => d.title),
          mine.map((d) => d.words.join(" ")), mine.map((d) => d.trash), mine.map((d) => d.edited)],
      );
    }
  }

  async candidates(ws: string, q: SearchQuery): Promise<SearchHit[]> {
    if (q.within?.length === 0) return [];
    await this.s.lock(ws);
    const text = q.text?.trim() ?? "";
    const words = queryWords(text);
    const mode = text === "" ? "all" : words.length === 0 ? "substring" : "words";
    const params: unknown[] = [ws, [...q.kinds], q.limit];
    const p = (v: unknown) => `$${params.push(v)}`;
    const filters = [`d.workspace_id = $1`, `d.kind = ANY($2::text[])`];
    if (q.untrashedOnly) filters.push(`NOT d.in_trash`);
    if (q.within) filters.push(`d.id = ANY(${p([...q.within])}::text[])`);
    if (mode === "substring") filters.push(`strpos(lower(d.title COLLATE "C"), lower(${p(text)} COLLATE "C")) > 0`); // ASCII folding only, as SQLite's lower()
    let tier = `0`;
    let score = `0::float8`;
    const ctes: string[] = [];
    if (mode === "words") {
      const cut = words.some((w) => indexPrefix(w) !== w);
      let param: string | undefined;
      const wordsParam = () => (param ??= p(words));
      filters.push(`d.tsv @@ ${p(prefixQuery(words, "|"))}::tsquery`);
      if (cut) filters.push(`EXISTS (SELECT 1 FROM unnest(${wordsParam()}::text[]) q(w) WHERE ${startsAWord("q.w")})`);
      if (q.order === "relevance") {
        const start = `d.words[1:${words.length - 1}] = ${p(words.slice(0, -1))}::text[] AND starts_with(d.words[${words.length}], ${p(words[words.length - 1])})`;
        const every = cut ? ` AND NOT EXISTS (SELECT 1 FROM unnest(${wordsParam()}::text[]) q(w) WHERE NOT ${startsAWord("q.w")})` : ``;
        const all = words.length > 1 ? `WHEN d.tsv @@ ${p(prefixQuery(words, "&"))}::tsquery${every} THEN 1 ELSE 2` : `ELSE 1`;
        tier = `CASE WHEN ${start} THEN 0 ${all} END`;
        ctes.push(...bm25Ctes(wordsParam(), p(words.map(indexPrefix))));
        score = BM25_SCORE;
      }
    }
    const columns = `d.id, d.kind, d.parent_id, d.in_trash, d.last_edited_time AS edited`;
    let sql: string;
    if (q.order === "relevance") {
      const at = q.from ? `WHERE (tier, score, -edited, id COLLATE "C") >= (${p(q.from[0])}::int, ${p(q.from[1])}::float8, ${p(q.from[2])}::bigint, ${p(q.from[3])}::text)` : ``;
      ctes.push(`m AS MATERIALIZED (SELECT ${columns}, ${tier} AS tier, ${score} AS score FROM search_docs d WHERE ${filters.join(" AND ")})`);
      sql = `WITH ${ctes.join(",\n")} SELECT * FROM m ${at} ORDER BY tier, score, -edited, id COLLATE "C" LIMIT $3`;
    } else {
      const [cmp, dir] = q.order === "edited_descending" ? ["<=", "DESC"] : [">=", "ASC"];
      if (q.from) filters.push(`(d.last_edited_time, d.id COLLATE "C") ${cmp} (${p(q.from[0])}::bigint, ${p(q.from[1])}::text)`);
      sql = `SELECT ${columns} FROM search_docs d WHERE ${filters.join(" AND ")} ORDER BY d.last_edited_time ${dir}, d.id COLLATE "C" ${dir} LIMIT $3`;
    }
    const rows = await this.s.query(sql, params);
    return rows.map((r) => ({
      id: r.id as string,
      kind: r.kind as SearchKind,
      parent_id: (r.parent_id as string | null) ?? null,
      in_trash: r.in_trash === true,
      key: q.order === "relevance" ? [Number(r.tier), Number(r.score), -Number(r.edited), r.id as string] : [Number(r.edited), r.id as string],
    }));
  }

  async parents(ws: string, ids: readonly string[]): Promise<ParentLink[]> {
    if (ids.length === 0) return [];
    await this.s.lock(ws);
    const rows = await this.s.query(`SELECT id, parent_id, in_trash FROM nodes WHERE workspace_id = $1 AND id = ANY($2::text[])`, [ws, [...ids]]);
    return rows.map((r) => ({ id: r.id as string, parent_id: (r.parent_id as string | null) ?? null, in_trash: truthy(r.in_trash) }));
  }

  async ancestry(ws: string, ids: readonly string[], depth: number): Promise<ParentLink[]> {
    if (ids.length === 0) return [];
    await this.s.lock(ws);
    // One round trip for the whole chain (parents level by level cost one each); a node reached
    // at several depths comes back once per depth, kept once.
    const rows = await this.s.query(
      `WITH RECURSIVE up(id, parent_id, in_trash, depth) AS (
         SELECT id, parent_id, in_trash, 0 FROM nodes WHERE workspace_id = $1 AND id = ANY($2::text[])
         UNION
         SELECT n.id, n.parent_id, n.in_trash, up.depth + 1 FROM up JOIN nodes n ON n.workspace_id = $1 AND n.id = up.parent_id WHERE up.depth < $3)
       SELECT id, parent_id, in_trash FROM up`,
      [ws, [...ids], depth],
    );
    const links = new Map<string, ParentLink>();
    for (const r of rows) links.set(r.id as string, { id: r.id as string, parent_id: (r.parent_id as string | null) ?? null, in_trash: truthy(r.in_trash) });
    return [...links.values()];
  }

  async subtree(ws: string, roots: readonly string[], cap: number): Promise<string[] | null> {
    await this.s.lock(ws);
    return walkSubtree(roots, cap, async (level, room) => {
      const rows = await this.s.query<{ id: string }>(`SELECT id FROM nodes WHERE workspace_id = $1 AND parent_id = ANY($2::text[]) LIMIT $3`, [ws, level, room]);
      return rows.map((r) => r.id);
    });
  }

  async trashed(ws: string, cap: number): Promise<string[] | null> {
    await this.s.lock(ws);
    const rows = await this.s.query(`SELECT id FROM nodes WHERE workspace_id = $1 AND in_trash LIMIT $2`, [ws, cap + 1]);
    return rows.length > cap ? null : this.subtree(ws, (rows as { id: string }[]).map((r) => r.id), cap);
  }
}

const truthy = (v: unknown): boolean => v === true || v === 1 || v === "1";
