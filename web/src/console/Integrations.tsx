/** The workspace's integrations: the list, and a new internal or public one. */
import { useId, useState } from "react";
import type { Json } from "../api";
import { useApi } from "../context";
import { useLoad } from "../use-load";
import { Link, navigate, useHref } from "../router";
import { ConfirmButton, ErrorText, useSubmit, useTitle } from "./ui";
import { CapabilityFields, DEFAULT_CAPABILITIES, rememberSecret } from "./capabilities";

export function Integrations() {
  useTitle("Integrations");
  const api = useApi();
  const base = useHref("console", "integrations");
  const list = useLoad(() => api.control<Json>("GET", "/integrations"), [api]);
  const [creating, setCreating] = useState(false);
  return (
    <section aria-labelledby="integrations-heading">
      <div className="console-head">
        <h1 id="integrations-heading" className="page-title">
          Integrations
        </h1>
        {!creating && (
          <button type="button" className="console-button solid" onClick={() => setCreating(true)}>
            New integration
          </button>
        )}
      </div>
      {creating && <NewIntegration onCancel={() => setCreating(false)} />}
      <ErrorText error={list.error} />
      {list.loading && !list.data && <p aria-busy="true">Loading…</p>}
      {list.data && list.data.results.length === 0 && <p className="muted">No integrations yet.</p>}
      {list.data && list.data.results.length > 0 && (
        <table className="console-table">
          <caption className="visually-hidden">Integrations of this workspace</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Type</th>
              <th scope="col">Capabilities</th>
              <th scope="col">Created</th>
            </tr>
          </thead>
          <tbody>
            {list.data.results.map((i: Json) => (
              <tr key={i.id}>
                <td>
                  <Link href={`${base}/${i.id}`}>{i.name}</Link>
                </td>
                <td>{i.type === "public" ? "Public" : i.type === "installation" ? "Installed" : "Internal"}</td>
                <td className="muted">{(i.capabilities ?? []).length} of 6</td>
                <td>{new Date(i.created_time).toLocaleString()}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Connections />
    </section>
  );
}

/** Public integrations installed in this workspace (through the consent screen or a grant), and disconnecting one. */
function Connections() {
  const api = useApi();
  const list = useLoad(() => api.control<Json>("GET", "/connections"), [api]);
  if (!list.error && (list.data?.results.length ?? 0) === 0) return null;
  return (
    <section className="console-card" aria-labelledby="connections-heading">
      <h2 id="connections-heading">Connections</h2>
      <p>Public integrations people installed in this workspace.</p>
      <ErrorText error={list.error} />
      <ul className="console-list" aria-label="Connections">
        {(list.data?.results ?? []).map((c: Json) => (
          <li key={c.bot_id}>
            <span>
              {c.name}{" "}
              <span className="muted small">
                · {c.shares?.length ?? 0} page{c.shares?.length === 1 ? "" : "s"} · since {new Date(c.created_time).toLocaleDateString()}
              </span>
            </span>
            <ConfirmButton
              label="Disconnect"
              title={`Disconnect ${c.name}?`}
              action={async () => {
                await api.control("DELETE", `/connections/${c.bot_id}`);
                list.reload();
              }}
            >
              <p>Its tokens stop working and it loses access to every page shared with it here.</p>
            </ConfirmButton>
          </li>
        ))}
      </ul>
    </section>
  );
}

function NewIntegration({ onCancel }: { onCancel: () => void }) {
  const api = useApi();
  const base = useHref("console", "integrations");
  const [name, setName] = useState("");
  const [type, setType] = useState<"internal" | "public">("internal");
  const [redirects, setRedirects] = useState("");
  const [caps, setCaps] = useState<string[]>(DEFAULT_CAPABILITIES);
  const nameId = useId();
  const redirectId = useId();
  const submit = useSubmit(async () => {
    const body: Json = { name, capabilities: caps };
    if (type === "public") {
      body.type = "public";
      body.redirect_uris = redirects
        .split(/\s+/)
        .map((s) => s.trim())
        .filter(Boolean);
    }
    const made = await api.control<Json>("POST", "/integrations", body);
    if (made.token) rememberSecret(made.id, { label: "Internal integration secret", value: made.token });
    if (made.client_secret) rememberSecret(made.id, { label: "OAuth client secret", value: made.client_secret });
    navigate(`${base}/${made.id}`);
  });
  return (
    <form className="console-card" onSubmit={submit.onSubmit} aria-labelledby="new-integration-heading">
      <h2 id="new-integration-heading">New integration</h2>
      <div className="field">
        <label htmlFor={nameId}>Name</label>
        <input id={nameId} value={name} onChange={(e) => setName(e.target.value)} autoFocus />
      </div>
      <fieldset className="field">
        <legend>Type</legend>
        <label>
          <input type="radio" name="type" checked={type === "internal"} onChange={() => setType("internal")} /> Internal — one workspace, a token of its own
        </label>
        <label>
          <input type="radio" name="type" checked={type === "public"} onChange={() => setType("public")} /> Public — OAuth, installed by people in any workspace
        </label>
      </fieldset>
      {type === "public" && (
        <div className="field">
          <label htmlFor={redirectId}>Redirect URIs (one per line)</label>
          <textarea id={redirectId} rows={3} value={redirects} onChange={(e) => setRedirects(e.target.value)} />
        </div>
      )}
      <CapabilityFields value={caps} onChange={setCaps} />
      <ErrorText error={submit.error} />
      <div className="console-actions">
        <button type="button" className="console-button" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="console-button solid" disabled={submit.busy}>
          Create integration
        </button>
      </div>
    </form>
  );
}
