/**
 * The editor's document against what the server holds, as the fewest /v1 calls (pure: no fetch).
 * A snapshot flattens a document into nodes (parent, order, Notion body); `diff` compares the
 * last saved snapshot with the current one:
 * - a block gone from the document → DELETE (only the topmost: Notion trashes the children too);
 * - a block whose text, colour or props changed → PATCH with its new body;
 * - new blocks → one append per run of new siblings, placed after the sibling before them;
 * - a block moved (another parent, or out of order: siblings not in the longest common
 *   subsequence of the old and new orders) or whose type changed (Notion cannot retype a block)
 *   → DELETE and re-create it with its whole subtree at its new place.
 * Blocks Notion cannot re-create from their JSON (a child page, a database, a Notion-hosted file)
 * are never deleted to move them: they stay where the server has them (`stuck`).
 */
import { canRecreate, inlineText, toNotion, type EBlock, type Extras, type Json, type NotionBody } from "./mapping.js";

export interface Node {
  id: string;
  parent: string | null;
  body: NotionBody;
  /** The body as text: equal keys, nothing to send. */
  key: string;
  recreatable: boolean;
}

export interface Snapshot {
  nodes: Map<string, Node>;
  /** Child ids by parent id ("" for the page), in order. */
  order: Map<string, string[]>;
}

export type Op =
  | { kind: "delete"; id: string }
  | { kind: "update"; id: string; body: NotionBody }
  | { kind: "rows"; id: string; rows: { index: number; cells: Json[][] }[] }
  | { kind: "create"; parent: string | null; after: string | null; ids: string[]; bodies: NotionBody[] };

const MEDIA_TYPES = new Set(["image", "video", "audio", "file"]);

function isEmptyParagraph(b: EBlock): boolean {
  return b.type === "paragraph" && b.children.length === 0 && inlineText(b.content) === "";
}

/**
 * A document as a snapshot. `known(id)`: whether the server has the block; a trailing empty
 * paragraph the server does not have is left out (BlockNote always keeps one to type into).
 */
export function snapshot(doc: EBlock[], extras: Extras, uploads: Map<string, string>, known: (id: string) => boolean): Snapshot {
  const nodes = new Map<string, Node>();
  const order = new Map<string, string[]>();
  const visit = (blocks: EBlock[], parent: string | null) => {
    const ids: string[] = [];
    for (const b of blocks) {
      // A file block waiting for its upload (no URL yet) is saved once the upload is done.
      if (MEDIA_TYPES.has(b.type) && !b.props?.url && !known(b.id)) continue;
      const body = toNotion(b, extras, uploads);
      // A saved callout's icon is written by its picker alone (CalloutIcon.tsx, its own PATCH):
      // sent again with the text, a save still waiting could put back the icon it replaced.
      if (b.type === "callout" && known(b.id)) delete (body.value as Json).icon;
      const hostedFile = body.value.type === "file";
      nodes.set(b.id, { id: b.id, parent, body, key: JSON.stringify(body), recreatable: canRecreate(b) && !hostedFile });
      ids.push(b.id);
      visit(b.children ?? [], b.id);
    }
    order.set(parent ?? "", ids);
  };
  const top = [...doc];
  const last = top[top.length - 1];
  if (last && isEmptyParagraph(last) && !known(last.id)) top.pop();
  visit(top, null);
  return { nodes, order };
}

/**
 * The ids of `a` that keep their relative order in `b`: a longest common subsequence, by weight
 * (a block that cannot be re-created weighs more, so the others move around it).
 */
export function lcs(a: string[], b: string[], weight: (id: string) => number = () => 1): Set<string> {
  const n = a.length;
  const m = b.length;
  const dp: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) dp[i][j] = a[i] === b[j] ? dp[i + 1][j + 1] + weight(a[i]) : Math.max(dp[i + 1][j], dp[i][j + 1]);
  const out = new Set<string>();
  for (let i = 0, j = 0; i < n && j < m; ) {
    if (a[i] === b[j]) {
      out.add(a[i]);
      i++;
      j++;
    } else if (dp[i + 1][j] >= dp[i][j + 1]) i++;
    else j++;
  }
  return out;
}

