/**
 * The `quire` control commands (workspaces, members, integrations, shares, users, pages and their
 * permissions, groups, emojis, templates; `--workspace ID` for another workspace than the first): calls to a running
 * server's /_quire control API, which they find through flags, environment, or the data directory
 * the server recorded itself in (server-file.ts).
 */
import { parseArgs } from "node:util";
import { join, resolve } from "node:path";
import { existsSync } from "node:fs";
import Database from "better-sqlite3";
import { ConfigError } from "./config.js";
import { readServerFile } from "./server-file.js";
import { readSecretKeyFile, SECRET_KEY_FILE } from "./secret-key.js";
import { unseal } from "./domain/admin/sealed.js";
import { samlRoute, SAML_OPTIONS } from "./cli-saml.js";
import { linkPreviewRoute, LINK_PREVIEW_OPTIONS } from "./cli-link-previews.js";
import { OAUTH_OPTIONS, oauthRoute, type OAuthValues } from "./cli-oauth.js";
import { WEBHOOK_OPTIONS, webhookRoute, type WebhookValues } from "./cli-webhooks.js";
import { snapshotRoute } from "./cli-snapshots.js";
import { CLOCK_OPTIONS, clockRoute, type ClockValues } from "./cli-clock.js";
import { FAULT_OPTIONS, faultsRoute, type FaultValues } from "./cli-faults.js";
import { isImagePath, uploadImage } from "./cli-emoji.js";

const DEFAULT_URL = "http://127.0.0.1:7474";

/** The server a control command drives. */
export interface Target {
  url: string;
  adminKey: string;
}

