/**
 * The fuzz properties, shared by test/fuzz.test.ts (fixed seed, CI-sized) and test/fuzz/run.ts
 * (many more cases, any seed). Each one sends what its generators make to a real server over
 * HTTP and checks the answer with checkAnswer(); `atomic` also checks that a rejected write
 * changed nothing (pages and blocks, and databases, data sources and their rows) and that an
 * accepted database write answers what a read shows; `sequences` chains schema changes and
 * row writes to reach states one request cannot; `formulas` evaluates generated formulas on rows.
 * The database verbs name fixture objects by token, bound when sent (databases.ts).
 */
import fc from "fast-check";
import assert from "node:assert/strict";
import { ROLLUP_FUNCTIONS } from "../../src/domain/properties/constants.js";
import {
  appendBody,
  authHeader,
  contentTypeHeader,
  createPageBody,
  encode,
  extraHeaders,
  idArb,
  idForms,
  json,
  methodArb,
  moveBody,
  createMeetingNoteBody,
  queryMeetingNotesBody,
  mutated,
  oddBody,
  pathArb,
  queryArb,
  textMutation,
  updateBlockBody,
  updatePageBody,
  versionHeader,
} from "./arbitraries.js";
import { STRICT, Violation, checkAnswer } from "./check.js";
import { formulaArb } from "./formulas.js";
import { contentProperties } from "./content.js";
import { stallProperties } from "./stalls.js";
import { scimProperties } from "./scim.js";
import { matchKnownBug, recordKnownBug } from "./known-bugs.js";
import { send, sendRaw, type FuzzRequest, type FuzzResponse } from "./http.js";
import { FRESH_TYPES, type World } from "./world.js";
import {
  FIXTURE_TOKENS,
  TYPES,
  bind,
  tok,
  createDataSourceBody,
  createDatabaseBody,
  createRowBody,
  moveRowBody,
  pagePropertiesOf,
  sequenceArb,
  updateDataSourceBody,
  updateDatabaseBody,
  updateRowBody,
  type DbFixture,
  type Side,
} from "./databases.js";

type Json = unknown;

export interface FuzzProperty {
  name: string;
  /** Cases in CI; run.ts multiplies. */
  runs: number;
  build(w: World): fc.IAsyncPropertyWithHooks<any> | fc.IAsyncProperty<any>;
}

/** Sends, then checks the invariants (a 5xx failure shows the server's stack). */
async function exchange(w: World, req: FuzzRequest, label?: string): Promise<FuzzResponse> {
  const errorsBefore = w.serverErrors.count;
  try {
    return await exchangeOnce(w, req, label);
  } catch (e) {
    if (e instanceof Violation && w.serverErrors.count > errorsBefore) e.message += `\n--- server\n${w.serverErrors.last.slice(0, 2500)}`;
    throw e;
  }
}

async function exchangeOnce(w: World, req: FuzzRequest, label?: string): Promise<FuzzResponse> {
  const errorsBefore = w.serverErrors.count;
  let res: FuzzResponse;
  try {
    res = await send(w.base, req);
  } catch (e) {
    // A request Node cannot parse is answered with a body before its method is known; to a
    // HEAD client that body is a protocol error. Check the same request as a GET instead.
    if (req.method.toUpperCase() === "HEAD" && /Data after `Connection: close`/.test((e as Error).message)) return exchangeOnce(w, { ...req, method: "GET" });
    throw new Violation(`no answer: ${(e as Error).message}`, req, { status: 0 });
  }
  const serverError = res.status >= 500 && w.serverErrors.count > errorsBefore ? w.serverErrors.last : undefined;
  checkAnswer(req, { status: res.status, requestId: res.headers["x-notion-request-id"], text: res.text, json: res.json, serverError, location: res.headers.location });
  const code = res.status < 300 ? "ok" : ((res.json as { code?: string } | undefined)?.code ?? "-");
  const key = `${label ? `${label} ` : ""}${res.status} ${code}`;
  STATS.set(key, (STATS.get(key) ?? 0) + 1);
  return res;
}

/** Answers seen by status and code since the last reset (run.ts prints them per property). */
export const STATS = new Map<string, number>();

function withHeaders(w: World, init: { method: string; path: string; body?: string; contentType?: string | undefined }): FuzzRequest {
  const headers: Record<string, string> = { authorization: `Bearer ${w.token}`, "notion-version": "2025-09-03" };
  if (init.body !== undefined && init.contentType !== undefined) headers["content-type"] = init.contentType;
  return { method: init.method, path: init.path, headers, body: init.body };
}

/**
 * Puts the fixture pages and blocks back after a write that may have trashed or locked them (a
 * page update with `in_trash` or `erase_content`, a block update or delete), and with `dbs`
 * the shared databases, data sources and rows too. Something under a trashed ancestor cannot be
 * edited until the ancestor is restored, so this goes round until every restore succeeds.
 */
async function restore(w: World, scope: { pages?: boolean; dbs?: boolean } = { pages: true }): Promise<void> {
  const steps: (string | object)[] = [];
  if (scope.pages)
    steps.push(
      ...w.pages.flatMap((id) => [`/v1/pages/${id}`, { in_trash: false }, `/v1/pages/${id}`, { is_locked: false }] as const),
      ...w.blocks.flatMap((id) => [`/v1/blocks/${id}`, { in_trash: false }] as const),
    );
  if (scope.dbs) {
    const { a, b } = w.dbs;
    steps.push(
      ...[a.db, b.db].flatMap((id) => [`/v1/databases/${id}`, { in_trash: false }, `/v1/databases/${id}`, { is_locked: false }]),
      ...[a.ds, b.ds].flatMap((id) => [`/v1/data_sources/${id}`, { in_trash: false }]),
      ...[...a.rows, ...b.rows.slice(0, 3)].flatMap((id) => [`/v1/pages/${id}`, { in_trash: false }, `/v1/pages/${id}`, { is_locked: false }]),
    );
  }
  let failures: string[] = [];
  for (let pass = 0; pass < 4; pass++) {
    failures = [];
    for (let i = 0; i < steps.length; i += 2) {
      const res = await w.call("PATCH", steps[i] as string, steps[i + 1]);
      if (res.status !== 200) failures.push(`${steps[i]} ${JSON.stringify(steps[i + 1])}: ${res.status} ${res.text}`);
    }
    if (failures.length === 0) break;
  }
  if (failures.length) throw new Error(`fuzz: could not restore the fixtures:\n${failures.join("\n")}`);
  if (scope.dbs && !(await sharedSchemaIntact(w))) await w.rebuildDbs();
}

