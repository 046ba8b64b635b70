/**
 * SCIM's protocol rules (RFC 7644; docs/design/scim.md): filters — every operator on every
 * attribute IdPs filter on, and/or/not with their precedence, Notion's own attribute names, bad
 * filters refused as `invalidFilter` —, paging (`startIndex`, `count`, Notion's 100), PATCH paths,
 * every error in SCIM's shape with its `scimType`, and no 500 for any malformed request.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { startTestQuire, type TestQuire } from "./helpers/quire.js";
import { assertScimError, NOTION, scimClient, scimToken, USER } from "./helpers/scim.js";

let q: TestQuire;
let idp: ReturnType<typeof scimClient>;
/** Short names of the people made here, by user id ("other" for the workspace's owner). */
const key = new Map<string, string>();
before(async () => {
  q = await startTestQuire();
  const ws = (await q.admin("POST", "/_quire/v1/workspaces", { name: "Filters" })).body;
  idp = scimClient(q, await scimToken(q, ws.id));
  const people: [string, string, string, string, string | null][] = [
    ["ada", "Ada.Lovelace@Filters.test", "Ada", "Lovelace", "EXT-1"],
    ["alan", "alan.turing@filters.test", "Alan", "Turing", "ext-2"],
    ["grace", "grace@navy.test", "Grace", "Hopper", null],
    ["linus", "linus@filters.test", "Linus", "Torvalds", "EXT-3"],
  ];
  for (const [k, email, given, family, ext] of people) {
    const made = await idp.createUser(email, given, family, ext ? { externalId: ext } : {});
    key.set(made.id, k);
  }
  await idp.patch(`/Users/${[...key].find(([, k]) => k === "linus")![0]}`, [{ op: "replace", path: "active", value: false }]);
});
after(() => q.close());

async function filtered(filter: string): Promise<string[]> {
  const res = await idp.get(`/Users?filter=${encodeURIComponent(filter)}`);
  assert.equal(res.status, 200, `${filter}: ${JSON.stringify(res.body)}`);
  return res.body.Resources.map((u: any) => key.get(u.id) ?? "other").sort();
}

describe("filters", () => {
  const cases: [string, string[]][] = [
    ['userName eq "ada.lovelace@filters.test"', ["ada"]],
    ['USERNAME Eq "ALAN.TURING@FILTERS.TEST"', ["alan"]],
    ['userName co "turing"', ["alan"]],
    ['userName sw "grace@"', ["grace"]],
    ['userName ew "@filters.test"', ["ada", "alan", "linus"]],
    ['userName ne "grace@navy.test" and userName ew ".test"', ["ada", "alan", "linus"]],
    ['emails.value eq "grace@navy.test"', ["grace"]],
    ['emails[type eq "work" and value co "navy"]', ["grace"]],
    ['name.givenName eq "alan"', ["alan"]],
    ['name.familyName sw "Tor"', ["linus"]],
    ['name.familyName co "o"', ["ada", "grace", "linus"]],
    ['externalId eq "EXT-1"', ["ada"]],
    ['externalId eq "ext-1"', []],
    ["externalId pr", ["ada", "alan", "linus"]],
    ['externalId pr and not (externalId sw "EXT")', ["alan"]],
    ['urn:ietf:params:scim:schemas:core:2.0:User:userName eq "grace@navy.test"', ["grace"]],
    ['email eq "GRACE@navy.test"', ["grace"]],
    ['given_name eq "Ada" or family_name eq "Hopper"', ["ada", "grace"]],
    ["active eq false", ["linus"]],
    ['active eq true and userName ew "filters.test"', ["ada", "alan"]],
    [`${NOTION}:role eq "member" and userName ew "filters.test"`, ["ada", "alan"]],
    // and binds tighter than or; parentheses change it.
    ['userName sw "ada" or userName sw "alan" and externalId eq "nope"', ["ada"]],
    ['(userName sw "ada" or userName sw "alan") and externalId eq "nope"', []],
    ['not (userName ew "filters.test") and userName ew ".test"', ["grace"]],
    ['meta.created gt "2000-01-01T00:00:00Z" and userName sw "linus"', ["linus"]],
    ['userName eq "nobody@filters.test"', []],
    ['nickName eq "x"', []],
  ];
  for (const [filter, expected] of cases) test(filter, async () => assert.deepEqual(await filtered(filter), expected));

  test("bad filters: 400 invalidFilter", async () => {
    for (const bad of ["userName eq", 'userName zz "x"', '(userName eq "x"', "userName eq x", '"x" eq userName', 'userName eq "x" and', "active gt true", ")", `${"(".repeat(3000)}userName pr${")".repeat(3000)}`, `${"not (".repeat(60)}userName pr${")".repeat(60)}`]) {
      const res = await idp.get(`/Users?filter=${encodeURIComponent(bad)}`);
      assertScimError(res, 400, "invalidFilter");
    }
    assertScimError(await idp.get(`/Groups?filter=${encodeURIComponent("displayName eq")}`), 400, "invalidFilter");
  });
});

