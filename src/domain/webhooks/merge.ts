/**
 * Aggregation: two events of one type on one entity become one, as Notion batches them
 * (developers.notion.com/reference/webhooks-events-delivery, "Aggregated events": "a single
 * event … within a short window"): lists of what changed are unioned in the order things first
 * changed, the rest (the parent) is the latest; authors are unioned.
 */
import type { Author } from "./events.js";

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
