/**
 * `quire` commands for public integrations (docs/design/oauth.md): `integration create --public`,
 * `integration update --rotate-secret` and the other public fields, and `quire oauth grant` —
 * the code the consent page's Allow would produce (`POST /_quire/v1/oauth/grants`), for CI.
 */
import { ConfigError } from "./config.js";

/** The options these commands add to the control commands' (`--redirect-uri` and `--page` repeat). */
export const OAUTH_OPTIONS = {
  public: { type: "boolean" },
  "redirect-uri": { type: "string", multiple: true },
  "template-page": { type: "string" },
  icon: { type: "string" },
  "rotate-secret": { type: "boolean" },
  "client-id": { type: "string" },
  page: { type: "string", multiple: true },
  "use-template": { type: "boolean" },
  state: { type: "string" },
} as const;

/** Parsed values of the options above (and the shared ones they read). */
export interface OAuthValues {
  public?: boolean;
  "redirect-uri"?: string[];
  "template-page"?: string;
  icon?: string;
  "rotate-secret"?: boolean;
  "client-id"?: string;
  page?: string[];
  "use-template"?: boolean;
  state?: string;
  name?: string;
  user?: string;
  workspace?: string;
}

type Request = [string, string, unknown?];

/**
 * The request of a public-integration command under prefix `ws` (`caps`: `--capabilities`);
 * undefined when the command is none of these (the caller routes it), null for a usage error.
 */
export function oauthRoute(command: string, sub: string | undefined, a: string | undefined, values: OAuthValues, ws: string, caps: string[] | undefined): Request | null | undefined {
  if (command === "oauth") return sub === "grant" ? grantRoute(values) : null;
  if (command !== "integration") return undefined;
  if (sub === "create" && values.public) {
    if (!values.name || !values["redirect-uri"]?.length) throw new ConfigError("integration create --public needs --name and at least one --redirect-uri URL.");
    return ["POST", `${ws}/integrations`, { type: "public", name: values.name, redirect_uris: values["redirect-uri"], capabilities: caps, icon: values.icon, template_page_id: values["template-page"] }];
  }
  const publicFields = values["rotate-secret"] || values["redirect-uri"] || values["template-page"] !== undefined || values.icon !== undefined;
  if (sub === "update" && publicFields) {
    if (!a) return null;
    const template = values["template-page"] === "none" ? null : values["template-page"];
    return ["PATCH", `${ws}/integrations/${a}`, { name: values.name, capabilities: caps, redirect_uris: values["redirect-uri"], icon: values.icon, template_page_id: template, rotate_secret: values["rotate-secret"] }];
  }
  return undefined;
}

/** `quire oauth grant --client-id ID --user USER_ID [--workspace ID] [--page ID]… [--redirect-uri URL] [--state S] [--use-template]`. */
function grantRoute(values: OAuthValues): Request {
  if (!values["client-id"] || !values.user) throw new ConfigError("oauth grant needs --client-id CLIENT_ID and --user USER_ID.");
  const redirect = values["redirect-uri"];
  if (redirect && redirect.length > 1) throw new ConfigError("oauth grant takes one --redirect-uri.");
  return [
    "POST",
    "/_quire/v1/oauth/grants",
    { client_id: values["client-id"], user_id: values.user, workspace_id: values.workspace, page_ids: values.page, redirect_uri: redirect?.[0], state: values.state, use_template: values["use-template"] },
  ];
}
