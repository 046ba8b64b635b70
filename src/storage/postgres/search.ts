/**
 * `Tx.search` on PostgreSQL — not built yet: the title index and its matching are h11-ops' part
 * of issue 11 and replace this file. Until then searches throw a clear error and node writes
 * index nothing.
 */
import type { SearchStore } from "../search.js";
import type { NodeRow } from "../records.js";
import { notYet } from "./json.js";
import type { PgSession } from "./session.js";

/** The title search index (placeholder until the search port lands). */
export class PgSearch implements SearchStore {
  constructor(readonly s: PgSession) {}

  /** Keeps the index in step with node writes (called by postgres/nodes.ts in the same unit). */
  async index(_rows: NodeRow[]): Promise<void> {}

  candidates(): never {
    return notYet("Search");
  }
  parents(): never {
    return notYet("Search");
  }
  subtree(): never {
    return notYet("Search");
  }
  trashed(): never {
    return notYet("Search");
  }
}
