/**
 * `Accept-Encoding` (RFC 9110 §12.5.3): which of the codings a response has ready the request
 * takes best. Used for the web app's precompressed files (src/routes/web-assets.ts).
 */

/** The codings Quire keeps files ready in, by preference when a request weighs them alike (brotli is smaller). */
export type Coding = "br" | "gzip";
const PREFERENCE: Coding[] = ["br", "gzip"];

/**
 * The coding of `available` with the highest weight in `header` (ties: brotli first), or null
 * for the plain bytes: no header, nothing acceptable, or every offered coding weighted `q=0`.
 * `*` weighs every coding the header does not name; `x-gzip` counts as gzip.
 */
export function pickEncoding(header: string | string[] | undefined, available: readonly Coding[]): Coding | null {
  if (!header || available.length === 0) return null;
  const weights = new Map<string, number>();
  for (const part of (Array.isArray(header) ? header.join(",") : header).split(",")) {
    const [name, ...params] = part.trim().toLowerCase().split(";");
    if (!name) continue;
    let q = 1;
    for (const p of params) {
      const [k, v] = p.trim().split("=");
      if (k === "q") q = /^(0(\.\d{0,3})?|1(\.0{0,3})?)$/.test(v ?? "") ? Number(v) : 0;
    }
    weights.set(name === "x-gzip" ? "gzip" : name, q);
  }
  const weightOf = (c: Coding) => weights.get(c) ?? weights.get("*") ?? 0;
  let best: Coding | null = null;
  for (const c of PREFERENCE) {
    if (!available.includes(c) || weightOf(c) <= 0) continue;
    if (best === null || weightOf(c) > weightOf(best)) best = c;
  }
  return best;
}
