/**
 * The fuzzer's HTTP client. node:http rather than fetch: fetch normalizes paths (`..`, `%2e`),
 * refuses bodies on GET and checks header values, and the point here is to send what a
 * careless or hostile client would. Every call has a deadline, so a hang is a failure.
 */
import http from "node:http";
import net from "node:net";

export interface FuzzRequest {
  method: string;
  /** Sent verbatim (after the origin), query string included. */
  path: string;
  /** An array value sends the header once per element. */
  headers: Record<string, string | string[]>;
  body?: string;
}

export interface FuzzResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  /** The parsed body, or `undefined` when it is not JSON. */
  json: unknown;
  ms: number;
}

/** A response that did not come within the deadline. */
export class Hang extends Error {}

const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Sends one request to `base` (http://host:port) and reads the whole answer. */
export function send(base: string, req: FuzzRequest, timeoutMs = 10_000): Promise<FuzzResponse> {
  const url = new URL(base);
  const started = performance.now();
  const headers = { ...req.headers };
  // Without a length node:http would send a GET/HEAD/DELETE body unframed.
  const framed = Object.keys(headers).some((h) => /^(content-length|transfer-encoding)$/i.test(h));
  if (req.body !== undefined && !framed) headers["content-length"] = String(Buffer.byteLength(req.body));
  return new Promise((resolve, reject) => {
    const r = http.request(
      { host: url.hostname, port: url.port, method: req.method, path: req.path, headers, agent, setHost: true },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          clearTimeout(timer);
          const text = Buffer.concat(chunks).toString("utf8");
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: parse(text), ms: performance.now() - started });
        });
        res.on("error", (e) => {
          clearTimeout(timer);
          reject(e);
        });
      },
    );
    const timer = setTimeout(() => {
      r.destroy(new Hang(`no complete answer within ${timeoutMs} ms`));
    }, timeoutMs);
    r.on("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    if (req.body !== undefined) r.end(req.body);
    else r.end();
  });
}

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  json: unknown;
}

/**
 * Writes raw bytes on a fresh connection and reads until the server closes it (or sends one
 * complete response). For what node:http will not send: broken request lines and headers.
 */
export function sendRaw(base: string, bytes: Buffer, timeoutMs = 10_000): Promise<RawResponse | null> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: url.hostname, port: Number(url.port) });
    const chunks: Buffer[] = [];
    let done = false;
    const finish = (err?: Error) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      if (err) return reject(err);
      const all = Buffer.concat(chunks).toString("latin1");
      if (all === "") return resolve(null);
      resolve(parseRaw(all));
    };
    const timer = setTimeout(() => finish(new Hang(`raw request: no answer within ${timeoutMs} ms`)), timeoutMs);
    socket.on("data", (c: Buffer) => {
      chunks.push(c);
      const all = Buffer.concat(chunks).toString("latin1");
      const res = parseRaw(all);
      if (res.complete) finish();
    });
    socket.on("end", () => finish());
    socket.on("close", () => finish());
    socket.on("error", (e: NodeJS.ErrnoException) => (e.code === "ECONNRESET" || e.code === "EPIPE" ? finish() : finish(e)));
    socket.write(bytes);
  });
}

function parseRaw(all: string): RawResponse & { complete: boolean } {
  const headEnd = all.indexOf("\r\n\r\n");
  if (headEnd < 0) return { status: 0, headers: {}, body: "", json: undefined, complete: false };
  const [statusLine, ...lines] = all.slice(0, headEnd).split("\r\n");
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1] ?? 0);
  const headers: Record<string, string> = {};
  for (const l of lines) {
    const i = l.indexOf(":");
    if (i > 0) headers[l.slice(0, i).trim().toLowerCase()] = l.slice(i + 1).trim();
  }
  const rawBody = Buffer.from(all.slice(headEnd + 4), "latin1");
  const length = headers["content-length"] !== undefined ? Number(headers["content-length"]) : undefined;
  const complete = length !== undefined && rawBody.length >= length;
  const body = rawBody.subarray(0, length ?? rawBody.length).toString("utf8");
  return { status, headers, body, json: parse(body), complete };
}

/** Closes pooled connections (so a test process can exit). */
export function closeAgent(): void {
  agent.destroy();
}
