/** OAuth rows read back the same way by both adapters: JSON columns parsed, flags as booleans. */
import type { OAuthClientRow, OAuthCodeRow, OAuthGrantRow } from "./oauth.js";

type Row = Record<string, unknown>;
const parse = <T>(v: unknown): T => (v === null || v === undefined ? (null as T) : (JSON.parse(v as string) as T));
const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/** The registry's columns, in insert order. */
export const CLIENT_COLUMNS = ["id", "workspace_id", "name", "client_id", "secret_hash", "redirect_uris", "capabilities", "icon", "template_page_id", "created_time"] as const;
/** A code's columns, in insert order. */
export const CODE_COLUMNS = ["workspace_id", "code_hash", "client_id", "user_id", "page_ids", "use_template", "redirect_uri", "pkce_challenge", "created_time", "expires_time", "used_time"] as const;
/** A grant's columns, in insert order. */
export const GRANT_COLUMNS = [
  "workspace_id",
  "integration_id",
  "client_id",
  "user_id",
  "refresh_hash",
  "token_time",
  "refresh_time",
  "code_hash",
  "external_account",
  "duplicated_template_id",
  "created_time",
] as const;

/** A client row from its columns. */
export function clientOf(r: Row): OAuthClientRow {
  return { ...(r as unknown as OAuthClientRow), redirect_uris: parse(r.redirect_uris), capabilities: parse(r.capabilities), created_time: Number(r.created_time) };
}

/** A code row from its columns (`use_template` is 0/1 on SQLite). */
export function codeOf(r: Row): OAuthCodeRow {
  return {
    ...(r as unknown as OAuthCodeRow),
    page_ids: parse(r.page_ids),
    use_template: r.use_template === true || r.use_template === 1,
    created_time: Number(r.created_time),
    expires_time: Number(r.expires_time),
    used_time: num(r.used_time),
  };
}

/** A grant row from its columns. */
export function grantOf(r: Row): OAuthGrantRow {
  return {
    ...(r as unknown as OAuthGrantRow),
    external_account: parse(r.external_account),
    token_time: num(r.token_time),
    refresh_time: num(r.refresh_time),
    created_time: Number(r.created_time),
  };
}

/** A record's values for its columns, JSON columns as text, booleans as `bool`. */
export function valuesOf(row: object, columns: readonly string[], bool: (b: boolean) => unknown): unknown[] {
  const r = row as Record<string, unknown>;
  return columns.map((c) => {
    const v = r[c];
    if (typeof v === "boolean") return bool(v);
    if (v !== null && typeof v === "object") return JSON.stringify(v);
    return v ?? null;
  });
}
