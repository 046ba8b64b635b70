/**
 * What the OAuth consent page shows (src/routes/oauth-authorize.ts renders it): the workspaces a
 * signed-in person may install an integration into, and — in the chosen one — the picker's lists
 * read in one read unit: the tree's roots, the children of the opened nodes, the search results
 * and the pages already ticked. The picks themselves are checked again by `grantAuthorization`
 * when the person allows access; here they are only shown.
 */
import type { Deps } from "../context.js";
import type { Membership } from "../../storage/types.js";
import type { PersonInWorkspace } from "../permissions.js";
import { pickableLevels, pickerChildren, pickerRoots, pickerSearch, PICKER_MAX, PICKER_STEP, type PickerList, type PickerNode } from "./page-picker.js";

/** The most pages one consent may pick (policy.ts `MAX_PICKED_PAGES`: the grant's own bound). */
export { MAX_PICKED_PAGES as MAX_PICKS } from "./policy.js";
/** The most nodes opened in the tree at once. */
export const MAX_OPEN = 50;

/** What the person asked the page to show. */
export interface ConsentQuery {
  workspaceId: string;
  person: PersonInWorkspace;
  query: string;
  picks: readonly string[];
  open: readonly string[];
  wide: readonly string[];
  rootsLimit: number;
  resultsLimit: number;
}

/** The picker's lists for one rendering. */
export interface ConsentLists {
  roots: PickerList;
  children: Map<string, PickerList>;
  results: PickerList | null;
  /** The picks as nodes (ones that are not pages or databases of the workspace dropped). */
  picked: PickerNode[];
}

/** The workspaces the person may install into: those where they are a member or above, never a guest (Notion: guests cannot add connections). */
export function installableWorkspaces(memberships: readonly Membership[]): Membership[] {
  return memberships.filter((m) => m.role !== "guest");
}

/** A list's limit as asked: a step of PICKER_STEP, at most PICKER_MAX (anything else reads as the first step). */
export function listLimit(raw: string | undefined): number {
  const n = Number(raw);
  return Number.isInteger(n) && n >= PICKER_STEP ? Math.min(n - (n % PICKER_STEP), PICKER_MAX) : PICKER_STEP;
}

/** The next step of a list's limit ("Show more"). */
export function moreOf(limit: number): number {
  return Math.min(limit + PICKER_STEP, PICKER_MAX);
}

/** Reads the picker's lists for one rendering of the consent page, in one read unit. */
export async function consentLists(deps: Deps, q: ConsentQuery): Promise<ConsentLists> {
  return deps.store.read(async (tx) => {
    const ws = q.workspaceId;
    const text = q.query.trim();
    const results = text ? await pickerSearch(tx, ws, q.person, text, q.resultsLimit) : null;
    const roots = text ? { items: [], more: false } : await pickerRoots(tx, ws, q.person, q.rootsLimit);
    const wide = new Set(q.wide);
    const open = text ? [] : q.open.slice(0, MAX_OPEN);
    const children = new Map<string, PickerList>();
    // Widened lists are read at the widest step; the others at the first step.
    for (const [ids, limit] of [[open.filter((id) => !wide.has(id)), PICKER_STEP], [open.filter((id) => wide.has(id)), PICKER_MAX]] as const)
      for (const [id, list] of await pickerChildren(tx, ws, q.person, ids, limit)) children.set(id, list);
    const known = await pickableLevels(tx, ws, q.person, q.picks);
    // A pick the person cannot see (forged, or access lost) is dropped unnamed: its title is not theirs to read.
    const picked = q.picks.flatMap((id) => (known.get(id)?.level ? [known.get(id)!] : []));
    return { roots, children: new Map(open.filter((id) => children.has(id)).map((id) => [id, children.get(id)!])), results, picked };
  });
}

/**
 * Why the picks cannot be shared, in the person's words (a page gone, or one without full access
 * — its access changed since the page was shown), or null. `grantAuthorization` checks the same
 * again in its write unit; this gives the page a message naming the page by its title.
 */
export async function picksProblem(deps: Deps, workspaceId: string, person: PersonInWorkspace, picks: readonly string[]): Promise<string | null> {
  const known = await deps.store.read((tx) => pickableLevels(tx, workspaceId, person, picks));
  for (const id of picks) {
    const node = known.get(id);
    if (!node || node.level === null) return "A page you selected is no longer available. Select your pages again.";
    if (node.level !== "full_access") return `You need full access to “${node.title || "Untitled"}” to share it with an integration.`;
  }
  return null;
}
