import type { CustomEmojiRow, Page } from "./records.js";

/** Custom emojis: `Tx.emojis`. */
export interface CustomEmojiStore {
  get(workspaceId: string, id: string): Promise<CustomEmojiRow | null>;
  getByName(workspaceId: string, name: string): Promise<CustomEmojiRow | null>;
  /** In creation order from the emoji `from` (a cursor), only those named `name` when given; null if `from` is unknown. */
  list(workspaceId: string, from: string | null, limit: number, name?: string): Promise<Page<CustomEmojiRow> | null>;
  insert(row: CustomEmojiRow): Promise<void>;
  remove(workspaceId: string, id: string): Promise<boolean>;
}
