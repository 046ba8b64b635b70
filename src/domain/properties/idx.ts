/** The `idx` projection of a database page (docs/design/database-values.md). */
import type { PropertySchema } from "./schema.js";
import { plainText } from "../rich-text.js";

const dateMs = (s: string): number => Date.parse(s.length === 10 ? `${s}T00:00:00Z` : s);

export function projectIdx(schema: PropertySchema[], properties: Record<string, unknown>): Record<string, unknown> {
  const idx: Record<string, unknown> = {};
  for (const p of schema) {
    const v = properties[p.id];
    switch (p.type) {
      case "title":
      case "rich_text":
        idx[p.id] = plainText((v as { plain_text: string }[] | undefined) ?? []);
        break;
      case "url":
      case "email":
      case "phone_number":
        idx[p.id] = (v as string | null | undefined) ?? "";
        break;
      case "date": {
        const d = v as { start: string; end: string | null } | null | undefined;
        if (d) {
          const s = dateMs(d.start);
          idx[p.id] = { s, e: d.end ? dateMs(d.end) : s };
        }
        break;
      }
    }
  }
  return idx;
}
