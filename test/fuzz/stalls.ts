/**
 * Fuzz properties for requests that could hold the server (issue 9): formulas built to outgrow
 * their budget, filters of random width and depth (past Notion's limits too), and synced blocks
 * arranged at random against a model that knows which writes would make one show itself. Every
 * answer is checked as usual and must come within STALL_MS.
 */
import fc from "fast-check";
import assert from "node:assert/strict";
import type { FuzzRequest, FuzzResponse } from "./http.js";
import type { FuzzProperty } from "./properties.js";
import type { World } from "./world.js";
import { bind } from "./databases.js";

type Exchange = (w: World, req: FuzzRequest, label?: string) => Promise<FuzzResponse>;

/** No answer here may take longer (the compute budget is 10 s; these stay far below it). */
const STALL_MS = 3000;

function request(w: World, method: string, path: string, body?: unknown): FuzzRequest {
  const headers: Record<string, string> = { authorization: `Bearer ${w.token}`, "notion-version": "2025-09-03" };
  if (body !== undefined) headers["content-type"] = "application/json";
  return { method, path, headers, body: body === undefined ? undefined : JSON.stringify(body) };
}

/** Sends, checks the answer (exchange) and that it came within STALL_MS. */
async function timed(w: World, exchange: Exchange, req: FuzzRequest, label: string): Promise<FuzzResponse> {
  const t0 = performance.now();
  const res = await exchange(w, req, label);
  const ms = performance.now() - t0;
  assert.ok(ms < STALL_MS, `${label}: ${req.method} ${req.path.slice(0, 120)} took ${Math.round(ms)} ms`);
  return res;
}

// ---------------------------------------------------------------- hostile formulas

const SIZES = [0, 3, 1000, 30_000, 99_999, 200_000, 1_000_000];
const size = fc.constantFrom(...SIZES);

/** A list expression, usually large, sometimes sharing its items. */
const listExpr: fc.Memo<string> = fc.memo((depth) => {
  const base = fc.oneof(
    size.map((n) => `split(repeat("x", ${n}), "")`),
    fc.constant('prop("Tags")'),
    fc.constant("[1, 2, 3]"),
  );
  if (depth <= 1) return base;
  const inner = listExpr(depth - 1);
  return fc.oneof(
    base,
    inner.map((l) => `(${l}).map(index)`),
    inner.map((l) => `(${l}).map(current + "y")`),
    fc.tuple(inner, inner).map(([a, b]) => `(${a}).map(${b})`),
    inner.map((l) => `(${l}).unique()`),
    inner.map((l) => `(${l}).sort()`),
    inner.map((l) => `(${l}).reverse()`),
    inner.map((l) => `(${l}).filter(index % 2 == 0)`),
    inner.map((l) => `(${l}).flat()`),
    fc.tuple(inner, inner).map(([a, b]) => `concat(${a}, ${b})`),
    fc.tuple(textExpr(depth - 1), fc.constantFrom("", ",", "a", "xy")).map(([t, sep]) => `split(${t}, ${JSON.stringify(sep)})`),
    fc.tuple(textExpr(depth - 1), fc.constantFrom("a", "", "(a|b)*", "x+")).map(([t, p]) => `match(${t}, ${JSON.stringify(p)})`),
  );
});

/** A text expression, usually long or built from long pieces. */
const textExpr: fc.Memo<string> = fc.memo((depth) => {
  const base = fc.oneof(size.map((n) => `repeat("ab", ${n})`), fc.constant('prop("Task")'), fc.constant('"abc"'));
  if (depth <= 1) return base;
  const inner = textExpr(depth - 1);
  return fc.oneof(
    base,
    listExpr(depth - 1).map((l) => `format(${l})`),
    listExpr(depth - 1).map((l) => `join(${l}, ", ")`),
    fc.tuple(inner, fc.constantFrom("", "a", "b+"), fc.constantFrom("xx", "$`$'", "$&$&", "")).map(([t, p, r]) => `replaceAll(${t}, ${JSON.stringify(p)}, ${JSON.stringify(r)})`),
    fc.tuple(inner, size).map(([t, n]) => `padStart(${t}, ${n}, "-")`),
    inner.map((t) => `upper(${t})`),
    fc.tuple(inner, inner).map(([a, b]) => `${a} + ${b}`),
    fc.tuple(inner, size).map(([t, n]) => `repeat(${t}, ${n})`),
  );
});