describe("paging", () => {
  test("startIndex is 1-based, count is capped at 100, totalResults counts every match", async () => {
    const all = (await idp.get("/Users")).body;
    assert.equal(all.totalResults, 5);
    assert.deepEqual([all.itemsPerPage, all.startIndex, all.schemas[0]], [5, 1, "urn:ietf:params:scim:api:messages:2.0:ListResponse"]);
    const page = (await idp.get("/Users?startIndex=2&count=2")).body;
    assert.deepEqual([page.totalResults, page.itemsPerPage, page.startIndex], [5, 2, 2]);
    assert.deepEqual(page.Resources.map((u: any) => u.id), all.Resources.slice(1, 3).map((u: any) => u.id));
    const none = (await idp.get("/Users?count=0")).body;
    assert.deepEqual([none.totalResults, none.itemsPerPage, none.Resources], [5, 0, []]);
    const past = (await idp.get("/Users?startIndex=9")).body;
    assert.deepEqual([past.totalResults, past.Resources], [5, []]);
    assert.equal((await idp.get("/Users?startIndex=0&count=-3")).body.startIndex, 1);
    assert.equal((await idp.get("/Users?count=5000")).status, 200);
    assertScimError(await idp.get("/Users?count=many"), 400, "invalidValue");
    const filteredPage = (await idp.get(`/Users?filter=${encodeURIComponent('userName ew "filters.test"')}&startIndex=3&count=10`)).body;
    assert.deepEqual([filteredPage.totalResults, filteredPage.itemsPerPage], [3, 1]);
    const only = (await idp.get("/Users?attributes=userName")).body.Resources[0];
    assert.deepEqual(Object.keys(only).sort(), ["id", "schemas", "userName"]);
  });
});

