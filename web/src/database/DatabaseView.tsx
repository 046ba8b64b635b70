/**
 * A database: its title, its views as tabs (the Views API; a database without views shows a
 * default table), the current view's toolbar (filter, sort, settings, new row) and its layout.
 * Rows are the first data source's, queried with the view's filter and sorts
 * (`POST /v1/data_sources/:id/query`), exactly what an integration asking the same gets.
 */
import { useCallback, useEffect, useRef, useState } from "react";
import type { Json } from "../api";
import { useApi } from "../context";
import { useLoad } from "../use-load";
import { navigate, useHref } from "../router";
import { plainText, titleOf } from "../notion";
import { DatabaseIcon } from "./DatabaseIcon";
import { ErrorState } from "../page/PageView";
import { DbProvider } from "./db-context";
import { DEFAULT_VIEW, errorText, propsOf, type View } from "./model";
import { firstPage, mergeRows, OWN_ROWS, useRowPages, type EarlyRef } from "./use-rows";
import { RowsFooter } from "./RowsFooter";
import { PeekProvider } from "./peek-context";
import { SidePeek } from "./SidePeek";
import { countConds, fromJson } from "./filter-model";
import { FilterBuilder, SortBuilder } from "./FilterBuilder";
import { QuickFilterBar, withQuickFilters } from "./QuickFilters";
import { Popover } from "./Popover";
import { TableView, type LayoutProps } from "./TableView";
import { BoardView } from "./BoardView";
import { CalendarView } from "./CalendarView";
import { GalleryView, ListView } from "./cards";
import { TimelineView } from "./TimelineView";
import { ChartView } from "./ChartView";
import { FormView } from "./FormView";
import { MapView } from "./MapView";
import { ViewSettings, ViewTabs } from "./ViewSettings";
import "./database.css";

/** A view answer as the screens read it. */
function viewOf(v: Json): View {
  return { id: v.id, name: v.name ?? "", type: v.type, filter: v.filter ?? null, sorts: v.sorts ?? null, configuration: v.configuration ?? { type: v.type }, quick_filters: v.quick_filters ?? null };
}

/** Dashboards and their widgets are left out: the app does not lay them out. */
const shows = (v: Json) => v.type !== "dashboard" && !v.dashboard_view_id;

/** The views' list (ids in tab order) and each view read so far, by id (null: one the app does not show). */
interface Tabs {
  list: string[] | null;
  read: Record<string, View | null>;
}

/**
 * What a database's first load asks beside the database's read (first load): its views' list, the
 * view shown first (the address's, else the first listed) and that view's first rows — the rows
 * need only the view, not the database, its data source or the other views, which are read after.
 */
interface Opening {
  api: ReturnType<typeof useApi>;
  /** When it began (`begun`). */
  at: number;
  list: Promise<Json[]>;
  view: Promise<{ id: string; read: Promise<Json> } | null>;
  /** The first view's id once known (before the views are shown): only its screen takes `early`. */
  id: string | null;
  early: EarlyRef;
  /** Settles once the first view's first rows are answered (or it has none to ask): the other views are read then. */
  rowsDone: Promise<unknown>;
}

function openingReads(api: ReturnType<typeof useApi>, databaseId: string, viewId: string | null): Opening {
  const list = api.all<Json>("GET", `/views?database_id=${databaseId}`, {}, 100);
  const readView = (id: string) => {
    const read = api.v1<Json>("GET", `/views/${id}`);
    read.catch(() => undefined); // its error shows through the views' read
    return { id, read };
  };
  const view = viewId ? Promise.resolve(readView(viewId)) : list.then((l) => (l[0] ? readView(l[0].id as string) : null));
  const early: EarlyRef = { current: null };
  const opening: Opening = { api, at: Date.now(), list, view, id: viewId, early, rowsDone: Promise.resolve() };
  early.current = view.then((v) => ((opening.id = v?.id ?? null), v ? firstPage(api, v.read) : null), () => null);
  opening.rowsDone = early.current;
  return opening;
}

