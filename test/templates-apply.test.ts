/**
 * Applying templates through the SDK: `template` on pages.create and pages.update under every
 * version; the cookbook flow (any page as `template_id`, properties given win, content after
 * the answer, within a second); template variables (@Today, @Now, @Me) with a frozen clock in
 * several time zones; merging into existing pages (append, erase_content, empty values filled);
 * plain pages, sub-pages, nested blocks and synced blocks as template content; relations;
 * errors; access (a template the integration cannot read, before and after the answer); and
 * durability: work queued by a process that never ran it is done at the next start.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { queryOnStore } from "./helpers/store.js";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client, LogLevel } from "@notionhq/client";
import { startTestQuire, type TestQuire } from "./helpers/quire.js";
import { MISSING_ID, childrenOf, rejects, text } from "./helpers/api.js";
import { FrozenClock } from "../src/domain/clock.js";
import { startServerProcess, type ServerProcess } from "./helpers/child.js";

const NOW = Date.parse("2026-03-10T23:47:31.500Z");
const V = "2025-09-03";
const today = (which: "today" | "now") => ({ type: "mention", mention: { type: "template_mention", template_mention: { type: "template_mention_date", template_mention_date: which } } });
const me = { type: "mention", mention: { type: "template_mention", template_mention: { type: "template_mention_user", template_mention_user: "me" } } };
const para = (t: string) => ({ paragraph: { rich_text: text(t) } });

let q: TestQuire;
let notion: Client;
let dsId: string;
let dbId: string;
let projectsDs: string;
let bot: string;

/** Polls `read` until `ok` holds (every 20 ms, at most `ms`), and returns the last value. */
async function eventually<T>(read: () => Promise<T>, ok: (v: T) => boolean, ms = 1000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (ok(v) || Date.now() > until) return v;
    await new Promise((r) => setTimeout(r, 20));
  }
}

const plain = (blocks: any[]) => blocks.map((b) => `${b.type}:${(b[b.type].rich_text ?? []).map((r: any) => r.plain_text).join("")}`);
const get = async (id: string, c: Client = notion): Promise<any> => c.pages.retrieve({ page_id: id });
const titleOf = (page: any) => page.properties["Task name"].title.map((r: any) => r.plain_text).join("");

async function templateRow(name: string, extra: Record<string, unknown> = {}, children: unknown[] = [para(`${name} body`)]) {
  return (await notion.pages.create({ parent: { data_source_id: dsId }, properties: { "Task name": { title: text(name) }, ...extra }, children } as any)).id;
}

before(async () => {
  q = await startTestQuire({ clock: new FrozenClock(NOW) });
  notion = q.client({ version: V });
  bot = (await notion.users.me({})).id;
  const projects: any = await notion.databases.create({ parent: { page_id: q.rootPageId }, title: text("Projects"), initial_data_source: { properties: { Name: { title: {} } } } } as any);
  projectsDs = projects.data_sources[0].id;
  const db: any = await notion.databases.create({
    parent: { page_id: q.rootPageId },
    title: text("Task Database"),
    initial_data_source: {
      properties: {
        "Task name": { title: {} },
        Status: { select: { options: [{ name: "Not started", color: "gray" }, { name: "In progress", color: "blue" }, { name: "Complete", color: "green" }] } },
        Priority: { select: { options: [{ name: "Low", color: "gray" }, { name: "Medium", color: "yellow" }, { name: "High", color: "red" }] } },
        "Due date": { date: {} },
        Notes: { rich_text: {} },
        Tags: { multi_select: { options: [{ name: "bug" }, { name: "ui" }] } },
        Done: { checkbox: {} },
        Owner: { people: {} },
        Number: { unique_id: { prefix: "T" } },
        Project: { relation: { data_source_id: projectsDs, dual_property: { synced_property_name: "Tasks" } } },
      },
    },
  } as any);
  dbId = db.id;
  dsId = db.data_sources[0].id;
});
after(() => q.close());

