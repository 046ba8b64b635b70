/**
 * A second workspace with something in every table (issue 12's isolation and deletion tests):
 * made through the control API (POST /_quire/v1/workspaces, then its scoped routes) and the SDK
 * as an integration of that workspace. Its link previews call a local partner: the server must
 * run with `allowPrivateUrls`.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import type { Client } from "@notionhq/client";
import type { TestQuire } from "./quire.js";
import { attributeOf, authnRequestOf, TestIdp } from "./saml-idp.js";
import { startPartner } from "./link-partner.js";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

/** What a populated workspace holds, by the path parameter names /v1 routes use. */
export interface Populated {
  workspace_id: string;
  token: string;
  integration_id: string;
  bot_id: string;
  /** A person (member) of the workspace. */
  user_id: string;
  page_id: string;
  block_id: string;
  database_id: string;
  data_source_id: string;
  row_id: string;
  template_id: string;
  comment_id: string;
  discussion_id: string;
  file_upload_id: string;
  view_id: string;
  query_id: string;
  emoji_id: string;
  meeting_note_id: string;
  task_id: string;
  /** A group with the person in it, and a page permission naming it. */
  group_id: string;
  /** The person's personal access token (full access to the workspace's page through the group's entry and the Workspace section). */
  pat_id: string;
  pat_token: string;
  /** A SCIM token of the workspace (its id), and the token itself. */
  scim_token_id: string;
  scim_token: string;
  /** A webhook subscription of the integration (active), and its verification POST in the outbox. */
  webhook_id: string;
  webhook_delivery_id: string;
  /** The public integration's subscription (events from every workspace that installs it). */
  public_webhook_id: string;
}

let receiving: Promise<string> | null = null;
/** A local webhook receiver answering 200 to everything (one per test process; it does not keep the process alive): deliveries succeed at the first attempt. */
function acceptingReceiver(): Promise<string> {
  receiving ??= new Promise((resolve) => {
    const server = createServer((req, res) => {
      req.resume();
      req.on("end", () => res.writeHead(200).end());
    });
    server.listen(0, "127.0.0.1", () => {
      server.unref();
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    });
  });
  return receiving;
}

const rt = (content: string) => [{ type: "text" as const, text: { content } }];

