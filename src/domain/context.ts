/** What every domain verb receives: its dependencies, who is asking, and in which API version. */
import type { Clock } from "./clock.js";
import type { IdGenerator } from "../api/ids.js";
import type { FileDeps } from "./files/config.js";
import type { IntegrationRow, Store, UserRow, WorkspaceRow } from "../storage/types.js";
import type { Capability } from "../api/capabilities.js";
import type { ApiVersion } from "../api/version.js";
import type { WorkBudget } from "./budget.js";
import type { Beta } from "../api/beta.js";
import type { WorkspaceRole } from "../storage/records.js";
import type { Principal } from "../storage/permissions.js";
import type { WebhookSettings } from "./webhooks/policy.js";
import type { RequestLogView } from "./toolkit/requests.js";
import type { SnapshotStore } from "../storage/snapshots.js";
import type { Toolkit } from "./toolkit/state.js";

export interface Deps {
  store: Store;
  clock: Clock;
  ids: IdGenerator;
  /** The public origin clients use, for `url` fields (e.g. http://127.0.0.1:7474). */
  publicUrl: () => string;
  /** File uploads: blob store, download-URL key, size limit (domain/files/config.ts). */
  files: FileDeps;
  /**
   * When background work (domain/async-tasks/background.ts) runs; default `setImmediate`, right
   * after the answer. Tests hold it back to stand for a process that died before running it.
   */
  schedule?: (work: () => void) => void;
  /** How long one request may compute, in ms (default LIMITS.REQUEST_COMPUTE_MS; domain/budget.ts). */
  computeMs?: number;
  /**
   * The key the admin key and the dev token are sealed with (src/secret-key.ts); null when the
   * deployment has none (PostgreSQL without QUIRE_SECRET_KEY: nothing is sealed).
   */
  sealKey?: Buffer | null;
  /** The whole exchange of one call to a link-preview partner, in ms (default 15 s; domain/link-previews/partner.ts). */
  linkPreviewTimeoutMs?: number;
  /** Webhook settings (defaults in src/domain/webhooks/policy.ts: `webhookSettings`). */
  webhooks?: Partial<WebhookSettings>;
  /** The request log of this node (domain/toolkit/requests.ts); absent or size 0: off. */
  requests?: RequestLogView;
  /** Snapshots of the whole state (storage/snapshots.ts; domain/toolkit/snapshots.ts), from the store the server opened. */
  snapshots?: SnapshotStore;
  /** The emulator toolkit: controlled clock, rate limits, faults, latency (domain/toolkit/state.ts). */
  toolkit?: Toolkit;
}

/**
 * Who a request acts as. An integration's token: `integration` and its `bot` user, seeing what is
 * shared with it (src/domain/access.ts). A personal access token (`person` set): `bot` is the
 * person's own user row — the user every write is attributed to, whose uploads and comments are
 * theirs, who "me" filters name — and `integration` stands for the token (its id and name; what
 * a request's own async tasks and view queries are keyed by); sight comes from the person's page
 * permissions (src/domain/person-access.ts), never from shares. A browser session of the web app
 * acts as its person the same way (`person.session` set; src/domain/signin/session-actor.ts).
 */
export interface Actor {
  workspace: WorkspaceRow;
  integration: IntegrationRow;
  bot: UserRow;
  caps: ReadonlySet<Capability>;
  /** Set when a person acts through a personal access token. */
  person?: PersonActor;
}

/** The person behind a personal access token's request. */
export interface PersonActor {
  /** Their role in the request's workspace (guests reach only what is shared with them). */
  role: WorkspaceRole;
  /** The personal access token's id; for a browser session `session:<user id>`. */
  tokenId: string;
  /**
   * Set when the person acts through the web app's browser session (the session cookie and its
   * CSRF header: src/domain/signin/session-actor.ts), not a token: a member may then list users,
   * as Notion's app shows them the members.
   */
  session?: true;
  /** Themself, their groups and (members) the workspace: read once per request (person-access.ts). */
  principals?: Principal[];
}

/**
 * What presenting one answer found out about it, shared by every copy of the request's context.
 * The response cache (http/response-cache.ts) keeps only answers that are not time-dependent.
 */
export interface AnswerTraits {
  /**
   * The answer changes without any write: a signed file URL (it expires an hour after the
   * request), a formula that read the clock (`now()`, `today()`), a formula cut short by its CPU
   * backstop (which depends on the machine's load).
   */
  timeDependent: boolean;
}

export interface Ctx extends Deps {
  actor: Actor;
  version: ApiVersion;
  /** This request's computing time (formulas, filters in memory), shared by all it evaluates. */
  budget: WorkBudget;
  /** The betas the request opted into with `Notion-Beta` (api/beta.ts). */
  betas: ReadonlySet<Beta>;
  /** What presentation found out about the answer (set by the /v1 hooks; absent outside a request). */
  answer?: AnswerTraits;
}
