/**
 * What a filter's conditions depend on besides their JSON: the clock and the workspace's time zone
 * (relative dates), "me", and the request's version and betas (status groups). Every verb that
 * parses a data-source filter (queries, views) asks here, so the rules stay the same everywhere.
 */
import type { Ctx } from "./context.js";
import type { ConditionContext } from "../query/conditions.js";
import { atLeast } from "../api/version.js";

/** The condition context of a request. */
export function conditionContext(ctx: Ctx): ConditionContext {
  return {
    now: ctx.clock.now(),
    timeZone: ctx.actor.workspace.time_zone,
    meUserId: ctx.actor.bot.id,
    statusGroupOperators: ctx.betas.has("status-group-filters-2026-10-06"),
    // "equals stops matching groups" on 2026-12-01 (developers.notion.com/guides/get-started/upgrade-guide-2026-12-01).
    statusEqualsMatchesGroups: !atLeast(ctx.version, "2026-12-01"),
  };
}
