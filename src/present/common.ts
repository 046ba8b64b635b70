/** Pieces shared by several presenters: parents, partial users, lists. */
import type { NodeRow } from "../storage/types.js";
import type { ApiVersion } from "../api/version.js";

export const partialUser = (id: string) => ({ object: "user" as const, id });

export type ParentResponse =
  | { type: "workspace"; workspace: true }
  | { type: "page_id"; page_id: string }
  | { type: "block_id"; block_id: string }
  | { type: "database_id"; database_id: string }
  | { type: "data_source_id"; data_source_id: string; database_id: string };

/** A node's parent; pages in a data source keep their database's id in `data.database_id`. */
export function presentParent(node: Pick<NodeRow, "parent_type" | "parent_id" | "data">, version: ApiVersion): ParentResponse {
  switch (node.parent_type) {
    case "workspace":
      return { type: "workspace", workspace: true };
    case "page_id":
      return { type: "page_id", page_id: node.parent_id! };
    case "block_id":
      return { type: "block_id", block_id: node.parent_id! };
    case "database_id":
      return { type: "database_id", database_id: node.parent_id! };
    case "data_source_id": {
      const databaseId = (node.data?.database_id as string | undefined) ?? node.parent_id!;
      // Under 2022-06-28 a database page's parent is its database (one table per database).
      if (version === "2022-06-28") return { type: "database_id", database_id: databaseId };
      return { type: "data_source_id", data_source_id: node.parent_id!, database_id: databaseId };
    }
  }
}

/** A Notion list object: `type` plus the empty `<type>: {}` key; `next_cursor` null iff no more. */
export function list<T>(type: string, results: T[], next: string | null) {
  return { object: "list" as const, results, next_cursor: next, has_more: next !== null, type, [type]: {} };
}