/** True while the shared data sources still have the fixture's properties (by name and type). */
async function sharedSchemaIntact(w: World): Promise<boolean> {
  for (const side of ["a", "b"] as const) {
    const res = await w.call("GET", `/v1/data_sources/${w.dbs[side].ds}`);
    if (res.status !== 200) return false;
    const props = (res.json as { properties: Record<string, { type: string }> }).properties;
    for (const [name, type] of Object.entries(TYPES[side])) if (props[name]?.type !== type) return false;
  }
  return true;
}

/** The write endpoints (and the meeting-notes query) with body generators and target ids. */
type Endpoint = { name: string; method: string; path: (id: string) => string; body: (w: World) => fc.Arbitrary<Json> };
const ENDPOINTS: Endpoint[] = [
  { name: "pages.create", method: "POST", path: () => "/v1/pages", body: (w) => createPageBody(w.ids, w.pages) },
  { name: "blocks.children.append", method: "PATCH", path: (id) => `/v1/blocks/${id}/children`, body: (w) => appendBody(w.ids) },
  { name: "pages.update", method: "PATCH", path: (id) => `/v1/pages/${id}`, body: (w) => updatePageBody(w.ids) },
  { name: "blocks.update", method: "PATCH", path: (id) => `/v1/blocks/${id}`, body: (w) => updateBlockBody(w.ids) },
  { name: "pages.move", method: "POST", path: (id) => `/v1/pages/${id}/move`, body: (w) => moveBody(w.pages) },
  { name: "blocks.meetingNotes.create", method: "POST", path: () => "/v1/blocks/meeting_notes", body: (w) => createMeetingNoteBody(w.ids) },
  { name: "blocks.meetingNotes.query", method: "POST", path: () => "/v1/blocks/meeting_notes/query", body: (w) => queryMeetingNotesBody(w.ids) },
];

/**
 * The database verbs. Paths and bodies name fixture objects by token and are bound when sent:
 * page writes to the shared fixture, schema writes to the scratch one.
 */
type DbEndpoint = { name: string; method: string; fixture: "shared" | "scratch"; cases: (w: World) => fc.Arbitrary<{ path: string; body: string | undefined }> };

const sideArb = fc.constantFrom<Side>("a", "a", "b");

/** A path segment for fixture object `name`: its token in any spelling, now and then something else. */
function targetArb(w: World, name: string): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 12, arbitrary: tok(name) },
    { weight: 1, arbitrary: fc.constantFrom(...FIXTURE_TOKENS).map((t) => `⟦${t}⟧`) },
    { weight: 1, arbitrary: idArb(w.ids).map(encode) },
  );
}

/** Now and then `?filter_properties=…` (ids, names, garbage) on a row write. */
const filterProperties = (side: Side): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 6, arbitrary: fc.constant("") },
    {
      weight: 1,
      arbitrary: fc
        .array(fc.oneof(fc.constantFrom(...Object.keys(TYPES[side])).map((p) => `⟦${side}.prop:${p}⟧`), fc.constantFrom("title", "zzzz", "%zz", "", "Task")), { minLength: 1, maxLength: 3 })
        .map((ps) => `?${ps.map((p) => `filter_properties=${p}`).join("&")}`),
    },
  );

const dbParents = (w: World) => ["⟦parent⟧", "⟦parent⟧", w.pages[4], w.pages[1], w.trashed];

const DB_ENDPOINTS: DbEndpoint[] = [
  {
    name: "databases.create",
    method: "POST",
    fixture: "scratch",
    cases: (w) => fc.record({ path: fc.constant("/v1/databases"), body: bodyText(createDatabaseBody(w.ids, dbParents(w))) }),
  },
  {
    name: "databases.update",
    method: "PATCH",
    fixture: "scratch",
    cases: (w) => sideArb.chain((side) => fc.record({ path: targetArb(w, `${side}.db`).map((id) => `/v1/databases/${id}`), body: bodyText(updateDatabaseBody(w.ids, dbParents(w), side)) })),
  },
  {
    name: "data_sources.create",
    method: "POST",
    fixture: "scratch",
    cases: (w) => fc.record({ path: fc.constant("/v1/data_sources"), body: bodyText(createDataSourceBody(w.ids)) }),
  },
  {
    name: "data_sources.update",
    method: "PATCH",
    fixture: "scratch",
    cases: (w) => sideArb.chain((side) => fc.record({ path: targetArb(w, `${side}.ds`).map((id) => `/v1/data_sources/${id}`), body: bodyText(updateDataSourceBody(w.ids, side)) })),
  },
  {
    name: "pages.create (database)",
    method: "POST",
    fixture: "shared",
    cases: (w) => sideArb.chain((side) => fc.record({ path: filterProperties(side).map((q) => `/v1/pages${q}`), body: bodyText(createRowBody(side, w.ids, w.users)) })),
  },
  {
    name: "pages.move (database)",
    method: "POST",
    fixture: "scratch",
    cases: (w) => sideArb.chain((side) => fc.record({ path: fc.nat(2).chain((i) => targetArb(w, `${side}.row:${i}`)).map((id) => `/v1/pages/${id}/move`), body: bodyText(moveRowBody(side)) })),
  },
  {
    name: "pages.update (database)",
    method: "PATCH",
    fixture: "shared",
    cases: (w) =>
      sideArb.chain((side) =>
        fc.record({ path: fc.tuple(fc.nat(2).chain((i) => targetArb(w, `${side}.row:${i}`)), filterProperties(side)).map(([id, q]) => `/v1/pages/${id}${q}`), body: bodyText(updateRowBody(side, w.ids, w.users)) }),
      ),
  },
];

