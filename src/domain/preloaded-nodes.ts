/**
 * A transaction whose `getNode` and `getUser` answer from nodes and users read beforehand, many at
 * a time: what a list presenter (search results) uses so that presenting n results does not send n statements (on
 * PostgreSQL each is a round trip — issue 11). Everything else goes to the transaction itself.
 */
import type { StoredNode, Tx, UserRow } from "../storage/types.js";

/** The nodes already read, by id (null: read and not found), and a transaction that answers from them. */
export class PreloadedNodes {
  private readonly known = new Map<string, StoredNode | null>();
  private readonly users = new Map<string, UserRow | null>();
  /** `tx` with `getNode` served from what `load` read (and read through to the store otherwise). */
  readonly tx: Tx;

  constructor(private readonly inner: Tx, private readonly workspaceId: string) {
    const own: Record<string, unknown> = {
      getNode: (ws: string, id: string) => this.getNode(ws, id),
      getUser: (ws: string, id: string) => this.getUser(ws, id),
    };
    this.tx = new Proxy(inner, {
      get(target, prop) {
        if (typeof prop === "string" && prop in own) return own[prop];
        const value = Reflect.get(target, prop, target);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
  }

  /** Reads the nodes among `ids` not read yet, in one statement; answers those now known. */
  async load(ids: Iterable<string | null | undefined>): Promise<StoredNode[]> {
    const wanted = [...new Set([...ids].filter((id): id is string => typeof id === "string"))];
    const missing = wanted.filter((id) => !this.known.has(id));
    if (missing.length > 0) {
      for (const id of missing) this.known.set(id, null);
      for (const n of await this.inner.getNodes(this.workspaceId, missing)) this.known.set(n.id, n);
    }
    return wanted.map((id) => this.known.get(id)).filter((n): n is StoredNode => !!n);
  }

  /** Reads the users among `ids` not read yet, in one statement. */
  async loadUsers(ids: Iterable<string | null | undefined>): Promise<void> {
    const missing = [...new Set([...ids].filter((id): id is string => typeof id === "string" && !this.users.has(id)))];
    if (missing.length === 0) return;
    for (const id of missing) this.users.set(id, null);
    for (const u of await this.inner.getUsers(this.workspaceId, missing)) this.users.set(u.id, u);
  }

  private async getUser(ws: string, id: string): Promise<UserRow | null> {
    if (ws !== this.workspaceId) return this.inner.getUser(ws, id);
    if (!this.users.has(id)) await this.loadUsers([id]);
    const u = this.users.get(id);
    return u ? { ...u } : null;
  }

  /**
   * A copy of the node (presenters mark copies, e.g. `inherited_trash`, and must not mark what
   * the next result reads), read now when it was not loaded.
   */
  private async getNode(ws: string, id: string): Promise<StoredNode | null> {
    if (ws !== this.workspaceId) return this.inner.getNode(ws, id);
    if (!this.known.has(id)) await this.load([id]);
    const n = this.known.get(id);
    return n ? { ...n } : null;
  }
}
