/**
 * The first start's workspace: "Quire", its owner, the "Quire Dev" integration with every
 * capability, and a "Getting started" page shared with it — all in one transaction.
 */
import type { NodeRow, Tx } from "../../storage/types.js";
import type { Ctx, Deps } from "../context.js";
import { parseBlocks } from "../blocks/parse.js";
import { materialize } from "../nodes.js";
import { normalizeRichText } from "../rich-text.js";
import { richText } from "../rich-text.js";
import { createIntegration, DEFAULT_CAPABILITIES } from "./integrations.js";
import { hashToken, newAdminKey } from "./tokens.js";
import { WorkBudget } from "../budget.js";
import { LIMITS } from "../limits.js";

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
  /** The dev integration's token (kept so `npm start` can print it). */
  token: string;
  adminKey: string;
  devIntegrationId: string;
}

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
  let token = (await tx.getMeta("dev_token"))!;
  if (opts.token && opts.token !== token) {
    const dev = await tx.getIntegration(workspaceId, devIntegrationId);
    if (dev) await tx.updateIntegration({ ...dev, token_hash: hashToken(opts.token) });
    token = opts.token;
    await tx.setMeta("dev_token", token);
  }
  let adminKey = (await tx.getMeta("admin_key"))!;
  if (opts.adminKey && opts.adminKey !== adminKey) {
    adminKey = opts.adminKey;
    await tx.setMeta("admin_key", adminKey);
  }
  return { workspaceId, token, adminKey, devIntegrationId };
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
  };
  await tx.insertUser(owner);
  const dev = await createIntegration(deps, tx, workspace.id, { name: "Quire Dev", capabilities: DEFAULT_CAPABILITIES, token: opts.token });
  const bot = (await tx.getUser(workspace.id, dev.bot_id))!;
  const integration = (await tx.getIntegration(workspace.id, dev.id))!;
  const ctx: Ctx = {
    ...deps,
    actor: { workspace, integration, bot, caps: new Set(integration.capabilities) },
    version: "2025-09-03",
    budget: new WorkBudget(LIMITS.REQUEST_COMPUTE_MS),
  };
  const resolver = { user: async () => null, pageInfo: async () => null, urlFor: () => "", customEmoji: async () => null };
  const page: NodeRow = {
    workspace_id: workspace.id,
    id: deps.ids(),
    type: "page",
    parent_type: "workspace",
    parent_id: null,
    position: 1,
    data: {},
    properties: { title: await normalizeRichText(richText()([text("Getting started")], "seed"), resolver) },
    icon: { type: "emoji", emoji: "👋" },
    cover: null,
    in_trash: false,
    is_locked: false,
    is_archived: false,
    created_time: now,
    created_by: owner.id,
    last_edited_time: now,
    last_edited_by: owner.id,
  };
  await tx.insertNodes([page]);
  await tx.addShare(workspace.id, dev.id, page.id, now);
  const drafts = parseBlocks(GETTING_STARTED, "seed", { type: "page", payload: {} });
  await tx.insertNodes(await materialize(tx, ctx, drafts, page, drafts.map((_, i) => i + 1)));
  const adminKey = opts.adminKey ?? newAdminKey();
  await tx.setMeta("admin_key", adminKey);
  await tx.setMeta("dev_token", dev.token!);
  await tx.setMeta("dev_integration_id", dev.id);
  await tx.setMeta("owner_user_id", owner.id);
  return { workspaceId: workspace.id, token: dev.token!, adminKey, devIntegrationId: dev.id };
}
