/**
 * The request log's entry on PostgreSQL, per answer (docs/PERFORMANCE.md, "The request log's cost
 * per answer on PostgreSQL"): for a 100-row query answer (~270 KB, synthetic pages shaped like
 * bench:query's), what one entry costs with the answer cut at 64 KiB (before) and 16 KiB (now),
 * stored in `toolkit_requests.entry` compressed (the default, pglz) or not (STORAGE EXTERNAL):
 * JavaScript CPU to redact, cut and JSON-encode the entry and to append it, the bytes sent per
 * entry, and the database backend's CPU per entry (/proc/<backend pid>/stat). A throwaway cluster
 * (test/helpers/pg.ts). The batch goes as before (one `json` array) or as now (one text split at
 * U+0001: storage/postgres/toolkit-shared.ts). `npx tsx bench/request-log-pg.ts [--entries 800]`
 */
import { readFileSync } from "node:fs";
import pg from "pg";
import { startCluster } from "../test/helpers/pg.js";
import { pgToolkitShared } from "../src/storage/postgres/toolkit-shared.js";
import { redactAnswer, redactBody } from "../src/http/request-capture.js";

const ENTRIES = Number(process.argv[process.argv.indexOf("--entries") + 1]) || 800;
const BATCH = 16; // a flush of 250 ms at ~64 query answers a second
const id = (i: number) => `${String(i).padStart(8, "0")}-dbc4-4e39-8572-5f911c5f9c50`;

/** A page as a data source query presents it: title, select, multi-select, date, people, number, checkbox, relation, text. */
function page(i: number) {
  const rt = (s: string) => [{ type: "text", text: { content: s, link: null }, annotations: { bold: false, italic: false, strikethrough: false, underline: false, code: false, color: "default" }, plain_text: s, href: null }];
  return {
    object: "page", id: id(i), created_time: "2026-11-02T10:00:00.000Z", last_edited_time: "2026-12-01T08:30:00.000Z",
    created_by: { object: "user", id: id(7) }, last_edited_by: { object: "user", id: id(7) }, cover: null, icon: null,
    parent: { type: "data_source_id", data_source_id: id(3), database_id: id(2) }, archived: false, in_trash: false, is_locked: false,
    properties: {
      Name: { id: "title", type: "title", title: rt(`Task ${i}: review the quarterly plan for team ${i % 17}`) },
      Status: { id: "a%3Cb", type: "select", select: { id: id(100 + (i % 4)), name: ["Open", "Doing", "Review", "Done"][i % 4], color: "blue" } },
      Tags: { id: "c%3Dd", type: "multi_select", multi_select: [{ id: id(200 + (i % 9)), name: `tag-${i % 9}`, color: "green" }, { id: id(210 + (i % 5)), name: `area-${i % 5}`, color: "red" }] },
      Due: { id: "e%3Ef", type: "date", date: { start: `2026-12-${String((i % 28) + 1).padStart(2, "0")}`, end: null, time_zone: null } },
      Assignee: { id: "g%3Fh", type: "people", people: [{ object: "user", id: id(300 + (i % 40)) }] },
      Estimate: { id: "i%3Aj", type: "number", number: (i * 37) % 100 },
      Done: { id: "k%3Bl", type: "checkbox", checkbox: i % 3 === 0 },
      Project: { id: "m%3Cn", type: "relation", relation: [{ id: id(400 + (i % 60)) }], has_more: false },
      Notes: { id: "o%3Dp", type: "rich_text", rich_text: rt(`Notes for task ${i} — follow up with the owner; ${"details ".repeat(i % 7)}`) },
    },
    url: `http://127.0.0.1:7474/Task-${i}-${id(i).replaceAll("-", "")}`, public_url: null,
  };
}

const answer = JSON.stringify({ object: "list", results: Array.from({ length: 100 }, (_, i) => page(i)), next_cursor: id(101), has_more: true, type: "page_or_data_source", page_or_data_source: {}, request_id: id(9) });
const request = JSON.stringify({ filter: { property: "Status", select: { equals: "Open" } }, sorts: [{ property: "Due", direction: "ascending" }], page_size: 100 });
const bytes = Buffer.byteLength(answer);