/** Trashes, locks or moves: after one of these is accepted the scratch fixture is made anew. */
const HEAVY = /"(in_trash|archived|is_locked)"\s*:\s*true|"parent"/;

/** Sends a database-verb case bound to its fixture; keeps the fixtures usable after it. */
async function sendDbCase(w: World, e: DbEndpoint, c: { path: string; body: string | undefined }, v: string, ct: string | undefined): Promise<FuzzResponse> {
  const fx = e.fixture === "shared" ? w.dbs : await w.scratch();
  const req = withHeaders(w, { method: e.method, path: bind(c.path, fx), body: c.body === undefined ? undefined : bind(c.body, fx), contentType: ct });
  req.headers["notion-version"] = v;
  const res = await exchange(w, req, e.name);
  if (res.status < 300) {
    if (e.fixture === "scratch") w.touchScratch((e.method === "PATCH" && HEAVY.test(req.body ?? "")) || e.name === "pages.move (database)");
    // The target may be any page (a row, or a world page the rows live under).
    else if (/"(in_trash|archived|is_locked)"/.test(req.body ?? "")) await restore(w, { pages: true, dbs: true });
  }
  return res;
}

/** A body text for an endpoint: a mutated valid body, random JSON, odd text, or edited JSON text. */
function bodyText(valid: fc.Arbitrary<Json>): fc.Arbitrary<string | undefined> {
  return fc.oneof(
    { weight: 10, arbitrary: mutated(valid as fc.Arbitrary<any>).map((v) => JSON.stringify(v)) },
    { weight: 6, arbitrary: valid.map((v) => JSON.stringify(v)) },
    { weight: 2, arbitrary: json.map((v) => JSON.stringify(v)) },
    { weight: 2, arbitrary: valid.chain((v) => textMutation(JSON.stringify(v))) },
    { weight: 1, arbitrary: oddBody },
    { weight: 1, arbitrary: fc.constant(undefined) },
  );
}

const version = fc.constantFrom("2025-09-03", "2025-09-03", "2022-06-28", "2026-03-11", "2026-12-01");

