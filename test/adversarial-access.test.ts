/**
 * Adversarial access (issue 9, leaks 3 and 4), kept for good. Two integrations in one workspace:
 * A sees the Tasks database, whose rows relate to Secrets — a database shared only with B, except
 * one row ("Shared row") shared with A directly. Whatever A asks — page objects, create/update
 * answers, query results under each plan, search, property items, formulas and rollups of every
 * function, filters and sorts on relations, rollups and formulas, page markdown — it never reads
 * a value of a Secrets page it cannot see, and it cannot write a relation to one.
 *
 * The oracle is Notion's rule that a page not shared is not there: for A, the row relating to a
 * hidden and the shared Secrets page ("mixed") reads exactly like the row relating to the shared
 * one only ("control"), and the row relating to hidden pages only ("hidden only") exactly like
 * the row relating to nothing ("empty"). B, who sees everything, shows the data is there.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import type { Client } from "@notionhq/client";
import { startTestQuire, type TestQuire } from "./helpers/quire.js";
import { MISSING_ID, append, newPage, rejects, text } from "./helpers/api.js";
import { PLAN_COUNTS, type PlannerOptions } from "../src/storage/planner/options.js";

type Json = Record<string, any>;

/** Rollups over Secrets of every function, each on a property its function reads. */
const ROLLUPS: [string, string][] = [
  ["count", "Name"], ["count_values", "Code"], ["empty", "Code"], ["not_empty", "Code"], ["unique", "Code"],
  ["show_unique", "Code"], ["show_original", "Code"], ["percent_empty", "Code"], ["percent_not_empty", "Code"],
  ["sum", "Secret"], ["average", "Secret"], ["median", "Secret"], ["min", "Secret"], ["max", "Secret"], ["range", "Secret"],
  ["earliest_date", "When"], ["latest_date", "When"], ["date_range", "When"],
  ["checked", "Flag"], ["unchecked", "Flag"], ["percent_checked", "Flag"], ["percent_unchecked", "Flag"],
];
/** Formulas reading through the relation. */
const FORMULAS: Record<string, string> = {
  "F length": 'prop("Rel").length()',
  "F names": 'prop("Rel").map(current.prop("Name")).join(",")',
  "F first secret": 'prop("Rel").first().prop("Secret")',
  "F secret sum": 'prop("Rel").map(current.prop("Secret")).sum()',
  "F big": 'prop("Rel").filter(current.prop("Secret") > 50).length()',
  "F flagged": 'prop("Rel").some(current.prop("Flag"))',
  "F rollup": 'prop("R sum") * 2',
  "F list": 'format(prop("Rel"))',
};
const NAMED = [...ROLLUPS.map(([fn]) => `R ${fn}`), ...Object.keys(FORMULAS), "Rel"];

/** An answer without its request_id (each answer has its own). */
const bare = ({ request_id: _, ...rest }: any) => rest;
const plainOf = (rt: any[]) => rt.map((r) => r.plain_text).join("");
const mention = (id: string) => ({ type: "mention", mention: { page: { id } } });

interface World {
  q: TestQuire;
  dev: Client;
  a: Client;
  b: Client;
  aName: string;
  aToken: string;
  areaA: string;
  secretsDs: string;
  tasksDs: string;
  tasksDb: string;
  s: { one: string; two: string; shared: string };
  r: { mixed: string; control: string; hiddenOnly: string; empty: string };
  /** A page in A's area whose title mentions a hidden page. */
  titled: string;
}

