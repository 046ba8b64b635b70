/**
 * Notion-Version handling. Every version the live API accepts is accepted here; responses are
 * shaped for four families, in release order. Versions before 2022-06-28 are answered as
 * 2022-06-28 (a known difference, listed in the README).
 * Reference: developers.notion.com/reference/versioning; the differences between families:
 * docs/design/versions.md.
 */
import { ApiError, errors } from "./errors.js";
import { listing, show } from "./validate.js";

export const ACCEPTED_VERSIONS = [
  "2021-05-11",
  "2021-05-13",
  "2021-08-16",
  "2022-02-22",
  "2022-06-28",
  "2025-09-03",
  "2026-03-11",
  "2026-12-01",
] as const;

/** The response shapes Quire serves, oldest first (the order `atLeast` compares in). */
export const API_VERSIONS = ["2022-06-28", "2025-09-03", "2026-03-11", "2026-12-01"] as const;

/** The response shape a request gets. */
export type ApiVersion = (typeof API_VERSIONS)[number];

export function parseVersion(header: string | string[] | undefined): ApiVersion {
  // An empty header is answered with the list of versions, as Notion does (instead was `""`).
  if (header === undefined) throw errors.missingVersion();
  const value = Array.isArray(header) ? header[0] : header;
  switch (value) {
    case "2025-09-03":
    case "2026-03-11":
    case "2026-12-01":
      return value;
    case "2021-05-11":
    case "2021-05-13":
    case "2021-08-16":
    case "2022-02-22":
    case "2022-06-28":
      return "2022-06-28";
  }
  throw new ApiError(
    400,
    "missing_version",
    `Notion-Version header failed validation: Notion-Version header should be ${listing(ACCEPTED_VERSIONS.map((v) => `\`"${v}"\``))}, instead was \`${show(value)}\`.`,
  );
}

/** True when `v` is `min` or a later version: every version check reads "from this version on". */
export const atLeast = (v: ApiVersion, min: ApiVersion): boolean => API_VERSIONS.indexOf(v) >= API_VERSIONS.indexOf(min);

/** True when responses still carry the deprecated `archived` alias (removed in 2026-03-11). */
export const hasArchived = (v: ApiVersion): boolean => !atLeast(v, "2026-03-11");
/** True when the legacy database model applies (one table per database). */
export const isLegacy = (v: ApiVersion): boolean => v === "2022-06-28";
/**
 * True when Search and Query a data source answer page `properties` holding only the title
 * unless `filter_properties` is given (developers.notion.com/guides/get-started/
 * upgrade-guide-2026-12-01, "Request only the page properties you read").
 */
export const listsShowTitleOnly = (v: ApiVersion): boolean => atLeast(v, "2026-12-01");
