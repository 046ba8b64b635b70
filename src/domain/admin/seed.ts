/**
 * The first start's workspace: "Quire", its owner, the "Quire Dev" integration with every
 * capability, and a "Getting started" page shared with it — all in one transaction.
 */
import type { IntegrationRow, Tx } from "../../storage/types.js";
import type { Ctx, Deps } from "../context.js";
import { parseBlocks } from "../blocks/parse.js";
import { materialize, nodeBy } from "../nodes.js";
import { normalizeRichText } from "../rich-text.js";
import { richText } from "../rich-text.js";
import { createIntegration, DEFAULT_CAPABILITIES } from "./integrations.js";
import { hashToken, newAdminKey } from "./tokens.js";
import { WorkBudget } from "../budget.js";
import { LIMITS } from "../../api/limits.js";
import { startTopLevelPage } from "../page-sections.js";

export interface SeedOptions {
  token?: string;
  adminKey?: string;
  workspaceName?: string;
  ownerName?: string;
  ownerEmail?: string;
  /** The workspace's time zone at first start (IANA, default UTC). */
  timeZone?: string;
}

export interface Workspace {
  workspaceId: string;
  /** The dev integration's token (kept so `npm start` can print it); null when it no longer works. */
  token: string | null;
  /** Why `token` is null, in a sentence that says how to get a working one. */
  tokenProblem?: string;
  adminKey: string;
  devIntegrationId: string;
  /** The seeded "Getting started" page, while it exists outside the trash. */
  gettingStartedPageId: string | null;
}

/** A start that cannot go ahead (a flag that contradicts the data, a port in use): one clear sentence. */
export class StartupError extends Error {}

const text = (content: string, extra: Record<string, unknown> = {}) => ({ text: { content, ...extra } });

const GETTING_STARTED = [
  { heading_1: { rich_text: [text("Welcome to Quire")] } },
  {
    paragraph: {
      rich_text: [
        text("Quire speaks the "),
        { text: { content: "Notion API" }, annotations: { bold: true } },
        text(". Point "),
        { text: { content: "@notionhq/client" }, annotations: { code: true } },
        text(" at this server and it works unchanged."),
      ],
    },
  },
  { heading_2: { rich_text: [text("Try it")] } },
  { bulleted_list_item: { rich_text: [text("List this page's blocks with blocks.children.list")] } },
  { bulleted_list_item: { rich_text: [text("Append a paragraph with blocks.children.append")] } },
  { to_do: { rich_text: [text("Create a sub-page with pages.create")], checked: false } },
  {
    code: {
      language: "typescript",
      rich_text: [text('const notion = new Client({ auth: token, baseUrl: "http://127.0.0.1:7474" })')],
    },
  },
  {
    callout: {
      rich_text: [text("Everything here lives in one SQLite file in ./.quire/.")],
      icon: { emoji: "💡" },
      color: "gray_background",
    },
  },
  { divider: {} },
  {
    toggle: {
      rich_text: [text("What is not emulated yet?")],
      children: [{ paragraph: { rich_text: [text("See the README: databases, comments, search and file uploads come next.")] } }],
    },
  },
];

/** Creates the workspace unless one exists; returns its dev credentials either way. */
export async function ensureWorkspace(deps: Deps, opts: SeedOptions): Promise<Workspace> {
  return deps.store.write(async (tx) => {
    const existing = await tx.firstWorkspace();
    if (existing) return reuse(tx, existing.id, opts);
    return seed(deps, tx, opts);
  });
}

async function reuse(tx: Tx, workspaceId: string, opts: SeedOptions): Promise<Workspace> {
  const devIntegrationId = (await tx.getMeta("dev_integration_id"))!;
  const dev = await tx.getIntegration(workspaceId, devIntegrationId);
  let token = (await tx.getMeta("dev_token"))!;
  if (opts.token && opts.token !== token) token = await fixDevToken(tx, dev, opts.token);
  let adminKey = (await tx.getMeta("admin_key"))!;
  if (opts.adminKey && opts.adminKey !== adminKey) {
    adminKey = opts.adminKey;
    await tx.setMeta("admin_key", adminKey);
  }
  // The kept token is the one that works unless the integration went away or was rotated by a
  // Quire that did not record rotations (the control API records them since).
  const tokenProblem = !dev
    ? 'the integration "Quire Dev" was deleted; `quire integration create --name NAME` makes another'
    : dev.token_hash !== hashToken(token)
      ? `the token of "${dev.name}" was rotated; \`quire integration update ${dev.id} --rotate-token\` gives a new one`
      : undefined;
  const gettingStartedPageId = await startPage(tx, workspaceId, dev);
  return { workspaceId, token: tokenProblem ? null : token, tokenProblem, adminKey, devIntegrationId, gettingStartedPageId };
}

