/**
 * The server the fuzzer talks to and the objects it knows about: a few pages and blocks of
 * varied types, integrations with too few capabilities or no shares, and fresh pages on demand
 * for the properties that compare state before and after a write.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startTestQuire, type TestQuire } from "../helpers/quire.js";
import { execOnStore, queryOnStore } from "../helpers/store.js";
import { closeAgent, send, type FuzzRequest, type FuzzResponse } from "./http.js";
import { createFixture, type DbFixture } from "./databases.js";

export interface World {
  q: TestQuire;
  base: string;
  /** The dev integration (all capabilities, the seeded root page shared). */
  token: string;
  /** Shared the root page, may only read. */
  readOnlyToken: string;
  /** All capabilities, nothing shared. */
  unsharedToken: string;
  root: string;
  /** Pages and blocks made by setup (ids dashed, lower-case). */
  pages: string[];
  blocks: string[];
  /** The type of each block in `blocks`. */
  blockTypes: Record<string, string>;
  /** A page in the trash. */
  trashed: string;
  users: string[];
  /** Every id above (and the shared databases, data sources and rows), for generators. */
  ids: string[];
  /**
   * Two databases with a rich schema (databases.ts), shared: page writes go here, schema
   * writes do not (they would wreck it for everything after).
   */
  dbs: DbFixture;
  /** Makes `dbs` anew (after a stray write changed its schema). */
  rebuildDbs(): Promise<void>;
  /**
   * A fixture like `dbs` (under a page of its own) for schema writes. Accepted writes wear it
   * down; it is made anew after a few (touchScratch), or at once after one that trashed or
   * moved something (touchScratch(true)).
   */
  scratch(): Promise<DbFixture>;
  touchScratch(heavy?: boolean): void;
  /** How many 5xx answers the server logged, and the stack of the last one. */
  serverErrors: { count: number; last: string };
  /** The slowest requests the server answered (slowest first). */
  slowest: { ms: number; line: string }[];
  /** Sends with the dev token and version unless `headers` says otherwise. */
  call(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<FuzzResponse>;
  /** A value of the server's `meta` table (read beside it: the file-URL key, for file-URL games). */
  meta(key: string): string | null;
  /** A new page under the scratch page with blocks of FRESH_TYPES (the toggle has a child). */
  fresh(): Promise<{ page: string; blocks: string[] }>;
  close(): Promise<void>;
}

/** The types of the blocks fresh() makes, in order. */
export const FRESH_TYPES = ["toggle", "paragraph", "to_do"] as const;

const rt = (content: string) => [{ type: "text", text: { content } }];

function ok(res: FuzzResponse, what: string): any {
  if (res.status !== 200) throw new Error(`fuzz setup: ${what} → ${res.status} ${res.text}`);
  return res.json;
}

