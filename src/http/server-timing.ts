/**
 * `Server-Timing: store;desc="N statements";dur=ms` on every answer, when the server is started
 * with `serverTiming` (README, "Options"): the store statements the request ran and the time
 * spent in its store units (storage/meter.ts); on a node with read replicas, also how many read
 * units a replica answered. Tests read the count to check that a request's
 * work does not grow with its data, without timing it.
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import { meterStatements, newMeter, type StatementMeter } from "../storage/meter.js";

const meters = new WeakMap<FastifyRequest, StatementMeter>();

/** Runs every request of `app` inside a statement meter and reports it in `Server-Timing`. */
export function meterRequests(app: FastifyInstance): void {
  // A callback hook, so the rest of the request (hooks, handler) runs inside the meter's context.
  app.addHook("onRequest", (req, _reply, done) => {
    const meter = newMeter();
    meters.set(req, meter);
    meterStatements(meter, done);
  });
  app.addHook("onSend", async (req, reply, payload) => {
    const m = meters.get(req);
    if (!m) return payload;
    let value = `store;desc="${m.statements} statements";dur=${m.ms.toFixed(1)}`;
    // Only on a node with read replicas: how many of its read units a replica answered, and how many fell back.
    if (m.replica + m.fallback > 0) value += `, replica;desc="${m.replica} reads, ${m.fallback} on the primary"`;
    reply.header("server-timing", value);
    return payload;
  });
}
