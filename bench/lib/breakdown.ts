/**
 * bench:query --breakdown: where a slow request's time went, per request, on the server.
 *
 * In the server child (bench/quire-server.ts with QUIRE_BENCH_BREAKDOWN=1), `installBreakdown`
 * keeps a timeline in wall-clock milliseconds (both processes read the same clock): each HTTP
 * request from its `request` event to its response's `finish`; each `pg` pool checkout (the wait
 * for a connection) and each statement (its pool, its first words); each new PostgreSQL
 * connection; each garbage collection (perf_hooks); and each stall of the event loop (a 5 ms
 * timer that fired 20 ms or more late). The bench asks for the timeline after each timed run
 * and `explain` matches it to the client's samples (one request at a time, so in order).
 * The hooks cost a few µs per statement; the timed servers run without them unless asked.
 */
import { Server, type IncomingMessage, type ServerResponse } from "node:http";
import { PerformanceObserver } from "node:perf_hooks";
import { createRequire } from "node:module";

/** One interval of the server's timeline (wall-clock ms). */
export interface Span {
  kind: "req" | "checkout" | "sql" | "connect" | "gc" | "stall";
  t0: number;
  t1: number;
  /** sql: the statement's first words; checkout/sql/connect: the pool ("main" for the largest, else "side:N"). */
  what?: string;
  pool?: string;
}

const wall = () => performance.timeOrigin + performance.now();

/** Installs the hooks in this process; the returned function hands over (and forgets) the spans so far. */
export function installBreakdown(): () => Span[] {
  let spans: Span[] = [];
  const push = (s: Span) => {
    if (spans.length < 200_000) spans.push(s);
  };

  const emit = Server.prototype.emit;
  Server.prototype.emit = function (this: Server, event: string | symbol, ...args: unknown[]) {
    if (event === "request") {
      const t0 = wall();
      const res = args[1] as ServerResponse;
      const url = (args[0] as IncomingMessage).url ?? "";
      res.once("finish", () => push({ kind: "req", t0, t1: wall(), what: url.slice(0, 40) }));
    }
    return Reflect.apply(emit, this, [event, ...args]) as boolean;
  } as typeof emit;

  // pg as Quire loads it (the same module instance: CommonJS, cached).
  const require = createRequire(import.meta.url);
  const pg = require("pg") as typeof import("pg");
  const poolNames = new WeakMap<object, string>();
  const clientPool = new WeakMap<object, string>();
  const poolName = (pool: { options?: { max?: number } }) => {
    let n = poolNames.get(pool);
    if (!n) {
      const max = pool.options?.max ?? 0;
      n = max >= 10 ? "main" : `side:${max}`;
      poolNames.set(pool, n);
    }
    return n;
  };

  const Pool = pg.Pool.prototype as unknown as { connect: (...a: unknown[]) => unknown };
  const connect = Pool.connect;
  Pool.connect = function (this: object, cb?: (e: Error | undefined, c: object, r: unknown) => void) {
    const t0 = wall();
    const pool = poolName(this as never);
    const got = (c: object | undefined) => {
      if (c) clientPool.set(c, pool);
      push({ kind: "checkout", t0, t1: wall(), pool });
    };
    if (typeof cb === "function") return connect.call(this, (e: Error | undefined, c: object, r: unknown) => (got(c), cb(e, c, r)));
    return (connect.call(this) as Promise<object>).then((c) => (got(c), c));
  } as (...a: unknown[]) => unknown;

  const Client = pg.Client.prototype as unknown as { query: (...a: unknown[]) => unknown; connect: (...a: unknown[]) => unknown };
  const query = Client.query;
  Client.query = function (this: object, config: unknown, values?: unknown, cb?: unknown) {
    const text = typeof config === "string" ? config : ((config as { text?: string } | null)?.text ?? "");
    if (typeof (config as { submit?: unknown } | null)?.submit === "function") return query.call(this, config, values, cb);
    const t0 = wall();
    const done = () => push({ kind: "sql", t0, t1: wall(), what: text.replace(/\s+/g, " ").trim().slice(0, 48), pool: clientPool.get(this) ?? "client" });
    if (typeof values === "function") return query.call(this, config, (e: unknown, r: unknown) => (done(), (values as (e: unknown, r: unknown) => void)(e, r)));
    if (typeof cb === "function") return query.call(this, config, values, (e: unknown, r: unknown) => (done(), (cb as (e: unknown, r: unknown) => void)(e, r)));
    const r = query.call(this, config, values) as Promise<unknown>;
    r.then(done, done);
    return r;
  };
  const clientConnect = Client.connect;
  Client.connect = function (this: object, cb?: unknown) {
    const t0 = wall();
    const r = clientConnect.call(this, cb) as Promise<unknown> | undefined;
    const done = () => push({ kind: "connect", t0, t1: wall(), pool: clientPool.get(this) ?? "client" });
    if (r && typeof r.then === "function") r.then(done, done);
    else done();
    return r;
  };

  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      const t0 = performance.timeOrigin + e.startTime;
      const kind = (e as unknown as { detail?: { kind?: number } }).detail?.kind;
      push({ kind: "gc", t0, t1: t0 + e.duration, what: kind === 1 ? "minor" : kind === 4 ? "major" : `kind ${kind}` });
    }
  }).observe({ entryTypes: ["gc"] });

  const TICK = 5;
  let last = wall();
  setInterval(() => {
    const now = wall();
    if (now - last >= TICK + 20) push({ kind: "stall", t0: last + TICK, t1: now });
    last = now;
  }, TICK).unref();

  return () => {
    const out = spans;
    spans = [];
    return out;
  };
}

