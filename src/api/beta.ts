/**
 * `Notion-Beta`: opt-in beta features, each named `<feature>-<revision date>` (several separated by
 * commas). A value that is malformed, unknown, given twice or an older revision of a known beta
 * answers 400 `invalid_beta` (the error code in @notionhq/client 5.26 `APIErrorCode.InvalidBeta`;
 * the four cases from ramnes/notion-sdk-py PR #396). Notion's wording for each case is not
 * documented: the messages below are Quire's.
 */
import { ApiError } from "./errors.js";

/**
 * The betas Quire implements, by feature, with their current revision.
 * `status-group-filters`: `status: {group: {equals | does_not_equal}}` filter conditions
 * (developers.notion.com/guides/get-started/upgrade-guide-2026-12-01, "Status filters").
 */
export const BETAS = { "status-group-filters": "2026-10-06" } as const;

/** A beta as the header names it, e.g. `status-group-filters-2026-10-06`. */
export type Beta = { [F in keyof typeof BETAS]: `${F}-${(typeof BETAS)[F]}` }[keyof typeof BETAS];

const NAMED = /^([a-z0-9]+(?:-[a-z0-9]+)*?)-(\d{4}-\d{2}-\d{2})$/;
const current = (feature: string) => `${feature}-${(BETAS as Record<string, string>)[feature]}`;
const invalid = (message: string) => new ApiError(400, "invalid_beta", `Notion-Beta header failed validation: ${message}`);

/** The betas a request opts into (none without the header); throws 400 invalid_beta. */
/** The betas of a request that names none (most): one set for all of them. */
const NO_BETAS: ReadonlySet<Beta> = new Set();

export function parseBetas(header: string | string[] | undefined): ReadonlySet<Beta> {
  if (header === undefined) return NO_BETAS;
  const names = (Array.isArray(header) ? header.join(",") : header).split(",").map((s) => s.trim());
  const out = new Set<Beta>();
  for (const name of names) {
    const m = NAMED.exec(name);
    if (!m) throw invalid(`\`${JSON.stringify(name)}\` should be a beta name followed by its revision date, like \`"${current("status-group-filters")}"\`.`);
    const [, feature, revision] = m;
    if (!Object.hasOwn(BETAS, feature)) throw invalid(`\`${JSON.stringify(name)}\` is not a beta. Available: ${Object.keys(BETAS).map((f) => `\`"${current(f)}"\``).join(", ")}.`);
    if (name !== current(feature)) {
      const stale = revision < (BETAS as Record<string, string>)[feature];
      throw invalid(`\`${JSON.stringify(name)}\` is ${stale ? "a stale" : "an unknown"} revision of ${feature}; the current one is \`"${current(feature)}"\`.`);
    }
    if (out.has(name as Beta)) throw invalid(`\`${JSON.stringify(name)}\` is given more than once.`);
    out.add(name as Beta);
  }
  return out;
}
