/**
 * A cookie-keeping HTTP client for Quire's sign-in pages (what a browser does without JavaScript):
 * GET a page, read its form's CSRF token, POST the form URL-encoded, follow nothing.
 */

/** One answer: status, headers, body text and the `Set-Cookie` lines it carried. */
export interface PageAnswer {
  status: number;
  headers: Headers;
  text: string;
  setCookies: string[];
}

/** A client with its own cookie jar against the server at `url`. */
export class FormClient {
  readonly jar = new Map<string, string>();
  constructor(
    readonly url: string,
    /** Headers sent with every request (e.g. X-Forwarded-For to stand for another address). */
    readonly headers: Record<string, string> = {},
  ) {}

  /** GET `path` with the jar's cookies. */
  get(path: string, headers: Record<string, string> = {}): Promise<PageAnswer> {
    return this.send("GET", path, undefined, headers);
  }

  /** POST `fields` URL-encoded to `path` with the jar's cookies. */
  post(path: string, fields: Record<string, string>, headers: Record<string, string> = {}): Promise<PageAnswer> {
    return this.send("POST", path, new URLSearchParams(fields).toString(), { "content-type": "application/x-www-form-urlencoded", ...headers });
  }

  /** The CSRF token of the form on `path` (a GET that also sets the pre-session cookie). */
  async csrf(path = "/login"): Promise<string> {
    return csrfOf((await this.get(path)).text);
  }

  /** Signs in through the form; the answer of the POST. */
  async signIn(email: string, password: string, extra: Record<string, string> = {}): Promise<PageAnswer> {
    const csrf_token = await this.csrf();
    return this.post("/login", { csrf_token, email, password, ...extra });
  }

  /** GET /_quire/session as JSON. */
  async session(): Promise<{ status: number; body: any }> {
    const r = await this.get("/_quire/session");
    return { status: r.status, body: JSON.parse(r.text) };
  }

  private async send(method: string, path: string, body: string | undefined, headers: Record<string, string>): Promise<PageAnswer> {
    const cookie = [...this.jar].map(([k, v]) => `${k}=${v}`).join("; ");
    const res = await fetch(this.url + path, { method, body, redirect: "manual", headers: { ...this.headers, ...(cookie ? { cookie } : {}), ...headers } });
    const setCookies = res.headers.getSetCookie();
    for (const line of setCookies) {
      const [pair, ...attrs] = line.split(";").map((s) => s.trim());
      const eq = pair.indexOf("=");
      const [name, value] = [pair.slice(0, eq), pair.slice(eq + 1)];
      if (attrs.some((a) => /^max-age=0$/i.test(a)) || value === "") this.jar.delete(name);
      else this.jar.set(name, value);
    }
    return { status: res.status, headers: res.headers, text: await res.text(), setCookies };
  }
}

/** The hidden `csrf_token` field of a page's form. */
export function csrfOf(html: string): string {
  const m = /name="csrf_token" value="([^"]+)"/.exec(html);
  if (!m) throw new Error(`no csrf_token in the page: ${html.slice(0, 300)}`);
  return m[1];
}

/** The `Set-Cookie` line of cookie `name`, split into its attributes (lower-cased names). */
export function cookieAttributes(setCookies: string[], name: string): Record<string, string> | null {
  const line = setCookies.find((l) => l.startsWith(`${name}=`));
  if (!line) return null;
  const out: Record<string, string> = {};
  const [pair, ...attrs] = line.split(";").map((s) => s.trim());
  out.value = pair.slice(name.length + 1);
  for (const a of attrs) {
    const eq = a.indexOf("=");
    out[(eq === -1 ? a : a.slice(0, eq)).toLowerCase()] = eq === -1 ? "" : a.slice(eq + 1);
  }
  return out;
}