describe("the cookbook flow: any page as template_id", () => {
  test("properties given win, the rest and the content follow within a second of the answer", async () => {
    const template = await templateRow("Bug Report Template", { Status: { select: { name: "Not started" } }, Priority: { select: { name: "High" } } }, [
      { heading_2: { rich_text: text("Description") } },
      para("Provide a clear description of the bug..."),
      { heading_2: { rich_text: text("Steps to Reproduce") } },
      { numbered_list_item: { rich_text: text("Go to...") } },
      { numbered_list_item: { rich_text: text("Click on...") } },
    ]);
    assert.deepEqual((await notion.dataSources.listTemplates({ data_source_id: dsId })).templates, [], "a plain row is not an official template");
    const created: any = await notion.pages.create({
      parent: { data_source_id: dsId },
      properties: { "Task name": { title: text("Login Button Not Working") }, Priority: { select: { name: "Low" } } },
      template: { type: "template_id", template_id: template },
    } as any);
    assert.equal(titleOf(created), "Login Button Not Working");
    assert.equal(created.properties.Priority.select.name, "Low");
    const blocks = await eventually(() => childrenOf(notion, created.id), (b) => b.length === 5);
    assert.deepEqual(plain(blocks), ["heading_2:Description", "paragraph:Provide a clear description of the bug...", "heading_2:Steps to Reproduce", "numbered_list_item:Go to...", "numbered_list_item:Click on..."]);
    const page = await get(created.id);
    assert.equal(titleOf(page), "Login Button Not Working");
    assert.equal(page.properties.Priority.select.name, "Low", "the template's High does not override the request's Low");
    assert.equal(page.properties.Status.select.name, "Not started", "copied from the template");
    assert.notEqual(page.properties.Number.unique_id.number, (await get(template)).properties.Number.unique_id.number, "a fresh unique id");
    assert.deepEqual(plain(await childrenOf(notion, template)).length, 5, "the template is left as it was");
  });

  test("under every version: 2022-06-28 names the database as parent", async () => {
    const template = await templateRow("Versioned", { Priority: { select: { name: "Medium" } } });
    for (const version of ["2022-06-28", "2025-09-03", "2026-03-11"]) {
      const c = q.client({ version });
      const parent = version === "2022-06-28" ? { database_id: dbId } : { data_source_id: dsId };
      const created: any = await c.pages.create({ parent, template: { type: "template_id", template_id: template } } as any);
      assert.equal(titleOf(created), "", `${version}: the answer is the page before the template`);
      const page = await eventually(() => get(created.id, c), (p) => titleOf(p) === "Versioned");
      assert.equal(page.properties.Priority.select.name, "Medium", version);
      assert.deepEqual(plain(await childrenOf(c, created.id)), ["paragraph:Versioned body"], version);
    }
  });
});

describe("the answer comes first", () => {
  test("nothing of the template is in the page until the queued work runs", async () => {
    const held: (() => void)[] = [];
    const s = await startTestQuire({ schedule: (work) => held.push(work) });
    try {
      const c = s.client({ version: V });
      const template = (await c.pages.create({ parent: { page_id: s.rootPageId }, properties: { title: { title: text("Held template") } }, children: [para("later")] } as any)).id;
      const created: any = await c.pages.create({ parent: { page_id: s.rootPageId }, template: { type: "template_id", template_id: template } } as any);
      assert.deepEqual(created.properties.title.title, []);
      await new Promise((r) => setTimeout(r, 100));
      assert.deepEqual(await childrenOf(c, created.id), []);
      assert.deepEqual((await get(created.id, c)).properties.title.title, []);
      for (const work of held.splice(0)) work();
      const blocks = await eventually(() => childrenOf(c, created.id), (b) => b.length === 1);
      assert.deepEqual(plain(blocks), ["paragraph:later"]);
      assert.equal((await get(created.id, c)).properties.title.title[0].plain_text, "Held template");
    } finally {
      await s.close();
    }
  });
});

