/**
 * What an integration may see, in bulk: search candidates (Visibility) and the pages and
 * databases that values refer to — related pages, mentions (Sight). The rule is access.ts's (an
 * object is visible when it or an ancestor is shared; it is in the trash when it or an ancestor
 * is), but decided for a batch at once: parents are looked up one tree level per query (a
 * batch of related pages and mentions: their whole chains in one, `SearchStore.ancestry`), and every
 * node's answer is remembered for the request, so objects under the same page cost one lookup
 * together instead of one ancestry walk each. For a person acting through a personal access token
 * what is visible is what their page permissions reach (`reach`: one statement per batch), not
 * the shares; the trash is decided the same way for both.
 */
import type { Tx } from "../storage/types.js";
import type { ParentLink } from "../storage/search.js";
import type { Actor } from "./context.js";
import type { PermissionLevel } from "../storage/permissions.js";
import { personLevels } from "./person-access.js";

/** A person's levels on nodes (person-access.ts `personLevels`), for Visibility in place of shares. */
export type Reach = (ids: readonly string[]) => Promise<Map<string, PermissionLevel | null>>;

/** The reach of the actor when a person acts, else undefined (an integration sees through its shares). */
export function reachOf(tx: Tx, actor: Actor): Reach | undefined {
  return actor.person ? (ids) => personLevels(tx, actor, ids) : undefined;
}

/** One node's answer. */
export interface NodeSight {
  visible: boolean;
  /** In the trash, itself or through an ancestor. */
  trashed: boolean;
}

/** Deepest tree walked (the store's ancestry query stops at the same depth). */
const MAX_DEPTH = 1000;

/** Sight of search candidates, whose parent links come with them. */
export class Visibility {
  private readonly known = new Map<string, NodeSight>();
  private readonly links = new Map<string, ParentLink>();

  constructor(
    private readonly tx: Tx,
    private readonly workspaceId: string,
    private readonly shared: ReadonlySet<string>,
    private readonly reach?: Reach,
  ) {}

  /** Parent links already read (a chain `ancestry` gave): no query asks for them again. */
  remember(links: readonly ParentLink[]): void {
    for (const l of links) if (!this.links.has(l.id)) this.links.set(l.id, l);
  }

  /** Sight of each item (nodes whose parent and own trash flag are already known). */
  async of(items: readonly ParentLink[]): Promise<NodeSight[]> {
    for (const i of items) this.links.set(i.id, i);
    await this.fetchAncestors(items.map((i) => i.parent_id));
    const sights = items.map((i) => this.sight(i.id));
    if (!this.reach || items.length === 0) return sights;
    const levels = await this.reach(items.map((i) => i.id));
    return sights.map((s, k) => ({ ...s, visible: (levels.get(items[k].id) ?? null) !== null }));
  }

  /**
   * After `of`: true when a node is in the trash only because its parent is in the trash itself
   * (the node's own flag is off, and nothing above the parent is in the trash).
   */
  trashedByParentOnly(id: string): boolean {
    const link = this.links.get(id);
    const parent = link?.parent_id ? this.links.get(link.parent_id) : undefined;
    if (!link || link.in_trash || !parent?.in_trash) return false;
    return parent.parent_id === null || !this.sight(parent.parent_id).trashed;
  }

  /** Loads the parent links above `ids`, one level per query, until every chain is known. */
  private async fetchAncestors(ids: (string | null)[]) {
    let missing = [...new Set(ids.filter((id): id is string => id !== null && !this.known.has(id) && !this.links.has(id)))];
    for (let depth = 0; missing.length > 0 && depth < MAX_DEPTH; depth++) {
      const found = await this.tx.search.parents(this.workspaceId, missing);
      for (const l of found) this.links.set(l.id, l);
      const next = new Set<string>();
      for (const l of found) if (l.parent_id !== null && !this.known.has(l.parent_id) && !this.links.has(l.parent_id)) next.add(l.parent_id);
      missing = [...next];
    }
  }

