/**
 * The permission resolver (src/domain/permissions.ts) through a real store, on this pass's
 * backend (SQLite file, or a fresh PostgreSQL database): a tree with entries at several depths,
 * groups, guests, owners, private pages, database rows, trash, moves, and the batch form.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Store, Tx } from "../src/storage/types.js";
import { openSqliteStore } from "../src/storage/sqlite.js";
import { openPostgresStore } from "../src/storage/postgres/index.js";
import { freshDatabase, TEST_STORE } from "./helpers/pg.js";
import { dataSource, id, newWorkspace, node, page, row } from "./store/fixtures.js";
import { entry, group } from "./store/contract-permissions.js";
import { allows, higher, levelOf, levelsOf, principalsOf, type PersonInWorkspace, type WorkspaceRole } from "../src/domain/permissions.js";
import { moveToSection, sectionOf, startTopLevelPage } from "../src/domain/page-sections.js";
import type { PermissionLevel } from "../src/storage/permissions.js";

let store: Store;
let close: () => Promise<void>;
before(async () => {
  if (TEST_STORE === "postgres") {
    const db = await freshDatabase();
    store = await openPostgresStore({ url: db.url });
    close = async () => {
      await store.close();
      await db.drop();
    };
  } else {
    const dir = mkdtempSync(join(tmpdir(), "quire-perms-"));
    store = openSqliteStore({ filename: join(dir, "quire.db") });
    close = async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    };
  }
});
after(async () => close?.());

const person = (role: WorkspaceRole): PersonInWorkspace => ({ userId: id(), role });

/**
 * The tree every case starts from (levels in brackets are explicit entries):
 *   A   top-level, Workspace section        [workspace full_access]
 *   ├─ A1                                  [workspace can_view, bob can_edit]
 *   │  ├─ A1a                              [gina (guest) can_view]
 *   │  │  └─ A1a·block (a paragraph)
 *   │  │     └─ A1a·deep (a page under the block) [workspace can_edit]
 *   │  └─ A1b                              [group G can_comment]
 *   └─ D   a database                     [group G full_access, workspace can_comment]
 *      └─ data source → R (a row)
 *   P   top-level, alice's private page    [alice full_access]
 *   └─ P1                                  [bob can_comment, group H can_edit]
 * G = {carol}; H = {gina}.
 */
async function tree() {
  const ws = await newWorkspace(store);
  const [alice, bob, carol, dave] = [person("member"), person("member"), person("member"), person("membership_admin")];
  const [gina, olga] = [person("guest"), person("owner")];
  const [G, H] = [group(ws), group(ws)];
  const A = page(ws, "A");
  const A1 = page(ws, "A1", { parent_type: "page_id", parent_id: A.id });
  const A1a = page(ws, "A1a", { parent_type: "page_id", parent_id: A1.id });
  const block = node(ws, { parent_type: "page_id", parent_id: A1a.id });
  const deep = page(ws, "deep", { parent_type: "block_id", parent_id: block.id });
  const A1b = page(ws, "A1b", { parent_type: "page_id", parent_id: A1.id });
  const D = node(ws, { type: "database", parent_type: "page_id", parent_id: A.id });
  const ds = dataSource(ws, D.id);
  const R = row(ws, ds.id, "R");
  const P = page(ws, "P", { created_by: alice.userId });
  const P1 = page(ws, "P1", { parent_type: "page_id", parent_id: P.id });
  await store.write(async (tx) => {
    await tx.insertNodes([A, A1, A1a, block, deep, A1b, D, ds, R, P, P1]);
    await tx.groups.insert(G);
    await tx.groups.insert(H);
    await tx.groups.addMembers(ws, G.id, [carol.userId]);
    await tx.groups.addMembers(ws, H.id, [gina.userId]);
    await startTopLevelPage(tx, ws, A.id, "workspace", olga.userId);
    await startTopLevelPage(tx, ws, P.id, "private", alice.userId);
    for (const e of [
      entry(ws, A1.id, "workspace", ws, "can_view"),
      entry(ws, A1.id, "user", bob.userId, "can_edit"),
      entry(ws, A1a.id, "user", gina.userId, "can_view"),
      entry(ws, deep.id, "workspace", ws, "can_edit"),
      entry(ws, A1b.id, "group", G.id, "can_comment"),
      entry(ws, D.id, "group", G.id, "full_access"),
      entry(ws, D.id, "workspace", ws, "can_comment"),
      entry(ws, P1.id, "user", bob.userId, "can_comment"),
      entry(ws, P1.id, "group", H.id, "can_edit"),
    ])
      await tx.permissions.set(e);
  });
  return { ws, people: { alice, bob, carol, dave, gina, olga }, groups: { G, H }, nodes: { A, A1, A1a, block, deep, A1b, D, ds, R, P, P1 } };
}

