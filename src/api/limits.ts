/**
 * Notion's documented request and response limits, in one place, and the bounds Quire adds so
 * that no request holds the server (marked as Quire's own). Elsewhere, because their code is
 * self-contained: a formula evaluation's steps and caps (src/formula/budget.ts, BUDGET) and the
 * conditions one SQL statement may hold (src/storage/planner/options.ts, SQL_MAX_CONDITIONS).
 * Reference: developers.notion.com/reference/request-limits
 */
export const LIMITS = {
  /** Characters in one rich-text item's `text.content`. */
  RICH_TEXT_CONTENT: 2000,
  /** Characters in `text.link.url`. */
  RICH_TEXT_LINK_URL: 2000,
  /** Characters in an `equation.expression`. */
  EQUATION_EXPRESSION: 1000,
  /** Elements in any array of rich text or blocks. */
  ARRAY_ELEMENTS: 100,
  /** Characters in any URL (block or property). */
  URL: 2000,
  /** Children in one append / create request. */
  CHILDREN_PER_REQUEST: 100,
  /** Nesting levels of `children` below the top-level blocks of one request. */
  CHILDREN_NESTING: 2,
  /** Block elements in one request payload. */
  BLOCKS_PER_PAYLOAD: 1000,
  /** Bytes in one request payload. */
  PAYLOAD_BYTES: 500 * 1024,
  /** Levels of `and`/`or` in a query filter (reference/filter-data-source-entries, "Compound filter object"). */
  FILTER_NESTING: 2,
  /** Filters in one `and`/`or` array (the 100-element array limit; Notion's own message, see src/query/parse.ts). */
  FILTER_ARRAY: 100,
  /** Entries in a query's `sorts` (the 100-element array limit). */
  SORTS: 100,
  /** Default and maximum `page_size`. */
  PAGE_SIZE_DEFAULT: 100,
  PAGE_SIZE_MAX: 100,
  /** References (people, relations, mentions) returned in a page object's property. */
  PAGE_PROPERTY_REFERENCES: 25,
  /** Characters in a property name (the `name` of a property schema, and so a `properties` key that names one). */
  PROPERTY_NAME: 100,
  /** File uploads attached to one comment. */
  COMMENT_ATTACHMENTS: 3,
  /** Workspace file-upload limit reported in `users/me` (Notion's Free plan value). */
  MAX_FILE_UPLOAD_BYTES: 5 * 1024 * 1024,
  /** Blocks loaded for a page's markdown before the rest are `<unknown>` and `truncated` (about 20,000). */
  MARKDOWN_RECORDS: 20000,
  /** Ids in a page_markdown's `unknown_block_ids` (OpenAPI maxItems). */
  MARKDOWN_UNKNOWN_IDS: 100,
  /** Search-and-replace edits in one `update_content`. */
  MARKDOWN_CONTENT_UPDATES: 100,
  /** Levels of nested blocks a markdown write may hold (Quire's own bound; Notion documents none). */
  MARKDOWN_NESTING: 100,
  /**
   * Milliseconds one request may compute (formulas, filters evaluated in memory) before it
   * answers 504 gateway_timeout: Quire's own bound, well under the 60 s Notion names as its
   * maximum request time (reference/status-codes, service_unavailable). domain/budget.ts.
   */
  REQUEST_COMPUTE_MS: 10_000,
  /** File uploads (developers.notion.com/reference/file-upload, guides "Uploading larger files"). */
  /** Bytes a single_part upload may send (larger files go multi_part). */
  FILE_UPLOAD_SINGLE_PART_BYTES: 20 * 1024 * 1024,
  /** Bytes of one part of a multi_part upload: 5–20 MiB, except the last part, which may be smaller. */
  FILE_UPLOAD_PART_MIN_BYTES: 5 * 1024 * 1024,
  FILE_UPLOAD_PART_MAX_BYTES: 20 * 1024 * 1024,
  /** `number_of_parts` of a multi_part upload. */
  FILE_UPLOAD_MAX_PARTS: 1000,
  /** Bytes (UTF-8) of a file upload's filename, extension included. */
  FILE_UPLOAD_FILENAME_BYTES: 900,
  /** An upload not attached within this time expires (`expiry_time` = created + 1 hour). */
  FILE_UPLOAD_EXPIRY_MS: 60 * 60 * 1000,
  /** A Notion-hosted file URL is valid for one hour (`file.expiry_time`). */
  FILE_URL_EXPIRY_MS: 60 * 60 * 1000,
  /**
   * external_url imports (Quire's own; Notion documents none): the HEAD check runs inside the
   * create request ("a quick HEAD HTTPS request", docs/importing-external-files), so it gives up
   * after 5 s; the download runs in the background: 10 s to connect and get headers, 30 s in all
   * (`fileImportTimeoutMs` changes the latter). src/outbound/http-client.ts enforces them.
   */
  FILE_IMPORT_CHECK_TIMEOUT_MS: 5_000,
  FILE_IMPORT_CONNECT_TIMEOUT_MS: 10_000,
  FILE_IMPORT_TIMEOUT_MS: 30_000,
} as const;
