/**
 * A seed file (docs/seed.schema.json; docs/design/seed-files.md) validated into the seed's plan:
 * the file's structure checked here, and each page, database and row body checked by the very
 * parsers of POST /v1/pages and POST /v1/databases, so a seed takes what the API takes. Every
 * failure names its path inside the file: `workspaces[0].pages[3].children[0].type should be …`.
 */
import { array, boolean, fail, Invalid, isObject, nullable, object, oneOf, optional, string, type V } from "../api/validate.js";
import { ApiError } from "../api/errors.js";
import { normalizeId } from "../api/ids.js";
import type { Capability } from "../api/capabilities.js";
import { CONTENT_CAPABILITIES, USER_CAPABILITIES } from "../domain/admin/integrations.js";
import { passwordProblem } from "../domain/signin/passwords.js";
import { SeedError } from "../domain/toolkit/seed.js";
import type { BlockIdPlan, CommentPlan, DatabasePlan, DiscussionPlan, GroupPlan, IntegrationPlan, PagePlan, PermissionPlan, PersonPlan, SeedPlan, TemplatePlan, ViewPlan, WorkspacePlan } from "../domain/toolkit/seed-plan.js";
import { richText } from "../domain/rich-text.js";
import { BLOCK_SPECS } from "../domain/blocks/types.js";
import { PERMISSION_LEVELS } from "../storage/permissions.js";
import { createPageInput } from "./pages.schema.js";
import { createDatabaseInput } from "./databases.schema.js";
import { createViewInput } from "./views.schema.js";
import { role } from "./admin-members.js";
import { timeZone } from "./admin-workspaces.js";

type Json = Record<string, unknown>;

/** The format's version: a seed file says `version: 1`. */
export const SEED_VERSION = 1;
/** The API version seed bodies are read in (its block, property and rich-text shapes). */
const SEED_API_VERSION = "2025-09-03" as const;
/** Stands for a parent until the loader resolves the file's reference. */
const PLACEHOLDER = "00000000-0000-4000-8000-000000000000";

const KEY = /^[A-Za-z0-9_.:-]{1,100}$/;
const key = string({ check: { test: (s) => KEY.test(s), expectation: "should be a key of letters, digits, `_`, `.`, `:` or `-`" } });
const ref = string({ minLength: 1, maxLength: 100 });
const email = string({ maxLength: 200, check: { test: (s) => /^[^\s@]+@[^\s@]+$/.test(s), expectation: "should be an email address" } });
const name = string({ minLength: 1, maxLength: 200 });
const capabilities = array(oneOf([...CONTENT_CAPABILITIES, ...USER_CAPABILITIES] as Capability[]), { maxLength: 20 });
const password: V<string> = (value, path) => {
  if (typeof value !== "string") fail(path, "should be a string", value);
  const problem = passwordProblem(value, path);
  if (problem) throw new Invalid([problem]);
  return value;
};

/** Validates a parsed seed file (JSON or YAML) into the plan; throws SeedError naming the path. */
export function parseSeedFile(value: unknown): SeedPlan {
  try {
    if (!isObject(value)) fail("(the file)", "should be an object", value);
    onlyKnown(value, ["version", "workspaces"], "(the file)");
    if (value.version !== undefined && value.version !== SEED_VERSION) fail("version", `should be \`${SEED_VERSION}\``, value.version);
    if (!Array.isArray(value.workspaces) || value.workspaces.length === 0) fail("workspaces", "should be a non-empty array", value.workspaces);
    const plan = { workspaces: value.workspaces.map((w, i) => workspace(w, `workspaces[${i}]`)) };
    uniqueIds(plan);
    return plan;
  } catch (e) {
    if (e instanceof Invalid) throw new SeedError(e.lines.join("\n"));
    if (e instanceof ApiError) throw new SeedError(e.message.replace(/^body failed validation: /, ""));
    throw e;
  }
}

const list = (value: unknown, path: string): unknown[] => {
  if (value === undefined) return [];
  if (!Array.isArray(value)) fail(path, "should be an array", value);
  return value;
};

/** A seed is checked strictly: a key the format does not have is a mistake (a typo), not ignored. */
function onlyKnown(value: Json, keys: readonly string[], path: string): void {
  for (const k of Object.keys(value)) if (!keys.includes(k)) throw new Invalid([`${path}.${k} is not a key of this item (expected one of ${keys.join(", ")}).`]);
}

