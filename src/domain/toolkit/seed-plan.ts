/**
 * A seed file once validated (src/routes/admin-seed.schema.ts): what each workspace declares, in
 * the verbs' typed inputs, with the JSON path of every item for error messages
 * (docs/design/seed-files.md).
 */
import type { Capability } from "../../api/capabilities.js";
import type { WorkspaceRole } from "../../storage/records.js";
import type { PermissionLevel } from "../../storage/permissions.js";
import type { CreatePageInput } from "../pages/inputs.js";
import type { CreateDatabaseInput } from "../databases/inputs.js";
import type { RichTextRequest } from "../rich-text.js";
import type { CreateViewInput } from "../views/inputs.js";

/** A reference to another object of the file: its local `key`, or a UUID. */
export type SeedRef = string;

export interface SeedPlan {
  workspaces: WorkspacePlan[];
}

export interface WorkspacePlan {
  path: string;
  id?: string;
  name: string;
  time_zone?: string;
  people: PersonPlan[];
  groups: GroupPlan[];
  integrations: IntegrationPlan[];
  pages: PagePlan[];
  databases: DatabasePlan[];
}

export interface PersonPlan {
  path: string;
  id?: string;
  key?: string;
  email: string;
  name: string;
  role: WorkspaceRole;
  /** The password, not yet hashed (the loader hashes it before the write unit). */
  password?: string;
}

export interface GroupPlan {
  path: string;
  id?: string;
  key?: string;
  name: string;
  external_id?: string;
  /** People of the file. */
  members: SeedRef[];
}

/** A page permission: a person's, a group's or the workspace's level on a page or database. */
export interface PermissionPlan {
  path: string;
  principal: { type: "user" | "group"; ref: SeedRef } | { type: "workspace" };
  level: PermissionLevel;
}

export interface IntegrationPlan {
  path: string;
  id?: string;
  key?: string;
  name: string;
  capabilities?: Capability[];
  /** A fixed token (stored hashed, as every token). */
  token?: string;
  /** Pages and databases shared with it. */
  shares: SeedRef[];
}

export interface PagePlan {
  path: string;
  id?: string;
  key?: string;
  /** The parent page (or row); null for the workspace's top level. */
  parent: SeedRef | null;
  /** A top-level page's sidebar section (`workspace` unless the file says `private`). */
  section: "workspace" | "private";
  /** Whose private page it is (a person of the file); absent: the workspace's owner. */
  privateTo?: SeedRef;
  /** POST /v1/pages's input; its parent is set when the reference is resolved. */
  input: CreatePageInput;
  /** The blocks' explicit ids (undefined where none is given), in the order the page's blocks are made: depth first. */
  blockIds: BlockIdPlan[];
  discussions: DiscussionPlan[];
  permissions: PermissionPlan[];
}

/** A block's explicit id, with its path in the file. */
export interface BlockIdPlan {
  path: string;
  id?: string;
}

/** A comment thread on a page, or on one of its blocks (`block`: its id). */
export interface DiscussionPlan {
  path: string;
  id?: string;
  block?: string;
  resolved: boolean;
  /** The first comment, then the replies. */
  comments: CommentPlan[];
}

export interface CommentPlan {
  path: string;
  id?: string;
  /** A person of the file, or an integration (it comments as its bot); absent: the workspace's owner. */
  author?: SeedRef;
  rich_text: RichTextRequest[];
  /** Who the comment shows as, when not its author's default (developers.notion.com/reference/comment-display-name). */
  display_name?: { type: "user" | "integration" | "custom"; resolved_name: string | null };
}

export interface DatabasePlan {
  path: string;
  id?: string;
  data_source_id?: string;
  key?: string;
  parent: SeedRef;
  input: CreateDatabaseInput;
  rows: PagePlan[];
  /** The data source's templates (pages like rows), in the order they are listed. */
  templates: TemplatePlan[];
  /** The database's tab views in order; absent: the default table view a database comes with. */
  views?: ViewPlan[];
  permissions: PermissionPlan[];
}

/** A template of the database's data source: a page like a row, the default one marked. */
export interface TemplatePlan extends PagePlan {
  isDefault: boolean;
}

/** A view of the database (POST /v1/views's input; its database and data source set when made). */
export interface ViewPlan {
  path: string;
  id?: string;
  input: Omit<CreateViewInput, "data_source_id" | "target">;
}