type Tree = Awaited<ReturnType<typeof tree>>;
type Who = keyof Tree["people"];
type Where = keyof Tree["nodes"];

/** Every person's level on every node, as a table keyed `who@where`. */
async function table(t: Tree): Promise<Record<string, PermissionLevel | null>> {
  const out: Record<string, PermissionLevel | null> = {};
  await store.read(async (tx) => {
    for (const [who, p] of Object.entries(t.people)) {
      const levels = await levelsOf(tx, t.ws, p, Object.values(t.nodes).map((n) => n.id));
      for (const [where, n] of Object.entries(t.nodes)) out[`${who}@${where}`] = levels.get(n.id)!;
    }
  });
  return out;
}

/** The expected table: `null` where not listed. */
function expect(t: Tree, rows: Partial<Record<Who, Partial<Record<Where, PermissionLevel>>>>) {
  const out: Record<string, PermissionLevel | null> = {};
  for (const who of Object.keys(t.people) as Who[]) for (const where of Object.keys(t.nodes) as Where[]) out[`${who}@${where}`] = rows[who]?.[where] ?? null;
  return out;
}

/** What every member gets from the workspace entries alone. */
const MEMBER = { A: "full_access", A1: "can_view", A1a: "can_view", block: "can_view", deep: "can_edit", A1b: "can_view", D: "can_comment", ds: "can_comment", R: "can_comment" } as const;

