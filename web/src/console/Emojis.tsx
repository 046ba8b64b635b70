/**
 * The workspace's custom emojis (`…/custom_emojis` of the control API: Notion's public API only
 * lists them — `GET /v1/custom_emojis` —, they are made in Notion's app): add one by name and
 * an image URL or an uploaded image (sent through `/v1/file_uploads` as the person, then named
 * as `file_upload` — its URL is signed afresh each time it is read), list them with their image,
 * delete.
 */
import { useId, useState } from "react";
import type { Json } from "../api";
import { useApi } from "../context";
import { useLoad } from "../use-load";
import { ConfirmButton, ErrorText, useSubmit, useTitle } from "./ui";
import { uploadFile } from "../page/uploads";

export function Emojis() {
  useTitle("Emojis");
  const api = useApi();
  const list = useLoad(() => api.control<Json>("GET", "/custom_emojis"), [api]);
  const [name, setName] = useState("");
  const [url, setUrl] = useState("");
  const [source, setSource] = useState<"url" | "upload">("url");
  const [file, setFile] = useState<File | null>(null);
  // A new input element after each add, so the picked file's name is cleared with it.
  const [fileKey, setFileKey] = useState(0);
  const nameId = useId();
  const urlId = useId();
  const fileId = useId();
  const submit = useSubmit(async () => {
    if (source === "upload") {
      if (!file) throw new Error("Choose an image file to upload.");
      const upload = await uploadFile(api, file);
      await api.control("POST", "/custom_emojis", { name: name.trim(), file_upload: { id: upload.id } });
      setFile(null);
      setFileKey((k) => k + 1);
    } else await api.control("POST", "/custom_emojis", { name: name.trim(), url: url.trim() });
    setName("");
    setUrl("");
    list.reload();
  });
  const emojis: Json[] = list.data?.results ?? [];
  return (
    <section aria-labelledby="emojis-heading">
      <h1 id="emojis-heading" className="page-title">
        Custom emojis
      </h1>
      <p className="muted">
        Used as page icons and in text as <code>:name:</code>; integrations list them with <code>GET /v1/custom_emojis</code>.
      </p>
      <section className="console-card" aria-labelledby="emoji-add-heading">
        <h2 id="emoji-add-heading">Add an emoji</h2>
        <form className="fault-form" onSubmit={submit.onSubmit}>
          <div className="field">
            <label htmlFor={nameId}>Name</label>
            <input id={nameId} value={name} onChange={(e) => setName(e.target.value)} placeholder="party_parrot" required />
          </div>
          <fieldset className="field">
            <legend>Image</legend>
            <label>
              <input type="radio" name="emoji-source" checked={source === "url"} onChange={() => setSource("url")} /> By URL
            </label>
            <label>
              <input type="radio" name="emoji-source" checked={source === "upload"} onChange={() => setSource("upload")} /> Upload image
            </label>
          </fieldset>
          {source === "url" ? (
            <div className="field grow">
              <label htmlFor={urlId}>Image URL</label>
              <input id={urlId} type="url" value={url} onChange={(e) => setUrl(e.target.value)} placeholder="https://…/parrot.png" required />
            </div>
          ) : (
            <div className="field grow">
              <label htmlFor={fileId}>Image file</label>
              <input key={fileKey} id={fileId} type="file" accept="image/*" onChange={(e) => setFile(e.target.files?.[0] ?? null)} required />
            </div>
          )}
          <button type="submit" className="console-button solid" disabled={submit.busy}>
            Add emoji
          </button>
        </form>
        <ErrorText error={submit.error} />
      </section>
      <ErrorText error={list.error} />
      {list.data && emojis.length === 0 && <p className="muted">This workspace has no custom emojis yet.</p>}
      <ul className="console-list" aria-label="Custom emojis">
        {emojis.map((e) => (
          <li key={e.id}>
            <span className="emoji-row">
              <img src={e.url} alt="" width={24} height={24} /> <code>:{e.name}:</code>
              {e.file_upload_id && <span className="muted">uploaded</span>}
            </span>
            <ConfirmButton
              label={`Delete :${e.name}:`}
              title={`Delete :${e.name}:?`}
              confirmLabel="Delete"
              action={async () => {
                await api.control("DELETE", `/custom_emojis/${e.id}`);
                list.reload();
              }}
            >
              <p>Icons and mentions that already show it keep their image; it can no longer be picked.</p>
            </ConfirmButton>
          </li>
        ))}
      </ul>
    </section>
  );
}
