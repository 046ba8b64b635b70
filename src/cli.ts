/**
 * The `quire` command: `serve` starts the server; the other commands drive a running server's
 * /_quire control API (integrations, shares, users).
 */
import { parseArgs } from "node:util";
import { join, resolve } from "node:path";
import { existsSync } from "node:fs";
import Database from "better-sqlite3";
import { startQuire } from "./server.js";
import { ConfigError, parseServeConfig } from "./config.js";

const USAGE = `Usage: quire <command> [options]

Commands:
  serve                              start the server (default)
      --port N (QUIRE_PORT, 7474; 0 = any free port)   --host H (QUIRE_HOST, 127.0.0.1)
      --data DIR (QUIRE_DATA_DIR, ./.quire)            --memory (nothing on disk)
      --token T (QUIRE_TOKEN)                          --admin-key K (QUIRE_ADMIN_KEY)
      --quiet (no request lines)
      --max-file-upload-bytes N (QUIRE_MAX_FILE_UPLOAD_BYTES, 5242880)
      --allow-private-file-urls (QUIRE_ALLOW_PRIVATE_FILE_URLS=1; external_url imports from private hosts)
  integration create --name NAME [--capabilities a,b,...]
  integration list
  integration update ID [--name NAME] [--capabilities a,b] [--rotate-token]
  integration delete ID
  share INTEGRATION_ID OBJECT_ID       share a page (and all below it)
  unshare INTEGRATION_ID OBJECT_ID
  user create --name NAME --email EMAIL
  page create --title TITLE [--share INTEGRATION_ID,...]   a top-level page
  emoji create --name NAME --image URL   a custom emoji (for icons and :name: mentions)
  emoji list
  emoji delete ID

Control commands take --url (QUIRE_URL, http://127.0.0.1:7474) and --admin-key
(QUIRE_ADMIN_KEY; otherwise read from --data DIR).`;

async function serve(argv: string[]) {
  const config = parseServeConfig(argv);
  const q = await startQuire({
    memory: config.memory,
    dataDir: config.dataDir,
    port: config.port,
    host: config.host,
    token: config.token,
    adminKey: config.adminKey,
    allowPrivateFileUrls: config.allowPrivateFileUrls,
    maxFileUploadBytes: config.maxFileUploadBytes,
    log: config.quiet ? undefined : (line) => process.stdout.write(line + "\n"),
  });
  const where = config.memory ? "in memory (nothing is written to disk)" : join(resolve(config.dataDir), "quire.db");
  process.stdout.write(
    [
      `Quire is listening on ${q.url}`,
      `  Base URL:    ${q.url}   (new Client({ auth: token, baseUrl: "${q.url}" }))`,
      `  Dev token:   ${q.token}   (integration "Quire Dev")`,
      `  Admin key:   ${q.adminKey}   (Authorization for ${q.url}/_quire/v1/...)`,
      `  Data:        ${where}`,
      "",
    ].join("\n"),
  );
  const stop = async () => {
    await q.close();
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

interface ControlFlags {
  url: string;
  adminKey: string;
}

function adminKeyFromData(dir: string): string | undefined {
  const file = join(resolve(dir), "quire.db");
  if (!existsSync(file)) return undefined;
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const row = db.prepare("SELECT value FROM meta WHERE key = 'admin_key'").get() as { value: string } | undefined;
    return row?.value;
  } finally {
    db.close();
  }
}

async function control(flags: ControlFlags, method: string, path: string, body?: unknown) {
  const res = await fetch(`${flags.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${flags.adminKey}`, ...(body ? { "content-type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = await res.json();
  if (!res.ok) throw new ConfigError(`${res.status} ${json.code}: ${json.message}`);
  return json;
}

async function controlCommand(command: string, argv: string[]) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      url: { type: "string" },
      "admin-key": { type: "string" },
      data: { type: "string" },
      name: { type: "string" },
      email: { type: "string" },
      capabilities: { type: "string" },
      "rotate-token": { type: "boolean" },
      title: { type: "string" },
      share: { type: "string" },
      image: { type: "string" },
    },
  });
  const adminKey = values["admin-key"] ?? process.env.QUIRE_ADMIN_KEY ?? adminKeyFromData(values.data ?? process.env.QUIRE_DATA_DIR ?? ".quire");
  if (!adminKey) throw new ConfigError("No admin key: pass --admin-key, set QUIRE_ADMIN_KEY, or run where the data directory is.");
  const flags = { url: values.url ?? process.env.QUIRE_URL ?? "http://127.0.0.1:7474", adminKey };
  const caps = values.capabilities?.split(",").map((c) => c.trim()).filter(Boolean);
  const [sub, a] = positionals;
  let out: unknown;
  if (command === "integration" && sub === "create") {
    if (!values.name) throw new ConfigError("integration create needs --name.");
    out = await control(flags, "POST", "/_quire/v1/integrations", { name: values.name, capabilities: caps });
  } else if (command === "integration" && sub === "list") out = await control(flags, "GET", "/_quire/v1/integrations");
  else if (command === "integration" && sub === "update" && a)
    out = await control(flags, "PATCH", `/_quire/v1/integrations/${a}`, { name: values.name, capabilities: caps, rotate_token: values["rotate-token"] });
  else if (command === "integration" && sub === "delete" && a) out = await control(flags, "DELETE", `/_quire/v1/integrations/${a}`);
  else if (command === "share" && sub && a) out = await control(flags, "POST", `/_quire/v1/integrations/${sub}/shares`, { object_id: a });
  else if (command === "unshare" && sub && a) out = await control(flags, "DELETE", `/_quire/v1/integrations/${sub}/shares/${a}`);
  else if (command === "user" && sub === "create") out = await control(flags, "POST", "/_quire/v1/users", { name: values.name, email: values.email });
  else if (command === "page" && sub === "create")
    out = await control(flags, "POST", "/_quire/v1/pages", {
      title: [{ text: { content: values.title ?? "" } }],
      share_with: values.share?.split(",").map((s) => s.trim()).filter(Boolean),
    });
  else if (command === "emoji" && sub === "create") {
    if (!values.name || !values.image) throw new ConfigError("emoji create needs --name and --image.");
    out = await control(flags, "POST", "/_quire/v1/custom_emojis", { name: values.name, url: values.image });
  } else if (command === "emoji" && sub === "list") out = await control(flags, "GET", "/_quire/v1/custom_emojis");
  else if (command === "emoji" && sub === "delete" && a) out = await control(flags, "DELETE", `/_quire/v1/custom_emojis/${a}`);
  else throw new ConfigError(USAGE);
  process.stdout.write(JSON.stringify(out, null, 2) + "\n");
}

export async function main(argv: string[]) {
  const [command = "serve", ...rest] = argv;
  try {
    if (command === "serve" || command.startsWith("--")) await serve(command === "serve" ? rest : argv);
    else if (command === "help" || command === "--help") process.stdout.write(USAGE + "\n");
    else await controlCommand(command, rest);
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(e.message + "\n");
      process.exit(2);
    }
    throw e;
  }
}

const invokedDirectly = process.argv[1] && /cli\.(ts|js)$/.test(process.argv[1]);
if (invokedDirectly) void main(process.argv.slice(2));
