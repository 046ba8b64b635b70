/**
 * What level a person has on a node: Notion's page permissions, decided from the explicit entries
 * of `Tx.permissions` (src/storage/permissions.ts). No SQL here; each question reads through the
 * ports in two statements whatever the number of nodes (the person's groups, then every entry
 * along the nodes' ancestries). docs/ARCHITECTURE.md "Page permissions" states the model:
 *
 * - An entry names a principal — a person, a group, or the workspace (all its members) — and a
 *   level, on a page or database; it holds for everything below unless a nearer entry for the same
 *   principal says otherwise, which may raise or lower it (Notion's help, "Sharing & permissions":
 *   a sub-page's access can be changed from what it inherits). Database rows and data sources
 *   inherit from their database like any child.
 * - A person's principals are themself, their groups and — for members, never guests — the
 *   workspace; the highest level any of them reaches at a node applies (Notion's help, "Sharing &
 *   permissions": guests only see pages shared with them).
 * - Workspace roles grant no page access: an owner or admin does not see another's private page
 *   (Notion's help, "Sharing & permissions": roles govern settings and membership, page access is
 *   governed by sharing).
 * - Trash changes nothing: a trashed page keeps its entries; what trash allows is the caller's rule.
 */
import type { Tx } from "../storage/types.js";
import type { PermissionHit, PermissionLevel, Principal } from "../storage/permissions.js";

export type { PermissionLevel, Principal } from "../storage/permissions.js";

/** A person's role in a workspace, as Notion names them (the role itself is kept with the membership). */
export type WorkspaceRole = "owner" | "membership_admin" | "member" | "guest";

/** The person a question is about: their user id and their role in the workspace asked about. */
export interface PersonInWorkspace {
  userId: string;
  role: WorkspaceRole;
}

/** Each level's rank: higher gives more (full access > can edit > can comment > can view). */
export const LEVEL_RANK: Readonly<Record<PermissionLevel, number>> = { full_access: 4, can_edit: 3, can_comment: 2, can_view: 1 };

/** True when `level` allows at least what `min` does (null, no access, allows nothing). */
export function allows(level: PermissionLevel | null, min: PermissionLevel): boolean {
  return level !== null && LEVEL_RANK[level] >= LEVEL_RANK[min];
}

/** The higher of two levels (null counts as none). */
export function higher(a: PermissionLevel | null, b: PermissionLevel | null): PermissionLevel | null {
  if (a === null) return b;
  if (b === null) return a;
  return LEVEL_RANK[a] >= LEVEL_RANK[b] ? a : b;
}

/** The key a principal is compared by. */
export const principalKey = (p: { type: string; id: string }): string => `${p.type}:${p.id}`;

/** The principals that speak for a person: themself, their groups, and the workspace unless they are a guest. */
export async function principalsOf(tx: Tx, workspaceId: string, person: PersonInWorkspace): Promise<Principal[]> {
  const groups = await tx.groups.groupsOf(workspaceId, person.userId);
  const out: Principal[] = [{ type: "user", id: person.userId }, ...groups.map((id) => ({ type: "group" as const, id }))];
  if (person.role !== "guest") out.push({ type: "workspace", id: workspaceId });
  return out;
}

/**
 * For each start node, the nearest entry of each principal (hits as the port answers them:
 * by start, then depth): the entry that decides that principal's level there.
 */
export function nearestByPrincipal(hits: readonly PermissionHit[]): Map<string, Map<string, PermissionHit>> {
  const out = new Map<string, Map<string, PermissionHit>>();
  for (const hit of hits) {
    let byPrincipal = out.get(hit.start);
    if (!byPrincipal) out.set(hit.start, (byPrincipal = new Map()));
    const key = principalKey({ type: hit.principal_type, id: hit.principal_id });
    const seen = byPrincipal.get(key);
    if (!seen || hit.depth < seen.depth) byPrincipal.set(key, hit);
  }
  return out;
}

/** The level the person has on each of `nodeIds` (null: none, or no such node), in two statements. */
export async function levelsOf(tx: Tx, workspaceId: string, person: PersonInWorkspace, nodeIds: readonly string[]): Promise<Map<string, PermissionLevel | null>> {
  const out = new Map<string, PermissionLevel | null>(nodeIds.map((id) => [id, null]));
  if (nodeIds.length === 0) return out;
  const principals = await principalsOf(tx, workspaceId, person);
  const nearest = nearestByPrincipal(await tx.permissions.along(workspaceId, nodeIds, principals));
  for (const [start, byPrincipal] of nearest) {
    let level: PermissionLevel | null = null;
    for (const hit of byPrincipal.values()) level = higher(level, hit.level);
    out.set(start, level);
  }
  return out;
}

/** The level the person has on the node, or null (no access, or no such node in the workspace). */
export async function levelOf(tx: Tx, workspaceId: string, person: PersonInWorkspace, nodeId: string): Promise<PermissionLevel | null> {
  return (await levelsOf(tx, workspaceId, person, [nodeId])).get(nodeId) ?? null;
}

/** A principal's level on a node and where it comes from. */
export interface EffectiveEntry {
  principal: Principal;
  level: PermissionLevel;
  /** The node whose entry decides it: the node itself, or the nearest ancestor with one. */
  from: string;
  inherited: boolean;
}

/** Every principal with a level on the node — explicit there or inherited — and where it comes from, in principal order. */
export async function effectiveEntries(tx: Tx, workspaceId: string, nodeId: string): Promise<EffectiveEntry[]> {
  const nearest = nearestByPrincipal(await tx.permissions.along(workspaceId, [nodeId], null)).get(nodeId);
  const key = (h: PermissionHit) => principalKey({ type: h.principal_type, id: h.principal_id });
  const hits = [...(nearest?.values() ?? [])].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  return hits.map((h) => ({ principal: { type: h.principal_type, id: h.principal_id }, level: h.level, from: h.node_id, inherited: h.depth > 0 }));
}
