/** Composition root: config → store → seed → app → listen. */
import { DEFAULT_REQUEST_LOG_SIZE, RequestLog, type RequestLogView } from "./domain/toolkit/requests.js";
import { SharedRequestLog } from "./domain/toolkit/requests-shared.js";
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import type { AddressInfo } from "node:net";
import type { FastifyInstance } from "fastify";
import { buildApp, type RouteEntry } from "./app.js";
import { openSqliteStore } from "./storage/sqlite.js";
import { SqliteFileInUse } from "./storage/sqlite-owner.js";
import { DatabaseUnavailable, openPostgresStore } from "./storage/postgres/index.js";
import type { Store, Tx } from "./storage/types.js";
import { readSeed } from "./seed-file.js";
import { applySeed, hashSeedPasswords, SeedError } from "./domain/toolkit/seed.js";
import type { SeedPlan } from "./domain/toolkit/seed-plan.js";
import { meteredStore } from "./storage/meter.js";
import type { PlannerOptions } from "./storage/planner/options.js";
import { ensureWorkspace, StartupError } from "./domain/admin/seed.js";
import { keepInitialSnapshot } from "./domain/toolkit/snapshots.js";
import { ControlledClock, systemClock, type Clock } from "./domain/clock.js";
import { Toolkit } from "./domain/toolkit/state.js";
import { memoryToolkitShared } from "./storage/sqlite-toolkit-shared.js";
import type { LatencySetting, RateLimitSetting, ToolkitSettings } from "./domain/toolkit/settings.js";
import { randomIds, type IdGenerator } from "./api/ids.js";
import type { Deps } from "./domain/context.js";
import { DiskBlobStore, MemoryBlobStore, type BlobStore } from "./storage/blobs.js";
import { PgBlobStore } from "./storage/postgres/blobs.js";
import { openPool } from "./storage/postgres/pool.js";
import { fileUrlSecret, ImportTracker } from "./domain/files/config.js";
import { withFileClaims } from "./domain/files/claim.js";
import { withWebhookEvents } from "./domain/webhooks/observe.js";
import { scheduleSweeps, sweepExpiredUploads } from "./domain/files/sweep.js";
import { scheduleViewQuerySweeps, sweepViewQueries } from "./domain/views/sweep.js";
import { reconcileUploads } from "./domain/files/reconcile.js";
import { LIMITS } from "./api/limits.js";
import { removeServerFile, writeServerFile } from "./server-file.js";
import { resumeBackground } from "./domain/async-tasks/background.js";
import { failWorkOfNodesGone, scheduleReclaim } from "./domain/orphans.js";
import { ensureOwnerCredentials } from "./domain/signin/owner.js";
import { csrfKey } from "./domain/signin/csrf.js";
import { secretKeyOf } from "./secret-key.js";
import type { WebhookSettings } from "./domain/webhooks/policy.js";
import { startWebhookWorker } from "./domain/webhooks/deliver.js";
import { normalizeBasePath } from "./lib/base-path.js";

