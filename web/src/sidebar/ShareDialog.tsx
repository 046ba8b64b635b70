/**
 * "Share": who has access to a page — people (members and guests), groups, everyone at the
 * workspace — with each level, inherited or set here; add someone, change a level, remove an
 * entry (the control API's page permissions, `/_quire/v1/workspaces/<ws>/pages/<id>/permissions`),
 * and connect or disconnect an integration (its shares). The control API answers only a
 * workspace's owners (h16-session), so a member sees why they cannot change it here.
 */
import { useState } from "react";
import type { Json } from "../api";
import { useApi } from "../context";
import { useLoad } from "../use-load";
import { Dialog } from "./Dialog";

const LEVELS: [string, string][] = [
  ["full_access", "Full access"],
  ["can_edit", "Can edit"],
  ["can_comment", "Can comment"],
  ["can_view", "Can view"],
];

/** A page control list read in full (the control API's lists page like /v1's). */
async function allOf(api: ReturnType<typeof useApi>, path: string): Promise<Json[]> {
  const out: Json[] = [];
  let cursor: string | null = null;
  do {
    const page: Json = await api.control("GET", `${path}?page_size=100${cursor ? `&start_cursor=${cursor}` : ""}`);
    out.push(...page.results);
    cursor = page.has_more ? page.next_cursor : null;
  } while (cursor && out.length < 5000);
  return out;
}

export function ShareDialog({ pageId, title, onClose }: { pageId: string; title: string; onClose: () => void }) {
  const api = useApi();
  const manage = api.session.workspaces.find((w) => w.id === api.workspaceId)?.can_manage === true;
  return (
    <Dialog title={`Share “${title}”`} onClose={onClose} className="share-dialog">
      {manage ? (
        <ShareEditor pageId={pageId} />
      ) : (
        <p>
          Only the workspace's owners change who has access to a page in Quire's app (the control API's page permissions are an owner's). Ask an owner, or use the
          page's permissions in the console.
        </p>
      )}
    </Dialog>
  );
}

function ShareEditor({ pageId }: { pageId: string }) {
  const api = useApi();
  const perms = useLoad(() => api.control<Json>("GET", `/pages/${pageId}/permissions`), [api, pageId]);
  const members = useLoad(() => allOf(api, "/members"), [api]);
  const groups = useLoad(() => allOf(api, "/groups"), [api]);
  const integrations = useLoad(() => api.control<Json>("GET", "/integrations").then((l) => l.results as Json[]), [api]);
  const [status, setStatus] = useState("");
  const [who, setWho] = useState("");
  const [level, setLevel] = useState("can_edit");
  const [integration, setIntegration] = useState("");

  const nameOf = (p: Json): string => {
    if (p.type === "workspace") return "Everyone at the workspace";
    if (p.type === "group") return (groups.data ?? []).find((g) => g.id === p.id)?.name ?? "A group";
    const m = (members.data ?? []).find((u) => u.user_id === p.id);
    return m ? `${m.name ?? m.email ?? "Someone"}${m.role === "guest" ? " (guest)" : ""}` : "Someone";
  };
  const act = async (what: string, call: () => Promise<unknown>) => {
    try {
      await call();
      setStatus(what);
      perms.reload();
    } catch (e) {
      setStatus(`Could not change access: ${(e as Error).message}`);
    }
  };
  const set = (principal: Json, lvl: string) => act(`${nameOf(principal)}: ${LEVELS.find((l) => l[0] === lvl)?.[1]}.`, () => api.control("PUT", `/pages/${pageId}/permissions`, { principal, level: lvl }));
  const remove = (principal: Json) => act(`${nameOf(principal)} removed.`, () => api.control("DELETE", `/pages/${pageId}/permissions/${principal.type}/${principal.id}`));

  const entries: Json[] = perms.data?.effective ?? [];
  const listed = new Set(entries.map((e) => `${e.principal.type}:${e.principal.id}`));
  const choices = [
    ...(!listed.has(`workspace:${api.workspaceId}`) ? [{ key: `workspace:${api.workspaceId}`, label: "Everyone at the workspace" }] : []),
    ...(groups.data ?? []).filter((g) => !listed.has(`group:${g.id}`)).map((g) => ({ key: `group:${g.id}`, label: `Group: ${g.name}` })),
    ...(members.data ?? []).filter((m) => !listed.has(`user:${m.user_id}`)).map((m) => ({ key: `user:${m.user_id}`, label: `${m.name ?? m.email}${m.role === "guest" ? " (guest)" : ""}` })),
  ];
  const error = perms.error ?? members.error ?? groups.error;

  return (
    <div className="share-editor">
      {error && <p role="alert">{error.message}</p>}
      <form
        className="share-add"
        onSubmit={(e) => {
          e.preventDefault();
          if (!who) return;
          const [type, id] = who.split(":");
          void set({ type, id }, level);
          setWho("");
        }}
      >
        <label className="field">
          <span>Add people, groups or the workspace</span>
          <select value={who} onChange={(e) => setWho(e.target.value)}>
            <option value="">Choose…</option>
            {choices.map((c) => (
              <option key={c.key} value={c.key}>
                {c.label}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Level</span>
          <select value={level} onChange={(e) => setLevel(e.target.value)}>
            {LEVELS.map(([v, l]) => (
              <option key={v} value={v}>
                {l}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" disabled={!who}>
          Invite
        </button>
      </form>
      <h3 className="section-heading">Who has access</h3>
      {perms.loading && !perms.data && <p aria-busy="true">Loading…</p>}
      <ul className="share-list">
        {entries.map((e) => {
          const name = nameOf(e.principal);
          return (
            <li key={`${e.principal.type}:${e.principal.id}`}>
              <span className="share-name">{name}</span>
              {e.inherited ? (
                <span className="muted">{LEVELS.find((l) => l[0] === e.level)?.[1]} (from a page above)</span>
              ) : (
                <>
                  <select aria-label={`Access of ${name}`} value={e.level} onChange={(ev) => void set(e.principal, ev.target.value)}>
                    {LEVELS.map(([v, l]) => (
                      <option key={v} value={v}>
                        {l}
                      </option>
                    ))}
                  </select>
                  <button type="button" onClick={() => void remove(e.principal)} aria-label={`Remove ${name}`}>
                    Remove
                  </button>
                </>
              )}
            </li>
          );
        })}
      </ul>
      <h3 className="section-heading">Connections</h3>
      <div className="share-add">
        <label className="field">
          <span>Integration</span>
          <select value={integration} onChange={(e) => setIntegration(e.target.value)}>
            <option value="">Choose…</option>
            {(integrations.data ?? []).map((i) => (
              <option key={i.id} value={i.id}>
                {i.name}
              </option>
            ))}
          </select>
        </label>
        <button type="button" disabled={!integration} onClick={() => void act("Connected: the integration can reach this page and everything inside it.", () => api.control("POST", `/integrations/${integration}/shares`, { object_id: pageId }))}>
          Connect
        </button>
        <button type="button" disabled={!integration} onClick={() => void act("Disconnected.", () => api.control("DELETE", `/integrations/${integration}/shares/${pageId}`))}>
          Disconnect
        </button>
      </div>
      <p role="status" className="share-status">
        {status}
      </p>
    </div>
  );
}
