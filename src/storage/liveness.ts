/**
 * Which Quire processes ("nodes") sharing a database are running (`Store.liveness`). Each open
 * store is one node, with an id of its own for its lifetime; work a node owns (an `allow_async`
 * task it runs, an external_url import it downloads) records that id, and any node may ask
 * whether the owner is gone — then the work can never finish, and whichever node notices fails
 * it (docs/design/storage.md, "Node liveness"). An id, once gone, never comes back alive.
 */
export interface NodeLiveness {
  /** This node's id: random, new at every open, held until the store closes. */
  readonly node: string;
  /**
   * Of `nodes`, those no running process holds: killed, closed, or never known. This node's own
   * id is never among them while its store is open.
   */
  gone(nodes: readonly string[]): Promise<Set<string>>;
}
