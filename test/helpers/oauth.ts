/** Test helpers for public integrations: register one, make a person and their page, grant, exchange. */
import { Client, LogLevel } from "@notionhq/client";
import type { TestQuire } from "./quire.js";

export const REDIRECT = "https://app.example.com/callback";

/** A control call that must succeed: its body. */
export async function ok<T = any>(q: TestQuire, method: string, path: string, body?: unknown): Promise<T> {
  const res = await q.admin(method, path, body);
  if (res.status !== 200) throw new Error(`${method} ${path} → ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as T;
}

/** A registered public integration: its view, with `client_id` and `client_secret`. */
export async function registerPublic(q: TestQuire, extra: Record<string, unknown> = {}, ws?: string) {
  const prefix = ws ? `/_quire/v1/workspaces/${ws}` : "/_quire/v1";
  return ok(q, "POST", `${prefix}/integrations`, { type: "public", name: "Acme Sync", redirect_uris: [REDIRECT], ...extra });
}

let people = 0;
/** A member of the workspace (`ws`, default the first) with a private page of their own. */
export async function personWithPage(q: TestQuire, ws?: string, email?: string) {
  const prefix = ws ? `/_quire/v1/workspaces/${ws}` : "/_quire/v1";
  const address = email ?? `person${++people}-${Date.now()}@example.com`;
  const user = { ...(await ok(q, "POST", `${prefix}/users`, { name: `Person ${people}`, email: address })), email: address };
  const page = await ok(q, "POST", `${prefix}/pages`, { title: `Private of ${user.name}`, section: "private", created_by: user.id });
  return { user, page_id: page.id as string };
}

/** An SDK client without a token, for `oauth.*` (retries off). */
export function sdk(q: TestQuire, auth?: string): Client {
  return new Client({ auth, baseUrl: q.url, retry: false, logLevel: LogLevel.ERROR } as ConstructorParameters<typeof Client>[0]);
}

/** A code through the control API's grant. */
export async function grant(q: TestQuire, body: Record<string, unknown>): Promise<{ code: string; redirect: string }> {
  return ok(q, "POST", "/_quire/v1/oauth/grants", body);
}

/** A raw POST to an OAuth endpoint with the given headers: status and parsed body. */
export async function post(q: TestQuire, path: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(q.url + path, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as any, headers: res.headers };
}

/** The Basic header the SDK sends. */
export const basic = (id: string, secret: string) => ({ authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString("base64")}` });
