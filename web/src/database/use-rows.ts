/**
 * A view's rows a page at a time: the first 100 of `POST /v1/data_sources/:id/query` with the
 * view's filter and sorts, then the next 100 (`start_cursor`) each time the person scrolls to the
 * end or presses "Load more" — never the whole data source at once. The row count comes from the
 * Views API's view query (`total_count`), which counts without sending the rows; a view without
 * an id (the default table) counts what has been loaded.
 */
import { useCallback, useEffect, useRef, useState } from "react";
import type { Api, Json } from "../api";
import { errorText, type View } from "./model";
import { firstQuery, OWN_ROWS, queryBody, ROWS_PAGE } from "./first-query";

export { OWN_ROWS, ROWS_PAGE };
/** What the view query caches at most ("caches up to 10,000 results", reference/create-view-query). */
const COUNT_CAP = 10_000;

export interface RowPages {
  /** The rows loaded so far (null before the first page). */
  rows: Json[] | null;
  /** More rows wait behind the cursor. */
  hasMore: boolean;
  /** A page is on its way. */
  loading: boolean;
  error: string | null;
  /** How many rows the view has (null: not known), and whether that is a lower bound. */
  total: { count: number; atLeast: boolean } | null;
  /** Loads the next page (no-op while one is loading or when none is left). */
  loadMore: () => void;
  /** Replaces rows (an edited row, a new one); `added` counts rows made here. */
  update: (change: (rows: Json[]) => Json[], added?: number) => void;
  setError: (e: string | null) => void;
}

type Question = Pick<View, "id" | "filter" | "sorts" | "quick_filters">;

/** A first page asked for before the database and its data source were read (`firstPage`). */
export interface EarlyPage {
  dataSourceId: string;
  /** The query's body, as JSON: the page is used only for the same question. */
  question: string;
  page: Json;
}

/**
 * When the address names the view, its first rows need only the view: `viewRead` (its
 * `GET /v1/views/:id`) then the data source query, started beside the database's read instead of
 * after the database, its data source and its views (one step before the first row, not three).
 * Null when the view is not one the app queries this way (a dashboard) or a read failed: the view
 * then asks as usual, and shows the error.
 */
export async function firstPage(api: Api, viewRead: Promise<Json>): Promise<EarlyPage | null> {
  try {
    const v = await viewRead;
    const first = firstQuery(v);
    if (!first) return null;
    const page = await api.v1<Json>("POST", first.path, first.body);
    return { dataSourceId: v.data_source_id, question: JSON.stringify(first.body), page };
  } catch {
    return null;
  }
}

/** `early.current`, taken once: a first page started before the view's screen mounted. */
export type EarlyRef = { current: Promise<EarlyPage | null> | null };

/**
 * `own`: the layout reads its rows itself (`OWN_ROWS`) and merges them in through `update`; this
 * only holds them (empty again when the question changes) and counts the view.
 */