export const PROPERTIES: FuzzProperty[] = [
  {
    // Random methods, paths (ids with and without dashes, garbage, encodings, `..`, very long)
    // and query strings, with valid headers and sometimes a body.
    name: "paths",
    runs: 900,
    build: (w) =>
      fc.asyncProperty(
        methodArb,
        pathArb(w.ids),
        queryArb(w.ids),
        fc.option(fc.oneof(json.map((v) => JSON.stringify(v)), oddBody), { nil: undefined, freq: 3 }),
        async (method, path, query, body) => {
          const req = withHeaders(w, { method, path: path + query, body, contentType: "application/json" });
          const res = await exchange(w, req);
          if (method !== "GET" && method !== "HEAD" && res.status < 300) await restore(w, { pages: true, dbs: true });
        },
      ),
  },
  {
    // page_size, start_cursor, filter_properties and anything else on the GET endpoints.
    name: "queries",
    runs: 500,
    build: (w) => {
      const target = fc.oneof(
        fc.constant("/v1/users"),
        fc.constantFrom(...w.pages, ...w.blocks).chain(idForms).map((id) => `/v1/blocks/${encode(id)}/children`),
        fc.constantFrom(...w.pages).chain(idForms).map((id) => `/v1/pages/${encode(id)}`),
        fc.tuple(fc.constantFrom(...w.pages), fc.constantFrom("title", "title%20", "%3Ctitle", "Name", "zzzz", "%zz", "%25")).map(([id, p]) => `/v1/pages/${id}/properties/${p}`),
      );
      // The shared databases: containers, data sources, templates, rows and their properties.
      const dbTarget = sideArb.chain((side) =>
        fc.oneof(
          targetArb(w, `${side}.db`).map((id) => `/v1/databases/${id}`),
          targetArb(w, `${side}.ds`).map((id) => `/v1/data_sources/${id}`),
          targetArb(w, `${side}.ds`).map((id) => `/v1/data_sources/${id}/templates`),
          fc.nat(2).chain((i) => targetArb(w, `${side}.row:${i}`)).map((id) => `/v1/pages/${id}`),
          fc
            .tuple(fc.nat(2), fc.constantFrom(...Object.keys(TYPES[side])), fc.constantFrom("prop", "prop", "name"))
            .map(([i, p, form]) => `/v1/pages/⟦${side}.row:${i}⟧/properties/${form === "name" ? encode(p) : `⟦${side}.prop:${p}⟧`}`),
        ),
      );
      const anyTarget = fc.oneof({ weight: 4, arbitrary: target }, { weight: 3, arbitrary: dbTarget });
      return fc.asyncProperty(anyTarget, queryArb(w.ids), version, async (path, query, v) => {
        const req = withHeaders(w, { method: "GET", path: bind(path, w.dbs) + query });
        req.headers["notion-version"] = v;
        const res = await exchange(w, req);
        const body = res.json as Record<string, unknown>;
        if (res.status === 200 && body.object === "list") {
          assert.ok(Array.isArray(body.results), "list without results");
          assert.ok(body.has_more === true || body.next_cursor === null, "next_cursor must be null when has_more is false");
        }
      });
    },
  },
  {
    // Notion-Version, Authorization, Content-Type and other headers on otherwise good requests,
    // with the body present, empty or missing.
    name: "headers",
    runs: 600,
    build: (w) => {
      const tokens = [w.token, w.token, w.token, w.token, w.readOnlyToken, w.unsharedToken, "ntn_" + "0".repeat(46), "secret_abc"];
      const request = fc.constantFrom(
        { method: "GET", path: "/v1/users/me" },
        { method: "GET", path: "/v1/users?page_size=1" },
        { method: "GET", path: `/v1/pages/${w.pages[1]}` },
        { method: "GET", path: `/v1/blocks/${w.pages[1]}/children` },
        { method: "GET", path: `/v1/pages/${w.pages[1]}/properties/title` },
        { method: "POST", path: "/v1/pages", body: JSON.stringify({ parent: { page_id: w.pages[1] }, properties: { title: { title: [{ text: { content: "h" } }] } } }) },
        { method: "PATCH", path: `/v1/pages/${w.pages[2]}`, body: JSON.stringify({ icon: { emoji: "💡" } }) },
        { method: "PATCH", path: `/v1/blocks/${w.pages[2]}/children`, body: JSON.stringify({ children: [{ paragraph: { rich_text: [{ text: { content: "h" } }] } }] }) },
        { method: "PATCH", path: `/v1/blocks/${w.blocks[0]}`, body: JSON.stringify({ paragraph: { rich_text: [{ text: { content: "h" } }] } }) },
        { method: "POST", path: `/v1/pages/${w.pages[2]}/move`, body: JSON.stringify({ parent: { page_id: w.pages[3] } }) },
        { method: "POST", path: `/v1/pages/${w.pages[3]}/move`, body: JSON.stringify({ parent: { page_id: w.pages[2] } }) },
        { method: "OPTIONS", path: "/v1/pages" },
        { method: "HEAD", path: "/v1/users/me" },
        { method: "GET", path: `/v1/databases/${w.dbs.a.db}` },
        { method: "GET", path: `/v1/data_sources/${w.dbs.a.ds}` },
        { method: "GET", path: `/v1/data_sources/${w.dbs.b.ds}/templates` },
        { method: "GET", path: `/v1/pages/${w.dbs.a.rows[0]}` },
        { method: "POST", path: "/v1/pages", body: JSON.stringify({ parent: { data_source_id: w.dbs.b.ds }, properties: { Project: { title: [{ text: { content: "h" } }] }, Budget: { number: 1 } } }) },
        { method: "PATCH", path: `/v1/pages/${w.dbs.a.rows[1]}`, body: JSON.stringify({ properties: { Score: { number: 2 }, Tags: { multi_select: [{ name: "a" }] } } }) },
      );
      const bodyChoice = fc.constantFrom("keep", "keep", "keep", "empty", "none", "space");
      return fc.asyncProperty(request, versionHeader, authHeader(tokens), contentTypeHeader, extraHeaders, bodyChoice, async (r, v, auth, ct, extra, choice) => {
        const headers: Record<string, string | string[]> = { ...extra };
        if (v !== undefined) headers["notion-version"] = v;
        if (auth !== undefined) headers.authorization = auth;
        let body = "body" in r ? r.body : undefined;
        if (choice === "empty") body = "";
        if (choice === "space") body = " ";
        if (choice === "none") body = undefined;
        if (ct !== undefined && (body !== undefined || choice === "keep")) headers["content-type"] = ct;
        const req: FuzzRequest = { method: r.method, path: r.path, headers, body };
        const res = await exchange(w, req);
        if (r.method !== "GET" && r.method !== "HEAD" && res.status < 300) await restore(w, { pages: true, dbs: /databases|data_sources/.test(r.path) || r.path.includes(w.dbs.a.rows[1]) });
      });
    },
  },
  {
    // Random, mutated and malformed bodies on the write endpoints (targets mostly real ids).
    name: "bodies",
    runs: 1500,
    build: (w) => {
      const targets = [...w.pages.slice(1), ...w.blocks, w.trashed];
      // blocks.update mostly gets a body for the target's own type.
      const blockUpdate = fc.oneof(
        { weight: 4, arbitrary: fc.constantFrom(...w.blocks).chain((b) => fc.record({ id: idForms(b), body: bodyText(updateBlockBody(w.ids, w.blockTypes[b])) })) },
        { weight: 1, arbitrary: fc.record({ id: idArb(targets), body: bodyText(updateBlockBody(w.ids)) }) },
      );
      const cases = fc.constantFrom(...ENDPOINTS).chain((e) =>
        fc.record({
          e: fc.constant(e),
          target: e.name === "blocks.update" ? blockUpdate : fc.record({ id: idArb(targets), body: bodyText(e.body(w)) }),
          v: version,
          ct: fc.constantFrom("application/json", "application/json; charset=utf-8", "text/plain", undefined),
        }),
      );
      const dbCases = fc.constantFrom(...DB_ENDPOINTS).chain((e) =>
        fc.record({ e: fc.constant(e), c: e.cases(w), v: version, ct: fc.constantFrom("application/json", "application/json", "application/json; charset=utf-8", "text/plain", undefined) }),
      );
      const all = fc.oneof(
        { weight: ENDPOINTS.length, arbitrary: cases.map((c) => ({ db: false as const, ...c })) },
        { weight: DB_ENDPOINTS.length, arbitrary: dbCases.map((c) => ({ db: true as const, ...c })) },
      );
      return fc.asyncProperty(all, async (x) => {
        if (x.db) {
          await sendDbCase(w, x.e, x.c, x.v, x.ct);
          return;
        }
        const { e, target: { id, body }, v, ct } = x;
        const req = withHeaders(w, { method: e.method, path: e.path(encode(id)), body, contentType: ct });
        req.headers["notion-version"] = v;
        const res = await exchange(w, req);
        if (res.status < 300) await restore(w);
      });
    },
  },
  {
    // A write the server rejects changes nothing; an append it accepts adds exactly its blocks.
    name: "atomic",
    runs: 600,
    build: (w) => {
      const ids = w.ids;
      const bodies: Record<string, (pick: number) => fc.Arbitrary<any>> = {
        create: () => createPageBody(ids, w.pages),
        append: () => appendBody(ids),
        "append-nested": () => appendBody(ids),
        "update-page": () => updatePageBody(ids),
        "update-block": (pick) => updateBlockBody(ids, FRESH_TYPES[pick % FRESH_TYPES.length]),
        move: () => moveBody(w.pages),
        "delete-block": () => fc.constant(null),
      };
      // The database verbs, against the scratch fixture (side a or b by `pick`).
      const dbBodies: Record<string, (side: Side) => fc.Arbitrary<any>> = {
        "db-create": () => createDatabaseBody(ids, ["⟦parent⟧", "⟦parent⟧", w.pages[4]]),
        "ds-create": () => createDataSourceBody(ids),
        "db-update": (side) => updateDatabaseBody(ids, ["⟦parent⟧", w.pages[4]], side),
        "ds-update": (side) => updateDataSourceBody(ids, side),
        "row-create": (side) => createRowBody(side, ids, w.users),
        "row-update": (side) => updateRowBody(side, ids, w.users),
        "row-move": (side) => moveRowBody(side),
      };
      const sideOf = (pick: number): Side => (pick % 3 === 2 ? "b" : "a");
      const cases = fc
        .tuple(fc.constantFrom(...Object.keys(bodies), ...Object.keys(dbBodies)), fc.nat())
        .chain(([kind, pick]) => fc.record({ kind: fc.constant(kind), pick: fc.constant(pick), body: mutated(kind in dbBodies ? dbBodies[kind](sideOf(pick)) : bodies[kind](pick)) }));
      return fc.asyncProperty(cases, fc.context(), async ({ kind, pick, body }, ctx) => {
        if (kind in dbBodies) return atomicDb(w, kind, sideOf(pick), pick, body, ctx);
        const f = await w.fresh();
        const snapshot = () => snapshotOf(w, f.page, f.blocks);
        const before = await snapshot();
        let req: FuzzRequest;
        const block = f.blocks[pick % FRESH_TYPES.length];
        switch (kind) {
          case "create":
            req = withHeaders(w, { method: "POST", path: "/v1/pages", body: JSON.stringify(withParent(body, f.page, pick)), contentType: "application/json" });
            break;
          case "append":
          case "append-nested":
            req = withHeaders(w, { method: "PATCH", path: `/v1/blocks/${kind === "append" ? f.page : block}/children`, body: JSON.stringify(body), contentType: "application/json" });
            break;
          case "update-page":
            req = withHeaders(w, { method: "PATCH", path: `/v1/pages/${f.page}`, body: JSON.stringify(body), contentType: "application/json" });
            break;
          case "update-block":
            req = withHeaders(w, { method: "PATCH", path: `/v1/blocks/${block}`, body: JSON.stringify(body), contentType: "application/json" });
            break;
          case "move":
            req = withHeaders(w, { method: "POST", path: `/v1/pages/${f.page}/move`, body: JSON.stringify(body), contentType: "application/json" });
            break;
          default:
            req = withHeaders(w, { method: "DELETE", path: `/v1/blocks/${pick % 3 === 0 ? block.slice(0, 35) : pick % 3 === 1 ? block + "/x" : block.toUpperCase().replace(/-/g, "_")}` });
        }
        const res = await exchange(w, req);
        ctx.log(`${kind} → ${res.status}`);
        const after = await snapshot();
        if (res.status >= 400) {
          assert.deepStrictEqual(after, before, `rejected ${kind} (${res.status} ${(res.json as { code?: string })?.code}) changed state`);
        } else if (kind === "append" || kind === "append-nested") {
          const target = kind === "append" ? f.page : block;
          // The answer is the new blocks, followed (when placed before others) by the siblings after them.
          const answered = (res.json as { results: { id: string }[] }).results.map((r) => r.id);
          const list = (s: Snapshot) => s.children[target].map((c) => c.id as string);
          const added = answered.filter((id) => !list(before).includes(id));
          assert.equal(list(after).length, list(before).length + added.length, "an accepted append added a different number of blocks");
          for (const id of answered) assert.ok(list(after).includes(id), `answered block ${id} is not listed`);
          const at = list(after).indexOf(answered[0]);
          assert.deepEqual(answered, list(after).slice(at, at + answered.length), "the answer is not the new blocks and the later siblings, in order");
          assert.deepEqual(answered.slice(0, added.length), added, "the new blocks do not come first in the answer");
        }
      });
    },
  },
  {
    // Short stories against a fixture of their own: schema changes through either model, then
    // writes with values for the new types, moves and trash; then every read of what is left.
    name: "sequences",
    runs: 200,
    build: (w) =>
      fc.asyncProperty(sequenceArb(w.ids, w.users), fc.context(), async (steps, ctx) => {
        const fx = await w.scratch();
        w.touchScratch(true);
        const created: { object: string; id: string }[] = [];
        const last = (text: string) => text.replace(/⟦created⟧/g, created[created.length - 1]?.id ?? "00000000-0000-4000-8000-000000000000");
        for (const s of steps) {
          const req = withHeaders(w, { method: s.method, path: last(bind(s.path, fx)), body: s.body === undefined ? undefined : last(bind(JSON.stringify(s.body), fx)), contentType: "application/json" });
          if (s.version) req.headers["notion-version"] = s.version;
          const res = await exchange(w, req, `seq ${s.label}`);
          ctx.log(`${s.label}${s.detail ? ` ${s.detail}` : ""} ${req.path} ${req.body ?? ""} → ${res.status}${res.status >= 400 ? ` ${(res.json as { message?: string })?.message?.slice(0, 200)}` : ""}`);
          if (res.status === 200 && s.method === "POST" && !s.path.endsWith("/move")) created.push(res.json as { object: string; id: string });
        }
        await readAll(w, fx, created);
      }),
  },
  {
    // Formulas (mostly well-typed, from the engine's own function table) on the scratch
    // fixture, evaluated on its rows after a random write, directly and through a rollup.
    name: "formulas",
    runs: 500,
    build: (w) =>
      fc.asyncProperty(
        formulaArb("a"),
        fc.option(pagePropertiesOf("a", w.ids, w.users), { nil: undefined }),
        fc.option(fc.constantFrom(...ROLLUP_FUNCTIONS), { nil: undefined }),
        fc.context(),
        async (expression, values, rollup, ctx) => {
          const fx = await w.scratch();
          const send = async (method: string, path: string, body?: unknown) => {
            const req = withHeaders(w, { method, path, body: body === undefined ? undefined : bind(JSON.stringify(body), fx), contentType: "application/json" });
            const res = await exchange(w, req, method === "GET" ? "read" : `formula ${method}`);
            ctx.log(`${method} ${path} → ${res.status} ${res.status >= 400 ? (res.json as { message?: string })?.message?.slice(0, 300) : ""}`);
            return res;
          };
          const set = await send("PATCH", `/v1/data_sources/${fx.a.ds}`, { properties: { Fz: { formula: { expression } } } });
          if (set.status !== 200) return;
          if (values) await send("PATCH", `/v1/pages/${fx.a.rows[2]}`, { properties: values });
          if (rollup) await send("PATCH", `/v1/data_sources/${fx.b.ds}`, { properties: { "Fz roll": { rollup: { relation_property_name: "Tasks", rollup_property_name: "Fz", function: rollup } } } });
          for (const row of fx.a.rows) await send("GET", `/v1/pages/${row}`);
          if (rollup) await send("GET", `/v1/pages/${fx.b.rows[1]}`);
          const id = (set.json as { properties: Record<string, { id: string }> }).properties.Fz?.id;
          if (id) await send("GET", `/v1/pages/${fx.a.rows[0]}/properties/${id}`);
        },
      ),
  },
  {
    // Bytes node:http would not send: broken request lines, header syntax and framing.
    name: "raw",
    runs: 200,
    build: (w) => {
      const line = fc.constantFrom(
        "GET /v1/users/me HTTP/1.1", "GET /v1/users/me HTTP/1.0", "GET /v1/users/me HTTP/2.0", "GET /v1/users/me HTTP/9.9", "GET  /v1/users/me HTTP/1.1",
        "GET /v1/users/me", "get /v1/users/me HTTP/1.1", "GET http://localhost/v1/users/me HTTP/1.1", "GET * HTTP/1.1", "GET /v1/users/\u00ff HTTP/1.1",
        "GET /v1/u sers HTTP/1.1", "PATCH /v1/blocks/%zz/children HTTP/1.1", "POST /v1/pages HTTP/1.1", "FOO /v1/pages HTTP/1.1", "\u0000GET / HTTP/1.1", "GET /v1/users/me\tHTTP/1.1",
      );
      const badHeader = fc.constantFrom(
        "X-Folded: a\r\n b", "Bad Header: x", ": empty", "X\u0000: y", "Content-Length: -1", "Content-Length: 1, 2", "Content-Length: 0\r\nContent-Length: 5",
        "Transfer-Encoding: chunked", "Transfer-Encoding: gzip", "Transfer-Encoding: chunked, identity", "Notion-Version: 2025-09-03\u00ff", "Authorization: Bearer \u0080",
        `X-Big: ${"h".repeat(20_000)}`, "X-Bare-LF: a\nX-B: b", "Host: a\r\nHost: b", "Content-Type: application/json\u0000",
      );
      return fc.asyncProperty(line, fc.array(badHeader, { maxLength: 2 }), fc.constantFrom("", "{}", '{"children":[]}', "{"), async (l, bad, body) => {
        const host = new URL(w.base).host;
        const head = [l, `Host: ${host}`, `Authorization: Bearer ${w.token}`, "Notion-Version: 2025-09-03", "Connection: close", ...bad];
        // Send exactly the body the framing headers announce, so the server never has reason to
        // wait for more: chunked when chunked is the final coding, nothing when the framing is
        // invalid (the parser refuses it before reading a body).
        const framing = bad.filter((h) => /^(Content-Length|Transfer-Encoding)/i.test(h));
        let payload = Buffer.from(body);
        if (framing.length === 0) head.push(`Content-Length: ${payload.length}`, "Content-Type: application/json");
        else if (framing.some((h) => /^Transfer-Encoding: (.*, )?chunked$/i.test(h)))
          payload = Buffer.from(`${body ? `${Buffer.byteLength(body).toString(16)}\r\n${body}\r\n` : ""}0\r\n\r\n`);
        else payload = Buffer.alloc(0);
        const bytes = Buffer.concat([Buffer.from(head.join("\r\n") + "\r\n\r\n", "latin1"), payload]);
        const shown: FuzzRequest = { method: "RAW", path: JSON.stringify(head.map((h) => (h.length > 120 ? h.slice(0, 120) + "…" : h))), headers: {}, body };
        let res;
        try {
          res = await sendRaw(w.base, bytes);
        } catch (e) {
          throw new Violation(`no answer: ${(e as Error).message}`, shown, { status: 0 });
        }
        // A request the server reads whole but frames ambiguously may be refused by closing;
        // anything else must be answered.
        if (res === null) throw new Violation("connection closed without an answer", shown, { status: 0 });
        checkAnswer(undefined, { status: res.status, requestId: res.headers["x-notion-request-id"], text: res.body, json: res.json, location: res.headers.location });
      });
    },
  },
];

