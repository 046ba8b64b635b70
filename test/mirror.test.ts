/**
 * `quire mirror`: one Quire is the source (reached through a small proxy that answers 429s, or
 * stops answering), another the target; both trees are read back through the SDK and compared.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "@notionhq/client";
import { controlCliSuite } from "./helpers/control-cli.js";
import { startTestQuire, type TestQuire } from "./helpers/quire.js";

const suite = controlCliSuite();
const dir = mkdtempSync(join(tmpdir(), "quire-mirror-"));
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==", "base64");
const rt = (content: string, extra: object = {}) => [{ type: "text" as const, text: { content }, ...extra }];

let source: TestQuire;
let alphaId: string;

/** A page with most block kinds, a subpage, a database with rows, an image and a comment. */
async function populate(notion: Client, parent: string): Promise<string> {
  const alpha: any = await notion.pages.create({ parent: { page_id: parent }, icon: { type: "emoji", emoji: "🚀" }, properties: { title: { title: rt("Alpha") } } });
  const upload = await notion.fileUploads.create({ mode: "single_part", filename: "dot.png", content_type: "image/png" });
  await notion.fileUploads.send({ file_upload_id: upload.id, file: { filename: "dot.png", data: new Blob([PNG], { type: "image/png" }) } });
  await notion.blocks.children.append({
    block_id: alpha.id,
    children: [
      { type: "heading_1", heading_1: { rich_text: rt("Plan") } },
      { type: "paragraph", paragraph: { rich_text: [...rt("Read "), ...rt("this", { annotations: { bold: true } }), ...rt(" link", { text: { content: " link", link: { url: "https://example.com/" } } })] } },
      { type: "bulleted_list_item", bulleted_list_item: { rich_text: rt("outer"), children: [{ type: "bulleted_list_item", bulleted_list_item: { rich_text: rt("inner") } }] } },
      { type: "to_do", to_do: { rich_text: rt("done thing"), checked: true } },
      { type: "code", code: { rich_text: rt("let x = 1;"), language: "javascript" } },
      { type: "table", table: { table_width: 2, has_column_header: true, has_row_header: false, children: [{ type: "table_row", table_row: { cells: [rt("a"), rt("b")] } }, { type: "table_row", table_row: { cells: [rt("1"), rt("2")] } }] } },
      { type: "image", image: { type: "file_upload", file_upload: { id: upload.id } } },
    ] as any,
  });
  const beta: any = await notion.pages.create({ parent: { page_id: alpha.id }, properties: { title: { title: rt("Beta") } } });
  await notion.blocks.children.append({ block_id: beta.id, children: [{ type: "paragraph", paragraph: { rich_text: rt("beta body") } }] });
  const db: any = await notion.databases.create({
    parent: { type: "page_id", page_id: alpha.id },
    title: rt("Tasks"),
    initial_data_source: { properties: { Name: { title: {} }, Points: { number: { format: "number" } }, Kind: { select: { options: [{ name: "bug", color: "red" }, { name: "feature", color: "blue" }] } }, Done: { checkbox: {} }, When: { date: {} } } },
  } as any);
  for (const [name, points, kind, done] of [["Fix", 3, "bug", true], ["Build", 5, "feature", false]] as const) {
    const row: any = await notion.pages.create({ parent: { type: "data_source_id", data_source_id: db.data_sources[0].id }, properties: { Name: { title: rt(name) }, Points: { number: points }, Kind: { select: { name: kind } }, Done: { checkbox: done }, When: { date: { start: "2026-06-27" } } } } as any);
    await notion.blocks.children.append({ block_id: row.id, children: [{ type: "paragraph", paragraph: { rich_text: rt(`${name} notes`) } }] });
  }
  await notion.comments.create({ parent: { page_id: alpha.id }, rich_text: rt("Looks good") });
  return alpha.id;
}

const text = (items: any[] | undefined) => (items ?? []).map((t) => `${t.annotations?.bold ? "**" : ""}${t.plain_text}${t.href ? `<${t.href}>` : ""}`).join("");

/** A page's tree as plain data, ids left out: what both servers must agree on. */
async function walk(notion: Client, pageId: string): Promise<any> {
  const page: any = await notion.pages.retrieve({ page_id: pageId });
  const title = Object.values(page.properties as any).find((p: any) => p.type === "title") as any;
  const comments = (await notion.comments.list({ block_id: pageId })).results.map((c: any) => text(c.rich_text));
  return { title: text(title.title), icon: page.icon, comments, blocks: await blocks(notion, pageId) };
}

async function blocks(notion: Client, id: string): Promise<any[]> {
  const out = [];
  for (const b of (await notion.blocks.children.list({ block_id: id, page_size: 100 })).results as any[]) {
    const c = b[b.type];
    if (b.type === "child_page") out.push({ page: await walk(notion, b.id) });
    else if (b.type === "child_database") out.push({ database: await database(notion, b.id) });
    else
      out.push({
        type: b.type,
        text: text(c.rich_text),
        cells: c.cells?.map(text),
        checked: c.checked,
        language: c.language,
        file: c.type,
        children: b.has_children ? await blocks(notion, b.id) : [],
      });
  }
  return out;
}

