/** `Tx.templates` on PostgreSQL — not built yet: h11-rows' part of issue 11 replaces this file. */
import type { TemplateStore } from "../templates.js";
import { notYet } from "./json.js";
import type { PgSession } from "./session.js";

const templates = (): never => notYet("Page templates");

/** Page templates of data sources (placeholder until the templates port lands). */
export class PgTemplates implements TemplateStore {
  constructor(readonly s: PgSession) {}
  list = templates;
  get = templates;
  put = templates;
  remove = templates;
  among = templates;
}
