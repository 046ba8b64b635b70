/**
 * The store interface: everything domain code may ask of storage, split into ports (one file
 * each) that every adapter implements — SQLite today (src/storage/sqlite*.ts). Async so that a
 * networked database can implement it; every record is keyed by workspace id; no SQL dialect
 * leaks above here. The contract `read` and `write` keep is stated on `Store` below.
 */
import type { AccountStore } from "./accounts.js";
import type { SessionStore } from "./sessions.js";
import type { SigninAttemptStore } from "./signin-attempts.js";
import type { SamlStore } from "./saml.js";
import type { LinkPreviewStore } from "./link-previews.js";
import type { CommentStore } from "./comments.js";
import type { CustomEmojiStore } from "./emojis.js";
import type { FavoriteStore } from "./favorites.js";
import type { FileUploadStore } from "./file-uploads.js";
import type { GroupStore } from "./groups.js";
import type { PersonalTokenStore } from "./personal-tokens.js";
import type { IntegrationPort } from "./integrations.js";
import type { NodeLiveness } from "./liveness.js";
import type { MeetingNoteStore } from "./meeting-notes.js";
import type { MetaPort } from "./meta.js";
import type { NodePort } from "./nodes.js";
import type { PermissionStore } from "./permissions.js";
import type { RowPort } from "./rows.js";
import type { SearchStore } from "./search.js";
import type { SharePort } from "./shares.js";
import type { TaskStore } from "./tasks.js";
import type { TemplateStore } from "./templates.js";
import type { UserPort } from "./users.js";
import type { ViewStore } from "./views.js";
import type { MemberStore } from "./members.js";
import type { WorkspaceSetStore } from "./workspace-set.js";
import type { WorkspacePort } from "./workspaces.js";
import type { ScimStore } from "./scim.js";
import type { OAuthStore } from "./oauth.js";
import type { WebhookStore } from "./webhooks.js";
import type { SnapshotStore } from "./snapshots.js";
import type { ToolkitShared } from "./toolkit-shared.js";

export type { Capability } from "../api/capabilities.js";
export type { AncestorLink, CustomEmojiRow, IntegrationRow, NodeInSight, NodeRow, Page, ParentType, RowQuery, StoredNode, TokenOwner, UserRow, WorkspaceRole, WorkspaceRow } from "./records.js";
export type { CustomEmojiStore } from "./emojis.js";
export type { FavoriteRow, FavoriteStore } from "./favorites.js";
export type { AccountRow, Membership } from "./accounts.js";
export type { SessionRow } from "./sessions.js";
export type { SamlConfigRow } from "./saml.js";
export type { LinkPreviewAccountRow, LinkPreviewRow, LinkPreviewSettingsRow, LinkPreviewStateRow } from "./link-previews.js";
export type { ChildPosition } from "./nodes.js";

/**
 * Operations available inside one read or write unit: the flat ports (meta, workspaces, users,
 * integrations, shares, nodes, rows) and the stores reached by name.
 */
