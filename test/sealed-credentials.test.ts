/**
 * The admin key and the dev token at rest (docs/design/secrets.md, docs/decisions/0009): the
 * database keeps the admin key's SHA-256 and sealed copies of both (AES-256-GCM) under a key kept
 * outside it — `<data dir>/secret.key` on SQLite, QUIRE_SECRET_KEY on PostgreSQL. A copy of the
 * database alone reveals neither; a wrong or missing key is a clear start-up error; a database an
 * older Quire wrote (both in clear) is converted at start; PostgreSQL without a key seals nothing.
 */
import { after, describe, test } from "node:test";
import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { tmpdir } from "node:os";
import pg from "pg";
import { startQuire, StartupError, type RunningQuire } from "../src/index.js";
import { startTestQuire } from "./helpers/quire.js";
import { execOnStore, onPostgres, queryOnStore } from "./helpers/store.js";
import { freshDatabase } from "./helpers/pg.js";
import { runCli, startServerProcess } from "./helpers/child.js";

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), "quire-sealed-"));
  dirs.push(d);
  return d;
};
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");
const sqliteOnly = onPostgres ? "SQLite pass: the data directory's file and secret.key" : false;
const pgOnly = onPostgres ? false : "PostgreSQL pass only";

/** A control API call with `key`: its status. */
async function adminStatus(q: RunningQuire, key: string): Promise<number> {
  return (await fetch(`${q.url}/_quire/v1/integrations`, { headers: { authorization: `Bearer ${key}` } })).status;
}

/** A /v1 call with the dev token: its status. */
async function meStatus(q: RunningQuire, token: string): Promise<number> {
  return (await fetch(`${q.url}/v1/users/me`, { headers: { authorization: `Bearer ${token}`, "notion-version": "2022-06-28" } })).status;
}

async function metaOf(where: string): Promise<Record<string, string>> {
  const rows = await queryOnStore<{ key: string; value: string }>(where, "SELECT key, value FROM meta");
  return Object.fromEntries(rows.map((r) => [r.key, r.value]));
}

/** The rows of `meta` of a PostgreSQL database. */
async function pgMeta(url: string): Promise<Record<string, string>> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return Object.fromEntries((await c.query("SELECT key, value FROM meta")).rows.map((r) => [r.key, r.value]));
  } finally {
    await c.end();
  }
}

/** The SQLite files' bytes, as text. */
const fileBytes = (dir: string) =>
  ["quire.db", "quire.db-wal"].map((f) => join(dir, f)).filter(existsSync).map((f) => readFileSync(f).toString("latin1")).join("\n");

