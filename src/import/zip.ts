/**
 * Reads a Notion export zip from its file with bounded memory: the central directory is read
 * first (every entry's name and sizes, ZIP64 included), and an entry's bytes are read and
 * inflated (fflate's streaming `Inflate`, chunk by chunk from the file) only when asked for, one
 * at a time. Nested zips (a large export is `Export-….zip` holding `Part-1.zip`, `Part-2.zip` …)
 * are inflated to a temp file and opened the same way. The whole read is bounded — entry count
 * and total uncompressed size, from the declared sizes — so a zip bomb is refused before any
 * entry is inflated; an entry that inflates to more than it declared is refused as it happens.
 * Memory: the central directories, plus the one entry being read (docs/PERFORMANCE.md, "Import:
 * a streamed zip").
 */
import { closeSync, fstatSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Inflate } from "fflate";

/** Caps on what one export may unpack to. */
export interface ZipLimits {
  maxEntries: number;
  maxBytes: number;
}

/** Defaults: 100,000 entries and 2 GiB uncompressed in all (nested zips included). */
export const DEFAULT_ZIP_LIMITS: ZipLimits = { maxEntries: 100_000, maxBytes: 2 * 1024 ** 3 };

/** Nesting deeper than this is not Notion's layout (it nests once). */
const MAX_DEPTH = 3;
/** Compressed bytes read from the file per step while inflating. */
const CHUNK = 1 << 20;

/** An export that cannot be read; the CLI prints its message. */
export class ExportError extends Error {}

/** One file of the export: its path, its declared size, and its bytes when read. */
export interface ExportEntry {
  readonly path: string;
  readonly size: number;
  /** Reads and inflates the entry (from the file, each call). */
  read(): Uint8Array;
}

interface Budget {
  entries: number;
  bytes: number;
}

interface CentralEntry {
  name: string;
  method: number;
  compressed: number;
  size: number;
  offset: number;
}

/** An opened export: its files by path (nested zips opened and merged in); `close()` when done. */
export class ExportArchive {
  readonly entries = new Map<string, ExportEntry>();
  private readonly fds: number[] = [];
  private tmp: string | undefined;

  constructor(private readonly limits: ZipLimits) {}

  /** Closes the files and removes the nested zips' temp files. */
  close(): void {
    for (const fd of this.fds.splice(0)) closeSync(fd);
    if (this.tmp) rmSync(this.tmp, { recursive: true, force: true });
    this.tmp = undefined;
  }

  /** Adds the entries of the zip at `file` (its nested zips too). */
  add(file: string, used: Budget, depth: number): void {
    const fd = openSync(file, "r");
    this.fds.push(fd);
    const size = fstatSync(fd).size;
    let entries: CentralEntry[];
    try {
      entries = centralDirectory(fd, size);
    } catch (e) {
      if (e instanceof ExportError) throw e;
      throw new ExportError(`Not a readable zip file: ${(e as Error).message}.`);
    }
    // The budget first, for the whole directory: nothing is inflated past it.
    for (const e of entries) {
      used.entries += 1;
      used.bytes += e.size;
      if (used.entries > this.limits.maxEntries) throw new ExportError(`The export has more than ${this.limits.maxEntries} files: refused (--max-entries).`);
      if (used.bytes > this.limits.maxBytes) throw new ExportError(`The export unpacks to more than ${this.limits.maxBytes} bytes: refused as a possible zip bomb (--max-unzipped-mb).`);
    }
    for (const e of entries) {
      if (e.name.toLowerCase().endsWith(".zip")) {
        if (depth >= MAX_DEPTH) throw new ExportError(`Zips nested deeper than ${MAX_DEPTH} levels (${e.name}): refused.`);
        this.tmp ??= mkdtempSync(join(tmpdir(), "quire-import-zip-"));
        const nested = join(this.tmp, `${this.fds.length}.zip`);
        const out = openSync(nested, "w");
        try {
          inflateEntry(fd, size, e, (chunk) => void writeSync(out, chunk));
        } finally {
          closeSync(out);
        }
        this.add(nested, used, depth + 1);
      } else {
        const path = e.name.normalize("NFC");
        this.entries.set(path, { path, size: e.size, read: () => readEntry(fd, size, e) });
      }
    }
  }
}

/** Opens an export zip: its directory read and checked against the limits, no entry inflated but nested zips. */
export function openExport(file: string, limits: ZipLimits = DEFAULT_ZIP_LIMITS): ExportArchive {
  const archive = new ExportArchive(limits);
  try {
    archive.add(file, { entries: 0, bytes: 0 }, 0);
  } catch (e) {
    archive.close();
    throw e;
  }
  return archive;
}

function readAt(fd: number, position: number, length: number): Buffer {
  const buf = Buffer.alloc(length);
  let got = 0;
  while (got < length) {
    const n = readSync(fd, buf, got, length - got, position + got);
    if (n === 0) throw new ExportError("Not a readable zip file: it ends inside an entry.");
    got += n;
  }
  return buf;
}

const utf8 = new TextDecoder("utf-8", { fatal: true });
const latin1 = new TextDecoder("latin1");

/** An entry name: UTF-8 when flagged (or when it decodes as UTF-8), else code page bytes read as Latin-1. */
function nameOf(bytes: Uint8Array, flags: number): string {
  try {
    return utf8.decode(bytes);
  } catch {
    if (flags & 0x800) throw new ExportError("Not a readable zip file: an entry name is not valid UTF-8.");
    return latin1.decode(bytes);
  }
}

