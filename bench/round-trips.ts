/**
 * Round trips to PostgreSQL per request: starts one Quire in this process on `--database-url`
 * (a database of its own, dropped at the end), seeds bench:http's page, and counts the
 * statements `pg` sends (BEGIN and COMMIT included: one round trip each) over N GET page calls
 * and N searches (a request with a body).
 *
 *   npx tsx bench/round-trips.ts --database-url postgres://postgres@127.0.0.1:5432/postgres [--requests 200]
 */
import { parseArgs } from "node:util";
import pg from "pg";
import { startQuire } from "../src/index.js";
import { benchDatabases } from "./lib/pg-databases.js";
import { apiHeaders, newPage } from "./lib/seed.js";

const { values: opt } = parseArgs({ options: { "database-url": { type: "string" }, requests: { type: "string", default: "200" } } });
if (!opt["database-url"]) throw new Error("--database-url is required");
const n = Number(opt.requests);

let sent = 0;
const proto = pg.Client.prototype as unknown as { query: (...a: unknown[]) => unknown };
const original = proto.query;
proto.query = function (this: unknown, ...a: unknown[]) {
  sent++;
  return original.apply(this, a);
};

const dbs = await benchDatabases(opt["database-url"], ["trips"]);
const q = await startQuire({ databaseUrl: dbs.urls.trips, port: 0 });
try {
  const ready = { url: q.url, token: q.token, adminKey: q.adminKey, devIntegrationId: q.devIntegrationId };
  const page = await newPage(ready, "Round trips");
  const headers = apiHeaders(ready);
  const get = async () => {
    const res = await fetch(`${q.url}/v1/pages/${page}`, { headers });
    if (res.status !== 200) throw new Error(`GET page answered ${res.status}`);
    await res.arrayBuffer();
  };
  // A request with a body: its token is looked up in a unit of its own (Store.readOne).
  const search = async () => {
    const res = await fetch(`${q.url}/v1/search`, { method: "POST", headers, body: JSON.stringify({ query: "Round trips", page_size: 1 }) });
    if (res.status !== 200) throw new Error(`search answered ${res.status}`);
    await res.arrayBuffer();
  };
  for (const [label, call] of [["GET page", get], ["POST search (page_size 1)", search]] as const) {
    for (let i = 0; i < 20; i++) await call();
    sent = 0;
    for (let i = 0; i < n; i++) await call();
    process.stdout.write(`${label}: ${(sent / n).toFixed(2)} statements sent to PostgreSQL per request (${n} requests, one at a time)\n`);
  }
} finally {
  await q.close();
  await dbs.drop();
}
