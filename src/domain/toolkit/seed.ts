/**
 * Applies a seed file (docs/design/seed-files.md): each workspace it declares is created through
 * the domain verbs (createWorkspace, addPerson, createIntegration, createPageIn, createDatabase,
 * shareObject), all of one workspace in one write unit, so a bad item leaves nothing behind.
 * Explicit ids are handed to the verb as the next id it asks for.
 */
import type { Store, Tx, UserRow, IntegrationRow } from "../../storage/types.js";
import type { Ctx, Deps } from "../context.js";
import type { IdGenerator } from "../../api/ids.js";
import { ApiError, errors } from "../../api/errors.js";
import { Invalid } from "../../api/validate.js";
import { createWorkspace } from "../admin/workspaces.js";
import { addPerson } from "../admin/people.js";
import { createIntegration, shareObject, CONTENT_CAPABILITIES } from "../admin/integrations.js";
import { createPageIn } from "../pages/create-page.js";
import { createDatabase } from "../databases/create-database.js";
import { moveToSection } from "../page-sections.js";
import { hashPassword } from "../signin/passwords.js";
import { WorkBudget } from "../budget.js";
import { LIMITS } from "../../api/limits.js";
import type { DatabasePlan, DiscussionPlan, PagePlan, PermissionPlan, SeedPlan, WorkspacePlan } from "./seed-plan.js";
import { insertCommentAs } from "../admin/comments.js";
import { createGroup } from "../admin/groups.js";
import { setPagePermission } from "../admin/page-permissions.js";
import { markTemplate } from "../admin/templates.js";
import { createView } from "../views/create-view.js";
import { tabViews } from "../views/model.js";

/** Why a seed file could not be applied: the item's path in the file and the reason. */
export class SeedError extends Error {}

/** The people's passwords hashed, before the write unit (hashing takes tens of milliseconds each). */
export async function hashSeedPasswords(plan: SeedPlan): Promise<(string | null)[][]> {
  return Promise.all(plan.workspaces.map((ws) => Promise.all(ws.people.map((p) => (p.password ? hashPassword(p.password) : null)))));
}

/**
 * Creates every workspace of `plan` inside `tx` (the first start's write unit: all or nothing);
 * returns their ids in the file's order. `hashes`: hashSeedPasswords(plan).
 */
export async function applySeed(deps: Deps, tx: Tx, plan: SeedPlan, hashes: (string | null)[][]): Promise<string[]> {
  const out: string[] = [];
  for (const [i, ws] of plan.workspaces.entries()) out.push(await applyWorkspace(deps, tx, ws, hashes[i]));
  return out;
}

/** Ids that start with `first` (explicit ids, in the order the verb asks), then the usual ones. */
function idsStartingWith(first: (string | undefined)[], rest: IdGenerator): IdGenerator {
  const queue = [...first];
  return () => (queue.length ? (queue.shift() ?? rest()) : rest());
}

/** A store whose units all run inside `tx`: the verbs that open their own unit join this one. */
function joined(store: Store, tx: Tx): Store {
  const s = Object.create(store) as Store;
  s.read = (fn) => fn(tx);
  s.readOne = (fn) => fn(tx);
  s.write = (fn) => fn(tx);
  return s;
}

async function at<T>(path: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (e instanceof ApiError || e instanceof SeedError) throw new SeedError(`${path}: ${e.message}`);
    // A check a verb makes with the request validators (a view's configuration against its data source).
    if (e instanceof Invalid) throw new SeedError(`${path}: ${e.lines.join(" ")}`);
    throw e;
  }
}

