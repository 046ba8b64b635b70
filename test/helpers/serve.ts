/**
 * A Quire in its own process for tests that time the server from outside (a blocked server
 * cannot stall the test's own event loop, and the test can always kill it). Options come as
 * JSON in QUIRE_TEST_OPTIONS; the process prints one JSON line {url, token, adminKey,
 * devIntegrationId} when it listens and closes on SIGTERM. Started by startChildQuire
 * (child-quire.ts).
 *
 * It also measures the longest stretch of CPU time the process spent between two turns of its
 * event loop (a 2 ms interval; what a stall is, whatever else the machine is doing): SIGUSR2
 * prints `stretch <ms>` and starts a new measurement.
 */
import { startQuire, type QuireOptions } from "../../src/index.js";

const opts = JSON.parse(process.env.QUIRE_TEST_OPTIONS ?? "{}") as QuireOptions;
const q = await startQuire(opts);
process.stdout.write(JSON.stringify({ url: q.url, token: q.token, adminKey: q.adminKey, devIntegrationId: q.devIntegrationId }) + "\n");

let since = process.cpuUsage();
let longest = 0;
setInterval(() => {
  const used = process.cpuUsage(since);
  since = process.cpuUsage();
  longest = Math.max(longest, (used.user + used.system) / 1000);
}, 2).unref();
process.on("SIGUSR2", () => {
  process.stdout.write(`stretch ${longest.toFixed(1)}\n`);
  longest = 0;
});

const stop = () => void q.close().then(() => process.exit(0));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
