/** Test helpers: a real Quire on a real port, the real SDK pointed at it, admin calls. */
import { after } from "node:test";
import { Client, LogLevel } from "@notionhq/client";
import { startQuire, type QuireOptions, type RunningQuire } from "../../src/index.js";
import { API_VERSIONS, atLeast as versionAtLeast, type ApiVersion } from "../../src/api/version.js";
import { pgOptions } from "./store.js";

/** Every response shape Quire serves, oldest first: per-version suites loop over these. */
export const VERSIONS = API_VERSIONS;
export type Version = ApiVersion;
/** True when `v` is `min` or later (a test's "from this version on"). */
export const atLeast = (v: string, min: Version): boolean => versionAtLeast(v as Version, min);

export interface TestQuire extends RunningQuire {
  /** The SDK as the seeded dev integration (retries off). */
  client(opts?: { version?: string; auth?: string }): Client;
  /** A call to the /_quire control API. */
  admin<T = any>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }>;
  /** A raw /v1 call, for what the SDK cannot send. */
  raw(method: string, path: string, init?: { body?: string; headers?: Record<string, string>; version?: string | null; auth?: string | null }): Promise<{ status: number; body: any; headers: Headers }>;
  /** Id of the seeded "Getting started" page. */
  rootPageId: string;
  /** Creates an integration and returns its token and ids. */
  integration(name: string, capabilities?: string[], shares?: string[]): Promise<{ id: string; token: string; bot_id: string }>;
}

/**
 * Servers not closed yet: closed when the file's tests are done, so a suite whose `before` failed
 * after starting one (as on PostgreSQL while a port is missing) does not keep its process alive.
 */
const open = new Set<() => Promise<void>>();
after(async () => {
  for (const close of [...open]) await close().catch(() => undefined);
});

/** A Quire on this pass's store (test/helpers/store.ts: SQLite in memory, or a fresh PostgreSQL database). */
export async function startTestQuire(opts: QuireOptions = {}): Promise<TestQuire> {
  const db = await pgOptions(opts);
  let q: RunningQuire;
  try {
    // QUIRE_TEST_LOG_ERRORS=1 prints the stack of every 500 a test server answers.
    const logError = process.env.QUIRE_TEST_LOG_ERRORS ? (line: string) => void process.stderr.write(line + "\n") : undefined;
    // Webhooks: events sent at once and retries soon, unless the test sets them.
    const webhooks = { aggregationMs: 0, retryBaseMs: 20, ...opts.webhooks };
    q = await startQuire({ memory: true, logError, serverTiming: true, ...opts, webhooks, ...db.options });
  } catch (e) {
    await db.drop();
    throw e;
  }
  let closing: Promise<void> | null = null;
  const close = () => {
    open.delete(close);
    closing ??= q.close().then(() => db.drop());
    return closing;
  };
  open.add(close);
  const admin = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(q.url + path, {
      method,
      headers: { authorization: `Bearer ${q.adminKey}`, ...(body !== undefined ? { "content-type": "application/json" } : {}) },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    return { status: res.status, body: await res.json() };
  };
  const raw: TestQuire["raw"] = async (method, path, init = {}) => {
    const headers: Record<string, string> = { ...(init.headers ?? {}) };
    if (init.version !== null) headers["notion-version"] = init.version ?? "2025-09-03";
    if (init.auth !== null) headers.authorization = `Bearer ${init.auth ?? q.token}`;
    if (init.body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === "content-type")) headers["content-type"] = "application/json";
    const res = await fetch(q.url + path, { method, headers, body: init.body });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      /* not JSON */
    }
    return { status: res.status, body, headers: res.headers };
  };
  const info = await admin("GET", `/_quire/v1/integrations/${q.devIntegrationId}`);
  const rootPageId = (info.body as { shares: string[] }).shares[0];
  return {
    ...q,
    close,
    rootPageId,
    admin,
    raw,
    client: (o = {}) => new Client({ auth: o.auth ?? q.token, baseUrl: q.url, notionVersion: o.version ?? "2025-09-03", retry: false, logLevel: LogLevel.ERROR } as ConstructorParameters<typeof Client>[0]),
    async integration(name, capabilities, shares = []) {
      const res = await admin("POST", "/_quire/v1/integrations", { name, capabilities });
      if (res.status !== 200) throw new Error(JSON.stringify(res.body));
      for (const s of shares) await admin("POST", `/_quire/v1/integrations/${res.body.id}/shares`, { object_id: s });
      return res.body;
    },
  };
}

/** `[{text:{content}}]` */
export const rt = (content: string) => [{ text: { content } }];

/**
 * The store statements a response says its request ran (`Server-Timing: store;desc="N statements"`,
 * sent because test servers start with `serverTiming`); throws when the header is missing.
 */
export function storeStatements(serverTiming: string | string[] | null | undefined): number {
  const m = /store;desc="(\d+) statements"/.exec(String(serverTiming ?? ""));
  if (!m) throw new Error(`no store statement count in Server-Timing: ${String(serverTiming)}`);
  return Number(m[1]);
}
