/**
 * Reads a Notion export zip with fflate: nested zips (a large export is `Export-….zip` holding
 * `Part-1.zip`, `Part-2.zip` …) are opened in place, and the whole read is bounded — entry count
 * and total uncompressed size — so a zip bomb is refused before anything is inflated.
 */
import { unzipSync } from "fflate";

/** Caps on what one export may unpack to. */
export interface ZipLimits {
  maxEntries: number;
  maxBytes: number;
}

/** Defaults: 100,000 entries and 2 GiB uncompressed in all (nested zips included). */
export const DEFAULT_ZIP_LIMITS: ZipLimits = { maxEntries: 100_000, maxBytes: 2 * 1024 ** 3 };

/** Nesting deeper than this is not Notion's layout (it nests once). */
const MAX_DEPTH = 3;

/** An export that cannot be read; the CLI prints its message. */
export class ExportError extends Error {}

interface Budget {
  entries: number;
  bytes: number;
}

/** Every file of the export (path → bytes), nested zips unpacked and their files merged in. */
export function readExportZip(data: Uint8Array, limits: ZipLimits = DEFAULT_ZIP_LIMITS): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  unpack(data, limits, { entries: 0, bytes: 0 }, out, 0);
  return out;
}

function unpack(data: Uint8Array, limits: ZipLimits, used: Budget, out: Map<string, Uint8Array>, depth: number) {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(data, {
      // The declared sizes are checked before inflating; fflate inflates each entry into a buffer
      // of its declared size, so a header that understates the size cannot outgrow the budget.
      filter(file) {
        if (file.name.endsWith("/")) return false;
        used.entries += 1;
        used.bytes += file.originalSize;
        if (used.entries > limits.maxEntries) throw new ExportError(`The export has more than ${limits.maxEntries} files: refused (--max-entries).`);
        if (used.bytes > limits.maxBytes) throw new ExportError(`The export unpacks to more than ${limits.maxBytes} bytes: refused as a possible zip bomb (--max-unzipped-mb).`);
        return true;
      },
    });
  } catch (e) {
    if (e instanceof ExportError) throw e;
    throw new ExportError(`Not a readable zip file: ${(e as Error).message}.`);
  }
  for (const [name, bytes] of Object.entries(files)) {
    if (name.toLowerCase().endsWith(".zip")) {
      if (depth >= MAX_DEPTH) throw new ExportError(`Zips nested deeper than ${MAX_DEPTH} levels (${name}): refused.`);
      unpack(bytes, limits, used, out, depth + 1);
    } else out.set(name.normalize("NFC"), bytes);
  }
}
