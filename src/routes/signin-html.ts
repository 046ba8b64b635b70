/**
 * The sign-in pages' HTML: plain forms that work without JavaScript, every field labelled, in
 * the web app's look (the stylesheet: src/routes/signin-style.ts). Everything interpolated is escaped.
 */
import { PAGES_CSS_PATH, PAGES_CSS_VERSION } from "./signin-style.js";

/** `s` safe inside HTML text and double-quoted attributes. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

/** Headers every sign-in page is sent with: not cached, not framed, no scripts, styles from this server only, forms only to this server. */
export const PAGE_HEADERS = {
  "content-type": "text/html; charset=utf-8",
  "cache-control": "no-store",
  "content-security-policy": "default-src 'none'; style-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  "x-frame-options": "DENY",
  "x-content-type-options": "nosniff",
  "referrer-policy": "same-origin",
} as const;

/**
 * A whole HTML page of Quire's own (sign-in, consent, account link) in the web app's look: a
 * banner with Quire's name, then `body` inside `<main>` (wider with `wide`), styled by the shared
 * stylesheet (src/routes/signin-style.ts) — no inline style or script.
 */
export function htmlDocument(title: string, body: string, opts: { wide?: boolean; head?: string } = {}): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · Quire</title>
<link rel="stylesheet" href="${PAGES_CSS_PATH}?v=${PAGES_CSS_VERSION}">${opts.head ?? ""}
</head>
<body>
<header class="brand"><a href="/"><span class="mark" aria-hidden="true">Q</span>Quire</a></header>
<main${opts.wide ? ' class="wide"' : ""}>
${body}
</main>
</body>
</html>
`;
}

/** The sign-in form; `error` shown above it (role=alert), `email` kept from the last attempt; `sso`: a "Sign in with SSO" form too. */
export function loginPage(opts: { csrf: string; next: string | null; email?: string; error?: string; sso?: boolean }): string {
  const error = opts.error ? `<p class="error" role="alert" id="login-error">${escapeHtml(opts.error)}</p>\n` : "";
  const next = opts.next ? `<input type="hidden" name="next" value="${escapeHtml(opts.next)}">\n` : "";
  const described = opts.error ? ` aria-describedby="login-error"` : "";
  return htmlDocument(
    "Sign in",
    `<h1>Sign in to Quire</h1>
${error}<form method="post" action="/login">
<input type="hidden" name="csrf_token" value="${escapeHtml(opts.csrf)}">
${next}<label for="email">Email</label>
<input id="email" name="email" type="email" autocomplete="username" required value="${escapeHtml(opts.email ?? "")}"${described}>
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required${described}>
<button type="submit">Sign in</button>
</form>${opts.sso ? ssoForm(opts.next) : ""}`,
  );
}

/** "Sign in with SSO": an email, sent to /sso/saml, which finds the person's workspace with SAML. */
function ssoForm(next: string | null): string {
  return `
<p class="divider" aria-hidden="true">or</p>
<form method="get" action="/sso/saml" aria-labelledby="sso-heading">
<p class="muted" id="sso-heading">If your workspace uses single sign-on:</p>
${next ? `<input type="hidden" name="next" value="${escapeHtml(next)}">\n` : ""}<label for="sso-email">Work email</label>
<input id="sso-email" name="email" type="email" autocomplete="username" required>
<button type="submit" id="sso-submit">Sign in with SSO</button>
</form>`;
}

/** Password sign-in refused because a workspace of the person enforces SAML: a link to its SSO. */
export function ssoRequiredPage(href: string): string {
  return htmlDocument(
    "Use single sign-on",
    `<h1>Use single sign-on</h1>
<p role="alert">Your workspace requires single sign-on: sign in through your identity provider.</p>
<p><a href="${escapeHtml(href)}" id="sso-link" class="button">Sign in with SSO</a></p>`,
  );
}

/** What /login shows someone already signed in: who, and a sign-out button. */
export function signedInPage(opts: { name: string | null; email: string; csrf: string }): string {
  const who = opts.name ? `${escapeHtml(opts.name)} (${escapeHtml(opts.email)})` : escapeHtml(opts.email);
  return htmlDocument(
    "Signed in",
    `<h1>Signed in</h1>
<p>You are signed in as <strong id="signed-in-as">${who}</strong>.</p>
<p><a href="/" id="open-app">Open Quire</a></p>
<form method="post" action="/logout">
<input type="hidden" name="csrf_token" value="${escapeHtml(opts.csrf)}">
<button type="submit" class="secondary">Sign out</button>
</form>`,
  );
}

/** A refusal page (403 CSRF, 429 too many attempts): a heading, a sentence, a way back. */
export function problemPage(title: string, message: string): string {
  return htmlDocument(title, `<h1>${escapeHtml(title)}</h1>\n<p role="alert">${escapeHtml(message)}</p>\n<p><a href="/login">Back to sign in</a></p>`);
}

/** The step between "Sign in with SSO" and the identity provider: it moves on by itself (a meta refresh, no script), with a link for when it does not. */
export function ssoContinuePage(target: string): string {
  return htmlDocument(
    "Single sign-on",
    `<h1>Single sign-on</h1>
<p role="status">Taking you to your identity provider…</p>
<p><a href="${escapeHtml(target)}" id="sso-continue" class="button">Continue to your identity provider</a></p>`,
    { head: `\n<meta http-equiv="refresh" content="0;url=${escapeHtml(target)}">` },
  );
}
