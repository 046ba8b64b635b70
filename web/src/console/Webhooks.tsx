/**
 * An integration's webhook subscriptions: add one (verified by the token the URL receives, or at
 * once with `auto_verify`), pause and resume, delete, and each one's delivery log with its
 * attempts and a redeliver button.
 */
import { useEffect, useId, useState } from "react";
import type { Json } from "../api";
import { useApi } from "../context";
import { useLoad } from "../use-load";
import { useAction } from "../use-action";
import { followEvents, type StreamState } from "./sse";
import { ConfirmButton, ErrorText, JsonBody, SecretBox, useSubmit } from "./ui";

export function Webhooks({ integrationId }: { integrationId: string }) {
  const api = useApi();
  const subs = useLoad(() => api.control<Json>("GET", `/integrations/${integrationId}/webhooks`), [api, integrationId]);
  const [url, setUrl] = useState("");
  const [autoVerify, setAutoVerify] = useState(false);
  const [token, setToken] = useState<string | null>(null);
  const urlId = useId();
  const submit = useSubmit(async () => {
    const made = await api.control<Json>("POST", `/integrations/${integrationId}/webhooks`, { url, ...(autoVerify ? { auto_verify: true } : {}) });
    setUrl("");
    if (made.verification_token) setToken(made.verification_token);
    subs.reload();
  });
  return (
    <section className="console-card" aria-labelledby="webhooks-heading">
      <h2 id="webhooks-heading">Webhooks</h2>
      <p>Quire POSTs a verification token to a new subscription&apos;s URL; paste it below to activate it.</p>
      {token && <SecretBox label="Verification token" value={token} onDone={() => setToken(null)} />}
      <ErrorText error={subs.error} />
      {(subs.data?.results ?? []).map((w: Json) => (
        <Subscription key={w.id} sub={w} onChange={subs.reload} />
      ))}
      <form onSubmit={submit.onSubmit} className="webhook-new">
        <div className="field">
          <label htmlFor={urlId}>Webhook URL</label>
          <input id={urlId} type="url" value={url} onChange={(e) => setUrl(e.target.value)} placeholder="https://example.com/notion-webhook" />
        </div>
        <label>
          <input type="checkbox" checked={autoVerify} onChange={(e) => setAutoVerify(e.target.checked)} /> Verify at once (Quire only: no verification round trip)
        </label>
        <ErrorText error={submit.error} />
        <div className="console-actions">
          <button type="submit" className="console-button solid" disabled={submit.busy}>
            Add subscription
          </button>
        </div>
      </form>
    </section>
  );
}

function Subscription({ sub, onChange }: { sub: Json; onChange: () => void }) {
  const api = useApi();
  const [open, setOpen] = useState(false);
  const { error, run: act } = useAction(onChange);
  const [verification, setVerification] = useState("");
  const verifyId = useId();
  return (
    <div className="webhook" aria-label={`Webhook ${sub.url}`} role="group">
      <div className="webhook-head">
        <code className="wrap">{sub.url}</code>
        <span className={`badge status-${sub.status}`}>{sub.status}</span>
      </div>
      <p className="muted">
        {sub.event_types?.length ? `${sub.event_types.length} event types` : "Every event type"} · API version {sub.api_version}
      </p>
      {sub.status === "pending" && (
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            void act(() => api.control("POST", `/webhooks/${sub.id}/verify`, { verification_token: verification }));
          }}
        >
          <label htmlFor={verifyId}>Verification token</label>
          <input id={verifyId} value={verification} onChange={(e) => setVerification(e.target.value)} />
          <button type="submit" className="console-button solid">
            Verify
          </button>
          <button type="button" className="console-button" onClick={() => act(() => api.control("POST", `/webhooks/${sub.id}/resend_verification`))}>
            Resend
          </button>
        </form>
      )}
      <ErrorText error={error} />
      <div className="console-actions start">
        {sub.status === "active" && (
          <button type="button" className="console-button" onClick={() => act(() => api.control("PATCH", `/webhooks/${sub.id}`, { status: "paused" }))}>
            Pause
          </button>
        )}
        {sub.status === "paused" && (
          <button type="button" className="console-button" onClick={() => act(() => api.control("PATCH", `/webhooks/${sub.id}`, { status: "active" }))}>
            Resume
          </button>
        )}
        <button type="button" className="console-button" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
          Delivery log
        </button>
        <ConfirmButton label="Delete" title="Delete this webhook?" action={() => act(() => api.control("DELETE", `/webhooks/${sub.id}`))}>
          <p>Its waiting events and its delivery log go with it.</p>
        </ConfirmButton>
      </div>
      {open && <Deliveries webhookId={sub.id} />}
    </div>
  );
}

function Deliveries({ webhookId }: { webhookId: string }) {
  const api = useApi();
  const log = useLoad(() => api.control<Json>("GET", `/webhooks/${webhookId}/deliveries?page_size=50`), [api, webhookId]);
  const [live, setLive] = useState<StreamState>("connecting");
  // Every attempt recorded from now on reads the log again: deliveries appear and change live.
  const reload = log.reload;
  useEffect(() => {
    const abort = new AbortController();
    void followEvents(api, `/_quire/v1/workspaces/${api.workspaceId}/webhooks/deliveries/stream?webhook_id=${encodeURIComponent(webhookId)}`, "attempt", abort.signal, () => reload(), setLive);
    return () => abort.abort();
  }, [api, webhookId, reload]);
  const { error, run } = useAction(log.reload);
  const redeliver = (id: string) => run(() => api.control("POST", `/webhooks/${webhookId}/deliveries/${id}/redeliver`));
  return (
    <div className="deliveries">
      <div className="console-actions start">
        <button type="button" className="console-button" onClick={log.reload}>
          Refresh
        </button>
        <span className="console-status" role="status">
          {live === "live" ? "● Live" : live === "connecting" ? "Connecting…" : "Reconnecting…"}
        </span>
      </div>
      <ErrorText error={log.error ?? error} />
      {log.data?.results.length === 0 && <p className="muted">No deliveries yet.</p>}
      <ul className="console-list deliveries-list">
        {(log.data?.results ?? []).map((d: Json) => (
          <li key={d.id}>
            <details>
              <summary>
                <span className={`badge status-${d.status}`}>{d.status}</span> <code>{d.type}</code> {d.last_status_code ? `· ${d.last_status_code}` : ""} · {d.attempt_count} attempt
                {d.attempt_count === 1 ? "" : "s"} · {new Date(d.created_time).toLocaleString()}
              </summary>
              {(d.attempts ?? []).map((a: Json) => (
                <div key={a.attempt_number} className="attempt">
                  <p>
                    Attempt {a.attempt_number}: {a.status_code ?? a.error ?? "no answer"} · {a.duration_ms} ms
                  </p>
                  <JsonBody text={a.request_body ?? null} label="Body sent" />
                </div>
              ))}
            </details>
            <button type="button" className="console-button" onClick={() => redeliver(d.id)}>
              Redeliver<span className="visually-hidden"> {d.type}</span>
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
