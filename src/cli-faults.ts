/**
 * `quire faults …`: the toolkit's injected faults over `/_quire/v1/faults` (server-wide; docs/design/
 * clock-rate-limits-faults.md, "Faults"). The CLI only speaks HTTP: where the server keeps its
 * faults is its own business.
 */
import { ConfigError } from "./config.js";

/** The options `faults add` adds to the control commands' (`--integration` is shared with `webhook`). */
export const FAULT_OPTIONS = {
  method: { type: "string" },
  path: { type: "string" },
  integration: { type: "string" },
  error: { type: "string" },
  "latency-ms": { type: "string" },
  probability: { type: "string" },
  count: { type: "string" },
  seed: { type: "string" },
  all: { type: "boolean" },
} as const;

/** Parsed values of the options above. */
export interface FaultValues {
  method?: string;
  path?: string;
  integration?: string;
  error?: string;
  "latency-ms"?: string;
  probability?: string;
  count?: string;
  seed?: string;
  all?: boolean;
}

type Request = [string, string, unknown?];

/** A number when the flag reads as one; else the text as given, for the server to refuse in its own words. */
const numeric = (s: string | undefined): number | string | undefined => (s === undefined ? undefined : /^-?\d+(\.\d+)?$/.test(s) ? Number(s) : s);

/**
 * `quire faults add [--method M] [--path P] [--integration ID] [--error E] [--latency-ms N]
 * [--probability P] [--count N] [--seed N]`, `faults list`, `faults get ID`, `faults delete ID|--all`.
 * Undefined when the command is another, null for a usage error.
 */
export function faultsRoute(command: string, sub: string | undefined, id: string | undefined, values: FaultValues): Request | null | undefined {
  if (command !== "faults") return undefined;
  switch (sub) {
    case "add":
      if (values.error === undefined && values["latency-ms"] === undefined) throw new ConfigError("faults add needs --error (429, 500, 502, 503, 504, 529, timeout, reset) or --latency-ms N, or both.");
      return ["POST", "/_quire/v1/faults", addBody(values)];
    case undefined:
    case "list":
      return ["GET", "/_quire/v1/faults"];
    case "get":
      return id ? ["GET", `/_quire/v1/faults/${encodeURIComponent(id)}`] : null;
    case "delete":
      if ((id === undefined) === (values.all !== true)) throw new ConfigError("faults delete needs a fault id or --all, not both.");
      return id ? ["DELETE", `/_quire/v1/faults/${encodeURIComponent(id)}`] : ["DELETE", "/_quire/v1/faults"];
  }
  return null;
}

/** POST /_quire/v1/faults's body: unset flags left out, so the server's defaults apply. */
function addBody(values: FaultValues): Record<string, unknown> {
  const match = { method: values.method, path: values.path, integration_id: values.integration };
  const body: Record<string, unknown> = {
    match,
    error: numeric(values.error),
    latency_ms: numeric(values["latency-ms"]),
    probability: numeric(values.probability),
    count: numeric(values.count),
    seed: numeric(values.seed),
  };
  return JSON.parse(JSON.stringify(body));
}
