/** `Tx.views` on PostgreSQL — not built yet: h11-rows' part of issue 11 replaces this file. */
import type { ViewStore } from "../views.js";
import { notYet } from "./json.js";
import type { PgSession } from "./session.js";

const views = (): never => notYet("Database views");

/** Database views and view queries (placeholder until the views port lands). */
export class PgViews implements ViewStore {
  constructor(readonly s: PgSession) {}
  get = views;
  listByDatabase = views;
  listByDataSource = views;
  insert = views;
  update = views;
  delete = views;
  insertQuery = views;
  getQuery = views;
  queryResults = views;
  deleteQuery = views;
  sweepQueries = views;
}
