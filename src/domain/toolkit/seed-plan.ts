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
  /** POST /v1/pages's input; its parent is set when the reference is resolved. */
  input: CreatePageInput;
  permissions: PermissionPlan[];
}

export interface DatabasePlan {
  path: string;
  id?: string;
  data_source_id?: string;
  key?: string;
  parent: SeedRef;
  input: CreateDatabaseInput;
  rows: PagePlan[];
  permissions: PermissionPlan[];
}
