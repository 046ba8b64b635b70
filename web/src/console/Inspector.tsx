/**
 * The request inspector: the server's request log (`GET /_quire/v1/requests`) followed live
 * through its Server-Sent Events stream (`…/requests/stream`), filtered by integration, status
 * and path. New requests appear at the top; the selected one stays selected and open, with its
 * bodies as collapsible JSON and a "copy as curl" whose token is `$NOTION_TOKEN`.
 * The stream is read with `fetch` (sse.ts).
 */
import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent, type RefObject } from "react";
import type { Json } from "../api";
import { serverUrl } from "../base";
import { followEvents } from "./sse";
import { IntegrationPicker, useIntegrations } from "./IntegrationPicker";
import { useApi } from "../context";
import { useLoad } from "../use-load";
import { ConfirmButton, CopyButton, ErrorText, JsonBody, useTitle } from "./ui";

/** At most this many entries are kept on screen (the server keeps its own `--request-log-size`). */
const KEEP = 500;

interface Entry {
  id: string;
  time: string;
  method: string;
  path: string;
  route: string | null;
  status: number;
  duration_ms: number;
  integration: { id: string; name: string } | null;
  /** How it authenticated (`integration`, `personal_access_token`, `session`), where the server says. */
  auth?: string | null;
  headers: { notion_version: string | null; user_agent: string | null; content_type: string | null };
  request_body: string | null;
  response_body: string | null;
}

interface Filters {
  integration: string;
  status: string;
  path: string;
}

/** Every way a request authenticates but the web app's own session (`none`: a token not accepted). */
const NOT_THE_APP = "integration,personal_access_token,none";

/**
 * The list's and the stream's query. The app's own requests are left out by the server, not on
 * screen: filtered here they filled the newest page (the app makes dozens per screen), and the
 * requests an integration made before the inspector opened were never listed.
 */
function queryOf(f: Filters, showApp: boolean, extra: Record<string, string> = {}): string {
  const q = new URLSearchParams();
  if (f.integration) q.set("integration_id", f.integration);
  if (f.status) q.set("status", f.status);
  if (f.path) q.set("path", f.path);
  if (!showApp) q.set("auth", NOT_THE_APP);
  for (const [k, v] of Object.entries(extra)) q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : "";
}

