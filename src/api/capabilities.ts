/**
 * An integration's capabilities, as Notion names them (developers.notion.com/reference/capabilities):
 * content (read, update, insert), comments (read, insert) and user information (none, without
 * email, with email).
 */
export type Capability =
  | "read_content"
  | "update_content"
  | "insert_content"
  | "read_comments"
  | "insert_comments"
  | "user_info_none"
  | "user_info_without_email"
  | "user_info_with_email";

/** How much of users an integration is shown (its user-information capability; none when it has none). */
export type UserInfo = "with_email" | "without_email" | "none";

/** The integration's user-information level (normalizeCapabilities keeps exactly one). */
export function userInfo(caps: ReadonlySet<Capability>): UserInfo {
  if (caps.has("user_info_none")) return "none";
  if (caps.has("user_info_with_email")) return "with_email";
  return caps.has("user_info_without_email") ? "without_email" : "none";
}
