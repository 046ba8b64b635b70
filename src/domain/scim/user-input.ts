/**
 * A User request body (POST, PUT, or a PATCH's result) read into what Quire keeps, with SCIM's
 * errors: `userName` an email (required), the name (Notion has one name field: `name.formatted`,
 * else given and family names joined, else `displayName` — notion.com/help/provision-users-and-
 * groups-with-scim, "Users"), `externalId`, `active` (booleans, or "True"/"False" as Microsoft
 * Entra sends them), the photo, Notion's role extension. Attribute names match whatever their case.
 */
import type { WorkspaceRole } from "../../storage/types.js";
import { scimErrors } from "./errors.js";
import { NOTION_USER } from "./schemas.js";

type Json = Record<string, unknown>;

/** The roles SCIM may give (Notion's extension: "owner" | "membership_admin" | "member"; guests are not managed over SCIM). */
export const SCIM_ROLES = ["owner", "membership_admin", "member"] as const;

/** What a User body says. `null`: not given. */
export interface UserInput {
  email: string;
  name: string | null;
  givenName: string | null;
  familyName: string | null;
  externalId: string | null;
  active: boolean | null;
  role: WorkspaceRole | null;
  photo: string | null;
}

const MAX = { email: 320, name: 200, externalId: 256, url: 2000 };
// A pragmatic address check: something@something.something, no spaces or angle brackets.
const EMAIL = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;

const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/** `obj[name]` whatever the key's case. */
export function field(obj: Json, name: string): unknown {
  const lower = name.toLowerCase();
  const key = Object.keys(obj).find((k) => k.toLowerCase() === lower);
  return key === undefined ? undefined : obj[key];
}

function text(v: unknown, path: string, max: number): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v !== "string") throw scimErrors.invalidValue(`${path} should be a string, instead was ${JSON.stringify(v)}.`);
  const t = v.trim();
  if (t.length > max) throw scimErrors.invalidValue(`${path} should be at most ${max} characters.`);
  return t === "" ? null : t;
}

function bool(v: unknown, path: string): boolean | null {
  if (v === undefined || v === null) return null;
  if (typeof v === "boolean") return v;
  if (typeof v === "string" && /^(true|false)$/i.test(v)) return v.toLowerCase() === "true";
  throw scimErrors.invalidValue(`${path} should be a boolean, instead was ${JSON.stringify(v)}.`);
}

/**
 * Reads a User body. `before`: the User as it was (PATCH), so a changed given or family name
 * renames the person even though the unchanged `name.formatted` is still there.
 */
export function readUserInput(body: unknown, before: Json | null): UserInput {
  if (!isObject(body)) throw scimErrors.invalidSyntax("A User is a JSON object.");
  const email = text(field(body, "userName"), "userName", MAX.email);
  if (!email) throw scimErrors.invalidValue("userName is required: the person's email.");
  if (!EMAIL.test(email)) throw scimErrors.invalidValue(`userName should be an email address, instead was ${JSON.stringify(email)}.`);
  const nameObj = field(body, "name") ?? {};
  if (!isObject(nameObj)) throw scimErrors.invalidValue("name should be an object (formatted, givenName, familyName).");
  const givenName = text(field(nameObj, "givenName"), "name.givenName", MAX.name);
  const familyName = text(field(nameObj, "familyName"), "name.familyName", MAX.name);
  let formatted = text(field(nameObj, "formatted"), "name.formatted", MAX.name);
  const display = text(field(body, "displayName"), "displayName", MAX.name);
  const joined = [givenName, familyName].filter(Boolean).join(" ") || null;
  if (before) {
    const old = isObject(before.name) ? before.name : {};
    const partsChanged = givenName !== (old.givenName ?? null) || familyName !== (old.familyName ?? null);
    if (formatted === (old.formatted || null) && partsChanged && joined) formatted = joined;
    else if (formatted === (old.formatted || null) && display !== (before.displayName || null) && display) formatted = display;
  }
  const active = bool(field(body, "active"), "active");
  return { email, name: formatted ?? joined ?? display, givenName, familyName, externalId: text(field(body, "externalId"), "externalId", MAX.externalId), active, role: roleOf(body), photo: photoOf(body) };
}

function roleOf(body: Json): WorkspaceRole | null {
  const ext = field(body, NOTION_USER);
  if (ext === undefined || ext === null) return null;
  if (!isObject(ext)) throw scimErrors.invalidValue(`${NOTION_USER} should be an object with \`role\`.`);
  const role = field(ext, "role");
  if (role === undefined || role === null || role === "") return null;
  if (typeof role !== "string" || !(SCIM_ROLES as readonly string[]).includes(role))
    throw scimErrors.invalidValue(`${NOTION_USER}:role should be one of ${SCIM_ROLES.map((r) => `"${r}"`).join(", ")}, instead was ${JSON.stringify(role)}.`);
  return role as WorkspaceRole;
}

function photoOf(body: Json): string | null {
  const photos = field(body, "photos");
  if (photos === undefined || photos === null) return null;
  if (!Array.isArray(photos)) throw scimErrors.invalidValue("photos should be a list of {value, type, primary}.");
  const chosen = photos.find((p) => isObject(p) && p.primary === true) ?? photos[0];
  if (chosen === undefined) return null;
  if (!isObject(chosen)) throw scimErrors.invalidValue("photos should be a list of {value, type, primary}.");
  const url = text(field(chosen, "value"), "photos.value", MAX.url);
  if (url !== null && !/^https?:\/\//i.test(url)) throw scimErrors.invalidValue(`photos.value should be an http(s) URL, instead was ${JSON.stringify(url)}.`);
  return url;
}
