/**
 * `Tx` on PostgreSQL: one object per port (each in its own file), all on the unit's session.
 * The flat ports of `Tx` are delegated here; node writes call the rows and search ports so the
 * derived state follows in the same transaction (the Store contract, src/storage/types.ts).
 */
import type { ChildPosition, Tx } from "../types.js";
import type { AncestorLink, IntegrationRow, NodeInSight, NodeRow, Page, RowQuery, StoredNode, UserRow, WorkspaceRow } from "../records.js";
import type { OrderPosition } from "../../query/ast.js";
import type { PgSession } from "./session.js";
import { PgMeta } from "./meta.js";
import { PgWorkspaces } from "./workspaces.js";
import { PgUsers } from "./users.js";
import { PgIntegrations } from "./integrations.js";
import { PgShares } from "./shares.js";
import { PgNodes } from "./nodes.js";
import { PgRows, PgRowsState } from "./rows.js";
import { PgComments } from "./comments.js";
import { PgEmojis } from "./emojis.js";
import { PgFavorites } from "./favorites.js";
import { PgFileUploads } from "./file-uploads.js";
import { PgSearch } from "./search.js";
import { PgTasks } from "./tasks.js";
import { PgViews } from "./views.js";
import { PgTemplates } from "./templates.js";
import { PgMeetingNotes } from "./meeting-notes.js";
import { PgMembers, PgWorkspaceSet } from "./members.js";
import { PgGroups } from "./groups.js";
import { PgPersonalTokens } from "./personal-tokens.js";
import { PgScim } from "./scim.js";
import { PgOAuth } from "./oauth.js";
import { PgPermissions } from "./permissions.js";
import { PgAccounts, PgSessions, PgSigninAttempts } from "./accounts.js";
import { PgSaml } from "./saml.js";
import { PgLinkPreviews } from "./link-previews.js";
import { PgWebhooks } from "./webhooks.js";

/** The ports of one unit of work. */
export class PgTx implements Tx {
  private readonly meta: PgMeta;
  private readonly workspaces: PgWorkspaces;
  private readonly users: PgUsers;
  private readonly integrations: PgIntegrations;
  private readonly shares: PgShares;
  private readonly nodes: PgNodes;
  private readonly rows: PgRows;
  readonly comments: PgComments;
  readonly emojis: PgEmojis;
  readonly files: PgFileUploads;
  readonly search: PgSearch;
  readonly tasks: PgTasks;
  readonly views: PgViews;
  readonly templates: PgTemplates;
  readonly meetingNotes: PgMeetingNotes;
  readonly members: PgMembers;
  readonly allWorkspaces: PgWorkspaceSet;
  readonly groups: PgGroups;
  readonly permissions: PgPermissions;
  readonly accounts: PgAccounts;
  readonly sessions: PgSessions;
  readonly signinAttempts: PgSigninAttempts;
  readonly personalTokens: PgPersonalTokens;
  readonly saml: PgSaml;
  readonly linkPreviews: PgLinkPreviews;
  readonly scim: PgScim;
  readonly oauth: PgOAuth;
  readonly webhooks: PgWebhooks;
  readonly favorites: PgFavorites;

  /** What `afterCommit` was given (run by the store once the unit has committed). */
  readonly committed: (() => void)[] = [];

  afterCommit(fn: () => void): void {
    this.committed.push(fn);
  }

  constructor(s: PgSession, rowsState: PgRowsState = new PgRowsState()) {
    this.meta = new PgMeta(s);
    this.workspaces = new PgWorkspaces(s);
    this.users = new PgUsers(s);
    this.integrations = new PgIntegrations(s);
    this.shares = new PgShares(s);
    this.rows = new PgRows(s, rowsState);
    this.search = new PgSearch(s);
    this.nodes = new PgNodes(
      s,
      async (rows, inserted) => {
        await this.rows.sync(rows, inserted);
        await this.search.index(rows);
      },
      (row) => this.rows.updating(row),
    );
    this.comments = new PgComments(s);
    this.emojis = new PgEmojis(s);
    this.files = new PgFileUploads(s);
    this.tasks = new PgTasks(s);
    this.views = new PgViews(s);
    this.templates = new PgTemplates(s, (ws, id) => this.rows.resync(ws, id));
    this.meetingNotes = new PgMeetingNotes(s);
    this.members = new PgMembers(s);
    this.allWorkspaces = new PgWorkspaceSet(s);
    this.groups = new PgGroups(s);
    this.permissions = new PgPermissions(s);
    this.accounts = new PgAccounts(s);
    this.sessions = new PgSessions(s);
    this.signinAttempts = new PgSigninAttempts(s);
    this.personalTokens = new PgPersonalTokens(s);
    this.saml = new PgSaml(s);
    this.linkPreviews = new PgLinkPreviews(s);
    this.scim = new PgScim(s);
    this.oauth = new PgOAuth(s);
    this.webhooks = new PgWebhooks(s);
    this.favorites = new PgFavorites(s);
  }

