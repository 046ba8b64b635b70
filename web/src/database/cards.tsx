/**
 * Rows as cards and lines: the board's and gallery's cards, the list layout, and the gallery's
 * preview (the page's cover, or its first image when the view's cover is "page content").
 */
import type { Json } from "../api";
import { useApi } from "../context";
import { fileUrl } from "../notion";
import { useLoad } from "../use-load";
import { PropertyValue, RowTitle } from "./PropertyValue";
import { propById, valueOf, type Prop, type View } from "./model";
import type { LayoutProps } from "./TableView";

/** The non-title properties a card or list line shows: the view's visible ones, else none. */
export function cardProps(props: Prop[], view: View, skip?: string): Prop[] {
  const listed: Json[] = Array.isArray(view.configuration?.properties) ? view.configuration.properties : [];
  return listed
    .filter((l) => l.visible !== false)
    .map((l) => propById(props, l.property_id))
    .filter((p): p is Prop => !!p && p.type !== "title" && p.id !== skip);
}

/** A card's title and its shown properties (those with a value). */
export function CardProps({ row, props, view, skip }: { row: Json; props: Prop[]; view: View; skip?: string }) {
  const shown = cardProps(props, view, skip).filter((p) => isSet(valueOf(row, p)));
  return (
    <>
      <RowTitle row={row} />
      {shown.length > 0 && (
        <dl className="db-card-props">
          {shown.map((p) => (
            <div key={p.id}>
              <dt className="visually-hidden">{p.name}</dt>
              <dd>
                <PropertyValue value={valueOf(row, p)} prop={p} row={row} />
              </dd>
            </div>
          ))}
        </dl>
      )}
    </>
  );
}

function isSet(v: Json | undefined): boolean {
  if (!v) return false;
  const x = v[v.type];
  if (x === null || x === undefined || x === "" || x === false) return false;
  if (Array.isArray(x)) return x.length > 0;
  return true;
}

/** The list layout: one line per row, its shown properties at the end. */
export function ListView({ props, view, rows, newRow }: LayoutProps) {
  return (
    <>
      <ul className="db-list">
        {rows.map((row) => (
          <li key={row.id} className="db-list-row">
            <CardProps row={row} props={props} view={view} />
          </li>
        ))}
      </ul>
      <button type="button" className="db-new-row" onClick={() => void newRow()}>
        <span aria-hidden="true">+</span> New
      </button>
    </>
  );
}

/** The gallery layout: cards with a preview, as many per line as fit. */
export function GalleryView({ props, view, rows, newRow }: LayoutProps) {
  const cover: Json | undefined = view.configuration?.cover;
  return (
    <>
      <ul className={`db-gallery size-${view.configuration?.cover_size ?? "medium"}`}>
        {rows.map((row) => (
          <li key={row.id} className="db-card db-gallery-card">
            <Preview row={row} props={props} cover={cover} fit={view.configuration?.cover_aspect === "contain"} />
            <CardProps row={row} props={props} view={view} />
          </li>
        ))}
      </ul>
      <button type="button" className="db-new-row" onClick={() => void newRow()}>
        <span aria-hidden="true">+</span> New
      </button>
    </>
  );
}

function Preview({ row, props, cover, fit }: { row: Json; props: Prop[]; cover: Json | undefined; fit: boolean }) {
  const type = cover?.type ?? "page_cover";
  let url: string | null = null;
  if (type === "page_cover") url = fileUrl(row.cover);
  if (type === "property") {
    const p = propById(props, cover?.property_id);
    const files: Json[] = (p && valueOf(row, p)?.files) ?? [];
    url = files.map((f) => fileUrl(f)).find((u) => !!u) ?? null;
  }
  if (type === "page_content") return <FirstImage pageId={row.id} fit={fit} />;
  return <div className="db-preview">{url && <img src={url} alt="" className={fit ? "contain" : ""} />}</div>;
}

/** The first image block of a page (the gallery's "page content" preview). */
function FirstImage({ pageId, fit }: { pageId: string; fit: boolean }) {
  const api = useApi();
  const blocks = useLoad(() => api.v1<Json>("GET", `/blocks/${pageId}/children?page_size=25`), [api, pageId]);
  const image = (blocks.data?.results as Json[] | undefined)?.find((b) => b.type === "image");
  const url = image ? fileUrl(image.image) : null;
  return <div className="db-preview">{url && <img src={url} alt="" className={fit ? "contain" : ""} />}</div>;
}