async function build(planner?: Partial<PlannerOptions>): Promise<World> {
  const q = await startTestQuire({ planner });
  const dev = q.client();
  const home = await newPage(dev, q.rootPageId, "Adversarial access");
  const areaA = await newPage(dev, home, "A's area");
  const areaB = await newPage(dev, home, "B's area");
  const secrets: any = await dev.databases.create({
    parent: { page_id: areaB },
    title: text("Secrets"),
    initial_data_source: { properties: { Name: { title: {} }, Secret: { number: {} }, Code: { rich_text: {} }, Flag: { checkbox: {} }, When: { date: {} } } },
  } as any);
  const secretsDs = secrets.data_sources[0].id;
  const secret = async (name: string, n: number, code: string, flag: boolean, when: string) =>
    (await dev.pages.create({
      parent: { data_source_id: secretsDs },
      properties: { Name: { title: text(name) }, Secret: { number: n }, Code: { rich_text: text(code) }, Flag: { checkbox: flag }, When: { date: { start: when } } },
    } as any)).id;
  const s = {
    one: await secret("Secret one", 100, "classified one", true, "2031-05-05"),
    two: await secret("Secret two", 200, "classified two", true, "2032-06-06"),
    shared: await secret("Shared row", 7, "open", false, "2020-01-01"),
  };
  const properties: Json = { Name: { title: {} }, Notes: { rich_text: {} }, Rel: { relation: { data_source_id: secretsDs, dual_property: { synced_property_name: "Tasks" } } } };
  for (const [fn, on] of ROLLUPS) properties[`R ${fn}`] = { rollup: { relation_property_name: "Rel", rollup_property_name: on, function: fn } };
  for (const [name, expression] of Object.entries(FORMULAS)) properties[name] = { formula: { expression } };
  const tasks: any = await dev.databases.create({ parent: { page_id: areaA }, title: text("Tasks"), initial_data_source: { properties } } as any);
  const tasksDs = tasks.data_sources[0].id;
  const task = async (name: string, rel: string[], notes: unknown[] = []) =>
    (await dev.pages.create({
      parent: { data_source_id: tasksDs },
      properties: { Name: { title: text(name) }, Rel: { relation: rel.map((id) => ({ id })) }, Notes: { rich_text: notes } },
    } as any)).id;
  const r = {
    mixed: await task("mixed", [s.one, s.shared], [mention(s.one), { text: { content: " and " } }, mention(s.shared)]),
    control: await task("control", [s.shared]),
    hiddenOnly: await task("hidden only", [s.one, s.two]),
    empty: await task("empty", []),
  };
  const titled = (await dev.pages.create({ parent: { page_id: areaA }, properties: { title: { title: [mention(s.one), { text: { content: " minutes" } }] } } } as any)).id;
  await dev.comments.create({ parent: { page_id: r.mixed }, rich_text: [{ text: { content: "About " } }, mention(s.one)] } as any);
  await append(dev, r.mixed, [{ paragraph: { rich_text: [{ text: { content: "See " } }, mention(s.one), { text: { content: " and " } }, mention(s.shared)] } }, { paragraph: { rich_text: text("Plain line") } }]);
  const ia = await q.integration("A", undefined, [areaA, s.shared]);
  const ib = await q.integration("B", undefined, [areaA, areaB]);
  return { q, dev, a: q.client({ auth: ia.token }), b: q.client({ auth: ib.token }), aName: "A", aToken: ia.token, areaA, secretsDs, tasksDs, tasksDb: tasks.id, s, r, titled };
}

/** Notion's 404 for a page the integration cannot see. */
const notShared = (id: string, name: string) => ({
  status: 404,
  code: "object_not_found",
  message: `Could not find page with ID: ${id}. Make sure the relevant pages and databases are shared with your integration "${name}".`,
});

/** The properties a row's relation decides (the relation, its rollups and formulas). */
const computed = (page: any) => Object.fromEntries(NAMED.map((n) => [n, page.properties[n]]));

/** Every id of a query, paged by `size`, with the cursors seen on the way. */
async function queryAll(client: Client, dsId: string, body: Json, size = 100): Promise<{ ids: string[]; cursors: string[] }> {
  const ids: string[] = [];
  const cursors: string[] = [];
  let start: string | undefined;
  do {
    const res: any = await client.dataSources.query({ data_source_id: dsId, page_size: size, start_cursor: start, ...body } as any);
    ids.push(...res.results.map((p: any) => p.id));
    start = res.next_cursor ?? undefined;
    if (start) cursors.push(start);
  } while (start);
  return { ids, cursors };
}

/** Whether A's answer treats each twin as the other: both in or both out, together in order. */
function assertTwinsAlike(w: World, ids: string[], label: string) {
  const cls = (id: string) => (id === w.r.mixed || id === w.r.control ? "C" : id === w.r.hiddenOnly || id === w.r.empty ? "E" : id);
  assert.equal(ids.includes(w.r.mixed), ids.includes(w.r.control), `${label}: mixed and control`);
  assert.equal(ids.includes(w.r.hiddenOnly), ids.includes(w.r.empty), `${label}: hidden only and empty`);
  const seq = ids.map(cls).filter((c, i, all) => i === 0 || all[i - 1] !== c);
  assert.equal(new Set(seq).size, seq.length, `${label}: twins sort together (${seq.join(" ")})`);
}