describe("template variables", () => {
  let template: string;
  before(async () => {
    template = await templateRow("unused", {
      "Task name": { title: [{ text: { content: "Standup " } }, today("today")] },
      Notes: { rich_text: [{ text: { content: "by " } }, me] },
    }, [{ paragraph: { rich_text: [{ text: { content: "Written " } }, today("now"), { text: { content: " by " } }, { ...me, annotations: { bold: true } }] } }]);
    await q.admin("POST", `/_quire/v1/data_sources/${dsId}/templates`, { page_id: template, is_default: true });
  });
  after(() => q.admin("DELETE", `/_quire/v1/data_sources/${dsId}/templates/${template}`));

  const cases = [
    { zone: undefined, day: "2026-03-10", minute: "2026-03-10T23:47:00.000+00:00" },
    { zone: "America/New_York", day: "2026-03-10", minute: "2026-03-10T19:47:00.000-04:00" },
    { zone: "Asia/Kolkata", day: "2026-03-11", minute: "2026-03-11T05:17:00.000+05:30" },
    { zone: "Pacific/Chatham", day: "2026-03-11", minute: "2026-03-11T13:32:00.000+13:45" },
  ];
  for (const c of cases) {
    test(`@Today, @Now and @Me in ${c.zone ?? "UTC (no timezone given)"}`, async () => {
      const created = await notion.pages.create({ parent: { data_source_id: dsId }, template: { type: "default", ...(c.zone ? { timezone: c.zone } : {}) } } as any);
      const page = await eventually(() => get(created.id), (p) => titleOf(p) !== "");
      const title = page.properties["Task name"].title;
      assert.equal(title[1].mention.type, "date");
      assert.deepEqual(title[1].mention.date, { start: c.day, end: null, time_zone: null });
      assert.equal(titleOf(page), `Standup ${c.day}`);
      const notes = page.properties.Notes.rich_text;
      assert.deepEqual([notes[1].mention.type, notes[1].mention.user.id], ["user", bot]);
      const [block] = await eventually(() => childrenOf(notion, created.id), (b) => b.length === 1);
      const rt = block.paragraph.rich_text;
      assert.deepEqual(rt[1].mention, { type: "date", date: { start: c.minute, end: null, time_zone: null } });
      assert.equal(rt[1].plain_text, c.minute);
      assert.equal(rt[3].mention.user.id, bot);
      assert.equal(rt[3].annotations.bold, true, "annotations are kept");
    });
  }

  test("the template itself keeps its variables", async () => {
    const page = await get(template);
    assert.deepEqual(page.properties["Task name"].title[1].mention, { type: "template_mention", template_mention: { type: "template_mention_date", template_mention_date: "today" } });
  });
});