describe("SQLite: sealed with <data dir>/secret.key", { skip: sqliteOnly }, () => {
  test("first start: secret.key (0600, 32 bytes in base64); meta has the hash and sealed copies, never the values; a restart prints both again", async () => {
    const dir = tempDir();
    const first = await startQuire({ dataDir: dir });
    await first.close();
    const keyFile = join(dir, "secret.key");
    assert.equal(statSync(keyFile).mode & 0o777, 0o600);
    assert.equal(Buffer.from(readFileSync(keyFile, "utf8").trim(), "base64").length, 32);
    const meta = await metaOf(dir);
    assert.equal(meta.admin_key_hash, sha256(first.adminKey));
    assert.match(meta.admin_key_sealed, /^aes-256-gcm:/);
    assert.match(meta.dev_token_sealed, /^aes-256-gcm:/);
    assert.equal(meta.admin_key, undefined);
    assert.equal(meta.dev_token, undefined);
    const values = Object.values(meta).join("\n");
    assert.ok(!values.includes(first.adminKey) && !values.includes(first.token));
    const second = await startQuire({ dataDir: dir });
    try {
      assert.equal(second.adminKey, first.adminKey);
      assert.equal(second.token, first.token);
      assert.equal(await adminStatus(second, first.adminKey), 200);
      assert.equal(await adminStatus(second, first.adminKey + "x"), 401);
      // server.json (0600) holds the admin key while the server runs, beside secret.key.
      assert.equal(statSync(join(dir, "server.json")).mode & 0o777, 0o600);
    } finally {
      await second.close();
    }
  });

  test("the database copied without secret.key: its bytes hold neither value; a start on it is refused (no silent re-keying); the CLI says what is missing", async () => {
    const dir = tempDir();
    const q = await startQuire({ dataDir: dir });
    await q.close();
    const copy = tempDir();
    for (const f of ["quire.db", "quire.db-wal"]) if (existsSync(join(dir, f))) copyFileSync(join(dir, f), join(copy, f));
    const bytes = fileBytes(copy);
    assert.ok(bytes.length > 0 && bytes.includes(sha256(q.adminKey)), "the copy holds the admin key's hash");
    assert.ok(!bytes.includes(q.adminKey), "not the admin key");
    assert.ok(!bytes.includes(q.token), "not the dev token");
    await assert.rejects(startQuire({ dataDir: copy }), (e: Error) => e instanceof StartupError && /secret key .*secret\.key is missing, and the database holds the admin key and dev token sealed with it/.test(e.message));
    assert.equal(existsSync(join(copy, "secret.key")), false, "no new key was made");
    const cli = await runCli(["integration", "list", "--data", copy]);
    assert.equal(cli.code, 2);
    assert.match(cli.stderr, /secret\.key is missing, so the admin key sealed in .* cannot be read\. Pass --admin-key/);
    // With the key restored the copy is the same deployment; the CLI unseals the admin key itself (no server.json).
    copyFileSync(join(dir, "secret.key"), join(copy, "secret.key"));
    const again = await startQuire({ dataDir: copy });
    try {
      assert.equal(again.adminKey, q.adminKey);
      rmSync(join(copy, "server.json"));
      const listed = await runCli(["integration", "list", "--data", copy, "--url", again.url]);
      assert.equal(listed.code, 0, listed.stderr);
      assert.ok(JSON.parse(listed.stdout).results.some((r: { name: string }) => r.name === "Quire Dev"));
    } finally {
      await again.close();
    }
  });

  test("another secret.key is refused, nothing changed; with --admin-key the admin key is sealed anew and the dev token says how to get one", async () => {
    const dir = tempDir();
    const q = await startQuire({ dataDir: dir });
    await q.close();
    const before = await metaOf(dir);
    writeFileSync(join(dir, "secret.key"), randomBytes(32).toString("base64") + "\n", { mode: 0o600 });
    await assert.rejects(startQuire({ dataDir: dir }), (e: Error) => e instanceof StartupError && /does not open with the secret key .*secret\.key: it is not the key this data was sealed with/.test(e.message));
    assert.deepEqual(await metaOf(dir), before, "nothing re-keyed");
    writeFileSync(join(dir, "secret.key"), "not a key\n");
    await assert.rejects(startQuire({ dataDir: dir }), /secret\.key should hold a secret key: 32 random bytes in base64/);
    writeFileSync(join(dir, "secret.key"), randomBytes(32).toString("base64") + "\n", { mode: 0o600 });
    const adminKey = "qadm_chosen_after_losing_the_key_000000";
    const rekeyed = await startQuire({ dataDir: dir, adminKey });
    try {
      assert.equal(rekeyed.adminKey, adminKey);
      assert.equal(await adminStatus(rekeyed, adminKey), 200);
      assert.equal(await adminStatus(rekeyed, q.adminKey), 401, "the old admin key no longer opens the control API");
      assert.equal(rekeyed.token, "");
      assert.match(rekeyed.tokenProblem!, /sealed with another secret key, which this start replaced; `quire integration update \S+ --rotate-token` gives a new one/);
      assert.equal(await meStatus(rekeyed, q.token), 200, "the dev integration's token itself still works (its hash is unchanged)");
    } finally {
      await rekeyed.close();
    }
    const next = await startQuire({ dataDir: dir });
    try {
      assert.equal(next.adminKey, adminKey);
    } finally {
      await next.close();
    }
  });

  test("a missing secret.key with --admin-key: a new key is made and the new admin key sealed with it", async () => {
    const dir = tempDir();
    const q = await startQuire({ dataDir: dir });
    await q.close();
    rmSync(join(dir, "secret.key"));
    const adminKey = "qadm_new_after_the_key_file_was_lost_0000";
    const r = await startQuire({ dataDir: dir, adminKey });
    await r.close();
    assert.ok(existsSync(join(dir, "secret.key")));
    const s = await startQuire({ dataDir: dir });
    try {
      assert.equal(s.adminKey, adminKey);
    } finally {
      await s.close();
    }
  });
});

