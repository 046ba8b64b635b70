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
import { keepAdminKey, keepDevToken, type Sealing } from "./kept-credentials.js";
import { reuseCredentials } from "./start-credentials.js";
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
  /** The key the admin key and dev token are sealed with (default: `deps.sealKey`, from no named source). */
  sealing?: Sealing;
  /** More to create at first start only, in the same write unit (a seed file: domain/toolkit/seed.ts). */
  alsoAtFirstStart?: (tx: Tx) => Promise<void>;
}

export interface Workspace {
  workspaceId: string;
  /** The dev integration's token (sealed so `npm start` can print it); null when it cannot be shown or no longer works. */
  token: string | null;
  /** Why `token` is null, in a sentence that says how to get a working one. */
  tokenProblem?: string;
  /** The admin key, when this start can show it (docs/design/secrets.md). */
  adminKey: string | null;
  /** Why `adminKey` is null, and how to get one. */
  adminKeyProblem?: string;
  /** SHA-256 (hex) of the admin key: what the control API checks. */
  adminKeyHash: string;
  devIntegrationId: string;
  /** The seeded "Getting started" page, while it exists outside the trash. */
  gettingStartedPageId: string | null;
}

export { StartupError } from "./startup-error.js";

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
    const sealing = opts.sealing ?? { key: deps.sealKey ?? null, source: "" };
    if (existing) return reuse(tx, existing.id, opts, sealing);
    return seed(deps, tx, opts, sealing);
  });
}

async function reuse(tx: Tx, workspaceId: string, opts: SeedOptions, sealing: Sealing): Promise<Workspace> {
  const devIntegrationId = (await tx.getMeta("dev_integration_id"))!;
  const dev = await tx.getIntegration(workspaceId, devIntegrationId);
  const credentials = await reuseCredentials(tx, sealing, dev, opts);
  const gettingStartedPageId = await startPage(tx, workspaceId, dev);
  return { workspaceId, ...credentials, token: credentials.tokenProblem ? null : credentials.token, devIntegrationId, gettingStartedPageId };
}

/** The "Getting started" page if it is still there (data directories seeded before it was recorded: the dev integration's first share). */
async function startPage(tx: Tx, workspaceId: string, dev: IntegrationRow | null): Promise<string | null> {
  const id = (await tx.getMeta("getting_started_page_id")) ?? (dev ? (await tx.listShares(workspaceId, dev.id))[0] : undefined);
  const node = id ? await tx.getNode(workspaceId, id) : null;
  return node && node.type === "page" && !node.in_trash ? node.id : null;
}

async function seed(deps: Deps, tx: Tx, opts: SeedOptions, sealing: Sealing): Promise<Workspace> {
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
  // Hashed, and sealed to be printed again (kept-credentials.ts); never in clear.
  await keepAdminKey(tx, sealing.key, adminKey);
  await keepDevToken(tx, sealing.key, dev.token!);
  await tx.setMeta("dev_integration_id", dev.id);
  await tx.setMeta("owner_user_id", owner.id);
  await tx.setMeta("getting_started_page_id", page.id);
  await opts.alsoAtFirstStart?.(tx);
  return { workspaceId: workspace.id, token: dev.token!, adminKey, adminKeyHash: hashToken(adminKey), devIntegrationId: dev.id, gettingStartedPageId: page.id };
}
