/**
 * Compile-only tests of the filter compiler (src/query/compile.ts): the same filter and sort
 * ASTs — every operator of every property type, compound filters, hidden relation pages, every
 * sortable type both ways, cursors with and without empty keys — compiled by the SQLite and the
 * PostgreSQL dialect. SQLite must prepare each statement against Quire's schema and bind its
 * values; PostgreSQL's SQL must be well-formed for it (numbered placeholders matching the values,
 * no SQLite spelling) — and, in the PostgreSQL pass, accepted by PostgreSQL: each is run against
 * the migrated schema (a throwaway database, test/helpers/pg.ts).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import Database from "better-sqlite3";
import pg from "pg";
import { compile, parseFilter, type Dialect } from "../src/query/index.js";
import { sqliteDialect } from "../src/query/dialect.js";
import { postgresDialect } from "../src/query/dialect-postgres.js";
import { MIGRATIONS } from "../src/storage/sqlite-schema.js";
import { COMPILE_SCHEMA, compiledCases } from "./helpers/compile-cases.js";
import { freshDatabase } from "./helpers/pg.js";
import { onPostgres } from "./helpers/store.js";

/** SQL text with its string literals blanked, so checks look at SQL only. */
const outsideLiterals = (sql: string) => sql.replace(/'(?:[^']|'')*'/g, "''");

test("SQLite prepares and binds every compiled case against Quire's schema", () => {
  const db = new Database(":memory:");
  for (const m of MIGRATIONS) db.exec(m);
  let n = 0;
  for (const { label, sql, params } of compiledCases(sqliteDialect)) {
    const text = outsideLiterals(sql);
    assert.equal(text.split("?").length - 1, params.length, label);
    assert.doesNotMatch(text, /\$\d/, label);
    assert.deepEqual(db.prepare(sql).all(...params), [], label);
    n++;
  }
  assert.ok(n > 300, `${n} statements`);
  db.close();
});

/** Spellings that are SQLite's and not PostgreSQL's (or not its meaning there). */
const SQLITE_ONLY = [/\bjson_extract\(/, /\bjson_type\(/, /\bjson_each\(/, /\binstr\(/, /\bsubstr\(/, /\bjson_array_length\(/, /\bIS ''/, /\bAND 1\b/, /\bOR 0\b/, /, 0\)/, /\bINDEXED BY\b/];

test("PostgreSQL's compiled cases are well-formed: numbered placeholders match the values, no SQLite spelling", () => {
  let n = 0;
  for (const { label, sql, params } of compiledCases(postgresDialect)) {
    const text = outsideLiterals(sql);
    assert.doesNotMatch(text, /\?/, label);
    const used = new Set([...text.matchAll(/\$(\d+)/g)].map((m) => Number(m[1])));
    assert.deepEqual([...used].sort((a, b) => a - b), params.map((_, i) => i + 1), label);
    for (const re of SQLITE_ONLY) assert.doesNotMatch(text, re, `${label}: ${re}`);
    let depth = 0;
    for (const ch of text) {
      depth += ch === "(" ? 1 : ch === ")" ? -1 : 0;
      assert.ok(depth >= 0, label);
    }
    assert.equal(depth, 0, label);
    n++;
  }
  assert.ok(n > 300, `${n} statements`);
});

test("the compiler writes SQLite's spellings only through its dialect", () => {
  // Booleans and NULL-as-false come from the dialect: a dialect with odd spellings shows them.
  const marked: Dialect = { ...sqliteDialect, name: "marked", true: "<T>", false: "<F>", orFalse: (c) => `<ORF>${c}</ORF>` };
  const f = parseFilter({ and: [{ property: "Count", number: { equals: 1 } }, { property: "Stage", select: { equals: "Todo" } }, { or: [] }] }, COMPILE_SCHEMA, { now: 0 });
  const c = compile(marked, f, [])!;
  assert.match(c.where, /<ORF>.*<\/ORF>/);
  assert.match(c.where, /<T>/);
  assert.doesNotMatch(outsideLiterals(c.where), /coalesce\([^)]*, 0\)|\b1\)|\(1\b/);
  assert.equal(compile(marked, null, [])!.where, "<T>");
});

test("PostgreSQL accepts every compiled case against Quire's schema", { skip: onPostgres ? false : "runs in the PostgreSQL pass (QUIRE_TEST_STORE=postgres)" }, async () => {
  const db = await freshDatabase();
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    let n = 0;
    for (const { label, sql, params } of compiledCases(postgresDialect)) {
      // Run, not only planned: type errors in expressions over jsonb show only on rows; the table is empty, so one row first.
      await client.query("BEGIN");
      await client.query(
        `INSERT INTO nodes (workspace_id, id, type, parent_type, parent_id, position, data, properties, idx, qprops, qidx, created_time, created_by, last_edited_time, last_edited_by)
         VALUES ('w', 'n', 'page', 'data_source_id', 'd', 0, '{}', '{}', '{}', $1::jsonb, $2::jsonb, 0, 'u', 0, 'u')`,
        [JSON.stringify({ stg: "x", "tg%": ["a", 1], "c.$[0]": 2, fi: [{ name: "f" }], vf: { state: "verified" } }), JSON.stringify({ title: "it's", du: { s: 1, e: 1 } })],
      );
      await assert.doesNotReject(client.query(sql, params), label);
      await client.query("ROLLBACK");
      n++;
    }
    assert.ok(n > 300, `${n} statements`);
  } finally {
    await client.end();
    await db.drop();
  }
});
