/**
 * The storage contract suite: what every `Store` adapter must do, stated through the public
 * `Store`/`Tx` only (src/storage/types.ts), so SQLite and PostgreSQL are held to the same answers
 * — order, ties, paging, units of work. test/store.test.ts runs it once per backend available.
 */
import { after, before, describe } from "node:test";
import type { Store } from "../../src/storage/types.js";
import { pagingCases } from "./contract-paging.js";
import { searchCases } from "./contract-search.js";
import { unitCases } from "./contract-units.js";
import { nodeCases } from "./contract-nodes.js";
import { memberCases } from "./contract-members.js";
import { permissionCases } from "./contract-permissions.js";
import { accountCases } from "./contract-accounts.js";
import { personalTokenCases } from "./contract-personal-tokens.js";
import { samlCases } from "./contract-saml.js";
import { linkPreviewCases } from "./contract-link-previews.js";
import { scimCases } from "./contract-scim.js";
import { oauthCases } from "./contract-oauth.js";
import { webhookCases } from "./contract-webhooks.js";
import { snapshotCases } from "./contract-snapshots.js";
import { toolkitCases } from "./contract-toolkit.js";
import { commentCases } from "./contract-comments.js";
import { favoriteCases } from "./contract-favorites.js";

/** A store under test: opened on an empty database, closed (and its database dropped) at the end. */
export interface StoreUnderTest {
  store: Store;
  /** A second store on the same database (another node), for backends that run several. */
  another?: () => Promise<Store>;
  close(): Promise<void>;
}

/** Ports a backend does not implement yet: the cases that need them are skipped, saying so. */
export type Port = "rows" | "views" | "templates";

/** A case's skip option: false, or why it cannot run on this backend yet. */
export type Needs = (...ports: Port[]) => false | string;

/**
 * Runs the contract against the store `open` makes; one store per suite, one workspace per case.
 * `nodes`: the backend runs several stores on one database (`another`), tested together.
 * `missing`: ports not implemented on this backend yet.
 */
export function describeStore(name: string, open: () => Promise<StoreUnderTest>, opts: { nodes?: boolean; missing?: Port[] } = {}): void {
  const needs: Needs = (...ports) => {
    const absent = ports.filter((p) => opts.missing?.includes(p));
    return absent.length ? `the ${absent.join(" and ")} port${absent.length > 1 ? "s are" : " is"} not implemented on ${name} yet` : false;
  };
  describe(`store contract: ${name}`, () => {
    let s: StoreUnderTest;
    const store = () => s.store;
    before(async () => {
      s = await open();
    });
    after(async () => {
      await s?.close();
    });
    pagingCases(store, needs);
    searchCases(store);
    const another = async () => {
      if (!s.another) throw new Error(`${name} opened no second node`);
      return s.another();
    };
    unitCases(store, needs, opts.nodes ? another : undefined);
    nodeCases(store, opts.nodes ? another : undefined);
    memberCases(store);
    permissionCases(store);
    accountCases(store, opts.nodes ? another : undefined);
    personalTokenCases(store);
    samlCases(store);
    scimCases(store);
    linkPreviewCases(store);
    oauthCases(store);
    webhookCases(store, opts.nodes ? another : undefined);
    toolkitCases(store, opts.nodes ? another : undefined);
    commentCases(store);
    favoriteCases(store);
    // Last: a restore replaces what every case above wrote.
    snapshotCases(store, opts.nodes ? another : undefined);
  });
}
