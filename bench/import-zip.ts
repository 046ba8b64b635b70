/**
 * Peak memory of reading a large Notion export (`quire import`'s zip side), before and after the
 * streamed reader (docs/PERFORMANCE.md, "Import: a streamed zip"). Generates an export the way
 * Notion ships a large one — Export.zip holding Part-1.zip — with N pages, a database and M
 * incompressible attachments of S MB, then, in a fresh process each, reads it as the import does
 * (the tree: every page and CSV read; then every attachment read once, as its upload would) and
 * prints the process's peak RSS. `before` is the whole-file reader of commit 9ecefa2 (fetched with
 * `git show` into scratch/, not kept in the tree); `after` is src/import/zip.ts; `baseline` only
 * loads the modules.
 *
 *   npx tsx bench/import-zip.ts [--attachments 40] [--mb 5] [--pages 300]
 */
import { execFileSync, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { strToU8, zipSync } from "fflate";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const OLD = join(ROOT, "scratch", "old-zip.ts");

/**
 * This process's peak RSS (VmHWM, per address space, so reset by exec: getrusage's maxRSS is kept
 * across fork and exec and would report this bench's own generator).
 */
function peakRssMb(): number {
  const kb = Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync("/proc/self/status", "utf8"))?.[1]);
  return Math.round(kb / 1024);
}

async function child(kind: string, file: string) {
  const { exportTree } = await import("../src/import/layout.js");
  const started = process.hrtime.bigint();
  let attachments = 0;
  if (kind === "before") {
    const { readExportZip } = await import(OLD);
    const files: Map<string, Uint8Array> = readExportZip(readFileSync(file));
    const tree = exportTree(new Map([...files].map(([path, bytes]) => [path, { path, size: bytes.length, read: () => bytes }])));
    for (const e of tree.attachments.values()) attachments += e.read().length;
  } else if (kind === "after") {
    const { openExport } = await import("../src/import/zip.js");
    const archive = openExport(file);
    const tree = exportTree(archive.entries);
    for (const e of tree.attachments.values()) attachments += e.read().length;
    archive.close();
  }
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const cpu = process.cpuUsage();
  process.stdout.write(JSON.stringify({ kind, peakRssMb: peakRssMb(), ms: Math.round(ms), cpuMs: Math.round((cpu.user + cpu.system) / 1000), attachmentMb: Math.round(attachments / 2 ** 20) }) + "\n");
}

function generate(dir: string, pages: number, count: number, mb: number): string {
  const files: Record<string, Uint8Array> = {};
  const root = `Big ${"a".repeat(32)}`;
  const lines = [`# Big`, ""];
  for (let i = 0; i < count; i++) {
    const name = `file-${i}.bin`;
    files[`${root}/${name}`] = randomBytes(mb * 2 ** 20);
    lines.push(`[${name}](${encodeURIComponent(root)}/${name})`, "");
  }
  files[`${root}.md`] = strToU8(lines.join("\n"));
  for (let i = 0; i < pages; i++) files[`${root}/Page ${i} ${i.toString(16).padStart(32, "0")}.md`] = strToU8(`# Page ${i}\n\n${"Some text. ".repeat(200)}\n`);
  files[`${root}/Table ${"b".repeat(32)}_all.csv`] = strToU8("\uFEFFName,Notes\n" + Array.from({ length: 1000 }, (_, i) => `Row ${i},note ${i}`).join("\n"));
  const file = join(dir, "Export.zip");
  writeFileSync(file, zipSync({ "Export-Part-1.zip": zipSync(files, { level: 1 }) }, { level: 0 }));
  return file;
}

async function main() {
  const { values } = parseArgs({ options: { child: { type: "string" }, file: { type: "string" }, attachments: { type: "string", default: "40" }, mb: { type: "string", default: "5" }, pages: { type: "string", default: "300" } } });
  if (values.child) return child(values.child, values.file!);
  mkdirSync(join(ROOT, "scratch"), { recursive: true });
  writeFileSync(OLD, execFileSync("git", ["show", "9ecefa2:src/import/zip.ts"], { cwd: ROOT }));
  const dir = mkdtempSync(join(tmpdir(), "quire-bench-import-"));
  try {
    const file = generate(dir, Number(values.pages), Number(values.attachments), Number(values.mb));
    console.log(`export: ${(statSync(file).size / 2 ** 20).toFixed(0)} MB zip (Part-1.zip inside), ${values.pages} pages, ${values.attachments} × ${values.mb} MB attachments; load average ${loadavg().map((l) => l.toFixed(2)).join(" ")}`);
    for (const kind of ["baseline", "before", "after", "before", "after"]) {
      const r = spawnSync(process.execPath, ["--import", "tsx", fileURLToPath(import.meta.url), "--child", kind, "--file", file], { cwd: ROOT, encoding: "utf8" });
      if (r.status !== 0) throw new Error(r.stderr);
      console.log(r.stdout.trim());
    }
    console.log(`load average after: ${loadavg().map((l) => l.toFixed(2)).join(" ")}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(OLD, { force: true });
  }
}

await main();
