/**
 * The sidebar's page tree (WAI-ARIA tree pattern, flat: every row a child of the tree with its
 * aria-level): top-level pages, a row's child pages and
 * databases read when it is first expanded, the current page selected with its ancestors
 * expanded. One row holds focus at a time (roving tabindex): ↑/↓ move, → expands or goes to the
 * first child, ← collapses or goes to the parent, Home/End, Enter opens, F2 renames; Tab reaches
 * the focused row's "+" (a page inside) and "⋯" (rename, favourite, move, trash). Rows drag onto
 * other pages to move there. Every change goes through /v1 (tree-model.ts).
 */
import { NotionIcon } from "../blocks/Icon";
import { useCallback, useEffect, useRef, useState, type DragEvent, type KeyboardEvent } from "react";
import { useApi } from "../context";
import { Link, navigate, useHref } from "../router";
import { ancestorsOf, changes, childrenOf, createPage, movePage, renamePage, ROOT, setTrashed, topLevel, type TreeNode } from "./tree-model";
import { Menu } from "./Menu";
import { MoveDialog } from "./MoveDialog";
import { useFavorites } from "./favorites";
import { useToast } from "./Toast";

const DRAG_TYPE = "application/x-quire-page";

interface Visible {
  node: TreeNode;
  level: number;
  parent: string;
  /** Its place among its siblings (1-based) and their number: aria-posinset, aria-setsize. */
  pos: number;
  size: number;
}

/** A line under an expanded row that has nothing to show yet (loading, empty, failed). */
interface Note {
  note: string;
  level: number;
  key: string;
}