async function database(notion: Client, id: string) {
  const db: any = await notion.databases.retrieve({ database_id: id });
  const ds: any = await notion.dataSources.retrieve({ data_source_id: db.data_sources[0].id });
  const schema = Object.fromEntries(Object.entries(ds.properties).map(([k, v]: [string, any]) => [k, [v.type, v.select?.options.map((o: any) => `${o.name}/${o.color}`)]]));
  const rows = (await notion.dataSources.query({ data_source_id: ds.id, sorts: [{ property: "Points", direction: "ascending" }] })).results as any[];
  return {
    title: text(db.title),
    schema,
    rows: await Promise.all(rows.map(async (r) => ({ name: text(r.properties.Name.title), points: r.properties.Points.number, kind: r.properties.Kind.select?.name, done: r.properties.Done.checkbox, when: r.properties.When.date?.start, blocks: await blocks(notion, r.id) }))),
  };
}

/** A proxy in front of the source: `mode.answer` may answer a /v1 request itself. */
function proxy(target: string, answer: (n: number) => { status: number; body: object; headers?: Record<string, string> } | null): Promise<{ url: string; server: Server; count: () => number }> {
  let n = 0;
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const own = answer(++n);
    if (own) {
      res.writeHead(own.status, { "content-type": "application/json", ...own.headers });
      return res.end(JSON.stringify({ object: "error", status: own.status, ...own.body }));
    }
    const headers = Object.fromEntries(Object.entries(req.headers).filter(([k]) => !["host", "content-length", "connection"].includes(k))) as Record<string, string>;
    const upstream = await fetch(target + req.url, { method: req.method, headers, body: chunks.length ? Buffer.concat(chunks) : undefined });
    res.writeHead(upstream.status, { "content-type": upstream.headers.get("content-type") ?? "application/json" });
    res.end(Buffer.from(await upstream.arrayBuffer()));
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve({ url: `http://127.0.0.1:${(server.address() as any).port}`, server, count: () => n })));
}

before(async () => {
  source = await startTestQuire();
  alphaId = await populate(new Client({ auth: source.token, baseUrl: source.url }), source.gettingStartedPageId!);
});
after(() => source?.close());

async function mirroredAlpha(rootId: string): Promise<any> {
  const { q, cli } = suite;
  await cli("share", q.devIntegrationId, rootId);
  const notion = new Client({ auth: q.token, baseUrl: q.url });
  const top = (await notion.blocks.children.list({ block_id: rootId })).results as any[];
  assert.equal(top.length, 1, "one copy of the root page");
  return walk(notion, top[0].id);
}

test("a Quire-to-Quire mirror through 429s copies pages, blocks, a database with rows, files and comments", async () => {
  const { run } = suite;
  // Three 429s in a row (Retry-After: 0) every 10 requests: more than the SDK's own retries.
  const limited = await proxy(source.url, (n) => (n % 10 < 3 ? { status: 429, body: { code: "rate_limited", message: "Slow down." }, headers: { "retry-after": "0" } } : null));
  try {
    const state = join(dir, "one.json");
    const r = await run("mirror", "--from", limited.url, "--token", source.token, "--root", alphaId, "--state", state);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.pages, 4); // Alpha, Beta and the two rows
    assert.equal(out.databases, 1);
    assert.deepEqual(out.problems, []);
    assert.ok(limited.count() > 20, `${limited.count()} requests`);
    const want = await walk(new Client({ auth: source.token, baseUrl: source.url }), alphaId);
    assert.deepEqual(await mirroredAlpha(out.root_page_id), want);
    assert.equal(want.blocks.find((b: any) => b.type === "image").file, "file");
    assert.deepEqual(want.comments, ["Looks good"]);
    assert.equal(JSON.parse(readFileSync(state, "utf8")).pages[alphaId].done, true);
  } finally {
    limited.server.close();
  }
});

test("a stopped mirror resumes from its state file without copying anything twice", async () => {
  const { run } = suite;
  let dying = true;
  const flaky = await proxy(source.url, (n) => (dying && n > 14 ? { status: 403, body: { code: "restricted_resource", message: "Gone away." } } : null));
  const state = join(dir, "two.json");
  try {
    const first = await run("mirror", "--from", flaky.url, "--token", source.token, "--root", alphaId, "--state", state);
    assert.notEqual(first.code, 0);
    const saved = JSON.parse(readFileSync(state, "utf8"));
    assert.ok(Object.values(saved.pages).some((p: any) => !p.done), "stopped in the middle of a page");
    const other = await run("mirror", "--from", source.url, "--token", source.token, "--root", alphaId, "--state", state);
    assert.notEqual(other.code, 0);
    assert.match(other.stderr, /state of a mirror from/);
    dying = false;
    const resumed = await run("mirror", "--from", flaky.url, "--token", source.token, "--root", alphaId, "--state", state);
    assert.equal(resumed.code, 0, resumed.stderr);
    const out = JSON.parse(resumed.stdout);
    assert.equal(out.root_page_id, saved.root_page_id);
    const want = await walk(new Client({ auth: source.token, baseUrl: source.url }), alphaId);
    assert.deepEqual(await mirroredAlpha(out.root_page_id), want);
  } finally {
    flaky.server.close();
  }
});
