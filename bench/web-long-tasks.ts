/**
 * `npx tsx bench/web-long-tasks.ts [--runs N] [--base <other checkout>]` — what the main thread does
 * while a page opens in the editor (issue 16: "an app that answers input"), in real headless
 * Chromium with a Chromium trace (devtools.timeline) of each cold load:
 * - **before the first paint**: the main thread's time in script (compile and evaluation of the
 *   shell's modules, its functions), styles and layout, and its longest task;
 * - **after the first paint** until the editor is ready (and one idle second after): the longest
 *   task, the total blocking time (the sum over tasks of their time beyond 50 ms) and what the
 *   longest task is made of (the trace's events by name, self time).
 * With `--base <dir>` the same runs alternate with a second checkout's server and build (main's,
 * in a git worktree) under the same load: a before/after in one run.
 */
import { parseArgs } from "node:util";
import { loadavg } from "node:os";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { Browser, Page } from "playwright-core";
import { launchBrowser } from "../test/helpers/browser.js";
import { OWNER, SEED, WS, signedInState } from "./web-seed.js";

const { values: opt } = parseArgs({ options: { runs: { type: "string", default: "5" }, base: { type: "string" }, verbose: { type: "boolean", default: false } } });
const RUNS = Number(opt.runs);
const PAGE = "5c0e0000-0000-4000-8000-000000000010";

interface TraceEvent { name: string; ph: string; ts: number; dur?: number; pid: number; tid: number; args?: { name?: string; data?: { url?: string } } }

/** In the page: a `painted` mark the frame after the page's text first shows in `main`. */
function watchPaint(text: string) {
  const seen = new MutationObserver(() => {
    if (!document.querySelector("main")?.textContent?.includes(text)) return;
    seen.disconnect();
    requestAnimationFrame(() => performance.mark("painted"));
  });
  seen.observe(document, { childList: true, subtree: true, characterData: true });
}

interface Run { paint: number; ready: number; before: Record<string, number>; beforeLongest: number; longest: number; tbt: number; tasks: number; parts: Record<string, number> }

/** Self time per event name inside [start, end) on one thread: each event's duration minus its children's. */
function selfTimes(events: TraceEvent[], start: number, end: number): Record<string, number> {
  const xs = events.filter((e) => e.ph === "X" && e.ts >= start && e.ts < end && e.dur !== undefined).sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
  const out: Record<string, number> = {};
  const stack: TraceEvent[] = [];
  for (const e of xs) {
    while (stack.length && stack[stack.length - 1].ts + stack[stack.length - 1].dur! <= e.ts) stack.pop();
    const parent = stack[stack.length - 1];
    out[e.name] = (out[e.name] ?? 0) + e.dur! / 1000;
    if (parent) out[parent.name] -= e.dur! / 1000;
    stack.push(e);
  }
  for (const k of Object.keys(out)) if (out[k] < 0.5) delete out[k];
  return out;
}

