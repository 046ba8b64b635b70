/**
 * The workspace's sign-in settings: SAML single sign-on (the service provider's addresses to give
 * the identity provider, and the identity provider's metadata to set here) and SCIM tokens (made
 * and shown once, revoked).
 */
import { useId, useState } from "react";
import type { Json } from "../api";
import { serverUrl } from "../base";
import { useApi } from "../context";
import { useLoad } from "../use-load";
import { ConfirmButton, CopyButton, ErrorText, SecretBox, useSubmit, useTitle } from "./ui";

export function Security() {
  useTitle("Security");
  return (
    <section aria-labelledby="security-heading">
      <h1 id="security-heading" className="page-title">
        Security
      </h1>
      <Saml />
      <Scim />
    </section>
  );
}

function Saml() {
  const api = useApi();
  // The status first (200 with or without SAML), so a workspace without it makes no failed request.
  const config = useLoad(async () => {
    const status = await api.control<Json>("GET", "/saml/status");
    return status.configured ? await api.control<Json>("GET", "/saml") : { service_provider: status.service_provider, unset: true };
  }, [api]);
  const [xml, setXml] = useState("");
  const [jit, setJit] = useState<boolean | null>(null);
  const [enforce, setEnforce] = useState<boolean | null>(null);
  const [saved, setSaved] = useState("");
  const xmlId = useId();
  const c = config.data?.unset ? null : config.data;
  const sp = config.data?.service_provider ?? { metadata_url: "", acs_url: "", login_url: "" };
  const allowJit = jit ?? c?.allow_jit ?? true;
  const enforceSso = enforce ?? c?.enforce_sso ?? false;
  const submit = useSubmit(async () => {
    setSaved("");
    const body: Json = { allow_jit: allowJit, enforce_sso: enforceSso };
    if (xml.trim()) body.idp_metadata_xml = xml.trim();
    else if (c) {
      body.entry_point = c.entry_point;
      body.idp_issuer = c.idp_issuer;
      body.idp_cert = (c.idp_certificates ?? []).map((x: Json) => x.pem);
    } else throw new Error("Paste the identity provider's metadata XML.");
    await api.control("PUT", "/saml", body);
    setXml("");
    setSaved("Saved");
    config.reload();
  });
  return (
    <section className="console-card" aria-labelledby="saml-heading">
      <h2 id="saml-heading">SAML single sign-on</h2>
      <ErrorText error={config.error} />
      <p>Give these to your identity provider:</p>
      {config.data && (
      <dl className="console-facts">
        <dt>Entity ID (metadata URL)</dt>
        <dd>
          <code className="wrap">{sp.metadata_url}</code> <CopyButton text={sp.metadata_url} label="Copy metadata URL" />
        </dd>
        <dt>Assertion consumer service (ACS) URL</dt>
        <dd>
          <code className="wrap">{sp.acs_url}</code> <CopyButton text={sp.acs_url} label="Copy ACS URL" />
        </dd>
        <dt>Sign-in URL</dt>
        <dd>
          <code className="wrap">{sp.login_url}</code>
        </dd>
      </dl>
      )}
      {c ? (
        <p role="status">
          Configured: identity provider <code>{c.idp_issuer}</code>, {c.idp_certificates?.length ?? 0} certificate(s)
          {c.idp_certificates?.[0]?.not_after ? `, the first valid until ${new Date(c.idp_certificates[0].not_after).toLocaleDateString()}` : ""}.
        </p>
      ) : (
        config.data?.unset && <p role="status">Not configured: people sign in with their password.</p>
      )}
      <form onSubmit={submit.onSubmit}>
        <div className="field">
          <label htmlFor={xmlId}>Identity provider metadata (XML){c ? " — leave empty to keep the current one" : ""}</label>
          <textarea id={xmlId} className="mono" rows={6} value={xml} onChange={(e) => setXml(e.target.value)} spellCheck={false} />
        </div>
        <label>
          <input type="checkbox" checked={allowJit} onChange={(e) => setJit(e.target.checked)} /> Create accounts on first sign-in (just in time)
        </label>
        <label>
          <input type="checkbox" checked={enforceSso} onChange={(e) => setEnforce(e.target.checked)} /> Require SAML sign-in (no passwords)
        </label>
        <ErrorText error={submit.error} />
        <div className="console-actions">
          <span role="status" className="console-status">
            {saved}
          </span>
          {c && (
            <ConfirmButton
              label="Remove SAML"
              title="Remove SAML single sign-on?"
              confirmLabel="Remove"
              action={async () => {
                await api.control("DELETE", "/saml");
                config.reload();
              }}
            >
              <p>People sign in with their passwords again; those without one cannot sign in until an owner sets it.</p>
            </ConfirmButton>
          )}
          <button type="submit" className="console-button solid" disabled={submit.busy}>
            Save SAML settings
          </button>
        </div>
      </form>
    </section>
  );
}

function Scim() {
  const api = useApi();
  const tokens = useLoad(() => api.control<Json>("GET", "/scim_tokens"), [api]);
  const [name, setName] = useState("");
  const [secret, setSecret] = useState<string | null>(null);
  const nameId = useId();
  const submit = useSubmit(async () => {
    const made = await api.control<Json>("POST", "/scim_tokens", name.trim() ? { name: name.trim() } : {});
    setSecret(made.token);
    setName("");
    tokens.reload();
  });
  return (
    <section className="console-card" aria-labelledby="scim-heading">
      <h2 id="scim-heading">SCIM provisioning</h2>
      <p>
        Base URL for your identity provider: <code className="wrap">{serverUrl("/scim/v2")}</code>
      </p>
      {secret && <SecretBox label="SCIM token" value={secret} onDone={() => setSecret(null)} />}
      <form className="inline-form" onSubmit={submit.onSubmit}>
        <label htmlFor={nameId}>Token name</label>
        <input id={nameId} value={name} onChange={(e) => setName(e.target.value)} placeholder="Okta" />
        <button type="submit" className="console-button solid" disabled={submit.busy}>
          Create SCIM token
        </button>
      </form>
      <ErrorText error={submit.error ?? tokens.error} />
      <ul className="console-list" aria-label="SCIM tokens">
        {(tokens.data?.results ?? []).map((t: Json) => (
          <li key={t.id}>
            <span>
              {t.name || "Unnamed"} <span className="muted small">· made {new Date(t.created_time).toLocaleDateString()} · {t.last_used_time ? `last used ${new Date(t.last_used_time).toLocaleString()}` : "never used"}</span>
            </span>
            <ConfirmButton
              label="Revoke"
              title={`Revoke ${t.name || "this token"}?`}
              action={async () => {
                await api.control("DELETE", `/scim_tokens/${t.id}`);
                tokens.reload();
              }}
            >
              <p>Its requests are refused at once.</p>
            </ConfirmButton>
          </li>
        ))}
      </ul>
    </section>
  );
}
