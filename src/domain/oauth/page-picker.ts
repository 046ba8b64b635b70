/**
 * The OAuth consent page's page picker: what a person may pick to share with an integration they
 * install — the pages and databases they have **full access** to in one workspace (Notion: "Only
 * pages you have full access to can be shared with the integration", the page picker of
 * developers.notion.com/docs/authorization, "Prompt for a page selection"). Three questions, each
 * a few statements whatever the workspace's size:
 *
 * - `pickerRoots`: where the person's access starts — the nodes with a permission entry for one
 *   of their principals (`Tx.permissions.nodesWith`), by title;
 * - `pickerChildren`: the child pages and databases of the nodes opened in the tree;
 * - `pickerSearch`: the title search over the workspace, keeping what the person has full access to.
 *
 * Every node comes with the person's level, so the page can show a node it cannot pick (a
 * can-edit page above a full-access one) without a checkbox. Nothing in the trash is offered.
 */
import type { StoredNode, Tx } from "../../storage/types.js";
import type { SearchHit } from "../../storage/search.js";
import { plainText } from "../../api/rich-text.js";
import { levelsOf, principalsOf, type PermissionLevel, type PersonInWorkspace } from "../permissions.js";
import { Visibility } from "../visibility.js";

/** One page or database offered by the picker. */
export interface PickerNode {
  id: string;
  type: "page" | "database";
  title: string;
  /** The node's emoji icon, when it has one (other icons are not shown). */
  emoji: string | null;
  /** The person's level on it; only `full_access` may be picked. */
  level: PermissionLevel | null;
}

/** A capped list: the first `limit` nodes, and whether there were more. */
export interface PickerList {
  items: PickerNode[];
  more: boolean;
}

/** Roots, children and search results shown at first in each list; "Show more" adds as many again. */
export const PICKER_STEP = 25;
/** The most a list shows however often "Show more" is pressed (search narrows the rest). */
export const PICKER_MAX = 500;
/** The most permission entries read for the roots (a workspace-section page is one each). */
const ROOT_SCAN = 5000;
/** The most search candidates examined for one answer. */
const SEARCH_SCAN = 2000;

/** Where the person's access starts in the workspace (nodes with an entry for them, their groups or the workspace), by title. */
export async function pickerRoots(tx: Tx, workspaceId: string, person: PersonInWorkspace, limit: number): Promise<PickerList> {
  const ids = await tx.permissions.nodesWith(workspaceId, await principalsOf(tx, workspaceId, person), ROOT_SCAN);
  const nodes = (await tx.getNodes(workspaceId, ids)).filter(offered);
  const live = await untrashed(tx, workspaceId, nodes);
  const levels = await levelsOf(tx, workspaceId, person, live.map((n) => n.id));
  const items = live.map((n) => pickerNode(n, levels.get(n.id) ?? null)).filter((n) => n.level !== null);
  items.sort((a, b) => a.title.localeCompare(b.title) || (a.id < b.id ? -1 : 1));
  return capped(items, limit);
}

/** The child pages and databases of each of `parentIds`, in their order on the page (trashed ones left out). */
export async function pickerChildren(tx: Tx, workspaceId: string, person: PersonInWorkspace, parentIds: readonly string[], limit: number): Promise<Map<string, PickerList>> {
  const out = new Map<string, PickerList>();
  if (parentIds.length === 0) return out;
  const [pages, databases] = [await tx.getChildrenOf(workspaceId, parentIds, "page"), await tx.getChildrenOf(workspaceId, parentIds, "database")];
  const children = [...pages, ...databases].filter((n) => !n.in_trash).sort((a, b) => a.position - b.position || (a.id < b.id ? -1 : 1));
  const levels = await levelsOf(tx, workspaceId, person, children.map((n) => n.id));
  const byParent = new Map<string, PickerNode[]>(parentIds.map((id) => [id, []]));
  for (const n of children) byParent.get(n.parent_id!)?.push(pickerNode(n, levels.get(n.id) ?? null));
  for (const [id, items] of byParent) out.set(id, capped(items.filter((n) => n.level !== null), limit));
  return out;
}

/** Pages and databases whose title matches `text` that the person has full access to, best match first. */
export async function pickerSearch(tx: Tx, workspaceId: string, person: PersonInWorkspace, text: string, limit: number): Promise<PickerList> {
  const levels = new Map<string, PermissionLevel | null>();
  const reach = async (ids: readonly string[]) => {
    const got = await levelsOf(tx, workspaceId, person, ids);
    for (const [id, level] of got) levels.set(id, level);
    return got;
  };
  const sight = new Visibility(tx, workspaceId, new Set(), reach);
  const found: SearchHit[] = [];
  const q = { text, kinds: ["page", "database"] as const, order: "relevance" as const, untrashedOnly: true, from: null as SearchHit["key"] | null, within: null, limit: 100 };
  let last: string | null = null;
  for (let scanned = 0; found.length <= limit && scanned < SEARCH_SCAN; ) {
    const got = await tx.search.candidates(workspaceId, q);
    // Keys are inclusive: a batch after the first starts with the previous batch's last hit.
    const hits = last !== null && got[0]?.id === last ? got.slice(1) : got;
    const sights = await sight.of(hits);
    hits.forEach((h, i) => sights[i].visible && !sights[i].trashed && levels.get(h.id) === "full_access" && found.push(h));
    scanned += hits.length;
    if (got.length < q.limit || hits.length === 0) break;
    last = got[got.length - 1].id;
    q.from = got[got.length - 1].key;
  }
  const nodes = new Map((await tx.getNodes(workspaceId, found.slice(0, limit + 1).map((h) => h.id))).map((n) => [n.id, n]));
  const items = found.flatMap((h) => {
    const n = nodes.get(h.id);
    return n && offered(n) ? [pickerNode(n, "full_access")] : [];
  });
  return capped(items, limit);
}

/** The levels the person has on `ids` (for checking picks posted back). */
export async function pickableLevels(tx: Tx, workspaceId: string, person: PersonInWorkspace, ids: readonly string[]): Promise<Map<string, PickerNode>> {
  const nodes = (await tx.getNodes(workspaceId, ids)).filter(offered);
  const levels = await levelsOf(tx, workspaceId, person, nodes.map((n) => n.id));
  return new Map(nodes.map((n) => [n.id, pickerNode(n, levels.get(n.id) ?? null)]));
}

/** Pages and databases, not data sources, blocks, or anything in the trash itself. */
function offered(n: StoredNode): boolean {
  return (n.type === "page" || n.type === "database") && !n.in_trash;
}

/** The nodes not in the trash through an ancestor either. */
async function untrashed(tx: Tx, workspaceId: string, nodes: StoredNode[]): Promise<StoredNode[]> {
  const sight = new Visibility(tx, workspaceId, new Set());
  const sights = await sight.of(nodes.map((n) => ({ id: n.id, parent_id: n.parent_id, in_trash: n.in_trash })));
  return nodes.filter((_, i) => !sights[i].trashed);
}

function pickerNode(n: StoredNode, level: PermissionLevel | null): PickerNode {
  const title = plainText(n.type === "page" ? n.properties?.title : n.data?.title);
  const icon = n.icon as { type?: string; emoji?: string } | null;
  return { id: n.id, type: n.type as "page" | "database", title, emoji: icon?.type === "emoji" && typeof icon.emoji === "string" ? icon.emoji : null, level };
}

function capped(items: PickerNode[], limit: number): PickerList {
  return { items: items.slice(0, limit), more: items.length > limit };
}
