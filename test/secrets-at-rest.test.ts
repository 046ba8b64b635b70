/**
 * Secrets at rest (issue 12): every flow that makes a secret (test/helpers/secrets.ts
 * `SECRET_FLOWS`) runs against a server on a data directory, then every table of its database —
 * read from the catalog, so a table added later is read too — and its request and error logs are
 * searched for each secret in clear. Hashes are fine; the server keys that must stay readable are
 * `KEPT_IN_CLEAR` (rows of `meta`), and those appear nowhere else. On SQLite the database files'
 * bytes are searched too (a page freed by an update still holds what it held).
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { tmpdir } from "node:os";
import { startTestQuire } from "./helpers/quire.js";
import { onPostgres, queryOnStore } from "./helpers/store.js";
import { KEPT_IN_CLEAR, SECRET_FLOWS } from "./helpers/secrets.js";

const OWNER_PASSWORD = "the owner's chosen passphrase";
const dir = mkdtempSync(join(tmpdir(), "quire-secrets-"));
const lines: string[] = [];
const secrets: { secret: string; what: string }[] = [];
const tokenHashes: string[] = [];
let kept: { key: string; value: string }[] = [];
let cells: { where: string; text: string }[] = [];

const keep = (secret: string, what: string) => {
  assert.ok(typeof secret === "string" && secret.length >= 8, `${what}: a secret of 8 characters or more (got ${JSON.stringify(secret)})`);
  secrets.push({ secret, what });
};

before(async () => {
  const opts = { dataDir: dir, memory: false, log: (l: string) => void lines.push(l), logError: (l: string) => void lines.push(l), trustProxy: true, allowPrivateUrls: true };
  const first = await startTestQuire(opts);
  keep(first.owner!.password!, "the owner's generated password");
  await first.close();
  const q = await startTestQuire({ ...opts, ownerPassword: OWNER_PASSWORD });
  keep(OWNER_PASSWORD, "the owner's password given at start");
  for (const flow of SECRET_FLOWS) await flow.run(q, (s, what) => (keep(s, `${flow.name}: ${what}`), s.startsWith("ntn_") && tokenHashes.push(sha256(s))));
  await q.close();
  kept = (await queryOnStore<{ key: string; value: string }>(dir, "SELECT key, value FROM meta")).filter((r) => r.key in KEPT_IN_CLEAR);
  cells = await everyCell();
});
after(() => rmSync(dir, { recursive: true, force: true }));

const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

/** The names of every table of the store's database, from its catalog. */
async function tables(): Promise<string[]> {
  const sql = onPostgres
    ? "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1"
    : "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY 1";
  return (await queryOnStore<{ name: string }>(dir, sql)).map((r) => r.name);
}

/** Every cell of every table as text (bytes read as UTF-8 and Latin-1), but the kept rows of `meta`. */
async function everyCell(): Promise<{ where: string; text: string }[]> {
  const out: { where: string; text: string }[] = [];
  for (const t of await tables()) {
    for (const row of await queryOnStore(dir, `SELECT * FROM "${t}"`)) {
      if (t === "meta" && row.key in KEPT_IN_CLEAR) continue;
      for (const [column, v] of Object.entries(row)) {
        if (v === null || v === undefined) continue;
        const text = Buffer.isBuffer(v) || v instanceof Uint8Array ? `${Buffer.from(v).toString("utf8")}\n${Buffer.from(v).toString("latin1")}` : typeof v === "object" ? JSON.stringify(v) : String(v);
        out.push({ where: `${t}.${column}`, text });
      }
    }
  }
  return out;
}

describe("no secret in clear at rest or in the logs", () => {
  test("the flows ran and the whole database was read: every table, and the token hashes are found where the tokens are not", async () => {
    assert.ok(secrets.length >= 15, `${secrets.length} secrets`);
    const names = await tables();
    for (const t of ["accounts", "sessions", "integrations", "meta", "users", "nodes", "file_uploads", "signin_attempts"]) assert.ok(names.includes(t), `table ${t} read`);
    const all = cells.map((c) => c.text).join("\n");
    assert.ok(tokenHashes.length >= 4 && tokenHashes.some((h) => all.includes(h)), "integration tokens are there as their SHA-256");
    assert.deepEqual(kept.map((r) => r.key).sort(), Object.keys(KEPT_IN_CLEAR).sort(), "each kept server key exists");
  });

  test("no column of any table holds a secret (hashes only)", () => {
    const found: string[] = [];
    for (const { secret, what } of secrets) for (const c of cells) if (c.text.includes(secret)) found.push(`${what} in ${c.where}`);
    assert.deepEqual(found, []);
  });

  test("the server keys kept in meta appear nowhere else in the database", () => {
    const found: string[] = [];
    for (const { key, value } of kept) for (const c of cells) if (c.text.includes(value)) found.push(`meta.${key} in ${c.where}`);
    assert.deepEqual(found, []);
  });

  test("no secret and no server key in the request or error log", () => {
    // Each flow's requests are in the log (so their absence of secrets means something): sign-in,
    // downloads, a person's token on /v1, SCIM with its token, SAML's assertion consumer.
    for (const seen of [/^POST \/login 303/, /^GET \/_quire\/files\//, /^GET \/v1\/users\/me 200/, /^GET \/scim\/v2\/Users\/\S+ 200/, /^POST \/sso\/saml\/\S+\/acs 303/, /^POST \/sso\/saml\/\S+\/acs 403/])
      assert.ok(lines.some((l) => seen.test(l)), `the log was captured (${seen}): ${lines.join("\n")}`);
    const logged = lines.join("\n");
    const found = [...secrets, ...kept.map((k) => ({ secret: k.value, what: `meta.${k.key}` }))].filter(({ secret }) => logged.includes(secret)).map((s) => s.what);
    assert.deepEqual(found, []);
  });

  test("SQLite: not in the database files' bytes either (freed pages, the write-ahead log)", { skip: onPostgres ? "the SQLite pass reads its files" : false }, () => {
    const bytes = ["quire.db", "quire.db-wal"].map((f) => join(dir, f)).filter(existsSync).map((f) => readFileSync(f).toString("latin1")).join("\n");
    assert.ok(bytes.length > 0);
    const found = secrets.filter(({ secret }) => bytes.includes(secret)).map((s) => s.what);
    assert.deepEqual(found, []);
  });
});