describe("pages.update with a template", () => {
  test("content is appended; properties the page has and the request gives are kept, empty ones filled", async () => {
    const template = await templateRow("Checklist", { Priority: { select: { name: "High" } }, Status: { select: { name: "In progress" } }, Done: { checkbox: true }, Tags: { multi_select: [{ name: "bug" }] } }, [para("step 1"), para("step 2")]);
    const page = await notion.pages.create({ parent: { data_source_id: dsId }, properties: { "Task name": { title: text("Mine") }, Priority: { select: { name: "Low" } } }, children: [para("existing")] } as any);
    const answered: any = await notion.pages.update({ page_id: page.id, template: { type: "template_id", template_id: template }, properties: { Status: { select: { name: "Complete" } } } } as any);
    assert.equal(answered.properties.Status.select.name, "Complete");
    const blocks = await eventually(() => childrenOf(notion, page.id), (b) => b.length === 3);
    assert.deepEqual(plain(blocks), ["paragraph:existing", "paragraph:step 1", "paragraph:step 2"]);
    const after = await get(page.id);
    assert.equal(titleOf(after), "Mine", "a title it has is kept");
    assert.equal(after.properties.Priority.select.name, "Low", "a value it has is kept");
    assert.equal(after.properties.Status.select.name, "Complete", "the request's value wins");
    assert.equal(after.properties.Done.checkbox, true, "an empty value is filled");
    assert.deepEqual(after.properties.Tags.multi_select.map((o: any) => o.name), ["bug"]);
  });

  test("with erase_content the template's content replaces the page's; icon and cover come along", async () => {
    const template = await templateRow("Fresh", {}, [para("only this")]);
    await notion.pages.update({ page_id: template, icon: { emoji: "🐞" }, cover: { external: { url: "https://example.com/cover.png" } } } as any);
    const page = await notion.pages.create({ parent: { data_source_id: dsId }, children: [para("old 1"), para("old 2")] } as any);
    await notion.pages.update({ page_id: page.id, erase_content: true, template: { type: "template_id", template_id: template } } as any);
    const blocks = await eventually(() => childrenOf(notion, page.id), (b) => plain(b).includes("paragraph:only this"));
    assert.deepEqual(plain(blocks), ["paragraph:only this"]);
    const after = await get(page.id);
    assert.deepEqual(after.icon, { type: "emoji", emoji: "🐞" });
    assert.deepEqual(after.cover, { type: "external", external: { url: "https://example.com/cover.png" } });
  });

  test("`default` on a page of the data source", async () => {
    const template = await templateRow("The default", { Priority: { select: { name: "Medium" } } }, [para("default body")]);
    await q.admin("POST", `/_quire/v1/data_sources/${dsId}/templates`, { page_id: template, is_default: true });
    try {
      const page = await notion.pages.create({ parent: { data_source_id: dsId } } as any);
      await notion.pages.update({ page_id: page.id, template: { type: "default" } } as any);
      const after = await eventually(() => get(page.id), (p) => titleOf(p) === "The default");
      assert.equal(after.properties.Priority.select.name, "Medium");
      assert.deepEqual(plain(await childrenOf(notion, page.id)), ["paragraph:default body"]);
    } finally {
      await q.admin("DELETE", `/_quire/v1/data_sources/${dsId}/templates/${template}`);
    }
  });
});

