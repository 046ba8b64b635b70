/**
 * The emulator toolkit, server-wide (server administrators): snapshots (save, restore, delete)
 * and reset, the clock (the system's, frozen at a time, or shifted), injected faults, and rate
 * limits. Each part is the control route of the same name (README, the control API table).
 */
import { useId, useState } from "react";
import type { Json } from "../api";
import { useApi } from "../context";
import { useLoad } from "../use-load";
import { ConfirmButton, ErrorText, useSubmit, useTitle } from "./ui";
import { IntegrationPicker, useIntegrations } from "./IntegrationPicker";

export function Toolkit() {
  useTitle("Toolkit");
  return (
    <section aria-labelledby="toolkit-heading">
      <h1 id="toolkit-heading" className="page-title">
        Toolkit
      </h1>
      <p>These settings act on the whole server, every workspace included.</p>
      <Faults />
      <RateLimit />
      <Clock />
      <Snapshots />
    </section>
  );
}

function Snapshots() {
  const api = useApi();
  const list = useLoad(() => api.server<Json>("GET", "/snapshots"), [api]);
  const [name, setName] = useState("");
  const [done, setDone] = useState("");
  const nameId = useId();
  const save = useSubmit(async () => {
    setDone("");
    await api.server("POST", "/snapshots", { name });
    setDone(`Saved ${name}`);
    setName("");
    list.reload();
  });
  const after = (what: string) => {
    setDone(what);
    list.reload();
  };
  return (
    <section className="console-card" aria-labelledby="snapshots-heading">
      <h2 id="snapshots-heading">Snapshots</h2>
      <p>A snapshot holds the whole server&apos;s state: every workspace, its files and webhooks&apos; outbox.</p>
      <form className="inline-form" onSubmit={save.onSubmit}>
        <label htmlFor={nameId}>Snapshot name</label>
        <input id={nameId} value={name} onChange={(e) => setName(e.target.value)} placeholder="before-migration" />
        <button type="submit" className="console-button solid" disabled={save.busy}>
          Save snapshot
        </button>
      </form>
      <ErrorText error={save.error ?? list.error} />
      <p role="status" className="console-status">
        {done}
      </p>
      <ul className="console-list" aria-label="Snapshots">
        {(list.data?.results ?? []).map((s: Json) => (
          <li key={s.name}>
            <span>
              <code>{s.name}</code> <span className="muted">· {new Date(s.created_time).toLocaleString()} · {formatSize(s.size)}</span>
            </span>
            <span className="row-actions">
              <ConfirmButton
                label={`Restore`}
                className="console-button"
                title={`Restore ${s.name}?`}
                action={async () => {
                  await api.server("POST", `/snapshots/${encodeURIComponent(s.name)}/restore`);
                  after(`Restored ${s.name}`);
                }}
              >
                <p>The whole server&apos;s state is replaced by the snapshot&apos;s. Everything made since it was saved is gone.</p>
              </ConfirmButton>
              {!s.name.startsWith("__") && (
                <ConfirmButton
                  label="Delete"
                  title={`Delete ${s.name}?`}
                  action={async () => {
                    await api.server("DELETE", `/snapshots/${encodeURIComponent(s.name)}`);
                    after(`Deleted ${s.name}`);
                  }}
                >
                  <p>The snapshot is removed; the current state stays as it is.</p>
                </ConfirmButton>
              )}
            </span>
          </li>
        ))}
      </ul>
      <ConfirmButton
        label="Reset server"
        title="Reset the whole server?"
        confirmLabel="Reset"
        action={async () => {
          await api.server("POST", "/reset");
          after("Reset to the first start's state");
        }}
      >
        <p>Back to the state right after the first start&apos;s seed: every workspace, page, integration and token made since is gone. Your session may end.</p>
      </ConfirmButton>
    </section>
  );
}

