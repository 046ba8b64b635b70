/**
 * Seed files (issue 15; docs/design/seed-files.md): `startQuire({ seed })` / `--seed` creates the
 * workspaces a JSON or YAML file declares at first start — people, integrations with fixed tokens,
 * pages with blocks or markdown, databases with rows, shares — with the ids the file gives; a bad
 * file stops the start naming the path inside it; `GET /_quire/v1/workspaces/:id/seed` exports a
 * workspace in the same format, and starting from that export exports the same file again.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client, LogLevel } from "@notionhq/client";
import { parse as parseYaml } from "yaml";
import { startTestQuire, type TestQuire } from "./helpers/quire.js";
import { runCli } from "./helpers/child.js";
import { parseServeConfig } from "../src/config.js";

const WS = "5eed0000-0000-4000-8000-000000000001";
const ALICE = "5eed0000-0000-4000-8000-000000000002";
const BOT = "5eed0000-0000-4000-8000-000000000003";
const HOME = "5eed0000-0000-4000-8000-000000000004";
const NOTES = "5eed0000-0000-4000-8000-000000000005";
const TASKS = "5eed0000-0000-4000-8000-000000000006";
const TASKS_DS = "5eed0000-0000-4000-8000-000000000007";
const ROW1 = "5eed0000-0000-4000-8000-000000000008";
const GROUP = "5eed0000-0000-4000-8000-000000000009";
const TOKEN = "ntn_seeded_token_for_tests_0001";
const HELLO = "5eed0000-0000-4000-8000-00000000000a";
const INSIDE = "5eed0000-0000-4000-8000-00000000000b";
const THREAD = "5eed0000-0000-4000-8000-00000000000c";
const FIRST = "5eed0000-0000-4000-8000-00000000000d";
const BOBS = "5eed0000-0000-4000-8000-00000000000e";
const OPEN_VIEW = "5eed0000-0000-4000-8000-00000000000f";
const BOARD_VIEW = "5eed0000-0000-4000-8000-000000000010";
const TEMPLATE = "5eed0000-0000-4000-8000-000000000011";
const MENTIONS = "5eed0000-0000-4000-8000-000000000012";
const rt = (content: string) => [{ type: "text", text: { content } }];

/** A seed exercising each kind of object. */
const SEED = {
  version: 1,
  workspaces: [
    {
      id: WS,
      name: "Acme",
      time_zone: "Europe/Paris",
      people: [
        { id: ALICE, key: "alice", email: "alice@acme.test", name: "Alice", role: "membership_admin", password: "correct horse battery staple" },
        { key: "bob", email: "bob@acme.test", name: "Bob" },
      ],
      integrations: [{ id: BOT, key: "bot", name: "Acme Bot", token: TOKEN, shares: ["home"] }],
      pages: [
        {
          id: HOME,
          key: "home",
          title: "Home",
          icon: { type: "emoji", emoji: "🏠" },
          children: [
            { type: "heading_1", heading_1: { rich_text: rt("Welcome") } },
            { paragraph: { rich_text: rt("Hello from a seed file.") } },
          ],
        },
        { id: NOTES, key: "notes", parent: "home", title: "Notes", markdown: "# Notes\n\n- one\n- two\n" },
      ],
      databases: [
        {
          id: TASKS,
          data_source_id: TASKS_DS,
          key: "tasks",
          parent: "home",
          title: "Tasks",
          properties: {
            Name: { title: {} },
            Done: { checkbox: {} },
            Points: { number: {} },
            Tag: { select: { options: [{ name: "urgent", color: "red" }, { name: "later", color: "gray" }] } },
          },
          rows: [
            { id: ROW1, key: "row1", properties: { Name: { title: rt("Write the seed") }, Done: { checkbox: true }, Points: { number: 3 }, Tag: { select: { name: "urgent" } } } },
            { properties: { Name: { title: rt("Ship it") }, Done: { checkbox: false }, Points: { number: 5 }, Tag: { select: { name: "later" } } } },
          ],
        },
      ],
    },
  ],
};

const sdk = (q: TestQuire, auth: string) => new Client({ auth, baseUrl: q.url, retry: false, logLevel: LogLevel.ERROR } as ConstructorParameters<typeof Client>[0]);

