/** `quire group …` and `quire page share|permissions|section` against a running server (src/cli-control.ts). */
import { test } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { controlCliSuite } from "./helpers/control-cli.js";

const suite = controlCliSuite();
const cli = suite.cli;

test("group and page-permission commands drive the control API", async () => {
  const user = (await suite.q.admin("POST", "/_quire/v1/users", { name: "Ann", email: `ann-${randomUUID()}@example.test` })).body.id;
  const other = (await suite.q.admin("POST", "/_quire/v1/users", { name: "Ben", email: `ben-${randomUUID()}@example.test` })).body.id;
  const group = await cli("group", "create", "--name", "Writers", "--external-id", "idp-7", "--users", user);
  assert.deepEqual(group.member_ids, [user]);
  assert.equal(group.external_id, "idp-7");
  assert.deepEqual((await cli("group", "add-member", group.id, `${user},${other}`)).member_ids, [user, other].sort());
  assert.deepEqual((await cli("group", "remove-member", group.id, other)).member_ids, [user]);
  assert.equal((await cli("group", "update", group.id, "--name", "Editors")).name, "Editors");
  assert.ok((await cli("group", "list")).results.some((g: { id: string }) => g.id === group.id));

  const page = await cli("page", "create", "--title", "Private notes", "--section", "private", "--user", user);
  assert.equal(page.section, "private");
  let perms = await cli("page", "share", page.id, "--group", group.id, "--level", "can_comment");
  assert.ok(perms.explicit.some((e: any) => e.principal.type === "group" && e.level === "can_comment"));
  perms = await cli("page", "share", page.id, "--everyone", "--level", "can_view");
  assert.ok(perms.explicit.some((e: any) => e.principal.type === "workspace" && e.level === "can_view"));
  perms = await cli("page", "share", page.id, "--user", other, "--level", "none");
  assert.equal(perms.explicit.length, 3, "none on a principal without an entry changes nothing");
  assert.equal((await cli("page", "section", page.id, "workspace")).section, "workspace");
  assert.equal((await cli("page", "permissions", page.id)).explicit.find((e: any) => e.principal.type === "workspace").level, "full_access");
  const deleted = await cli("group", "delete", group.id);
  assert.equal(deleted.deleted, true);
  const again = await suite.run("group", "delete", group.id);
  assert.equal(again.code, 2);
  assert.match(again.stderr, /404 object_not_found: Could not find group/);
  const vague = await suite.run("page", "share", page.id, "--user", user, "--everyone", "--level", "can_view");
  assert.equal(vague.code, 2);
  assert.match(vague.stderr, /exactly one of --user USER_ID, --group GROUP_ID or --everyone/);
  const noLevel = await suite.run("page", "share", page.id, "--everyone");
  assert.match(noLevel.stderr, /needs --level/);
});
