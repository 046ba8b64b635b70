/**
 * Notion rich text as Notion's app shows it: every annotation (bold, italic, strikethrough,
 * underline, inline code, text and background colours of Notion's palette), links (a Notion page
 * link opens inside the app; only http(s), mailto and tel leave it), mentions (Mention.tsx) and
 * inline equations (KaTeX).
 *
 * Stable export for page/ and database/: `<RichText value={rich_text[]} />` renders inline
 * content (spans, no block element), so it fits in a paragraph, a table cell or a title.
 */
import type { ReactNode } from "react";
import type { Json } from "../api";
import { Link, useHref } from "../router";
import { colorClass, cx } from "./colors";
import { Equation } from "./Equation";
import { Mention } from "./Mention";
import { anchorOf, linkTarget } from "./links";
import "./blocks.css";

export function RichText({ value, className }: { value: Json[] | null | undefined; className?: string }) {
  if (!value?.length) return null;
  const items = value.map((item, i) => <RichTextItem key={i} item={item} />);
  return className ? <span className={className}>{items}</span> : <>{items}</>;
}

/** One rich-text item: its content wrapped in its annotations, then in its link. */
export function RichTextItem({ item }: { item: Json }) {
  const a: Json = item.annotations ?? {};
  let node: ReactNode;
  if (item.type === "mention") node = <Mention item={item} />;
  else if (item.type === "equation") node = <Equation expression={item.equation?.expression ?? item.plain_text ?? ""} />;
  else node = item.text?.content ?? item.plain_text ?? "";

  if (a.code) node = <code className="nt-inline-code">{node}</code>;
  if (a.bold) node = <strong>{node}</strong>;
  if (a.italic) node = <em>{node}</em>;
  if (a.underline) node = <u>{node}</u>;
  if (a.strikethrough) node = <s>{node}</s>;
  const color = colorClass(a.color);
  if (color) node = <span className={color}>{node}</span>;

  // Mentions link themselves; a text item links through `text.link` (or `href`).
  if (item.type === "text") {
    const url = item.text?.link?.url ?? item.href;
    if (url) node = <RichTextLink url={url}>{node}</RichTextLink>;
  }
  return <>{node}</>;
}

function RichTextLink({ url, children }: { url: string; children: ReactNode }) {
  const base = useHref();
  const target = linkTarget(url);
  if (!target) return <>{children}</>;
  if ("internal" in target) {
    const hash = target.hash ? `#${anchorOf(target.hash)}` : "";
    return (
      <Link className={cx("nt-link")} href={`${base}/p/${target.internal}${hash}`}>
        {children}
      </Link>
    );
  }
  return (
    <a className="nt-link" href={target.external} target="_blank" rel="noopener noreferrer nofollow">
      {children}
    </a>
  );
}