/** A formula whose value is small but whose work may be huge. */
export const hostileFormula: fc.Arbitrary<string> = fc.oneof(
  listExpr(3).map((l) => `(${l}).length()`),
  textExpr(3).map((t) => `length(${t})`),
  listExpr(3).map((l) => `(${l}).includes("x")`),
  fc.tuple(listExpr(2), listExpr(2)).map(([a, b]) => `equal(${a}, ${b})`),
  textExpr(2).map((t) => `test(${t}, "(a|b)+$")`),
);

// ---------------------------------------------------------------- filters

type Filter = Record<string, unknown>;

const LEAVES: Filter[] = [
  { property: "Score", number: { greater_than: 0.5 } },
  { property: "Score", number: { is_empty: true } },
  { property: "Task", title: { contains: "a" } },
  { property: "Flag", checkbox: { equals: true } },
  { property: "Tags", multi_select: { contains: "a" } },
  { property: "When", date: { on_or_after: "2024-01-01" } },
  { timestamp: "created_time", created_time: { past_week: {} } },
  { property: "Formula", formula: { number: { greater_than: 0 } } },
];
const BAD_LEAF: Filter = { property: "No such property", number: { equals: 1 } };

/** A filter of random width (past 100 now and then) and depth (past 2 now and then). */
const filterArb: fc.Memo<Filter> = fc.memo((depth) => {
  const leaf = fc.oneof({ weight: 30, arbitrary: fc.constantFrom(...LEAVES) }, { weight: 1, arbitrary: fc.constant(BAD_LEAF) });
  if (depth <= 1) return leaf;
  const width = fc.oneof({ weight: 6, arbitrary: fc.nat(4) }, { weight: 2, arbitrary: fc.constantFrom(50, 99, 100) }, { weight: 1, arbitrary: fc.constantFrom(101, 150) });
  return fc.oneof(
    { weight: 2, arbitrary: leaf },
    { weight: 2, arbitrary: fc.tuple(fc.constantFrom("and", "or"), width, filterArb(depth - 1)).map(([k, n, child]) => ({ [k]: Array.from({ length: n }, () => child) })) },
  );
});

/** Why Notion refuses a filter (too wide, too deep, unknown property), or null. */
function refusal(f: Filter, depth = 0): string | null {
  const compound = (["or", "and"] as const).find((k) => f[k] !== undefined);
  if (!compound) return f === BAD_LEAF || (f as { property?: string }).property === BAD_LEAF.property ? "unknown property" : null;
  const items = f[compound] as Filter[];
  if (depth >= 2) return "too deep";
  if (items.length > 100) return "too wide";
  for (const c of items) {
    const why = refusal(c, depth + 1);
    if (why) return why;
  }
  return null;
}

/** Leaves in a filter. */
const conditions = (f: Filter): number => {
  const k = (["or", "and"] as const).find((key) => f[key] !== undefined);
  return k ? (f[k] as Filter[]).reduce((n, c) => n + conditions(c), 0) : 1;
};

// ---------------------------------------------------------------- synced blocks

/** The model of a page of synced blocks: what exists, where, what each reference shows. */
interface SyncNode {
  id: string;
  parent: string;
  kind: "page" | "original" | "reference" | "paragraph";
  from?: string;
  trashed: boolean;
}

class SyncModel {
  readonly nodes = new Map<string, SyncNode>();
  constructor(readonly page: string) {
    this.nodes.set(page, { id: page, parent: "", kind: "page", trashed: false });
  }
  children(id: string): SyncNode[] {
    return [...this.nodes.values()].filter((n) => n.parent === id && n.kind !== "page");
  }
  /** Trashed itself or below something trashed (writes there are refused). */
  inTrash(id: string): boolean {
    for (let n = this.nodes.get(id); n; n = this.nodes.get(n.parent)) if (n.trashed) return true;
    return false;
  }
  /** Where an append to `id` lands: a reference's children are its original's. */
  owner(id: string): string {
    const n = this.nodes.get(id)!;
    return n.kind === "reference" ? n.from! : id;
  }
  /** Whether some reference is shown by its own original (following references, skipping trashed blocks). */
  hasCycle(): boolean {
    for (const r of this.nodes.values()) {
      if (r.kind !== "reference" || r.trashed) continue;
      const seen = new Set<string>();
      const queue = [r.from!];
      while (queue.length) {
        const o = queue.pop()!;
        if (seen.has(o)) continue;
        seen.add(o);
        const stack = [...this.children(o)];
        while (stack.length) {
          const n = stack.pop()!;
          if (n.trashed) continue;
          if (n.id === r.id) return true;
          if (n.kind === "reference") queue.push(n.from!);
          else stack.push(...this.children(n.id));
        }
      }
    }
    return false;
  }
}

