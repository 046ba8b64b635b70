/**
 * `Store.shared` on PostgreSQL (storage/toolkit-shared.ts): the rate-limit windows, the faults
 * and the request log in tables every node reads, each call one statement on a small pool of its
 * own (a GET request holds a main-pool connection for its unit while the toolkit counts it: on
 * the same pool, enough such requests at once would wait on each other forever).
 * - `toolkit_rate_windows` (UNLOGGED: a count writes no WAL, so its commit waits for no flush;
 *   a crash forgets the open windows), keyed (workspace_id, key): one upsert counts a request on
 *   its connection's and its workspace's counters together and answers both.
 * - `toolkit_faults`: `spend` is one UPDATE … WHERE remaining > 0 RETURNING, so a count of 3 is
 *   three matches whichever nodes meet them.
 * - `toolkit_requests` (UNLOGGED: a log, lost with a crash, no WAL per entry): appended by each node
 *   in batches after the answers, trimmed to the newest N in the same statement.
 */
import type pg from "pg";
import { noteStatement } from "../meter.js";
import type { FaultRow, FaultStore, LoggedRequest, RateCount, RateWindowStore, RequestLogStore, ToolkitShared } from "../toolkit-shared.js";

const T = `text COLLATE "C"`;

/** The tables (appended to the PostgreSQL migrations). Citus: rate windows distributed by workspace; faults and the log are server-wide reference tables. */
export const TOOLKIT_SHARED_MIGRATION = `
  CREATE UNLOGGED TABLE toolkit_rate_windows (
    workspace_id ${T} NOT NULL, key ${T} NOT NULL, window_start bigint NOT NULL, count integer NOT NULL,
    PRIMARY KEY (workspace_id, key)
  );
  CREATE TABLE toolkit_faults (
    id ${T} PRIMARY KEY, seq bigserial NOT NULL, rule text NOT NULL, remaining integer, hits integer NOT NULL DEFAULT 0,
    created_time bigint NOT NULL
  );
  CREATE UNLOGGED TABLE toolkit_requests (seq bigserial PRIMARY KEY, id ${T} NOT NULL, entry text NOT NULL);
  CREATE INDEX toolkit_requests_id ON toolkit_requests (id);
`;

/** Runs one statement on the toolkit's pool, counted as the running request's. */
async function q<R extends pg.QueryResultRow>(pool: pg.Pool, sql: string, params: unknown[] = []): Promise<R[]> {
  noteStatement();
  return (await pool.query<R>(sql, params)).rows;
}

class PgRateWindows implements RateWindowStore {
  constructor(private readonly pool: pg.Pool) {}

  async count(workspaceId: string, keys: readonly string[], now: number, windowMs: number): Promise<RateCount[]> {
    // Rows locked in one order whatever the caller's: two requests never wait on each other in a cycle.
    const sorted = [...keys].sort();
    const rows = await q<{ key: string; window_start: number; count: number }>(
      this.pool,
      `INSERT INTO toolkit_rate_windows AS w (workspace_id, key, window_start, count)
         SELECT $1, k, $3::bigint, 1 FROM unnest($2::text[]) AS k
       ON CONFLICT (workspace_id, key) DO UPDATE SET
         window_start = CASE WHEN w.window_start <= $3::bigint - $4::bigint THEN EXCLUDED.window_start ELSE w.window_start END,
         count = CASE WHEN w.window_start <= $3::bigint - $4::bigint THEN 1 ELSE w.count + 1 END
       RETURNING key, window_start, count`,
      [workspaceId, sorted, now, windowMs],
    );
    const byKey = new Map(rows.map((r) => [r.key, r]));
    return keys.map((key) => {
      const r = byKey.get(key)!;
      return { key, windowStart: Number(r.window_start), count: r.count };
    });
  }

  async clear(): Promise<void> {
    await q(this.pool, `DELETE FROM toolkit_rate_windows`);
  }

  async sweep(before: number): Promise<number> {
    return (await q(this.pool, `DELETE FROM toolkit_rate_windows WHERE window_start < $1 RETURNING 1`, [before])).length;
  }
}

const LIVE = `(remaining IS NULL OR remaining > 0)`;
const FAULT_COLUMNS = `id, rule, remaining, hits, created_time`;

class PgFaults implements FaultStore {
  constructor(private readonly pool: pg.Pool) {}

  async add(row: FaultRow): Promise<void> {
    await q(this.pool, `INSERT INTO toolkit_faults (id, rule, remaining, hits, created_time) VALUES ($1, $2, $3, $4, $5)`, [row.id, row.rule, row.remaining, row.hits, row.created_time]);
  }

  async list(): Promise<FaultRow[]> {
    return (await q<FaultRow>(this.pool, `SELECT ${FAULT_COLUMNS} FROM toolkit_faults WHERE ${LIVE} ORDER BY seq`)).map(fault);
  }

