/**
 * Picking one of the workspace's integrations, for the screens that filter or match requests by
 * one (the request inspector, the toolkit's faults). The picker offers internal integrations
 * only, as both screens did: a public one's requests carry each installation's own bot.
 */
import type { Json } from "../api";
import { useApi } from "../context";
import { useLoad } from "../use-load";

/** The workspace's integrations (empty while they load or when they cannot be read). */
export function useIntegrations(): Json[] {
  const api = useApi();
  const list = useLoad(() => api.control<Json>("GET", "/integrations"), [api]);
  return list.data?.results ?? [];
}

/** A labelled select of the internal ones of `integrations`, "Any" first (value ""). */
export function IntegrationPicker({ id, integrations, value, onChange }: { id: string; integrations: Json[]; value: string; onChange: (id: string) => void }) {
  return (
    <div className="field">
      <label htmlFor={id}>Integration</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">Any</option>
        {integrations
          .filter((i) => i.type !== "public")
          .map((i) => (
            <option key={i.id} value={i.id}>
              {i.name}
            </option>
          ))}
      </select>
    </div>
  );
}
