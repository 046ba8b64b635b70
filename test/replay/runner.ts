/**
 * Replays recorded cassettes against a live Quire, one fresh in-memory server per cassette.
 *
 * Seeding (README §1 "Replay method" step 1), through the public and control APIs:
 * - the recorded bot user (`notion-sdk-py`) ↔ the seeded "Quire Dev" bot (GET /v1/users/me),
 *   renamed `notion-sdk-py` through the control API;
 * - the recorded person ↔ the seeded workspace owner (first person in GET /v1/users);
 * - the recorded workspace ↔ the live workspace (`bot.workspace_id`);
 * - the recorded root page `393abc1e-edcd-80f3-813b-e205934558c6` (workspace parent, empty
 *   title, shared) ↔ a new top-level page (see `seedRootPage`), last edited by the bot as the
 *   recorded one was (`seedRootHistory`).
 * Nothing else: no file uploads, no custom emojis.
 */
import { startTestQuire, type TestQuire } from "../helpers/quire.js";
import { endpointOf, type Cassette, type Interaction } from "./cassettes.js";
import { compareBodies, jsonType, type Mismatch } from "./compare.js";
import { IdMap, isPlainObject } from "./ids.js";

export const RECORDED = {
  workspaceId: "231674b6-2cc1-46bc-b742-c5c9fe4b9c73",
  botId: "7775f3a3-893f-43fa-b625-460c61094c78",
  botName: "notion-sdk-py",
  personId: "a4f789cc-7bc8-4cf0-82b9-a8ba7d985ecf",
  personName: "Guillaume Gelin",
  personEmail: "notion@ramnes.eu",
  rootPageId: "393abc1e-edcd-80f3-813b-e205934558c6",
} as const;

/** What the replay needs from seeding: the id map and the live stand-ins for recorded seed text. */
export interface ReplaySeed {
  map: IdMap;
  /** Recorded seed values (person name, email) → the live ones, for value comparison. */
  text: Map<string, string>;
}

/** Sent whenever the recording answered 401 (the recorded authorization header was not kept). */
export const BAD_TOKEN = "ntn_replay_invalid_token_0000000000000000";

/** Array paths whose length depends on what the recorded workspace held, not on the test. */
const UNCONTROLLED_LENGTHS: Record<string, string[]> = {
  // "return whatever uploads were created before them, so their result counts are not stable"
  "GET /v1/file_uploads": ["$.results"],
};

export interface InteractionResult {
  cassette: string;
  index: number;
  endpoint: string;
  recordedStatus: number;
  liveStatus: number;
  passed: boolean;
  mismatches: Mismatch[];
  /** An earlier interaction of the cassette failed first and this one depends on it. */
  blockedBy?: { index: number; endpoint: string };
  /** `code: message` of a live error body, for diagnosis only (may contain live ids). */
  liveError?: string;
}

export interface CassetteResult {
  cassette: string;
  results: InteractionResult[];
  /** Set when the cassette could not run at all (seeding failed, server crashed). */
  error?: string;
}

export async function seedReplay(q: TestQuire): Promise<ReplaySeed> {
  const map = new IdMap();
  const text = new Map<string, string>();
  // The recorded integration is named like the recorded workspace; its name shows in bot users
  // and in object_not_found messages.
  const renamed = await q.admin("PATCH", `/_quire/v1/integrations/${q.devIntegrationId}`, { name: RECORDED.botName });
  if (renamed.status !== 200) throw new Error(`seed: renaming the dev integration → ${renamed.status} ${JSON.stringify(renamed.body)}`);
  const me = await q.raw("GET", "/v1/users/me");
  if (me.status !== 200) throw new Error(`seed: GET /v1/users/me → ${me.status}`);
  map.seed(RECORDED.botId, me.body.id);
  if (typeof me.body.bot?.workspace_id === "string") map.seed(RECORDED.workspaceId, me.body.bot.workspace_id);
  const users = await q.raw("GET", "/v1/users");
  const person = (users.body?.results ?? []).find((u: { type?: string }) => u.type === "person");
  if (!person) throw new Error(`seed: no person user in GET /v1/users (${users.status})`);
  map.seed(RECORDED.personId, person.id);
  if (typeof person.name === "string") text.set(RECORDED.personName, person.name);
  if (typeof person.person?.email === "string") text.set(RECORDED.personEmail, person.person.email);
  map.seed(RECORDED.rootPageId, await seedRootPage(q));
  return { map, text };
}

/** Values that belong to the recorded workspace itself and cannot be seeded through any API. */
const SEED_DEPENDENT_KEYS = new Set(["workspace_name"]);

/**
 * A top-level page with an empty title shared with the dev integration, made with the control API
 * (`POST /_quire/v1/pages`); the seeded "Getting started" page is unshared so that the new page is
 * the integration's only top-level page, as in the recorded workspace (`POST /v1/search {}` returns
 * just the root page). Without that control endpoint, falls back to the seeded page itself
 * (workspace parent, shared) with its title emptied through PATCH /v1/pages.
 */
async function seedRootPage(q: TestQuire): Promise<string> {
  const created = await q.admin("POST", "/_quire/v1/pages", { title: [], share_with: [q.devIntegrationId] });
  if (created.status === 200 && typeof created.body?.id === "string") {
    const unshared = await q.admin("DELETE", `/_quire/v1/integrations/${q.devIntegrationId}/shares/${q.rootPageId}`);
    if (unshared.status !== 200) throw new Error(`seed: unsharing the seeded page → ${unshared.status} ${JSON.stringify(unshared.body)}`);
    await seedRootHistory(q, created.body.id);
    return created.body.id;
  }
  const root = await q.raw("PATCH", `/v1/pages/${q.rootPageId}`, { body: JSON.stringify({ properties: { title: { title: [] } } }) });
  if (root.status !== 200) throw new Error(`seed: emptying the root page title → ${root.status} ${JSON.stringify(root.body)}`);
  return q.rootPageId;
}

