/**
 * SCIM 2.0 provisioning (issue 12; docs/design/scim.md), driven over HTTP as an identity provider
 * drives it: SCIM tokens (made, shown once, stored hashed, revoked, good only on their own
 * workspace's /scim/v2), discovery, an Okta-style and an Entra-style provisioning run, groups,
 * deprovisioning that ends the person's sessions, and nothing across workspaces. Filters, paging
 * and every error shape: test/scim-protocol.test.ts.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startTestQuire, type TestQuire } from "./helpers/quire.js";
import { queryOnStore } from "./helpers/store.js";
import { FormClient } from "./helpers/signin.js";
import { assertScimError, GROUP, NOTION, scimClient, scimToken, USER } from "./helpers/scim.js";

let q: TestQuire;
let dir: string;
let token: string;
let idp: ReturnType<typeof scimClient>;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), "quire-scim-"));
  q = await startTestQuire({ dataDir: dir, memory: false });
  token = await scimToken(q, q.workspaceId);
  idp = scimClient(q, token);
});
after(() => q.close());

describe("SCIM tokens", () => {
  test("made per workspace, shown once with the scim_ prefix, listed without it, stored as SHA-256 only", async () => {
    const made = await q.admin("POST", "/_quire/v1/scim_tokens", { name: "Okta" });
    assert.equal(made.status, 200);
    assert.match(made.body.token, /^scim_[A-Za-z0-9_-]{43}$/);
    assert.equal(made.body.object, "scim_token");
    assert.equal(made.body.workspace_id, q.workspaceId);
    const listed = await q.admin("GET", `/_quire/v1/workspaces/${q.workspaceId}/scim_tokens`);
    const mine = listed.body.results.find((t: any) => t.id === made.body.id);
    assert.deepEqual(Object.keys(mine).sort(), ["created_time", "id", "last_used_time", "name", "object", "workspace_id"]);
    assert.ok(!JSON.stringify(listed.body).includes(made.body.token));
    const rows = await queryOnStore(dir, "SELECT * FROM scim_tokens");
    assert.ok(!JSON.stringify(rows).includes(made.body.token), "no token in clear at rest");
    const hash = createHash("sha256").update(made.body.token).digest("hex");
    assert.ok(rows.some((r) => r.token_hash === hash));
  });

  test("last use recorded; revoked tokens stop working; unknown ones 404 in the control API's shape", async () => {
    const made = (await q.admin("POST", "/_quire/v1/scim_tokens", {})).body;
    assert.equal(made.name, null);
    assert.equal((await scimClient(q, made.token).get("/Users")).status, 200);
    const used = (await q.admin("GET", "/_quire/v1/scim_tokens")).body.results.find((t: any) => t.id === made.id);
    assert.ok(used.last_used_time);
    const revoked = await q.admin("DELETE", `/_quire/v1/scim_tokens/${made.id}`);
    assert.deepEqual([revoked.body.object, revoked.body.id, revoked.body.deleted], ["scim_token", made.id, true]);
    assertScimError(await scimClient(q, made.token).get("/Users"), 401);
    const again = await q.admin("DELETE", `/_quire/v1/scim_tokens/${made.id}`);
    assert.equal(again.status, 404);
    assert.equal(again.body.code, "object_not_found");
    const bad = await q.admin("POST", "/_quire/v1/scim_tokens", { name: 7 });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.code, "validation_error");
  });

  test("only SCIM tokens open /scim/v2, and they open nothing else", async () => {
    for (const auth of [null, "scim_nope", q.token, q.adminKey, `Basic ${token}`]) {
      const res = await scimClient(q, auth).get("/Users");
      assertScimError(res, 401);
      assert.match(res.headers.get("www-authenticate") ?? "", /^Bearer/);
    }
    assertScimError(await scimClient(q, null).get("/ServiceProviderConfig"), 401);
    const onV1 = await q.raw("GET", "/v1/users", { auth: token });
    assert.equal(onV1.status, 401);
    assert.equal(onV1.body.code, "unauthorized");
    const onControl = await fetch(`${q.url}/_quire/v1/workspace`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(onControl.status, 401);
  });
});

describe("discovery", () => {
  test("ServiceProviderConfig, ResourceTypes and Schemas in RFC 7643's shapes", async () => {
    const spc = await idp.get("/ServiceProviderConfig");
    assert.equal(spc.status, 200);
    assert.match(spc.headers.get("content-type")!, /^application\/scim\+json/);
    assert.deepEqual(spc.body.schemas, ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"]);
    assert.deepEqual([spc.body.patch.supported, spc.body.bulk.supported, spc.body.filter.supported, spc.body.filter.maxResults], [true, false, true, 100]);
    assert.deepEqual([spc.body.changePassword.supported, spc.body.sort.supported, spc.body.etag.supported], [false, false, false]);
    assert.equal(spc.body.authenticationSchemes[0].type, "oauthbearertoken");
    const types = await idp.get("/ResourceTypes");
    assert.deepEqual(types.body.Resources.map((t: any) => [t.id, t.endpoint, t.schema]), [["User", "/Users", USER], ["Group", "/Groups", GROUP]]);
    assert.deepEqual(types.body.Resources[0].schemaExtensions, [{ schema: NOTION, required: false }]);
    assert.equal((await idp.get("/ResourceTypes/User")).body.name, "User");
    const schemas = await idp.get("/Schemas");
    assert.deepEqual(schemas.body.Resources.map((s: any) => s.id), [USER, GROUP, NOTION]);
    const notion = await idp.get(`/Schemas/${NOTION}`);
    assert.deepEqual(notion.body.attributes[0].canonicalValues, ["owner", "membership_admin", "member"]);
    const userName = schemas.body.Resources[0].attributes.find((a: any) => a.name === "userName");
    assert.deepEqual([userName.required, userName.uniqueness, userName.type], [true, "server", "string"]);
    assertScimError(await idp.get("/Schemas/urn:nothing"), 404);
    assertScimError(await idp.get("/Nothing"), 404);
  });
});

describe("an Okta-style provisioning run", () => {
  test("find, create, read, update, deactivate, reactivate, delete", async () => {
    assert.deepEqual(await idp.findUser("ada@example.com"), []);
    const ada = await idp.createUser("ada@example.com", "Ada", "Lovelace", { externalId: "00u1ada" });
    assert.equal(ada.userName, "ada@example.com");
    assert.deepEqual(ada.name, { formatted: "Ada Lovelace", givenName: "Ada", familyName: "Lovelace" });
    assert.deepEqual([ada.active, ada.externalId, ada[NOTION].role], [true, "00u1ada", "member"]);
    assert.deepEqual(ada.emails, [{ value: "ada@example.com", type: "work", primary: true }]);
    assert.equal(ada.meta.resourceType, "User");
    assert.equal(ada.meta.location, `${q.url}/scim/v2/Users/${ada.id}`);
    assert.deepEqual((await idp.findUser("ADA@example.com")).map((u) => u.id), [ada.id], "userName matches whatever its case");
    // The person is a member: Notion's API lists them.
    const listed = (await q.client().users.list({})).results.map((u) => u.id);
    assert.ok(listed.includes(ada.id));

    const renamed = await idp.patch(`/Users/${ada.id}`, [{ op: "replace", value: { name: { givenName: "Augusta", familyName: "Lovelace" } } }]);
    assert.equal(renamed.status, 200);
    assert.equal(renamed.body.name.formatted, "Augusta Lovelace");
    assert.equal(renamed.body.displayName, "Augusta Lovelace");

    const off = await idp.patch(`/Users/${ada.id}`, [{ op: "replace", value: { active: false } }]);
    assert.equal(off.body.active, false);
    assert.equal(off.body[NOTION], undefined);
    assert.ok(!(await q.client().users.list({})).results.some((u) => u.id === ada.id), "no longer a member");
    assert.deepEqual((await idp.findUser("ada@example.com")).map((u) => [u.id, u.active]), [[ada.id, false]], "deactivated people stay listed, inactive");

    const on = await idp.patch(`/Users/${ada.id}`, [{ op: "replace", value: { active: true } }]);
    assert.deepEqual([on.body.active, on.body[NOTION].role], [true, "member"]);
    const put = await idp.put(`/Users/${ada.id}`, { schemas: [USER, NOTION], userName: "ada@example.com", name: { formatted: "Ada King" }, active: true, [NOTION]: { role: "membership_admin" } });
    assert.deepEqual([put.body.name.formatted, put.body[NOTION].role, put.body.externalId], ["Ada King", "membership_admin", undefined]);
    const members = (await q.admin("GET", "/_quire/v1/members")).body.results;
    assert.equal(members.find((m: any) => m.user_id === ada.id).role, "membership_admin");

    const gone = await idp.delete(`/Users/${ada.id}`);
    assert.equal(gone.status, 204);
    assertScimError(await idp.get(`/Users/${ada.id}`), 404);
    assert.deepEqual(await idp.findUser("ada@example.com"), []);
    // The account stays: the same person comes back with the same id.
    const back = await idp.createUser("ada@example.com", "Ada", "King");
    assert.equal(back.id, ada.id);
  });
});

describe("an Entra-style provisioning run", () => {
  test("capitalized ops, string booleans, paths with filters and the extension's URN", async () => {
    const grace = await idp.createUser("grace@example.com", "Grace", "Hopper", { externalId: "e-1" });
    const id = grace.id;
    const ops = await idp.patch(`/Users/${id}`, [
      { op: "Replace", path: "name.familyName", value: "Murray" },
      { op: "Replace", path: 'emails[type eq "work"].value', value: "grace@example.com" },
      { op: "Add", path: `${NOTION}:role`, value: "membership_admin" },
      { op: "Replace", path: "externalId", value: "e-2" },
    ]);
    assert.equal(ops.status, 200, JSON.stringify(ops.body));
    assert.deepEqual([ops.body.name.formatted, ops.body.externalId, ops.body[NOTION].role], ["Grace Murray", "e-2", "membership_admin"]);
    const off = await idp.patch(`/Users/${id}`, [{ op: "Replace", path: "active", value: "False" }]);
    assert.equal(off.body.active, false);
    const removed = await idp.patch(`/Users/${id}`, [{ op: "Remove", path: "externalId" }, { op: "Replace", path: "active", value: "True" }]);
    assert.deepEqual([removed.body.active, removed.body.externalId], [true, undefined]);
  });
});

describe("creating people", () => {
  test("409 uniqueness for a member; a person of another workspace joins with their id; a guest becomes a member", async () => {
    const first = await idp.createUser("lin@example.com", "Lin", "Ma");
    assertScimError(await idp.post("/Users", { schemas: [USER], userName: "LIN@example.com" }), 409, "uniqueness");
    const other = (await q.admin("POST", "/_quire/v1/workspaces", { name: "Other" })).body;
    const there = scimClient(q, await scimToken(q, other.id));
    const joined = await there.createUser("lin@example.com", "Lin", "Ma");
    assert.equal(joined.id, first.id, "one person, one id across workspaces");
    const guest = (await q.admin("POST", "/_quire/v1/users", { name: "Gus", email: "gus@example.com", role: "guest" })).body;
    assertScimError(await idp.get(`/Users/${guest.id}`), 404);
    assert.deepEqual(await idp.findUser("gus@example.com"), [], "guests are not managed over SCIM");
    const member = await idp.createUser("gus@example.com", "Gus", "T", { [NOTION]: { role: "member" } });
    assert.deepEqual([member.id, member[NOTION].role], [guest.id, "member"]);
  });

  test("owners over SCIM, and the last owner stays", async () => {
    const owners = (await q.admin("GET", "/_quire/v1/members")).body.results.filter((m: any) => m.role === "owner");
    assert.equal(owners.length, 1);
    assertScimError(await idp.patch(`/Users/${owners[0].user_id}`, [{ op: "replace", path: "active", value: false }]), 400, "invalidValue");
    assertScimError(await idp.delete(`/Users/${owners[0].user_id}`), 400, "invalidValue");
    const boss = await idp.createUser("boss2@example.com", "B", "Two", { [NOTION]: { role: "owner" } });
    assert.equal(boss[NOTION].role, "owner");
    const demoted = await idp.patch(`/Users/${owners[0].user_id}`, [{ op: "replace", path: `${NOTION}:role`, value: "member" }]);
    assert.equal(demoted.body[NOTION].role, "member");
    await idp.patch(`/Users/${owners[0].user_id}`, [{ op: "replace", path: `${NOTION}:role`, value: "owner" }]);
  });
});

describe("groups", () => {
  test("create with members, find by displayName, add and remove members by PATCH, rename, replace, delete", async () => {
    const [a, b, c] = [await idp.createUser("ga@example.com", "G", "A"), await idp.createUser("gb@example.com", "G", "B"), await idp.createUser("gc@example.com", "G", "C")];
    const made = await idp.post("/Groups", { schemas: [GROUP], displayName: "Designers", externalId: "grp-1", members: [{ value: a.id }] });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    const g = made.body;
    assert.deepEqual(g.members, [{ value: a.id, display: "G A", type: "User", $ref: `${q.url}/scim/v2/Users/${a.id}` }]);
    assert.equal(made.headers.get("location"), g.meta.location);
    const found = await idp.get(`/Groups?filter=${encodeURIComponent('displayName eq "designers"')}`);
    assert.deepEqual(found.body.Resources.map((r: any) => r.id), [g.id]);
    const added = await idp.patch(`/Groups/${g.id}`, [{ op: "add", path: "members", value: [{ value: b.id }, { value: c.id }] }]);
    assert.deepEqual(added.body.members.map((m: any) => m.value).sort(), [a.id, b.id, c.id].sort());
    const removed = await idp.patch(`/Groups/${g.id}`, [{ op: "remove", path: `members[value eq "${b.id}"]` }]);
    assert.deepEqual(removed.body.members.map((m: any) => m.value).sort(), [a.id, c.id].sort());
    // Microsoft Entra removes members with the values in `value` rather than a filter.
    const entra = await idp.patch(`/Groups/${g.id}`, [{ op: "Add", path: "members", value: [{ value: b.id }] }, { op: "Remove", path: "members", value: [{ value: b.id }] }]);
    assert.deepEqual(entra.body.members.map((m: any) => m.value).sort(), [a.id, c.id].sort());
    const renamed = await idp.patch(`/Groups/${g.id}`, [{ op: "replace", value: { displayName: "Design" } }]);
    assert.equal(renamed.body.displayName, "Design");
    const control = (await q.admin("GET", `/_quire/v1/groups/${g.id}`)).body;
    assert.deepEqual([control.name, control.external_id, control.member_ids.length], ["Design", "grp-1", 2]);
    const replaced = await idp.put(`/Groups/${g.id}`, { schemas: [GROUP], displayName: "Design", externalId: "grp-1", members: [{ value: b.id }] });
    assert.deepEqual(replaced.body.members.map((m: any) => m.value), [b.id]);
    const excluded = await idp.get(`/Groups/${g.id}?excludedAttributes=members`);
    assert.equal(excluded.body.members, undefined);
    assert.equal(excluded.body.displayName, "Design");
    assertScimError(await idp.post("/Groups", { displayName: "Copy", externalId: "grp-1" }), 409, "uniqueness");
    assertScimError(await idp.post("/Groups", { displayName: "Strangers", members: [{ value: "00000000-0000-4000-8000-000000000000" }] }), 400, "invalidValue");
    // A member deactivated over SCIM leaves the group.
    await idp.patch(`/Users/${b.id}`, [{ op: "replace", path: "active", value: false }]);
    assert.deepEqual((await idp.get(`/Groups/${g.id}`)).body.members, []);
    assert.equal((await idp.delete(`/Groups/${g.id}`)).status, 204);
    assertScimError(await idp.get(`/Groups/${g.id}`), 404);
    assert.equal((await q.admin("GET", `/_quire/v1/groups/${g.id}`)).status, 404);
  });
});

describe("deprovisioning", () => {
  test("a person provisioned over SCIM signs in; deactivated over SCIM, they lose their session; DELETE does the same", async () => {
    for (const how of ["patch", "delete"] as const) {
      const email = `signed-${how}@example.com`;
      // Provisioned by the IdP (an account without a password), then given one by the operator.
      const person = how === "patch" ? await idp.createUser(email, "Signed", "In") : (await q.admin("POST", "/_quire/v1/users", { name: "Signed In", email })).body;
      assert.equal((await q.admin("PATCH", `/_quire/v1/users/${person.id}`, { password: "a long enough passphrase" })).status, 200);
      const browser = new FormClient(q.url);
      assert.equal((await browser.signIn(email, "a long enough passphrase")).status, 303);
      assert.equal((await browser.session()).status, 200);
      const res = how === "patch" ? await idp.patch(`/Users/${person.id}`, [{ op: "replace", value: { active: false } }]) : await idp.delete(`/Users/${person.id}`);
      assert.ok(res.status === 200 || res.status === 204, JSON.stringify(res.body));
      assert.equal((await browser.session()).status, 401, `${how}: the session is over`);
    }
  });
});

describe("workspaces", () => {
  test("a token of one workspace never sees or changes another's people and groups", async () => {
    const other = (await q.admin("POST", "/_quire/v1/workspaces", { name: "Elsewhere" })).body;
    const theirs = scimClient(q, await scimToken(q, other.id));
    const person = await theirs.createUser("only-there@example.com", "Only", "There");
    const group = (await theirs.post("/Groups", { displayName: "Theirs", members: [{ value: person.id }] })).body;
    for (const res of [
      await idp.get(`/Users/${person.id}`),
      await idp.put(`/Users/${person.id}`, { userName: "only-there@example.com" }),
      await idp.patch(`/Users/${person.id}`, [{ op: "replace", path: "active", value: false }]),
      await idp.delete(`/Users/${person.id}`),
      await idp.get(`/Groups/${group.id}`),
      await idp.patch(`/Groups/${group.id}`, [{ op: "add", path: "members", value: [{ value: person.id }] }]),
      await idp.delete(`/Groups/${group.id}`),
    ])
      assertScimError(res, 404);
    assertScimError(await idp.post("/Groups", { displayName: "Mixed", members: [{ value: person.id }] }), 400, "invalidValue");
    const mine = JSON.stringify([(await idp.get("/Users?count=100")).body, (await idp.get("/Groups")).body]);
    assert.ok(!mine.includes(person.id) && !mine.includes(group.id));
    assert.equal((await theirs.get(`/Groups/${group.id}`)).body.members[0].value, person.id, "still whole in its own workspace");
    assert.equal((await theirs.get(`/Users/${person.id}`)).body.active, true);
  });
});

describe("secrets", () => {
  test("no SCIM token in the request log or the error log", async () => {
    const lines: string[] = [];
    const logged = await startTestQuire({ log: (l) => lines.push(l), logError: (l) => lines.push(l) });
    try {
      const made = (await logged.admin("POST", "/_quire/v1/scim_tokens", { name: "log" })).body;
      const client = scimClient(logged, made.token);
      await client.get("/Users");
      await client.post("/Users", "{broken");
      await fetch(`${logged.url}/scim/v2/Users?token=${made.token}&access_token=${made.token}`, { headers: { authorization: `Bearer ${made.token}` } });
      await scimClient(logged, `${made.token}x`).get("/Users");
      assert.ok(lines.some((l) => l.startsWith("GET /scim/v2/Users 200")), lines.join("\n"));
      assert.ok(!lines.join("\n").includes(made.token.slice(5)), lines.join("\n"));
    } finally {
      await logged.close();
    }
  });
});