  async get(id: string): Promise<FaultRow | null> {
    const [r] = await q<FaultRow>(this.pool, `SELECT ${FAULT_COLUMNS} FROM toolkit_faults WHERE id = $1 AND ${LIVE}`, [id]);
    return r ? fault(r) : null;
  }

  async remove(id: string): Promise<boolean> {
    return (await q(this.pool, `DELETE FROM toolkit_faults WHERE id = $1 RETURNING ${LIVE} AS live`, [id])).some((r) => r.live);
  }

  async clear(): Promise<number> {
    return (await q(this.pool, `DELETE FROM toolkit_faults RETURNING ${LIVE} AS live`)).filter((r) => r.live).length;
  }

  async spend(id: string): Promise<{ remaining: number | null; hits: number } | null> {
    const [r] = await q<{ remaining: number | null; hits: number }>(
      this.pool,
      `UPDATE toolkit_faults SET hits = hits + 1, remaining = remaining - 1 WHERE id = $1 AND ${LIVE} RETURNING remaining, hits`,
      [id],
    );
    // The last match removes the row (a second statement, once per counted fault).
    if (r?.remaining === 0) await q(this.pool, `DELETE FROM toolkit_faults WHERE id = $1 AND remaining = 0`, [id]);
    return r ?? null;
  }
}

function fault(r: FaultRow): FaultRow {
  return { id: r.id, rule: r.rule, remaining: r.remaining, hits: r.hits, created_time: Number(r.created_time) };
}

/** Between the entries of a batch: a character JSON text never holds unescaped. */
const ENTRY_SEPARATOR = "\u0001";

class PgRequestLog implements RequestLogStore {
  constructor(private readonly pool: pg.Pool) {}

  async append(all: readonly { id: string; entry: string }[], keep: number): Promise<void> {
    // The DELETE below sees the table as it was before the INSERT: a batch longer than `keep` is cut first.
    const entries = all.slice(-keep);
    if (entries.length === 0 || keep <= 0) return;
    // The entries travel as one text, joined by U+0001 and split by PostgreSQL: an entry is
    // JSON.stringify's output, in which every control character is escaped, so the separator
    // never occurs inside one. Not a text[]: pg writes an array parameter by escaping every quote
    // and backslash of every element in JavaScript, which for a batch of query answers held the
    // event loop ~70–135 ms per flush (docs/PERFORMANCE.md, "The request log's flush and
    // PostgreSQL's p99"). Not a json array split by json_array_elements either: PostgreSQL then
    // parses every entry, a third of the backend's CPU per entry (docs/PERFORMANCE.md, "The
    // request log's cost per answer on PostgreSQL").
    await q(
      this.pool,
      `WITH ins AS (
         INSERT INTO toolkit_requests (id, entry)
         SELECT i.id, e.entry
         FROM unnest($1::text[]) WITH ORDINALITY AS i(id, n) JOIN unnest(string_to_array($2::text, E'\\x01')) WITH ORDINALITY AS e(entry, n) USING (n)
         ORDER BY n
         RETURNING seq)
       DELETE FROM toolkit_requests WHERE seq <= (SELECT max(seq) FROM ins) - $3::bigint`,
      [entries.map((e) => e.id), entries.map((e) => e.entry).join(ENTRY_SEPARATOR), keep],
    );
  }

  async before(before: number | null, limit: number): Promise<LoggedRequest[]> {
    return (await q<LoggedRequest>(this.pool, `SELECT seq, id, entry FROM toolkit_requests WHERE seq < $1 ORDER BY seq DESC LIMIT $2`, [before ?? Number.MAX_SAFE_INTEGER, limit])).map(logged);
  }

  async after(after: number, limit: number): Promise<LoggedRequest[]> {
    return (await q<LoggedRequest>(this.pool, `SELECT seq, id, entry FROM toolkit_requests WHERE seq > $1 ORDER BY seq LIMIT $2`, [after, limit])).map(logged);
  }

  async last(): Promise<number> {
    const [r] = await q<{ seq: number | null }>(this.pool, `SELECT max(seq) AS seq FROM toolkit_requests`);
    return Number(r?.seq ?? 0);
  }

  async get(id: string): Promise<LoggedRequest | null> {
    const [r] = await q<LoggedRequest>(this.pool, `SELECT seq, id, entry FROM toolkit_requests WHERE id = $1 ORDER BY seq DESC LIMIT 1`, [id]);
    return r ? logged(r) : null;
  }

  async clear(): Promise<void> {
    await q(this.pool, `DELETE FROM toolkit_requests`);
  }
}

function logged(r: LoggedRequest): LoggedRequest {
  return { seq: Number(r.seq), id: r.id, entry: r.entry };
}

/** The PostgreSQL store's shared toolkit state, on `pool` (its own: see above). */
export function pgToolkitShared(pool: pg.Pool): ToolkitShared {
  return { shared: true, rateWindows: new PgRateWindows(pool), faults: new PgFaults(pool), requests: new PgRequestLog(pool) };
}
