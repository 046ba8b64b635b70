/** The CLI's control commands against a test server, for the CLI suites (test/cli-*.test.ts). */
import { after, before } from "node:test";
import assert from "node:assert/strict";
import { runCli } from "./child.js";
import { startTestQuire, type TestQuire } from "./quire.js";

/** A file's server and the CLI aimed at it (`--url`, `--admin-key`). */
export interface ControlCli {
  /** The server (set once the file's `before` has run). */
  q: TestQuire;
  /** Runs `quire <args>` against the server: its exit code and output. */
  run(...args: string[]): ReturnType<typeof runCli>;
  /** Runs `quire <args>`, asserts exit code 0 and answers its JSON output. */
  cli(...args: string[]): Promise<any>;
}

/** Starts a test server before the calling file's tests and closes it after them. */
export function controlCliSuite(): ControlCli {
  let flags: string[] = [];
  const suite: ControlCli = {
    q: undefined as unknown as TestQuire,
    run: (...args) => runCli([...args, ...flags]),
    async cli(...args) {
      const r = await suite.run(...args);
      assert.equal(r.code, 0, `${args.join(" ")}: ${r.stderr}`);
      return JSON.parse(r.stdout);
    },
  };
  before(async () => {
    suite.q = await startTestQuire();
    flags = ["--url", suite.q.url, "--admin-key", suite.q.adminKey];
  });
  after(() => suite.q?.close());
  return suite;
}
