/**
 * `quire saml set|show|delete`: a workspace's SAML single sign-on from the command line, over
 * `/_quire/v1[/workspaces/{id}]/saml`. `set` reads the IdP's metadata (`--metadata FILE`) or its
 * sign-on URL, certificate file and entity id (`--entry-point URL --cert FILE --issuer ID`);
 * `--jit on|off` and `--enforce-sso on|off` change those settings (left as they are without).
 */
import { readFileSync } from "node:fs";
import { ConfigError } from "./config.js";

/** The options `saml` commands add to the control CLI's. */
export const SAML_OPTIONS = {
  metadata: { type: "string" },
  "entry-point": { type: "string" },
  cert: { type: "string" },
  issuer: { type: "string" },
  jit: { type: "string" },
  "enforce-sso": { type: "string" },
} as const;

type SamlValues = { [K in keyof typeof SAML_OPTIONS]?: string };

/** The request `quire saml …` stands for under prefix `ws`; undefined when the command is another, null when it is not one. */
export function samlRoute(command: string, sub: string | undefined, ws: string, values: SamlValues): [string, string, unknown?] | null | undefined {
  if (command !== "saml") return undefined;
  switch (sub) {
    case "show":
      return ["GET", `${ws}/saml`];
    case "delete":
      return ["DELETE", `${ws}/saml`];
    case "set":
      return ["PUT", `${ws}/saml`, { ...idpOf(values), allow_jit: onOff(values.jit, "--jit"), enforce_sso: onOff(values["enforce-sso"], "--enforce-sso") }];
  }
  return null;
}

function idpOf(values: SamlValues): Record<string, string> {
  if (values.metadata !== undefined) {
    if (values["entry-point"] !== undefined || values.cert !== undefined || values.issuer !== undefined) throw new ConfigError("saml set takes --metadata FILE, or --entry-point URL --cert FILE --issuer ID, not both.");
    return { idp_metadata_xml: readText(values.metadata, "--metadata") };
  }
  if (!values["entry-point"] || !values.cert || !values.issuer) throw new ConfigError("saml set needs --metadata FILE, or all of --entry-point URL --cert FILE --issuer ID.");
  return { entry_point: values["entry-point"], idp_cert: readText(values.cert, "--cert"), idp_issuer: values.issuer };
}

function onOff(value: string | undefined, flag: string): boolean | undefined {
  if (value === undefined) return undefined;
  if (value === "on" || value === "off") return value === "on";
  throw new ConfigError(`${flag} should be on or off, instead was "${value}".`);
}

function readText(path: string, flag: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (e) {
    throw new ConfigError(`${flag}: cannot read ${path} (${(e as NodeJS.ErrnoException).code ?? "error"}).`);
  }
}