const FILTERS: [string, (w: World) => Json, ((w: World) => string[]) | null][] = [
  ["relation contains a hidden page", (w) => ({ property: "Rel", relation: { contains: w.s.one } }), () => []],
  ["relation contains the other hidden page", (w) => ({ property: "Rel", relation: { contains: w.s.two } }), () => []],
  ["relation contains the shared row", (w) => ({ property: "Rel", relation: { contains: w.s.shared } }), (w) => [w.r.mixed, w.r.control]],
  ["relation does not contain a hidden page", (w) => ({ property: "Rel", relation: { does_not_contain: w.s.one } }), (w) => Object.values(w.r)],
  ["relation is empty", () => ({ property: "Rel", relation: { is_empty: true } }), (w) => [w.r.hiddenOnly, w.r.empty]],
  ["relation is not empty", () => ({ property: "Rel", relation: { is_not_empty: true } }), (w) => [w.r.mixed, w.r.control]],
  ["and: relation not empty, not containing a hidden page", (w) => ({ and: [{ property: "Rel", relation: { is_not_empty: true } }, { property: "Rel", relation: { does_not_contain: w.s.two } }] }), (w) => [w.r.mixed, w.r.control]],
  ["rollup sum above the shared value", () => ({ property: "R sum", rollup: { number: { greater_than: 50 } } }), () => []],
  ["rollup sum equals the shared value", () => ({ property: "R sum", rollup: { number: { equals: 7 } } }), (w) => [w.r.mixed, w.r.control]],
  ["rollup count of 2", () => ({ property: "R count", rollup: { number: { equals: 2 } } }), () => []],
  ["rollup max ≥ 100", () => ({ property: "R max", rollup: { number: { greater_than_or_equal_to: 100 } } }), () => []],
  ["rollup latest date after 2030", () => ({ property: "R latest_date", rollup: { date: { after: "2030-01-01" } } }), () => []],
  ["rollup any code contains classified", () => ({ property: "R show_original", rollup: { any: { rich_text: { contains: "classified" } } } }), () => []],
  ["rollup every code is open", () => ({ property: "R show_original", rollup: { every: { rich_text: { equals: "open" } } } }), null],
  ["rollup none code contains classified", () => ({ property: "R show_original", rollup: { none: { rich_text: { contains: "classified" } } } }), (w) => Object.values(w.r)],
  ["rollup checked ≥ 1", () => ({ property: "R checked", rollup: { number: { greater_than_or_equal_to: 1 } } }), () => []],
  ["formula length > 1", () => ({ property: "F length", formula: { number: { greater_than: 1 } } }), () => []],
  ["formula names mention a secret", () => ({ property: "F names", formula: { string: { contains: "Secret" } } }), () => []],
  ["formula first secret > 50", () => ({ property: "F first secret", formula: { number: { greater_than: 50 } } }), () => []],
  ["formula flagged", () => ({ property: "F flagged", formula: { checkbox: { equals: true } } }), () => []],
];

const SORTS: [string, Json[]][] = [
  ["relation ascending", [{ property: "Rel", direction: "ascending" }]],
  ["relation descending", [{ property: "Rel", direction: "descending" }]],
  ["rollup sum descending", [{ property: "R sum", direction: "descending" }]],
  ["rollup count descending", [{ property: "R count", direction: "descending" }]],
  ["rollup latest date descending", [{ property: "R latest_date", direction: "descending" }]],
  ["rollup show_original ascending", [{ property: "R show_original", direction: "ascending" }]],
  ["formula names ascending", [{ property: "F names", direction: "ascending" }]],
  ["formula length descending", [{ property: "F length", direction: "descending" }]],
  ["formula first secret descending", [{ property: "F first secret", direction: "descending" }]],
];

const VARIANTS: [string, Partial<PlannerOptions> | undefined][] = [
  ["a small data source (scanned)", undefined],
  ["the planner's lookups and walks", { scanBelowRows: 0, firstBatch: 1, maxBatch: 4, smallSetAtMost: 2 }],
];

