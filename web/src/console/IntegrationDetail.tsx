/**
 * One integration: its secret (shown once after a create or a rotation), name and capabilities,
 * the pages it may see (internal ones), OAuth settings and link previews (public ones), its
 * webhook subscriptions, and deleting it.
 */
import { useEffect, useId, useRef, useState } from "react";
import type { Json } from "../api";
import { serverUrl } from "../base";
import { useApi } from "../context";
import { useLoad } from "../use-load";
import { useAction } from "../use-action";
import { Link, navigate, useHref } from "../router";
import { iconEmoji, titleOf } from "../notion";
import { ConfirmButton, ErrorText, SecretBox, useSubmit, useTitle } from "./ui";
import { CapabilityFields, forgetSecret, peekSecret } from "./capabilities";
import { Webhooks } from "./Webhooks";

export function IntegrationDetail({ id }: { id: string }) {
  const api = useApi();
  const list = useHref("console", "integrations");
  const one = useLoad(() => api.control<Json>("GET", `/integrations/${encodeURIComponent(id)}`), [api, id]);
  const [secret, setSecret] = useState(() => peekSecret(id));
  useEffect(() => forgetSecret(id), [id]);
  useTitle(one.data?.name ?? "Integration");
  const i = one.data;
  return (
    <section aria-labelledby="integration-heading">
      <p>
        <Link href={list}>← Integrations</Link>
      </p>
      <ErrorText error={one.error} />
      {one.loading && !i && <p aria-busy="true">Loading…</p>}
      {i && (
        <>
          <h1 id="integration-heading" className="page-title">
            {i.name}
          </h1>
          <p className="muted">
            {i.type === "public" ? "Public integration" : i.type === "installation" ? "Installed public integration" : "Internal integration"} · ID <code>{i.id}</code>
          </p>
          {secret && <SecretBox label={secret.label} value={secret.value} onDone={() => setSecret(null)} />}
          <Settings integration={i} onSaved={one.reload} />
          {i.type !== "public" && (
            <TokenSection
              onRotate={async () => {
                const r = await api.control<Json>("PATCH", `/integrations/${i.id}`, { rotate_token: true });
                setSecret({ label: "Internal integration secret", value: r.token });
              }}
            />
          )}
          {i.type === "public" && <OAuthSection integration={i} onSecret={(v) => setSecret({ label: "OAuth client secret", value: v })} onSaved={one.reload} />}
          {i.type !== "public" && <Shares integration={i} onChange={one.reload} />}
          {i.type !== "installation" && <Webhooks integrationId={i.id} />}
          {i.type === "public" && <LinkPreview integrationId={i.id} />}
          <section className="console-card danger-zone" aria-labelledby="delete-heading">
            <h2 id="delete-heading">Delete integration</h2>
            <p>Its tokens stop working at once{i.type === "public" ? ", and every workspace's installation of it ends" : ""}; its webhooks go with it.</p>
            <ConfirmButton
              label="Delete integration"
              title={`Delete ${i.name}?`}
              action={async () => {
                await api.control("DELETE", `/integrations/${i.id}`);
                navigate(list);
              }}
            >
              <p>This cannot be undone.</p>
            </ConfirmButton>
          </section>
        </>
      )}
    </section>
  );
}

function Settings({ integration, onSaved }: { integration: Json; onSaved: () => void }) {
  const api = useApi();
  const [name, setName] = useState<string>(integration.name);
  const [caps, setCaps] = useState<string[]>(integration.capabilities ?? []);
  const [saved, setSaved] = useState("");
  const nameId = useId();
  const submit = useSubmit(async () => {
    setSaved("");
    await api.control("PATCH", `/integrations/${integration.id}`, { name, capabilities: caps });
    setSaved("Saved");
    onSaved();
  });
  return (
    <form className="console-card" onSubmit={submit.onSubmit} aria-labelledby="settings-heading">
      <h2 id="settings-heading">Name and capabilities</h2>
      <div className="field">
        <label htmlFor={nameId}>Name</label>
        <input id={nameId} value={name} onChange={(e) => setName(e.target.value)} />
      </div>
      <CapabilityFields value={caps} onChange={setCaps} />
      <ErrorText error={submit.error} />
      <div className="console-actions">
        <span role="status" className="console-status">
          {saved}
        </span>
        <button type="submit" className="console-button solid" disabled={submit.busy}>
          Save changes
        </button>
      </div>
    </form>
  );
}

