/**
 * The workspace's people: members with their roles (invite by email, change a role, remove), and
 * groups (create, add and remove members, delete).
 */
import { useEffect, useId, useState } from "react";
import type { Json } from "../api";
import { useApi } from "../context";
import { useLoad } from "../use-load";
import { useAction } from "../use-action";
import { ConfirmButton, ErrorText, useSubmit, useTitle } from "./ui";

const ROLES: [string, string][] = [
  ["owner", "Workspace owner"],
  ["membership_admin", "Membership admin"],
  ["member", "Member"],
  ["guest", "Guest"],
];

async function allMembers(api: ReturnType<typeof useApi>): Promise<Json[]> {
  const out: Json[] = [];
  let cursor: string | null = null;
  do {
    const page: Json = await api.control<Json>("GET", `/members?page_size=100${cursor ? `&start_cursor=${encodeURIComponent(cursor)}` : ""}`);
    out.push(...page.results);
    cursor = page.has_more ? page.next_cursor : null;
  } while (cursor && out.length < 5000);
  return out;
}

export function People() {
  useTitle("People");
  const api = useApi();
  const members = useLoad(() => allMembers(api), [api]);
  return (
    <section aria-labelledby="people-heading">
      <h1 id="people-heading" className="page-title">
        People
      </h1>
      {api.session.server_admin ? (
        <Invite onDone={members.reload} />
      ) : (
        <p className="console-card">Accounts are the server&apos;s, shared by its workspaces: adding people by email is for a server administrator (an owner of the server&apos;s first workspace). You can change roles and remove people here.</p>
      )}
      <Members members={members.data ?? []} error={members.error} onChange={members.reload} />
      <Groups members={members.data ?? []} />
    </section>
  );
}

