/** Composition root: config → store → seed → app → listen. */
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import type { AddressInfo } from "node:net";
import { buildApp } from "./app.js";
import { openSqliteStore } from "./storage/sqlite.js";
import { ensureWorkspace } from "./domain/admin/seed.js";
import { systemClock, type Clock } from "./domain/clock.js";
import { randomIds, type IdGenerator } from "./domain/ids.js";
import type { Deps } from "./domain/context.js";

export interface QuireOptions {
  /** Keep everything in memory; nothing touches the disk. */
  memory?: boolean;
  /** Data directory (one SQLite file, WAL). Default `./.quire`. */
  dataDir?: string;
  /** Port to listen on; 0 picks a free one. Default 0 for startQuire, 7474 for the CLI. */
  port?: number;
  host?: string;
  /** Fix the dev integration's token. */
  token?: string;
  /** Fix the admin key of the /_quire control API. */
  adminKey?: string;
  /** The seeded workspace's time zone (IANA; first start only; default UTC). */
  timeZone?: string;
  /** Print one line per request (and server errors) to this function. */
  log?: (line: string) => void;
  clock?: Clock;
  ids?: IdGenerator;
}

export interface RunningQuire {
  /** Base URL for `new Client({ baseUrl })`, e.g. http://127.0.0.1:7474 */
  url: string;
  /** Token of the seeded "Quire Dev" integration. */
  token: string;
  adminKey: string;
  workspaceId: string;
  devIntegrationId: string;
  close(): Promise<void>;
}

/** Starts a Quire server; for test suites: `const q = await startQuire({ memory: true })`. */
export async function startQuire(opts: QuireOptions = {}): Promise<RunningQuire> {
  let filename = ":memory:";
  if (!opts.memory) {
    const dir = resolve(opts.dataDir ?? ".quire");
    mkdirSync(dir, { recursive: true });
    filename = join(dir, "quire.db");
  }
  const store = openSqliteStore({ filename });
  let origin = "";
  const deps: Deps = { store, clock: opts.clock ?? systemClock, ids: opts.ids ?? randomIds, publicUrl: () => origin };
  try {
    const ws = await ensureWorkspace(deps, { token: opts.token, adminKey: opts.adminKey, timeZone: opts.timeZone });
    const app = buildApp({ deps, adminKey: () => ws.adminKey, log: opts.log });
    await app.listen({ port: opts.port ?? 0, host: opts.host ?? "127.0.0.1" });
    const addr = app.server.address() as AddressInfo;
    const host = addr.family === "IPv6" ? `[${addr.address}]` : addr.address;
    origin = `http://${host === "0.0.0.0" ? "127.0.0.1" : host}:${addr.port}`;
    return {
      url: origin,
      token: ws.token,
      adminKey: ws.adminKey,
      workspaceId: ws.workspaceId,
      devIntegrationId: ws.devIntegrationId,
      async close() {
        await app.close();
        await store.close();
      },
    };
  } catch (e) {
    await store.close();
    throw e;
  }
}
