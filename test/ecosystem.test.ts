/**
 * Integrations written for Notion, run unchanged against Quire with only the base URL switched:
 * Notion's own MCP server (@notionhq/notion-mcp-server, over stdio with BASE_URL) driven by the
 * MCP SDK's client, and notion-to-md. Each call's effect is checked through the SDK.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { Client as McpClient } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { NotionToMarkdown } from "notion-to-md";
import type { Client } from "@notionhq/client";
import { startTestQuire, rt, type TestQuire } from "./helpers/quire.js";

const require = createRequire(import.meta.url);

let q: TestQuire;
let notion: Client;
before(async () => {
  q = await startTestQuire();
  notion = q.client();
});
after(async () => q.close());

describe("Notion's MCP server (stdio, BASE_URL pointed at Quire)", () => {
  let mcp: McpClient;
  before(async () => {
    const env = { ...process.env, NOTION_TOKEN: q.token, BASE_URL: q.url } as Record<string, string>;
    const transport = new StdioClientTransport({ command: process.execPath, args: [require.resolve("@notionhq/notion-mcp-server/bin/cli.mjs")], env, stderr: "pipe" });
    mcp = new McpClient({ name: "quire-ecosystem-test", version: "1.0.0" });
    await mcp.connect(transport);
  });
  after(async () => mcp.close());

  /** Calls a tool and returns its JSON answer (the server wraps the API's body in a text item). */
  async function call(name: string, args: Record<string, unknown>): Promise<any> {
    const res = (await mcp.callTool({ name, arguments: args })) as { isError?: boolean; content: { type: string; text: string }[] };
    const text = res.content.find((c) => c.type === "text")?.text ?? "";
    assert.ok(!res.isError, `${name} failed: ${text.slice(0, 500)}`);
    return JSON.parse(text);
  }

  test("lists the API's tools", async () => {
    const names = (await mcp.listTools()).tools.map((t) => t.name);
    for (const t of ["API-post-search", "API-retrieve-a-page", "API-post-page", "API-patch-block-children", "API-query-data-source", "API-create-a-comment", "API-retrieve-page-markdown"])
      assert.ok(names.includes(t), `${t} in ${names.join(" ")}`);
  });

  test("search, retrieve, create a page, append blocks and read them back", async () => {
    const found = await call("API-post-search", { query: "Getting started" });
    assert.equal(found.object, "list");
    assert.ok(found.results.some((r: { id: string }) => r.id === q.rootPageId));
    const page = await call("API-retrieve-a-page", { page_id: q.rootPageId });
    assert.equal(page.id, q.rootPageId);

    const created = await call("API-post-page", {
      parent: { page_id: q.rootPageId },
      properties: { title: [{ text: { content: "Written by the MCP server" } }] },
    });
    assert.equal(created.object, "page");
    await call("API-patch-block-children", {
      block_id: created.id,
      children: [{ type: "paragraph", paragraph: { rich_text: [{ type: "text", text: { content: "Hello from MCP" } }] } }],
    });
    const children = await call("API-get-block-children", { block_id: created.id });
    assert.equal(children.results[0].paragraph.rich_text[0].plain_text, "Hello from MCP");
    // The same page as the SDK sees it.
    const viaSdk = (await notion.pages.retrieve({ page_id: created.id })) as unknown as { properties: { title: { title: { plain_text: string }[] } } };
    assert.equal(viaSdk.properties.title.title[0].plain_text, "Written by the MCP server");
  });

  test("data sources: create, add a row, query it", async () => {
    const db = (await notion.databases.create({
      parent: { type: "page_id", page_id: q.rootPageId },
      title: rt("MCP tasks"),
      initial_data_source: { properties: { Name: { title: {} }, Done: { checkbox: {} } } },
    } as Parameters<Client["databases"]["create"]>[0])) as { data_sources: { id: string }[] };
    const dsId = db.data_sources[0].id;
    const retrieved = await call("API-retrieve-a-data-source", { data_source_id: dsId });
    assert.deepEqual(Object.keys(retrieved.properties).sort(), ["Done", "Name"]);
    await call("API-post-page", { parent: { data_source_id: dsId }, properties: { Name: { title: [{ text: { content: "Ship it" } }] }, Done: { checkbox: true } } });
    await call("API-post-page", { parent: { data_source_id: dsId }, properties: { Name: { title: [{ text: { content: "Not yet" } }] } } });
    const done = await call("API-query-data-source", { data_source_id: dsId, filter: { property: "Done", checkbox: { equals: true } } });
    assert.deepEqual(done.results.map((r: any) => r.properties.Name.title[0].plain_text), ["Ship it"]);
  });

  test("comments: the server's create-a-comment sends no Notion-Version, and Quire answers as Notion does", async () => {
    // makenotion/notion-mcp-server#328: the one operation of its OpenAPI file without the
    // Notion-Version parameter; Notion answers 400 missing_version, and so must Quire.
    const res = (await mcp.callTool({ name: "API-create-a-comment", arguments: { parent: { page_id: q.rootPageId }, rich_text: [{ text: { content: "Looks good" } }] } })) as { content: { text: string }[] };
    const body = JSON.parse(res.content[0].text);
    assert.equal(body.status, 400);
    assert.equal(body.code, "missing_version");
    assert.equal(body.message, "Notion-Version header failed validation: Notion-Version header should be defined, instead was `undefined`.");
    assert.equal((await notion.comments.list({ block_id: q.rootPageId })).results.length, 0, "nothing was written");
    // Reading comments carries the header and works.
    const made = await notion.comments.create({ parent: { page_id: q.rootPageId }, rich_text: rt("Looks good") });
    const listed = await call("API-retrieve-a-comment", { block_id: q.rootPageId });
    assert.deepEqual(listed.results.map((c: { id: string }) => c.id), [made.id]);
  });

  test("page markdown", async () => {
    const page = (await notion.pages.create({ parent: { page_id: q.rootPageId }, properties: { title: { title: rt("Markdown via MCP") } } })) as { id: string };
    await notion.blocks.children.append({ block_id: page.id, children: [{ heading_2: { rich_text: rt("Plan") } }, { bulleted_list_item: { rich_text: rt("one") } }] });
    const md = await call("API-retrieve-page-markdown", { page_id: page.id });
    assert.equal(md.object, "page_markdown");
    assert.match(md.markdown, /## Plan\n- one/);
  });

  test("errors come back as Notion's errors", async () => {
    const res = (await mcp.callTool({ name: "API-retrieve-a-page", arguments: { page_id: "00000000-0000-4000-8000-000000000000" } })) as { content: { text: string }[] };
    const text = res.content[0].text;
    assert.match(text, /object_not_found/);
  });
});

