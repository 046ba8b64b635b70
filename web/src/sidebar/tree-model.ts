/**
 * The page tree's data, read through /v1 only: the workspace's top-level pages (search, parent
 * `workspace`), a page's child pages and databases (its `child_page` / `child_database` blocks),
 * a page's ancestors (each page's `parent`), and the few writes the sidebar makes (create,
 * rename, move, trash and restore). `changes` tells every list on screen to read again after one.
 */
import type { Api, Json } from "../api";
import { plainText, titleOf } from "../notion";

/** One row of the tree. */
export interface TreeNode {
  id: string;
  kind: "page" | "database";
  title: string;
  /** Notion's icon (any kind: NotionIcon draws it), or null. */
  icon: Json | null;
  /** Whether it may have something inside (a page with blocks, any database): shown as expandable. */
  expandable: boolean;
}

/** The key of the top-level list. */
export const ROOT = "root";

/** Top-level pages of the workspace the person sees (Workspace and Private sections alike: Notion's API does not tell them apart). */
export async function topLevel(api: Api): Promise<TreeNode[]> {
  const found = await api.all<Json>("POST", "/search", { filter: { property: "object", value: "page" } }, 1000);
  // In the order they were made (search orders by edit time: a renamed page would jump).
  const top = found.filter((p) => p.parent?.type === "workspace" && !p.in_trash);
  top.sort((a, b) => (a.created_time === b.created_time ? (a.id < b.id ? -1 : 1) : a.created_time < b.created_time ? -1 : 1));
  return top.map(fromPage);
}

/** A page's child pages and databases, in the page's order. */
export async function childrenOf(api: Api, id: string): Promise<TreeNode[]> {
  const blocks = await api.all<Json>("GET", `/blocks/${id}/children`);
  const out: TreeNode[] = [];
  for (const b of blocks) {
    if (b.type === "child_page") out.push({ id: b.id, kind: "page", title: b.child_page?.title || "Untitled", icon: null, expandable: !!b.has_children });
    else if (b.type === "child_database") out.push({ id: b.id, kind: "database", title: b.child_database?.title || "Untitled", icon: null, expandable: false });
  }
  // A child_database block carries no icon: each database is read for it (side by side; one unreadable keeps 🗂).
  await Promise.all(
    out.filter((n) => n.kind === "database").map((n) => api.v1<Json>("GET", `/databases/${n.id}`).then((d) => void (n.icon = d.icon ?? null), () => undefined)),
  );
  return out;
}

/** A page object as a row. */
export function fromPage(p: Json): TreeNode {
  return { id: p.id, kind: "page", title: titleOf(p), icon: p.icon ?? null, expandable: true };
}

/** The pages above `id`, nearest first, up to a top-level page (stops at anything else: a database, a block). */
export async function ancestorsOf(api: Api, id: string, max = 20): Promise<string[]> {
  const out: string[] = [];
  let current = id;
  for (let i = 0; i < max; i++) {
    const page = await api.v1<Json>("GET", `/pages/${current}?filter_properties=title`);
    if (page.parent?.type !== "page_id") break;
    current = page.parent.page_id;
    out.push(current);
  }
  return out;
}

/** A rich text array holding `text`. */
export function textOf(text: string): Json[] {
  return text ? [{ type: "text", text: { content: text } }] : [];
}

/** Creates an empty page inside `parentId` (or at the top level when null); the new page. */
export function createPage(api: Api, parentId: string | null): Promise<Json> {
  return api.v1("POST", "/pages", { parent: parentId ? { page_id: parentId } : { workspace: true }, properties: { title: { title: [] } } });
}

/** Renames a page. */
export function renamePage(api: Api, id: string, title: string): Promise<Json> {
  return api.v1("PATCH", `/pages/${id}`, { properties: { title: { title: textOf(title) } } });
}

/** Moves a page to the end of another page (Notion's `POST /v1/pages/{id}/move`). */
export function movePage(api: Api, id: string, parentId: string): Promise<Json> {
  return api.v1("POST", `/pages/${id}/move`, { parent: { type: "page_id", page_id: parentId } });
}

/** Moves a page or database to the trash, or back. */
export function setTrashed(api: Api, obj: { id: string; kind: "page" | "database" }, inTrash: boolean): Promise<Json> {
  return api.v1("PATCH", `/${obj.kind === "page" ? "pages" : "databases"}/${obj.id}`, { in_trash: inTrash });
}

/** The title of a search result or page, for lists. */
export function resultTitle(r: Json): string {
  if (r.object === "data_source" || r.object === "database") return plainText(r.title) || "Untitled";
  return titleOf(r);
}

type Listener = () => void;
const listeners = new Set<Listener>();

/** Something in the tree changed (created, renamed, moved, trashed, restored): every list reads again. */
export const changes = {
  emit(): void {
    for (const l of listeners) l();
  },
  on(l: Listener): () => void {
    listeners.add(l);
    return () => listeners.delete(l);
  },
};
