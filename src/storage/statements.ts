import type Database from "better-sqlite3";

/**
 * Statements by SQL text, each compiled once, for queries whose text is built per request
 * (compiled filters, search shapes). Cleared whole when it holds more than `max` texts.
 */
export class StatementCache {
  private readonly byText = new Map<string, Database.Statement>();

  constructor(
    private readonly db: Database.Database,
    private readonly max: number,
  ) {}

  get(sql: string): Database.Statement {
    let stmt = this.byText.get(sql);
    if (!stmt) {
      stmt = this.db.prepare(sql);
      if (this.byText.size >= this.max) this.byText.clear();
      this.byText.set(sql, stmt);
    }
    return stmt;
  }
}
