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