describe("quire serve: the key's flags", () => {
  test("--secret-key-file and QUIRE_SECRET_KEY together, or --secret-key-file with --memory, are usage errors (exit 2); a missing file or a bad key is one line, exit 1", async () => {
    const dir = tempDir();
    const both = await runCli(["serve", "--port", "0", "--data", dir, "--secret-key-file", join(dir, "k")], { QUIRE_SECRET_KEY: randomBytes(32).toString("base64") });
    assert.equal(both.code, 2);
    assert.equal(both.stderr.trim(), "--secret-key-file and QUIRE_SECRET_KEY exclude each other: give the secret key one way.");
    if (!onPostgres) {
      // (The PostgreSQL pass turns --memory into a database: test/helpers/child.ts.)
      const memory = await runCli(["serve", "--port", "0", "--memory", "--secret-key-file", join(dir, "k")]);
      assert.equal(memory.code, 2);
      assert.equal(memory.stderr.trim(), "--secret-key-file and --memory exclude each other: nothing is sealed on disk in memory.");
    }
    const missing = await runCli(["serve", "--port", "0", "--data", dir, "--quiet", "--secret-key-file", join(dir, "nowhere.key")]);
    assert.equal(missing.code, 1);
    assert.equal(missing.stderr.trim(), `--secret-key-file ${join(dir, "nowhere.key")}: no such file.`);
    const bad = await runCli(["serve", "--port", "0", "--data", dir, "--quiet"], { QUIRE_SECRET_KEY: "dG9vIHNob3J0" });
    assert.equal(bad.code, 1);
    assert.match(bad.stderr.trim(), /^QUIRE_SECRET_KEY should hold a secret key: 32 random bytes in base64 \(44 characters, e\.g\. from `openssl rand -base64 32`\)\.$/);
    assert.doesNotMatch(bad.stderr, /dG9vIHNob3J0/);
  });
});

describe("a database an older Quire wrote (admin key and dev token in clear)", () => {
  test("converted at start: the clear rows deleted, the same admin key and dev token printed and working", async () => {
    const dir = tempDir();
    const opts = { dataDir: dir, memory: false };
    const first = await startTestQuire(opts);
    await first.close();
    // As a Quire before sealing left it: the two values in clear, no hash, no sealed copies.
    await execOnStore(dir, "DELETE FROM meta WHERE key IN ('admin_key_hash', 'admin_key_sealed', 'dev_token_sealed')");
    await execOnStore(dir, "INSERT INTO meta (key, value) VALUES ('admin_key', ?), ('dev_token', ?)", [first.adminKey, first.token]);
    const second = await startTestQuire(opts);
    try {
      assert.equal(second.adminKey, first.adminKey);
      assert.equal(second.token, first.token);
      assert.equal(await adminStatus(second, first.adminKey), 200);
      assert.equal(await meStatus(second, first.token), 200);
    } finally {
      await second.close();
    }
    const meta = await metaOf(dir);
    assert.equal(meta.admin_key, undefined);
    assert.equal(meta.dev_token, undefined);
    assert.equal(meta.admin_key_hash, sha256(first.adminKey));
    assert.ok(meta.admin_key_sealed && meta.dev_token_sealed);
    const values = Object.values(meta).join("\n");
    assert.ok(!values.includes(first.adminKey) && !values.includes(first.token));
    if (!onPostgres) {
      // The deleted rows' bytes were overwritten (secure_delete), not left in the page's free space.
      const bytes = fileBytes(dir);
      assert.ok(!bytes.includes(first.adminKey), "the admin key is not in the file's bytes");
      assert.ok(!bytes.includes(first.token), "the dev token is not in the file's bytes");
    }
  });
});

