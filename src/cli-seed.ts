/**
 * `quire export --seed [--workspace ID] [--yaml]`: prints a workspace in the seed file format
 * (`GET …/seed`, docs/design/seed-files.md) on stdout, JSON by default, so
 * `quire export --seed > seed.json` then `quire serve --seed seed.json` starts from it.
 */
import { parseArgs } from "node:util";
import { stringify as toYaml } from "yaml";
import { ConfigError } from "./config.js";
import { call, findTarget, workspacePrefix, TARGET_OPTIONS } from "./cli-control.js";

/** Runs `quire export`; `write` receives the whole file. */
export async function exportCommand(argv: string[], env: NodeJS.ProcessEnv = process.env, write = (text: string) => void process.stdout.write(text)): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({ args: argv, options: { ...TARGET_OPTIONS, seed: { type: "boolean" }, workspace: { type: "string" }, yaml: { type: "boolean" } } }));
  } catch (e) {
    throw new ConfigError((e as Error).message);
  }
  if (!values.seed) throw new ConfigError("quire export needs --seed (the one export format so far): quire export --seed [--workspace ID] [--yaml] > seed.json");
  const seed = await call(findTarget(values, env), "GET", `${workspacePrefix(values.workspace)}/seed`);
  write(values.yaml ? toYaml(seed) : JSON.stringify(seed, null, 2) + "\n");
}
