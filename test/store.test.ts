/**
 * The storage contract suite (test/store/contract.ts) against every backend available: SQLite
 * (a fresh temporary file) in the SQLite pass, PostgreSQL (a fresh database on the test cluster,
 * test/helpers/pg.ts, with a second store on it standing for another node) in the PostgreSQL
 * pass (`npm test` runs both; alone: QUIRE_TEST_STORE=postgres).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openSqliteStore } from "../src/storage/sqlite.js";
import { openPostgresStore } from "../src/storage/postgres/index.js";
import { freshDatabase, TEST_STORE } from "./helpers/pg.js";
import { describeStore } from "./store/contract.js";

if (TEST_STORE === "sqlite") {
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
}

if (TEST_STORE === "postgres") {
  describeStore(
    "postgres",
    async () => {
      const db = await freshDatabase();
      const store = await openPostgresStore({ url: db.url });
      const others: { close(): Promise<void> }[] = [];
      return {
        store,
        async another() {
          const s = await openPostgresStore({ url: db.url });
          others.push(s);
          return s;
        },
        async close() {
          await store.close();
          for (const o of others) await o.close();
          await db.drop();
        },
      };
    },
    { nodes: true },
  );
}