export interface QuireOptions {
  /** Keep everything in memory; nothing touches the disk. */
  memory?: boolean;
  /** Data directory (one SQLite file, WAL, and uploaded files' bytes; with `databaseUrl` both live in PostgreSQL). Default `./.quire`. */
  dataDir?: string;
  /**
   * `postgres://user:password@host:5432/database`: keep the data in PostgreSQL 15+ instead of
   * SQLite (many Quire processes may share one database). Uploaded files' bytes stay on disk in
   * the data directory (or in memory with `memory`) until the PostgreSQL blob store lands.
   */
  databaseUrl?: string;
  /**
   * `postgres://…` of streaming standbys of `databaseUrl`: read-only requests read from them once
   * they have replayed every commit acknowledged before the read, else from the primary
   * (docs/SCALING.md step 3). PostgreSQL only.
   */
  readDatabaseUrls?: string[];
  /** Longest wait for a standby to catch up before a read goes to the primary, in ms (default 50). */
  readReplicaWaitMs?: number;
  /** How long a standby found down or behind is passed over before it is tried again, in ms (default 2000). */
  readReplicaRetryMs?: number;
  /**
   * MiB of the SQLite file read through a memory map (0: off; default 1024). Mapped pages count in
   * the process's RSS as file pages the kernel can drop (docs/SCALING.md "Memory"). SQLite only.
   */
  sqliteMmapMb?: number;
  /** Port to listen on; 0 picks a free one. Default 0 for startQuire, 7474 for the CLI. */
  port?: number;
  host?: string;
  /** Fix the dev integration's token. */
  token?: string;
  /** Fix the admin key of the /_quire control API (its hash replaces the stored one). */
  adminKey?: string;
  /**
   * The key that seals the admin key and the dev token (base64 of 32 bytes; `QUIRE_SECRET_KEY`):
   * every PostgreSQL node the same. Default: `<data dir>/secret.key` on SQLite (made at first
   * start), none on PostgreSQL (nothing sealed), a new one per process in memory. src/secret-key.ts.
   */
  secretKey?: string;
  /** A file holding that key (`--secret-key-file`), instead of `secretKey`. */
  secretKeyFile?: string;
  /** The seeded owner's email (first start only; default owner@quire.local). */
  ownerEmail?: string;
  /**
   * The owner's password (at least 12 characters): set at first start, and at a later start when
   * it differs. Without it the first start generates one and reports it once (`owner.password`).
   */
  ownerPassword?: string;
  /**
   * Trust `X-Forwarded-For` / `X-Forwarded-Proto` from a reverse proxy in front: the client's
   * address (sign-in rate limits) and https (the session cookie's `Secure`) are read from them.
   * Off by default: a client could name any address and scheme.
   */
  trustProxy?: boolean;
  /**
   * The origin clients reach this server at, when it is not the one it listens on (behind a
   * reverse proxy): page `url`s and SAML's service-provider addresses use it. Default: the
   * listening origin.
   */
  publicUrl?: string;
  /**
   * Serve everything under this path prefix (`/quire`; `--base-path`), for a reverse proxy that
   * passes the prefix through: `/quire/v1/…`, `/quire/login`, the web app at `/quire/`; outside it
   * 404. Every URL Quire emits carries it, `url` included (docs/design/base-path.md). Default: at /.
   */
  basePath?: string;
  /** The seeded workspace's time zone (IANA; first start only; default UTC). */
  timeZone?: string;
  /** Print one line per request to this function. */
  log?: (line: string) => void;
  /** Print server errors (a 500's stack) to this function. */
  logError?: (line: string) => void;
  /** The base clock (default the system's); the toolkit shifts or freezes it at run time (domain/clock.ts `ControlledClock`). */
  clock?: Clock;
  /** Freeze the clock at this time (ms since the epoch; `--clock`), stored for every node. */
  clockTime?: number;
  /** Shift the clock by this many ms (`--clock-offset`), stored for every node. */
  clockOffsetMs?: number;
  /** Notion's rate limits or a budget per minute (`--rate-limit`; default off), stored for every node. */
  rateLimit?: RateLimitSetting;
  /** `notion`: a Notion-like delay on every /v1 request (`--latency`; default off). */
  latency?: LatencySetting;
  /** The rate limits' window in ms (default Notion's 60 s); tests shorten it to see `Retry-After` run out. */
  rateLimitWindowMs?: number;
  ids?: IdGenerator;
  /** Let every outbound request (external_url imports, link previews) reach private and loopback addresses (off by default). */
  allowPrivateUrls?: boolean;
  /** How long one call to a link-preview partner may take in all, in ms (default 15 s). */
  linkPreviewTimeoutMs?: number;
  /**
   * Webhooks: how long aggregated events wait (ms; default 30 s, `0` sends at once), the first
   * retry's delay (ms; default 60 s), whether URLs may reach private and loopback addresses
   * (default true). src/domain/webhooks/policy.ts.
   */
  webhooks?: Partial<WebhookSettings>;
  /** The old name of `allowPrivateUrls`, kept as an alias. */
  allowPrivateFileUrls?: boolean;
  /** The workspace's per-file upload limit in bytes (default 5 MiB, Notion's Free plan). */
  maxFileUploadBytes?: number;
  /** Query planner thresholds (src/storage/planner/, both stores); tests lower them to drive every plan over small data. */
  planner?: Partial<PlannerOptions>;
  /**
   * When background work (a template's content, applied after the answer) runs: default right
   * after the answer. Tests pass one that never runs it, to stand for a process killed first.
   */
  schedule?: (work: () => void) => void;
  /** How long an external_url import may download, in ms (default 30 s; the HEAD check takes at most 5 s). */
  fileImportTimeoutMs?: number;
  /**
   * Answer every request with `Server-Timing: store;desc="N statements";dur=ms`: the store
   * statements it ran and the time spent in store units (storage/meter.ts). Off by default (the
   * SQLite adapter then pays a callback per statement); the test helper turns it on.
   */
  serverTiming?: boolean;
  /** How long one request may compute (formulas, large filters) before answering 504, in ms (default 10 s). */
  requestComputeMs?: number;
  /**
   * Keep GET page/block/database/data source answers while the store's write generation stands
   * (http/response-cache.ts; default on; PostgreSQL keeps nothing whatever this says).
   */
  responseCache?: boolean;
  /**
   * A seed file (path of a .json, .yaml or .yml file) or its content as an object: at first start
   * (an empty database) its workspaces are created besides the default one (docs/design/seed-files.md).
   */
  seed?: string | object;
  /** How many `/v1` requests the request log keeps (default 1000; 0 turns it off). docs/design/request-log.md. */
  requestLogSize?: number;
}

