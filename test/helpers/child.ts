/** Runs the real `quire` CLI in a child process (through tsx, so no build is needed). */
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { childDatabaseUrl, onPostgres, testSecretKey } from "./store.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const CLI = ["--import", "tsx", "src/cli.ts"];

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  token: string;
  adminKey: string;
  output: () => string;
  /** What the server wrote to stderr so far. */
  errors: () => string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/**
 * `serve` arguments and environment for this pass's store: in the PostgreSQL pass a server gets
 * QUIRE_DATABASE_URL (the database of its --data directory, or a fresh one in place of --memory,
 * its files then in a temp directory) unless the test sets one itself.
 */
async function onStore(args: string[], env: NodeJS.ProcessEnv): Promise<[string[], NodeJS.ProcessEnv]> {
  if (!onPostgres || env.QUIRE_DATABASE_URL !== undefined || args.includes("--database-url")) return [args, env];
  const at = args.indexOf("--data");
  const dataDir = at >= 0 ? args[at + 1] : (env.QUIRE_DATA_DIR ?? undefined);
  if (args.includes("--memory")) {
    args = args.filter((a) => a !== "--memory");
    args.push("--data", mkdtempSync(join(tmpdir(), "quire-files-")));
  }
  // Every node of a PostgreSQL deployment is given the same secret key (src/secret-key.ts).
  const secretKey = env.QUIRE_SECRET_KEY ?? (args.includes("--secret-key-file") ? undefined : testSecretKey(dataDir));
  return [args, { ...env, QUIRE_DATABASE_URL: await childDatabaseUrl(dataDir), ...(secretKey !== undefined ? { QUIRE_SECRET_KEY: secretKey } : {}) }];
}

/** Starts `quire serve …args` and waits for its banner (on this pass's store). */
export async function startServerProcess(givenArgs: string[], givenEnv: NodeJS.ProcessEnv = {}): Promise<ServerProcess> {
  const [args, env] = await onStore(givenArgs, givenEnv);
  const child = spawn(process.execPath, [...CLI, "serve", ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let err = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (err += d));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    // A server that never printed its banner is killed: left running, its pipes kept the test file from ever ending.
    const timer = setTimeout(() => (child.kill("SIGKILL"), reject(new Error(`server did not start:\n${out}\n${err}`))), 20000);
    const check = () => {
      const url = /Base URL:\s+(\S+)/.exec(out)?.[1];
      const token = /Dev token:\s+(\S+)/.exec(out)?.[1];
      const adminKey = /Admin key:\s+(\S+)/.exec(out)?.[1];
      if (url && token && adminKey) {
        clearTimeout(timer);
        child.stdout!.off("data", check);
        resolve({
          child,
          url,
          token,
          adminKey,
          output: () => out,
          errors: () => err,
          async stop(signal = "SIGTERM") {
            child.kill(signal);
            return exited;
          },
        });
      }
    };
    child.stdout!.on("data", check);
    child.on("exit", (code) => reject(new Error(`server exited with ${code}:\n${out}\n${err}`)));
  });
}

/** Runs a one-shot CLI command and returns its exit code and output (`serve` on this pass's store). */
export async function runCli(givenArgs: string[], givenEnv: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const [args, env] = givenArgs[0] === "serve" ? await onStore(givenArgs, givenEnv) : [givenArgs, givenEnv];
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...CLI, ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
  });
}