function Invite({ onDone }: { onDone: () => void }) {
  const api = useApi();
  const [email, setEmail] = useState("");
  const [name, setName] = useState("");
  const [role, setRole] = useState("member");
  const [done, setDone] = useState("");
  const ids = { email: useId(), name: useId(), role: useId() };
  const submit = useSubmit(async () => {
    setDone("");
    const person = await api.control<Json>("POST", "/users", { email: email.trim(), name: name.trim() || email.trim().split("@")[0], role });
    setDone(`${person.name ?? email} is now a ${role.replace("_", " ")} of this workspace.`);
    setEmail("");
    setName("");
    onDone();
  });
  return (
    <form className="console-card" onSubmit={submit.onSubmit} aria-labelledby="invite-heading">
      <h2 id="invite-heading">Add people</h2>
      <div className="fault-form">
        <div className="field grow">
          <label htmlFor={ids.email}>Email</label>
          <input id={ids.email} type="email" value={email} onChange={(e) => setEmail(e.target.value)} autoComplete="off" />
        </div>
        <div className="field grow">
          <label htmlFor={ids.name}>Name</label>
          <input id={ids.name} value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" />
        </div>
        <div className="field">
          <label htmlFor={ids.role}>Role</label>
          <select id={ids.role} value={role} onChange={(e) => setRole(e.target.value)}>
            {ROLES.map(([k, l]) => (
              <option key={k} value={k}>
                {l}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="console-button solid" disabled={submit.busy}>
          Add
        </button>
      </div>
      <p className="muted small">An email that already has an account on this server adds that person; a new one can sign in once an owner sets their password (or through SSO).</p>
      <ErrorText error={submit.error} />
      <p role="status" className="console-status">
        {done}
      </p>
    </form>
  );
}

/**
 * A member's role: the picked one shows at once (it used to snap back to the old role until the
 * list was read again, so arrow keys on the focused list box never got past the next role), and
 * goes back to the stored one if the change is refused.
 */
function RoleSelect({ name, role, onPick }: { name: string; role: string; onPick: (role: string) => Promise<boolean> }) {
  const [value, setValue] = useState(role);
  useEffect(() => setValue(role), [role]);
  return (
    <select
      aria-label={`Role of ${name}`}
      value={value}
      onChange={(e) => {
        setValue(e.target.value);
        void onPick(e.target.value).then((ok) => {
          if (!ok) setValue(role);
        });
      }}
    >
      {ROLES.map(([k, l]) => (
        <option key={k} value={k}>
          {l}
        </option>
      ))}
    </select>
  );
}

function Members({ members, error, onChange }: { members: Json[]; error: unknown; onChange: () => void }) {
  const api = useApi();
  const { error: failure, run: act } = useAction(onChange);
  return (
    <section className="console-card" aria-labelledby="members-heading">
      <h2 id="members-heading">Members</h2>
      <ErrorText error={error ?? failure} />
      <table className="console-table">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Email</th>
            <th scope="col">Role</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {members.map((m) => (
            <tr key={m.user_id}>
              <td>{m.name}</td>
              <td>{m.email}</td>
              <td>
                <RoleSelect name={m.name} role={m.role} onPick={(role) => act(() => api.control("PATCH", `/members/${m.user_id}`, { role }))} />
              </td>
              <td>
                {m.user_id !== api.session.user.id && (
                  <ConfirmButton label={`Remove`} title={`Remove ${m.name} from the workspace?`} action={() => api.control("DELETE", `/members/${m.user_id}`).then(onChange)}>
                    <p>They lose access at once. Their pages and comments stay.</p>
                  </ConfirmButton>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function Groups({ members }: { members: Json[] }) {
  const api = useApi();
  const groups = useLoad(() => api.control<Json>("GET", "/groups?page_size=100"), [api]);
  const [name, setName] = useState("");
  const nameId = useId();
  const submit = useSubmit(async () => {
    await api.control("POST", "/groups", { name });
    setName("");
    groups.reload();
  });
  return (
    <section className="console-card" aria-labelledby="groups-heading">
      <h2 id="groups-heading">Groups</h2>
      <form className="inline-form" onSubmit={submit.onSubmit}>
        <label htmlFor={nameId}>New group name</label>
        <input id={nameId} value={name} onChange={(e) => setName(e.target.value)} />
        <button type="submit" className="console-button solid" disabled={submit.busy}>
          Create group
        </button>
      </form>
      <ErrorText error={submit.error ?? groups.error} />
      {(groups.data?.results ?? []).map((g: Json) => (
        <Group key={g.id} group={g} members={members} onChange={groups.reload} />
      ))}
    </section>
  );
}

function Group({ group, members, onChange }: { group: Json; members: Json[]; onChange: () => void }) {
  const api = useApi();
  const [pick, setPick] = useState("");
  const { error, run: act } = useAction(onChange);
  const pickId = useId();
  const ids: string[] = group.member_ids ?? [];
  const nameOf = (id: string) => members.find((m) => m.user_id === id)?.name ?? id;
  return (
    <div className="group" role="group" aria-label={`Group ${group.name}`}>
      <h3>
        {group.name} <span className="muted small">· {ids.length} member{ids.length === 1 ? "" : "s"}</span>
      </h3>
      <ul className="console-list">
        {ids.map((id) => (
          <li key={id}>
            <span>{nameOf(id)}</span>
            <button type="button" className="console-button" onClick={() => act(() => api.control("DELETE", `/groups/${group.id}/members/${id}`))}>
              Remove<span className="visually-hidden"> {nameOf(id)} from {group.name}</span>
            </button>
          </li>
        ))}
      </ul>
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (pick) void act(() => api.control("POST", `/groups/${group.id}/members`, { user_ids: [pick] }));
        }}
      >
        <label htmlFor={pickId}>Add a member to {group.name}</label>
        <select id={pickId} value={pick} onChange={(e) => setPick(e.target.value)}>
          <option value="">Choose a person</option>
          {members
            .filter((m) => !ids.includes(m.user_id))
            .map((m) => (
              <option key={m.user_id} value={m.user_id}>
                {m.name}
              </option>
            ))}
        </select>
        <button type="submit" className="console-button">
          Add to group
        </button>
        <ConfirmButton label="Delete group" title={`Delete the group ${group.name}?`} action={() => api.control("DELETE", `/groups/${group.id}`).then(onChange)}>
          <p>Its memberships and every page permission naming it go with it.</p>
        </ConfirmButton>
      </form>
      <ErrorText error={error} />
    </div>
  );
}
