/**
 * Requests that used to stall the server (issue 9, findings 5–8), kept forever: formulas whose
 * work outgrew their step budget, filters of thousands of conditions, synced blocks that show
 * themselves, and file imports from hosts that never answer. Each answers promptly with a
 * Notion-shaped result; the last group checks from outside (a server in its own process) that
 * `/_quire/health` keeps answering within 100 ms while each of them runs.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { createServer, type Server } from "node:http";
import { createServer as createTcpServer, type Server as TcpServer, type Socket } from "node:net";
import { spawn } from "node:child_process";
import type { AddressInfo } from "node:net";
import { execOnStore } from "./helpers/store.js";
import type { Client } from "@notionhq/client";
import { startTestQuire, type TestQuire } from "./helpers/quire.js";
import { startChildQuire, type ChildQuire } from "./helpers/child-quire.js";
import { apiError, text } from "./helpers/api.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Settles with `call`, or rejects when it has not settled within `ms` (a hang fails, not stalls, the test). */
async function within<T>(ms: number, call: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms)));
  try {
    return await Promise.race([call, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** A database under `parent` with `properties`; returns its data source id. */
async function dataSource(notion: Client, parent: string, properties: Record<string, unknown>): Promise<string> {
  const db = (await notion.databases.create({ parent: { page_id: parent }, title: text("Stalls"), initial_data_source: { properties } } as any)) as any;
  return db.data_sources[0].id;
}

/** `n` rows with Name "r<i>" and N = i, created a few at a time. */
async function rows(notion: Client, ds: string, n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i += 10) {
    const batch = Array.from({ length: Math.min(10, n - i) }, (_, k) =>
      notion.pages.create({ parent: { data_source_id: ds }, properties: { Name: { title: text(`r${i + k}`) }, N: { number: i + k } } } as any),
    );
    ids.push(...(await Promise.all(batch)).map((p) => p.id));
  }
  return ids;
}

/** A list of `n` distinct numbers, and work over it that outgrows one evaluation's budget. */
const list = (n: number) => `split(repeat("x", ${n}), "").map(index)`;
const HOSTILE_FORMULA = `${list(60000)}.map(current * 2).map(current + 1).unique().length()`;
/**
 * ~200,000 steps (8–25 ms, by the machine): a value on its own, too much on 600 rows within a
 * 1.5 s budget on any machine — 150 rows were, until a machine three times faster did them in time.
 */
const COSTLY_FORMULA = `${list(40000)}.filter(current % 3 == 0).length()`;

/**
 * 100 × 100 conditions, the largest filter within Notion's limits, every one of them evaluated
 * on every row (the deciding condition comes last); matches rows whose N is a multiple of 7.
 */
/** An or of `n` ands of `n` conditions each (n × n, 10,000 at Notion's limit of 100 a level). */
function hugeFilter(n = 100): unknown {
  return {
    or: Array.from({ length: n }, (_, j) => ({
      and: [...Array.from({ length: n - 1 }, (_, i) => ({ property: "N", number: { less_than: 9000 + i } })), { property: "N", number: { equals: j * 7 } }],
    })),
  };
}

describe("finding 5: formulas are bounded by the work they do", () => {
  let q: TestQuire;
  let notion: Client;
  before(async () => {
    q = await startTestQuire({ requestComputeMs: 1500 });
    notion = q.client();
  });
  after(() => q?.close());

  test("a formula over its budget reads as unsupported, promptly (unique over 60,000 items ran for minutes)", async () => {
    const ds = await dataSource(notion, q.rootPageId, { Name: { title: {} }, N: { number: {} }, F: { formula: { expression: HOSTILE_FORMULA } } });
    const [row] = await rows(notion, ds, 1);
    const t0 = performance.now();
    const page = (await within(5000, notion.pages.retrieve({ page_id: row }), "GET page")) as any;
    assert.deepEqual(page.properties.F, { id: page.properties.F.id, type: "formula", formula: { type: "unsupported", unsupported: {} } });
    assert.ok(performance.now() - t0 < 2000, `${Math.round(performance.now() - t0)} ms`);
    // A formula that fails for another reason still reads as an empty value of its type.
    await notion.dataSources.update({ data_source_id: ds, properties: { F: { formula: { expression: 'test("a", "(")' } } } } as any);
    const again = (await notion.pages.retrieve({ page_id: row })) as any;
    assert.deepEqual(again.properties.F.formula, { type: "boolean", boolean: null });
  });

  test("texts and lists built from shared pieces stop at their caps, on every read path", async () => {
    const ds = await dataSource(notion, q.rootPageId, {
      Name: { title: {} },
      N: { number: {} },
      Big: { formula: { expression: `lets(a, ${list(1000)}, b, a.map(a), b.map(b))` } },
      Text: { formula: { expression: 'replaceAll(repeat("a", 999999), "a", "$`")' } },
    });
    const [row] = await rows(notion, ds, 1);
    const page = (await within(5000, notion.pages.retrieve({ page_id: row }), "GET page")) as any;
    assert.equal(page.properties.Big.formula.type, "unsupported");
    assert.equal(page.properties.Text.formula.type, "unsupported");
    const item = (await within(5000, notion.pages.properties.retrieve({ page_id: row, property_id: page.properties.Big.id }), "property item")) as any;
    assert.equal(item.formula.type, "unsupported");
  });

  test("a query whose formulas outgrow the request's compute budget answers 504 gateway_timeout when the budget is spent", async () => {
    const ds = await dataSource(notion, q.rootPageId, { Name: { title: {} }, N: { number: {} }, F: { formula: { expression: COSTLY_FORMULA } } });
    await rows(notion, ds, 600);
    const t0 = performance.now();
    // A condition no row meets: every row's F is evaluated (one that every row met would stop at
    // the first page's 100 rows).
    await assert.rejects(
      within(8000, notion.dataSources.query({ data_source_id: ds, filter: { property: "F", formula: { number: { less_than: 0 } } } } as any), "query"),
      apiError(504, "gateway_timeout", "Notion timed out while attempting to complete this request. Please try again later."),
    );
    const ms = performance.now() - t0;
    assert.ok(ms >= 1400 && ms < 4000, `gave up after ${Math.round(ms)} ms (budget 1,500 ms)`);
    // Another request's budget is its own: one row is well within it.
    const one = (await notion.pages.retrieve({ page_id: (await notion.dataSources.query({ data_source_id: ds, page_size: 1 } as any)).results[0].id })) as any;
    assert.equal(one.properties.F.formula.type, "number");
  });
});

describe("finding 6: filters within Notion's limits, evaluated in linear time", () => {
  let q: TestQuire;
  let notion: Client;
  let ds: string;
  before(async () => {
    q = await startTestQuire();
    notion = q.client();
    ds = await dataSource(notion, q.rootPageId, { Name: { title: {} }, N: { number: {} } });
    await rows(notion, ds, 600);
  });
  after(() => q?.close());

  const leaves = (n: number) => Array.from({ length: n }, (_, i) => ({ property: "N", number: { equals: i } }));

  test("an or/and array of more than 100 filters and sorts of more than 100 entries are refused with Notion's wording", async () => {
    await assert.rejects(notion.dataSources.query({ data_source_id: ds, filter: { or: leaves(101) } } as any), apiError(400, "validation_error", "body failed validation: body.filter.or.length should be ≤ `100`, instead was `101`."));
    // A flat or of 10,000 conditions answered 500 (SQLite's expression depth).
    await assert.rejects(notion.dataSources.query({ data_source_id: ds, filter: { or: leaves(10_000) } } as any), apiError(400, "validation_error", "body failed validation: body.filter.or.length should be ≤ `100`, instead was `10000`."));
    await assert.rejects(
      notion.dataSources.query({ data_source_id: ds, filter: { and: [{ or: leaves(150) }] } } as any),
      apiError(400, "validation_error", "body failed validation: body.filter.and[0].or.length should be ≤ `100`, instead was `150`."),
    );
    const sorts = Array.from({ length: 1000 }, () => ({ property: "N", direction: "ascending" }));
    await assert.rejects(notion.dataSources.query({ data_source_id: ds, sorts } as any), apiError(400, "validation_error", "body failed validation: body.sorts.length should be ≤ `100`, instead was `1000`."));
    const ok = await notion.dataSources.query({ data_source_id: ds, filter: { or: leaves(100) }, sorts: sorts.slice(0, 100), page_size: 100 } as any);
    assert.equal(ok.results.length, 100);
  });

  test("10,000 conditions (100 × 100) over 600 rows answer the right rows, in time growing with the conditions, not faster (5.9 s before)", async () => {
    const query = (n: number) => within(10_000, notion.dataSources.query({ data_source_id: ds, filter: hugeFilter(n), page_size: 100 } as any), "query");
    const res = await query(100);
    const ns = res.results.map((p: any) => p.properties.N.number).sort((a: number, b: number) => a - b);
    assert.deepEqual(ns, Array.from({ length: 86 }, (_, i) => i * 7));
    // No wall-clock bound (a loaded machine broke the old 3 s one): 2,500 and 10,000 conditions
    // timed in the same run, the best of two each. Linear is 4×; the old evaluation, growing
    // faster than the conditions, was well past the 8× allowed (a margin for the machine's noise).
    const best = async (n: number) => {
      let min = Infinity;
      for (let k = 0; k < 2; k++) {
        const t0 = performance.now();
        await query(n);
        min = Math.min(min, performance.now() - t0);
      }
      return min;
    };
    const small = await best(50);
    const big = await best(100);
    assert.ok(big < 8 * small + 250, `10,000 conditions took ${Math.round(big)} ms, 2,500 took ${Math.round(small)} ms`);
    // Cursors work on the in-memory path as on SQL.
    const first = await notion.dataSources.query({ data_source_id: ds, filter: hugeFilter(), page_size: 50 } as any);
    const second = await notion.dataSources.query({ data_source_id: ds, filter: hugeFilter(), page_size: 50, start_cursor: first.next_cursor! } as any);
    assert.equal(first.results.length + second.results.length, 86);
    assert.equal(second.has_more, false);
  });
});

describe("finding 7: synced blocks that would show themselves", () => {
  let q: TestQuire;
  let notion: Client;
  before(async () => {
    q = await startTestQuire();
    notion = q.client();
  });
  after(() => q?.close());

  const para = (s: string) => ({ paragraph: { rich_text: text(s) } });
  const original = (children: unknown[] = [para("inside")]) => ({ synced_block: { synced_from: null, children } });
  const reference = (id: string) => ({ synced_block: { synced_from: { block_id: id } } });
  const cycle = /^A reference to synced block [0-9a-f-]{36} cannot be placed inside the content that synced block shows: it would contain itself\.$/;
  const page = async () => (await notion.pages.create({ parent: { page_id: q.rootPageId }, properties: { title: { title: text("Synced") } } } as any)).id;
  const append = async (parent: string, children: unknown[]) => (await notion.blocks.children.append({ block_id: parent, children } as any)).results as any[];
  const kids = async (id: string) => ((await notion.blocks.children.list({ block_id: id })).results as any[]).map((b) => b.id);

  test("a reference inside its own original is refused, directly or nested, and nothing is written", async () => {
    const p = await page();
    const [o] = await append(p, [original()]);
    const before = await kids(o.id);
    await assert.rejects(append(o.id, [reference(o.id)]), apiError(400, "validation_error", cycle));
    await assert.rejects(append(before[0], [reference(o.id)]), apiError(400, "validation_error", cycle));
    await assert.rejects(append(o.id, [{ toggle: { rich_text: text("t"), children: [reference(o.id)] } }]), apiError(400, "validation_error", cycle));
    assert.deepEqual(await kids(o.id), before);
    // Elsewhere on the page, a reference is fine.
    await append(p, [reference(o.id)]);
  });

  test("two originals showing each other (A → B → A) are refused on append, on update and on restore", async () => {
    const p = await page();
    const [a, b, c] = await append(p, [original(), original(), original()]);
    const [refB] = await append(a.id, [reference(b.id)]);
    await assert.rejects(append(b.id, [reference(a.id)]), apiError(400, "validation_error", cycle));
    // Pointing an existing reference at A: refused, and it still points at C.
    const [refC] = await append(b.id, [reference(c.id)]);
    await assert.rejects(notion.blocks.update({ block_id: refC.id, synced_block: { synced_from: { block_id: a.id } } } as any), apiError(400, "validation_error", cycle));
    assert.equal(((await notion.blocks.retrieve({ block_id: refC.id })) as any).synced_block.synced_from.block_id, c.id);
    // With A's reference to B in the trash there is no cycle; bringing it back would make one.
    await notion.blocks.delete({ block_id: refB.id });
    await append(b.id, [reference(a.id)]);
    await assert.rejects(notion.blocks.update({ block_id: refB.id, in_trash: false } as any), apiError(400, "validation_error", cycle));
    assert.equal(((await notion.blocks.retrieve({ block_id: refB.id })) as any).in_trash, true);
  });

  test("a markdown write that puts a reference inside the original it points at is refused", async () => {
    const p = await page();
    const [o] = await append(p, [original()]);
    const md = ((await notion.pages.retrieveMarkdown({ page_id: p } as any)) as any).markdown as string;
    const url = /<synced_block url="([^"]+)">/.exec(md)![1];
    const next = md.replace("\tinside", `\tinside\n\t<synced_block_reference url="${url}">\n\t</synced_block_reference>`);
    assert.notEqual(next, md);
    await assert.rejects(
      (notion.pages as any).updateMarkdown({ page_id: p, type: "replace_content", replace_content: { new_str: next } }),
      apiError(400, "validation_error", cycle),
    );
    assert.equal((await kids(o.id)).length, 1);
  });

  test("a cycle stored by an older version reads without recursing: markdown renders it once, children list", async () => {
    const dir = await mkdtemp(join(tmpdir(), "quire-synced-"));
    try {
      let qd = await startTestQuire({ memory: false, dataDir: dir });
      let n = qd.client();
      const p = (await n.pages.create({ parent: { page_id: qd.rootPageId }, properties: { title: { title: text("Old") } } } as any)).id;
      const [o] = (await n.blocks.children.append({ block_id: p, children: [original()] } as any)).results as any[];
      const [ref] = (await n.blocks.children.append({ block_id: p, children: [reference(o.id)] } as any)).results as any[];
      await qd.close();
      // What an older version let through: the reference moved inside its own original.
      await execOnStore(dir, "UPDATE nodes SET parent_id = ?, parent_type = 'block_id' WHERE id = ?", [o.id, ref.id]);
      qd = await startTestQuire({ memory: false, dataDir: dir });
      n = qd.client();
      try {
        const md = ((await within(5000, n.pages.retrieveMarkdown({ page_id: p } as any), "markdown")) as any).markdown as string;
        // The reference inside its own original shows nothing more (its content is being shown).
        assert.equal(md, `<synced_block url="${/url="([^"]+)"/.exec(md)![1]}">\n\tinside\n\t<synced_block_reference url="${/url="([^"]+)"/.exec(md)![1]}">\n\t</synced_block_reference>\n</synced_block>`);
        assert.equal((await n.blocks.children.list({ block_id: ref.id })).results.length, 2);
        // Writing the page back with the cycle is refused; replacing the content removes it.
        await assert.rejects((n.pages as any).updateMarkdown({ page_id: p, type: "replace_content", replace_content: { new_str: md } }), apiError(400, "validation_error", cycle));
        await (n.pages as any).updateMarkdown({ page_id: p, type: "replace_content", replace_content: { new_str: "fresh" } });
        assert.equal(((await n.pages.retrieveMarkdown({ page_id: p } as any)) as any).markdown, "fresh");
      } finally {
        await qd.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

/** Hosts that accept connections and never answer, answer HEAD but never GET, or trickle the body forever. */
class HostileHosts {
  silent!: TcpServer;
  http!: Server;
  private readonly sockets = new Set<Socket>();
  private readonly timers = new Set<NodeJS.Timeout>();
  silentOrigin = "";
  origin = "";

  async start(): Promise<void> {
    this.silent = createTcpServer((s) => {
      this.sockets.add(s);
      s.on("error", () => undefined);
    });
    await new Promise<void>((r) => this.silent.listen(0, "127.0.0.1", r));
    this.silentOrigin = `http://127.0.0.1:${(this.silent.address() as AddressInfo).port}`;
    this.http = createServer((req, res) => {
      if (req.method === "HEAD") {
        res.writeHead(200, { "content-type": "application/pdf", "content-length": "1000" });
        return res.end();
      }
      if (req.url?.startsWith("/hang")) return; // headers never come
      res.writeHead(200, { "content-type": "application/pdf" });
      const t = setInterval(() => res.write("x"), 100);
      this.timers.add(t);
      res.on("close", () => clearInterval(t));
    });
    await new Promise<void>((r) => this.http.listen(0, "127.0.0.1", r));
    this.origin = `http://127.0.0.1:${(this.http.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    for (const s of this.sockets) s.destroy();
    this.http.closeAllConnections();
    await Promise.all([new Promise((r) => this.silent.close(r)), new Promise((r) => this.http.close(r))]);
  }
}

describe("finding 8: file imports from hosts that never answer", () => {
  const hosts = new HostileHosts();
  let q: TestQuire;
  let notion: Client;
  before(async () => {
    await hosts.start();
    q = await startTestQuire({ allowPrivateFileUrls: true, fileImportTimeoutMs: 1000 });
    notion = q.client();
  });
  after(async () => {
    await q?.close();
    await hosts.stop();
  });

  const create = (url: string, i: number) => notion.fileUploads.create({ mode: "external_url", filename: `f${i}.pdf`, external_url: url } as any);

  test("a host that never answers the HEAD check: five creates at once each answer 400 when the check times out", async () => {
    const t0 = performance.now();
    const results = await within(8000, Promise.allSettled(Array.from({ length: 5 }, (_, i) => create(`${hosts.silentOrigin}/f${i}.pdf`, i))), "creates");
    for (const r of results) {
      assert.equal(r.status, "rejected");
      apiError(400, "validation_error", /^The external_url is not publicly accessible: No (complete )?answer within 1000 ms\.$/)((r as PromiseRejectedResult).reason);
    }
    assert.ok(performance.now() - t0 < 4000, `${Math.round(performance.now() - t0)} ms`);
  });

  test("downloads that never get headers or trickle forever: created at once, then failed with file_import_result timeout", async () => {
    const t0 = performance.now();
    const made = await within(5000, Promise.all(Array.from({ length: 6 }, (_, i) => create(`${hosts.origin}/${i % 2 ? "hang" : "trickle"}/f${i}.pdf`, i))), "creates");
    assert.ok(performance.now() - t0 < 2500, `creates took ${Math.round(performance.now() - t0)} ms`);
    for (const u of made) assert.equal(u.status, "pending");
    const deadline = performance.now() + 8000;
    for (const u of made) {
      let now = await notion.fileUploads.retrieve({ file_upload_id: u.id });
      while (now.status === "pending" && performance.now() < deadline) {
        await sleep(100);
        now = await notion.fileUploads.retrieve({ file_upload_id: u.id });
      }
      assert.equal(now.status, "failed", `${u.id} still ${now.status}`);
      const result = now.file_import_result as any;
      assert.deepEqual([result.type, result.error.type, result.error.code], ["error", "download_error", "timeout"]);
    }
  });
});

/**
 * The health prober: a process of its own that asks /_quire/health one request at a time, 10 ms
 * apart, and prints each round trip in ms. Out of the test's process, so what the test itself
 * does meanwhile (serializing 460 KB bodies, parsing the answers) is not counted as the
 * server's delay.
 */
const PROBE = `
const url = process.argv[1];
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
(async () => {
  await (await fetch(url)).text();
  process.stdout.write("ready\\n");
  for (;;) {
    const t0 = performance.now();
    const res = await fetch(url);
    await res.text();
    process.stdout.write((res.status === 200 ? "" : "status ") + (performance.now() - t0).toFixed(1) + "\\n");
    await sleep(10);
  }
})();`;

/** Runs `hostile` while the prober asks for health; returns its outcome and every round trip in ms. */
async function healthDuring<T>(url: string, hostile: () => Promise<T>): Promise<{ outcome: PromiseSettledResult<T>; ms: number[] }> {
  const probe = spawn(process.execPath, ["-e", PROBE, `${url}/_quire/health`], { stdio: ["ignore", "pipe", "inherit"] });
  let out = "";
  const ready = new Promise<void>((resolve) => probe.stdout!.on("data", (d) => ((out += d), out.includes("ready\n") && resolve())));
  const exited = new Promise((r) => probe.on("exit", r));
  try {
    await within(10_000, ready, "health prober");
    const outcome = (await Promise.allSettled([hostile()]))[0];
    await sleep(20); // the answer in flight when the hostile request ended
    const lines = out.slice(out.indexOf("ready\n") + 6).split("\n").filter(Boolean);
    assert.ok(!lines.some((l) => l.startsWith("status")), `health answered other than 200: ${lines.filter((l) => l.startsWith("status")).join(", ")}`);
    return { outcome, ms: lines.map(Number) };
  } finally {
    probe.kill();
    await exited;
  }
}

/** The longest stretch of its own CPU time the server may spend without turning its event loop. */
const STRETCH_MS = 80;

/**
 * Runs `hostile` while the prober asks for health, up to five times, and passes on the first run
 * in which (1) the server never computed for STRETCH_MS without turning its event loop (CPU time,
 * measured inside the server: what a stall is, whatever else the machine does), and (2) every
 * health answer took under 100 ms. (2) is required when the machine has a core to spare (1-minute
 * load average at most its number of cores): on a machine where other processes keep more
 * threads runnable than there are cores, a process that computes gets a fraction of a core, and
 * its wall-clock answers say nothing about it (measured at load average 9 on 2 cores: 47 ms of
 * CPU between two turns took 257 ms). A stall fails every run either way.
 */
async function responsive<T>(t: { diagnostic(m: string): void }, label: string, server: ChildQuire, hostile: () => Promise<T>, verify: (o: PromiseSettledResult<T>) => void): Promise<void> {
  const runs: string[] = [];
  for (let run = 0; run < 5; run++) {
    await server.cpuStretch();
    const { outcome, ms } = await healthDuring(server.url, hostile);
    const stretch = await server.cpuStretch();
    verify(outcome);
    assert.ok(ms.length >= 5, `${label}: only ${ms.length} health answers while it ran`);
    const load = loadavg()[0];
    const spare = load <= cpus().length;
    runs.push(`${summary(ms)}, longest CPU stretch ${Math.round(stretch)} ms (load average ${load.toFixed(1)}${spare ? "" : ": wall-clock bound not applied"})`);
    if (stretch < STRETCH_MS && (!spare || Math.max(...ms) < 100)) return t.diagnostic(`${label}: ${runs.join("; ")}`);
  }
  assert.fail(`${label}: no run kept the server responsive: ${runs.join("; ")}`);
}

const summary = (ms: number[]) => `${ms.length} answers, slowest ${Math.round(Math.max(...ms))} ms, median ${Math.round([...ms].sort((a, b) => a - b)[ms.length >> 1])} ms`;

/**
 * The server in its own process: a stalled server cannot stall the test, and the clock is the
 * client's. Each hostile request gives up (or finishes) within a few seconds; meanwhile every
 * health answer takes under 100 ms (the server pauses at least every 10 ms of computing, and one
 * formula evaluation is cut at 50 ms).
 */
describe("responsiveness: /_quire/health answers within 100 ms while hostile requests run", () => {
  let server: ChildQuire;
  let notion: Client;
  const hosts = new HostileHosts();
  before(async () => {
    await hosts.start();
    server = await startChildQuire({ requestComputeMs: 2000, allowPrivateFileUrls: true, fileImportTimeoutMs: 2000 });
    notion = server.client();
  });
  after(async () => {
    await server?.stop();
    await hosts.stop();
  });

  test("while a query evaluates hostile formulas over 600 rows (it answers 504 after its 2 s budget)", async (t) => {
    const ds = await dataSource(notion, server.rootPageId, { Name: { title: {} }, N: { number: {} }, F: { formula: { expression: HOSTILE_FORMULA } } });
    // Each evaluation is cut at its steps (10–40 ms, by the machine): 600 rows outgrow the 2 s
    // budget on any machine (150 did not on one three times faster than the one they were set on).
    await rows(notion, ds, 600);
    await responsive(t, "hostile formulas", server, async () => {
      const t0 = performance.now();
      try {
        return await within(8000, notion.dataSources.query({ data_source_id: ds, filter: { property: "F", formula: { number: { greater_than: 0 } } } } as any), "query");
      } finally {
        assert.ok(performance.now() - t0 < 5000, `the query took ${Math.round(performance.now() - t0)} ms`);
      }
    }, (outcome) => {
      assert.equal(outcome.status, "rejected");
      apiError(504, "gateway_timeout")((outcome as PromiseRejectedResult).reason);
    });
  });

  test("while a filter of 10,000 conditions runs over 600 rows", async (t) => {
    const ds = await dataSource(notion, server.rootPageId, { Name: { title: {} }, N: { number: {} } });
    await rows(notion, ds, 600);
    await responsive(t, "huge filters", server,
      () => within(8000, notion.dataSources.query({ data_source_id: ds, filter: hugeFilter(), page_size: 100 } as any), "query"),
      (outcome) => {
        // The query needs 0.3–1.7 s of this server's 2 s budget; on a machine whose other processes
        // keep more threads runnable than it has cores, it gets a fraction of a core and may spend
        // the budget first — then its answer is the 504 the budget promises, never a stall.
        if (outcome.status === "rejected" && loadavg()[0] > cpus().length) return apiError(504, "gateway_timeout")(outcome.reason);
        assert.equal(outcome.status, "fulfilled", String((outcome as PromiseRejectedResult).reason));
      },
    );
  });

  test("while a page of 20,000 synced blocks, one of them a stored cycle, is rendered three times at once", async (t) => {
    const dir = await mkdtemp(join(tmpdir(), "quire-synced-"));
    let s = await startChildQuire({ memory: false, dataDir: dir, requestComputeMs: 5000 });
    try {
      let n = s.client();
      const p = (await n.pages.create({ parent: { page_id: s.rootPageId }, properties: { title: { title: text("Synced") } } } as any)).id;
      const paras = Array.from({ length: 100 }, (_, i) => ({ paragraph: { rich_text: text(`line ${i}`) } }));
      const [o] = (await n.blocks.children.append({ block_id: p, children: [{ synced_block: { synced_from: null, children: paras } }] } as any)).results as any[];
      await n.blocks.children.append({ block_id: o.id, children: paras } as any);
      const ref = { synced_block: { synced_from: { block_id: o.id } } };
      await n.blocks.children.append({ block_id: p, children: Array.from({ length: 100 }, () => ref) } as any);
      const [inner] = (await n.blocks.children.append({ block_id: p, children: [ref] } as any)).results as any[];
      await s.stop();
      // A cycle as an older version could store it: one reference moved inside its original.
      await execOnStore(dir, "UPDATE nodes SET parent_id = ?, parent_type = 'block_id' WHERE id = ?", [o.id, inner.id]);
      s = await startChildQuire({ memory: false, dataDir: dir, requestComputeMs: 5000 });
      n = s.client();
      await responsive(t, "synced blocks", s,
        () => within(10_000, Promise.all([
          ...[0, 1, 2].map(() => n.pages.retrieveMarkdown({ page_id: p } as any)),
          n.blocks.children.append({ block_id: o.id, children: [ref] } as any).catch((e) => e),
        ]), "renders"),
        (outcome) => {
          assert.equal(outcome.status, "fulfilled", String((outcome as PromiseRejectedResult).reason));
          const results = (outcome as PromiseFulfilledResult<any[]>).value;
          for (const md of results.slice(0, 3)) assert.equal(md.truncated, true); // 200 + 100 × 201 blocks: past 20,000
          assert.equal(results[3].code, "validation_error");
        },
      );
    } finally {
      await s.stop();
      await rm(dir, { recursive: true, force: true });
    }
  });

  test("while ten imports wait on hosts that never answer", async (t) => {
    await responsive(t, "never-answering imports", server,
      () => within(8000, Promise.allSettled(Array.from({ length: 10 }, (_, i) =>
        notion.fileUploads.create({ mode: "external_url", filename: `f${i}.pdf`, external_url: `${i % 2 ? hosts.silentOrigin : hosts.origin + "/hang"}/f${i}.pdf` } as any),
      )), "imports"),
      (outcome) => assert.equal(outcome.status, "fulfilled"),
    );
  });
});
