/**
 * A browser session's calls to Quire's APIs, as the web app makes them (web/src/api.ts): the
 * session cookie from a real sign-in through /login (`FormClient`'s jar), `X-Quire-CSRF` with the
 * session's token, `X-Quire-Workspace`, `Notion-Version` — over plain fetch (`call`) or through
 * the real SDK given no token (`client`).
 */
import { Client, LogLevel } from "@notionhq/client";
import { randomUUID } from "node:crypto";
import assert from "node:assert/strict";
import { FormClient } from "./signin.js";
import type { TestQuire } from "./quire.js";

/** What `call` sends besides the session: `csrf` null leaves the header out; `headers` win over everything. */
export interface CallOptions {
  body?: unknown;
  csrf?: string | null;
  workspace?: string;
  headers?: Record<string, string>;
  version?: string | null;
}

/** A person signed in through /login in a cookie jar of their own. */
export class BrowserSession {
  private constructor(
    readonly q: TestQuire,
    readonly form: FormClient,
    /** The `csrf_token` of GET /_quire/session. */
    readonly csrf: string,
    /** GET /_quire/session's answer at sign-in. */
    readonly session: any,
  ) {}

  /** Signs `email` in from an address of its own (X-Forwarded-For: the server must trust its proxy), or fails the test. */
  static async signIn(q: TestQuire, email: string, password: string): Promise<BrowserSession> {
    const form = new FormClient(q.url, { "x-forwarded-for": `10.${rnd()}.${rnd()}.${rnd()}` });
    const r = await form.signIn(email, password);
    assert.equal(r.status, 303, r.text);
    const s = await form.session();
    assert.equal(s.status, 200, JSON.stringify(s.body));
    return new BrowserSession(q, form, s.body.csrf_token, s.body);
  }

  /** The `Cookie` header the browser sends. */
  get cookie(): string {
    return [...this.form.jar].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  /** The person's user id. */
  get userId(): string {
    return this.session.user.id;
  }

  /** The headers of a call as the app makes it. */
  headers(opts: CallOptions = {}): Record<string, string> {
    const h: Record<string, string> = { cookie: this.cookie };
    if (opts.version !== null) h["notion-version"] = opts.version ?? "2025-09-03";
    const csrf = opts.csrf === undefined ? this.csrf : opts.csrf;
    if (csrf !== null) h["x-quire-csrf"] = csrf;
    if (opts.workspace !== undefined) h["x-quire-workspace"] = opts.workspace;
    if (opts.body !== undefined) h["content-type"] = "application/json";
    return { ...h, ...opts.headers };
  }

  /** One call with the session; `path` is the whole path (`/v1/users/me`, `/_quire/v1/...`). */
  async call(method: string, path: string, opts: CallOptions = {}): Promise<{ status: number; body: any; headers: Headers }> {
    const res = await fetch(this.q.url + path, { method, headers: this.headers(opts), body: opts.body === undefined ? undefined : JSON.stringify(opts.body) });
    const text = await res.text();
    let body: any = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON (an SSE stream's first bytes, an HTML page)
    }
    return { status: res.status, body, headers: res.headers };
  }

  /** The real SDK as this session (no token: the cookie and headers added to each of its requests). */
  client(opts: Omit<CallOptions, "body" | "version"> = {}): Client {
    return new Client({
      baseUrl: this.q.url,
      notionVersion: "2025-09-03",
      logLevel: LogLevel.ERROR,
      fetch: (url, init) => fetch(url, { ...init, headers: { ...(init?.headers as Record<string, string>), ...this.headers({ ...opts, version: null }) } }),
    });
  }
}

/** A person with a password added to `workspacePath`'s workspace (`/_quire/v1` or `/_quire/v1/workspaces/<id>`). */
export async function personWithPassword(q: TestQuire, name: string, opts: { role?: string; prefix?: string; email?: string } = {}): Promise<{ id: string; email: string; password: string }> {
  const email = opts.email ?? `${name.toLowerCase()}-${randomUUID().slice(0, 8)}@example.test`;
  const password = `correct horse ${name} battery`;
  const res = await q.admin("POST", `${opts.prefix ?? "/_quire/v1"}/users`, { name, email, password, ...(opts.role ? { role: opts.role } : {}) });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return { id: res.body.id, email, password };
}

function rnd(): number {
  return Math.floor(Math.random() * 250) + 1;
}
