/**
 * Link previews end to end (issue 13), over real HTTP with the real SDK and a local partner
 * (test/helpers/link-partner.ts) playing the partner's OAuth authorize page, token URL and unfurl
 * callback: settings on a public integration, the two-way account link without a browser (the
 * redirects followed with fetch; the partner exchanges Quire's code through `oauth.token` with
 * `external_account`), unfurling into a `link_preview` block and mentions, token refresh,
 * PATCH /v1/external/object, refresh on demand, the partner's failures (nothing written), and the
 * DELETE when the last preview of a URL goes.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { Client, LogLevel } from "@notionhq/client";
import { startTestQuire, type TestQuire } from "./helpers/quire.js";
import { startPartner, type Partner } from "./helpers/link-partner.js";

let q: TestQuire;
let partner: Partner;
let integration: { id: string; client_id: string; client_secret: string };
let person: string;
let page: string;

const ok = async (method: string, path: string, body?: unknown) => {
  const res = await q.admin(method, path, body);
  assert.ok(res.status === 200, `${method} ${path} → ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
};
const fails = async (method: string, path: string, body: unknown, status: number, code: string, message: RegExp) => {
  const res = await q.admin(method, path, body);
  assert.equal(res.status, status, JSON.stringify(res.body));
  assert.equal(res.body.code, code);
  assert.match(res.body.message, message);
};
const settings = (origin: string) => ({
  unfurl_callback_url: `${origin}/unfurl`,
  domains: ["tracker.example"],
  url_patterns: [{ name: "Issue", pattern: "^https://tracker\\.example/(?<project>[a-z]+)/issues/(?<n>\\d+)$", attributes: { title: "$<project> #$<n>" } }],
  authorization: { authorize_url: `${origin}/authorize`, token_url: `${origin}/token`, client_id: "partner-client", client_secret: "partner-secret", scopes: ["unfurl", "user_name"] },
  deleted_token_callback_url: `${origin}/deleted`,
});
const paste = (url: string, as?: string, user = person, on = page) => q.admin("POST", `/_quire/v1/pages/${on}/link_previews`, { url, user_id: user, ...(as ? { as } : {}) });
const children = async () => (await q.client().blocks.children.list({ block_id: page })).results as any[];

/** Follows the account link as a browser would: the partner's authorize page, then Quire's callback. */
async function linkAccount(authorizeUrl: string): Promise<{ status: number; html: string }> {
  const atPartner = await fetch(authorizeUrl, { redirect: "manual" });
  assert.equal(atPartner.status, 302);
  const back = await fetch(atPartner.headers.get("location")!, { redirect: "manual" });
  return { status: back.status, html: await back.text() };
}

before(async () => {
  q = await startTestQuire({ allowPrivateUrls: true, linkPreviewTimeoutMs: 1500 });
  integration = await ok("POST", "/_quire/v1/integrations", { type: "public", name: "Acme Tracker", redirect_uris: ["https://acme.example/callback"] });
  partner = await startPartner(q.url, integration);
  person = (await ok("POST", "/_quire/v1/users", { name: "Pat", email: `pat-${randomUUID()}@example.com` })).id;
  page = (await ok("POST", "/_quire/v1/pages", { title: "Notes", share_with: [q.devIntegrationId] })).id;
});
after(async () => partner?.close());

describe("link preview settings", () => {
  test("PUT, GET without the partner's secret, validation in Notion's wording, DELETE", async () => {
    const put = await ok("PUT", `/_quire/v1/integrations/${integration.id}/link_preview`, settings("https://partner.example"));
    assert.equal(put.object, "link_preview_settings");
    const got = await ok("GET", `/_quire/v1/integrations/${integration.id}/link_preview`);
    assert.deepEqual(got.authorization, { authorize_url: "https://partner.example/authorize", token_url: "https://partner.example/token", client_id: "partner-client", scopes: ["unfurl", "user_name"] });
    assert.ok(!JSON.stringify(got).includes("partner-secret"), "the secret is never shown");
    const bad = (over: Record<string, unknown>) => ({ ...settings("https://p.example"), ...over });
    const path = `/_quire/v1/integrations/${integration.id}/link_preview`;
    await fails("PUT", path, bad({ unfurl_callback_url: "ftp://x" }), 400, "validation_error", /body.unfurl_callback_url should be an http or https URL/);
    await fails("PUT", path, bad({ domains: ["not a domain"] }), 400, "validation_error", /body.domains\[0\] should be a domain name/);
    await fails("PUT", path, bad({ url_patterns: [{ name: "x", pattern: "^(a+)+$" }] }), 400, "validation_error", /body.url_patterns\[0\].pattern should not repeat a group .*catastrophic backtracking/);
    await fails("PUT", path, bad({ url_patterns: [{ name: "x", pattern: "(" }] }), 400, "validation_error", /should be a valid regular expression/);
    await fails("PUT", `/_quire/v1/integrations/${q.devIntegrationId}/link_preview`, settings("https://p.example"), 404, "object_not_found", /Could not find integration/);
    await ok("DELETE", path);
    await fails("GET", path, undefined, 404, "object_not_found", /Could not find integration/);
  });
});

