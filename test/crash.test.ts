/**
 * Crash safety: the real CLI server in a child process, acknowledged writes through the real
 * SDK, then `kill -9` in the middle of a burst of concurrent writes, a restart on the same data
 * directory, and a check that every write answered 2xx before the kill is there and intact and
 * that every write in flight is all or nothing (an append of N blocks: N or none; a page
 * created with children: whole or absent; an update: the old value or the new one). Several
 * rounds, each checking everything acknowledged in all earlier rounds.
 */
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { Client } from "@notionhq/client";
import { startServerProcess, type ServerProcess } from "./helpers/child.js";
import { onPostgres } from "./helpers/store.js";

const TOKEN = "crash-test-token-0001";
const ROUNDS = 5;
const WORKERS = 6;
/** Burst writes acknowledged before the kill is sent (the kill lands mid-burst). */
const KILL_AFTER = [8, 30, 3, 60, 15];

const dir = mkdtempSync(join(tmpdir(), "quire-crash-"));
let server: ServerProcess | undefined;
after(async () => {
  if (server && server.child.exitCode === null && server.child.signalCode === null) await server.stop("SIGKILL");
  rmSync(dir, { recursive: true, force: true });
});

const rt = (content: string) => [{ type: "text" as const, text: { content } }];
const plain = (b: any): string => ((b[b.type]?.rich_text ?? []) as { plain_text: string }[]).map((r) => r.plain_text).join("");

/** A deterministic PRNG, so a failing round can be read again the same way. */
function rng(seed: number) {
  let s = seed >>> 0;
  return (n: number) => {
    s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    return s % n;
  };
}

// ------------------------------------------------------------------ the ledger of writes

/** Appended blocks: texts `${marker}:${i}`; toggles carry one child `${marker}:${i}:child`. */
interface AppendOp { kind: "append"; page: string; marker: string; n: number; toggles: number[]; acked: boolean }
/** A page created under `parent` with children `${title}:c${i}`. */
interface CreateOp { kind: "create"; parent: string; title: string; n: number; acked: boolean }
/** The successive values written to one page title or one block's text, in order. */
interface Register { kind: "title" | "text"; id: string; values: { value: string; acked: boolean }[] }

interface Ledger {
  appends: AppendOp[];
  creates: CreateOp[];
  registers: Register[];
  /** Worker pages of every round. */
  pages: string[];
}

const ledger: Ledger = { appends: [], creates: [], registers: [], pages: [] };

// ------------------------------------------------------------------ SDK helpers

function clientFor(s: ServerProcess): Client {
  return new Client({ auth: TOKEN, baseUrl: s.url, notionVersion: "2025-09-03", retry: false, timeoutMs: 15_000 } as ConstructorParameters<typeof Client>[0]);
}

async function childrenOf(notion: Client, id: string): Promise<any[]> {
  const out: any[] = [];
  let cursor: string | undefined;
  do {
    const res = await notion.blocks.children.list({ block_id: id, start_cursor: cursor, page_size: 100 });
    out.push(...res.results);
    cursor = res.next_cursor ?? undefined;
  } while (cursor);
  return out;
}

async function rootPage(s: ServerProcess): Promise<string> {
  const get = async (path: string) => (await fetch(s.url + path, { headers: { authorization: `Bearer ${s.adminKey}` } })).json() as Promise<any>;
  const list = await get("/_quire/v1/integrations");
  const dev = list.results.find((i: { name: string }) => i.name === "Quire Dev");
  return (await get(`/_quire/v1/integrations/${dev.id}`)).shares[0];
}

function appendBody(op: AppendOp) {
  return Array.from({ length: op.n }, (_, i) =>
    op.toggles.includes(i)
      ? { toggle: { rich_text: rt(`${op.marker}:${i}`), children: [{ paragraph: { rich_text: rt(`${op.marker}:${i}:child`) } }] } }
      : { paragraph: { rich_text: rt(`${op.marker}:${i}`) } },
  );
}

async function doAppend(notion: Client, op: AppendOp): Promise<void> {
  const res = await notion.blocks.children.append({ block_id: op.page, children: appendBody(op) as any });
  assert.equal(res.results.length, op.n);
}

async function doCreate(notion: Client, op: CreateOp): Promise<void> {
  await notion.pages.create({
    parent: { page_id: op.parent },
    properties: { title: { title: rt(op.title) } },
    children: Array.from({ length: op.n }, (_, i) => ({ paragraph: { rich_text: rt(`${op.title}:c${i}`) } })),
  } as any);
}

async function doWrite(notion: Client, reg: Register, value: string): Promise<void> {
  if (reg.kind === "title") await notion.pages.update({ page_id: reg.id, properties: { title: { title: rt(value) } } } as any);
  else await notion.blocks.update({ block_id: reg.id, paragraph: { rich_text: rt(value) } } as any);
}

