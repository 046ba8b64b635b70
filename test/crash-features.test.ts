/**
 * Crash safety of the features beyond pages and blocks (test/crash.test.ts covers those): the
 * real CLI server in a child process, a burst of concurrent writes through the real SDK, `kill
 * -9` in the middle of it, a restart on the same data directory, then checks that
 *  - file uploads: every acknowledged send (single_part, a multi_part part, a part sent again)
 *    and complete is reflected (status, parts sent, content_length), the bytes download
 *    byte-for-byte through a signed URL once attached, in-flight sends are all or nothing, and
 *    no temporary file (`incoming-*`) or unreferenced blob is left in the files directory;
 *  - comments and custom emojis: every acknowledged create is there, in-flight ones at most once;
 *  - async markdown tasks (PATCH update_content with many edits, POST /v1/pages with markdown):
 *    a task answered 202 is afterwards succeeded with all of its content or failed with none;
 *  - database pages and the row-key index: acknowledged creates and multi-property updates are
 *    there whole; the index as the crash left it equals the index rebuilt from the stored rows;
 *    queries over HTTP and through the planner (on a copy of the crashed file, thresholds at 0
 *    so every query walks the index) answer exactly what the in-memory evaluator answers.
 * Several rounds; each checks everything acknowledged in the earlier rounds again.
 */
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync, truncateSync } from "node:fs";
import { tmpdir } from "node:os";
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import Database from "better-sqlite3";
import { Client } from "@notionhq/client";
import { startServerProcess, type ServerProcess } from "./helpers/child.js";
import { onPostgres, queryOnStore } from "./helpers/store.js";
import { openSqliteStore } from "../src/storage/sqlite.js";
import { searchTitle } from "../src/storage/sqlite-search.js";
import type { NodeRow, StoredNode } from "../src/storage/types.js";
import type { PropertySchema } from "../src/domain/properties/schema.js";
import { compareRows, evaluate, orderKey, parseFilter, parseSorts, queryRow, type OrderPosition } from "../src/query/index.js";

const TOKEN = "crash-features-token-01";
const ROUNDS = Number(process.env.QUIRE_CRASH_ROUNDS ?? 4);
/** Burst writes acknowledged before the kill is sent. */
const KILL_AFTER = [12, 30, 6, 45, 20];
const V = "2026-03-11";
const PART_MIN = 5 * 1024 * 1024;

const dir = mkdtempSync(join(tmpdir(), "quire-crash-features-"));
let server: ServerProcess | undefined;
after(async () => {
  if (server && server.child.exitCode === null && server.child.signalCode === null) await server.stop("SIGKILL");
  rmSync(dir, { recursive: true, force: true });
});

const rt = (content: string) => [{ type: "text" as const, text: { content } }];
const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");

function rng(seed: number) {
  let s = seed >>> 0;
  return (n: number) => {
    s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    return s % n;
  };
}

/** `n` bytes that depend on `seed` (cheap: a hash chain, repeated). */
function bytesOf(seed: string, n: number): Buffer {
  const block = Buffer.alloc(4096);
  let h = createHash("sha256").update(seed).digest();
  for (let i = 0; i < block.length; i += 32) {
    h.copy(block, i);
    h = createHash("sha256").update(h).digest();
  }
  const out = Buffer.alloc(n);
  for (let i = 0; i < n; i += block.length) block.copy(out, i, 0, Math.min(block.length, n - i));
  // The block repeats; stamp each 4 KiB with its offset so a misplaced block shows.
  for (let i = 0; i + 8 <= n; i += 4096) out.writeUInt32BE(i, i);
  return out;
}

// ------------------------------------------------------------------ the ledger

interface Write {
  acked: boolean;
}
/** One send of bytes (a single_part file, or one part of a multi_part upload). */
interface Send extends Write {
  bytes: Buffer;
}
interface Upload {
  id: string;
  mode: "single_part" | "multi_part";
  filename: string;
  /** single_part: key 1. multi_part: part number → its sends in order. */
  parts: Map<number, Send[]>;
  total: number;
  complete: Write | null;
  /** Once verified uploaded: the block that shows it, whose signed URL downloads it. */
  block?: string;
  /** The bytes it downloads, once known. */
  content?: string;
}
interface Comment extends Write {
  page: string;
  text: string;
}
interface Emoji extends Write {
  name: string;
}
/** A PATCH update_content task (`page`, `edits` lines) or a POST /v1/pages task (`title`). */
interface Task {
  id: string | null;
  kind: "update" | "create";
  page: string;
  tag: string;
  edits: number;
  /** Settled: succeeded or failed, checked. */
  done?: boolean;
}
/** A database page: its values in order (each a whole set of properties written at once). */
interface Row {
  id: string | null;
  /** The worker that writes it (one writer per row, so its writes are ordered). */
  owner: string;
  create: Write;
  title: string;
  values: { n: number; acked: boolean }[];
}

const ledger = {
  uploads: [] as Upload[],
  comments: [] as Comment[],
  emojis: [] as Emoji[],
  tasks: [] as Task[],
  rows: [] as Row[],
  commentPage: "",
  filesPage: "",
  taskParent: "",
  dataSource: "",
};

async function tracked(entry: Write, run: () => Promise<unknown>): Promise<boolean> {
  try {
    await run();
    entry.acked = true;
    return true;
  } catch (e) {
    return unknownOutcome(e);
  }
}

/** Set once the kill is sent: from then on a failed request is an unknown outcome, before it a test failure. */
let killing = false;
function unknownOutcome(e: unknown): false {
  if (!killing) throw e;
  return false;
}

function clientFor(s: ServerProcess): Client {
  return new Client({ auth: TOKEN, baseUrl: s.url, notionVersion: V, retry: false, timeoutMs: 30_000 } as ConstructorParameters<typeof Client>[0]);
}

