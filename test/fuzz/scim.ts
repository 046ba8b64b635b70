/**
 * Fuzz property `scim` (issue 12): what an identity provider could send to /scim/v2 — filters
 * built from SCIM's grammar and its near misses, PATCH operations with random ops, paths (value
 * filters, sub-attributes, extension URNs) and values, User and Group bodies with attributes of
 * every JSON type, paging parameters — with a SCIM token of the fuzz world's workspace. Every
 * answer is SCIM's: never a 5xx; a 4xx carries SCIM's error shape with a string status; every
 * body is `application/scim+json`.
 */
import fc from "fast-check";
import assert from "node:assert/strict";
import { send, type FuzzResponse } from "./http.js";
import type { World } from "./world.js";
import type { FuzzProperty } from "./properties.js";

const ERROR = "urn:ietf:params:scim:api:messages:2.0:Error";
const PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
const NOTION = "urn:ietf:params:scim:schemas:extension:notion:2.0:User";

const attr = fc.constantFrom("userName", "USERNAME", "emails.value", "emails", "name.givenName", "name.familyName", "name", "externalId", "active", "displayName", "members", "members.value", "meta.created", `${NOTION}:role`, "email", "given_name", "id", "x", "", "a.b.c", "urn:x");
const op = fc.constantFrom("eq", "ne", "co", "sw", "ew", "gt", "lt", "ge", "le", "pr", "EQ", "zz", "");
const literal = fc.oneof(fc.string({ maxLength: 12 }).map((s) => JSON.stringify(s)), fc.constantFrom("true", "false", "null", "1", "-2.5e3", "x", '"', "\\", "1e999"));
const filterArb: fc.Arbitrary<string> = fc.letrec<{ f: string }>((tie) => ({
  f: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.tuple(attr, op, literal).map(([a, o, v]) => (o === "pr" ? `${a} pr` : `${a} ${o} ${v}`)),
    fc.tuple(tie("f"), fc.constantFrom("and", "or", "AND", "xor"), tie("f")).map(([a, l, b]) => `${a} ${l} ${b}`),
    tie("f").map((f) => `not (${f})`),
    tie("f").map((f) => `(${f})`),
    fc.tuple(attr, tie("f")).map(([a, f]) => `${a}[${f}]`),
    fc.string({ maxLength: 20 }),
  ),
})).f;

const anyJson = fc.jsonValue({ maxDepth: 2 });
const pathArb = fc.oneof(attr, filterArb.map((f) => `emails[${f}].value`), filterArb.map((f) => `members[${f}]`), fc.string({ maxLength: 30 }));
const opArb = fc.record({ op: fc.constantFrom("add", "remove", "replace", "Replace", "move", 3 as unknown as string), path: fc.option(pathArb, { nil: undefined }), value: fc.option(fc.oneof(anyJson, fc.dictionary(attr, anyJson, { maxKeys: 3 })), { nil: undefined }) }, { requiredKeys: ["op"] });
const patchBody = fc.oneof(fc.record({ schemas: fc.constant([PATCH]), Operations: fc.array(opArb, { maxLength: 4 }) }), anyJson);
const resourceBody = fc.oneof(fc.dictionary(attr, anyJson, { maxKeys: 5 }), fc.record({ userName: fc.oneof(fc.emailAddress(), fc.string()), name: anyJson, active: anyJson, [NOTION]: anyJson }, { requiredKeys: [] }), fc.record({ displayName: anyJson, members: fc.oneof(anyJson, fc.array(fc.record({ value: anyJson }), { maxLength: 3 })) }, { requiredKeys: [] }), anyJson);

interface ScimWorld {
  token: string;
  userId: string;
  groupId: string;
}
const worlds = new WeakMap<World, Promise<ScimWorld>>();

async function setup(w: World): Promise<ScimWorld> {
  const made = await w.q.admin("POST", "/_quire/v1/scim_tokens", { name: "fuzz" });
  const token = made.body.token as string;
  const post = async (path: string, body: unknown) => (await send(w.base, { method: "POST", path: `/scim/v2${path}`, headers: { authorization: `Bearer ${token}`, "content-type": "application/scim+json" }, body: JSON.stringify(body) })).json as { id: string };
  const user = await post("/Users", { userName: "fuzz-scim@example.com", name: { givenName: "Fuzz", familyName: "Scim" } });
  const group = await post("/Groups", { displayName: "Fuzzers", members: [{ value: user.id }] });
  return { token, userId: user.id, groupId: group.id };
}

function check(res: FuzzResponse, label: string) {
  assert.ok(res.status < 500, `${label} → ${res.status} ${res.text.slice(0, 500)}`);
  if (res.status === 204) return;
  assert.match(String(res.headers["content-type"]), /^application\/scim\+json/, label);
  if (res.status >= 400) {
    const body = res.json as Record<string, unknown>;
    assert.deepEqual(body.schemas, [ERROR], label);
    assert.equal(body.status, String(res.status), label);
  }
}

/** The `scim` property. */
export const scimProperties: FuzzProperty[] = [
  {
    name: "scim",
    runs: 60,
    build: (w) =>
      fc.asyncProperty(
        fc.oneof(
          fc.record({ kind: fc.constant("filter" as const), filter: filterArb, startIndex: fc.oneof(fc.integer({ min: -5, max: 8 }).map(String), fc.string({ maxLength: 4 })), count: fc.oneof(fc.integer({ min: -5, max: 500 }).map(String), fc.string({ maxLength: 4 })), on: fc.constantFrom("Users", "Groups") }),
          fc.record({ kind: fc.constant("patch" as const), body: patchBody, on: fc.constantFrom("Users", "Groups") }),
          fc.record({ kind: fc.constant("write" as const), method: fc.constantFrom("POST", "PUT"), body: resourceBody, on: fc.constantFrom("Users", "Groups") }),
        ),
        async (c) => {
          if (!worlds.has(w)) worlds.set(w, setup(w));
          const s = await worlds.get(w)!;
          const headers = { authorization: `Bearer ${s.token}`, "content-type": "application/scim+json" };
          const id = c.on === "Users" ? s.userId : s.groupId;
          if (c.kind === "filter") {
            const path = `/scim/v2/${c.on}?filter=${encodeURIComponent(c.filter)}&startIndex=${encodeURIComponent(c.startIndex)}&count=${encodeURIComponent(c.count)}`;
            return check(await send(w.base, { method: "GET", path, headers }), `GET ${path}`);
          }
          const path = c.kind === "write" && c.method === "POST" ? `/scim/v2/${c.on}` : `/scim/v2/${c.on}/${id}`;
          const method = c.kind === "patch" ? "PATCH" : c.method;
          check(await send(w.base, { method, path, headers, body: JSON.stringify(c.body) }), `${method} ${path} ${JSON.stringify(c.body).slice(0, 300)}`);
        },
      ),
  },
];
