/**
 * The `quire` command: `serve` starts the server; the other commands drive a running server's
 * /_quire control API (integrations, shares, users, groups, page permissions).
 */
import { join, resolve } from "node:path";
import { startQuire, type RunningQuire } from "./server.js";
import { ConfigError, parseServeConfig, type ServeConfig } from "./config.js";
import { StartupError } from "./domain/admin/seed.js";
import { controlCommand } from "./cli-control.js";
import { webhookTail } from "./cli-webhook-tail.js";
import { importCommand } from "./cli-import.js";
import { mirrorCommand } from "./cli-mirror.js";
import { exportCommand } from "./cli-seed.js";
import { requestsTail } from "./cli-requests.js";
import { describeDatabaseUrl } from "./storage/postgres/pool.js";

const USAGE = `Usage: quire <command> [options]

Commands:
  serve                              start the server (default)
      --port N (QUIRE_PORT, 7474; 0 = any free port)   --host H (QUIRE_HOST, 127.0.0.1)
      --data DIR (QUIRE_DATA_DIR, ./.quire)            --memory (nothing on disk)
      --database-url postgres://… (QUIRE_DATABASE_URL; PostgreSQL 15+ instead of the SQLite file)
      --read-database-url postgres://… (QUIRE_READ_DATABASE_URL, comma-separated; repeatable: streaming
          standbys that read-only requests read from once caught up with the primary)
      --read-replica-wait-ms N (QUIRE_READ_REPLICA_WAIT_MS, 50: longest wait for a standby to catch up)
      --token T (QUIRE_TOKEN)                          --admin-key K (QUIRE_ADMIN_KEY)
      --secret-key-file PATH (or QUIRE_SECRET_KEY, base64 of 32 bytes): the key sealing the admin key
          and dev token in the database; default <data dir>/secret.key (made at first start: back
          it up with the data). PostgreSQL: give every node the same, else nothing is sealed
      --quiet (no request lines)
      --max-file-upload-bytes N (QUIRE_MAX_FILE_UPLOAD_BYTES, 5242880)
      --sqlite-mmap-mb N (QUIRE_SQLITE_MMAP_MB, 64; 0 = off: MiB of the SQLite file memory-mapped)
      --no-response-cache (QUIRE_RESPONSE_CACHE=0: SQLite keeps no GET answers between writes)
      --allow-private-urls (QUIRE_ALLOW_PRIVATE_URLS=1; outbound requests — file imports, link
                            previews — to private and loopback hosts; old name --allow-private-file-urls)
      --webhook-aggregation-ms N (QUIRE_WEBHOOK_AGGREGATION_MS, 30000; 0 = send at once: how long
          page/database content and property events wait to be merged)
      --webhook-retry-base-ms N (QUIRE_WEBHOOK_RETRY_BASE_MS, 60000: the first retry's delay, doubling)
      --webhook-deny-private-urls (QUIRE_WEBHOOK_DENY_PRIVATE_URLS=1; webhook URLs may not reach
          private and loopback hosts, which they may by default)
      --request-log-size N (QUIRE_REQUEST_LOG_SIZE, 1000; 0 = off: /v1 requests kept for
          GET /_quire/v1/requests and quire requests tail)
      --clock 2026-06-27T12:00:00Z (QUIRE_CLOCK: the clock frozen there)   --clock-offset -3d (QUIRE_CLOCK_OFFSET:
          ms or 90m, 1h30m, -3d: the clock shifted); flags last their run, \`quire clock set\` is kept until reset
      --rate-limit notion|<n>/min|off (QUIRE_RATE_LIMIT; default off: Notion's 180 requests per
          connection per minute, or n per minute)   --latency notion|off (QUIRE_LATENCY: Notion-like delays)
      --owner-email E (QUIRE_OWNER_EMAIL; first start: the owner's sign-in email, default owner@quire.local)
      --owner-password P (QUIRE_OWNER_PASSWORD; at least 12 characters; without it the first start
          generates one and prints it once)
      --trust-proxy (QUIRE_TRUST_PROXY=1; behind a reverse proxy: client address and https from
          X-Forwarded-For / X-Forwarded-Proto)
      --public-url URL (QUIRE_PUBLIC_URL; the origin clients reach Quire at behind a proxy, e.g.
          https://quire.example.com: page urls and SAML's SP addresses; default the listening one)
      --base-path /quire (QUIRE_BASE_PATH; behind a proxy passing the path through: everything under
          /quire — the API at /quire/v1, sign-in at /quire/login, the web app at /quire/ — and 404 outside)
      --seed FILE (QUIRE_SEED; first start: also create the workspaces a .json/.yaml seed file
          declares — docs/design/seed-files.md)
  workspace create --name NAME [--time-zone TZ] [--owner USER_ID]   another workspace (owner: the first's)
  workspace list | get ID | update ID [--name NAME] [--time-zone TZ] | delete ID (with everything in it)
  member list                         the workspace's people and their roles
  member add USER_ID [--role ROLE]    a person of another workspace joins (owner, membership_admin, member, guest)
  member update USER_ID --role ROLE | member remove USER_ID
  integration create --name NAME [--capabilities a,b,...]
  integration list
  integration update ID [--name NAME] [--capabilities a,b] [--rotate-token]
  integration delete ID
  integration create --public --name NAME --redirect-uri URL [--redirect-uri URL…] [--capabilities a,b]
      [--icon EMOJI_OR_URL] [--template-page PAGE_ID]   a public (OAuth) integration: prints its client_secret once
  integration update ID [--rotate-secret] [--redirect-uri URL…] [--template-page PAGE_ID|none] [--icon …]
  clock [get] | set TIME [--running] | set --offset=-3d | freeze | reset
                                     the server's clock (frozen at TIME unless --running; reset: the system's)
  rate-limit [get] | set notion|off|<n>/min      Notion's request limits, or n requests per minute
  faults add [--method M] [--path /v1/pages/*] [--integration ID] [--error 429|500|502|503|504|529|timeout|reset]
      [--latency-ms N] [--probability 0..1] [--count N] [--seed N]   inject an error and/or a delay into /v1 requests
  faults list | get ID | delete ID | delete --all
  oauth grant --client-id CLIENT_ID --user USER_ID [--workspace ID] [--page PAGE_ID…] [--redirect-uri URL]
      [--state S] [--use-template]    the code a person's consent would give (then POST /v1/oauth/token)
  share INTEGRATION_ID OBJECT_ID       share a page (and all below it)
  unshare INTEGRATION_ID OBJECT_ID
  user create --name NAME --email EMAIL [--role ROLE] [--password-stdin]   a person (the password read from stdin)
  user password ID [--remove]        set a person's password, read from stdin (ends their sessions)
  page create --title TITLE [--share INTEGRATION_ID,...] [--section workspace|private] [--user ID]
                                       a top-level page (Workspace section unless private to --user)
  page share PAGE_ID (--user ID | --group ID | --everyone) --level LEVEL
                                       LEVEL: full_access, can_edit, can_comment, can_view, none (removes)
  page permissions PAGE_ID             its entries, and each principal's level with where it comes from
  page section PAGE_ID workspace|private [--user ID]   move a top-level page between sections
  group create --name NAME [--external-id ID] [--users ID,...]
  group list
  group update ID [--name NAME] [--external-id ID]
  group delete ID                      (its page permissions go with it)
  group add-member GROUP_ID USER_ID[,USER_ID...]
  group remove-member GROUP_ID USER_ID
  token create --user USER_ID --name NAME [--expires-in-days N|never]   a person's personal access token (shown once)
  token list --user USER_ID | token revoke TOKEN_ID --user USER_ID
  token policy [members|owners|off]   who may use personal access tokens (no argument: show it)
  emoji create --name NAME --image URL|PATH [--token T]   a custom emoji (for icons and :name: mentions);
                                          a file PATH is uploaded through /v1/file_uploads as the
                                          integration of --token (or QUIRE_TOKEN)
  emoji list
  emoji delete ID
  template add DATA_SOURCE_ID PAGE_ID [--default]   make a page of the data source one of its templates
  template remove DATA_SOURCE_ID PAGE_ID           make it an ordinary page again
  template list DATA_SOURCE_ID
  saml set (--metadata FILE | --entry-point URL --cert FILE --issuer ID) [--jit on|off] [--enforce-sso on|off]
                                       the workspace's SAML IdP (SP URLs: saml show)
  saml show | saml delete
  link-preview set INTEGRATION_ID --settings FILE | show ID | delete ID   a public integration's link previews
  link-preview paste PAGE_ID --link-url URL --user USER_ID [--as block|mention|link_mention]
                                       paste a link as that person (the preview, or where to link their account)
  webhook create --integration ID --webhook-url URL [--event-type T]… [--api-version V] [--auto-verify]
                                       a subscription (pending until verified; --auto-verify: active, its token shown)
  webhook list --integration ID | get ID | delete ID | deliveries ID [--status S] [--page-size N] [--cursor ID]
  webhook update ID [--webhook-url URL] [--event-type T]… [--api-version V] [--status active|paused]
  webhook pause ID | resume ID | verify ID TOKEN | resend ID   (resend: the verification POST again)
  webhook tail [--webhook ID | --integration ID]   one line per delivery attempt as it is recorded
  export --seed [--workspace ID] [--yaml]          the workspace in the seed file format, on stdout (docs/design/seed-files.md)
                                       (time, webhook, event type, entity, attempt, status or error, latency)
  requests tail [--integration ID] [--status 4xx|404] [--path P] [--method M] [--auth KIND[,KIND]]
                                       (KIND: integration, personal_access_token, session, none)
                                       one line per /v1 request as the server answers it
  snapshot save NAME | restore NAME | delete NAME | list   the whole state (every workspace, files) saved
                                       under NAME (1–100 of A-Z a-z 0-9 . _ -), put back, removed, listed
  reset                                back to the first start's seed (its tokens and the admin key work on)
  scim token create [--name NAME]      a SCIM token for the workspace's /scim/v2 (printed once)
  scim token list
  scim token revoke ID
  import EXPORT.zip [--parent PAGE_ID] [--report FILE] [--max-entries N] [--max-unzipped-mb N]
                                       a Notion "Markdown & CSV" export: pages, databases, rows, files
                                       (under a new top-level page unless --parent; report JSON beside the zip)
  mirror --from URL --token T [--root PAGE_ID] [--parent PAGE_ID] [--state FILE]
                                       copy what a token sees on a Notion-API server (pages, blocks, databases,
                                       rows, comments, files); resumable through the state file

Commands that act in a workspace take --workspace ID (default: the first workspace).
Control commands find the server running on --data DIR (QUIRE_DATA_DIR, ./.quire): it records
its URL and admin key there while it runs (else the admin key is unsealed from the data directory's
quire.db with its secret.key). For a --memory server (or another machine) pass
--url (QUIRE_URL) and --admin-key (QUIRE_ADMIN_KEY), both printed when it starts.`;

