/** The workspace's name and time zone (formulas' dates and relative date filters use it). */
import { useId, useState } from "react";
import type { Json } from "../api";
import { useApi } from "../context";
import { useLoad } from "../use-load";
import { ErrorText, useSubmit, useTitle } from "./ui";

export function WorkspaceSettings() {
  useTitle("Workspace");
  const api = useApi();
  const ws = useLoad(() => api.control<Json>("GET", "/workspace"), [api]);
  return (
    <section aria-labelledby="workspace-heading">
      <h1 id="workspace-heading" className="page-title">
        Workspace
      </h1>
      <ErrorText error={ws.error} />
      {ws.data && <WorkspaceForm workspace={ws.data} onSaved={ws.reload} />}
    </section>
  );
}

function WorkspaceForm({ workspace, onSaved }: { workspace: Json; onSaved: () => void }) {
  const api = useApi();
  const [name, setName] = useState<string>(workspace.name);
  const [zone, setZone] = useState<string>(workspace.time_zone ?? "UTC");
  const [saved, setSaved] = useState("");
  const nameId = useId();
  const zoneId = useId();
  const zonesId = useId();
  const zones = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
  const submit = useSubmit(async () => {
    setSaved("");
    await api.control("PATCH", "/workspace", { name, time_zone: zone });
    setSaved("Saved. The sidebar shows the new name after a reload.");
    onSaved();
  });
  return (
    <form className="console-card" onSubmit={submit.onSubmit} aria-labelledby="general-heading">
      <h2 id="general-heading">General</h2>
      <div className="field">
        <label htmlFor={nameId}>Workspace name</label>
        <input id={nameId} value={name} onChange={(e) => setName(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={zoneId}>Time zone</label>
        <input id={zoneId} list={zonesId} value={zone} onChange={(e) => setZone(e.target.value)} />
        <datalist id={zonesId}>
          {zones.map((z) => (
            <option key={z} value={z} />
          ))}
        </datalist>
      </div>
      <p className="muted small">Formulas&apos; dates and relative date filters (&quot;today&quot;, &quot;next week&quot;) use it.</p>
      <ErrorText error={submit.error} />
      <div className="console-actions">
        <span role="status" className="console-status">
          {saved}
        </span>
        <button type="submit" className="console-button solid" disabled={submit.busy}>
          Save
        </button>
      </div>
    </form>
  );
}
