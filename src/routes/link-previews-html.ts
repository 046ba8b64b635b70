/** The account-link callback's page: a heading and a sentence, no script, in the sign-in pages' look. */
import { escapeHtml, htmlDocument, PAGE_HEADERS } from "./signin-html.js";

/** Headers of the callback page (the sign-in pages': not cached, not framed, no scripts). */
export const LINK_PAGE_HEADERS = PAGE_HEADERS;

/** The page shown after the partner sends the person back: `title` and one `message`. */
export function callbackPage(title: string, message: string): string {
  return htmlDocument(title, `<h1>${escapeHtml(title)}</h1>\n<p role="status" id="link-result">${escapeHtml(message)}</p>`);
}