/** The "Getting started" page if it is still there (data directories seeded before it was recorded: the dev integration's first share). */
async function startPage(tx: Tx, workspaceId: string, dev: IntegrationRow | null): Promise<string | null> {
  const id = (await tx.getMeta("getting_started_page_id")) ?? (dev ? (await tx.listShares(workspaceId, dev.id))[0] : undefined);
  const node = id ? await tx.getNode(workspaceId, id) : null;
  return node && node.type === "page" && !node.in_trash ? node.id : null;
}

/** `--token` on a later start: the dev integration takes it, unless it is gone or the token is another's. */
async function fixDevToken(tx: Tx, dev: IntegrationRow | null, token: string): Promise<string> {
  if (!dev) throw new StartupError('--token cannot be applied: the integration "Quire Dev" was deleted from this data directory.');
  const holder = await tx.getIntegrationByTokenHash(hashToken(token));
  if (holder && holder.id !== dev.id) throw new StartupError(`--token is already the token of another integration ("${holder.name}", ${holder.id}); choose a different value.`);
  await tx.updateIntegration({ ...dev, token_hash: hashToken(token) });
  await tx.setMeta("dev_token", token);
  return token;
}

async function seed(deps: Deps, tx: Tx, opts: SeedOptions): Promise<Workspace> {
  const now = deps.clock.now();
  const workspace = { id: deps.ids(), name: opts.workspaceName ?? "Quire", created_time: now, time_zone: opts.timeZone ?? "UTC" };
  await tx.insertWorkspace(workspace);
  const owner = {
    workspace_id: workspace.id,
    id: deps.ids(),
    type: "person" as const,
    name: opts.ownerName ?? "Quire Owner",
    avatar_url: null,
    email: opts.ownerEmail ?? "owner@quire.local",
    integration_id: null,
    created_time: now,
    role: "owner" as const,
  };
  await tx.insertUser(owner);
  // The owner's account; its password is set right after (src/domain/signin/owner.ts).
  await tx.accounts.insert({ user_id: owner.id, email: owner.email, password_hash: null, created_time: now, updated_time: now });
  const dev = await createIntegration(deps, tx, workspace.id, { name: "Quire Dev", capabilities: DEFAULT_CAPABILITIES, token: opts.token });
  const bot = (await tx.getUser(workspace.id, dev.bot_id))!;
  const integration = (await tx.getIntegration(workspace.id, dev.id))!;
  const ctx: Ctx = {
    ...deps,
    actor: { workspace, integration, bot, caps: new Set(integration.capabilities) },
    version: "2025-09-03",
    budget: new WorkBudget(LIMITS.REQUEST_COMPUTE_MS),
    betas: new Set(),
  };
  const resolver = { user: async () => null, pageInfo: async () => null, urlFor: () => "", customEmoji: async () => null };
  const page = nodeBy(workspace.id, owner.id, now, {
    id: deps.ids(),
    type: "page",
    parent_type: "workspace",
    parent_id: null,
    position: 1,
    data: {},
    properties: { title: await normalizeRichText(richText()([text("Getting started")], "seed"), resolver) },
    icon: { type: "emoji", emoji: "👋" },
  });
  await tx.insertNodes([page]);
  await startTopLevelPage(tx, workspace.id, page.id, "workspace", owner.id);
  await tx.addShare(workspace.id, dev.id, page.id, now);
  const drafts = parseBlocks(GETTING_STARTED, "seed", { type: "page", payload: {} });
  await tx.insertNodes(await materialize(tx, ctx, drafts, page, drafts.map((_, i) => i + 1)));
  const adminKey = opts.adminKey ?? newAdminKey();
  await tx.setMeta("admin_key", adminKey);
  await tx.setMeta("dev_token", dev.token!);
  await tx.setMeta("dev_integration_id", dev.id);
  await tx.setMeta("owner_user_id", owner.id);
  await tx.setMeta("getting_started_page_id", page.id);
  return { workspaceId: workspace.id, token: dev.token!, adminKey, devIntegrationId: dev.id, gettingStartedPageId: page.id };
}