export interface RunningQuire {
  /** Base URL for `new Client({ baseUrl })`, e.g. http://127.0.0.1:7474 (with the base path: http://127.0.0.1:7474/quire) */
  url: string;
  /** Token of the seeded "Quire Dev" integration ("" when it no longer works: see `tokenProblem`). */
  token: string;
  /** Set when a kept data directory's dev token no longer works (deleted, rotated elsewhere): why, and how to get one. */
  tokenProblem?: string;
  /** The control API's admin key ("" when this start cannot show it: see `adminKeyProblem`). */
  adminKey: string;
  /** Set when the admin key cannot be shown (not sealed, or sealed without the key here): why, and how to get one. */
  adminKeyProblem?: string;
  workspaceId: string;
  devIntegrationId: string;
  /** The seeded "Getting started" page (shared with the dev integration), unless it was deleted. */
  gettingStartedPageId: string | null;
  /** Every route served (method and URL pattern): tests that must cover each endpoint read it. */
  routes: readonly RouteEntry[];
  /** The owner's sign-in: their email, and the password only when this start generated it (show it once). */
  owner: { email: string; password?: string } | null;
  /** The workspaces the seed file created, in its order (empty without a seed, or when the database was not empty). */
  seededWorkspaceIds: string[];
  close(): Promise<void>;
}

