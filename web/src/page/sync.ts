/**
 * Keeps the editor and the server in step, through /v1 only:
 * - saving: ~500 ms after the last change, the document is diffed against the last saved snapshot
 *   (diff.ts) and the calls are sent in order, one save at a time; a refused change (400/409)
 *   reloads that block from the server and says so; any other failure keeps the person's text,
 *   shows "Couldn't save" and retries from the server's state when asked;
 * - live: every ~2 s while the tab is visible and nothing is waiting to be saved, the page's
 *   blocks are read again and what changed elsewhere is put into the editor (a block by itself
 *   when the shape is the same, the whole document keeping the cursor's block otherwise).
 * Other live things of the page (the comment counts beside blocks) ride the same ~2 s beat
 * (`onTick`), whether or not blocks are waiting to be saved.
 * Concurrent edits of one block: the last save wins for that block; a change from elsewhere is
 * never applied over text this person has not saved yet (it waits for the next poll).
 */
import { ApiError, type Api, type Json } from "../api";
import { diff, snapshot, type Op, type Snapshot } from "./diff";
import { createPayload, toEditor, type EBlock, type Extras, type NotionTree } from "./mapping";
import { loadTree, renameTree } from "./tree";
import type { PageEditor } from "./schema";

export type SaveState = { kind: "saved" } | { kind: "saving" } | { kind: "error"; message: string; retry: boolean } | { kind: "refused"; message: string };

const DEBOUNCE_MS = 500;
const POLL_MS = 2000;

export class PageSync {
  readonly extras: Extras = new Map();
  /** A URL the editor shows for a just-uploaded file → its file upload id. */
  readonly uploads = new Map<string, string>();
  /** Editor id → Notion id, for blocks the editor created (loaded blocks keep their Notion id). */
  private readonly nid = new Map<string, string>();
  private base: Snapshot = { nodes: new Map(), order: new Map() };
  private editor: PageEditor | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private poller: ReturnType<typeof setInterval> | undefined;
  private running = false;
  private again = false;
  private applying = false;
  private polling = false;
  private stopped = false;
  private readonly ticks = new Set<() => void>();
  state: SaveState = { kind: "saved" };
  onState: (s: SaveState) => void = () => {};
  /** Blocks (their Notion types) were moved where they cannot be saved, and were put back. */
  onStuck: (types: string[]) => void = () => {};
  /** The server refused an edit as not allowed (403): the view turns read-only. */
  onForbidden: () => void = () => {};

  constructor(
    readonly api: Api,
    readonly pageId: string,
  ) {}

  /** The editor blocks of a tree just loaded (recording what they came from). */
  blocksOf(tree: NotionTree[]): EBlock[] {
    return toEditor(renameTree(tree, (id) => this.editorId(id)), this.extras);
  }

  /** Starts syncing `editor`, whose document was just set from the server. */
  attach(editor: PageEditor, live: boolean): void {
    this.editor = editor;
    this.base = this.current();
    if (live)
      this.poller = setInterval(() => {
        void this.poll();
        if (!document.hidden) for (const fn of this.ticks) fn();
      }, POLL_MS);
  }

  /** Calls `fn` on every live beat (~2 s) while the tab is visible; returns the way to stop. */
  onTick(fn: () => void): () => void {
    this.ticks.add(fn);
    return () => this.ticks.delete(fn);
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    clearInterval(this.poller);
  }

