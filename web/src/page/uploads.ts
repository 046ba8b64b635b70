/** A file the person drops or picks, through /v1/file_uploads (create, then send as multipart): its upload id. */
import { ApiError, NOTION_VERSION, type Api, type Json } from "../api";
import { serverPath } from "../base";

/** Uploads `file` (single part, up to Notion's 20 MB) and answers the file upload, status `uploaded`. */
export async function uploadFile(api: Api, file: File): Promise<Json> {
  const upload = await api.v1<Json>("POST", "/file_uploads", { filename: file.name || "file", content_type: file.type || "application/octet-stream" });
  const form = new FormData();
  form.append("file", file, file.name || "file");
  // Sent by hand: the body is multipart, which Api.v1 (JSON only) does not send.
  const res = await fetch(serverPath(`/v1/file_uploads/${upload.id}/send`), {
    method: "POST",
    body: form,
    credentials: "same-origin",
    headers: { accept: "application/json", "notion-version": NOTION_VERSION, "x-quire-csrf": api.session.csrf_token, "x-quire-workspace": api.workspaceId },
  });
  const body = (await res.json().catch(() => null)) as Json | null;
  if (!res.ok) throw new ApiError(res.status, body?.code ?? `http_${res.status}`, body?.message ?? res.statusText, body);
  return body!;
}