describe("PostgreSQL: QUIRE_SECRET_KEY", { skip: pgOnly }, () => {
  test("without it nothing is sealed: the first start prints both once, later starts say so and the key still works; a key given later seals what it is told", async () => {
    const db = await freshDatabase();
    try {
      const first = await startQuire({ memory: true, databaseUrl: db.url });
      await first.close();
      assert.ok(first.adminKey.startsWith("qadm_") && first.token.startsWith("ntn_"), "the first start shows both");
      const meta = await pgMeta(db.url);
      assert.equal(meta.admin_key_hash, sha256(first.adminKey));
      assert.deepEqual(["admin_key", "admin_key_sealed", "dev_token", "dev_token_sealed"].filter((k) => k in meta), [], "nothing in clear, nothing sealed");
      const second = await startQuire({ memory: true, databaseUrl: db.url });
      try {
        assert.equal(second.adminKey, "");
        assert.match(second.adminKeyProblem!, /the admin key is not kept in clear and there is no secret key to seal it with: it was printed when it was made; or set another with --admin-key KEY/);
        assert.equal(second.token, "");
        assert.match(second.tokenProblem!, /the dev token is not kept in clear .*--rotate-token` gives a new one/);
        assert.equal(await adminStatus(second, first.adminKey), 200);
        assert.equal(await meStatus(second, first.token), 200);
      } finally {
        await second.close();
      }
      const secretKey = randomBytes(32).toString("base64");
      const keyed = await startQuire({ memory: true, databaseUrl: db.url, secretKey, adminKey: first.adminKey, token: first.token });
      await keyed.close();
      const third = await startQuire({ memory: true, databaseUrl: db.url, secretKey });
      try {
        assert.equal(third.adminKey, first.adminKey);
        assert.equal(third.token, first.token);
      } finally {
        await third.close();
      }
      // A node without the key still serves, and says where the values are.
      const bare = await startQuire({ memory: true, databaseUrl: db.url });
      try {
        assert.match(bare.adminKeyProblem!, /the admin key is sealed in the database: start with this deployment's --secret-key-file or QUIRE_SECRET_KEY to show it/);
        assert.equal(await adminStatus(bare, first.adminKey), 200);
      } finally {
        await bare.close();
      }
    } finally {
      await db.drop();
    }
  });

  test("the banner without it: the first start prints both, the next says why not and how to get them", async () => {
    const db = await freshDatabase();
    try {
      const files = tempDir();
      const args = ["--port", "0", "--data", files, "--quiet", "--database-url", db.url];
      const first = await startServerProcess(args);
      await first.stop();
      assert.match(first.adminKey, /^qadm_/);
      const second = await startServerProcess(args);
      try {
        assert.match(second.output(), /Admin key:   \(not shown: the admin key is not kept in clear and there is no secret key to seal it with: it was printed when it was made; or set another with --admin-key KEY\)/);
        assert.match(second.output(), /Dev token:   \(none that works: the dev token is not kept in clear .* --rotate-token` gives a new one\)/);
        assert.doesNotMatch(second.output(), new RegExp(first.adminKey));
      } finally {
        await second.stop();
      }
    } finally {
      await db.drop();
    }
  });

  test("with it every node shows the same admin key and dev token; a node with another key is refused", async () => {
    const db = await freshDatabase();
    const secretKey = randomBytes(32).toString("base64");
    try {
      const a = await startQuire({ memory: true, databaseUrl: db.url, secretKey });
      const b = await startQuire({ memory: true, databaseUrl: db.url, secretKey });
      try {
        assert.equal(b.adminKey, a.adminKey);
        assert.equal(b.token, a.token);
        // The dev token rotated on one node: its sealed copy follows.
        const res = await fetch(`${a.url}/_quire/v1/integrations/${a.devIntegrationId}`, {
          method: "PATCH",
          headers: { authorization: `Bearer ${a.adminKey}`, "content-type": "application/json" },
          body: JSON.stringify({ rotate_token: true }),
        });
        const rotated = (await res.json()).token;
        const c = await startQuire({ memory: true, databaseUrl: db.url, secretKey });
        try {
          assert.equal(c.token, rotated);
        } finally {
          await c.close();
        }
      } finally {
        await b.close();
        await a.close();
      }
      await assert.rejects(
        startQuire({ memory: true, databaseUrl: db.url, secretKey: randomBytes(32).toString("base64") }),
        (e: Error) => e instanceof StartupError && /does not open with the secret key QUIRE_SECRET_KEY/.test(e.message),
      );
      await assert.rejects(startQuire({ memory: true, databaseUrl: db.url, secretKey: "c2hvcnQ=" }), /QUIRE_SECRET_KEY should hold a secret key/);
    } finally {
      await db.drop();
    }
  });
});
