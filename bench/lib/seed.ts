/**
 * The bench's data, made through Quire's own API: a page with 100 paragraph children (read by
 * "GET page" and "list 100 children") and an empty "sink" page that "append 100 children" grows.
 */
export const NOTION_VERSION = "2025-09-03";

export interface QuireReady {
  url: string;
  token: string;
  /** Why `token` is empty, when it is (src/domain/admin/start-credentials.ts). */
  tokenProblem?: string;
  adminKey: string;
  devIntegrationId: string;
}

export interface Seeded {
  pageId: string;
  sinkId: string;
}

/** 100 paragraphs of ordinary prose: the body of every append request. */
export function hundredParagraphs(): { children: unknown[] } {
  const children = Array.from({ length: 100 }, (_, i) => ({
    paragraph: { rich_text: [{ text: { content: `Paragraph ${i + 1}: the quick brown fox jumps over the lazy dog.` } }] },
  }));
  return { children };
}

export function apiHeaders(q: QuireReady): Record<string, string> {
  return { authorization: `Bearer ${q.token}`, "notion-version": NOTION_VERSION, "content-type": "application/json" };
}

/** One API call that must answer 200; returns the body. */
export async function call(q: QuireReady, method: string, path: string, body?: unknown, auth = apiHeaders(q)): Promise<any> {
  const res = await fetch(q.url + path, { method, headers: auth, body: body === undefined ? undefined : JSON.stringify(body) });
  const json = await res.json();
  if (res.status !== 200) throw new Error(`${method} ${path} answered ${res.status}: ${JSON.stringify(json)}`);
  return json;
}

/** A new page under the seeded "Getting started" page (the one shared with the dev integration). */
export async function newPage(q: QuireReady, title: string): Promise<string> {
  const admin = { authorization: `Bearer ${q.adminKey}` };
  const dev = await call(q, "GET", `/_quire/v1/integrations/${q.devIntegrationId}`, undefined, admin);
  const parent = { page_id: (dev.shares as string[])[0] };
  return (await call(q, "POST", "/v1/pages", { parent, properties: { title: [{ text: { content: title } }] } })).id;
}

export async function seed(q: QuireReady): Promise<Seeded> {
  const pageId = await newPage(q, "Bench page");
  await call(q, "PATCH", `/v1/blocks/${pageId}/children`, hundredParagraphs());
  return { pageId, sinkId: await newPage(q, "Append sink") };
}
