/**
 * The two markdown dialects of the markdown endpoints, named by `markdown_version`: enhanced
 * markdown (`v1`, deprecated) and Notion-flavored Markdown (`v2`). Before Notion-Version
 * 2026-12-01 a request without `markdown_version` gets v1; from 2026-12-01 on it gets v2 and
 * `"v1"` is refused. Reference: developers.notion.com/guides/data-apis/migrate-to-notion-flavored-markdown
 * ("The next Notion-Version makes Notion-flavored Markdown (v2) the default and rejects
 * markdown_version: "v1""), developers.notion.com/guides/get-started/upgrade-guide-2026-12-01.
 */
import type { ApiVersion } from "../../api/version.js";

export type MarkdownVersion = "v1" | "v2";

/** True from the Notion-Version on which v2 is the default and v1 is gone (2026-12-01). */
export const markdownV2Only = (version: ApiVersion): boolean => (version as string) === "2026-12-01";

/** The dialect a request gets when it names none. */
export const defaultMarkdownVersion = (version: ApiVersion): MarkdownVersion => (markdownV2Only(version) ? "v2" : "v1");

/** The values `markdown_version` may take under `version`. */
export const markdownVersions = (version: ApiVersion): readonly MarkdownVersion[] => (markdownV2Only(version) ? ["v2"] : ["v1", "v2"]);
