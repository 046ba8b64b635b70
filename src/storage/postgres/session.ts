/**
 * One unit of work on one pooled PostgreSQL client (docs/design/storage.md): the statements a
 * port runs, and the per-workspace advisory lock a write unit takes before its first statement
 * that names that workspace.
 */
import type { PoolClient, QueryConfig, QueryResultRow } from "pg";
import { noteStatement } from "../meter.js";

/** A row as the driver returns it. */
export type Row = Record<string, unknown>;

/**
 * Lock keys that are not workspaces: the `meta` table (read-decide-write of secrets at start)
 * the set of workspaces (the first start's seed), so that nodes starting together agree, and
 * people's accounts (an email checked free, then taken).
 */
export const GLOBAL_LOCK = { meta: "quire:meta", workspaces: "quire:workspaces", accounts: "quire:accounts" } as const;

/** The statements of one read or write unit. */
export class PgSession {
  private readonly locked = new Map<string, Promise<void>>();
  private open = true;
  /** Statements run one after another on the client (a unit may ask several at once: Promise.all). */
  private tail: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly client: PoolClient,
    /** True in a write unit: workspaces are locked before use. */
    readonly writing: boolean,
    /** True in a `readOne` unit: no transaction around it, and one statement only. */
    private readonly single = false,
  ) {}

  private statements = 0;

  /**
   * Runs one parameterized statement and returns its rows. `name` makes it a named prepared
   * statement (parsed and planned once per connection, then only bound and run): give one only
   * to a hot statement whose text is a constant (a name is kept per connection for its life, and
   * one name must always carry the same text).
   */
  async query<R extends QueryResultRow = Row>(sql: string, params: unknown[] = [], name?: string): Promise<R[]> {
    return (await this.run<R>(sql, params, name)).rows;
  }

  /** Runs one statement and returns the number of rows it changed. */
  async exec(sql: string, params: unknown[] = [], name?: string): Promise<number> {
    return (await this.run(sql, params, name)).rowCount ?? 0;
  }

  /** The first row, or null. */
  async one<R extends QueryResultRow = Row>(sql: string, params: unknown[] = [], name?: string): Promise<R | null> {
    return (await this.query<R>(sql, params, name))[0] ?? null;
  }

  /**
   * Before a statement naming workspace `key` in a write unit: takes its transaction-scoped
   * advisory lock once (writes of one workspace are serialized across every node; what the unit
   * reads afterwards includes everything committed before the lock was granted). No-op in reads.
   */
  async lock(key: string): Promise<void> {
    if (!this.writing) return;
    let held = this.locked.get(key);
    if (!held) {
      held = this.run("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", [key], "quire_lock").then(() => undefined);
      this.locked.set(key, held);
    }
    await held;
  }

  /**
   * Ends the unit with `sql` (COMMIT or ROLLBACK), after the statements already queued: from now
   * on the Tx built on it may not be used, and statements queued but not yet sent are refused
   * (none runs after the transaction ends, outside it).
   */
  end(sql: "COMMIT" | "ROLLBACK"): Promise<void> {
    this.open = false;
    // A single statement ran on its own (autocommit): there is no transaction to end.
    if (this.single) return this.tail.then(() => undefined);
    noteStatement();
    return this.enqueue(() => this.client.query(sql)).then((r) => {
      // COMMIT of a transaction a failed statement aborted (an error `fn` caught) rolls back.
      if (sql === "COMMIT" && r.command === "ROLLBACK") throw new Error("storage: a statement of this unit failed, so nothing of it was committed");
    });
  }

  private run<R extends QueryResultRow>(sql: string, params: unknown[], name?: string) {
    if (!this.open) return Promise.reject(usedAfterEnd());
    if (this.single && ++this.statements > 1) return Promise.reject(new Error("storage: a readOne unit ran a second statement"));
    noteStatement();
    return this.enqueue(() => {
      if (!this.open) throw usedAfterEnd();
      const values = params.some(needsTextSafe) ? params.map(textSafe) : params;
      return name === undefined ? this.client.query<R>(sql, values) : this.client.query<R>(namedQuery(name, sql, values));
    });
  }

  private enqueue<T>(send: () => Promise<T>): Promise<T> {
    const next = this.tail.then(send);
    this.tail = next.catch(() => undefined);
    return next;
  }
}

/**
 * The query config of a named statement: its name and text on a prototype kept per name, the
 * values its own. `pg` copies every config it is given by its own property descriptors
 * (utils.cloneQueryConfig), on every statement: the hot statements of every request.
 */
function namedQuery(name: string, text: string, values: unknown[]): QueryConfig {
  let proto = NAMED.get(name);
  if (!proto || proto.text !== text) NAMED.set(name, (proto = { name, text }));
  const config = Object.create(proto) as QueryConfig;
  config.values = values;
  return config;
}
const NAMED = new Map<string, { name: string; text: string }>();

/** True when `textSafe` would change the parameter (a string, or strings in an array, holding U+0000). */
function needsTextSafe(v: unknown): boolean {
  if (typeof v === "string") return v.includes("\u0000");
  return Array.isArray(v) && v.some(needsTextSafe);
}

/**
 * A parameter PostgreSQL's text accepts: U+0000, which Notion and SQLite take in strings and
 * PostgreSQL's text type refuses ("invalid byte sequence for encoding UTF8: 0x00"), is sent as
 * U+FFFD. Values answered back are stored as JSON text, where it is escaped and kept; only plain
 * text columns (search words, names looked up) see the replacement (docs/design/storage.md).
 */
function textSafe(v: unknown): unknown {
  if (typeof v === "string") return v.includes("\u0000") ? v.replace(/\u0000/g, "\uFFFD") : v;
  return Array.isArray(v) ? v.map(textSafe) : v;
}

function usedAfterEnd(): Error {
  return new Error("storage: a Tx was used after its unit of work ended");
}
