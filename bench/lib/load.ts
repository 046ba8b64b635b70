/**
 * One timed run of autocannon against a URL, with our own latency record (autocannon's
 * histogram keeps whole milliseconds, too coarse for a sub-millisecond hello-world) and the
 * CPU split of the interval.
 */
import autocannon from "autocannon";
import { measureCpu, type CpuShare } from "./cpu.js";

export interface Target {
  url: string;
  method: "GET" | "PATCH" | "POST";
  headers: Record<string, string>;
  body?: string;
}

export interface LoadOptions {
  connections: number;
  seconds: number;
  /** The process whose CPU counts as "server". */
  serverPid: number;
}

export interface LoadResult {
  rps: number;
  /** Milliseconds. */
  p50: number;
  p99: number;
  requests: number;
  cpu: CpuShare | null;
  /** Why the run does not count (errors, non-2xx answers), or null. */
  failure: string | null;
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** Drives `target` with a fixed number of connections for a fixed time. */
export async function drive(target: Target, opts: LoadOptions): Promise<LoadResult> {
  let latencies = new Float64Array(1 << 16);
  let n = 0;
  const cpuDone = measureCpu(opts.serverPid);
  let instance!: autocannon.Instance;
  const done = new Promise<autocannon.Result>((resolve, reject) => {
    const settings = { url: target.url, method: target.method, headers: target.headers, body: target.body };
    instance = autocannon({ ...settings, connections: opts.connections, pipelining: 1, duration: opts.seconds }, (err, result) =>
      err ? reject(err) : resolve(result),
    );
  });
  instance.on("response", (_client: unknown, statusCode: number, _bytes: number, ms: number) => {
    if (statusCode < 200 || statusCode > 299) return;
    if (n === latencies.length) {
      const grown = new Float64Array(n * 2);
      grown.set(latencies);
      latencies = grown;
    }
    latencies[n++] = ms;
  });
  const result = await done;
  const cpu = cpuDone();
  const sorted = latencies.subarray(0, n).sort();
  const problems = [
    result.errors && `${result.errors} errors`,
    result.timeouts && `${result.timeouts} timeouts`,
    result.non2xx && `${result.non2xx} non-2xx answers`,
  ].filter(Boolean);
  return {
    rps: n / result.duration,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    requests: n,
    cpu,
    failure: problems.length ? problems.join(", ") : null,
  };
}
