/**
 * The fuzz properties, shared by test/fuzz.test.ts (fixed seed, CI-sized) and test/fuzz/run.ts
 * (many more cases, any seed). Each one sends what its generators make to a real server over
 * HTTP and checks the answer with checkAnswer(); `atomic` also checks that a rejected write
 * changed nothing.
 */
import fc from "fast-check";
import assert from "node:assert/strict";
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
  mutated,
  oddBody,
  pathArb,
  queryArb,
  textMutation,
  updateBlockBody,
  updatePageBody,
  versionHeader,
} from "./arbitraries.js";
import { Violation, checkAnswer } from "./check.js";
import { send, sendRaw, type FuzzRequest, type FuzzResponse } from "./http.js";
import { FRESH_TYPES, type World } from "./world.js";

type Json = unknown;

export interface FuzzProperty {
  name: string;
  /** Cases in CI; run.ts multiplies. */
  runs: number;
  build(w: World): fc.IAsyncPropertyWithHooks<any> | fc.IAsyncProperty<any>;
}

/** Sends, then checks the invariants. */
async function exchange(w: World, req: FuzzRequest): Promise<FuzzResponse> {
  let res: FuzzResponse;
  try {
    res = await send(w.base, req);
  } catch (e) {
    // A request Node cannot parse is answered with a body before its method is known; to a
    // HEAD client that body is a protocol error. Check the same request as a GET instead.
    if (req.method.toUpperCase() === "HEAD" && /Data after `Connection: close`/.test((e as Error).message)) return exchange(w, { ...req, method: "GET" });
    throw new Violation(`no answer: ${(e as Error).message}`, req, { status: 0 });
  }
  checkAnswer(req, { status: res.status, requestId: res.headers["x-notion-request-id"], text: res.text, json: res.json });
  const code = res.status < 300 ? "ok" : ((res.json as { code?: string } | undefined)?.code ?? "-");
  const key = `${res.status} ${code}`;
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
 * page update with `in_trash` or `erase_content`, a block update or delete). Something under a
 * trashed ancestor cannot be edited until the ancestor is restored, so this goes round until
 * every restore succeeds.
 */
async function restore(w: World): Promise<void> {
  const steps = [
    ...w.pages.flatMap((id) => [`/v1/pages/${id}`, { in_trash: false }, `/v1/pages/${id}`, { is_locked: false }] as const),
    ...w.blocks.flatMap((id) => [`/v1/blocks/${id}`, { in_trash: false }] as const),
  ];
  let failures: string[] = [];
  for (let pass = 0; pass < 4; pass++) {
    failures = [];
    for (let i = 0; i < steps.length; i += 2) {
      const res = await w.call("PATCH", steps[i] as string, steps[i + 1]);
      if (res.status !== 200) failures.push(`${steps[i]} ${JSON.stringify(steps[i + 1])}: ${res.status} ${res.text}`);
    }
    if (failures.length === 0) return;
  }
  throw new Error(`fuzz: could not restore the fixtures:\n${failures.join("\n")}`);
}

/** The five write endpoints with body generators and target ids. */
type Endpoint = { name: string; method: string; path: (id: string) => string; body: (w: World) => fc.Arbitrary<Json> };
const ENDPOINTS: Endpoint[] = [
  { name: "pages.create", method: "POST", path: () => "/v1/pages", body: (w) => createPageBody(w.ids, w.pages) },
  { name: "blocks.children.append", method: "PATCH", path: (id) => `/v1/blocks/${id}/children`, body: (w) => appendBody(w.ids) },
  { name: "pages.update", method: "PATCH", path: (id) => `/v1/pages/${id}`, body: (w) => updatePageBody(w.ids) },
  { name: "blocks.update", method: "PATCH", path: (id) => `/v1/blocks/${id}`, body: (w) => updateBlockBody(w.ids) },
  { name: "pages.move", method: "POST", path: (id) => `/v1/pages/${id}/move`, body: (w) => moveBody(w.pages) },
];

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

const version = fc.constantFrom("2025-09-03", "2025-09-03", "2022-06-28", "2026-03-11");

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
          if (method !== "GET" && method !== "HEAD" && res.status < 300) await restore(w);
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
      return fc.asyncProperty(target, queryArb(w.ids), version, async (path, query, v) => {
        const req = withHeaders(w, { method: "GET", path: path + query });
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
        if (r.method !== "GET" && res.status < 300) await restore(w);
      });
    },
  },
  {
    // Random, mutated and malformed bodies on the write endpoints (targets mostly real ids).
    name: "bodies",
    runs: 1200,
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
      return fc.asyncProperty(cases, async ({ e, target: { id, body }, v, ct }) => {
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
    runs: 300,
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
      const cases = fc
        .tuple(fc.constantFrom(...Object.keys(bodies)), fc.nat())
        .chain(([kind, pick]) => fc.record({ kind: fc.constant(kind), pick: fc.constant(pick), body: mutated(bodies[kind](pick)) }));
      return fc.asyncProperty(cases, fc.context(), async ({ kind, pick, body }, ctx) => {
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
          const added = (res.json as { results: { id: string }[] }).results.map((r) => r.id);
          const list = (s: Snapshot) => s.children[target].map((c) => c.id as string);
          assert.equal(list(after).length, list(before).length + added.length, "an accepted append added a different number of blocks");
          for (const id of added) assert.ok(list(after).includes(id), `appended block ${id} is not listed`);
        }
      });
    },
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
        checkAnswer(undefined, { status: res.status, requestId: res.headers["x-notion-request-id"], text: res.body, json: res.json });
      });
    },
  },
];

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
