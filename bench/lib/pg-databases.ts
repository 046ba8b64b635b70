/**
 * Databases of its own for a bench run on PostgreSQL: made next to the one `--database-url`
 * names (the user must be allowed to CREATE DATABASE), dropped at the end.
 */
import pg from "pg";
import { randomBytes } from "node:crypto";

export interface BenchDatabases {
  /** URL of each database made, by name given. */
  urls: Record<string, string>;
  drop(): Promise<void>;
}

/** Creates one database per name (prefixed with a random run id) on the server of `url`. */
export async function benchDatabases(url: string, names: string[]): Promise<BenchDatabases> {
  const run = `quire_bench_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  const urls: Record<string, string> = {};
  try {
    for (const n of names) {
      await admin.query(`CREATE DATABASE ${run}_${n}`);
      const u = new URL(url);
      u.pathname = `/${run}_${n}`;
      urls[n] = u.toString();
    }
  } finally {
    await admin.end();
  }
  return {
    urls,
    async drop() {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      try {
        for (const n of names) await c.query(`DROP DATABASE IF EXISTS ${run}_${n} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}