function id(value: unknown, path: string): string | undefined {
  if (value === undefined) return undefined;
  const n = normalizeId(value);
  if (n === null) fail(path, "should be a valid uuid", value);
  return n;
}

function workspace(value: unknown, path: string): WorkspacePlan {
  if (!isObject(value)) fail(path, "should be an object", value);
  onlyKnown(value, ["id", "name", "time_zone", "people", "groups", "integrations", "pages", "databases"], path);
  const head = object({ name, time_zone: optional(timeZone) })(value, path);
  return {
    path,
    id: id(value.id, `${path}.id`),
    ...head,
    people: list(value.people, `${path}.people`).map((p, i) => person(p, `${path}.people[${i}]`)),
    groups: list(value.groups, `${path}.groups`).map((g, i) => group(g, `${path}.groups[${i}]`)),
    integrations: list(value.integrations, `${path}.integrations`).map((g, i) => integration(g, `${path}.integrations[${i}]`)),
    pages: list(value.pages, `${path}.pages`).map((p, i) => page(p, `${path}.pages[${i}]`)),
    databases: list(value.databases, `${path}.databases`).map((d, i) => database(d, `${path}.databases[${i}]`)),
  };
}

function person(value: unknown, path: string): PersonPlan {
  if (!isObject(value)) fail(path, "should be an object", value);
  onlyKnown(value, ["id", "key", "email", "name", "role", "password"], path);
  const p = object({ key: optional(key), email, name, role: optional(role), password: optional(password) })(value, path);
  return { path, id: id(value.id, `${path}.id`), ...p, role: p.role ?? "member" };
}

function group(value: unknown, path: string): GroupPlan {
  if (!isObject(value)) fail(path, "should be an object", value);
  onlyKnown(value, ["id", "key", "name", "external_id", "members"], path);
  const g = object({ key: optional(key), name, external_id: optional(string({ minLength: 1, maxLength: 200 })), members: optional(array(ref)) })(value, path);
  return { path, id: id(value.id, `${path}.id`), ...g, members: g.members ?? [] };
}

/** `permissions: [{ user: ref, level } | { group: ref, level } | { workspace: true, level }]`. */
function permissions(value: unknown, path: string): PermissionPlan[] {
  return list(value, path).map((v, i) => {
    const at = `${path}[${i}]`;
    if (!isObject(v)) fail(at, "should be an object", v);
    onlyKnown(v, ["user", "group", "workspace", "level"], at);
    const level = oneOf(PERMISSION_LEVELS)(v.level, `${at}.level`);
    const given = ["user", "group", "workspace"].filter((k) => v[k] !== undefined);
    if (given.length !== 1) fail(at, "should name exactly one of `user`, `group`, `workspace`", v);
    if (v.workspace !== undefined) {
      if (v.workspace !== true) fail(`${at}.workspace`, "should be `true`", v.workspace);
      return { path: at, principal: { type: "workspace" as const }, level };
    }
    const type = given[0] as "user" | "group";
    return { path: at, principal: { type, ref: ref(v[type], `${at}.${type}`) }, level };
  });
}

function integration(value: unknown, path: string): IntegrationPlan {
  if (!isObject(value)) fail(path, "should be an object", value);
  onlyKnown(value, ["id", "key", "name", "capabilities", "token", "shares"], path);
  const g = object({ key: optional(key), name, capabilities: optional(capabilities), token: optional(string({ minLength: 8, maxLength: 200 })), shares: optional(array(ref)) })(value, path);
  return { path, id: id(value.id, `${path}.id`), ...g, shares: g.shares ?? [] };
}

/** Rich text given as a plain string, or as the API's rich-text array. */
const richTextOf = (value: unknown) => (typeof value === "string" ? [{ type: "text", text: { content: value } }] : value);

