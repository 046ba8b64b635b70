/**
 * Property references in stored formulas. Notion keeps a formula's references by property id
 * (the `{{notion:block_property:<id>:…}}` form), so renaming a property keeps every formula that
 * reads it working. Quire stores expressions the same way — each `prop("Name")` of the data
 * source itself becomes `{{notion:block_property:<id>}}` — and answers them in Notion's full
 * token form (`presentReferences`); `showReferences` gives the current names back for error
 * messages. `x.prop("Name")` reads a related page's property (another schema) and is left as written.
 */
import { tokenize, type Token } from "./lexer.js";
import { decodeOrKeep } from "../lib/uri.js";

export interface NamedProperty {
  id: string;
  name: string;
}

/** Tokens, or null when the expression does not tokenize (it is then kept as written). */
function tokens(expression: string): Token[] | null {
  try {
    return tokenize(expression);
  } catch {
    return null;
  }
}

/** Replaces spans of `src` (sorted, disjoint) with texts. */
function splice(src: string, edits: { start: number; end: number; text: string }[]): string {
  let out = "";
  let at = 0;
  for (const e of edits) {
    out += src.slice(at, e.start) + e.text;
    at = e.end;
  }
  return out + src.slice(at);
}

/** `prop("Name")` of a property in `schema` → its id form; everything else unchanged. */
export function storeReferences(expression: string, schema: readonly NamedProperty[]): string {
  const ts = tokens(expression);
  if (!ts) return expression;
  const edits: { start: number; end: number; text: string }[] = [];
  for (let i = 0; i + 3 < ts.length; i++) {
    const [p, open, name, close] = [ts[i], ts[i + 1], ts[i + 2], ts[i + 3]];
    if (p.kind !== "ident" || p.text !== "prop" || open.text !== "(" || open.kind !== "op" || name.kind !== "string" || close.kind !== "op" || close.text !== ")") continue;
    if (i > 0 && ts[i - 1].kind === "op" && ts[i - 1].text === ".") continue;
    const target = schema.find((s) => s.name === name.text);
    if (!target) continue;
    edits.push({ start: p.span.start, end: close.span.end, text: `{{notion:block_property:${encodeURIComponent(decodeOrKeep(target.id))}}}` });
    i += 3;
  }
  return splice(expression, edits);
}

/**
 * Stored references → the form Notion answers in every version that has formulas:
 * `{{notion:block_property:<URL-encoded property id>:<data source id>:<workspace id>}}` (recorded
 * 2025-09-03 and 2026-03-11 traffic, ultimate-notion tests/cassettes mod_all_props_db #0,
 * test_add_del_update_prop #19); under 2022-06-28 too, naming the database's one data source
 * (older payloads carried zeros there; unrecorded for that version). A reference kept by name (`prop("Name")`, stored before
 * references were ids, naming no property of `schema`) and `x.prop("Name")` (a related page's
 * property) are shown as stored.
 */
export function presentReferences(expression: string, schema: readonly NamedProperty[], owner: { dataSourceId: string; workspaceId: string }): string {
  const stored = storeReferences(expression, schema);
  if (!stored.includes("{{")) return stored;
  const ts = tokens(stored);
  if (!ts) return stored;
  const edits = ts
    .filter((t) => t.kind === "propref")
    .map((t) => ({ start: t.span.start, end: t.span.end, text: `{{notion:block_property:${t.text}:${owner.dataSourceId}:${owner.workspaceId}}}` }));
  return splice(stored, edits);
}

/** The id form of a property in `schema` → `prop("<current name>")`; everything else unchanged. */
export function showReferences(expression: string, schema: readonly NamedProperty[]): string {
  if (!expression.includes("{{")) return expression;
  const ts = tokens(expression);
  if (!ts) return expression;
  const edits: { start: number; end: number; text: string }[] = [];
  for (const t of ts) {
    if (t.kind !== "propref") continue;
    const key = decodeOrKeep(t.text);
    const target = schema.find((s) => decodeOrKeep(s.id) === key);
    if (target) edits.push({ start: t.span.start, end: t.span.end, text: `prop(${JSON.stringify(target.name)})` });
  }
  return splice(expression, edits);
}
