/**
 * Seed files (issue 15; docs/design/seed-files.md): `startQuire({ seed })` / `--seed` creates the
 * workspaces a JSON or YAML file declares at first start — people, integrations with fixed tokens,
 * pages with blocks or markdown, databases with rows, shares — with the ids the file gives; a bad
 * file stops the start naming the path inside it; `GET /_quire/v1/workspaces/:id/seed` exports a
 * workspace in the same format, and starting from that export exports the same file again.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client, LogLevel } from "@notionhq/client";
import { startTestQuire, type TestQuire } from "./helpers/quire.js";

const WS = "5eed0000-0000-4000-8000-000000000001";
const ALICE = "5eed0000-0000-4000-8000-000000000002";
const BOT = "5eed0000-0000-4000-8000-000000000003";
const HOME = "5eed0000-0000-4000-8000-000000000004";
const NOTES = "5eed0000-0000-4000-8000-000000000005";
const TASKS = "5eed0000-0000-4000-8000-000000000006";
const TASKS_DS = "5eed0000-0000-4000-8000-000000000007";
const ROW1 = "5eed0000-0000-4000-8000-000000000008";
const TOKEN = "ntn_seeded_token_for_tests_0001";
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

  test("a block of an unknown type: the path of the block", async () => {
    await fails(ws({ pages: [{ title: "A" }, { title: "B", children: [{ type: "paragraph", paragraph: { rich_text: [] } }, { type: "nonsense", nonsense: {} }] }] }), /workspaces\[0\]\.pages\[1\]\.children\[1\]/);
  });

  test("ids must be UUIDs and unique; references must exist", async () => {
    await fails(ws({ pages: [{ id: "not-a-uuid", title: "A" }] }), /workspaces\[0\]\.pages\[0\]\.id should be a valid uuid/);
    await fails(ws({ pages: [{ id: HOME, title: "A" }, { id: HOME, title: "B" }] }), /workspaces\[0\]\.pages\[1\]\.id .* is already used at workspaces\[0\]\.pages\[0\]\.id/);
    await fails(ws({ pages: [{ key: "a", title: "A" }], integrations: [{ name: "I", shares: ["nope"] }] }), /workspaces\[0\]\.integrations\[0\]\.shares\[0\]: no object of this file has key or id `nope`/);
  });

  test("a property value the API refuses: the row's path and the API's reason", async () => {
    await fails(
      ws({ pages: [{ key: "p", title: "P" }], databases: [{ parent: "p", title: "D", properties: { Name: { title: {} }, N: { number: {} } }, rows: [{ properties: { N: { number: "three" } } }] }] }),
      /workspaces\[0\]\.databases\[0\]\.rows\[0\]: .*N/,
    );
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