export function PageTree({ currentId }: { currentId: string | null }) {
  const api = useApi();
  const base = useHref();
  const favorites = useFavorites();
  const toast = useToast();
  const [kids, setKids] = useState<Record<string, TreeNode[]>>({});
  const [failed, setFailed] = useState<Record<string, string>>({});
  const [expanded, setExpanded] = useState<Set<string>>(new Set());
  const [focused, setFocused] = useState<string | null>(null);
  const [renaming, setRenaming] = useState<string | null>(null);
  const [moving, setMoving] = useState<TreeNode | null>(null);
  const [dropTarget, setDropTarget] = useState<string | null>(null);
  const treeRef = useRef<HTMLDivElement>(null);
  const focusAfterRender = useRef(false);
  const expandedRef = useRef(expanded);
  expandedRef.current = expanded;

  const load = useCallback(
    async (key: string) => {
      try {
        const list = key === ROOT ? await topLevel(api) : await childrenOf(api, key);
        setKids((k) => ({ ...k, [key]: list }));
        setFailed(({ [key]: _, ...rest }) => rest);
      } catch (e) {
        setFailed((f) => ({ ...f, [key]: e instanceof Error ? e.message : String(e) }));
      }
    },
    [api],
  );

  // The top level now, everything on screen again after any change.
  useEffect(() => {
    void load(ROOT);
    return changes.on(() => {
      void load(ROOT);
      for (const id of expandedRef.current) void load(id);
    });
  }, [load]);

  // The current page's ancestors open, so it shows (and is selected) in the tree.
  // Not for a guest: they reach only what is shared with them, and asking for the parents would
  // answer 404s (as the page's breadcrumbs, page/Header.tsx).
  const guest = api.session.workspaces.find((w) => w.id === api.workspaceId)?.role === "guest";
  useEffect(() => {
    if (!currentId || guest) return;
    let live = true;
    ancestorsOf(api, currentId).then(
      (up) => {
        if (!live || up.length === 0) return;
        setExpanded((e) => new Set([...e, ...up]));
        for (const id of up) void load(id);
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [api, currentId, load, guest]);

  const expand = (id: string, open: boolean) => {
    setExpanded((e) => {
      const next = new Set(e);
      if (open) next.add(id);
      else next.delete(id);
      return next;
    });
    // Read again at every opening: pages made elsewhere since show up.
    if (open) void load(id);
  };

  const visible: Visible[] = [];
  const lines: (Visible | Note)[] = [];
  const seen = new Set<string>();
  const walk = (key: string, level: number) => {
    // A page just moved can be in two lists for a moment (one read again before the other): shown once.
    const list = (kids[key] ?? []).filter((n) => !seen.has(n.id));
    for (const n of list) seen.add(n.id);
    list.forEach((node, i) => {
      const v = { node, level, parent: key, pos: i + 1, size: list.length };
      visible.push(v);
      lines.push(v);
      if (!expanded.has(node.id)) return;
      const note = failed[node.id] ?? (!kids[node.id] ? "Loading…" : kids[node.id].length === 0 ? "No pages inside" : null);
      if (note) lines.push({ note, level: level + 1, key: `note-${node.id}` });
      walk(node.id, level + 1);
    });
  };
  walk(ROOT, 1);
  const tabStop = visible.some((v) => v.node.id === focused) ? focused : (visible.find((v) => v.node.id === currentId)?.node.id ?? visible[0]?.node.id ?? null);

  useEffect(() => {
    if (!focusAfterRender.current || !focused) return;
    focusAfterRender.current = false;
    treeRef.current?.querySelector<HTMLElement>(`[data-tree-id="${focused}"]`)?.focus();
  });
  const focusRow = (id: string | undefined) => {
    if (!id) return;
    focusAfterRender.current = true;
    setFocused(id);
  };

  const hrefOf = (n: TreeNode) => `${base}/${n.kind === "page" ? "p" : "d"}/${n.id}`;

  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const item = e.target as HTMLElement;
    if (item.getAttribute("role") !== "treeitem") return;
    const id = item.dataset.treeId!;
    const at = visible.findIndex((v) => v.node.id === id);
    if (at < 0) return;
    const { node, parent } = visible[at];
    const open = expanded.has(id);
    const keys: Record<string, () => void> = {
      ArrowDown: () => focusRow(visible[at + 1]?.node.id),
      ArrowUp: () => focusRow(visible[at - 1]?.node.id),
      Home: () => focusRow(visible[0]?.node.id),
      End: () => focusRow(visible[visible.length - 1]?.node.id),
      ArrowRight: () => {
        if (!node.expandable) return;
        if (!open) expand(id, true);
        else focusRow(kids[id]?.[0]?.id);
      },
      ArrowLeft: () => {
        if (open) expand(id, false);
        else if (parent !== ROOT) focusRow(parent);
      },
      Enter: () => navigate(hrefOf(node)),
      F2: () => node.kind === "page" && setRenaming(id),
    };
    const run = keys[e.key];
    if (run) {
      e.preventDefault();
      run();
    }
  };

  const create = async (parentId: string | null) => {
    try {
      const page = await createPage(api, parentId);
      if (parentId) expand(parentId, true);
      changes.emit();
      navigate(`${base}/p/${page.id}`);
    } catch (e) {
      toast.show(`Could not create a page: ${(e as Error).message}`);
    }
  };

  const rename = async (node: TreeNode, title: string) => {
    setRenaming(null);
    focusRow(node.id);
    if (title === node.title) return;
    try {
      await renamePage(api, node.id, title);
      changes.emit();
    } catch (e) {
      toast.show(`Could not rename: ${(e as Error).message}`);
    }
  };

  const trash = async (node: TreeNode) => {
    try {
      await setTrashed(api, node, true);
      changes.emit();
      toast.show(`Moved “${node.title}” to the trash`, {
        label: "Undo",
        run: async () => {
          await setTrashed(api, node, false);
          changes.emit();
        },
      });
    } catch (e) {
      toast.show(`Could not move to the trash: ${(e as Error).message}`);
    }
  };

  const moveInto = async (id: string, target: TreeNode) => {
    try {
      await movePage(api, id, target.id);
      expand(target.id, true);
      changes.emit();
      toast.show(`Moved into “${target.title}”`);
    } catch (e) {
      toast.show(`Could not move: ${(e as Error).message}`);
    }
  };

  const row = (v: Visible) => {
    const { node, level } = v;
    const open = expanded.has(node.id);
    const isCurrent = node.id === currentId;
    const titleId = `tree-title-${node.id}`;
    const actionTab = tabStop === node.id ? 0 : -1;
    const drag = {
      draggable: node.kind === "page" && renaming !== node.id,
      onDragStart: (e: DragEvent) => {
        e.dataTransfer.setData(DRAG_TYPE, node.id);
        e.dataTransfer.effectAllowed = "move";
      },
      onDragOver: (e: DragEvent) => {
        if (node.kind !== "page" || !e.dataTransfer.types.includes(DRAG_TYPE)) return;
        e.preventDefault();
        e.dataTransfer.dropEffect = "move";
        setDropTarget(node.id);
      },
      onDragLeave: () => setDropTarget((t) => (t === node.id ? null : t)),
      onDrop: (e: DragEvent) => {
        e.preventDefault();
        setDropTarget(null);
        const dragged = e.dataTransfer.getData(DRAG_TYPE);
        if (dragged && dragged !== node.id) void moveInto(dragged, node);
      },
    };
    return (
      <div
        key={node.id}
        role="treeitem"
        className="tree-item"
        data-tree-id={node.id}
        aria-labelledby={titleId}
        aria-level={level}
        aria-setsize={v.size}
        aria-posinset={v.pos}
        aria-expanded={node.expandable ? open : undefined}
        aria-selected={isCurrent}
        tabIndex={tabStop === node.id ? 0 : -1}
        onFocus={(e) => e.target === e.currentTarget && setFocused(node.id)}
      >
        <div className={`tree-row${isCurrent ? " current" : ""}${dropTarget === node.id ? " drop" : ""}`} style={{ paddingLeft: 4 + (level - 1) * 14 }} {...drag}>
          <span className={`tree-toggle${node.expandable ? "" : " leaf"}`} aria-hidden="true" onClick={() => node.expandable && expand(node.id, !open)}>
            {node.expandable ? (open ? "▾" : "▸") : "•"}
          </span>
          {renaming === node.id ? (
            <RenameInput id={titleId} title={node.title === "Untitled" ? "" : node.title} onDone={(t) => void rename(node, t)} onCancel={() => (setRenaming(null), focusRow(node.id))} />
          ) : (
            <Link href={hrefOf(node)} className="tree-link" tabIndex={-1} aria-current={isCurrent ? "page" : undefined} onClick={() => setFocused(node.id)}>
              <NotionIcon icon={node.icon} fallback={node.kind === "page" ? "📄" : "🗂"} className="tree-icon" />
              <span id={titleId} className="tree-title">
                {node.title}
              </span>
            </Link>
          )}
          <span className="tree-actions">
            {node.kind === "page" && (
              <Menu
                label={`More actions for ${node.title}`}
                tabIndex={actionTab}
                items={[
                  { label: "Rename", run: () => setRenaming(node.id) },
                  { label: favorites.has(node.id) ? "Remove from favorites" : "Add to favorites", run: () => void favorites.toggle(node.id) },
                  { label: "Move to…", run: () => setMoving(node) },
                  { label: "Move to trash", run: () => void trash(node), danger: true },
                ]}
              />
            )}
            {node.kind === "page" && (
              <button type="button" className="icon-button" tabIndex={actionTab} aria-label={`Add a page inside ${node.title}`} onClick={() => void create(node.id)}>
                <span aria-hidden="true">+</span>
              </button>
            )}
          </span>
        </div>
      </div>
    );
  };

  return (
    <>
      <div className="sidebar-section-head">
        <h2 className="sidebar-heading" id="pages-heading">
          Pages
        </h2>
        <button type="button" className="icon-button" aria-label="New page" onClick={() => void create(null)}>
          <span aria-hidden="true">+</span>
        </button>
      </div>
      {failed[ROOT] && <p role="alert">{failed[ROOT]}</p>}
      {/* A flat tree (WAI-ARIA allows it): every row a child of the tree, its depth in aria-level; so a row's name is its title alone. */}
      <div role="tree" aria-labelledby="pages-heading" className="page-tree" ref={treeRef} onKeyDown={onKey}>
        {lines.map((l) =>
          "note" in l ? (
            <div key={l.key} aria-hidden="true" className="tree-note" style={{ paddingLeft: 4 + (l.level - 1) * 14 + 22 }}>
              {l.note}
            </div>
          ) : (
            row(l)
          ),
        )}
      </div>
      {moving && <MoveDialog node={moving} onClose={() => setMoving(null)} onPick={(target) => (setMoving(null), void moveInto(moving.id, target))} />}
    </>
  );
}

/** The title being edited in place: Enter or leaving saves, Escape cancels. */
function RenameInput({ id, title, onDone, onCancel }: { id: string; title: string; onDone: (t: string) => void; onCancel: () => void }) {
  const [value, setValue] = useState(title);
  const done = useRef(false);
  const finish = (save: boolean) => {
    if (done.current) return;
    done.current = true;
    if (save) onDone(value.trim());
    else onCancel();
  };
  return (
    <input
      id={id}
      className="tree-rename"
      aria-label="Page title"
      value={value}
      autoFocus
      placeholder="Untitled"
      onChange={(e) => setValue(e.target.value)}
      onKeyDown={(e) => {
        e.stopPropagation();
        if (e.key === "Enter") finish(true);
        if (e.key === "Escape") finish(false);
      }}
      onBlur={() => finish(true)}
    />
  );
}