type SyncOp =
  | { op: "original"; at: number; paragraphs: number }
  | { op: "reference"; at: number; to: number }
  | { op: "repoint"; ref: number; to: number }
  | { op: "trash" | "restore"; which: number };

const syncOps = fc.array(
  fc.oneof(
    fc.record({ op: fc.constant("original" as const), at: fc.nat(), paragraphs: fc.nat(2) }),
    fc.record({ op: fc.constant("reference" as const), at: fc.nat(), to: fc.nat() }),
    fc.record({ op: fc.constant("reference" as const), at: fc.nat(), to: fc.nat() }),
    fc.record({ op: fc.constant("repoint" as const), ref: fc.nat(), to: fc.nat() }),
    fc.record({ op: fc.constantFrom("trash" as const, "restore" as const), which: fc.nat() }),
  ),
  { minLength: 3, maxLength: 8 },
);

const para = { paragraph: { rich_text: [{ type: "text", text: { content: "p" } }] } };

/**
 * Applies one operation to the server and, when accepted, to the model. The server must refuse
 * exactly the writes the model says would make a synced block show itself (and writes into the
 * trash, which Notion refuses as "archived"), and accept everything else.
 */
async function syncStep(w: World, exchange: Exchange, m: SyncModel, s: SyncOp, log: (line: string) => void): Promise<void> {
  const blocks = [...m.nodes.values()].filter((n) => n.kind !== "page");
  const originals = blocks.filter((n) => n.kind === "original");
  const refs = blocks.filter((n) => n.kind === "reference");
  let req: FuzzRequest;
  let archived = false; // the write targets something in the trash
  let change: () => () => void; // applies the op to the model; returns its undo
  let made: SyncNode | null = null;
  switch (s.op) {
    case "original":
    case "reference": {
      if (s.op === "reference" && !originals.length) return;
      const containers = [...m.nodes.values()];
      const at = containers[s.at % containers.length];
      const target = s.op === "reference" ? originals[s.to % originals.length] : null;
      const child = target ? { synced_block: { synced_from: { block_id: target.id } } } : { synced_block: { synced_from: null, children: Array.from({ length: (s as { paragraphs: number }).paragraphs }, () => para) } };
      req = request(w, "PATCH", `/v1/blocks/${at.id}/children`, { children: [child] });
      const parent = m.owner(at.id);
      archived = m.inTrash(at.id) || m.inTrash(parent);
      made = { id: "(new)", parent, kind: s.op, from: target?.id, trashed: false };
      change = () => {
        m.nodes.set(made!.id, made!);
        return () => m.nodes.delete(made!.id);
      };
      break;
    }
    case "repoint": {
      if (!refs.length || !originals.length) return;
      const r = refs[s.ref % refs.length];
      const to = originals[s.to % originals.length];
      req = request(w, "PATCH", `/v1/blocks/${r.id}`, { synced_block: { synced_from: { block_id: to.id } } });
      archived = m.inTrash(r.id);
      change = () => {
        const before = r.from;
        r.from = to.id;
        return () => (r.from = before);
      };
      break;
    }
    default: {
      if (!blocks.length) return;
      const b = blocks[s.which % blocks.length];
      req = s.op === "trash" ? request(w, "DELETE", `/v1/blocks/${b.id}`) : request(w, "PATCH", `/v1/blocks/${b.id}`, { in_trash: false });
      change = () => {
        const before = b.trashed;
        b.trashed = s.op === "trash";
        return () => (b.trashed = before);
      };
    }
  }
  const undo = change();
  const cycle = !archived && m.hasCycle();
  undo();
  const res = await timed(w, exchange, req, `synced ${s.op}`);
  const message = (res.json as { message?: string }).message ?? "";
  log(`${s.op} ${req.path} ${req.body ?? ""} → ${res.status} ${res.status >= 400 ? message : ""} (model: ${archived ? "archived" : cycle ? "cycle" : "ok"})`);
  if (archived || (s.op === "trash" && res.status === 400 && /archived/.test(message))) {
    // Writes into the trash are refused; trashing something already in the trash may be too.
    if (archived) assert.equal(res.status, 400, `a write into the trash was accepted (${s.op})`);
    return;
  }
  if (cycle) {
    assert.equal(res.status, 400, `a write that makes a synced block show itself was accepted (${s.op})`);
    assert.match(message, /would contain itself/);
    return;
  }
  assert.equal(res.status, 200, `${s.op} refused though it makes no cycle: ${res.text.slice(0, 300)}`);
  if (made) made.id = (res.json as { results: { id: string }[] }).results[0].id;
  change();
  if (made?.kind === "original") {
    const kids = (await w.call("GET", `/v1/blocks/${made.id}/children`)).json as { results: { id: string }[] };
    for (const k of kids.results) m.nodes.set(k.id, { id: k.id, parent: made.id, kind: "paragraph", trashed: false });
  }
}

