/**
 * A URL path prefix a server is reached under behind a reverse proxy (`/quire`): normalized to a
 * leading slash and no trailing one, `""` for none. Segments are limited to URL-safe characters
 * that need no percent-encoding, so the prefix compares byte for byte with a request's path.
 */

/** The prefix in normal form, or an error message saying what is wrong with it. */
export function normalizeBasePath(raw: string): { basePath: string } | { error: string } {
  const trimmed = raw.trim();
  if (trimmed === "" || /^\/+$/.test(trimmed)) return { basePath: "" };
  const path = ("/" + trimmed.replace(/^\/+/, "")).replace(/\/+$/, "");
  const segments = path.slice(1).split("/");
  if (path.length > 200) return { error: "is longer than 200 characters" };
  for (const s of segments) {
    if (s === "") return { error: "has an empty segment (//)" };
    if (s === "." || s === "..") return { error: "has a . or .. segment" };
    if (!/^[A-Za-z0-9._~-]+$/.test(s)) return { error: "may hold only letters, digits, . _ ~ - and / between segments (no query, fragment, spaces or percent-encoding)" };
  }
  return { basePath: path };
}

/** The path under the prefix for a request's URL (`/quire/v1/pages?x` → `/v1/pages?x`), or null when it is outside. */
export function stripBasePath(basePath: string, url: string): string | null {
  if (!basePath) return url;
  if (!url.startsWith(basePath)) return null;
  const rest = url.slice(basePath.length);
  if (rest === "") return "/";
  if (rest.startsWith("/")) return rest;
  if (rest.startsWith("?")) return "/" + rest;
  return null;
}
