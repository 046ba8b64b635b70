/** Small assertions and factories shared by the SDK-driven API suites. */
import assert from "node:assert/strict";
import { APIResponseError, type Client } from "@notionhq/client";

export interface ExpectedError {
  status: number;
  code: string;
  /** Exact message, or a pattern it must match. */
  message?: string | RegExp;
}

/** Awaits an SDK call that must fail with a structured Notion error; returns the error. */
export async function rejects(call: Promise<unknown>, expected: ExpectedError): Promise<APIResponseError> {
  let error: unknown;
  try {
    await call;
  } catch (e) {
    error = e;
  }
  assert.ok(error !== undefined, `expected ${expected.code}, but the call succeeded`);
  assert.ok(APIResponseError.isAPIResponseError(error), `expected an APIResponseError, got ${String(error)}`);
  assert.equal(error.status, expected.status, error.message);
  assert.equal(error.code, expected.code, error.message);
  if (typeof expected.message === "string") assert.equal(error.message, expected.message);
  else if (expected.message) assert.match(error.message, expected.message);
  return error;
}

/** What an SDK call came to: 200, or "<status> <code>" of the Notion error it failed with. */
export async function outcome(call: Promise<unknown>): Promise<number | string> {
  try {
    await call;
    return 200;
  } catch (e) {
    if (e instanceof APIResponseError) return `${e.status} ${e.code}`;
    throw e;
  }
}

/** For `assert.rejects(call, apiError(…))`: the rejection is a structured Notion error with this status, code and message. */
export const apiError = (status: number, code: string, message?: string | RegExp) => (e: unknown) => {
  assert.ok(e instanceof APIResponseError, `expected an APIResponseError, got ${e}`);
  assert.equal(e.status, status);
  assert.equal(e.code, code);
  if (typeof message === "string") assert.equal(e.message, message);
  else if (message) assert.match(e.message, message);
  return true;
};

/** Asserts a raw error body has Notion's shape and the expected code/status/message. */
export function assertErrorBody(res: { status: number; body: any; headers: Headers }, expected: ExpectedError): void {
  assert.equal(res.status, expected.status, JSON.stringify(res.body));
  assert.equal(res.body.object, "error");
  assert.equal(res.body.status, expected.status);
  assert.equal(res.body.code, expected.code);
  assert.equal(typeof res.body.message, "string");
  if (typeof expected.message === "string") assert.equal(res.body.message, expected.message);
  else if (expected.message) assert.match(res.body.message, expected.message);
  assert.equal(res.body.request_id, res.headers.get("x-notion-request-id"));
}

/** `[{type:"text", text:{content}}]` for requests. */
export const text = (content: string) => [{ type: "text" as const, text: { content } }];

/** The response form of one plain text item, annotations defaulted. */
export const textItem = (content: string, link: string | null = null) => ({
  type: "text",
  text: { content, link: link ? { url: link } : null },
  annotations: { bold: false, italic: false, strikethrough: false, underline: false, code: false, color: "default" },
  plain_text: content,
  href: link,
});

/** Creates a page under `parent` and returns its id. */
export async function newPage(notion: Client, parent: string, title = "Test page", extra: Record<string, unknown> = {}): Promise<string> {
  const page = await notion.pages.create({ parent: { page_id: parent }, properties: { title: { title: text(title) } }, ...extra } as any);
  return page.id;
}

/** Appends `children` to `parent` and returns the new first-level blocks. */
export async function append(notion: Client, parent: string, children: unknown[], extra: Record<string, unknown> = {}): Promise<any[]> {
  const res = await notion.blocks.children.append({ block_id: parent, children, ...extra } as any);
  return res.results as any[];
}

/** All children of a block, through every page of the list. */
export async function childrenOf(notion: Client, blockId: string): Promise<any[]> {
  const out: any[] = [];
  let cursor: string | undefined;
  do {
    const res = await notion.blocks.children.list({ block_id: blockId, start_cursor: cursor });
    out.push(...res.results);
    cursor = res.next_cursor ?? undefined;
  } while (cursor);
  return out;
}

/** Content of a paragraph-like block as plain text. */
export const plain = (block: any): string => (block[block.type].rich_text as { plain_text: string }[]).map((r) => r.plain_text).join("");

/** A UUID no object has. */
export const MISSING_ID = "0f0e0d0c-0b0a-4908-8706-050403020100";