async function applyWorkspace(deps: Deps, tx: Tx, plan: WorkspacePlan, hashes: (string | null)[]): Promise<string> {
  const ws = await at(plan.path, () => createWorkspace({ ...deps, ids: idsStartingWith([plan.id], deps.ids) }, tx, { name: plan.name, time_zone: plan.time_zone }));
  const keys = new Map<string, string>();
  const resolve = (ref: string, path: string): string => {
    const id = keys.get(ref) ?? (/^[0-9a-f-]{32,36}$/i.test(ref) ? ref : undefined);
    if (!id) throw new SeedError(`${path}: no object of this file has key or id \`${ref}\` (declare it before it is referred to)`);
    return id;
  };
  // Made objects are known by their id too: a page whose parent is made later (a row) waits for it.
  const remember = (key: string | undefined, id: string) => {
    keys.set(id, id);
    if (key) keys.set(key, id);
  };
  const owner = (await tx.getUser(ws.id, ws.owner_id))!;
  for (const [i, p] of plan.people.entries()) {
    const id = await at(p.path, async () => {
      const member = await tx.findPersonByEmail(ws.id, p.email);
      if (member) {
        // The Quire's operator owns every workspace it creates: a seed naming them sets their role.
        if (p.id && p.id !== member.id) throw errors.validation(`id ${p.id} differs from ${member.id}, the id of the person with email ${p.email}.`);
        await tx.members.setRole(ws.id, member.id, p.role);
        return member.id;
      }
      return (await addPerson({ ...deps, ids: idsStartingWith([p.id], deps.ids) }, tx, ws.id, { name: p.name, email: p.email, passwordHash: hashes[i], role: p.role })).id;
    });
    remember(p.key, id);
  }
  for (const g of plan.groups) {
    const members = g.members.map((m, k) => resolve(m, `${g.path}.members[${k}]`));
    const made = await at(g.path, () => createGroup({ ...deps, ids: idsStartingWith([g.id], deps.ids) }, tx, ws.id, { name: g.name, external_id: g.external_id, user_ids: members }));
    remember(g.key, made.id);
  }
  const integrations: { id: string; shares: string[]; path: string }[] = [];
  for (const g of plan.integrations) {
    const view = await at(g.path, () => createIntegration({ ...deps, ids: idsStartingWith([g.id], deps.ids) }, tx, ws.id, { name: g.name, capabilities: g.capabilities, token: g.token }));
    remember(g.key, view.id);
    integrations.push({ id: view.id, shares: g.shares, path: g.path });
  }
  const ctx = await seedCtx(deps, tx, ws.id, owner);
  // Page permissions are set once every page exists (they may name any person or group).
  const granted: { id: string; permissions: PermissionPlan[] }[] = [];
  const made: { id: string; plan: PagePlan }[] = [];
  const createSeedPage = async (p: PagePlan, row = false) => {
    const id = await createPage(ctx, tx, p, resolve, remember, row);
    granted.push({ id, permissions: p.permissions });
    made.push({ id, plan: p });
    return id;
  };
  const pages = async (list: PagePlan[]) => {
    const later: PagePlan[] = [];
    for (const p of list) {
      if (p.parent && !keys.has(p.parent)) later.push(p);
      else await createSeedPage(p);
    }
    return later;
  };
  // Pages under rows are made once the rows exist.
  const waiting = await pages(plan.pages);
  const withViews: { plan: DatabasePlan; id: string; dataSourceId: string }[] = [];
  for (const d of plan.databases) {
    const parent = resolve(d.parent, `${d.path}.parent`);
    const made = await at(d.path, () =>
      createDatabase({ ...ctx, ids: idsStartingWith([d.id, d.data_source_id], deps.ids) }, { ...d.input, parent: { type: "page_id", id: parent } }),
    );
    remember(d.key, made.id);
    granted.push({ id: made.id, permissions: d.permissions });
    const dsId = (made as { data_sources?: { id: string }[] }).data_sources?.[0]?.id;
    for (const row of d.rows) await createSeedPage({ ...row, parent: dsId! }, true);
    for (const t of d.templates) {
      const id = await createSeedPage({ ...t, parent: dsId! }, true);
      await at(t.path, () => markTemplate(deps, tx, ws.id, dsId!, id, t.isDefault));
    }
    if (d.views) withViews.push({ plan: d, id: made.id, dataSourceId: dsId! });
  }
  // Pages under rows (or under pages that are themselves waiting), in as many passes as it takes.
  for (let rest = waiting; rest.length; ) {
    const next = await pages(rest);
    if (next.length === rest.length) for (const p of next) await createSeedPage(p);
    rest = next.length === rest.length ? [] : next;
  }
  // Views once every page exists (a filter may name one); they replace the database's default view.
  for (const d of withViews) await addViews(ctx, tx, d.plan, d.id, d.dataSourceId);
  // Comments once every page, block and author exists.
  for (const m of made) for (const d of m.plan.discussions) await at(d.path, () => addDiscussion(deps, tx, ws.id, owner.id, m.id, d, resolve));
  for (const g of integrations)
    for (const [k, ref] of g.shares.entries()) await at(`${g.path}.shares[${k}]`, () => shareObject(deps, tx, ws.id, g.id, resolve(ref, `${g.path}.shares[${k}]`)));
  for (const g of granted)
    for (const perm of g.permissions)
      await at(perm.path, () =>
        setPagePermission(tx, ws.id, g.id, perm.principal.type === "workspace" ? { type: "workspace" } : { type: perm.principal.type, id: resolve(perm.principal.ref, perm.path) }, perm.level),
      );
  return ws.id;
}