describe("errors", () => {
  let id: string;
  before(async () => {
    id = (await idp.createUser("errors@filters.test", "E", "R")).id;
  });

  test("bodies: not JSON, not an object, missing or bad attributes", async () => {
    assertScimError(await idp.call("POST", "/Users", "{not json"), 400, "invalidSyntax");
    assertScimError(await idp.call("POST", "/Users", '{"userName": "x@y.test"}', { "content-type": "text/plain" }), 400, "invalidSyntax");
    assertScimError(await idp.post("/Users", [1, 2]), 400, "invalidSyntax");
    assertScimError(await idp.post("/Users", { schemas: [USER] }), 400, "invalidValue");
    assertScimError(await idp.post("/Users", { userName: "not an email" }), 400, "invalidValue");
    assertScimError(await idp.post("/Users", { userName: "r@filters.test", [NOTION]: { role: "guest" } }), 400, "invalidValue");
    assertScimError(await idp.post("/Users", { userName: "r@filters.test", active: "maybe" }), 400, "invalidValue");
    assertScimError(await idp.post("/Users", { userName: "r@filters.test", photos: [{ value: "javascript:alert(1)" }] }), 400, "invalidValue");
    assertScimError(await idp.post("/Groups", { displayName: "" }), 400, "invalidValue");
    const json = await idp.call("POST", "/Users", { userName: "plain-json@filters.test" }, { "content-type": "application/json" });
    assert.equal(json.status, 201, "application/json bodies are read too");
    assert.match(json.headers.get("content-type")!, /^application\/scim\+json/);
  });

  test("PATCH: ops, paths, targets, read-only and immutable attributes", async () => {
    const u = `/Users/${id}`;
    assertScimError(await idp.call("PATCH", u, { schemas: ["urn:wrong"], Operations: [] }), 400, "invalidSyntax");
    assertScimError(await idp.call("PATCH", u, { schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"] }), 400, "invalidSyntax");
    assertScimError(await idp.patch(u, [{ op: "move", path: "active", value: true }]), 400, "invalidSyntax");
    assertScimError(await idp.patch(u, [{ op: "replace", path: "active" }]), 400, "invalidSyntax");
    assertScimError(await idp.patch(u, [{ op: "replace", path: "emails[type eq", value: "x" }]), 400, "invalidPath");
    assertScimError(await idp.patch(u, [{ op: "replace", path: "1bad", value: "x" }]), 400, "invalidPath");
    assertScimError(await idp.patch(u, [{ op: "remove" }]), 400, "noTarget");
    assertScimError(await idp.patch(u, [{ op: "replace", path: 'emails[type eq "home"].value', value: "a@b.test" }]), 400, "noTarget");
    assertScimError(await idp.patch(u, [{ op: "replace", path: "id", value: "x" }]), 400, "mutability");
    assertScimError(await idp.patch(u, [{ op: "replace", path: "userName", value: "someone-else@filters.test" }]), 400, "mutability");
    assertScimError(await idp.patch(u, [{ op: "replace", value: "not an object" }]), 400, "invalidValue");
    assertScimError(await idp.patch(u, Array.from({ length: 101 }, () => ({ op: "replace", path: "active", value: true }))), 400, "invalidSyntax");
    // The user is unchanged by all of the above.
    const now = (await idp.get(u)).body;
    assert.deepEqual([now.userName, now.active], ["errors@filters.test", true]);
  });

  test("unknown ids: 404 in SCIM's shape; status is a string", async () => {
    for (const path of ["/Users/00000000-0000-4000-8000-000000000000", "/Users/not-a-uuid", "/Groups/00000000-0000-4000-8000-000000000000", "/Groups/x"]) {
      assertScimError(await idp.get(path), 404);
      assertScimError(await idp.delete(path), 404);
      assertScimError(await idp.patch(path, [{ op: "replace", path: "active", value: false }]), 404);
    }
  });

  test("no malformed request answers a 500", async () => {
    const bodies: unknown[] = [null, 0, "x", [], {}, { Operations: null }, { Operations: [null] }, { Operations: [{ op: 1 }] }, { Operations: [{ op: "add", path: 7, value: 1 }] }, { Operations: [{ op: "add", value: { "urn:x:y": 5 } }] }, { Operations: [{ op: "add", value: { "": 1, "a.b.c.d": 2, "members[": 3 } }] }, { Operations: [{ op: "replace", path: "members[value eq 1].x", value: 1 }] }, { userName: { a: 1 } }, { userName: "a@b.test", name: "x" }, { userName: "a@b.test", emails: 5, photos: {} }, { displayName: "x", members: [null] }, { displayName: "x", members: "all" }, { displayName: ["x"] }, { "__proto__": { active: false }, userName: "proto@filters.test" }];
    const statuses: string[] = [];
    for (const body of bodies)
      for (const [method, path] of [["POST", "/Users"], ["PUT", `/Users/${id}`], ["PATCH", `/Users/${id}`], ["POST", "/Groups"]]) {
        const res = await idp.call(method, path, JSON.stringify(body));
        if (res.status >= 500) statuses.push(`${method} ${path} ${JSON.stringify(body)} → ${res.status}`);
      }
    for (const filter of ["(", "[", "]", '"', "a[b[c eq 1]]", "a eq 1e999", 'a eq "\\', "not not not", "a pr or", "a.b.c.d.e pr", "members[value pr].display eq 1"]) {
      const res = await idp.get(`/Users?filter=${encodeURIComponent(filter)}`);
      if (res.status >= 500) statuses.push(`filter ${filter} → ${res.status}`);
    }
    assert.deepEqual(statuses, []);
  });
});
