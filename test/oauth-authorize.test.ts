/**
 * The OAuth consent page over plain HTTP (a browser without JavaScript: test/helpers/signin.ts's
 * FormClient), on the pass's store: the error page and the RFC 6749 error redirects, sign-in
 * first and back, the page's headers, CSRF and Origin, the page picker (full access only, the
 * tree, search, paging, workspaces), Allow and Cancel, a guest, a template — and the code it
 * gives exchanged with `@notionhq/client`'s `oauth.token` for a token that reads exactly the pages
 * picked. The same flow in Chromium is test/oauth-consent-browser.test.ts.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { startTestQuire, type TestQuire } from "./helpers/quire.js";
import { FormClient } from "./helpers/signin.js";
import { authorizePath, consentWorld, formFields, ok, oauthClient, PASSWORD, publicIntegration, startReceiver, type ConsentWorld, type PublicIntegration, type Receiver } from "./helpers/oauth-consent.js";

let q: TestQuire;
let receiver: Receiver;
let app: PublicIntegration;
let world: ConsentWorld;

before(async () => {
  q = await startTestQuire();
  receiver = await startReceiver();
  app = await publicIntegration(q, receiver.url);
  world = await consentWorld(q, 30, 27);
});
after(async () => {
  await receiver?.close();
  await q?.close();
});

/** A signed-in person's browser (no JavaScript). */
async function signedIn(email = world.email): Promise<FormClient> {
  const c = new FormClient(q.url);
  const r = await c.signIn(email, PASSWORD);
  assert.equal(r.status, 303, r.text);
  return c;
}

/** The consent page for `path`, and its form's fields. */
async function consent(c: FormClient, path = authorizePath(app.client_id, receiver.url, { state: "s-1" })) {
  const r = await c.get(path);
  assert.equal(r.status, 200, r.text.slice(0, 500));
  return { page: r, fields: formFields(r.text) };
}

/** Posts the form with `fields` and the button `action` pressed. */
function press(c: FormClient, fields: Record<string, string>, action: string) {
  return c.post("/v1/oauth/authorize", { ...fields, action }, { origin: q.url });
}

function assertPageHeaders(h: Headers) {
  assert.match(h.get("content-type")!, /^text\/html; charset=utf-8/);
  assert.equal(h.get("x-frame-options"), "DENY");
  assert.match(h.get("content-security-policy")!, /frame-ancestors 'none'/);
  assert.equal(h.get("cache-control"), "no-store");
  // same-origin, not no-referrer: with no-referrer the browser's form post says `Origin: null` (src/routes/oauth-authorize.ts).
  assert.equal(h.get("referrer-policy"), "same-origin");
}