/** Starts a Quire server; for test suites: `const q = await startQuire({ memory: true })`. */
export async function startQuire(opts: QuireOptions = {}): Promise<RunningQuire> {
  const basePath = basePathOf(opts.basePath);
  let filename = ":memory:";
  let dir = "";
  if (!opts.memory) {
    dir = resolve(opts.dataDir ?? ".quire");
    mkdirSync(dir, { recursive: true });
    filename = join(dir, "quire.db");
  }
  const clock = new ControlledClock(opts.clock ?? systemClock);
  const opened = await openStore(opts, filename);
  const base = opts.serverTiming ? meteredStore(opened) : opened;
  // Every node write claims the file uploads it references (domain/files/claim.ts).
  let secret: string;
  try {
    secret = await fileUrlSecret(base);
  } catch (e) {
    await base.close();
    throw e;
  }
  // Every write unit emits the webhook events its writes cause (domain/webhooks/observe.ts).
  const events: { deps?: Deps } = {};
  const store = withWebhookEvents(withFileClaims(base, clock, secret), () => events.deps);
  const imports = new ImportTracker();
  let origin = "";
  let blobs: Blobs | null = null;
  try {
    blobs = await openBlobs(opts, dir, base);
    const files = {
      blobs: blobs.store,
      secret,
      maxFileBytes: opts.maxFileUploadBytes ?? LIMITS.MAX_FILE_UPLOAD_BYTES,
      allowPrivateUrls: opts.allowPrivateUrls ?? opts.allowPrivateFileUrls ?? false,
      imports,
      importTimeoutMs: opts.fileImportTimeoutMs,
    };
    const deps: Deps = { store, clock, ids: opts.ids ?? randomIds, publicUrl: () => (opts.publicUrl ?? origin) + basePath, files, schedule: opts.schedule, computeMs: opts.requestComputeMs, linkPreviewTimeoutMs: opts.linkPreviewTimeoutMs, webhooks: opts.webhooks, requests: requestLogOf(opened, opts.requestLogSize ?? DEFAULT_REQUEST_LOG_SIZE) };
    events.deps = deps;
    deps.toolkit = new Toolkit(clock, base, opened.shared ?? memoryToolkitShared(), opts.rateLimitWindowMs);
    await startToolkit(deps.toolkit, opts);
    const sealing = await secretKeyOf(opts, dir, base);
    deps.sealKey = sealing.key;
    // A seed file is read and checked before anything is written; applied only at first start.
    const seed = opts.seed === undefined ? null : readSeed(opts.seed);
    const seedHashes = seed ? await hashSeedPasswords(seed) : [];
    let seededWorkspaceIds: string[] = [];
    const alsoAtFirstStart = seed ? async (tx: Tx) => void (seededWorkspaceIds = await seedOrStartupError(deps, tx, seed, seedHashes, opts.seed!)) : undefined;
    const ws = await ensureWorkspace(deps, { token: opts.token, adminKey: opts.adminKey, timeZone: opts.timeZone, ownerEmail: opts.ownerEmail, sealing, alsoAtFirstStart });
    const owner = await ensureOwnerCredentials(deps, { ownerEmail: opts.ownerEmail, ownerPassword: opts.ownerPassword });
    // The state `POST /_quire/v1/reset` returns to: right after the first start's seed (domain/toolkit/snapshots.ts).
    deps.snapshots = opened.snapshots;
    await keepInitialSnapshot(deps);
    const csrf = await csrfKey(base);
    // Before listening: what a crash left in the files directory (domain/files/reconcile.ts).
    await reconcileUploads(deps);
    // Tasks and imports of nodes gone — a previous run of this one, or another node killed (domain/orphans.ts).
    await failWorkOfNodesGone(deps);
    const readReplicas = (opts.readDatabaseUrls?.length ?? 0) > 0;
    const app = buildApp({ deps, adminKeyHash: () => ws.adminKeyHash, log: opts.log, logError: opts.logError, serverTiming: opts.serverTiming, readReplicas, csrfKey: csrf, trustProxy: opts.trustProxy, responseCache: opts.responseCache ?? true, basePath });
    await listen(app, opts.port ?? 0, opts.host ?? "127.0.0.1");
    const addr = app.server.address() as AddressInfo;
    const host = addr.family === "IPv6" ? `[${addr.address}]` : addr.address;
    origin = `http://${host === "0.0.0.0" ? "127.0.0.1" : host}:${addr.port}`;
    deps.requests!.node = { id: base.liveness.node, url: origin + basePath };
    // The CLI's control commands find this server through its data directory (server-file.ts; the
    // admin key in it, mode 0600, beside secret.key which opens the sealed copy anyway).
    const record = { url: origin + basePath, ...(ws.adminKey !== null ? { admin_key: ws.adminKey } : {}), pid: process.pid };
    try {
      if (!opts.memory) writeServerFile(dir, record);
    } catch (e) {
      await app.close();
      throw e;
    }
    // Expired uploads' bytes are removed now and every few minutes (domain/files/sweep.ts).
    const stopSweeps = await scheduleSweeps(deps);
    // Expired view queries' cached results (domain/views/sweep.ts).
    const stopViewSweeps = scheduleViewQuerySweeps(deps);
    // A clock moved at run time: what expired meanwhile is swept at once, not at the next period.
    deps.toolkit.onClockMove(() => void Promise.all([sweepExpiredUploads(deps), sweepViewQueries(deps)]).catch(() => 0));
    // Template content a killed process answered for but did not apply (domain/async-tasks/background.ts).
    resumeBackground(deps);
    const stopReclaim = scheduleReclaim(deps);
    // Webhook events committed and not yet delivered (a previous run's too; domain/webhooks/deliver.ts).
    const webhooks = startWebhookWorker(deps);
    // Nodes sharing a PostgreSQL database follow each other's clock and limits (docs/design/clock-rate-limits-faults.md).
    const stopFollowing = opts.databaseUrl ? deps.toolkit.follow() : async () => undefined;
    return {
      url: origin + basePath,
      token: ws.token ?? "",
      tokenProblem: ws.tokenProblem,
      adminKey: ws.adminKey ?? "",
      adminKeyProblem: ws.adminKeyProblem,
      workspaceId: ws.workspaceId,
      devIntegrationId: ws.devIntegrationId,
      gettingStartedPageId: ws.gettingStartedPageId,
      routes: app.quireRoutes,
      owner: owner && { email: owner.email, ...(owner.generatedPassword ? { password: owner.generatedPassword } : {}) },
      seededWorkspaceIds,
      async close() {
        if (!opts.memory) removeServerFile(dir, record);
        // Requests a fault holds would keep the server's close waiting for a minute.
        deps.toolkit!.freeHeld();
        await app.close();
        await stopFollowing();
        await deps.requests!.close();
        await webhooks.stop();
        await imports.close();
        await stopSweeps();
        await stopViewSweeps();
        await stopReclaim();
        await store.close();
        await blobs?.close();
      },
    };
  } catch (e) {
    await store.close();
    await blobs?.close();
    throw e;
  }
}