/** Checks a control call answered 2xx and returns its body. */
async function ok<T = any>(q: TestQuire, method: string, path: string, body?: unknown): Promise<T> {
  const res = await q.admin<T>(method, path, body);
  assert.ok(res.status < 300, `${method} ${path} → ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Creates a workspace named `name` and fills it through its scoped control routes and its own integration. */
export async function populatedWorkspace(q: TestQuire, name: string): Promise<Populated> {
  const ws = await ok(q, "POST", "/_quire/v1/workspaces", { name });
  return populate(q, ws.id);
}

/** Fills workspace `wsId` (the first workspace too: its scoped routes are the same). */
export async function populate(q: TestQuire, wsId: string): Promise<Populated> {
  const base = `/_quire/v1/workspaces/${wsId}`;
  const integ = await ok(q, "POST", `${base}/integrations`, { name: "Worker" });
  const person = await ok(q, "POST", `${base}/users`, { name: "Pat", email: `pat-${wsId}@example.com` });
  const emoji = await ok(q, "POST", `${base}/custom_emojis`, { name: "party", url: "https://example.com/party.png" });
  const top = await ok(q, "POST", `${base}/pages`, { title: "Top", share_with: [integ.id] });
  const notion: Client = q.client({ auth: integ.token, version: "2026-03-11" });
  const [block] = (await notion.blocks.children.append({ block_id: top.id, children: [{ paragraph: { rich_text: rt("hello") } }] })).results;
  const db: any = await notion.databases.create({
    parent: { type: "page_id", page_id: top.id },
    title: rt("Tasks"),
    initial_data_source: { properties: { Name: { title: {} }, Points: { number: {} } } },
  } as any);
  const dataSource = db.data_sources[0].id;
  const row = await notion.pages.create({ parent: { data_source_id: dataSource }, properties: { Name: { title: rt("Row") }, Points: { number: 3 } } } as any);
  const template = await notion.pages.create({ parent: { data_source_id: dataSource }, properties: { Name: { title: rt("Template") } } } as any);
  await ok(q, "POST", `${base}/data_sources/${dataSource}/templates`, { page_id: template.id });
  const comment: any = await notion.comments.create({ parent: { page_id: top.id }, rich_text: rt("a comment") });
  await ok(q, "POST", `${base}/comments`, { parent: { page_id: top.id }, author_id: person.id, rich_text: rt("by a person") });
  const created = await notion.fileUploads.create({ filename: "note.txt", content_type: "text/plain" });
  await notion.fileUploads.send({ file_upload_id: created.id, file: { filename: "note.txt", data: new Blob(["bytes of B"], { type: "text/plain" }) } });
  await notion.blocks.children.append({ block_id: top.id, children: [{ file: { type: "file_upload", file_upload: { id: created.id } } } as any] });
  const views: any = await notion.views.list({ database_id: db.id } as any);
  const view = views.results[0].id;
  const query: any = await notion.views.queries.create({ view_id: view } as any);
  const audio = await notion.fileUploads.create({ filename: "call.m4a", content_type: "audio/mp4" });
  await notion.fileUploads.send({ file_upload_id: audio.id, file: { filename: "call.m4a", data: new Blob(["\0\0\0 ftypM4A "], { type: "audio/mp4" }) } });
  const note: any = await notion.blocks.meetingNotes.create({ source: { type: "file_upload", file_upload_id: audio.id }, parent: { type: "page_id", page_id: top.id }, title: "Sync" } as any);
  await ok(q, "PATCH", `${base}/meeting_notes/${note.id}`, { calendar_event: { start_time: "2026-07-14T10:00:00Z", end_time: "2026-07-14T11:00:00Z", attendees: [person.id] } });
  const group = await ok(q, "POST", `${base}/groups`, { name: "Team", user_ids: [person.id] });
  await ok(q, "PUT", `${base}/pages/${top.id}/permissions`, { principal: { type: "group", id: group.id }, level: "can_edit" });
  const pat = await ok(q, "POST", `${base}/users/${person.id}/tokens`, { name: "Script" });
  const scim = await ok(q, "POST", `${base}/scim_tokens`, { name: "IdP" });
  // The identity provider's id for the person (a scim_users row).
  const linked = await fetch(`${q.url}/scim/v2/Users/${person.id}`, {
    method: "PATCH",
    headers: { authorization: `Bearer ${scim.token}`, "content-type": "application/scim+json" },
    body: JSON.stringify({ schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], Operations: [{ op: "add", path: "externalId", value: `ext-${wsId}` }] }),
  });
  assert.equal(linked.status, 200, await linked.text());
  await ok(q, "PUT", `${base}/personal_token_policy`, { policy: "members" });
  // A public integration this workspace registered, installed here by the person (a code, a grant).
  const app = await ok(q, "POST", `${base}/integrations`, { type: "public", name: "Public", redirect_uris: ["https://public.example.com/cb"] });
  const { code } = await ok(q, "POST", "/_quire/v1/oauth/grants", { client_id: app.client_id, user_id: person.id, workspace_id: wsId, page_ids: [top.id] });
  const exchanged = await fetch(`${q.url}/v1/oauth/token`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Basic ${Buffer.from(`${app.client_id}:${app.client_secret}`).toString("base64")}` },
    body: JSON.stringify({ grant_type: "authorization_code", code }),
  });
  assert.equal(exchanged.status, 200, await exchanged.clone().text());
  await previewLinks(q, base, app, person.id, top.id);
  const receiver = await acceptingReceiver();
  const hook = await ok(q, "POST", `${base}/integrations/${integ.id}/webhooks`, { url: `${receiver}/hook`, auto_verify: true });
  const hookLog = await ok(q, "GET", `${base}/webhooks/${hook.id}/deliveries`);
  const publicHook = await ok(q, "POST", `${base}/integrations/${app.id}/webhooks`, { url: `${receiver}/public` });
  // The verification POST has been attempted (a webhook_attempts row exists), so every table has rows.
  for (let i = 0; i < 200; i++) {
    const log = await ok(q, "GET", `${base}/webhooks/${hook.id}/deliveries`);
    if (log.results.some((d: any) => d.attempts.length > 0)) break;
    await new Promise((r) => setTimeout(r, 25));
  }
  await signInWithSaml(q, base, `pat-${wsId}@example.com`);
  const task: any = await notion.pages.updateMarkdown({ page_id: top.id, allow_async: true, type: "insert_content", insert_content: { content: "later" } } as any);
  return {
    workspace_id: wsId,
    token: integ.token,
    integration_id: integ.id,
    bot_id: integ.bot_id,
    user_id: person.id,
    page_id: top.id,
    block_id: block.id,
    database_id: db.id,
    data_source_id: dataSource,
    row_id: row.id,
    template_id: template.id,
    comment_id: comment.id,
    discussion_id: comment.discussion_id,
    file_upload_id: created.id,
    view_id: view,
    query_id: query.id,
    emoji_id: emoji.id,
    meeting_note_id: note.id,
    task_id: task.id ?? task.task_id ?? "",
    group_id: group.id,
    pat_id: pat.id,
    pat_token: pat.token,
    scim_token_id: scim.id,
    scim_token: scim.token,
    webhook_id: hook.id,
    webhook_delivery_id: hookLog.results[0].id,
    public_webhook_id: publicHook.id,
  };
}