/** Makes a page or a row, with its blocks' explicit ids and its section; answers its id. */
async function createPage(ctx: Ctx, tx: Tx, p: PagePlan, resolve: (ref: string, path: string) => string, remember: (key: string | undefined, id: string) => void, row = false) {
  const parentId = p.parent === null ? null : row ? p.parent : resolve(p.parent, `${p.path}.parent`);
  const parent = parentId === null ? ({ type: "workspace" } as const) : row ? ({ type: "data_source_id", id: parentId } as const) : ({ type: "page_id", id: parentId } as const);
  // The page asks for its id first, then one per block, depth first (materialize): the file's ids go in that order.
  const ids = idsStartingWith([p.id, ...p.blockIds.map((b) => b.id)], ctx.ids);
  const made = await at(p.path, () => createPageIn(tx, { ...ctx, ids }, { ...p.input, parent } as typeof p.input));
  await at(p.path, () => checkBlockIds(tx, ctx.actor.workspace.id, made.id, p));
  const ws = ctx.actor.workspace.id;
  // Top-level pages of a seed are in the Workspace section (every member sees them), as Notion's sidebar, unless private.
  if (parentId === null && p.section === "workspace") await moveToSection(tx, ws, made.id, "workspace", ctx.actor.bot.id);
  if (parentId === null && p.section === "private" && p.privateTo !== undefined) {
    const person = await tx.getUser(ws, resolve(p.privateTo, `${p.path}.private_to`));
    if (person?.type !== "person" || !person.role) throw new SeedError(`${p.path}.private_to: \`${p.privateTo}\` is not a person of this workspace.`);
    // The page was made private to the seed's actor (the owner): it becomes that person's alone.
    if (person.id !== ctx.actor.bot.id) {
      await moveToSection(tx, ws, made.id, "private", person.id);
      await tx.permissions.remove(ws, made.id, { type: "user", id: ctx.actor.bot.id });
    }
  }
  remember(p.key, made.id);
  return made.id;
}

/** The database's views, made through POST /v1/views's verb in the file's order; then its default table view goes. */
async function addViews(ctx: Ctx, tx: Tx, d: DatabasePlan, databaseId: string, dataSourceId: string): Promise<void> {
  const first = await tabViews(tx, ctx, databaseId);
  for (const v of d.views ?? []) {
    const made = await at(v.path, () => createView({ ...ctx, ids: idsStartingWith([v.id], ctx.ids) }, { ...v.input, data_source_id: dataSourceId, target: { kind: "database", id: databaseId } }));
    if (v.id && made.id !== v.id) throw new SeedError(`${v.path}.id: the view was not given this id.`);
  }
  for (const old of first) await tx.views.delete(ctx.actor.workspace.id, old.id);
}

/** Every explicit block id was used for a block of this page (a safeguard on the id order). */
async function checkBlockIds(tx: Tx, ws: string, pageId: string, p: PagePlan): Promise<void> {
  const given = p.blockIds.filter((b) => b.id !== undefined);
  if (!given.length) return;
  const nodes = new Map((await tx.getNodes(ws, given.map((b) => b.id!))).map((n) => [n.id, n]));
  for (const b of given) if (nodes.get(b.id!)?.type === "page" || !nodes.has(b.id!)) throw new SeedError(`${b.path}: the block was not given this id (page ${pageId}).`);
}

/** A discussion on page `pageId` (or on one of its blocks): its comments in order, then resolved if it says so. */
async function addDiscussion(deps: Deps, tx: Tx, ws: string, ownerId: string, pageId: string, d: DiscussionPlan, resolve: (ref: string, path: string) => string): Promise<void> {
  const discussionId = d.id ?? deps.ids();
  const place = { parent_type: d.block ? ("block_id" as const) : ("page_id" as const), parent_id: d.block ?? pageId, discussion_id: discussionId };
  for (const c of d.comments) {
    const author = await tx.getUser(ws, c.author === undefined ? ownerId : resolve(c.author, `${c.path}.author`));
    if (!author || (author.type === "person" && !author.role)) throw new SeedError(`${c.path}.author: \`${c.author}\` is not a person or an integration of this workspace.`);
    await at(c.path, () => insertCommentAs(deps, tx, ws, author, place, c.rich_text, c.display_name, c.id ?? deps.ids()));
  }
  if (d.resolved) await tx.comments.setResolved(ws, discussionId, true);
}

/** The seed acts as the workspace's owner, with every content capability, inside `tx` (the export reads as them too). */
export async function seedCtx(deps: Deps, tx: Tx, workspaceId: string, owner: UserRow): Promise<Ctx> {
  const workspace = (await tx.getWorkspace(workspaceId))!;
  const integration: IntegrationRow = { workspace_id: workspaceId, id: owner.id, name: "Quire seed", token_hash: "", bot_id: owner.id, capabilities: [...CONTENT_CAPABILITIES, "user_info_with_email"], created_time: deps.clock.now() };
  return {
    ...deps,
    store: joined(deps.store, tx),
    actor: { workspace, integration, bot: owner, caps: new Set(integration.capabilities), person: { role: "owner", tokenId: "seed" } },
    version: "2025-09-03",
    budget: new WorkBudget(LIMITS.REQUEST_COMPUTE_MS),
    betas: new Set(),
  };
}