/** `basePath` in normal form (src/lib/base-path.ts); a value that cannot be one stops the start. */
function basePathOf(raw: string | undefined): string {
  if (raw === undefined) return "";
  const normal = normalizeBasePath(raw);
  if ("error" in normal) throw new StartupError(`basePath "${raw}" ${normal.error}.`);
  return normal.basePath;
}

/** Applies the seed in the first start's unit; a rule it breaks stops the start, naming the path in the file. */
async function seedOrStartupError(deps: Deps, tx: Tx, seed: SeedPlan, hashes: (string | null)[][], source: string | object): Promise<string[]> {
  try {
    return await applySeed(deps, tx, seed, hashes);
  } catch (e) {
    if (e instanceof SeedError) throw new StartupError(`Seed file ${typeof source === "string" ? source : "(object)"}: ${e.message}`);
    throw e;
  }
}

/** The request log: shared by the nodes of a PostgreSQL database, else this process's ring (docs/design/request-log.md). */
function requestLogOf(store: Store, size: number): RequestLogView {
  const shared = store.shared?.requests;
  return shared && size > 0 ? new SharedRequestLog(shared, size) : new RequestLog(size);
}

/** The stored toolkit settings, with those the options give over them for this run (not stored: a later start without them goes back to the stored ones). */
async function startToolkit(toolkit: Toolkit, opts: QuireOptions): Promise<void> {
  const patch: Partial<ToolkitSettings> = {};
  if (opts.clockTime !== undefined || opts.clockOffsetMs !== undefined) patch.clock = { frozenAt: opts.clockTime ?? null, offsetMs: opts.clockOffsetMs ?? 0 };
  if (opts.rateLimit) patch.rateLimit = opts.rateLimit;
  if (opts.latency) patch.latency = opts.latency;
  await toolkit.start(patch);
}

interface Blobs {
  store: BlobStore;
  close(): Promise<void>;
}

/**
 * Where uploads' bytes go: PostgreSQL when it is the database (every node serves every file;
 * storage/postgres/blobs.ts, on a small pool of its own), else the data directory, or memory.
 */
async function openBlobs(opts: QuireOptions, dir: string, base: Store): Promise<Blobs> {
  if (opts.databaseUrl) {
    const pool = await openPool(opts.databaseUrl, 4);
    // Blobs are marked with the store's node: one liveness lock stands for the process.
    const store = await PgBlobStore.open(pool, base.liveness);
    return { store, close: async () => (await store.close(), await pool.end()) };
  }
  return { store: opts.memory ? new MemoryBlobStore() : new DiskBlobStore(join(dir, "files")), close: async () => undefined };
}

/** The store the options name: PostgreSQL with a database URL (a failure to reach it is one sentence), else SQLite. */
async function openStore(opts: QuireOptions, filename: string): Promise<Store> {
  if (!opts.databaseUrl) {
    if (opts.readDatabaseUrls?.length) throw new StartupError("Read replicas need a PostgreSQL database: give --database-url with --read-database-url.");
    const mmapBytes = opts.sqliteMmapMb === undefined ? undefined : opts.sqliteMmapMb * 2 ** 20;
    try {
      return openSqliteStore({ filename, planner: opts.planner, countStatements: opts.serverTiming, mmapBytes });
    } catch (e) {
      if (e instanceof SqliteFileInUse) throw new StartupError(e.message);
      throw e;
    }
  }
  try {
    const replicas = opts.readDatabaseUrls?.length
      ? { urls: opts.readDatabaseUrls, waitMs: opts.readReplicaWaitMs, retryMs: opts.readReplicaRetryMs, log: opts.logError }
      : undefined;
    return await openPostgresStore({ url: opts.databaseUrl, planner: opts.planner, replicas });
  } catch (e) {
    if (e instanceof DatabaseUnavailable) throw new StartupError(e.message);
    throw e;
  }
}

/** Listens, turning the usual failures (port taken, no permission, unknown address) into one sentence. */
async function listen(app: FastifyInstance, port: number, host: string): Promise<void> {
  try {
    await app.listen({ port, host });
  } catch (e) {
    await app.close();
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "EADDRINUSE") throw new StartupError(`Port ${port} on ${host} is already in use (another Quire?): stop it, or choose another port (--port N; 0 picks a free one).`);
    if (code === "EACCES") throw new StartupError(`Not allowed to listen on port ${port} on ${host}: choose a port above 1023 (--port N).`);
    if (code === "EADDRNOTAVAIL" || code === "ENOTFOUND") throw new StartupError(`Cannot listen on ${host}: it is not an address of this machine (--host).`);
    throw e;
  }
}
