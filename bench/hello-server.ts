/**
 * Child process of bench/http.ts: the ceiling for HTTP — a fastify hello-world with the same
 * fastify Quire uses, default options, answering GET / with {"hello":"world"}.
 */
import Fastify from "fastify";
import type { AddressInfo } from "node:net";

const app = Fastify({ logger: false });
app.get("/", async () => ({ hello: "world" }));
await app.listen({ port: 0, host: "127.0.0.1" });
const { port } = app.server.address() as AddressInfo;
process.send!({ type: "ready", url: `http://127.0.0.1:${port}` });

process.on("message", async (m: { type: string }) => {
  if (m.type === "close") {
    await app.close();
    process.exit(0);
  }
});
