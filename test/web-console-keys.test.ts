/**
 * The console's other screens by keyboard alone (issue 16), in real headless Chromium, as the
 * seeded owner: only Tab, Shift+Tab, Enter, Space, arrows, typing and Escape. Personal tokens
 * (made, copied, the policy set, revoked in a confirm dialog), Security (a SCIM token made and
 * revoked, SAML's settings refused without metadata), custom emojis (added by URL, deleted),
 * templates (a row made one, made the default, removed), the workspace's name and time zone, the
 * toolkit (a snapshot saved, the clock frozen and back, a rate limit, a fault added and removed)
 * and a webhook's delivery log (a failed delivery redelivered). Every control reached by Tab shows
 * a focus ring; each step's effect is read back through the SDK or the control API; axe finds no
 * WCAG A/AA violation on each screen and the browser console stays clean. (The integrations,
 * sharing, inspector and people walks are in web-console.test.ts.)
 */
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser, Page } from "playwright-core";
import { Client, APIResponseError, LogLevel } from "@notionhq/client";
import { rt, type TestQuire } from "./helpers/quire.js";
import { axeViolations, focusedLabel, hasFocus, signedInPage, tabTo, webSuite } from "./helpers/web.js";
import { Receiver, inTurn } from "./helpers/webhook-receiver.js";

let q: TestQuire;
let browser: Browser;
let sourceId: string;
const rows: Record<string, string> = {};
// Webhook retries wait an hour here: the second attempt is the one Redeliver makes.
const skip = webSuite({
  quire: { webhooks: { retryBaseMs: 3_600_000 } },
  ready: async (s) => {
    ({ q, browser } = s);
    const db: any = await q.client().databases.create({
      parent: { type: "page_id", page_id: q.rootPageId },
      title: rt("Recipes"),
      initial_data_source: { properties: { Name: { title: {} } } },
    } as any);
    sourceId = db.data_sources[0].id;
    for (const name of ["Soup base", "Salad"]) {
      const row: any = await q.client().pages.create({ parent: { type: "data_source_id", data_source_id: sourceId }, properties: { Name: { title: rt(name) } } } as any);
      rows[name] = row.id;
    }
  },
});

const servers: Server[] = [];
const receivers: Receiver[] = [];
after(async () => {
  for (const s of servers) await new Promise((r) => s.close(r));
  for (const r of receivers) await r.close();
});

const sdk = (auth: string) => new Client({ auth, baseUrl: q.url, notionVersion: "2025-09-03", retry: false, logLevel: LogLevel.ERROR } as ConstructorParameters<typeof Client>[0]);
const clipboard = (page: Page) => page.evaluate(() => navigator.clipboard.readText());

/** Waits (polling every 100 ms, at most 20 s) until `check` holds. */
async function waitUntil(what: string, check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`timed out waiting for ${what}`);
}

/** A console tab by Shift+Tab back up the page and Enter; waits for its heading. */
async function openTab(page: Page, label: string, heading = label): Promise<void> {
  await tabTo(page, page.getByRole("navigation", { name: "Console" }).getByRole("link", { name: label, exact: true }), { back: true, max: 80 });
  await page.keyboard.press("Enter");
  await page.getByRole("heading", { level: 1, name: heading }).waitFor();
}

/** Confirms the open modal dialog `title` by Tab to `button` and Enter; it closes. */
async function confirm(page: Page, title: string, button: string): Promise<void> {
  const dialog = page.getByRole("dialog", { name: title });
  await dialog.waitFor();
  assert.ok(await dialog.evaluate((d) => d.contains(document.activeElement)), `focus is in the dialog, not on ${await focusedLabel(page)}`);
  assert.deepEqual(await axeViolations(page), []);
  await tabTo(page, dialog.getByRole("button", { name: button, exact: true }), { max: 4 });
  await page.keyboard.press("Enter");
  await dialog.waitFor({ state: "hidden" });
}