export function Inspector() {
  useTitle("Request inspector");
  const api = useApi();
  const integrations = useIntegrations();
  const [draft, setDraft] = useState<Filters>({ integration: "", status: "", path: "" });
  const [filters, setFilters] = useState<Filters>(draft);
  const [entries, setEntries] = useState<Entry[]>([]);
  const [selected, setSelected] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [live, setLive] = useState<"connecting" | "live" | "reconnecting">("connecting");
  const [generation, setGeneration] = useState(0);
  // The app's own /v1 calls (this console's searches included) are the web app session's: left out unless asked for.
  const [showApp, setShowApp] = useState(false);
  const ids = { integration: useId(), status: useId(), path: useId() };

  useEffect(() => {
    const abort = new AbortController();
    const add = (news: Entry[], atTop: boolean) =>
      setEntries((old) => {
        const seen = new Set(old.map((e) => e.id));
        const fresh = news.filter((e) => !seen.has(e.id));
        return (atTop ? [...fresh, ...old] : [...old, ...fresh]).slice(0, KEEP);
      });
    setEntries([]);
    setError(null);
    setLive("connecting");
    // The stream first, then the list: a request answered in between is in one or the other (or both: kept once).
    void followEvents(api, `/_quire/v1/requests/stream${queryOf(filters, showApp)}`, "request", abort.signal, (e) => add([e as Entry], true), setLive);
    api.server<Json>("GET", `/requests${queryOf(filters, showApp, { page_size: "100" })}`).then(
      (page) => !abort.signal.aborted && add(page.results as Entry[], false),
      (e: unknown) => !abort.signal.aborted && setError(e),
    );
    return () => abort.abort();
  }, [api, filters, showApp, generation]);

  const current = useMemo(() => entries.find((e) => e.id === selected) ?? null, [entries, selected]);
  // Keyboard use: a request opened moves focus to its details (below the list at 390 px); Escape or
  // Close there closes them and puts focus back on the request's row.
  const listRef = useRef<HTMLUListElement>(null);
  const detailRef = useRef<HTMLHeadingElement>(null);
  const [focusDetail, setFocusDetail] = useState(0);
  useEffect(() => {
    if (focusDetail) detailRef.current?.focus();
  }, [focusDetail]);
  const open = (id: string) => {
    setSelected(id);
    setFocusDetail((n) => n + 1);
  };
  const close = () => {
    const id = selected;
    setSelected(null);
    if (id) listRef.current?.querySelector<HTMLButtonElement>(`button[data-request="${CSS.escape(id)}"]`)?.focus();
  };
  return (
    <section aria-labelledby="inspector-heading" className="inspector">
      <div className="console-head">
        <h1 id="inspector-heading" className="page-title">
          Request inspector
        </h1>
        <span className={`live live-${live}`} role="status">
          {live === "live" ? "● Live" : live === "connecting" ? "Connecting…" : "Reconnecting…"}
        </span>
      </div>
      <form
        className="inspector-filters"
        aria-label="Filters"
        onSubmit={(e) => {
          e.preventDefault();
          setFilters({ ...draft, path: draft.path.trim() });
        }}
      >
        <IntegrationPicker id={ids.integration} integrations={integrations} value={draft.integration} onChange={(integration) => setDraft({ ...draft, integration })} />
        <div className="field">
          <label htmlFor={ids.status}>Status</label>
          <select id={ids.status} value={draft.status} onChange={(e) => setDraft({ ...draft, status: e.target.value })}>
            <option value="">Any</option>
            <option value="2xx">2xx success</option>
            <option value="4xx">4xx client errors</option>
            <option value="5xx">5xx server errors</option>
            {["400", "401", "403", "404", "409", "429", "500", "502", "503", "504"].map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </div>
        <div className="field grow">
          <label htmlFor={ids.path}>Path</label>
          <input id={ids.path} value={draft.path} onChange={(e) => setDraft({ ...draft, path: e.target.value })} placeholder="/v1/pages" />
        </div>
        <label className="inline-check">
          <input type="checkbox" checked={showApp} onChange={(e) => setShowApp(e.target.checked)} /> Show the web app&apos;s own requests
        </label>
        <button type="submit" className="console-button solid">
          Apply filters
        </button>
        <ConfirmButton
          label="Clear log"
          title="Clear the request log?"
          confirmLabel="Clear"
          action={async () => {
            await api.server("DELETE", "/requests");
            setSelected(null);
            setGeneration((g) => g + 1);
          }}
        >
          <p>Every recorded request of this server node is forgotten.</p>
        </ConfirmButton>
      </form>
      <ErrorText error={error} />
      <div className="inspector-panes">
        <div className="inspector-list">
          {entries.length === 0 && <p className="muted">No requests yet. Requests to /v1 appear here as they are answered.</p>}
          <ul aria-label="Requests" ref={listRef}>
            {entries.map((e) => (
              <li key={e.id}>
                <button type="button" className="request-row" data-request={e.id} aria-pressed={selected === e.id} onClick={() => open(e.id)}>
                  <span className="method">{e.method}</span>
                  <span className={`badge http-${Math.floor(e.status / 100)}xx`}>{e.status}</span>
                  <span className="path">{e.path}</span>
                  <span className="muted small">
                    {e.integration?.name ?? "—"} · {e.duration_ms} ms · {new Date(e.time).toLocaleTimeString()}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        </div>
        <div className="inspector-detail">{current ? <RequestDetail entry={current} headingRef={detailRef} onClose={close} /> : <p className="muted">Select a request to see its bodies.</p>}</div>
      </div>
    </section>
  );
}

function RequestDetail({ entry, headingRef, onClose }: { entry: Entry; headingRef: RefObject<HTMLHeadingElement | null>; onClose: () => void }) {
  const curl = curlOf(entry);
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key !== "Escape" || e.defaultPrevented) return;
    e.preventDefault();
    onClose();
  };
  return (
    <article aria-labelledby="request-heading" onKeyDown={onKeyDown}>
      <div className="request-head">
        <h2 id="request-heading" className="request-title" tabIndex={-1} ref={headingRef}>
          <span className="method">{entry.method}</span> <span className="path">{entry.path}</span>
        </h2>
        <button type="button" className="console-button" onClick={onClose}>
          Close<span className="visually-hidden"> the request&apos;s details</span>
        </button>
      </div>
      <dl className="console-facts">
        <dt>Status</dt>
        <dd>
          <span className={`badge http-${Math.floor(entry.status / 100)}xx`}>{entry.status}</span>
        </dd>
        <dt>Duration</dt>
        <dd>{entry.duration_ms} ms</dd>
        <dt>Time</dt>
        <dd>{new Date(entry.time).toLocaleString()}</dd>
        <dt>Integration</dt>
        <dd>
          {entry.integration?.name ?? "none (the token was not accepted)"}
          {entry.auth ? <span className="muted"> · {AUTH[entry.auth] ?? entry.auth}</span> : null}
        </dd>
        <dt>Request id</dt>
        <dd>
          <code>{entry.id}</code>
        </dd>
        {entry.route && (
          <>
            <dt>Route</dt>
            <dd>
              <code>{entry.route}</code>
            </dd>
          </>
        )}
        <dt>Notion-Version</dt>
        <dd>{entry.headers.notion_version ?? "—"}</dd>
        <dt>User agent</dt>
        <dd className="wrap">{entry.headers.user_agent ?? "—"}</dd>
      </dl>
      <h3>Request body</h3>
      <JsonBody text={entry.request_body} label="Request body" />
      <h3>Response body</h3>
      <JsonBody text={entry.response_body} label="Response body" />
      <h3>curl</h3>
      <pre className="curl" aria-label="curl command">
        {curl}
      </pre>
      <CopyButton text={curl} label="Copy as curl" />
    </article>
  );
}

const AUTH: Record<string, string> = { integration: "integration token", personal_access_token: "personal access token", session: "web app session" };

const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** The request as a curl command; the token is `$NOTION_TOKEN`, for the reader's shell to fill in. */
export function curlOf(e: Entry): string {
  const lines = [`curl -X ${e.method} ${shellQuote(serverUrl(e.path))}`, `-H "Authorization: Bearer $NOTION_TOKEN"`];
  if (e.headers.notion_version) lines.push(`-H ${shellQuote(`Notion-Version: ${e.headers.notion_version}`)}`);
  if (e.request_body) {
    lines.push(`-H ${shellQuote(`Content-Type: ${e.headers.content_type ?? "application/json"}`)}`);
    lines.push(`--data ${shellQuote(e.request_body)}`);
  }
  return lines.join(" \\\n  ");
}
