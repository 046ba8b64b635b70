/**
 * Where events come from: every write unit of the store the composition root hands out
 * (`withWebhookEvents`, beside `withFileClaims`) observes the unit's node, comment, view and
 * upload writes and, once its work is done and before it commits, emits the events they cause
 * (changes.ts → emit.ts). One place covers every path that changes something — the API, the
 * control API, the sign-in pages, background work, sweeps — as person-writes.ts does for a
 * person's levels, so no verb can forget an event, and an event exists exactly when its change
 * committed. A workspace no subscription reaches costs one cached port call per unit and nothing
 * is recorded; otherwise each node, view or upload's state before the unit's first write to it is
 * read (one statement each), and each is diffed once however often the unit wrote it.
 */
import type { NodeRow, Store, Tx } from "../../storage/types.js";
import type { CommentRow } from "../../storage/comments.js";
import type { ViewRow } from "../../storage/views.js";
import type { FileUploadRow } from "../../storage/file-uploads.js";
import type { AncestorLink } from "../../storage/records.js";
import type { Deps } from "../context.js";
import type { Author } from "./events.js";
import { EmitScope, emitEvent } from "./emit.js";
import { commentEvent, nodeChanged, nodeCreated, uploadEvent, viewEvent, type Emission } from "./changes.js";
import { premerge } from "./merge.js";

/** A record's state before the unit first wrote it (null: made in this unit) and after its last write. */
interface Diff<T> {
  ws: string;
  before: T | null;
  after: T | null;
}

/** What one write unit did to one comment. */
interface CommentFact {
  ws: string;
  row: CommentRow;
  created: boolean;
  updated: boolean;
  deleted: boolean;
}

const clone = <T>(v: T): T => structuredClone(v);

/** One write unit's observer: a `Tx` that records, and the events it emits at the end. */
class EventUnit {
  readonly tx: Tx;
  private readonly scopes = new Map<string, EmitScope>();
  private readonly nodes = new Map<string, Diff<NodeRow>>();
  private readonly views = new Map<string, Diff<ViewRow>>();
  private readonly uploads = new Map<string, Diff<FileUploadRow>>();
  private readonly comments = new Map<string, CommentFact>();

  constructor(
    private readonly raw: Tx,
    private readonly deps: Deps,
  ) {
    this.tx = this.observed();
  }

  private scope(ws: string): EmitScope {
    let s = this.scopes.get(ws);
    if (!s) this.scopes.set(ws, (s = new EmitScope(this.raw, this.deps, ws)));
    return s;
  }

  /** Whether any subscription reaches the workspace (read once per unit; cached by the store). */
  private async watched(ws: string): Promise<boolean> {
    return (await this.scope(ws).subscriptions()).length > 0;
  }

  private observed(): Tx {
    const raw = this.raw;
    const comments = observePort(raw.comments, {
      insert: async (row: CommentRow) => {
        await raw.comments.insert(row);
        if (await this.watched(row.workspace_id)) this.comments.set(row.id, { ws: row.workspace_id, row: clone(row), created: true, updated: false, deleted: false });
      },
      update: async (row: CommentRow) => {
        await raw.comments.update(row);
        if (!(await this.watched(row.workspace_id))) return;
        const f = this.comments.get(row.id);
        if (f) Object.assign(f, { row: clone(row), updated: true });
        else this.comments.set(row.id, { ws: row.workspace_id, row: clone(row), created: false, updated: true, deleted: false });
      },
      delete: async (ws: string, id: string) => {
        const watched = await this.watched(ws);
        const before = watched ? await raw.comments.get(ws, id) : null;
        const gone = await raw.comments.delete(ws, id);
        if (gone && before) {
          const f = this.comments.get(id);
          if (f) f.deleted = true;
          else this.comments.set(id, { ws, row: before, created: false, updated: false, deleted: true });
        }
        return gone;
      },
    });
    const views = observePort(raw.views, {
      insert: async (row: ViewRow) => {
        await raw.views.insert(row);
        if (await this.watched(row.workspace_id)) this.views.set(row.id, { ws: row.workspace_id, before: null, after: clone(row) });
      },
      update: async (row: ViewRow) => {
        await this.remember(this.views, row.workspace_id, row.id, () => raw.views.get(row.workspace_id, row.id));
        await raw.views.update(row);
        const d = this.views.get(row.id);
        if (d) d.after = clone(row);
      },
      delete: async (ws: string, id: string) => {
        await this.remember(this.views, ws, id, () => raw.views.get(ws, id));
        const gone = await raw.views.delete(ws, id);
        const d = this.views.get(id);
        if (d && gone) d.after = null;
        return gone;
      },
    });
    const files = observePort(raw.files, {
      insert: async (row: FileUploadRow) => {
        await raw.files.insert(row);
        if (await this.watched(row.workspace_id)) this.uploads.set(row.id, { ws: row.workspace_id, before: null, after: clone(row) });
      },
      update: async (row: FileUploadRow) => {
        await this.remember(this.uploads, row.workspace_id, row.id, () => raw.files.get(row.workspace_id, row.id));
        await raw.files.update(row);
        const d = this.uploads.get(row.id);
        if (d) d.after = clone(row);
      },
    });
    const insertNodes = async (rows: NodeRow[]) => {
      await raw.insertNodes(rows);
      for (const r of rows) if (await this.watched(r.workspace_id)) this.nodes.set(r.id, { ws: r.workspace_id, before: null, after: clone(r) });
    };
    const updateNode = async (row: NodeRow) => {
      await this.remember(this.nodes, row.workspace_id, row.id, async () => {
        const n = await raw.getNode(row.workspace_id, row.id);
        if (!n) return null;
        const { has_children: _, ...stored } = n;
        return stored;
      });
      await raw.updateNode(row);
      const d = this.nodes.get(row.id);
      if (d) d.after = clone(row);
    };
    const bound = new Map<PropertyKey, unknown>([
      ["insertNodes", insertNodes],
      ["updateNode", updateNode],
      ["comments", comments],
      ["views", views],
      ["files", files],
    ]);
    return new Proxy(raw, {
      get(target, key) {
        if (bound.has(key)) return bound.get(key);
        const v = Reflect.get(target, key, target);
        if (typeof v !== "function") return v;
        const f = v.bind(target);
        bound.set(key, f);
        return f;
      },
    });
  }

