/**
 * The storage contract suite (test/store/contract.ts) against every backend available: SQLite
 * always (a fresh temporary file), PostgreSQL when the machine has it (test/helpers/pg.ts).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openSqliteStore } from "../src/storage/sqlite.js";
import { describeStore } from "./store/contract.js";

describeStore("sqlite", async () => {
  const dir = mkdtempSync(join(tmpdir(), "quire-contract-"));
  const store = openSqliteStore({ filename: join(dir, "quire.db") });
  return {
    store,
    async close() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
