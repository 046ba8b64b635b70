/**
 * Contract cases of the groups and page-permission ports (src/storage/groups.ts,
 * src/storage/permissions.ts): order, paging, cursors, replacing, removal by principal and by
 * node, entries found along ancestries for many nodes at once, and other workspaces' rows never
 * answered. Called by describeStore.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import type { Store } from "../../src/storage/types.js";
import type { GroupRow } from "../../src/storage/groups.js";
import type { PermissionRow } from "../../src/storage/permissions.js";
import { T0, dataSource, id, newWorkspace, node, page, row, user } from "./fixtures.js";

/** A group row. */
export function group(ws: string, over: Partial<GroupRow> = {}): GroupRow {
  return { workspace_id: ws, id: id(), name: "Group", external_id: null, created_time: T0, ...over };
}

/** A permission entry. */
export function entry(ws: string, nodeId: string, type: PermissionRow["principal_type"], principalId: string, level: PermissionRow["level"]): PermissionRow {
  return { workspace_id: ws, node_id: nodeId, principal_type: type, principal_id: principalId, level };
}

export function permissionCases(store: () => Store): void {
  test("groups: get, by external id, update, list in (created_time, id) order with cursors", async () => {
    const ws = await newWorkspace(store());
    const other = await newWorkspace(store());
    const ids = [id(), id(), id()].sort();
    const [a, b, c] = [group(ws, { id: ids[1], created_time: T0 + 1, external_id: "ext-a" }), group(ws, { id: ids[2], created_time: T0 }), group(ws, { id: ids[0], created_time: T0 })];
    await store().write(async (tx) => {
      for (const g of [a, b, c]) await tx.groups.insert(g);
      await tx.groups.insert(group(other, { external_id: "ext-a" }));
    });
    await store().read(async (tx) => {
      assert.deepEqual(await tx.groups.get(ws, a.id), a);
      assert.equal(await tx.groups.get(other, a.id), null, "another workspace's group is not found");
      assert.equal((await tx.groups.byExternalId(ws, "ext-a"))?.id, a.id);
      assert.equal(await tx.groups.byExternalId(ws, "EXT-A"), null, "external ids match exactly");
      const first = (await tx.groups.list(ws, null, 2))!;
      assert.deepEqual(first.items.map((g) => g.id), [c.id, b.id], "ties in created_time broken by id");
      assert.equal(first.next, a.id);
      const second = (await tx.groups.list(ws, first.next, 2))!;
      assert.deepEqual(second.items.map((g) => g.id), [a.id]);
      assert.equal(second.next, null);
      assert.equal(await tx.groups.list(ws, id(), 2), null, "an unknown cursor");
      assert.equal((await tx.groups.list(other, null, 10))!.items.length, 1);
    });
    await store().write((tx) => tx.groups.update({ ...a, name: "Renamed", external_id: null }));
    await store().read(async (tx) => {
      assert.equal((await tx.groups.get(ws, a.id))?.name, "Renamed");
      assert.equal(await tx.groups.byExternalId(ws, "ext-a"), null);
    });
  });

  test("groups: an external id is unique in a workspace (the store refuses a second)", async () => {
    const ws = await newWorkspace(store());
    await store().write((tx) => tx.groups.insert(group(ws, { external_id: "dup" })));
    await assert.rejects(store().write((tx) => tx.groups.insert(group(ws, { external_id: "dup" }))));
    await store().write(async (tx) => {
      await tx.groups.insert(group(ws));
      await tx.groups.insert(group(ws));
    });
    assert.equal((await store().read((tx) => tx.groups.list(ws, null, 10)))!.items.length, 3, "many groups without one");
  });

  test("group members: added once, listed per group and per person, removed one by one, with the group, and everywhere", async () => {
    const ws = await newWorkspace(store());
    const other = await newWorkspace(store());
    const [g1, g2] = [group(ws), group(ws)];
    const [u1, u2] = [user(ws), user(ws)];
    await store().write(async (tx) => {
      await tx.groups.insert(g1);
      await tx.groups.insert(g2);
      await tx.groups.addMembers(ws, g1.id, [u1.id, u2.id]);
      await tx.groups.addMembers(ws, g1.id, [u1.id]);
      await tx.groups.addMembers(ws, g2.id, [u1.id]);
      await tx.groups.addMembers(ws, g2.id, []);
    });
    await store().read(async (tx) => {
      const members = await tx.groups.membersOf(ws, [g2.id, g1.id]);
      const expected = [
        ...[u1.id, u2.id].sort().map((u) => ({ group_id: g1.id, user_id: u })),
        { group_id: g2.id, user_id: u1.id },
      ].sort((a, b) => (a.group_id + a.user_id < b.group_id + b.user_id ? -1 : 1));
      assert.deepEqual(members, expected);
      assert.deepEqual(await tx.groups.groupsOf(ws, u1.id), [g1.id, g2.id].sort());
      assert.deepEqual(await tx.groups.groupsOf(other, u1.id), []);
      assert.deepEqual(await tx.groups.membersOf(other, [g1.id]), []);
      assert.deepEqual(await tx.groups.membersOf(ws, []), []);
    });
    assert.equal(await store().write((tx) => tx.groups.removeMember(ws, g1.id, u2.id)), true);
    assert.equal(await store().write((tx) => tx.groups.removeMember(ws, g1.id, u2.id)), false);
    assert.equal(await store().write((tx) => tx.groups.removeMember(other, g1.id, u1.id)), false, "not through another workspace");
    assert.equal(await store().write((tx) => tx.groups.removeUser(ws, u1.id)), 2);
    assert.deepEqual(await store().read((tx) => tx.groups.groupsOf(ws, u1.id)), []);
    await store().write((tx) => tx.groups.addMembers(ws, g1.id, [u2.id]));
    assert.equal(await store().write((tx) => tx.groups.delete(other, g1.id)), false);
    assert.equal(await store().write((tx) => tx.groups.delete(ws, g1.id)), true);
    await store().read(async (tx) => {
      assert.equal(await tx.groups.get(ws, g1.id), null);
      assert.deepEqual(await tx.groups.groupsOf(ws, u2.id), [], "a deleted group's memberships go with it");
    });
  });

  test("permissions: set replaces, listOn orders by principal, remove says whether there was one", async () => {
    const ws = await newWorkspace(store());
    const other = await newWorkspace(store());
    const p = page(ws, "Shared");
    const [u, g] = [id(), id()];
    await store().write(async (tx) => {
      await tx.insertNodes([p]);
      await tx.permissions.set(entry(ws, p.id, "user", u, "can_view"));
      await tx.permissions.set(entry(ws, p.id, "user", u, "can_edit"));
      await tx.permissions.set(entry(ws, p.id, "workspace", ws, "full_access"));
      await tx.permissions.set(entry(ws, p.id, "group", g, "can_comment"));
      await tx.permissions.set(entry(other, p.id, "user", u, "full_access"));
    });
    await store().read(async (tx) => {
      assert.deepEqual(await tx.permissions.listOn(ws, p.id), [entry(ws, p.id, "group", g, "can_comment"), entry(ws, p.id, "user", u, "can_edit"), entry(ws, p.id, "workspace", ws, "full_access")]);
      assert.deepEqual(await tx.permissions.listOn(other, p.id), [entry(other, p.id, "user", u, "full_access")]);
    });
    assert.equal(await store().write((tx) => tx.permissions.remove(ws, p.id, { type: "user", id: u })), true);
    assert.equal(await store().write((tx) => tx.permissions.remove(ws, p.id, { type: "user", id: u })), false);
    assert.equal((await store().read((tx) => tx.permissions.listOn(other, p.id))).length, 1, "the other workspace's entry stays");
  });

  test("permissions: entries along the ancestries of many nodes in one call, per principal, nearest first", async () => {
    const ws = await newWorkspace(store());
    const other = await newWorkspace(store());
    const top = page(ws, "Top");
    const mid = page(ws, "Mid", { parent_type: "page_id", parent_id: top.id });
    const leaf = node(ws, { parent_type: "page_id", parent_id: mid.id });
    const db = node(ws, { type: "database", parent_type: "page_id", parent_id: top.id });
    const ds = dataSource(ws, db.id);
    const r = row(ws, ds.id, "Row");
    const [u, g] = [id(), id()];
    await store().write(async (tx) => {
      await tx.insertNodes([top, mid, leaf, db, ds, r]);
      await tx.permissions.set(entry(ws, top.id, "workspace", ws, "full_access"));
      await tx.permissions.set(entry(ws, top.id, "user", u, "can_view"));
      await tx.permissions.set(entry(ws, mid.id, "user", u, "can_edit"));
      await tx.permissions.set(entry(ws, db.id, "group", g, "can_comment"));
      await tx.permissions.set(entry(other, top.id, "user", u, "full_access"));
    });
    const hits = await store().read((tx) => tx.permissions.along(ws, [leaf.id, r.id, leaf.id, id()], [{ type: "user", id: u }, { type: "group", id: g }]));
    const expected = [
      { start: leaf.id, depth: 1, node_id: mid.id, principal_type: "user", principal_id: u, level: "can_edit" },
      { start: leaf.id, depth: 2, node_id: top.id, principal_type: "user", principal_id: u, level: "can_view" },
      { start: r.id, depth: 2, node_id: db.id, principal_type: "group", principal_id: g, level: "can_comment" },
      { start: r.id, depth: 3, node_id: top.id, principal_type: "user", principal_id: u, level: "can_view" },
    ].sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : a.depth - b.depth));
    assert.deepEqual(hits, expected, "the database row reaches its database through its data source; an unknown start has none");
    const all = await store().read((tx) => tx.permissions.along(ws, [mid.id], null));
    assert.deepEqual(all.map((h) => [h.depth, h.principal_type, h.level]), [[0, "user", "can_edit"], [1, "user", "can_view"], [1, "workspace", "full_access"]]);
    assert.deepEqual(await store().read((tx) => tx.permissions.along(ws, [mid.id], [])), []);
    assert.deepEqual(await store().read((tx) => tx.permissions.along(ws, [], null)), []);
    assert.deepEqual(await store().read((tx) => tx.permissions.along(other, [mid.id], null)), [], "another workspace has no such node");
  });

  test("permissions: the nodes with an entry for any of some principals, each once, in id order, capped", async () => {
    const ws = await newWorkspace(store());
    const other = await newWorkspace(store());
    const [a, b, c, d] = [page(ws, "A"), page(ws, "B"), page(ws, "C"), page(ws, "D")];
    const [u, g, stranger] = [id(), id(), id()];
    await store().write(async (tx) => {
      await tx.insertNodes([a, b, c, d]);
      await tx.permissions.set(entry(ws, a.id, "workspace", ws, "full_access"));
      await tx.permissions.set(entry(ws, a.id, "user", u, "can_view"));
      await tx.permissions.set(entry(ws, b.id, "group", g, "can_edit"));
      await tx.permissions.set(entry(ws, c.id, "user", u, "full_access"));
      await tx.permissions.set(entry(ws, d.id, "user", stranger, "full_access"));
      await tx.permissions.set(entry(other, d.id, "user", u, "full_access"));
    });
    const mine = [{ type: "user" as const, id: u }, { type: "group" as const, id: g }, { type: "workspace" as const, id: ws }];
    const all = await store().read((tx) => tx.permissions.nodesWith(ws, mine, 10));
    assert.deepEqual(all, [a.id, b.id, c.id].sort(), "a node named by two principals once; another person's node and another workspace's entry left out");
    assert.deepEqual(await store().read((tx) => tx.permissions.nodesWith(ws, mine, 2)), all.slice(0, 2));
    assert.deepEqual(await store().read((tx) => tx.permissions.nodesWith(ws, [], 10)), []);
    assert.deepEqual(await store().read((tx) => tx.permissions.nodesWith(other, [{ type: "user", id: u }], 10)), [d.id]);
  });

  test("permissions: removed by principal and by node, in one workspace only", async () => {
    const ws = await newWorkspace(store());
    const other = await newWorkspace(store());
    const [p1, p2] = [page(ws, "One"), page(ws, "Two")];
    const g = id();
    await store().write(async (tx) => {
      await tx.insertNodes([p1, p2]);
      for (const p of [p1, p2]) await tx.permissions.set(entry(ws, p.id, "group", g, "can_view"));
      await tx.permissions.set(entry(ws, p1.id, "workspace", ws, "full_access"));
      await tx.permissions.set(entry(other, p1.id, "group", g, "can_view"));
    });
    assert.equal(await store().write((tx) => tx.permissions.removePrincipal(ws, { type: "group", id: g })), 2);
    assert.equal((await store().read((tx) => tx.permissions.listOn(other, p1.id))).length, 1);
    assert.equal(await store().write((tx) => tx.permissions.removeNodes(ws, [p1.id, p2.id])), 1);
    assert.equal(await store().write((tx) => tx.permissions.removeNodes(ws, [])), 0);
    assert.deepEqual(await store().read((tx) => tx.permissions.listOn(ws, p1.id)), []);
  });
}