/** The server to drive: `--url`, `QUIRE_URL`, or the one running on the data directory (`--data`, `QUIRE_DATA_DIR`, ./.quire). */
export function findTarget(values: { url?: string; "admin-key"?: string; data?: string }, env: NodeJS.ProcessEnv): Target {
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

/**
 * The admin key kept in a data directory's database (no server recorded itself there): its sealed
 * copy opened with `<data dir>/secret.key` (docs/design/secrets.md), or the clear row of a
 * database an older Quire wrote and no newer one has started on.
 */
function adminKeyFromDatabase(dir: string): string | undefined {
  const file = join(dir, "quire.db");
  if (!existsSync(file)) return undefined;
  const db = new Database(file, { readonly: true, fileMustExist: true });
  let rows: { key: string; value: string }[];
  try {
    rows = db.prepare("SELECT key, value FROM meta WHERE key IN ('admin_key_sealed', 'admin_key')").all() as typeof rows;
  } finally {
    db.close();
  }
  const sealed = rows.find((r) => r.key === "admin_key_sealed")?.value;
  if (sealed === undefined) return rows.find((r) => r.key === "admin_key")?.value;
  const keyFile = join(dir, SECRET_KEY_FILE);
  let key: Buffer | null;
  try {
    key = readSecretKeyFile(keyFile);
  } catch (e) {
    throw new ConfigError((e as Error).message);
  }
  if (!key) throw new ConfigError(`No admin key: ${keyFile} is missing, so the admin key sealed in ${file} cannot be read. Pass --admin-key (or QUIRE_ADMIN_KEY).`);
  const adminKey = unseal(key, "admin_key", sealed);
  if (adminKey === null) throw new ConfigError(`No admin key: ${keyFile} does not open the admin key sealed in ${file} (not this data's secret key). Pass --admin-key (or QUIRE_ADMIN_KEY).`);
  return adminKey;
}

/** One control-API request; a failure (no server, an error answer) is a ConfigError. */
export async function call(target: Target, method: string, path: string, body?: unknown) {
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

/** The flags that find the server (`findTarget`). */
export const TARGET_OPTIONS = {
  url: { type: "string" },
  "admin-key": { type: "string" },
  data: { type: "string" },
} as const;

const OPTIONS = {
  ...TARGET_OPTIONS,
  name: { type: "string" },
  email: { type: "string" },
  capabilities: { type: "string" },
  "rotate-token": { type: "boolean" },
  title: { type: "string" },
  share: { type: "string" },
  image: { type: "string" },
  token: { type: "string" },
  default: { type: "boolean" },
  workspace: { type: "string" },
  "time-zone": { type: "string" },
  owner: { type: "string" },
  role: { type: "string" },
  "external-id": { type: "string" },
  users: { type: "string" },
  user: { type: "string" },
  group: { type: "string" },
  everyone: { type: "boolean" },
  level: { type: "string" },
  section: { type: "string" },
  "password-stdin": { type: "boolean" },
  remove: { type: "boolean" },
  "expires-in-days": { type: "string" },
  ...SAML_OPTIONS,
  ...LINK_PREVIEW_OPTIONS,
  ...OAUTH_OPTIONS,
  ...WEBHOOK_OPTIONS,
  ...CLOCK_OPTIONS,
  ...FAULT_OPTIONS,
} as const;

/** `--expires-in-days N` as a number, `never` as null (no expiry), absent as the server's default. */
const days = (s: string | undefined): number | null | undefined => (s === undefined ? undefined : s === "never" ? null : Number(s));

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
  const target = findTarget(values, env);
  // A local image: uploaded first, the emoji made from the upload.
  if (command === "emoji" && sub === "create" && isImagePath(values.image!))
    request[2] = { name: values.name, file_upload: { id: await uploadImage(target, values.token ?? (env.QUIRE_TOKEN || undefined), values.image!) } };
  const out = await call(target, ...request);
  process.stdout.write(JSON.stringify(out, null, 2) + "\n");
}

/** The principal `page share` names: exactly one of --user ID, --group ID, --everyone. */
function principalOf(values: Values): { type: string; id?: string } {
  const given = [values.user !== undefined, values.group !== undefined, values.everyone === true].filter(Boolean).length;
  if (given !== 1) throw new ConfigError("page share needs exactly one of --user USER_ID, --group GROUP_ID or --everyone, and --level.");
  if (!values.level) throw new ConfigError("page share needs --level full_access|can_edit|can_comment|can_view|none.");
  if (values.user !== undefined) return { type: "user", id: values.user };
  if (values.group !== undefined) return { type: "group", id: values.group };
  return { type: "workspace" };
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

type Values = { [K in keyof typeof OPTIONS]?: (typeof OPTIONS)[K] extends { multiple: true } ? string[] : (typeof OPTIONS)[K]["type"] extends "boolean" ? boolean : string };

/** The control-API request a command stands for, or null when the command is not one. */
function route(command: string, sub: string | undefined, a: string | undefined, values: Values, b?: string, password?: string): [string, string, unknown?] | null {
  const caps = list(values.capabilities);
  const ws = workspacePrefix(values.workspace);
  const set = workspaceSetRoute(command, sub, a, values);
  if (set !== undefined) return set;
  const saml = samlRoute(command, sub, ws, values);
  if (saml !== undefined) return saml;
  const preview = linkPreviewRoute(command, sub, a, ws, values);
  if (preview !== undefined) return preview;
  const oauth = oauthRoute(command, sub, a, values as OAuthValues, ws, caps);
  if (oauth !== undefined) return oauth;
  const webhook = webhookRoute(command, sub, a, b, values as WebhookValues, ws);
  if (webhook !== undefined) return webhook;
  const snapshot = snapshotRoute(command, sub, a);
  if (snapshot !== undefined) return snapshot;
  const clock = clockRoute(command, sub, a, values as ClockValues);
  if (clock !== undefined) return clock;
  const fault = faultsRoute(command, sub, a, values as FaultValues);
  if (fault !== undefined) return fault;
  switch (`${command} ${sub ?? ""}`.trim()) {
    case "member list":
      return ["GET", `${ws}/members?page_size=100`];
    case "member add":
      return a ? ["POST", `${ws}/members`, { user_id: a, role: values.role }] : null;
    case "member update":
      if (!values.role) throw new ConfigError("member update needs --role (owner, membership_admin, member or guest).");
      return a ? ["PATCH", `${ws}/members/${a}`, { role: values.role }] : null;
    case "member remove":
      return a ? ["DELETE", `${ws}/members/${a}`] : null;
    case "integration create":
      if (!values.name) throw new ConfigError("integration create needs --name.");
      return ["POST", `${ws}/integrations`, { name: values.name, capabilities: caps }];
    case "integration list":
      return ["GET", `${ws}/integrations`];
    case "integration update":
      return a ? ["PATCH", `${ws}/integrations/${a}`, { name: values.name, capabilities: caps, rotate_token: values["rotate-token"] }] : null;
    case "integration delete":
      return a ? ["DELETE", `${ws}/integrations/${a}`] : null;
    case "user create":
      return ["POST", `${ws}/users`, { name: values.name, email: values.email, role: values.role, password }];
    case "user password":
      return a ? ["PATCH", `${ws}/users/${a}`, { password: values.remove ? null : password }] : null;
    case "page create":
      return ["POST", `${ws}/pages`, { title: values.title ?? "", share_with: list(values.share), section: values.section, created_by: values.user }];
    case "page share":
      return a ? ["PUT", `${ws}/pages/${a}/permissions`, { principal: principalOf(values), level: values.level === "none" ? null : values.level }] : null;
    case "page permissions":
      return a ? ["GET", `${ws}/pages/${a}/permissions`] : null;
    case "page section":
      return a && b ? ["PUT", `${ws}/pages/${a}/section`, { section: b, user_id: values.user }] : null;
    case "group create":
      if (!values.name) throw new ConfigError("group create needs --name.");
      return ["POST", `${ws}/groups`, { name: values.name, external_id: values["external-id"], user_ids: list(values.users) }];
    case "group list":
      return ["GET", `${ws}/groups?page_size=100`];
    case "group update":
      return a ? ["PATCH", `${ws}/groups/${a}`, { name: values.name, external_id: values["external-id"] }] : null;
    case "group delete":
      return a ? ["DELETE", `${ws}/groups/${a}`] : null;
    case "group add-member":
      return a && b ? ["POST", `${ws}/groups/${a}/members`, { user_ids: list(b) }] : null;
    case "group remove-member":
      return a && b ? ["DELETE", `${ws}/groups/${a}/members/${b}`] : null;
    case "emoji create":
      if (!values.name || !values.image) throw new ConfigError("emoji create needs --name and --image.");
      return ["POST", `${ws}/custom_emojis`, { name: values.name, url: values.image }];
    case "emoji list":
      return ["GET", `${ws}/custom_emojis`];
    case "emoji delete":
      return a ? ["DELETE", `${ws}/custom_emojis/${a}`] : null;
    case "template add":
      return a && b ? ["POST", `${ws}/data_sources/${a}/templates`, { page_id: b, is_default: values.default }] : null;
    case "template remove":
      return a && b ? ["DELETE", `${ws}/data_sources/${a}/templates/${b}`] : null;
    case "token create":
      if (!values.user || !values.name) throw new ConfigError("token create needs --user USER_ID and --name NAME.");
      return ["POST", `${ws}/users/${values.user}/tokens`, { name: values.name, expires_in_days: days(values["expires-in-days"]) }];
    case "token list":
      if (!values.user) throw new ConfigError("token list needs --user USER_ID.");
      return ["GET", `${ws}/users/${values.user}/tokens`];
    case "token revoke":
      if (!values.user) throw new ConfigError("token revoke needs --user USER_ID and the token's id.");
      return a ? ["DELETE", `${ws}/users/${values.user}/tokens/${a}`] : null;
    case "token policy":
      return a ? ["PUT", `${ws}/personal_token_policy`, { policy: a }] : ["GET", `${ws}/personal_token_policy`];
    case "template list":
      return a ? ["GET", `${ws}/data_sources/${a}/templates`] : null;
    case "scim token":
      return scimTokenRoute(ws, a, b, values);
  }
  if (command === "share" && sub && a) return ["POST", `${ws}/integrations/${sub}/shares`, { object_id: a }];
  if (command === "unshare" && sub && a) return ["DELETE", `${ws}/integrations/${sub}/shares/${a}`];
  return null;
}

/** `quire scim token create [--name NAME] | list | revoke ID` (the token is printed once, by create). */
function scimTokenRoute(ws: string, verb: string | undefined, id: string | undefined, values: Values): [string, string, unknown?] | null {
  if (verb === "create") return ["POST", `${ws}/scim_tokens`, { name: values.name }];
  if (verb === "list") return ["GET", `${ws}/scim_tokens`];
  if (verb === "revoke") return id ? ["DELETE", `${ws}/scim_tokens/${id}`] : null;
  return null;
}

/** The control API's prefix for the workspace `--workspace` names (the first workspace without it). */
export function workspacePrefix(id: string | undefined): string {
  if (id === undefined) return "/_quire/v1";
  if (!/^[0-9a-f-]{32,36}$/i.test(id)) throw new ConfigError(`--workspace should be a workspace id (a UUID), instead was "${id}".`);
  return `/_quire/v1/workspaces/${id}`;
}

/** `quire workspace create|list|get|update|delete`; undefined when the command is another. */
function workspaceSetRoute(command: string, sub: string | undefined, a: string | undefined, values: Values): [string, string, unknown?] | null | undefined {
  if (command !== "workspace") return undefined;
  const settings = { name: values.name, time_zone: values["time-zone"] };
  switch (sub) {
    case "create":
      if (!values.name) throw new ConfigError("workspace create needs --name.");
      return ["POST", "/_quire/v1/workspaces", { ...settings, owner_id: values.owner }];
    case "list":
      return ["GET", "/_quire/v1/workspaces?page_size=100"];
    case "get":
      return a ? ["GET", `/_quire/v1/workspaces/${workspaceId(a)}`] : null;
    case "update":
      return a ? ["PATCH", `/_quire/v1/workspaces/${workspaceId(a)}`, settings] : null;
    case "delete":
      return a ? ["DELETE", `/_quire/v1/workspaces/${workspaceId(a)}`] : null;
  }
  return null;
}

const workspaceId = (id: string) => workspacePrefix(id).slice("/_quire/v1/workspaces/".length);
