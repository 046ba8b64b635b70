/**
 * `quire serve --database-url`: the banner, start-up failures, and several processes on one
 * PostgreSQL database acting as one Quire. PostgreSQL pass only (the SQLite pass has no cluster).
 */
import { randomBytes } from "node:crypto";
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "@notionhq/client";
import { runCli, startServerProcess } from "./helpers/child.js";
import { freshDatabase } from "./helpers/pg.js";
import { onPostgres } from "./helpers/store.js";

const skip = onPostgres ? false : "PostgreSQL pass only (npm test runs it there)";
const sdk = (url: string, auth: string) => new Client({ auth, baseUrl: url, retry: false } as ConstructorParameters<typeof Client>[0]);
const oneLine = (s: string) => assert.equal(s.trim().split("\n").length, 1, s);

async function withFiles<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), "quire-pg-cli-"));
  try {
    return await fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The URL with a password (the throwaway cluster trusts loopback, so any password connects). */
const withPassword = (url: string, password: string) => {
  const u = new URL(url);
  u.password = password;
  return u.toString();
};

describe("quire serve --database-url", { skip }, () => {
  test("the banner names the database without its password; the data is found again by the next start", async () => {
    const db = await freshDatabase();
    try {
      await withFiles(async (dir) => {
        const url = withPassword(db.url, "s3cret-pw");
        // Every node (and every start) of a PostgreSQL deployment is given the same secret key.
        const secretKey = randomBytes(32).toString("base64");
        const first = await startServerProcess(["--port", "0", "--data", dir, "--quiet", "--database-url", url], { QUIRE_SECRET_KEY: secretKey });
        let pageId: string;
        try {
          assert.match(first.output(), /Data:\s+PostgreSQL postgres:\/\/postgres@127\.0\.0\.1:\d+\/t_[0-9a-f]+\n/);
          assert.doesNotMatch(first.output() + first.errors(), /s3cret-pw/);
          const me = await sdk(first.url, first.token).users.me({});
          assert.equal(me.name, "Quire Dev");
          const root = (await sdk(first.url, first.token).blocks.children.list({ block_id: (/Start page:\s+(\S+)/.exec(first.output()) ?? [])[1]! })).results;
          assert.ok(Array.isArray(root));
          pageId = (/Start page:\s+(\S+)/.exec(first.output()) ?? [])[1]!;
        } finally {
          await first.stop();
        }
        // QUIRE_DATABASE_URL: the same workspace, token and admin key (unsealed with the same key).
        const second = await startServerProcess(["--port", "0", "--data", dir, "--quiet"], { QUIRE_DATABASE_URL: url, QUIRE_SECRET_KEY: secretKey });
        try {
          assert.equal(second.token, first.token);
          assert.equal(second.adminKey, first.adminKey);
          assert.equal((await sdk(second.url, second.token).pages.retrieve({ page_id: pageId })).id, pageId);
        } finally {
          await second.stop();
        }
      });
    } finally {
      await db.drop();
    }
  });

  test("a database that cannot be reached is one line without the password, exit 1", async () => {
    const r = await runCli(["serve", "--port", "0", "--quiet", "--database-url", "postgres://quire:hunter22@127.0.0.1:1/quire"]);
    assert.equal(r.code, 1, r.stderr);
    oneLine(r.stderr);
    assert.match(r.stderr, /^Cannot connect to PostgreSQL at postgres:\/\/quire@127\.0\.0\.1:1\/quire: /);
    assert.doesNotMatch(r.stderr, /hunter22/);
  });

  test("a URL that is not PostgreSQL's, or --memory with a database URL, is a usage error (exit 2)", async () => {
    const mysql = await runCli(["serve", "--database-url", "mysql://root@localhost/quire"]);
    assert.equal(mysql.code, 2);
    assert.equal(mysql.stderr.trim(), "--database-url should be a PostgreSQL URL (postgres://user:password@host:5432/database).");
    const both = await runCli(["serve", "--memory", "--database-url", "postgres://localhost/quire"]);
    assert.equal(both.code, 2);
    oneLine(both.stderr);
  });

  test("processes started together on an empty database seed one workspace and see each other's writes at once", async () => {
    const db = await freshDatabase();
    try {
      await withFiles(async (dir) => {
        const dirs = [join(dir, "a"), join(dir, "b"), join(dir, "c")];
        // One secret key for every node: each can show the dev token the first one sealed.
        const env = { QUIRE_SECRET_KEY: randomBytes(32).toString("base64") };
        const nodes = await Promise.all(dirs.map((d) => startServerProcess(["--port", "0", "--data", d, "--quiet", "--database-url", db.url], env)));
        try {
          assert.equal(new Set(nodes.map((n) => n.token)).size, 1, "one dev integration");
          assert.equal(new Set(nodes.map((n) => n.adminKey)).size, 1, "one admin key");
          const parent = (/Start page:\s+(\S+)/.exec(nodes[0].output()) ?? [])[1]!;
          const made = await Promise.all(
            nodes.map((n, i) => sdk(n.url, n.token).pages.create({ parent: { page_id: parent }, properties: { title: { title: [{ text: { content: `From ${i}` } }] } } })),
          );
          for (const n of nodes) {
            const listed = await sdk(n.url, n.token).blocks.children.list({ block_id: parent });
            for (const p of made) assert.ok(listed.results.some((b) => b.id === p.id), "every node sees every page");
          }
          // An upload made through one node is found through another.
          const upload = await sdk(nodes[0].url, nodes[0].token).fileUploads.create({ mode: "single_part", filename: "a.txt", content_type: "text/plain" });
          const again = await sdk(nodes[1].url, nodes[1].token).fileUploads.retrieve({ file_upload_id: upload.id });
          assert.equal(again.id, upload.id);
        } finally {
          await Promise.all(nodes.map((n) => n.stop()));
        }
      });
    } finally {
      await db.drop();
    }
  });
});