describe("a JSON seed given as an object", () => {
  let q: TestQuire;
  let notion: Client;
  before(async () => {
    q = await startTestQuire({ seed: SEED });
    notion = sdk(q, TOKEN);
  });
  after(() => q.close());

  test("creates the workspace with its id, besides the default one", async () => {
    assert.deepEqual(q.seededWorkspaceIds, [WS]);
    const ws = await q.admin("GET", `/_quire/v1/workspaces/${WS}`);
    assert.equal(ws.status, 200);
    assert.equal(ws.body.name, "Acme");
    assert.equal(ws.body.time_zone, "Europe/Paris");
    assert.notEqual(q.workspaceId, WS);
  });

  test("the fixed token authenticates as the integration with the given id", async () => {
    const me = await notion.users.me({});
    assert.equal(me.id, BOT);
    assert.equal(me.name, "Acme Bot");
  });

  test("hard-coded ids answer: pages, blocks, markdown content, shares", async () => {
    const home = (await notion.pages.retrieve({ page_id: HOME })) as any;
    assert.equal(home.properties.title.title[0].plain_text, "Home");
    assert.deepEqual(home.icon, { type: "emoji", emoji: "🏠" });
    const blocks = (await notion.blocks.children.list({ block_id: HOME })).results as any[];
    assert.deepEqual(blocks.slice(0, 2).map((b) => b.type), ["heading_1", "paragraph"]);
    assert.equal(blocks[1].paragraph.rich_text[0].plain_text, "Hello from a seed file.");
    const notes = (await notion.blocks.children.list({ block_id: NOTES })).results as any[];
    assert.deepEqual(notes.map((b) => b.type), ["heading_1", "bulleted_list_item", "bulleted_list_item"]);
    const notesPage = (await notion.pages.retrieve({ page_id: NOTES })) as any;
    assert.equal(notesPage.parent.page_id, HOME);
  });

  test("people: ids, roles, emails", async () => {
    const alice = (await notion.users.retrieve({ user_id: ALICE })) as any;
    assert.equal(alice.name, "Alice");
    assert.equal(alice.person.email, "alice@acme.test");
    const members = await q.admin("GET", `/_quire/v1/workspaces/${WS}/members`);
    const roles = Object.fromEntries(members.body.results.map((m: any) => [m.user_id, m.role]));
    assert.equal(roles[ALICE], "membership_admin");
  });

  test("rows are queryable through the data source the file named", async () => {
    const ds = (await notion.dataSources.retrieve({ data_source_id: TASKS_DS })) as any;
    assert.equal(ds.parent.database_id, TASKS);
    const done = await notion.dataSources.query({ data_source_id: TASKS_DS, filter: { property: "Done", checkbox: { equals: true } } });
    assert.deepEqual(done.results.map((r) => r.id), [ROW1]);
    const big = await notion.dataSources.query({ data_source_id: TASKS_DS, filter: { property: "Points", number: { greater_than: 4 } } });
    assert.equal(big.results.length, 1);
    assert.equal((big.results[0] as any).properties.Tag.select.name, "later");
  });

  test("what is not shared with the integration stays out of its sight", async () => {
    const other = await startTestQuire({ seed: { workspaces: [{ name: "Solo", integrations: [{ name: "Shy", token: "secret_shy_token_123" }], pages: [{ key: "p", title: "Private" }] }] } });
    try {
      const res = await sdk(other, "secret_shy_token_123").search({});
      assert.deepEqual(res.results, []);
    } finally {
      await other.close();
    }
  });
});

