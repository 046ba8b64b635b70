/**
 * The one way a list answer reads the nodes and users it presents: many at a time, through the
 * batch ports (`Tx.getNodes`, `Tx.getUsers`, `Tx.getChildrenOf`), so that presenting n objects
 * does not send n statements (on PostgreSQL each is a round trip — issue 11). One `Preload` per
 * answer: search results, data-source and view query rows, block children, and the related pages
 * property values read (`ReadEnv.preload`) all keep what they read here.
 */
import type { StoredNode, Tx, UserRow } from "../storage/types.js";

type Id = string | null | undefined;

/** Nodes and users already read for one answer (null: read and not found). */
export class Preload {
  private readonly nodes = new Map<string, StoredNode | null>();
  private readonly users = new Map<string, UserRow | null>();
  private proxy: Tx | null = null;

  constructor(
    private readonly inner: Tx,
    private readonly workspaceId: string,
  ) {}

  /** Reads the nodes among `ids` not read yet, in one statement; answers those of `ids` that exist. */
  async loadNodes(ids: Iterable<Id>): Promise<StoredNode[]> {
    const wanted = unique(ids);
    const missing = wanted.filter((id) => !this.nodes.has(id));
    if (missing.length > 0) {
      for (const id of missing) this.nodes.set(id, null);
      for (const n of await this.inner.getNodes(this.workspaceId, missing)) this.nodes.set(n.id, n);
    }
    return wanted.map((id) => this.nodes.get(id)).filter((n): n is StoredNode => !!n);
  }

  /** Reads the users among `ids` not read yet, in one statement. */
  async loadUsers(ids: Iterable<Id>): Promise<void> {
    const missing = unique(ids).filter((id) => !this.users.has(id));
    if (missing.length === 0) return;
    for (const id of missing) this.users.set(id, null);
    for (const u of await this.inner.getUsers(this.workspaceId, missing)) this.users.set(u.id, u);
  }

  /**
   * The children of type `type` of every parent among `parentIds`, by parent, in one statement
   * (each child kept as a read node too).
   */
  async loadChildren(parentIds: Iterable<Id>, type: string): Promise<Map<string, StoredNode[]>> {
    const parents = unique(parentIds);
    const by = new Map<string, StoredNode[]>(parents.map((id) => [id, []]));
    if (parents.length === 0) return by;
    for (const n of await this.inner.getChildrenOf(this.workspaceId, parents, type)) {
      this.nodes.set(n.id, n);
      by.get(n.parent_id!)?.push(n);
    }
    return by;
  }

  /** The node as read (shared by every reader of this answer: not to be changed), read now when it was not. */
  async node(id: string): Promise<StoredNode | null> {
    if (!this.nodes.has(id)) await this.loadNodes([id]);
    return this.nodes.get(id) ?? null;
  }

  /** The user as read (null: not found), or undefined when it was not read yet. */
  readUser(id: string): UserRow | null | undefined {
    return this.users.get(id);
  }

  /** The user, read now when it was not. */
  async user(id: string): Promise<UserRow | null> {
    if (!this.users.has(id)) await this.loadUsers([id]);
    return this.users.get(id) ?? null;
  }

  /**
   * The transaction with `getNode` and `getUser` answered from what was read (copies: presenters
   * mark what they present, e.g. `inherited_trash`), for code that takes a `Tx`; everything else
   * goes to the transaction itself.
   */
  get tx(): Tx {
    return (this.proxy ??= this.makeProxy());
  }

  private makeProxy(): Tx {
    const ws = this.workspaceId;
    const own: Record<string, unknown> = {
      getNode: async (w: string, id: string) => (w === ws ? copy(await this.node(id)) : this.inner.getNode(w, id)),
      getUser: async (w: string, id: string) => (w === ws ? copy(await this.user(id)) : this.inner.getUser(w, id)),
    };
    return new Proxy(this.inner, {
      get(target, prop) {
        if (typeof prop === "string" && prop in own) return own[prop];
        const value = Reflect.get(target, prop, target);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
  }
}

function unique(ids: Iterable<Id>): string[] {
  const out = new Set<string>();
  for (const id of ids) if (typeof id === "string") out.add(id);
  return [...out];
}

const copy = <T extends object>(v: T | null): T | null => (v ? { ...v } : null);
