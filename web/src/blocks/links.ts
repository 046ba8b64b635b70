/** Where a link in Notion content goes: inside the app (a page of this workspace) or out, and only over safe schemes. */

const UUID = /([0-9a-f]{8})-?([0-9a-f]{4})-?([0-9a-f]{4})-?([0-9a-f]{4})-?([0-9a-f]{12})/i;

/** A dashed id from a 32-hex or dashed id anywhere in `s`, or null. */
export function idIn(s: string): string | null {
  const m = UUID.exec(s);
  return m ? `${m[1]}-${m[2]}-${m[3]}-${m[4]}-${m[5]}`.toLowerCase() : null;
}

/** The id without dashes, as Notion writes block anchors (`#<32 hex>`). */
export function anchorOf(id: string): string {
  return id.replace(/-/g, "");
}

/**
 * A link's target: `{internal}` for a Notion page link (`/<id>`, `https://www.notion.so/…<id>`),
 * `{external}` for http(s), mailto and tel, and null for anything else (`javascript:`, `data:` …),
 * which is shown as text.
 */
export function linkTarget(url: string | null | undefined): { internal: string; hash: string } | { external: string } | null {
  if (!url) return null;
  const trimmed = url.trim();
  if (trimmed.startsWith("/")) {
    const [path, hash = ""] = trimmed.split("#");
    const id = idIn(path);
    return id ? { internal: id, hash } : null;
  }
  let u: URL;
  try {
    u = new URL(trimmed);
  } catch {
    return null;
  }
  if (/(^|\.)notion\.(so|site)$/.test(u.hostname)) {
    const id = idIn(u.pathname);
    if (id) return { internal: id, hash: u.hash.replace(/^#/, "") };
  }
  if (["http:", "https:", "mailto:", "tel:"].includes(u.protocol)) return { external: u.href };
  return null;
}

/** An http(s) URL as given, or null (for src attributes: images, media, frames). */
export function safeUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const u = new URL(url, location.href);
    return u.protocol === "https:" || u.protocol === "http:" ? u.href : null;
  } catch {
    return null;
  }
}

/** The host of a URL without `www.`, or the URL itself. */
export function hostOf(url: string): string {
  try {
    return new URL(url).hostname.replace(/^www\./, "");
  } catch {
    return url;
  }
}

/** A player page for a video on a host known to serve one (YouTube, Vimeo, Loom), or null. */
export function videoPlayer(url: string): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if (u.protocol !== "https:") return null;
  const host = u.hostname.replace(/^(www\.|m\.)/, "");
  let m: RegExpExecArray | null;
  if (host === "youtube.com" && u.pathname === "/watch" && u.searchParams.get("v")) return `https://www.youtube-nocookie.com/embed/${encodeURIComponent(u.searchParams.get("v")!)}`;
  if (host === "youtu.be" && (m = /^\/([\w-]+)/.exec(u.pathname))) return `https://www.youtube-nocookie.com/embed/${m[1]}`;
  if (host === "youtube.com" && (m = /^\/(?:embed|shorts)\/([\w-]+)/.exec(u.pathname))) return `https://www.youtube-nocookie.com/embed/${m[1]}`;
  if (host === "vimeo.com" && (m = /^\/(\d+)/.exec(u.pathname))) return `https://player.vimeo.com/video/${m[1]}`;
  if (host === "loom.com" && (m = /^\/(?:share|embed)\/(\w+)/.exec(u.pathname))) return `https://www.loom.com/embed/${m[1]}`;
  return null;
}
