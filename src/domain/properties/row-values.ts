/**
 * The `properties` of many database pages of one schema, as read-values.ts shows them, with the
 * per-schema work done once per answer instead of once per row: the properties kept (`only`),
 * their encoded ids, option lookups, and one reader per property. A reader answers from what the
 * answer has already read (the sight of related and mentioned pages, the users its values name:
 * `preloadSight`, `preloadRows`) without a promise; whenever something it needs was not read yet
 * — and always for formulas and rollups — the property goes through `valueOf`, the one
 * definition of a value, so the answer is the same either way.
 * Reference: developers.notion.com/reference/page-property-values
 */
import type { RichTextItemResponse } from "@notionhq/client";
import type { NodeRow } from "../../storage/types.js";
import { isoMinute } from "../clock.js";
import { showDate } from "../dates.js";
import { dict } from "../../lib/dict.js";
import { encodePropertyId, type PropertySchema, type SelectOption } from "./schema.js";
import { hideUnseenMentions, mentionedObjects, shapeItems } from "../../present/mentions.js";
import { storedUser, userForReader } from "../../present/user.js";
import { placeValue, valueOf } from "./read-values.js";
import { memoOf, referenceLimit, shownReferences, type ReadEnv, type RollupSource } from "./read-env.js";
import { LIMITS } from "../../api/limits.js";

type Json = Record<string, unknown>;

/** A reader's answer when what it needs was not read yet: `valueOf` reads the property instead. */
const LATER = Symbol("later");
type Later = typeof LATER;

/** One property's value with its `id` (`{id, type, [type]: value}`), or LATER. */
type Reader = (node: NodeRow, env: ReadEnv) => Json | Later;

interface Compiled {
  p: PropertySchema;
  name: string;
  read: Reader | null;
}

/** The readers of one schema (and `only`), made once per read: `ReadMemo.rows`. */
interface Readers {
  only: Set<string> | undefined;
  props: Compiled[];
}

/** The `properties` map of a database page (every schema property, or those `only` names). */
export async function rowProperties(node: NodeRow, schema: PropertySchema[], env: ReadEnv, rollups?: RollupSource, only?: Set<string>): Promise<Record<string, Json>> {
  const out = dict<Json>();
  for (const c of readersOf(schema, only, env).props) {
    const shown = c.read ? c.read(node, env) : LATER;
    out[c.name] = shown !== LATER ? shown : { id: encodePropertyId(c.p.id), ...(await valueOf(c.p, node, env, rollups)) };
  }
  return out;
}

/** The readers of `schema` for this read, made on first use (the same schema array and `only` set: the same readers). */
function readersOf(schema: PropertySchema[], only: Set<string> | undefined, env: ReadEnv): Readers {
  const memo = memoOf(env);
  const known = (memo.rows ??= new WeakMap()).get(schema) as Readers | undefined;
  if (known && known.only === only) return known;
  const props: Compiled[] = [];
  for (const p of schema) {
    const id = encodePropertyId(p.id);
    if (only && !only.has(p.id) && !only.has(id) && !only.has(p.name)) continue;
    props.push({ p, name: p.name, read: reader(p, id) });
  }
  const made = { only, props };
  memo.rows.set(schema, made);
  return made;
}

