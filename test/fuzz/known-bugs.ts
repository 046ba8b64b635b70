/**
 * Server bugs the fuzzer found that are reported but not yet fixed (their code is owned
 * elsewhere). What one of these explains is counted, not failed, so the suite keeps guarding
 * everything else: a 5xx answer (kind "status"), or in `atomic` a rejected write that changed
 * state / an accepted one whose answer disagrees with a read (kind "state"). Each has a `todo`
 * regression test in fuzz.test.ts that starts passing once the fix lands — then delete the
 * entry. FUZZ_STRICT=1 tolerates nothing.
 */
import type { FuzzRequest } from "./http.js";
import type { World } from "./world.js";

export interface Repro {
  method: string;
  path: string;
  body: unknown;
  version?: string;
}

export interface KnownBug {
  id: string;
  summary: string;
  /** "status" (default): explains a 5xx answer. "state": explains an `atomic` state violation. */
  kind?: "status" | "state";
  /** A minimal request that shows it, against the fuzz world (the shared databases in `w.dbs`). */
  repro?: (w: World) => Repro | Promise<Repro>;
  /** Instead of `repro`: a whole scenario that throws while the bug is there (state bugs, slowness). */
  check?: (w: World) => Promise<void>;
  /** The requests whose failure this bug explains (none: only the regression test shows it). */
  matches: (body: unknown, req: FuzzRequest) => boolean;
}

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
/** The `properties` object of a page write, if any. */
const propsOf = (body: unknown): Json | undefined => (isObj(body) && isObj(body.properties) ? body.properties : undefined);

/**
 * Shape of an entry:
 *   { id: "file-name-percent", summary: "where and what",
 *     repro: (w) => ({ method: "PATCH", path: `/v1/blocks/${w.pages[1]}/children`, body: {...} }),
 *     matches: (body, req) => true for the requests this bug explains }
 */
export const KNOWN_BUGS: KnownBug[] = [
  {
    id: "formula-deep-nesting",
    summary:
      "A formula nested a few hundred levels deep (600 parentheses, 1400 unary minuses, 3000 `+`) overflows the stack in the formula parser/checker " +
      "(src/formula/checker.ts Checker.node/call recursion; src/formula/index.ts compileFormula rethrows what is not a FormulaError) → 500 on every schema write that carries it",
    repro: (w) => ({ method: "PATCH", path: `/v1/data_sources/${w.dbs.a.ds}`, body: { properties: { Deep: { formula: { expression: "(".repeat(600) + "1" + ")".repeat(600) } } } } }),
    matches: (body) => expressions(body).some((e) => nesting(e) >= 200),
  },
  {
    id: "formula-relation-fanout",
    kind: "state",
    summary:
      "Reading a row whose formula touches a relation evaluates every property (formulas and rollups included) of every related page, recursively to depth 3, " +
      "with nothing shared between branches (src/domain/properties/formulas.ts formulaValue → accessor): 12 rows related to each other + `prop(\"Parent\").length()` " +
      "make GET /v1/pages/{row} take ~0.9 s, 25 rows ~9–10 s, 50 rows ~13 s on the property-item endpoint; the event loop is blocked meanwhile",
    check: async (w) => {
      const fx = await w.scratch();
      w.touchScratch(true);
      const call = async (method: string, path: string, body?: unknown) => {
        const res = await w.call(method, path, body);
        if (res.status !== 200) throw new Error(`setup ${method} ${path}: ${res.status} ${res.text.slice(0, 300)}`);
        return res.json as { id: string };
      };
      const rows = [...fx.a.rows];
      while (rows.length < 12) rows.push((await call("POST", "/v1/pages", { parent: { data_source_id: fx.a.ds }, properties: {} })).id);
      for (const r of rows) await call("PATCH", `/v1/pages/${r}`, { properties: { Parent: { relation: rows.map((id) => ({ id })) } } });
      await call("PATCH", `/v1/data_sources/${fx.a.ds}`, { properties: { Fz: { formula: { expression: 'prop("Parent").length()' } } } });
      const t0 = performance.now();
      await call("GET", `/v1/pages/${rows[0]}`);
      const ms = performance.now() - t0;
      if (ms > 300) throw new Error(`GET of a row with 12 related rows and one relation formula took ${Math.round(ms)} ms`);
    },
    matches: () => false,
  },
];

/** Every formula expression in a body (schema requests put them at `<prop>.formula.expression`). */
function expressions(body: unknown): string[] {
  const out: string[] = [];
  const walk = (v: unknown, depth: number) => {
    if (depth > 50 || !v || typeof v !== "object") return;
    for (const [k, x] of Object.entries(v)) {
      if (k === "expression" && typeof x === "string") out.push(x);
      else walk(x, depth + 1);
    }
  };
  walk(body, 0);
  return out;
}

/** A rough nesting depth of a formula: brackets, runs of prefix operators, chained binary operators. */
function nesting(e: string): number {
  let depth = 0;
  let max = 0;
  for (const c of e) {
    if (c === "(" || c === "[") max = Math.max(max, ++depth);
    else if (c === ")" || c === "]") depth--;
  }
  const prefix = Math.max(0, ...(e.match(/[-!\s]{2,}/g) ?? []).map((r) => r.replace(/\s/g, "").length));
  const binary = (e.match(/[-+*/%^?]|==|!=|&&|\|\||\band\b|\bor\b/g) ?? []).length;
  return Math.max(max, prefix, binary);
}

const hits = new Map<string, number>();

export function matchKnownBug(req: FuzzRequest, kind: "status" | "state" = "status"): KnownBug | undefined {
  if (req.body === undefined) return undefined;
  let body: unknown;
  try {
    body = JSON.parse(req.body);
  } catch {
    return undefined;
  }
  return KNOWN_BUGS.find((b) => (b.kind ?? "status") === kind && b.matches(body, req));
}

export function recordKnownBug(bug: KnownBug): void {
  hits.set(bug.id, (hits.get(bug.id) ?? 0) + 1);
}

/** How many answers each known bug explained so far. */
export function knownBugHits(): Record<string, number> {
  return Object.fromEntries(hits);
}

export { isObj, propsOf };
