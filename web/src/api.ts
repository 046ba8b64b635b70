/**
 * The app's one way to the server: `/v1` as the signed-in person (the session cookie, sent by the
 * browser, plus the session's CSRF token and the chosen workspace in headers: docs/design/web-session.md)
 * and `/_quire` for the console. Every answer that is not 2xx becomes an `ApiError` with Notion's
 * `code` and `message`. Paths are those under the base path (`/v1/…`); `send` adds it (base.ts).
 */
import { appPathname, serverPath } from "./base";

/** The Notion-Version the app speaks. */
export const NOTION_VERSION = "2025-09-03";

export interface SessionWorkspace {
  id: string;
  name: string;
  role: string;
  /** Whether the person may use this workspace's control routes (an owner). */
  can_manage?: boolean;
}

export interface Session {
  object: "session";
  user: { id: string; name: string; person?: { email?: string } };
  workspaces: SessionWorkspace[];
  csrf_token: string;
  /** Whether the person may use the server-wide toolkit (snapshots, clock, faults, request log). */
  server_admin?: boolean;
}

/** A refused request: Notion's (or the control API's) error body. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly body?: unknown,
  ) {
    super(message);
  }
}

export type Json = Record<string, any>;

/** Reads the signed-in person; null when nobody is (the caller sends the browser to /login). */
export async function loadSession(): Promise<Session | null> {
  // No header of its own: the request must match the server's `<link rel="preload" as="fetch">` of
  // it in index.html, or the browser would not use the preloaded answer (src/routes/web-assets.ts).
  const res = await fetch(serverPath("/_quire/session"), { credentials: "same-origin" });
  if (res.status === 401) return null;
  if (!res.ok) throw await errorOf(res);
  return (await res.json()) as Session;
}

/** Sends the browser to the sign-in page, coming back here afterwards. */
export function goSignIn(): void {
  const next = appPathname() + location.search + location.hash;
  location.assign(serverPath(`/login?next=${encodeURIComponent(next)}`));
}

async function errorOf(res: Response): Promise<ApiError> {
  let body: any = null;
  try {
    body = await res.json();
  } catch {
    // not JSON: a proxy's page, a reset connection
  }
  const code = typeof body?.code === "string" ? body.code : `http_${res.status}`;
  const message = typeof body?.message === "string" ? body.message : typeof body?.detail === "string" ? body.detail : `${res.status} ${res.statusText}`;
  return new ApiError(res.status, code, message, body);
}

/** Reads started before their screen asked (early.ts), by workspace, call and body: each answers the first same call, once. */
const early = new Map<string, Promise<unknown>>();
const earlyKey = (workspaceId: string, path: string, body?: unknown) => `${workspaceId} ${body === undefined ? "GET" : "POST"} ${path}${body === undefined ? "" : ` ${JSON.stringify(body)}`}`;

/** An early answer not taken is forgotten this long after it settles (another workspace, a screen not shown). */
const EARLY_KEEP_MS = 10_000;

/**
 * Keeps `read`, the answer of `GET <path>` (from `/v1`) in `workspaceId` — or, with `body`, of a
 * `POST` that only reads (a data source query) —, for the first `Api` call asking the same.
 */
export function keepEarly(workspaceId: string, path: string, read: Promise<unknown>, body?: unknown): void {
  const key = earlyKey(workspaceId, path, body);
  early.set(key, read);
  const forget = () => void setTimeout(() => early.get(key) === read && early.delete(key), EARLY_KEEP_MS);
  // A failed read not taken is nobody's to report: the screen's own read shows its error.
  read.then(forget, forget);
}

/** The client of one workspace, as the signed-in person. */
export class Api {
  constructor(
    readonly session: Session,
    readonly workspaceId: string,
  ) {}

  private headers(json: boolean): Record<string, string> {
    const h: Record<string, string> = {
      accept: "application/json",
      "notion-version": NOTION_VERSION,
      "x-quire-csrf": this.session.csrf_token,
      "x-quire-workspace": this.workspaceId,
    };
    if (json) h["content-type"] = "application/json";
    return h;
  }

  /** One `/v1` call; `path` starts after `/v1` (`/pages/…`). */
  async v1<T = Json>(method: string, path: string, body?: unknown): Promise<T> {
    return this.send<T>(method, `/v1${path}`, body);
  }

  /** One call of this workspace's control routes; `path` starts after `/_quire/v1/workspaces/<id>`. */
  async control<T = Json>(method: string, path: string, body?: unknown): Promise<T> {
    return this.send<T>(method, `/_quire/v1/workspaces/${this.workspaceId}${path}`, body);
  }

  /** One call of the server-wide control API; `path` starts after `/_quire/v1`. */
  async server<T = Json>(method: string, path: string, body?: unknown): Promise<T> {
    return this.send<T>(method, `/_quire/v1${path}`, body);
  }

  /** One call of the signed-in person's own data in this workspace (favourites); `path` starts after `/_quire/session/workspaces/<id>`. */
  async mine<T = Json>(method: string, path: string, body?: unknown): Promise<T> {
    return this.send<T>(method, `/_quire/session/workspaces/${this.workspaceId}${path}`, body);
  }

  /** Every item of a paginated `/v1` list (GET with `start_cursor`, or POST with it in the body). */
  async all<T = Json>(method: "GET" | "POST", path: string, body: Json = {}, max = 10_000): Promise<T[]> {
    const out: T[] = [];
    let cursor: string | undefined;
    do {
      let page: Json;
      if (method === "GET") {
        const sep = path.includes("?") ? "&" : "?";
        page = await this.v1("GET", `${path}${sep}page_size=100${cursor ? `&start_cursor=${encodeURIComponent(cursor)}` : ""}`);
      } else {
        page = await this.v1("POST", path, { ...body, page_size: 100, ...(cursor ? { start_cursor: cursor } : {}) });
      }
      out.push(...(page.results as T[]));
      cursor = page.has_more ? page.next_cursor : undefined;
    } while (cursor && out.length < max);
    return out;
  }

  private async send<T>(method: string, path: string, body?: unknown): Promise<T> {
    if ((method === "GET" || method === "POST") && early.size) {
      const key = earlyKey(this.workspaceId, path, method === "POST" ? body : undefined);
      const ahead = early.get(key);
      if (ahead) {
        early.delete(key);
        return ahead as Promise<T>;
      }
    }
    const res = await fetch(serverPath(path), {
      method,
      headers: this.headers(body !== undefined),
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: "same-origin",
    });
    if (res.status === 401) {
      // The session ended (expired, signed out elsewhere): sign in again and come back.
      const err = await errorOf(res);
      if (!(await loadSession())) goSignIn();
      throw err;
    }
    if (!res.ok) throw await errorOf(res);
    if (res.status === 204) return undefined as T;
    return (await res.json()) as T;
  }
}
