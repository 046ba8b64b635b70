/**
 * Cassette replay parity: replays the 79 recorded notion-sdk-py cassettes (real Notion traffic,
 * /work/shared/fixtures/notion-sdk-py/cassettes/) against fresh Quire servers (one per cassette,
 * seeded as described in test/replay/runner.ts), compares every response with the recorded one
 * (test/replay/compare.ts: status, object/type, keys, JSON types, lengths, non-volatile values), computes
 * per-endpoint pass rates, rewrites docs/PARITY.md, and fails if any endpoint's rate drops below
 * test/replay/baseline.json. Endpoints that are not implemented yet fail their interactions without
 * failing this test; their rates may only rise. The per-version checks replay the same cassettes
 * rewritten as each later Notion-Version (test/replay/versions.ts), each held to
 * test/replay/baseline-<version>.json.
 *
 *   node --import tsx --test test/replay.test.ts                    # check, rewrite docs/PARITY.md
 *   PARITY_UPDATE=1 node --import tsx --test test/replay.test.ts    # accept current rates as baseline
 *   node --import tsx test/replay/dump.ts [cassette-prefix...]      # every mismatch, for debugging
 *
 * Library: test/replay/ (cassettes.ts loading, ids.ts id mapping, compare.ts comparison,
 * runner.ts seeding + replay, report.ts rates, PARITY.md and baseline).
 */
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { CASSETTES_DIR, endpointOf, loadCassettes, type Cassette } from "./replay/cassettes.js";
import { compareBodies } from "./replay/compare.js";
import { IdMap } from "./replay/ids.js";
import { replayAll } from "./replay/runner.js";
import { aggregate, improvements, readBaseline, regressions, renderParity, UPDATE_COMMAND, versionBaselineFile, writeBaseline, type Baseline, type ParityReport } from "./replay/report.js";
import { LATER_VERSIONS, asVersion } from "./replay/versions.js";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const BASELINE = join(ROOT, "test", "replay", "baseline.json");
const PARITY_MD = join(ROOT, "docs", "PARITY.md");