/**
 * SAML state in the workspace: its IdP, one sign-in request left open and one completed (the
 * person signed in through a signed response: a consumed assertion id).
 */
async function signInWithSaml(q: TestQuire, base: string, email: string): Promise<void> {
  const idp = new TestIdp();
  const sp = (await ok(q, "PUT", `${base}/saml`, { idp_metadata_xml: idp.metadata("https://idp.example.test/sso") })).service_provider;
  const ws = sp.login_url.split("/sso/saml/")[1].split("/")[0];
  const begin = async () => {
    const r = await fetch(`${q.url}/sso/saml/${ws}/login`, { redirect: "manual" });
    assert.equal(r.status, 302, await r.text());
    return attributeOf(authnRequestOf(r.headers.get("location")!).xml, "AuthnRequest", "ID")!;
  };
  await begin();
  const SAMLResponse = idp.response({ acsUrl: sp.acs_url, audience: sp.entity_id, inResponseTo: await begin(), email, now: Date.now() });
  const signedIn = await fetch(`${q.url}/sso/saml/${ws}/acs`, { method: "POST", redirect: "manual", body: new URLSearchParams({ SAMLResponse }) });
  assert.equal(signedIn.status, 303, await signedIn.text());
}

/**
 * Link previews of the workspace's public integration `app` (settings, the person's linked partner
 * account, a preview on `pageId`, and a second person's account link left pending), through a
 * local partner closed when done (test/helpers/link-partner.ts).
 */
async function previewLinks(q: TestQuire, base: string, app: { id: string; client_id: string; client_secret: string }, personId: string, pageId: string): Promise<void> {
  const partner = await startPartner(q.url, app);
  // A domain of this workspace's own: a public integration's settings apply in every workspace, so
  // another populated workspace's would otherwise match the same links.
  const domain = `tracker-${app.id.slice(0, 8)}.example`;
  try {
    await ok(q, "PUT", `${base}/integrations/${app.id}/link_preview`, {
      unfurl_callback_url: `${partner.origin}/unfurl`,
      domains: [domain],
      url_patterns: [{ name: "Issue", pattern: `^https://${domain.replaceAll(".", "\\.")}/` }],
      authorization: { authorize_url: `${partner.origin}/authorize`, token_url: `${partner.origin}/token`, client_id: "partner-client", client_secret: partner.clientSecret },
    });
    const paste = (userId: string) => ok(q, "POST", `${base}/pages/${pageId}/link_previews`, { url: `https://${domain}/1`, user_id: userId });
    const started = await paste(personId);
    const atPartner = await fetch(started.authorize_url, { redirect: "manual" });
    const back = await fetch(atPartner.headers.get("location")!, { redirect: "manual" });
    assert.equal(back.status, 200, await back.text());
    assert.equal((await paste(personId)).object, "link_preview");
    const other = await ok(q, "POST", `${base}/users`, { name: "Lee", email: `lee-${randomUUID()}@example.com` });
    assert.equal((await paste(other.id)).object, "link_preview_authorization");
  } finally {
    await partner.close();
  }
}
