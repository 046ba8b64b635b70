/**
 * Aggregation: two events of one type on one entity become one, as Notion batches them
 * (developers.notion.com/reference/webhooks-events-delivery, "Aggregated events": "a single
 * event … within a short window"): lists of what changed are unioned in the order things first
 * changed, the rest (the parent) is the latest; authors are unioned.
 */
import type { Author, Change } from "./events.js";
import type { Emission } from "./changes.js";

type Json = Record<string, unknown>;

interface SchemaChange {
  id: string;
  name: string | null;
  action: "created" | "updated" | "deleted";
}

/** Ids kept once, in first-seen order. */
function unionBy<T>(a: readonly T[], b: readonly T[], key: (x: T) => string): T[] {
  const seen = new Set(a.map(key));
  const out = [...a];
  for (const x of b) if (!seen.has(key(x))) (seen.add(key(x)), out.push(x));
  return out;
}

/**
 * A property's two changes as one: made then changed is still made (with its latest name); made
 * then removed is nothing; changed then removed is removed; removed then made again is changed.
 */
function combineAction(first: SchemaChange, then: SchemaChange): SchemaChange | null {
  if (first.action === "created") return then.action === "deleted" ? null : { ...then, action: "created" };
  if (first.action === "deleted" && then.action === "created") return { ...then, action: "updated" };
  return then;
}

function mergeSchemaChanges(a: readonly SchemaChange[], b: readonly SchemaChange[]): SchemaChange[] {
  const order: string[] = [];
  const byId = new Map<string, SchemaChange | null>();
  for (const c of [...a, ...b]) {
    if (!byId.has(c.id)) (order.push(c.id), byId.set(c.id, c));
    else {
      const prev = byId.get(c.id);
      byId.set(c.id, prev ? combineAction(prev, c) : { ...c, action: c.action === "deleted" ? "deleted" : "created" });
    }
  }
  return order.map((id) => byId.get(id)).filter((c): c is SchemaChange => c !== null && c !== undefined);
}

/** `later`'s data merged into `earlier`'s (same type, same entity). */
export function mergeData(earlier: Json | null, later: Json | null): Json | null {
  if (!earlier) return later;
  if (!later) return earlier;
  const out: Json = { ...earlier };
  for (const [k, v] of Object.entries(later)) {
    const prev = earlier[k];
    if (k === "updated_blocks" && Array.isArray(prev) && Array.isArray(v)) out[k] = unionBy(prev as Json[], v as Json[], (x) => String(x.id));
    else if (k === "updated_properties" && Array.isArray(prev) && Array.isArray(v)) {
      const strings = prev.every((x) => typeof x === "string") && v.every((x) => typeof x === "string");
      out[k] = strings ? unionBy(prev as string[], v as string[], (x) => x) : mergeSchemaChanges(prev as SchemaChange[], v as SchemaChange[]);
    } else if (k === "updated_fields" && Array.isArray(prev) && Array.isArray(v)) out[k] = unionBy(prev as string[], v as string[], (x) => x);
    else out[k] = v;
  }
  return out;
}

/** Authors of both, each once, in first-seen order. */
export function mergeAuthors(a: readonly Author[], b: readonly Author[]): Author[] {
  return unionBy(a, b, (x) => x.id);
}

/** An emission with its authors gathered. */
export interface Merged {
  change: Change;
  authors: string[];
  audience: Emission["audience"];
}

const keyOf = (c: Change) => {
  const f = c.current ?? c.legacy!;
  return `${f.type}\u0000${f.entity.id}`;
};
const suffixOf = (c: Change) => {
  const t = (c.current ?? c.legacy!).type;
  return { prefix: t.slice(0, t.indexOf(".")), suffix: t.slice(t.indexOf(".") + 1), id: (c.current ?? c.legacy!).entity.id };
};

/**
 * One unit's emissions merged before any reaches the outbox: one event per type and entity,
 * and a change to something the unit created is part of its creation (a page made with its
 * content is `page.created` alone).
 */
export function premerge(list: Emission[]): Merged[] {
  const out = new Map<string, Merged>();
  for (const e of list) {
    if (!e.change.current && !e.change.legacy) continue;
    const { prefix, suffix, id } = suffixOf(e.change);
    // A view the server made with a database or data source (made, or moved into a database) is part of that change.
    const partOf = (id: string) => ["database.created", "data_source.created", "data_source.moved"].some((t) => out.has(`${t}\u0000${id}`));
    if (e.madeWith?.some(partOf)) continue;
    const created = out.get(`${prefix}.created\u0000${id}`);
    if (created && suffix !== "created" && suffix !== "deleted") {
      if (!created.authors.includes(e.author)) created.authors.push(e.author);
      continue;
    }
    const key = keyOf(e.change);
    const prev = out.get(key);
    if (!prev) {
      out.set(key, { change: e.change, authors: [e.author], audience: e.audience });
      continue;
    }
    const merge = (a: Change["current"], b: Change["current"]) => (a && b ? { ...a, data: mergeData(a.data, b.data) } : (a ?? b));
    prev.change = { current: merge(prev.change.current, e.change.current), legacy: merge(prev.change.legacy, e.change.legacy) };
    if (!prev.authors.includes(e.author)) prev.authors.push(e.author);
  }
  return [...out.values()];
}