describe("bad seed files stop the start, naming the path inside the file", () => {
  const fails = async (seed: unknown, message: RegExp) => {
    await assert.rejects(startTestQuire({ seed: seed as object }), (e: Error) => {
      assert.match(e.message, message);
      return true;
    });
  };
  const ws = (extra: Record<string, unknown>) => ({ workspaces: [{ name: "W", ...extra }] });

  test("structure: no workspaces, a wrong version, a missing name", async () => {
    await fails({}, /^Seed file \(object\): workspaces should be defined/);
    await fails({ version: 2, workspaces: [{ name: "W" }] }, /version should be `1`/);
    await fails({ workspaces: [{}] }, /workspaces\[0\]\.name should be defined/);
  });

  test("a key the format does not have (a typo) is refused, not ignored", async () => {
    await fails(ws({ pages: [{ title: "A", childern: [] }] }), /workspaces\[0\]\.pages\[0\]\.childern is not a key of this item/);
  });

  test("a block of an unknown type: the path of the block", async () => {
    await fails(ws({ pages: [{ title: "A" }, { title: "B", children: [{ type: "paragraph", paragraph: { rich_text: [] } }, { type: "nonsense", nonsense: {} }] }] }), /workspaces\[0\]\.pages\[1\]\.children\[1\]/);
  });

  test("ids must be UUIDs and unique; references must exist", async () => {
    await fails(ws({ pages: [{ id: "not-a-uuid", title: "A" }] }), /workspaces\[0\]\.pages\[0\]\.id should be a valid uuid/);
    await fails(ws({ pages: [{ id: HOME, title: "A" }, { id: HOME, title: "B" }] }), /workspaces\[0\]\.pages\[1\]\.id .* is already used at workspaces\[0\]\.pages\[0\]\.id/);
    await fails(ws({ pages: [{ key: "a", title: "A" }], integrations: [{ name: "I", shares: ["nope"] }] }), /workspaces\[0\]\.integrations\[0\]\.shares\[0\]: no object of this file has key or id `nope`/);
    await fails(ws({ pages: [{ key: "a", title: "A", permissions: [{ group: "ghosts", level: "can_view" }] }] }), /workspaces\[0\]\.pages\[0\]\.permissions\[0\]: no object of this file has key or id `ghosts`/);
    await fails(ws({ pages: [{ key: "a", title: "A", permissions: [{ workspace: true, level: "everything" }] }] }), /workspaces\[0\]\.pages\[0\]\.permissions\[0\]\.level should be `"full_access"`/);
  });

  test("block ids and comments: bad or duplicate ids, a thread on a block without that id, an unknown author", async () => {
    const para = (id?: string) => ({ ...(id ? { id } : {}), paragraph: { rich_text: [] } });
    await fails(ws({ pages: [{ title: "A", children: [para(), { toggle: { rich_text: [], children: [para("nope")] } }] }] }), /workspaces\[0\]\.pages\[0\]\.children\[1\]\.toggle\.children\[0\]\.id should be a valid uuid/);
    await fails(ws({ pages: [{ id: HOME, title: "A", children: [para(HOME)] }] }), /workspaces\[0\]\.pages\[0\]\.children\[0\]\.id .* is already used at workspaces\[0\]\.pages\[0\]\.id/);
    await fails(ws({ pages: [{ title: "A", children: [para(HELLO)] }, { title: "B", children: [para(), para(HELLO)] }] }), /workspaces\[0\]\.pages\[1\]\.children\[1\]\.id .* is already used at workspaces\[0\]\.pages\[0\]\.children\[0\]\.id/);
    await fails(ws({ pages: [{ title: "A", children: [para()], discussions: [{ block: HELLO, comments: [{ rich_text: "x" }] }] }] }), /workspaces\[0\]\.pages\[0\]\.discussions\[0\]\.block should be the `id` of a block of this page/);
    await fails(ws({ pages: [{ title: "A", discussions: [{ comments: [] }] }] }), /workspaces\[0\]\.pages\[0\]\.discussions\[0\]\.comments should be a non-empty array/);
    await fails(ws({ pages: [{ title: "A", discussions: [{ comments: [{ author: "ghost", rich_text: "x" }] }] }] }), /workspaces\[0\]\.pages\[0\]\.discussions\[0\]\.comments\[0\]\.author: no object of this file has key or id `ghost`/);
    await fails(ws({ pages: [{ title: "A", discussions: [{ comments: [{ rich_text: "x", colour: 1 }] }] }] }), /discussions\[0\]\.comments\[0\]\.colour is not a key of this item/);
    await fails(ws({ pages: [{ title: "A", parent: "x", section: "private" }] }), /workspaces\[0\]\.pages\[0\]\.section should be not present on a page with a parent/);
    await fails(ws({ integrations: [{ key: "i", name: "I" }], pages: [{ title: "A", section: "private", private_to: "i" }] }), /workspaces\[0\]\.pages\[0\]\.private_to: `i` is not a person of this workspace/);
  });

  test("a property value the API refuses: the row's path and the API's reason", async () => {
    await fails(
      ws({ pages: [{ key: "p", title: "P" }], databases: [{ parent: "p", title: "D", properties: { Name: { title: {} }, N: { number: {} } }, rows: [{ properties: { N: { number: "three" } } }] }] }),
      /workspaces\[0\]\.databases\[0\]\.rows\[0\]: .*N/,
    );
  });

  test("views and templates: the Views API's own messages, at the view's path; one default template", async () => {
    const db = (extra: Record<string, unknown>) => ws({ pages: [{ key: "p", title: "P" }], databases: [{ parent: "p", title: "D", properties: { Name: { title: {} }, N: { number: {} } }, ...extra }] });
    await fails(db({ views: [{ name: "V", type: "spreadsheet" }] }), /workspaces\[0\]\.databases\[0\]\.views\[0\]\.type should be `"table"`/);
    await fails(db({ views: [{ type: "table" }] }), /workspaces\[0\]\.databases\[0\]\.views\[0\]\.name should be defined/);
    await fails(db({ views: [{ name: "V", type: "table", colour: "red" }] }), /views\[0\]\.colour is not a key of this item/);
    await fails(db({ views: [{ name: "V", type: "dashboard" }] }), /views\[0\]\.type should be a view type other than `dashboard`/);
    await fails(db({ views: [] }), /workspaces\[0\]\.databases\[0\]\.views should be a non-empty array/);
    await fails(db({ views: [{ name: "V", type: "table", configuration: { type: "board" } }] }), /workspaces\[0\]\.databases\[0\]\.views\[0\]\.configuration/);
    // Checked against the data source when made: the verb's message, prefixed with the view's path.
    await fails(db({ views: [{ name: "V", type: "table", filter: { property: "Nope", checkbox: { equals: true } } }] }), /workspaces\[0\]\.databases\[0\]\.views\[0\]: .*Nope/);
    await fails(db({ views: [{ name: "V", type: "board", configuration: { type: "board", group_by: { type: "select", property_id: "N", sort: { type: "manual" } } } }] }), /workspaces\[0\]\.databases\[0\]\.views\[0\]: .*group/);
    await fails(db({ views: [{ id: HOME, name: "V", type: "table" }], rows: [{ id: HOME, properties: {} }] }), /views\[0\]\.id .* is already used at workspaces\[0\]\.databases\[0\]\.rows\[0\]\.id/);
    await fails(db({ templates: [{ is_default: true, properties: {} }, { is_default: true, properties: {} }] }), /workspaces\[0\]\.databases\[0\]\.templates\[1\]\.is_default should be not `true` when workspaces\[0\]\.databases\[0\]\.templates\[0\] is the default/);
    await fails(db({ templates: [{ properties: { N: { number: "x" } } }] }), /workspaces\[0\]\.databases\[0\]\.templates\[0\]: .*N/);
    await fails(db({ rows: [{ is_default: true, properties: {} }] }), /rows\[0\]\.is_default is not a key of this item/);
  });

  test("a weak password and a malformed email", async () => {
    await fails(ws({ people: [{ email: "x@y.test", name: "X", password: "short" }] }), /workspaces\[0\]\.people\[0\]\.password/);
    await fails(ws({ people: [{ email: "nope", name: "X" }] }), /workspaces\[0\]\.people\[0\]\.email should be an email address/);
  });

  test("a file that is not JSON or YAML, and one that is not there", async () => {
    const dir = mkdtempSync(join(tmpdir(), "quire-seed-"));
    try {
      writeFileSync(join(dir, "bad.json"), "{ nope");
      await fails(join(dir, "bad.json"), /is not valid JSON/);
      writeFileSync(join(dir, "bad.yaml"), "workspaces: [\n");
      await fails(join(dir, "bad.yaml"), /is not valid YAML/);
      await fails(join(dir, "missing.yaml"), /Cannot read the seed file .*missing\.yaml: ENOENT/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("a YAML seed file, and later starts on the same data", () => {
  const dir = mkdtempSync(join(tmpdir(), "quire-seed-"));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const yaml = join(dir, "seed.yaml");
  writeFileSync(
    yaml,
    [
      "version: 1",
      "workspaces:",
      "  - id: " + WS,
      "    name: From YAML",
      "    integrations:",
      "      - name: Y",
      "        token: secret_yaml_token_0001",
      "        shares: [top]",
      "    pages:",
      "      - key: top",
      "        id: " + HOME,
      "        title: Top",
      "        markdown: |",
      "          Some **bold** text.",
      "",
    ].join("\n"),
  );

  test("a failed seed leaves nothing: the next start seeds from scratch", async () => {
    const data = join(dir, "data");
    await assert.rejects(startTestQuire({ memory: false, dataDir: data, seed: { workspaces: [{ name: "W", pages: [{ key: "p", parent: "ghost", title: "x" }] }] } }), /ghost/);
    const q = await startTestQuire({ memory: false, dataDir: data, seed: yaml });
    try {
      assert.deepEqual(q.seededWorkspaceIds, [WS]);
      const page = (await sdk(q, "secret_yaml_token_0001").pages.retrieve({ page_id: HOME })) as any;
      assert.equal(page.properties.title.title[0].plain_text, "Top");
      const md = await q.raw("GET", `/v1/pages/${HOME}/markdown`, { auth: "secret_yaml_token_0001" });
      assert.match(md.body.markdown, /Some \*\*bold\*\* text\./);
      await sdk(q, "secret_yaml_token_0001").pages.update({ page_id: HOME, properties: { title: { title: rt("Renamed") as any } } });
    } finally {
      await q.close();
    }
    // A second start on the same data does not seed again: the rename stands, one workspace from the file.
    const again = await startTestQuire({ memory: false, dataDir: data, seed: yaml });
    try {
      assert.deepEqual(again.seededWorkspaceIds, []);
      const page = (await sdk(again, "secret_yaml_token_0001").pages.retrieve({ page_id: HOME })) as any;
      assert.equal(page.properties.title.title[0].plain_text, "Renamed");
      const list = await again.admin("GET", "/_quire/v1/workspaces");
      assert.equal(list.body.results.length, 2);
    } finally {
      await again.close();
    }
  });
});

describe("export in the seed format: the round trip", () => {
  const rich = structuredClone(SEED) as any;
  const w = rich.workspaces[0];
  w.pages[0].children.push(
    { toggle: { rich_text: [{ type: "text", text: { content: "More" }, annotations: { bold: true } }], children: [{ paragraph: { rich_text: rt("Inside") } }] } },
    { to_do: { rich_text: rt("Check"), checked: true } },
    { code: { language: "typescript", rich_text: rt("const x = 1;") } },
    { bookmark: { url: "https://example.com/" } },
  );
  w.databases[0].properties.Labels = { multi_select: { options: [{ name: "a", color: "blue" }, { name: "b", color: "green" }] } };
  w.databases[0].properties.Due = { date: {} };
  w.databases[0].properties.Link = { url: {} };
  w.databases[0].properties.Owner = { people: {} };
  w.databases[0].properties.Score = { formula: { expression: 'prop("Points") * 2' } };
  Object.assign(w.databases[0].rows[0].properties, { Labels: { multi_select: [{ name: "a" }, { name: "b" }] }, Due: { date: { start: "2026-06-27" } }, Link: { url: "https://acme.test" }, Owner: { people: [{ id: ALICE }] } });
  w.databases[0].rows[0].children = [{ paragraph: { rich_text: rt("Row content") } }];
  w.pages.push({ key: "under-row", parent: "row1", title: "Page under a row" });
  w.groups = [{ id: GROUP, key: "editors", name: "Editors", external_id: "ext-editors", members: ["bob", "alice"] }];
  w.pages[1].permissions = [{ group: "editors", level: "can_edit" }];
  w.databases[0].permissions = [{ user: "alice", level: "can_view" }];
  // Explicit block ids (nested too), comment threads on a page and a block, a resolved one, private pages.
  w.pages[0].children[1].id = HELLO;
  w.pages[0].children[2].toggle.children[0].id = INSIDE;
  w.pages[0].discussions = [
    { id: THREAD, block: HELLO, comments: [{ id: FIRST, author: "alice", rich_text: "Is this right?" }, { author: "bot", rich_text: [{ type: "text", text: { content: "Yes" }, annotations: { italic: true } }] }, { rich_text: "The owner agrees" }] },
    { block: INSIDE, resolved: true, comments: [{ author: "bob", rich_text: "Done", display_name: { type: "custom", resolved_name: "Robert" } }] },
    { comments: [{ author: "alice", rich_text: "On the page" }] },
  ];
  w.databases[0].rows[0].discussions = [{ comments: [{ author: "bob", rich_text: "A row's comment" }] }];
  w.pages.push({ id: BOBS, title: "Bob's own", section: "private", private_to: "bob", children: [{ paragraph: { rich_text: rt("Mine") } }], permissions: [{ user: "alice", level: "can_view" }] });
  w.pages.push({ title: "The owner's own", section: "private" });
  // Views: filter, sorts, hidden properties, a board grouped by a select, a calendar; templates, the default marked.
  w.databases[0].views = [
    { id: OPEN_VIEW, name: "Open work", type: "table", filter: { property: "Done", checkbox: { equals: false } }, sorts: [{ property: "Points", direction: "descending" }], configuration: { type: "table", properties: [{ property_id: "Points", visible: false }, { property_id: "Name", visible: true, width: 240 }] } },
    { id: BOARD_VIEW, name: "By tag", type: "board", configuration: { type: "board", group_by: { type: "select", property_id: "Tag", sort: { type: "manual" } } } },
    { name: "Calendar", type: "calendar", configuration: { type: "calendar", date_property_id: "Due" } },
    { name: "Everything", type: "list" },
  ];
  w.databases[0].templates = [
    { key: "bug", properties: { Name: { title: rt("Bug report") }, Tag: { select: { name: "urgent" } } }, children: [{ heading_2: { rich_text: rt("Steps") } }] },
    { id: TEMPLATE, properties: { Name: { title: rt("Weekly") }, Points: { number: 1 } }, is_default: true, children: [{ to_do: { rich_text: rt("Review"), checked: false } }] },
  ];
  w.pages.push({ key: "under-template", parent: "bug", title: "Inside a template" });
  // Comments with mentions of a person, a page and a date.
  w.pages.push({
    id: MENTIONS,
    title: "Mentions",
    discussions: [
      {
        comments: [
          {
            author: "alice",
            rich_text: [
              { type: "text", text: { content: "Ask " } },
              { type: "mention", mention: { type: "user", user: { id: ALICE } } },
              { type: "text", text: { content: " about " } },
              { type: "mention", mention: { type: "page", page: { id: NOTES } } },
              { type: "text", text: { content: " by " } },
              { type: "mention", mention: { type: "date", date: { start: "2026-07-01" } } },
            ],
          },
        ],
      },
    ],
  });

  let first: TestQuire;
  let exported: any;
  before(async () => {
    first = await startTestQuire({ seed: rich });
    // Changes made through the API after the start are exported too.
    const later = await sdk(first, TOKEN).pages.create({ parent: { page_id: HOME }, properties: { title: { title: rt("Made later") as any } }, children: [{ paragraph: { rich_text: rt("x") as any } }] });
    await sdk(first, TOKEN).comments.create({ parent: { page_id: later.id }, rich_text: rt("The bot's comment") as any });
    const res = await first.admin("GET", `/_quire/v1/workspaces/${WS}/seed`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    exported = res.body;
  });
  after(() => first.close());

  test("the export holds what the workspace holds, in the file's format", () => {
    const ws = exported.workspaces[0];
    assert.equal(exported.version, 1);
    assert.equal(ws.id, WS);
    assert.deepEqual(ws.integrations, [{ id: BOT, name: "Acme Bot", capabilities: ["read_content", "update_content", "insert_content", "read_comments", "insert_comments", "user_info_with_email"], shares: [HOME] }]);
    assert.equal(ws.integrations[0].token, undefined, "tokens are never exported");
    assert.deepEqual(ws.people.map((p: any) => p.email).sort(), ["alice@acme.test", "bob@acme.test"]);
    const home = ws.pages.find((p: any) => p.id === HOME);
    assert.equal(home.title, "Home");
    assert.deepEqual(home.children.map((b: any) => b.type), ["heading_1", "paragraph", "toggle", "to_do", "code", "bookmark"]);
    assert.equal(home.children[2].toggle.children[0].paragraph.rich_text[0].text.content, "Inside");
    assert.ok(ws.pages.some((p: any) => p.title === "Made later" && p.parent === HOME));
    assert.ok(ws.pages.some((p: any) => p.title === "Page under a row" && p.parent === ROW1));
    const db = ws.databases[0];
    assert.equal(db.id, TASKS);
    assert.equal(db.data_source_id, TASKS_DS);
    assert.deepEqual(db.properties.Score, { formula: { expression: 'prop("Points") * 2' } });
    const row = db.rows.find((r: any) => r.id === ROW1);
    assert.deepEqual(row.properties.Labels, { multi_select: [{ name: "a" }, { name: "b" }] });
    assert.deepEqual(row.properties.Owner, { people: [{ id: ALICE }] });
    assert.equal(row.properties.Score, undefined, "computed values are not exported");
    assert.equal(row.children[0].paragraph.rich_text[0].text.content, "Row content");
    const bob = ws.people.find((p: any) => p.email === "bob@acme.test").id;
    assert.deepEqual(ws.groups, [{ id: GROUP, name: "Editors", external_id: "ext-editors", members: [ALICE, bob].sort() }]);
    assert.deepEqual(ws.pages.find((p: any) => p.id === NOTES).permissions, [{ group: GROUP, level: "can_edit" }]);
    assert.deepEqual(db.permissions, [{ user: ALICE, level: "can_view" }]);
    assert.equal(home.permissions, undefined, "the Workspace section's own entry is implied");
    assert.equal(home.children[1].id, HELLO);
    assert.equal(home.children[2].toggle.children[0].id, INSIDE);
    assert.ok(home.children.every((b: any) => /^[0-9a-f-]{36}$/.test(b.id)), "every block has its id");
    const anyBob = bob;
    assert.deepEqual(home.discussions, [
      { id: THREAD, block: HELLO, comments: [{ id: FIRST, author: ALICE, rich_text: "Is this right?" }, { id: home.discussions[0].comments[1].id, author: BOT, rich_text: [{ type: "text", text: { content: "Yes", link: null }, annotations: { bold: false, italic: true, strikethrough: false, underline: false, code: false, color: "default" } }] }, { id: home.discussions[0].comments[2].id, rich_text: "The owner agrees" }] },
      { id: home.discussions[1].id, block: INSIDE, resolved: true, comments: [{ id: home.discussions[1].comments[0].id, author: anyBob, rich_text: "Done", display_name: { type: "custom", resolved_name: "Robert" } }] },
      { id: home.discussions[2].id, comments: [{ id: home.discussions[2].comments[0].id, author: ALICE, rich_text: "On the page" }] },
    ]);
    assert.equal(row.discussions[0].comments[0].rich_text, "A row's comment");
    assert.deepEqual(ws.pages.find((p: any) => p.title === "Made later").discussions[0].comments.map((c: any) => [c.author, c.rich_text]), [[BOT, "The bot's comment"]]);
    const own = ws.pages.find((p: any) => p.id === BOBS);
    assert.deepEqual([own.section, own.private_to, own.permissions], ["private", bob, [{ user: ALICE, level: "can_view" }]]);
    const owners = ws.pages.find((p: any) => p.title === "The owner's own");
    assert.deepEqual([owners.section, owners.private_to, owners.parent], ["private", undefined, undefined]);
  });

  test("views and templates are exported in request shape, properties by name", () => {
    const db = exported.workspaces[0].databases[0];
    assert.deepEqual(db.views, [
      { id: OPEN_VIEW, name: "Open work", type: "table", filter: { property: "Done", checkbox: { equals: false } }, sorts: [{ property: "Points", direction: "descending" }], configuration: { type: "table", properties: [{ property_id: "Points", visible: false }, { property_id: "Name", visible: true, width: 240 }] } },
      { id: BOARD_VIEW, name: "By tag", type: "board", configuration: { type: "board", group_by: { type: "select", property_id: "Tag", sort: { type: "manual" } } } },
      { id: db.views[2].id, name: "Calendar", type: "calendar", configuration: { type: "calendar", date_property_id: "Due" } },
      { id: db.views[3].id, name: "Everything", type: "list" },
    ]);
    assert.deepEqual(db.templates.map((t: any) => [t.properties.Name.title[0].text.content, t.is_default ?? false, Object.keys(t.children[0])]), [["Bug report", false, ["id", "type", "heading_2"]], ["Weekly", true, ["id", "type", "to_do"]]]);
    assert.equal(db.templates[1].id, TEMPLATE);
    assert.ok(!db.rows.some((r: any) => r.id === TEMPLATE || r.id === db.templates[0].id), "templates are not rows");
    assert.ok(exported.workspaces[0].pages.some((p: any) => p.title === "Inside a template" && p.parent === db.templates[0].id));
  });

  test("seeded views and templates answer the Views and templates APIs", async () => {
    const notion = sdk(first, TOKEN);
    const listed = await notion.views.list({ database_id: TASKS });
    assert.equal(listed.results.length, 4, "the listed views replace the default one");
    assert.deepEqual(listed.results.slice(0, 2).map((v) => v.id), [OPEN_VIEW, BOARD_VIEW]);
    const open = (await notion.views.retrieve({ view_id: OPEN_VIEW })) as any;
    assert.deepEqual([open.name, open.type, open.data_source_id, open.filter, open.sorts], ["Open work", "table", TASKS_DS, { property: "Done", checkbox: { equals: false } }, [{ property: "Points", direction: "descending" }]]);
    const q = await notion.views.queries.create({ view_id: OPEN_VIEW });
    assert.equal(q.total_count, 1, "the view's filter applies: one open task");
    const templates = await notion.dataSources.listTemplates({ data_source_id: TASKS_DS });
    assert.deepEqual(templates.templates.map((t) => [t.name, t.is_default]), [["Bug report", false], ["Weekly", true]]);
    const rows = await notion.dataSources.query({ data_source_id: TASKS_DS });
    assert.equal(rows.results.length, 2, "templates are not rows");
  });

  test("mentions in comments are exported as the API takes them", () => {
    const page = exported.workspaces[0].pages.find((p: any) => p.id === MENTIONS);
    const text = page.discussions[0].comments[0].rich_text;
    assert.deepEqual(text.filter((i: any) => i.type === "mention").map((i: any) => [i.mention.type, i.mention[i.mention.type].id ?? i.mention.date.start]), [["user", ALICE], ["page", NOTES], ["date", "2026-07-01"]]);
  });

  test("seeded block ids, comments and private pages answer the API", async () => {
    const notion = sdk(first, TOKEN);
    const block = (await notion.blocks.retrieve({ block_id: INSIDE })) as any;
    assert.equal(block.paragraph.rich_text[0].plain_text, "Inside");
    const onBlock = await notion.comments.list({ block_id: HELLO });
    assert.deepEqual(onBlock.results.map((c: any) => [c.id === FIRST || c.discussion_id === THREAD, c.discussion_id, c.rich_text[0].plain_text]), [[true, THREAD, "Is this right?"], [true, THREAD, "Yes"], [true, THREAD, "The owner agrees"]]);
    assert.deepEqual((onBlock.results[1] as any).display_name, { type: "integration", resolved_name: "Acme Bot" });
    assert.deepEqual((onBlock.results[0] as any).created_by.id, ALICE);
    assert.deepEqual((await notion.comments.list({ block_id: INSIDE })).results, [], "a resolved thread is not listed");
    // Bob's private page: Bob and Alice (shared) see it; the Workspace section's members do not.
    const perms = await first.admin("GET", `/_quire/v1/workspaces/${WS}/pages/${BOBS}/permissions`);
    const bob = exported.workspaces[0].people.find((p: any) => p.email === "bob@acme.test").id;
    assert.deepEqual(perms.body.explicit.map((e: any) => [e.principal.type, e.principal.id, e.level]).sort(), [["user", ALICE, "can_view"], ["user", bob, "full_access"]].sort());
  });

  test("groups and page permissions hold in the seeded workspace", async () => {
    const perms = await first.admin("GET", `/_quire/v1/workspaces/${WS}/pages/${NOTES}/permissions`);
    assert.equal(perms.status, 200, JSON.stringify(perms.body));
    assert.deepEqual(perms.body.explicit, [{ principal: { type: "group", id: GROUP }, level: "can_edit" }]);
    const group = await first.admin("GET", `/_quire/v1/workspaces/${WS}/groups/${GROUP}`);
    assert.equal(group.body.name, "Editors");
    assert.equal(group.body.member_ids.length, 2);
  });

  test("start from the export, export again: the same file", async () => {
    const second = await startTestQuire({ seed: exported });
    try {
      const again = await second.admin("GET", `/_quire/v1/workspaces/${WS}/seed`);
      assert.equal(again.status, 200, JSON.stringify(again.body));
      assert.deepEqual(again.body, exported);
      // And the data behind it answers the API: the formula computes over the seeded rows.
      const bot = (await second.admin("GET", `/_quire/v1/workspaces/${WS}/integrations/${BOT}`)).body;
      assert.deepEqual(bot.shares, [HOME]);
      const token = (await second.admin("PATCH", `/_quire/v1/workspaces/${WS}/integrations/${BOT}`, { rotate_token: true })).body.token;
      const q = await sdk(second, token).dataSources.query({ data_source_id: TASKS_DS, filter: { property: "Score", formula: { number: { equals: 6 } } } });
      assert.deepEqual(q.results.map((r) => r.id), [ROW1]);
    } finally {
      await second.close();
    }
  });

  test("quire export --seed prints the same file, as JSON or YAML; without --seed it says what it needs", async () => {
    const flags = ["--url", first.url, "--admin-key", first.adminKey, "--workspace", WS];
    const json = await runCli(["export", "--seed", ...flags]);
    assert.equal(json.code, 0, json.stderr);
    assert.deepEqual(JSON.parse(json.stdout), exported);
    const yaml = await runCli(["export", "--seed", "--yaml", ...flags]);
    assert.equal(yaml.code, 0, yaml.stderr);
    assert.deepEqual(parseYaml(yaml.stdout), exported);
    const bare = await runCli(["export", ...flags]);
    assert.equal(bare.code, 2);
    assert.match(bare.stderr, /quire export needs --seed/);
  });

  test("an unknown workspace is a Notion-shaped 404", async () => {
    const res = await first.admin("GET", `/_quire/v1/workspaces/5eed0000-0000-4000-8000-0000000000ff/seed`);
    assert.equal(res.status, 404);
    assert.equal(res.body.object, "error");
    assert.equal(res.body.code, "object_not_found");
  });
});

test("quire serve --seed: a bad file is one line on stderr and exit code 1", async () => {
  const dir = mkdtempSync(join(tmpdir(), "quire-seed-serve-"));
  try {
    writeFileSync(join(dir, "seed.json"), JSON.stringify({ workspaces: [{ name: "W", pages: [{ title: "A", children: [{ type: "nonsense" }] }] }] }));
    const r = await runCli(["serve", "--memory", "--port", "0", "--seed", join(dir, "seed.json")]);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stderr, /^Seed file .*seed\.json: workspaces\[0\]\.pages\[0\]\.children\[0\]/);
    assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("--seed and QUIRE_SEED name the file; the flag wins", () => {
  assert.equal(parseServeConfig(["--seed", "a.yaml"], {}).seed, "a.yaml");
  assert.equal(parseServeConfig([], { QUIRE_SEED: "b.json" }).seed, "b.json");
  assert.equal(parseServeConfig(["--seed", "a.yaml"], { QUIRE_SEED: "b.json" }).seed, "a.yaml");
  assert.equal(parseServeConfig([], {}).seed, undefined);
});

/**
 * The parts of docs/seed.schema.json a seed's structure uses ($ref, type, required, properties,
 * items, enum, const, pattern): every key a file gives must be one the schema declares.
 */
function schemaProblems(schema: any, node: any, value: unknown, path: string, out: string[] = []): string[] {
  if (node.$ref) return schemaProblems(schema, schema.$defs[node.$ref.replace("#/$defs/", "")], value, path, out);
  if (node.const !== undefined && value !== node.const) out.push(`${path}: not ${node.const}`);
  if (node.enum && !node.enum.includes(value)) out.push(`${path}: ${String(value)} not in the enum`);
  if (node.pattern && typeof value === "string" && !new RegExp(node.pattern).test(value)) out.push(`${path}: does not match its pattern`);
  if (node.type === "array" && Array.isArray(value) && node.items) value.forEach((v, i) => schemaProblems(schema, node.items, v, `${path}[${i}]`, out));
  if (node.type === "object" && value && typeof value === "object" && node.properties) {
    for (const r of node.required ?? []) if (!(r in value)) out.push(`${path}.${r}: required`);
    for (const [k, v] of Object.entries(value)) {
      if (!node.properties[k]) {
        if (node.additionalProperties !== true) out.push(`${path}.${k}: not in the schema`);
      } else schemaProblems(schema, node.properties[k], v, `${path}.${k}`, out);
    }
  }
  return out;
}

describe("the example and the JSON Schema", () => {
  const schema = JSON.parse(readFileSync(new URL("../docs/seed.schema.json", import.meta.url), "utf8"));
  const example = new URL("../examples/seed.yaml", import.meta.url).pathname;

  test("examples/seed.yaml starts a Quire whose fixed token reads its rows", async () => {
    const q = await startTestQuire({ seed: example });
    try {
      const notion = sdk(q, "ntn_acme_ci_token_for_local_tests_only");
      const done = await notion.dataSources.query({ data_source_id: "0b5e1c3a-0000-4000-8000-000000000006", filter: { property: "Status", select: { equals: "Done" } } });
      assert.deepEqual(done.results.map((r) => r.id), ["0b5e1c3a-0000-4000-8000-000000000007"]);
      const thread = await notion.comments.list({ block_id: "0b5e1c3a-0000-4000-8000-000000000008" });
      assert.deepEqual(thread.results.map((c: any) => [c.discussion_id, c.rich_text[0].plain_text]), [
        ["0b5e1c3a-0000-4000-8000-000000000009", "Should the bot see the tasks too?"],
        ["0b5e1c3a-0000-4000-8000-000000000009", "It does: they are under this page."],
      ]);
      const open = await notion.views.queries.create({ view_id: "0b5e1c3a-0000-4000-8000-00000000000a" });
      assert.equal(open.total_count, 1, "the example's first view shows the task not done");
      const templates = await notion.dataSources.listTemplates({ data_source_id: "0b5e1c3a-0000-4000-8000-000000000006" });
      assert.deepEqual(templates.templates.map((t) => [t.name, t.is_default]), [["Bug report", true]]);
      const exported = (await q.admin("GET", "/_quire/v1/workspaces/0b5e1c3a-0000-4000-8000-000000000001/seed")).body;
      assert.deepEqual(schemaProblems(schema, schema, exported, "export"), [], "the export follows the schema");
    } finally {
      await q.close();
    }
  });

  test("the example and the tests' seed follow the schema", () => {
    assert.deepEqual(schemaProblems(schema, schema, parseYaml(readFileSync(example, "utf8")), "example"), []);
    assert.deepEqual(schemaProblems(schema, schema, SEED, "SEED"), []);
    assert.deepEqual(schemaProblems(schema, schema, { workspaces: [{ name: "W", pages: [{ title: "x", colour: "red" }] }] }, "bad"), ["bad.workspaces[0].pages[0].colour: not in the schema"]);
  });
});
