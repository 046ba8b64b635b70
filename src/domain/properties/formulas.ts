/**
 * Formula properties: expressions checked against the schema when it is written, and evaluated
 * per page when read (and so in queries, rollups and the property-item endpoint).
 * The engine is src/formula; this file feeds it page values.
 */
import type { NodeRow } from "../../storage/types.js";
import { errors } from "../../api/errors.js";
import { compileFormula, evaluateFormula, fromPropertyValue, isBudgetError, printFormula, showReferences, storeReferences, toApiValue, FormulaError, type CompileResult, type FormulaValue, type PageAccessor, type SchemaProperty } from "../../formula/index.js";
import type { PropertySchema } from "./schema.js";
import { loadPeopleOf, memoOf, referenceLimit, schemaOf, textOf, visibleRelated, type ReadEnv, type RollupSource } from "./read-env.js";
import { plainText } from "../rich-text.js";
import { decodeOrKeep } from "../../lib/uri.js";

type Json = Record<string, unknown>;
/** Formulas in formulas, relations to pages with formulas: deeper than this reads as empty. */
const MAX_DEPTH = 3;

const compiled = new Map<string, CompileResult>();

function engineSchema(schema: PropertySchema[]): SchemaProperty[] {
  return schema.map((p) => ({ id: p.id, name: p.name, type: p.type, ...(p.type === "formula" ? { expression: p.config.expression as string } : {}) }));
}

/** Compiles (once per expression and schema shape) a formula property. */
export function compileProperty(p: PropertySchema, schema: PropertySchema[]): CompileResult {
  const shape = schema.map((s) => `${s.id}\u0000${s.name}\u0000${s.type}\u0000${s.type === "formula" ? s.config.expression : ""}`).join("\u0001");
  const key = `${p.id}\u0002${p.config.expression}\u0002${shape}`;
  let result = compiled.get(key);
  if (!result) {
    result = compileFormula(String(p.config.expression ?? ""), engineSchema(schema), { selfId: p.id });
    if (compiled.size > 2000) compiled.clear();
    compiled.set(key, result);
  }
  return result;
}

/**
 * Refuses formulas that do not parse or type-check, naming the place and problem. Only the
 * formulas this request writes (`written`; all when omitted) are checked: Notion does not check a
 * formula again when the properties it reads change — deleting or retyping one succeeds and the
 * formula keeps its reference (recorded 2026-03-11 traffic, ultimate-notion tests/cassettes
 * test_db_advanced #16–#21); such a formula then reads as empty. Each is checked as shown
 * (references by name), so messages name properties and their positions match the expression
 * the caller wrote; `gone` (properties this change removes) names what is missing.
 */
export function checkFormulas(schema: PropertySchema[], gone: PropertySchema[] = [], written?: ReadonlySet<string>): void {
  const names = [...schema, ...gone.filter((g) => !schema.some((p) => p.name === g.name))];
  for (const p of schema) {
    if (p.type !== "formula" || (written && !written.has(p.id))) continue;
    const shown = typeof p.config.expression === "string" ? showReferences(p.config.expression, names) : p.config.expression;
    const r = compileProperty({ ...p, config: { ...p.config, expression: shown } }, schema);
    if (!r.ok) throw errors.validation(`Formula ${p.name} is invalid: ${r.error.message}`);
  }
}

/**
 * The schema with its formulas' `prop("Name")` references (to properties of `names`) stored by
 * id, so renaming a property keeps the formulas that read it working (src/formula/references.ts).
 * The formulas this request writes (`written`) are stored re-printed in Notion's layout, as Notion
 * answers API-written expressions (src/formula/print.ts); the others keep their text.
 */
export function storeFormulaReferences(schema: PropertySchema[], names: PropertySchema[] = schema, written: ReadonlySet<string> = new Set()): PropertySchema[] {
  return schema.map((p) => {
    if (p.type !== "formula" || typeof p.config.expression !== "string") return p;
    const stored = storeReferences(p.config.expression, names);
    const expression = written.has(p.id) ? printFormula(stored) : stored;
    return expression === p.config.expression ? p : { ...p, config: { ...p.config, expression } };
  });
}

/** The API value of a formula property for a page: `{type, string|number|boolean|date}`. */
export async function formulaValue(
  p: PropertySchema,
  node: NodeRow,
  env: ReadEnv,
  rollups: RollupSource | undefined,
  read: (p: PropertySchema, node: NodeRow, env: ReadEnv, rollups?: RollupSource) => Promise<Json>,
): Promise<Json> {
  const empty = { type: "string", string: null };
  const depth = env.depth ?? 0;
  if (depth >= MAX_DEPTH) return empty;
  const memo = memoOf(env);
  // Keyed by depth too: a result computed where the depth limit cut it short must not stand in
  // for the same formula read closer to the top.
  const key = `${node.id}:${p.id}:${depth}`;
  const known = memo.formulas.get(key);
  if (known) return known;
  const result = await evaluateProperty(p, node, env, rollups, read, depth);
  memo.formulas.set(key, result);
  return result;
}

