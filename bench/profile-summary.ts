/**
 * Summarizes a V8 .cpuprofile (from `npm run bench -- --profile DIR`): where the server's CPU
 * time went, by area (our src/, fastify, node internals, GC, …) and by function, self and
 * inclusive.   Usage: tsx bench/profile-summary.ts FILE.cpuprofile [--top N] [--since S] [--exclude F]
 * --since skips the first S seconds of the profile (start-up, warm-up); --exclude drops samples
 * whose innermost frame is function F (repeatable). The profiler samples wall time: a process
 * preempted inside a system call (on 2 cores, `writev` waking the load generator) is charged
 * to that call, so `--exclude writev` leaves the time the server really computes.
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const { values: opt, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    top: { type: "string", default: "25" },
    since: { type: "string", default: "0" },
    exclude: { type: "string", multiple: true, default: [] },
  },
});
if (positionals.length !== 1) throw new Error("usage: tsx bench/profile-summary.ts FILE.cpuprofile [--top N] [--since S]");
const profile = JSON.parse(readFileSync(positionals[0], "utf8")) as Profile;
const top = Number(opt.top);

/** Where a frame's code lives, in a few coarse areas. */
function area(node: ProfileNode): string {
  const { url, functionName } = node.callFrame;
  if (!url) return functionName.startsWith("(") ? functionName : "native (V8 builtins, addons)";
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  const src = /\/(src|bench)\/(.*)$/.exec(url);
  if (src) return `${src[1]}/${src[2].split("/")[0]}`;
  if (url.startsWith("node:")) return "node internals";
  return url;
}
const where = (n: ProfileNode) => {
  const { functionName, url, lineNumber } = n.callFrame;
  const file = url.replace(/^.*\/(node_modules|src|bench)\//, "$1/").replace(/^file:\/\//, "");
  return `${functionName || "(anonymous)"} ${file ? `${file}:${lineNumber + 1}` : ""}`.trim();
};

const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

const self = new Map<string, number>();
const inclusive = new Map<string, number>();
const areas = new Map<string, number>();
const add = (m: Map<string, number>, k: string, v: number) => m.set(k, (m.get(k) ?? 0) + v);
let total = 0;
let clock = 0;
const since = Number(opt.since) * 1e6;
for (let i = 0; i < profile.samples.length; i++) {
  const dt = profile.timeDeltas[i + 1] ?? 0;
  clock += profile.timeDeltas[i];
  if (clock < since) continue;
  const leaf = byId.get(profile.samples[i])!;
  if (leaf.callFrame.functionName === "(idle)" || opt.exclude.includes(leaf.callFrame.functionName)) continue;
  total += dt;
  add(self, where(leaf), dt);
  add(areas, area(leaf), dt);
  const seen = new Set<string>();
  for (let id: number | undefined = leaf.id; id !== undefined; id = parent.get(id)) {
    const key = where(byId.get(id)!);
    if (!seen.has(key)) add(inclusive, key, dt);
    seen.add(key);
  }
}

const print = (title: string, m: Map<string, number>, n: number) => {
  process.stdout.write(`\n${title}\n`);
  for (const [k, v] of [...m].sort((a, b) => b[1] - a[1]).slice(0, n))
    process.stdout.write(`${((100 * v) / total).toFixed(1).padStart(6)}%  ${k}\n`);
};
const excluded = opt.exclude.length ? `, ${opt.exclude.join(", ")}` : "";
process.stdout.write(`busy time profiled: ${(total / 1e6).toFixed(2)} s (without idle${excluded})\n`);
print("Self time by area", areas, 20);
print("Self time by function", self, top);
print("Inclusive time by function (time with the function on the stack)", inclusive, top);
