/**
 * Three Quire processes on one PostgreSQL database are one Quire (issue 11): a burst of writes
 * spread over them through the SDK — pages, appends to one page, database rows numbered by
 * unique_id — then every node reads the same state; and `kill -9` of one node in the middle of a
 * burst loses no write it acknowledged while the other two keep answering. Work one node owns
 * (an external_url import, an allow_async task) reads as running through the others and is left
 * alone by a node starting meanwhile; once its node is killed, another fails it, once.
 * PostgreSQL pass only.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { Client, collectPaginatedAPI } from "@notionhq/client";
import { startServerProcess, type ServerProcess } from "./helpers/child.js";
import { freshDatabase } from "./helpers/pg.js";
import { onPostgres, testSecretKey } from "./helpers/store.js";
import { SLOW_BODY, api, createImport, slowFiles, until, uploadOf, type SlowFiles } from "./helpers/nodes.js";

const skip = onPostgres ? false : "PostgreSQL pass only: nodes share a PostgreSQL database";
const rt = (content: string) => [{ type: "text" as const, text: { content } }];

interface Node {
  process: ServerProcess;
  sdk: Client;
}

/** Every child of a block, as ids, through one node. */
async function childIds(n: Node, id: string): Promise<string[]> {
  return (await collectPaginatedAPI(n.sdk.blocks.children.list, { block_id: id, page_size: 37 })).map((b) => b.id);
}

/** The plain text of each paragraph under a block. */
async function paragraphs(n: Node, id: string): Promise<string[]> {
  const blocks = await collectPaginatedAPI(n.sdk.blocks.children.list, { block_id: id });
  return blocks.map((b) => ("paragraph" in b ? b.paragraph.rich_text.map((t) => t.plain_text).join("") : ""));
}

