/**
 * VmHWM of a Quire process on a large SQLite data directory (docs/design/snapshots.md, docs/PERFORMANCE.md
 * "Snapshots of a large SQLite file"): starts `quire serve` of CHECKOUT on DATA_DIR (a copy: it is
 * changed), reads /proc/<pid>/status after the start (which saves `__initial` when the directory has
 * none), resets the peak (clear_refs 5), saves a snapshot, resets, restores it. SKIP_SAVE=1: restore
 * the snapshot `measure` a previous run saved.
 *
 *   node bench/snapshot-memory.mjs CHECKOUT DATA_DIR LABEL
 */
// Usage: node measure.mjs <checkout> <dataDir> <label>
// Starts `quire serve` of <checkout> on <dataDir>, measures VmHWM of the start (which saves
// __initial when the dir has none), a named snapshot save, its restore, and a reset.
import { spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
const [checkout, dataDir, label] = process.argv.slice(2);
const port = 7600 + Math.floor(Math.random() * 300);
const key = "qadm_measure_" + "x".repeat(32);
const t0 = Date.now();

const child = spawn(process.execPath, ["--import", "tsx", "src/cli.ts", "serve", "--data", dataDir, "--port", String(port), "--admin-key", key], { cwd: checkout, stdio: ["ignore", "pipe", "pipe"] });
let out = "";
process.on("exit", () => { try { child.kill("SIGKILL"); } catch {} });
child.stdout.on("data", (d) => (out += d));
child.stderr.on("data", (d) => (out += d));
const status = () => Object.fromEntries(readFileSync(`/proc/${child.pid}/status`, "utf8").split("\n").filter((l) => /^Vm(HWM|RSS)/.test(l)).map((l) => l.split(/:\s+/)));
const clear = () => writeFileSync(`/proc/${child.pid}/clear_refs`, "5");
const url = `http://127.0.0.1:${port}`;
import http from "node:http";
const call = (method, path, body) => new Promise((resolve, reject) => {
  const t = Date.now();
  const data = body === undefined ? undefined : JSON.stringify(body);
  const req = http.request(url + path, { method, headers: { authorization: `Bearer ${key}`, ...(data ? { "content-type": "application/json" } : {}) } }, (res) => {
    let text = "";
    res.on("data", (d) => (text += d));
    res.on("end", () => (res.statusCode === 200 ? resolve({ ms: Date.now() - t, json: JSON.parse(text) }) : reject(new Error(`${method} ${path}: ${res.statusCode} ${text}`))));
  });
  req.on("error", reject);
  req.end(data);
});
for (;;) {
  try { await call("GET", "/_quire/v1/snapshots"); break; } catch { await new Promise((r) => setTimeout(r, 200)); }
  if (child.exitCode !== null) { console.log(out); process.exit(1); }
}
const lines = [];
const note = (what, ms) => { const s = status(); lines.push(`${label} | ${what} | ${ms} ms | VmHWM ${s.VmHWM} | VmRSS ${s.VmRSS}`); console.log(lines.at(-1)); };
note("start", Date.now() - t0);
// The peak is a process's own child (tsx): measure the node process itself (no wrapper with --import).
let r;
if (!process.env.SKIP_SAVE) { clear(); r = await call("POST", "/_quire/v1/snapshots", { name: "measure" }); note(`save (${(r.json.size / 1048576).toFixed(0)} MiB)`, r.ms); }
clear(); r = await call("POST", "/_quire/v1/snapshots/measure/restore"); note("restore", r.ms);
child.kill("SIGTERM");
await new Promise((r) => child.on("exit", r));
