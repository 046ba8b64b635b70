/**
 * The web app's comment counts of a 100-block page, before and after, in one run: 100 lists
 * (`GET /v1/comments?block_id=`, 6 at a time, as BlockComments.tsx asked until session 28) against
 * one `GET /_quire/v1/workspaces/{ws}/pages/{id}/discussions`. SQLite (a data directory in /tmp),
 * one Quire in this process; the median of `--rounds` rounds of each, interleaved. Under load the
 * ratio means more than the times; say the load with them.
 *
 *   npx tsx bench/block-discussions.ts [--rounds 9] [--commented 10]
 */
import { parseArgs } from "node:util";
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { startQuire } from "../src/index.js";

const { values: opt } = parseArgs({ options: { rounds: { type: "string", default: "9" }, commented: { type: "string", default: "10" } } });
const dir = mkdtempSync(join(tmpdir(), "quire-bench-discussions-"));
const q = await startQuire({ dataDir: dir, port: 0 });
const headers = { authorization: `Bearer ${q.token}`, "notion-version": "2025-09-03", "content-type": "application/json" };
const call = async (method: string, path: string, body?: unknown) => {
  const res = await fetch(q.url + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const json = await res.json();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
};
try {
  const root = (await call("POST", "/v1/search", { filter: { property: "object", value: "page" } })).results[0].id;
  const ws = (await fetch(`${q.url}/_quire/v1/workspace`, { headers: { authorization: `Bearer ${q.adminKey}` } }).then((r) => r.json())).id;
  const page = (await call("POST", "/v1/pages", { parent: { page_id: root }, properties: { title: { title: [{ text: { content: "Bench" } }] } } })).id;
  const children = Array.from({ length: 100 }, (_, i) => ({ paragraph: { rich_text: [{ text: { content: `Line ${i}` } }] } }));
  const blocks: string[] = (await call("PATCH", `/v1/blocks/${page}/children`, { children })).results.map((b: { id: string }) => b.id);
  for (const b of blocks.slice(0, Number(opt.commented))) await call("POST", "/v1/comments", { parent: { block_id: b }, rich_text: [{ text: { content: "hi" } }] });

  const perBlock = async () => {
    let next = 0;
    const worker = async () => {
      while (next < blocks.length) await call("GET", `/v1/comments?block_id=${blocks[next++]}&page_size=100`);
    };
    await Promise.all(Array.from({ length: 6 }, worker));
  };
  const oneRead = async () => {
    const res = await call("GET", `/_quire/v1/workspaces/${ws}/pages/${page}/discussions`);
    if (res.results.length !== Number(opt.commented)) throw new Error(`counted ${res.results.length}`);
  };
  const times: Record<string, number[]> = { "100 lists, 6 at a time": [], "one read": [] };
  const time = async (name: string, fn: () => Promise<void>) => {
    const t0 = performance.now();
    await fn();
    times[name].push(performance.now() - t0);
  };
  await perBlock();
  await oneRead();
  for (let i = 0; i < Number(opt.rounds); i++) {
    await time("100 lists, 6 at a time", perBlock);
    await time("one read", oneRead);
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  console.log(`comment counts of a 100-block page (${opt.commented} commented), SQLite, load ${loadavg()[0].toFixed(2)}:`);
  for (const [name, xs] of Object.entries(times)) console.log(`  ${name}: median ${median(xs).toFixed(1)} ms (min ${Math.min(...xs).toFixed(1)})`);
} finally {
  await q.close();
  rmSync(dir, { recursive: true, force: true });
}