  /** A node's sight from its chain of links (iterative: trees can be deep). */
  private sight(id: string): NodeSight {
    const chain: ParentLink[] = [];
    let at: string | null = id;
    let above: NodeSight = { visible: false, trashed: false };
    while (at !== null) {
      const k = this.known.get(at);
      if (k) {
        above = k;
        break;
      }
      const link = this.links.get(at);
      if (!link || chain.length > MAX_DEPTH) break; // a parent that does not exist: the chain ends
      chain.push(link);
      at = link.parent_id;
    }
    for (let i = chain.length - 1; i >= 0; i--) {
      const l = chain[i];
      above = { visible: above.visible || this.shared.has(l.id), trashed: above.trashed || l.in_trash };
      this.known.set(l.id, above);
    }
    return above;
  }
}

/**
 * Which of the objects that values refer to (related pages, mentioned pages and databases) one
 * integration may see, for one unit of work: created per request (cheaply — nothing is read until
 * the first question), loaded in bulk with the ids a value or a page of results needs, then asked
 * synchronously. Objects that do not exist are not visible. Trash does not hide anything here: a
 * related page in the trash is still the reader's to see, as access.ts decides.
 */
export class Sight {
  private visibility: Visibility | null = null;
  private shared: ReadonlySet<string> | null = null;
  private readonly answers = new Map<string, boolean>();

  constructor(
    private readonly tx: Tx,
    private readonly actor: Actor,
  ) {}

  private undecided(ids: Iterable<string>): string[] {
    return [...new Set([...ids].filter((id) => typeof id === "string" && !this.answers.has(id)))];
  }

  private async shares(): Promise<ReadonlySet<string>> {
    if (this.actor.person) return (this.shared ??= new Set());
    return (this.shared ??= new Set(await this.tx.listShares(this.actor.workspace.id, this.actor.integration.id)));
  }

  /** Decides every id not decided yet (a few queries for the whole batch). */
  async load(ids: Iterable<string>): Promise<void> {
    const missing = this.undecided(ids);
    if (missing.length === 0) return;
    const ws = this.actor.workspace.id;
    this.visibility ??= new Visibility(this.tx, ws, await this.shares(), reachOf(this.tx, this.actor));
    // The ids' links and their ancestors' in one statement (on PostgreSQL one round trip, where
    // parents level by level cost one each: a related page's chain is 3–4 levels).
    const chain = await this.tx.search.ancestry(ws, missing, MAX_DEPTH);
    this.visibility.remember(chain);
    const asked = new Set(missing);
    const links = chain.filter((l) => asked.has(l.id));
    const sights = await this.visibility.of(links);
    for (const id of missing) this.answers.set(id, false);
    links.forEach((l, i) => this.answers.set(l.id, sights[i].visible));
  }

  /**
   * load() for the pages of a relation whose data source is `dataSourceId`: its rows are seen
   * when it is (they have no other ancestors), else only when shared themselves — decided from
   * the row index without reading each page; other ids take the general way.
   */
  async loadRelated(ids: readonly string[], dataSourceId: string | undefined): Promise<void> {
    let missing = this.undecided(ids);
    if (missing.length === 0) return;
    // A person's rows may carry entries of their own (lower or higher): they take the general way.
    if (dataSourceId && !this.actor.person) {
      await this.load([dataSourceId]);
      const rows = new Set(await this.tx.rowsAmong(this.actor.workspace.id, dataSourceId, missing));
      const all = this.sees(dataSourceId);
      const shared = await this.shares();
      for (const id of rows) this.answers.set(id, all || shared.has(id));
      missing = missing.filter((id) => !rows.has(id));
    }
    await this.load(missing);
  }

  /** Whether `id` was loaded (sees() answers for it). */
  decided(id: string): boolean {
    return this.answers.has(id);
  }

  /** Whether the integration sees `id` (false for ids not loaded yet: load first). */
  sees(id: string): boolean {
    return this.answers.get(id) === true;
  }

  /** The visible ones among `ids`, in their order. */
  async visible(ids: readonly string[]): Promise<string[]> {
    await this.load(ids);
    return ids.filter((id) => this.sees(id));
  }
}
