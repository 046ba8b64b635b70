/**
 * People's accounts and passwords (issue 12): the owner's first-start credentials, passwords on
 * the control API (rules, set/reset, never answered, never logged, stored only as scrypt hashes),
 * one person across workspaces (the same user id for the same email), nothing crossing a
 * workspace, and sessions any node accepts (PostgreSQL). Sign-in itself: test/signin.test.ts.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomUUID, scryptSync } from "node:crypto";
import { startTestQuire, type TestQuire } from "./helpers/quire.js";
import { execOnStore, onPostgres, queryOnStore } from "./helpers/store.js";
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { startServerProcess } from "./helpers/child.js";
import { freshDatabase, TEST_STORE } from "./helpers/pg.js";
import { FormClient } from "./helpers/signin.js";
import { openSqliteStore } from "../src/storage/sqlite.js";
import { openPostgresStore } from "../src/storage/postgres/index.js";
import { systemClock } from "../src/domain/clock.js";
import { randomIds } from "../src/api/ids.js";
import type { Deps } from "../src/domain/context.js";
import type { Store } from "../src/storage/types.js";
import { addPerson } from "../src/domain/admin/people.js";
import { ApiError } from "../src/api/errors.js";
import { PASSWORD_MIN_CHARS } from "../src/domain/signin/passwords.js";

const PASSWORD = "correct horse battery staple";
const tmp = () => mkdtempSync(join(tmpdir(), "quire-accounts-"));
const email = () => `p-${randomUUID().slice(0, 8)}@example.com`;

/** True when `mail` and `password` sign in on `q` (a 303), false on the uniform refusal (401). */
async function signsIn(q: { url: string }, mail: string, password: string): Promise<boolean> {
  const r = await new FormClient(q.url).signIn(mail, password);
  assert.ok(r.status === 303 || r.status === 401, `${r.status}: ${r.text.slice(0, 200)}`);
  return r.status === 303;
}