/** Runs a write, recording it acknowledged only when the server answered 2xx. */
async function tracked<T extends { acked: boolean }>(entry: T, run: () => Promise<void>): Promise<boolean> {
  try {
    await run();
    entry.acked = true;
    return true;
  } catch {
    return false; // unknown outcome: connection reset by the kill
  }
}

// ------------------------------------------------------------------ one worker

interface Worker {
  page: string;
  title: Register;
  text: Register;
}

async function setUpWorker(notion: Client, root: string, round: number, w: number): Promise<Worker> {
  const page = (await notion.pages.create({ parent: { page_id: root }, properties: { title: { title: rt(`r${round}w${w}`) } } } as any)).id;
  const res = await notion.blocks.children.append({ block_id: page, children: [{ paragraph: { rich_text: rt(`r${round}w${w}-text-0`) } }] as any });
  const title: Register = { kind: "title", id: page, values: [{ value: `r${round}w${w}`, acked: true }] };
  const text: Register = { kind: "text", id: res.results[0].id, values: [{ value: `r${round}w${w}-text-0`, acked: true }] };
  ledger.pages.push(page);
  ledger.registers.push(title, text);
  return { page, title, text };
}

/** One write of a random kind for this worker; resolves false when the server went away. */
async function step(notion: Client, worker: Worker, tag: string, rand: (n: number) => number): Promise<boolean> {
  switch (rand(4)) {
    case 0:
    case 1: {
      // Up to the 100-block limit: long transactions, so a kill often lands inside one.
      const n = 1 + rand(rand(4) === 0 ? 100 : 30);
      const toggles = Array.from({ length: n }, (_, i) => i).filter(() => rand(8) === 0);
      const op: AppendOp = { kind: "append", page: worker.page, marker: `${tag}-a`, n, toggles, acked: false };
      ledger.appends.push(op);
      return tracked(op, () => doAppend(notion, op));
    }
    case 2: {
      const op: CreateOp = { kind: "create", parent: worker.page, title: `${tag}-p`, n: rand(12), acked: false };
      ledger.creates.push(op);
      return tracked(op, () => doCreate(notion, op));
    }
    default: {
      const reg = rand(2) ? worker.title : worker.text;
      const entry = { value: `${tag}-v`, acked: false };
      reg.values.push(entry);
      return tracked(entry, () => doWrite(notion, reg, entry.value));
    }
  }
}

// ------------------------------------------------------------------ verification

async function verify(notion: Client): Promise<{ acked: number; inFlightApplied: number; inFlightAbsent: number }> {
  let acked = 0;
  let applied = 0;
  let absent = 0;
  const childrenByPage = new Map<string, any[]>();
  for (const page of ledger.pages) childrenByPage.set(page, await childrenOf(notion, page));

  for (const op of ledger.appends) {
    const kids = childrenByPage.get(op.page)!;
    const mine = kids.filter((b) => plain(b).startsWith(`${op.marker}:`));
    if (op.acked) acked++;
    if (mine.length === 0 && !op.acked) {
      absent++;
      continue;
    }
    assert.equal(mine.length, op.n, `append ${op.marker} (${op.acked ? "acknowledged" : "in flight"}) has ${mine.length} of its ${op.n} blocks`);
    if (!op.acked) applied++;
    // All N, in order, next to each other, each intact.
    const start = kids.indexOf(mine[0]);
    mine.forEach((b, i) => {
      assert.equal(kids[start + i], b, `append ${op.marker}: its blocks are not contiguous`);
      assert.equal(plain(b), `${op.marker}:${i}`);
      assert.equal(b.type, op.toggles.includes(i) ? "toggle" : "paragraph");
      assert.equal(b.has_children, op.toggles.includes(i), `append ${op.marker}:${i} has_children`);
    });
    for (const i of op.toggles) {
      const inner = await childrenOf(notion, mine[i].id);
      assert.deepEqual(inner.map(plain), [`${op.marker}:${i}:child`], `append ${op.marker}: toggle ${i} lost its child`);
    }
  }

  for (const op of ledger.creates) {
    const found = childrenByPage.get(op.parent)!.filter((b) => b.type === "child_page" && b.child_page.title === op.title);
    if (op.acked) acked++;
    if (found.length === 0 && !op.acked) {
      absent++;
      continue;
    }
    assert.equal(found.length, 1, `page ${op.title} (${op.acked ? "acknowledged" : "in flight"}) appears ${found.length} times`);
    if (!op.acked) applied++;
    const page: any = await notion.pages.retrieve({ page_id: found[0].id });
    assert.equal(page.properties.title.title.map((t: { plain_text: string }) => t.plain_text).join(""), op.title);
    const inner = await childrenOf(notion, found[0].id);
    assert.deepEqual(inner.map(plain), Array.from({ length: op.n }, (_, i) => `${op.title}:c${i}`), `page ${op.title}: children`);
  }

  for (const reg of ledger.registers) {
    let last = -1;
    reg.values.forEach((v, i) => {
      if (v.acked) last = i;
    });
    acked += reg.values.filter((v) => v.acked).length;
    // The last acknowledged value, or a later one that was in flight.
    const allowed = reg.values.slice(last).map((v) => v.value);
    let current: string;
    if (reg.kind === "title") {
      const page: any = await notion.pages.retrieve({ page_id: reg.id });
      current = page.properties.title.title.map((t: { plain_text: string }) => t.plain_text).join("");
    } else current = plain(await notion.blocks.retrieve({ block_id: reg.id }));
    assert.ok(allowed.includes(current), `${reg.kind} of ${reg.id} is ${JSON.stringify(current)}; expected one of ${JSON.stringify(allowed)}`);
    if (current !== reg.values[last].value) applied++;
    // From now on the value found is the acknowledged one.
    reg.values = [{ value: current, acked: true }];
  }

  // Likewise an in-flight append or create found whole counts as acknowledged from now on, and
  // one found absent is forgotten.
  const present = (op: AppendOp | CreateOp) =>
    op.kind === "append"
      ? childrenByPage.get(op.page)!.some((b) => plain(b).startsWith(`${op.marker}:`))
      : childrenByPage.get(op.parent)!.some((b) => b.type === "child_page" && b.child_page.title === op.title);
  for (const op of [...ledger.appends, ...ledger.creates]) op.acked ||= present(op);
  ledger.appends = ledger.appends.filter((op) => op.acked);
  ledger.creates = ledger.creates.filter((op) => op.acked);
  return { acked, inFlightApplied: applied, inFlightAbsent: absent };
}