for (const [variant, planner] of VARIANTS) {
  describe(`queries by A over ${variant}`, () => {
    let w: World;
    before(async () => {
      w = await build(planner);
    });
    after(() => w.q.close());

    test("filters on relations, rollups and formulas answer as if the hidden pages were not there", async () => {
      const plans = { ...PLAN_COUNTS };
      for (const [label, filter, expected] of FILTERS) {
        const f = filter(w);
        for (const size of [100, 1]) {
          const { ids, cursors } = await queryAll(w.a, w.tasksDs, { filter: f }, size);
          assertTwinsAlike(w, ids, `${label} (pages of ${size})`);
          if (expected) assert.deepEqual(new Set(ids), new Set(expected(w)), `${label} (pages of ${size})`);
          for (const c of cursors) assert.ok(![w.s.one, w.s.two].some((id) => Buffer.from(c, "base64url").toString().includes(id)), `${label}: a cursor names a hidden page`);
        }
      }
      // B sees the pages A cannot: the same filters find them.
      const { ids } = await queryAll(w.b, w.tasksDs, { filter: { property: "Rel", relation: { contains: w.s.one } } });
      assert.deepEqual(new Set(ids), new Set([w.r.mixed, w.r.hiddenOnly]));
      const sums = await queryAll(w.b, w.tasksDs, { filter: { property: "R sum", rollup: { number: { greater_than: 50 } } } });
      assert.deepEqual(new Set(sums.ids), new Set([w.r.mixed, w.r.hiddenOnly]));
      if (planner) for (const plan of ["lookup", "walk"] as const) assert.ok(PLAN_COUNTS[plan] > plans[plan], `the ${plan} plan ran`);
    });

    test("sorts by relations, rollups and formulas order by what A sees, cursors included", async () => {
      for (const [label, sorts] of SORTS) {
        const whole = await queryAll(w.a, w.tasksDs, { sorts });
        assertTwinsAlike(w, whole.ids, label);
        const paged = await queryAll(w.a, w.tasksDs, { sorts }, 1);
        assert.deepEqual(paged.ids, whole.ids, `${label}: paged by cursors`);
        for (const c of paged.cursors) assert.ok(![w.s.one, w.s.two].some((id) => Buffer.from(c, "base64url").toString().includes(id)), `${label}: a cursor names a hidden page`);
      }
      // Rows whose relation A sees as empty sort last, as empties do.
      const { ids } = await queryAll(w.a, w.tasksDs, { sorts: [{ property: "Rel", direction: "ascending" }] });
      assert.deepEqual(new Set(ids.slice(2)), new Set([w.r.hiddenOnly, w.r.empty]));
    });

    test("query results show the rows as A may see them; the 2022-06-28 database query too", async () => {
      const res: any = await w.a.dataSources.query({ data_source_id: w.tasksDs });
      const byId = new Map(res.results.map((p: any) => [p.id, p]));
      assert.deepEqual(computed(byId.get(w.r.mixed)), computed(byId.get(w.r.control)));
      assert.deepEqual(computed(byId.get(w.r.hiddenOnly)), computed(byId.get(w.r.empty)));
      const legacy = w.q.client({ auth: w.aToken, version: "2022-06-28" });
      const old = await legacy.request<any>({ path: `databases/${w.tasksDb}/query`, method: "post", body: { filter: { property: "Rel", relation: { contains: w.s.one } } } });
      assert.deepEqual(old.results, []);
    });
  });
}

