/**
 * Debugging aid: replays cassettes and prints every mismatch (not just the first).
 *   node --import tsx test/replay/dump.ts                   # all cassettes, failures only
 *   node --import tsx test/replay/dump.ts test_pages_create  # some cassettes (name prefixes)
 *   REPLAY_ALL=1 node --import tsx test/replay/dump.ts ...   # passing interactions too
 */
import { loadCassettes } from "./cassettes.js";
import { replayAll } from "./runner.js";

const filters = process.argv.slice(2);
const cassettes = loadCassettes().filter((c) => filters.length === 0 || filters.some((f) => c.name.startsWith(f)));
const results = await replayAll(cassettes);
for (const c of results) {
  if (c.error) console.log(`${c.cassette}: ERROR ${c.error}`);
  for (const r of c.results) {
    if (r.passed && !process.env.REPLAY_ALL) continue;
    const blocked = r.blockedBy ? `  [blocked by #${r.blockedBy.index} ${r.blockedBy.endpoint}]` : "";
    console.log(`${r.passed ? "PASS" : "FAIL"} ${r.cassette}#${r.index} ${r.endpoint} ${r.recordedStatus}→${r.liveStatus}${blocked}`);
    if (r.liveError) console.log(`    live error: ${r.liveError}`);
    for (const m of r.mismatches) console.log(`    ${m.path}: ${m.message}`);
  }
}