async function serve(argv: string[]) {
  const config = parseServeConfig(argv);
  const q = await startQuire({
    memory: config.memory,
    dataDir: config.dataDir,
    databaseUrl: config.databaseUrl,
    readDatabaseUrls: config.readDatabaseUrls,
    readReplicaWaitMs: config.readReplicaWaitMs,
    port: config.port,
    host: config.host,
    token: config.token,
    adminKey: config.adminKey,
    secretKey: config.secretKey,
    secretKeyFile: config.secretKeyFile,
    allowPrivateUrls: config.allowPrivateUrls,
    serverTiming: config.serverTiming,
    maxFileUploadBytes: config.maxFileUploadBytes,
    sqliteMmapMb: config.sqliteMmapMb,
    ownerEmail: config.ownerEmail,
    ownerPassword: config.ownerPassword,
    trustProxy: config.trustProxy,
    publicUrl: config.publicUrl,
    basePath: config.basePath,
    responseCache: config.responseCache,
    seed: config.seed,
    requestLogSize: config.requestLogSize,
    webhooks: { aggregationMs: config.webhookAggregationMs, retryBaseMs: config.webhookRetryBaseMs, allowPrivate: !config.webhookDenyPrivateUrls },
    clockTime: config.clockTime,
    clockOffsetMs: config.clockOffsetMs,
    rateLimit: config.rateLimit,
    latency: config.latency,
    log: config.quiet ? undefined : (line) => process.stdout.write(line + "\n"),
    // Server errors go to stderr, with --quiet too.
    logError: (line) => process.stderr.write(line + "\n"),
  });
  process.stdout.write(banner(q, config));
  const stop = async () => {
    await q.close();
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

/** What `quire serve` prints once it listens: everything a first request needs. */
function banner(q: RunningQuire, config: ServeConfig): string {
  const where = config.databaseUrl
    ? `PostgreSQL ${describeDatabaseUrl(config.databaseUrl)}`
    : config.memory
      ? "in memory (nothing is written to disk)"
      : join(resolve(config.dataDir), "quire.db");
  const token = q.tokenProblem ? `(none that works: ${q.tokenProblem})` : `${q.token}   (integration "Quire Dev")`;
  return [
    `Quire is listening on ${q.url}`,
    `  Base URL:    ${q.url}   (new Client({ auth: token, baseUrl: "${q.url}" }))`,
    `  Dev token:   ${token}`,
    `  Admin key:   ${q.adminKeyProblem ? `(not shown: ${q.adminKeyProblem})` : `${q.adminKey}   (Authorization for ${q.url}/_quire/v1/...)`}`,
    ...owner(q),
    ...(q.gettingStartedPageId ? [`  Start page:  ${q.gettingStartedPageId}   ("Getting started", shared with the dev integration: a parent for pages.create)`] : []),
    `  Data:        ${where}`,
    ...config.readDatabaseUrls.map((url) => `  Reads from:  ${describeDatabaseUrl(url)}   (read replica; the primary when it lags or is down)`),
    ...(config.allowPrivateUrls ? ["  Outbound:    private and loopback addresses allowed (--allow-private-urls): file imports, link previews"] : []),
    "",
  ].join("\n");
}

/** The owner's sign-in lines: the generated password only at the start that made it. */
function owner(q: RunningQuire): string[] {
  if (!q.owner) return [];
  const lines = [`  Sign in:     ${q.url}/login   as ${q.owner.email}`];
  if (q.owner.password) lines.push(`  Password:    ${q.owner.password}   (generated for the owner; shown this once: keep it now)`);
  return lines;
}

export async function main(argv: string[]) {
  const [command = "serve", ...rest] = argv;
  try {
    if (["help", "--help", "-h"].includes(command) || (command === "serve" && rest.includes("--help"))) process.stdout.write(USAGE + "\n");
    else if (command === "serve" || command.startsWith("--")) await serve(command === "serve" ? rest : argv);
    else if (command === "webhook" && rest[0] === "tail") await webhookTail(rest.slice(1));
    else if (command === "import") await importCommand(rest);
    else if (command === "mirror") await mirrorCommand(rest);
    else if (command === "export") await exportCommand(rest);
    else if (command === "requests" && rest[0] === "tail") await requestsTail(rest.slice(1));
    else await controlCommand(command, rest, USAGE);
  } catch (e) {
    // Usage and configuration mistakes exit 2, a start that cannot go ahead 1: one line, no stack.
    if (e instanceof ConfigError || e instanceof StartupError) {
      process.stderr.write(e.message + "\n");
      process.exit(e instanceof ConfigError ? 2 : 1);
    }
    throw e;
  }
}

const invokedDirectly = process.argv[1] && /cli\.(ts|js)$/.test(process.argv[1]);
if (invokedDirectly) void main(process.argv.slice(2));
