/**
 * `import { quireTest } from "quire-server/testing"`: one Quire per test file, in memory, for any
 * test runner (docs/design/request-log.md, "The test helper"). It starts before the file's tests,
 * saves a snapshot once the file's own setup hooks have run (at the first test), restores it
 * before every later test, and stops after the last one. node:test's hooks are found by itself;
 * vitest and jest pass theirs (or expose them as globals).
 */
import { createRequire } from "node:module";
import { Client } from "@notionhq/client";
import { startQuire, type QuireOptions, type RunningQuire } from "./server.js";
import type { RequestEntry } from "./domain/toolkit/requests.js";

type Hook = (fn: () => Promise<void>) => unknown;

/** The runner's hooks: `before`/`beforeEach`/`after` (node:test) or `beforeAll`/`beforeEach`/`afterAll` (vitest, jest). */
export interface QuireTestHooks {
  beforeAll: Hook;
  beforeEach: Hook;
  afterAll: Hook;
}

/** What `quireTest` takes: startQuire's options (`memory` is always on) and how to reach the runner. */
export interface QuireTestOptions extends Omit<QuireOptions, "memory"> {
  /** The runner's hooks; default: vitest/jest globals when present, else node:test's. */
  hooks?: Partial<QuireTestHooks> & { before?: Hook; after?: Hook };
  /** Options for the `client` (`@notionhq/client`): e.g. `{ notionVersion }` or `{ retry: false }`. */
  clientOptions?: Record<string, unknown>;
  /** Restore the snapshot before each test (default true). */
  reset?: boolean;
}

/** One /v1 request as the request log keeps it (GET /_quire/v1/requests). */
export type { RequestEntry } from "./domain/toolkit/requests.js";

/** The running Quire of a test file; its fields are there once the file's first hook ran. */
export interface QuireTest {
  /** `@notionhq/client` on this Quire, as the dev integration. */
  readonly client: Client;
  readonly url: string;
  /** The dev integration's token. */
  readonly token: string;
  readonly adminKey: string;
  /** The server itself (ids of the seeded workspace, integration and page; `close`). */
  readonly quire: RunningQuire;
  /** Whether tests start from the snapshot (false when this Quire has no snapshot API). */
  readonly resets: boolean;
  /** Resolves once Quire is up: await it first in your own setup hook (node:test on Node 20 runs root `before` hooks without waiting for the previous one). */
  ready(): Promise<void>;
  /** A call to the /_quire control API with the admin key. */
  admin<T = any>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }>;
  /** The /v1 requests of the current test, newest first (filters as GET /_quire/v1/requests takes them). */
  requests(filter?: Record<string, string>): Promise<RequestEntry[]>;
}

const SNAPSHOT = "quire-test-setup";

/** Starts a Quire for this test file; see the module's comment. */
export function quireTest(opts: QuireTestOptions = {}): QuireTest {
  const hooks = findHooks(opts.hooks);
  const { hooks: _h, clientOptions, reset = true, ...startOptions } = opts;
  let q: RunningQuire | undefined;
  let client: Client | undefined;
  let resets = false;
  let saved = false;
  const running = (): RunningQuire => {
    if (!q) throw new Error("quireTest: Quire is not started yet (use it inside tests or hooks that run after the helper's).");
    return q;
  };
  const admin = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(running().url + path, {
      method,
      headers: { authorization: `Bearer ${running().adminKey}`, ...(body !== undefined ? { "content-type": "application/json" } : {}) },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };

  let started: Promise<void> | null = null;
  const start = () =>
    (started ??= (async () => {
      q = await startQuire({ ...(startOptions as QuireOptions), memory: true });
      client = new Client({ auth: q.token, baseUrl: q.url, ...clientOptions } as ConstructorParameters<typeof Client>[0]);
    })());
  hooks.beforeAll(start);
  hooks.beforeEach(async () => {
    // Node 20's runner does not wait for one root `before` hook before the next: await here too.
    await start();
    if (!saved) {
      // The first test: every setup hook of the file has run, so this is the state to return to.
      saved = true;
      if (reset) resets = await saveSnapshot(admin);
    } else if (resets) {
      const res = await admin("POST", `/_quire/v1/snapshots/${SNAPSHOT}/restore`);
      if (res.status !== 200) throw new Error(`quireTest: restoring the snapshot failed: ${res.status} ${JSON.stringify(res.body)}`);
    }
    await admin("DELETE", "/_quire/v1/requests");
  });
  hooks.afterAll(async () => {
    await started?.catch(() => undefined);
    await q?.close();
  });

  return {
    ready: start,
    get client() {
      running();
      return client!;
    },
    get url() {
      return running().url;
    },
    get token() {
      return running().token;
    },
    get adminKey() {
      return running().adminKey;
    },
    get quire() {
      return running();
    },
    get resets() {
      return resets;
    },
    admin,
    async requests(filter = {}) {
      const res = await admin("GET", `/_quire/v1/requests?${new URLSearchParams({ page_size: "100", ...filter })}`);
      if (res.status !== 200) throw new Error(`quireTest: the request log answered ${res.status} ${JSON.stringify(res.body)}`);
      return res.body.results as RequestEntry[];
    },
  };
}

/** Saves the setup snapshot; false when this server has no snapshot API (the route is unknown). */
async function saveSnapshot(admin: QuireTest["admin"]): Promise<boolean> {
  const res = await admin("POST", "/_quire/v1/snapshots", { name: SNAPSHOT });
  if (res.status === 200) return true;
  // An unknown route answers Notion's invalid_request_url (400).
  if (res.body?.code === "invalid_request_url") return false;
  throw new Error(`quireTest: saving the setup snapshot failed: ${res.status} ${JSON.stringify(res.body)}`);
}

/** The hooks given, else vitest's or jest's globals, else node:test's. */
function findHooks(given: QuireTestOptions["hooks"]): QuireTestHooks {
  const g = globalThis as Record<string, unknown>;
  const pick = (...candidates: unknown[]) => candidates.find((c) => typeof c === "function") as Hook | undefined;
  let beforeAll = pick(given?.beforeAll, given?.before);
  let beforeEach = pick(given?.beforeEach);
  let afterAll = pick(given?.afterAll, given?.after);
  if (!beforeAll || !beforeEach || !afterAll) {
    const globals = { beforeAll: pick(g.beforeAll), beforeEach: pick(g.beforeEach), afterAll: pick(g.afterAll) };
    const nodeTest = globals.beforeAll && globals.beforeEach && globals.afterAll ? null : (createRequire(import.meta.url)("node:test") as Record<string, Hook>);
    beforeAll ??= globals.beforeAll ?? nodeTest!.before;
    beforeEach ??= globals.beforeEach ?? nodeTest!.beforeEach;
    afterAll ??= globals.afterAll ?? nodeTest!.after;
  }
  return { beforeAll, beforeEach, afterAll };
}
