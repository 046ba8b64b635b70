/**
 * Background work started by a person (src/domain/async-tasks/background.ts): a template applied
 * after the answer runs as the person who asked — through the web app's browser session and
 * through a personal access token — as it does for an integration: the content arrives, @Me is
 * that person, and a token revoked before the work runs stops it (the work runs as the person's
 * actor as it is then, as an integration's runs as the integration as it is then).
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { Client, LogLevel } from "@notionhq/client";
import { startTestQuire, type TestQuire } from "./helpers/quire.js";
import { childrenOf, text } from "./helpers/api.js";
import { BrowserSession, personWithPassword } from "./helpers/web-session.js";

const me = { type: "mention", mention: { type: "template_mention", template_mention: { type: "template_mention_user", template_mention_user: "me" } } };

/** Polls `read` until `ok` holds (every 20 ms, at most `ms`), and returns the last value. */
async function eventually<T>(read: () => Promise<T>, ok: (v: T) => boolean, ms = 3000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (ok(v) || Date.now() > until) return v;
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function ok(q: TestQuire, method: string, path: string, body?: unknown): Promise<any> {
  const res = await q.admin(method, path, body);
  assert.ok(res.status < 300, `${method} ${path} → ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

const summary = (blocks: any[]) =>
  blocks.map((b) => `${b.type}:${(b[b.type].rich_text ?? []).map((r: any) => (r.type === "mention" ? `@${r.mention.user?.id}` : r.plain_text)).join("")}`);

describe("background work started by a person", () => {
  let q: TestQuire;
  let ann: { id: string; email: string; password: string };
  let session: BrowserSession;
  let P: string;
  let template: string;
  const held: (() => void)[] = [];
  const release = () => held.splice(0).forEach((work) => work());

  before(async () => {
    // Background work waits until a test lets it run (`release`).
    q = await startTestQuire({ trustProxy: true, schedule: (work) => held.push(work) });
    ann = await personWithPassword(q, "Ann");
    P = (await ok(q, "POST", "/_quire/v1/pages", { title: "Ann's notes", section: "private", created_by: ann.id })).id;
    session = await BrowserSession.signIn(q, ann.email, ann.password);
    const notion = session.client();
    template = (await notion.pages.create({ parent: { page_id: P }, properties: { title: { title: text("Meeting template") } }, children: [{ paragraph: { rich_text: [{ type: "text", text: { content: "Owner: " } }, me] } }] } as any)).id;
  });
  after(() => q.close());

  async function applied(notion: Client, title: string): Promise<{ id: string; blocks: string[] }> {
    const page: any = await notion.pages.create({ parent: { page_id: P }, properties: { title: { title: text(title) } }, template: { type: "template_id", template_id: template } } as any);
    release();
    const blocks = await eventually(() => childrenOf(notion, page.id), (b) => b.length > 0);
    return { id: page.id, blocks: summary(blocks) };
  }

  test("through the browser session: the template's content arrives, @Me is the person", async () => {
    const got = await applied(session.client(), "Monday");
    assert.deepEqual(got.blocks, [`paragraph:Owner: @${ann.id}`]);
  });

  test("through a personal access token: the same, the page and its content are the person's", async () => {
    const made = await ok(q, "POST", `/_quire/v1/users/${ann.id}/tokens`, { name: "script" });
    const pat = new Client({ auth: made.token, baseUrl: q.url, logLevel: LogLevel.ERROR });
    const got = await applied(pat, "Tuesday");
    assert.deepEqual(got.blocks, [`paragraph:Owner: @${ann.id}`]);
    const page: any = await (await pat.pages.retrieve({ page_id: got.id }));
    assert.equal(page.created_by.id, ann.id, "the page is Ann's");
  });

  test("a personal access token revoked before the work runs: nothing of the template is copied", async () => {
    const made = await ok(q, "POST", `/_quire/v1/users/${ann.id}/tokens`, { name: "short-lived" });
    const pat = new Client({ auth: made.token, baseUrl: q.url, logLevel: LogLevel.ERROR });
    const page: any = await pat.pages.create({ parent: { page_id: P }, properties: { title: { title: text("Wednesday") } }, template: { type: "template_id", template_id: template } } as any);
    await ok(q, "DELETE", `/_quire/v1/users/${ann.id}/tokens/${made.id}`);
    release();
    // A later session write runs after the held work's drain has finished with it.
    const marker: any = await session.client().pages.create({ parent: { page_id: P }, properties: { title: { title: text("Marker") } }, template: { type: "template_id", template_id: template } } as any);
    release();
    assert.equal((await eventually(() => childrenOf(session.client(), marker.id), (b) => b.length > 0)).length, 1, "the session's work ran");
    assert.deepEqual(await childrenOf(session.client(), page.id), [], "the revoked token's did not");
  });
});