/** The synchronous reader of a property (null: always `valueOf`). Each answers exactly as `valueOf` does. */
function reader(p: PropertySchema, id: string): Reader | null {
  const type = p.type;
  const v = (value: unknown): Json => ({ id, type, [type]: value });
  switch (type) {
    case "title":
    case "rich_text":
      return (node, env) => {
        const items = (node.properties?.[p.id] as RichTextItemResponse[] | undefined) ?? [];
        const text = shownText(items, env, node.id);
        return text === LATER ? LATER : v(text);
      };
    case "number":
    case "url":
    case "email":
    case "phone_number":
      return (node) => v(node.properties?.[p.id] ?? null);
    case "date":
      return (node) => v(showDate(node.properties?.[p.id]));
    case "place":
      return (node) => v(placeValue(node.properties?.[p.id]));
    case "checkbox":
      return (node) => v(node.properties?.[p.id] === true);
    case "select":
    case "status": {
      const option = options(p);
      return (node) => {
        const stored = node.properties?.[p.id];
        return v(stored ? option(stored) : null);
      };
    }
    case "multi_select": {
      const option = options(p);
      return (node) => {
        const stored = node.properties?.[p.id] ?? [];
        if (!Array.isArray(stored)) return LATER;
        return v(stored.map(option).filter(Boolean));
      };
    }
    case "people":
      return (node, env) => {
        const stored = node.properties?.[p.id] ?? [];
        if (!Array.isArray(stored)) return LATER;
        const users = shownUsers(shownReferences(env, stored), env);
        return users === LATER ? LATER : v(users);
      };
    case "files":
      return (node, env) => {
        const items = (node.properties?.[p.id] as Json[] | undefined) ?? [];
        if (!env.files) return v(items);
        if (!Array.isArray(items)) return LATER;
        return v(items.map((f) => env.files!.sign(f, node.id)));
      };
    case "relation":
      return (node, env) => {
        // Pages the reader cannot see are not there for it (read-values.ts, "relation").
        const ids = seenRelated(node.properties?.[p.id], env, referenceLimit(env) + 1);
        if (ids === LATER) return LATER;
        const shown = shownReferences(env, ids);
        return { id, type, relation: shown.map((page) => ({ id: page })), has_more: shown.length < ids.length };
      };
    case "created_time":
      return (node) => v(isoMinute(node.created_time));
    case "last_edited_time":
      return (node) => v(isoMinute(node.last_edited_time));
    case "created_by":
    case "last_edited_by":
      return (node, env) => {
        const user = shownUser(type === "created_by" ? node.created_by : node.last_edited_by, env);
        return user === LATER ? LATER : v(user);
      };
    case "unique_id": {
      const prefix = (p.config.prefix as string | null) ?? null;
      return (node) => v({ prefix, number: (node.properties?.[p.id] as number | undefined) ?? null });
    }
    case "button":
      return () => v({});
    default:
      // formula, rollup, verification: read by `valueOf`.
      return null;
  }
}

/** `option(id)`: the select/status option `{id, name, color}` (the first with that id), or null. */
function options(p: PropertySchema): (id: unknown) => Json | null {
  const by = new Map<unknown, SelectOption>();
  for (const o of (p.config.options as SelectOption[]) ?? []) if (o && !by.has(o.id)) by.set(o.id, o);
  return (id) => {
    const o = by.get(id);
    return o ? { id: o.id, name: o.name, color: o.color } : null;
  };
}

/** Rich text as the reader sees it (read-values.ts `readText`), or LATER when a mention's sight was not decided. */
function shownText(items: RichTextItemResponse[], env: ReadEnv, src: string): RichTextItemResponse[] | Later {
  if (!Array.isArray(items)) return LATER;
  const mentioned = mentionedObjects(items);
  for (const m of mentioned) if (!env.sight.decided(m)) return LATER;
  const seen = mentioned.length ? hideUnseenMentions(items, (x) => env.sight.sees(x)) : items;
  return shapeItems(seen, env.caps, env.files ? { urls: env.files, src } : undefined) as RichTextItemResponse[];
}

/**
 * read-env.ts `visibleRelated` from decided sight only: the first `limit` page ids of a stored
 * relation the reader sees, looking at the ids in the same chunks, or LATER when one was not decided.
 */
function seenRelated(stored: unknown, env: ReadEnv, limit: number): string[] | Later {
  const ids = Array.isArray(stored) ? stored.filter((x): x is string => typeof x === "string") : [];
  const out: string[] = [];
  for (let from = 0; from < ids.length && out.length < limit; ) {
    const end = limit === Infinity ? ids.length : from + Math.max(limit - out.length, LIMITS.PAGE_PROPERTY_REFERENCES);
    for (let i = from; i < end && i < ids.length; i++) if (!env.sight.decided(ids[i])) return LATER;
    for (let i = from; i < end && i < ids.length; i++) if (out.length < limit && env.sight.sees(ids[i])) out.push(ids[i]);
    from = Math.min(end, ids.length);
  }
  return out;
}

/** The users of a people value as the reader sees them, or LATER when one was not read yet. */
function shownUsers(ids: unknown[], env: ReadEnv): Json[] | Later {
  const out: Json[] = [];
  for (const id of ids) {
    const user = typeof id === "string" ? shownUser(id, env) : LATER;
    if (user === LATER) return LATER;
    out.push(user);
  }
  return out;
}

/**
 * A user a value names, as the reader's capabilities show it (read-values.ts `userObject`), made
 * once per read and shared by every value naming it; LATER when the user was not read yet.
 */
function shownUser(id: string, env: ReadEnv): Json | Later {
  const memo = memoOf(env);
  const known = (memo.users ??= new Map()).get(id);
  if (known) return known;
  const u = env.preload.readUser(id);
  if (u === undefined) return LATER;
  const shown = u ? userForReader(storedUser(u), env.caps) : { object: "user", id };
  memo.users.set(id, shown);
  return shown;
}
