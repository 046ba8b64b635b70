/**
 * A page's header: breadcrumbs (its ancestors, each a link), cover, icon and title. With edit
 * rights the title is edited in place (saved ~500 ms after typing stops, Enter goes to the body)
 * and the icon and cover have pickers (an emoji, one of the workspace's custom emojis, a URL, or
 * a file uploaded through /v1/file_uploads); every change is a PATCH /v1/pages/:id.
 */
import { useEffect, useRef, useState, type KeyboardEvent } from "react";
import type { Api, Json } from "../api";
import { useApi } from "../context";
import { Link, useHref } from "../router";
import { fileUrl, plainText, titleOf } from "../notion";
import { useLoad } from "../use-load";
import { NotionIcon } from "../blocks/Icon";
import { IconPicker } from "./IconPicker";
import { HeadIcon } from "./HeadIcon";
import { LatestSave } from "./latest-save";

/**
 * The header's writes, shared with the live poll (PageView): a read that was answered across a
 * write may show the page from before it, and an answer to an earlier write may arrive after a
 * later one; neither is shown.
 */
export interface HeaderWrites {
  /** Writes started so far. */
  seq: number;
  /** Writes not answered yet. */
  inflight: number;
}

interface Crumb {
  id: string;
  kind: "p" | "d";
  title: string;
  icon: Json | null;
}

/** The page's ancestors, outermost first (at most 12 levels). */
async function ancestors(api: Api, page: Json): Promise<Crumb[]> {
  const out: Crumb[] = [];
  let parent: Json | undefined = page.parent;
  for (let i = 0; i < 12 && parent; i++) {
    if (parent.type === "page_id") {
      const p = await api.v1<Json>("GET", `/pages/${parent.page_id}`);
      out.unshift({ id: p.id, kind: "p", title: titleOf(p), icon: p.icon ?? null });
      parent = p.parent;
    } else if (parent.type === "database_id" || parent.type === "data_source_id") {
      const id = parent.database_id ?? parent.data_source_id;
      const d = await api.v1<Json>("GET", `/databases/${id}`).catch(() => null);
      if (!d) break;
      out.unshift({ id: d.id, kind: "d", title: titleOf(d), icon: d.icon ?? null });
      parent = d.parent;
    } else if (parent.type === "block_id") {
      const b = await api.v1<Json>("GET", `/blocks/${parent.block_id}`);
      parent = b.parent;
    } else break;
  }
  return out;
}

function titleKey(page: Json): string | null {
  for (const [k, v] of Object.entries<Json>(page.properties ?? {})) if (v?.type === "title") return k;
  return null;
}

