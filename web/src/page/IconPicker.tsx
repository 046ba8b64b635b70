/**
 * The icon and cover picker, one component for every place that has one: a page's header (icon
 * and cover), a database's title header, a callout block. An icon is an emoji, one of the
 * workspace's custom emojis, an image URL or an uploaded file (through /v1/file_uploads); a cover
 * an image URL or a file; either can be removed. The picker only builds the Notion value
 * (`{type: "emoji", …}`, `{type: "file_upload", …}`, null to remove) and hands it to `save`, which
 * writes it where it belongs (PATCH /v1/pages, /v1/databases, /v1/blocks).
 */
import { useEffect, useRef, useState } from "react";
import "./picker.css";
import type { Json } from "../api";
import { useApi } from "../context";
import { uploadFile } from "./uploads";
import { CustomEmojis } from "./CustomEmojis";

export interface IconPickerProps {
  /** The dialog's name ("Page icon", "Database icon", "Callout icon", "Page cover"). */
  label: string;
  kind: "icon" | "cover";
  /** The current icon or cover (null: none, and no Remove). */
  value: Json | null | undefined;
  /** Writes the chosen value (null: removed); a thrown error is shown in the picker. */
  save: (value: Json | null) => Promise<void>;
  close: () => void;
}

export function IconPicker({ label, kind, value, save, close }: IconPickerProps) {
  const api = useApi();
  const [emoji, setEmoji] = useState(value?.type === "emoji" ? value.emoji : "");
  const [url, setUrl] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), []);
  const done = async (chosen: Json | null | (() => Promise<Json>)) => {
    setBusy(true);
    setError(null);
    try {
      await save(typeof chosen === "function" ? await chosen() : chosen);
      close();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
      setBusy(false);
    }
  };
  const upload = (file: File | undefined) => {
    if (file) void done(async () => ({ type: "file_upload", file_upload: { id: (await uploadFile(api, file)).id } }));
  };
  return (
    <div className="picker-backdrop" onClick={close}>
      <div role="dialog" aria-modal="true" aria-label={label} className="picker" onClick={(e) => e.stopPropagation()} onKeyDown={(e) => e.key === "Escape" && (e.stopPropagation(), close())}>
        <h2>{label}</h2>
        {kind === "icon" && (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              if (emoji.trim()) void done({ type: "emoji", emoji: emoji.trim() });
            }}
          >
            <label>
              Emoji <input ref={first} value={emoji} onChange={(e) => setEmoji(e.target.value)} maxLength={16} />
            </label>
            <button type="submit" disabled={busy}>Use emoji</button>
          </form>
        )}
        {kind === "icon" && <CustomEmojis busy={busy} choose={(icon) => void done(icon)} />}
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (url.trim()) void done({ type: "external", external: { url: url.trim() } });
          }}
        >
          <label>
            Image URL <input ref={kind === "cover" ? first : undefined} type="url" value={url} onChange={(e) => setUrl(e.target.value)} placeholder="https://…" />
          </label>
          <button type="submit" disabled={busy}>Use link</button>
        </form>
        <label className="picker-upload">
          Upload an image <input type="file" accept="image/*" disabled={busy} onChange={(e) => upload(e.target.files?.[0])} />
        </label>
        {error && <p role="alert">{error}</p>}
        <div className="picker-actions">
          {value && (
            <button type="button" onClick={() => void done(null)} disabled={busy}>
              Remove
            </button>
          )}
          <button type="button" onClick={close}>
            Cancel
          </button>
        </div>
      </div>
    </div>
  );
}
