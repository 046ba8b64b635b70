/** Forks the bench's server processes and talks to them over IPC (advanced serialization). */
import { fork, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";

export interface Child<Ready> {
  proc: ChildProcess;
  pid: number;
  ready: Ready;
  /** Sends `{type}` and waits for the first message whose type is `answer`. */
  ask<T>(type: string, answer: string): Promise<T>;
  /** Asks the child to close its server and exit; resolves when it has. */
  close(): Promise<void>;
}

const benchDir = fileURLToPath(new URL("..", import.meta.url));

/** Starts `bench/<script>` under tsx and waits for its `{type:"ready"}` message. */
export async function startChild<Ready>(script: string, env: Record<string, string>, nodeArgs: string[] = []): Promise<Child<Ready>> {
  const proc = fork(benchDir + script, [], {
    execArgv: ["--import", "tsx", ...nodeArgs],
    env: { ...process.env, ...env },
    serialization: "advanced",
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const next = <T>(type: string) =>
    new Promise<T>((resolve, reject) => {
      const onMessage = (m: { type: string }) => {
        if (m.type !== type) return;
        proc.off("exit", onExit);
        proc.off("message", onMessage);
        resolve(m as T);
      };
      const onExit = (code: number | null) => reject(new Error(`${script} exited (${code}) before sending "${type}"`));
      proc.on("message", onMessage);
      proc.once("exit", onExit);
    });
  const ready = await next<Ready>("ready");
  return {
    proc,
    pid: proc.pid!,
    ready,
    ask<T>(type: string, answer: string) {
      const reply = next<T>(answer);
      proc.send({ type });
      return reply;
    },
    close() {
      if (proc.exitCode !== null) return Promise.resolve();
      const exited = new Promise<void>((resolve) => proc.once("exit", () => resolve()));
      proc.send({ type: "close" });
      return exited;
    },
  };
}