/** Runs a control command of the CLI with `input` on its stdin. */
function cli(args: string[], input: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", "src/cli.ts", ...args], { cwd: fileURLToPath(new URL("..", import.meta.url)), stdio: ["pipe", "pipe", "pipe"] });
    let [stdout, stderr] = ["", ""];
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

describe("the owner's first-start credentials", () => {
  test("a first start generates the owner's password and hands it back once; a later start hands back none, and the first one still works", async () => {
    const dir = tmp();
    try {
      const first = await startTestQuire({ dataDir: dir, memory: false });
      assert.equal(first.owner?.email, "owner@quire.local");
      assert.match(first.owner!.password!, /^[A-Za-z2-9]{24}$/);
      const password = first.owner!.password!;
      assert.ok(await signsIn(first, "owner@quire.local", password));
      await first.close();
      const later = await startTestQuire({ dataDir: dir, memory: false });
      try {
        assert.deepEqual(later.owner, { email: "owner@quire.local" });
        assert.ok(await signsIn(later, "OWNER@quire.local", password));
        const s = new FormClient(later.url);
        await s.signIn("owner@quire.local", password);
        const me = await s.session();
        assert.deepEqual(me.body.workspaces.map((w: { id: string }) => w.id), [later.workspaceId], "the seeded person is the owner of the seeded workspace");
      } finally {
        await later.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("--owner-email and --owner-password: taken at first start, a changed password applied later, a changed email or a short password refused", async () => {
    const dir = tmp();
    try {
      const first = await startTestQuire({ dataDir: dir, memory: false, ownerEmail: "boss@example.com", ownerPassword: PASSWORD });
      assert.deepEqual(first.owner, { email: "boss@example.com" }, "nothing generated, nothing handed back");
      assert.ok(await signsIn(first, "boss@example.com", PASSWORD));
      await first.close();
      const changed = await startTestQuire({ dataDir: dir, memory: false, ownerEmail: "Boss@Example.com", ownerPassword: "another long passphrase" });
      assert.ok(await signsIn(changed, "boss@example.com", "another long passphrase"));
      assert.equal(await signsIn(changed, "boss@example.com", PASSWORD), false);
      await changed.close();
      await assert.rejects(startTestQuire({ dataDir: dir, memory: false, ownerEmail: "other@example.com" }), /--owner-email applies at the first start only: this data directory's owner is boss@example\.com/);
      await assert.rejects(startTestQuire({ memory: true, ownerPassword: "short one" }), (e: Error) => {
        assert.match(e.message, new RegExp(`--owner-password should be at least ${PASSWORD_MIN_CHARS} characters long \\(it has 9\\)`));
        assert.doesNotMatch(e.message, /short one/);
        return true;
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("quire serve prints the owner's email and generated password in its banner at the first start only; the CLI sets passwords from stdin", async () => {
    const dir = tmp();
    try {
      const first = await startServerProcess(["--port", "0", "--data", dir, "--quiet"]);
      const out = first.output();
      // The CLI takes passwords on stdin only (never argv, which other users see in the process list).
      const mail = email();
      const created = await cli(["user", "create", "--name", "Ada", "--email", mail, "--password-stdin", "--data", dir], "first cli passphrase\n");
      assert.equal(created.code, 0, created.stderr);
      const id = JSON.parse(created.stdout).id;
      assert.equal(JSON.parse(created.stdout).has_password, true);
      assert.ok(await signsIn(first, mail, "first cli passphrase"));
      const reset = await cli(["user", "password", id, "--data", dir], "second cli passphrase");
      assert.equal(reset.code, 0, reset.stderr);
      assert.ok(await signsIn(first, mail, "second cli passphrase"));
      const empty = await cli(["user", "password", id, "--data", dir], "");
      assert.equal(empty.code, 2);
      assert.match(empty.stderr, /No password on stdin/);
      const removed = await cli(["user", "password", id, "--remove", "--data", dir], "");
      assert.equal(JSON.parse(removed.stdout).has_password, false);
      await first.stop();
      assert.match(out, /Sign in:\s+http:\/\/\S+\/login\s+as owner@quire\.local/);
      const password = /Password:\s+(\S+)\s+\(generated for the owner; shown this once/.exec(out)?.[1];
      assert.match(password ?? "", /^[A-Za-z2-9]{24}$/, out);
      const later = await startServerProcess(["--port", "0", "--data", dir, "--quiet"]);
      const again = later.output();
      try {
        assert.match(again, /Sign in:\s+\S+\/login\s+as owner@quire\.local/);
        assert.doesNotMatch(again, /Password:/);
        assert.ok(!again.includes(password!));
        assert.ok(await signsIn(later, "owner@quire.local", password!));
      } finally {
        await later.stop();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("passwords on the control API", () => {
  test("POST /_quire/v1/users {password}: kept as a scrypt hash, answered only as has_password; too short or not a string → 400 without the password in it", async () => {
    const q = await startTestQuire();
    try {
      const mail = email();
      const res = await q.admin("POST", "/_quire/v1/users", { name: "Ada", email: mail, password: PASSWORD });
      assert.equal(res.status, 200);
      assert.deepEqual(Object.keys(res.body).sort(), ["avatar_url", "has_password", "id", "name", "object", "person", "request_id", "role", "type"]);
      assert.equal(res.body.has_password, true);
      assert.ok(!JSON.stringify(res.body).includes(PASSWORD));
      assert.ok(await signsIn(q, mail, PASSWORD));
      const short = await q.admin("POST", "/_quire/v1/users", { name: "B", email: email(), password: "tiny secret" });
      assert.equal(short.status, 400);
      assert.equal(short.body.code, "validation_error");
      assert.equal(short.body.message, `body.password should be at least ${PASSWORD_MIN_CHARS} characters long (it has 11).`);
      assert.ok(!JSON.stringify(short.body).includes("tiny secret"));
      const notString = await q.admin("POST", "/_quire/v1/users", { name: "B", email: email(), password: 12345678901234 });
      assert.deepEqual([notString.status, notString.body.message], [400, "body.password should be a string."]);
      // Characters, not UTF-16 units: twelve emoji are twelve characters.
      const emoji = await q.admin("POST", "/_quire/v1/users", { name: "E", email: email(), password: "🔑".repeat(12) });
      assert.equal(emoji.status, 200);
      const none = await q.admin("POST", "/_quire/v1/users", { name: "C", email: email() });
      assert.equal(none.body.has_password, false);
    } finally {
      await q.close();
    }
  });

  test("one person per email: the same email again (any case) in the same workspace → 400; the answer names the person", async () => {
    const q = await startTestQuire();
    try {
      const mail = email();
      const a = await q.admin("POST", "/_quire/v1/users", { name: "Ada", email: mail });
      const b = await q.admin("POST", "/_quire/v1/users", { name: "Someone", email: mail.toUpperCase() });
      assert.equal(b.status, 400);
      assert.equal(b.body.code, "validation_error");
      assert.match(b.body.message, new RegExp(`already the email of another user \\(${a.body.id}\\)`));
    } finally {
      await q.close();
    }
  });

  test("PATCH /_quire/v1/users/{id} {password}: sets or resets it and ends the person's sessions; null removes it; unknown, bots and people of another workspace → 404", async () => {
    const dir = tmp();
    const q = await startTestQuire({ dataDir: dir, memory: false });
    try {
      const mail = email();
      const { body: p } = await q.admin("POST", "/_quire/v1/users", { name: "Ada", email: mail, password: PASSWORD });
      const browser = new FormClient(q.url);
      await browser.signIn(mail, PASSWORD);
      assert.equal((await browser.session()).status, 200);
      const reset = await q.admin("PATCH", `/_quire/v1/users/${p.id}`, { password: "a brand new passphrase" });
      assert.equal(reset.status, 200);
      assert.equal(reset.body.has_password, true);
      assert.equal((await browser.session()).status, 401, "a new password ends every session");
      assert.equal(await signsIn(q, mail, PASSWORD), false);
      assert.ok(await signsIn(q, mail, "a brand new passphrase"));
      const removed = await q.admin("PATCH", `/_quire/v1/users/${p.id}`, { password: null });
      assert.equal(removed.body.has_password, false);
      assert.equal(await signsIn(q, mail, "a brand new passphrase"), false);

      const short = await q.admin("PATCH", `/_quire/v1/users/${p.id}`, { password: "short" });
      assert.deepEqual([short.status, short.body.code], [400, "validation_error"]);
      const missing = await q.admin("PATCH", `/_quire/v1/users/${p.id}`, {});
      assert.equal(missing.status, 400);
      const unknown = randomUUID();
      const notFound = await q.admin("PATCH", `/_quire/v1/users/${unknown}`, { password: PASSWORD });
      assert.deepEqual([notFound.status, notFound.body.code, notFound.body.message], [404, "object_not_found", `Could not find user with ID: ${unknown}.`]);
      const bot = (await q.admin("GET", `/_quire/v1/integrations/${q.devIntegrationId}`)).body.bot_id;
      assert.equal((await q.admin("PATCH", `/_quire/v1/users/${bot}`, { password: PASSWORD })).status, 404);

      // A second workspace with a person of its own (workspaces are created behind the server until
      // h12-workspaces' control routes land): the unscoped route (the seeded workspace) never reaches them.
      const ws2 = randomUUID();
      const other = randomUUID();
      await execOnStore(dir, "INSERT INTO workspaces (id, name, created_time, time_zone) VALUES (?, 'Second', ?, 'UTC')", [ws2, Date.now()]);
      await execOnStore(dir, "INSERT INTO users (workspace_id, id, type, name, email, created_time, role) VALUES (?, ?, 'person', 'Other', 'other@example.com', ?, 'member')", [ws2, other, Date.now()]);
      await execOnStore(dir, "INSERT INTO accounts (user_id, email, password_hash, created_time, updated_time) VALUES (?, 'other@example.com', NULL, 0, 0)", [other]);
      const crossing = await q.admin("PATCH", `/_quire/v1/users/${other}`, { password: PASSWORD });
      assert.deepEqual([crossing.status, crossing.body.code], [404, "object_not_found"]);
      assert.equal((await queryOnStore(dir, "SELECT password_hash FROM accounts WHERE user_id = ?", [other]))[0].password_hash, null);
      // Joining the seeded workspace by email is the same person (same id), and the session shows both workspaces.
      const joined = await q.admin("POST", "/_quire/v1/users", { name: "A different name", email: "OTHER@example.com", password: PASSWORD });
      assert.equal(joined.status, 200);
      assert.deepEqual([joined.body.id, joined.body.name, joined.body.person.email], [other, "Other", "other@example.com"]);
      const s = new FormClient(q.url);
      assert.equal((await s.signIn("other@example.com", PASSWORD)).status, 303);
      assert.deepEqual((await s.session()).body.workspaces, [{ id: ws2, name: "Second", role: "member", can_manage: false }, { id: q.workspaceId, name: "Quire", role: "member", can_manage: false }]);
    } finally {
      await q.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("a hash made at an older cost is redone at today's cost by the next sign-in", async () => {
    const dir = tmp();
    const q = await startTestQuire({ dataDir: dir, memory: false });
    try {
      const mail = email();
      const { body: p } = await q.admin("POST", "/_quire/v1/users", { name: "Ada", email: mail });
      const salt = Buffer.from("0123456789abcdef");
      const key = scryptSync(PASSWORD, salt, 32, { N: 2 ** 10, r: 8, p: 1 });
      const b64 = (b: Buffer) => b.toString("base64").replace(/=+$/, "");
      await execOnStore(dir, "UPDATE accounts SET password_hash = ? WHERE user_id = ?", [`$scrypt$ln=10,r=8,p=1$${b64(salt)}$${b64(key)}`, p.id]);
      assert.ok(await signsIn(q, mail, PASSWORD));
      const [row] = await queryOnStore(dir, "SELECT password_hash FROM accounts WHERE user_id = ?", [p.id]);
      assert.match(row.password_hash, /^\$scrypt\$ln=15,r=8,p=1\$/);
      assert.ok(await signsIn(q, mail, PASSWORD));
    } finally {
      await q.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("no password, session id or CSRF token in the request log, the error log or the database; hashes are scrypt with their parameters", async () => {
    const dir = tmp();
    const lines: string[] = [];
    const q = await startTestQuire({ dataDir: dir, memory: false, log: (l) => lines.push(l), logError: (l) => lines.push(l) });
    try {
      const [mail, second] = [email(), "a second secret passphrase"];
      const { body: p } = await q.admin("POST", "/_quire/v1/users", { name: "Ada", email: mail, password: PASSWORD });
      await q.admin("POST", "/_quire/v1/users", { name: "B", email: email(), password: "too short" });
      const browser = new FormClient(q.url);
      await browser.signIn(mail, "a wrong password guess");
      await browser.signIn(mail, PASSWORD, { next: `/login?password=${encodeURIComponent(PASSWORD)}` });
      const sessionId = browser.jar.get("quire_session")!;
      const csrf = (await browser.session()).body.csrf_token;
      await q.admin("PATCH", `/_quire/v1/users/${p.id}`, { password: second });
      await fetch(`${q.url}/login?password=${encodeURIComponent(PASSWORD)}`);
      const secrets = [PASSWORD, encodeURIComponent(PASSWORD), new URLSearchParams({ p: PASSWORD }).toString().slice(2), second, "too short", "a wrong password guess", sessionId, csrf];
      await q.close();
      const logged = lines.join("\n");
      assert.ok(lines.some((l) => l.startsWith("POST /login 303")), logged);
      for (const s of secrets) assert.ok(!logged.includes(s), `the log holds a secret: ${logged}`);
      const tables = ["accounts", "sessions", "signin_attempts", "meta", "users"];
      const dump = JSON.stringify(await Promise.all(tables.map((t) => queryOnStore(dir, `SELECT * FROM ${t}`))));
      for (const s of secrets) assert.ok(!dump.includes(s), `the database holds a secret in clear`);
      const keys = (await queryOnStore(dir, "SELECT key FROM signin_attempts")).map((r) => r.key as string);
      assert.ok(keys.length > 0 && keys.every((k) => /^(email:[0-9a-f]{64}|addr:.+)$/.test(k)), `rate-limit keys hold no email: ${keys}`);
      const [row] = await queryOnStore(dir, "SELECT password_hash FROM accounts WHERE user_id = ?", [p.id]);
      assert.match(row.password_hash, /^\$scrypt\$ln=15,r=8,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
      const sessions = await queryOnStore(dir, "SELECT id_hash FROM sessions");
      assert.ok(sessions.every((s) => /^[0-9a-f]{64}$/.test(s.id_hash)));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("one person across workspaces (domain, on the pass's store)", () => {
  test("the same email in a second workspace is the same person: same id, their name kept; a second password is refused", async () => {
    let store: Store;
    let cleanup: () => Promise<void>;
    if (TEST_STORE === "postgres") {
      const db = await freshDatabase();
      store = await openPostgresStore({ url: db.url });
      cleanup = async () => (await store.close(), await db.drop());
    } else {
      const dir = tmp();
      store = openSqliteStore({ filename: join(dir, "quire.db") });
      cleanup = async () => (await store.close(), rmSync(dir, { recursive: true, force: true }));
    }
    try {
      const deps = { store, clock: systemClock, ids: randomIds } as unknown as Deps;
      const [ws1, ws2] = [randomUUID(), randomUUID()];
      await store.write(async (tx) => {
        await tx.insertWorkspace({ id: ws1, name: "One", created_time: 1, time_zone: "UTC" });
        await tx.insertWorkspace({ id: ws2, name: "Two", created_time: 2, time_zone: "UTC" });
      });
      const a = await store.write((tx) => addPerson(deps, tx, ws1, { name: "Ada", email: "ada@example.com", passwordHash: "$scrypt$ln=15,r=8,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" }));
      const b = await store.write((tx) => addPerson(deps, tx, ws2, { name: "Countess", email: "ADA@example.com", passwordHash: null }));
      assert.equal(b.id, a.id);
      assert.deepEqual([b.name, b.person.email, b.has_password], ["Ada", "ada@example.com", true]);
      const memberships = await store.read((tx) => tx.accounts.memberships(a.id));
      assert.deepEqual(memberships.map((m) => m.workspace_name), ["One", "Two"]);
      const third = randomUUID();
      await store.write((tx) => tx.insertWorkspace({ id: third, name: "Three", created_time: 3, time_zone: "UTC" }));
      await assert.rejects(
        store.write((tx) => addPerson(deps, tx, third, { name: "Ada", email: "ada@example.com", passwordHash: "$scrypt$other" })),
        (e: ApiError) => e.status === 400 && /already has a password/.test(e.message),
      );
      assert.equal((await store.read((tx) => tx.accounts.memberships(a.id))).length, 2, "nothing of the refused join was written");
    } finally {
      await cleanup();
    }
  });
});

describe("sessions on several nodes", { skip: onPostgres ? false : "PostgreSQL pass only: nodes share a PostgreSQL database" }, () => {
  test("a session one node started is accepted by another, and a sign-out on either ends it on both", async () => {
    const db = await freshDatabase();
    const a = await startTestQuire({ databaseUrl: db.url });
    const b = await startTestQuire({ databaseUrl: db.url });
    try {
      const mail = email();
      await a.admin("POST", "/_quire/v1/users", { name: "Ada", email: mail, password: PASSWORD });
      const onA = new FormClient(a.url);
      assert.equal((await onA.signIn(mail, PASSWORD)).status, 303);
      const onB = new FormClient(b.url);
      for (const [k, v] of onA.jar) onB.jar.set(k, v);
      const s = await onB.session();
      assert.equal(s.status, 200);
      assert.equal(s.body.user.person.email, mail);
      // The CSRF token is the same on every node (one key, in the store).
      assert.equal((await onB.post("/logout", { csrf_token: s.body.csrf_token })).status, 303);
      assert.equal((await onA.session()).status, 401);
    } finally {
      await a.close();
      await b.close();
      await db.drop();
    }
  });
});
