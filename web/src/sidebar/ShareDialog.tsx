/**
 * "Share": who has access to a page — people (members and guests), groups, everyone at the
 * workspace — with each level, inherited or set here, and the page's connections (integrations it
 * is shared with). Whoever has full access (and the workspace's owners) invites someone at a
 * level, changes or removes an entry, and connects or disconnects an integration; anyone else who
 * sees the page sees the same lists read-only — Notion's Share menu and "Connections"
 * (docs/design/web-app.md, "Sharing"). Through the control API's page routes
 * (`/_quire/v1/workspaces/<ws>/pages/<id>/permissions` and `…/integrations`), which hold a session
 * that is not an owner's to the person's own level on the page (docs/design/web-session.md).
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
const levelName = (v: string) => LEVELS.find((l) => l[0] === v)?.[1] ?? v;

/** A person or group the picker offers. */
interface Someone {
  key: string;
  label: string;
}

/** A control list read in full (the control API's lists page like /v1's). */
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

/**
 * The people and groups to name and pick: an owner reads the members (with guests) and groups of
 * the control API; anyone else the workspace's people from `/v1/users` (members may list them; a
 * guest may not, and then picks no one new) and, unless a guest, the groups' names from the
 * control API's `…/share_groups` (the public API lists no groups; Notion's Share menu offers them).
 */
async function directory(api: ReturnType<typeof useApi>, manage: boolean): Promise<{ people: Json[]; groups: Json[] }> {
  if (manage) {
    const [members, groups] = await Promise.all([allOf(api, "/members"), allOf(api, "/groups")]);
    return { people: members.map((m) => ({ id: m.user_id, name: m.name ?? m.email, guest: m.role === "guest" })), groups };
  }
  const guest = api.session.workspaces.find((w) => w.id === api.workspaceId)?.role === "guest";
  const [users, groups] = await Promise.all([
    api.all<Json>("GET", "/users").catch(() => [] as Json[]),
    guest ? ([] as Json[]) : allOf(api, "/share_groups").catch(() => [] as Json[]),
  ]);
  return { people: users.filter((u) => u.type === "person").map((u) => ({ id: u.id, name: u.name ?? u.person?.email ?? "Someone", guest: false })), groups };
}

export function ShareDialog({ pageId, title, onClose }: { pageId: string; title: string; onClose: () => void }) {
  return (
    <Dialog title={`Share “${title}”`} onClose={onClose} className="share-dialog">
      <ShareEditor pageId={pageId} />
    </Dialog>
  );
}

