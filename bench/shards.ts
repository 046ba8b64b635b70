/**
 * `npx tsx bench/shards.ts` — a simulation of sharding by workspace with Citus (docs/SCALING.md):
 * workspaces of realistic, heavy-tailed sizes (a log-normal number of nodes per workspace: most
 * are small, a few are huge) are hashed on `workspace_id` into Citus's hash ranges (32 shards by
 * default, `citus.shard_count`), shards placed round-robin on N workers, and the rows each worker
 * holds compared with the mean. A workspace never spans shards (every key includes workspace_id),
 * so the largest workspace bounds how even it can get.
 *
 * Options: --workspaces N (20000) --median N (300 nodes) --sigma S (2.0) --seed N (7).
 */
import { parseArgs } from "node:util";
import { createHash } from "node:crypto";
import { prng } from "./lib/prng.js";

const { values: opt } = parseArgs({
  options: {
    workspaces: { type: "string", default: "20000" },
    median: { type: "string", default: "300" },
    sigma: { type: "string", default: "2.0" },
    seed: { type: "string", default: "7" },
  },
});


const random = prng(Number(opt.seed)).next;
/** A standard normal draw (Box–Muller). */
const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());

const count = Number(opt.workspaces);
const sizes = Array.from({ length: count }, () => Math.max(1, Math.round(Number(opt.median) * Math.exp(Number(opt.sigma) * normal()))));
const ids = sizes.map((_, i) => createHash("sha256").update(`workspace-${opt.seed}-${i}`).digest().readInt32BE(0));
const total = sizes.reduce((a, b) => a + b, 0);
const sorted = [...sizes].sort((a, b) => b - a);

/** Citus splits the int32 hash space into `shards` equal ranges. */
const shardOf = (hash: number, shards: number) => Math.min(shards - 1, Math.floor(((hash + 2 ** 31) / 2 ** 32) * shards));

process.stdout.write(
  `${count} workspaces, ${total.toLocaleString("en-US")} nodes in all; sizes log-normal (median ${opt.median}, sigma ${opt.sigma}):\n` +
    `  largest ${sorted[0].toLocaleString("en-US")} (${((100 * sorted[0]) / total).toFixed(2)}% of all), top 1% hold ${((100 * sorted.slice(0, Math.ceil(count / 100)).reduce((a, b) => a + b, 0)) / total).toFixed(1)}%, ` +
    `p50 ${sorted[Math.floor(count / 2)]}, p99 ${sorted[Math.floor(count / 100)].toLocaleString("en-US")}\n\n`,
);
/** Shards placed largest first on the lightest worker: what rebalancing by disk size arrives at. */
function rebalanced(perShard: number[], workers: number): number[] {
  const load = new Array(workers).fill(0);
  for (const s of [...perShard].sort((a, b) => b - a)) load[load.indexOf(Math.min(...load))] += s;
  return load;
}

process.stdout.write(`shards  workers  largest worker vs mean (round-robin)  (rebalanced by size)  smallest (round-robin)  largest shard vs mean shard\n`);
for (const shards of [32, 128]) {
  const perShard = new Array(shards).fill(0);
  sizes.forEach((s, i) => (perShard[shardOf(ids[i], shards)] += s));
  const meanShard = total / shards;
  for (const workers of [2, 4, 8, 16]) {
    const perWorker = new Array(workers).fill(0);
    perShard.forEach((s, i) => (perWorker[i % workers] += s));
    const mean = total / workers;
    const pc = (n: number, w: number) => `${((100 * n) / mean).toFixed(0)}%`.padStart(w);
    process.stdout.write(
      `${String(shards).padStart(6)}  ${String(workers).padStart(7)}  ${pc(Math.max(...perWorker), 35)}  ${pc(Math.max(...rebalanced(perShard, workers)), 20)}  ${pc(Math.min(...perWorker), 22)}  ${`${((100 * Math.max(...perShard)) / meanShard).toFixed(0)}%`.padStart(27)}\n`,
    );
  }
}
