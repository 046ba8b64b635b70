/**
 * `quire import export.zip [--workspace ID] [--parent PAGE_ID]`: a Notion export ("Markdown & CSV" or "HTML")
 * brought into a running Quire. The CLI reads the zip, makes an integration "Notion import" in
 * the workspace through the control API, shares the parent with it (or makes a top-level page
 * for the import), and writes everything through /v1 as that integration (src/import/).
 */
import { parseArgs } from "node:util";
import { writeFileSync } from "node:fs";
import { basename } from "node:path";
import { Client } from "@notionhq/client";
import { ConfigError } from "./config.js";
import { call, findTarget, TARGET_OPTIONS, workspacePrefix } from "./cli-control.js";
import { DEFAULT_ZIP_LIMITS, ExportError, openExport, type ExportArchive } from "./import/zip.js";
import { exportTree } from "./import/layout.js";
import { writeExport, type Progress } from "./import/write.js";

const OPTIONS = {
  ...TARGET_OPTIONS,
  workspace: { type: "string" },
  parent: { type: "string" },
  report: { type: "string" },
  "max-entries": { type: "string" },
  "max-unzipped-mb": { type: "string" },
} as const;

/** Runs `quire import`; prints the report as JSON on stdout, progress and problems on stderr. */
export async function importCommand(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: OPTIONS });
  } catch (e) {
    throw new ConfigError((e as Error).message);
  }
  const { values, positionals } = parsed;
  const file = positionals[0];
  if (!file || positionals.length > 1) throw new ConfigError("Usage: quire import export.zip [--workspace ID] [--parent PAGE_ID] [--report FILE]");
  const { archive, tree } = readTree(file, values);
  try {
    const target = findTarget(values, env);
    const ws = workspacePrefix(values.workspace);
    const integration = await call(target, "POST", `${ws}/integrations`, { name: "Notion import" });
    const rootId = values.parent
      ? (await call(target, "POST", `${ws}/integrations/${integration.id}/shares`, { object_id: values.parent }), values.parent)
      : (await call(target, "POST", `${ws}/pages`, { title: `Notion import: ${basename(file)}`, share_with: [integration.id] })).id;
    const notion = new Client({ auth: integration.token, baseUrl: target.url });
    const report = { integration_id: integration.id, ...(await writeExport(notion, tree, rootId, progressBar())) };
    const reportFile = values.report ?? `${file.replace(/\.zip$/i, "")}.import-report.json`;
    writeFileSync(reportFile, JSON.stringify(report, null, 2) + "\n");
    for (const p of report.problems) process.stderr.write(`not mapped: ${p.path}: ${p.message}\n`);
    process.stderr.write(`Imported ${report.pages} pages, ${report.databases} databases, ${report.rows} rows, ${report.files} files; ${report.problems.length} problems (report: ${reportFile})\n`);
    process.stdout.write(JSON.stringify(report, null, 2) + "\n");
  } finally {
    archive.close();
  }
}

function readTree(file: string, values: { "max-entries"?: string; "max-unzipped-mb"?: string }) {
  const maxEntries = positive(values["max-entries"], "--max-entries") ?? DEFAULT_ZIP_LIMITS.maxEntries;
  const mb = positive(values["max-unzipped-mb"], "--max-unzipped-mb");
  const maxBytes = mb === undefined ? DEFAULT_ZIP_LIMITS.maxBytes : mb * 1024 * 1024;
  let archive: ExportArchive;
  try {
    archive = openExport(file, { maxEntries, maxBytes });
  } catch (e) {
    if (e instanceof ExportError) throw new ConfigError(e.message);
    const code = (e as NodeJS.ErrnoException).code;
    if (code) throw new ConfigError(`Cannot read ${file}: ${code}.`);
    throw e;
  }
  try {
    const tree = exportTree(archive.entries);
    if (!tree.nodes.size) throw new ExportError(`${file} holds no .md, .csv or .html file: not a Notion export ("Markdown & CSV" or "HTML").`);
    return { archive, tree };
  } catch (e) {
    archive.close();
    if (e instanceof ExportError) throw new ConfigError(e.message);
    throw e;
  }
}

function positive(s: string | undefined, flag: string): number | undefined {
  if (s === undefined) return undefined;
  const n = Number(s);
  if (!Number.isInteger(n) || n < 1) throw new ConfigError(`${flag} should be a positive integer, instead was "${s}".`);
  return n;
}

/** A bar redrawn in place on a terminal; one line per step otherwise (logs, CI). */
function progressBar(): Progress {
  const tty = process.stderr.isTTY;
  return (done, total, label) => {
    if (!tty) return void process.stderr.write(`[${done}/${total}] ${label}\n`);
    const width = 30;
    const filled = Math.round((done / total) * width);
    process.stderr.write(`\r[${"#".repeat(filled)}${" ".repeat(width - filled)}] ${done}/${total} ${label.slice(0, 40).padEnd(40)}`);
    if (done === total) process.stderr.write("\n");
  };
}
