/**
 * SAML single sign-on state per workspace (src/domain/saml/): the workspace's identity provider
 * (one row), the AuthnRequest ids Quire issued and not yet seen answered (the `InResponseTo`
 * check: single use, expiring), and the assertion ids already consumed (the replay check, kept
 * until the assertion's own end). Every row is keyed by workspace id; expired rows are removed
 * by `sweep` inside the unit that signs someone in, so any number of nodes may run it.
 */

/** A workspace's identity provider as configured through the control API. */
export interface SamlConfigRow {
  workspace_id: string;
  /** The IdP's entity id: the `Issuer` its assertions must carry. */
  idp_entity_id: string;
  /** The IdP's single sign-on URL (HTTP-Redirect binding). */
  entry_point: string;
  /** The IdP's signing certificates (PEM), one or more (a rollover lists both). */
  idp_certs: string[];
  /** Unknown people become members on their first sign-in. */
  allow_jit: boolean;
  /** Password sign-in refuses this workspace's members (src/domain/signin/sign-in.ts). */
  enforce_sso: boolean;
  created_time: number;
  updated_time: number;
}

/** SAML state: `Tx.saml` (src/storage/sqlite-saml.ts, src/storage/postgres/saml.ts). */
export interface SamlStore {
  /** Workspace `ws`'s configuration, or null when it has none. */
  get(ws: string): Promise<SamlConfigRow | null>;
  /** Writes the workspace's configuration (insert or replace; `created_time` kept from the first). */
  put(row: SamlConfigRow): Promise<void>;
  /** Removes the workspace's configuration and its outstanding requests and consumed ids; false when it had none. */
  remove(ws: string): Promise<boolean>;
  /** True when at least one workspace of the Quire has SAML configured. */
  anyConfigured(): Promise<boolean>;
  /** Records an AuthnRequest id Quire sent to the workspace's IdP, answerable until `expiresTime`, with the local path to go to after (`next`). */
  addRequest(ws: string, id: string, expiresTime: number, next: string | null): Promise<void>;
  /** Takes (removes) request `id` of workspace `ws`: its `next` when it was outstanding and had not expired at `now`, else null. */
  takeRequest(ws: string, id: string, now: number): Promise<{ next: string | null } | null>;
  /** Records assertion `id` as consumed until `expiresTime`; false when it was already recorded (a replay). */
  recordAssertion(ws: string, id: string, expiresTime: number): Promise<boolean>;
  /** Removes the workspace's requests and assertion ids expired before `now` (at most `limit` of each); how many. */
  sweep(ws: string, now: number, limit: number): Promise<number>;
}