describe("replay library", () => {
  test("endpoint templates replace dashed, undashed and task ids", () => {
    assert.equal(endpointOf("get", "/v1/blocks/393abc1eedcd80f3813be205934558c6/children?page_size=2"), "GET /v1/blocks/{id}/children");
    assert.equal(endpointOf("GET", `/v1/async_tasks/task_${"a".repeat(32)}`), "GET /v1/async_tasks/{id}");
    assert.equal(endpointOf("GET", "/v1/pages/393abc1e-edcd-80f3-813b-e205934558c6/properties/title"), "GET /v1/pages/{id}/properties/title");
  });

  test("ids are learnt from parallel bodies and written back in the recorded form", () => {
    const map = new IdMap();
    const rec = { object: "page", id: "393abc1e-edcd-8181-8d59-e30a27148c69", parent: { type: "page_id", page_id: "393abc1e-edcd-80f3-813b-e205934558c6" }, request_id: "7ee99420-ecdf-4809-af51-a4e95ebc68fe" };
    const live = { object: "page", id: "11111111-1111-4111-8111-111111111111", parent: { type: "page_id", page_id: "22222222-2222-4222-8222-222222222222" }, request_id: "33333333-3333-4333-8333-333333333333" };
    assert.deepEqual(map.learnFrom(rec, live), []);
    assert.equal(map.get("7ee99420-ecdf-4809-af51-a4e95ebc68fe"), undefined, "request_id is not an object id");
    assert.equal(map.rewritePath("/v1/blocks/393abc1eedcd81818d59e30a27148c69/children?start_cursor=393abc1e-edcd-80f3-813b-e205934558c6").text, "/v1/blocks/11111111111141118111111111111111/children?start_cursor=22222222-2222-4222-8222-222222222222");
    const body = map.rewriteJson({ parent: { page_id: "393abc1eedcd80f3813be205934558c6" }, other: "00000000-0000-0000-0000-000000000000", unknown: "aaaaaaaa-edcd-80f3-813b-e205934558c6" });
    assert.deepEqual(body.value, { parent: { page_id: "22222222222242228222222222222222" }, other: "00000000-0000-0000-0000-000000000000", unknown: "aaaaaaaa-edcd-80f3-813b-e205934558c6" });
    assert.deepEqual(body.unmapped, ["aaaaaaaa-edcd-80f3-813b-e205934558c6"]);
    // The same recorded id answered by another live id is a contradiction.
    const conflicts = map.learnFrom({ parent: { page_id: "393abc1e-edcd-80f3-813b-e205934558c6" } }, { parent: { page_id: "44444444-4444-4444-8444-444444444444" } });
    assert.equal(conflicts.length, 1);
    assert.equal(conflicts[0].path, "$.parent.page_id");
  });

  test("cursors map separately from ids", () => {
    const map = new IdMap();
    map.learnFrom({ next_cursor: "393abc1e-edcd-817b-900d-c75ec8d2f272" }, { next_cursor: "opaque==" });
    map.learnFrom({ results: [{ id: "393abc1e-edcd-817b-900d-c75ec8d2f272" }] }, { results: [{ id: "55555555-5555-4555-8555-555555555555" }] });
    assert.equal(map.rewritePath("/v1/x?start_cursor=393abc1e-edcd-817b-900d-c75ec8d2f272").text, "/v1/x?start_cursor=opaque%3D%3D");
    assert.deepEqual(map.rewriteJson({ start_cursor: "393abc1e-edcd-817b-900d-c75ec8d2f272" }).value, { start_cursor: "opaque==" });
  });

  test("comparison: keys, types, object/type values, lengths, cursors, volatile values", () => {
    const rec = { object: "list", results: [{ object: "user", type: "person", person: { email: "a", email_verified: true }, avatar_url: "https://x" }], next_cursor: null, created_time: "t" };
    assert.deepEqual(compareBodies(rec, structuredClone(rec)), []);
    const live = { object: "list", results: [{ object: "user", type: "bot", person: { email: 1 }, avatar_url: null, extra: 1 }, {}], next_cursor: "c", created_time: "u" };
    const got = compareBodies(rec, live).map((m) => `${m.kind} ${m.path}`);
    assert.deepEqual(got.sort(), ["cursor $.next_cursor", "keys $.results[0]", "keys $.results[0].person", "length $.results", "type $.results[0].person.email", "value $.results[0].type"].sort());
    assert.deepEqual(compareBodies({ results: [1, 2] }, { results: [1] }, { uncontrolledLengths: ["$.results"] }), []);
    // Whether there is a next page depends on the same contents.
    assert.deepEqual(compareBodies({ results: [1, 2], next_cursor: "c", has_more: true }, { results: [1], next_cursor: null, has_more: false }, { uncontrolledLengths: ["$.results"], values: {} }), []);
    assert.equal(compareBodies({ results: [1], next_cursor: "c" }, { results: [1], next_cursor: null })[0]?.kind, "cursor");
    assert.equal(compareBodies({ object: "error", code: "unauthorized" }, { object: "error", code: "validation_error" })[0]?.kind, "value");
  });

  test("value comparison skips ids, times, urls, timestamped text and seed-dependent keys", () => {
    const values = { skip: (k: string) => k === "workspace_name", mapText: (s: string) => s.replace("393abc1e-edcd-80f3-813b-e205934558c6", "live-id") };
    const rec = { id: "393abc1e-edcd-80f3-813b-e205934558c6", created_time: "a", url: "u", title: "Test 2026-07-04 11:08:52.242018", workspace_name: "x", has_children: true, message: "ID: 393abc1e-edcd-80f3-813b-e205934558c6." };
    const live = { id: "other", created_time: "b", url: "v", title: "Test 2027-01-01 00:00:00.000000", workspace_name: "y", has_children: true, message: "ID: live-id." };
    assert.deepEqual(compareBodies(rec, live, { values }), []);
    const got = compareBodies({ ...rec, has_children: false, message: "ID: x." }, live, { values }).map((m) => m.path);
    assert.deepEqual(got, ["$.has_children", "$.message"]);
    assert.deepEqual(compareBodies({ has_children: false }, { has_children: true }), [], "values are compared only on request");
  });
});