describe("notion-to-md", () => {
  test("renders a page of common blocks", async () => {
    const page = (await notion.pages.create({ parent: { page_id: q.rootPageId }, properties: { title: { title: rt("For notion-to-md") } } })) as { id: string };
    await notion.blocks.children.append({
      block_id: page.id,
      children: [
        { heading_1: { rich_text: rt("Title") } },
        { paragraph: { rich_text: [{ text: { content: "Some " } }, { text: { content: "bold" }, annotations: { bold: true } }, { text: { content: " text" } }] } },
        { bulleted_list_item: { rich_text: rt("first") } },
        { numbered_list_item: { rich_text: rt("step") } },
        { to_do: { rich_text: rt("task"), checked: true } },
        { code: { rich_text: rt("const x = 1;"), language: "javascript" } },
        { quote: { rich_text: rt("wise words") } },
        { divider: {} },
      ],
    });
    // notion-to-md 3 calls the SDK's blocks.children.list and pages.retrieve as it would against Notion.
    const n2m = new NotionToMarkdown({ notionClient: notion });
    const markdown = n2m.toMarkdownString(await n2m.pageToMarkdown(page.id)).parent;
    for (const line of ["# Title", "Some **bold** text", "- first", "1. step", "- [x] task", "```javascript\nconst x = 1;\n```", "> wise words", "---"])
      assert.ok(markdown.includes(line), `${JSON.stringify(line)} in ${JSON.stringify(markdown)}`);
  });
});
