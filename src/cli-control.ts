/**
 * The `quire` control commands (integrations, shares, users, pages, emojis, templates): calls to a running
 * server's /_quire control API, which they find through flags, environment, or the data directory
 * the server recorded itself in (server-file.ts).
 */
import { parseArgs } from "node:util";
import { join, resolve } from "node:path";
import { existsSync } from "node:fs";
import Database from "better-sqlite3";
import { ConfigError } from "./config.js";
import { readServerFile } from "./server-file.js";

const DEFAULT_URL = "http://127.0.0.1:7474";

interface Target {
  url: string;
  adminKey: string;
}

/** The server to drive: `--url`, `QUIRE_URL`, or the one running on the data directory (`--data`, `QUIRE_DATA_DIR`, ./.quire). */
function findTarget(values: { url?: string; "admin-key"?: string; data?: string }, env: NodeJS.ProcessEnv): Target {
  // An empty variable counts as unset.
  const dir = resolve(values.data ?? (env.QUIRE_DATA_DIR || ".quire"));
  const running = readServerFile(dir);
  const url = (values.url ?? (env.QUIRE_URL || running?.url || DEFAULT_URL)).replace(/\/+$/, "");
  const recorded = running && running.url === url ? running.admin_key : undefined;
  const adminKey = values["admin-key"] ?? (env.QUIRE_ADMIN_KEY || recorded || adminKeyFromDatabase(dir));
  if (!adminKey)
    throw new ConfigError(
      `No admin key: no server is running on the data directory ${dir}. Pass --data DIR (where the server keeps its data), or --url and --admin-key (for a --memory server: both are in its start banner).`,
    );
  return { url, adminKey };
}

/** The admin key kept in a data directory's database (servers that did not record themselves). */
function adminKeyFromDatabase(dir: string): string | undefined {
  const file = join(dir, "quire.db");
  if (!existsSync(file)) return undefined;
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const row = db.prepare("SELECT value FROM meta WHERE key = 'admin_key'").get() as { value: string } | undefined;
    return row?.value;
  } finally {
    db.close();
  }
}

async function call(target: Target, method: string, path: string, body?: unknown) {
  let res: Response;
  try {
    res = await fetch(`${target.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${target.adminKey}`, ...(body ? { "content-type": "application/json" } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
  } catch (e) {
    const code = ((e as Error).cause as NodeJS.ErrnoException | undefined)?.code ?? (e as Error).message;
    throw new ConfigError(`No Quire server answers at ${target.url} (${code}): start one with \`quire serve\`, or point at it with --url, or --data DIR for one started with --data.`);
  }
  const json = await res.json().catch(() => null);
  if (!res.ok) throw new ConfigError(json?.code ? `${res.status} ${json.code}: ${json.message}` : `${res.status} from ${target.url}: not a Quire server?`);
  return json;
}

const OPTIONS = {
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
  default: { type: "boolean" },
  "password-stdin": { type: "boolean" },
  remove: { type: "boolean" },
} as const;

const list = (s: string | undefined) => s?.split(",").map((x) => x.trim()).filter(Boolean);

/** Runs one control command and prints the server's JSON answer; a usage or API failure is a ConfigError. */
export async function controlCommand(command: string, argv: string[], usage: string, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: OPTIONS });
  } catch (e) {
    throw new ConfigError((e as Error).message);
  }
  const { values, positionals } = parsed;
  const [sub, a, b] = positionals;
  // A password never goes on the command line (other users see it in the process list): stdin only.
  const wantsPassword = (command === "user" && sub === "create" && values["password-stdin"]) || (command === "user" && sub === "password" && !values.remove);
  const password = wantsPassword ? await readPassword() : undefined;
  const request = route(command, sub, a, values, b, password);
  if (!request) throw new ConfigError(usage);
  const out = await call(findTarget(values, env), ...request);
  process.stdout.write(JSON.stringify(out, null, 2) + "\n");
}

/** The password piped on stdin (its first line, without the line break). */
async function readPassword(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write("Password (then Enter; it is echoed — prefer a pipe): ");
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin as AsyncIterable<Buffer>) {
    chunks.push(chunk);
    if (process.stdin.isTTY && chunk.includes(10)) break;
  }
  const line = Buffer.concat(chunks).toString("utf8").split(/\r?\n/)[0];
  if (!line) throw new ConfigError("No password on stdin: pipe one in, e.g. `printf %s \"$PASSWORD\" | quire user password ID`.");
  return line;
}

type Values = { [K in keyof typeof OPTIONS]?: (typeof OPTIONS)[K]["type"] extends "boolean" ? boolean : string };

/** The control-API request a command stands for, or null when the command is not one. */
function route(command: string, sub: string | undefined, a: string | undefined, values: Values, b?: string, password?: string): [string, string, unknown?] | null {
  const caps = list(values.capabilities);
  switch (`${command} ${sub ?? ""}`.trim()) {
    case "integration create":
      if (!values.name) throw new ConfigError("integration create needs --name.");
      return ["POST", "/_quire/v1/integrations", { name: values.name, capabilities: caps }];
    case "integration list":
      return ["GET", "/_quire/v1/integrations"];
    case "integration update":
      return a ? ["PATCH", `/_quire/v1/integrations/${a}`, { name: values.name, capabilities: caps, rotate_token: values["rotate-token"] }] : null;
    case "integration delete":
      return a ? ["DELETE", `/_quire/v1/integrations/${a}`] : null;
    case "user create":
      return ["POST", "/_quire/v1/users", { name: values.name, email: values.email, password }];
    case "user password":
      return a ? ["PATCH", `/_quire/v1/users/${a}`, { password: values.remove ? null : password }] : null;
    case "page create":
      return ["POST", "/_quire/v1/pages", { title: values.title ?? "", share_with: list(values.share) }];
    case "emoji create":
      if (!values.name || !values.image) throw new ConfigError("emoji create needs --name and --image.");
      return ["POST", "/_quire/v1/custom_emojis", { name: values.name, url: values.image }];
    case "emoji list":
      return ["GET", "/_quire/v1/custom_emojis"];
    case "emoji delete":
      return a ? ["DELETE", `/_quire/v1/custom_emojis/${a}`] : null;
    case "template add":
      return a && b ? ["POST", `/_quire/v1/data_sources/${a}/templates`, { page_id: b, is_default: values.default }] : null;
    case "template remove":
      return a && b ? ["DELETE", `/_quire/v1/data_sources/${a}/templates/${b}`] : null;
    case "template list":
      return a ? ["GET", `/_quire/v1/data_sources/${a}/templates`] : null;
  }
  if (command === "share" && sub && a) return ["POST", `/_quire/v1/integrations/${sub}/shares`, { object_id: a }];
  if (command === "unshare" && sub && a) return ["DELETE", `/_quire/v1/integrations/${sub}/shares/${a}`];
  return null;
}