// ---------------------------------------------------------------- properties

export function stallProperties(exchange: Exchange): FuzzProperty[] {
  return [
    {
      // Formulas built to outgrow their budget (huge lists, shared lists, long texts, $` copies):
      // every read answers promptly, with a value or `unsupported`.
      name: "hostile formulas",
      runs: 25,
      build: (w) =>
        fc.asyncProperty(hostileFormula, fc.context(), async (expression, ctx) => {
          const fx = await w.scratch();
          const set = await timed(w, exchange, request(w, "PATCH", `/v1/data_sources/${fx.a.ds}`, { properties: { Fz: { formula: { expression } } } }), "hostile set");
          ctx.log(`${expression} → ${set.status}`);
          if (set.status !== 200) return;
          const res = await timed(w, exchange, request(w, "GET", `/v1/pages/${fx.a.rows[0]}`), "hostile read");
          const fz = (res.json as { properties: Record<string, { formula: { type: string } }> }).properties.Fz.formula;
          assert.ok(["number", "string", "boolean", "date", "unsupported"].includes(fz.type), JSON.stringify(fz));
          await timed(w, exchange, request(w, "POST", `/v1/data_sources/${fx.a.ds}/query`, { filter: { property: "Fz", formula: { number: { is_not_empty: true } } } }), "hostile query");
        }),
    },
    {
      // Filters of random width and depth: refused exactly when past Notion's limits (or naming
      // an unknown property), answered promptly either way; a filter answered in SQL and the
      // same filter forced into memory (more than 100 conditions) find the same rows.
      name: "filter limits",
      runs: 60,
      build: (w) =>
        fc.asyncProperty(filterArb(4), fc.constantFrom(0, 1, 3, 100, 101, 1000), fc.context(), async (filter, nSorts, ctx) => {
          const ds = bind("⟦a.ds⟧", w.dbs);
          const sorts = Array.from({ length: nSorts }, () => ({ property: "Score", direction: "ascending" }));
          const body = { filter, sorts, page_size: 100 };
          const res = await timed(w, exchange, request(w, "POST", `/v1/data_sources/${ds}/query`, body), "filter");
          const why = refusal(filter) ?? (nSorts > 100 ? "too many sorts" : null) ?? (JSON.stringify(body).length > 500 * 1024 ? "too large" : null);
          ctx.log(`${conditions(filter)} conditions, ${nSorts} sorts → ${res.status} (model: ${why ?? "ok"})`);
          if (why) return assert.equal(res.status, 400, `expected 400 (${why}), got ${res.status}`);
          assert.equal(res.status, 200, res.text.slice(0, 300));
          // A filter of leaves (at most 100) runs in SQL; with 100 more conditions that are always
          // true it runs in memory: both find the same rows.
          const kids = (filter.and ?? filter.or) as Filter[] | undefined;
          const shallow = !kids || (kids.length <= 100 && !kids.some((c) => c.and || c.or));
          if (!shallow) return;
          const always = { or: Array.from({ length: 100 }, (_, i) => ({ property: "Score", number: i % 2 ? { is_empty: true } : { is_not_empty: true } })) };
          const memory = await timed(w, exchange, request(w, "POST", `/v1/data_sources/${ds}/query`, { filter: { and: [filter, always] }, page_size: 100 }), "filter in memory");
          const sql = await timed(w, exchange, request(w, "POST", `/v1/data_sources/${ds}/query`, { filter, page_size: 100 }), "filter in SQL");
          const ids = (r: FuzzResponse) => (r.json as { results: { id: string }[] }).results.map((p) => p.id).sort();
          assert.deepEqual(ids(memory), ids(sql), "the in-memory evaluator and SQL disagree");
        }),
    },
    {
      // Originals and references appended, repointed, trashed and restored at random on a fresh
      // page: refused exactly when the model says a synced block would show itself; the page's
      // markdown always renders, promptly.
      name: "synced cycles",
      runs: 30,
      build: (w) =>
        fc.asyncProperty(syncOps, fc.context(), async (ops, ctx) => {
          const { page } = await w.fresh();
          const m = new SyncModel(page);
          for (const s of ops) {
            await syncStep(w, exchange, m, s, (line) => ctx.log(line));
            const md = await timed(w, exchange, request(w, "GET", `/v1/pages/${page}/markdown`), "synced markdown");
            assert.equal(md.status, 200, md.text.slice(0, 300));
          }
        }),
    },
  ];
}