describe("pasting, linking and unfurling", () => {
  before(async () => {
    await ok("PUT", `/_quire/v1/integrations/${integration.id}/link_preview`, settings(partner.origin));
  });

  test("no linked account: the answer is the partner's authorize URL; the link is finished through Quire's callback", async () => {
    const url = "https://tracker.example/quire/issues/42";
    partner.expiresIn = 1; // the first partner token lapses at once: the next use refreshes it
    const first = await paste(url);
    assert.equal(first.status, 200, JSON.stringify(first.body));
    assert.equal(first.body.object, "link_preview_authorization");
    assert.deepEqual(first.body.placeholder, { title: "quire #42" });
    const authorize = new URL(first.body.authorize_url);
    assert.equal(authorize.origin + authorize.pathname, `${partner.origin}/authorize`);
    assert.equal(authorize.searchParams.get("redirect_uri"), `${q.url}/externalIntegrationAuthCallback`);
    assert.equal(authorize.searchParams.get("client_id"), "partner-client");
    assert.equal(authorize.searchParams.get("scope"), "unfurl user_name");
    assert.equal(authorize.searchParams.get("response_type"), "code");
    assert.ok(authorize.searchParams.get("code") && authorize.searchParams.get("state"));
    assert.equal((await children()).length, 0, "nothing written yet");

    const done = await linkAccount(first.body.authorize_url);
    assert.equal(done.status, 200, done.html);
    assert.match(done.html, /Your Acme Tracker account is connected/);
    assert.equal(partner.notionTokens.length, 1, "the partner exchanged Quire's code with external_account");
    const exchange = partner.calls.find((c) => c.path === "/token")!;
    assert.equal(exchange.contentType, "application/x-www-form-urlencoded");
    assert.deepEqual(Object.fromEntries(new URLSearchParams(exchange.body)), {
      code: "partner-code-1",
      client_id: "partner-client",
      client_secret: "partner-secret",
      redirect_uri: `${q.url}/externalIntegrationAuthCallback`,
      grant_type: "authorization_code",
    });
    // The state is single use.
    const again = await fetch(`${q.url}/externalIntegrationAuthCallback?code=partner-code-1&state=${authorize.searchParams.get("state")}`);
    assert.equal(again.status, 400);
    assert.match(await again.text(), /expired or was already used/);
    partner.expiresIn = null;
  });

  test("with a linked account: the callback gets {uri} with the partner's bearer, and a link_preview block appears", async () => {
    const url = "https://tracker.example/quire/issues/42";
    const before = partner.calls.length;
    const made = await paste(url);
    assert.equal(made.status, 200, JSON.stringify(made.body));
    const calls = partner.calls.slice(before);
    const refresh = calls.find((c) => c.path === "/token");
    assert.ok(refresh, "the expired partner token was refreshed first");
    assert.equal(new URLSearchParams(refresh.body).get("grant_type"), "refresh_token");
    assert.equal(new URLSearchParams(refresh.body).get("refresh_token"), partner.issuedTokens[1]);
    const unfurl = calls.find((c) => c.path === "/unfurl")!;
    assert.equal(unfurl.authorization, `Bearer ${partner.issuedTokens[2]}`, "the refreshed access token");
    assert.deepEqual(JSON.parse(unfurl.body), { uri: url });
    assert.equal(made.body.object, "link_preview");
    assert.equal(made.body.attributes[0].inline.title.value, "Issue 42: make it fast");
    const block = await q.client().blocks.retrieve({ block_id: made.body.block_id }) as any;
    assert.equal(block.type, "link_preview");
    assert.deepEqual(block.link_preview, { url });
    assert.equal(block.created_by.id, person);
    assert.deepEqual((await children()).map((b) => b.id).at(-1), made.body.block_id);
  });

  test("as mentions: link_preview {url} as Notion answers it, or link_mention with the unfurled title", async () => {
    const url = "https://tracker.example/quire/issues/7";
    const plain = await paste(url, "mention");
    assert.equal(plain.status, 200, JSON.stringify(plain.body));
    const p1 = (await q.client().blocks.retrieve({ block_id: plain.body.block_id })) as any;
    assert.deepEqual(p1.paragraph.rich_text[0].mention, { type: "link_preview", link_preview: { url } });
    assert.equal(p1.paragraph.rich_text[0].plain_text, url);
    assert.equal(p1.paragraph.rich_text[0].href, url);
    const rich = await paste(url, "link_mention");
    const p2 = (await q.client().blocks.retrieve({ block_id: rich.body.block_id })) as any;
    assert.deepEqual(p2.paragraph.rich_text[0].mention, {
      type: "link_mention",
      link_mention: { href: url, title: "Issue 42: make it fast", description: `About ${url}`, link_provider: "Acme Tracker" },
    });
    const md = (await q.client().request({ path: `pages/${page}/markdown`, method: "get" })) as any;
    // Notion's page markdown renders no link preview block: `<unknown url alt>` (docs/design/markdown.md); mentions as links.
    assert.match(md.markdown, /<unknown url="[^"]*" alt="link_preview"\/>/);
    assert.ok(md.markdown.includes(`](${url})`), md.markdown);
  });

  test("PATCH /v1/external/object with the installation's token updates every preview of the uri; errors in Notion's shape", async () => {
    const url = "https://tracker.example/quire/issues/7";
    const notion = new Client({ auth: partner.notionTokens[0].access_token, baseUrl: q.url, logLevel: LogLevel.ERROR });
    const set = [
      { id: "title", name: "Title", type: "inline", inline: { title: { value: "Renamed", section: "title" } } },
      { id: "dev", name: "Developer Name", type: "inline", inline: { plain_text: { value: "Acme Tracker", section: "secondary" } } },
    ];
    const res = (await notion.request({ path: "external/object", method: "patch", body: { uri: url, operations: [{ path: ["attributes"], set }] } })) as any;
    assert.equal(res.updated, 2);
    const mentions = (await children()).filter((b) => b.type === "paragraph").map((b) => b.paragraph.rich_text[0].mention);
    assert.deepEqual(mentions.find((m) => m.type === "link_mention").link_mention, { href: url, title: "Renamed", link_provider: "Acme Tracker" });
    const raw = (body: unknown) => q.raw("PATCH", "/v1/external/object", { body: JSON.stringify(body), auth: partner.notionTokens[0].access_token });
    const missing = await raw({ uri: "https://tracker.example/quire/issues/999", operations: [{ path: ["attributes"], set }] });
    assert.equal(missing.status, 404);
    assert.equal(missing.body.code, "object_not_found");
    const noDev = await raw({ uri: url, operations: [{ path: ["attributes"], set: [set[0]] }] });
    assert.equal(noDev.status, 400);
    assert.match(noDev.body.message, /body.operations\[0\].set should contain an attribute with id `dev`/);
    const noUri = await raw({ operations: [] });
    assert.match(noUri.body.message, /body.uri should be defined/);
    const dev = await q.raw("PATCH", "/v1/external/object", { body: JSON.stringify({ uri: url, operations: [{ path: ["attributes"], set }] }) });
    assert.equal(dev.status, 404, "an internal integration has no previews");
  });

  test("an error answer is kept on the preview; attributes without error clear it", async () => {
    const url = "https://tracker.example/quire/issues/8";
    partner.mode = "error";
    const made = await paste(url);
    partner.mode = "ok";
    assert.equal(made.status, 200, JSON.stringify(made.body));
    assert.deepEqual(made.body.error, { status: 404, message: "Content not found" });
    const refreshed = await ok("POST", `/_quire/v1/link_previews/${made.body.id}/refresh`);
    assert.equal(refreshed.error, null);
    assert.equal(refreshed.attributes[0].id, "title");
    const kept = await ok("GET", `/_quire/v1/link_previews/${made.body.id}`);
    assert.equal(kept.unfurled_time, refreshed.unfurled_time, "younger than the maximum age: not unfurled again");
    const before = partner.calls.length;
    await ok("GET", `/_quire/v1/link_previews/${made.body.id}?max_age_seconds=0`);
    assert.ok(partner.calls.slice(before).some((c) => c.path === "/unfurl"), "older than max_age_seconds: unfurled again");
  });

  test("a partner that fails writes nothing: down, 500, slow, oversized, not JSON, invalid operations, a redirect", async () => {
    const url = "https://tracker.example/quire/issues/9";
    const count = (await children()).length;
    const cases: [Partner["mode"], RegExp][] = [
      ["down", /its unfurl callback could not be reached/],
      ["status500", /unfurl callback answered 500/],
      ["slow", /did not answer in time/],
      ["huge", /answered more than 262144 bytes/],
      ["html", /not JSON/],
      ["invalid", /invalid operations: .*should contain an attribute with id `dev`/],
      ["redirect", /was refused \(The answer was a redirect; requests with a body follow none\)/],
    ];
    for (const [mode, message] of cases) {
      partner.mode = mode;
      const res = await paste(url);
      assert.equal(res.status, 502, `${mode}: ${JSON.stringify(res.body)}`);
      assert.equal(res.body.code, "bad_gateway");
      assert.match(res.body.message, message, mode);
    }
    partner.mode = "ok";
    assert.equal((await children()).length, count, "no block written");
  });

  test("bad pastes: unknown page, a person who cannot edit, no integration for the URL, bad input", async () => {
    await fails("POST", `/_quire/v1/pages/${randomUUID()}/link_previews`, { url: "https://tracker.example/a/issues/1", user_id: person }, 404, "object_not_found", /Could not find page/);
    await fails("POST", `/_quire/v1/pages/${page}/link_previews`, { url: "https://tracker.example/a/issues/1", user_id: randomUUID() }, 404, "object_not_found", /Could not find user/);
    const guest = (await ok("POST", "/_quire/v1/users", { name: "Gus", email: `gus-${randomUUID()}@example.com`, role: "guest" })).id;
    await fails("POST", `/_quire/v1/pages/${page}/link_previews`, { url: "https://tracker.example/a/issues/1", user_id: guest }, 403, "restricted_resource", /cannot edit page/);
    await fails("POST", `/_quire/v1/pages/${page}/link_previews`, { url: "https://elsewhere.example/a/issues/1", user_id: person }, 400, "validation_error", /no link preview integration unfurls/);
    await fails("POST", `/_quire/v1/pages/${page}/link_previews`, { url: "https://tracker.example/a/pulls/1", user_id: person }, 400, "validation_error", /no link preview integration unfurls/);
    await fails("POST", `/_quire/v1/pages/${page}/link_previews`, { url: "javascript:alert(1)", user_id: person }, 400, "validation_error", /body.url should be an http or https URL/);
    await fails("POST", `/_quire/v1/pages/${page}/link_previews`, { url: "https://tracker.example/a/issues/1", user_id: person, as: "embed" }, 400, "validation_error", /body.as should be/);
  });

  test("link_preview blocks stay read-only on /v1", async () => {
    await assert.rejects(
      q.client().blocks.children.append({ block_id: page, children: [{ type: "link_preview", link_preview: { url: "https://tracker.example/a/issues/1" } } as never] }),
      (e: any) => e.code === "validation_error",
    );
  });

  test("deleting the last block of a URL sends DELETE {uri} to the callback with the partner's bearer; not before", async () => {
    const url = "https://tracker.example/quire/issues/77";
    const a = (await paste(url)).body;
    const b = (await paste(url, "link_mention")).body;
    await q.client().blocks.delete({ block_id: a.block_id });
    await fails("GET", `/_quire/v1/link_previews/${a.id}`, undefined, 404, "object_not_found", /Could not find link_preview/);
    const deleted = partner.nextDelete();
    const before = partner.calls.filter((c) => c.method === "DELETE").length;
    assert.equal(before, 0, "one preview of the URL is left: no DELETE yet");
    await q.client().blocks.update({ block_id: b.block_id, in_trash: true } as never);
    const call = await deleted;
    assert.equal(call.authorization, `Bearer ${partner.issuedTokens[2]}`);
    assert.deepEqual(JSON.parse(call.body), { uri: url });
  });

  test("trashing a page above a preview's block releases it too (DELETE sent)", async () => {
    const url = "https://tracker.example/quire/issues/78";
    const child = await q.client().pages.create({ parent: { page_id: page }, properties: { title: { title: [{ text: { content: "Sub" } }] } } } as never);
    const made = (await paste(url, "block", person, child.id)).body;
    assert.equal(made.object, "link_preview", JSON.stringify(made));
    const deleted = partner.nextDelete();
    await q.client().pages.update({ page_id: child.id, in_trash: true } as never);
    assert.deepEqual(JSON.parse((await deleted).body), { uri: url });
    await fails("GET", `/_quire/v1/link_previews/${made.id}`, undefined, 404, "object_not_found", /Could not find link_preview/);
  });

  test("a partner that refuses the person's token (401): the account is forgotten and the paste asks to link it again", async () => {
    const url = "https://tracker.example/quire/issues/88";
    partner.mode = "unauthorized";
    const refused = await paste(url);
    partner.mode = "ok";
    assert.equal(refused.status, 200, JSON.stringify(refused.body));
    assert.equal(refused.body.object, "link_preview_authorization");
    assert.equal((await linkAccount(refused.body.authorize_url)).status, 200);
    const made = await paste(url);
    assert.equal(made.body.object, "link_preview");
    assert.equal(partner.calls.filter((c) => c.path === "/unfurl").at(-1)!.authorization, `Bearer ${partner.issuedTokens.at(-2)}`, "the new partner token");
  });

  test("disconnecting a person's account calls the Deleted Token Callback URL with their partner token; the next paste links again", async () => {
    const last = partner.issuedTokens.at(-2);
    const called = partner.nextDelete("/deleted");
    const gone = await ok("DELETE", `/_quire/v1/link_preview_accounts/${integration.id}/${person}`);
    assert.equal(gone.deleted, true);
    assert.equal((await called).authorization, `Bearer ${last}`);
    await fails("DELETE", `/_quire/v1/link_preview_accounts/${integration.id}/${person}`, undefined, 404, "object_not_found", /Could not find user/);
    assert.equal((await paste("https://tracker.example/quire/issues/89")).body.object, "link_preview_authorization");
  });
});