// Comments, search, file uploads, custom emojis and page markdown (content.ts).
PROPERTIES.push(...contentProperties(exchange));
// Hostile formulas, filters past the limits, synced-block cycles (stalls.ts).
PROPERTIES.push(...stallProperties(exchange));
// What an identity provider could send to /scim/v2 (scim.ts).
PROPERTIES.push(...scimProperties);

/**
 * One database-verb case of `atomic`: a rejected write leaves both databases, both data
 * sources, every row and the parent page's children as they were; an accepted one answers
 * what a read shows afterwards.
 */
async function atomicDb(w: World, kind: string, side: Side, pick: number, body: any, ctx: fc.ContextValue): Promise<void> {
  const fx = await w.scratch();
  const before = await dbSnapshot(w, fx);
  let method = "PATCH";
  let path: string;
  // The legacy model (database properties) for half the database cases.
  let version = "2025-09-03";
  const obj = typeof body === "object" && body !== null && !Array.isArray(body);
  switch (kind) {
    case "db-create":
      method = "POST";
      path = "/v1/databases";
      if (pick % 4 !== 0 && obj) body = { ...body, parent: { page_id: fx.parent } };
      if (pick % 2) version = "2022-06-28";
      break;
    case "ds-create":
      method = "POST";
      path = "/v1/data_sources";
      break;
    case "db-update":
      path = `/v1/databases/⟦${side}.db⟧`;
      if (pick % 2) version = "2022-06-28";
      break;
    case "ds-update":
      path = `/v1/data_sources/⟦${side}.ds⟧`;
      break;
    case "row-create":
      method = "POST";
      path = "/v1/pages";
      break;
    case "row-move":
      method = "POST";
      path = `/v1/pages/⟦${side}.row:${pick % 3}⟧/move`;
      break;
    default:
      path = `/v1/pages/⟦${side}.row:${pick % 3}⟧`;
  }
  const req = withHeaders(w, { method, path: bind(path, fx), body: bind(JSON.stringify(body), fx), contentType: "application/json" });
  req.headers["notion-version"] = version;
  const res = await exchange(w, req, kind);
  ctx.log(`${kind} (${version}) → ${res.status}`);
  const after = await dbSnapshot(w, fx);
  if (res.status >= 400) {
    const bug = !STRICT && matchKnownBug(req, "state");
    try {
      assert.deepStrictEqual(after, before, `rejected ${kind} (${res.status} ${(res.json as { code?: string })?.code}) changed state`);
    } catch (e) {
      if (!bug) throw e;
      recordKnownBug(bug);
    }
    return;
  }
  w.touchScratch((method === "PATCH" && HEAVY.test(req.body ?? "")) || kind === "row-move");
  // An accepted write answers what a read shows afterwards.
  const answer = { ...(res.json as Record<string, unknown>) };
  delete answer.request_id;
  const read =
    kind === "ds-update" ? after.dataSources[side === "a" ? 0 : 1] : kind === "row-update" ? after.rows[(side === "a" ? 0 : 3) + (pick % 3)] : kind === "db-update" && version !== "2022-06-28" ? after.databases[side === "a" ? 0 : 1] : kind === "row-create" ? await getClean(w, `/v1/pages/${answer.id}`) : undefined;
  if (read === undefined) return;
  try {
    assert.deepStrictEqual(answer, read, `accepted ${kind} answered something else than a read afterwards shows`);
  } catch (e) {
    const bug = !STRICT && matchKnownBug(req, "state");
    if (!bug) throw e;
    recordKnownBug(bug);
  }
}

