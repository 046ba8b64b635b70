/**
 * The per-version replay: the recorded 2025-09-03 cassettes rewritten as the same traffic under a
 * later Notion-Version, following only the differences Notion documents between the versions
 * (docs/design/versions.md). A request is rewritten as a client of that version must send it; a
 * recorded answer becomes what that version answers. Replayed like the recording (runner.ts) and
 * held to a baseline of its own, so that a version difference Quire gets wrong — or a change
 * beyond the documented ones — shows as a mismatch against real traffic.
 *
 * 2026-03-11 (developers.notion.com/docs/upgrade-guide-2026-03-11): `archived` → `in_trash` in
 * request bodies and gone from every answer; append's flat `after` → `position.after_block`;
 * block type `transcription` → `meeting_notes`.
 * 2026-12-01 (developers.notion.com/guides/get-started/upgrade-guide-2026-12-01): page results of
 * Search and Query a data source keep only the title property unless `filter_properties` is given.
 */
import { API_VERSIONS, atLeast, type ApiVersion } from "../../src/api/version.js";
import { endpointOf, type Cassette, type Interaction } from "./cassettes.js";
import { isPlainObject } from "./ids.js";

/** The versions after the recorded one that the recording is replayed as. */
export const LATER_VERSIONS = API_VERSIONS.filter((v) => atLeast(v, "2026-03-11"));

type Json = Record<string, unknown>;

/** The cassette as `version` traffic. */
export function asVersion(cassette: Cassette, version: ApiVersion): Cassette {
  return { ...cassette, interactions: cassette.interactions.map((it) => interactionAs(it, version)) };
}

function interactionAs(it: Interaction, version: ApiVersion): Interaction {
  const request = { ...it.request, headers: { ...it.request.headers, "notion-version": version } };
  if (isPlainObject(request.body)) request.body = requestBodyAs(request.body, it.request.method, it.request.path);
  return { request, response: { ...it.response, body: answerAs(it.response.body, version, endpointOf(it.request.method, it.request.path), it.request.path) } };
}

/** `archived` becomes `in_trash`; a flat `after` on append becomes `position: {type: "after_block"}`. */
function requestBodyAs(body: Json, method: string, path: string): Json {
  const out = { ...body };
  if ("archived" in out) {
    if (!("in_trash" in out)) out.in_trash = out.archived;
    delete out.archived;
  }
  if (method.toUpperCase() === "PATCH" && /^\/v1\/blocks\/[^/]+\/children/.test(path) && typeof out.after === "string" && out.position === undefined) {
    out.position = { type: "after_block", after_block: { id: out.after } };
    delete out.after;
  }
  return out;
}

/** Lists whose page results 2026-12-01 cuts to the title. */
const TITLE_ONLY_LISTS = new Set(["POST /v1/search", "POST /v1/data_sources/{id}/query"]);

function answerAs(body: unknown, version: ApiVersion, endpoint: string, path: string): unknown {
  const out = rewrite(body);
  if (atLeast(version, "2026-12-01") && TITLE_ONLY_LISTS.has(endpoint) && !/[?&]filter_properties=/.test(path) && isPlainObject(out) && Array.isArray(out.results)) {
    for (const r of out.results) if (isPlainObject(r) && r.object === "page" && isPlainObject(r.properties)) r.properties = titleOnly(r.properties);
  }
  return out;
}

/** A deep copy without `archived` beside `in_trash`, with `transcription` blocks named `meeting_notes`. */
function rewrite(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(rewrite);
  if (!isPlainObject(value)) return value;
  const out: Json = {};
  for (const [k, v] of Object.entries(value)) {
    if (k === "archived" && "in_trash" in value) continue;
    out[k === "transcription" && value.type === "transcription" ? "meeting_notes" : k] = k === "type" && v === "transcription" ? "meeting_notes" : rewrite(v);
  }
  return out;
}

function titleOnly(properties: Json): Json {
  return Object.fromEntries(Object.entries(properties).filter(([, p]) => isPlainObject(p) && p.type === "title"));
}
