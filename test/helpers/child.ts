/** Runs the real `quire` CLI in a child process (through tsx, so no build is needed). */
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";

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

/** Starts `quire serve …args` and waits for its banner. */
export function startServerProcess(args: string[], env: NodeJS.ProcessEnv = {}): Promise<ServerProcess> {
  const child = spawn(process.execPath, [...CLI, "serve", ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let err = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (err += d));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}\n${err}`)), 20000);
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

/** Runs a one-shot CLI command and returns its exit code and output. */
export function runCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...CLI, ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
  });
}
