/**
 * `RowPort` on PostgreSQL — not built yet: the rows port (row keys, queries, the planner's
 * execution) is h11-rows' part of issue 11 and replaces this file. Until then queries throw a
 * clear error and node writes keep no row keys.
 */
import type { RowPort } from "../rows.js";
import type { NodeRow } from "../records.js";
import { notYet } from "./json.js";
import type { PgSession } from "./session.js";

/** Data-source rows (placeholder until the rows port lands). */
export class PgRows implements RowPort {
  constructor(readonly s: PgSession) {}

  /** Keeps the row-key index in step with node writes (called by postgres/nodes.ts in the same unit). */
  async sync(_rows: NodeRow[], _inserted: boolean): Promise<void> {}

  queryRows(..._: unknown[]): never {
    return notYet("Data-source queries");
  }
  queryRowIds(..._: unknown[]): never {
    return notYet("Data-source queries");
  }
  allRows(..._: unknown[]): never {
    return notYet("Data-source rows");
  }
  relatedPageIds(..._: unknown[]): never {
    return notYet("Data-source relations");
  }
  rowsAmong(..._: unknown[]): never {
    return notYet("Data-source rows");
  }
}
