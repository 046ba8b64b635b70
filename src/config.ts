/** Flags and environment for `quire serve`, parsed once with readable failures. */
import { parseArgs } from "node:util";
import { normalizeBasePath } from "./lib/base-path.js";
import { parseDuration, parseInstant, parseLatency, parseRateLimit, type LatencySetting, type RateLimitSetting } from "./domain/toolkit/settings.js";

export interface ServeConfig {
  port: number;
  host: string;
  dataDir: string;
  memory: boolean;
  /** `postgres://…`: keep everything in PostgreSQL instead of the data directory's SQLite file. */
  databaseUrl?: string;
  /** `postgres://…` of streaming standbys read-only requests may read from (empty: none). */
  readDatabaseUrls: string[];
  /** Longest wait for a standby to catch up before reading from the primary, in ms (undefined: 50). */
  readReplicaWaitMs?: number;
  token?: string;
  adminKey?: string;
  /** The sealing key in base64 (`QUIRE_SECRET_KEY`). */
  secretKey?: string;
  /** A file holding the sealing key (`--secret-key-file`). */
  secretKeyFile?: string;
  quiet: boolean;
  /** Let external_url file imports reach private and loopback addresses. */
  /** Every outbound request (file imports, link previews) may reach private and loopback addresses. */
  allowPrivateUrls: boolean;
  /** Answer each request with a `Server-Timing` header counting its store statements. */
  serverTiming: boolean;
  /** The workspace's per-file upload limit in bytes (undefined: Notion's Free plan, 5 MiB). */
  maxFileUploadBytes?: number;
  /** MiB of the SQLite file read through a memory map (undefined: the default, 1024; 0: off). */
  sqliteMmapMb?: number;
  /** The seeded owner's email (first start). */
  ownerEmail?: string;
  /** The owner's password (else the first start generates one and prints it once). */
  ownerPassword?: string;
  /** Trust a reverse proxy's X-Forwarded-For / X-Forwarded-Proto. */
  trustProxy: boolean;
  /** The origin clients reach the server at (`--public-url`), when it is not the one it listens on. */
  publicUrl?: string;
  /** `--base-path`: the path prefix everything is served under ("" for none; normalized: `/quire`). */
  basePath: string;
  /** Keep GET answers while the SQLite store's write generation stands (`--no-response-cache`: off). */
  responseCache: boolean;
  /** How long aggregated webhook events wait, in ms (undefined: the default, src/domain/webhooks/policy.ts). */
  webhookAggregationMs?: number;
  /** The first webhook retry's delay, in ms (undefined: the default). */
  webhookRetryBaseMs?: number;
  /** Refuse webhook URLs that reach private and loopback addresses (allowed by default). */
  webhookDenyPrivateUrls: boolean;
  /** A seed file (JSON or YAML) applied at first start (docs/design/seed-files.md). */
  seed?: string;
  /** How many /v1 requests the request log keeps (undefined: the default, 1000; 0: off). */
  requestLogSize?: number;
  /** `--clock`: the clock frozen at this time (ms since the epoch). */
  clockTime?: number;
  /** `--clock-offset`: the clock shifted by this many ms. */
  clockOffsetMs?: number;
  /** `--rate-limit`: Notion's limits or a budget per minute (undefined: as stored, off at first). */
  rateLimit?: RateLimitSetting;
  /** `--latency notion`: a Notion-like delay on every /v1 request. */
  latency?: LatencySetting;
}

export class ConfigError extends Error {}

