/** The sidebar: the workspace, the person, the app's places, and the workspace's top-level pages. */
import type { Json, Session, SessionWorkspace } from "../api";
import { useApi } from "../context";
import { useLoad } from "../use-load";
import { Link, useHref } from "../router";
import { iconEmoji, titleOf } from "../notion";

export function Sidebar({ id, session, workspace }: { id: string; session: Session; workspace: SessionWorkspace }) {
  const api = useApi();
  const base = useHref();
  const top = useLoad(async () => {
    const found = await api.all<Json>("POST", "/search", { filter: { property: "object", value: "page" } }, 500);
    return found.filter((p) => p.parent?.type === "workspace" && !p.in_trash);
  }, [api]);
  return (
    <nav className="sidebar" id={id} aria-label="Workspace">
      <div className="sidebar-workspace">
        <strong>{workspace.name}</strong>
        <span className="sidebar-person">{session.user.name}</span>
      </div>
      <ul className="sidebar-places">
        <li>
          <Link href={base}>Home</Link>
        </li>
        {(workspace.can_manage ?? workspace.role === "owner") && (
          <li>
            <Link href={`${base}/console`}>Settings &amp; developers</Link>
          </li>
        )}
      </ul>
      <h2 className="sidebar-heading">Pages</h2>
      {top.error && <p role="alert">{top.error.message}</p>}
      <ul className="page-tree">
        {(top.data ?? []).map((p) => (
          <li key={p.id}>
            <Link href={`${base}/p/${p.id}`}>
              <span aria-hidden="true" className="tree-icon">
                {iconEmoji(p) ?? "📄"}
              </span>
              {titleOf(p)}
            </Link>
          </li>
        ))}
      </ul>
      <form method="post" action="/logout" className="sidebar-signout">
        <input type="hidden" name="csrf_token" value={session.csrf_token} />
        <button type="submit">Sign out</button>
      </form>
    </nav>
  );
}
