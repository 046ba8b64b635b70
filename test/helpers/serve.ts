/**
 * A Quire in its own process for tests that time the server from outside (a blocked server
 * cannot stall the test's own event loop, and the test can always kill it). Options come as
 * JSON in QUIRE_TEST_OPTIONS; the process prints one JSON line {url, token, adminKey, devIntegrationId} when it
 * listens and closes on SIGTERM. Started by startChildQuire (child-quire.ts).
 */
import { startQuire, type QuireOptions } from "../../src/index.js";

const opts = JSON.parse(process.env.QUIRE_TEST_OPTIONS ?? "{}") as QuireOptions;
const q = await startQuire(opts);
process.stdout.write(JSON.stringify({ url: q.url, token: q.token, adminKey: q.adminKey, devIntegrationId: q.devIntegrationId }) + "\n");
const stop = () => void q.close().then(() => process.exit(0));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