/** A page (`row`: a data source row, whose `properties` are the API's property values; `template`: a row that is one of its templates). */
function page(value: unknown, path: string, kind: "page" | "row" | "template" = "page"): PagePlan {
  if (!isObject(value)) fail(path, "should be an object", value);
  const row = kind !== "page";
  const content = ["id", "key", "icon", "cover", "children", "markdown", "markdown_version", "discussions", "permissions"];
  onlyKnown(value, kind === "template" ? [...content, "properties", "is_default"] : row ? [...content, "properties"] : [...content, "parent", "title", "section", "private_to"], path);
  const head = object({ key: optional(key), parent: optional(ref), section: optional(oneOf(["workspace", "private"])), private_to: optional(ref) })(value, path);
  if (row && value.parent !== undefined) fail(`${path}.parent`, "should be not present (a row's parent is its database)", value.parent);
  if (head.parent !== undefined && head.section !== undefined) fail(`${path}.section`, "should be not present on a page with a parent (sections are the top level's)", head.section);
  if (head.private_to !== undefined && head.section !== "private") fail(`${path}.private_to`, "should be not present unless `section` is `private`", head.private_to);
  const body: Json = { parent: { page_id: PLACEHOLDER } };
  for (const k of ["icon", "cover", "children", "markdown", "markdown_version"]) if (value[k] !== undefined) body[k] = value[k];
  if (row) body.properties = value.properties ?? {};
  else {
    if (value.properties !== undefined) fail(`${path}.properties`, "should be not present on a page outside a database (give `title`)", value.properties);
    body.properties = { title: { title: richTextOf(value.title ?? []) } };
  }
  const input = createPageInput(SEED_API_VERSION)(body, path);
  const blockIds = input.children.length ? blockIdsOf(value.children, `${path}.children`) : [];
  return {
    path,
    id: id(value.id, `${path}.id`),
    key: head.key,
    parent: head.parent ?? null,
    section: head.section ?? "workspace",
    privateTo: head.private_to,
    input,
    blockIds,
    discussions: discussions(value.discussions, `${path}.discussions`, blockIds),
    permissions: permissions(value.permissions, `${path}.permissions`),
  };
}

/**
 * The blocks' `id`s, depth first — the order in which the page's blocks are made (nodes.ts,
 * `materialize`); children are where the block parser finds them (inside the payload or beside it).
 */
function blockIdsOf(value: unknown, path: string, out: BlockIdPlan[] = []): BlockIdPlan[] {
  if (!Array.isArray(value)) return out;
  value.forEach((b: Json, i) => {
    const at = `${path}[${i}]`;
    out.push({ path: `${at}.id`, id: id(b.id, `${at}.id`) });
    const type = typeof b.type === "string" ? b.type : Object.keys(b).find((k) => k !== "children" && Object.hasOwn(BLOCK_SPECS, k));
    const payload = type ? b[type] : undefined;
    if (isObject(payload) && Array.isArray(payload.children)) blockIdsOf(payload.children, `${at}.${type}.children`, out);
    else blockIdsOf(b.children, `${at}.children`, out);
  });
  return out;
}

/** `discussions: [{ id, block, resolved, comments: [{ id, author, rich_text, display_name }] }]`. */
function discussions(value: unknown, path: string, blockIds: BlockIdPlan[]): DiscussionPlan[] {
  return list(value, path).map((v, i) => {
    const at = `${path}[${i}]`;
    if (!isObject(v)) fail(at, "should be an object", v);
    onlyKnown(v, ["id", "block", "resolved", "comments"], at);
    const block = id(v.block, `${at}.block`);
    if (block !== undefined && !blockIds.some((b) => b.id === block)) fail(`${at}.block`, "should be the `id` of a block of this page (give the block that `id`)", v.block);
    const comments = list(v.comments, `${at}.comments`).map((c, k) => comment(c, `${at}.comments[${k}]`));
    if (!comments.length) fail(`${at}.comments`, "should be a non-empty array (the first comment, then the replies)", v.comments);
    return { path: at, id: id(v.id, `${at}.id`), block, resolved: optional(boolean())(v.resolved, `${at}.resolved`) ?? false, comments };
  });
}

const displayName = object({ type: oneOf(["user", "integration", "custom"] as const), resolved_name: nullable(string({ maxLength: 200 })) });

function comment(value: unknown, path: string): CommentPlan {
  if (!isObject(value)) fail(path, "should be an object", value);
  onlyKnown(value, ["id", "author", "rich_text", "display_name"], path);
  const c = object({ author: optional(ref), display_name: optional(displayName) })(value, path);
  const text = richText()(richTextOf(value.rich_text ?? []), `${path}.rich_text`);
  if (!text.length) fail(`${path}.rich_text`, "should be a non-empty string or rich text array", value.rich_text);
  return { path, id: id(value.id, `${path}.id`), ...(c.author !== undefined ? { author: c.author } : {}), rich_text: text, ...(c.display_name ? { display_name: c.display_name } : {}) };
}