  /** The editor changed: save soon. */
  changed(): void {
    if (this.applying || this.stopped) return;
    if (this.state.kind === "saved") this.set({ kind: "saving" }); // from the first keystroke, not after the debounce
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.save(), DEBOUNCE_MS);
  }

  /** Saves now (the Retry button). */
  retry(): void {
    clearTimeout(this.timer);
    void this.save(true);
  }

  /** Whether the editor holds changes not saved yet. */
  dirty(): boolean {
    return this.running || this.timer !== undefined || diff(this.base, this.current()).ops.length > 0;
  }

  /** The Notion id of an editor block. */
  notionIdOf(id: string): string {
    return this.notionId(id);
  }

  /**
   * Whether an editor block can be moved and saved: Notion's API has no move of a block, so a
   * move is a delete and a re-create, which a child page, a child database, a Notion-hosted file
   * (or a block holding one) cannot survive (diff.ts keeps them where the server has them).
   */
  canMove(block: EBlock): boolean {
    const now = this.current();
    const ok = (b: EBlock): boolean => (!this.base.nodes.has(b.id) || !!now.nodes.get(b.id)?.recreatable) && (b.children ?? []).every(ok);
    return ok(block);
  }

  /** The Notion id of an editor block the server has (loaded or saved), else null (not saved yet). */
  savedNotionIdOf(id: string): string | null {
    return this.base.nodes.has(id) ? this.notionId(id) : null;
  }

  private notionId(id: string): string {
    return this.nid.get(id) ?? id;
  }

  private editorId(notionId: string): string {
    for (const [e, n] of this.nid) if (n === notionId) return e;
    return notionId;
  }

  private current(): Snapshot {
    const doc = (this.editor?.document ?? []) as unknown as EBlock[];
    // A block the server has (loaded or created here) is kept even when it is an empty last paragraph.
    return snapshot(doc, this.extras, this.uploads, (id) => this.base.nodes.has(id) || this.extras.has(id));
  }

  private set(s: SaveState) {
    this.state = s;
    this.onState(s);
  }

  private async save(fromServer = false): Promise<void> {
    this.timer = undefined;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    try {
      if (fromServer) await this.rebase();
      do {
        this.again = false;
        const cur = this.current();
        const { ops, stuck } = diff(this.base, cur);
        if (!ops.length && !stuck.length) continue;
        if (this.state.kind !== "saving") this.set({ kind: "saving" });
        for (const op of ops) await this.send(op, cur);
        this.base = cur;
        if (stuck.length) {
          // Moved where Notion's API cannot place it (a child page, a database, an uploaded file):
          // the editor shows where the server keeps it, and the person is told why.
          this.apply(this.blocksOf(await this.rebase()), true);
          this.onStuck(stuck.map((id) => this.extras.get(id)?.type ?? "block"));
        }
      } while (this.again && !this.stopped);
      this.set({ kind: "saved" });
    } catch (e) {
      await this.failed(e);
    } finally {
      this.running = false;
    }
  }

  private async send(op: Op, cur: Snapshot): Promise<void> {
    const v1 = this.api.v1.bind(this.api);
    if (op.kind === "delete") {
      try {
        await v1("DELETE", `/blocks/${this.notionId(op.id)}`);
      } catch (e) {
        if (!(e instanceof ApiError && (e.status === 404 || (e.status === 400 && /archived|trash/i.test(e.message))))) throw e;
      }
    } else if (op.kind === "update") {
      await v1("PATCH", `/blocks/${this.notionId(op.id)}`, { [op.body.type]: op.body.value });
      this.extras.set(op.id, { ...(this.extras.get(op.id) ?? { type: op.body.type }), type: op.body.type, value: op.body.value });
    } else if (op.kind === "rows") {
      const rowIds = this.extras.get(op.id)?.rowIds ?? [];
      for (const r of op.rows) await v1("PATCH", `/blocks/${rowIds[r.index]}`, { table_row: { cells: r.cells } });
    } else {
      const position = op.after ? { type: "after_block", after_block: { id: this.notionId(op.after) } } : { type: "start" };
      const parent = op.parent ? this.notionId(op.parent) : this.pageId;
      const res = await v1<Json>("PATCH", `/blocks/${parent}/children`, { children: op.bodies.map(createPayload), position });
      const made = (res.results as Json[]).slice(0, op.ids.length);
      for (const [i, id] of op.ids.entries()) {
        this.nid.set(id, made[i].id);
        const body = op.bodies[i];
        this.extras.set(id, { type: body.type, value: made[i][body.type] ?? body.value });
        if (body.type === "table") this.extras.get(id)!.rowIds = (await this.api.all<Json>("GET", `/blocks/${made[i].id}/children`)).map((r) => r.id);
        // The snapshot recorded the body as sent: a Notion-hosted file's answer must not look changed.
        cur.nodes.get(id)!.key = JSON.stringify(cur.nodes.get(id)!.body);
      }
    }
  }

  /** The base becomes what the server holds (after a failure: some calls may have gone through). */
  private async rebase(): Promise<NotionTree[]> {
    const tree = await loadTree(this.api, this.pageId);
    const blocks = this.blocksOf(tree);
    this.base = snapshot(blocks, this.extras, this.uploads, () => true);
    return tree;
  }

  private async failed(e: unknown): Promise<void> {
    if (e instanceof ApiError && e.status === 403) {
      this.set({ kind: "refused", message: e.message });
      this.stop();
      this.onForbidden();
      return;
    }
    const refused = e instanceof ApiError && (e.status === 400 || e.status === 409);
    if (!refused) {
      this.set({ kind: "error", message: e instanceof Error ? e.message : String(e), retry: true });
      return;
    }
    // A change the server refuses would be refused again: the server's version of the page
    // replaces the editor's, and the person is told which change was lost.
    try {
      const tree = await this.rebase();
      this.apply(this.blocksOf(tree), true);
      this.set({ kind: "refused", message: `A change was refused and the page reloaded: ${e.message}` });
    } catch (again) {
      this.set({ kind: "error", message: again instanceof Error ? again.message : String(again), retry: true });
    }
  }

  private async poll(): Promise<void> {
    if (this.polling || this.stopped || document.hidden || !this.editor) return;
    if (this.dirty()) return;
    this.polling = true;
    try {
      const tree = await loadTree(this.api, this.pageId);
      if (this.dirty() || this.stopped) return; // typed meanwhile: the next poll looks again
      const blocks = this.blocksOf(tree);
      const server = snapshot(blocks, this.extras, this.uploads, () => true);
      if (sameSnapshot(server, this.base)) return;
      this.base = server;
      this.apply(blocks, false);
    } catch {
      // offline for a moment: the next poll tries again
    } finally {
      this.polling = false;
    }
  }

  /** Puts server blocks into the editor: changed blocks alone when the shape is the same, else the whole document. */
  private apply(blocks: EBlock[], force: boolean): void {
    const editor = this.editor!;
    this.applying = true;
    try {
      const server = snapshot(blocks, this.extras, this.uploads, () => true);
      const mine = snapshot(editor.document as unknown as EBlock[], this.extras, this.uploads, (id) => server.nodes.has(id));
      if (!force && sameShape(mine, server)) {
        const byId = new Map<string, EBlock>();
        const index = (bs: EBlock[]) => bs.forEach((b) => (byId.set(b.id, b), index(b.children)));
        index(blocks);
        for (const [id, n] of server.nodes) {
          if (mine.nodes.get(id)?.key === n.key) continue;
          const b = byId.get(id)!;
          editor.updateBlock(id, { type: b.type, props: b.props, content: b.content } as never);
        }
        return;
      }
      let cursor: string | undefined;
      try {
        cursor = editor.getTextCursorPosition().block.id;
      } catch {
        cursor = undefined;
      }
      editor.replaceBlocks(editor.document, (blocks.length ? blocks : [{ type: "paragraph" }]) as never);
      if (cursor && server.nodes.has(cursor)) {
        try {
          editor.setTextCursorPosition(cursor, "end");
        } catch {
          // a block without text (an image): the cursor stays where the editor put it
        }
      }
    } finally {
      this.applying = false;
    }
  }
}

function sameShape(a: Snapshot, b: Snapshot): boolean {
  if (a.order.size !== b.order.size) return false;
  for (const [p, ids] of a.order) if (JSON.stringify(ids) !== JSON.stringify(b.order.get(p))) return false;
  for (const [id, n] of a.nodes) if (b.nodes.get(id)?.body.type !== n.body.type) return false;
  return true;
}

function sameSnapshot(a: Snapshot, b: Snapshot): boolean {
  if (!sameShape(a, b)) return false;
  for (const [id, n] of a.nodes) if (b.nodes.get(id)?.key !== n.key) return false;
  return true;
}
