/**
 * An identity provider's side of SCIM (test/scim.test.ts): a client with a SCIM token that sends
 * what Okta and Microsoft Entra send, and reads answers whatever their media type.
 */
import assert from "node:assert/strict";
import type { TestQuire } from "./quire.js";

export const USER = "urn:ietf:params:scim:schemas:core:2.0:User";
export const GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";
export const NOTION = "urn:ietf:params:scim:schemas:extension:notion:2.0:User";
export const PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
export const ERROR = "urn:ietf:params:scim:api:messages:2.0:Error";

/** One SCIM answer. */
export interface ScimAnswer {
  status: number;
  body: any;
  headers: Headers;
}

/** A SCIM client against `q` with bearer `token` (null: no Authorization header). */
export function scimClient(q: TestQuire, token: string | null) {
  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ScimAnswer> => {
    const h: Record<string, string> = { accept: "application/scim+json", ...headers };
    if (token !== null) h.authorization = `Bearer ${token}`;
    let payload: string | undefined;
    if (body !== undefined) {
      payload = typeof body === "string" ? body : JSON.stringify(body);
      h["content-type"] ??= "application/scim+json";
    }
    const res = await fetch(`${q.url}/scim/v2${path}`, { method, headers: h, body: payload });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null, headers: res.headers };
  };
  return {
    call,
    get: (path: string) => call("GET", path),
    post: (path: string, body: unknown) => call("POST", path, body),
    put: (path: string, body: unknown) => call("PUT", path, body),
    patch: (path: string, operations: unknown[]) => call("PATCH", path, { schemas: [PATCH], Operations: operations }),
    delete: (path: string) => call("DELETE", path),
    /** Users whose userName is `email` (what Okta asks before creating). */
    async findUser(email: string) {
      const res = await call("GET", `/Users?filter=${encodeURIComponent(`userName eq "${email}"`)}&startIndex=1&count=100`);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      return res.body.Resources as any[];
    },
    /** Creates a user as Okta does; returns the created resource. */
    async createUser(email: string, given: string, family: string, extra: Record<string, unknown> = {}) {
      const res = await call("POST", "/Users", { schemas: [USER], userName: email, name: { givenName: given, familyName: family }, emails: [{ primary: true, value: email, type: "work" }], active: true, ...extra });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      return res.body;
    },
  };
}

/** A SCIM token of workspace `ws` (made through the scoped control route). */
export async function scimToken(q: TestQuire, ws: string, name = "IdP"): Promise<string> {
  const res = await q.admin("POST", `/_quire/v1/workspaces/${ws}/scim_tokens`, { name });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.token;
}

/** Asserts a SCIM error answer: status (a string in the body), scimType, media type. */
export function assertScimError(res: ScimAnswer, status: number, scimType?: string) {
  assert.equal(res.status, status, JSON.stringify(res.body));
  assert.deepEqual(res.body.schemas, [ERROR]);
  assert.equal(res.body.status, String(status));
  assert.equal(res.body.scimType, scimType);
  assert.equal(typeof res.body.detail, "string");
  assert.match(res.headers.get("content-type") ?? "", /^application\/scim\+json/);
}
