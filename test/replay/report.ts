/** Per-endpoint pass rates, docs/PARITY.md, and the committed baseline they are held to. */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { compareEndpoints } from "./cassettes.js";
import type { CassetteResult, InteractionResult } from "./runner.js";

export interface EndpointStats {
  interactions: number;
  passed: number;
  /** Failed only because an earlier interaction of the same cassette failed first. */
  blocked: number;
  rate: number;
  /** First failure: `cassette#index: path: message`. */
  firstFailure?: string;
}

export interface ParityReport {
  overall: { interactions: number; passed: number; rate: number };
  endpoints: Record<string, EndpointStats>;
  cassettes: { name: string; interactions: number; passed: number; error?: string }[];
}

export interface Baseline {
  comment: string;
  overall: { interactions: number; passed: number; rate: number };
  endpoints: Record<string, { interactions: number; passed: number; rate: number }>;
}

const round = (x: number) => Math.round(x * 10000) / 10000;

export function describeFailure(r: InteractionResult): string {
  const first = r.mismatches[0];
  const where = first.path === "$" ? "" : `${first.path}: `;
  const blocked = r.blockedBy ? ` [blocked by #${r.blockedBy.index} ${r.blockedBy.endpoint}]` : "";
  return `${r.cassette}#${r.index}: ${where}${first.message}${blocked}`;
}

export function aggregate(results: CassetteResult[]): ParityReport {
  const endpoints: Record<string, EndpointStats> = {};
  let interactions = 0;
  let passed = 0;
  // Two passes so that an endpoint's "first failure" prefers a failure of its own over a blocked one.
  const all = results.flatMap((c) => c.results);
  for (const r of all) {
    const e = (endpoints[r.endpoint] ??= { interactions: 0, passed: 0, blocked: 0, rate: 0 });
    e.interactions++;
    interactions++;
    if (r.passed) {
      e.passed++;
      passed++;
    } else if (r.blockedBy) e.blocked++;
  }
  for (const r of all) if (!r.passed && !r.blockedBy) endpoints[r.endpoint].firstFailure ??= describeFailure(r);
  for (const r of all) if (!r.passed) endpoints[r.endpoint].firstFailure ??= describeFailure(r);
  const sorted: Record<string, EndpointStats> = {};
  for (const k of Object.keys(endpoints).sort(compareEndpoints)) {
    const e = endpoints[k];
    e.rate = round(e.passed / e.interactions);
    sorted[k] = e;
  }
  return {
    overall: { interactions, passed, rate: round(interactions ? passed / interactions : 0) },
    endpoints: sorted,
    cassettes: results.map((c) => ({
      name: c.cassette,
      interactions: c.results.length,
      passed: c.results.filter((r) => r.passed).length,
      ...(c.error ? { error: c.error.split("\n")[0] } : {}),
    })),
  };
}

export const UPDATE_COMMAND = "PARITY_UPDATE=1 node --import tsx --test test/replay.test.ts";

export function toBaseline(report: ParityReport): Baseline {
  const endpoints: Baseline["endpoints"] = {};
  for (const [k, e] of Object.entries(report.endpoints)) endpoints[k] = { interactions: e.interactions, passed: e.passed, rate: e.rate };
  return {
    comment: `Per-endpoint replay pass rates that test/replay.test.ts must not fall below. Regenerate with: ${UPDATE_COMMAND}`,
    overall: report.overall,
    endpoints,
  };
}

export function readBaseline(file: string): Baseline | null {
  if (!existsSync(file)) return null;
  return JSON.parse(readFileSync(file, "utf8")) as Baseline;
}

export function writeBaseline(file: string, report: ParityReport): void {
  writeFileSync(file, JSON.stringify(toBaseline(report), null, 2) + "\n");
}

export interface Regression {
  endpoint: string;
  baseline: number;
  current: number;
  firstFailure?: string;
}

/** Endpoints whose pass rate fell below the baseline (an endpoint missing now counts as 0). */
export function regressions(report: ParityReport, baseline: Baseline): Regression[] {
  const out: Regression[] = [];
  for (const [endpoint, b] of Object.entries(baseline.endpoints)) {
    const now = report.endpoints[endpoint];
    const current = now ? now.rate : 0;
    if (current + 1e-9 < b.rate) out.push({ endpoint, baseline: b.rate, current, firstFailure: now?.firstFailure });
  }
  return out;
}

