/** What the file-upload feature needs from the composition root (`Deps.files`). */
import type { BlobStore } from "../../storage/blobs.js";
import type { Store } from "../../storage/types.js";
import { serverSecret } from "../server-secret.js";

export interface FileDeps {
  blobs: BlobStore;
  /** HMAC key of the signed download URLs (kept in the data directory's meta table). */
  secret: string;
  /** The workspace's per-file size limit (bytes). */
  maxFileBytes: number;
  /** Let external_url imports reach private and loopback addresses (tests; trusted networks). */
  allowPrivateUrls: boolean;
  /** Background work (external imports) still running; aborted and awaited on close. */
  imports: ImportTracker;
  /** The whole download of one external_url import, in ms (default LIMITS.FILE_IMPORT_TIMEOUT_MS). */
  importTimeoutMs?: number;
}


export class ImportTracker {
  private readonly running = new Set<Promise<unknown>>();
  readonly controller = new AbortController();
  track(p: Promise<unknown>): void {
    const done = p.catch(() => undefined).finally(() => this.running.delete(done));
    this.running.add(done);
  }
  /** Resolves when every import started so far has finished (tests poll less with it). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running]);
  }
  async close(): Promise<void> {
    this.controller.abort();
    await this.idle();
  }
}

/** The download-URL key: created once per data directory and kept in `meta`. */
export function fileUrlSecret(store: Store): Promise<string> {
  return serverSecret(store, "file_url_secret");
}