function TokenSection({ onRotate }: { onRotate: () => Promise<void> }) {
  return (
    <section className="console-card" aria-labelledby="token-heading">
      <h2 id="token-heading">Secret</h2>
      <p>The integration&apos;s token was shown once, when it was made. A new one replaces it: the old one stops working at once.</p>
      <ConfirmButton label="Rotate secret" title="Rotate the secret?" confirmLabel="Rotate" action={onRotate}>
        <p>Every program using the current token gets 401 until it has the new one.</p>
      </ConfirmButton>
    </section>
  );
}

function OAuthSection({ integration, onSecret, onSaved }: { integration: Json; onSecret: (v: string) => void; onSaved: () => void }) {
  const api = useApi();
  const [uris, setUris] = useState<string>((integration.redirect_uris ?? []).join("\n"));
  const [saved, setSaved] = useState("");
  const urisId = useId();
  const submit = useSubmit(async () => {
    setSaved("");
    const redirect_uris = uris
      .split(/\s+/)
      .map((s) => s.trim())
      .filter(Boolean);
    await api.control("PATCH", `/integrations/${integration.id}`, { redirect_uris });
    setSaved("Saved");
    onSaved();
  });
  const first: string | undefined = integration.redirect_uris?.[0];
  const authorize = `${serverUrl("/v1/oauth/authorize")}?client_id=${encodeURIComponent(integration.client_id)}&response_type=code&owner=user${first ? `&redirect_uri=${encodeURIComponent(first)}` : ""}`;
  return (
    <section className="console-card" aria-labelledby="oauth-heading">
      <h2 id="oauth-heading">OAuth</h2>
      <dl className="console-facts">
        <dt>OAuth client ID</dt>
        <dd>
          <code>{integration.client_id}</code>
        </dd>
        <dt>Authorization URL</dt>
        <dd>
          <code className="wrap">{authorize}</code>
        </dd>
      </dl>
      <form onSubmit={submit.onSubmit}>
        <div className="field">
          <label htmlFor={urisId}>Redirect URIs (one per line)</label>
          <textarea id={urisId} rows={3} value={uris} onChange={(e) => setUris(e.target.value)} />
        </div>
        <ErrorText error={submit.error} />
        <div className="console-actions">
          <span role="status" className="console-status">
            {saved}
          </span>
          <button type="submit" className="console-button solid" disabled={submit.busy}>
            Save redirect URIs
          </button>
        </div>
      </form>
      <ConfirmButton
        label="Rotate client secret"
        title="Rotate the client secret?"
        confirmLabel="Rotate"
        action={async () => {
          const r = await api.control<Json>("PATCH", `/integrations/${integration.id}`, { rotate_secret: true });
          onSecret(r.client_secret);
        }}
      >
        <p>The current secret stops working for token exchanges at once.</p>
      </ConfirmButton>
    </section>
  );
}

/** The pages and databases an internal integration may see, and a search to share more. */
function Shares({ integration, onChange }: { integration: Json; onChange: () => void }) {
  const api = useApi();
  const shared: string[] = integration.shares ?? [];
  const [query, setQuery] = useState("");
  const { error, run: act } = useAction(onChange);
  const queryId = useId();
  // The pressed Share or Remove button leaves its list: focus goes back to the search, not to the page's body.
  const queryRef = useRef<HTMLInputElement>(null);
  // Titles from what the person can find (a database by its data sources' parent); an id otherwise.
  const titles = useLoad(async () => {
    const map = new Map<string, Json>();
    if (shared.length === 0) return map;
    for (const r of await api.all<Json>("POST", "/search", {}, 1000)) {
      map.set(r.id, r);
      if (r.object === "data_source" && r.parent?.database_id && !map.has(r.parent.database_id)) map.set(r.parent.database_id, r);
    }
    return map;
  }, [api, shared.join(",")]);
  const found = useLoad(() => api.v1<Json>("POST", "/search", { ...(query ? { query } : {}), page_size: 20 }), [api, query]);
  return (
    <section className="console-card" aria-labelledby="access-heading">
      <h2 id="access-heading">Access</h2>
      <p>The integration sees these pages and databases, and everything inside them.</p>
      {shared.length === 0 && <p className="muted">No pages yet.</p>}
      <ul className="console-list" aria-label="Pages the integration may see">
        {shared.map((sid) => {
          const obj = titles.data?.get(sid);
          return (
            <li key={sid}>
              <span>
                <span aria-hidden="true">{iconEmoji(obj) ?? "📄"}</span> {obj ? titleOf(obj) : sid}
              </span>
              <button type="button" className="console-button" onClick={() => act(() => api.control("DELETE", `/integrations/${integration.id}/shares/${sid}`)).then(() => queryRef.current?.focus())}>
                Remove access<span className="visually-hidden"> to {obj ? titleOf(obj) : sid}</span>
              </button>
            </li>
          );
        })}
      </ul>
      <ErrorText error={error} />
      <div className="field">
        <label htmlFor={queryId}>Find pages to share</label>
        <input ref={queryRef} id={queryId} type="search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder="Search pages and databases" />
      </div>
      <ErrorText error={found.error} />
      <ul className="console-list" aria-label="Search results">
        {(found.data?.results ?? [])
          .filter((r: Json) => targetOf(r) && !shared.includes(targetOf(r)!))
          .map((r: Json) => (
            <li key={r.id}>
              <span>
                <span aria-hidden="true">{iconEmoji(r) ?? (r.object === "page" ? "📄" : "🗂")}</span> {titleOf(r)}
              </span>
              <button type="button" className="console-button" onClick={() => act(() => api.control("POST", `/integrations/${integration.id}/shares`, { object_id: targetOf(r) })).then(() => queryRef.current?.focus())}>
                Share<span className="visually-hidden"> {titleOf(r)}</span>
              </button>
            </li>
          ))}
      </ul>
    </section>
  );
}

