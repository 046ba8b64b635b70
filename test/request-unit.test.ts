/**
 * A GET request looks its token up in the unit its verb's first read joins
 * (src/http/request-unit.ts): the unit must end whatever the request does — fail validation, be
 * refused, read twice, write — and the token must still be checked against the stored state on
 * every request, on every node sharing the database.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { outcome } from "./helpers/api.js";
import { rt, startTestQuire, type TestQuire } from "./helpers/quire.js";
import { freshDatabase } from "./helpers/pg.js";
import { onPostgres } from "./helpers/store.js";


describe("a GET request's unit", () => {
  let q: TestQuire;
  let page: string;
  before(async () => {
    q = await startTestQuire();
    page = (await q.client().pages.create({ parent: { page_id: q.rootPageId }, properties: { title: { title: rt("Unit") } } })).id;
  });
  after(async () => q.close());

  test("ends when the route refuses the request before its verb runs", async () => {
    for (let i = 0; i < 3; i++) {
      const bad = await q.raw("GET", "/v1/pages/not-a-uuid");
      assert.equal(bad.status, 400);
      assert.equal(bad.body.code, "validation_error");
    }
    // A unit left open would hold the store (SQLite's mutex, a PostgreSQL connection): this read would wait.
    assert.equal((await q.client().pages.retrieve({ page_id: page })).id, page);
  });

  test("ends when the verb refuses (404 for what is not shared) and when the token is unknown", async () => {
    const outsider = await q.integration("Outsider");
    assert.equal(await outcome(q.client({ auth: outsider.token }).pages.retrieve({ page_id: page })), "404 object_not_found");
    assert.equal((await q.raw("GET", `/v1/pages/${page}`, { auth: "secret_unknown" })).status, 401);
    assert.equal((await q.client().pages.retrieve({ page_id: page })).id, page);
  });

  test("HEAD is answered and leaves the store usable", async () => {
    const head = await q.raw("HEAD", `/v1/pages/${page}`);
    assert.equal(head.status, 200);
    assert.equal((await q.client().blocks.retrieve({ block_id: page })).id, page);
  });

  test("reads many times over: concurrent GETs and writes all answer, each GET sees the writes acknowledged before it", async () => {
    const client = q.client();
    const titles = Array.from({ length: 12 }, (_, i) => `Title ${i}`);
    const work: Promise<unknown>[] = [];
    for (const t of titles) {
      work.push(client.pages.retrieve({ page_id: page }));
      work.push(client.blocks.children.list({ block_id: page }));
      work.push(client.pages.update({ page_id: page, properties: { title: { title: rt(t) } } }));
    }
    await Promise.all(work);
    await client.pages.update({ page_id: page, properties: { title: { title: rt("Final") } } });
    const got = await client.pages.retrieve({ page_id: page });
    assert.ok("properties" in got);
    const title = got.properties.title;
    assert.equal(title.type === "title" ? title.title.map((x) => x.plain_text).join("") : null, "Final");
  });
});

describe("a token revoked through one node", { skip: onPostgres ? false : "PostgreSQL pass only: two servers share one database" }, () => {
  let db: { url: string; drop(): Promise<void> };
  let a: TestQuire;
  let b: TestQuire;
  before(async () => {
    db = await freshDatabase();
    a = await startTestQuire({ databaseUrl: db.url });
    b = await startTestQuire({ databaseUrl: db.url });
  });
  after(async () => {
    await b?.close();
    await a?.close();
    await db?.drop();
  });

  test("is refused at once by the other, on GET (one unit) as on POST", async () => {
    const created = await a.integration("Revoked", undefined, [a.rootPageId]);
    const onB = b.client({ auth: created.token });
    assert.equal((await onB.pages.retrieve({ page_id: a.rootPageId })).id, a.rootPageId);
    assert.equal((await a.admin("DELETE", `/_quire/v1/integrations/${created.id}`)).status, 200);
    assert.equal(await outcome(onB.pages.retrieve({ page_id: a.rootPageId })), "401 unauthorized");
    assert.equal(await outcome(onB.search({})), "401 unauthorized");
  });

  test("a rotated token: the old one refused and the new one accepted by the other node at once", async () => {
    const created = await a.integration("Rotated", undefined, [a.rootPageId]);
    const old = b.client({ auth: created.token });
    assert.equal((await old.pages.retrieve({ page_id: a.rootPageId })).id, a.rootPageId);
    const rotated = await a.admin("PATCH", `/_quire/v1/integrations/${created.id}`, { rotate_token: true });
    assert.equal(rotated.status, 200, JSON.stringify(rotated.body));
    assert.equal(await outcome(old.pages.retrieve({ page_id: a.rootPageId })), "401 unauthorized");
    assert.equal((await b.client({ auth: rotated.body.token }).pages.retrieve({ page_id: a.rootPageId })).id, a.rootPageId);
  });
});
