/**
 * Shape references: live Quire objects against the single response bodies of
 * /work/shared/fixtures/notion-sdk-php/*.json (users, pages, blocks, errors — what Quire implements).
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
function shapeMismatches(expected: unknown, live: unknown, known?: (m: Mismatch, reason: string) => void): Mismatch[] {
  const out: Mismatch[] = [];
  for (const m of compareBodies(expected, live, { limit: 200 })) {
    const k = KNOWN.find((x) => x.path.test(m.path));
    if (k) {
      known?.(m, k.reason);
      continue;
    }
    if (m.kind !== "keys") {
      out.push(m);
      continue;
    }
    const extra = (m.extra ?? []).filter((k) => !NEWER_KEYS.includes(k));
    if (m.missing?.length || extra.length) out.push({ ...m, extra, message: `keys missing [${(m.missing ?? []).join(", ")}], extra [${extra.join(", ")}]` });
  }
  return out;
}

function assertShape(expected: unknown, live: unknown, what: string, t?: { diagnostic(msg: string): void }) {
  const ms = shapeMismatches(expected, live, (m, reason) => t?.diagnostic(`known difference at ${m.path} (${m.message}): ${reason}`));
  assert.deepEqual(ms.map((m) => `${m.path}: ${m.message}`), [], `${what}: live shape differs from the fixture`);
}

// ---- fixture (response form) → request form -----------------------------------------------

interface MirrorCtx {
  personId: string;
  pageId: string;
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
      else ctx.notes.push(`${m.type} mention left out: ${m.type === "custom_emoji" ? "custom emojis are not implemented" : "the API cannot create it"}`);
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
      if (v?.type === "custom_emoji") throw new Unbuildable("custom emoji icon: custom emojis are not implemented");
      req.icon = v;
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
    ctx = { personId: person.id, pageId: mentioned };
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
    test("skipped page fixtures", { skip: "database-parented page fixtures are not mirrored here yet (databases are checked against recorded traffic in test/replay.test.ts, docs/PARITY.md); the file-hosted icon needs file uploads (issue #5)" }, () => {});
  });

  describe("blocks", () => {
    const single: [string, string][] = [
      ["client_blocks_retrieve_block_200.json", "paragraph"],
      ["client_blocks_retrieve_block_empty_text_content_200.json", "paragraph with empty text"],
      ["client_blocks_retrieve_block_paragraph_equation_200.json", "paragraph with an equation"],
      ["client_blocks_retrieve_block_paragraph_mention_200.json", "paragraph with mentions"],
      ["client_blocks_retrieve_block_heading1_200.json", "heading_1"],
      ["client_blocks_retrieve_block_callout_200.json", "callout"],
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

    const skipped: [string, string][] = [
      ["client_blocks_retrieve_block_audio_200", "Notion-hosted audio file: needs file uploads (not implemented yet)"],
      ["client_blocks_retrieve_block_custom_emoji_200", "callout with a custom emoji icon: custom emojis not implemented yet"],
      ["client_blocks_retrieve_block_paragraph_custom_emoji_mention_200", "custom emoji mention: custom emojis not implemented yet"],
      ["client_blocks_retrieve_block_synced_block_no_block_id_200", "synced_from without block_id: an edited variant, not what the API answers for a block it created"],
      ["client_blocks_retrieve_column_list_200", "the fixture embeds request-style children in column_list (edited by hand upstream); live column_list is {}"],
      ["client_blocks_retrieve_block_meeting_notes_200", "meeting_notes cannot be created through the API"],
      ["client_blocks_retrieve_block_transcription_200", "transcription cannot be created through the API"],
      ["client_blocks_meeting_notes_query_200", "meeting notes query: not a public endpoint Quire implements"],
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