/**
 * Openings begun by a render that React may throw away — a first mount interrupted by another
 * update (the sidebar's) is rendered again from scratch, its state made anew — by database, view
 * and workspace: the render that commits takes the same reads instead of asking again (the early
 * answers are taken once). Removed when a screen commits; a leftover is not reused after 5 s.
 */
const begun = new Map<string, Opening>();

function openingFor(api: ReturnType<typeof useApi>, key: string, databaseId: string, viewId: string | null): Opening {
  const kept = begun.get(key);
  if (kept && kept.api === api && Date.now() - kept.at < 5_000) return kept;
  const opening = openingReads(api, databaseId, viewId);
  begun.set(key, opening);
  return opening;
}

/** Every view of the database, read again (a view was deleted). */
async function loadViews(api: ReturnType<typeof useApi>, databaseId: string): Promise<Tabs> {
  const list = await api.all<Json>("GET", `/views?database_id=${databaseId}`, {}, 100);
  const views = await Promise.all(list.map((v) => api.v1<Json>("GET", `/views/${v.id}`)));
  return { list: list.map((v) => v.id as string), read: Object.fromEntries(views.map((v) => [v.id as string, shows(v) ? viewOf(v) : null])) };
}

/** The tabs: each listed view shown, a placeholder where its read has not answered yet. */
function tabViews({ list, read }: Tabs): View[] {
  const out = (list ?? []).flatMap((id) => (read[id] === null ? [] : [read[id] ?? { ...DEFAULT_VIEW, id, name: "", pending: true }]));
  return out.length ? out : [DEFAULT_VIEW];
}

/** The view shown: the address's (once read), else the first listed view shown; undefined while that is not known yet. */
function shownView({ list, read }: Tabs, viewId: string | null): View | undefined {
  if (!list) return undefined;
  if (viewId && list.includes(viewId) && read[viewId] !== null) return read[viewId];
  for (const id of list) {
    if (read[id] === undefined) return undefined;
    if (read[id]) return read[id]!;
  }
  return DEFAULT_VIEW;
}

