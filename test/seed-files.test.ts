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
