/**
 * The request log's cost per request (docs/PERFORMANCE.md): what recording one entry adds after
 * the answer — redacting and bounding a typical request and response body, building the entry,
 * keeping it in the ring — measured in a loop. `npx tsx bench/request-log.ts`
 */
import { RequestLog } from "../src/domain/toolkit/requests.js";
import { redactBody } from "../src/http/request-capture.js";

const page = JSON.stringify({ object: "page", id: "2ca5d323-dbc4-4e39-8572-5f911c5f9c50", created_time: "2026-12-07T03:09:00.000Z", properties: { title: { id: "title", type: "title", title: [{ type: "text", text: { content: "Logged page", link: null }, plain_text: "Logged page" }] } }, url: "http://127.0.0.1:7474/x", request_id: "8dde4bf1-fec7-4a8f-96fb-c9e95bb77a43" });
const body = { parent: { page_id: "2ca5d323-dbc4-4e39-8572-5f911c5f9c50" }, properties: { title: { title: [{ text: { content: "New page" } }] } } };
const log = new RequestLog(1000);
const N = 200_000;
const run = () => {
  for (let i = 0; i < N; i++) {
    log.record({
      object: "request", id: String(i), time: new Date(i).toISOString(), method: "POST", path: "/v1/pages", route: "/v1/pages", status: 200, duration_ms: 1.2, node: null,
      integration: { id: "x", name: "Dev" }, user_id: "y", auth: "integration", headers: { notion_version: "2025-09-03", user_agent: "notionhq-client/5", content_type: "application/json" },
      request_body: redactBody(JSON.stringify(body), "/v1/pages", true), response_body: redactBody(page, "/v1/pages", false),
    });
  }
};
run(); // warm up
const t0 = performance.now();
run();
const us = ((performance.now() - t0) * 1000) / N;
console.log(`request log: ${us.toFixed(2)} µs per request (${page.length}-char answer, ${JSON.stringify(body).length}-char body, ring of 1000)`);