describe("what A reads", () => {
  let w: World;
  before(async () => {
    w = await build();
  });
  after(() => w.q.close());

  test("page objects: the relation lists only the shared row; every rollup and formula reads as without the hidden pages", async () => {
    const get = async (client: Client, id: string) => (await client.pages.retrieve({ page_id: id })) as any;
    const mixed = await get(w.a, w.r.mixed);
    assert.deepEqual(mixed.properties.Rel.relation, [{ id: w.s.shared }]);
    assert.equal(mixed.properties.Rel.has_more, false);
    assert.deepEqual(computed(mixed), computed(await get(w.a, w.r.control)));
    assert.deepEqual((await get(w.a, w.r.hiddenOnly)).properties.Rel.relation, []);
    assert.deepEqual(computed(await get(w.a, w.r.hiddenOnly)), computed(await get(w.a, w.r.empty)));
    assert.equal(mixed.properties["R sum"].rollup.number, 7);
    assert.equal(mixed.properties["F names"].formula.string, "Shared row");
    // B sees the secrets: the data is there.
    const seen = await get(w.b, w.r.mixed);
    assert.equal(seen.properties["R sum"].rollup.number, 107);
    assert.equal(seen.properties["F names"].formula.string, "Secret one,Shared row");
    // Mentions of a hidden page keep their id but not its title.
    assert.equal(plainOf(mixed.properties.Notes.rich_text), "Untitled and Shared row");
    assert.equal(mixed.properties.Notes.rich_text[0].mention.page.id, w.s.one);
    assert.equal(plainOf(seen.properties.Notes.rich_text), "Secret one and Shared row");
  });

  test("update and create answers read the same way", async () => {
    const updated: any = await w.a.pages.update({ page_id: w.r.mixed, properties: { Name: { title: text("mixed") } } } as any);
    assert.deepEqual(computed(updated), computed(await w.a.pages.retrieve({ page_id: w.r.control })));
    const created: any = await w.a.pages.create({ parent: { data_source_id: w.tasksDs }, properties: { Name: { title: text("made by A") }, Rel: { relation: [{ id: w.s.shared }] } } } as any);
    assert.deepEqual(computed(created), computed(await w.a.pages.retrieve({ page_id: w.r.control })));
    await w.dev.pages.update({ page_id: created.id, in_trash: true } as any);
  });

  test("property items: relations, rollups (every function) and formulas list and compute only the shared row", async () => {
    // The schema A reads leaves these properties out (their relation's database is not shared);
    // page objects keep them, and give their ids.
    const page: any = await w.a.pages.retrieve({ page_id: w.r.mixed });
    const items = async (id: string, name: string) =>
      bare(await w.a.pages.properties.retrieve({ page_id: id, property_id: page.properties[name].id, page_size: 100 } as any));
    for (const name of NAMED) {
      assert.deepEqual(await items(w.r.mixed, name), await items(w.r.control, name), name);
      assert.deepEqual(await items(w.r.hiddenOnly, name), await items(w.r.empty, name), name);
    }
    const rel = await items(w.r.mixed, "Rel");
    assert.deepEqual(rel.results.map((r: any) => r.relation.id), [w.s.shared]);
    const sum = await items(w.r.mixed, "R sum");
    assert.deepEqual(sum.results.map((r: any) => r.relation.id), [w.s.shared]);
    assert.equal(sum.property_item.rollup.number, 7);
    const notes = await items(w.r.mixed, "Notes");
    assert.equal(notes.results.map((r: any) => r.rich_text.plain_text).join(""), "Untitled and Shared row");
  });

  test("search: rows show the values A may see; hidden pages are never found", async () => {
    const res: any = await w.a.search({ query: "mixed", filter: { property: "object", value: "page" } } as any);
    const hit = res.results.find((p: any) => p.id === w.r.mixed);
    assert.ok(hit, "the row is found");
    assert.deepEqual(computed(hit), computed(await w.a.pages.retrieve({ page_id: w.r.control })));
    assert.equal(plainOf(hit.properties.Notes.rich_text), "Untitled and Shared row");
    const secret: any = await w.a.search({ query: "Secret" } as any);
    assert.deepEqual(secret.results.filter((p: any) => p.id === w.s.one || p.id === w.s.two), []);
    // Nor through the title of a page that mentions one (mention text is not searched).
    assert.equal(secret.results.some((p: any) => p.id === w.titled), false);
    assert.equal(((await w.a.search({ query: "minutes" } as any)) as any).results.some((p: any) => p.id === w.titled), true);
  });

  test("blocks, page titles and comments: a mention of a hidden page keeps its id, not its title", async () => {
    const [paragraph] = ((await w.a.blocks.children.list({ block_id: w.r.mixed })) as any).results;
    assert.equal(plainOf(paragraph.paragraph.rich_text), "See Untitled and Shared row");
    assert.equal(paragraph.paragraph.rich_text[1].mention.page.id, w.s.one);
    assert.equal(plainOf(((await w.a.blocks.retrieve({ block_id: paragraph.id })) as any).paragraph.rich_text), "See Untitled and Shared row");
    assert.equal(plainOf(((await w.b.blocks.retrieve({ block_id: paragraph.id })) as any).paragraph.rich_text), "See Secret one and Shared row");
    const page: any = await w.a.pages.retrieve({ page_id: w.titled });
    assert.equal(plainOf(page.properties.title.title), "Untitled minutes");
    const title: any = await w.a.pages.properties.retrieve({ page_id: w.titled, property_id: "title" });
    assert.equal(title.results.map((r: any) => r.title.plain_text).join(""), "Untitled minutes");
    const found: any = await w.a.search({ query: "minutes" } as any);
    assert.equal(plainOf(found.results.find((p: any) => p.id === w.titled).properties.title.title), "Untitled minutes");
    assert.equal(plainOf(((await w.b.pages.retrieve({ page_id: w.titled })) as any).properties.title.title), "Secret one minutes");
    const comments: any = await w.a.comments.list({ block_id: w.r.mixed });
    assert.equal(plainOf(comments.results[0].rich_text), "About Untitled");
    assert.equal(plainOf(((await w.a.comments.retrieve({ comment_id: comments.results[0].id } as any)) as any).rich_text), "About Untitled");
    assert.equal(plainOf(((await w.b.comments.list({ block_id: w.r.mixed })) as any).results[0].rich_text), "About Secret one");
  });

  test("page markdown: a mention of a hidden page has no title, and an edit cannot probe for it", async () => {
    const a: any = await w.a.pages.retrieveMarkdown({ page_id: w.r.mixed });
    assert.match(a.markdown, />Untitled<\/mention-page> and <mention-page[^>]*>Shared row<\/mention-page>/);
    assert.doesNotMatch(a.markdown, /Secret one/);
    const b: any = await w.b.pages.retrieveMarkdown({ page_id: w.r.mixed });
    assert.match(b.markdown, />Secret one<\/mention-page>/);
    await rejects(w.a.pages.updateMarkdown({ page_id: w.r.mixed, type: "update_content", update_content: { content_updates: [{ old_str: "Secret one", new_str: "x" }] } } as any), {
      status: 400,
      code: "validation_error",
      message: /No match found/,
    });
    // Editing another block leaves the mention as B sees it.
    const edited: any = await w.a.pages.updateMarkdown({ page_id: w.r.mixed, type: "update_content", update_content: { content_updates: [{ old_str: "Plain line", new_str: "Edited line" }] } } as any);
    assert.match(edited.markdown, /Edited line/);
    assert.doesNotMatch(edited.markdown, /Secret one/);
    assert.match(((await w.b.pages.retrieveMarkdown({ page_id: w.r.mixed })) as any).markdown, />Secret one<\/mention-page>[\s\S]*Edited line/);
  });
});

