/**
 * What a person acting through a personal access token reaches: their page permissions
 * (src/domain/permissions.ts) in place of an integration's shares. Notion: a PAT "uses the
 * workspace membership and page permissions of the person who created it" and "does not need
 * pages to be shared with a bot" (developers.notion.com/guides/get-started/personal-access-tokens).
 * Each question is one statement (`Tx.permissions.along`) for any number of nodes; the person's
 * principals (themself, their groups, the workspace unless a guest) are read once per request.
 */
import type { Tx } from "../storage/types.js";
import type { PermissionLevel, Principal } from "../storage/permissions.js";
import type { Actor, PersonActor } from "./context.js";
import { higher, nearestByPrincipal, principalsOf } from "./permissions.js";

/** The person behind the actor, or null for an integration. */
export function personOf(actor: Actor): PersonActor | null {
  return actor.person ?? null;
}

/** The person's principals, read once per request and kept on the actor. */
async function principals(tx: Tx, actor: Actor, person: PersonActor): Promise<Principal[]> {
  return (person.principals ??= await principalsOf(tx, actor.workspace.id, { userId: actor.bot.id, role: person.role }));
}

/** The person's level on each of `ids` (null: none, or no such node): one statement after the first question. */
export async function personLevels(tx: Tx, actor: Actor, ids: readonly string[]): Promise<Map<string, PermissionLevel | null>> {
  const person = actor.person!;
  const out = new Map<string, PermissionLevel | null>(ids.map((id) => [id, null]));
  if (ids.length === 0) return out;
  const nearest = nearestByPrincipal(await tx.permissions.along(actor.workspace.id, [...new Set(ids)], await principals(tx, actor, person)));
  for (const [start, byPrincipal] of nearest) {
    let level: PermissionLevel | null = null;
    for (const hit of byPrincipal.values()) level = higher(level, hit.level);
    out.set(start, level);
  }
  return out;
}

/** The person's level on one node. */
export async function personLevel(tx: Tx, actor: Actor, id: string): Promise<PermissionLevel | null> {
  return (await personLevels(tx, actor, [id])).get(id) ?? null;
}
