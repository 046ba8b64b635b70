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
 * overflowing the stack (500), relation formulas multiplying work across related rows.
 */
export const KNOWN_BUGS: KnownBug[] = [
  {
    id: "formula-format-number-places",
    summary:
      "formatNumber(x, format, places) with places outside 0–100 (`formatNumber(1, \"number\", -1)`) throws a RangeError from toLocaleString " +
      "(src/formula/functions/number.ts formatNumber, lines 75–79; src/domain/properties/formulas.ts line 113 rethrows what is not a FormulaError) → " +
      "the schema write is accepted, then every read of every row of the data source answers 500",
    check: async (w) => formulaReadCheck(w, 'formatNumber(1, "number", -1)'),
    matches: () => false,
    stack: /RangeError: \w+FractionDigits value is out of range[\s\S]*formula\/functions\/number\.ts/,
  },
  {
    id: "formula-people-null",
    summary:
      "name() / email() of a list of people holding an empty person (`[prop(\"Who\").first()].name()` on a row with no Who) read `.name` of null " +
      "(src/formula/functions/people.ts lines 5–8: `p.map((x) => x.name)`) → TypeError → every read of such a row answers 500",
    check: async (w) => formulaReadCheck(w, '[prop("Who").first()].name()'),
    matches: () => false,
    stack: /TypeError: Cannot read properties of null \(reading '(name|email)'\)[\s\S]*formula\/functions\/people\.ts/,
  },
  {
    id: "formula-repeat-infinite",
    summary:
      "repeat(\"\", 1/0) — empty text an infinite number of times — throws a RangeError (src/formula/functions/text.ts repeat, lines 39–43: " +
      "the size guard computes 0 × Infinity = NaN, which is not > 1,000,000, then \"\".repeat(Infinity) throws) → every read of the rows answers 500; " +
      "found as `prop(\"Pick\").repeat(1/0)` on a row with no Pick",
    check: async (w) => formulaReadCheck(w, 'repeat("", 1/0)'),
    matches: () => false,
    stack: /RangeError: Invalid count value[\s\S]*formula\/functions\/text\.ts/,
  },
  {
    id: "rollup-over-retyped-relation",
    summary:
      "Retyping a relation that a rollup uses is accepted (`PATCH /v1/data_sources/{id}` `{\"properties\":{\"Also\":{\"number\":{}}}}` while rollup Kinds " +
      "rolls up Also) and the rollup keeps pointing at it; reading the rollup then treats the new value as a list of page ids " +
      "(src/domain/properties/rollups.ts rolledUpValues, lines 23–28: `ids.slice` of a number → TypeError; rich text items passed to tx.getNode → RangeError " +
      "from SQLite). Every write of that property answers 500 (`{\"Also\":{\"number\":1}}`), and after a retype to unique_id every new row does " +
      "(POST /v1/pages and moves into the data source), so the data source can take no more rows",
    check: async (w) => {
      const fx = await w.scratch();
      w.touchScratch(true);
      await w.call("PATCH", `/v1/data_sources/${fx.a.ds}`, { properties: { Also: { number: {} } } });
      const res = await w.call("POST", "/v1/pages", { parent: { data_source_id: fx.a.ds }, properties: { Also: { number: 1 } } });
      if (res.status >= 500) throw new Error(`a row with a number in the retyped relation Also: ${res.status} ${res.text.slice(0, 200)}`);
    },
    matches: () => false,
    stack: /(ids\.slice is not a function|Too few parameter values were provided|SQLite3 can only bind)[\s\S]*properties\/rollups\.ts/,
  },
  {
    id: "formula-date-out-of-range",
    kind: "value",
    summary:
      "A formula date outside years 0000–9999 is answered as a string that is not a date: `fromTimestamp(8640000000000000)` → " +
      "`\"275760-09-12T21:30:00.000-02:30\"` (six digits, no sign), `dateSubtract(fromTimestamp(0), 10000, \"years\")` → " +
      "`\"56221-12-29T20:30:00.000+985637540:29\"` (workspace zone America/St_Johns; in UTC `dateAdd(now(), 1e308, \"years\")` gives " +
      "`\"NaN-NaN-NaNTNaN:NaN:NaN.NaN+NaN:NaN\"`) in page objects and property items (src/formula/values.ts toApiValue lines 193–196 and " +
      "isoInZone/isoDay in src/formula/format-date.ts lines 76–85 format any number; src/formula/functions/date.ts fromTimestamp (line 117) and dateAdd/dateSubtract (line 93) do not keep dates in range)",
    check: async (w) => {
      const fx = await w.scratch();
      const row = (await w.call("POST", "/v1/pages", { parent: { data_source_id: fx.a.ds }, properties: {} })).json as { id: string };
      await w.call("PATCH", `/v1/data_sources/${fx.a.ds}`, { properties: { Fz: { formula: { expression: 'dateSubtract(fromTimestamp(0), 10000, "years")' } } } });
      const res = await w.call("GET", `/v1/pages/${row.id}`);
      await w.call("PATCH", `/v1/data_sources/${fx.a.ds}`, { properties: { Fz: null } });
      const start = (res.json as { properties?: { Fz?: { formula?: { date?: { start?: string } | null } } } }).properties?.Fz?.formula?.date?.start;
      if (start !== undefined && !/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2}))?$/.test(start)) throw new Error(`formula date start ${JSON.stringify(start)}`);
    },
    matches: () => false,
    value: /\.date = \{"start":"([^"]*NaN|\d{5,}-|[^"]*[+-]\d{3,}:\d\d")|"end":"([^"]*NaN|\d{5,}-|[^"]*[+-]\d{3,}:\d\d")/,
  },
  {
    id: "formula-invalid-date",
    summary:
      "Any date function on an invalid formula date (`year(fromTimestamp(-8640000000000001))`, `formatDate(fromTimestamp(0/0), \"YYYY\")`, " +
      "`dateAdd(now(), 1e308, \"years\")` itself) throws `RangeError: Invalid time value` from Intl.DateTimeFormat.formatToParts when the workspace " +
      "time zone is not UTC (src/formula/time.ts offsetAt, line ~40; fromTimestamp/dateAdd in src/formula/functions/date.ts produce the NaN time) → " +
      "every read of the rows answers 500",
    check: async (w) => formulaReadCheck(w, "year(fromTimestamp(-8640000000000001))"),
    matches: () => false,
    stack: /RangeError: Invalid time value[\s\S]*src\/formula\//,
  },
  {
    id: "formula-regex-backtracking",
    summary:
      "Formula regex functions (test/match/replace/replaceAll) run any pattern on the server's only thread with no time bound " +
      "(src/formula/functions/text.ts regex(), lines 8–35; the evaluator's step budget does not cover a RegExp's own work): " +
      "`test(\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaa!\", \"(a+)+$\")` (29 a's) makes every read of a row of the data source take ~40 s, 24 a's ~1.3 s, " +
      "doubling per character, and blocks every other request meanwhile",
    check: async (w) => {
      const fx = await w.scratch();
      // A pattern nothing else uses, so its first (slowest) run is this one: ~1.3 s today, 2× per extra "q".
      await w.call("PATCH", `/v1/data_sources/${fx.a.ds}`, { properties: { Fz: { formula: { expression: `test("${"q".repeat(24)}!", "(q+)+$")` } } } });
      const t0 = performance.now();
      await w.call("GET", `/v1/pages/${fx.a.rows[2]}`);
      const ms = performance.now() - t0;
      await w.call("PATCH", `/v1/data_sources/${fx.a.ds}`, { properties: { Fz: null } });
      if (ms > 400) throw new Error(`a row whose formula is test("q"×24 + "!", "(q+)+$") took ${Math.round(ms)} ms to read`);
    },
    matches: () => false,
  },
];

/** Sets formula `Fz` of a scratch data source to `expression` and reads a new empty row: must not be a 5xx. */
async function formulaReadCheck(w: World, expression: string): Promise<void> {
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