export function parseServeConfig(argv: string[], env: NodeJS.ProcessEnv = process.env): ServeConfig {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        port: { type: "string" },
        host: { type: "string" },
        data: { type: "string" },
        memory: { type: "boolean" },
        "database-url": { type: "string" },
        "read-database-url": { type: "string", multiple: true },
        "read-replica-wait-ms": { type: "string" },
        token: { type: "string" },
        "admin-key": { type: "string" },
        "secret-key-file": { type: "string" },
        quiet: { type: "boolean" },
        "allow-private-urls": { type: "boolean" },
        // The old name, for file imports only at first: kept as an alias.
        "allow-private-file-urls": { type: "boolean" },
        "server-timing": { type: "boolean" },
        "max-file-upload-bytes": { type: "string" },
        "sqlite-mmap-mb": { type: "string" },
        "owner-email": { type: "string" },
        "owner-password": { type: "string" },
        "trust-proxy": { type: "boolean" },
        "public-url": { type: "string" },
        "base-path": { type: "string" },
        "no-response-cache": { type: "boolean" },
        "webhook-aggregation-ms": { type: "string" },
        "webhook-retry-base-ms": { type: "string" },
        "webhook-deny-private-urls": { type: "boolean" },
        seed: { type: "string" },
        "request-log-size": { type: "string" },
        clock: { type: "string" },
        "clock-offset": { type: "string" },
        "rate-limit": { type: "string" },
        latency: { type: "string" },
      },
      strict: true,
    }));
  } catch (e) {
    throw new ConfigError((e as Error).message);
  }
  const rawPort = values.port ?? env.QUIRE_PORT ?? "7474";
  const port = Number(rawPort);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError(`--port should be an integer from 0 to 65535, not "${rawPort}".`);
  const token = values.token ?? env.QUIRE_TOKEN;
  if (token !== undefined && token.length < 8) throw new ConfigError("--token should be at least 8 characters long.");
  const rawMax = values["max-file-upload-bytes"] ?? env.QUIRE_MAX_FILE_UPLOAD_BYTES;
  const maxFileUploadBytes = rawMax === undefined ? undefined : Number(rawMax);
  if (maxFileUploadBytes !== undefined && (!Number.isSafeInteger(maxFileUploadBytes) || maxFileUploadBytes < 1))
    throw new ConfigError(`--max-file-upload-bytes should be a positive integer, not "${rawMax}".`);
  const rawMmap = values["sqlite-mmap-mb"] ?? env.QUIRE_SQLITE_MMAP_MB;
  const sqliteMmapMb = rawMmap === undefined ? undefined : Number(rawMmap);
  if (sqliteMmapMb !== undefined && (rawMmap!.trim() === "" || !Number.isSafeInteger(sqliteMmapMb) || sqliteMmapMb < 0 || sqliteMmapMb > 2 ** 20))
    throw new ConfigError(`--sqlite-mmap-mb should be an integer from 0 (no memory map) to 1048576, not "${rawMmap}".`);
  const databaseUrl = values["database-url"] ?? (env.QUIRE_DATABASE_URL || undefined);
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl))
    throw new ConfigError(`--database-url should be a PostgreSQL URL (postgres://user:password@host:5432/database).`);
  if (databaseUrl !== undefined && values.memory) throw new ConfigError("--memory and --database-url exclude each other: a database URL keeps the data in PostgreSQL.");
  const readDatabaseUrls = readUrls(values["read-database-url"], env.QUIRE_READ_DATABASE_URL, databaseUrl);
  const rawWait = values["read-replica-wait-ms"] ?? env.QUIRE_READ_REPLICA_WAIT_MS;
  const readReplicaWaitMs = rawWait === undefined ? undefined : Number(rawWait);
  if (readReplicaWaitMs !== undefined && (rawWait!.trim() === "" || !Number.isSafeInteger(readReplicaWaitMs) || readReplicaWaitMs < 0 || readReplicaWaitMs > 60_000))
    throw new ConfigError(`--read-replica-wait-ms should be an integer from 0 to 60000, not "${rawWait}".`);
  const ownerEmail = values["owner-email"] ?? (env.QUIRE_OWNER_EMAIL || undefined);
  if (ownerEmail !== undefined && !/^[^\s@]+@[^\s@]+$/.test(ownerEmail)) throw new ConfigError(`--owner-email should be an email address, not "${ownerEmail}".`);
  // The password's rules are checked at start (src/domain/signin/owner.ts); never repeated in a message.
  const ownerPassword = values["owner-password"] ?? (env.QUIRE_OWNER_PASSWORD || undefined);
  const secretKeyFile = values["secret-key-file"] || undefined;
  const secretKey = env.QUIRE_SECRET_KEY || undefined;
  if (secretKeyFile !== undefined && secretKey !== undefined) throw new ConfigError("--secret-key-file and QUIRE_SECRET_KEY exclude each other: give the secret key one way.");
  if (secretKeyFile !== undefined && values.memory) throw new ConfigError("--secret-key-file and --memory exclude each other: nothing is sealed on disk in memory.");
  const webhookAggregationMs = msSetting("--webhook-aggregation-ms", values["webhook-aggregation-ms"] ?? env.QUIRE_WEBHOOK_AGGREGATION_MS, 0);
  const webhookRetryBaseMs = msSetting("--webhook-retry-base-ms", values["webhook-retry-base-ms"] ?? env.QUIRE_WEBHOOK_RETRY_BASE_MS, 1);
  const rawLogSize = values["request-log-size"] ?? env.QUIRE_REQUEST_LOG_SIZE;
  const requestLogSize = rawLogSize === undefined ? undefined : Number(rawLogSize);
  if (requestLogSize !== undefined && (rawLogSize!.trim() === "" || !Number.isSafeInteger(requestLogSize) || requestLogSize < 0 || requestLogSize > 1_000_000))
    throw new ConfigError(`--request-log-size should be an integer from 0 (off) to 1000000, not "${rawLogSize}".`);
  const publicUrl = publicOrigin(values["public-url"] ?? (env.QUIRE_PUBLIC_URL || undefined));
  const basePath = basePathFlag(values["base-path"] ?? env.QUIRE_BASE_PATH);
  const toolkit = toolkitFlags(values, env);
  return {
    ...toolkit,
    port,
    publicUrl,
    basePath,
    databaseUrl,
    ownerEmail,
    ownerPassword,
    trustProxy: values["trust-proxy"] ?? ["1", "true"].includes(env.QUIRE_TRUST_PROXY ?? ""),
    readDatabaseUrls,
    readReplicaWaitMs,
    host: values.host ?? env.QUIRE_HOST ?? "127.0.0.1",
    dataDir: values.data ?? env.QUIRE_DATA_DIR ?? ".quire",
    memory: values.memory ?? false,
    token,
    adminKey: values["admin-key"] ?? env.QUIRE_ADMIN_KEY,
    secretKey: values.memory ? undefined : secretKey,
    secretKeyFile,
    quiet: values.quiet ?? false,
    allowPrivateUrls:
      values["allow-private-urls"] ?? values["allow-private-file-urls"] ?? ["1", "true"].some((v) => v === env.QUIRE_ALLOW_PRIVATE_URLS || v === env.QUIRE_ALLOW_PRIVATE_FILE_URLS),
    serverTiming: values["server-timing"] ?? ["1", "true"].includes(env.QUIRE_SERVER_TIMING ?? ""),
    maxFileUploadBytes,
    sqliteMmapMb,
    responseCache: !(values["no-response-cache"] ?? ["0", "false"].includes(env.QUIRE_RESPONSE_CACHE ?? "")),
    webhookAggregationMs,
    webhookRetryBaseMs,
    webhookDenyPrivateUrls: values["webhook-deny-private-urls"] ?? ["1", "true"].includes(env.QUIRE_WEBHOOK_DENY_PRIVATE_URLS ?? ""),
    seed: values.seed ?? (env.QUIRE_SEED || undefined),
    requestLogSize,
  };
}