function formatSize(bytes: number | undefined): string {
  if (typeof bytes !== "number") return "";
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

function Clock() {
  const api = useApi();
  const clock = useLoad(() => api.server<Json>("GET", "/clock"), [api]);
  const [mode, setMode] = useState<"real" | "frozen" | "offset">("frozen");
  const [time, setTime] = useState("");
  const [offset, setOffset] = useState("");
  const timeId = useId();
  const offsetId = useId();
  const submit = useSubmit(async () => {
    if (mode === "real") await api.server("DELETE", "/clock");
    else if (mode === "frozen") await api.server("PUT", "/clock", time ? { time: new Date(time).toISOString() } : { frozen: true });
    else await api.server("PUT", "/clock", { offset: /^-?\d+$/.test(offset.trim()) ? Number(offset) : offset.trim() });
    clock.reload();
  });
  const c = clock.data;
  return (
    <form className="console-card" onSubmit={submit.onSubmit} aria-labelledby="clock-heading">
      <h2 id="clock-heading">Clock</h2>
      <ErrorText error={clock.error} />
      {c && (
        <p role="status">
          Server time <strong>{new Date(c.time).toLocaleString()}</strong> — {c.system ? "the system's clock" : c.frozen ? "frozen" : `shifted by ${formatOffset(c.offset_ms)}`}
        </p>
      )}
      <fieldset className="field">
        <legend>Set the clock</legend>
        <label>
          <input type="radio" name="clock" checked={mode === "real"} onChange={() => setMode("real")} /> The system&apos;s time
        </label>
        <label>
          <input type="radio" name="clock" checked={mode === "frozen"} onChange={() => setMode("frozen")} /> Frozen
        </label>
        <label>
          <input type="radio" name="clock" checked={mode === "offset"} onChange={() => setMode("offset")} /> Shifted, running on
        </label>
      </fieldset>
      {mode === "frozen" && (
        <div className="field">
          <label htmlFor={timeId}>Frozen at (empty: now)</label>
          <input id={timeId} type="datetime-local" step={1} value={time} onChange={(e) => setTime(e.target.value)} />
        </div>
      )}
      {mode === "offset" && (
        <div className="field">
          <label htmlFor={offsetId}>Offset (ms, or -3d, 90m)</label>
          <input id={offsetId} value={offset} onChange={(e) => setOffset(e.target.value)} placeholder="-3d" />
        </div>
      )}
      <ErrorText error={submit.error} />
      <div className="console-actions">
        <button type="submit" className="console-button solid" disabled={submit.busy}>
          Set clock
        </button>
      </div>
    </form>
  );
}

function formatOffset(ms: number): string {
  const sign = ms < 0 ? "−" : "+";
  const a = Math.abs(ms);
  if (a >= 86_400_000) return `${sign}${(a / 86_400_000).toFixed(2)} days`;
  if (a >= 3_600_000) return `${sign}${(a / 3_600_000).toFixed(2)} hours`;
  if (a >= 60_000) return `${sign}${(a / 60_000).toFixed(1)} minutes`;
  return `${sign}${a} ms`;
}

function RateLimit() {
  const api = useApi();
  const current = useLoad(() => api.server<Json>("GET", "/rate_limit"), [api]);
  const [mode, setMode] = useState<string>("");
  const [perMinute, setPerMinute] = useState("60");
  const modeId = useId();
  const nId = useId();
  const shown = mode || (current.data ? (current.data.limit === "off" || current.data.limit === "notion" ? current.data.limit : "custom") : "off");
  const submit = useSubmit(async () => {
    await api.server("PUT", "/rate_limit", { limit: shown === "custom" ? `${perMinute.trim()}/min` : shown });
    setMode("");
    current.reload();
  });
  return (
    <form className="console-card" onSubmit={submit.onSubmit} aria-labelledby="rate-heading">
      <h2 id="rate-heading">Rate limits</h2>
      <ErrorText error={current.error} />
      {current.data && (
        <p role="status">
          Now: <strong>{current.data.limit}</strong>
          {current.data.per_connection ? ` — ${current.data.per_connection} requests per connection per minute` : ""}
        </p>
      )}
      <div className="inline-form">
        <label htmlFor={modeId}>Limit</label>
        <select id={modeId} value={shown} onChange={(e) => setMode(e.target.value)}>
          <option value="off">Off</option>
          <option value="notion">Notion&apos;s (180 per connection, 1800 per workspace a minute)</option>
          <option value="custom">Requests per minute…</option>
        </select>
        {shown === "custom" && (
          <>
            <label htmlFor={nId}>Requests per minute</label>
            <input id={nId} inputMode="numeric" value={perMinute} onChange={(e) => setPerMinute(e.target.value)} size={6} />
          </>
        )}
        <button type="submit" className="console-button solid" disabled={submit.busy}>
          Set rate limit
        </button>
      </div>
      <ErrorText error={submit.error} />
    </form>
  );
}

const FAULT_ERRORS = ["503", "500", "502", "504", "529", "429", "timeout", "reset"];

function Faults() {
  const api = useApi();
  const list = useLoad(() => api.server<Json>("GET", "/faults"), [api]);
  const integrations = useIntegrations();
  const [method, setMethod] = useState("");
  const [path, setPath] = useState("");
  const [integration, setIntegration] = useState("");
  const [error, setError] = useState("503");
  const [count, setCount] = useState("");
  const [probability, setProbability] = useState("");
  const [latency, setLatency] = useState("");
  const ids = { integration: useId(), method: useId(), path: useId(), error: useId(), count: useId(), probability: useId(), latency: useId() };
  const [failure, setFailure] = useState<unknown>(null);
  const submit = useSubmit(async () => {
    const body: Json = { match: {} };
    if (method) body.match.method = method;
    if (path.trim()) body.match.path = path.trim();
    if (integration) body.match.integration_id = integration;
    if (error) body.error = /^\d+$/.test(error) ? Number(error) : error;
    if (count.trim()) body.count = Number(count);
    if (probability.trim()) body.probability = Number(probability);
    if (latency.trim()) body.latency_ms = Number(latency);
    await api.server("POST", "/faults", body);
    list.reload();
  });
  const remove = async (id: string) => {
    setFailure(null);
    try {
      await api.server("DELETE", `/faults/${id}`);
      list.reload();
    } catch (e) {
      setFailure(e);
    }
  };
  return (
    <section className="console-card" aria-labelledby="faults-heading">
      <h2 id="faults-heading">Faults</h2>
      <p>Matching /v1 requests fail with the error (or wait the delay) — to see how an integration copes.</p>
      <form className="fault-form" onSubmit={submit.onSubmit} aria-label="New fault">
        <div className="field">
          <label htmlFor={ids.method}>Method</label>
          <select id={ids.method} value={method} onChange={(e) => setMethod(e.target.value)}>
            <option value="">Any</option>
            {["GET", "POST", "PATCH", "PUT", "DELETE"].map((m) => (
              <option key={m}>{m}</option>
            ))}
          </select>
        </div>
        <IntegrationPicker id={ids.integration} integrations={integrations} value={integration} onChange={setIntegration} />
        <div className="field grow">
          <label htmlFor={ids.path}>Path (`*` matches one segment)</label>
          <input id={ids.path} value={path} onChange={(e) => setPath(e.target.value)} placeholder="/v1/pages/*" />
        </div>
        <div className="field">
          <label htmlFor={ids.error}>Error</label>
          <select id={ids.error} value={error} onChange={(e) => setError(e.target.value)}>
            <option value="">None (delay only)</option>
            {FAULT_ERRORS.map((f) => (
              <option key={f} value={f}>
                {f}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.count}>Times (empty: always)</label>
          <input id={ids.count} inputMode="numeric" value={count} onChange={(e) => setCount(e.target.value)} size={6} />
        </div>
        <div className="field">
          <label htmlFor={ids.probability}>Probability (0–1)</label>
          <input id={ids.probability} inputMode="decimal" value={probability} onChange={(e) => setProbability(e.target.value)} size={6} />
        </div>
        <div className="field">
          <label htmlFor={ids.latency}>Delay (ms)</label>
          <input id={ids.latency} inputMode="numeric" value={latency} onChange={(e) => setLatency(e.target.value)} size={6} />
        </div>
        <button type="submit" className="console-button solid" disabled={submit.busy}>
          Add fault
        </button>
      </form>
      <ErrorText error={submit.error ?? list.error ?? failure} />
      {list.data?.results.length === 0 && <p className="muted">No faults.</p>}
      <ul className="console-list" aria-label="Faults">
        {(list.data?.results ?? []).map((f: Json) => (
          <li key={f.id}>
            <span>
              <code>
                {f.match?.method ?? "ANY"} {f.match?.path ?? "/v1/*"}
              </code>{" "}
              {f.match?.integration_id ? `(${integrations.find((i) => i.id === f.match.integration_id)?.name ?? "an integration"}) ` : ""}
              → {f.error ?? "no error"}
              {f.latency_ms ? ` after ${f.latency_ms} ms` : ""}
              <span className="muted">
                {" "}
                · {f.remaining === null || f.remaining === undefined ? "always" : `${f.remaining} left`} · {f.hits} hit{f.hits === 1 ? "" : "s"}
                {typeof f.probability === "number" ? ` · p=${f.probability}` : ""}
              </span>
            </span>
            <button type="button" className="console-button" onClick={() => remove(f.id)}>
              Delete<span className="visually-hidden"> fault {f.match?.path ?? ""}</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