/** The file entries of a zip's central directory (directories left out). */
function centralDirectory(fd: number, size: number): CentralEntry[] {
  const tailLength = Math.min(size, 22 + 0xffff);
  const tail = readAt(fd, size - tailLength, tailLength);
  let at = -1;
  for (let i = tailLength - 22; i >= 0; i--) if (tail.readUInt32LE(i) === 0x06054b50) { at = i; break; }
  if (at < 0) throw new ExportError("Not a readable zip file: no end of central directory.");
  let count = tail.readUInt16LE(at + 10);
  let cdSize = tail.readUInt32LE(at + 12);
  let cdOffset = tail.readUInt32LE(at + 16);
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    // ZIP64: the locator sits just before the end record and names the ZIP64 end record.
    const locatorAt = size - tailLength + at - 20;
    const locator = locatorAt >= 0 ? readAt(fd, locatorAt, 20) : undefined;
    if (!locator || locator.readUInt32LE(0) !== 0x07064b50) throw new ExportError("Not a readable zip file: a ZIP64 end record is missing.");
    const end = readAt(fd, Number(locator.readBigUInt64LE(8)), 56);
    if (end.readUInt32LE(0) !== 0x06064b50) throw new ExportError("Not a readable zip file: a ZIP64 end record is missing.");
    count = Number(end.readBigUInt64LE(32));
    cdSize = Number(end.readBigUInt64LE(40));
    cdOffset = Number(end.readBigUInt64LE(48));
  }
  if (cdOffset + cdSize > size) throw new ExportError("Not a readable zip file: its central directory lies outside the file.");
  const cd = readAt(fd, cdOffset, cdSize);
  const out: CentralEntry[] = [];
  let p = 0;
  for (let i = 0; i < count; i++) {
    if (p + 46 > cd.length || cd.readUInt32LE(p) !== 0x02014b50) throw new ExportError("Not a readable zip file: a damaged central directory.");
    const flags = cd.readUInt16LE(p + 8);
    const method = cd.readUInt16LE(p + 10);
    let compressed = cd.readUInt32LE(p + 20);
    let uncompressed = cd.readUInt32LE(p + 24);
    const nameLength = cd.readUInt16LE(p + 28);
    const extraLength = cd.readUInt16LE(p + 30);
    const commentLength = cd.readUInt16LE(p + 32);
    let offset = cd.readUInt32LE(p + 42);
    const name = nameOf(cd.subarray(p + 46, p + 46 + nameLength), flags);
    // ZIP64 extra field: the 64-bit values of the fields set to 0xffffffff, in this order.
    let e = p + 46 + nameLength;
    const extraEnd = e + extraLength;
    while (e + 4 <= extraEnd) {
      const id = cd.readUInt16LE(e);
      const length = cd.readUInt16LE(e + 2);
      if (id === 0x0001) {
        let q = e + 4;
        if (uncompressed === 0xffffffff) (uncompressed = Number(cd.readBigUInt64LE(q))), (q += 8);
        if (compressed === 0xffffffff) (compressed = Number(cd.readBigUInt64LE(q))), (q += 8);
        if (offset === 0xffffffff) offset = Number(cd.readBigUInt64LE(q));
      }
      e += 4 + length;
    }
    p = extraEnd + commentLength;
    if (name.endsWith("/")) continue;
    if (flags & 1) throw new ExportError(`${name} is encrypted: refused.`);
    out.push({ name, method, compressed, size: uncompressed, offset });
  }
  return out;
}

/** Streams an entry's inflated bytes to `sink`, refusing more than its declared size. */
function inflateEntry(fd: number, size: number, e: CentralEntry, sink: (chunk: Uint8Array) => void): void {
  const local = readAt(fd, e.offset, 30);
  if (local.readUInt32LE(0) !== 0x04034b50) throw new ExportError(`Not a readable zip file: the entry ${e.name} is damaged.`);
  const start = e.offset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
  if (start + e.compressed > size) throw new ExportError(`Not a readable zip file: the entry ${e.name} lies outside the file.`);
  let produced = 0;
  const take = (chunk: Uint8Array) => {
    produced += chunk.length;
    if (produced > e.size) throw new ExportError(`${e.name} inflates to more than the ${e.size} bytes it declares: refused as a possible zip bomb.`);
    sink(chunk);
  };
  if (e.method !== 0 && e.method !== 8) throw new ExportError(`${e.name} uses compression method ${e.method}, which is not read (only stored and deflate).`);
  const inflate = e.method === 8 ? new Inflate(take) : undefined;
  for (let done = 0; done < e.compressed || (done === 0 && e.compressed === 0); ) {
    const n = Math.min(CHUNK, e.compressed - done);
    const chunk = n > 0 ? readAt(fd, start + done, n) : new Uint8Array(0);
    done += n;
    const last = done >= e.compressed;
    try {
      if (inflate) inflate.push(chunk, last);
      else take(chunk);
    } catch (err) {
      if (err instanceof ExportError) throw err;
      throw new ExportError(`Not a readable zip file: ${e.name}: ${(err as Error).message}.`);
    }
    if (n === 0) break;
  }
}

/** An entry's bytes: one buffer of its declared size, filled as it inflates. */
function readEntry(fd: number, size: number, e: CentralEntry): Uint8Array {
  const out = new Uint8Array(e.size);
  let at = 0;
  inflateEntry(fd, size, e, (chunk) => {
    out.set(chunk, at);
    at += chunk.length;
  });
  return at === out.length ? out : out.subarray(0, at);
}
