/**
 * The file types Notion accepts for uploads, by extension, with their MIME types (first = the one
 * inferred). Reference: developers.notion.com/docs/working-with-files-and-media ("Supported file
 * types"); Notion requires the content type to match the extension.
 */
const OOXML = "application/vnd.openxmlformats-officedocument";

const TYPES: Record<string, string[]> = {
  // audio
  aac: ["audio/aac"], adts: ["audio/aac"], mid: ["audio/midi", "audio/x-midi"], midi: ["audio/midi", "audio/x-midi"],
  mp3: ["audio/mpeg"], mpga: ["audio/mpeg"], m4a: ["audio/mp4", "audio/x-m4a"], m4b: ["audio/mp4"],
  mp4: ["video/mp4", "audio/mp4", "application/mp4"], oga: ["audio/ogg"], ogg: ["audio/ogg"], wav: ["audio/wav", "audio/x-wav", "audio/wave"],
  wma: ["audio/x-ms-wma"],
  // documents
  pdf: ["application/pdf"], txt: ["text/plain"], json: ["application/json"],
  doc: ["application/msword"], dot: ["application/msword"],
  docx: [`${OOXML}.wordprocessingml.document`], dotx: [`${OOXML}.wordprocessingml.template`],
  xls: ["application/vnd.ms-excel"], xlt: ["application/vnd.ms-excel"], xla: ["application/vnd.ms-excel"],
  xlsx: [`${OOXML}.spreadsheetml.sheet`], xltx: [`${OOXML}.spreadsheetml.template`],
  ppt: ["application/vnd.ms-powerpoint"], pot: ["application/vnd.ms-powerpoint"], pps: ["application/vnd.ms-powerpoint"],
  ppa: ["application/vnd.ms-powerpoint"], pptx: [`${OOXML}.presentationml.presentation`], potx: [`${OOXML}.presentationml.template`],
  // images
  gif: ["image/gif"], heic: ["image/heic"], jpeg: ["image/jpeg"], jpg: ["image/jpeg"], png: ["image/png"],
  svg: ["image/svg+xml"], tif: ["image/tiff"], tiff: ["image/tiff"], webp: ["image/webp"],
  ico: ["image/vnd.microsoft.icon", "image/x-icon"],
  // video
  amv: ["video/x-amv"], asf: ["video/x-ms-asf"], wmv: ["video/x-ms-wmv"], avi: ["video/x-msvideo"], f4v: ["video/x-f4v"],
  flv: ["video/x-flv"], gifv: ["video/mp4"], m4v: ["video/mp4", "video/x-m4v"], mkv: ["video/x-matroska"],
  webm: ["video/webm"], mov: ["video/quicktime"], qt: ["video/quicktime"], mpeg: ["video/mpeg"],
};

/** The extension of a filename, lower-case, or null. */
export function extensionOf(filename: string): string | null {
  const m = /\.([A-Za-z0-9]+)$/.exec(filename);
  return m ? m[1].toLowerCase() : null;
}

/** `type/subtype` without parameters, lower-case. */
export function bareType(contentType: string): string {
  return contentType.split(";")[0].trim().toLowerCase();
}

export function isSupportedExtension(ext: string): boolean {
  return Object.hasOwn(TYPES, ext);
}

/** The content type inferred from an extension, or null when it is not supported. */
export function typeForExtension(ext: string): string | null {
  return Object.hasOwn(TYPES, ext) ? TYPES[ext][0] : null;
}

/** Whether `contentType` is one of the extension's types. */
export function typeMatches(ext: string, contentType: string): boolean {
  return Object.hasOwn(TYPES, ext) && TYPES[ext].includes(bareType(contentType));
}

/** The extension inferred from a content type (the first extension listing it), or null. */
export function extensionForType(contentType: string): string | null {
  const t = bareType(contentType);
  // Prefer the extension whose first (canonical) type it is: image/jpeg → jpeg comes first, fine.
  for (const [ext, types] of Object.entries(TYPES)) if (types[0] === t) return ext;
  for (const [ext, types] of Object.entries(TYPES)) if (types.includes(t)) return ext;
  return null;
}
