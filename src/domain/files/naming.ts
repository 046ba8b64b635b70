/** A file upload's filename and content type, from what the client gave (Notion's inference rules). */
import { errors } from "../../api/errors.js";
import { bareType, extensionForType, extensionOf, isSupportedExtension, typeForExtension, typeMatches } from "./content-types.js";

export interface Naming {
  filename: string | null;
  content_type: string | null;
}

/**
 * A filename must carry a supported extension or take one inferred from `content_type`; a given
 * content type must match the extension; a missing one is inferred from it
 * (developers.notion.com/reference/create-a-file-upload). Messages unconfirmed but the extension one.
 */
export function resolveNaming(filename: string | null, contentType: string | null): Naming {
  const type = contentType === null ? null : bareType(contentType);
  if (type !== null && extensionForType(type) === null)
    throw errors.validation(`The content type \`${contentType}\` is not supported for file uploads.`);
  if (filename === null) return { filename: null, content_type: type };
  const ext = extensionOf(filename);
  if (ext === null) {
    if (type === null) throw errors.validation(`The filename \`${filename}\` has no extension, and no content_type was given to infer one from.`);
    return { filename: `${filename}.${extensionForType(type)}`, content_type: type };
  }
  // Wording as a live API answered for `.md` (jsaabel/kotlin-notion-client journal, 2025-10-08).
  if (!isSupportedExtension(ext)) throw errors.validation("Provided `filename` has an extension that is not supported for the File Upload API.");
  if (type !== null && !typeMatches(ext, type))
    throw errors.validation(`The content type \`${contentType}\` does not match the file extension \`.${ext}\`.`);
  return { filename, content_type: type ?? typeForExtension(ext) };
}