async function admin(s: ServerProcess, method: string, path: string, body?: unknown): Promise<any> {
  const res = await fetch(s.url + path, {
    method,
    headers: { authorization: `Bearer ${s.adminKey}`, ...(body ? { "content-type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = await res.json();
  if (res.status !== 200) throw Object.assign(new Error(JSON.stringify(json)), { status: res.status, code: json.code });
  return json;
}

async function rootPage(s: ServerProcess): Promise<string> {
  const dev = (await admin(s, "GET", "/_quire/v1/integrations")).results.find((i: { name: string }) => i.name === "Quire Dev");
  return (await admin(s, "GET", `/_quire/v1/integrations/${dev.id}`)).shares[0];
}

async function all<T>(fetchPage: (cursor: string | undefined) => Promise<{ results: T[]; next_cursor: string | null }>): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | undefined;
  do {
    const res = await fetchPage(cursor);
    out.push(...res.results);
    cursor = res.next_cursor ?? undefined;
  } while (cursor);
  return out;
}

// ------------------------------------------------------------------ the writes

async function sendBytes(notion: Client, up: Upload, part: number, seed: string, size: number): Promise<boolean> {
  const send: Send = { bytes: bytesOf(seed, size), acked: false };
  const list = up.parts.get(part) ?? [];
  list.push(send);
  up.parts.set(part, list);
  return tracked(send, () =>
    notion.fileUploads.send({
      file_upload_id: up.id,
      ...(up.mode === "multi_part" ? { part_number: String(part) } : {}),
      file: { filename: up.filename, data: new Blob([new Uint8Array(send.bytes)]) },
    } as any),
  );
}

/** A whole upload: create, then its sends (a part sometimes twice), then complete. */
async function uploadFlow(notion: Client, tag: string, rand: (n: number) => number): Promise<boolean> {
  const multi = rand(3) === 0;
  const filename = `${tag}.txt`;
  let created: any;
  try {
    created = multi
      ? await notion.fileUploads.create({ mode: "multi_part", number_of_parts: 2, filename, content_type: "text/plain" } as any)
      : await notion.fileUploads.create({ filename, content_type: "text/plain" } as any);
  } catch (e) {
    return unknownOutcome(e);
  }
  const up: Upload = { id: created.id, mode: multi ? "multi_part" : "single_part", filename, parts: new Map(), total: multi ? 2 : 1, complete: null };
  ledger.uploads.push(up);
  if (!multi) return sendBytes(notion, up, 1, `${tag}:1`, 1 + rand(rand(2) ? 3_000_000 : 5000));
  const order = rand(2) ? [1, 2] : [2, 1];
  for (const p of order) if (!(await sendBytes(notion, up, p, `${tag}:${p}`, p === 1 ? PART_MIN + rand(300_000) : 1 + rand(400_000)))) return false;
  // Parts may be sent again: the second send replaces the first.
  if (rand(2) === 0) {
    const p = 1 + rand(2);
    if (!(await sendBytes(notion, up, p, `${tag}:${p}:again`, p === 1 ? PART_MIN + rand(300_000) : 1 + rand(400_000)))) return false;
  }
  if (rand(4) === 0) return true; // left for the check to complete
  up.complete = { acked: false };
  return tracked(up.complete, () => notion.fileUploads.complete({ file_upload_id: up.id }));
}

async function commentOrEmoji(s: ServerProcess, notion: Client, tag: string, rand: (n: number) => number): Promise<boolean> {
  if (rand(3) === 0) {
    const e: Emoji = { name: `e_${tag.replace(/[^a-z0-9]/gi, "_").toLowerCase()}`, acked: false };
    ledger.emojis.push(e);
    return tracked(e, () => admin(s, "POST", "/_quire/v1/custom_emojis", { name: e.name, url: `https://emoji.example.com/${e.name}.png` }));
  }
  const c: Comment = { page: ledger.commentPage, text: `comment ${tag}`, acked: false };
  ledger.comments.push(c);
  return tracked(c, () => notion.comments.create({ parent: { page_id: c.page }, rich_text: rt(c.text) } as any));
}

const lineOf = (tag: string, i: number) => `L ${tag} ${i} end`;
const newLineOf = (tag: string, i: number) => `N ${tag} ${i} done`;
const LINES = 60;

/** A page of LINES paragraphs (acknowledged synchronously), then an async update_content of `edits` of them; or an async page create. */
async function taskFlow(notion: Client, tag: string, rand: (n: number) => number): Promise<boolean> {
  if (rand(3) === 0) {
    const task: Task = { id: null, kind: "create", page: ledger.taskParent, tag, edits: LINES };
    ledger.tasks.push(task);
    try {
      const t: any = await notion.pages.create({
        parent: { page_id: ledger.taskParent },
        properties: { title: { title: rt(`task page ${tag}`) } },
        markdown: Array.from({ length: LINES }, (_, i) => lineOf(tag, i)).join("\n\n"),
        allow_async: true,
      } as any);
      assert.equal(t.object, "async_task");
      task.id = t.id;
      return true;
    } catch (e) {
      return unknownOutcome(e);
    }
  }
  let page: string;
  try {
    page = (
      await notion.pages.create({
        parent: { page_id: ledger.taskParent },
        properties: { title: { title: rt(`edit page ${tag}`) } },
        markdown: Array.from({ length: LINES }, (_, i) => lineOf(tag, i)).join("\n\n"),
      } as any)
    ).id;
  } catch (e) {
    return unknownOutcome(e);
  }
  const task: Task = { id: null, kind: "update", page, tag, edits: 5 + rand(40) };
  ledger.tasks.push(task);
  try {
    const t: any = await notion.pages.updateMarkdown({
      page_id: page,
      allow_async: true,
      type: "update_content",
      update_content: { content_updates: Array.from({ length: task.edits }, (_, i) => ({ old_str: lineOf(tag, i), new_str: newLineOf(tag, i) })) },
    } as any);
    assert.equal(t.object, "async_task");
    task.id = t.id;
    return true;
  } catch (e) {
    return unknownOutcome(e);
  }
}

/** The properties of value `n`: every property follows from it, so a half-applied update shows. */
function propsOf(title: string, n: number) {
  return {
    Name: { title: rt(title) },
    Score: { number: n },
    Tag: { select: { name: ["red", "green", "blue"][n % 3] } },
    Done: { checkbox: n % 2 === 0 },
    Note: { rich_text: rt(`note ${n % 7}`) },
    Due: { date: { start: new Date(Date.UTC(2026, 0, 1 + (n % 40))).toISOString().slice(0, 10) } },
    Labels: { multi_select: [{ name: "a" }, { name: "b" }, { name: "c" }].filter((_, i) => (n >> i) & 1) },
  };
}

let counter = 0;
/** Whether value `n` puts its row in the trash (written in the same request as its properties). */
const trashed = (n: number) => n % 4 === 0;
async function rowFlow(notion: Client, owner: string, tag: string, rand: (n: number) => number): Promise<boolean> {
  const existing = ledger.rows.filter((r) => r.id !== null && r.owner === owner);
  if (existing.length > 0 && rand(2) === 0) {
    const row = existing[rand(existing.length)];
    // A trashed page takes edits only in the request that restores it: the next value is live.
    const last = row.values[row.values.length - 1].n;
    let n = ++counter;
    while (trashed(last) && trashed(n)) n = ++counter;
    const v = { n, acked: false };
    row.values.push(v);
    return tracked(v, () => notion.pages.update({ page_id: row.id!, properties: propsOf(row.title, v.n), in_trash: trashed(v.n) } as any));
  }
  let n = ++counter;
  while (trashed(n)) n = ++counter;
  const row: Row = { id: null, owner, create: { acked: false }, title: `row ${tag}`, values: [{ n, acked: false }] };
  ledger.rows.push(row);
  return tracked(row.create, async () => {
    row.id = (await notion.pages.create({ parent: { data_source_id: ledger.dataSource }, properties: propsOf(row.title, row.values[0].n) } as any)).id;
    row.values[0].acked = true;
  });
}

// ------------------------------------------------------------------ checks

async function download(url: string): Promise<Buffer> {
  const res = await fetch(url);
  assert.equal(res.status, 200, `download ${url}: ${res.status}`);
  return Buffer.from(await res.arrayBuffer());
}

/** What a part may hold now: the last acknowledged send or a later one; null when nothing was acknowledged. */
function allowedSends(list: Send[]): Send[] {
  let last = -1;
  list.forEach((s, i) => s.acked && (last = i));
  return last === -1 ? list : list.slice(last);
}

async function checkUploads(notion: Client, t: { diagnostic: (s: string) => void }) {
  const stats = { uploaded: 0, pending: 0, completedNow: 0 };
  for (const up of ledger.uploads) {
    const got: any = await notion.fileUploads.retrieve({ file_upload_id: up.id });
    if (up.content !== undefined) {
      // Verified in an earlier round: attached, the same bytes still.
      const block: any = await notion.blocks.retrieve({ block_id: up.block! });
      assert.equal(sha(await download(block.file.file.url)), up.content, `upload ${up.id}: bytes changed`);
      continue;
    }
    const anyAcked = (p: number) => (up.parts.get(p) ?? []).some((s) => s.acked);
    let status: string = got.status;
    if (up.mode === "single_part") {
      if (anyAcked(1)) assert.equal(status, "uploaded", `single_part ${up.id}: send acknowledged, status ${status}`);
      assert.ok(status === "uploaded" || status === "pending", `single_part ${up.id}: ${status}`);
      if (status === "pending") {
        stats.pending++;
        continue;
      }
    } else {
      const sent = [1, 2].filter((p) => anyAcked(p)).length;
      if (up.complete?.acked) assert.equal(status, "uploaded", `multi_part ${up.id}: complete acknowledged, status ${status}`);
      assert.ok(status === "uploaded" || status === "pending", `multi_part ${up.id}: ${status}`);
      assert.ok(got.number_of_parts.sent >= sent && got.number_of_parts.sent <= 2, `multi_part ${up.id}: ${got.number_of_parts.sent} parts sent, ${sent} acknowledged`);
      if (status === "pending") {
        if (got.number_of_parts.sent < 2) {
          stats.pending++;
          continue;
        }
        // Every part is there: complete it now (the parts' bytes are checked below).
        const done: any = await notion.fileUploads.complete({ file_upload_id: up.id });
        status = done.status;
        got.content_length = done.content_length;
        stats.completedNow++;
      }
    }
    assert.equal(status, "uploaded");
    stats.uploaded++;
    const page = await notion.blocks.children.append({ block_id: ledger.filesPage, children: [{ file: { type: "file_upload", file_upload: { id: up.id } } }] as any });
    const block: any = page.results[0];
    const bytes = await download(block.file.file.url);
    assert.equal(got.content_length, bytes.length, `upload ${up.id}: content_length ${got.content_length}, ${bytes.length} bytes downloaded`);
    // The bytes are one of the allowed combinations of the parts' sends, whole.
    const options = [...Array(up.total)].map((_, i) => allowedSends(up.parts.get(i + 1) ?? []));
    let matched = false;
    const walk = (i: number, acc: Buffer[]): void => {
      if (matched) return;
      if (i === options.length) {
        matched = Buffer.concat(acc).equals(bytes);
        return;
      }
      for (const s of options[i]) walk(i + 1, [...acc, s.bytes]);
    };
    walk(0, []);
    assert.ok(matched, `upload ${up.id} (${up.mode}): the ${bytes.length} bytes downloaded are not what was sent`);
    up.block = block.id;
    up.content = sha(bytes);
    up.parts.clear(); // the bytes are no longer needed
  }
  t.diagnostic(`uploads: ${stats.uploaded} verified uploaded (${stats.completedNow} completed by the check), ${stats.pending} pending`);
}

/**
 * The blobs a data directory's server keeps, `<upload id>/<name>` → size: files under its files
 * directory on SQLite, the blob tables in PostgreSQL (a writer's chunks under its own `~w-` name
 * count as a blob in progress, like a file's `incoming-*`).
 */
async function storedBlobs(dataDir: string, root = join(dataDir, "files")): Promise<Map<string, number>> {
  const found = new Map<string, number>();
  if (onPostgres) {
    const done = await queryOnStore<{ upload_id: string; name: string; size: string }>(dataDir, `SELECT upload_id, name, size FROM file_blobs`);
    for (const r of done) found.set(`${r.upload_id}/${r.name}`, Number(r.size));
    const writing = await queryOnStore<{ upload_id: string; name: string; size: string }>(dataDir, `SELECT upload_id, name, sum(length(bytes)) AS size FROM file_blob_chunks WHERE name LIKE '~w-%' GROUP BY upload_id, name`);
    for (const r of writing) found.set(`${r.upload_id}/incoming-${r.name}`, Number(r.size));
    return found;
  }
  if (existsSync(root)) for (const id of readdirSync(root)) for (const name of readdirSync(join(root, id))) found.set(`${id}/${name}`, statSync(join(root, id, name)).size);
  return found;
}

/**
 * The files directory holds exactly the blobs the committed rows describe: each at its recorded
 * size, and nothing else (no `incoming-*` of an interrupted send, no superseded part, no `content`
 * of a send whose commit never happened).
 */
async function checkFilesDir() {
  const root = join(dir, "files");
  const rows = await queryOnStore<{ id: string; mode: string; status: string; parts: string; content_length: number | null }>(dir, `SELECT id, mode, status, parts, content_length FROM file_uploads`);
  const want = new Map<string, number>();
  for (const r of rows) {
    if (r.status !== "pending" && r.status !== "uploaded") continue;
    if (r.mode === "multi_part") for (const [n, size] of Object.entries(JSON.parse(r.parts) as Record<string, number>)) want.set(`${r.id}/part-${n}-${size}`, size);
    else if (r.status === "uploaded") want.set(`${r.id}/content`, r.content_length!);
  }
  const found = await storedBlobs(dir, root);
  for (const [key, size] of found) assert.equal(want.get(key), size, `files/${key}: ${want.has(key) ? "not the recorded size" : "no committed row refers to it"}`);
  for (const key of want.keys()) assert.ok(found.has(key), `files/${key}: missing`);
}

async function checkComments(notion: Client) {
  const all_ = await all((c) => notion.comments.list({ block_id: ledger.commentPage, start_cursor: c, page_size: 100 }) as any);
  const texts = all_.map((c: any) => c.rich_text.map((r: any) => r.plain_text).join(""));
  for (const c of ledger.comments) {
    const n = texts.filter((x) => x === c.text).length;
    if (c.acked) assert.equal(n, 1, `comment ${c.text}: acknowledged, found ${n} times`);
    else assert.ok(n <= 1, `comment ${c.text}: found ${n} times`);
    c.acked ||= n === 1;
  }
  ledger.comments = ledger.comments.filter((c) => c.acked);
}

async function checkEmojis(notion: Client) {
  const names = (await all((c) => notion.customEmojis.list({ start_cursor: c, page_size: 100 } as any) as any)).map((e: any) => e.name);
  for (const e of ledger.emojis) {
    const n = names.filter((x) => x === e.name).length;
    if (e.acked) assert.equal(n, 1, `emoji ${e.name}: acknowledged, found ${n} times`);
    else assert.ok(n <= 1);
    e.acked ||= n === 1;
  }
  ledger.emojis = ledger.emojis.filter((e) => e.acked);
}

async function checkTasks(notion: Client, t: { diagnostic: (s: string) => void }) {
  const counts: Record<string, number> = { "update succeeded": 0, "update failed": 0, "create succeeded": 0, "create failed": 0 };
  const children = await all((c) => notion.blocks.children.list({ block_id: ledger.taskParent, start_cursor: c, page_size: 100 }));
  for (const task of ledger.tasks) {
    if (task.done) continue;
    let status = "unacknowledged";
    if (task.id !== null) {
      const got: any = await notion.asyncTasks.retrieve({ task_id: task.id } as any);
      status = got.status;
      assert.ok(status === "succeeded" || status === "failed", `task ${task.id}: ${status} after a restart`);
      if (status === "failed") assert.equal(got.error.code, "internal_server_error", JSON.stringify(got.error));
      counts[`${task.kind} ${status}`]++;
    }
    if (task.kind === "update") {
      const md = (await notion.pages.retrieveMarkdown({ page_id: task.page } as any)).markdown as string;
      const edited = Array.from({ length: task.edits }, (_, i) => md.includes(newLineOf(task.tag, i)));
      const kept = Array.from({ length: LINES }, (_, i) => md.includes(lineOf(task.tag, i)));
      const applied = edited.every(Boolean) && kept.every((k, i) => k === i >= task.edits);
      const none = !edited.some(Boolean) && kept.every(Boolean);
      assert.ok(applied || none, `update task ${task.id}: half-applied (${edited.filter(Boolean).length}/${task.edits} edits):\n${md}`);
      if (status === "succeeded") assert.ok(applied, `update task ${task.id}: succeeded but its edits are missing`);
      if (status === "failed") assert.ok(none, `update task ${task.id}: failed but its edits are there`);
    } else {
      const pages = children.filter((b: any) => b.type === "child_page" && b.child_page.title === `task page ${task.tag}`);
      if (status === "succeeded") {
        assert.equal(pages.length, 1, `create task ${task.id}: succeeded, ${pages.length} pages`);
        const md = (await notion.pages.retrieveMarkdown({ page_id: pages[0].id } as any)).markdown as string;
        for (let i = 0; i < LINES; i++) assert.ok(md.includes(lineOf(task.tag, i)), `create task ${task.id}: line ${i} missing`);
      } else assert.equal(pages.length, 0, `create task ${task.id} (${status}): its page exists`);
    }
    task.done = true;
  }
  t.diagnostic(`tasks after the kill: ${JSON.stringify(counts)}`);
}

const QUERIES: { filter?: unknown; sorts: unknown[] }[] = [
  { sorts: [{ property: "Score", direction: "ascending" }] },
  { filter: { property: "Tag", select: { equals: "red" } }, sorts: [{ property: "Score", direction: "descending" }] },
  { filter: { property: "Done", checkbox: { equals: true } }, sorts: [{ property: "Tag", direction: "ascending" }, { property: "Score", direction: "ascending" }] },
  { filter: { and: [{ property: "Score", number: { greater_than: 10 } }, { property: "Note", rich_text: { contains: "3" } }] }, sorts: [{ property: "Due", direction: "ascending" }, { property: "Score", direction: "ascending" }] },
  { filter: { or: [{ property: "Labels", multi_select: { contains: "b" } }, { property: "Due", date: { before: "2026-01-10" } }] }, sorts: [{ property: "Score", direction: "ascending" }] },
  { filter: { property: "Tag", select: { does_not_equal: "green" } }, sorts: [{ property: "Name", direction: "descending" }, { property: "Score", direction: "ascending" }] },
  { filter: { property: "Labels", multi_select: { is_empty: true } }, sorts: [{ timestamp: "created_time", direction: "descending" }, { property: "Score", direction: "ascending" }] },
];

type Rows = Pick<Database.Database, "prepare">;

function storedRows(db: Rows, dataSource: string, inTrash = false): { schema: PropertySchema[]; rows: NodeRow[]; workspace: string } {
  const ds = db.prepare(`SELECT * FROM nodes WHERE id = ?`).get(dataSource) as Record<string, any>;
  return shapeRows(ds, db.prepare(`SELECT * FROM nodes WHERE parent_id = ? AND type = 'page' AND in_trash = ?`).all(dataSource, inTrash ? 1 : 0) as Record<string, any>[], inTrash);
}

/** storedRows of the server's data directory, on either store (queryOnStore). */
async function storedRowsOfDir(dataSource: string, inTrash = false) {
  const [ds] = await queryOnStore(dir, `SELECT * FROM nodes WHERE id = ?`, [dataSource]);
  const rows = await queryOnStore(dir, `SELECT * FROM nodes WHERE parent_id = ? AND type = 'page' AND ${inTrash ? "" : "NOT "}in_trash`, [dataSource]);
  return shapeRows(ds, rows, inTrash);
}

function shapeRows(ds: Record<string, any>, found: Record<string, any>[], inTrash: boolean): { schema: PropertySchema[]; rows: NodeRow[]; workspace: string } {
  const schema = JSON.parse(ds.data).properties as PropertySchema[];
  const rows = found.map((r) => ({ ...r, properties: JSON.parse(r.properties), data: JSON.parse(r.data), in_trash: inTrash }) as unknown as NodeRow);
  return { schema, rows, workspace: ds.workspace_id };
}

function memoryAnswer(schema: PropertySchema[], rows: NodeRow[], q: (typeof QUERIES)[number], me: string) {
  const filter = parseFilter(q.filter, schema, { now: Date.now(), timeZone: "UTC", meUserId: me });
  const sorts = parseSorts(q.sorts, schema);
  const ids = rows
    .map((r) => queryRow(r))
    .filter((r) => (filter ? evaluate(filter, r) : true))
    .sort((a, b) => compareRows(sorts, a, b))
    .map((r) => r.id);
  return { filter, sorts, ids };
}

/**
 * On a copy of the database as the kill left it (WAL included): the row-key index equals the one
 * rebuilt from the stored rows, and the planner, made to walk the index for every query, answers
 * what the in-memory evaluator answers.
 */
async function checkIndexAsCrashed(t: { diagnostic: (s: string) => void }) {
  const copy = mkdtempSync(join(tmpdir(), "quire-crash-index-"));
  try {
    for (const f of ["quire.db", "quire.db-wal"]) if (existsSync(join(dir, f))) copyFileSync(join(dir, f), join(copy, f));
    const file = join(copy, "quire.db");
    const snapshot = (db: Database.Database) => ({
      keys: db.prepare(`SELECT * FROM row_keys ORDER BY 1, 2, 3, 4`).raw().all(),
      lists: db.prepare(`SELECT id, key_list FROM nodes WHERE key_list IS NOT NULL ORDER BY id`).raw().all(),
    });
    let db = new Database(file);
    const crashed = snapshot(db);
    // The search index (migration 7) is written in the same transactions: FTS5 agrees with its
    // content table, which holds every page, database and data source with its title as stored.
    db.exec(`INSERT INTO search_fts (search_fts) VALUES ('integrity-check')`);
    const nodes = db.prepare(`SELECT * FROM nodes WHERE type IN ('page', 'database', 'data_source')`).all() as Record<string, any>[];
    const docs = new Map((db.prepare(`SELECT id, title, in_trash FROM search_docs`).all() as { id: string; title: string; in_trash: number }[]).map((d) => [d.id, d]));
    assert.equal(docs.size, nodes.length, "search_docs: one per page, database and data source");
    for (const n of nodes) {
      const title = searchTitle({ type: n.type, properties: n.properties ? JSON.parse(n.properties) : null, data: n.data ? JSON.parse(n.data) : null });
      assert.deepEqual([docs.get(n.id)?.title, docs.get(n.id)?.in_trash], [title, n.in_trash], `search_docs of ${n.type} ${n.id}`);
    }
    const live = storedRows(db, ledger.dataSource);
    const { schema, workspace } = live;
    const bin = storedRows(db, ledger.dataSource, true).rows;
    db.prepare(`DELETE FROM meta WHERE key = 'row_keys'`).run();
    db.close();
    const store = openSqliteStore({ filename: file, planner: { scanBelowRows: 0, firstBatch: 2, maxBatch: 8 } });
    try {
      db = new Database(file, { readonly: true });
      const rebuilt = snapshot(db);
      db.close();
      assert.equal(crashed.keys.length, rebuilt.keys.length, "row_keys entries: as crashed vs rebuilt");
      assert.deepEqual(crashed.keys, rebuilt.keys, "row_keys as the crash left them differ from the rebuilt index");
      assert.deepEqual(crashed.lists, rebuilt.lists, "nodes.key_list as the crash left them differ from the rebuilt ones");
      for (const [q, trash] of QUERIES.flatMap((q) => [[q, false], [q, true]] as const)) {
        const { filter, sorts, ids } = memoryAnswer(schema, trash ? bin : live.rows, q, "");
        const planned: string[] = [];
        let at: OrderPosition | null = null;
        for (;;) {
          const from: OrderPosition | null = at;
          const page: StoredNode[] | null = await store.read((tx) => tx.queryRows(workspace, ledger.dataSource, { filter, sorts, trashed: trash, offset: 0, limit: 8 }, from));
          assert.ok(page, "the planner declined a query");
          planned.push(...page.slice(0, 7).map((r) => r.id));
          if (page.length <= 7) break;
          at = { id: page[7].id, key: orderKey(sorts, queryRow(page[7])) };
        }
        assert.deepEqual(planned, ids, `planner vs evaluator on the crashed index (in_trash ${trash}): ${JSON.stringify(q)}`);
      }
      t.diagnostic(`search index as crashed: ${nodes.length} titles agree; row-key index: ${crashed.keys.length} entries equal the rebuilt index; ${QUERIES.length * 2} planned queries over ${live.rows.length} rows and ${bin.length} trashed agree`);
    } finally {
      await store.close();
    }
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
}

async function checkRows(notion: Client, s: ServerProcess) {
  for (const row of ledger.rows) {
    if (row.id === null) continue; // never answered: unknown id; the query check below covers what is stored
    const page: any = await notion.pages.retrieve({ page_id: row.id });
    const n = page.properties.Score.number as number;
    let last = -1;
    row.values.forEach((v, i) => v.acked && (last = i));
    const allowed = row.values.slice(last).map((v) => v.n);
    assert.ok(allowed.includes(n), `row ${row.title}: Score ${n}, expected one of ${allowed}`);
    assert.equal(page.in_trash, trashed(n), `row ${row.title}: in_trash of a half-applied update`);
    const want = propsOf(row.title, n);
    assert.equal(page.properties.Tag.select?.name, want.Tag.select.name, `row ${row.title}: Tag of a half-applied update`);
    assert.equal(page.properties.Done.checkbox, want.Done.checkbox, `row ${row.title}: Done of a half-applied update`);
    assert.equal(page.properties.Note.rich_text.map((r: any) => r.plain_text).join(""), want.Note.rich_text[0].text.content);
    assert.equal(page.properties.Due.date?.start, want.Due.date.start);
    assert.deepEqual(page.properties.Labels.multi_select.map((o: any) => o.name), want.Labels.multi_select.map((o) => o.name));
    row.values = [{ n, acked: true }];
  }
  ledger.rows = ledger.rows.filter((r) => r.id !== null);
  // Over HTTP: the query route answers what the evaluator answers over the stored rows.
  {
    const me = (await notion.users.me({})).id;
    for (const trash of [false, true]) {
      const { schema, rows } = await storedRowsOfDir(ledger.dataSource, trash);
      for (const q of QUERIES) {
        const got = await all((c) => notion.dataSources.query({ data_source_id: ledger.dataSource, ...(q.filter ? { filter: q.filter } : {}), sorts: q.sorts, in_trash: trash, start_cursor: c, page_size: 25 } as any) as any);
        assert.deepEqual(got.map((p: any) => p.id), memoryAnswer(schema, rows, q, me).ids, `query over HTTP (in_trash ${trash}) vs evaluator: ${JSON.stringify(q)}`);
      }
    }
  }
  void s;
}

// ------------------------------------------------------------------ the test

test(`kill -9 mid-burst: uploads, comments, emojis, async tasks and database rows keep every acknowledged write (${ROUNDS} rounds)`, { timeout: 300_000 }, async (t) => {
  const args = ["--port", "0", "--data", dir, "--token", TOKEN, "--quiet", "--max-file-upload-bytes", String(50 * 1024 * 1024)];
  const rand = rng(0xfeed5);
  for (let round = 0; round <= ROUNDS; round++) {
    // The SQLite file's row-key and search indexes as the kill left them (the PostgreSQL ports' own
    // as-crashed checks belong with those ports).
    if (round > 0 && !onPostgres) await checkIndexAsCrashed(t);
    server = await startServerProcess(args);
    killing = false;
    const s = server;
    const notion = clientFor(s);
    if (round === 0) {
      const root = await rootPage(s);
      const mk = async (title: string) => (await notion.pages.create({ parent: { page_id: root }, properties: { title: { title: rt(title) } } } as any)).id;
      ledger.commentPage = await mk("Comments");
      ledger.filesPage = await mk("Files");
      ledger.taskParent = await mk("Tasks");
      const db: any = await notion.databases.create({
        parent: { page_id: root },
        title: rt("Rows"),
        initial_data_source: {
          properties: {
            Name: { title: {} }, Score: { number: {} }, Tag: { select: { options: [{ name: "red" }, { name: "green" }, { name: "blue" }] } },
            Done: { checkbox: {} }, Note: { rich_text: {} }, Due: { date: {} }, Labels: { multi_select: { options: [{ name: "a" }, { name: "b" }, { name: "c" }] } },
          },
        },
      } as any);
      ledger.dataSource = db.data_sources[0].id;
    } else {
      await checkUploads(notion, t);
      await checkComments(notion);
      await checkEmojis(notion);
      await checkTasks(notion, t);
      await checkRows(notion, s);
      await checkFilesDir();
      t.diagnostic(`round ${round}: checked ${ledger.uploads.length} uploads, ${ledger.comments.length} comments, ${ledger.emojis.length} emojis, ${ledger.tasks.length} tasks, ${ledger.rows.length} rows`);
    }
    if (round === ROUNDS) break;

    // A few acknowledged writes of each kind, then a burst from every worker at once.
    const flows = [
      (tag: string) => uploadFlow(notion, tag, rand),
      (tag: string) => uploadFlow(notion, tag, rand),
      (tag: string) => commentOrEmoji(s, notion, tag, rand),
      (tag: string) => taskFlow(notion, tag, rand),
      (tag: string) => rowFlow(notion, "A", tag, rand),
      (tag: string) => rowFlow(notion, "B", tag, rand),
    ];
    for (let i = 0; i < 12; i++) assert.ok(await flows[i % flows.length](`r${round}s${i}`), "a write before the burst failed");
    let acked = 0;
    let killed = false;
    const exited = new Promise<void>((resolve) => s.child.once("exit", () => resolve()));
    await Promise.all(
      flows.map(async (flow, w) => {
        for (let i = 0; !killed; i++) {
          if (!(await flow(`r${round}b${w}-${i}`))) return;
          if (++acked >= KILL_AFTER[round % KILL_AFTER.length] && !killed) {
            killed = true;
            killing = true;
            setTimeout(() => s.child.kill("SIGKILL"), rand(15));
          }
        }
      }),
    );
    await exited;
    assert.equal(s.child.signalCode, "SIGKILL");
  }
  await server!.stop("SIGTERM");
  // SQLite's file checked page by page; PostgreSQL's own crash recovery is not Quire's to check.
  if (onPostgres) return;
  const db = new Database(join(dir, "quire.db"), { readonly: true });
  try {
    assert.equal(db.pragma("integrity_check", { simple: true }), "ok");
  } finally {
    db.close();
  }
});

test("an external_url import the killed process was running reads failed after the restart, its partial bytes removed", { timeout: 60_000 }, async () => {
  const importDir = mkdtempSync(join(tmpdir(), "quire-crash-import-"));
  // HEAD answers; GET sends half of the file and then stalls until the test ends.
  const stalled: ServerResponse[] = [];
  let started!: () => void;
  const streaming = new Promise<void>((r) => (started = r));
  const origin = createServer((req, res) => {
    res.writeHead(200, { "content-type": "application/pdf", "content-length": "200000" });
    if (req.method === "HEAD") return void res.end();
    stalled.push(res);
    res.write(Buffer.alloc(100_000, 7), () => started());
  });
  await new Promise<void>((r) => origin.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(origin.address() as AddressInfo).port}/slow.pdf`;
  const args = ["--port", "0", "--data", importDir, "--token", TOKEN, "--quiet", "--allow-private-file-urls"];
  let s = await startServerProcess(args);
  try {
    const created: any = await clientFor(s).fileUploads.create({ mode: "external_url", filename: "slow.pdf", external_url: url } as any);
    assert.equal(created.status, "pending");
    await streaming;
    // The import is writing its temporary file when the process dies.
    for (let i = 0; i < 100 && !existsSync(join(importDir, "files", created.id)); i++) await new Promise((r) => setTimeout(r, 20));
    await s.stop("SIGKILL");
    s = await startServerProcess(args);
    const got: any = await clientFor(s).fileUploads.retrieve({ file_upload_id: created.id });
    assert.equal(got.status, "failed");
    assert.equal(got.file_import_result.type, "error");
    assert.equal(got.file_import_result.error.type, "download_error");
    assert.ok(!existsSync(join(importDir, "files", created.id)), "the interrupted import's bytes are still on disk");
  } finally {
    await s.stop("SIGKILL");
    for (const res of stalled) res.destroy();
    await new Promise<void>((r) => origin.close(() => r()));
    rmSync(importDir, { recursive: true, force: true });
  }
});

/**
 * A multipart/form-data body whose file arrives slowly: `head` bytes at once, then nothing until
 * the stream is cancelled (the SDK sends a Blob whole, so this is a raw request).
 */
function stalledSend(url: string, fields: Record<string, string>, head: Buffer): { response: Promise<unknown>; cancel: () => void } {
  const boundary = "----quire-crash-boundary";
  const pre = Buffer.from(
    Object.entries(fields).map(([k, v]) => `--${boundary}\r\ncontent-disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`).join("") +
      `--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="slow.txt"\r\ncontent-type: text/plain\r\n\r\n`,
  );
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const body = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
      c.enqueue(new Uint8Array(Buffer.concat([pre, head])));
    },
  });
  const response = fetch(url, {
    method: "POST",
    headers: { authorization: `Bearer ${TOKEN}`, "notion-version": V, "content-type": `multipart/form-data; boundary=${boundary}` },
    body,
    duplex: "half",
  } as RequestInit).catch((e) => e);
  return { response, cancel: () => controller.error(new Error("cancelled")) };
}

test("kill -9 while a send streams: the upload stays as it was (pending, no part counted, no bytes on disk) and can be sent again", { timeout: 60_000 }, async () => {
  const sendDir = mkdtempSync(join(tmpdir(), "quire-crash-send-"));
  const args = ["--port", "0", "--data", sendDir, "--token", TOKEN, "--quiet", "--max-file-upload-bytes", String(50 * 1024 * 1024)];
  let s = await startServerProcess(args);
  const filesOf = async (id: string) => [...(await storedBlobs(sendDir)).keys()].filter((k) => k.startsWith(`${id}/`)).map((k) => k.slice(id.length + 1)).sort();
  const waitForIncoming = async (id: string) => {
    for (let i = 0; i < 200 && !(await filesOf(id)).some((n) => n.startsWith("incoming-")); i++) await new Promise((r) => setTimeout(r, 10));
    assert.ok((await filesOf(id)).some((n) => n.startsWith("incoming-")), "the send never reached the disk");
  };
  try {
    let notion = clientFor(s);
    const single: any = await notion.fileUploads.create({ filename: "one.txt", content_type: "text/plain" } as any);
    const multi: any = await notion.fileUploads.create({ mode: "multi_part", number_of_parts: 2, filename: "two.txt", content_type: "text/plain" } as any);
    const part1 = bytesOf("stream:1", PART_MIN + 1000);
    const part2 = bytesOf("stream:2", 777);
    await notion.fileUploads.send({ file_upload_id: multi.id, part_number: "1", file: { filename: "two.txt", data: new Blob([new Uint8Array(part1)]) } } as any);
    // Part 2, and then single_part's file, are cut off by the kill mid-stream.
    const sends = [
      stalledSend(`${s.url}/v1/file_uploads/${multi.id}/send`, { part_number: "2" }, bytesOf("never", 300_000)),
      stalledSend(`${s.url}/v1/file_uploads/${single.id}/send`, {}, bytesOf("never", 300_000)),
    ];
    await waitForIncoming(multi.id);
    await waitForIncoming(single.id);
    await s.stop("SIGKILL");
    for (const x of sends) x.cancel();
    await Promise.all(sends.map((x) => x.response));

    s = await startServerProcess(args);
    notion = clientFor(s);
    const a: any = await notion.fileUploads.retrieve({ file_upload_id: single.id });
    assert.equal(a.status, "pending");
    const b: any = await notion.fileUploads.retrieve({ file_upload_id: multi.id });
    assert.equal(b.status, "pending");
    assert.deepEqual(b.number_of_parts, { total: 2, sent: 1 });
    assert.deepEqual(await filesOf(single.id), []);
    assert.deepEqual(await filesOf(multi.id), [`part-1-${part1.length}`]);

    // Sent again, whole: both download byte-for-byte.
    const one = bytesOf("stream:one", 4321);
    await notion.fileUploads.send({ file_upload_id: single.id, file: { filename: "one.txt", data: new Blob([new Uint8Array(one)]) } } as any);
    await notion.fileUploads.send({ file_upload_id: multi.id, part_number: "2", file: { filename: "two.txt", data: new Blob([new Uint8Array(part2)]) } } as any);
    assert.equal(((await notion.fileUploads.complete({ file_upload_id: multi.id })) as any).content_length, part1.length + part2.length);
    const page = await notion.blocks.children.append({
      block_id: await rootPage(s),
      children: [{ file: { type: "file_upload", file_upload: { id: single.id } } }, { file: { type: "file_upload", file_upload: { id: multi.id } } }] as any,
    });
    const [x, y] = page.results as any[];
    assert.ok((await download(x.file.file.url)).equals(one));
    assert.ok((await download(y.file.file.url)).equals(Buffer.concat([part1, part2])));

    // The files directory's own history and damage behind Quire's back: on SQLite's disk blobs only
    // (PostgreSQL's blob tables never held the old `part-N` keys; their bytes are not files).
    if (!onPostgres) {
      // A data directory from before parts' keys carried their size (`part-N`): renamed at start.
      await s.stop("SIGTERM");
      renameSync(join(sendDir, "files", multi.id, `part-1-${part1.length}`), join(sendDir, "files", multi.id, "part-1"));
      renameSync(join(sendDir, "files", multi.id, `part-2-${part2.length}`), join(sendDir, "files", multi.id, "part-2"));
      s = await startServerProcess(args);
      assert.deepEqual(await filesOf(multi.id), [`part-1-${part1.length}`, `part-2-${part2.length}`]);
      const again: any = await clientFor(s).blocks.retrieve({ block_id: y.id });
      assert.ok((await download(again.file.file.url)).equals(Buffer.concat([part1, part2])));

      // Bytes damaged behind Quire's back (not by a crash) are refused, not served truncated.
      truncateSync(join(sendDir, "files", single.id, "content"), one.length - 1);
      const damaged: any = await clientFor(s).blocks.retrieve({ block_id: x.id });
      const res = await fetch(damaged.file.file.url);
      assert.equal(res.status, 404);
      assert.equal((await res.json()).code, "object_not_found");
    }
  } finally {
    await s.stop("SIGKILL");
    rmSync(sendDir, { recursive: true, force: true });
  }
});

test("kill -9 right after an update_content task's 202: after the restart it is succeeded with every edit or failed with none", { timeout: 120_000 }, async (t) => {
  const taskDir = mkdtempSync(join(tmpdir(), "quire-crash-task-"));
  const args = ["--port", "0", "--data", taskDir, "--token", TOKEN, "--quiet"];
  const LINES_BIG = 1500;
  const outcomes: string[] = [];
  let s: ServerProcess | undefined;
  try {
    for (let round = 0; round < 3; round++) {
      s = await startServerProcess(args);
      let notion = clientFor(s);
      const page = (
        await notion.pages.create({
          parent: { page_id: await rootPage(s) },
          properties: { title: { title: rt(`big ${round}`) } },
          markdown: Array.from({ length: LINES_BIG }, (_, i) => `row ${i} end`).join("\n\n"),
        } as any)
      ).id;
      // One edit of every line (replace_all_matches), and 99 single ones.
      const updates = [
        { old_str: " end", new_str: " fin", replace_all_matches: true },
        ...Array.from({ length: 99 }, (_, i) => ({ old_str: `row ${i * 10} `, new_str: `ROW ${i * 10} ` })),
      ];
      const task: any = await notion.pages.updateMarkdown({ page_id: page, allow_async: true, type: "update_content", update_content: { content_updates: updates } } as any);
      await s.stop("SIGKILL");
      s = await startServerProcess(args);
      notion = clientFor(s);
      const done: any = await notion.asyncTasks.retrieve({ task_id: task.id } as any);
      const md = (await notion.pages.retrieveMarkdown({ page_id: page } as any)).markdown as string;
      const count = (re: RegExp) => (md.match(re) ?? []).length;
      if (done.status === "succeeded") {
        assert.deepEqual([count(/ fin\b/g), count(/ end\b/g), count(/ROW \d+ /g)], [LINES_BIG, 0, 99]);
      } else {
        assert.equal(done.status, "failed");
        assert.equal(done.error.code, "internal_server_error");
        assert.deepEqual([count(/ fin\b/g), count(/ end\b/g), count(/ROW \d+ /g)], [0, LINES_BIG, 0]);
      }
      outcomes.push(done.status);
      await s.stop("SIGKILL");
    }
    t.diagnostic(`outcomes: ${outcomes.join(", ")}`);
  } finally {
    if (s && s.child.exitCode === null && s.child.signalCode === null) await s.stop("SIGKILL");
    rmSync(taskDir, { recursive: true, force: true });
  }
});