/** What sharing a search result shares: a page, or the database a data source belongs to. */
function targetOf(r: Json): string | null {
  if (r.object === "data_source") return r.parent?.database_id ?? null;
  return r.id ?? null;
}

/** A public integration's link preview (unfurl) settings, as JSON. */
function LinkPreview({ integrationId }: { integrationId: string }) {
  const api = useApi();
  const current = useLoad(async () => {
    try {
      return await api.control<Json>("GET", `/integrations/${integrationId}/link_preview`);
    } catch (e: any) {
      if (e?.status === 404) return null;
      throw e;
    }
  }, [api, integrationId]);
  const [text, setText] = useState<string | null>(null);
  const [saved, setSaved] = useState("");
  const textId = useId();
  const value = text ?? JSON.stringify(current.data ? stripView(current.data) : EXAMPLE, null, 2);
  const submit = useSubmit(async () => {
    setSaved("");
    let body: unknown;
    try {
      body = JSON.parse(value);
    } catch {
      throw new Error("The settings are not valid JSON.");
    }
    await api.control("PUT", `/integrations/${integrationId}/link_preview`, body);
    setSaved("Saved");
    setText(null);
    current.reload();
  });
  return (
    <form className="console-card" onSubmit={submit.onSubmit} aria-labelledby="preview-heading">
      <h2 id="preview-heading">Link previews</h2>
      <p>The domains this integration unfurls and how (README, &quot;Link previews&quot;).</p>
      <ErrorText error={current.error} />
      <div className="field">
        <label htmlFor={textId}>Settings (JSON)</label>
        <textarea id={textId} className="mono" rows={8} value={value} onChange={(e) => setText(e.target.value)} spellCheck={false} />
      </div>
      <ErrorText error={submit.error} />
      <div className="console-actions">
        <span role="status" className="console-status">
          {saved}
        </span>
        {current.data && (
          <ConfirmButton
            label="Remove link previews"
            title="Remove the link preview settings?"
            confirmLabel="Remove"
            action={async () => {
              await api.control("DELETE", `/integrations/${integrationId}/link_preview`);
              setText(null);
              current.reload();
            }}
          >
            <p>Links to its domains are no longer unfurled.</p>
          </ConfirmButton>
        )}
        <button type="submit" className="console-button solid" disabled={submit.busy}>
          Save link previews
        </button>
      </div>
    </form>
  );
}

const EXAMPLE = {
  unfurl_callback_url: "https://example.com/unfurl",
  domains: ["example.com"],
  url_patterns: [{ name: "item", pattern: "^https://example\\.com/items/(?<id>[0-9]+)$" }],
  authorization: { authorize_url: "https://example.com/oauth/authorize", token_url: "https://example.com/oauth/token", client_id: "", client_secret: "" },
};

function stripView(v: Json): Json {
  const { object: _o, integration_id: _i, integration_name: _n, ...rest } = v;
  return rest;
}
