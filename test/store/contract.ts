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

/** A store under test: opened on an empty database, closed (and its database dropped) at the end. */
export interface StoreUnderTest {
  store: Store;
  /** A second store on the same database (another node), for backends that run several. */
  another?: () => Promise<Store>;
  close(): Promise<void>;
}

/**
 * Runs the contract against the store `open` makes; one store per suite, one workspace per case.
 * `nodes`: the backend runs several stores on one database (`another`), tested together.
 */
export function describeStore(name: string, open: () => Promise<StoreUnderTest>, opts: { nodes?: boolean } = {}): void {
  describe(`store contract: ${name}`, () => {
    let s: StoreUnderTest;
    const store = () => s.store;
    before(async () => {
      s = await open();
    });
    after(async () => {
      await s?.close();
    });
    pagingCases(store);
    searchCases(store);
    const another = async () => {
      if (!s.another) throw new Error(`${name} opened no second node`);
      return s.another();
    };
    unitCases(store, opts.nodes ? another : undefined);
  });
}
