/**
 * The sign-in pages' HTML: plain forms that work without JavaScript, every field labelled, in
 * Quire's simple look. Everything interpolated is escaped.
 */

/** `s` safe inside HTML text and double-quoted attributes. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

/** The pages' stylesheet (the OAuth consent page builds on it). */
export const STYLE = `
  :root { color-scheme: light dark; font-family: system-ui, -apple-system, "Segoe UI", sans-serif; }
  body { margin: 0; min-height: 100vh; display: grid; place-items: center; background: Canvas; color: CanvasText; }
  main { width: min(22rem, 92vw); padding: 2rem; border: 1px solid color-mix(in srgb, CanvasText 15%, transparent); border-radius: 10px; }
  h1 { font-size: 1.4rem; margin: 0 0 1.25rem; }
  label { display: block; font-weight: 600; margin: 1rem 0 .35rem; }
  input[type=email], input[type=password] { box-sizing: border-box; width: 100%; padding: .55rem .6rem; font: inherit; border: 1px solid GrayText; border-radius: 6px; }
  button { margin-top: 1.4rem; width: 100%; padding: .6rem; font: inherit; font-weight: 600; border: 0; border-radius: 6px; background: #2383e2; color: white; cursor: pointer; }
  button:focus-visible, input:focus-visible { outline: 3px solid #2383e2; outline-offset: 2px; }
  .error { margin: 0 0 1rem; padding: .6rem .7rem; border-radius: 6px; background: color-mix(in srgb, #eb5757 15%, transparent); }
  p.muted { color: GrayText; font-size: .9rem; }
`;

/** Headers every sign-in page is sent with: not cached, not framed, no scripts, forms only to this server. */
export const PAGE_HEADERS = {
  "content-type": "text/html; charset=utf-8",
  "cache-control": "no-store",
  "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  "x-frame-options": "DENY",
  "x-content-type-options": "nosniff",
  "referrer-policy": "same-origin",
} as const;

/** A whole HTML page of Quire's own (sign-in, consent, account link): `body` inside `<main>`, styled by `style`. */
export function htmlDocument(title: string, body: string, style: string = STYLE): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · Quire</title>
<style>${style}</style>
</head>
<body>
<main>
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
<form method="get" action="/sso/saml" aria-labelledby="sso-heading">
<p class="muted" id="sso-heading">Or, if your workspace uses single sign-on:</p>
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
<p><a href="${escapeHtml(href)}" id="sso-link">Sign in with SSO</a></p>`,
  );
}

/** What /login shows someone already signed in: who, and a sign-out button. */
export function signedInPage(opts: { name: string | null; email: string; csrf: string }): string {
  const who = opts.name ? `${escapeHtml(opts.name)} (${escapeHtml(opts.email)})` : escapeHtml(opts.email);
  return htmlDocument(
    "Signed in",
    `<h1>Signed in</h1>
<p>You are signed in as <strong id="signed-in-as">${who}</strong>.</p>
<form method="post" action="/logout">
<input type="hidden" name="csrf_token" value="${escapeHtml(opts.csrf)}">
<button type="submit">Sign out</button>
</form>`,
  );
}

/** A refusal page (403 CSRF, 429 too many attempts): a heading, a sentence, a way back. */
export function problemPage(title: string, message: string): string {
  return htmlDocument(title, `<h1>${escapeHtml(title)}</h1>\n<p role="alert">${escapeHtml(message)}</p>\n<p><a href="/login">Back to sign in</a></p>`);
}
