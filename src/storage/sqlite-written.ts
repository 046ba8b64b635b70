/**
 * Which tables a SQLite store's write units write, taken from the statements they execute: every
 * statement this connection prepares that can change the database (`Statement.readonly` false)
 * reports the tables it writes each time it runs, closed over what SQLite itself writes because
 * of them — foreign-key actions and triggers, read from the schema catalog. One place, below every
 * port, so no port can forget to say what it wrote; what remembers reads (`sqlite-read-cache.ts`)
 * forgets only what depends on the tables written. A statement whose targets cannot be named (DDL,
 * `exec`) counts as writing every table. docs/design/storage.md, "What a SQLite store remembers".
 */
import type Database from "better-sqlite3";

/** Stands for "every table": a write whose targets are not known. */
export const EVERY_TABLE = "*";

// The table after INSERT [OR …] INTO, REPLACE INTO, UPDATE [OR …] and DELETE FROM (a schema
// prefix skipped). `DO UPDATE SET` of an upsert yields "set", which is no table: ignored.
const TARGET = /\b(?:INSERT(?:\s+OR\s+\w+)?\s+INTO|REPLACE\s+INTO|UPDATE(?:\s+OR\s+\w+)?|DELETE\s+FROM)\s+(?:["`[]?\w+["`\]]?\s*\.\s*)?["`[]?(\w+)/gi;
const WORD = /\w+/g;
const REPLACE = /\bREPLACE\b/i;
const TRANSACTION_CONTROL = /^\s*(?:BEGIN|COMMIT|END|ROLLBACK|SAVEPOINT|RELEASE)\b/i;

/** The schema's tables, and what writing each makes SQLite write too. */
export class TableCatalog {
  /** Table (and view) names, lower case. */
  readonly tables: ReadonlySet<string>;
  /** For each table, itself and every table SQLite writes when it is written (foreign-key actions, triggers), transitively. */
  private readonly closure = new Map<string, ReadonlySet<string>>();

  constructor(db: Database.Database) {
    const names = (db.prepare(`SELECT name FROM sqlite_master WHERE type IN ('table', 'view')`).all() as { name: string }[]).map((r) => r.name.toLowerCase());
    this.tables = new Set(names);
    const direct = new Map<string, Set<string>>(names.map((n) => [n, new Set<string>()]));
    // A parent's update or delete can write its children: CASCADE, SET NULL, SET DEFAULT.
    const fk = db.prepare(`SELECT "table" AS parent, on_update, on_delete FROM pragma_foreign_key_list(?)`);
    for (const child of names) {
      for (const r of fk.all(child) as { parent: string; on_update: string; on_delete: string }[]) {
        if (acts(r.on_update) || acts(r.on_delete)) direct.get(r.parent.toLowerCase())?.add(child);
      }
    }
    // A trigger on a table writes what its body writes.
    for (const t of db.prepare(`SELECT tbl_name, sql FROM sqlite_master WHERE type = 'trigger'`).all() as { tbl_name: string; sql: string }[]) {
      const on = direct.get(t.tbl_name.toLowerCase());
      const body = t.sql.slice(t.sql.search(/\bBEGIN\b/i));
      for (const target of targetsOf(body)) if (this.tables.has(target)) on?.add(target);
    }
    for (const n of names) {
      const seen = new Set<string>([n]);
      const todo = [n];
      while (todo.length > 0) for (const next of direct.get(todo.pop()!) ?? []) if (!seen.has(next)) todo.push(next), seen.add(next);
      this.closure.set(n, seen);
    }
  }

  /** What a statement writes when it runs: its targets closed over actions and triggers; EVERY_TABLE when it names none. */
  written(sql: string): ReadonlySet<string> {
    const out = new Set<string>();
    for (const t of targetsOf(sql)) for (const w of this.closure.get(t) ?? []) out.add(w);
    return out.size > 0 ? out : new Set([EVERY_TABLE]);
  }

  /** The schema's tables a read statement names (over-counted: any word that is a table's name). */
  named(sql: string): ReadonlySet<string> {
    const out = new Set<string>();
    for (const w of sql.match(WORD) ?? []) if (this.tables.has(w.toLowerCase())) out.add(w.toLowerCase());
    return out;
  }
}

const acts = (action: string) => /^(CASCADE|SET NULL|SET DEFAULT)$/i.test(action);

function targetsOf(sql: string): string[] {
  return [...sql.matchAll(TARGET)].map((m) => m[1].toLowerCase());
}

/**
 * Makes every statement `db` prepares from now on that can write report its tables to `note`
 * (and whether it can replace rows) when it runs (an own method on the statement: reads are left as they are, at no cost), and
 * `exec` report every table. Call once, after migrations and before anything else is prepared.
 */
export function reportWrites(db: Database.Database, catalog: TableCatalog, note: (tables: ReadonlySet<string>, replaces: boolean) => void): void {
  const prepare = db.prepare.bind(db);
  const exec = db.exec.bind(db);
  const every = new Set([EVERY_TABLE]);
  db.prepare = ((sql: string) => {
    const stmt = prepare(sql);
    // BEGIN IMMEDIATE is not read-only to SQLite (it takes the write lock) but writes no table.
    if (stmt.readonly || TRANSACTION_CONTROL.test(sql)) return stmt;
    const tables = catalog.written(sql);
    // REPLACE deletes the row it replaces without running delete triggers (sqlite-written-rows.ts
    // could not report it); over-matched by a replace() call, which only forgets more.
    const replaces = REPLACE.test(sql);
    const s = stmt as unknown as Record<string, (...a: unknown[]) => unknown>;
    for (const m of ["run", "get", "all", "iterate"]) {
      const original = s[m];
      s[m] = function (this: unknown, ...args: unknown[]) {
        note(tables, replaces);
        return original.apply(this, args);
      };
    }
    return stmt;
  }) as typeof db.prepare;
  db.exec = ((sql: string) => {
    note(every, true);
    return exec(sql);
  }) as typeof db.exec;
}
