/**
 * PATCH (RFC 7644 §3.5.2) applied to a resource as a GET presents it: each operation (`add`,
 * `remove`, `replace`, any case) changes a copy of that JSON, by a path (`attr`, `attr.sub`,
 * `urn:…:attr`, `attr[filter]`, `attr[filter].sub`) or, without one, by the attributes of its
 * `value`. The verb then saves the result as a PUT would (src/domain/scim/users.ts, groups.ts),
 * so PATCH and PUT share every rule. Attribute names match whatever their case.
 */
import { parse, type Filter } from "scim2-parse-filter";
import { scimErrors } from "./errors.js";
import { matches } from "./filter.js";
import { SCIM_LIMITS } from "./limits.js";
import { attributeOf, PATCH_OP, type ResourceKind } from "./schemas.js";

type Json = Record<string, unknown>;
type Op = "add" | "remove" | "replace";

/** A parsed PATCH path. */
interface Path {
  /** The extension schema URN it is under; null for the resource's core schema. */
  urn: string | null;
  attr: string;
  filter: Filter | null;
  sub: string | null;
}

const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const READ_ONLY = new Set(["id", "meta", "schemas"]);

/** The operations of a PATCH body, checked (RFC 7644 §3.5.2: `schemas` the PatchOp URN, `Operations` a non-empty list). */
export function patchOperations(body: unknown): { op: Op; path: string | undefined; value: unknown }[] {
  if (!isObject(body)) throw scimErrors.invalidSyntax("A PATCH body is a JSON object with `schemas` and `Operations`.");
  const schemas = body.schemas;
  if (schemas !== undefined && !(Array.isArray(schemas) && schemas.includes(PATCH_OP))) throw scimErrors.invalidSyntax(`\`schemas\` should be ["${PATCH_OP}"].`);
  const key = Object.keys(body).find((k) => k.toLowerCase() === "operations");
  const ops = key ? body[key] : undefined;
  if (!Array.isArray(ops) || ops.length === 0) throw scimErrors.invalidSyntax("`Operations` should be a non-empty list of operations.");
  if (ops.length > SCIM_LIMITS.MAX_PATCH_OPERATIONS) throw scimErrors.invalidSyntax(`At most ${SCIM_LIMITS.MAX_PATCH_OPERATIONS} operations per PATCH request.`);
  return ops.map((o, i) => {
    if (!isObject(o)) throw scimErrors.invalidSyntax(`Operations[${i}] should be an object.`);
    const op = typeof o.op === "string" ? o.op.toLowerCase() : "";
    if (op !== "add" && op !== "remove" && op !== "replace") throw scimErrors.invalidSyntax(`Operations[${i}].op should be "add", "remove" or "replace", instead was ${JSON.stringify(o.op ?? null)}.`);
    if (o.path !== undefined && typeof o.path !== "string") throw scimErrors.invalidPath(`Operations[${i}].path should be a string.`);
    if (op !== "remove" && o.value === undefined) throw scimErrors.invalidSyntax(`Operations[${i}] (${op}) needs a \`value\`.`);
    return { op, path: o.path as string | undefined, value: o.value };
  });
}

/** `resource` with every operation of `body` applied (a new object; `resource` is not changed). */
export function applyPatch(resource: Json, body: unknown, kind: ResourceKind, coreUrn: string): Json {
  const out = structuredClone(resource);
  for (const { op, path, value } of patchOperations(body)) {
    if (path !== undefined) applyAt(out, parsePath(path, coreUrn), op, value, kind);
    else if (op === "remove") throw scimErrors.noTarget("A `remove` operation needs a `path`.");
    else if (!isObject(value)) throw scimErrors.invalidValue(`A \`${op}\` without a \`path\` takes an object of attributes as its \`value\`.`);
    else for (const [k, v] of Object.entries(value)) applyEntry(out, k, v, op, kind, coreUrn);
  }
  return out;
}

/** One attribute of a path-less operation's value (an extension's URN key carries an object of its attributes). */
function applyEntry(out: Json, key: string, value: unknown, op: Op, kind: ResourceKind, coreUrn: string) {
  if (key.toLowerCase() === coreUrn.toLowerCase() && isObject(value)) {
    for (const [k, v] of Object.entries(value)) applyEntry(out, k, v, op, kind, coreUrn);
  } else if (key.toLowerCase().startsWith("urn:") && isObject(value) && !key.slice(4).includes(".")) {
    for (const [k, v] of Object.entries(value)) applyAt(out, { urn: key, attr: k, filter: null, sub: null }, op, v, kind);
  } else applyAt(out, parsePath(key, coreUrn), op, value, kind);
}

