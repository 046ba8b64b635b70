/**
 * The streamed zip reader of `quire import` (src/import/zip.ts) on its own: archives written by
 * fflate (deflated, stored, nested), a ZIP64 archive built byte by byte (the form exports over
 * 4 GB or 65,535 entries take), and damaged files. No server.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { deflateSync } from "node:zlib";
import { strToU8, zipSync } from "fflate";
import { ExportError, openExport } from "../src/import/zip.js";

const dir = mkdtempSync(join(tmpdir(), "quire-zip-"));
let n = 0;
const file = (bytes: Uint8Array) => {
  const path = join(dir, `${++n}.zip`);
  writeFileSync(path, bytes);
  return path;
};
const text = (b: Uint8Array) => new TextDecoder().decode(b);

test("deflated, stored and nested entries, read one at a time; directories left out; names in NFC", () => {
  const inner = zipSync({ "Part/b.md": strToU8("# B\n") });
  const path = file(zipSync({ "a.md": strToU8("# A\n".repeat(1000)), "dir/": new Uint8Array(0), "raw.bin": [new Uint8Array([1, 2, 3]), { level: 0 }], "Caf\u0065\u0301.md": strToU8("x"), "Export-Part-1.zip": inner }));
  const archive = openExport(path);
  try {
    assert.deepEqual([...archive.entries.keys()].sort(), ["Café.md", "Part/b.md", "a.md", "raw.bin"]);
    assert.equal(text(archive.entries.get("a.md")!.read()), "# A\n".repeat(1000));
    assert.deepEqual([...archive.entries.get("raw.bin")!.read()], [1, 2, 3]);
    assert.equal(text(archive.entries.get("Part/b.md")!.read()), "# B\n");
    assert.equal(archive.entries.get("a.md")!.size, 4000);
  } finally {
    archive.close();
  }
});

/** A one-entry ZIP64 archive, deflated, every size and offset in the ZIP64 fields. */
function zip64(name: string, content: Buffer): Buffer {
  const data = deflateSync(content, { level: 9 }).subarray(2, -4); // raw deflate: zlib header and adler32 off
  const nameBytes = Buffer.from(name);
  const extra = (withOffset: boolean) => {
    const b = Buffer.alloc(4 + 16 + (withOffset ? 8 : 0));
    b.writeUInt16LE(0x0001, 0);
    b.writeUInt16LE(b.length - 4, 2);
    b.writeBigUInt64LE(BigInt(content.length), 4);
    b.writeBigUInt64LE(BigInt(data.length), 12);
    if (withOffset) b.writeBigUInt64LE(0n, 20);
    return b;
  };
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(45, 4);
  local.writeUInt16LE(0x800, 6);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(0xffffffff, 18);
  local.writeUInt32LE(0xffffffff, 22);
  local.writeUInt16LE(nameBytes.length, 26);
  const localExtra = extra(false);
  local.writeUInt16LE(localExtra.length, 28);
  const head = Buffer.concat([local, nameBytes, localExtra, data]);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(45, 4);
  central.writeUInt16LE(45, 6);
  central.writeUInt16LE(0x800, 8);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(0xffffffff, 20);
  central.writeUInt32LE(0xffffffff, 24);
  central.writeUInt16LE(nameBytes.length, 28);
  const centralExtra = extra(true);
  central.writeUInt16LE(centralExtra.length, 30);
  central.writeUInt32LE(0xffffffff, 42);
  const cd = Buffer.concat([central, nameBytes, centralExtra]);
  const end64 = Buffer.alloc(56);
  end64.writeUInt32LE(0x06064b50, 0);
  end64.writeBigUInt64LE(44n, 4);
  end64.writeUInt16LE(45, 12);
  end64.writeUInt16LE(45, 14);
  end64.writeBigUInt64LE(1n, 24);
  end64.writeBigUInt64LE(1n, 32);
  end64.writeBigUInt64LE(BigInt(cd.length), 40);
  end64.writeBigUInt64LE(BigInt(head.length), 48);
  const locator = Buffer.alloc(20);
  locator.writeUInt32LE(0x07064b50, 0);
  locator.writeBigUInt64LE(BigInt(head.length + cd.length), 8);
  locator.writeUInt32LE(1, 16);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(0xffff, 8);
  end.writeUInt16LE(0xffff, 10);
  end.writeUInt32LE(0xffffffff, 12);
  end.writeUInt32LE(0xffffffff, 16);
  return Buffer.concat([head, cd, end64, locator, end]);
}

test("a ZIP64 archive: counts, sizes and offsets from the ZIP64 records", () => {
  const content = Buffer.from("# Big\n\n" + "Notion ".repeat(5000));
  const archive = openExport(file(zip64("Big é.md", content)));
  try {
    assert.deepEqual([...archive.entries.keys()], ["Big é.md"]);
    assert.equal(archive.entries.get("Big é.md")!.size, content.length);
    assert.equal(text(archive.entries.get("Big é.md")!.read()), content.toString());
  } finally {
    archive.close();
  }
});

test("damaged files are refused with a clear message, not a crash", () => {
  const good = Buffer.from(zipSync({ "a.md": strToU8("# A\n".repeat(100)) }));
  const refuses = (bytes: Uint8Array, message: RegExp) => assert.throws(() => openExport(file(bytes)).close(), (e: unknown) => e instanceof ExportError && message.test(e.message));
  refuses(Buffer.from("hello"), /no end of central directory/);
  refuses(good.subarray(0, good.length - 30), /no end of central directory/);
  // The directory points past the end of the file.
  const moved = Buffer.from(good);
  moved.writeUInt32LE(good.length, moved.length - 6);
  refuses(moved, /central directory lies outside the file/);
  // Garbage where the entry's data was: refused when it is read.
  const garbage = Buffer.from(good);
  garbage.fill(0xff, 30 + 4, 30 + 4 + 10);
  const archive = openExport(file(garbage));
  try {
    assert.throws(() => archive.entries.get("a.md")!.read(), (e: unknown) => e instanceof ExportError && /Not a readable zip file: a\.md/.test(e.message));
  } finally {
    archive.close();
  }
});