describe("what is copied", () => {
  test("a plain page: its title, nested blocks, sub-pages with their content; an original synced block becomes a reference", async () => {
    const source = (await notion.pages.create({
      parent: { page_id: q.rootPageId },
      properties: { title: { title: [{ text: { content: "Weekly @ " } }, today("today")] } },
      children: [
        { toggle: { rich_text: text("Details"), children: [para("inside"), { bulleted_list_item: { rich_text: text("deeper"), children: [para("deepest")] } }] } },
        { synced_block: { synced_from: null, children: [para("shared")] } },
      ],
    } as any)).id;
    const sub = (await notion.pages.create({ parent: { page_id: source }, properties: { title: { title: text("Notes") } }, children: [para("sub content")] } as any)).id;
    const [toggle, synced] = await childrenOf(notion, source);
    const created = await notion.pages.create({ parent: { page_id: q.rootPageId }, template: { type: "template_id", template_id: source, timezone: "Asia/Kolkata" } } as any);
    const blocks = await eventually(() => childrenOf(notion, created.id), (b) => b.length === 3);
    assert.deepEqual(blocks.map((b) => b.type), ["toggle", "synced_block", "child_page"]);
    assert.notEqual(blocks[0].id, toggle.id);
    const inside = await childrenOf(notion, blocks[0].id);
    assert.deepEqual(plain(inside), ["paragraph:inside", "bulleted_list_item:deeper"]);
    assert.deepEqual(plain(await childrenOf(notion, inside[1].id)), ["paragraph:deepest"]);
    assert.deepEqual(blocks[1].synced_block.synced_from, { type: "block_id", block_id: synced.id });
    assert.deepEqual(plain(await childrenOf(notion, blocks[1].id)), ["paragraph:shared"]);
    assert.equal(blocks[2].child_page.title, "Notes");
    assert.notEqual(blocks[2].id, sub);
    assert.deepEqual(plain(await childrenOf(notion, blocks[2].id)), ["paragraph:sub content"]);
    const page = await get(created.id);
    assert.equal(page.properties.title.title.map((r: any) => r.plain_text).join(""), "Weekly @ 2026-03-11");
  });

  test("a template from another data source gives same-named values (options by name); relations point back through dual properties", async () => {
    const project = await notion.pages.create({ parent: { data_source_id: projectsDs }, properties: { Name: { title: text("Apollo") } } } as any);
    const other: any = await notion.dataSources.create({
      parent: { database_id: dbId },
      title: text("Other tasks"),
      properties: { Title: { title: {} }, Priority: { select: { options: [{ name: "High" }, { name: "Only here" }] } }, Notes: { rich_text: {} }, Done: { number: {} } },
    } as any);
    const foreign = (await notion.pages.create({ parent: { data_source_id: other.id }, properties: { Title: { title: text("Foreign") }, Priority: { select: { name: "High" } }, Notes: { rich_text: text("from afar") }, Done: { number: 1 } } } as any)).id;
    const created = await notion.pages.create({ parent: { data_source_id: dsId }, template: { type: "template_id", template_id: foreign } } as any);
    const page = await eventually(() => get(created.id), (p) => titleOf(p) === "Foreign");
    assert.equal(page.properties.Priority.select.name, "High");
    assert.equal(page.properties.Notes.rich_text[0].plain_text, "from afar");
    assert.equal(page.properties.Done.checkbox, false, "a property of another type is not copied");
    const withProject = await templateRow("Linked", { Project: { relation: [{ id: project.id }] } });
    const linked = await notion.pages.create({ parent: { data_source_id: dsId }, template: { type: "template_id", template_id: withProject } } as any);
    const after = await eventually(() => get(linked.id), (p) => p.properties.Project.relation.length === 1);
    assert.deepEqual(after.properties.Project.relation, [{ id: project.id }]);
    const back = (await get(project.id)).properties.Tasks.relation.map((r: any) => r.id);
    assert.ok(back.includes(linked.id) && back.includes(withProject), "the project points back at both");
  });
});

describe("errors", () => {
  test("content with a template, `none` on update, a bad time zone, a missing type", async () => {
    const template = await templateRow("For errors");
    const msg = (key: string) => `body.${key} should be not present when \`template\` is given.`;
    for (const [key, value] of [["children", [para("x")]], ["content", [para("x")]], ["markdown", "# x"]] as const)
      await rejects(notion.pages.create({ parent: { data_source_id: dsId }, [key]: value, template: { type: "template_id", template_id: template } } as any), { status: 400, code: "validation_error", message: msg(key) });
    await rejects(notion.pages.create({ parent: { data_source_id: dsId }, markdown: "# x", allow_async: true, template: { type: "default" } } as any), { status: 400, code: "validation_error", message: msg("markdown") });
    await rejects(notion.pages.update({ page_id: template, template: { type: "none" } } as any), {
      status: 400,
      code: "validation_error",
      message: 'body failed validation: body.template.type should be `"default"`, `"template_id"`, instead was `"none"`.',
    });
    await rejects(notion.pages.create({ parent: { data_source_id: dsId }, template: { type: "default", timezone: "Mars/Olympus" } } as any), {
      status: 400,
      code: "validation_error",
      message: 'body failed validation: body.template.timezone should be a valid IANA time zone, instead was `"Mars/Olympus"`.',
    });
    await rejects(notion.pages.create({ parent: { data_source_id: dsId }, template: {} } as any), { status: 400, code: "validation_error", message: /body.template.type should be defined/ });
    await rejects(notion.pages.create({ parent: { data_source_id: dsId }, template: { type: "template_id", template_id: "nope" } } as any), { status: 400, code: "validation_error", message: /body.template.template_id should be a valid uuid/ });
  });

  test("a template id not found, no default template, `default` outside a data source, a template in the trash: nothing is created", async () => {
    const before = (await notion.dataSources.query({ data_source_id: dsId })).results.length;
    await rejects(notion.pages.create({ parent: { data_source_id: dsId }, template: { type: "template_id", template_id: MISSING_ID } } as any), {
      status: 404,
      code: "object_not_found",
      message: `Could not find page with ID: ${MISSING_ID}. Make sure the relevant pages and databases are shared with your integration "Quire Dev".`,
    });
    await rejects(notion.pages.create({ parent: { data_source_id: dsId }, template: { type: "default" } } as any), { status: 400, code: "validation_error", message: `Data source ${dsId} has no default template.` });
    await rejects(notion.pages.create({ parent: { page_id: q.rootPageId }, template: { type: "default" } } as any), {
      status: 400,
      code: "validation_error",
      message: "A default template can only be applied to pages in a data source.",
    });
    const trashed = await templateRow("Trashed template");
    await notion.pages.update({ page_id: trashed, in_trash: true });
    await rejects(notion.pages.create({ parent: { data_source_id: dsId }, template: { type: "template_id", template_id: trashed } } as any), {
      status: 400,
      code: "validation_error",
      message: `Template ${trashed} is in the trash. Restore it before creating pages from it.`,
    });
    assert.equal((await notion.dataSources.query({ data_source_id: dsId })).results.length, before);
  });
});

