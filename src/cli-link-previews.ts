/**
 * `quire link-preview set|show|delete INTEGRATION_ID` and `quire link-preview paste PAGE_ID`: a
 * public integration's link-preview settings and pasting a link as a person, over
 * `/_quire/v1[/workspaces/{id}]/integrations/{id}/link_preview` and `…/pages/{id}/link_previews`.
 * `set` reads the settings' JSON from `--settings FILE` (the body of the PUT).
 */
import { readFileSync } from "node:fs";
import { ConfigError } from "./config.js";

/** The options `link-preview` commands add to the control CLI's. */
export const LINK_PREVIEW_OPTIONS = {
  settings: { type: "string" },
  "link-url": { type: "string" },
  as: { type: "string" },
} as const;

type LinkPreviewValues = { [K in keyof typeof LINK_PREVIEW_OPTIONS]?: string } & { user?: string };

/** The request `quire link-preview …` stands for under prefix `ws`; undefined when the command is another, null when it is not one. */
export function linkPreviewRoute(command: string, sub: string | undefined, id: string | undefined, ws: string, values: LinkPreviewValues): [string, string, unknown?] | null | undefined {
  if (command !== "link-preview") return undefined;
  if (!id) return null;
  switch (sub) {
    case "show":
      return ["GET", `${ws}/integrations/${id}/link_preview`];
    case "delete":
      return ["DELETE", `${ws}/integrations/${id}/link_preview`];
    case "set":
      if (!values.settings) throw new ConfigError("link-preview set needs --settings FILE (the settings as JSON).");
      return ["PUT", `${ws}/integrations/${id}/link_preview`, readJson(values.settings)];
    case "paste":
      if (!values["link-url"] || !values.user) throw new ConfigError("link-preview paste needs --link-url URL and --user USER_ID.");
      return ["POST", `${ws}/pages/${id}/link_previews`, { url: values["link-url"], user_id: values.user, as: values.as }];
  }
  return null;
}

function readJson(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new ConfigError(`--settings: cannot read ${path} (${(e as NodeJS.ErrnoException).code ?? "error"}).`);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new ConfigError(`--settings: ${path} is not valid JSON.`);
  }
}