async function evaluateProperty(
  p: PropertySchema,
  node: NodeRow,
  env: ReadEnv,
  rollups: RollupSource | undefined,
  read: Parameters<typeof formulaValue>[4],
  depth: number,
): Promise<Json> {
  const empty = { type: "string", string: null };
  const schema = await schemaOf(node, env);
  if (!schema) return empty;
  const c = compileProperty(p, schema);
  if (!c.ok) return empty;
  const zone = env.timeZone ?? "UTC";
  const values = new Map<string, FormulaValue>();
  const pages = new Map<string, PageAccessor | null>();
  const deeper: ReadEnv = { ...env, depth: depth + 1 };
  const views = env.memo!.pages as Map<string, PageAccessor | null>;
  for (const id of c.formula.deps) {
    const dep = schema.find((s) => s.id === id);
    if (!dep) continue;
    const value = await read(dep, node, deeper, rollups);
    values.set(id, fromPropertyValue(value, zone));
    if (dep.type === "relation") {
      // Only pages the reader may see: `prop("Rel").map(…)` never reads another's page.
      const ids = await visibleRelated(node.properties?.[dep.id], env, dep, referenceLimit(env));
      const unread = ids.filter((rid) => !views.has(`${rid}:${depth + 1}`));
      await loadPeopleOf(env, unread);
      for (const rid of ids) {
        if (pages.has(rid)) continue;
        const view = `${rid}:${depth + 1}`;
        if (!views.has(view)) views.set(view, await accessor(rid, deeper, rollups, read));
        pages.set(rid, views.get(view)!);
      }
    }
  }
  await env.budget.pace();
  try {
    const now = env.now;
    const answer = env.answer;
    const result = evaluateFormula(c.formula, {
      prop: (id) => values.get(id) ?? null,
      page: (id) => pages.get(id) ?? null,
      id: node.id,
      // A formula that reads the clock gives another answer a moment later without any write.
      get now() {
        if (answer) answer.timeDependent = true;
        return now;
      },
      timeZone: zone,
      deadline: env.budget.deadline(),
    });
    return toApiValue(result, c.resultType, zone) as unknown as Json;
  } catch (e) {
    // A budget cut may be the CPU backstop's, which depends on the machine's load.
    if (env.answer && e instanceof FormulaError && isBudgetError(e)) env.answer.timeDependent = true;
    return failedValue(e, c.resultType);
  }
}

/**
 * What a formula that failed at run time shows. Too much work (its steps, a text or list past the
 * caps) is a value Notion did not compute: `{type: "unsupported", unsupported: {}}`, the form the
 * API gives such formula values (changelog 2026-08-05; @notionhq/client ≥ 5.24's
 * UnsupportedFormulaPropertyResponse). Any other failure (a bad regex, a value out of range
 * inside a function) shows no value, as in Notion — never a 500 on every read of the row
 * (fuzzer). The request's deadline passing ends the request: 504 (domain/budget.ts).
 */
function failedValue(e: unknown, resultType: string): Json {
  if (e instanceof FormulaError && e.code === "deadline_exceeded") throw errors.gatewayTimeout();
  if (e instanceof FormulaError && isBudgetError(e)) return { type: "unsupported", unsupported: {} };
  if (e instanceof FormulaError || e instanceof RangeError || e instanceof TypeError)
    return resultType === "unknown" ? { type: "string", string: null } : { type: resultType, [resultType]: null };
  throw e;
}

/** A related page as formulas see it: its title and its properties by name or id. */
async function accessor(id: string, env: ReadEnv, rollups: RollupSource | undefined, read: Parameters<typeof formulaValue>[4]): Promise<PageAccessor | null> {
  const page = await env.preload.node(id);
  if (!page || page.type !== "page") return null;
  const schema = (await schemaOf(page, env)) ?? [];
  const zone = env.timeZone ?? "UTC";
  const byKey = new Map<string, FormulaValue>();
  // The title as the reader sees it (mentions of pages it cannot see have no title).
  let title = plainText((page.properties?.title as { plain_text: string }[] | undefined) ?? []);
  for (const p of schema) {
    const value = await read(p, page, env, rollups);
    if (p.type === "title") title = textOf(value);
    const v = fromPropertyValue(value, zone);
    byKey.set(p.id, v);
    byKey.set(p.name, v);
  }
  return { id, title, prop: (key) => byKey.get(key) ?? (byKey.has(decodeOrKeep(key)) ? byKey.get(decodeOrKeep(key)) : undefined) };
}