describe("access", () => {
  test("a template the integration cannot read is not found, and nothing of it reaches the integration's page", async () => {
    const secret = (await notion.pages.create({ parent: { page_id: q.rootPageId }, properties: { title: { title: text("Secret plan") } }, children: [para("classified")] } as any)).id;
    const home = (await q.admin("POST", "/_quire/v1/pages", { title: "Outsider home" })).body.id;
    const outsider = await q.integration("Outsider", ["read_content", "insert_content", "update_content"], [home]);
    const c = q.client({ version: V, auth: outsider.token });
    await rejects(c.pages.create({ parent: { page_id: home }, template: { type: "template_id", template_id: secret } } as any), {
      status: 404,
      code: "object_not_found",
      message: `Could not find page with ID: ${secret}. Make sure the relevant pages and databases are shared with your integration "Outsider".`,
    });
    const mine = (await c.pages.create({ parent: { page_id: home }, properties: { title: { title: text("Mine") } } } as any)).id;
    await rejects(c.pages.update({ page_id: mine, template: { type: "template_id", template_id: secret } } as any), { status: 404, code: "object_not_found" });
    await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(await childrenOf(c, mine), []);
    assert.deepEqual((await childrenOf(c, home)).map((b) => b.id), [mine], "the refused create left no page");
    const writer = await q.integration("No reading", ["insert_content"], [q.rootPageId]);
    await rejects(q.client({ version: V, auth: writer.token }).pages.create({ parent: { page_id: q.rootPageId }, template: { type: "template_id", template_id: secret } } as any), { status: 403, code: "restricted_resource" });
  });

  test("access is checked again when the template is applied: unshared in between, nothing is copied", async () => {
    const held: (() => void)[] = [];
    const s = await startTestQuire({ schedule: (work) => held.push(work) });
    try {
      const templateHome = (await s.admin("POST", "/_quire/v1/pages", { title: "Templates" })).body.id;
      const home = (await s.admin("POST", "/_quire/v1/pages", { title: "Home" })).body.id;
      const user = await s.integration("Fickle", ["read_content", "insert_content", "update_content"], [templateHome, home]);
      const c = s.client({ version: V, auth: user.token });
      const template = (await c.pages.create({ parent: { page_id: templateHome }, properties: { title: { title: text("Soon unshared") } }, children: [para("private")] } as any)).id;
      const created = await c.pages.create({ parent: { page_id: home }, template: { type: "template_id", template_id: template } } as any);
      await s.admin("DELETE", `/_quire/v1/integrations/${user.id}/shares/${templateHome}`);
      for (const work of held.splice(0)) work();
      await new Promise((r) => setTimeout(r, 200));
      assert.deepEqual(await childrenOf(c, created.id), []);
      assert.deepEqual((await get(created.id, c)).properties.title.title, []);
    } finally {
      await s.close();
    }
  });
});

