/** Request shapes of /v1/file_uploads (developers.notion.com/reference/create-a-file-upload). */
import { fail, number, object, oneOf, optional, string, type V } from "../api/validate.js";
import { LIMITS } from "../api/limits.js";
import type { FileUploadStatus } from "../storage/file-uploads.js";
import type { CreateFileUploadInput } from "../domain/files/create-file-upload.js";

const filename: V<string> = (value, path) => {
  const s = string({ minLength: 1 })(value, path);
  const bytes = Buffer.byteLength(s, "utf8");
  // "The maximum allowed length of filename string is 900 bytes, including any file extension."
  if (bytes > LIMITS.FILE_UPLOAD_FILENAME_BYTES) fail(`${path}.length`, `should be ≤ \`${LIMITS.FILE_UPLOAD_FILENAME_BYTES}\` bytes`, bytes);
  if (/[\/\\\u0000]/.test(s)) fail(path, "should be a file name without path separators", s);
  return s;
};

const shape = object({
  mode: optional(oneOf(["single_part", "multi_part", "external_url"] as const)),
  filename: optional(filename),
  content_type: optional(string({ minLength: 1, maxLength: 255 })),
  number_of_parts: optional(number({ integer: true, min: 1, max: LIMITS.FILE_UPLOAD_MAX_PARTS })),
  external_url: optional(string({ minLength: 1, maxLength: LIMITS.URL })),
});

/** Mode-dependent requirements: multi_part needs filename and number_of_parts, external_url its URL and filename. */
export const createFileUploadBody: V<CreateFileUploadInput> = (value, path) => {
  const b = shape(value, path);
  const mode = b.mode ?? "single_part";
  if (mode === "multi_part") {
    if (b.number_of_parts === undefined) fail(`${path}.number_of_parts`, "should be defined", undefined);
    if (b.filename === undefined) fail(`${path}.filename`, "should be defined", undefined);
  } else if (b.number_of_parts !== undefined) fail(`${path}.number_of_parts`, "should be not present", b.number_of_parts);
  if (mode === "external_url") {
    if (b.external_url === undefined) fail(`${path}.external_url`, "should be defined", undefined);
    if (b.filename === undefined) fail(`${path}.filename`, "should be defined", undefined);
  } else if (b.external_url !== undefined) fail(`${path}.external_url`, "should be not present", b.external_url);
  return { ...b, mode };
};

export const FILE_UPLOAD_STATUSES = ["pending", "uploaded", "expired", "failed"] as const satisfies readonly FileUploadStatus[];
export const statusFilter = optional(oneOf(FILE_UPLOAD_STATUSES));
