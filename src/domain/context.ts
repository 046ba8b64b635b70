/** What every domain verb receives: its dependencies, who is asking, and in which API version. */
import type { Clock } from "./clock.js";
import type { IdGenerator } from "./ids.js";
import type { FileDeps } from "./files/config.js";
import type { Capability, IntegrationRow, Store, UserRow, WorkspaceRow } from "../storage/types.js";
import type { ApiVersion } from "../http/version.js";
import type { Beta } from "../http/beta.js";

export interface Deps {
  store: Store;
  clock: Clock;
  ids: IdGenerator;
  /** The public origin clients use, for `url` fields (e.g. http://127.0.0.1:7474). */
  publicUrl: () => string;
  /** File uploads: blob store, download-URL key, size limit (domain/files/config.ts). */
  files: FileDeps;
}

export interface Actor {
  workspace: WorkspaceRow;
  integration: IntegrationRow;
  bot: UserRow;
  caps: ReadonlySet<Capability>;
}

export interface Ctx extends Deps {
  actor: Actor;
  version: ApiVersion;
  /** The betas the request opted into with `Notion-Beta` (http/beta.ts). */
  betas: ReadonlySet<Beta>;
}
