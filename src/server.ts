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
import { DiskBlobStore, MemoryBlobStore } from "./storage/blobs.js";
import { fileUrlSecret, ImportTracker } from "./domain/files/config.js";
import { withFileClaims } from "./domain/files/claim.js";
import { scheduleSweeps } from "./domain/files/sweep.js";
import { reconcileUploads } from "./domain/files/reconcile.js";
import { LIMITS } from "./domain/limits.js";

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
  /** Let external_url file imports reach private and loopback addresses (off by default). */
  allowPrivateFileUrls?: boolean;
  /** The workspace's per-file upload limit in bytes (default 5 MiB, Notion's Free plan). */
  maxFileUploadBytes?: number;
  /** How long an external_url import may download, in ms (default 30 s; the HEAD check takes at most 5 s). */
  fileImportTimeoutMs?: number;
  /** How long one request may compute (formulas, large filters) before answering 504, in ms (default 10 s). */
  requestComputeMs?: number;
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
  let dir = "";
  if (!opts.memory) {
    dir = resolve(opts.dataDir ?? ".quire");
    mkdirSync(dir, { recursive: true });
    filename = join(dir, "quire.db");
  }
  const clock = opts.clock ?? systemClock;
  const sqlite = openSqliteStore({ filename });
  // Every node write claims the file uploads it references (domain/files/claim.ts).
  let secret: string;
  try {
    secret = await fileUrlSecret(sqlite);
  } catch (e) {
    await sqlite.close();
    throw e;
  }
  const store = withFileClaims(sqlite, clock, secret);
  const imports = new ImportTracker();
  let origin = "";
  try {
    const files = {
      blobs: opts.memory ? new MemoryBlobStore() : new DiskBlobStore(join(dir, "files")),
      secret,
      maxFileBytes: opts.maxFileUploadBytes ?? LIMITS.MAX_FILE_UPLOAD_BYTES,
      allowPrivateUrls: opts.allowPrivateFileUrls ?? false,
      imports,
      importTimeoutMs: opts.fileImportTimeoutMs,
    };
    const deps: Deps = { store, clock, ids: opts.ids ?? randomIds, publicUrl: () => origin, files, computeMs: opts.requestComputeMs };
    const ws = await ensureWorkspace(deps, { token: opts.token, adminKey: opts.adminKey, timeZone: opts.timeZone });
    // Before listening: what a crash left in the files directory (domain/files/reconcile.ts).
    await reconcileUploads(deps);
    const app = buildApp({ deps, adminKey: () => ws.adminKey, log: opts.log });
    await app.listen({ port: opts.port ?? 0, host: opts.host ?? "127.0.0.1" });
    const addr = app.server.address() as AddressInfo;
    const host = addr.family === "IPv6" ? `[${addr.address}]` : addr.address;
    origin = `http://${host === "0.0.0.0" ? "127.0.0.1" : host}:${addr.port}`;
    // Expired uploads' bytes are removed now and every few minutes (domain/files/sweep.ts).
    const stopSweeps = await scheduleSweeps(deps);
    return {
      url: origin,
      token: ws.token,
      adminKey: ws.adminKey,
      workspaceId: ws.workspaceId,
      devIntegrationId: ws.devIntegrationId,
      async close() {
        await app.close();
        await imports.close();
        await stopSweeps();
        await store.close();
      },
    };
  } catch (e) {
    await store.close();
    throw e;
  }
}
