/**
 * `<data dir>/server.json`: where a running server answers and its admin key (mode 0600), so the
 * CLI's control commands find a server started with any `--port` or `--data`. Written once the
 * server listens, removed when it closes; a file whose process is gone (kill -9) reads as stale.
 */
import { readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export const SERVER_FILE = "server.json";

export interface ServerFile {
  url: string;
  /** Absent when the server cannot show it (PostgreSQL without a secret key, docs/design/secrets.md). */
  admin_key?: string;
  pid: number;
}

/** Records the running server in `dir`, replacing the file whole (never half-written). */
export function writeServerFile(dir: string, info: ServerFile): void {
  const temp = join(dir, `.${SERVER_FILE}.${process.pid}.${Date.now()}`);
  writeFileSync(temp, JSON.stringify(info, null, 2) + "\n", { mode: 0o600, flag: "wx" });
  renameSync(temp, join(dir, SERVER_FILE));
}

/** Removes the file if it still describes this server (another may have started on the same directory since). */
export function removeServerFile(dir: string, info: Pick<ServerFile, "url" | "pid">): void {
  const current = readRaw(dir);
  if (current && current.url === info.url && current.pid === info.pid) rmSync(join(dir, SERVER_FILE), { force: true });
}

/** The running server recorded in `dir`, or null when there is none or its process has exited. */
export function readServerFile(dir: string): ServerFile | null {
  const info = readRaw(dir);
  return info && alive(info.pid) ? info : null;
}

function readRaw(dir: string): ServerFile | null {
  try {
    const info = JSON.parse(readFileSync(join(dir, SERVER_FILE), "utf8")) as Partial<ServerFile>;
    if (typeof info.url !== "string" || (info.admin_key !== undefined && typeof info.admin_key !== "string") || typeof info.pid !== "number") return null;
    return { url: info.url, ...(info.admin_key !== undefined ? { admin_key: info.admin_key } : {}), pid: info.pid };
  } catch {
    return null;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to another user.
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}