/** Parses a PATCH path, or 400 `invalidPath`. */
export function parsePath(text: string, coreUrn: string): Path {
  let urn: string | null = null;
  let rest = text;
  if (text.toLowerCase().startsWith("urn:")) {
    const bracket = text.indexOf("[");
    const head = bracket === -1 ? text : text.slice(0, bracket);
    const i = head.lastIndexOf(":");
    urn = text.slice(0, i);
    rest = text.slice(i + 1);
    if (urn.toLowerCase() === coreUrn.toLowerCase()) urn = null;
  }
  const m = /^([A-Za-z$][\w$-]*)(?:\[(.+)\])?(?:\.([A-Za-z$][\w$-]*))?$/s.exec(rest);
  if (!m) throw scimErrors.invalidPath(`The path ${JSON.stringify(text)} is not a SCIM attribute path (RFC 7644 §3.5.2).`);
  let filter: Filter | null = null;
  if (m[2] !== undefined) {
    try {
      filter = parse(m[2]);
    } catch (e) {
      throw scimErrors.invalidPath(`The filter in the path ${JSON.stringify(text)} is not valid: ${(e as Error).message}.`);
    }
  }
  return { urn, attr: m[1], filter, sub: m[3] ?? null };
}

/** The key of `obj` named `name` whatever its case, or the attribute's canonical name when absent. */
function keyIn(obj: Json, name: string, kind: ResourceKind, parent = ""): string {
  const lower = name.toLowerCase();
  return Object.keys(obj).find((k) => k.toLowerCase() === lower) ?? attributeOf(kind, parent ? `${parent}.${name}` : name)?.name ?? name;
}

function applyAt(out: Json, path: Path, op: Op, value: unknown, kind: ResourceKind) {
  if (!path.urn && READ_ONLY.has(path.attr.toLowerCase())) throw scimErrors.mutability(`\`${path.attr}\` is read-only.`);
  let container = out;
  if (path.urn) {
    const urnKey = keyIn(out, path.urn, kind);
    if (!isObject(out[urnKey])) out[urnKey] = {};
    container = out[urnKey] as Json;
  }
  const key = keyIn(container, path.attr, kind);
  if (path.filter) return applyFiltered(container, key, path, op, value, kind);
  if (path.sub) return applySub(container, key, path.sub, op, value, kind);
  if (op === "remove" && value !== undefined && Array.isArray(container[key])) removeValues(container, key, value);
  else if (op === "remove") delete container[key];
  else if (op === "add" && Array.isArray(container[key])) {
    const list = container[key] as unknown[];
    for (const v of Array.isArray(value) ? value : [value]) if (!list.some((x) => JSON.stringify(x) === JSON.stringify(v))) list.push(v);
  } else if (isObject(container[key]) && isObject(value)) container[key] = { ...(container[key] as Json), ...value };
  else container[key] = value;
}

/**
 * `remove` of a multi-valued attribute with a `value`: only the values given go (matched by their
 * `value` sub-attribute, else whole) — what Microsoft Entra sends to take members out of a group
 * (`{op: "Remove", path: "members", value: [{value: id}]}`), where RFC 7644 would use a filter.
 */
function removeValues(container: Json, key: string, value: unknown) {
  const gone = (Array.isArray(value) ? value : [value]).map((v) => JSON.stringify(isObject(v) && "value" in v ? v.value : v));
  container[key] = (container[key] as unknown[]).filter((v) => !gone.includes(JSON.stringify(isObject(v) && "value" in v ? v.value : v)));
}

/** `attr.sub`: on a complex attribute, or on every value of a multi-valued one. */
function applySub(container: Json, key: string, sub: string, op: Op, value: unknown, kind: ResourceKind) {
  const current = container[key];
  const targets = Array.isArray(current) ? current.filter(isObject) : isObject(current) ? [current] : [];
  if (targets.length === 0) {
    if (op === "remove") return;
    container[key] = {};
    targets.push(container[key] as Json);
  }
  for (const t of targets) {
    const k = keyIn(t, sub, kind, key);
    if (op === "remove") delete t[k];
    else t[k] = value;
  }
}

/** `attr[filter]` and `attr[filter].sub`: the values of a multi-valued attribute the filter selects (none: 400 `noTarget`). */
function applyFiltered(container: Json, key: string, path: Path, op: Op, value: unknown, kind: ResourceKind) {
  const list = Array.isArray(container[key]) ? (container[key] as unknown[]) : [];
  const selected = list.filter((v) => isObject(v) && matches(v, path.filter!, kind, key));
  if (selected.length === 0) throw scimErrors.noTarget(`No value of \`${key}\` matches the path's filter.`);
  if (!path.sub) {
    if (op === "remove") container[key] = list.filter((v) => !selected.includes(v));
    else if (!isObject(value)) throw scimErrors.invalidValue(`Replacing values of \`${key}\` takes an object as \`value\`.`);
    else container[key] = list.map((v) => (selected.includes(v) ? { ...(v as Json), ...value } : v));
    return;
  }
  for (const v of selected as Json[]) {
    const k = keyIn(v, path.sub, kind, key);
    if (op === "remove") delete v[k];
    else v[k] = value;
  }
}