test("versions: a recording rewritten as later Notion-Versions (archived, after, transcription, title-only lists)", () => {
  const page = { object: "page", id: "p", in_trash: false, archived: false, properties: { Name: { id: "title", type: "title", title: [] }, Done: { id: "a", type: "checkbox", checkbox: true } } };
  const cassette: Cassette = {
    name: "t",
    source: "t",
    interactions: [
      { request: { method: "PATCH", path: "/v1/pages/p", headers: { "notion-version": "2025-09-03" }, body: { archived: true } }, response: { status: 200, body: page } },
      { request: { method: "PATCH", path: "/v1/blocks/b/children", headers: {}, body: { children: [], after: "c" } }, response: { status: 200, body: { results: [{ object: "block", type: "transcription", transcription: {}, in_trash: false, archived: false }] } } },
      { request: { method: "POST", path: "/v1/data_sources/393abc1eedcd80f3813be205934558c6/query", headers: {}, body: {} }, response: { status: 200, body: { object: "list", results: [page] } } },
      { request: { method: "POST", path: "/v1/search?filter_properties=a", headers: {}, body: {} }, response: { status: 200, body: { object: "list", results: [page] } } },
    ],
  };
  const v11 = asVersion(cassette, "2026-03-11").interactions;
  assert.equal(v11[0].request.headers["notion-version"], "2026-03-11");
  assert.deepEqual(v11[0].request.body, { in_trash: true });
  assert.equal("archived" in (v11[0].response.body as any), false);
  assert.deepEqual(v11[1].request.body, { children: [], position: { type: "after_block", after_block: { id: "c" } } });
  assert.deepEqual((v11[1].response.body as any).results[0], { object: "block", type: "meeting_notes", meeting_notes: {}, in_trash: false });
  assert.deepEqual(Object.keys((v11[2].response.body as any).results[0].properties), ["Name", "Done"]);
  const v12 = asVersion(cassette, "2026-12-01").interactions;
  assert.deepEqual(Object.keys((v12[2].response.body as any).results[0].properties), ["Name"]);
  assert.deepEqual(Object.keys((v12[3].response.body as any).results[0].properties), ["Name", "Done"], "filter_properties given: as recorded");
  assert.deepEqual(Object.keys((cassette.interactions[2].response.body as any).results[0].properties), ["Name", "Done"], "the recording is left alone");
});

test("cassette replay parity against test/replay/baseline.json, and as each later version", { skip: !existsSync(CASSETTES_DIR) && `no cassettes at ${CASSETTES_DIR}` }, async (t) => {
  const cassettes = loadCassettes();
  const update = process.env.PARITY_UPDATE === "1";
  const runs = [{ version: null as string | null, file: BASELINE, cassettes }];
  // The per-version checks: the recording replayed as later versions (test/replay/versions.ts).
  for (const version of LATER_VERSIONS) runs.push({ version, file: versionBaselineFile(dirname(BASELINE), version), cassettes: cassettes.map((c) => asVersion(c, version)) });
  const done: { version: string | null; file: string; report: ParityReport; baseline: Baseline | null }[] = [];
  for (const run of runs) {
    const report = aggregate(await replayAll(run.cassettes));
    if (update) writeBaseline(run.file, report);
    done.push({ version: run.version, file: run.file, report, baseline: readBaseline(run.file) });
    t.diagnostic(`${run.version ?? "recorded"}: overall ${report.overall.passed}/${report.overall.interactions} (${(report.overall.rate * 100).toFixed(1)}%)`);
  }
  const [main, ...later] = done;
  mkdirSync(dirname(PARITY_MD), { recursive: true });
  writeFileSync(PARITY_MD, renderParity(main.report, main.baseline, later.map((d) => ({ version: d.version!, report: d.report, baseline: d.baseline }))));
  if (update) return;
  const lost: string[] = [];
  for (const d of done) {
    assert.ok(d.baseline, `no baseline at ${d.file}; create it with: ${UPDATE_COMMAND}`);
    for (const line of improvements(d.report, d.baseline)) t.diagnostic(`above baseline ${d.file} (run ${UPDATE_COMMAND} to raise it): ${line}`);
    for (const r of regressions(d.report, d.baseline)) lost.push(`${d.version ?? "recorded"} ${r.endpoint}: ${r.current} < baseline ${r.baseline} — ${r.firstFailure ?? "no interactions"}`);
  }
  assert.deepEqual(lost, [], "endpoint pass rates fell below their baseline (see docs/PARITY.md; node --import tsx test/replay/dump.ts <cassette> shows every mismatch)");
});
