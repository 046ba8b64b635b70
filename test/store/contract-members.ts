/**
 * Storage contract, members and the workspace set (issue 12): roles, what users.list lists,
 * a person's memberships across workspaces, workspaces in order with cursors, and
 * deleting a workspace with its rows while another keeps its own. Called by describeStore.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import type { Store } from "../../src/storage/types.js";
import { pageAll } from "./contract-paging.js";
import { T0, comment, emoji, id, newWorkspace, page, upload, user, workspace } from "./fixtures.js";

/** The member and workspace-set cases, run against `store()`. */
export function memberCases(store: () => Store): void {
  test("members: roles, listed users (bots and non-guest members), members (guests too), former members in neither, cursors", async () => {
    const ws = await newWorkspace(store());
    const owner = user(ws, { name: "Owner", role: "owner" });
    const admin = user(ws, { name: "Admin", role: "membership_admin" });
    const bot = user(ws, { name: "Bot", type: "bot", role: null });
    const guest = user(ws, { name: "Guest", role: "guest" });
    const member = user(ws, { name: "Member", role: "member" });
    const former = user(ws, { name: "Former", role: null });
    await store().write(async (tx) => {
      for (const u of [owner, admin, bot, guest, member, former]) await tx.insertUser(u);
    });
    await store().read(async (tx) => {
      const listed = await pageAll(2, (from, limit) => tx.members.listListed(ws, from, limit));
      assert.deepEqual(listed.map((p) => p.map((u) => u.name)), [["Owner", "Admin"], ["Bot", "Member"]]);
      const members = await pageAll(2, (from, limit) => tx.members.listMembers(ws, from, limit));
      assert.deepEqual(members.flat().map((u) => [u.name, u.role]), [["Owner", "owner"], ["Admin", "membership_admin"], ["Guest", "guest"], ["Member", "member"]]);
      assert.equal(await tx.members.listMembers(ws, id(), 2), null, "an unknown cursor");
      assert.equal(await tx.members.listListed(ws, id(), 2), null);
      assert.deepEqual((await tx.members.listMembers(ws, former.id, 10))?.items, [], "a former member's id is still a cursor (they were the last row)");
      assert.equal(await tx.members.countOwners(ws), 1);
      assert.equal((await tx.getUser(ws, bot.id))!.role, null);
    });
    await store().write(async (tx) => {
      assert.equal(await tx.members.setRole(ws, admin.id, "owner"), true);
      assert.equal(await tx.members.setRole(ws, guest.id, null), true);
      assert.equal(await tx.members.setRole(ws, bot.id, "member"), false, "bots have no role");
      assert.equal(await tx.members.setRole(ws, id(), "member"), false);
    });
    await store().read(async (tx) => {
      assert.equal(await tx.members.countOwners(ws), 2);
      assert.equal((await tx.getUser(ws, guest.id))!.role, null);
      assert.equal((await tx.getUser(ws, bot.id))!.role, null);
    });
  });

  test("members: one person across workspaces (memberships oldest workspace first)", async () => {
    const first = workspace({ created_time: T0 + 1 });
    const second = workspace({ created_time: T0 + 2 });
    await store().write(async (tx) => {
      await tx.insertWorkspace(second);
      await tx.insertWorkspace(first);
    });
    const pid = id();
    const email = `${pid}@Example.com`;
    await store().write(async (tx) => {
      await tx.insertUser(user(second.id, { id: pid, email, role: "guest" }));
      await tx.insertUser(user(first.id, { id: pid, email, role: "owner" }));
      await tx.insertUser(user(first.id, { type: "bot", email: null, role: null }));
    });
    await store().read(async (tx) => {
      assert.deepEqual((await tx.members.membershipsOf(pid)).map((u) => [u.workspace_id, u.role]), [[first.id, "owner"], [second.id, "guest"]]);
      assert.deepEqual(await tx.members.membershipsOf(id()), []);
    });
  });

  test("workspaces: oldest first, ties by id, cursors, count; an unknown cursor is null", async () => {
    const far = T0 + 10_000_000_000;
    const rows = [workspace({ created_time: far + 2 }), workspace({ created_time: far + 1 }), workspace({ created_time: far + 1 })];
    const before = await store().read((tx) => tx.allWorkspaces.count());
    await store().write(async (tx) => {
      for (const w of rows) await tx.insertWorkspace(w);
    });
    const expected = [...rows.slice(1).sort((x, y) => (x.id < y.id ? -1 : 1)), rows[0]].map((w) => w.id);
    await store().read(async (tx) => {
      assert.equal(await tx.allWorkspaces.count(), before + 3);
      const all = (await pageAll(2, (from, limit) => tx.allWorkspaces.list(from, limit))).flat();
      assert.deepEqual(all.slice(-3).map((w) => w.id), expected, "the newest last, equal times by id");
      const fromSecond = await tx.allWorkspaces.list(expected[1], 5);
      assert.deepEqual(fromSecond!.items.map((w) => w.id), expected.slice(1));
      assert.deepEqual(Object.keys(fromSecond!.items[0]).sort(), ["created_time", "id", "name", "time_zone"]);
      assert.equal(await tx.allWorkspaces.list(id(), 2), null);
    });
  });

  test("workspaces: remove deletes the workspace's rows in every port and answers its uploads; another workspace keeps its own", async () => {
    const ws = await newWorkspace(store());
    const other = await newWorkspace(store());
    const fill = async (w: string) => {
      const p = page(w, "Doomed");
      const u = user(w, { role: "owner" });
      const up = upload(w, u.id);
      await store().write(async (tx) => {
        await tx.insertUser(u);
        await tx.insertNodes([p]);
        await tx.addShare(w, "integration", p.id, T0);
        await tx.comments.insert(comment(w, p.id));
        await tx.emojis.insert(emoji(w, "party"));
        await tx.files.insert(up);
      });
      return { p, u, up };
    };
    const doomed = await fill(ws);
    const kept = await fill(other);
    const removed = await store().write((tx) => tx.allWorkspaces.remove(ws));
    assert.deepEqual(removed.uploads, [doomed.up.id]);
    await store().read(async (tx) => {
      assert.equal(await tx.getWorkspace(ws), null);
      assert.equal(await tx.getNode(ws, doomed.p.id), null);
      assert.equal(await tx.getUser(ws, doomed.u.id), null);
      assert.deepEqual(await tx.listShares(ws, "integration"), []);
      assert.equal(await tx.emojis.getByName(ws, "party"), null);
      assert.equal(await tx.files.get(ws, doomed.up.id), null);
      assert.ok(await tx.getWorkspace(other));
      assert.ok(await tx.getNode(other, kept.p.id));
      assert.ok(await tx.getUser(other, kept.u.id));
      assert.deepEqual(await tx.listShares(other, "integration"), [kept.p.id]);
      assert.ok(await tx.emojis.getByName(other, "party"));
      assert.ok(await tx.files.get(other, kept.up.id));
    });
  });
}
