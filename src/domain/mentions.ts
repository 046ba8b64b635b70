/**
 * Page and database mentions as one reader sees them. A mention is stored with the title its
 * writer saw; a reader that cannot see the object gets it without the title ("Untitled", the id
 * and href kept — present/mentions.ts), wherever rich text is answered: blocks, page titles,
 * comments (database page values do the same in properties/read-values.ts, page markdown in
 * markdown/page-markdown.ts).
 */
import type { Tx } from "../storage/types.js";
import type { Ctx } from "./context.js";
import { hideUnseenMentions, mentionedObjects } from "../present/mentions.js";
import { Sight } from "./visibility.js";

/** Ids of the objects mentioned anywhere inside a value (rich text arrays at any depth). */
export function mentionsIn(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) {
    mentionedObjects(value, out);
    for (const v of value) if (v && typeof v === "object") mentionsIn(v, out);
  } else if (value && typeof value === "object") for (const v of Object.values(value)) mentionsIn(v, out);
  return out;
}

/** The value with every unseen mention's title omitted (a copy only where something changed). */
function masked<T>(value: T, sees: (id: string) => boolean): T {
  if (Array.isArray(value)) {
    const items = hideUnseenMentions(value, sees);
    let out: unknown[] | null = items === value ? null : items;
    const base = out ?? value;
    for (let i = 0; i < base.length; i++) {
      const next = masked(base[i], sees);
      if (next !== base[i]) (out ??= base.slice())[i] = next;
    }
    return (out ?? value) as T;
  }
  if (!value || typeof value !== "object") return value;
  let out: Record<string, unknown> | null = null;
  for (const [k, v] of Object.entries(value)) {
    const next = masked(v, sees);
    if (next !== v) (out ??= { ...(value as Record<string, unknown>) })[k] = next;
  }
  return (out ?? value) as T;
}

/**
 * The objects as the caller may see them: each one's `fields` (payloads holding rich text)
 * with mentions of pages and databases it cannot see left without their title. One batch of
 * visibility lookups for all of them (through `sight` when the request has one); objects
 * without such mentions come back as they were.
 */
export async function withoutUnseenMentions<T extends object>(tx: Tx, ctx: Ctx, objects: T[], fields: (keyof T)[], sight = new Sight(tx, ctx.actor)): Promise<T[]> {
  const ids: string[] = [];
  for (const o of objects) for (const f of fields) mentionsIn(o[f], ids);
  if (ids.length === 0) return objects;
  await sight.load(ids);
  const sees = (id: string) => sight.sees(id);
  return objects.map((o) => {
    let out: T | null = null;
    for (const f of fields) {
      const next = masked(o[f], sees);
      if (next !== o[f]) (out ??= { ...o })[f] = next;
    }
    return out ?? o;
  });
}