export function DatabaseView({ databaseId, viewId }: { databaseId: string; viewId: string | null }) {
  const api = useApi();
  const base = useHref("d", databaseId);
  const db = useLoad(() => api.v1<Json>("GET", `/databases/${databaseId}`), [api, databaseId]);
  const sourceId: string | undefined = db.data?.data_sources?.[0]?.id;
  const [source, setSource] = useState<Json | undefined>();
  const [tabs, setTabs] = useState<Tabs>({ list: null, read: {} });
  const [loadError, setLoadError] = useState<Error | null>(null);
  const [viewsError, setViewsError] = useState<Error | null>(null);
  // The views' list, the first view and its first rows are asked for now, beside the database (first load).
  const openingKey = `${api.workspaceId} ${databaseId} ${viewId ?? ""}`;
  const [opening] = useState(() => openingFor(api, openingKey, databaseId, viewId));

  // The tabs and the first view as each read answers; the other views after the first rows, never in front of them.
  useEffect(() => {
    let live = true;
    if (begun.get(openingKey) === opening) begun.delete(openingKey);
    const fail = (e: unknown) => live && setViewsError(e instanceof Error ? e : new Error(String(e)));
    const got = (v: Json) => live && setTabs((t) => ({ ...t, read: { ...t.read, [v.id as string]: shows(v) ? viewOf(v) : null } }));
    opening.list.then((l) => live && setTabs((t) => ({ ...t, list: l.map((v) => v.id as string) })), fail);
    opening.view.then((v) => v?.read.then(got, fail), () => undefined); // a failed list shows above
    Promise.all([opening.list, opening.rowsDone]).then(([l]) => {
      if (live) for (const v of l) if (v.id !== opening.id) api.v1<Json>("GET", `/views/${v.id}`).then(got, fail);
    }, () => undefined);
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api, databaseId]);
  useEffect(() => {
    if (!sourceId) return;
    let live = true;
    api.v1<Json>("GET", `/data_sources/${sourceId}`).then(
      (ds) => live && setSource(ds),
      (e) => live && setLoadError(e instanceof Error ? e : new Error(String(e))),
    );
    return () => {
      live = false;
    };
  }, [api, sourceId]);

  const refreshSchema = useCallback(() => {
    if (sourceId) api.v1<Json>("GET", `/data_sources/${sourceId}`).then(setSource, () => undefined);
  }, [api, sourceId]);
  const reloadViews = () => loadViews(api, databaseId).then(setTabs, (e) => setLoadError(e));

  if (db.error) return <ErrorState error={db.error} />;
  if (loadError) return <ErrorState error={loadError} />;
  if (!db.data) return <p aria-busy="true">Loading…</p>;
  if (!sourceId)
    return (
      <div className="page-body wide">
        <h1 className="page-title">{titleOf(db.data)}</h1>
        <p className="muted">This database is linked to another database's data: open that database to see its rows.</p>
      </div>
    );
  if (viewsError) return <ErrorState error={viewsError} />;
  const current = shownView(tabs, viewId);
  if (!source || !current) return <p aria-busy="true">Loading…</p>;
  const all = tabViews(tabs);
  return (
    <DbProvider refreshSchema={refreshSchema}>
      <div className="page-body wide db-page">
        <DatabaseIcon db={db.data} />
        <h1 className="page-title">{titleOf(db.data)}</h1>
        {plainText(db.data.description) && <p className="muted">{plainText(db.data.description)}</p>}
        <ViewTabs
          views={all}
          current={current}
          base={base}
          databaseId={databaseId}
          dataSourceId={sourceId}
          onCreated={(v) => {
            setTabs((t) => ({ list: [...(t.list ?? []), v.id], read: { ...t.read, [v.id]: viewOf(v) } }));
            navigate(`${base}?view=${v.id}`);
          }}
        />
        <ViewBody
          key={`${current.id}:${current.type}`}
          view={current}
          views={all}
          source={source}
          base={base}
          databaseId={databaseId}
          onSchema={setSource}
          early={current.id === opening.id ? opening.early : undefined}
          onView={(v) => (v ? setTabs((t) => ({ ...t, read: { ...t.read, [v.id]: viewOf(v) } })) : void reloadViews())}
        />
      </div>
    </DbProvider>
  );
}

