/**
 * `quire mirror --from URL --token T [--root PAGE_ID]`: copies what a token sees on any server
 * speaking the Notion API into a running Quire (src/mirror/), as an integration "Notion mirror" the
 * control API makes. Resumable: `--state FILE` (default ./quire-mirror.state.json) keeps the id
 * map and what is done; a second run with it goes on where the first stopped.
 */
import { parseArgs } from "node:util";
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { Client } from "@notionhq/client";
import { ConfigError } from "./config.js";
import { call, findTarget, TARGET_OPTIONS, workspacePrefix } from "./cli-control.js";
import { Mirror, type MirrorState } from "./mirror/copy.js";

const OPTIONS = {
  ...TARGET_OPTIONS,
  from: { type: "string" },
  token: { type: "string" },
  root: { type: "string" },
  workspace: { type: "string" },
  parent: { type: "string" },
  state: { type: "string" },
} as const;

/** Runs `quire mirror`; prints the outcome as JSON on stdout, progress on stderr. */
export async function mirrorCommand(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<void> {
  let values;
  try {
    values = parseArgs({ args: argv, options: OPTIONS }).values;
  } catch (e) {
    throw new ConfigError((e as Error).message);
  }
  // The token may come from the environment, out of the process list.
  const token = values.token ?? env.QUIRE_MIRROR_TOKEN;
  if (!values.from || !token) throw new ConfigError("Usage: quire mirror --from URL --token T (or QUIRE_MIRROR_TOKEN) [--root PAGE_ID] [--parent PAGE_ID] [--state FILE]");
  const from = values.from.replace(/\/+$/, "");
  const stateFile = values.state ?? "quire-mirror.state.json";
  const target = findTarget(values, env);
  const ws = workspacePrefix(values.workspace);
  let state: MirrorState;
  let targetToken: string;
  if (existsSync(stateFile)) {
    state = JSON.parse(readFileSync(stateFile, "utf8")) as MirrorState;
    if (state.from !== from) throw new ConfigError(`${stateFile} is the state of a mirror from ${state.from}: pass another --state FILE.`);
    // The integration's token is not kept on disk: a resumed run rotates it.
    targetToken = (await call(target, "PATCH", `${ws}/integrations/${state.integration_id}`, { rotate_token: true })).token;
  } else {
    const integration = await call(target, "POST", `${ws}/integrations`, { name: "Notion mirror" });
    const root = values.parent
      ? (await call(target, "POST", `${ws}/integrations/${integration.id}/shares`, { object_id: values.parent }), values.parent)
      : (await call(target, "POST", `${ws}/pages`, { title: `Mirror of ${from}`, share_with: [integration.id] })).id;
    state = { from, integration_id: integration.id, root_page_id: root, pages: {}, databases: {}, problems: [] };
    targetToken = integration.token;
  }
  const save = () => {
    writeFileSync(`${stateFile}.tmp`, JSON.stringify(state, null, 2));
    renameSync(`${stateFile}.tmp`, stateFile);
  };
  save();
  const source = new Client({ auth: token, baseUrl: from });
  const dest = new Client({ auth: targetToken, baseUrl: target.url });
  let copied = 0;
  const tty = process.stderr.isTTY;
  const progress = (label: string) => process.stderr.write(tty ? `\r${++copied} copied: ${label.slice(0, 50).padEnd(50)}` : `[${++copied}] ${label}\n`);
  await new Mirror(source, dest, state, save, progress).run(values.root);
  if (tty) process.stderr.write("\n");
  for (const p of state.problems) process.stderr.write(`not copied: ${p.path}: ${p.message}\n`);
  const pages = Object.values(state.pages).filter((p) => p.done).length;
  const databases = Object.values(state.databases).filter((d) => d.done).length;
  process.stdout.write(JSON.stringify({ integration_id: state.integration_id, root_page_id: state.root_page_id, pages, databases, problems: state.problems, state_file: stateFile }, null, 2) + "\n");
}
