/**
 * A webhook receiver for tests: a plain node:http server on a free loopback port that records
 * every request (headers and the exact body bytes) and answers as the test says — a status, a
 * body, or never (the request hangs until the receiver closes). Verification POSTs
 * (`{"verification_token": …}`) are kept apart in `verifications` and answered 200: `received`,
 * `count` and the answer's `n` are about events.
 */
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** One request as it arrived. */
export interface Received {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** The body exactly as sent (UTF-8). */
  body: string;
  /** `body` parsed. */
  json: any;
  at: number;
}

/** How to answer the n-th request (0-based): a status (with an optional body), or `"hang"`. */
export type Answer = number | { status: number; body?: string; headers?: Record<string, string> } | "hang";

export class Receiver {
  readonly received: Received[] = [];
  readonly verifications: Received[] = [];
  private readonly waiting: { n: number; resolve: () => void }[] = [];
  private readonly hanging = new Set<ServerResponse>();
  private server!: Server;
  url = "";

  constructor(private answer: (req: Received, n: number) => Answer = () => 200) {}

  /** Starts listening on 127.0.0.1; `path` is appended to the URL. */
  async start(path = "/hook"): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const body = Buffer.concat(chunks).toString("utf8");
        let json: unknown = null;
        try {
          json = JSON.parse(body);
        } catch {
          /* not JSON */
        }
        const got: Received = { method: req.method ?? "", path: req.url ?? "", headers: req.headers, body, json, at: Date.now() };
        if (json && typeof json === "object" && "verification_token" in json) {
          this.verifications.push(got);
          res.writeHead(200).end("ok");
          return;
        }
        const n = this.received.length;
        this.received.push(got);
        for (const w of this.waiting.filter((w) => this.received.length >= w.n)) {
          this.waiting.splice(this.waiting.indexOf(w), 1);
          w.resolve();
        }
        const a = this.answer(got, n);
        if (a === "hang") {
          this.hanging.add(res);
          return;
        }
        const spec = typeof a === "number" ? { status: a } : a;
        res.writeHead(spec.status, { "content-type": "text/plain", ...spec.headers });
        res.end(spec.body ?? "ok");
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}${path}`;
    return this;
  }

  /** Answers later requests this way. */
  answerWith(fn: (req: Received, n: number) => Answer): void {
    this.answer = fn;
  }

  /** Resolves once `n` requests in all have arrived (rejects after `ms`). */
  async count(n: number, ms = 15_000): Promise<Received[]> {
    if (this.received.length < n)
      await new Promise<void>((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`the receiver got ${this.received.length} requests, not ${n}, within ${ms} ms: ${this.received.map((r) => r.json?.type ?? r.body).join(", ")}`)), ms);
        this.waiting.push({ n, resolve: () => (clearTimeout(t), resolve()) });
      });
    return this.received.slice(0, n);
  }

  /** The requests whose JSON body has this `type`. */
  ofType(type: string): Received[] {
    return this.received.filter((r) => r.json?.type === type);
  }

  async close(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** Answers the n-th event with `statuses[n]`, and every later one with the last of them. */
export const inTurn =
  (statuses: number[]) =>
  (_req: Received, n: number): Answer =>
    statuses[Math.min(n, statuses.length - 1)];

/** Waits until `fn` answers something other than false/null/undefined (polling every 25 ms), or fails after `ms`. */
export async function eventually<T>(fn: () => Promise<T | false | null | undefined> | T | false | null | undefined, ms = 15_000, what = "the condition"): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== false && v !== null && v !== undefined) return v as T;
    if (Date.now() > end) throw new Error(`${what} did not hold within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
