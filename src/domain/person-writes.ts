/**
 * A person's writes held to their page level (a personal access token's requests), enforced where
 * every verb writes: the store's write units hand out a `Tx` whose node, comment and view writes
 * first ask the person's level there, so no verb can forget the check. Reads decide sight in
 * access.ts (404 below can_view); a write the person may not make on something they see is
 * Notion's 403 `restricted_resource` (developers.notion.com/reference/status-codes: "the bearer
 * token doesn't have permission to perform this operation"; the exact message Notion gives a PAT
 * is unconfirmed — Quire answers the same one as for a capability missing).
 *
 * Levels, as Notion's sharing menu grants them (Notion's help, "Sharing & permissions"):
 * - `can_view` reads; `can_comment` also comments (a comment on a page or block);
 * - `can_edit` also edits pages, blocks, properties and rows, adds children (creating a page or
 *   block under a node asks the parent), trashes and restores, and edits a database's views;
 * - `full_access` also moves a page elsewhere (a node whose parent changes: the page being moved
 *   needs full access, its new parent can_edit) — Notion gives moving with full access; sharing,
 *   the other full-access right, is not in the public API.
 * Nodes made earlier in the same unit (a page and its content) are the writer's own: their
 * children need no further question.
 */
import type { NodeRow, Store, Tx } from "../storage/types.js";
import type { CommentRow } from "../storage/comments.js";
import type { ViewRow } from "../storage/views.js";
import type { PermissionLevel } from "../storage/permissions.js";
import type { Actor } from "./context.js";
import { errors } from "../api/errors.js";
import { allows } from "./permissions.js";
import { personLevels } from "./person-access.js";

/** The store a person's request writes through: its write units check the person's level (reads pass as they are). */
export function personStore(store: Store, actor: Actor): Store {
  return new Proxy(store, {
    get(target, key) {
      if (key === "write") return <T>(fn: (tx: Tx) => Promise<T>) => target.write((tx) => fn(guardedTx(tx, actor)));
      const value = Reflect.get(target, key);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

/** What one write unit has checked and made: nodes made in it need no question. */
class Guard {
  private readonly made = new Set<string>();

  constructor(
    private readonly tx: Tx,
    private readonly actor: Actor,
  ) {}

  /** Throws 403 unless the person has at least `min` on every one of `ids`. */
  async require(ids: readonly (string | null)[], min: PermissionLevel | ((id: string) => PermissionLevel)): Promise<void> {
    const ask = [...new Set(ids.filter((id): id is string => id !== null && !this.made.has(id)))];
    if (ask.length === 0) return;
    const levels = await personLevels(this.tx, this.actor, ask);
    for (const id of ask) if (!allows(levels.get(id) ?? null, typeof min === "string" ? min : min(id))) throw errors.restricted();
  }

  async insertNodes(rows: NodeRow[]): Promise<void> {
    const parents = rows.filter((r) => r.parent_type !== "workspace" && !rows.some((o) => o.id === r.parent_id)).map((r) => r.parent_id);
    await this.require(parents, "can_edit");
    for (const r of rows) this.made.add(r.id);
  }

  async updateNode(row: NodeRow): Promise<void> {
    if (this.made.has(row.id)) return;
    const stored = await this.tx.getNode(row.workspace_id, row.id);
    const moved = stored !== null && (stored.parent_id !== row.parent_id || stored.parent_type !== row.parent_type);
    if (!moved) return this.require([row.id], "can_edit");
    await this.require([row.id, row.parent_type === "workspace" ? null : row.parent_id], (id) => (id === row.id ? "full_access" : "can_edit"));
  }

  async comment(row: CommentRow): Promise<void> {
    await this.require([row.parent_id], "can_comment");
  }

  async view(row: ViewRow): Promise<void> {
    await this.require([row.database_id], "can_edit");
  }
}

/** `tx` with the person's level checked before each node, comment and view write. */
function guardedTx(tx: Tx, actor: Actor): Tx {
  const guard = new Guard(tx, actor);
  const comments = wrapPort(tx.comments, {
    insert: (row: CommentRow) => guard.comment(row),
  });
  const views = wrapPort(tx.views, {
    insert: (row: ViewRow) => guard.view(row),
    update: (row: ViewRow) => guard.view(row),
    delete: async (ws: string, id: string) => {
      const view = await tx.views.get(ws, id);
      if (view) await guard.view(view);
    },
  });
  return new Proxy(tx, {
    get(target, key) {
      if (key === "insertNodes") return async (rows: NodeRow[]) => (await guard.insertNodes(rows), target.insertNodes(rows));
      if (key === "updateNode") return async (row: NodeRow) => (await guard.updateNode(row), target.updateNode(row));
      if (key === "comments") return comments;
      if (key === "views") return views;
      const value = Reflect.get(target, key);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

/** A port whose listed methods run their check first. */
function wrapPort<P extends object>(port: P, checks: Record<string, (...args: never[]) => Promise<unknown>>): P {
  return new Proxy(port, {
    get(target, key) {
      const value = Reflect.get(target, key);
      if (typeof value !== "function") return value;
      const check = typeof key === "string" ? checks[key] : undefined;
      if (!check) return value.bind(target);
      return async (...args: unknown[]) => {
        await (check as (...a: unknown[]) => Promise<unknown>)(...args);
        return value.apply(target, args);
      };
    },
  });
}