  getMeta(key: string) {
    return this.meta.getMeta(key);
  }
  setMeta(key: string, value: string) {
    return this.meta.setMeta(key, value);
  }
  deleteMeta(key: string) {
    return this.meta.deleteMeta(key);
  }

  getWorkspace(id: string) {
    return this.workspaces.getWorkspace(id);
  }
  firstWorkspace() {
    return this.workspaces.firstWorkspace();
  }
  insertWorkspace(row: WorkspaceRow) {
    return this.workspaces.insertWorkspace(row);
  }
  updateWorkspace(row: WorkspaceRow) {
    return this.workspaces.updateWorkspace(row);
  }

  getUser(ws: string, id: string) {
    return this.users.getUser(ws, id);
  }
  getUsers(ws: string, ids: readonly string[]) {
    return this.users.getUsers(ws, ids);
  }
  listUsers(ws: string, from: string | null, limit: number) {
    return this.users.listUsers(ws, from, limit);
  }
  findPersonByEmail(ws: string, email: string) {
    return this.users.findPersonByEmail(ws, email);
  }
  insertUser(row: UserRow) {
    return this.users.insertUser(row);
  }
  updateUser(row: UserRow) {
    return this.users.updateUser(row);
  }

  getIntegrationByTokenHash(hash: string) {
    return this.integrations.getIntegrationByTokenHash(hash);
  }
  getTokenOwner(hash: string) {
    return this.integrations.getTokenOwner(hash);
  }
  getIntegration(ws: string, id: string) {
    return this.integrations.getIntegration(ws, id);
  }
  listIntegrations(ws: string) {
    return this.integrations.listIntegrations(ws);
  }
  insertIntegration(row: IntegrationRow) {
    return this.integrations.insertIntegration(row);
  }
  updateIntegration(row: IntegrationRow) {
    return this.integrations.updateIntegration(row);
  }
  deleteIntegration(ws: string, id: string) {
    return this.integrations.deleteIntegration(ws, id);
  }

  addShare(ws: string, integrationId: string, objectId: string, at: number) {
    return this.shares.addShare(ws, integrationId, objectId, at);
  }
  removeShare(ws: string, integrationId: string, objectId: string) {
    return this.shares.removeShare(ws, integrationId, objectId);
  }
  listShares(ws: string, integrationId: string) {
    return this.shares.listShares(ws, integrationId);
  }
  sharesOn(ws: string, ids: readonly string[]) {
    return this.shares.sharesOn(ws, ids);
  }
  anyShared(ws: string, integrationId: string, ids: string[]) {
    return this.shares.anyShared(ws, integrationId, ids);
  }

  getNode(ws: string, id: string): Promise<StoredNode | null> {
    return this.nodes.getNode(ws, id);
  }
  getNodes(ws: string, ids: readonly string[]): Promise<StoredNode[]> {
    return this.nodes.getNodes(ws, ids);
  }
  getChildrenOf(ws: string, parentIds: readonly string[], type: string): Promise<StoredNode[]> {
    return this.nodes.getChildrenOf(ws, parentIds, type);
  }
  getNodeInSight(ws: string, integrationId: string, id: string): Promise<NodeInSight | null> {
    return this.nodes.getNodeInSight(ws, integrationId, id);
  }
  getAncestry(ws: string, id: string): Promise<AncestorLink[]> {
    return this.nodes.getAncestry(ws, id);
  }
  listChildren(ws: string, parentId: string, from: string | null, limit: number): Promise<Page<StoredNode> | null> {
    return this.nodes.listChildren(ws, parentId, from, limit);
  }
  childBounds(ws: string, parentId: string) {
    return this.nodes.childBounds(ws, parentId);
  }
  nextPosition(ws: string, parentId: string, position: number) {
    return this.nodes.nextPosition(ws, parentId, position);
  }
  childPositions(ws: string, parentId: string, after: ChildPosition | null, limit: number) {
    return this.nodes.childPositions(ws, parentId, after, limit);
  }
  insertNodes(rows: NodeRow[]) {
    return this.nodes.insertNodes(rows);
  }
  updateNode(row: NodeRow) {
    return this.nodes.updateNode(row);
  }
  setPositions(ws: string, moves: { id: string; position: number }[]) {
    return this.nodes.setPositions(ws, moves);
  }

  queryRows(ws: string, dsId: string, q: RowQuery, at: OrderPosition | null) {
    return this.rows.queryRows(ws, dsId, q, at);
  }
  queryRowIds(ws: string, dsId: string, q: RowQuery, at: OrderPosition | null) {
    return this.rows.queryRowIds(ws, dsId, q, at);
  }
  allRows(ws: string, dsId: string, trashed: boolean) {
    return this.rows.allRows(ws, dsId, trashed);
  }
  relatedPageIds(ws: string, dsId: string, propertyId: string) {
    return this.rows.relatedPageIds(ws, dsId, propertyId);
  }
  rowsAmong(ws: string, dsId: string, ids: readonly string[]) {
    return this.rows.rowsAmong(ws, dsId, ids);
  }
}