describe("what A writes", () => {
  let w: World;
  before(async () => {
    w = await build();
  });
  after(() => w.q.close());

  const rel = async (client: Client, page: string) => ((await client.pages.retrieve({ page_id: page })) as any).properties.Rel.relation.map((r: any) => r.id);
  const tasksOf = async (client: Client, page: string) => ((await client.pages.retrieve({ page_id: page })) as any).properties.Tasks.relation.map((r: any) => r.id);

  test("a relation to a page A cannot read is a 404 naming it, whether it exists or not; nothing is written", async () => {
    await rejects(w.a.pages.update({ page_id: w.r.empty, properties: { Rel: { relation: [{ id: w.s.one }] } } } as any), notShared(w.s.one, w.aName));
    await rejects(w.a.pages.update({ page_id: w.r.empty, properties: { Rel: { relation: [{ id: w.s.shared }, { id: w.s.two }] } } } as any), notShared(w.s.two, w.aName));
    await rejects(w.a.pages.update({ page_id: w.r.empty, properties: { Rel: { relation: [{ id: MISSING_ID }] } } } as any), notShared(MISSING_ID, w.aName));
    assert.deepEqual(await rel(w.b, w.r.empty), []);
    assert.deepEqual(await tasksOf(w.b, w.s.two), [w.r.hiddenOnly]);
    const before = (await queryAll(w.b, w.tasksDs, {})).ids.length;
    await rejects(w.a.pages.create({ parent: { data_source_id: w.tasksDs }, properties: { Rel: { relation: [{ id: w.s.two }] } } } as any), notShared(w.s.two, w.aName));
    assert.equal((await queryAll(w.b, w.tasksDs, {})).ids.length, before);
    // A page A can see that is not a Secrets row is still the validation error it was.
    await rejects(w.a.pages.update({ page_id: w.r.empty, properties: { Rel: { relation: [{ id: w.areaA }] } } } as any), { status: 400, code: "validation_error" });
  });

  test("writing a relation replaces what A sees and keeps what it cannot; the dual side follows only for shared pages", async () => {
    await w.a.pages.update({ page_id: w.r.mixed, properties: { Rel: { relation: [] } } } as any);
    assert.deepEqual(await rel(w.a, w.r.mixed), []);
    assert.deepEqual(await rel(w.b, w.r.mixed), [w.s.one]);
    assert.ok((await tasksOf(w.b, w.s.one)).includes(w.r.mixed), "the hidden page still points back");
    assert.ok(!(await tasksOf(w.a, w.s.shared)).includes(w.r.mixed), "the shared row no longer points back");
    await w.a.pages.update({ page_id: w.r.empty, properties: { Rel: { relation: [{ id: w.s.shared }] } } } as any);
    assert.ok((await tasksOf(w.a, w.s.shared)).includes(w.r.empty), "the shared row points back");
    // From the other side: A may write the shared row's dual relation, not a hidden page's.
    await rejects(w.a.pages.update({ page_id: w.s.one, properties: { Tasks: { relation: [] } } } as any), notShared(w.s.one, w.aName));
  });

  test("a rollup over a relation to a database A cannot see is a 404, whatever property it names", async () => {
    for (const rolled of ["Secret", "No such property"])
      await rejects(
        w.a.dataSources.update({ data_source_id: w.tasksDs, properties: { Probe: { rollup: { relation_property_name: "Rel", rollup_property_name: rolled, function: "sum" } } } } as any),
        { status: 404, code: "object_not_found", message: new RegExp(`^Could not find data_source with ID: ${w.secretsDs}\\.`) },
      );
  });
});

