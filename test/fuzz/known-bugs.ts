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
  /**
   * "status" (default): explains a 5xx answer. "state": explains an `atomic` state violation.
   * "value": explains a malformed value in a 2xx body (matched by `value`).
   */
  kind?: "status" | "state" | "value";
  /** A minimal request that shows it, against the fuzz world (the shared databases in `w.dbs`). */
  repro?: (w: World) => Repro | Promise<Repro>;
  /** Instead of `repro`: a whole scenario that throws while the bug is there (state bugs, slowness). */
  check?: (w: World) => Promise<void>;
  /** The requests whose failure this bug explains (none: only the regression test shows it). */
  matches: (body: unknown, req: FuzzRequest) => boolean;
  /**
   * Or: the server's logged stack of the 5xx (for bugs a read trips over, whatever its request:
   * a formula stored earlier that fails every read of its rows).
   */
  stack?: RegExp;
  /** For "value" bugs: the malformed value as checkAnswer describes it (`body.x.y = …`). */
  value?: RegExp;
}

/**
 * Shape of an entry:
 *   { id: "file-name-percent", summary: "where and what",
 *     repro: (w) => ({ method: "PATCH", path: `/v1/blocks/${w.pages[1]}/children`, body: {...} }),
 *     matches: (body, req) => true for the requests this bug explains }
 * Fixed since they were found (now plain regressions in fuzz.test.ts): deeply nested formulas
 * overflowing the stack (500), relation formulas multiplying work across related rows,
 * formatNumber places out of range, name()/email() of an empty person, repeat("", 1/0), rollups
 * over a retyped relation, date functions on an invalid date (eb69c38), regexes that backtrack
 * exponentially (now matched in linear time), formula dates outside years 0000–9999.
 */
export const KNOWN_BUGS: KnownBug[] = [
];

/** Sets formula `Fz` of a scratch data source to `expression` and reads a new empty row: must not be a 5xx. */
export async function formulaReadCheck(w: World, expression: string): Promise<void> {
  const fx = await w.scratch();
  const row = (await w.call("POST", "/v1/pages", { parent: { data_source_id: fx.a.ds }, properties: {} })).json as { id: string };
  const set = await w.call("PATCH", `/v1/data_sources/${fx.a.ds}`, { properties: { Fz: { formula: { expression } } } });
  const res = await w.call("GET", `/v1/pages/${row.id}`);
  await w.call("PATCH", `/v1/data_sources/${fx.a.ds}`, { properties: { Fz: null } });
  if (set.status >= 500 || res.status >= 500) throw new Error(`formula ${expression}: set ${set.status}, read ${res.status} ${res.text.slice(0, 200)}`);
}

const hits = new Map<string, number>();

/** The known bug that explains a failure: by `detail` (the server's stack, or the malformed value), else by the request body. */
export function matchKnownBug(req: FuzzRequest, kind: "status" | "state" | "value" = "status", detail?: string): KnownBug | undefined {
  const byDetail = detail ? KNOWN_BUGS.find((b) => (b.kind ?? "status") === kind && (kind === "value" ? b.value : b.stack)?.test(detail)) : undefined;
  if (byDetail) return byDetail;
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
