/**
 * Notion's colours (`ApiColor`: `default`, `gray` … `red`, each also as `<colour>_background`) →
 * the class that paints them (blocks.css holds the palette as CSS variables).
 */
export const NOTION_COLORS = ["gray", "brown", "orange", "yellow", "green", "blue", "purple", "pink", "red"] as const;

/** The class for a Notion colour value, or "" for `default` and anything unknown. */
export function colorClass(color: string | undefined | null): string {
  if (!color || color === "default") return "";
  const bg = color.endsWith("_background");
  const name = bg ? color.slice(0, -"_background".length) : color;
  if (!(NOTION_COLORS as readonly string[]).includes(name)) return "";
  return bg ? `nt-bg-${name}` : `nt-color-${name}`;
}

/** Class names joined, falsy ones left out. */
export function cx(...names: (string | false | null | undefined)[]): string {
  return names.filter(Boolean).join(" ");
}