// ---------------------------------------------------------------------------------------------
// The bench's side.

/** One client sample: when it was sent and answered (wall-clock ms). */
export interface ClientSample {
  t0: number;
  t1: number;
}

/** Milliseconds of [t0, t1] covered by the union of `spans`. */
function covered(spans: Span[], t0: number, t1: number): number {
  const cut = spans.map((s) => [Math.max(s.t0, t0), Math.min(s.t1, t1)] as const).filter(([a, b]) => b > a).sort((x, y) => x[0] - y[0]);
  let sum = 0;
  let end = -Infinity;
  for (const [a, b] of cut) {
    if (b <= end) continue;
    sum += b - Math.max(a, end);
    end = b;
  }
  return sum;
}

/** What one client sample's time was made of. */
export interface Explained {
  client: number;
  /** From the server's `request` event to its response's `finish`. */
  server: number;
  /** client − server: the network, the request's parsing before `request`, the client's own delays. */
  outside: number;
  /** Within the request: waiting for a main-pool connection; main-pool statements (union); statements of other pools overlapping it. */
  checkout: number;
  mainSql: number;
  mainStatements: number;
  sideSql: number;
  sideStatements: string[];
  gc: number;
  gcKinds: string[];
  stall: number;
  connects: number;
  /** The longest statements overlapping the request, any pool. */
  top: string[];
}

/** Matches the client's samples to the server's requests (in order) and explains each one. */
export function explain(samples: ClientSample[], spans: Span[]): Explained[] {
  const reqs = spans.filter((s) => s.kind === "req").sort((a, b) => a.t0 - b.t0);
  const out: Explained[] = [];
  for (const c of samples) {
    // The server's request that lies inside this sample (clocks are the same machine's).
    const r = reqs.find((q) => q.t0 >= c.t0 - 1 && q.t1 <= c.t1 + 1);
    if (!r) continue;
    const within = (k: Span["kind"], pool?: (p: string | undefined) => boolean) => spans.filter((s) => s.kind === k && s.t1 > r.t0 && s.t0 < r.t1 && (!pool || pool(s.pool)));
    const main = within("sql", (p) => p === "main");
    const side = within("sql", (p) => p !== "main");
    const gcs = within("gc");
    out.push({
      client: c.t1 - c.t0,
      server: r.t1 - r.t0,
      outside: c.t1 - c.t0 - (r.t1 - r.t0),
      checkout: covered(within("checkout", (p) => p === "main"), r.t0, r.t1),
      mainSql: covered(main, r.t0, r.t1),
      mainStatements: main.length,
      sideSql: covered(side, r.t0, r.t1),
      sideStatements: side.map((s) => `${s.pool} ${(s.t1 - s.t0).toFixed(0)}ms ${s.what}`),
      gc: covered(gcs, r.t0, r.t1),
      gcKinds: gcs.map((g) => `${g.what} ${(g.t1 - g.t0).toFixed(0)}ms`),
      stall: covered(within("stall"), r.t0, r.t1),
      connects: within("connect").length,
      top: [...main, ...side].sort((a, b) => b.t1 - b.t0 - (a.t1 - a.t0)).slice(0, 4).map((s) => `${s.pool} ${(s.t1 - s.t0).toFixed(1)}ms ${s.what}`),
    });
  }
  return out;
}
