/**
 * The OAuth consent page's HTML (`GET/POST /v1/oauth/authorize`, src/routes/oauth-authorize.ts)
 * in the sign-in pages' look: one form, no script. Every control is a submit button of that form
 * (`name="action"`), so opening a page in the tree, searching, showing more or switching workspace
 * posts the whole state back and the server renders the page again with the ticks kept — the
 * page works the same without JavaScript. Everything interpolated is escaped.
 */
import type { Capability } from "../api/capabilities.js";
import type { PickerList, PickerNode } from "../domain/oauth/page-picker.js";
import { escapeHtml, htmlDocument } from "./signin-html.js";

/** What the consent page shows and carries. */
export interface ConsentView {
  csrf: string;
  /** The authorize request's query parameters, carried back in hidden fields (re-validated on every post). */
  params: Record<string, string>;
  client: { name: string; icon: string | null; capabilities: readonly Capability[] };
  person: { name: string | null; email: string };
  /** The workspaces the person may install into (a member or above); empty: a guest everywhere. */
  workspaces: { id: string; name: string }[];
  workspaceId: string | null;
  /** The integration has a template: offer "Use a template" and "Select pages". */
  template: boolean;
  mode: "template" | "pages";
  query: string;
  picked: PickerNode[];
  roots: PickerList;
  rootsLimit: number;
  /** Children of the nodes opened in the tree. */
  children: Map<string, PickerList>;
  /** Opened nodes whose children list was widened by "Show more". */
  wide: string[];
  results: PickerList | null;
  resultsLimit: number;
  error?: string;
}

/** The words for each capability, as Notion's consent screen lists what an integration may do. */
const CAPABILITY_WORDS: Record<Capability, string | null> = {
  read_content: "Read content of the pages you select",
  update_content: "Update content of the pages you select",
  insert_content: "Insert content into the pages you select",
  read_comments: "Read comments on the pages you select",
  insert_comments: "Insert comments on the pages you select",
  user_info_with_email: "Read user information, including email addresses",
  user_info_without_email: "Read user information, without email addresses",
  user_info_none: null,
};

function document(title: string, body: string): string {
  return htmlDocument(title, body, { wide: true });
}

/** The consent page: who asks, what it may do, where it goes, which pages; Allow access and Cancel. */
export function consentPage(v: ConsentView): string {
  const hidden = Object.entries(v.params).map(([k, value]) => field(k, value));
  hidden.push(field("csrf_token", v.csrf), field("shown_workspace", v.workspaceId ?? ""), field("roots_limit", String(v.rootsLimit)));
  hidden.push(field("results_limit", String(v.resultsLimit)), field("open", [...v.children.keys()].join(",")), field("wide", v.wide.join(",")));
  const error = v.error ? `<p class="error" role="alert" id="consent-error">${escapeHtml(v.error)}</p>\n` : "";
  const body = v.workspaces.length === 0 ? guestOnly() : `${workspacePicker(v)}${v.template ? modePicker(v) : ""}${v.mode === "pages" || !v.template ? pagePicker(v) : ""}`;
  const allow = v.workspaces.length === 0 ? "" : `<button type="submit" name="action" value="allow" id="allow">Allow access</button>`;
  return document(
    `Connect ${v.client.name}`,
    `${header(v)}
${error}<form method="post" action="/v1/oauth/authorize" id="consent">
${hidden.join("\n")}
${body}
<div class="actions">
<button type="submit" name="action" value="cancel" class="secondary" id="cancel" formnovalidate>Cancel</button>
${allow}
</div>
</form>`,
  );
}

/** The page header; an icon that is an https URL is an image (the page's CSP allows https images only), anything else is shown as text (an emoji). */
function header(v: ConsentView): string {
  const icon = v.client.icon && /^https:\/\//.test(v.client.icon) ? `<img src="${escapeHtml(v.client.icon)}" alt="">` : `<span class="icon" aria-hidden="true">${escapeHtml(v.client.icon ?? "🔌")}</span>`;
  const who = v.person.name ? `${escapeHtml(v.person.name)} (${escapeHtml(v.person.email)})` : escapeHtml(v.person.email);
  const caps = v.client.capabilities.map((c) => CAPABILITY_WORDS[c]).filter((w): w is string => w !== null);
  return `<header class="app">${icon}<h1 id="title">${escapeHtml(v.client.name)} wants to connect to your Quire workspace</h1></header>
<p class="muted">Signed in as <strong id="signed-in-as">${who}</strong>.</p>
<p>${escapeHtml(v.client.name)} will be able to:</p>
<ul class="caps" id="capabilities">${caps.map((w) => `<li>${escapeHtml(w)}</li>`).join("") || "<li>Nothing but see that it is connected</li>"}</ul>`;
}

function guestOnly(): string {
  return `<p role="alert" id="no-workspace">You are a guest in every workspace you belong to. Only members of a workspace can add integrations to it: ask a workspace owner to add it, or to make you a member.</p>\n`;
}

function workspacePicker(v: ConsentView): string {
  if (v.workspaces.length === 1) return `<p>Workspace: <strong id="workspace-name">${escapeHtml(v.workspaces[0].name)}</strong></p>${field("workspace", v.workspaces[0].id)}\n`;
  const options = v.workspaces.map((w) => `<option value="${escapeHtml(w.id)}"${w.id === v.workspaceId ? " selected" : ""}>${escapeHtml(w.name)}</option>`).join("");
  return `<fieldset><legend>Workspace</legend>
<label for="workspace" class="inline">Add to workspace</label>
<select id="workspace" name="workspace">${options}</select>
<button type="submit" name="action" value="workspace" class="small" id="switch-workspace">Switch</button>
</fieldset>\n`;
}

