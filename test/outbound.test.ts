/**
 * The guarded outbound HTTP client (src/outbound/): timeouts that fire against hosts that never
 * answer or trickle bytes forever (several at once), size caps, redirects checked hop by hop,
 * private addresses refused. Real sockets on the loopback interface.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { createServer as createHttpServer, type Server } from "node:http";
import { createServer as createTcpServer, type Server as TcpServer, type Socket } from "node:net";
import type { AddressInfo } from "node:net";
import { outboundRequest, OutboundError, OutboundRefused, isPrivateAddress, type OutboundOptions } from "../src/outbound/http-client.js";

const FAST: OutboundOptions = { allowPrivate: true, connectTimeoutMs: 300, headersTimeoutMs: 300, totalTimeoutMs: 600 };

/** Starts `server` on `host` and returns its origin. */
async function listen(server: Server | TcpServer, host = "127.0.0.1", scheme = "http"): Promise<string> {
  await new Promise<void>((r) => server.listen(0, host, r));
  return `${scheme}://${host}:${(server.address() as AddressInfo).port}`;
}

/** Runs `call`, which must fail with `kind`, and returns how long it took. */
async function failsWith(call: Promise<unknown>, check: (e: unknown) => boolean): Promise<number> {
  const t0 = performance.now();
  await assert.rejects(call, (e) => (check(e) ? true : assert.fail(`unexpected error: ${e}`)));
  return performance.now() - t0;
}
const outbound = (kind: string) => (e: unknown) => e instanceof OutboundError && e.kind === kind;

async function readAll(res: Awaited<ReturnType<typeof outboundRequest>>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of res.chunks()) parts.push(c);
  return Buffer.concat(parts);
}

describe("outbound client: hosts that never answer", () => {
  const sockets = new Set<Socket>();
  let silent: TcpServer;
  let origin: string;
  let trickle: Server;
  let trickleOrigin: string;
  const timers = new Set<NodeJS.Timeout>();

  before(async () => {
    // Accepts connections and never writes a byte.
    silent = createTcpServer((s) => {
      sockets.add(s);
      s.on("error", () => undefined);
    });
    origin = await listen(silent);
    // Answers headers, then one byte every 50 ms, forever.
    trickle = createHttpServer((_req, res) => {
      res.writeHead(200, { "content-type": "application/octet-stream" });
      const t = setInterval(() => res.write("x"), 50);
      timers.add(t);
      res.on("close", () => clearInterval(t));
    });
    trickleOrigin = await listen(trickle);
  });
  after(async () => {
    for (const t of timers) clearInterval(t);
    for (const s of sockets) s.destroy();
    trickle.closeAllConnections();
    await Promise.all([new Promise((r) => silent.close(r)), new Promise((r) => trickle.close(r))]);
  });

  test("no answer: the headers timeout fires", async () => {
    // No lower bound: timers count from the event loop's cached time, which a busy machine makes stale.
    const ms = await failsWith(outboundRequest(`${origin}/x`, FAST), (e) => outbound("timeout")(e) && /No answer within 300 ms/.test((e as Error).message));
    assert.ok(ms < 2000, `${Math.round(ms)} ms`);
  });

  test("a TLS handshake that never completes: the connect timeout fires", async () => {
    const https = origin.replace("http:", "https:");
    await failsWith(outboundRequest(`${https}/x`, { ...FAST, connectTimeoutMs: 200, headersTimeoutMs: 5000, totalTimeoutMs: 5000 }), (e) => outbound("timeout")(e) && /No connection within 200 ms/.test((e as Error).message));
  });

  test("a body trickled forever: the whole-exchange deadline fires while it is being read", async () => {
    const res = await outboundRequest(`${trickleOrigin}/x`, FAST);
    assert.equal(res.status, 200);
    const ms = await failsWith(readAll(res), outbound("timeout"));
    assert.ok(ms < 2000, `${Math.round(ms)} ms`);
  });

  test("a response nobody reads still ends at the deadline (no leak, no crash)", async () => {
    const res = await outboundRequest(`${trickleOrigin}/x`, FAST);
    await new Promise((r) => setTimeout(r, 800));
    await failsWith(readAll(res), outbound("timeout"));
  });

  test("twenty at once, silent and trickling: every one gives up on time", async () => {
    const t0 = performance.now();
    const calls = Array.from({ length: 20 }, (_, i) =>
      i % 2 ? outboundRequest(`${origin}/${i}`, FAST).then(readAll) : outboundRequest(`${trickleOrigin}/${i}`, FAST).then(readAll),
    );
    const results = await Promise.allSettled(calls);
    assert.ok(results.every((r) => r.status === "rejected" && outbound("timeout")(r.reason)), JSON.stringify(results.map((r) => r.status)));
    assert.ok(performance.now() - t0 < 3000, `${Math.round(performance.now() - t0)} ms`);
  });

  test("the caller's signal cancels a request in flight", async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const ms = await failsWith(outboundRequest(`${origin}/x`, { ...FAST, headersTimeoutMs: 10_000, totalTimeoutMs: 10_000, signal: controller.signal }), outbound("aborted"));
    assert.ok(ms < 1000);
  });
});

