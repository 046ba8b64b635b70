/**
 * `quire webhook tail [--webhook ID | --integration ID]`: follows the control API's delivery stream
 * (`GET …/webhooks/deliveries/stream`, Server-Sent Events) and prints one line per attempt as the
 * server records it — time, webhook, event type, entity, attempt number, status or error, latency —
 * until the server closes the stream or the command is stopped.
 */
import { parseArgs } from "node:util";
import { ConfigError } from "./config.js";
import { findTarget, workspacePrefix, TARGET_OPTIONS } from "./cli-control.js";
import { followStream } from "./cli-sse.js";

/** One attempt as the stream sends it (domain/webhooks/tail.ts `tailEntry`). */
export interface TailEntry {
  time: string;
  webhook_id: string;
  delivery_id: string;
  type: string;
  entity: { id: string; type: string } | null;
  attempt_number: number;
  status_code: number | null;
  error: string | null;
  duration_ms: number;
  delivery_status: string;
}

/** The line printed for an attempt. */
export function tailLine(e: TailEntry): string {
  const outcome = e.status_code !== null ? String(e.status_code) : (e.error ?? "-");
  const entity = e.entity ? `${e.entity.type} ${e.entity.id}` : "-";
  return `${e.time}  ${e.webhook_id}  ${e.type}  ${entity}  attempt ${e.attempt_number}  ${outcome}  ${e.duration_ms} ms  (${e.delivery_status})`;
}

/** Runs the tail; resolves when the server ends the stream. */
export async function webhookTail(argv: string[], env: NodeJS.ProcessEnv = process.env, write = (line: string) => void process.stdout.write(line + "\n")): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({ args: argv, options: { ...TARGET_OPTIONS, workspace: { type: "string" }, webhook: { type: "string" }, integration: { type: "string" } } }));
  } catch (e) {
    throw new ConfigError((e as Error).message);
  }
  if (values.webhook && values.integration) throw new ConfigError("quire webhook tail: give --webhook ID or --integration ID, not both.");
  const target = findTarget(values, env);
  const query = values.webhook ? `?webhook_id=${encodeURIComponent(values.webhook)}` : values.integration ? `?integration_id=${encodeURIComponent(values.integration)}` : "";
  const path = `${workspacePrefix(values.workspace)}/webhooks/deliveries/stream${query}`;
  await followStream(target, path, `Following webhook deliveries at ${target.url} (Ctrl-C stops).`, write, (data) => write(tailLine(data as TailEntry)));
}
