/** Key-value settings of the store itself (secrets, index versions). A part of `Tx` (src/storage/types.ts). */
export interface MetaPort {
  getMeta(key: string): Promise<string | null>;
  setMeta(key: string, value: string): Promise<void>;
  /** Removes a row, its bytes overwritten where the engine keeps freed ones (SQLite's pages). */
  deleteMeta(key: string): Promise<void>;
}
