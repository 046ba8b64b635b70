/**
 * One request at a time: the timing helpers bench:query, bench:search and bench:million share (a
 * keep-alive request, a timed loop, medians and number formatting).
 */
import http from "node:http";

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

/**
 * One request on a kept-alive connection; resolves at the answer's last byte. A kept-alive
 * connection the server closed while idle (its keep-alive timeout, e.g. while the bench timed
 * another server) fails as ECONNRESET on reuse: sent again once on a new connection.
 */
export async function send(method: string, url: URL, headers: Record<string, string>, body?: Buffer): Promise<{ status: number; text: string; serverTiming?: string }> {
  try {
    return await sendOnce(method, url, headers, body);
  } catch (e) {
    if ((e as { reused?: boolean }).reused && (e as NodeJS.ErrnoException).code === "ECONNRESET") return sendOnce(method, url, headers, body);
    throw e;
  }
}

function sendOnce(method: string, url: URL, headers: Record<string, string>, body?: Buffer): Promise<{ status: number; text: string; serverTiming?: string }> {
  return new Promise((resolveP, reject) => {
    const head = body === undefined ? headers : { ...headers, "content-length": String(body.length) };
    const req = http.request(url, { method, agent, headers: head }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolveP({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString(), serverTiming: res.headers["server-timing"] as string | undefined }));
      res.on("error", reject);
    });
    req.on("error", (e) => reject(Object.assign(e, { reused: req.reusedSocket })));
    req.end(body);
  });
}

/** One POST on a kept-alive connection; resolves at the answer's last byte. */
export function post(url: URL, headers: Record<string, string>, body: Buffer): Promise<{ status: number; text: string; serverTiming?: string }> {
  return send("POST", url, headers, body);
}

/** Closes the kept-alive connection (at the end of a run). */
export function closeConnections(): void {
  agent.destroy();
}

/** Calls `f` until `seconds` have passed and at least `minSamples` calls were made; milliseconds per call. */
export async function timeLoop(seconds: number, minSamples: number, f: () => unknown | Promise<unknown>): Promise<number[]> {
  const ms: number[] = [];
  const end = performance.now() + seconds * 1000;
  while (performance.now() < end || ms.length < minSamples) {
    const t = performance.now();
    await f();
    ms.push(performance.now() - t);
  }
  return ms;
}

export const fmt = (n: number, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : "n/a");

/** The median of the finite values (NaN when there are none). */
export function median(xs: number[]): number {
  const s = xs.filter(Number.isFinite).sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}
