/**
 * One process owns a SQLite data directory (src/storage/sqlite-owner.ts): the read cache
 * (src/storage/sqlite-read-cache.ts) is right only if every write goes through that process.
 * A second Quire process on the same directory fails at start in one sentence; a process that
 * closed or died (kill -9) leaves the directory to the next; two stores of one process on one
 * file (tests) remember nothing, so each sees the other's writes at once.
 */
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli, startServerProcess } from "../helpers/child.js";
import { startTestQuire } from "../helpers/quire.js";
import { openSqliteStore } from "../../src/storage/sqlite.js";
import { hashToken } from "../../src/domain/admin/tokens.js";

const dirs: string[] = [];
const dataDir = () => {
  const dir = mkdtempSync(join(tmpdir(), "quire-owner-"));
  dirs.push(dir);
  return dir;
};
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

test("a second Quire process on a data directory in use fails at start, in one sentence", async () => {
  const dir = dataDir();
  const q = await startTestQuire({ memory: false, dataDir: dir });
  try {
    const second = await runCli(["serve", "--port", "0", "--data", dir]);
    assert.equal(second.code, 1, second.stderr);
    assert.match(second.stderr, /quire\.db is in use by another Quire process: one process serves a SQLite data directory\. Stop it first, or run several nodes on PostgreSQL \(--database-url\)\.\n$/);
    assert.equal(second.stderr.split("\n").length, 2, "one line, no stack");
  } finally {
    await q.close();
  }
  // Closed: the directory is free again, in this process or another.
  const again = await startTestQuire({ memory: false, dataDir: dir });
  await again.close();
});

test("a process killed with SIGKILL leaves the directory to the next one", async () => {
  const dir = dataDir();
  const first = await startServerProcess(["--port", "0", "--data", dir, "--quiet"]);
  await first.stop("SIGKILL");
  const next = await startTestQuire({ memory: false, dataDir: dir });
  const me = await next.client().users.me({});
  assert.equal(me.type, "bot");
  await next.close();
});

test("two stores of one process on one file see each other's writes at once", async () => {
  const dir = dataDir();
  const q = await startTestQuire({ memory: false, dataDir: dir });
  await q.close();
  const file = join(dir, "quire.db");
  const a = openSqliteStore({ filename: file });
  const b = openSqliteStore({ filename: file });
  try {
    const hash = hashToken(q.token);
    const owner = await a.read((tx) => tx.getTokenOwner(hash));
    assert.ok(owner);
    assert.equal((await a.read((tx) => tx.getTokenOwner(hash)))?.integration.id, owner.integration.id);
    await b.write((tx) => tx.updateIntegration({ ...owner.integration, token_hash: hashToken("ntn_rotated_elsewhere") }));
    assert.equal(await a.read((tx) => tx.getTokenOwner(hash)), null);
  } finally {
    await a.close();
    await b.close();
  }
});