/** One entry's JSON text as request-capture.ts and requests-shared.ts make it, the answer cut at `cap`. */
function entryText(i: number, cap: 16 | 64): string {
  // Before: the answer cut like a request body (64 KiB, BODY_CHARS).
  const response_body = cap === 16 ? redactAnswer(answer, "/v1/data_sources/x/query", bytes) : redactBody(answer, "/v1/data_sources/x/query", false);
  return JSON.stringify({
    object: "request", id: id(i), time: new Date(i).toISOString(), method: "POST", path: "/v1/data_sources/x/query", route: "/v1/data_sources/:data_source_id/query", status: 200, duration_ms: 12.3,
    node: { id: "n1", url: "http://127.0.0.1:7474" }, integration: { id: "x", name: "Dev" }, user_id: "y", auth: "integration",
    headers: { notion_version: "2025-09-03", user_agent: "notionhq-client/5", content_type: "application/json" }, request_body: redactBody(request, "/v1/x", true), response_body,
  });
}

/** utime + stime of `pid`, in ms. */
function cpuMs(pid: number): number {
  const f = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return ((Number(f[11]) + Number(f[12])) * 1000) / 100;
}

const cluster = await startCluster();
try {
  const pool = new pg.Pool({ connectionString: cluster.url("postgres"), max: 1 });
  await pool.query(`CREATE UNLOGGED TABLE toolkit_requests (seq bigserial PRIMARY KEY, id text COLLATE "C" NOT NULL, entry text NOT NULL); CREATE INDEX toolkit_requests_id ON toolkit_requests (id)`);
  const [{ pid }] = (await pool.query<{ pid: number }>(`SELECT pg_backend_pid() AS pid`)).rows;
  const shared = pgToolkitShared(pool).requests!;
  // Before (h11-tail's format): the entries as one JSON array, split by json_array_elements.
  const json = async (entries: { id: string; entry: string }[], keep: number) => {
    await pool.query(
      `WITH ins AS (INSERT INTO toolkit_requests (id, entry) SELECT i.id, e.entry::text FROM unnest($1::text[]) WITH ORDINALITY AS i(id, n) JOIN json_array_elements($2::json) WITH ORDINALITY AS e(entry, n) USING (n) ORDER BY n RETURNING seq)
       DELETE FROM toolkit_requests WHERE seq <= (SELECT max(seq) FROM ins) - $3::bigint`,
      [entries.map((e) => e.id), `[${entries.map((e) => e.entry).join(",")}]`, keep],
    );
  };
  console.log(`answer: ${answer.length} characters, ${bytes} bytes; ${ENTRIES} entries in batches of ${BATCH}, the table kept to 1000`);
  console.log(`| answer kept | entry.storage, batch format | JS: redact + cut + JSON.stringify µs/entry | JS: append µs/entry | entry bytes | backend CPU ms/entry | stored bytes/entry |`);
  console.log(`| --- | --- | ---: | ---: | ---: | ---: | ---: |`);
  for (let round = 0; round < 2; round++) {
    for (const cap of [64, 16] as const) {
      for (const storage of ["EXTENDED (default: pglz), json", "EXTERNAL (uncompressed), json", "EXTENDED, text split", "EXTERNAL, text split"]) {
        await pool.query(`ALTER TABLE toolkit_requests ALTER COLUMN entry SET STORAGE ${storage.split(/[ ,]/)[0]}`);
        const append = storage.endsWith("split") ? shared.append.bind(shared) : json;
        await shared.clear();
        await pool.query(`VACUUM toolkit_requests`);
        let js = 0;
        let sent = 0;
        let appendMs = 0;
        let backend = 0;
        for (let b = 0; b < ENTRIES / BATCH; b++) {
          const j0 = process.cpuUsage();
          const batch = Array.from({ length: BATCH }, (_, k) => ({ id: id(b * BATCH + k), entry: entryText(b * BATCH + k, cap) }));
          const j = process.cpuUsage(j0);
          js += (j.user + j.system) / 1000;
          sent += batch.reduce((n, e) => n + Buffer.byteLength(e.entry), 0);
          const c0 = cpuMs(pid);
          const u0 = process.cpuUsage();
          await append(batch, 1000);
          const u = process.cpuUsage(u0);
          appendMs += (u.user + u.system) / 1000;
          backend += cpuMs(pid) - c0;
        }
        const [{ size }] = (await pool.query<{ size: string }>(`SELECT avg(pg_column_size(entry))::int AS size FROM toolkit_requests`)).rows;
        if (round === 1) console.log(`| ${cap} KiB | ${storage} | ${((js * 1000) / ENTRIES).toFixed(0)} | ${((appendMs * 1000) / ENTRIES).toFixed(0)} | ${Math.round(sent / ENTRIES)} | ${(backend / ENTRIES).toFixed(2)} | ${size} |`);
      }
    }
  }
  await pool.end();
} finally {
  cluster.stop();
}