function ShareEditor({ pageId }: { pageId: string }) {
  const api = useApi();
  const manage = api.session.workspaces.find((w) => w.id === api.workspaceId)?.can_manage === true;
  const perms = useLoad(() => api.control<Json>("GET", `/pages/${pageId}/permissions`), [api, pageId]);
  const dir = useLoad(() => directory(api, manage), [api, manage]);
  const [status, setStatus] = useState("");
  const [who, setWho] = useState("");
  const [level, setLevel] = useState("can_edit");

  const people: Json[] = dir.data?.people ?? [];
  const groups: Json[] = dir.data?.groups ?? [];
  const nameOf = (p: Json): string => {
    if (p.type === "workspace") return "Everyone at the workspace";
    if (p.type === "group") return groups.find((g) => g.id === p.id)?.name ?? "A group";
    const m = people.find((u) => u.id === p.id);
    if (p.id === api.session.user.id) return `${m?.name ?? "You"} (you)`;
    return m ? `${m.name}${m.guest ? " (guest)" : ""}` : "Someone";
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
  const set = (principal: Json, lvl: string) => act(`${nameOf(principal)}: ${levelName(lvl)}.`, () => api.control("PUT", `/pages/${pageId}/permissions`, { principal, level: lvl }));
  const remove = (principal: Json) => act(`${nameOf(principal)} removed.`, () => api.control("DELETE", `/pages/${pageId}/permissions/${principal.type}/${principal.id}`));

  const canShare = perms.data?.can_share === true;
  const entries: Json[] = perms.data?.effective ?? [];
  const listed = new Set(entries.map((e) => `${e.principal.type}:${e.principal.id}`));
  const choices: Someone[] = [
    ...(!listed.has(`workspace:${api.workspaceId}`) ? [{ key: `workspace:${api.workspaceId}`, label: "Everyone at the workspace" }] : []),
    ...groups.filter((g) => !listed.has(`group:${g.id}`)).map((g) => ({ key: `group:${g.id}`, label: `Group: ${g.name}` })),
    ...people.filter((m) => !listed.has(`user:${m.id}`)).map((m) => ({ key: `user:${m.id}`, label: `${m.name}${m.guest ? " (guest)" : ""}` })),
  ];

  return (
    <div className="share-editor">
      {perms.error && <p role="alert">{perms.error.message}</p>}
      {perms.data && !canShare && <p className="muted">Only people with full access to this page change who has access to it. You can see who has access.</p>}
      {canShare && (
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
              <option value="">{dir.loading ? "Loading…" : "Choose…"}</option>
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
      )}
      <h3 className="section-heading">Who has access</h3>
      {perms.loading && !perms.data && <p aria-busy="true">Loading…</p>}
      <ul className="share-list">
        {entries.map((e) => {
          const name = nameOf(e.principal);
          return (
            <li key={`${e.principal.type}:${e.principal.id}`}>
              <span className="share-name">{name}</span>
              {e.inherited || !canShare ? (
                <span className="muted">
                  {levelName(e.level)}
                  {e.inherited ? " (from a page above)" : ""}
                </span>
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
      <Connections pageId={pageId} onStatus={setStatus} />
      <p role="status" className="share-status">
        {status}
      </p>
    </div>
  );
}

/** The page's connections: connected integrations with Disconnect (an inherited one says where from), and Connect for the others. */
function Connections({ pageId, onStatus }: { pageId: string; onStatus: (s: string) => void }) {
  const api = useApi();
  const list = useLoad(() => api.control<Json>("GET", `/pages/${pageId}/integrations`), [api, pageId]);
  const [pick, setPick] = useState("");
  const all: Json[] = list.data?.results ?? [];
  const connected = all.filter((c) => c.connected);
  const others = all.filter((c) => !c.connected);
  const canShare = list.data?.can_share === true;
  const act = async (what: string, call: () => Promise<unknown>) => {
    try {
      await call();
      onStatus(what);
      list.reload();
    } catch (e) {
      onStatus(`Could not change connections: ${(e as Error).message}`);
    }
  };
  return (
    <>
      <h3 className="section-heading">Connections</h3>
      {list.error && <p role="alert">{list.error.message}</p>}
      {list.data && connected.length === 0 && <p className="muted">No integration can reach this page.</p>}
      <ul className="share-list" aria-label="Connections">
        {connected.map((c) => (
          <li key={c.integration.id}>
            <span className="share-name">{c.integration.name}</span>
            {c.inherited ? (
              <span className="muted">from a page above</span>
            ) : canShare ? (
              <button
                type="button"
                aria-label={`Disconnect ${c.integration.name}`}
                onClick={() => void act(`${c.integration.name} disconnected.`, () => api.control("DELETE", `/pages/${pageId}/integrations/${c.integration.id}`))}
              >
                Disconnect
              </button>
            ) : null}
          </li>
        ))}
      </ul>
      {canShare && others.length > 0 && (
        <form
          className="share-add"
          onSubmit={(e) => {
            e.preventDefault();
            const c = others.find((o) => o.integration.id === pick);
            if (!c) return;
            setPick("");
            void act(`${c.integration.name} connected: it can reach this page and everything inside it.`, () => api.control("PUT", `/pages/${pageId}/integrations/${c.integration.id}`));
          }}
        >
          <label className="field">
            <span>Add a connection</span>
            <select value={pick} onChange={(e) => setPick(e.target.value)}>
              <option value="">Choose…</option>
              {others.map((c) => (
                <option key={c.integration.id} value={c.integration.id}>
                  {c.integration.name}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" disabled={!pick}>
            Connect
          </button>
        </form>
      )}
    </>
  );
}