describe("outbound rules", () => {
  test("without --allow-private-urls a partner on a private address is refused, and nothing is linked", async () => {
    const strict = await startTestQuire();
    const reg = (await strict.admin("POST", "/_quire/v1/integrations", { type: "public", name: "Local", redirect_uris: ["https://acme.example/callback"] })).body;
    const local = await startPartner(strict.url, reg);
    try {
      // https (http is refused too without the switch), on a loopback address.
      const put = await strict.admin("PUT", `/_quire/v1/integrations/${reg.id}/link_preview`, { ...settings(local.origin), authorization: { ...settings(local.origin).authorization, token_url: local.origin.replace("http:", "https:") + "/token" } });
      assert.equal(put.status, 200);
      const who = (await strict.admin("POST", "/_quire/v1/users", { name: "Pia", email: `pia-${randomUUID()}@example.com` })).body.id;
      const target = (await strict.admin("POST", "/_quire/v1/pages", { title: "P" })).body.id;
      const first = await strict.admin("POST", `/_quire/v1/pages/${target}/link_previews`, { url: "https://tracker.example/quire/issues/1", user_id: who });
      assert.equal(first.body.object, "link_preview_authorization");
      const done = await linkAccount(first.body.authorize_url);
      assert.equal(done.status, 400);
      assert.match(done.html, /Local could not be connected: its token URL was refused \(127\.0\.0\.1 is a private address\)/);
      const again = await strict.admin("POST", `/_quire/v1/pages/${target}/link_previews`, { url: "https://tracker.example/quire/issues/1", user_id: who });
      assert.equal(again.body.object, "link_preview_authorization", "still not linked");
    } finally {
      await local.close();
      await strict.close();
    }
  });
});