/** A read (checked like every answer) without its request_id, or its status and code. */
async function getClean(w: World, path: string, version?: string): Promise<unknown> {
  const req = withHeaders(w, { method: "GET", path });
  if (version) req.headers["notion-version"] = version;
  const res = await exchange(w, req, "read");
  const body = res.json as Record<string, unknown>;
  if (body && typeof body === "object") delete body.request_id;
  return res.status === 200 ? body : { status: res.status, code: body?.code };
}

interface DbSnapshot {
  databases: unknown[];
  legacy: unknown;
  dataSources: unknown[];
  rows: unknown[];
  children: unknown[];
}

/** Both databases (both models), both data sources, every row, and the parent's children. */
async function dbSnapshot(w: World, fx: DbFixture): Promise<DbSnapshot> {
  const children: unknown[] = [];
  let cursor: string | null = null;
  do {
    const res = (await getClean(w, `/v1/blocks/${fx.parent}/children${cursor ? `?start_cursor=${cursor}` : ""}`)) as { results?: unknown[]; next_cursor?: string | null };
    children.push(...(res.results ?? [res]));
    cursor = res.next_cursor ?? null;
  } while (cursor);
  const [databases, legacy, dataSources, rows] = await Promise.all([
    Promise.all([fx.a.db, fx.b.db].map((id) => getClean(w, `/v1/databases/${id}`))),
    getClean(w, `/v1/databases/${fx.a.db}`, "2022-06-28"),
    Promise.all([fx.a.ds, fx.b.ds].map((id) => getClean(w, `/v1/data_sources/${id}`))),
    Promise.all([...fx.a.rows, ...fx.b.rows].map((id) => getClean(w, `/v1/pages/${id}`))),
  ]);
  return { databases, legacy, dataSources, rows, children };
}