function database(value: unknown, path: string): DatabasePlan {
  if (!isObject(value)) fail(path, "should be an object", value);
  onlyKnown(value, ["id", "data_source_id", "key", "parent", "title", "description", "is_inline", "icon", "cover", "properties", "rows", "templates", "views", "permissions"], path);
  const head = object({ key: optional(key), parent: ref })(value, path);
  const body: Json = { parent: { page_id: PLACEHOLDER }, title: richTextOf(value.title ?? []), initial_data_source: { properties: value.properties ?? {} } };
  for (const k of ["icon", "cover", "is_inline", "description"]) if (value[k] !== undefined) body[k] = k === "description" ? richTextOf(value[k]) : value[k];
  const input = createDatabaseInput(SEED_API_VERSION)(body, path);
  return {
    path,
    id: id(value.id, `${path}.id`),
    data_source_id: id(value.data_source_id, `${path}.data_source_id`),
    key: head.key,
    parent: head.parent,
    input,
    rows: list(value.rows, `${path}.rows`).map((r, i) => page(r, `${path}.rows[${i}]`, "row")),
    templates: templates(value.templates, `${path}.templates`),
    ...(value.views !== undefined ? { views: views(value.views, `${path}.views`) } : {}),
    permissions: permissions(value.permissions, `${path}.permissions`),
  };
}

/** `templates: [{ id, key, properties, children, …, is_default }]`: pages like rows; at most one the default. */
function templates(value: unknown, path: string): TemplatePlan[] {
  const out = list(value, path).map((t, i) => {
    const at = `${path}[${i}]`;
    const isDefault = optional(boolean())(isObject(t) ? t.is_default : undefined, `${at}.is_default`) ?? false;
    return { ...page(t, at, "template"), isDefault };
  });
  const defaults = out.filter((t) => t.isDefault);
  if (defaults.length > 1) fail(`${defaults[1].path}.is_default`, `should be not \`true\` when ${defaults[0].path} is the default already (a data source has one default template)`, true);
  return out;
}

/**
 * `views: [{ id, name, type, filter, sorts, quick_filters, configuration }]`: the database's tab
 * views, checked by POST /v1/views's own schema (their filters, sorts and properties against the
 * data source when they are made). A dashboard is not part of the format (its widgets are views
 * of their own, placed by id).
 */
function views(value: unknown, path: string): ViewPlan[] {
  if (!Array.isArray(value) || value.length === 0) fail(path, "should be a non-empty array (leave it out for the default table view)", value);
  return value.map((v, i) => {
    const at = `${path}[${i}]`;
    if (!isObject(v)) fail(at, "should be an object", v);
    onlyKnown(v, ["id", "name", "type", "filter", "sorts", "quick_filters", "configuration"], at);
    if (v.type === "dashboard") fail(`${at}.type`, "should be a view type other than `dashboard` (dashboards are not part of seed files)", v.type);
    const { id: _id, ...body } = v;
    const { data_source_id: _ds, target: _target, ...input } = createViewInput({ ...body, data_source_id: PLACEHOLDER, database_id: PLACEHOLDER }, at);
    return { path: at, id: id(v.id, `${at}.id`), input };
  });
}

/** Explicit ids and keys are unique across the file. */
function uniqueIds(plan: SeedPlan): void {
  const seen = new Map<string, string>();
  const claim = (v: string | undefined, path: string) => {
    if (v === undefined) return;
    const first = seen.get(v);
    if (first) throw new Invalid([`${path} \`${v}\` is already used at ${first}; ids and keys are unique in a seed file.`]);
    seen.set(v, path);
  };
  for (const w of plan.workspaces) {
    claim(w.id, `${w.path}.id`);
    const items = [...w.people, ...w.groups, ...w.integrations, ...w.pages, ...w.databases, ...w.databases.flatMap((d) => [...d.rows, ...d.templates])];
    for (const item of items) {
      claim(item.id, `${item.path}.id`);
      claim(item.key, `${item.path}.key`);
    }
    for (const d of w.databases) claim(d.data_source_id, `${d.path}.data_source_id`);
    for (const v of w.databases.flatMap((d) => d.views ?? [])) claim(v.id, `${v.path}.id`);
    for (const p of [...w.pages, ...w.databases.flatMap((d) => [...d.rows, ...d.templates])]) {
      for (const b of p.blockIds) claim(b.id, b.path);
      for (const d of p.discussions) {
        claim(d.id, `${d.path}.id`);
        for (const c of d.comments) claim(c.id, `${c.path}.id`);
      }
    }
  }
}
