/**
 * /v1/file_uploads — create, send (multipart/form-data), complete, retrieve, list — and the
 * signed download URLs of attached files, `GET /_quire/files/<id>/<name>?expires=…&src=…&sig=…`.
 */
import type { FastifyInstance } from "fastify";
import { Readable } from "node:stream";
import type { Deps } from "../domain/context.js";
import { check } from "../api/validate.js";
import { ApiError, errors } from "../api/errors.js";
import { boundaryOf, drainBody, MultipartError, readMultipart } from "../http/multipart.js";
import { createFileUpload } from "../domain/files/create-file-upload.js";
import { sendFileUpload, type SentForm } from "../domain/files/send-file-upload.js";
import { completeFileUpload } from "../domain/files/complete-file-upload.js";
import { listFileUploads, retrieveFileUpload } from "../domain/files/retrieve-file-upload.js";
import { blobKeys } from "../domain/files/model.js";
import { downloadRef, verifyDownload } from "../domain/files/urls.js";
import { bodyOf, ctxOf, pathId, queryPagination } from "./helpers.js";
import { createFileUploadBody, statusFilter } from "./file-uploads.schema.js";

/** The route whose body arrives as a stream (app.ts hands it multipart bodies unparsed). */
export const SEND_ROUTE = "/v1/file_uploads/:file_upload_id/send";

export function fileUploadRoutes(app: FastifyInstance) {
  app.post("/v1/file_uploads", async (req) => createFileUpload(ctxOf(req), check("body", createFileUploadBody, bodyOf(req))));
  app.get("/v1/file_uploads", async (req) => {
    const q = req.query as Record<string, unknown>;
    const status = check("query", (v, p) => statusFilter((v as Record<string, unknown>).status, `${p}.status`), q ?? {});
    const { cursor, pageSize } = queryPagination(req);
    return listFileUploads(ctxOf(req), status, cursor, pageSize);
  });
  app.get("/v1/file_uploads/:file_upload_id", async (req) => retrieveFileUpload(ctxOf(req), pathId(req, "file_upload_id")));
  app.post(SEND_ROUTE, async (req) => {
    const id = pathId(req, "file_upload_id");
    const boundary = boundaryOf(req.headers["content-type"]);
    if (!boundary || !(req.body instanceof Readable))
      throw errors.validation("The request body should be multipart/form-data with a `file` field (and `part_number` for multi_part uploads).");
    try {
      return await sendFileUpload(ctxOf(req), id, sentForm(req.body, boundary));
    } finally {
      // Answer only once the request is read, so the client sees the answer, not a reset.
      await drainBody(req.body);
    }
  });
  app.post("/v1/file_uploads/:file_upload_id/complete", async (req) => completeFileUpload(ctxOf(req), pathId(req, "file_upload_id")));
}

/**
 * The send request's multipart form, read as it arrives: the first `file` field's bytes go to the
 * verb's sink (other file fields are skipped), and a malformed form is a validation error.
 */
function sentForm(body: Readable, boundary: string): SentForm {
  return async (onFile) => {
    let taken = false;
    try {
      return await readMultipart(body, boundary, async (part) => {
        if (part.field !== "file" || taken) return null;
        taken = true;
        return onFile({ filename: part.filename, contentType: part.contentType });
      });
    } catch (e) {
      throw e instanceof MultipartError ? errors.validation(e.message) : e;
    }
  };
}