/** A table whose shape changed (width or row count) is re-created: Notion cannot change a table's width. */
function reshaped(a: NotionBody, b: NotionBody): boolean {
  if (a.type !== "table") return false;
  return a.value.table_width !== b.value.table_width || (a.rows?.length ?? 0) !== (b.rows?.length ?? 0);
}

function subtreeRecreatable(cur: Snapshot, id: string): boolean {
  if (!cur.nodes.get(id)!.recreatable) return false;
  return (cur.order.get(id) ?? []).every((c) => subtreeRecreatable(cur, c));
}

/** The calls that turn `base` into `cur`, in the order to send them; `stuck`: moves that cannot be saved. */
export function diff(base: Snapshot, cur: Snapshot): { ops: Op[]; stuck: string[] } {
  const creates: Op[] = [];
  const recreated = new Set<string>();
  const stuck: string[] = [];

  const walk = (parent: string | null, ancestorNew: boolean) => {
    const kids = cur.order.get(parent ?? "") ?? [];
    const fresh = new Set<string>();
    if (ancestorNew)
      for (const k of kids) {
        fresh.add(k);
        if (base.nodes.has(k)) recreated.add(k); // moved in under a re-created block: deleted where it was
      }
    else {
      const stays = (id: string) => {
        const b = base.nodes.get(id);
        const c = cur.nodes.get(id)!;
        return !!b && b.parent === parent && b.body.type === c.body.type && !reshaped(b.body, c.body);
      };
      const candidates = kids.filter(stays);
      const baseOrder = (base.order.get(parent ?? "") ?? []).filter((id) => candidates.includes(id));
      const kept = lcs(candidates, baseOrder, (id) => (subtreeRecreatable(cur, id) ? 1 : 1000));
      for (const id of kids) {
        if (kept.has(id)) continue;
        if (base.nodes.has(id) && !subtreeRecreatable(cur, id)) {
          stuck.push(id); // left where the server has it
          continue;
        }
        fresh.add(id);
        if (base.nodes.has(id)) recreated.add(id);
      }
    }
    let run: { after: string | null; ids: string[] } | null = null;
    const flush = () => {
      if (!run) return;
      for (let i = 0; i < run.ids.length; i += 100) {
        const ids = run.ids.slice(i, i + 100);
        creates.push({ kind: "create", parent, after: i === 0 ? run.after : run.ids[i - 1], ids, bodies: ids.map((id) => cur.nodes.get(id)!.body) });
      }
      run = null;
    };
    kids.forEach((id, i) => {
      if (fresh.has(id)) {
        run ??= { after: i === 0 ? null : kids[i - 1], ids: [] };
        run.ids.push(id);
        return;
      }
      flush();
      const b = base.nodes.get(id);
      const c = cur.nodes.get(id)!;
      if (!b || b.key === c.key) return;
      if (c.body.type === "table") {
        const rows = (c.body.rows ?? []).map((cells, index) => ({ index, cells })).filter(({ index, cells }) => JSON.stringify(cells) !== JSON.stringify(b.body.rows?.[index]));
        if (rows.length) creates.push({ kind: "rows", id, rows });
        if (JSON.stringify(c.body.value) !== JSON.stringify(b.body.value)) creates.push({ kind: "update", id, body: { type: "table", value: c.body.value } });
      } else creates.push({ kind: "update", id, body: c.body });
    });
    flush();
    for (const id of kids) walk(id, fresh.has(id));
  };
  walk(null, false);

  // Deletes first: the topmost of the blocks gone or re-created (Notion trashes their children with them).
  const gone = new Set<string>([...base.nodes.keys()].filter((id) => !cur.nodes.has(id) || recreated.has(id)));
  const deletes: Op[] = [];
  for (const id of gone) {
    let p = base.nodes.get(id)!.parent;
    let covered = false;
    while (p) {
      if (gone.has(p)) covered = true;
      p = base.nodes.get(p)?.parent ?? null;
    }
    if (!covered) deletes.push({ kind: "delete", id });
  }
  return { ops: [...deletes, ...creates], stuck };
}