describe("the error page: never a redirect", () => {
  const cases: [string, () => string, RegExp][] = [
    ["an unknown client_id", () => authorizePath(randomUUID(), receiver.url), /unknown client_id/],
    ["no client_id", () => "/v1/oauth/authorize?response_type=code&owner=user", /missing client_id/],
    ["a redirect_uri not registered", () => authorizePath(app.client_id, "https://evil.example/callback"), /not one of this integration&#39;s registered redirect URIs/],
    ["a registered redirect_uri with something added", () => authorizePath(app.client_id, `${receiver.url}/more`), /not one of this integration&#39;s registered redirect URIs/],
    ["client_id given twice", () => `${authorizePath(app.client_id, receiver.url)}&client_id=${app.client_id}`, /client_id was given more than once/],
  ];
  for (const [what, path, message] of cases)
    test(`${what}: 400, an HTML page saying so, nothing sent to the redirect URI`, async () => {
      const before = receiver.hits.length;
      for (const c of [new FormClient(q.url), await signedIn()]) {
        const r = await c.get(path());
        assert.equal(r.status, 400);
        assert.equal(r.headers.get("location"), null);
        assertPageHeaders(r.headers);
        assert.match(r.text, message);
        assert.match(r.text, /<h1>This link to connect an integration is not valid<\/h1>/);
      }
      assert.equal(receiver.hits.length, before);
    });
});

describe("errors sent back to a valid redirect URI (RFC 6749 §4.1.2.1)", () => {
  const cases: [string, Record<string, string>, string][] = [
    ["response_type=token", { response_type: "token" }, "unsupported_response_type"],
    ["owner=workspace", { owner: "workspace" }, "invalid_request"],
    ["code_challenge_method=plain", { code_challenge: "a".repeat(43), code_challenge_method: "plain" }, "invalid_request"],
  ];
  for (const [what, extra, error] of cases)
    test(`${what}: 303 to the redirect URI with error=${error} and the state`, async () => {
      const r = await new FormClient(q.url).get(authorizePath(app.client_id, receiver.url, { state: "st-9", ...extra }));
      assert.equal(r.status, 303);
      const to = new URL(r.headers.get("location")!);
      assert.equal(`${to.origin}${to.pathname}`, receiver.url);
      assert.equal(to.searchParams.get("error"), error);
      assert.equal(to.searchParams.get("state"), "st-9");
      assert.ok(to.searchParams.get("error_description"));
      assert.equal(to.searchParams.get("code"), null);
    });
});

test("not signed in: to /login and, once signed in, back to the same authorize URL", async () => {
  const path = authorizePath(app.client_id, receiver.url, { state: "back-here" });
  const c = new FormClient(q.url);
  const r = await c.get(path);
  assert.equal(r.status, 303);
  const login = new URL(r.headers.get("location")!, q.url);
  assert.equal(login.pathname, "/login");
  assert.equal(login.searchParams.get("next"), path);
  const signedIn = await c.signIn(world.email, PASSWORD, { next: path });
  assert.equal(signedIn.status, 303);
  assert.equal(signedIn.headers.get("location"), path);
  const page = await c.get(path);
  assert.equal(page.status, 200);
  assert.match(page.text, /Acme Sync wants to connect to your Quire workspace/);
});

test("the consent page: the integration, its capabilities in words, the person, the workspaces they are a member of; framing, caching and referrer refused", async () => {
  const c = await signedIn();
  const { page, fields } = await consent(c);
  assertPageHeaders(page.headers);
  assert.match(page.headers.get("content-security-policy")!, new RegExp(`form-action 'self' ${new URL(receiver.url).origin.replace(/\./g, "\\.")}`));
  assert.match(page.text, /Read content of the pages you select/);
  assert.match(page.text, /Insert content into the pages you select/);
  assert.match(page.text, /Read user information, including email addresses/);
  assert.doesNotMatch(page.text, /Update content/);
  assert.match(page.text, new RegExp(`Signed in as <strong id="signed-in-as">Ada Lovelace \\(${world.email.replace(/\./g, "\\.")}\\)`));
  assert.match(page.text, /<option value="[^"]+" selected>Quire<\/option><option value="[^"]+">Beta Corp<\/option>/);
  assert.equal(fields.client_id, app.client_id);
  assert.equal(fields.redirect_uri, receiver.url);
  assert.equal(fields.state, "s-1");
  assert.ok(fields.csrf_token);
  assert.doesNotMatch(page.text, /<script/i);
});

test("everything shown is escaped: an integration's name, a page's title, the state", async () => {
  const evil = await publicIntegration(q, receiver.url, { name: `<img src=x onerror=alert(1)> "Evil"` });
  await ok(q, "POST", "/_quire/v1/pages", { title: "<script>alert(2)</script>" });
  const c = await signedIn();
  const { page, fields } = await consent(c, authorizePath(evil.client_id, receiver.url, { state: `"><script>alert(3)</script>` }));
  assert.doesNotMatch(page.text, /<script|<img src=x/i);
  assert.match(page.text, /&lt;img src=x onerror=alert\(1\)&gt; &quot;Evil&quot; wants to connect/);
  assert.match(page.text, /&lt;script&gt;alert\(2\)&lt;\/script&gt;/);
  assert.equal(fields.state, `"><script>alert(3)</script>`, "the state travels intact");
  const r = await press(c, fields, "cancel");
  assert.equal(new URL(r.headers.get("location")!).searchParams.get("state"), `"><script>alert(3)</script>`);
});

describe("the form post", () => {
  test("without the CSRF token, with a wrong one, or from another origin: 403, nothing sent to the integration", async () => {
    const c = await signedIn();
    const { fields } = await consent(c);
    const before = receiver.hits.length;
    const { csrf_token: _t, ...without } = fields;
    for (const [body, headers] of [
      [{ ...without, action: "allow" }, { origin: q.url }],
      [{ ...fields, csrf_token: "x".repeat(43), action: "allow" }, { origin: q.url }],
      [{ ...fields, action: "allow" }, { origin: "https://evil.example" }],
      [{ ...fields, action: "cancel" }, { origin: "null" }],
    ] as const) {
      const r = await c.post("/v1/oauth/authorize", body as Record<string, string>, headers as Record<string, string>);
      assert.equal(r.status, 403);
      assert.equal(r.headers.get("location"), null);
      assert.match(r.text, /Request refused/);
    }
    assert.equal(receiver.hits.length, before);
  });

  test("the authorize parameters are validated again: a changed redirect_uri in the form is the error page", async () => {
    const c = await signedIn();
    const { fields } = await consent(c);
    const r = await press(c, { ...fields, redirect_uri: "https://evil.example/callback" }, "cancel");
    assert.equal(r.status, 400);
    assert.equal(r.headers.get("location"), null);
  });

  test("Cancel: 303 to the redirect URI with error=access_denied and the state", async () => {
    const c = await signedIn();
    const { fields } = await consent(c);
    const r = await press(c, fields, "cancel");
    assert.equal(r.status, 303);
    const to = new URL(r.headers.get("location")!);
    assert.deepEqual([...to.searchParams], [["error", "access_denied"], ["state", "s-1"]]);
    assert.equal(r.headers.get("referrer-policy"), "no-referrer");
  });

  test("Allow with no page picked: the page again with the message, no redirect", async () => {
    const c = await signedIn();
    const { fields } = await consent(c);
    const r = await press(c, fields, "allow");
    assert.equal(r.status, 400);
    assert.match(r.text, /role="alert" id="consent-error">Select at least one page to share, or cancel\./);
  });

  test("signed out meanwhile: back to sign-in, nothing granted", async () => {
    const c = await signedIn();
    const { fields } = await consent(c);
    c.jar.delete("quire_session");
    const r = await press(c, fields, "allow");
    assert.equal(r.status, 303);
    assert.match(r.headers.get("location")!, /^\/login\?next=%2Fv1%2Foauth%2Fauthorize%3F/);
  });
});

describe("the page picker", () => {
  /** The consent page switched to Beta Corp. */
  async function inBeta(c: FormClient) {
    const { fields } = await consent(c);
    const r = await press(c, { ...fields, workspace: world.beta }, "workspace");
    assert.equal(r.status, 200, r.text.slice(0, 300));
    return r;
  }

  test("the tree: where the person's access starts, by title, a checkbox only with full access, nothing they cannot see; children on demand", async () => {
    const c = await signedIn();
    const r = await inBeta(c);
    const p = world.pages;
    assert.match(r.text, new RegExp(`name="page:${p["Roadmap"]}"`));
    assert.match(r.text, new RegExp(`name="page:${p["Zeta Handbook"]}"`));
    assert.match(r.text, /Company policies<\/span> <span class="muted">\(no full access\)/, "a page Ada can view is shown, not pickable");
    assert.doesNotMatch(r.text, new RegExp(`name="page:${p["Company policies"]}"`));
    assert.doesNotMatch(r.text, /Board minutes/, "another person's private page is not shown");
    assert.doesNotMatch(r.text, /Q1 Goals/, "children wait until their page is opened");
    const opened = await press(c, formFields(r.text), `expand:${p["Roadmap"]}`);
    assert.match(opened.text, new RegExp(`name="page:${p["Q1 Goals"]}"[\\s\\S]*name="page:${p["Q2 Goals"]}"`), "children in their order on the page");
    const deeper = await press(c, formFields(opened.text), `expand:${p["Q1 Goals"]}`);
    assert.match(deeper.text, new RegExp(`name="page:${p["Launch checklist"]}"`));
    const closed = await press(c, formFields(deeper.text), `collapse:${p["Roadmap"]}`);
    assert.doesNotMatch(closed.text, /Q1 Goals/);
  });

  test("paging: 25 roots, then Show more", async () => {
    const c = await signedIn();
    const r = await inBeta(c);
    const notes = (html: string) => (html.match(/📄 Zz Note \d\d</g) ?? []).length;
    const roots = (html: string) => (html.match(/<li><input type="checkbox"|<li><span>/g) ?? []).length;
    assert.equal(roots(r.text), 25, "the first 25 by title");
    assert.ok(notes(r.text) > 0 && notes(r.text) < 30);
    assert.doesNotMatch(r.text, /Zz Note 30/, "last by title: on a later step");
    assert.match(r.text, /id="more-roots">Show more/);
    const more = await press(c, formFields(r.text), "more_roots");
    assert.equal(notes(more.text), 30);
    assert.doesNotMatch(more.text, /id="more-roots"/);
  });

  test("a page's sub-pages page too: 25 in their order, then Show more; closing forgets the wider list", async () => {
    const c = await signedIn();
    const r = await inBeta(c);
    const more = await press(c, formFields(r.text), "more_roots");
    const zeta = world.pages["Zeta Handbook"];
    const opened = await press(c, formFields(more.text), `expand:${zeta}`);
    const chapters = (html: string) => [...html.matchAll(/📄 (Chapter \d\d)</g)].map((m) => m[1]);
    assert.deepEqual(chapters(opened.text), Array.from({ length: 25 }, (_, i) => `Chapter ${String(i + 1).padStart(2, "0")}`));
    assert.match(opened.text, new RegExp(`id="more-${zeta}">Show more`));
    const wider = await press(c, formFields(opened.text), `more:${zeta}`);
    assert.equal(chapters(wider.text).length, 27);
    assert.doesNotMatch(wider.text, new RegExp(`id="more-${zeta}"`));
    const again = await press(c, formFields(await press(c, formFields(wider.text), `collapse:${zeta}`).then((x) => x.text)), `expand:${zeta}`);
    assert.equal(chapters(again.text).length, 25);
  });

  test("search: titles matching, full access only; ticks kept across searches; switching workspace drops them", async () => {
    const c = await signedIn();
    const r = await inBeta(c);
    const p = world.pages;
    const found = await press(c, { ...formFields(r.text), query: "launch" }, "search");
    assert.match(found.text, new RegExp(`id="results"[\\s\\S]*name="page:${p["Launch checklist"]}"`));
    const policies = await press(c, { ...formFields(found.text), query: "policies" }, "search");
    assert.match(policies.text, /id="no-results"/, "a page without full access is not a search result");
    const ticked = await press(c, { ...formFields(found.text), [`page:${p["Launch checklist"]}`]: "on", query: "handbook" }, "search");
    assert.match(ticked.text, new RegExp(`id="selected"[\\s\\S]*name="page:${p["Launch checklist"]}" id="selected-[^"]+" checked`), "the tick is kept in Selected");
    assert.match(ticked.text, new RegExp(`name="page:${p["Zeta Handbook"]}"`));
    const back = await press(c, { ...formFields(ticked.text), workspace: (/<option value="([^"]+)">Quire</.exec(ticked.text) ?? [])[1] }, "workspace");
    assert.match(back.text, /No pages selected yet/);
  });

  test("search results page too (25, then Show more); any text is searched as text, never an error", async () => {
    const c = await signedIn();
    const r = await inBeta(c);
    const found = await press(c, { ...formFields(r.text), query: "zz note" }, "search");
    assert.equal((found.text.match(/📄 Zz Note \d\d</g) ?? []).length, 25);
    const more = await press(c, formFields(found.text), "more_results");
    assert.equal((more.text.match(/📄 Zz Note \d\d</g) ?? []).length, 30);
    assert.doesNotMatch(more.text, /id="more-results"/);
    for (const query of ['"*) OR (', "NEAR(a b)", "%_\\", "🙂", "x".repeat(500)]) {
      const odd = await press(c, { ...formFields(r.text), query }, "search");
      assert.equal(odd.status, 200, query);
    }
  });

  test("Allow with a page the person cannot fully access (a forged tick): the page again naming it", async () => {
    const c = await signedIn();
    const r = await inBeta(c);
    const res = await press(c, { ...formFields(r.text), [`page:${world.pages["Company policies"]}`]: "on" }, "allow");
    assert.equal(res.status, 400);
    assert.match(res.text, /You need full access to “Company policies” to share it with an integration\./);
    const hidden = await press(c, { ...formFields(r.text), [`page:${world.pages["Board minutes"]}`]: "on" }, "allow");
    assert.equal(hidden.status, 400);
    assert.doesNotMatch(hidden.text, /Board minutes/, "a page the person cannot see is not named");
  });
});

test("Allow: a code and the state at the redirect URI; oauth.token exchanges it for a token that reads exactly the pages picked (and what is below them)", async () => {
  const c = await signedIn();
  const { fields } = await consent(c, authorizePath(app.client_id, receiver.url, { state: "xyz" }));
  const beta = formFields((await press(c, { ...fields, workspace: world.beta }, "workspace")).text);
  const p = world.pages;
  const r = await press(c, { ...beta, [`page:${p["Q1 Goals"]}`]: "on", [`page:${p["Zeta Handbook"]}`]: "on" }, "allow");
  assert.equal(r.status, 303, r.text.slice(0, 400));
  const to = new URL(r.headers.get("location")!);
  assert.equal(`${to.origin}${to.pathname}`, receiver.url);
  assert.equal(to.searchParams.get("state"), "xyz");
  const code = to.searchParams.get("code")!;
  assert.ok(code);
  const token = await oauthClient(q).oauth.token({ client_id: app.client_id, client_secret: app.client_secret, grant_type: "authorization_code", code, redirect_uri: receiver.url });
  assert.equal(token.workspace_id, world.beta);
  assert.equal(token.workspace_name, "Beta Corp");
  assert.equal(token.owner.type, "user");
  const notion = q.client({ auth: token.access_token });
  for (const id of [p["Q1 Goals"], p["Launch checklist"], p["Zeta Handbook"]]) assert.equal((await notion.pages.retrieve({ page_id: id })).id, id);
  for (const id of [p["Roadmap"], p["Q2 Goals"], p["Company policies"], p["Board minutes"]]) await assert.rejects(notion.pages.retrieve({ page_id: id }), { status: 404, code: "object_not_found" });
});

test("a guest everywhere: no workspace to install into, a clear message, no Allow; a forged Allow is refused", async () => {
  const email = `guest-${randomUUID().slice(0, 8)}@example.com`;
  const guest = await ok(q, "POST", "/_quire/v1/users", { name: "Gus", email, password: PASSWORD });
  await ok(q, "PATCH", `/_quire/v1/members/${guest.id}`, { role: "guest" });
  const c = await signedIn(email);
  const { page, fields } = await consent(c);
  assert.match(page.text, /role="alert" id="no-workspace">You are a guest in every workspace you belong to\./);
  assert.doesNotMatch(page.text, /id="allow"/);
  assert.match(page.text, /id="cancel"/);
  const forged = await press(c, { ...fields, workspace: q.workspaceId, shown_workspace: q.workspaceId, [`page:${q.rootPageId}`]: "on" }, "allow");
  assert.equal(forged.status, 403);
  assert.equal(forged.headers.get("location"), null);
});

test("an integration with a template: Use a template or Select pages; the template chosen, the code carries it", async () => {
  const template = await ok(q, "POST", "/_quire/v1/pages", { title: "Acme template" });
  const withTemplate = await publicIntegration(q, receiver.url, { name: "Acme Templates", template_page_id: template.id });
  const c = await signedIn();
  const { page, fields } = await consent(c, authorizePath(withTemplate.client_id, receiver.url, { state: "t" }));
  assert.match(page.text, /Use a template provided by the developer/);
  assert.match(page.text, /id="mode-pages" checked/);
  const chosen = await press(c, { ...fields, mode: "template" }, "mode");
  assert.match(chosen.text, /id="mode-template" checked/);
  assert.doesNotMatch(chosen.text, /Search pages/, "no page picker with the template chosen");
  const r = await press(c, formFields(chosen.text), "allow");
  assert.equal(r.status, 303, r.text.slice(0, 400));
  const code = new URL(r.headers.get("location")!).searchParams.get("code")!;
  const token = await oauthClient(q).oauth.token({ client_id: withTemplate.client_id, client_secret: withTemplate.client_secret, grant_type: "authorization_code", code, redirect_uri: receiver.url });
  assert.ok(token.duplicated_template_id, "the template was duplicated into the workspace");
});