async function once(browser: Browser, state: Awaited<ReturnType<typeof signedInState>>, url: string): Promise<Run> {
  const context = await browser.newContext({ storageState: state, viewport: { width: 1280, height: 800 } });
  const page: Page = await context.newPage();
  await page.addInitScript(watchPaint, "Questions go to");
  await browser.startTracing(page, { categories: ["devtools.timeline", "disabled-by-default-devtools.timeline", "v8", "v8.execute", "blink.user_timing", "loading"] });
  await page.goto(`${url}/w/${WS}/p/${PAGE}`, { waitUntil: "commit" });
  await page.getByRole("textbox", { name: "Page content" }).getByText("Questions go to").waitFor();
  await page.waitForTimeout(1000); // whatever the editor still does after it shows
  const trace = JSON.parse((await browser.stopTracing()).toString()) as { traceEvents: TraceEvent[] };
  await context.close();
  const ev = trace.traceEvents;
  // The page's renderer main thread: the one that ran the navigation's script.
  const mains = ev.filter((e) => e.name === "thread_name" && e.args?.name === "CrRendererMain");
  const painted = ev.find((e) => e.name === "painted" && (e.ph === "R" || e.ph === "I" || e.ph === "n" || e.ph === "b"));
  if (!painted) throw new Error("no painted mark in the trace");
  const main = mains.find((m) => m.pid === painted.pid) ?? mains[0];
  const onMain = ev.filter((e) => e.pid === main.pid && e.tid === main.tid);
  const nav = onMain.find((e) => e.name === "navigationStart" || e.name === "ResourceSendRequest")?.ts ?? onMain[0].ts;
  const readyMark = onMain.filter((e) => e.ph === "X").reduce((m, e) => Math.max(m, e.ts + (e.dur ?? 0)), 0);
  const tasks = onMain.filter((e) => e.ph === "X" && e.name === "RunTask" && e.dur !== undefined);
  const before = tasks.filter((t) => t.ts < painted.ts);
  const after = tasks.filter((t) => t.ts + t.dur! > painted.ts);
  const longestAfter = after.reduce((m, t) => (t.dur! > (m?.dur ?? 0) ? t : m), undefined as TraceEvent | undefined);
  const ms = (us: number) => us / 1000;
  const first = onMain.find((e) => e.name === "ResourceSendRequest")?.ts ?? nav;
  return {
    paint: ms(painted.ts - first),
    ready: ms(readyMark - first),
    before: selfTimes(onMain, first, painted.ts),
    beforeLongest: ms(before.reduce((m, t) => Math.max(m, t.dur!), 0)),
    longest: ms(longestAfter?.dur ?? 0),
    tbt: ms(after.reduce((s, t) => s + Math.max(0, t.dur! - 50_000), 0)),
    tasks: after.filter((t) => t.dur! > 50_000).length,
    parts: longestAfter ? selfTimes(onMain, longestAfter.ts, longestAfter.ts + longestAfter.dur!) : {},
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const SCRIPT = ["v8.compileModule", "v8.evaluateModule", "v8.compile", "EvaluateScript", "FunctionCall", "v8.callFunction", "V8.Execute", "TimerFire", "FireAnimationFrame", "EventDispatch", "RunMicrotasks", "v8.run"];

function summary(name: string, runs: Run[]) {
  const sum = (r: Run, keys: string[]) => keys.reduce((s, k) => s + (r.before[k] ?? 0), 0);
  const style = ["UpdateLayoutTree", "ParseAuthorStyleSheet", "Layout", "PrePaint", "Paint", "Layerize", "UpdateLayer"];
  const f = (x: number) => x.toFixed(0).padStart(5);
  process.stdout.write(
    `  ${name.padEnd(8)} first paint ${f(median(runs.map((r) => r.paint)))} ms; before it: script ${f(median(runs.map((r) => sum(r, SCRIPT))))} ms` +
      ` (compile ${f(median(runs.map((r) => (r.before["v8.compileModule"] ?? 0) + (r.before["v8.compile"] ?? 0))))}, module evaluation ${f(median(runs.map((r) => r.before["v8.evaluateModule"] ?? 0)))})` +
      `, style+layout ${f(median(runs.map((r) => sum(r, style))))} ms, longest task ${f(median(runs.map((r) => r.beforeLongest)))} ms\n` +
      `  ${"".padEnd(8)} after it: longest task ${f(median(runs.map((r) => r.longest)))} ms (slowest run ${f(Math.max(...runs.map((r) => r.longest)))}), total blocking time ${f(median(runs.map((r) => r.tbt)))} ms, tasks over 50 ms ${median(runs.map((r) => r.tasks))}\n`,
  );
  // What the median run's longest task is made of.
  const mid = [...runs].sort((a, b) => a.longest - b.longest)[Math.floor(runs.length / 2)];
  const parts = Object.entries(mid.parts).sort((a, b) => b[1] - a[1]).slice(0, 8);
  process.stdout.write(`  ${"".padEnd(8)} its longest task (${mid.longest.toFixed(0)} ms): ${parts.map(([k, v]) => `${k} ${v.toFixed(0)}`).join(", ")}\n`);
  if (opt.verbose) for (const r of runs) process.stdout.write(`    ${JSON.stringify(r)}\n`);
}

async function main() {
  const servers: { name: string; url: string; close: () => Promise<void> }[] = [];
  const checkouts = [["this", fileURLToPath(new URL("..", import.meta.url))], ...(opt.base ? [["base", opt.base]] : [])];
  for (const [name, dir] of checkouts) {
    const { startQuire } = (await import(pathToFileURL(`${dir}/src/index.ts`).href)) as typeof import("../src/index.js");
    const q = await startQuire({ memory: true, port: 0, seed: SEED, ownerEmail: OWNER.email, ownerPassword: OWNER.password });
    servers.push({ name, url: q.url, close: () => q.close() });
  }
  const browser = await launchBrowser();
  try {
    process.stdout.write(`Editor long tasks — ${new Date().toISOString()}; load average ${loadavg().map((n) => n.toFixed(2)).join(" ")}; ${RUNS} cold loads of a page (22 blocks) per checkout, alternating\n`);
    const states = await Promise.all(servers.map((s) => signedInState(browser, s.url)));
    const runs: Run[][] = servers.map(() => []);
    for (let i = 0; i < RUNS + 1; i++)
      for (const [k, s] of servers.entries()) {
        const r = await once(browser, states[k], s.url);
        if (i > 0) runs[k].push(r); // the first warms the server and the browser
      }
    for (const [k, s] of servers.entries()) summary(s.name, runs[k]);
    process.stdout.write(`load average at the end ${loadavg().map((n) => n.toFixed(2)).join(" ")}\n`);
  } finally {
    await browser.close();
    for (const s of servers) await s.close();
  }
}

await main();