describe(`permission resolver (${TEST_STORE})`, () => {
  test("levels combine: nearest entry per principal, the highest among a person's principals, overrides raise and lower", async () => {
    const t = await tree();
    assert.deepEqual(
      await table(t),
      expect(t, {
        alice: { ...MEMBER, P: "full_access", P1: "full_access" },
        bob: { ...MEMBER, A1: "can_edit", A1a: "can_edit", block: "can_edit", deep: "can_edit", A1b: "can_edit", P1: "can_comment" },
        carol: { ...MEMBER, A1b: "can_comment", D: "full_access", ds: "full_access", R: "full_access" },
        dave: MEMBER,
        olga: MEMBER,
        gina: { A1a: "can_view", block: "can_view", deep: "can_view", P1: "can_edit" },
      }),
    );
  });

  test("guests get nothing from workspace-wide entries; owners and admins nothing from their role", async () => {
    const t = await tree();
    await store.read(async (tx) => {
      assert.deepEqual((await principalsOf(tx, t.ws, t.people.gina)).map((p) => p.type), ["user", "group"]);
      assert.equal(await levelOf(tx, t.ws, t.people.gina, t.nodes.A.id), null);
      assert.equal(await levelOf(tx, t.ws, t.people.olga, t.nodes.P.id), null, "the owner does not see alice's private page");
      assert.equal(await levelOf(tx, t.ws, t.people.dave, t.nodes.P1.id), null);
      assert.equal(await levelOf(tx, t.ws, t.people.alice, id()), null, "no such node");
      assert.equal(await levelOf(tx, t.ws, t.people.alice, t.nodes.block.id), "can_view", "blocks inherit from their page");
    });
  });

  test("another workspace's entries and groups count for nothing", async () => {
    const t = await tree();
    const other = await newWorkspace(store);
    await store.write(async (tx) => {
      await tx.permissions.set(entry(other, t.nodes.P.id, "user", t.people.bob.userId, "full_access"));
      await tx.permissions.set(entry(other, t.nodes.P.id, "workspace", other, "full_access"));
      await tx.groups.insert(group(other, { id: t.groups.G.id }));
      await tx.groups.addMembers(other, t.groups.G.id, [t.people.dave.userId]);
    });
    await store.read(async (tx) => {
      assert.equal(await levelOf(tx, t.ws, t.people.bob, t.nodes.P.id), null);
      assert.equal(await levelOf(tx, t.ws, t.people.dave, t.nodes.D.id), "can_comment", "dave is in G only in the other workspace");
      assert.equal(await levelOf(tx, other, t.people.bob, t.nodes.P.id), null, "the node is not in the other workspace");
    });
  });

  test("a move re-derives inheritance: A1a under alice's private page keeps only its own entries and P's", async () => {
    const t = await tree();
    await store.write((tx) => tx.updateNode({ ...t.nodes.A1a, parent_id: t.nodes.P.id }));
    const levels = await table(t);
    assert.equal(levels["alice@A1a"], "full_access");
    assert.equal(levels["bob@A1a"], null, "bob's can_edit came from A1");
    assert.equal(levels["carol@A1a"], null);
    assert.equal(levels["gina@A1a"], "can_view", "gina's own entry moves with the page");
    assert.equal(levels["carol@deep"], "can_edit", "the workspace entry on `deep` still holds below it");
    assert.equal(levels["alice@block"], "full_access");
    assert.equal(levels["bob@A1b"], "can_edit", "its old siblings are unchanged");
  });

  test("trash changes nothing: a trashed page and what is under it keep their levels", async () => {
    const t = await tree();
    const before = await table(t);
    await store.write((tx) => tx.updateNode({ ...t.nodes.A1, in_trash: true }));
    assert.deepEqual(await table(t), before);
  });

  test("removing a principal's entries and memberships takes its access away, and nothing else", async () => {
    const t = await tree();
    await store.write(async (tx) => {
      await tx.permissions.removePrincipal(t.ws, { type: "group", id: t.groups.G.id });
      await tx.groups.delete(t.ws, t.groups.G.id);
      await tx.groups.removeUser(t.ws, t.people.gina.userId);
    });
    const levels = await table(t);
    assert.equal(levels["carol@D"], "can_comment");
    assert.equal(levels["carol@A1b"], "can_view");
    assert.equal(levels["gina@P1"], null, "gina left H");
    assert.equal(levels["gina@A1a"], "can_view");
  });

  test("sections: workspace-wide and private top-level pages, and moving between them", async () => {
    const t = await tree();
    await store.read(async (tx) => {
      assert.equal(await sectionOf(tx, t.ws, t.nodes.A.id), "workspace");
      assert.equal(await sectionOf(tx, t.ws, t.nodes.P.id), "private");
    });
    await store.write((tx) => moveToSection(tx, t.ws, t.nodes.P.id, "workspace", t.people.alice.userId));
    await store.read(async (tx) => {
      assert.equal(await levelOf(tx, t.ws, t.people.dave, t.nodes.P.id), "full_access");
      assert.equal(await levelOf(tx, t.ws, t.people.gina, t.nodes.P.id), null, "not for guests");
      assert.equal(await levelOf(tx, t.ws, t.people.bob, t.nodes.P1.id), "full_access", "bob's can_comment on P1 is below what members inherit");
    });
    await store.write((tx) => moveToSection(tx, t.ws, t.nodes.A.id, "private", t.people.olga.userId));
    await store.read(async (tx) => {
      assert.equal(await sectionOf(tx, t.ws, t.nodes.A.id), "private");
      assert.equal(await levelOf(tx, t.ws, t.people.olga, t.nodes.A.id), "full_access");
      assert.equal(await levelOf(tx, t.ws, t.people.dave, t.nodes.A.id), null);
      assert.equal(await levelOf(tx, t.ws, t.people.dave, t.nodes.A1.id), "can_view", "A1's own workspace entry still holds");
      assert.equal(await levelOf(tx, t.ws, t.people.bob, t.nodes.A1.id), "can_edit");
    });
  });

  test("the batch form reads two statements' worth of ports for any number of nodes, and agrees with levelOf", async () => {
    const t = await tree();
    const ids = [...Object.values(t.nodes).map((n) => n.id), id()];
    await store.read(async (tx) => {
      const calls: string[] = [];
      const counted = new Proxy(tx, {
        get(target, prop) {
          const v = Reflect.get(target, prop);
          if (prop !== "permissions" && prop !== "groups") return v;
          return new Proxy(v as object, {
            get(t2, m) {
              const f = Reflect.get(t2, m);
              if (typeof f === "function") calls.push(`${String(prop)}.${String(m)}`);
              return f;
            },
          });
        },
      }) as Tx;
      const batch = await levelsOf(counted, t.ws, t.people.carol, ids);
      assert.deepEqual(calls, ["groups.groupsOf", "permissions.along"]);
      for (const nodeId of ids) assert.equal(batch.get(nodeId), await levelOf(tx, t.ws, t.people.carol, nodeId));
      assert.deepEqual(await levelsOf(tx, t.ws, t.people.carol, []), new Map());
    });
  });

  test("level order", () => {
    assert.equal(higher("can_view", "can_comment"), "can_comment");
    assert.equal(higher(null, "can_view"), "can_view");
    assert.equal(higher("full_access", null), "full_access");
    assert.ok(allows("can_edit", "can_comment"));
    assert.ok(!allows("can_comment", "can_edit"));
    assert.ok(!allows(null, "can_view"));
  });
});
