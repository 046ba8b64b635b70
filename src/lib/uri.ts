/** Percent-decoding that never throws. */

/** `s` percent-decoded (as `decodeURIComponent`), or `s` as it is when it is not valid percent-encoding. */
export function decodeOrKeep(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
