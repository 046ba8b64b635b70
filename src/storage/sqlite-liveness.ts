/**
 * `Store.liveness` on SQLite: one process owns a database file (docs/design/storage.md), so
 * the nodes alive are the stores open in this process; any other id is a process gone.
 */
import { randomUUID } from "node:crypto";
import type { NodeLiveness } from "./liveness.js";

/** Ids of the SQLite stores open in this process. */
const open = new Set<string>();

/** This store's node: alive from construction until `close`. */
export class SqliteLiveness implements NodeLiveness {
  readonly node = randomUUID();

  constructor() {
    open.add(this.node);
  }

  async gone(nodes: readonly string[]): Promise<Set<string>> {
    return new Set(nodes.filter((n) => !open.has(n)));
  }

  /** The store closed: work it still owned is now another's to fail. */
  close(): void {
    open.delete(this.node);
  }
}