test("keyboard only: a personal token made, copied, used and revoked, the policy set; SCIM token made and revoked, SAML refused without metadata; an emoji added and deleted; a template made default and removed", { skip, timeout: 300_000 }, async () => {
  const { context, page, errors } = await signedInPage(browser, q);
  try {
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: q.url });
    const workspace = new URL(page.url()).pathname.split("/")[2];
    const prefix = `/_quire/v1/workspaces/${workspace}`;
    await page.goto(`${q.url}/w/${workspace}/console/tokens`);
    await page.getByRole("heading", { level: 1, name: "Personal access tokens" }).waitFor();
    await page.getByText("You have no personal access tokens").waitFor();

    // Tokens: named, made by Enter, copied by Space; the SDK reads as the person.
    await tabTo(page, page.getByLabel("Token name"));
    await page.keyboard.type("Keyboard script");
    await page.keyboard.press("Enter");
    const secret = page.getByRole("region", { name: "Personal access token", exact: true });
    await tabTo(page, secret.getByRole("button", { name: "Copy" }));
    await page.keyboard.press("Space");
    await secret.getByRole("status").filter({ hasText: "Copied" }).waitFor();
    const token = await clipboard(page);
    assert.equal(((await sdk(token).users.me({})) as { type: string }).type, "person");
    assert.deepEqual(await axeViolations(page), []);
    // The policy: "owners" typed on its list box, saved by Enter on its button.
    await tabTo(page, page.getByLabel("Allowed for"));
    await page.keyboard.type("Workspace");
    await tabTo(page, page.getByRole("button", { name: "Save policy" }));
    await page.keyboard.press("Enter");
    await page.getByRole("status").filter({ hasText: "Saved" }).waitFor();
    assert.equal((await q.admin("GET", `${prefix}/personal_token_policy`)).body.policy, "owners");
    await q.admin("PUT", `${prefix}/personal_token_policy`, { policy: "members" });
    // Revoked: the dialog takes focus, Escape closes it with nothing done and focus back on its button.
    const revoke = page.getByRole("list", { name: "Your personal access tokens" }).getByRole("button", { name: "Revoke Keyboard script" });
    await tabTo(page, revoke, { back: true });
    await page.keyboard.press("Enter");
    await page.getByRole("dialog", { name: "Revoke Keyboard script?" }).waitFor();
    await page.keyboard.press("Escape");
    await page.getByRole("dialog", { name: "Revoke Keyboard script?" }).waitFor({ state: "hidden" });
    assert.ok(await hasFocus(revoke), `the Revoke button has focus again, not ${await focusedLabel(page)}`);
    assert.equal(((await sdk(token).users.me({})) as { type: string }).type, "person");
    await page.keyboard.press("Enter");
    await confirm(page, "Revoke Keyboard script?", "Revoke");
    await page.getByText("You have no personal access tokens").waitFor();
    await assert.rejects(sdk(token).users.me({}), (e: unknown) => e instanceof APIResponseError && e.status === 401);

    // Security: SAML saved without metadata is refused in words; a SCIM token made and revoked.
    await openTab(page, "Security");
    await tabTo(page, page.getByRole("checkbox", { name: /Require SAML sign-in/ }));
    await page.keyboard.press("Space");
    assert.equal(await page.getByRole("checkbox", { name: /Require SAML sign-in/ }).isChecked(), true);
    await tabTo(page, page.getByRole("button", { name: "Save SAML settings" }));
    await page.keyboard.press("Enter");
    await page.getByText("Paste the identity provider's metadata XML.").waitFor();
    assert.equal((await q.admin("GET", `${prefix}/saml/status`)).body.configured, false);
    const scimName = page.getByRole("form").getByLabel("Token name").or(page.getByLabel("Token name"));
    await tabTo(page, scimName);
    await page.keyboard.type("Okta");
    await page.keyboard.press("Enter");
    const scimSecret = page.getByRole("region", { name: "SCIM token" });
    await scimSecret.waitFor();
    const scimToken = await scimSecret.getByRole("textbox").inputValue();
    const scimRead = await fetch(`${q.url}/scim/v2/Users`, { headers: { Authorization: `Bearer ${scimToken}` } });
    assert.equal(scimRead.status, 200);
    const scimList = page.getByRole("list", { name: "SCIM tokens" });
    const scimRevoke = scimList.getByRole("button", { name: "Revoke", exact: true });
    await scimRevoke.waitFor();
    assert.match(await scimList.getByRole("listitem").first().innerText(), /^Okta/);
    assert.deepEqual(await axeViolations(page), []);
    await tabTo(page, scimRevoke);
    await page.keyboard.press("Enter");
    await confirm(page, "Revoke Okta?", "Revoke");
    await scimRevoke.waitFor({ state: "detached" });
    assert.equal((await fetch(`${q.url}/scim/v2/Users`, { headers: { Authorization: `Bearer ${scimToken}` } })).status, 401);

    // Emojis: by URL (the default source; a local 1×1 PNG, no network here), added by Enter; deleted in its dialog.
    const png = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64");
    const images = createServer((_req, res) => res.writeHead(200, { "content-type": "image/png" }).end(png));
    await new Promise<void>((r) => images.listen(0, "127.0.0.1", r));
    servers.push(images);
    const imageUrl = `http://127.0.0.1:${(images.address() as AddressInfo).port}/keys.png`;
    await openTab(page, "Emojis", "Custom emojis");
    await tabTo(page, page.getByLabel("Name", { exact: true }));
    await page.keyboard.type("keys");
    await tabTo(page, page.getByLabel("Image URL"));
    await page.keyboard.type(imageUrl);
    await page.keyboard.press("Enter");
    const emojis = page.getByRole("list", { name: "Custom emojis" });
    await emojis.getByText(":keys:", { exact: true }).waitFor();
    const [listed] = (await q.client().customEmojis.list({ name: "keys" })).results;
    assert.equal(listed?.url, imageUrl);
    assert.deepEqual(await axeViolations(page), []);
    await tabTo(page, emojis.getByRole("button", { name: "Delete :keys:" }));
    await page.keyboard.press("Enter");
    await confirm(page, "Delete :keys:?", "Delete");
    await emojis.getByText(":keys:", { exact: true }).waitFor({ state: "detached" });
    assert.deepEqual((await q.client().customEmojis.list({ name: "keys" })).results, []);

    // Templates: the database picked by typing, a row made a template, then the default, then removed.
    await openTab(page, "Templates");
    await tabTo(page, page.getByLabel("Database"));
    await page.keyboard.type("Recipes");
    await tabTo(page, page.getByLabel("Make a page a template"));
    await page.keyboard.type("Soup");
    await tabTo(page, page.getByRole("button", { name: "Make template" }));
    await page.keyboard.press("Enter");
    const templates = page.getByRole("list", { name: "Templates" });
    await templates.getByRole("button", { name: "Remove Soup base" }).waitFor();
    const read = async () => (await q.admin("GET", `${prefix}/data_sources/${sourceId}/templates`)).body.results as any[];
    assert.deepEqual((await read()).map((t) => [t.id, t.is_default]), [[rows["Soup base"], false]]);
    await tabTo(page, templates.getByRole("button", { name: "Make Soup base the default" }), { back: true });
    await page.keyboard.press("Enter");
    await templates.getByText("· default").waitFor();
    assert.deepEqual((await read()).map((t) => [t.id, t.is_default]), [[rows["Soup base"], true]]);
    assert.deepEqual(await axeViolations(page), []);
    await tabTo(page, templates.getByRole("button", { name: "Remove Soup base" }));
    await page.keyboard.press("Enter");
    await page.getByText("No templates yet.").waitFor();
    assert.deepEqual(await read(), []);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test("keyboard only: the workspace renamed; the toolkit's snapshot saved, clock frozen and back, rate limit set, a fault added and removed; a failed webhook delivery redelivered from its log", { skip, timeout: 300_000 }, async () => {
  const { context, page, errors } = await signedInPage(browser, q);
  try {
    const workspace = new URL(page.url()).pathname.split("/")[2];
    const prefix = `/_quire/v1/workspaces/${workspace}`;
    await page.goto(`${q.url}/w/${workspace}/console/workspace`);
    await page.getByRole("heading", { level: 1, name: "Workspace" }).waitFor();

    // The workspace's name and time zone: typed over, saved by Enter.
    const wsName = page.getByLabel("Workspace name");
    await tabTo(page, wsName);
    await page.keyboard.press("Control+a");
    await page.keyboard.type("Keys Inc");
    await tabTo(page, page.getByLabel("Time zone"));
    await page.keyboard.press("Control+a");
    await page.keyboard.type("Europe/Paris");
    await page.keyboard.press("Escape");
    await page.keyboard.press("Enter");
    await page.getByRole("status").filter({ hasText: "Saved." }).waitFor();
    const ws = (await q.admin("GET", `${prefix}/workspace`)).body;
    assert.equal(ws.name, "Keys Inc");
    assert.equal(ws.time_zone, "Europe/Paris");
    assert.deepEqual(await axeViolations(page), []);

    // The toolkit: a snapshot saved.
    await openTab(page, "Toolkit");
    await tabTo(page, page.getByLabel("Snapshot name"));
    await page.keyboard.type("keys-before");
    await page.keyboard.press("Enter");
    await page.getByRole("list", { name: "Snapshots" }).getByText("keys-before", { exact: true }).waitFor();
    assert.ok((await q.admin("GET", "/_quire/v1/snapshots")).body.results.some((s: any) => s.name === "keys-before"));
    // The clock frozen (its checked radio is the group's Tab stop), then the system's again by ↑.
    const frozen = page.getByRole("radio", { name: "Frozen" });
    await tabTo(page, frozen);
    assert.ok(await frozen.isChecked());
    await tabTo(page, page.getByRole("button", { name: "Set clock" }));
    await page.keyboard.press("Enter");
    await waitUntil("the clock frozen", async () => (await q.admin("GET", "/_quire/v1/clock")).body.frozen === true);
    await tabTo(page, frozen, { back: true });
    await page.keyboard.press("ArrowUp");
    assert.ok(await page.getByRole("radio", { name: "The system's time" }).isChecked());
    await tabTo(page, page.getByRole("button", { name: "Set clock" }));
    await page.keyboard.press("Enter");
    await waitUntil("the clock the system's", async () => (await q.admin("GET", "/_quire/v1/clock")).body.system === true);
    // A rate limit: "custom" typed on its list box, 600 a minute, saved; then the default again.
    const limit = page.getByLabel("Limit", { exact: true });
    await tabTo(page, limit);
    const before = (await q.admin("GET", "/_quire/v1/rate_limit")).body;
    await page.keyboard.type("Requests");
    await tabTo(page, page.getByLabel("Requests per minute"));
    await page.keyboard.press("Control+a");
    await page.keyboard.type("600");
    await page.keyboard.press("Enter");
    await waitUntil("the rate limit set", async () => (await q.admin("GET", "/_quire/v1/rate_limit")).body.limit === "600/min");
    await q.admin("PUT", "/_quire/v1/rate_limit", { limit: before.limit });
    // A fault for GET /v1/users/me, added by Enter, then removed.
    const fault = page.getByRole("form", { name: "New fault" });
    await tabTo(page, fault.getByLabel("Method"));
    await page.keyboard.type("GET");
    await tabTo(page, fault.getByLabel(/^Path/));
    await page.keyboard.type("/v1/users/me");
    await tabTo(page, fault.getByLabel("Error"));
    await page.keyboard.type("503");
    await tabTo(page, fault.getByRole("button", { name: "Add fault" }));
    await page.keyboard.press("Enter");
    const faults = page.getByRole("list", { name: "Faults" });
    await faults.getByText("GET /v1/users/me").waitFor();
    await assert.rejects(q.client().users.me({}), (e: unknown) => e instanceof APIResponseError && e.status === 503);
    assert.deepEqual(await axeViolations(page), []);
    await tabTo(page, faults.getByRole("button"));
    await page.keyboard.press("Enter");
    await faults.getByText("GET /v1/users/me").waitFor({ state: "detached" });
    assert.deepEqual((await q.admin("GET", "/_quire/v1/faults")).body.results, []);
    assert.equal(((await q.client().users.me({})) as { type: string }).type, "bot");

    // A webhook whose receiver fails the first delivery (500) and takes the next (200).
    const hook = await new Receiver(inTurn([500, 200])).start();
    receivers.push(hook);
    const integ = await q.integration("Keyboard hooks", ["read_content", "update_content", "insert_content"], [q.rootPageId]);
    const sub = await q.admin("POST", `${prefix}/integrations/${integ.id}/webhooks`, { url: hook.url, event_types: ["page.created"], api_version: "2025-09-03", auto_verify: true });
    assert.equal(sub.status, 200, JSON.stringify(sub.body));
    await q.client().pages.create({ parent: { page_id: q.rootPageId }, properties: { title: { title: [{ text: { content: "Hooked by keys" } }] } } });
    await hook.count(1);
    await page.goto(`${q.url}/w/${workspace}/console/integrations/${integ.id}`);
    const group = page.getByRole("group", { name: `Webhook ${hook.url}` });
    const logButton = group.getByRole("button", { name: "Delivery log" });
    await tabTo(page, logButton, { max: 80 });
    await page.keyboard.press("Enter");
    assert.equal(await logButton.getAttribute("aria-expanded"), "true");
    const delivery = group.getByRole("listitem").filter({ hasText: "page.created" });
    const summary = delivery.locator("summary").first();
    await summary.filter({ hasText: "· 500" }).waitFor().catch(async (e) => {
      throw new Error(`no failed delivery shown: ${await group.innerText()} (log: ${JSON.stringify((await q.admin("GET", `${prefix}/webhooks/${sub.body.id}/deliveries`)).body)})`, { cause: e });
    });
    // Its attempts: the summary opened by Enter.
    await tabTo(page, summary);
    await page.keyboard.press("Enter");
    await delivery.getByText("Attempt 1: 500").waitFor();
    await tabTo(page, delivery.getByRole("button", { name: "Redeliver page.created" }));
    await page.keyboard.press("Enter");
    await hook.count(2);
    assert.equal(hook.received[1].json.id, hook.received[0].json.id, "the same event sent again");
    await summary.filter({ hasText: "delivered" }).filter({ hasText: "· 200" }).waitFor();
    const log = (await q.admin("GET", `${prefix}/webhooks/${sub.body.id}/deliveries`)).body.results;
    assert.equal(log[0].attempt_count, 2);
    assert.equal(log[0].status, "delivered");
    assert.deepEqual(await axeViolations(page), []);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});