/**
 * The recorded root page was made by the person and last edited by the integration, whose tests
 * had made and removed pages under it all along (`POST /v1/search {}` answers it so). The seed
 * does what they did, once, through the public API: the integration makes a page under the root
 * and deletes it; the root is then last edited by the bot, as Quire answers any page that gets
 * a child (src/domain/nodes.ts touchParentPage).
 */
async function seedRootHistory(q: TestQuire, rootId: string): Promise<void> {
  const child = await q.raw("POST", "/v1/pages", { body: JSON.stringify({ parent: { page_id: rootId }, properties: { title: { title: [] } } }) });
  if (child.status !== 200) throw new Error(`seed: a page under the root → ${child.status} ${JSON.stringify(child.body)}`);
  const gone = await q.raw("DELETE", `/v1/blocks/${child.body.id}`);
  if (gone.status !== 200) throw new Error(`seed: deleting it → ${gone.status} ${JSON.stringify(gone.body)}`);
}

async function replayOne(q: TestQuire, map: IdMap, it: Interaction): Promise<{ status: number; body: unknown; unmapped: string[] }> {
  const req = it.request;
  const path = map.rewritePath(req.path);
  const unmapped = [...path.unmapped];
  let body: string | undefined;
  if (typeof req.body === "string") body = req.body; // multipart: sent as recorded
  else if (req.body !== null && req.body !== undefined) {
    const r = map.rewriteJson(req.body);
    unmapped.push(...r.unmapped);
    body = JSON.stringify(r.value);
  }
  const headers: Record<string, string> = {};
  if (req.headers["content-type"]) headers["content-type"] = req.headers["content-type"];
  const res = await q.raw(req.method, path.text, {
    body,
    headers,
    version: req.headers["notion-version"] ?? null,
    auth: it.response.status === 401 ? BAD_TOKEN : undefined,
  });
  return { status: res.status, body: res.body, unmapped };
}

export async function replayCassette(cassette: Cassette): Promise<CassetteResult> {
  if (cassette.interactions.length === 0) return { cassette: cassette.name, results: [] };
  const q = await startTestQuire();
  const results: InteractionResult[] = [];
  try {
    const { map, text } = await seedReplay(q);
    const values = {
      skip: (key: string) => SEED_DEPENDENT_KEYS.has(key),
      mapText: (recorded: string) => text.get(recorded) ?? map.rewrite(recorded).text,
    };
    for (let i = 0; i < cassette.interactions.length; i++) {
      const it = cassette.interactions[i];
      const endpoint = endpointOf(it.request.method, it.request.path);
      const live = await replayOne(q, map, it);
      const recorded = it.response;
      const mismatches: Mismatch[] = [];
      if (live.status !== recorded.status) {
        mismatches.push({ path: "$", kind: "status", message: `status recorded ${recorded.status}, live ${live.status}${errorCode(live.body)}` });
      } else {
        mismatches.push(...compareBodies(recorded.body, live.body, { uncontrolledLengths: UNCONTROLLED_LENGTHS[endpoint], values }));
        for (const c of map.learnFrom(recorded.body, live.body)) mismatches.push({ path: c.path, kind: "id", message: c.message });
      }
      map.noteOrigins(recorded.body, i);
      const result: InteractionResult = {
        cassette: cassette.name,
        index: i,
        endpoint,
        recordedStatus: recorded.status,
        liveStatus: live.status,
        passed: mismatches.length === 0,
        mismatches,
      };
      if (isPlainObject(live.body) && live.body.object === "error" && recorded.status !== live.status) {
        result.liveError = `${String(live.body.code)}: ${String(live.body.message)}`;
      }
      if (!result.passed) {
        // Blocked: the request names an object that an earlier failed interaction should have
        // created, or (failing that) an earlier request did not take effect as recorded, so the
        // live state differs (e.g. has_children after a markdown update that never happened).
        const origins = live.unmapped.map((id) => map.originOf(id)).filter((k): k is number => k !== undefined && k < i && !results[k].passed);
        const k = origins.length ? Math.min(...origins) : results.findIndex((r) => r.recordedStatus !== r.liveStatus);
        if (k >= 0) result.blockedBy = { index: k, endpoint: results[k].endpoint };
      }
      results.push(result);
    }
    return { cassette: cassette.name, results };
  } catch (e) {
    const message = String((e as Error).message ?? e).split("\n")[0];
    for (let i = results.length; i < cassette.interactions.length; i++) {
      const it = cassette.interactions[i];
      results.push({
        cassette: cassette.name,
        index: i,
        endpoint: endpointOf(it.request.method, it.request.path),
        recordedStatus: it.response.status,
        liveStatus: 0,
        passed: false,
        mismatches: [{ path: "$", kind: "status", message: `not run: ${message}` }],
      });
    }
    return { cassette: cassette.name, results, error: (e as Error).stack ?? String(e) };
  } finally {
    await q.close();
  }
}

function errorCode(body: unknown): string {
  if (isPlainObject(body) && typeof body.code === "string") return ` (${body.code})`;
  return jsonType(body) === "string" ? " (non-JSON body)" : "";
}

/** Replays every cassette, a few servers at a time; results keep the cassettes' order. */
export async function replayAll(cassettes: Cassette[], concurrency = 4): Promise<CassetteResult[]> {
  const out: CassetteResult[] = new Array(cassettes.length);
  let next = 0;
  const worker = async () => {
    while (next < cassettes.length) {
      const i = next++;
      out[i] = await replayCassette(cassettes[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, cassettes.length) }, worker));
  return out;
}