describe("three Quire processes on one PostgreSQL", { skip, timeout: 180_000 }, () => {
  let db: { url: string; drop(): Promise<void> };
  let dir: string;
  let nodes: Node[] = [];
  let parent: string;

  const start = async (i: number): Promise<Node> => {
    // Every node of a deployment is given the same secret key, so each shows the dev token the first sealed (src/secret-key.ts).
    const p = await startServerProcess(["--port", "0", "--data", join(dir, `n${i}`), "--quiet", "--database-url", db.url, "--allow-private-file-urls"], { QUIRE_SECRET_KEY: testSecretKey(db.url) });
    return { process: p, sdk: new Client({ auth: p.token, baseUrl: p.url, retry: false } as ConstructorParameters<typeof Client>[0]) };
  };

  before(async () => {
    db = await freshDatabase();
    dir = mkdtempSync(join(tmpdir(), "quire-nodes-"));
    nodes = await Promise.all([0, 1, 2].map(start));
    parent = (/Start page:\s+(\S+)/.exec(nodes[0].process.output()) ?? [])[1]!;
    assert.ok(parent, nodes[0].process.output());
  });

  after(async () => {
    await Promise.all(nodes.map((n) => n.process.stop().catch(() => null)));
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  test("a burst spread over three nodes: pages and appends all land, every node reads the same state", async () => {
    const log = await nodes[0].sdk.pages.create({ parent: { page_id: parent }, properties: { title: { title: rt("Burst log") } } });
    const creates = Array.from({ length: 45 }, (_, i) =>
      nodes[i % 3].sdk.pages.create({ parent: { page_id: log.id }, properties: { title: { title: rt(`Burst page ${i}`) } } }),
    );
    const appends = Array.from({ length: 30 }, (_, i) =>
      nodes[(i + 1) % 3].sdk.blocks.children.append({ block_id: log.id, children: [{ paragraph: { rich_text: rt(`line ${i}`) } }] }),
    );
    const made = await Promise.all(creates);
    await Promise.all(appends);
    const seen = await Promise.all(nodes.map((n) => childIds(n, log.id)));
    assert.equal(seen[0].length, 75);
    for (const s of seen) assert.deepEqual(s, seen[0], "every node lists the same children in the same order");
    for (const p of made) assert.ok(seen[0].includes(p.id));
    const lines = (await paragraphs(nodes[2], log.id)).filter((t) => t.startsWith("line "));
    assert.deepEqual([...lines].sort(), Array.from({ length: 30 }, (_, i) => `line ${i}`).sort(), "each append once");
  });

  test("the title index answers the same on every node", async () => {
    const answers: string[][] = [];
    for (const n of nodes) {
      const found = await collectPaginatedAPI(n.sdk.search, { query: "burst page", filter: { property: "object", value: "page" } });
      answers.push(found.map((r) => r.id));
    }
    // The 45 burst pages and "Burst log" (a title with any of the query's words matches: docs/design/search.md).
    assert.equal(answers[0].length, 46);
    for (const a of answers) assert.deepEqual(a, answers[0], "same results in the same order");
  });

  test("rows created through every node get distinct unique_ids, one after another", async () => {
    const created = await nodes[1].sdk.databases.create({
      parent: { page_id: parent },
      title: rt("Tickets"),
      initial_data_source: { properties: { Name: { title: {} }, Ticket: { unique_id: { prefix: "T" } } } },
    } as unknown as Parameters<Client["databases"]["create"]>[0]);
    const ds = (created as { data_sources: { id: string }[] }).data_sources[0].id;
    const rows = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        nodes[i % 3].sdk.pages.create({ parent: { data_source_id: ds }, properties: { Name: { title: rt(`Ticket ${i}`) } } } as Parameters<Client["pages"]["create"]>[0]),
      ),
    );
    const numbers = rows.map((r) => ((r as { properties: Record<string, { unique_id?: { number: number } }> }).properties.Ticket.unique_id!.number));
    assert.deepEqual([...numbers].sort((a, b) => a - b), Array.from({ length: 30 }, (_, i) => i + 1));
    for (const n of nodes) {
      const all = await collectPaginatedAPI(n.sdk.dataSources.query, { data_source_id: ds });
      assert.equal(all.length, 30);
    }
  });

  test("kill -9 of one node mid-burst: no acknowledged write is lost, the other two keep serving", async () => {
    const page = await nodes[0].sdk.pages.create({ parent: { page_id: parent }, properties: { title: { title: rt("Kill log") } } });
    const acked: { node: number; id: string }[] = [];
    const failed: { node: number; error: string }[] = [];
    let killed = false;
    const write = async (i: number) => {
      const k = i % 3;
      try {
        const made = await nodes[k].sdk.pages.create({ parent: { page_id: page.id }, properties: { title: { title: rt(`Kill page ${i}`) } } });
        acked.push({ node: k, id: made.id });
        if (!killed && acked.length >= 20) {
          killed = true;
          nodes[2].process.child.kill("SIGKILL");
        }
      } catch (e) {
        failed.push({ node: k, error: (e as Error).message });
      }
    };
    // Waves of concurrent writes, so some to node 2 are in flight when it dies.
    for (let wave = 0; wave < 10; wave++) await Promise.all(Array.from({ length: 9 }, (_, j) => write(wave * 9 + j)));
    assert.ok(killed, "the node was killed mid-burst");
    assert.deepEqual(failed.filter((f) => f.node !== 2), [], "the other nodes answered every request");
    assert.ok(failed.length > 0, "requests to the killed node failed");
    for (const n of [nodes[0], nodes[1]]) {
      const ids = new Set(await childIds(n, page.id));
      const lost = acked.filter((a) => !ids.has(a.id));
      assert.deepEqual(lost, [], "every acknowledged page is there");
    }
    nodes[2] = await start(2); // a restart on the same database serves the same state
    assert.deepEqual(new Set(await childIds(nodes[2], page.id)), new Set(await childIds(nodes[0], page.id)));
  });

  describe("work one node owns", () => {
    let files: SlowFiles;
    let sql: pg.Client;
    before(async () => {
      files = await slowFiles();
      sql = new pg.Client({ connectionString: db.url });
      await sql.connect();
    });
    after(async () => {
      await files?.close();
      await sql?.end();
    });

    /** Waits until the node that owns a row of `table` has lost its liveness lock (PostgreSQL noticed its death). */
    const ownerGone = async (table: "file_uploads" | "async_tasks", id: string) => {
      const node = (await sql.query(`SELECT node FROM ${table} WHERE id = $1`, [id])).rows[0].node as string;
      assert.ok(node, "the work records its node");
      const held = `SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND objsubid = 2 AND objid = hashtext($1)::oid AND granted`;
      await until(async () => (await sql.query(held, [node])).rows[0].n, (n) => n === 0);
    };

    test("an import running on one node reads pending through the others, and a node started meanwhile leaves it alone", async () => {
      const held = files.hold("slow.txt");
      const up = await createImport(nodes[0], `${files.url}/slow.txt`);
      await held.started;
      for (const n of [nodes[1], nodes[2], nodes[0]]) assert.equal((await uploadOf(n, up.id)).status, "pending", "running on node 0: pending everywhere");
      const late = await start(3);
      try {
        assert.equal((await uploadOf(late, up.id)).status, "pending", "a start does not fail another node's import");
        assert.equal((await uploadOf(nodes[1], up.id)).status, "pending");
      } finally {
        await late.process.stop();
      }
      held.finish();
      const done = await until(() => uploadOf(nodes[1], up.id), (u) => u.status !== "pending");
      assert.equal(done.status, "uploaded", JSON.stringify(done));
      assert.equal(done.content_length, SLOW_BODY.length);
    });

    test("kill -9 of the node importing: another node fails the import, once, in Notion's shape", async () => {
      const doomed = await start(4);
      const held = files.hold("doomed.txt");
      const up = await createImport(doomed, `${files.url}/doomed.txt`);
      await held.started;
      assert.equal((await uploadOf(nodes[1], up.id)).status, "pending");
      doomed.process.child.kill("SIGKILL");
      await new Promise((r) => doomed.process.child.once("exit", r));
      await ownerGone("file_uploads", up.id);
      // Two nodes notice at once; the second reads what the first recorded.
      const [a, b] = await Promise.all([uploadOf(nodes[0], up.id), uploadOf(nodes[1], up.id)]);
      assert.equal(a.status, "failed", JSON.stringify(a));
      assert.deepEqual(b, a, "failed once: both nodes answer the same record");
      assert.deepEqual(a.file_import_result.error, { type: "download_error", code: "download_failed", message: "The file could not be downloaded.", parameter: null, status_code: null });
      assert.match(a.file_import_result.imported_time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000\+00:00$/);
      held.finish();
      assert.deepEqual(await uploadOf(nodes[2], up.id), a, "and stays failed");
    });

    test("an allow_async task running on one node reads queued through the others; kill -9 of that node → failed once, in Notion's shape", async () => {
      const target = await nodes[0].sdk.pages.create({ parent: { page_id: parent }, properties: { title: { title: rt("Async target") } } });
      // Stall the task mid-run: hold the page's row, which the task's write needs (the request's own write does not).
      const blocker = new pg.Client({ connectionString: db.url });
      await blocker.connect();
      try {
        await blocker.query("BEGIN");
        await blocker.query("SELECT 1 FROM nodes WHERE id = $1 FOR UPDATE", [target.id]);
        const owner = await start(5);
        const started = await api(owner, "PATCH", `/v1/pages/${target.id}/markdown`, { allow_async: true, type: "insert_content", insert_content: { content: "Written by a task." } });
        assert.equal(started.status, 202, JSON.stringify(started.body));
        const taskId = started.body.id as string;
        await until(async () => (await blocker.query("SELECT count(*)::int AS n FROM pg_locks WHERE NOT granted")).rows[0].n, (n) => n > 0);
        for (const n of [nodes[1], nodes[2], owner]) {
          const seen = await api(n, "GET", `/v1/async_tasks/${taskId}`);
          assert.equal(seen.body.status, "queued", `running on its node: not failed through any (${JSON.stringify(seen.body)})`);
        }
        owner.process.child.kill("SIGKILL");
        await new Promise((r) => owner.process.child.once("exit", r));
        await ownerGone("async_tasks", taskId);
        // The dead node's statement waits on the row until PostgreSQL notices its client is gone;
        // the nodes that noticed its death wait for its workspace lock, then fail the task.
        const reads = Promise.all([api(nodes[1], "GET", `/v1/async_tasks/${taskId}`), api(nodes[2], "GET", `/v1/async_tasks/${taskId}`)]);
        await new Promise((r) => setTimeout(r, 200));
        await blocker.query("ROLLBACK");
        const [b, c] = await reads;
        assert.equal(b.status, 200);
        assert.equal(b.body.status, "failed", JSON.stringify(b.body));
        assert.deepEqual(b.body.error, { object: "error", status: 500, code: "internal_server_error", message: "Unexpected error occurred." } as never);
        assert.deepEqual(Object.keys(b.body), ["object", "id", "status", "status_url", "created_time", "operation", "error", "request_id"]);
        const same = ({ request_id: _r, status_url: _u, ...rest }: Record<string, unknown>) => rest;
        assert.deepEqual(same(c.body), same(b.body), "failed once: both nodes answer the same record");
        assert.equal((await api(nodes[0], "GET", `/v1/async_tasks/${taskId}`)).body.status, "failed");
        const md = await api(nodes[0], "GET", `/v1/pages/${target.id}/markdown`);
        assert.doesNotMatch(String(md.body.markdown), /Written by a task/, "nothing of the dead node's task landed");
      } finally {
        await blocker.query("ROLLBACK").catch(() => undefined);
        await blocker.end();
      }
    });
  });
});
