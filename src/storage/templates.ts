/**
 * Page templates as stored (`Tx.templates`): which row pages of a data source are its templates,
 * and which one is its default (src/storage/sqlite-templates.ts). A template stays a page under
 * its data source; the store leaves it out of that data source's rows (queries, the row-key
 * index, `allRows`) for as long as it is marked. docs/design/templates.md.
 */

export interface TemplateRow {
  workspace_id: string;
  data_source_id: string;
  /** The template page (a page whose parent is the data source). */
  page_id: string;
  is_default: boolean;
  /** When the page was made a template; templates are listed in this order. */
  created_time: number;
}

export interface TemplateStore {
  /** The data source's templates in the order they were made templates (pages in the trash too). */
  list(workspaceId: string, dataSourceId: string): Promise<TemplateRow[]>;
  /** The template row of a page, or null when the page is not a template. */
  get(workspaceId: string, pageId: string): Promise<TemplateRow | null>;
  /**
   * Marks a page as a template of its data source, or changes `is_default` of one already marked
   * (keeping its place in the order). Its rows stop being rows of the data source in the same
   * transaction. Keeping a single default is the caller's rule.
   */
  put(row: TemplateRow): Promise<void>;
  /** Unmarks a page (it is a row again); false when it was not a template. */
  remove(workspaceId: string, pageId: string): Promise<boolean>;
  /** Those of `ids` that are templates (of any data source). */
  among(workspaceId: string, ids: readonly string[]): Promise<string[]>;
}
