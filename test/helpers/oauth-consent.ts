/**
 * The OAuth consent page's world (test/oauth-authorize.test.ts over HTTP, and
 * test/oauth-consent-browser.test.ts in Chromium): a person in two workspaces with pages at
 * several levels, a public integration whose redirect URI is a local receiver (the
 * integration's own server, recording every request it gets), and the code exchanged through
 * `@notionhq/client`'s `oauth.token`.
 */
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { randomUUID } from "node:crypto";
import { Client, LogLevel } from "@notionhq/client";
import type { TestQuire } from "./quire.js";

export const PASSWORD = "correct horse battery staple";
const rt = (content: string) => [{ type: "text" as const, text: { content } }];

/** Checks a control call answered 2xx and returns its body. */
export async function ok<T = any>(q: TestQuire, method: string, path: string, body?: unknown): Promise<T> {
  const res = await q.admin<T>(method, path, body);
  assert.ok(res.status < 300, `${method} ${path} → ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** The integration's redirect URI: a local server that records what reaches it. */
export interface Receiver {
  url: string;
  /** Every request to the redirect URI's path, in order. */
  hits: URL[];
  close(): Promise<void>;
}

/** Starts a receiver at `http://127.0.0.1:<port>/callback`; it answers 200 "Connected" (and `/frame`, a page framing `frameSrc`). */
export async function startReceiver(frameSrc?: string): Promise<Receiver> {
  const hits: URL[] = [];
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    if (url.pathname === "/frame" && frameSrc) {
      res.writeHead(200, { "content-type": "text/html" }).end(`<!doctype html><title>Framing</title><iframe id="f" src="${frameSrc}" width="600" height="400"></iframe>`);
      return;
    }
    // Only the redirect URI's path counts (a browser also asks for /favicon.ico).
    if (url.pathname === "/callback") hits.push(url);
    res.writeHead(200, { "content-type": "text/html" }).end("<!doctype html><title>Connected</title><p>Connected</p>");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/callback`, hits, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** A public integration registered through the control API (h13-core's registry). */
export interface PublicIntegration {
  id: string;
  client_id: string;
  client_secret: string;
  name: string;
}

/** Registers a public integration redirecting to `redirectUri`. */
export async function publicIntegration(q: TestQuire, redirectUri: string | string[], extra: Record<string, unknown> = {}): Promise<PublicIntegration> {
  const body = { type: "public", name: "Acme Sync", redirect_uris: [redirectUri].flat(), capabilities: ["read_content", "insert_content", "user_info_with_email"], ...extra };
  return ok(q, "POST", "/_quire/v1/integrations", body);
}

/** The authorize URL (path and query) an integration sends the person to. */
export function authorizePath(clientId: string, redirectUri: string, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams({ client_id: clientId, redirect_uri: redirectUri, response_type: "code", owner: "user", ...extra });
  return `/v1/oauth/authorize?${params}`;
}

/** The SDK as the integration's own server: `oauth.token` with its client id and secret. */
export function oauthClient(q: TestQuire): Client {
  return new Client({ baseUrl: q.url, retry: false, logLevel: LogLevel.ERROR } as ConstructorParameters<typeof Client>[0]);
}

/** The person's world: Ada, a member of the first workspace ("Quire") and of "Beta Corp", and Beta's pages. */
export interface ConsentWorld {
  email: string;
  userId: string;
  beta: string;
  /** Beta's pages by title: Roadmap (Q1 Goals (Launch checklist), Q2 Goals), Zeta Handbook, Company policies (Ada can view), Board minutes (private to Olga). */
  pages: Record<string, string>;
}

/** Builds the world; for paging, `tops` more top-level pages in Beta ("Zz Note 01"…, last by title) and `children` sub-pages of Zeta Handbook ("Chapter 01"…). */
export async function consentWorld(q: TestQuire, tops = 0, children = 0): Promise<ConsentWorld> {
  const email = `ada-${randomUUID().slice(0, 8)}@example.com`;
  const ada = await ok(q, "POST", "/_quire/v1/users", { name: "Ada Lovelace", email, password: PASSWORD });
  const beta = (await ok(q, "POST", "/_quire/v1/workspaces", { name: "Beta Corp" })).id as string;
  const base = `/_quire/v1/workspaces/${beta}`;
  const inBeta = await ok(q, "POST", `${base}/users`, { name: "Ada Lovelace", email });
  assert.equal(inBeta.id, ada.id, "one person, one id in every workspace");
  const olga = await ok(q, "POST", `${base}/users`, { name: "Olga", email: `olga-${randomUUID().slice(0, 8)}@example.com`, role: "owner" });
  const worker = await ok(q, "POST", `${base}/integrations`, { name: "Builder" });
  const top = async (title: string, extra: Record<string, unknown> = {}) => (await ok(q, "POST", `${base}/pages`, { title, share_with: [worker.id], ...extra })).id as string;
  const notion = q.client({ auth: worker.token });
  const child = async (parent: string, title: string) => (await notion.pages.create({ parent: { page_id: parent }, properties: { title: { title: rt(title) } } } as any)).id;
  const pages: Record<string, string> = {};
  pages["Roadmap"] = await top("Roadmap");
  pages["Q1 Goals"] = await child(pages["Roadmap"], "Q1 Goals");
  pages["Q2 Goals"] = await child(pages["Roadmap"], "Q2 Goals");
  pages["Launch checklist"] = await child(pages["Q1 Goals"], "Launch checklist");
  pages["Zeta Handbook"] = await top("Zeta Handbook");
  pages["Company policies"] = await top("Company policies", { section: "private", created_by: olga.id });
  await ok(q, "PUT", `${base}/pages/${pages["Company policies"]}/permissions`, { principal: { type: "user", id: ada.id }, level: "can_view" });
  pages["Board minutes"] = await top("Board minutes", { section: "private", created_by: olga.id });
  for (let i = 1; i <= children; i++) pages[`Chapter ${String(i).padStart(2, "0")}`] = await child(pages["Zeta Handbook"], `Chapter ${String(i).padStart(2, "0")}`);
  for (let i = 1; i <= tops; i++) pages[`Zz Note ${String(i).padStart(2, "0")}`] = await top(`Zz Note ${String(i).padStart(2, "0")}`);
  return { email, userId: ada.id, beta, pages };
}

/** Unescapes what the page's HTML escapes. */
function unescape(s: string): string {
  return s.replace(/&(amp|lt|gt|quot|#39);/g, (_, e: string) => ({ amp: "&", lt: "<", gt: ">", quot: '"', "#39": "'" })[e]!);
}

/** The attributes of one tag. */
function attrs(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of tag.matchAll(/([a-z-]+)(?:="([^"]*)")?/g)) out[m[1]] = unescape(m[2] ?? "");
  return out;
}

/**
 * The fields the consent form submits as a browser would (hidden, search and text inputs, ticked
 * checkboxes and radios, each select's chosen option), without any button's.
 */
export function formFields(html: string): Record<string, string> {
  const form = /<form method="post" action="\/v1\/oauth\/authorize" id="consent">([\s\S]*?)<\/form>/.exec(html);
  assert.ok(form, `no consent form in: ${html.slice(0, 400)}`);
  const out: Record<string, string> = {};
  for (const m of form[1].matchAll(/<input ([^>]*)>/g)) {
    const a = attrs(m[1]);
    if (!a.name) continue;
    if (a.type === "checkbox" || a.type === "radio") {
      if ("checked" in a) out[a.name] = a.value || "on";
    } else out[a.name] = a.value ?? "";
  }
  for (const m of form[1].matchAll(/<select [^>]*name="([^"]+)"[^>]*>([\s\S]*?)<\/select>/g)) {
    const options = [...m[2].matchAll(/<option ([^>]*)>/g)].map((o) => attrs(o[1]));
    out[m[1]] = (options.find((o) => "selected" in o) ?? options[0]).value;
  }
  return out;
}
