/**
 * Snapshot save and restore times (docs/design/snapshots.md) for a small workspace — the seeded
 * one plus 50 pages with a paragraph each and an uploaded file — over HTTP
 * (`POST /_quire/v1/snapshots`, `POST …/restore`), on SQLite in memory, on a SQLite file, and
 * (with --postgres) on a throwaway PostgreSQL cluster (test/helpers/pg.ts). Prints the median
 * and the 90th percentile of each of `--rounds` calls. Goal (issue 15): < 50 ms in memory.
 *
 *   npx tsx bench/snapshots.ts [--rounds 20] [--postgres]
 */
import { parseArgs } from "node:util";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "@notionhq/client";
import { startQuire, type QuireOptions } from "../src/server.js";

const { values } = parseArgs({ options: { rounds: { type: "string", default: "20" }, postgres: { type: "boolean", default: false } } });
const rounds = Number(values.rounds);

const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))];

async function measure(label: string, opts: QuireOptions): Promise<void> {
  const q = await startQuire({ ...opts, port: 0 });
  try {
    const notion = new Client({ auth: q.token, baseUrl: q.url, retry: false } as ConstructorParameters<typeof Client>[0]);
    const root = q.gettingStartedPageId!;
    for (let i = 0; i < 50; i++) {
      const p = await notion.pages.create({ parent: { page_id: root }, properties: { title: { title: [{ text: { content: `Page ${i}` } }] } } as any });
      await notion.blocks.children.append({ block_id: p.id, children: [{ paragraph: { rich_text: [{ text: { content: `Paragraph of page ${i}` } }] } }] as any });
    }
    const up = await notion.fileUploads.create({ filename: "a.txt", content_type: "text/plain" });
    await notion.fileUploads.send({ file_upload_id: up.id, file: { filename: "a.txt", data: new Blob(["x".repeat(10_000)], { type: "text/plain" }) } });
    const call = async (method: string, path: string, body?: unknown) => {
      const t0 = performance.now();
      const res = await fetch(q.url + path, { method, headers: { authorization: `Bearer ${q.adminKey}`, "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
      const json = (await res.json()) as { size?: number };
      if (res.status !== 200) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
      return { ms: performance.now() - t0, size: json.size };
    };
    const saves: number[] = [];
    let size = 0;
    for (let i = 0; i < rounds; i++) {
      const r = await call("POST", "/_quire/v1/snapshots", { name: `bench-${i}` });
      saves.push(r.ms);
      size = r.size ?? 0;
    }
    const restores: number[] = [];
    for (let i = 0; i < rounds; i++) restores.push((await call("POST", `/_quire/v1/snapshots/bench-${i}/restore`)).ms);
    const resets: number[] = [];
    for (let i = 0; i < rounds; i++) resets.push((await call("POST", "/_quire/v1/reset")).ms);
    const f = (xs: number[]) => `median ${quantile(xs, 0.5).toFixed(1)} ms, p90 ${quantile(xs, 0.9).toFixed(1)} ms`;
    console.log(`${label.padEnd(22)} snapshot ${(size / 1024).toFixed(0)} KiB | save ${f(saves)} | restore ${f(restores)} | reset (seed only) ${f(resets)}`);
  } finally {
    await q.close();
  }
}

await measure("SQLite, in memory", { memory: true });
const dir = mkdtempSync(join(tmpdir(), "quire-bench-snap-"));
try {
  await measure("SQLite, on a file", { memory: false, dataDir: dir });
} finally {
  rmSync(dir, { recursive: true, force: true });
}
if (values.postgres) {
  const { freshDatabase } = await import("../test/helpers/pg.js");
  const db = await freshDatabase();
  try {
    await measure("PostgreSQL", { memory: true, databaseUrl: db.url, secretKey: Buffer.alloc(32, 7).toString("base64") });
  } finally {
    await db.drop();
  }
  process.exit(0);
}
