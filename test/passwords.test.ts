/**
 * The password module (src/domain/signin/passwords.ts) in-process: the stored form carries its
 * parameters, checks are exact, Unicode normalization makes the same characters match, damaged or
 * foreign hashes never match, older costs are flagged for rehashing, generated passwords are
 * strong, and the rules never repeat the password.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { scryptSync } from "node:crypto";
import { generatePassword, hashPassword, needsRehash, passwordProblem, verifyNothing, verifyPassword } from "../src/domain/signin/passwords.js";

test("a hash is scrypt with its parameters and its own salt; only the same password matches", async () => {
  const [a, b] = [await hashPassword("correct horse battery"), await hashPassword("correct horse battery")];
  assert.match(a, /^\$scrypt\$ln=15,r=8,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
  assert.notEqual(a, b, "a fresh salt each time");
  assert.equal(await verifyPassword("correct horse battery", a), true);
  assert.equal(await verifyPassword("correct horse batterY", a), false);
  assert.equal(await verifyPassword("", a), false);
  assert.equal(needsRehash(a), false);
});

test("NFKC: the same characters composed or decomposed are one password", async () => {
  const composed = "caf\u00e9 au lait, please";
  const decomposed = "cafe\u0301 au lait, please";
  assert.equal(await verifyPassword(decomposed, await hashPassword(composed)), true);
});

test("a hash made at another cost still checks, and is flagged for rehashing; damaged or foreign ones never match", async () => {
  const salt = Buffer.from("0123456789abcdef");
  const key = scryptSync("older password here".normalize("NFKC"), salt, 32, { N: 2 ** 10, r: 8, p: 1 });
  const older = `$scrypt$ln=10,r=8,p=1$${salt.toString("base64").replace(/=+$/, "")}$${key.toString("base64").replace(/=+$/, "")}`;
  assert.equal(await verifyPassword("older password here", older), true);
  assert.equal(needsRehash(older), true);
  for (const bad of ["", "plain text", "$scrypt$ln=40,r=8,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA", older.replace("ln=10", "ln=11")])
    assert.equal(await verifyPassword("older password here", bad), false, bad);
  assert.equal(await verifyNothing("anything at all"), false);
});

test("rules: at least 12 characters counted as characters, at most 1024; the message never holds the password", () => {
  assert.equal(passwordProblem("twelve chars", "body.password"), null);
  assert.equal(passwordProblem("eleven char", "body.password"), "body.password should be at least 12 characters long (it has 11).");
  assert.equal(passwordProblem("🔑".repeat(12), "p"), null);
  assert.match(passwordProblem("x".repeat(1025), "p")!, /at most 1024 characters/);
});

test("generated passwords: 24 characters of 57 unambiguous ones, never the same twice", () => {
  const seen = new Set<string>();
  for (let i = 0; i < 200; i++) {
    const p = generatePassword();
    assert.match(p, /^[A-HJ-NP-Za-km-z2-9]{24}$/);
    seen.add(p);
  }
  assert.equal(seen.size, 200);
});