function modePicker(v: ConsentView): string {
  const radio = (value: string, label: string, id: string) =>
    `<div><input type="radio" name="mode" value="${value}" id="${id}"${v.mode === value ? " checked" : ""}> <label class="inline" for="${id}">${label}</label></div>`;
  return `<fieldset><legend>Pages</legend>
${radio("template", "Use a template provided by the developer", "mode-template")}
${radio("pages", "Select pages to share", "mode-pages")}
<button type="submit" name="action" value="mode" class="small" id="apply-mode">Apply</button>
</fieldset>\n`;
}

function pagePicker(v: ConsentView): string {
  const picked = new Set(v.picked.map((p) => p.id));
  const selected = v.picked.length
    ? `<ul class="picked" id="selected">${v.picked.map((p) => `<li>${checkbox(p, true, "selected")}</li>`).join("")}</ul>`
    : `<p class="muted" id="selected">No pages selected yet.</p>`;
  const search = `<label for="query" class="inline">Search pages</label>
<input type="search" id="query" name="query" value="${escapeHtml(v.query)}">
<button type="submit" name="action" value="search" class="small" id="search">Search</button>`;
  const list = v.results ? resultList(v, picked) : tree(v, v.roots, picked, "roots") + more(v.roots, "more_roots", "more-roots");
  return `<fieldset><legend>Select the pages ${escapeHtml(v.client.name)} can access</legend>
<p class="muted">Only pages you have full access to can be selected.</p>
<h2 class="muted">Selected</h2>
${selected}
${search}
${list}
</fieldset>\n`;
}

function resultList(v: ConsentView, picked: Set<string>): string {
  if (v.results!.items.length === 0) return `<p class="muted" id="no-results">No pages you have full access to match “${escapeHtml(v.query)}”.</p>`;
  const items = v.results!.items.map((n) => `<li>${picked.has(n.id) ? chosen(n) : checkbox(n, false, "result")}</li>`).join("");
  return `<ul class="results" id="results" aria-label="Search results">${items}</ul>${more(v.results!, "more_results", "more-results")}
<button type="submit" name="action" value="clear_search" class="small" id="clear-search">Back to all pages</button>`;
}

function tree(v: ConsentView, list: PickerList, picked: Set<string>, id: string): string {
  if (list.items.length === 0) return `<p class="muted" id="${id}-empty">${id === "roots" ? "You have no pages in this workspace." : "No sub-pages."}</p>`;
  return `<ul class="tree" id="${escapeHtml(id)}">${list.items.map((n) => treeItem(v, n, picked)).join("")}</ul>`;
}

function treeItem(v: ConsentView, n: PickerNode, picked: Set<string>): string {
  const children = v.children.get(n.id);
  const own = picked.has(n.id) ? chosen(n) : n.level === "full_access" ? checkbox(n, false, "tree") : `<span>${label(n)}</span> <span class="muted">(no full access)</span>`;
  if (n.type === "database") return `<li>${own}</li>`;
  const toggle = children
    ? `<button type="submit" name="action" value="collapse:${escapeHtml(n.id)}" class="small" aria-label="Hide sub-pages of ${escapeHtml(n.title || "Untitled")}" aria-expanded="true">▾</button>`
    : `<button type="submit" name="action" value="expand:${escapeHtml(n.id)}" class="small" aria-label="Show sub-pages of ${escapeHtml(n.title || "Untitled")}" aria-expanded="false">▸</button>`;
  const below = children ? tree(v, children, picked, `children-${n.id}`) + more(children, `more:${n.id}`, `more-${n.id}`) : "";
  return `<li>${own}${toggle}${below}</li>`;
}

function checkbox(n: PickerNode, checked: boolean, where: string): string {
  const id = `${where}-${n.id}`;
  return `<input type="checkbox" name="page:${escapeHtml(n.id)}" id="${escapeHtml(id)}"${checked ? " checked" : ""}> <label class="inline" for="${escapeHtml(id)}">${label(n)}</label>`;
}

function chosen(n: PickerNode): string {
  return `<span>${label(n)}</span> <span class="muted">(selected)</span>`;
}

function label(n: PickerNode): string {
  const icon = n.emoji ?? (n.type === "database" ? "🗃️" : "📄");
  return `${escapeHtml(icon)} ${escapeHtml(n.title || "Untitled")}`;
}

function more(list: PickerList, action: string, id: string): string {
  return list.more ? `<button type="submit" name="action" value="${escapeHtml(action)}" class="small" id="${escapeHtml(id)}">Show more</button>` : "";
}

function field(name: string, value: string): string {
  return `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`;
}

/** The error page: a request Quire cannot send back to the integration (unknown client, unregistered redirect URI). */
export function authorizeErrorPage(message: string, heading = "This link to connect an integration is not valid"): string {
  return document(
    heading,
    `<h1>${escapeHtml(heading)}</h1>
<p role="alert" id="oauth-error">${escapeHtml(message)}</p>
<p class="muted">Nothing was shared. Tell the integration's developer; you can close this page.</p>`,
  );
}
