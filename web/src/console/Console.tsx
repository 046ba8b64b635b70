/**
 * The console (`/w/<ws>/console/…`): integrations and their tokens, shares, OAuth settings and
 * webhooks; the live request inspector; the workspace's people, groups and sign-in settings; and
 * the server's toolkit; the person's personal access tokens, the workspace's custom emojis and
 * its databases' templates. Everything goes through the control API as the signed-in person, which
 * the server allows to a workspace's owners (its `can_manage`) and, for the server-wide parts
 * (request log, snapshots, clock, faults, rate limits), to server administrators.
 */
import { useApi } from "../context";
import { Link, useHref } from "../router";
import { Integrations } from "./Integrations";
import { IntegrationDetail } from "./IntegrationDetail";
import { Inspector } from "./Inspector";
import { People } from "./People";
import { Security } from "./Security";
import { Emojis } from "./Emojis";
import { Templates } from "./Templates";
import { Tokens } from "./Tokens";
import { Toolkit } from "./Toolkit";
import { WorkspaceSettings } from "./WorkspaceSettings";
import "./console.css";

/** Whether the signed-in person may open the console of the api's workspace (an owner). */
export function canManage(api: ReturnType<typeof useApi>): boolean {
  return api.session.workspaces.some((w) => w.id === api.workspaceId && (w.can_manage ?? w.role === "owner"));
}

export function Console({ parts }: { parts: string[] }) {
  const api = useApi();
  const base = useHref("console");
  const [section = "integrations", id] = parts;
  const owner = canManage(api);
  const admin = api.session.server_admin === true;
  if (!owner) {
    // Members make and revoke their own personal access tokens (Notion's developer portal); the rest is owners'.
    if (section === "tokens")
      return (
        <div className="page-body wide console">
          <Tokens owner={false} />
        </div>
      );
    return (
      <div className="page-body">
        <h1 className="page-title">Settings and developers</h1>
        <p>Only the workspace&apos;s owners manage its integrations, members and security settings. Ask an owner of this workspace.</p>
        <p>
          <Link href={`${base}/tokens`}>Your personal access tokens</Link>
        </p>
      </div>
    );
  }
  const tabs: [string, string][] = [
    ["integrations", "Integrations"],
    ...(admin ? ([["requests", "Request inspector"]] as [string, string][]) : []),
    ["people", "People"],
    ["security", "Security"],
    ["tokens", "Tokens"],
    ["emojis", "Emojis"],
    ["templates", "Templates"],
    ["workspace", "Workspace"],
    ...(admin ? ([["toolkit", "Toolkit"]] as [string, string][]) : []),
  ];
  return (
    <div className="page-body wide console">
      <nav className="console-tabs" aria-label="Console">
        {tabs.map(([key, label]) => (
          <Link key={key} href={`${base}/${key}`} aria-current={section === key ? "page" : undefined}>
            {label}
          </Link>
        ))}
      </nav>
      <Section section={section} id={id} admin={admin} />
    </div>
  );
}

function Section({ section, id, admin }: { section: string; id?: string; admin: boolean }) {
  if (section === "integrations") return id ? <IntegrationDetail id={id} /> : <Integrations />;
  if (section === "people") return <People />;
  if (section === "security") return <Security />;
  if (section === "tokens") return <Tokens owner />;
  if (section === "emojis") return <Emojis />;
  if (section === "templates") return <Templates />;
  if (section === "workspace") return <WorkspaceSettings />;
  if ((section === "requests" || section === "toolkit") && !admin)
    return (
      <div>
        <h1 className="page-title">Server administrators only</h1>
        <p>The request log and the toolkit act on the whole server: only its administrators use them.</p>
      </div>
    );
  if (section === "requests") return <Inspector />;
  if (section === "toolkit") return <Toolkit />;
  return (
    <div>
      <h1 className="page-title">Not found</h1>
      <p>There is nothing at this address.</p>
    </div>
  );
}
