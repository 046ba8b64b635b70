/** Small readers of Notion's objects shared by every screen (titles, plain text, icons). */
import type { Json } from "./api";

/** The plain text of a rich-text array. */
export function plainText(rich: Json[] | undefined): string {
  return (rich ?? []).map((t) => t.plain_text ?? t.text?.content ?? "").join("");
}

/** A page's or a database's title as text ("Untitled" when empty). */
export function titleOf(obj: Json | undefined): string {
  if (!obj) return "";
  if (obj.object === "database" || obj.object === "data_source") return plainText(obj.title) || "Untitled";
  for (const prop of Object.values<Json>(obj.properties ?? {})) if (prop?.type === "title") return plainText(prop.title) || "Untitled";
  return "Untitled";
}

/** An emoji icon as text, or null (file and external icons are images: `iconUrl`). */
export function iconEmoji(obj: Json | undefined): string | null {
  return obj?.icon?.type === "emoji" ? obj.icon.emoji : null;
}

/** The URL of a file or external icon or cover, or null. */
export function fileUrl(f: Json | undefined | null): string | null {
  if (!f) return null;
  if (f.type === "external") return f.external?.url ?? null;
  if (f.type === "file") return f.file?.url ?? null;
  if (f.type === "custom_emoji") return f.custom_emoji?.url ?? null;
  return null;
}
