/**
 * The signed-in person's personal access tokens in this workspace (`…/users/{id}/tokens`, which
 * any member may call for themselves): make one (shown once, with its copy button), list them with
 * when they were last used and expire, revoke. For the workspace's owners also every member's
 * tokens (`…/personal_tokens`, one read), each revocable, and the policy on who may make them
 * (`…/personal_token_policy`). Notion's facts: docs/design/personal-access-tokens.md.
 */
import { useId, useState } from "react";
import type { Json } from "../api";
import { useApi } from "../context";
import { useLoad } from "../use-load";
import { ConfirmButton, ErrorText, SecretBox, useSubmit, useTitle } from "./ui";

/** The policy's values with what each means, as the owner picks them. */
const POLICIES: [string, string][] = [
  ["members", "Every member (not guests)"],
  ["owners", "Workspace owners only"],
  ["off", "Nobody: turned off (existing tokens stop working)"],
];

/** How long a new token lives: the API's `expires_in_days` (null: never expires). */
const LIFETIMES: [string, string][] = [
  ["365", "1 year"],
  ["90", "90 days"],
  ["30", "30 days"],
  ["7", "7 days"],
  ["never", "Never expires"],
];

export function Tokens({ owner }: { owner: boolean }) {
  useTitle("Personal access tokens");
  // Bumped by either list after a change, so the other reads again (a token is in both).
  const [version, setVersion] = useState(0);
  const changed = () => setVersion((v) => v + 1);
  return (
    <section aria-labelledby="tokens-heading">
      <h1 id="tokens-heading" className="page-title">
        Personal access tokens
      </h1>
      <p className="muted">
        A personal access token acts as you through the API (<code>Authorization: Bearer …</code>): it sees what you see and changes what you may change.
      </p>
      <MyTokens version={version} onChange={changed} />
      {owner && <EveryonesTokens version={version} onChange={changed} />}
      {owner && <Policy />}
    </section>
  );
}

