/** The account-link callback's page: a heading and a sentence, no script, in the sign-in pages' look. */
import { escapeHtml, htmlDocument, PAGE_HEADERS } from "./signin-html.js";

/** Headers of the callback page (the sign-in pages': not cached, not framed, no scripts). */
export const LINK_PAGE_HEADERS = PAGE_HEADERS;

const STYLE = `
  :root { color-scheme: light dark; font-family: system-ui, -apple-system, "Segoe UI", sans-serif; }
  body { margin: 0; min-height: 100vh; display: grid; place-items: center; background: Canvas; color: CanvasText; }
  main { width: min(26rem, 92vw); padding: 2rem; border: 1px solid color-mix(in srgb, CanvasText 15%, transparent); border-radius: 10px; }
  h1 { font-size: 1.4rem; margin: 0 0 1.25rem; }
`;

/** The page shown after the partner sends the person back: `title` and one `message`. */
export function callbackPage(title: string, message: string): string {
  return htmlDocument(title, `<h1>${escapeHtml(title)}</h1>\n<p role="status" id="link-result">${escapeHtml(message)}</p>`, STYLE);
}
