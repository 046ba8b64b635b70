/**
 * The stylesheet of Quire's server-rendered pages (sign-in, single sign-on, sign-out, refusals,
 * the OAuth consent screen, the account-link callback), served as one static file at
 * `PAGES_CSS_PATH` so the pages' CSP needs no inline style. It is the web app's look: the
 * palette, type and proportions of web/src/styles.css and the console's (Notion's light theme,
 * with the console's darker grey and button blue, which pass WCAG AA's 4.5:1 where Notion's do
 * not). Kept as a string so the compiled server carries it (tsc copies no .css).
 */
import { createHash } from "node:crypto";
import type { FastifyInstance } from "fastify";

/** Where the pages link their stylesheet. */
export const PAGES_CSS_PATH = "/_quire/pages.css";

/** The stylesheet; the `:root` colours are web/src/styles.css's (test/signin.test.ts compares them). */
export const PAGES_CSS = `/* Quire's server-rendered pages: the web app's look (web/src/styles.css). */
:root {
  --text: rgb(55, 53, 47);
  --text-muted: rgba(55, 53, 47, 0.75);
  --bg: #fff;
  --bg-sidebar: rgb(247, 247, 245);
  --bg-hover: rgba(55, 53, 47, 0.08);
  --border: rgba(55, 53, 47, 0.16);
  --accent: rgb(35, 131, 226);
  --danger: rgb(212, 76, 71);
  --font: ui-sans-serif, -apple-system, BlinkMacSystemFont, "Segoe UI", Helvetica, "Apple Color Emoji", Arial, sans-serif, "Segoe UI Emoji", "Segoe UI Symbol";
  --muted: rgb(99, 97, 92);
  --button: rgb(0, 110, 200);
  --button-hover: rgb(0, 95, 175);
  --error: rgb(180, 40, 36);
  font-family: var(--font);
  color: var(--text);
  background: var(--bg-sidebar);
  line-height: 1.5;
  color-scheme: light;
}
* { box-sizing: border-box; }
body { margin: 0; min-height: 100vh; display: flex; flex-direction: column; align-items: center; }
:focus-visible { outline: 2px solid var(--accent); outline-offset: 2px; }
a { color: var(--button); }
.brand { width: 100%; padding: 14px 20px; display: flex; align-items: center; }
.brand a { display: inline-flex; gap: 8px; align-items: center; color: var(--text); text-decoration: none; font-weight: 600; font-size: 15px; }
.brand .mark { display: inline-grid; place-items: center; width: 24px; height: 24px; border-radius: 5px; background: var(--text); color: #fff; font-size: 14px; font-weight: 700; }
main { width: min(400px, calc(100vw - 24px)); margin: 6vh 0 48px; padding: 32px; background: var(--bg); border: 1px solid var(--border); border-radius: 8px; box-shadow: rgba(15, 15, 15, 0.04) 0 1px 3px; }
main.wide { width: min(600px, calc(100vw - 24px)); }
h1 { font-size: 24px; font-weight: 700; line-height: 1.25; margin: 0 0 20px; }
h2 { font-size: 14px; font-weight: 600; margin: 16px 0 6px; }
p { margin: 0 0 12px; }
label { display: block; font-size: 12px; font-weight: 500; color: var(--muted); margin: 14px 0 4px; }
label.inline { display: inline; font-size: 14px; font-weight: 400; color: var(--text); margin: 0; }
input[type=email], input[type=password], input[type=search], input[type=text], select {
  width: 100%; font: inherit; font-size: 15px; color: var(--text); padding: 6px 10px; border: 1px solid var(--border); border-radius: 4px; background: rgba(242, 241, 238, 0.6);
}
select { width: auto; max-width: 100%; background: var(--bg); }
input[type=checkbox], input[type=radio] { width: 16px; height: 16px; margin: 0 6px 0 0; vertical-align: -3px; accent-color: var(--button); }
button { font: inherit; cursor: pointer; }
button[type=submit], .button { display: block; width: 100%; margin-top: 20px; padding: 8px 12px; font-size: 15px; font-weight: 500; border: 1px solid var(--button); border-radius: 4px; background: var(--button); color: #fff; text-align: center; text-decoration: none; }
button[type=submit]:hover, .button:hover { background: var(--button-hover); }
button.secondary, button.small { background: var(--bg); color: var(--text); border: 1px solid var(--border); }
button.secondary:hover, button.small:hover { background: var(--bg-hover); }
button.small { display: inline-block; width: auto; margin: 0 0 0 6px; padding: 1px 8px; font-size: 13px; font-weight: 400; }
.error { color: var(--error); background: rgba(212, 76, 71, 0.08); border-radius: 4px; padding: 8px 10px; font-size: 14px; }
.muted { color: var(--muted); font-size: 14px; }
.divider { display: flex; align-items: center; gap: 10px; color: var(--muted); font-size: 13px; margin: 24px 0 4px; }
.divider::before, .divider::after { content: ""; flex: 1; border-top: 1px solid var(--border); }
.who { font-size: 14px; color: var(--muted); }
/* The consent screen. */
header.app { display: flex; gap: 12px; align-items: center; margin-bottom: 16px; }
header.app h1 { margin: 0; font-size: 20px; }
header.app .icon { flex: none; display: grid; place-items: center; width: 48px; height: 48px; font-size: 32px; border: 1px solid var(--border); border-radius: 8px; }
header.app img { flex: none; width: 48px; height: 48px; border-radius: 8px; border: 1px solid var(--border); object-fit: cover; }
ul.caps { list-style: none; margin: 4px 0 16px; padding: 0; }
ul.caps li { padding: 4px 0 4px 24px; position: relative; font-size: 14px; }
ul.caps li::before { content: "✓"; position: absolute; left: 4px; color: var(--button); font-weight: 700; }
.facts { font-size: 14px; border-top: 1px solid var(--border); padding-top: 12px; }
fieldset { border: 1px solid var(--border); border-radius: 6px; margin: 16px 0; padding: 8px 14px 12px; min-width: 0; }
legend { font-size: 14px; font-weight: 600; padding: 0 4px; }
fieldset input[type=search] { width: min(60%, 100%); }
ul.tree, ul.results, ul.picked { list-style: none; margin: 6px 0; padding-left: 0; font-size: 14px; }
ul.tree ul.tree { padding-left: 22px; }
ul.tree li, ul.results li, ul.picked li { margin: 2px 0; padding: 2px 4px; border-radius: 4px; }
ul.tree li:hover, ul.results li:hover { background: var(--bg-hover); }
.actions { display: flex; gap: 10px; margin-top: 8px; }
.actions button { margin-top: 12px; }
@media (max-width: 480px) {
  main, main.wide { margin: 8px 0 24px; padding: 20px 16px; }
  fieldset input[type=search] { width: 100%; }
  .actions { flex-direction: column-reverse; gap: 0; }
}
`;

/** The stylesheet's content hash: in its address, so a new version is never read from a cache. */
export const PAGES_CSS_VERSION = createHash("sha256").update(PAGES_CSS).digest("hex").slice(0, 12);

/** Serves the stylesheet (public: the sign-in page needs it before anyone is signed in). */
export function pagesStyleRoute(app: FastifyInstance): void {
  app.get(PAGES_CSS_PATH, async (_req, reply) =>
    reply
      .code(200)
      .headers({ "content-type": "text/css; charset=utf-8", "cache-control": "public, max-age=31536000, immutable", "x-content-type-options": "nosniff" })
      .send(PAGES_CSS),
  );
}
