/**
 * Files and links: image, video, audio, file, pdf (file uploads through their signed URLs, or
 * external URLs), bookmark, embed and link preview. Only http(s) URLs are used as sources; frames
 * only over https (the app's CSP allows no other), embeds in a sandboxed frame, videos and PDFs
 * framed only from hosts known to serve a player (else a link or a <video> element).
 */
import type { Json } from "../api";
import { plainText } from "../notion";
import { RichText } from "./RichText";
import { blockAttrs, type BlockRenderer } from "./attrs";
import { hostOf, safeUrl, videoPlayer } from "./links";

/** The URL of a media block's file: a file upload's signed URL or the external one. */
export function mediaUrl(v: Json): string | null {
  return safeUrl(v.type === "file" ? v.file?.url : v.type === "external" ? v.external?.url : (v.file?.url ?? v.external?.url));
}

function Caption({ value }: { value: Json[] | undefined }) {
  if (!value?.length) return null;
  return (
    <figcaption className="nt-caption">
      <RichText value={value} />
    </figcaption>
  );
}

function fileName(v: Json, url: string | null): string {
  if (v.name) return v.name;
  if (!url) return "File";
  try {
    return decodeURIComponent(new URL(url).pathname.split("/").pop() || "File");
  } catch {
    return "File";
  }
}

function Image({ block }: { block: Json }) {
  const v: Json = block.image ?? {};
  const url = mediaUrl(v);
  const alt = plainText(v.caption) || "Image";
  return (
    <figure {...blockAttrs(block)} className="nt-block nt-media nt-image">
      {url ? <img src={url} alt={alt} loading="lazy" /> : <MissingFile kind="image" />}
      <Caption value={v.caption} />
    </figure>
  );
}

function Video({ block }: { block: Json }) {
  const v: Json = block.video ?? {};
  const url = mediaUrl(v);
  const player = url && v.type === "external" ? videoPlayer(url) : null;
  return (
    <figure {...blockAttrs(block)} className="nt-block nt-media nt-video">
      {player ? (
        <div className="nt-frame nt-frame-video">
          <iframe src={player} title={`Video: ${plainText(v.caption) || hostOf(url!)}`} sandbox="allow-scripts allow-same-origin allow-presentation allow-popups" allow="fullscreen; picture-in-picture" referrerPolicy="strict-origin-when-cross-origin" loading="lazy" />
        </div>
      ) : url ? (
        <video src={url} controls preload="metadata" aria-label={plainText(v.caption) || "Video"} />
      ) : (
        <MissingFile kind="video" />
      )}
      <Caption value={v.caption} />
    </figure>
  );
}

function Audio({ block }: { block: Json }) {
  const v: Json = block.audio ?? {};
  const url = mediaUrl(v);
  return (
    <figure {...blockAttrs(block)} className="nt-block nt-media nt-audio">
      {url ? <audio src={url} controls preload="metadata" aria-label={plainText(v.caption) || fileName(v, url)} /> : <MissingFile kind="audio" />}
      <Caption value={v.caption} />
    </figure>
  );
}

function FileBlock({ block }: { block: Json }) {
  const v: Json = block[block.type] ?? {};
  const url = mediaUrl(v);
  const name = fileName(v, url);
  return (
    <figure {...blockAttrs(block)} className="nt-block nt-media nt-file">
      {url ? (
        <a className="nt-file-link" href={url} target="_blank" rel="noopener noreferrer" download={v.type === "file" ? name : undefined}>
          <span aria-hidden="true">📎</span> {name}
        </a>
      ) : (
        <MissingFile kind="file" />
      )}
      <Caption value={v.caption} />
    </figure>
  );
}

function Pdf({ block }: { block: Json }) {
  const v: Json = block.pdf ?? {};
  const url = mediaUrl(v);
  // A PDF is framed only from an https host other than Quire (the CSP allows https frames; a signed upload URL is a download).
  const framed = url && url.startsWith("https:") && new URL(url).origin !== location.origin;
  return (
    <figure {...blockAttrs(block)} className="nt-block nt-media nt-pdf">
      {framed ? (
        <div className="nt-frame nt-frame-pdf">
          <iframe src={url!} title={`PDF: ${plainText(v.caption) || fileName(v, url)}`} referrerPolicy="no-referrer" loading="lazy" />
        </div>
      ) : url ? (
        <a className="nt-file-link" href={url} target="_blank" rel="noopener noreferrer">
          <span aria-hidden="true">📄</span> {fileName(v, url)} <span className="muted">PDF</span>
        </a>
      ) : (
        <MissingFile kind="PDF" />
      )}
      <Caption value={v.caption} />
    </figure>
  );
}

function MissingFile({ kind }: { kind: string }) {
  return <div className="nt-missing">This {kind} has no file.</div>;
}

/** A link card: the host as title, the URL under it (Notion's servers fetch a title and image; Quire's app does not fetch other sites). */
function LinkCard({ url, label }: { url: string | null; label?: string }) {
  if (!url) return <div className="nt-missing">No link.</div>;
  return (
    <a className="nt-link-card" href={url} target="_blank" rel="noopener noreferrer nofollow">
      <span className="nt-link-card-title">
        {label && <span className="nt-link-card-label">{label} · </span>}
        {hostOf(url)}
      </span>
      <span className="nt-link-card-url">{url}</span>
    </a>
  );
}

function Bookmark({ block }: { block: Json }) {
  const v: Json = block.bookmark ?? {};
  return (
    <figure {...blockAttrs(block)} className="nt-block nt-bookmark">
      <LinkCard url={safeUrl(v.url)} />
      <Caption value={v.caption} />
    </figure>
  );
}

function Embed({ block }: { block: Json }) {
  const v: Json = block.embed ?? {};
  const url = safeUrl(v.url);
  const src = url ? (videoPlayer(url) ?? url) : null;
  const framed = src && src.startsWith("https:") && new URL(src).origin !== location.origin;
  return (
    <figure {...blockAttrs(block)} className="nt-block nt-embed">
      {framed ? (
        <div className="nt-frame">
          {/* Sandboxed: the embedded page runs its scripts in its own origin, never Quire's, and cannot navigate the app. */}
          <iframe src={src!} title={`Embedded content from ${hostOf(url!)}`} sandbox="allow-scripts allow-same-origin allow-popups allow-forms allow-presentation" referrerPolicy="no-referrer" loading="lazy" />
        </div>
      ) : (
        <LinkCard url={url} label="Embed" />
      )}
      <Caption value={v.caption} />
    </figure>
  );
}

function LinkPreview({ block }: { block: Json }) {
  return (
    <div {...blockAttrs(block)} className="nt-block nt-link-preview">
      <LinkCard url={safeUrl(block.link_preview?.url)} label="Link preview" />
    </div>
  );
}

export const MEDIA_BLOCKS: Record<string, BlockRenderer> = {
  image: Image,
  video: Video,
  audio: Audio,
  file: FileBlock,
  pdf: Pdf,
  bookmark: Bookmark,
  embed: Embed,
  link_preview: LinkPreview,
};
