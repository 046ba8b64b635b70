/**
 * Webhook delivery throughput: events/s a server delivers to a local receiver (node:http on
 * loopback, answering 200 at once). N pages are made through the SDK while the receiver holds
 * every request it gets (so the outbox fills: at most `DELIVERY_CONCURRENCY` attempts are in
 * flight, the rest wait); then the receiver lets go and the clock runs until every event is
 * delivered: claim, sign, POST, record, for N events.
 * Run: npx tsx bench/webhooks.ts [--events 1000] [--pg] (--pg: a throwaway PostgreSQL cluster, as the tests make)
 */
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { randomBytes } from "node:crypto";
import { Client, LogLevel } from "@notionhq/client";
import { startQuire } from "../src/index.js";
import { startCluster } from "../test/helpers/pg.js";
import { benchDatabases } from "./lib/pg-databases.js";

const arg = (name: string, def: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};
const EVENTS = arg("events", 1000);
const PG = process.argv.includes("--pg");

const held: ServerResponse[] = [];
let holding = true;
let delivered = 0;
let done: () => void = () => undefined;
const all = new Promise<void>((resolve) => (done = resolve));
const receiver = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    if (Buffer.concat(chunks).includes("verification_token")) return void res.end("ok");
    const answer = () => {
      res.end("ok");
      if (++delivered === EVENTS) done();
    };
    if (holding) held.push(res);
    else answer();
  });
});
await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
const hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;

const cluster = PG ? await startCluster() : null;
const dbs = cluster ? await benchDatabases(cluster.url("postgres"), ["webhooks"]) : null;
const q = await startQuire({
  memory: true,
  ...(dbs ? { databaseUrl: dbs.urls.webhooks, secretKey: randomBytes(32).toString("base64") } : {}),
  webhooks: { aggregationMs: 0, attemptTimeoutMs: 600_000 },
} as Parameters<typeof startQuire>[0]);
try {
  const admin = (method: string, path: string, body?: unknown) =>
    fetch(q.url + path, { method, headers: { authorization: `Bearer ${q.adminKey}`, "content-type": "application/json" }, body: JSON.stringify(body) }).then((r) => r.json() as Promise<any>);
  const sub = await admin("POST", `/_quire/v1/integrations/${q.devIntegrationId}/webhooks`, { url: hookUrl, event_types: ["page.created"], auto_verify: true });
  const sdk = new Client({ auth: q.token, baseUrl: q.url, retry: false, logLevel: LogLevel.ERROR } as ConstructorParameters<typeof Client>[0]);
  const parent = q.gettingStartedPageId!;
  const t0 = performance.now();
  let made = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (made < EVENTS) {
        made++;
        await sdk.pages.create({ parent: { page_id: parent }, properties: { title: { title: [{ text: { content: `Page ${made}` } }] } } } as any);
      }
    }),
  );
  const writes = performance.now() - t0;
  const t1 = performance.now();
  holding = false;
  for (const res of held.splice(0)) {
    res.end("ok");
    if (++delivered === EVENTS) done();
  }
  await all;
  const ms = performance.now() - t1;
  const store = PG ? "PostgreSQL" : "SQLite (memory)";
  console.log(`${store}: ${EVENTS} pages made in ${(writes / 1000).toFixed(1)} s (${Math.round((EVENTS * 1000) / writes)}/s, each enqueuing its event)`);
  console.log(`${store}: ${EVENTS} events delivered in ${(ms / 1000).toFixed(2)} s after the receiver let go: ${Math.round((EVENTS * 1000) / ms)} events/s (subscription ${sub.id})`);
} finally {
  await q.close();
  await dbs?.drop();
  cluster?.stop();
  receiver.closeAllConnections();
  receiver.close();
}
