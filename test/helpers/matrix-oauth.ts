/**
 * The permission matrix's rows for public integrations (issue 13): an installation by a person
 * with full access to A's content, with read-only capabilities (as the matrix's "Reader"
 * integration: it must reach exactly what was picked), and an installation whose token was revoked
 * through `POST /v1/oauth/revoke`. CONTRIBUTING.md, "Recipe: a new kind of caller in the permission matrix".
 */
import assert from "node:assert/strict";
import type { TestQuire } from "./quire.js";
import { allIds, integrationOutcome, ownIds, type ActorKind, type MatrixFixture } from "./matrix.js";

async function ok(q: TestQuire, method: string, path: string, body?: unknown): Promise<any> {
  const res = await q.admin(method, path, body);
  assert.equal(res.status, 200, `${method} ${path}: ${JSON.stringify(res.body)}`);
  return res.body;
}

/** An installation of a new read-only public integration by a person with full access to A's page: its token. */
async function installation(q: TestQuire, a: MatrixFixture, name: string): Promise<{ token: string; app: any }> {
  const app = await ok(q, "POST", "/_quire/v1/integrations", { type: "public", name, redirect_uris: ["https://matrix.example.com/cb"], capabilities: ["read_content", "read_comments", "user_info_with_email"] });
  const person = await ok(q, "POST", "/_quire/v1/users", { name: `${name} installer`, email: `${name.replace(/\W/g, "")}-${process.pid}@example.com` });
  await ok(q, "PUT", `/_quire/v1/pages/${a.page_id}/permissions`, { principal: { type: "user", id: person.id }, level: "full_access" });
  const { code } = await ok(q, "POST", "/_quire/v1/oauth/grants", { client_id: app.client_id, user_id: person.id, page_ids: [a.page_id] });
  const res = await fetch(`${q.url}/v1/oauth/token`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Basic ${Buffer.from(`${app.client_id}:${app.client_secret}`).toString("base64")}` },
    body: JSON.stringify({ grant_type: "authorization_code", code }),
  });
  assert.equal(res.status, 200);
  return { token: ((await res.json()) as { access_token: string }).access_token, app };
}

/** The public-integration rows (call after the person rows: they set A's content private to its owner first). */
export async function installationRows(q: TestQuire, a: MatrixFixture, b: MatrixFixture): Promise<ActorKind[]> {
  const live = await installation(q, a, "Installed Reader");
  const gone = await installation(q, a, "Installed Revoked");
  const revoke = await fetch(`${q.url}/v1/oauth/revoke`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Basic ${Buffer.from(`${gone.app.client_id}:${gone.app.client_secret}`).toString("base64")}` },
    body: JSON.stringify({ token: gone.token }),
  });
  assert.equal(revoke.status, 200);
  return [
    {
      name: "public integration installed with A's page, read-only capabilities",
      token: live.token,
      expect: (r) => integrationOutcome({ caps: ["read_content", "read_comments", "user_info", "none"], shared: true, owner: false, otherWorkspace: false }, r),
      unseen: [a.hiddenMark, b.mark, ...allIds(b)],
      unlisted: [a.hidden_page_id, ...ownIds(a)],
    },
    { name: "public integration's revoked token", token: gone.token, expect: () => "unauthorized", unseen: [a.mark, a.hiddenMark, ...allIds(a)], unlisted: [] },
  ];
}
