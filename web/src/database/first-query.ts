/**
 * A view's first rows question, shared by the screen (use-rows.ts) and the reads started with the
 * app's script (early.ts): both must send the same body, byte for byte, for the screen to take the
 * early answer. No imports: early.ts runs before React's code.
 */

/** Rows per request: the most `page_size` allows (Notion's limit). */
export const ROWS_PAGE = 100;

/** Layouts that read their own rows (`usePagedQuery`): a board per column, a calendar per shown weeks. */
export const OWN_ROWS = new Set(["board", "calendar"]);

/** The body of a data source query for a view's rows (keys always in this order). */
export function queryBody(view: { filter?: unknown; sorts?: unknown[] | null }, start: string | null): Record<string, unknown> {
  const body: Record<string, unknown> = { page_size: ROWS_PAGE };
  if (view.filter) body.filter = view.filter;
  if (view.sorts?.length) body.sorts = view.sorts;
  if (start) body.start_cursor = start;
  return body;
}

/** The query a view answer's first rows come from (`POST /v1/<path>` and its body), or null: a view the app does not query this way. */
export function firstQuery(view: { type?: string; data_source_id?: string; filter?: unknown; sorts?: unknown[] | null }): { path: string; body: Record<string, unknown> } | null {
  if (!view.data_source_id || !view.type || view.type === "dashboard" || OWN_ROWS.has(view.type)) return null;
  return { path: `/data_sources/${view.data_source_id}/query`, body: queryBody({ filter: view.filter ?? null, sorts: view.sorts ?? null }, null) };
}