  /** Reads the record's stored state before the unit's first write to it, when its workspace is watched. */
  private async remember<T>(map: Map<string, Diff<T>>, ws: string, id: string, read: () => Promise<T | null>): Promise<void> {
    if (map.has(id) || !(await this.watched(ws))) return;
    const before = await read();
    if (before) map.set(id, { ws, before, after: before });
  }

  /** The unit's events, emitted into the outbox before it commits. */
  async flush(): Promise<void> {
    const byWs = new Map<string, Emission[]>();
    const add = (ws: string, list: Emission[]) => {
      if (list.length === 0) return;
      const l = byWs.get(ws);
      if (l) l.push(...list);
      else byWs.set(ws, [...list]);
    };
    const ancestries = new Map<string, Promise<AncestorLink[]>>();
    const ancestryIn = (ws: string) => (id: string) => {
      const key = `${ws}\u0000${id}`;
      let hit = ancestries.get(key);
      if (!hit) ancestries.set(key, (hit = this.raw.getAncestry(ws, id)));
      return hit;
    };
    for (const d of this.nodes.values()) {
      const a = ancestryIn(d.ws);
      if (!d.after) continue;
      add(d.ws, d.before ? await nodeChanged(d.ws, a, d.before, d.after) : await nodeCreated(d.ws, a, d.after));
    }
    for (const f of this.comments.values()) {
      if (f.created && f.deleted) continue;
      const suffix = f.deleted ? "deleted" : f.created ? "created" : "updated";
      add(f.ws, await commentEvent(f.ws, ancestryIn(f.ws), f.row, suffix));
    }
    for (const d of this.views.values()) if (d.before || d.after) add(d.ws, await viewEvent(d.ws, ancestryIn(d.ws), d.before, d.after));
    for (const d of this.uploads.values()) if (d.after) add(d.ws, uploadEvent(d.before, d.after));
    for (const [ws, list] of byWs) {
      const scope = this.scope(ws);
      const merged = premerge(list);
      const types = await authorTypes(this.raw, ws, merged.flatMap((m) => m.authors));
      for (const m of merged) {
        const authors: Author[] = m.authors.map((id) => ({ id, type: types.get(id) ?? "person" }));
        await emitEvent(scope, { change: m.change, authors, audience: m.audience });
      }
    }
  }
}

/** Each author's kind (bot or person), in one statement. */
async function authorTypes(tx: Tx, ws: string, ids: string[]): Promise<Map<string, "person" | "bot">> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  return new Map((await tx.getUsers(ws, unique)).map((u) => [u.id, u.type]));
}

/** `port` with the listed methods replaced. */
function observePort<P extends object>(port: P, replaced: Record<string, (...args: never[]) => Promise<unknown>>): P {
  return new Proxy(port, {
    get(target, key) {
      if (typeof key === "string" && key in replaced) return replaced[key];
      const v = Reflect.get(target, key, target);
      return typeof v === "function" ? v.bind(target) : v;
    },
  });
}

/**
 * The store with every write unit emitting the webhook events its writes cause (observe.ts).
 * `deps` is read when a unit runs (the composition root builds them around this store; none yet: no events).
 */
export function withWebhookEvents(store: Store, deps: () => Deps | undefined): Store {
  return {
    liveness: store.liveness,
    generation: () => store.generation?.(),
    read: (fn) => store.read(fn),
    readOne: (fn) => store.readOne(fn),
    write: (fn) =>
      store.write(async (tx) => {
        const d = deps();
        if (!d) return fn(tx);
        const unit = new EventUnit(tx, d);
        const result = await fn(unit.tx);
        await unit.flush();
        return result;
      }),
    close: () => store.close(),
  };
}
