import { fileURLToPath } from "node:url";
/** Loading the recorded notion-sdk-py cassettes (see /work/shared/fixtures/README.md §1). */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** `shared/fixtures` beside the repository (as laid out for development and CI), or QUIRE_FIXTURES_DIR. */
export const FIXTURES_DIR = process.env.QUIRE_FIXTURES_DIR ?? fileURLToPath(new URL("../../../shared/fixtures", import.meta.url));
export const CASSETTES_DIR = join(FIXTURES_DIR, "notion-sdk-py", "cassettes");

export interface RecordedRequest {
  method: string;
  /** Path plus query string, host removed. */
  path: string;
  headers: Record<string, string>;
  /** Parsed JSON, null when no body was sent, or the raw text (multipart uploads). */
  body: unknown;
}

export interface Interaction {
  request: RecordedRequest;
  response: { status: number; body: unknown };
}

export interface Cassette {
  /** File base name without `.json`, e.g. `test_pages_create`. */
  name: string;
  source: string;
  interactions: Interaction[];
}

export function loadCassettes(dir = CASSETTES_DIR): Cassette[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => {
      const raw = JSON.parse(readFileSync(join(dir, f), "utf8")) as { source: string; interactions: Interaction[] };
      return { name: f.slice(0, -".json".length), source: raw.source, interactions: raw.interactions };
    });
}

const PATH_ID = /task_[0-9a-f]{32}|[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}/gi;

/** `GET /v1/blocks/{id}/children` — the method and path template, query dropped. */
export function endpointOf(method: string, pathAndQuery: string): string {
  const path = pathAndQuery.split("?")[0];
  return `${method.toUpperCase()} ${path.replace(PATH_ID, "{id}")}`;
}

const METHOD_ORDER = ["GET", "POST", "PATCH", "PUT", "DELETE"];

/** Orders endpoints by path template, then GET, POST, PATCH, DELETE. */
export function compareEndpoints(a: string, b: string): number {
  const [ma, pa] = a.split(" ");
  const [mb, pb] = b.split(" ");
  if (pa !== pb) return pa < pb ? -1 : 1;
  return METHOD_ORDER.indexOf(ma) - METHOD_ORDER.indexOf(mb);
}