export interface Tx extends MetaPort, WorkspacePort, UserPort, IntegrationPort, SharePort, NodePort, RowPort {
  /** Comments (src/storage/comments.ts). */
  readonly comments: CommentStore;
  /** Custom emojis (src/storage/emojis.ts). */
  readonly emojis: CustomEmojiStore;
  /** File uploads (src/storage/file-uploads.ts). */
  readonly files: FileUploadStore;
  /** The title search index, kept in step with node writes by the store (src/storage/search.ts). */
  readonly search: SearchStore;
  /** Async tasks (src/storage/tasks.ts). */
  readonly tasks: TaskStore;
  /** Database views and cached view queries (src/storage/views.ts). */
  readonly views: ViewStore;
  /** Page templates of data sources (src/storage/templates.ts); templates are not rows. */
  readonly templates: TemplateStore;
  /** Meeting notes attendance (src/storage/meeting-notes.ts). */
  readonly meetingNotes: MeetingNoteStore;
  /** Workspace membership and roles (src/storage/members.ts). */
  readonly members: MemberStore;
  /** The workspaces as a set: list, count, delete with everything in it (src/storage/workspace-set.ts). */
  readonly allWorkspaces: WorkspaceSetStore;
  /** Groups of people and their members (src/storage/groups.ts). */
  readonly groups: GroupStore;
  /** Page permissions of people, groups and the workspace (src/storage/permissions.ts; decided in src/domain/permissions.ts). */
  readonly permissions: PermissionStore;
  /** People's accounts across the Quire: email, password hash, memberships (src/storage/accounts.ts). */
  readonly accounts: AccountStore;
  /** Sign-in sessions (src/storage/sessions.ts). */
  readonly sessions: SessionStore;
  /** Personal access tokens and each workspace's policy on them (src/storage/personal-tokens.ts). */
  readonly personalTokens: PersonalTokenStore;
  /** Sign-in rate limiting's counters (src/storage/signin-attempts.ts). */
  readonly signinAttempts: SigninAttemptStore;
  /** SAML single sign-on per workspace: the IdP, outstanding requests, consumed assertions (src/storage/saml.ts). */
  readonly saml: SamlStore;
  /** SCIM tokens and people's SCIM profiles (src/storage/scim.ts). */
  readonly scim: ScimStore;
  /** Link previews: settings, linked partner accounts, account-link states, previews (src/storage/link-previews.ts). */
  readonly linkPreviews: LinkPreviewStore;
  /** Public integrations: OAuth clients, codes, installations' grants (src/storage/oauth.ts). */
  readonly oauth: OAuthStore;
  /** Webhook subscriptions, the outbox of events and the delivery log (src/storage/webhooks.ts). */
  readonly webhooks: WebhookStore;
  /** People's favourite pages, per workspace (src/storage/favorites.ts). */
  readonly favorites: FavoriteStore;
  /**
   * Runs `fn` once this unit has committed — never when it rolls back; when a read unit ends.
   * Work another unit must see (a background task this one queued) starts here: on a database
   * with concurrent units, a unit started earlier would not see this one's writes.
   */
  afterCommit(fn: () => void): void;
}

/**
 * A database Quire keeps its state in. What every adapter guarantees (docs/design/storage.md;
 * checked by the storage contract suite):
 * - **Units.** `read` and `write` run `fn` with a `Tx` that lives only inside that unit: using
 *   it after `fn` settles is a programming error.
 * - **Reads** see one consistent snapshot of committed writes, taken when the unit starts, and
 *   write nothing.
 * - **Writes** are one transaction: when `write` resolves every change is committed and durable
 *   (it survives the process being killed); when `fn` throws none is. Writes to one workspace are
 *   serialized — no two units of the same workspace interleave, on one process or many — so a
 *   unit may read, decide and write without losing another's change; each unit reads what every
 *   unit acknowledged before it began.
 * - **Derived state** (the search index, the row index, attachment claims) is kept in step by
 *   the adapter inside the same transaction as the write that changes it.
 * - `fn` is never run twice by the store: a unit that cannot commit fails.
 * - **Nodes.** Each open store is one node (`liveness`): alive until it closes or its process
 *   dies, as every other store on the database sees it.
 */
export interface Store {
  /** Runs `fn` with a consistent view; no writes. */
  read<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  /**
   * A read unit whose `fn` runs exactly one statement (one port call that is one statement, as
   * `getTokenOwner`): a statement is its own snapshot, so an adapter may run it outside a
   * transaction (PostgreSQL: no BEGIN/COMMIT round trips). A second statement fails the unit.
   */
  readOne<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  /** Runs `fn` in one transaction: all of its writes land, or none do. */
  write<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  /** This process's node and which others are gone (src/storage/liveness.ts); not part of any unit. */
  readonly liveness: NodeLiveness;
  /**
   * The store's write generation, when it can tell: a number that changes at every write unit's
   * start and end (committed or rolled back) and whenever it forgets what it remembers, so an
   * answer computed while it stayed the same is still the answer. `undefined` (or absent) when
   * another process may write behind this one's back (PostgreSQL: other nodes), which keeps
   * nothing cached above the store (http/response-cache.ts; docs/design/storage.md).
   */
  generation?(): number | undefined;
  /**
   * Snapshots of the whole state (storage/snapshots.ts): on the adapter's own store only — a
   * wrapper (meter, file claims, webhook events) need not carry it; the composition root takes
   * it from the store it opened.
   */
  readonly snapshots?: SnapshotStore;
  /**
   * The toolkit's rate windows, faults and request log as every node sees them
   * (storage/toolkit-shared.ts): on the adapter's own store only, like `snapshots`.
   */
  readonly shared?: ToolkitShared;
  close(): Promise<void>;
}
