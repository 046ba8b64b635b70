/**
 * People's accounts: one per person across the whole Quire (one user id in every workspace the
 * person belongs to, one email, unique whatever its ASCII case), with the password hash sign-in
 * checks. Global, not keyed by workspace (a Citus reference table: test/citus.test.ts). The
 * person's memberships are their `users` rows (type `person`), one per workspace.
 */
import type { WorkspaceRole } from "./records.js";

/** A person's account. `password_hash` is a PHC-style scrypt string (src/domain/signin/passwords.ts), or null: no password sign-in. */
export interface AccountRow {
  user_id: string;
  email: string;
  password_hash: string | null;
  created_time: number;
  updated_time: number;
}

/** One workspace a person belongs to: their `users` row there and the workspace's name. */
export interface Membership {
  workspace_id: string;
  workspace_name: string;
  /** The person's name in that workspace's `users` row. */
  name: string | null;
  email: string | null;
  /** Their role there; a former member (role null) is no membership and is not listed. */
  role: WorkspaceRole;
  created_time: number;
}

/** Accounts: `Tx.accounts` (src/storage/sqlite-accounts.ts, src/storage/postgres/accounts.ts). */
export interface AccountStore {
  /** The account of person `userId`, or null. */
  get(userId: string): Promise<AccountRow | null>;
  /** The account whose email is `email`, ignoring ASCII case; null when none. */
  findByEmail(email: string): Promise<AccountRow | null>;
  /** Adds an account; its user id and (case-folded) email must be new (the caller checks with `findByEmail` in the same write unit). */
  insert(row: AccountRow): Promise<void>;
  /** Rewrites the account's email, password hash and updated time. */
  update(row: AccountRow): Promise<void>;
  /** The workspaces person `userId` belongs to (their person rows), oldest membership first, ties by workspace id. */
  memberships(userId: string): Promise<Membership[]>;
}