describe("durability", () => {
  test("kill -9 in the middle of a burst: every page answered gets the template's content, once", async (t) => {
    const dir = mkdtempSync(join(tmpdir(), "quire-templates-kill-"));
    let server: ServerProcess | undefined;
    try {
      server = await startServerProcess(["--port", "0", "--data", dir, "--quiet"]);
      const sdk = (s: ServerProcess) => new Client({ auth: s.token, baseUrl: s.url, notionVersion: V, retry: false, logLevel: LogLevel.ERROR } as ConstructorParameters<typeof Client>[0]);
      const root = /Start page:\s+(\S+)/.exec(server.output())![1];
      const c1 = sdk(server);
      const BLOCKS = 100;
      const template = (await c1.pages.create({ parent: { page_id: root }, properties: { title: { title: text("Big template") } }, children: Array.from({ length: BLOCKS }, (_, i) => para(`line ${i}`)) } as any)).id;
      const acked: string[] = [];
      const victim = server;
      const burst = Array.from({ length: 40 }, async () => {
        try {
          const page = await c1.pages.create({ parent: { page_id: root }, template: { type: "template_id", template_id: template } } as any);
          acked.push(page.id);
          if (acked.length === 12) await victim.stop("SIGKILL");
        } catch {
          // refused or cut off by the kill: its outcome is unknown, checked below with the rest
        }
      });
      await Promise.all(burst);
      const [{ n: left }] = await queryOnStore<{ n: number }>(dir, `SELECT count(*) AS n FROM async_tasks WHERE status = 'queued'`);
      t.diagnostic(`${acked.length} answered before the kill; ${left} applications left queued by it`);
      server = await startServerProcess(["--port", "0", "--data", dir, "--quiet"]);
      const c2 = sdk(server);
      const pages = (await childrenOf(c2, root)).filter((b) => b.type === "child_page" && b.id !== template).map((b) => b.id);
      assert.ok(acked.length >= 12 && acked.every((id) => pages.includes(id)), "every answered page is there");
      for (const id of pages) {
        const blocks = await eventually(() => childrenOf(c2, id), (b) => b.length >= BLOCKS, 5000);
        assert.equal(blocks.length, BLOCKS, `page ${id}: the template's content, once`);
        assert.equal((await get(id, c2)).properties.title.title[0]?.plain_text, "Big template");
      }
    } finally {
      if (server && server.child.exitCode === null && server.child.signalCode === null) await server.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("work a process answered for but never ran is done at the next start", async () => {
    const dir = mkdtempSync(join(tmpdir(), "quire-templates-"));
    try {
      // The first process queues the work and "dies" before running it (its scheduler never runs anything).
      const first = await startTestQuire({ memory: false, dataDir: dir, schedule: () => {} });
      const c1 = first.client({ version: V });
      const template = (await c1.pages.create({ parent: { page_id: first.rootPageId }, properties: { title: { title: text("Durable") } }, children: [para("one"), para("two")] } as any)).id;
      const created = await c1.pages.create({ parent: { page_id: first.rootPageId }, template: { type: "template_id", template_id: template } } as any);
      assert.deepEqual(await childrenOf(c1, created.id), []);
      await first.close();
      const second = await startTestQuire({ memory: false, dataDir: dir });
      try {
        const c2 = second.client({ version: V, auth: first.token });
        const blocks = await eventually(() => childrenOf(c2, created.id), (b) => b.length === 2);
        assert.deepEqual(plain(blocks), ["paragraph:one", "paragraph:two"]);
        assert.equal((await get(created.id, c2)).properties.title.title[0].plain_text, "Durable");
        await new Promise((r) => setTimeout(r, 100));
        assert.equal((await childrenOf(c2, created.id)).length, 2, "applied once");
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