function ViewBody({ view, views, source, base, databaseId, onSchema, onView, early }: { view: View; views: View[]; source: Json; base: string; databaseId: string; onSchema: (ds: Json) => void; onView: (v: Json | null) => void; early?: EarlyRef }) {
  const api = useApi();
  const props = propsOf(source);
  const [fresh, setFresh] = useState<string | null>(null);
  const [panel, setPanel] = useState<"filter" | "sort" | "settings" | null>(null);
  const [peekId, setPeekId] = useState<string | null>(null);
  const openPeek = useCallback((row: Json) => setPeekId(row.id), []);
  // A view without an id (the default table of a database without views) keeps its filter here.
  const [local, setLocal] = useState<Pick<View, "filter" | "sorts">>({ filter: view.filter, sorts: view.sorts });
  const edited: View = view.id ? view : { ...view, ...local };
  // Rows are read with the quick filters ANDed in; the filter builder edits the view's own filter.
  const shown = withQuickFilters(edited);
  const filterKey = JSON.stringify([shown.filter, shown.sorts, source.last_edited_time]);
  // A board reads each column, a calendar its shown weeks (OWN_ROWS): their pages merge into `rows`.
  const own = OWN_ROWS.has(shown.type);
  const pages = useRowPages(api, source.id, shown, filterKey, early, own);
  const { rows, error, update, setError } = pages;

  const saveView = async (change: Json) => {
    if (!view.id) {
      setLocal((l) => ({ ...l, ...change }));
      return;
    }
    onView(await api.v1<Json>("PATCH", `/views/${view.id}`, change));
  };
  const onRow = (page: Json) => update((rs) => rs.map((r) => (r.id === page.id ? page : r)));
  const newRow = async (properties: Json = {}) => {
    try {
      const page = await api.v1<Json>("POST", "/pages", { parent: { type: "data_source_id", data_source_id: source.id }, properties });
      update((rs) => [...rs, page], 1);
      setFresh(page.id);
      return page;
    } catch (e) {
      setError(errorText(e));
      return null;
    }
  };
  const peeked = peekId ? rows?.find((r) => r.id === peekId) : undefined;
  const configure = view.id
    ? (configuration: Json) =>
        saveView({ configuration }).then(
          () => setError(null),
          (e) => setError(errorText(e)),
        )
    : undefined;
  const layout: LayoutProps = { props, view: shown, rows: rows ?? [], dataSourceId: source.id, onRow, onSchema, newRow, fresh, clearFresh: () => setFresh(null), configure, total: pages.total, rowsKey: filterKey, merge: own ? (found) => update((rs) => mergeRows(rs, found)) : undefined };
  const filters = countConds(fromJson(edited.filter));
  const sorts = shown.sorts?.length ?? 0;
  const anchors = useRef<Record<string, HTMLButtonElement | null>>({});
  const toolbarButton = (name: "filter" | "sort" | "settings", label: string, count = 0) => (
    <button type="button" ref={(el) => void (anchors.current[name] = el)} className={`db-tool${count ? " active" : ""}`} aria-haspopup="dialog" aria-expanded={panel === name} onClick={() => setPanel(panel === name ? null : name)}>
      {label}
      {count > 0 && <span className="db-badge"> {count}</span>}
    </button>
  );

  return (
    <section aria-label={`${view.name || "Untitled view"} view`} className={`db-view db-view-${view.type}`}>
      <div className="db-toolbar">
        {toolbarButton("filter", "Filter", filters)}
        {toolbarButton("sort", "Sort", sorts)}
        {view.id && toolbarButton("settings", "View settings")}
        <button type="button" className="db-primary" onClick={() => void newRow()}>
          New
        </button>
      </div>
      {panel === "filter" && (
        <Popover label="Filters" anchor={anchors.current.filter} onClose={() => setPanel(null)} wide>
          <FilterBuilder props={props} filter={edited.filter} onSave={(filter) => saveView({ filter })} onClose={() => setPanel(null)} />
        </Popover>
      )}
      {panel === "sort" && (
        <Popover label="Sorts" anchor={anchors.current.sort} onClose={() => setPanel(null)} wide>
          <SortBuilder props={props} sorts={shown.sorts} onSave={(s) => saveView({ sorts: s })} onClose={() => setPanel(null)} />
        </Popover>
      )}
      {panel === "settings" && view.id && (
        <Popover label="View settings" anchor={anchors.current.settings} onClose={() => setPanel(null)} wide>
          <ViewSettings view={view} views={views} props={props} base={base} databaseId={databaseId} dataSourceId={source.id} onChanged={onView} onClose={() => setPanel(null)} />
        </Popover>
      )}
      <QuickFilterBar view={view} props={props} onSave={view.id ? saveView : undefined} />
      {error && (
        <p role="alert" className="db-error">
          {error}
        </p>
      )}
      {rows === null && !error ? (
        <p aria-busy="true">Loading…</p>
      ) : (
        <PeekProvider value={openPeek}>
          <Layout {...layout} />
          <RowsFooter pages={pages} />
        </PeekProvider>
      )}
      {peeked && <SidePeek key={peeked.id} row={peeked} onRow={onRow} onClose={() => setPeekId(null)} />}
    </section>
  );
}

function Layout(p: LayoutProps) {
  switch (p.view.type) {
    case "board":
      return <BoardView {...p} />;
    case "calendar":
      return <CalendarView {...p} />;
    case "list":
      return <ListView {...p} />;
    case "gallery":
      return <GalleryView {...p} />;
    case "table":
      return <TableView {...p} />;
    case "timeline":
      return <TimelineView {...p} />;
    case "chart":
      return <ChartView {...p} />;
    case "form":
      return <FormView {...p} />;
    case "map":
      return <MapView {...p} />;
    default:
      return (
        <>
          <p className="muted">The app does not lay out {p.view.type} views yet: here are its rows as a table.</p>
          <TableView {...p} />
        </>
      );
  }
}
