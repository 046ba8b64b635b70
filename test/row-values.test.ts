/**
 * The values of a page of query results (src/domain/properties/row-values.ts: readers made once
 * per answer, answering from what the answer preloaded) are the values the property-item
 * endpoint reads one at a time (read-values.ts `valueOf`, the one definition), for every stored
 * property type, for a reader that sees only part of what the rows point to: related pages it
 * cannot see (also past the first 26 of a relation, where the preloaded sight ends), a mention
 * of a page it cannot see, people shown without email.
 */
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startTestQuire, rt, type TestQuire } from "./helpers/quire.js";

let q: TestQuire;
let reader: string;
let tasks: string;
let rows: string[];

/** Cut as a page object cuts relation and people values (developers.notion.com/reference/page-property-values). */
const CUT = 25;

before(async () => {
  q = await startTestQuire();
  const notion = q.client();
  const area = (await notion.pages.create({ parent: { page_id: q.rootPageId }, properties: { title: { title: rt("Area") } } } as any)).id;
  const secret = (await notion.pages.create({ parent: { page_id: q.rootPageId }, properties: { title: { title: rt("Secret") } } } as any)).id;
  const targetsDb = (await notion.databases.create({ parent: { page_id: q.rootPageId }, title: rt("Targets"), initial_data_source: { properties: { Name: { title: {} } } } } as any)) as any;
  const targetDs = targetsDb.data_sources[0].id;
  const targets: string[] = [];
  for (let i = 0; i < 40; i++) targets.push((await notion.pages.create({ parent: { data_source_id: targetDs }, properties: { Name: { title: rt(`target ${i}`) } } } as any)).id);
  const users: string[] = [];
  for (let i = 0; i < 3; i++) users.push((await q.admin("POST", "/_quire/v1/users", { name: `Person ${i}`, email: `p${i}@example.com` })).body.id);
  const db = (await notion.databases.create({
    parent: { page_id: area },
    title: rt("Tasks"),
    initial_data_source: {
      properties: {
        Name: { title: {} },
        Notes: { rich_text: {} },
        Estimate: { number: {} },
        Priority: { select: { options: [{ name: "Low" }, { name: "High", color: "red" }] } },
        Stage: { status: {} },
        Tags: { multi_select: { options: [{ name: "a" }, { name: "b" }, { name: "c" }] } },
        Due: { date: {} },
        Done: { checkbox: {} },
        Who: { people: {} },
        Link: { url: {} },
        Mail: { email: {} },
        Phone: { phone_number: {} },
        Files: { files: {} },
        Targets: { relation: { data_source_id: targetDs, single_property: {} } },
        Created: { created_time: {} },
        Edited: { last_edited_time: {} },
        Creator: { created_by: {} },
        Editor: { last_edited_by: {} },
        ID: { unique_id: { prefix: "T" } },
      },
    },
  } as any)) as any;
  tasks = db.data_sources[0].id;
  const mention = { type: "mention", mention: { type: "page", page: { id: secret } } };
  // Relations: none, a few, every target (the reader sees every other one: its sight of the
  // first 26 ends before 25 seen ones), only unseen ones, the last ten.
  const relations = [[], targets.slice(0, 3), targets, targets.filter((_, i) => i % 2 === 1), targets.slice(30)];
  rows = [];
  for (let i = 0; i < relations.length; i++) {
    const page = await notion.pages.create({
      parent: { data_source_id: tasks },
      properties: {
        Name: { title: i % 2 ? [...rt(`row ${i} about `), mention] : rt(`row ${i}`) },
        Notes: { rich_text: i % 2 ? [mention, ...rt(" notes")] : [] },
        Estimate: { number: i % 3 ? i * 1.5 : null },
        Priority: { select: i % 2 ? { name: "High" } : null },
        Tags: { multi_select: [{ name: "a" }, { name: "c" }].slice(0, i % 3) },
        Due: { date: i % 2 ? { start: "2026-03-04T10:11:12Z", end: "2026-03-05" } : { start: "2026-01-02" } },
        Done: { checkbox: i % 2 === 0 },
        Who: { people: users.slice(0, i % 4).map((id) => ({ id })) },
        Link: { url: i % 2 ? "https://example.com/x" : null },
        Mail: { email: i % 2 ? "x@example.com" : null },
        Phone: { phone_number: i % 2 ? "+1 555 0100" : null },
        Files: { files: i % 2 ? [{ name: "a.pdf", type: "external", external: { url: "https://example.com/a.pdf" } }] : [] },
        Targets: { relation: relations[i].map((id) => ({ id })) },
      },
    } as any);
    rows.push(page.id);
  }
  // The reader: the tasks' area and every even-numbered target, users shown without email.
  const r = await q.integration("Reader", ["read_content", "user_info_without_email"], [area, ...targets.filter((_, i) => i % 2 === 0)]);
  reader = r.token;
});
after(() => q?.close());

/** What the property-item endpoint reads for one property, as a page object's value. */
async function itemValue(page: string, id: string, type: string): Promise<unknown> {
  const items: any[] = [];
  let cursor: string | undefined;
  for (;;) {
    const res = await q.raw("GET", `/v1/pages/${page}/properties/${id}${cursor ? `?start_cursor=${cursor}` : ""}`, { auth: reader });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    if (res.body.object !== "list") return res.body[type];
    items.push(...res.body.results.map((r: any) => r[type]));
    if (!res.body.has_more) break;
    cursor = res.body.next_cursor;
  }
  if (type === "relation") return { relation: items.slice(0, CUT), has_more: items.length > CUT };
  return type === "people" ? items.slice(0, CUT) : items;
}

test("every value of a page of query results is the value the property-item endpoint reads, for a reader that sees part of it", async () => {
  const res = await q.raw("POST", `/v1/data_sources/${tasks}/query`, { auth: reader, body: JSON.stringify({ sorts: [{ property: "ID", direction: "ascending" }] }) });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.deepEqual(res.body.results.map((p: any) => p.id), rows);
  let checked = 0;
  for (const page of res.body.results) {
    for (const [name, value] of Object.entries<any>(page.properties)) {
      const expected = await itemValue(page.id, value.id, value.type);
      const shown = value.type === "relation" ? { relation: value.relation, has_more: value.has_more } : value[value.type];
      assert.deepEqual(shown, expected, `${name} of ${page.id}`);
      checked++;
    }
  }
  assert.equal(checked, rows.length * 19);
  // What the reader cannot see is not there: related pages, the mentioned page's title, emails.
  const [, withMention, all, unseen, lastTen] = res.body.results;
  assert.equal(all.properties.Targets.relation.length, 20, "20 of the 40 related pages are seen");
  assert.equal(all.properties.Targets.has_more, false);
  assert.deepEqual(unseen.properties.Targets.relation, []);
  assert.equal(lastTen.properties.Targets.relation.length, 5);
  assert.equal(withMention.properties.Name.title[1].plain_text, "Untitled");
  assert.deepEqual(withMention.properties.Who.people[0].person, {});
});

test("the same values in GET page as in the query's page objects", async () => {
  const res = await q.raw("POST", `/v1/data_sources/${tasks}/query`, { auth: reader, body: JSON.stringify({}) });
  for (const page of res.body.results) {
    const one = await q.raw("GET", `/v1/pages/${page.id}`, { auth: reader });
    assert.deepEqual(one.body.properties, page.properties);
  }
});
