/**
 * Reads a seed file (`--seed`, `QUIRE_SEED`, `startQuire({ seed })`): JSON, or YAML when the name
 * ends in .yaml/.yml, or an object given in code; validated into the seed's plan
 * (routes/admin-seed.schema.ts). Any problem is one StartupError naming the file and the path in it.
 */
import { readFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import { parseSeedFile } from "./routes/admin-seed.schema.js";
import { SeedError } from "./domain/toolkit/seed.js";
import { StartupError } from "./domain/admin/startup-error.js";
import type { SeedPlan } from "./domain/toolkit/seed-plan.js";

/** The plan of the seed `source` (a file path or the parsed object). */
export function readSeed(source: string | object): SeedPlan {
  const name = typeof source === "string" ? source : "(object)";
  let value: unknown = source;
  if (typeof source === "string") {
    let text: string;
    try {
      text = readFileSync(source, "utf8");
    } catch (e) {
      throw new StartupError(`Cannot read the seed file ${source}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}.`);
    }
    try {
      value = /\.ya?ml$/i.test(source) ? parseYaml(text) : JSON.parse(text);
    } catch (e) {
      throw new StartupError(`The seed file ${source} is not valid ${/\.ya?ml$/i.test(source) ? "YAML" : "JSON"}: ${(e as Error).message.split("\n")[0]}`);
    }
  }
  try {
    return parseSeedFile(value);
  } catch (e) {
    if (e instanceof SeedError) throw new StartupError(`Seed file ${name}: ${e.message}`);
    throw e;
  }
}
