/**
 * The consent form's state (src/routes/oauth-authorize.ts): what a post carries back — the ticks
 * (`page:<id>` fields), the opened nodes, the list limits, the search, the workspace and the one the
 * ticks were made in — parsed without trusting any of it (ids kept only in their rendered form,
 * lists capped), and the state after each navigation button.
 */
import { normalizeId } from "../api/ids.js";
import { listLimit, MAX_OPEN, moreOf } from "../domain/oauth/consent.js";

/** What the page shows, as posted back by its form (or the GET's first rendering). */
export interface PageState {
  workspace: string | undefined;
  mode: "template" | "pages";
  query: string;
  picks: string[];
  open: string[];
  wide: string[];
  rootsLimit: number;
  resultsLimit: number;
  /** The workspace the posted picks were made in (another one chosen: they are dropped). */
  shownWorkspace?: string;
}

/** The state of the GET's first rendering: nothing ticked or opened, first steps of each list. */
export function firstState(workspace: string | undefined): PageState {
  return { workspace, mode: "pages", query: "", picks: [], open: [], wide: [], rootsLimit: listLimit(undefined), resultsLimit: listLimit(undefined) };
}

/** The state after a navigation button (expand, collapse, show more, search, switch workspace, mode). */
export function step(state: PageState, action: string): PageState {
  const [verb, id] = [action.split(":")[0], action.slice(action.indexOf(":") + 1)];
  if (verb === "expand" && isUuid(id) && !state.open.includes(id)) return { ...state, open: [...state.open, id].slice(-MAX_OPEN) };
  if (verb === "collapse") return { ...state, open: state.open.filter((o) => o !== id), wide: state.wide.filter((o) => o !== id) };
  if (verb === "more" && isUuid(id)) return { ...state, wide: [...new Set([...state.wide, id])] };
  if (action === "more_roots") return { ...state, rootsLimit: moreOf(state.rootsLimit) };
  if (action === "more_results") return { ...state, resultsLimit: moreOf(state.resultsLimit) };
  if (action === "clear_search") return { ...state, query: "" };
  return state;
}

/** The page state a post carries. */
export function stateOf(form: Record<string, string | undefined>): PageState {
  const picks = Object.keys(form).filter((k) => k.startsWith("page:") && isUuid(k.slice(5))).map((k) => k.slice(5));
  const ids = (s: string | undefined) => [...new Set((s ?? "").split(",").filter(isUuid))].slice(0, MAX_OPEN);
  return {
    workspace: form.workspace,
    shownWorkspace: form.shown_workspace,
    mode: form.mode === "template" ? "template" : "pages",
    query: (form.query ?? "").slice(0, 200),
    picks: [...new Set(picks)],
    open: ids(form.open),
    wide: ids(form.wide),
    rootsLimit: listLimit(form.roots_limit),
    resultsLimit: listLimit(form.results_limit),
  };
}

/** True for an id as the page renders them (dashed, lower case). */
function isUuid(s: string): boolean {
  return normalizeId(s) === s;
}
