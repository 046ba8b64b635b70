/** `/_quire/v1/rate_limit` and `/_quire/v1/latency` (server-wide, admin key): Notion's request limits and a Notion-like delay. */
import type { FastifyInstance } from "fastify";
import type { Deps } from "../domain/context.js";
import { check } from "../api/validate.js";
import { bodyOf } from "./helpers.js";
import { latencyBody, rateLimitBody } from "./admin-toolkit.schema.js";
import { toolkitOf } from "./admin-clock.js";
import { NOTION_LATENCY } from "../domain/toolkit/latency.js";
import { connectionBudget, workspaceBudget } from "../domain/toolkit/rate-limit.js";
import { rateLimitName, RATE_WINDOW_MS, type ToolkitSettings } from "../domain/toolkit/settings.js";

function viewRateLimit(s: ToolkitSettings) {
  return { object: "rate_limit", limit: rateLimitName(s.rateLimit), per_connection: connectionBudget(s.rateLimit), per_workspace: workspaceBudget(s.rateLimit), window_ms: RATE_WINDOW_MS };
}

function viewLatency(s: ToolkitSettings) {
  return { object: "latency", latency: s.latency, ...(s.latency === "notion" ? { median_ms: NOTION_LATENCY.medianMs, p95_ms: NOTION_LATENCY.p95Ms, max_ms: NOTION_LATENCY.maxMs } : {}) };
}

export function adminRateLimitRoutes(admin: FastifyInstance, deps: Deps): void {
  admin.get("/_quire/v1/rate_limit", async () => viewRateLimit(toolkitOf(deps).settings));
  admin.put("/_quire/v1/rate_limit", async (req) => {
    const body = check("body", rateLimitBody, bodyOf(req));
    return viewRateLimit(await toolkitOf(deps).change({ rateLimit: body.limit }));
  });
  admin.get("/_quire/v1/latency", async () => viewLatency(toolkitOf(deps).settings));
  admin.put("/_quire/v1/latency", async (req) => {
    const body = check("body", latencyBody, bodyOf(req));
    return viewLatency(await toolkitOf(deps).change({ latency: body.latency }));
  });
}
