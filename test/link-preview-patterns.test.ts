/**
 * Link-preview URL patterns (src/domain/link-previews/patterns.ts): which regular expressions are
 * accepted (compiling, bounded, no nested quantifiers or backreferences — catastrophic
 * backtracking refused at registration), what a match fills in, and domains with subdomains.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { inDomain, matchUrl, MAX_URL_LENGTH, patternProblem } from "../src/domain/link-previews/patterns.js";

const ok = (source: string) => assert.equal(patternProblem(source), null, source);
const refused = (source: string, why: RegExp) => assert.match(patternProblem(source) ?? "(accepted)", why, source);

test("patterns: ordinary URL patterns with named groups are accepted", () => {
  ok("^https://tracker\\.example/(?<project>[a-z0-9-]+)/issues/(?<number>\\d+)$");
  ok("^https://x\\.example/(?:a|b)/(?<id>\\w{1,40})");
  ok("^https://x\\.example/(?<path>[^?#]+)(?:\\?.*)?$");
  ok("^https://x\\.example/(ab){3}$");
});

test("patterns: nested quantifiers, quantified alternations and backreferences are refused", () => {
  refused("^(a+)+$", /catastrophic backtracking/);
  refused("^https://x/((?:[a-z]+/)*)+$", /catastrophic backtracking/);
  refused("^(a|aa)*$", /catastrophic backtracking/);
  refused("^(?<x>a)\\k<x>$", /backreferences/);
  refused("^(a)\\1$", /backreferences/);
});

test("patterns: invalid or overlong expressions are refused", () => {
  refused("^(unclosed", /valid regular expression/);
  refused("a".repeat(501), /at most 500/);
});

test("patterns: a match fills $<group> placeholders; no match or an overlong URL is null", () => {
  const patterns = [{ name: "issue", pattern: "^https://t\\.example/(?<project>[a-z]+)/(?<n>\\d+)$", attributes: { title: "$<project> #$<n>", dev: "Tracker", missing: "[$<nope>]" } }];
  assert.deepEqual(matchUrl("https://t.example/quire/42", patterns)?.attributes, { title: "quire #42", dev: "Tracker", missing: "[]" });
  assert.equal(matchUrl("https://t.example/quire/x", patterns), null);
  assert.equal(matchUrl(`https://t.example/quire/${"1".repeat(MAX_URL_LENGTH)}`, patterns), null);
});

test("patterns: a domain covers itself and its subdomains, nothing else", () => {
  assert.equal(inDomain("example.com", "example.com"), true);
  assert.equal(inDomain("Docs.Example.com", "example.com"), true);
  assert.equal(inDomain("badexample.com", "example.com"), false);
  assert.equal(inDomain("example.com.evil.test", "example.com"), false);
});