describe("outbound client: sizes and redirects", () => {
  let server: Server;
  let origin: string;
  let other: Server | null = null;
  let otherOrigin = "";

  before(async () => {
    server = createHttpServer((req, res) => {
      const url = new URL(req.url!, "http://x");
      if (url.pathname === "/big") {
        res.writeHead(200, { "content-length": "5000" });
        res.end(Buffer.alloc(5000));
      } else if (url.pathname === "/chunked") {
        res.writeHead(200);
        for (let i = 0; i < 10; i++) res.write(Buffer.alloc(1000));
        res.end();
      } else if (url.pathname === "/hop") {
        const n = Number(url.searchParams.get("n"));
        res.writeHead(302, { location: n > 0 ? `/hop?n=${n - 1}` : "/ok" });
        res.end();
      } else if (url.pathname === "/away") {
        res.writeHead(307, { location: `${otherOrigin}/secret` });
        res.end();
      } else {
        res.writeHead(200, { "content-type": "text/plain" });
        res.end("ok");
      }
    });
    origin = await listen(server);
    // A second loopback address stands for "a private host" the first may not redirect to.
    try {
      other = createHttpServer((_req, res) => res.end("secret"));
      otherOrigin = await listen(other, "127.0.0.2");
    } catch {
      other = null;
    }
  });
  after(async () => {
    await new Promise((r) => server.close(r));
    if (other) await new Promise((r) => other!.close(r));
  });

  test("a body within the cap is read whole", async () => {
    const res = await outboundRequest(`${origin}/ok`, { ...FAST, maxBytes: 10 });
    assert.equal((await readAll(res)).toString(), "ok");
  });

  test("a body over the cap fails with too_large, announced or streamed", async () => {
    for (const path of ["/big", "/chunked"]) {
      const res = await outboundRequest(`${origin}${path}`, { ...FAST, maxBytes: 4096 });
      await failsWith(readAll(res), outbound("too_large"));
    }
  });

  test("redirects are followed, five at most", async () => {
    const res = await outboundRequest(`${origin}/hop?n=4`, FAST);
    assert.equal((await readAll(res)).toString(), "ok");
    await failsWith(outboundRequest(`${origin}/hop?n=5`, FAST), (e) => e instanceof OutboundRefused && /Too many redirects/.test(e.message));
  });

  test("each redirect hop is checked: a redirect to a private address is refused", async (t) => {
    if (!other) return t.skip("127.0.0.2 is not available on this machine");
    const policy = { allowHttp: true, allowAddress: (ip: string) => ip === "127.0.0.1" };
    const direct = await outboundRequest(`${origin}/ok`, { ...FAST, allowPrivate: false, ...policy });
    assert.equal((await readAll(direct)).toString(), "ok");
    await failsWith(outboundRequest(`${origin}/away`, { ...FAST, allowPrivate: false, ...policy }), (e) => e instanceof OutboundRefused && /127\.0\.0\.2 is a private address/.test(e.message));
  });

  test("private and loopback targets are refused before connecting; names are checked when resolved", async () => {
    const strict = { ...FAST, allowPrivate: false };
    await failsWith(outboundRequest(`${origin}/ok`, strict), (e) => e instanceof OutboundRefused && /must use https/.test(e.message));
    await failsWith(outboundRequest("https://127.0.0.1:1/x", strict), (e) => e instanceof OutboundRefused && /127\.0\.0\.1 is a private address/.test(e.message));
    await failsWith(outboundRequest("https://[::ffff:127.0.0.1]:1/x", strict), (e) => e instanceof OutboundRefused);
    await failsWith(outboundRequest("https://localhost:1/x", strict), (e) => e instanceof OutboundRefused && /localhost resolves to a private address/.test(e.message));
  });

  test("address classes", () => {
    for (const ip of ["127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0", "::1", "::", "fe80::1", "fd00::1", "::ffff:127.0.0.1", "::ffff:7f00:1", "64:ff9b::a00:1", "not an ip"])
      assert.equal(isPrivateAddress(ip), true, ip);
    for (const ip of ["8.8.8.8", "1.1.1.1", "2606:4700:4700::1111", "::ffff:8.8.8.8"]) assert.equal(isPrivateAddress(ip), false, ip);
  });
});

describe("outbound client: requests with a body", () => {
  let server: Server;
  let origin: string;
  const seen: { method: string; length: string | undefined; type: string | undefined; body: string }[] = [];
  before(async () => {
    server = createHttpServer((req, res) => {
      const parts: Buffer[] = [];
      req.on("data", (c: Buffer) => parts.push(c));
      req.on("end", () => {
        seen.push({ method: req.method!, length: req.headers["content-length"], type: req.headers["content-type"], body: Buffer.concat(parts).toString() });
        if (req.url === "/away") res.writeHead(307, { location: "/ok" }).end();
        else res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
      });
    });
    origin = await listen(server);
  });
  after(() => new Promise<void>((r) => server.close(() => r())));

  test("POST and DELETE send their body with its length and headers", async () => {
    const body = JSON.stringify({ uri: "https://example.com/é" });
    const res = await outboundRequest(`${origin}/ok`, { ...FAST, method: "POST", body, headers: { "content-type": "application/json" } });
    assert.equal((await readAll(res)).toString(), '{"ok":true}');
    await readAll(await outboundRequest(`${origin}/ok`, { ...FAST, method: "DELETE", body: "{}" }));
    assert.deepEqual(seen.slice(-2), [
      { method: "POST", length: String(Buffer.byteLength(body)), type: "application/json", body },
      { method: "DELETE", length: "2", type: undefined, body: "{}" },
    ]);
  });

  test("a redirect answered to a request with a body is refused, not followed", async () => {
    const before = seen.length;
    await failsWith(outboundRequest(`${origin}/away`, { ...FAST, method: "POST", body: "x" }), (e) => e instanceof OutboundRefused && /requests with a body follow none/.test(e.message));
    assert.equal(seen.length, before + 1, "only the first hop was sent");
  });
});