// ------------------------------------------------------------------ the test

test(`kill -9 mid-burst loses no acknowledged write and leaves no half-written one (${ROUNDS} rounds)`, { timeout: 240_000 }, async (t) => {
  const args = ["--port", "0", "--data", dir, "--token", TOKEN, "--quiet"];
  const rand = rng(0xc0ffee);
  for (let round = 0; round < ROUNDS; round++) {
    server = await startServerProcess(args);
    const notion = clientFor(server);
    const root = await rootPage(server);

    // Everything acknowledged before every earlier kill is there and intact.
    const checked = await verify(notion);
    if (round > 0) t.diagnostic(`round ${round}: verified ${checked.acked} acknowledged writes; in flight at the kill: ${checked.inFlightApplied} applied whole, ${checked.inFlightAbsent} absent`);

    // Acknowledged writes, one at a time.
    const workers: Worker[] = [];
    for (let w = 0; w < WORKERS; w++) workers.push(await setUpWorker(notion, root, round, w));
    for (let i = 0; i < 24; i++) {
      const ok = await step(notion, workers[i % WORKERS], `r${round}s${i}`, rand);
      assert.ok(ok, "a write before the burst failed");
    }

    // A burst from every worker at once; kill -9 once enough of it has been acknowledged.
    let ackedInBurst = 0;
    let killed = false;
    const exited = new Promise<void>((resolve) => server!.child.once("exit", () => resolve()));
    const burst = workers.map(async (worker, w) => {
      for (let i = 0; !killed; i++) {
        const ok = await step(notion, worker, `r${round}b${w}-${i}`, rand);
        if (!ok) return;
        if (++ackedInBurst >= KILL_AFTER[round % KILL_AFTER.length] && !killed) {
          killed = true;
          // A little later, so some writes are committed but not yet answered when it lands.
          const victim = server!.child;
          setTimeout(() => victim.kill("SIGKILL"), rand(12));
        }
      }
    });
    await Promise.all(burst);
    await exited;
    assert.equal(server.child.signalCode, "SIGKILL");
  }

  // Last restart: the final check, then (SQLite) the file itself.
  server = await startServerProcess(args);
  const notion = clientFor(server);
  const checked = await verify(notion);
  t.diagnostic(`final: verified ${checked.acked} acknowledged writes; in flight at the last kill: ${checked.inFlightApplied} applied whole, ${checked.inFlightAbsent} absent`);
  await server.stop("SIGTERM");
  // SQLite's file checked page by page; PostgreSQL's own crash recovery is not Quire's to check.
  if (onPostgres) return;
  const db = new Database(join(dir, "quire.db"), { readonly: true });
  try {
    assert.equal(db.pragma("integrity_check", { simple: true }), "ok");
  } finally {
    db.close();
  }
});