/**
 * Pages through a property item list with the cursors the server gives: every page answers,
 * holds at most page_size results, and the walk ends.
 */
async function walkItems(w: World, get: (path: string) => Promise<FuzzResponse>, path: string, pageSize = 7): Promise<Record<string, unknown>[] | null> {
  let cursor: string | null = null;
  const all: Record<string, unknown>[] = [];
  for (let i = 0; i < 100; i++) {
    const res = await get(`${path}?page_size=${pageSize}${cursor ? `&start_cursor=${encodeURIComponent(cursor)}` : ""}`);
    const body = res.json as { object?: string; results?: Record<string, unknown>[]; has_more?: boolean; next_cursor?: string | null };
    if (res.status !== 200 || body.object !== "list") return null;
    assert.ok(Array.isArray(body.results) && body.results.length <= pageSize, `${path}: a page of ${body.results?.length} results for page_size ${pageSize}`);
    all.push(...body.results);
    if (!body.has_more) return all;
    assert.ok(typeof body.next_cursor === "string" && body.next_cursor !== cursor, `${path}: has_more with next_cursor ${JSON.stringify(body.next_cursor)}`);
    cursor = body.next_cursor;
  }
  assert.fail(`${path}: still has_more after 100 pages of ${pageSize}`);
}

type PropertyValue = { id: string; type: string; has_more?: boolean } & Record<string, unknown>;