describe("an integration that can update but not read (leak 4)", () => {
  let q: TestQuire;
  let writer: Client;
  let token: string;
  let page: string;
  const V = "2026-03-11";
  const settle = async (id: string) => {
    for (let i = 0; i < 500; i++) {
      const t = (await q.raw("GET", `/v1/async_tasks/${id}`, { version: V, auth: token })).body;
      if (t.status === "succeeded" || t.status === "failed") return t;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error("task did not finish");
  };
  before(async () => {
    q = await startTestQuire();
    const dev = q.client({ version: V });
    const area = await newPage(dev, q.rootPageId, "Write-only area");
    page = await newPage(dev, area, "Private notes");
    await append(dev, page, [{ paragraph: { rich_text: text("the secret plan") } }]);
    const u = await q.integration("Writer", ["update_content", "insert_content"], [area]);
    token = u.token;
    writer = q.client({ version: V, auth: token });
  });
  after(() => q.close());

  test("PATCH markdown answers {object, id}, not the page's markdown", async () => {
    const res: any = await writer.pages.updateMarkdown({ page_id: page, type: "insert_content", insert_content: { content: "appended" } } as any);
    assert.deepEqual(bare(res), { object: "page_markdown", id: page });
    await rejects(writer.pages.retrieveMarkdown({ page_id: page }), { status: 403, code: "restricted_resource" });
  });

  test("the other writes answer partially too: an async PATCH's task, pages.create with markdown (direct or async)", async () => {
    const task: any = await writer.pages.updateMarkdown({ page_id: page, allow_async: true, type: "insert_content", insert_content: { content: "async" } } as any);
    const done = await settle(task.id);
    assert.equal(done.status, "succeeded");
    assert.deepEqual(done.result, { object: "page_markdown", id: page });
    const made: any = await writer.pages.create({ parent: { page_id: page }, markdown: "# Made\nbody" } as any);
    assert.deepEqual(bare(made), { object: "page", id: made.id });
    const later: any = await writer.pages.create({ parent: { page_id: page }, markdown: "# Later\nbody", allow_async: true } as any);
    const created = await settle(later.id);
    assert.equal(created.status, "succeeded");
    assert.deepEqual(created.result, { object: "page", id: created.result.id });
  });
});
