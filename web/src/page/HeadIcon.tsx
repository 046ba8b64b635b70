/** The big icon above a page's or a database's title: an emoji as text, any image icon as an image, both named (`label`). */
import type { Json } from "../api";
import { fileUrl } from "../notion";
import { NotionIcon } from "../blocks/Icon";

export function HeadIcon({ icon, label }: { icon: Json; label: string }) {
  const url = fileUrl(icon);
  return (
    <div className="page-icon">
      {icon.type === "emoji" ? (
        <span role="img" aria-label={label}>
          {icon.emoji}
        </span>
      ) : url ? (
        <img src={url} alt={label} />
      ) : (
        <span role="img" aria-label={label}>
          <NotionIcon icon={icon} />
        </span>
      )}
    </div>
  );
}
