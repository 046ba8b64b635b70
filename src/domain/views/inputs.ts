/** Typed inputs of the view verbs, as the route schemas (src/routes/views.schema.ts) produce them. */
import type { ViewType } from "../../storage/views.js";
import type { TabPosition, WidgetPlacement } from "./placement.js";

type Json = Record<string, unknown>;

/** Where a new view goes: exactly one of `database_id`, `view_id` (a dashboard) or `create_database`. */
export type ViewTarget =
  | { kind: "database"; id: string }
  | { kind: "dashboard"; id: string }
  | { kind: "new_database"; pageId: string; afterBlock?: string };

export interface CreateViewInput {
  data_source_id: string;
  name: string;
  type: ViewType;
  target: ViewTarget;
  /** Raw JSON: checked against the data source's schema by the verb. */
  filter?: unknown;
  sorts?: unknown;
  quick_filters?: unknown;
  /** Shape already checked for `type`. */
  configuration?: Json;
  position?: TabPosition;
  placement?: WidgetPlacement;
}

export interface UpdateViewInput {
  name?: string;
  /** `null` clears. */
  filter?: unknown;
  sorts?: unknown;
  quick_filters?: unknown;
  /** Shape already checked against its own `type`; the verb checks it is the view's. */
  configuration?: Json;
}

export interface ListViewsInput {
  database_id?: string;
  data_source_id?: string;
  cursor: string | null;
  pageSize: number;
}
