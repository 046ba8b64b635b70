/**
 * A mention inside rich text, as Notion's app shows it: a person as "@Name"; a page or database
 * as its icon and title, linked inside the app; a date as "@December 7, 2026" (dates.ts); a link
 * mention as the site's icon and title; a link preview as its link; a template mention as
 * "@Today", "@Now" or "@Me"; a custom emoji as its image.
 */
import type { Json } from "../api";
import { Link, useHref } from "../router";
import { formatNotionDate } from "./dates";
import { hostOf, safeUrl } from "./links";
import { NotionIcon } from "./Icon";
import { useObject } from "./objects";
import { titleOf } from "../notion";

export function Mention({ item }: { item: Json }) {
  const m: Json = item.mention ?? {};
  switch (m.type) {
    case "user":
      return <UserMention user={m.user} plain={item.plain_text} />;
    case "page":
      return <PageMention kind="page" id={m.page?.id} plain={item.plain_text} />;
    case "database":
      return <PageMention kind="database" id={m.database?.id} plain={item.plain_text} />;
    case "date":
      return <span className="nt-mention nt-mention-date">@{formatNotionDate(m.date) || item.plain_text}</span>;
    case "link_mention":
      return <LinkMention link={m.link_mention ?? {}} plain={item.plain_text} />;
    case "link_preview":
      return <LinkMention link={{ href: m.link_preview?.url }} plain={item.plain_text} />;
    case "template_mention":
      return <span className="nt-mention nt-mention-template">{templateText(m.template_mention)}</span>;
    case "custom_emoji": {
      const url = safeUrl(m.custom_emoji?.url);
      const name = `:${m.custom_emoji?.name ?? "emoji"}:`;
      return url ? <img className="nt-custom-emoji" src={url} alt={name} title={name} /> : <span>{name}</span>;
    }
    default:
      return <span className="nt-mention">{item.plain_text ?? ""}</span>;
  }
}

function templateText(t: Json | undefined): string {
  if (t?.type === "template_mention_user") return "@Me";
  if (t?.template_mention_date === "now") return "@Now";
  return "@Today";
}

function UserMention({ user, plain }: { user: Json | undefined; plain: string | undefined }) {
  // A partial user (only its id) is read once to name it.
  const known = user?.name ?? (plain ? plain.replace(/^@/, "") : null);
  const read = useObject("user", known ? null : user?.id);
  const name = known || read?.name || "Unknown user";
  return <span className="nt-mention nt-mention-user">@{name}</span>;
}

function PageMention({ kind, id, plain }: { kind: "page" | "database"; id: string | undefined; plain: string | undefined }) {
  const base = useHref();
  const obj = useObject(kind, id);
  const title = obj ? titleOf(obj) : plain || "Untitled";
  const body = (
    <>
      <NotionIcon icon={obj?.icon} fallback={kind === "page" ? "📄" : "🗂"} className="nt-mention-icon" />
      <span className="nt-mention-title">{title}</span>
    </>
  );
  if (!id || obj === null) return <span className="nt-mention nt-mention-page nt-mention-unseen">{body}</span>;
  return (
    <Link className="nt-mention nt-mention-page" href={`${base}/${kind === "page" ? "p" : "d"}/${id}`}>
      {body}
    </Link>
  );
}

function LinkMention({ link, plain }: { link: Json; plain: string | undefined }) {
  const href = safeUrl(link.href);
  const icon = safeUrl(link.icon_url);
  const title = link.title || plain || (href ? hostOf(href) : "");
  if (!href) return <span className="nt-mention">{title}</span>;
  return (
    <a className="nt-mention nt-mention-link" href={href} target="_blank" rel="noopener noreferrer nofollow" title={link.description || href}>
      {icon ? <img className="nt-mention-icon nt-icon-img" src={icon} alt="" /> : <span className="nt-mention-icon" aria-hidden="true">🔗</span>}
      {link.link_provider && <span className="nt-mention-provider">{link.link_provider}</span>}
      <span className="nt-mention-title">{title}</span>
    </a>
  );
}