/** Serves an attached file's bytes to whoever holds a valid signed URL (no bearer token, as S3's). */
export function fileDownloadRoutes(app: FastifyInstance, deps: Deps) {
  app.get("/_quire/files/:id/:name", async (req, reply) => {
    const { id, name: wanted } = req.params as { id: string; name: string };
    const ref = downloadRef(id, wanted, req.query as Record<string, unknown>);
    const verdict = ref ? verifyDownload(deps.files.secret, ref, deps.clock.now()) : "invalid";
    if (verdict === "expired") throw new ApiError(403, "restricted_resource", "This file URL has expired. Retrieve the object that holds the file again for a fresh URL.");
    if (verdict === "invalid") throw new ApiError(403, "restricted_resource", "This file URL is not valid.");
    const upload = await deps.store.read((tx) => tx.files.getById(id));
    if (!upload || upload.status !== "uploaded") throw errors.notFound("file_upload", id);
    const { blobs } = deps.files;
    const parts = Array.from({ length: upload.number_of_parts ?? 0 }, (_, i) => upload.parts[i + 1]);
    const keys = upload.mode === "multi_part" ? parts.map((size, i) => blobKeys.part(id, i + 1, size)) : [blobKeys.content(id)];
    const expected = upload.mode === "multi_part" ? parts : [upload.content_length];
    const sizes: number[] = [];
    for (const [i, k] of keys.entries()) {
      const size = await blobs.size(k);
      // Bytes missing or not the size the row recorded (a data directory damaged or restored
      // from mismatched backups): no truncated or foreign bytes are served as the file.
      if (size === null || (expected[i] !== null && expected[i] !== undefined && size !== expected[i])) throw errors.notFound("file_upload", id);
      sizes.push(size);
    }
    const length = sizes.reduce((a, b) => a + b, 0);
    // One byte range (`Range: bytes=a-b`, `a-`, `-n`), as S3 serves media players; else the whole file.
    const range = byteRange(req.headers.range, length);
    if (range === "unsatisfiable") {
      reply.header("content-range", `bytes */${length}`);
      return reply.status(416).send();
    }
    const name = upload.filename ?? "file";
    reply.header("content-type", upload.content_type ?? "application/octet-stream");
    reply.header("accept-ranges", "bytes");
    if (range) {
      reply.status(206);
      reply.header("content-range", `bytes ${range.start}-${range.end}/${length}`);
    }
    reply.header("content-length", String(range ? range.end - range.start + 1 : length));
    reply.header("content-disposition", `inline; filename*=UTF-8''${encodeURIComponent(name)}`);
    reply.header("cache-control", "private, max-age=3600");
    // Uploaded HTML or SVG opened from this origin must not run scripts here.
    reply.header("x-content-type-options", "nosniff");
    reply.header("content-security-policy", "default-src 'none'; img-src 'self'; media-src 'self'; style-src 'unsafe-inline'; sandbox");
    // One connection per download: a file stream that finishes just as the server closes would
    // otherwise hold its keep-alive connection open until the keep-alive timeout.
    reply.header("connection", "close");
    const want = range ?? { start: 0, end: length - 1 };
    if (keys.length === 1) return reply.send(length === 0 ? "" : blobs.read(keys[0], range ?? undefined));
    return reply.send(Readable.from(sliceBlobs(keys, sizes, want, (k, r) => blobs.read(k, r)), { objectMode: false }));
  });
}

/** The bytes `want.start`…`want.end` of the blobs `keys` (of `sizes`) read one after another. */
async function* sliceBlobs(
  keys: string[],
  sizes: number[],
  want: { start: number; end: number },
  open: (k: string, r: { start: number; end: number }) => Readable,
): AsyncGenerator<Buffer> {
  let offset = 0;
  for (let i = 0; i < keys.length; i++) {
    const from = Math.max(want.start, offset);
    const to = Math.min(want.end, offset + sizes[i] - 1);
    if (from <= to) for await (const chunk of open(keys[i], { start: from - offset, end: to - offset })) yield chunk as Buffer;
    offset += sizes[i];
  }
}

/** A single `Range: bytes=…` header → inclusive bounds; null = whole file (absent or not understood). */
function byteRange(header: string | undefined, length: number): { start: number; end: number } | null | "unsatisfiable" {
  const m = header ? /^bytes=(\d*)-(\d*)$/.exec(header.trim()) : null;
  if (!m || (m[1] === "" && m[2] === "")) return null;
  let start: number;
  let end: number;
  if (m[1] === "") {
    start = Math.max(0, length - Number(m[2]));
    end = length - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === "" ? length - 1 : Math.min(Number(m[2]), length - 1);
  }
  if (start >= length || start > end) return "unsatisfiable";
  return { start, end };
}
