/**
 * The server the fuzzer talks to and the objects it knows about: a few pages and blocks of
 * varied types, integrations with too few capabilities or no shares, and fresh pages on demand
 * for the properties that compare state before and after a write.
 */
import { startTestQuire, type TestQuire } from "../helpers/quire.js";
import { closeAgent, send, type FuzzRequest, type FuzzResponse } from "./http.js";

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
  /** Every id above, for generators. */
  ids: string[];
  /** Sends with the dev token and version unless `headers` says otherwise. */
  call(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<FuzzResponse>;
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
  const q = await startTestQuire();
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

  const pages = [root, sandbox, child, other, scratch];
  const allBlocks = [...blocks, ...nested];
  return {
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
    ids: [...pages, ...allBlocks, trashed, me, ...users],
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
    async close() {
      closeAgent();
      await q.close();
    },
  };
}
