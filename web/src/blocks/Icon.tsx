/** A Notion icon (page, callout, mention): emoji, uploaded or external image, custom emoji, or a named Notion icon. */
import type { Json } from "../api";
import { safeUrl } from "./links";
import { colorClass, cx } from "./colors";

/**
 * `icon` as Notion shows it, decorative (`aria-hidden`): the title beside it names the thing.
 * `fallback` is shown when there is no icon (e.g. 📄 for a page).
 */
export function NotionIcon({ icon, fallback, className }: { icon: Json | null | undefined; fallback?: string; className?: string }) {
  const cls = cx("nt-icon", className);
  if (icon?.type === "emoji" && icon.emoji) {
    return (
      <span className={cls} aria-hidden="true">
        {icon.emoji}
      </span>
    );
  }
  const url = safeUrl(icon?.type === "external" ? icon.external?.url : icon?.type === "file" ? icon.file?.url : icon?.type === "custom_emoji" ? icon.custom_emoji?.url : null);
  if (url) return <img className={cx(cls, "nt-icon-img")} src={url} alt="" aria-hidden="true" />;
  if (icon?.type === "icon" && icon.icon?.name) {
    // Notion's named icons (`{name, color}`) are drawn by Notion's app; Quire shows a coloured dot with the name as a tooltip.
    return <span className={cx(cls, "nt-named-icon", colorClass(icon.icon.color))} aria-hidden="true" title={icon.icon.name} />;
  }
  if (!fallback) return null;
  return (
    <span className={cls} aria-hidden="true">
      {fallback}
    </span>
  );
}
