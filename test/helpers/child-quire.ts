/** Starts test/helpers/serve.ts in a child process: a Quire the test can time and kill from outside. */
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { Client, LogLevel } from "@notionhq/client";
import type { QuireOptions } from "../../src/index.js";
import { pgOptions } from "./store.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

export interface ChildQuire {
  child: ChildProcess;
  url: string;
  token: string;
  adminKey: string;
  /** Id of the seeded "Getting started" page (shared with the dev integration). */
  rootPageId: string;
  /** The SDK against it (retries off). */
  client(): Client;
  /**
   * The longest stretch of CPU time (ms) the server spent between two turns of its event loop
   * since the last call (serve.ts); the first call starts the measurement.
   */
  cpuStretch(): Promise<number>;
  /** Stops it (SIGTERM, then SIGKILL after 5 s) and waits for the exit. */
  stop(): Promise<void>;
}

/** Starts a child Quire on this pass's store (a PostgreSQL database per data directory, or a fresh one). */
export async function startChildQuire(givenOpts: QuireOptions = {}): Promise<ChildQuire> {
  const opts: QuireOptions = { memory: true, ...givenOpts };
  Object.assign(opts, (await pgOptions(opts)).options);
  const child = spawn(process.execPath, ["--import", "tsx", "test/helpers/serve.ts"], {
    cwd: ROOT,
    env: { ...process.env, QUIRE_TEST_OPTIONS: JSON.stringify(opts) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stderr!.on("data", (d) => (err += d));
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`test server did not start:\n${out}\n${err}`)), 30_000);
    child.on("exit", (code) => reject(new Error(`test server exited with ${code}:\n${out}\n${err}`)));
    let seen = false;
    child.stdout!.on("data", async (d) => {
      out += d;
      const line = out.split("\n").find((l) => l.startsWith("{"));
      if (!line || seen) return;
      seen = true;
      clearTimeout(timer);
      const info = JSON.parse(line) as { url: string; token: string; adminKey: string; devIntegrationId: string };
      const res = await fetch(`${info.url}/_quire/v1/integrations/${info.devIntegrationId}`, { headers: { authorization: `Bearer ${info.adminKey}` } });
      const rootPageId = ((await res.json()) as { shares: string[] }).shares[0];
      resolve({
        child,
        ...info,
        rootPageId,
        client: () => new Client({ auth: info.token, baseUrl: info.url, retry: false, logLevel: LogLevel.ERROR } as ConstructorParameters<typeof Client>[0]),
        cpuStretch: () =>
          new Promise<number>((done, fail) => {
            const from = out.length;
            // A server that cannot answer a signal for 15 s has stalled.
            const late = setTimeout(() => {
              child.stdout!.off("data", read);
              fail(new Error("the test server did not report its CPU stretch within 15 s: it is stalled"));
            }, 15_000);
            const read = () => {
              const m = /stretch ([\d.]+)\n/.exec(out.slice(from));
              if (!m) return;
              clearTimeout(late);
              child.stdout!.off("data", read);
              done(Number(m[1]));
            };
            child.stdout!.on("data", read);
            child.kill("SIGUSR2");
          }),
        async stop() {
          if (child.exitCode !== null) return;
          child.kill("SIGTERM");
          const kill = setTimeout(() => child.kill("SIGKILL"), 5000);
          await exited;
          clearTimeout(kill);
        },
      });
    });
  });
}
