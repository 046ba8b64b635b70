/**
 * Database page properties as the API shows them: every schema property, keyed by name, with
 * `id` and `type`; relations and people cut at 25 in page objects; rollups computed from related pages.
 * Only what the reader may see counts: related pages it cannot see are left out of relations
 * (and so of rollups and formulas), and mentions of them lose their title
 * (docs/design/database-values.md, "What a reader sees").
 * Reference: developers.notion.com/reference/page-property-values
 */
import type { NodeRow } from "../../storage/types.js";
import type { RichTextItemResponse } from "@notionhq/client";
import { isoMinute } from "../clock.js";
import type { PropertySchema, SelectOption } from "./schema.js";
import { hideUnseenMentions, mentionedObjects, shapeItems } from "../../present/mentions.js";
import { storedUser, userForReader } from "../../present/user.js";
import { formulaValue } from "./formulas.js";
import { referenceLimit, shownReferences, visibleRelated, type ReadEnv, type RollupSource } from "./read-env.js";
import { showDate } from "../dates.js";

/**
 * A place value with every key, in Notion's order, null where nothing was written: "place"
 * answers `{lat, lon, name, address, aws_place_id, google_place_id}` even when the request left
 * `name` out (recorded 2026-03-11 traffic, ultimate-notion tests/cassettes test_place_property #2).
 */
export function placeValue(stored: unknown): Json | null {
  if (!stored || typeof stored !== "object") return null;
  const p = stored as Json;
  const or = (k: string) => (p[k] === undefined ? null : p[k]);
  return { lat: or("lat"), lon: or("lon"), name: or("name"), address: or("address"), aws_place_id: or("aws_place_id"), google_place_id: or("google_place_id") };
}

type Json = Record<string, unknown>;

/** A user a value names, as the reader's user-information capability shows it (read once per read). */
async function userObject(env: ReadEnv, id: string): Promise<Json> {
  const u = await env.preload.user(id);
  return u ? userForReader(storedUser(u), env.caps) : { object: "user", id };
}

const option = (p: PropertySchema, id: unknown) => {
  const o = ((p.config.options as SelectOption[]) ?? []).find((x) => x.id === id);
  return o ? { id: o.id, name: o.name, color: o.color } : null;
};

/**
 * Rich text as the reader sees it. Mentions are not cut at 25 in title and rich_text values (only
 * relation and people arrays are): recorded 2026-03-11 traffic, ultimate-notion tests/cassettes
 * test_more_than_max_mentions_per_text_property #3–#4 (100 items kept on create and on read).
 */
async function readText(items: RichTextItemResponse[], env: ReadEnv, src: string): Promise<RichTextItemResponse[]> {
  await env.sight.load(mentionedObjects(items));
  const files = env.files ? { urls: env.files, src } : undefined;
  return shapeItems(hideUnseenMentions(items, (id) => env.sight.sees(id)), env.caps, files) as RichTextItemResponse[];
}

/** The value of one property (without `id`), as in rollup arrays and property items. */
export async function valueOf(p: PropertySchema, node: NodeRow, env: ReadEnv, rollups?: RollupSource): Promise<Json> {
  const stored = node.properties?.[p.id];
  const v = (value: unknown) => ({ type: p.type, [p.type]: value });
  switch (p.type) {
    case "title":
    case "rich_text":
      return v(await readText((stored as RichTextItemResponse[]) ?? [], env, node.id));
    case "number":
    case "url":
    case "email":
    case "phone_number":
      return v(stored ?? null);
    case "date":
      // To the minute with its offset, also for values stored before that rule (domain/dates.ts).
      return v(showDate(stored));
    case "place":
      return v(placeValue(stored));
    case "checkbox":
      return v(stored === true);
    case "select":
    case "status":
      return v(stored ? option(p, stored) : null);
    case "multi_select":
      return v(((stored as string[]) ?? []).map((id) => option(p, id)).filter(Boolean));
    case "people": {
      const ids = (stored as string[]) ?? [];
      const shown = shownReferences(env, ids);
      await env.preload.loadUsers(shown);
      return v(await Promise.all(shown.map((id) => userObject(env, id))));
    }
    case "files": {
      const items = (stored as Json[]) ?? [];
      return v(env.files ? items.map((f) => env.files!.sign(f, node.id)) : items);
    }
    case "relation": {
      // Pages the reader cannot see are not there for it ("Why are relation page property values
      // empty?", developers.notion.com FAQ; makenotion/notion-sdk-js#514: `relation: []`).
      const ids = await visibleRelated(stored, env, p, referenceLimit(env) + 1);
      const shown = shownReferences(env, ids);
      return { type: "relation", relation: shown.map((id) => ({ id })), has_more: shown.length < ids.length };
    }
    case "created_time":
      return v(isoMinute(node.created_time));
    case "last_edited_time":
      return v(isoMinute(node.last_edited_time));
    case "created_by":
      return v(await userObject(env, node.created_by));
    case "last_edited_by":
      return v(await userObject(env, node.last_edited_by));
    case "unique_id":
      return v({ prefix: (p.config.prefix as string | null) ?? null, number: (stored as number | undefined) ?? null });
    case "verification": {
      const s = stored as Json | null | undefined;
      if (!s) return v({ state: "unverified", date: null, verified_by: null });
      return v({ state: s.state, date: showDate(s.date), verified_by: s.verified_by ? await userObject(env, s.verified_by as string) : null });
    }
    case "button":
      return v({});
    case "formula":
      return v(await formulaValue(p, node, env, rollups, valueOf));
    case "rollup":
      return v(rollups ? await rollups(p, node, env) : { type: "number", number: null, function: p.config.function });
  }
}
