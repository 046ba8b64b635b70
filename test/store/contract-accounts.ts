/**
 * Storage contract, part 5: people's accounts, sign-in sessions and sign-in counters — global
 * tables (one person, one id and one email across workspaces). Emails match whatever their ASCII
 * case; a person's memberships are their person rows in every workspace, oldest first; sessions
 * revoke one by one or all of a person's at once, and a session one node starts is found, touched
 * and revoked by another; failure counters count in windows, atomically. Called by describeStore.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import type { AccountRow, SessionRow, Store } from "../../src/storage/types.js";
import { id, newWorkspace, T0, user } from "./fixtures.js";

const account = (over: Partial<AccountRow> = {}): AccountRow => ({
  user_id: id(),
  email: `${id()}@example.com`,
  password_hash: null,
  created_time: T0,
  updated_time: T0,
  ...over,
});

const session = (userId: string, over: Partial<SessionRow> = {}): SessionRow => ({
  id_hash: id().replace(/-/g, ""),
  user_id: userId,
  created_time: T0,
  last_seen_time: T0,
  expires_time: T0 + 1000,
  revoked_time: null,
  ...over,
});

/** The account, session and counter cases, run against `store()`; `another()` opens a second node when the backend has them. */
export function accountCases(store: () => Store, another?: () => Promise<Store>): void {
  test("accounts: found by id and by email whatever its ASCII case, updated in place", async () => {
    const a = account({ email: `Ada.${id()}@Example.COM`, password_hash: "$scrypt$x" });
    await store().write((tx) => tx.accounts.insert(a));
    assert.deepEqual(await store().read((tx) => tx.accounts.get(a.user_id)), a);
    assert.deepEqual(await store().read((tx) => tx.accounts.findByEmail(a.email.toLowerCase())), a);
    assert.deepEqual(await store().read((tx) => tx.accounts.findByEmail(a.email.toUpperCase())), a);
    assert.equal(await store().read((tx) => tx.accounts.findByEmail(`nobody.${id()}@example.com`)), null);
    assert.equal(await store().read((tx) => tx.accounts.get(id())), null);
    const changed = { ...a, password_hash: null, updated_time: T0 + 5 };
    await store().write((tx) => tx.accounts.update(changed));
    assert.deepEqual(await store().read((tx) => tx.accounts.get(a.user_id)), changed);
  });

  test("accounts: an email is taken once, whatever its case; a failed insert leaves nothing", async () => {
    const a = account();
    await store().write((tx) => tx.accounts.insert(a));
    await assert.rejects(store().write((tx) => tx.accounts.insert(account({ email: a.email.toUpperCase() }))));
    await assert.rejects(store().write((tx) => tx.accounts.insert(account({ user_id: a.user_id }))));
    assert.deepEqual(await store().read((tx) => tx.accounts.findByEmail(a.email)), a);
  });

  test("memberships: a person's rows in every workspace, oldest first, with each workspace's name; bots and others left out", async () => {
    const [ws1, ws2, ws3] = [await newWorkspace(store()), await newWorkspace(store()), await newWorkspace(store())];
    const person = id();
    await store().write(async (tx) => {
      await tx.updateWorkspace({ ...(await tx.getWorkspace(ws2))!, name: "Second" });
      await tx.insertUser(user(ws2, { id: person, name: "Ada", email: "ada@example.com", created_time: T0 + 1 }));
      await tx.insertUser(user(ws1, { id: person, name: "Ada", email: "ada@example.com", created_time: T0 + 2 }));
      await tx.insertUser(user(ws3, { name: "Someone else" }));
      await tx.insertUser(user(ws3, { id: id(), type: "bot" }));
    });
    const got = await store().read((tx) => tx.accounts.memberships(person));
    assert.deepEqual(got.map((m) => [m.workspace_id, m.workspace_name, m.name, m.email, m.created_time]), [
      [ws2, "Second", "Ada", "ada@example.com", T0 + 1],
      [ws1, "Workspace", "Ada", "ada@example.com", T0 + 2],
    ]);
    assert.deepEqual(await store().read((tx) => tx.accounts.memberships(id())), []);
  });

  test("sessions: read back, touched (never backwards), revoked once, all of a person's revoked, expired ones removed", async () => {
    const person = id();
    const [s1, s2] = [session(person), session(person)];
    const other = session(id());
    await store().write(async (tx) => {
      for (const s of [s1, s2, other]) await tx.sessions.insert(s);
    });
    assert.deepEqual(await store().read((tx) => tx.sessions.get(s1.id_hash)), s1);
    assert.equal(await store().read((tx) => tx.sessions.get("0".repeat(64))), null);
    await store().write((tx) => tx.sessions.touch(s1.id_hash, T0 + 50));
    await store().write((tx) => tx.sessions.touch(s1.id_hash, T0 + 10));
    assert.equal((await store().read((tx) => tx.sessions.get(s1.id_hash)))?.last_seen_time, T0 + 50);
    assert.equal(await store().write((tx) => tx.sessions.revoke(s1.id_hash, T0 + 60)), true);
    assert.equal(await store().write((tx) => tx.sessions.revoke(s1.id_hash, T0 + 70)), false, "already ended");
    assert.equal((await store().read((tx) => tx.sessions.get(s1.id_hash)))?.revoked_time, T0 + 60);
    assert.equal(await store().write((tx) => tx.sessions.revokeAllOf(person, T0 + 80)), 1, "the one still live");
    assert.equal((await store().read((tx) => tx.sessions.get(s2.id_hash)))?.revoked_time, T0 + 80);
    assert.equal((await store().read((tx) => tx.sessions.get(other.id_hash)))?.revoked_time, null, "another person's session stays");

    const old = session(id(), { expires_time: 5 });
    await store().write((tx) => tx.sessions.insert(old));
    assert.ok((await store().write((tx) => tx.sessions.deleteExpired(10, 1000))) >= 1);
    assert.equal(await store().read((tx) => tx.sessions.get(old.id_hash)), null);
    assert.ok(await store().read((tx) => tx.sessions.get(other.id_hash)), "a session not expired stays");
  });

  test("sign-in counters: failures count within a window, a new window starts over, clear forgets", async () => {
    const key = `email:${id()}`;
    const fail = (at: number, windowStart: number) => store().write((tx) => tx.signinAttempts.fail(key, at, windowStart));
    assert.deepEqual(await fail(T0, T0 - 100), { key, window_start: T0, failures: 1 });
    assert.deepEqual(await fail(T0 + 10, T0 - 90), { key, window_start: T0, failures: 2 });
    assert.deepEqual(await fail(T0 + 20, T0 - 80), { key, window_start: T0, failures: 3 });
    assert.deepEqual(await fail(T0 + 200, T0 + 100), { key, window_start: T0 + 200, failures: 1 }, "the window ran out");
    const other = `addr:${id()}`;
    assert.deepEqual(await store().read((tx) => tx.signinAttempts.get([key, other])), [{ key, window_start: T0 + 200, failures: 1 }]);
    await store().write((tx) => tx.signinAttempts.clear(key));
    assert.deepEqual(await store().read((tx) => tx.signinAttempts.get([key])), []);
    assert.deepEqual(await store().read((tx) => tx.signinAttempts.get([])), []);
  });

  test("sign-in counters: failures counted at once all count", async () => {
    const key = `addr:${id()}`;
    await Promise.all(Array.from({ length: 8 }, () => store().write((tx) => tx.signinAttempts.fail(key, T0, T0 - 1))));
    assert.equal((await store().read((tx) => tx.signinAttempts.get([key])))[0].failures, 8);
  });

  if (another) {
    test("two nodes: a session one node started is found, touched and revoked by another; counters add up across nodes", async () => {
      const second = await another();
      try {
        const s = session(id());
        await store().write((tx) => tx.sessions.insert(s));
        assert.deepEqual(await second.read((tx) => tx.sessions.get(s.id_hash)), s);
        await second.write((tx) => tx.sessions.touch(s.id_hash, T0 + 7));
        assert.equal((await store().read((tx) => tx.sessions.get(s.id_hash)))?.last_seen_time, T0 + 7);
        await second.write((tx) => tx.sessions.revoke(s.id_hash, T0 + 8));
        assert.equal((await store().read((tx) => tx.sessions.get(s.id_hash)))?.revoked_time, T0 + 8);
        const key = `email:${id()}`;
        await Promise.all([store(), second, store(), second].map((st) => st.write((tx) => tx.signinAttempts.fail(key, T0, T0 - 1))));
        assert.equal((await second.read((tx) => tx.signinAttempts.get([key])))[0].failures, 4);
        const a = account();
        await store().write((tx) => tx.accounts.insert(a));
        await assert.rejects(second.write((tx) => tx.accounts.insert(account({ email: a.email.toUpperCase() }))));
      } finally {
        await second.close();
      }
    });
  }
}
