/**
 * Server bugs the fuzzer found that are reported but not yet fixed (their code is owned
 * elsewhere). A 5xx answer to a request one of these matches is counted, not failed, so the
 * suite keeps guarding everything else; each has a `todo` regression test in fuzz.test.ts that
 * starts passing once the fix lands — then delete the entry. FUZZ_STRICT=1 tolerates nothing.
 */
import type { FuzzRequest } from "./http.js";

export interface KnownBug {
  id: string;
  summary: string;
  /** A minimal request that shows it (path relative to a page the caller can write to). */
  repro: (pageId: string) => { method: string; path: string; body: unknown };
  matches: (body: unknown, req: FuzzRequest) => boolean;
}

/**
 * Empty: the two entries this started with ("type": "toString" selecting Object.prototype
 * members; a file URL with bad percent-encoding → URIError) were fixed in 5aca407 and are now
 * plain regressions in fuzz.test.ts. Shape of an entry:
 *   { id: "file-name-percent", summary: "where and what",
 *     repro: (page) => ({ method: "PATCH", path: `/v1/blocks/${page}/children`, body: {...} }),
 *     matches: (body) => true for the requests this bug explains }
 */
export const KNOWN_BUGS: KnownBug[] = [];

const hits = new Map<string, number>();

export function matchKnownBug(req: FuzzRequest): KnownBug | undefined {
  if (req.body === undefined) return undefined;
  let body: unknown;
  try {
    body = JSON.parse(req.body);
  } catch {
    return undefined;
  }
  return KNOWN_BUGS.find((b) => b.matches(body, req));
}

export function recordKnownBug(bug: KnownBug): void {
  hits.set(bug.id, (hits.get(bug.id) ?? 0) + 1);
}

/** How many 5xx answers each known bug explained so far. */
export function knownBugHits(): Record<string, number> {
  return Object.fromEntries(hits);
}