function MyTokens({ version, onChange }: { version: number; onChange: () => void }) {
  const api = useApi();
  const me = api.session.user.id;
  const tokens = useLoad(() => api.control<Json>("GET", `/users/${me}/tokens`), [api, me, version]);
  const [name, setName] = useState("");
  const [days, setDays] = useState("365");
  const [secret, setSecret] = useState<string | null>(null);
  const nameId = useId();
  const daysId = useId();
  const submit = useSubmit(async () => {
    const made = await api.control<Json>("POST", `/users/${me}/tokens`, { name: name.trim(), expires_in_days: days === "never" ? null : Number(days) });
    setSecret(made.token);
    setName("");
    onChange();
  });
  const list: Json[] = tokens.data?.results ?? [];
  return (
    <section className="console-card" aria-labelledby="my-tokens-heading">
      <h2 id="my-tokens-heading">Your tokens</h2>
      {secret && <SecretBox label="Personal access token" value={secret} onDone={() => setSecret(null)} />}
      <form className="fault-form" onSubmit={submit.onSubmit}>
        <div className="field grow">
          <label htmlFor={nameId}>Token name</label>
          <input id={nameId} value={name} onChange={(e) => setName(e.target.value)} placeholder="My script" />
        </div>
        <div className="field">
          <label htmlFor={daysId}>Expires</label>
          <select id={daysId} value={days} onChange={(e) => setDays(e.target.value)}>
            {LIFETIMES.map(([v, label]) => (
              <option key={v} value={v}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="console-button solid" disabled={submit.busy}>
          Create token
        </button>
      </form>
      <ErrorText error={submit.error ?? tokens.error} />
      {tokens.data && list.length === 0 && <p className="muted">You have no personal access tokens in this workspace.</p>}
      <TokenList label="Your personal access tokens" tokens={list} onRevoked={onChange} />
    </section>
  );
}

/**
 * Tokens, one row each: the name (and whose, for a list of everyone's), when made, last used and
 * expiring, and Revoke, confirmed in a dialog. Never the token itself: the API never returns it again.
 */
function TokenList({ label, tokens, whose, onRevoked }: { label: string; tokens: Json[]; whose?: (t: Json) => string; onRevoked: () => void }) {
  const api = useApi();
  return (
    <ul className="console-list" aria-label={label}>
      {tokens.map((t) => {
        const holder = whose?.(t);
        return (
          <li key={t.id}>
            <span>
              {t.name} {holder !== undefined && <span className="muted">· {holder}</span>} <span className="muted small">· {dates(t)}</span>
            </span>
            <ConfirmButton
              label={holder === undefined ? `Revoke ${t.name}` : `Revoke ${t.name} of ${holder}`}
              title={holder === undefined ? `Revoke ${t.name}?` : `Revoke ${holder}'s token ${t.name}?`}
              confirmLabel="Revoke"
              action={async () => {
                await api.control("DELETE", `/users/${t.user_id}/tokens/${t.id}`);
                onRevoked();
              }}
            >
              <p>Requests with it are refused at once (401). This cannot be undone.</p>
            </ConfirmButton>
          </li>
        );
      })}
    </ul>
  );
}

/** When a token was made, last used and expires, in a few words. */
function dates(t: Json): string {
  const used = t.last_used_time ? `last used ${new Date(t.last_used_time).toLocaleString()}` : "never used";
  const expires = t.expiry_time ? `expires ${new Date(t.expiry_time).toLocaleDateString()}` : "never expires";
  return `made ${new Date(t.created_time).toLocaleDateString()} · ${used} · ${expires}`;
}

/** Every member's tokens (owners only): whose, when, and Revoke — never the token itself. */
function EveryonesTokens({ version, onChange }: { version: number; onChange: () => void }) {
  const api = useApi();
  const tokens = useLoad(() => api.control<Json>("GET", "/personal_tokens"), [api, version]);
  const list: Json[] = tokens.data?.results ?? [];
  return (
    <section className="console-card" aria-labelledby="all-tokens-heading">
      <h2 id="all-tokens-heading">Everyone&apos;s tokens</h2>
      <p className="muted small">Every member&apos;s personal access tokens in this workspace. Revoke one that should no longer work: its owner cannot undo that.</p>
      <ErrorText error={tokens.error} />
      {tokens.data && list.length === 0 && <p className="muted">Nobody has a personal access token in this workspace.</p>}
      <TokenList label="Everyone's personal access tokens" tokens={list} whose={(t) => t.user?.name ?? t.user_id} onRevoked={onChange} />
    </section>
  );
}

function Policy() {
  const api = useApi();
  const policy = useLoad(() => api.control<Json>("GET", "/personal_token_policy"), [api]);
  const [saved, setSaved] = useState("");
  const id = useId();
  const submit = useSubmit(async () => {
    setSaved("");
    const value = (document.getElementById(id) as HTMLSelectElement).value;
    await api.control("PUT", "/personal_token_policy", { policy: value });
    policy.reload();
    setSaved("Saved");
  });
  return (
    <section className="console-card" aria-labelledby="pat-policy-heading">
      <h2 id="pat-policy-heading">Who may use personal access tokens</h2>
      <ErrorText error={policy.error ?? submit.error} />
      {policy.data && (
        <form className="inline-form" onSubmit={submit.onSubmit}>
          <label htmlFor={id}>Allowed for</label>
          <select id={id} key={policy.data.policy} defaultValue={policy.data.policy}>
            {POLICIES.map(([v, label]) => (
              <option key={v} value={v}>
                {label}
              </option>
            ))}
          </select>
          <button type="submit" className="console-button solid" disabled={submit.busy}>
            Save policy
          </button>
          <span role="status" className="console-status">
            {saved}
          </span>
        </form>
      )}
    </section>
  );
}
