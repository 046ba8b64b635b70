/**
 * Shape references: live Quire objects against the single response bodies of
 * /work/shared/fixtures/notion-sdk-php/*.json (users, pages, blocks, databases, data sources, database
 * rows, errors — what Quire implements).
 *
 * For each fixture the test builds the same content through the API (the fixture's rich text,
 * colours, checkboxes, media sources... turned back into a request, with its user and page
 * mentions pointing at live objects), reads it back, and compares with test/replay/compare.ts:
 * `object`/`type` values, key sets at every level, JSON types, array lengths. Values are not
 * compared.
 *
 * The fixtures come from several API eras (README §2): many predate `parent`, `in_trash` and
 * friends. So a live object may carry extra keys from NEWER_KEYS — each of which the recorded
 * 2025-09-03 traffic shows (checked below) — but never lack a key the fixture has.
 * Fixtures or parts Quire cannot build are skipped with the reason.
 */
import { test, describe, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { startTestQuire, type TestQuire } from "./helpers/quire.js";
import { CASSETTES_DIR, FIXTURES_DIR } from "./replay/cassettes.js";
import { compareBodies, type Mismatch } from "./replay/compare.js";

const PHP = join(FIXTURES_DIR, "notion-sdk-php");
const available = existsSync(PHP);
const fixture = (name: string): any => JSON.parse(readFileSync(join(PHP, name), "utf8"));

/**
 * Keys Notion added after some fixtures were recorded. Each appears in the recorded 2025-09-03
 * cassettes or in the newer notionrs block fixtures (checked by a test below).
 */
const NEWER_KEYS = ["parent", "in_trash", "is_archived", "is_locked", "public_url", "request_id", "email_verified", "workspace_name", "workspace_id", "workspace_limits", "icon", "is_toggleable", "additional_data"];

/**
 * Known differences, reported as diagnostics instead of failures until decided. Each is listed in
 * the parity report to the lead.
 */
const KNOWN: { path: RegExp; reason: string }[] = [];

/** Mismatches left once the era's extra keys and the known differences are set aside. */
function shapeMismatches(expected: unknown, live: unknown, known?: (m: Mismatch, reason: string) => void, opts: ShapeOptions = {}): Mismatch[] {
  const out: Mismatch[] = [];
  const forgiven = [...NEWER_KEYS, ...(opts.newerKeys ?? [])];
  for (const m of compareBodies(expected, live, { limit: 200, uncontrolledLengths: opts.uncontrolledLengths })) {
    const k = KNOWN.find((x) => x.path.test(m.path));
    if (k) {
      known?.(m, k.reason);
      continue;
    }
    if (m.kind !== "keys") {
      out.push(m);
      continue;
    }
    const extra = (m.extra ?? []).filter((k) => !forgiven.includes(k));
    if (m.missing?.length || extra.length) out.push({ ...m, extra, message: `keys missing [${(m.missing ?? []).join(", ")}], extra [${extra.join(", ")}]` });
  }
  return out;
}

interface ShapeOptions {
  /** Era keys forgiven on top of NEWER_KEYS (the database fixtures use DATABASE_NEWER_KEYS). */
  newerKeys?: string[];
  /** Array paths (`$.templates`) whose length the test does not control. */
  uncontrolledLengths?: string[];
}

function assertShape(expected: unknown, live: unknown, what: string, t?: { diagnostic(msg: string): void }, opts?: ShapeOptions) {
  const ms = shapeMismatches(expected, live, (m, reason) => t?.diagnostic(`known difference at ${m.path} (${m.message}): ${reason}`), opts);
  assert.deepEqual(ms.map((m) => `${m.path}: ${m.message}`), [], `${what}: live shape differs from the fixture`);
}

// ---- fixture (response form) → request form -----------------------------------------------

interface MirrorCtx {
  personId: string;
  pageId: string;
  /** A live custom emoji that custom emoji icons and mentions point at. */
  emojiId: string;
  /** Why parts of the fixture were left out. */
  notes: string[];
}

class Unbuildable extends Error {}

/** Rich text items back into requests; returns the request and the fixture items it mirrors. */
function mirrorRichText(items: any[], ctx: MirrorCtx): { request: any[]; kept: any[] } {
  const request: any[] = [];
  const kept: any[] = [];
  for (const item of items) {
    const annotations = item.annotations;
    let r: any = null;
    if (item.type === "text") r = { type: "text", text: { content: item.text.content, link: item.text.link }, annotations };
    else if (item.type === "equation") r = { type: "equation", equation: { expression: item.equation.expression }, annotations };
    else if (item.type === "mention") {
      const m = item.mention;
      if (m.type === "user") r = { type: "mention", mention: { user: { id: ctx.personId } }, annotations };
      else if (m.type === "page") r = { type: "mention", mention: { page: { id: ctx.pageId } }, annotations };
      else if (m.type === "date") r = { type: "mention", mention: { date: m.date }, annotations };
      else if (m.type === "custom_emoji") r = { type: "mention", mention: { custom_emoji: { id: ctx.emojiId } }, annotations };
      else ctx.notes.push(`${m.type} mention left out: the API cannot create it`);
    }
    if (r) {
      request.push(r);
      kept.push(item);
    }
  }
  return { request, kept };
}

/** A fixture block back into an append request; also returns the fixture trimmed to what was mirrored. */
function mirrorBlock(block: any, ctx: MirrorCtx): { request: any; expected: any } {
  const type = block.type;
  const payload = block[type] ?? {};
  const req: any = {};
  const exp: any = { ...payload };
  for (const [k, v] of Object.entries<any>(payload)) {
    if (k === "rich_text" || k === "caption" || k === "title") {
      const m = mirrorRichText(v, ctx);
      req[k] = m.request;
      exp[k] = m.kept;
    } else if (k === "cells") {
      const cells = v.map((cell: any[]) => mirrorRichText(cell, ctx));
      req.cells = cells.map((c: any) => c.request);
      exp.cells = cells.map((c: any) => c.kept);
    } else if (k === "icon") {
      req.icon = v?.type === "custom_emoji" ? { custom_emoji: { id: ctx.emojiId } } : v;
    } else if (k === "type" && v === "file") throw new Unbuildable("Notion-hosted file: needs file uploads (not implemented)");
    else if (k === "children") throw new Unbuildable("the fixture embeds request-style children in the response payload (edited by hand upstream)");
    else if (k === "synced_from") continue; // built by the caller
    else req[k] = v;
  }
  return { request: { type, [type]: req }, expected: { ...block, [type]: exp } };
}

// ---- the test server ------------------------------------------------------------------------

let q: TestQuire;
let ctx: Omit<MirrorCtx, "notes">;
let botId: string;

async function call(method: string, path: string, body?: unknown) {
  const res = await q.raw(method, path, body === undefined ? {} : { body: JSON.stringify(body) });
  assert.ok(res.status < 300, `${method} ${path} → ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

async function scratchPage(title = "Scratch"): Promise<string> {
  const page = await call("POST", "/v1/pages", { parent: { page_id: q.rootPageId }, properties: { title: { title: [{ text: { content: title } }] } } });
  return page.id;
}

/** Appends mirrored blocks to a new page; returns the live blocks and the trimmed fixtures. */
async function buildBlocks(blocks: any[], notes: string[]) {
  const page = await scratchPage();
  const mirrored = blocks.map((b) => mirrorBlock(b, { ...ctx, notes }));
  const res = await call("PATCH", `/v1/blocks/${page}/children`, { children: mirrored.map((m) => m.request) });
  return { page, live: res.results as any[], expected: mirrored.map((m) => m.expected) };
}

const skipUnavailable = !available && `no fixtures at ${PHP}`;

describe("shapes against notion-sdk-php fixtures", { skip: skipUnavailable }, () => {
  before(async () => {
    q = await startTestQuire();
    const users = await call("GET", "/v1/users");
    const person = users.results.find((u: any) => u.type === "person");
    botId = (await call("GET", "/v1/users/me")).id;
    const mentioned = await scratchPage("Example sub page");
    const emoji = await q.admin("POST", "/_quire/v1/custom_emojis", { name: "bufo", url: "https://emoji.example.com/bufo.png" });
    ctx = { personId: person.id, pageId: mentioned, emojiId: emoji.body.id };
  });
  after(async () => q?.close());

  test("every era key forgiven in live objects appears in newer Notion bodies", { skip: !existsSync(CASSETTES_DIR) && "no cassettes" }, () => {
    const dirs = [CASSETTES_DIR, join(FIXTURES_DIR, "notionrs", "blocks")].filter(existsSync);
    const all = dirs.flatMap((d) => readdirSync(d).map((f) => readFileSync(join(d, f), "utf8"))).join("\n");
    for (const k of NEWER_KEYS) assert.match(all, new RegExp(`"${k}":`), `${k} is in neither the 2025-09-03 cassettes nor notionrs/blocks`);
  });

  describe("users", () => {
    test("person (client_users_retrieve_user_200)", async () => {
      assertShape(fixture("client_users_retrieve_user_200.json"), await call("GET", `/v1/users/${ctx.personId}`), "person");
    });
    test("bot (client_users_retrieve_bot_200), owner aside", async () => {
      // The fixture's bot belongs to a user (a public integration); Quire's integrations are
      // internal, owned by the workspace, so `bot.owner` differs by design.
      const f = fixture("client_users_retrieve_bot_200.json");
      const live = await call("GET", `/v1/users/${botId}`);
      delete f.bot.owner;
      delete live.bot.owner;
      assertShape(f, live, "bot");
    });
    test("list (client_users_retrieve_list_default_200)", async () => {
      assertShape(fixture("client_users_retrieve_list_default_200.json"), await call("GET", "/v1/users"), "users list");
    });
  });

  describe("pages", () => {
    test("top-level page (client_pages_retrieve_page_200)", async () => {
      const f = fixture("client_pages_retrieve_page_200.json");
      const title = mirrorRichText(f.properties.title.title, { ...ctx, notes: [] });
      const made = await q.admin("POST", "/_quire/v1/pages", { title: title.request, share_with: [q.devIntegrationId] });
      assert.equal(made.status, 200, JSON.stringify(made.body));
      assertShape(f, await call("GET", `/v1/pages/${made.body.id}`), "page");
    });
    test("top-level page with a mention in its title (client_request_retrieve_page_mention_200)", async (t) => {
      const f = fixture("client_request_retrieve_page_mention_200.json");
      const notes: string[] = [];
      const title = mirrorRichText(f.properties.title.title, { ...ctx, notes });
      f.properties.title.title = title.kept;
      const made = await q.admin("POST", "/_quire/v1/pages", { title: title.request, share_with: [q.devIntegrationId] });
      assert.equal(made.status, 200, JSON.stringify(made.body));
      assertShape(f, await call("GET", `/v1/pages/${made.body.id}`), "page with mention", t);
    });
    test("title property item list (client_pages_retrieve_page_property_item_paginated_200)", async () => {
      const page = await scratchPage("Test");
      assertShape(fixture("client_pages_retrieve_page_property_item_paginated_200.json"), await call("GET", `/v1/pages/${page}/properties/title`), "title property item");
    });
    // Database rows (client_pages_retrieve_page_properties / _unique_id, rollup_with_select_values)
    // are checked in "databases, data sources and database pages" below.
    const skippedPages: [string, string][] = [
      ["client_pages_retrieve_page_icon_200", "file-hosted icon: compared in test/file-uploads.test.ts (fixture shapes)"],
      ["client_pages_retrieve_page_property_files_200", "Notion-hosted file in a files property: compared in test/file-uploads.test.ts (fixture shapes)"],
      ["client_databases_query_page_with_icon_object_200", "row with a native Notion icon (`type: \"icon\"`): not mirrored"],
      ["client_pages_create_page_200, client_request_retrieve_page_200", "database rows not mirrored here yet"],
    ];
    for (const [file, why] of skippedPages) test(file, { skip: why }, () => {});
  });

  test("custom emoji list (client_custom_emojis_list_200)", async () => {
    // The fixture carries an empty `custom_emoji: {}` beside `type`; recorded Notion traffic
    // (notion-sdk-py test_custom_emojis_list) and the SDK's ListCustomEmojisResponse have none.
    const { custom_emoji: _none, ...f } = fixture("client_custom_emojis_list_200.json");
    await q.admin("POST", "/_quire/v1/custom_emojis", { name: "shipit", url: "https://emoji.example.com/shipit.png" });
    assertShape(f, await call("GET", "/v1/custom_emojis"), "custom emoji list");
  });

  describe("blocks", () => {
    const single: [string, string][] = [
      ["client_blocks_retrieve_block_200.json", "paragraph"],
      ["client_blocks_retrieve_block_empty_text_content_200.json", "paragraph with empty text"],
      ["client_blocks_retrieve_block_paragraph_equation_200.json", "paragraph with an equation"],
      ["client_blocks_retrieve_block_paragraph_mention_200.json", "paragraph with mentions"],
      ["client_blocks_retrieve_block_heading1_200.json", "heading_1"],
      ["client_blocks_retrieve_block_callout_200.json", "callout"],
      ["client_blocks_retrieve_block_custom_emoji_200.json", "callout with a custom emoji icon"],
      ["client_blocks_retrieve_block_paragraph_custom_emoji_mention_200.json", "paragraph with a custom emoji mention"],
    ];
    for (const [file, what] of single) {
      test(`${what} (${file.replace(".json", "")})`, async (t) => {
        const notes: string[] = [];
        const { live, expected } = await buildBlocks([fixture(file)], notes);
        for (const n of notes) t.diagnostic(n);
        assertShape(expected[0], await call("GET", `/v1/blocks/${live[0].id}`), what, t);
      });
    }

    test("children lists (client_blocks_retrieve_block_children_default_200, …_page_size_4_200)", async () => {
      const all = fixture("client_blocks_retrieve_block_children_default_200.json");
      const { page, expected } = await buildBlocks(all.results, []);
      assertShape({ ...all, results: expected }, await call("GET", `/v1/blocks/${page}/children`), "children list");
      const four = fixture("client_blocks_retrieve_block_children_page_size_4_200.json");
      assertShape({ ...four, results: expected.slice(0, 4) }, await call("GET", `/v1/blocks/${page}/children?page_size=4`), "children list, page_size 4");
    });

    test("table rows (client_blocks_retrieve_table_row_list_200)", async () => {
      const f = fixture("client_blocks_retrieve_table_row_list_200.json");
      const page = await scratchPage();
      const rows = f.results.map((b: any) => mirrorBlock(b, { ...ctx, notes: [] }));
      const width = f.results[0].table_row.cells.length;
      const made = await call("PATCH", `/v1/blocks/${page}/children`, { children: [{ table: { table_width: width, has_column_header: true, children: rows.map((r: any) => r.request) } }] });
      assertShape({ ...f, results: rows.map((r: any) => r.expected) }, await call("GET", `/v1/blocks/${made.results[0].id}/children`), "table rows");
    });

    test("child_page (client_blocks_retrieve_block_child_page_200)", async () => {
      const f = fixture("client_blocks_retrieve_block_child_page_200.json");
      const page = await scratchPage();
      const child = await call("POST", "/v1/pages", { parent: { page_id: page }, properties: { title: { title: [{ text: { content: f.child_page.title } }] } } });
      assertShape(f, await call("GET", `/v1/blocks/${child.id}`), "child_page");
    });

    test("synced_block reference (client_blocks_retrieve_block_synced_block_200)", async () => {
      const f = fixture("client_blocks_retrieve_block_synced_block_200.json");
      const page = await scratchPage();
      const original = await call("PATCH", `/v1/blocks/${page}/children`, { children: [{ synced_block: { synced_from: null, children: [{ paragraph: { rich_text: [{ text: { content: "synced" } }] } }] } }] });
      const ref = await call("PATCH", `/v1/blocks/${page}/children`, { children: [{ synced_block: { synced_from: { block_id: original.results[0].id } } }] });
      assertShape(f, await call("GET", `/v1/blocks/${ref.results[0].id}`), "synced_block");
    });

    test("tab (client_blocks_retrieve_block_tab_200)", async () => {
      const f = fixture("client_blocks_retrieve_block_tab_200.json");
      const page = await scratchPage();
      const made = await call("PATCH", `/v1/blocks/${page}/children`, { children: [{ tab: { children: [{ paragraph: { rich_text: [{ text: { content: "Tab 1" } }] } }] } }] });
      assertShape(f, await call("GET", `/v1/blocks/${made.results[0].id}`), "tab");
    });

    describe("meeting notes (made with blocks.meetingNotes.create, processed with the control API)", () => {
      /** A note on a new page, as far as Notion's processing of the fixture went: title, status, event, recording. */
      async function processedNote(f: any, status: string) {
        const c = q.client({ version: "2026-03-11" });
        const upload = await c.fileUploads.create({ filename: "sync.m4a", content_type: "audio/mp4" });
        await c.fileUploads.send({ file_upload_id: upload.id, file: { filename: "sync.m4a", data: new Blob(["m4a"], { type: "audio/mp4" }) } });
        const note: any = await c.blocks.meetingNotes.create({ source: { type: "file_upload", file_upload_id: upload.id }, parent: { type: "page_id", page_id: await scratchPage() } });
        const payload = f[f.type];
        const res = await q.admin("PATCH", `/_quire/v1/meeting_notes/${note.id}`, {
          title: payload.title.map((t: any) => t.plain_text).join(""),
          status,
          calendar_event: { start_time: payload.calendar_event.start_time, end_time: payload.calendar_event.end_time, attendees: [botId] },
          recording: payload.recording,
        });
        assert.equal(res.status, 200, JSON.stringify(res.body));
        return note.id as string;
      }
      const get = async (version: string, path: string, method = "GET", body?: unknown) => {
        const res = await q.raw(method, path, { version, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
        assert.equal(res.status, 200, JSON.stringify(res.body));
        return res.body;
      };

      test("client_blocks_retrieve_block_transcription_200 (2025-09-03: transcription, archived beside in_trash)", async () => {
        const f = fixture("client_blocks_retrieve_block_transcription_200.json");
        const id = await processedNote(f, f.transcription.status);
        assertShape(f, await get("2025-09-03", `/v1/blocks/${id}`), "transcription");
      });

      test("client_blocks_retrieve_block_meeting_notes_200 (2026-03-11: meeting_notes; the fixture's `archived` is an older era's)", async () => {
        const { archived, ...f } = fixture("client_blocks_retrieve_block_meeting_notes_200.json");
        assert.equal(archived, false);
        const id = await processedNote(f, f.meeting_notes.status);
        assertShape(f, await get("2026-03-11", `/v1/blocks/${id}`), "meeting_notes");
      });

      test("client_blocks_meeting_notes_query_200 (2026-03-11: {results, has_more}, blocks without parent)", async () => {
        const f = fixture("client_blocks_meeting_notes_query_200.json");
        await processedNote(f.results[0], f.results[0].meeting_notes.status);
        // The notes of the other two tests attend too: the fixture's title picks this one.
        const title = f.results[0].meeting_notes.title.map((t: any) => t.plain_text).join("");
        const body = { filter: { operator: "and", filters: [{ property: "title", filter: { operator: "string_is", value: { type: "exact", value: title } } }] } };
        assertShape(f, await get("2026-03-11", "/v1/blocks/meeting_notes/query", "POST", body), "meeting notes query");
      });
    });

    const skipped: [string, string][] = [
      ["client_blocks_retrieve_block_audio_200", "Notion-hosted audio file: compared in test/file-uploads.test.ts (fixture shapes)"],
      ["client_blocks_retrieve_block_synced_block_no_block_id_200", "synced_from without block_id: an edited variant, not what the API answers for a block it created"],
      ["client_blocks_retrieve_column_list_200", "the fixture embeds request-style children in column_list (edited by hand upstream); live column_list is {}"],
    ];
    for (const [file, why] of skipped) test(file, { skip: why }, () => {});
  });

  // ---- databases, data sources, database pages ------------------------------------------------
  //
  // Each fixture's schema is mirrored into a create request (same property names and types, same
  // options, relations pointing at live databases built for them), rows get comparable values,
  // and the live object is fetched with the Notion-Version of the fixture's era:
  // - 2022-06-28 (legacy: databases carry `properties`, pages have `database_id` parents):
  //   client_databases_retrieve_database / _create_database / _update_database / _query /
  //   _with_status_type, client_pages_retrieve_page_properties / _unique_id / _property_item,
  //   rollup_with_select_values. (client_databases_update_database_200 carries `properties` and
  //   no `data_sources`, so it is a legacy body, not a 2025-09-03 one.)
  // - 2025-09-03 (databases carry `data_sources`): client_databases_retrieve_with_data_sources,
  //   client_data_sources_*.
  //
  // Era differences, forgiven or rewritten in the fixture before comparing (documented here):
  // - DATABASE_NEWER_KEYS: extra live keys (never missing ones). `description`, `is_inline`,
  //   `cover`, `url` and `database_parent` appear on databases/data sources in the recorded
  //   2025-09-03 cassettes (and `description` on their property schemas); the legacy fixtures
  //   predate `description`/`is_inline`, and the data-source fixtures leave out `cover`, `url`,
  //   `is_inline`. `description` on select/status options is in the
  //   SDK's response types (SelectPropertyResponse.description, @notionhq/client 5.x).
  // - modernize(): relation settings. The legacy fixtures have the pre-2022-06-28 form
  //   `{database_id, synced_property_name, synced_property_id}`; from 2022-06-28 Notion answers
  //   `{database_id, type: "dual_property", dual_property: {synced_property_name,
  //   synced_property_id}}`, and the data-source fixtures omit that `type` (the SDK's
  //   DualPropertyDatabasePropertyRelationConfigResponse has it). Pages under a data source have
  //   `parent: {type: "data_source_id", data_source_id, database_id}` (SDK
  //   DataSourceParentResponse); the query fixture omits `database_id`. Relation values of pages
  //   carry `has_more` (newer page bodies: notionrs/pages/page.json; the legacy query fixture
  //   predates it).
  // - client_databases_query_200 is a list of `type: "page"`; from 2022-06-28 a database query is a
  //   `page_or_database` list (the SDK's QueryDatabaseResponse for that version), rewritten so.
  // - client_databases_retrieve_with_data_sources_200 has `created_by`/`last_edited_by`, which
  //   2025-09-03 databases do not carry: neither the recorded GET/POST /v1/databases bodies of the
  //   cassettes nor the SDK's DatabaseObjectResponse have them (the data source has them). The
  //   fixture is followed where it agrees with recorded traffic, so the two keys are dropped.
  // - `developer_survey` (client_databases_with_status_type) is a Postman collection artefact,
  //   not part of the database object; it is dropped from the fixture.
  describe("databases, data sources and database pages", () => {
    const DATABASE_NEWER_KEYS = ["description", "is_inline", "cover", "url", "database_parent"];
    const dbOpts: ShapeOptions = { newerKeys: DATABASE_NEWER_KEYS };

    async function callV(version: string, method: string, path: string, body?: unknown) {
      const res = await q.raw(method, path, { version, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
      assert.ok(res.status < 300, `${version} ${method} ${path} → ${res.status} ${JSON.stringify(res.body)}`);
      return res.body;
    }
    const v22 = (method: string, path: string, body?: unknown) => callV("2022-06-28", method, path, body);
    const v25 = (method: string, path: string, body?: unknown) => callV("2025-09-03", method, path, body);

    /** Rewrites a fixture into the current form of its era (see the comment above). */
    function modernize(f: any): any {
      const walk = (x: any): any => {
        if (Array.isArray(x)) return x.map(walk);
        if (!x || typeof x !== "object") return x;
        const o: any = {};
        for (const [k, v] of Object.entries<any>(x)) o[k] = walk(v);
        if (o.type === "relation" && o.relation && typeof o.relation === "object" && !Array.isArray(o.relation)) {
          const { synced_property_name, synced_property_id, dual_property, single_property, type, ...rest } = o.relation;
          if (dual_property || synced_property_name !== undefined) o.relation = { ...rest, type: "dual_property", dual_property: dual_property ?? { synced_property_name, synced_property_id } };
          else o.relation = { ...rest, type: type ?? "single_property", single_property: single_property ?? {} };
        }
        else if (o.type === "relation" && Array.isArray(o.relation) && !("has_more" in o)) o.has_more = false;
        if (o.type === "data_source_id" && o.data_source_id && !("database_id" in o)) o.database_id = o.data_source_id;
        return o;
      };
      const out = walk(f);
      delete out.developer_survey;
      return out;
    }

    /** A fixture's schema (response form) back into create-request properties. */
    function schemaRequest(props: Record<string, any>, relationTarget: (name: string) => Record<string, unknown>): Record<string, any> {
      const out: Record<string, any> = {};
      for (const [name, p] of Object.entries<any>(props)) {
        const s = p[p.type] ?? {};
        switch (p.type) {
          case "number":
            out[name] = { number: { format: s.format } };
            break;
          case "select":
          case "multi_select":
          case "status":
            out[name] = { [p.type]: { options: s.options.map((o: any) => ({ name: o.name, color: o.color })) } };
            break;
          case "relation": {
            const synced = s.synced_property_name ?? s.dual_property?.synced_property_name;
            out[name] = { relation: { ...relationTarget(name), ...(synced !== undefined ? { dual_property: { synced_property_name: synced } } : { single_property: {} }) } };
            break;
          }
          case "formula":
            out[name] = { formula: { expression: s.expression } };
            break;
          case "unique_id":
            out[name] = { unique_id: { prefix: s.prefix ?? null } };
            break;
          default:
            out[name] = { [p.type]: {} };
        }
      }
      return out;
    }

    const titleOf = (items: any[]) => items.map((i) => ({ text: { content: i.plain_text } }));

    /** A legacy (2022-06-28) database under a new scratch page. */
    async function legacyDatabase(f: any, relationTarget: (name: string) => Record<string, unknown> = () => ({})) {
      const parent = await scratchPage();
      return v22("POST", "/v1/databases", {
        parent: { page_id: parent },
        title: titleOf(f.title),
        ...(f.description ? { description: titleOf(f.description) } : {}),
        ...(f.is_inline !== undefined ? { is_inline: f.is_inline } : {}),
        ...(f.icon?.type === "emoji" ? { icon: f.icon } : {}),
        ...(f.cover?.type === "external" ? { cover: f.cover } : {}),
        properties: schemaRequest(f.properties, relationTarget),
      });
    }

    /** A one-title-property legacy database to point relations at. */
    const relationTargetDb = async (title: string) => (await v22("POST", "/v1/databases", { parent: { page_id: await scratchPage() }, title: titleOf([{ plain_text: title }]), properties: { Name: { title: {} } } })).id as string;

    // The retrieve_database fixture's database, with the three rows of client_databases_query_200.
    let legacy: { db: any; rows: any[]; relatedPage: string } | undefined;
    async function legacyWithRows() {
      if (legacy) return legacy;
      const f = fixture("client_databases_retrieve_database_200.json");
      const docs = await relationTargetDb("Docs");
      const db = await legacyDatabase(f, () => ({ database_id: docs }));
      const relatedPage = (await v22("POST", "/v1/pages", { parent: { database_id: docs }, properties: { Name: { title: titleOf([{ plain_text: "Doc" }]) } } })).id;
      const rows = [];
      for (const r of fixture("client_databases_query_200.json").results) {
        const p = r.properties;
        rows.push(
          await v22("POST", "/v1/pages", {
            parent: { database_id: db.id },
            properties: {
              "My date time custom": { date: p["My date time custom"].date },
              "Related to Docs (Property)": { relation: p["Related to Docs (Property)"].relation.map(() => ({ id: relatedPage })) },
              Tags: { multi_select: p.Tags.multi_select.map((o: any) => ({ name: o.name })) },
              Nombre: { number: p.Nombre.number },
              "Simple text": { rich_text: titleOf(p["Simple text"].rich_text) },
              Name: { title: titleOf(p.Name.title) },
            },
          }),
        );
      }
      legacy = { db, rows, relatedPage };
      return legacy;
    }

    test("every era key forgiven on databases appears in the recorded 2025-09-03 traffic", { skip: !existsSync(CASSETTES_DIR) && "no cassettes" }, () => {
      const all = readdirSync(CASSETTES_DIR).map((f) => readFileSync(join(CASSETTES_DIR, f), "utf8")).join("\n");
      for (const k of DATABASE_NEWER_KEYS) assert.match(all, new RegExp(`"${k}":`), `${k} is not in the 2025-09-03 cassettes`);
    });

    describe("2022-06-28 (legacy databases)", () => {
      test("retrieve (client_databases_retrieve_database_200)", async () => {
        const { db } = await legacyWithRows();
        assertShape(modernize(fixture("client_databases_retrieve_database_200.json")), await v22("GET", `/v1/databases/${db.id}`), "database", undefined, dbOpts);
      });

      test("create (client_databases_create_database_200)", async () => {
        const f = fixture("client_databases_create_database_200.json");
        assertShape(modernize(f), await legacyDatabase(f), "created database", undefined, dbOpts);
      });

      test("update (client_databases_update_database_200)", async () => {
        const f = fixture("client_databases_update_database_200.json");
        const db = await legacyDatabase(fixture("client_databases_create_database_200.json"));
        const added = schemaRequest({ "Short Description": f.properties["Short Description"], "in stock": f.properties["in stock"] }, () => ({}));
        const updated = await v22("PATCH", `/v1/databases/${db.id}`, { title: titleOf(f.title), icon: f.icon, properties: added });
        assertShape(modernize(f), updated, "updated database", undefined, dbOpts);
      });

      test("query (client_databases_query_200)", async () => {
        const f = fixture("client_databases_query_200.json");
        const { db } = await legacyWithRows();
        const live = await v22("POST", `/v1/databases/${db.id}/query`, {});
        // Rows in the fixture's order (matched by their `Nombre`), since values are not compared.
        const byNumber = (n: number) => live.results.find((r: any) => r.properties.Nombre.number === n);
        delete f.page;
        Object.assign(f, { type: "page_or_database", page_or_database: {} });
        assertShape(modernize(f), { ...live, results: f.results.map((r: any) => byNumber(r.properties.Nombre.number) ?? null) }, "query", undefined, dbOpts);
      });

      test("property item: date (client_pages_retrieve_page_property_item_200)", async () => {
        const f = fixture("client_pages_retrieve_page_property_item_200.json");
        const { db, rows } = await legacyWithRows();
        const dateId = db.properties["My date time custom"].id;
        const row = rows.find((r) => r.properties["My date time custom"].date?.end === null);
        assertShape(f, await v22("GET", `/v1/pages/${row.id}/properties/${dateId}`), "date property item");
      });

      test("property item list: title of a row (client_pages_retrieve_page_property_item_paginated_200)", async () => {
        const { rows } = await legacyWithRows();
        const row = rows.find((r) => r.properties.Name.title.length === 1);
        assertShape(fixture("client_pages_retrieve_page_property_item_paginated_200.json"), await v22("GET", `/v1/pages/${row.id}/properties/title`), "title property item");
      });

      test("database with a status property (client_databases_with_status_type)", async (t) => {
        const f = fixture("client_databases_with_status_type.json");
        t.diagnostic("the file-hosted icon needs file uploads (issue #5): built without an icon, compared with icon null");
        f.icon = null;
        const collections = await relationTargetDb("Collections");
        const db = await legacyDatabase(f, () => ({ database_id: collections }));
        // Status groups cannot be set through the API: new options all join the first group, so
        // the groups' option_ids lengths are not the test's to control.
        assertShape(modernize(f), await v22("GET", `/v1/databases/${db.id}`), "database with status", t, { ...dbOpts, uncontrolledLengths: ["$.properties.Status 1.status.groups[].option_ids"] });
      });

      test("row with computed properties and formulas (client_pages_retrieve_page_properties_200)", async () => {
        const f = fixture("client_pages_retrieve_page_properties_200.json");
        const schema: Record<string, any> = {};
        for (const [name, v] of Object.entries<any>(f.properties)) {
          if (v.type === "select") schema[name] = { id: v.id, name, type: "select", select: { options: [{ name: v.select.name, color: v.select.color }] } };
          else if (v.type === "formula") schema[name] = { id: v.id, name, type: "formula", formula: { expression: name === "formula2" ? 'prop("Status") == "Completed 🏁"' : 'format(prop("Status"))' } };
          else schema[name] = { id: v.id, name, type: v.type, [v.type]: v.type === "number" ? { format: "number" } : {} };
        }
        const db = await legacyDatabase({ title: [{ plain_text: "Docs" }], properties: schema });
        const p = f.properties;
        const row = await v22("POST", "/v1/pages", {
          parent: { database_id: db.id },
          properties: {
            Type: { select: { name: p.Type.select.name } },
            Status: { select: { name: p.Status.select.name } },
            "My number": { number: p["My number"].number },
            "My number float": { number: p["My number float"].number },
            Stakeholders: { people: [{ id: ctx.personId }] },
            Name: { title: titleOf(p.Name.title) },
          },
        });
        // Rows made through the API are created and edited by the integration's bot, so the
        // fixture's person in Created By / Last Edited By becomes the bot fixture's user
        // (client_users_retrieve_bot_200; `bot` is `{}` in property values, no owner). The
        // fixture's Stakeholders item is a bare `{object, id}` (what Notion answers to an
        // integration without user information capabilities); the dev integration has them, so
        // it gets the same full person shape as the fixture's own Created By.
        const bot = { ...fixture("client_users_retrieve_bot_200.json"), bot: {} };
        p["Created By"].created_by = bot;
        p["Last Edited By"].last_edited_by = bot;
        p.Stakeholders.people = [fixture("client_pages_retrieve_page_properties_200.json").properties["Created By"].created_by];
        assertShape(modernize(f), await v22("GET", `/v1/pages/${row.id}`), "row");
      });

      test("unique_id (client_pages_retrieve_page_unique_id_200)", async () => {
        const f = fixture("client_pages_retrieve_page_unique_id_200.json");
        // A database needs a title property; the fixture shows only `test-ID`, so the row is read
        // with filter_properties=<its id>.
        const db = await legacyDatabase({ title: [{ plain_text: "Database unique id" }], properties: { Name: { type: "title", title: {} }, ...f.properties } });
        const row = await v22("POST", "/v1/pages", { parent: { database_id: db.id }, properties: { Name: { title: titleOf([{ plain_text: "Database unique id" }]) } } });
        assertShape(f, await v22("GET", `/v1/pages/${row.id}?filter_properties=${db.properties["test-ID"].id}`), "row with unique_id");
      });

      test("rollups of select and multi_select (rollup_with_select_values_200)", async () => {
        const f = fixture("rollup_with_select_values_200.json");
        const features = await v22("POST", "/v1/databases", {
          parent: { page_id: await scratchPage() },
          title: titleOf([{ plain_text: "Features" }]),
          properties: { Name: { title: {} }, Features: { multi_select: { options: [] } }, Version: { select: { options: [] } } },
        });
        const arrays = f.properties;
        const related = [];
        for (let i = 0; i < arrays["Features Rollup"].rollup.array.length; i++) {
          related.push(
            await v22("POST", "/v1/pages", {
              parent: { database_id: features.id },
              properties: {
                Name: { title: titleOf([{ plain_text: `Feature ${i}` }]) },
                Features: { multi_select: arrays["Features Rollup"].rollup.array[i].multi_select.map((o: any) => ({ name: o.name })) },
                Version: { select: { name: arrays["Version Rollup"].rollup.array[i].select.name } },
              },
            }),
          );
        }
        const db = await v22("POST", "/v1/databases", {
          parent: { page_id: await scratchPage() },
          title: titleOf([{ plain_text: "Projects" }]),
          properties: {
            Name: { title: {} },
            Related: { relation: { database_id: features.id, single_property: {} } },
            "Features Rollup": { rollup: { relation_property_name: "Related", rollup_property_name: "Features", function: "show_original" } },
            "Version Rollup": { rollup: { relation_property_name: "Related", rollup_property_name: "Version", function: "show_original" } },
          },
        });
        const row = await v22("POST", "/v1/pages", { parent: { database_id: db.id }, properties: { Name: { title: titleOf(f.properties.Name.title) }, Related: { relation: related.map((r) => ({ id: r.id })) } } });
        const ids = Object.values<any>(db.properties).filter((p) => p.name !== "Related").map((p) => `filter_properties=${p.id}`).join("&");
        assertShape(f, await v22("GET", `/v1/pages/${row.id}?${ids}`), "row with rollups");
      });
    });

    describe("2025-09-03 (databases with data sources)", () => {
      // "Tasks" with the data sources "My Task Tracker" (Name, Projects → a "Projects" database,
      // synced as "Tasks") and "Archive" (Name), as in the data-source fixtures.
      let tasks: { db: any; tracker: any; archive: any } | undefined;
      async function tasksDatabase() {
        if (tasks) return tasks;
        const ds = fixture("client_data_sources_retrieve_200.json");
        const projects = await v25("POST", "/v1/databases", { parent: { page_id: await scratchPage() }, title: titleOf([{ plain_text: "Projects" }]), initial_data_source: { properties: { Name: { title: {} } } } });
        const db = await v25("POST", "/v1/databases", {
          parent: { page_id: await scratchPage() },
          title: titleOf([{ plain_text: "Tasks" }]),
          initial_data_source: { properties: schemaRequest(ds.properties, () => ({ data_source_id: projects.data_sources[0].id })) },
        });
        await v25("PATCH", `/v1/data_sources/${db.data_sources[0].id}`, { title: titleOf(ds.title) });
        const tracker = await v25("GET", `/v1/data_sources/${db.data_sources[0].id}`);
        const created = fixture("client_data_sources_create_200.json");
        const archive = await v25("POST", "/v1/data_sources", { parent: { type: "database_id", database_id: db.id }, title: titleOf(created.title), properties: schemaRequest(created.properties, () => ({})) });
        tasks = { db, tracker, archive };
        return tasks;
      }

      test("retrieve database (client_databases_retrieve_with_data_sources_200)", async () => {
        const { db } = await tasksDatabase();
        const f = fixture("client_databases_retrieve_with_data_sources_200.json");
        delete f.created_by; // not in 2025-09-03 databases, see the comment at the top of this block
        delete f.last_edited_by;
        assertShape(f, await v25("GET", `/v1/databases/${db.id}`), "database", undefined, dbOpts);
      });

      test("retrieve data source (client_data_sources_retrieve_200)", async () => {
        const { tracker } = await tasksDatabase();
        assertShape(modernize(fixture("client_data_sources_retrieve_200.json")), tracker, "data source", undefined, dbOpts);
      });

      test("create data source (client_data_sources_create_200)", async () => {
        const { archive } = await tasksDatabase();
        assertShape(modernize(fixture("client_data_sources_create_200.json")), archive, "created data source", undefined, dbOpts);
      });

      test("update data source (client_data_sources_update_200)", async () => {
        const f = fixture("client_data_sources_update_200.json");
        const { db } = await tasksDatabase();
        const ds = await v25("POST", "/v1/data_sources", { parent: { type: "database_id", database_id: db.id }, title: titleOf([{ plain_text: "My Task Tracker" }]), properties: { Name: { title: {} } } });
        assertShape(modernize(f), await v25("PATCH", `/v1/data_sources/${ds.id}`, { title: titleOf(f.title) }), "updated data source", undefined, dbOpts);
      });

      test("query data source (client_data_sources_query_200)", async () => {
        const f = fixture("client_data_sources_query_200.json");
        const { db } = await tasksDatabase();
        const ds = await v25("POST", "/v1/data_sources", { parent: { type: "database_id", database_id: db.id }, title: titleOf([{ plain_text: "Query" }]), properties: { Name: { title: {} } } });
        await v25("POST", "/v1/pages", { parent: { data_source_id: ds.id }, properties: {} });
        assertShape(modernize(f), await v25("POST", `/v1/data_sources/${ds.id}/query`, {}), "data source query", undefined, dbOpts);
      });

      test("list templates (client_data_sources_list_templates_200)", async (t) => {
        const f = fixture("client_data_sources_list_templates_200.json");
        const { tracker } = await tasksDatabase();
        // The fixture's templates, made through the control API (their pages are the tracker's rows).
        for (const item of f.templates) {
          const page = await v25("POST", "/v1/pages", { parent: { data_source_id: tracker.id }, properties: { title: { title: titleOf([{ plain_text: item.name }]) } } });
          await q.admin("POST", `/_quire/v1/data_sources/${tracker.id}/templates`, { page_id: page.id, is_default: item.is_default });
        }
        assertShape(f, await v25("GET", `/v1/data_sources/${tracker.id}/templates`), "templates", t);
      });
    });

    const skipped: [string, string][] = [
      ["client_pages_retrieve_page_verification_unverified_200", "verification properties cannot be created through the API"],
      ["client_pages_retrieve_page_verification_verified_200", "verification properties cannot be created through the API"],
    ];
    for (const [file, why] of skipped) test(file, { skip: why }, () => {});
  });

  describe("errors", () => {
    const cases: [string, () => Promise<{ status: number; body: any }>][] = [
      ["client_request_retrieve_page_404.json", () => q.raw("GET", "/v1/pages/00000000-0000-0000-0000-000000000000")],
      ["client_request_invalid_token_api_401.json", () => q.raw("GET", "/v1/users", { auth: "ntn_invalid_token_for_shapes_test" })],
      ["client_request_invalid_url_400.json", () => q.raw("GET", "/v1/invalid")],
      ["client_request_missing_version_400.json", () => q.raw("GET", "/v1/users", { version: null })],
    ];
    for (const [file, send] of cases) {
      test(file.replace(".json", ""), async () => {
        const f = fixture(file);
        const res = await send();
        assert.equal(res.status, f.status);
        assertShape(f, res.body, file);
      });
    }
  });
});