/**
 * The property items of a page, walked to the end, hold what its page object shows (when the page
 * object shows all of it: relations without has_more, text with at most 25 mentions).
 */
async function itemsAgree(w: World, get: (path: string) => Promise<FuzzResponse>, row: string, types: string[]): Promise<void> {
  const page = await get(`/v1/pages/${row}`);
  if (page.status !== 200) return;
  const props = (page.json as { properties?: Record<string, PropertyValue> }).properties ?? {};
  for (const [name, v] of Object.entries(props)) {
    if (!types.includes(v.type)) continue;
    const items = await walkItems(w, get, `/v1/pages/${row}/properties/${v.id}`);
    if (!items) continue;
    const shown = v[v.type] as Record<string, unknown>[];
    if (v.type === "relation" && v.has_more) continue;
    if ((v.type === "title" || v.type === "rich_text") && shown.filter((i) => i.type === "mention").length >= 25) continue;
    const listed = items.map((i) => i[v.type]);
    const key = (x: unknown) => JSON.stringify(v.type === "people" || v.type === "relation" ? (x as { id: string }).id : x);
    assert.deepStrictEqual(listed.map(key), shown.map(key), `${name} (${v.type}) of ${row}: the property items list something else than the page object shows`);
  }
}

/** Every read of a fixture, in every model: rows, their relation and rollup items, data sources, databases. */
async function readAll(w: World, fx: DbFixture, extra: { object: string; id: string }[] = []): Promise<void> {
  const get = (path: string, version = "2025-09-03") => {
    const req = withHeaders(w, { method: "GET", path });
    req.headers["notion-version"] = version;
    return exchange(w, req, "read");
  };
  for (const side of ["a", "b"] as const) {
    for (const v of ["2025-09-03", "2022-06-28"]) await get(`/v1/databases/${fx[side].db}`, v);
    const ds = await get(`/v1/data_sources/${fx[side].ds}`);
    const props = ds.status === 200 ? Object.values((ds.json as { properties: Record<string, { id: string; type: string }> }).properties) : [];
    await get(`/v1/pages/${fx[side].rows[0]}`, "2022-06-28");
    for (const row of fx[side].rows) await get(`/v1/pages/${row}`);
    // The property items that page through something agree with the page object; rollups page too.
    await itemsAgree(w, get, fx[side].rows[0], ["relation", "rich_text", "people", "title"]);
    for (const p of props.filter((p) => p.type === "rollup").slice(0, 3)) await walkItems(w, get, `/v1/pages/${fx[side].rows[0]}/properties/${p.id}`);
  }
  const routes: Record<string, string> = { page: "pages", database: "databases", data_source: "data_sources" };
  for (const o of extra) if (routes[o.object]) await get(`/v1/${routes[o.object]}/${o.id}`);
}

function withParent(body: any, page: string, pick: number): Json {
  // Mostly under the fresh page (so a leak would show in its children); sometimes as generated.
  if (pick % 4 === 0 || typeof body !== "object" || body === null || Array.isArray(body)) return body;
  return { ...body, parent: { page_id: page } };
}

interface Snapshot {
  page: unknown;
  blocks: unknown[];
  children: Record<string, Record<string, unknown>[]>;
}

/** The fresh page, its blocks, and the children of each (request ids removed). */
async function snapshotOf(w: World, page: string, blocks: string[]): Promise<Snapshot> {
  const get = async (path: string) => {
    const res = await w.call("GET", path);
    const body = res.json as Record<string, unknown>;
    delete body.request_id;
    return body;
  };
  const children: Snapshot["children"] = {};
  for (const id of [page, ...blocks]) {
    const all: Record<string, unknown>[] = [];
    let cursor: string | null = null;
    do {
      const res = (await get(`/v1/blocks/${id}/children${cursor ? `?start_cursor=${cursor}` : ""}`)) as { results?: Record<string, unknown>[]; next_cursor?: string | null };
      all.push(...(res.results ?? []));
      cursor = res.next_cursor ?? null;
    } while (cursor);
    children[id] = all;
  }
  return { page: await get(`/v1/pages/${page}`), blocks: await Promise.all(blocks.map((b) => get(`/v1/blocks/${b}`))), children };
}

/** fast-check's report with the counterexample cut short (paths can be 20 000 characters). */
export function report(details: fc.RunDetails<unknown>, replay: string): string {
  const cut = (s: string, n: number) => (s.length > n ? `${s.slice(0, n)}…(${s.length} chars)` : s);
  const error = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
  return [
    `failed after ${details.numRuns} cases (shrunk ${details.numShrinks} times)`,
    `counterexample: ${cut(fc.stringify(details.counterexample), 1500)}`,
    error,
    `seed ${details.seed}, path ${details.counterexamplePath} — replay: ${replay}`,
  ].join("\n");
}
