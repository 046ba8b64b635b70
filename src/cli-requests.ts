/**
 * `quire requests tail [--integration ID] [--status 4xx|404] [--path P] [--method M] [--auth KIND]`: follows the
 * request log's stream (`GET /_quire/v1/requests/stream`, Server-Sent Events) and prints one line
 * per answered `/v1` request — time, method, path, status, duration, integration, request id —
 * until the server closes the stream or the command is stopped.
 */
import { parseArgs } from "node:util";
import { ConfigError } from "./config.js";
import { findTarget, TARGET_OPTIONS } from "./cli-control.js";
import { followStream } from "./cli-sse.js";
import type { RequestEntry } from "./domain/toolkit/requests.js";

/** The line printed for a request. */
export function requestLine(e: Pick<RequestEntry, "time" | "method" | "path" | "status" | "duration_ms" | "integration" | "id">): string {
  const who = e.integration ? `${e.integration.name} (${e.integration.id})` : "-";
  return `${e.time}  ${e.method} ${e.path}  ${e.status}  ${e.duration_ms} ms  ${who}  ${e.id}`;
}

/** Runs the tail; resolves when the server ends the stream. */
export async function requestsTail(argv: string[], env: NodeJS.ProcessEnv = process.env, write = (line: string) => void process.stdout.write(line + "\n")): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({ args: argv, options: { ...TARGET_OPTIONS, integration: { type: "string" }, status: { type: "string" }, path: { type: "string" }, method: { type: "string" }, auth: { type: "string" } } }));
  } catch (e) {
    throw new ConfigError((e as Error).message);
  }
  const target = findTarget(values, env);
  const query = new URLSearchParams();
  if (values.integration) query.set("integration_id", values.integration);
  if (values.status) query.set("status", values.status);
  if (values.path) query.set("path", values.path);
  if (values.method) query.set("method", values.method);
  // integration, personal_access_token, session or none; several comma-separated (the server checks them).
  if (values.auth) query.set("auth", values.auth);
  const qs = query.size ? `?${query}` : "";
  await followStream(target, `/_quire/v1/requests/stream${qs}`, `Following /v1 requests at ${target.url} (Ctrl-C stops).`, write, (data) => write(requestLine(data as RequestEntry)));
}
