/**
 * `--sqlite-mmap-mb` / `QUIRE_SQLITE_MMAP_MB` / `startQuire({ sqliteMmapMb })`: how much of the
 * SQLite file is read through a memory map (0: none). Checked by what the process really maps
 * (/proc/self/maps, Linux), on the SQLite pass only (PostgreSQL has no file of ours to map).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startQuire } from "../src/server.js";
import { parseServeConfig, ConfigError } from "../src/config.js";
import { onPostgres } from "./helpers/store.js";

const linux = existsSync("/proc/self/maps");
const skip = onPostgres ? "SQLite only" : !linux ? "needs /proc/self/maps (Linux)" : false;

/** Whether this process maps the file at `path` (a SQLite memory map shows there once a read used it). */
const mapped = (path: string) => readFileSync("/proc/self/maps", "utf8").split("\n").some((l) => l.endsWith(" " + path));

/** A server on a fresh data directory with `sqliteMmapMb`, after a few reads; whether it mapped its file. */
async function mapsFile(sqliteMmapMb: number | undefined): Promise<boolean> {
  const dir = mkdtempSync(join(tmpdir(), "quire-mmap-"));
  const q = await startQuire({ dataDir: dir, sqliteMmapMb });
  try {
    const headers = { authorization: `Bearer ${q.token}`, "notion-version": "2025-09-03", "content-type": "application/json" };
    for (let i = 0; i < 3; i++) {
      const res = await fetch(`${q.url}/v1/search`, { method: "POST", headers, body: "{}" });
      assert.equal(res.status, 200);
    }
    return mapped(join(dir, "quire.db"));
  } finally {
    await q.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

test("by default the SQLite file is memory-mapped", { skip }, async () => {
  assert.equal(await mapsFile(undefined), true);
});

test("sqliteMmapMb: 0 turns the memory map off", { skip }, async () => {
  assert.equal(await mapsFile(0), false);
});

test("a small map is still a map", { skip }, async () => {
  assert.equal(await mapsFile(1), true);
});

test("--sqlite-mmap-mb and QUIRE_SQLITE_MMAP_MB are read, the flag first; bad values are refused", () => {
  assert.equal(parseServeConfig([]).sqliteMmapMb, undefined);
  assert.equal(parseServeConfig(["--sqlite-mmap-mb", "0"]).sqliteMmapMb, 0);
  assert.equal(parseServeConfig([], { QUIRE_SQLITE_MMAP_MB: "256" }).sqliteMmapMb, 256);
  assert.equal(parseServeConfig(["--sqlite-mmap-mb", "64"], { QUIRE_SQLITE_MMAP_MB: "256" }).sqliteMmapMb, 64);
  for (const bad of ["-1", "1.5", "lots", "", "2000000"]) {
    assert.throws(() => parseServeConfig([`--sqlite-mmap-mb=${bad}`]), (e: unknown) => e instanceof ConfigError && /--sqlite-mmap-mb should be an integer from 0/.test((e as Error).message), bad);
  }
});
