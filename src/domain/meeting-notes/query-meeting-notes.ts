/**
 * POST /v1/blocks/meeting_notes/query (`blocks.meetingNotes.query`) — the meeting notes "where the
 * user tied to the integration is listed as an attendee", filtered, sorted and cut at `limit`;
 * `{results, has_more}` without cursors ("This endpoint does not use cursor-based pagination").
 * Quire's integrations are internal, so the user tied to one is its bot user; notes outside what
 * the integration can see, or in the trash, are left out. Reference:
 * developers.notion.com/reference/query-meeting-notes; choices: docs/design/meeting-notes.md.
 */
import type { StoredNode } from "../../storage/types.js";
import type { Ctx } from "../context.js";
import { nodeInSight, requireCap } from "../access.js";
import { Invalid, invalidToApiError } from "../../api/validate.js";
import { withoutUnseenMentions } from "../mentions.js";
import { parseNotesFilter, parseNotesSort, type NoteFacts } from "./filter.js";
import { noteFacts, presentMeetingNote } from "./model.js";

/** The request, validated (src/routes/meeting-notes.schema.ts); `filter` and `sort` are parsed here. */
export interface QueryMeetingNotesInput {
  filter?: unknown;
  sort?: unknown;
  limit: number;
}

export async function queryMeetingNotes(ctx: Ctx, input: QueryMeetingNotesInput) {
  requireCap(ctx, "read_content");
  const { matches, order } = parsed(ctx, input);
  return ctx.store.read(async (tx) => {
    const ws = ctx.actor.workspace.id;
    const found: { node: StoredNode; facts: NoteFacts }[] = [];
    for (const id of await tx.meetingNotes.attendedBy(ws, ctx.actor.bot.id)) {
      const seen = await nodeInSight(tx, ctx.actor, id);
      const node = seen?.node;
      if (!node || node.type !== "meeting_notes" || node.in_trash || !seen.visible || seen.inherited_trash) continue;
      const facts = noteFacts(node);
      if (matches(facts)) found.push({ node, facts });
    }
    found.sort((a, b) => order(a.facts, b.facts));
    // Titles may mention pages (the control API takes rich text): unseen ones lose their title.
    const shown = await withoutUnseenMentions(tx, ctx, found.slice(0, input.limit).map((f) => f.node), ["data"]);
    return { results: shown.map((node) => presentMeetingNote(node, ctx)), has_more: found.length > input.limit };
  });
}

/** The filter and sorts, parsed; failures are Notion's 400 on `body`. */
function parsed(ctx: Ctx, input: QueryMeetingNotesInput) {
  const clock = { now: ctx.clock.now(), timeZone: ctx.actor.workspace.time_zone };
  try {
    return { matches: parseNotesFilter(input.filter, "body.filter", clock), order: parseNotesSort(input.sort, "body.sort") };
  } catch (e) {
    if (e instanceof Invalid) throw invalidToApiError("body", e);
    throw e;
  }
}