export function Header({ page, canEdit, onPage, focusBody, writes }: { page: Json; canEdit: boolean; onPage: (p: Json) => void; focusBody: () => void; writes: HeaderWrites }) {
  const api = useApi();
  const base = useHref();
  // A guest reaches only what is shared with them: asking for the parents would answer 404s.
  const guest = api.session.workspaces.find((w) => w.id === api.workspaceId)?.role === "guest";
  const crumbs = useLoad(() => (guest ? Promise.resolve([]) : ancestors(api, page)), [api, page.id, guest]);
  const [picker, setPicker] = useState<null | "icon" | "cover">(null);
  const [error, setError] = useState<string | null>(null);

  // The page shown now (this header stays mounted from one page to the next).
  const shownId = useRef(page.id);
  shownId.current = page.id;
  /** One PATCH of the page, counted in `writes`; its answer shown only when it is the latest write's and the page is still shown. */
  const write = async (body: Json) => {
    const id = page.id;
    const seq = ++writes.seq;
    writes.inflight++;
    try {
      const answer = await api.v1<Json>("PATCH", `/pages/${page.id}`, body);
      if (seq === writes.seq && shownId.current === id) onPage(answer);
    } finally {
      writes.inflight--;
    }
  };
  const patch = async (body: Json) => {
    try {
      setError(null);
      await write(body);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  /** Saves a picker's choice; an error is thrown for the picker to show. */
  const save = (kind: "icon" | "cover", value: Json | null) => write({ [kind]: value });
  const icon = page.icon;
  const cover = fileUrl(page.cover);
  return (
    <header className="page-header">
      <nav aria-label="Breadcrumb" className="breadcrumbs">
        <ol>
          {(crumbs.data ?? []).map((c) => (
            <li key={c.id}>
              <Link href={`${base}/${c.kind}/${c.id}`}>
                {c.icon && <><NotionIcon icon={c.icon} className="crumb-icon" /> </>}
                {c.title}
              </Link>
            </li>
          ))}
          <li aria-current="page">{titleOf(page)}</li>
        </ol>
      </nav>
      {cover && <img className="page-cover" src={cover} alt="" />}
      <div className="page-head">
        {icon && <HeadIcon icon={icon} label="Page icon" />}
        {canEdit && (
          <div className="page-head-actions">
            <button type="button" onClick={() => setPicker("icon")} aria-haspopup="dialog">
              {icon ? "Change icon" : "Add icon"}
            </button>
            <button type="button" onClick={() => setPicker("cover")} aria-haspopup="dialog">
              {cover ? "Change cover" : "Add cover"}
            </button>
          </div>
        )}
        <Title key={page.id} page={page} canEdit={canEdit} save={(rich) => patch({ properties: { [titleKey(page) ?? "title"]: { title: rich } } })} focusBody={focusBody} />
        {error && <p role="alert" className="page-error">{error}</p>}
      </div>
      {picker && <IconPicker kind={picker} label={picker === "icon" ? "Page icon" : "Page cover"} value={page[picker]} close={() => setPicker(null)} save={(v) => save(picker, v)} />}
    </header>
  );
}

function Title({ page, canEdit, save, focusBody }: { page: Json; canEdit: boolean; save: (rich: Json[]) => Promise<void>; focusBody: () => void }) {
  const ref = useRef<HTMLHeadingElement>(null);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const saved = useRef(plainText(page.properties?.[titleKey(page) ?? ""]?.title));
  // What was last typed: still known once the field has left the page (an unmount flushes it).
  const typed = useRef<string | null>(null);
  const saveRef = useRef(save);
  saveRef.current = save;
  // One save in flight; the latest typed value is saved last (latest-save.ts).
  const saver = useRef<LatestSave<string>>(null);
  saver.current ??= new LatestSave((now) => saveRef.current(now ? [{ type: "text", text: { content: now } }] : []));
  const text = plainText(page.properties?.[titleKey(page) ?? ""]?.title);
  // React renders the text once; later changes are written by the effect below, which knows when
  // not to (re-rendering the child would put an older answer over newer typing).
  const first = useRef(text).current;
  // A new, untitled page starts in its title, as in Notion (and the keyboard's way to name it).
  useEffect(() => {
    const at = document.activeElement as HTMLElement | null;
    const typing = at && (at.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(at.tagName));
    if (canEdit && !text && !typing) ref.current?.focus();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  // From the server (a reload, another browser): shown unless the person is typing in it, or a
  // save of theirs is still in flight or waiting (the answer may predate what they typed since).
  useEffect(() => {
    if (saver.current?.pending || timer.current !== undefined) return;
    if (ref.current && document.activeElement !== ref.current && ref.current.textContent !== text) ref.current.textContent = text;
    saved.current = text;
  }, [text]);
  const flush = () => {
    clearTimeout(timer.current);
    timer.current = undefined;
    const now = ref.current?.textContent ?? typed.current;
    if (now === null || now === saved.current) return;
    saved.current = now;
    saver.current?.save(now);
  };
  // Leaving the page within the debounce still saves what was typed.
  useEffect(() => () => void (timer.current !== undefined && flush()), []); // eslint-disable-line react-hooks/exhaustive-deps
  const keyDown = (e: KeyboardEvent) => {
    if (e.key === "Enter") {
      e.preventDefault();
      flush();
      focusBody();
    }
  };
  return (
    <h1
      ref={ref}
      className="page-title"
      contentEditable={canEdit ? "plaintext-only" : false}
      suppressContentEditableWarning
      spellCheck={canEdit}
      data-placeholder="Untitled"
      onInput={() => {
        typed.current = ref.current?.textContent ?? "";
        clearTimeout(timer.current);
        timer.current = setTimeout(flush, 500);
      }}
      onBlur={flush}
      onKeyDown={keyDown}
    >
      {first}
    </h1>
  );
}