/** Endpoints now above their baseline (worth a baseline update). */
export function improvements(report: ParityReport, baseline: Baseline): string[] {
  return Object.entries(report.endpoints)
    .filter(([k, e]) => e.rate > (baseline.endpoints[k]?.rate ?? 0) + 1e-9)
    .map(([k, e]) => `${k}: ${baseline.endpoints[k]?.rate ?? 0} → ${e.rate}`);
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const esc = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");

/** One per-version replay (test/replay/versions.ts) for docs/PARITY.md. */
export interface VersionParity {
  version: string;
  report: ParityReport;
  baseline: Baseline | null;
}

/** The baseline file of the replay as `version` (test/replay/baseline-<version>.json). */
export const versionBaselineFile = (dir: string, version: string) => `${dir}/baseline-${version}.json`;

/** docs/PARITY.md: deterministic (no dates, no live ids) so an unchanged run leaves it unchanged. */
export function renderParity(report: ParityReport, baseline: Baseline | null, versions: VersionParity[] = []): string {
  const lines: string[] = [];
  lines.push("# Notion API parity (cassette replay)");
  lines.push("");
  lines.push("Generated by `test/replay.test.ts` — do not edit by hand. It replays the 79 recorded");
  lines.push("notion-sdk-py cassettes in `../shared/fixtures/notion-sdk-py/cassettes/` (real Notion");
  lines.push("traffic, Notion-Version 2025-09-03) against a fresh in-memory Quire each, and compares every");
  lines.push("live response with the recorded one: status; key sets at every level; JSON value types; array");
  lines.push("lengths (not of lists that hold whatever the recorded workspace held — file uploads —, nor their");
  lines.push("`next_cursor` and `has_more`); `next_cursor` null or not; and scalar values, except volatile ones (ids, times, urls,");
  lines.push("`request_id`, text embedding a timestamp, the recorded workspace's name). Recorded ids are mapped");
  lines.push("to live ones by walking both bodies in parallel; a contradiction in that mapping is a mismatch too.");
  lines.push("Seeding (test/replay/runner.ts): the dev integration renamed `notion-sdk-py`; the recorded person");
  lines.push("and bot mapped to the seeded owner and dev bot; the recorded root page mapped to a new top-level");
  lines.push("page with an empty title (control API), the seeded \"Getting started\" page unshared, and last");
  lines.push("edited by the bot as the recorded one was (the bot makes a page under it and deletes it).");
  lines.push("`test_file_uploads_create_external` needs the internet (Quire checks the recorded URL with a");
  lines.push("HEAD request, refused offline): it fails in an offline run.");
  lines.push("");
  lines.push("- Run (checks against the baseline, rewrites this file): `node --import tsx --test test/replay.test.ts`");
  lines.push(`- Accept the current rates as the new baseline (\`test/replay/baseline.json\`): \`${UPDATE_COMMAND}\``);
  lines.push("- The test fails when an endpoint's pass rate drops below its baseline; rates may rise freely.");
  lines.push("- *Blocked* interactions failed after an earlier interaction of the same cassette failed: it left");
  lines.push("  a recorded id unmapped (typically the teardown of a database never created) or the live state");
  lines.push("  different from the recorded one. They still count as failures in the rate.");
  lines.push("");
  const o = report.overall;
  lines.push(`**Overall: ${o.passed} / ${o.interactions} interactions pass (${pct(o.rate)}).**`);
  lines.push("");
  lines.push("| endpoint | interactions | passed | blocked | rate | baseline |");
  lines.push("| --- | ---: | ---: | ---: | ---: | ---: |");
  for (const [k, e] of Object.entries(report.endpoints)) {
    const b = baseline?.endpoints[k];
    lines.push(`| \`${k}\` | ${e.interactions} | ${e.passed} | ${e.blocked} | ${pct(e.rate)} | ${b ? pct(b.rate) : "–"} |`);
  }
  lines.push("");
  lines.push("## First mismatch per failing endpoint");
  lines.push("");
  for (const [k, e] of Object.entries(report.endpoints)) {
    if (e.firstFailure) lines.push(`- \`${k}\` — ${esc(e.firstFailure)}`);
  }
  lines.push("");
  if (versions.length) {
    lines.push("## Replayed as later versions");
    lines.push("");
    lines.push("The same cassettes rewritten as traffic of a later Notion-Version, following only the documented");
    lines.push("differences (test/replay/versions.ts, docs/design/versions.md: `archived` → `in_trash`, append's");
    lines.push("`after` → `position`, `transcription` → `meeting_notes`; from 2026-12-01 title-only page properties");
    lines.push("in search and data-source query results), each held to `test/replay/baseline-<version>.json`.");
    lines.push("");
    lines.push("| version | passed | rate | baseline |");
    lines.push("| --- | ---: | ---: | ---: |");
    for (const v of versions) lines.push(`| ${v.version} | ${v.report.overall.passed} / ${v.report.overall.interactions} | ${pct(v.report.overall.rate)} | ${v.baseline ? pct(v.baseline.overall.rate) : "–"} |`);
    lines.push("");
    for (const v of versions) {
      const failing = Object.entries(v.report.endpoints).filter(([, e]) => e.firstFailure);
      if (!failing.length) continue;
      lines.push(`First mismatch per failing endpoint, as ${v.version}:`);
      lines.push("");
      for (const [k, e] of failing) lines.push(`- \`${k}\` (${pct(e.rate)}) — ${esc(e.firstFailure!)}`);
      lines.push("");
    }
  }
  lines.push("## Cassettes");
  lines.push("");
  lines.push("| cassette | interactions | passed |");
  lines.push("| --- | ---: | ---: |");
  for (const c of report.cassettes) {
    const note = c.error ? ` (error: ${esc(c.error)})` : c.interactions === 0 ? " (no interactions kept)" : "";
    lines.push(`| ${c.name}${note} | ${c.interactions} | ${c.passed} |`);
  }
  lines.push("");
  return lines.join("\n");
}
