/**
 * Views and view queries in responses, typed against the SDK's view types (5.26,
 * api-endpoints/views.d.ts); key order as recorded (notion-sdk-py cassettes test_views_*).
 */
import type {
  DataSourceViewObjectResponse,
  DeleteViewQueryResponse,
  GetViewQueryResultsResponse,
  ListDatabaseViewsResponse,
  PartialDataSourceViewObjectResponse,
  ViewQueryResponse,
} from "@notionhq/client";
import type { ViewQueryRow, ViewRow } from "../storage/views.js";
import { iso } from "../domain/clock.js";
import { compactId } from "../api/ids.js";
import { partialUser } from "./common.js";

/** View times carry milliseconds and a +00:00 offset, as databases' do (recorded 2025-09-03 responses). */
const offsetTime = (ms: number) => iso(ms).replace("Z", "+00:00");

/** The filter, sorts, quick filters and configuration as shown (current property names). */
export interface ShownConditions {
  filter: Record<string, unknown> | null;
  sorts: Record<string, unknown>[] | null;
  quick_filters: Record<string, Record<string, unknown>> | null;
  configuration: Record<string, unknown>;
}

/** A view's deep link: its database's URL with `?v=` (recorded `https://app.notion.com/p/<db>?v=<view>`). */
export const viewUrl = (origin: string, view: ViewRow) => `${origin}/${compactId(view.database_id)}?v=${compactId(view.id)}`;

/** The full view object. */
export function presentView(view: ViewRow, shown: ShownConditions, origin: string): DataSourceViewObjectResponse {
  const out: DataSourceViewObjectResponse = {
    object: "view",
    id: view.id,
    parent: { type: "database_id", database_id: view.database_id },
    data_source_id: view.data_source_id,
    name: view.name,
    type: view.type,
    created_time: offsetTime(view.created_time),
    created_by: partialUser(view.created_by),
    last_edited_time: offsetTime(view.last_edited_time),
    last_edited_by: partialUser(view.last_edited_by),
    url: viewUrl(origin, view),
    filter: shown.filter as DataSourceViewObjectResponse["filter"],
    sorts: shown.sorts as DataSourceViewObjectResponse["sorts"],
    quick_filters: shown.quick_filters as DataSourceViewObjectResponse["quick_filters"],
    configuration: shown.configuration as DataSourceViewObjectResponse["configuration"],
  };
  // Only widget views carry it; the key is absent elsewhere (developers.notion.com/reference/view).
  if (view.dashboard_view_id !== null) out.dashboard_view_id = view.dashboard_view_id;
  return out;
}

/** `{object, id, parent, type}`: what delete answers (recorded), and writes without read content. */
export function partialView(view: ViewRow): PartialDataSourceViewObjectResponse {
  return { object: "view", id: view.id, parent: { type: "database_id", database_id: view.database_id }, type: view.type };
}

/** A page of `views.list`: references `{object: "view", id}`. */
export function presentViewList(views: ViewRow[], next: string | null): ListDatabaseViewsResponse {
  return { object: "list", results: views.map((v) => ({ object: "view", id: v.id })), next_cursor: next, has_more: next !== null, type: "view", view: {} };
}

/** A new view query with its first page of page references. */
export function presentViewQuery(query: ViewQueryRow, ids: string[], next: string | null): ViewQueryResponse {
  const out: ViewQueryResponse = {
    object: "view_query",
    id: query.id,
    view_id: query.view_id,
    expires_at: offsetTime(query.expires_at),
    total_count: query.total_count,
    results: ids.map((id) => ({ object: "page", id })),
    next_cursor: next,
    has_more: next !== null,
  };
  return withStatus(out, query);
}

/** A later page of a view query's results, as partial pages. */
export function presentViewQueryResults(query: ViewQueryRow, ids: string[], next: string | null): GetViewQueryResultsResponse {
  const out: GetViewQueryResultsResponse = { object: "list", results: ids.map((id) => ({ object: "page", id })), next_cursor: next, has_more: next !== null, type: "page", page: {} };
  return withStatus(out, query);
}

/**
 * A truncated query says so on every page (developers.notion.com/reference/get-view-query-results,
 * "Truncated queries"); a complete one has no `request_status` (recorded).
 */
function withStatus<T extends { request_status?: unknown }>(out: T, query: ViewQueryRow): T {
  if (query.capped) out.request_status = { type: "incomplete", incomplete_reason: "query_result_limit_reached" };
  return out;
}

/** What deleting a view query answers, whether or not it still existed. */
export const deletedViewQuery = (id: string): DeleteViewQueryResponse => ({ object: "view_query", id, deleted: true });
