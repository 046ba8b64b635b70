/** A property value shown as Notion shows it: tags for options, links for URLs, formatted numbers and dates. */
import type { Json } from "../api";
import { Link, useHref } from "../router";
import { iconEmoji, plainText } from "../notion";
import { dateText, formatDate, formatNumber, formulaText, valueText, type Prop } from "./model";
import { useDbContext } from "./db-context";
import { usePeek } from "./peek-context";

/** One option as a coloured tag. */
export function Tag({ name, color }: { name: string; color?: string }) {
  return <span className={`db-tag db-color-${color ?? "default"}`}>{name}</span>;
}

/** A person as a round initial and their name. */
export function Person({ name }: { name: string }) {
  return (
    <span className="db-person">
      <span className="db-avatar" aria-hidden="true">
        {name.slice(0, 1).toUpperCase()}
      </span>
      {name}
    </span>
  );
}

/** A row's title with its icon, linking to the row's page (`/w/<ws>/p/<id>`); a plain click inside a view opens its side peek. */
export function RowTitle({ row, prop, autoFocus }: { row: Json; prop?: Prop; autoFocus?: boolean }) {
  const href = useHref("p", row.id);
  const peek = usePeek();
  const title = prop ? plainText(row.properties?.[prop.name]?.title) : plainText(Object.values<Json>(row.properties ?? {}).find((v) => v?.type === "title")?.title);
  return (
    <Link
      href={href}
      className="db-row-title"
      data-autofocus={autoFocus || undefined}
      onClick={(e) => {
        if (!peek || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
        e.preventDefault();
        peek(row);
      }}
    >
      <span aria-hidden="true" className="db-row-icon">
        {iconEmoji(row) ?? "📄"}
      </span>
      <span>{title || "Untitled"}</span>
    </Link>
  );
}

/** A value of `prop` (read-only view of it; editors are in CellEditor.tsx). */
export function PropertyValue({ value, prop, row }: { value: Json | undefined; prop: Prop; row: Json }) {
  const { users, pageTitle } = useDbContext();
  if (prop.type === "title") return <RowTitle row={row} prop={prop} />;
  if (!value) return null;
  switch (value.type) {
    case "rich_text":
      return <span className="db-text">{plainText(value.rich_text)}</span>;
    case "number":
      return <span className="db-number">{formatNumber(value.number, prop.config.format)}</span>;
    case "select":
    case "status":
      return value[value.type] ? <Tag name={value[value.type].name} color={value[value.type].color} /> : null;
    case "multi_select":
      return (
        <span className="db-tags">
          {(value.multi_select ?? []).map((o: Json) => (
            <Tag key={o.id ?? o.name} name={o.name} color={o.color} />
          ))}
        </span>
      );
    case "date":
      return <span>{dateText(value.date)}</span>;
    case "people":
      return (
        <span className="db-tags">
          {(value.people ?? []).map((u: Json) => (
            <Person key={u.id} name={u.name ?? users.get(u.id) ?? "Someone"} />
          ))}
        </span>
      );
    case "files":
      return (
        <span className="db-tags">
          {(value.files ?? []).map((f: Json, i: number) => (
            <a key={i} href={f.external?.url ?? f.file?.url} target="_blank" rel="noreferrer" className="db-file">
              {f.name}
            </a>
          ))}
        </span>
      );
    case "checkbox":
      return <span className={`db-check${value.checkbox ? " checked" : ""}`} role="img" aria-label={value.checkbox ? "Checked" : "Not checked"} />;
    case "url":
      return value.url ? <ExternalLink href={value.url}>{value.url.replace(/^https?:\/\//, "")}</ExternalLink> : null;
    case "email":
      return value.email ? <a href={`mailto:${value.email}`}>{value.email}</a> : null;
    case "phone_number":
      return value.phone_number ? <a href={`tel:${value.phone_number}`}>{value.phone_number}</a> : null;
    case "formula":
      return <span className="db-formula">{value.formula?.type === "number" ? formatNumber(value.formula.number, prop.config.format) : formulaText(value.formula)}</span>;
    case "relation":
      return (
        <span className="db-tags">
          {(value.relation ?? []).map((r: Json) => (
            <RelatedPage key={r.id} id={r.id} title={pageTitle(r.id)} />
          ))}
        </span>
      );
    case "created_time":
    case "last_edited_time":
      return <span>{formatDate(value[value.type])}</span>;
    case "created_by":
    case "last_edited_by":
      return value[value.type] ? <Person name={value[value.type].name ?? users.get(value[value.type].id) ?? "Someone"} /> : null;
    default:
      return <span>{valueText(value, prop, users)}</span>;
  }
}

function ExternalLink({ href, children }: { href: string; children: React.ReactNode }) {
  const safe = /^https?:\/\//i.test(href) ? href : `https://${href}`;
  return (
    <a href={safe} target="_blank" rel="noreferrer noopener">
      {children}
    </a>
  );
}

function RelatedPage({ id, title }: { id: string; title: string | undefined }) {
  const href = useHref("p", id);
  return (
    <Link href={href} className="db-relation">
      <span aria-hidden="true">↗ </span>
      {title ?? "…"}
    </Link>
  );
}
