/**
 * A stored node from a row of the `nodes` columns, as both adapters read it: field by field (one
 * object shape for every node), JSON columns parsed, flags read by the adapter's `flag` (SQLite's
 * integers, PostgreSQL's booleans).
 */
import type { NodeRow, StoredNode } from "./records.js";

/** A `text` JSON column read back (null stays null). */
const parse = <T>(v: unknown): T => (v === null || v === undefined ? (null as T) : (JSON.parse(v as string) as T));

/** The node a row of the `nodes` columns (and `has_children`) holds; other columns are left out. */
export function storedNodeOf(r: Record<string, unknown>, flag: (v: unknown) => boolean): StoredNode {
  return {
    workspace_id: r.workspace_id as string,
    id: r.id as string,
    type: r.type as string,
    parent_type: r.parent_type as NodeRow["parent_type"],
    parent_id: (r.parent_id as string | null) ?? null,
    position: r.position as number,
    data: parse(r.data),
    properties: parse(r.properties),
    idx: parse(r.idx),
    icon: parse(r.icon),
    cover: parse(r.cover),
    in_trash: flag(r.in_trash),
    is_locked: flag(r.is_locked),
    is_archived: flag(r.is_archived),
    created_time: r.created_time as number,
    created_by: r.created_by as string,
    last_edited_time: r.last_edited_time as number,
    last_edited_by: r.last_edited_by as string,
    has_children: flag(r.has_children),
  };
}