export async function startWorld(): Promise<World> {
  // On disk (not in memory) so setup can add what the API cannot: a verification property.
  const dir = mkdtempSync(join(tmpdir(), "quire-fuzz-"));
  const serverErrors = { count: 0, last: "" };
  const slowest: { ms: number; line: string }[] = [];
  const q = await startTestQuire({
    memory: false,
    dataDir: dir,
    // A zone with daylight saving and a half-hour offset: formulas and dates convert through it.
    timeZone: "America/St_Johns",
    // Room for multi_part uploads (parts of at least 5 MiB; Notion's Free plan caps files at 5 MiB).
    maxFileUploadBytes: 64 * 1024 * 1024,
    log: (line) => {
      if (line.startsWith("error ")) {
        serverErrors.count++;
        serverErrors.last = line;
        return;
      }
      // "METHOD URL STATUS 12.3ms": keep the slowest few (run.ts prints them).
      const ms = Number(/ ([\d.]+)ms$/.exec(line)?.[1]);
      if (!(ms > (slowest[slowest.length - 1]?.ms ?? 0)) && slowest.length >= 5) return;
      slowest.push({ ms, line: line.length > 200 ? line.slice(0, 200) + "…" : line });
      slowest.sort((a, b) => b.ms - a.ms);
      slowest.length = Math.min(slowest.length, 5);
    },
  });
  const base = q.url;
  const call: World["call"] = (method, path, body, headers = {}) => {
    const h: Record<string, string> = { authorization: `Bearer ${q.token}`, "notion-version": "2025-09-03", ...headers };
    const req: FuzzRequest = { method, path, headers: h };
    if (body !== undefined) {
      req.body = JSON.stringify(body);
      h["content-type"] ??= "application/json";
    }
    return send(base, req);
  };
  const page = async (parent: string, title: string, children: unknown[] = []) =>
    ok(await call("POST", "/v1/pages", { parent: { page_id: parent }, properties: { title: { title: rt(title) } }, children }), "create page").id as string;
  const blockTypes: Record<string, string> = {};
  const append = async (parent: string, children: unknown[]) =>
    (ok(await call("PATCH", `/v1/blocks/${parent}/children`, { children }), "append").results as { id: string; type: string }[]).map((b) => {
      blockTypes[b.id] = b.type;
      return b.id;
    });

  const root = q.rootPageId;
  const sandbox = await page(root, "Fuzz sandbox");
  const child = await page(sandbox, "Fuzz child");
  const other = await page(root, "Fuzz other");
  const scratch = await page(root, "Fuzz scratch");
  const trashed = await page(sandbox, "Fuzz trashed");
  ok(await call("PATCH", `/v1/pages/${trashed}`, { in_trash: true }), "trash page");
  const blocks = await append(sandbox, [
    { paragraph: { rich_text: rt("para") } },
    { toggle: { rich_text: rt("toggle"), children: [{ paragraph: { rich_text: rt("inside") } }] } },
    { to_do: { rich_text: rt("todo"), checked: false } },
    { heading_2: { rich_text: rt("heading"), is_toggleable: true } },
    { code: { rich_text: rt("x = 1"), language: "python" } },
    { table: { table_width: 2, children: [{ table_row: { cells: [rt("a"), rt("b")] } }] } },
    { column_list: { children: [{ column: { children: [{ paragraph: { rich_text: rt("c1") } }] } }, { column: { children: [{ paragraph: { rich_text: rt("c2") } }] } }] } },
    { divider: {} },
    { bookmark: { url: "https://example.com/" } },
    { callout: { rich_text: rt("note") } },
    { synced_block: { synced_from: null, children: [{ paragraph: { rich_text: rt("synced") } }] } },
  ]);
  const nested = (ok(await call("GET", `/v1/blocks/${blocks[1]}/children`), "list").results as { id: string; type: string }[]).map((b) => {
    blockTypes[b.id] = b.type;
    return b.id;
  });
  const me = ok(await call("GET", "/v1/users/me"), "me").id as string;
  const users = (ok(await call("GET", "/v1/users"), "users").results as { id: string }[]).map((u) => u.id);

  const readOnly = await q.integration("Fuzz read-only", ["read_content"], [root]);
  const unshared = await q.integration("Fuzz unshared");

  // Verification properties exist only in Notion's wiki databases; the API cannot create one.
  // Written behind the server, on either store (test/helpers/store.ts).
  const addVerification = async (fx: DbFixture) => {
    const [row] = await queryOnStore<{ data: string }>(dir, "SELECT data FROM nodes WHERE id = ?", [fx.a.ds]);
    const data = JSON.parse(row.data);
    data.properties.push({ id: "vrfy", name: "Verified", description: null, type: "verification", config: {} });
    await execOnStore(dir, "UPDATE nodes SET data = ? WHERE id = ?", [JSON.stringify(data), fx.a.ds]);
  };
  // What the fuzzer reads of `meta` (the file-URL secret) is fixed once the server has started.
  const metaRows = await queryOnStore<{ key: string; value: string }>(dir, "SELECT key, value FROM meta");
  const metaValues = new Map(metaRows.map((r) => [r.key, r.value]));
  const dbPage = await page(root, "Fuzz databases");
  const dbs = await createFixture(call, dbPage, [me, ...users], addVerification, 27);
  const scratchParent = await page(root, "Fuzz scratch databases");
  let current: DbFixture | null = null;
  let wear = 0;

  const pages = [root, sandbox, child, other, scratch];
  const allBlocks = [...blocks, ...nested];
  const dbIds = [dbs.a.db, dbs.a.ds, dbs.b.db, dbs.b.ds, ...dbs.a.rows, ...dbs.b.rows];
  const world: World = {
    q,
    base,
    token: q.token,
    readOnlyToken: readOnly.token,
    unsharedToken: unshared.token,
    root,
    pages,
    blocks: allBlocks,
    blockTypes,
    trashed,
    users: [...new Set([me, ...users])],
    ids: [...pages, ...allBlocks, trashed, me, ...users, ...dbIds],
    dbs,
    async rebuildDbs() {
      world.dbs = await createFixture(call, await page(dbPage, "Fuzz databases (again)"), [me, ...users], addVerification, 27);
    },
    async scratch() {
      if (!current) {
        current = await createFixture(call, await page(scratchParent, "Fuzz scratch"), [me, ...users]);
        wear = 0;
      }
      return current;
    },
    touchScratch(heavy = false) {
      if (heavy || ++wear >= 6) current = null;
    },
    serverErrors,
    slowest,
    call,
    async fresh() {
      const id = await page(scratch, "Fuzz fresh", [
        { toggle: { rich_text: rt("t"), children: [{ paragraph: { rich_text: rt("in") } }] } },
        { paragraph: { rich_text: rt("p") } },
        { to_do: { rich_text: rt("d") } },
      ]);
      const kids = (ok(await call("GET", `/v1/blocks/${id}/children`), "list").results as { id: string }[]).map((b) => b.id);
      return { page: id, blocks: kids };
    },
    meta(key) {
      return metaValues.get(key) ?? null;
    },
    async close() {
      closeAgent();
      await q.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return world;
}
