/**
 * The toolkit's steps on /v1 (docs/design/clock-rate-limits-faults.md), run by the `/v1` auth
 * hook (app.ts): before auth, the latency setting and faults without an integration; after auth,
 * the rate limits (the connection's and the workspace's budgets, counted together in one store
 * call) and faults naming an integration. With everything off each step is a property read or two.
 * Freed by `toolkit.freeHeld()`, which startQuire's close calls before closing the server.
 */
import type { FastifyReply, FastifyRequest } from "fastify";
import type { Toolkit } from "../domain/toolkit/state.js";
import { faultError, type FaultOutcome } from "../domain/toolkit/faults.js";
import { notionLatency } from "../domain/toolkit/latency.js";
import { errors } from "../api/errors.js";

/** How long a `timeout` fault holds a request before answering 504 (the client usually gives up first). */
export const HOLD_MS = 60_000;

/**
 * What the toolkit does to a request before auth (latency, faults without an integration), or
 * null when it does nothing: the `/v1` auth hook (app.ts) awaits it only then, so with everything off a request pays one property read and no hook of its own.
 */
export function toolkitBeforeAuth(toolkit: Toolkit, req: FastifyRequest, reply: FastifyReply): Promise<void> | null {
  return toolkit.active ? beforeAuth(toolkit, toolkit.held, req, reply) : null;
}

/** What the toolkit does after auth (the rate limits, faults naming an integration), or null when it does nothing. */
export function toolkitAfterAuth(toolkit: Toolkit, req: FastifyRequest, reply: FastifyReply): Promise<void> | null {
  if (toolkit.settings.rateLimit.kind === "off" && toolkit.faults.byIntegration === 0) return null;
  return afterAuth(toolkit, toolkit.held, req, reply);
}

async function beforeAuth(toolkit: Toolkit, waiting: Set<() => void>, req: FastifyRequest, reply: FastifyReply) {
  if (toolkit.settings.latency === "notion") await pause(waiting, notionLatency());
  const fault = toolkit.faults.size > 0 ? await toolkit.faults.meet(req.method, req.url) : null;
  if (fault) await suffer(fault, waiting, req, reply);
}

async function afterAuth(toolkit: Toolkit, waiting: Set<() => void>, req: FastifyRequest, reply: FastifyReply) {
  const actor = req.ctx?.actor;
  if (!actor) return;
  if (toolkit.settings.rateLimit.kind !== "off") {
    // Notion counts per connection (an integration's token; here a personal token is its own, and a
    // person's browser sessions share one budget: every tab and sign-in of theirs is one person).
    const connection = actor.person?.session ? `u:${actor.bot.id}` : actor.person ? `p:${actor.person.tokenId}` : `c:${actor.integration.id}`;
    const limited = await toolkit.count({ workspaceId: actor.workspace.id, connection });
    if (limited) throw limited;
  }
  const fault = toolkit.faults.byIntegration > 0 ? await toolkit.faults.meet(req.method, req.url, actor.integration.id) : null;
  if (!fault) return;
  // A GET's token unit stays open for the verb's first read: not held across a delay.
  if (fault.latencyMs > 0 || fault.error === "timeout") await req.unit?.release();
  await suffer(fault, waiting, req, reply);
}

/** A fault's delay, then its error: thrown, held until the client leaves, or the socket destroyed. */
async function suffer(fault: FaultOutcome, waiting: Set<() => void>, req: FastifyRequest, reply: FastifyReply) {
  if (fault.latencyMs > 0) await pause(waiting, fault.latencyMs);
  if (fault.error === null) return;
  if (fault.error === "reset") {
    // A hijacked reply ends the hook chain: nothing more runs or is sent.
    reply.hijack();
    req.raw.socket?.destroy();
    return;
  }
  if (fault.error === "timeout") {
    await pause(waiting, HOLD_MS, reply);
    throw errors.gatewayTimeout();
  }
  throw faultError(fault.error);
}

/** Waits `ms`, or less when the app closes or (with `reply`) the client goes away. */
function pause(waiting: Set<() => void>, ms: number, reply?: FastifyReply): Promise<void> {
  return new Promise((resolve) => {
    const free = () => {
      clearTimeout(timer);
      waiting.delete(free);
      reply?.raw.off("close", free);
      resolve();
    };
    const timer = setTimeout(free, ms);
    waiting.add(free);
    // The response's close: its socket went away (the request's closes once its body is read).
    reply?.raw.once("close", free);
  });
}