/** `--clock`, `--clock-offset`, `--rate-limit`, `--latency` and their environment variables (domain/toolkit/settings.ts). */
function toolkitFlags(values: Record<string, string | boolean | string[] | undefined>, env: NodeJS.ProcessEnv) {
  const flag = (name: string, envName: string) => (values[name] as string | undefined) ?? (env[envName] || undefined);
  const parsed = <T>(name: string, raw: string | undefined, parse: (raw: string) => T | string): T | undefined => {
    if (raw === undefined) return undefined;
    const v = parse(raw);
    if (typeof v === "string") throw new ConfigError(`--${name} ${v}.`);
    return v;
  };
  return {
    clockTime: parsed("clock", flag("clock", "QUIRE_CLOCK"), parseInstant),
    clockOffsetMs: parsed("clock-offset", flag("clock-offset", "QUIRE_CLOCK_OFFSET"), parseDuration),
    rateLimit: parsed<RateLimitSetting>("rate-limit", flag("rate-limit", "QUIRE_RATE_LIMIT"), parseRateLimit),
    latency: latencyFlag(flag("latency", "QUIRE_LATENCY")),
  };
}

/** `--latency notion|off` (its setting is a string itself, so not through `parsed`). */
function latencyFlag(raw: string | undefined): LatencySetting | undefined {
  if (raw === undefined || raw === "notion" || raw === "off") return raw;
  throw new ConfigError(`--latency ${parseLatency(raw)}.`);
}

/** A duration flag in ms: an integer from `min` to one day, or undefined when not given. */
function msSetting(flag: string, raw: string | undefined, min: number): number | undefined {
  if (raw === undefined) return undefined;
  const ms = Number(raw);
  if (raw.trim() === "" || !Number.isSafeInteger(ms) || ms < min || ms > 86_400_000) throw new ConfigError(`${flag} should be an integer from ${min} to 86400000, not "${raw}".`);
  return ms;
}

/** The read replicas' URLs: the flag (repeatable, each possibly comma-separated), else the environment's comma-separated list. */
function readUrls(flags: string[] | undefined, env: string | undefined, databaseUrl: string | undefined): string[] {
  const urls = (flags ?? (env ? [env] : [])).flatMap((v) => v.split(",")).map((v) => v.trim()).filter(Boolean);
  for (const url of urls)
    if (!/^postgres(ql)?:\/\//.test(url)) throw new ConfigError(`--read-database-url should be a PostgreSQL URL (postgres://user:password@host:5432/database).`);
  if (urls.length > 0 && databaseUrl === undefined)
    throw new ConfigError("--read-database-url needs --database-url: read replicas are standbys of a PostgreSQL primary.");
  return urls;
}

/** `--base-path`: a path prefix such as `/quire` (leading slash added, trailing slashes dropped; `/` or empty: none). */
function basePathFlag(value: string | undefined): string {
  if (value === undefined) return "";
  const normal = normalizeBasePath(value);
  if ("error" in normal) throw new ConfigError(`--base-path should be a URL path such as /quire, but "${value}" ${normal.error}.`);
  return normal.basePath;
}

/** `--public-url`: an http(s) origin (scheme, host, port; no path), without its trailing slash. */
function publicOrigin(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  let url: URL | null = null;
  try {
    url = new URL(value);
  } catch {
    /* refused below */
  }
  if (!url || !["http:", "https:"].includes(url.protocol) || url.pathname !== "/" || url.search || url.hash || url.username)
    throw new ConfigError(`--public-url should be an http(s) origin such as https://quire.example.com, instead was "${value}".`);
  return url.origin;
}