export function useRowPages(api: Api, dataSourceId: string, view: Question, key: string, early?: EarlyRef, own = false): RowPages {
  const [rows, setRows] = useState<Json[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [total, setTotal] = useState<RowPages["total"]>(null);
  // Answers to an older question (the filter changed meanwhile) are dropped.
  const generation = useRef(0);
  const busy = useRef(false);

  const fetchPage = useCallback(
    (start: string | null, mine: number) => {
      busy.current = true;
      setLoading(true);
      const body = queryBody(view, start);
      const ask = () => api.v1<Json>("POST", `/data_sources/${dataSourceId}/query`, body);
      const ahead = !start ? early?.current : null;
      if (ahead && early) early.current = null;
      const answer = ahead ? ahead.then((e) => (e && e.dataSourceId === dataSourceId && e.question === JSON.stringify(body) ? e.page : ask())) : ask();
      answer.then(
        (page) => {
          if (mine !== generation.current) return;
          busy.current = false;
          setLoading(false);
          setRows((rs) => [...(start ? (rs ?? []) : []), ...(page.results as Json[])]);
          setCursor(page.has_more ? page.next_cursor : null);
          setError(null);
        },
        (e) => {
          if (mine !== generation.current) return;
          busy.current = false;
          setLoading(false);
          setError(errorText(e));
        },
      );
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [api, dataSourceId, key],
  );

  useEffect(() => {
    const mine = ++generation.current;
    setCursor(null);
    setTotal(null);
    if (own) setRows([]);
    else fetchPage(null, mine);
    if (view.id) void countRows(api, view.id).then((t) => mine === generation.current && t && setTotal(t));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [fetchPage]);

  const loadMore = useCallback(() => {
    if (busy.current || !cursor) return;
    fetchPage(cursor, generation.current);
  }, [cursor, fetchPage]);

  const update = useCallback((change: (rows: Json[]) => Json[], added = 0) => {
    setRows((rs) => change(rs ?? []));
    if (added) setTotal((t) => (t ? { ...t, count: t.count + added } : t));
  }, []);

  const loaded = rows?.length ?? 0;
  const known = total ?? (rows && !cursor ? { count: loaded, atLeast: false } : rows ? { count: loaded, atLeast: true } : null);
  return { rows, hasMore: !!cursor, loading, error, total: known, loadMore, update, setError };
}

/** The view's row count from a view query (`total_count`), the query deleted at once (its cache is not needed). */
async function countRows(api: Api, viewId: string): Promise<{ count: number; atLeast: boolean } | null> {
  try {
    const q = await api.v1<Json>("POST", `/views/${viewId}/queries`, { page_size: 1 });
    void api.v1("DELETE", `/views/${viewId}/queries/${q.id}`).catch(() => undefined);
    if (typeof q.total_count !== "number") return null;
    return { count: q.total_count, atLeast: q.request_status?.type === "incomplete" || q.total_count >= COUNT_CAP };
  } catch {
    return null; // counting is a nicety: the rows still show, counted as loaded
  }
}

/** "5,000 rows", "1 row", "10,000+ rows". */
export function countText(total: RowPages["total"]): string {
  if (!total) return "";
  const n = total.count.toLocaleString("en-US");
  return `${n}${total.atLeast ? "+" : ""} ${total.count === 1 && !total.atLeast ? "row" : "rows"}`;
}

/** `found` merged into `rows`: rows already there replaced in place (a fresher read), new ones appended. */
export function mergeRows(rows: Json[], found: Json[]): Json[] {
  const fresh = new Map(found.map((r) => [r.id as string, r]));
  const out = rows.map((r) => fresh.get(r.id) ?? r);
  const had = new Set(rows.map((r) => r.id as string));
  for (const r of found) if (!had.has(r.id)) out.push(r);
  return out;
}

/** Two filters that must both hold, kept as flat as the API's two levels of compound filters allow. */
export function andFilter(a: Json | null | undefined, b: Json): Json {
  if (!a) return b;
  const parts = (f: Json): Json[] => (Array.isArray(f.and) ? f.and : [f]);
  return { and: [...parts(a), ...parts(b)] };
}

/** One query of a layout that reads its own rows (a board column, a calendar's weeks). */
export interface QueryPager {
  /** The first page has come. */
  loaded: boolean;
  /** Rows this query found so far. */
  found: number;
  hasMore: boolean;
  loading: boolean;
  error: string | null;
  loadMore: () => void;
}

/**
 * `POST /v1/data_sources/:id/query` with `body` (its filter and sorts; null: nothing to ask), 100
 * rows at a time, each page handed to `merge` (the view's rows). Asked again when `body` or `key`
 * changes; an answer to an older question is dropped.
 */
export function usePagedQuery(api: Api, dataSourceId: string, body: Json | null, key: string, merge: (rows: Json[]) => void): QueryPager {
  const question = body ? JSON.stringify(body) : null;
  const [state, setState] = useState({ loaded: false, found: 0, cursor: null as string | null, loading: false, error: null as string | null });
  const generation = useRef(0);
  const busy = useRef(false);
  const mergeRef = useRef(merge);
  mergeRef.current = merge;

  const fetchPage = useCallback(
    (start: string | null, mine: number) => {
      if (!question) return;
      busy.current = true;
      setState((s) => ({ ...s, loading: true }));
      const ask: Json = { ...JSON.parse(question), page_size: ROWS_PAGE };
      if (start) ask.start_cursor = start;
      api.v1<Json>("POST", `/data_sources/${dataSourceId}/query`, ask).then(
        (page) => {
          if (mine !== generation.current) return;
          busy.current = false;
          mergeRef.current(page.results as Json[]);
          setState((s) => ({ loaded: true, found: (start ? s.found : 0) + page.results.length, cursor: page.has_more ? page.next_cursor : null, loading: false, error: null }));
        },
        (e) => {
          if (mine !== generation.current) return;
          busy.current = false;
          setState((s) => ({ ...s, loaded: true, loading: false, error: errorText(e) }));
        },
      );
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [api, dataSourceId, question, key],
  );

  useEffect(() => {
    const mine = ++generation.current;
    busy.current = false;
    setState({ loaded: !question, found: 0, cursor: null, loading: false, error: null });
    fetchPage(null, mine);
  }, [fetchPage, question]);

  const cursor = state.cursor;
  const loadMore = useCallback(() => {
    if (busy.current || !cursor) return;
    fetchPage(cursor, generation.current);
  }, [cursor, fetchPage]);
  return { loaded: state.loaded, found: state.found, hasMore: !!cursor, loading: state.loading, error: state.error, loadMore };
}
