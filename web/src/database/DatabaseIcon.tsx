/**
 * A database's icon above its title, as on a page: an emoji, an image (file, external URL or a
 * custom emoji) or a named Notion icon; with edit rights (not a guest) an "Add icon" / "Change
 * icon" button opens the shared picker (page/IconPicker.tsx), saved with PATCH /v1/databases/:id.
 */
import { useEffect, useState } from "react";
import type { Json } from "../api";
import { useApi } from "../context";
import { IconPicker } from "../page/IconPicker";
import { HeadIcon } from "../page/HeadIcon";

export function DatabaseIcon({ db }: { db: Json }) {
  const api = useApi();
  const guest = api.session.workspaces.find((w) => w.id === api.workspaceId)?.role === "guest";
  const [icon, setIcon] = useState<Json | null>(db.icon ?? null);
  const [open, setOpen] = useState(false);
  useEffect(() => setIcon(db.icon ?? null), [db]);
  const save = async (value: Json | null) => {
    const updated = await api.v1<Json>("PATCH", `/databases/${db.id}`, { icon: value });
    setIcon(updated.icon ?? null);
  };
  return (
    <div className="db-icon-row">
      {icon && <HeadIcon icon={icon} label="Database icon" />}
      {!guest && !db.in_trash && (
        <div className="page-head-actions">
          <button type="button" onClick={() => setOpen(true)} aria-haspopup="dialog">
            {icon ? "Change icon" : "Add icon"}
          </button>
        </div>
      )}
      {open && <IconPicker kind="icon" label="Database icon" value={icon} save={save} close={() => setOpen(false)} />}
    </div>
  );
}
