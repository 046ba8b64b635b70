/** Helpers of test/multi-node.test.ts: raw requests to a node, a file host whose downloads the test holds open, polling. */
import assert from "node:assert/strict";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { ServerProcess } from "./child.js";

/** The body of every slow file. */
export const SLOW_BODY = Buffer.from("the bytes of a slow import\n".repeat(100));

export interface SlowFiles {
  url: string;
  /** Serves `name` slowly: headers and a first piece at once, the rest when `finish` is called. */
  hold(name: string): { started: Promise<void>; finish(): void };
  close(): Promise<void>;
}

/** A file host on loopback whose downloads the test holds open. */
export async function slowFiles(): Promise<SlowFiles> {
  const held = new Map<string, { start(): void; release: Promise<void> }>();
  const server = createServer((req, res) => {
    const name = (req.url ?? "").slice(1);
    res.writeHead(200, { "content-type": "text/plain", "content-length": String(SLOW_BODY.length) });
    if (req.method === "HEAD") return void res.end();
    const h = held.get(name);
    res.write(SLOW_BODY.subarray(0, 10));
    h?.start();
    void (h?.release ?? Promise.resolve()).then(() => res.end(SLOW_BODY.subarray(10)));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    hold(name) {
      let start!: () => void;
      let finish!: () => void;
      const started = new Promise<void>((r) => (start = r));
      const release = new Promise<void>((r) => (finish = r));
      held.set(name, { start, release });
      return { started, finish };
    },
    close: () => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))),
  };
}

/** A raw request to a node under Notion-Version 2026-03-11 (markdown and async tasks). */
export async function api(n: { process: ServerProcess }, method: string, path: string, body?: unknown): Promise<{ status: number; body: Record<string, any> }> {
  const res = await fetch(`${n.process.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${n.process.token}`, "notion-version": "2026-03-11", "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

/** Starts an external_url import through a node. */
export async function createImport(n: { process: ServerProcess }, url: string): Promise<{ id: string; status: string }> {
  const res = await api(n, "POST", "/v1/file_uploads", { mode: "external_url", external_url: url, filename: "import.txt" });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.equal(res.body.status, "pending");
  return res.body as { id: string; status: string };
}

/** An upload as one node answers it, without its request id. */
export async function uploadOf(n: { process: ServerProcess }, id: string): Promise<Record<string, any>> {
  const res = await api(n, "GET", `/v1/file_uploads/${id}`);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  const { request_id: _r, ...rest } = res.body;
  return rest;
}

/** Polls `read` until `done` holds (10 s at most). */
export async function until<T>(read: () => Promise<T>, done: (v: T) => boolean): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const v = await read();
    if (done(v)) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error("timed out waiting");
}
