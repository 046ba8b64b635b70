/**
 * Public integrations' OAuth through `@notionhq/client`'s `oauth.*` unchanged: the registry, the
 * code exchange, refresh, introspection, revocation, and every error (docs/design/oauth.md).
 */
import { test, before, describe } from "node:test";
import assert from "node:assert/strict";
import { APIResponseError, UnknownHTTPResponseError } from "@notionhq/client";
import { startTestQuire, type TestQuire } from "./helpers/quire.js";
import { FrozenClock } from "../src/domain/clock.js";
import { REDIRECT, basic, grant, ok, personWithPage, post, registerPublic, sdk } from "./helpers/oauth.js";

const START = Date.UTC(2026, 0, 5, 12, 0, 0);
let q: TestQuire;
const clock = new FrozenClock(START);

before(async () => {
  q = await startTestQuire({ clock });
});

describe("exchange", () => {
  test("a granted code becomes an installation's tokens; the token reads what was picked", async () => {
    const app = await registerPublic(q);
    const { user, page_id } = await personWithPage(q);
    const { code, redirect } = await grant(q, { client_id: app.client_id, user_id: user.id, page_ids: [page_id], state: "xyz" });
    const url = new URL(redirect);
    assert.equal(url.origin + url.pathname, REDIRECT);
    assert.equal(url.searchParams.get("code"), code);
    assert.equal(url.searchParams.get("state"), "xyz");
    const token = await sdk(q).oauth.token({ grant_type: "authorization_code", code, client_id: app.client_id, client_secret: app.client_secret });
    assert.equal(token.token_type, "bearer");
    assert.match(token.access_token, /^ntn_/);
    assert.match(token.refresh_token!, /^nrt_/);
    assert.equal(token.owner.type, "user");
    const bot = sdk(q, token.access_token);
    const page = await bot.pages.retrieve({ page_id });
    assert.equal(page.id, page_id);
    const me = await bot.users.me({});
    assert.equal(me.id, token.bot_id);
  });
});
