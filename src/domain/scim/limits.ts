/**
 * SCIM's numbers. Notion's page size: "`startIndex` is 1-indexed and count has a maximum of 100"
 * (notion.com/help/provision-users-and-groups-with-scim, "GET /Users" and "GET /Groups").
 */
export const SCIM_LIMITS = {
  /** The largest `count` answered; larger ones are cut to it (RFC 7644 §3.4.2.4 lets a server answer fewer). */
  MAX_COUNT: 100,
  /** Without `count` (Notion: "If pagination is not used, a maximum of 100 workspace groups will be returned"). */
  DEFAULT_COUNT: 100,
  /** Operations in one PATCH request. */
  MAX_PATCH_OPERATIONS: 100,
  /** Members named in one group request (larger groups: several PATCHes). */
  MAX_GROUP_MEMBERS_PER_REQUEST: 1000,
  /** A token's last use is written at most this often. */
  TOKEN_TOUCH_MS: 60_000,
} as const;
