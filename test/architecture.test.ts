/**
 * The layering ARCHITECTURE.md states, checked on the source: Notion's contract vocabulary
 * (src/api) and generic helpers (src/lib) stand alone; domain, query, storage, formula and
 * presenters never import fastify glue (src/http, src/routes); storage never imports domain code;
 * and no module imports itself through others.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), "../src");

function sources(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) sources(p, out);
    else if (p.endsWith(".ts")) out.push(p);
  }
  return out;
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^;]*?\sfrom\s*["'](\.{1,2}\/[^"']+)["']|(?:^|\n)\s*import\s*["'](\.{1,2}\/[^"']+)["']/g;

/** Each source file (relative to src/, `.ts`) with the source files it imports, type-only imports included. */
const graph = new Map<string, string[]>();
for (const file of sources(SRC)) {
  const text = readFileSync(file, "utf8");
  const deps: string[] = [];
  for (const m of text.matchAll(IMPORT)) {
    const spec = (m[1] ?? m[2]).replace(/\.js$/, ".ts");
    deps.push(relative(SRC, resolve(dirname(file), spec)));
  }
  graph.set(relative(SRC, file), deps);
}

const layer = (f: string) => f.split("/")[0];

/**
 * Exceptions that exist today and are being removed (issue 11). A test compares with these lists
 * exactly: removing an import means deleting its line here, and nothing new may join them.
 */
const KNOWN_GLUE_IMPORTS = ["domain/files/create-file-upload.ts → routes/file-uploads.schema.ts", "domain/files/send-file-upload.ts → http/multipart.ts"];
const KNOWN_STORAGE_IMPORTS: string[] = [];
const KNOWN_CYCLES = [
  ["formula/budget.ts", "formula/compare.ts", "formula/values.ts"],
  ["domain/properties/formulas.ts", "domain/properties/read-values.ts"],
  ["domain/async-tasks/background.ts", "domain/async-tasks/tasks.ts"],
  ["domain/pages/database-page.ts", "domain/pages/inputs.ts", "domain/pages/shared.ts", "domain/templates/apply.ts", "domain/templates/properties.ts"],
  ["domain/databases/schema-changes.ts", "domain/databases/synced.ts"],
];

/** Imports from `from` layers into `into` layers, as "file → import" lines. */
function crossings(from: string[], into: string[]): string[] {
  const out: string[] = [];
  for (const [f, deps] of graph) if (from.includes(layer(f))) for (const d of deps) if (into.includes(layer(d))) out.push(`${f} → ${d}`);
  return out;
}

test("src/api and src/lib import nothing of Quire's other layers", () => {
  assert.deepEqual(crossings(["api", "lib"], ["domain", "query", "storage", "formula", "present", "http", "routes", "outbound"]), []);
});

test("domain, query, storage, formula, presenters and outbound HTTP never import fastify glue (src/http, src/routes)", () => {
  assert.deepEqual(crossings(["domain", "query", "storage", "formula", "present", "outbound"], ["http", "routes", "app.ts", "server.ts"]), KNOWN_GLUE_IMPORTS);
});

test("storage never imports domain code or presenters", () => {
  assert.deepEqual(crossings(["storage"], ["domain", "present", "routes", "http"]), KNOWN_STORAGE_IMPORTS);
});

/** Every import cycle, each as its members from the smallest name, found by Tarjan's strongly connected components. */
function cycles(): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    on.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        on.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1) out.push(scc.sort());
    }
  };
  for (const v of graph.keys()) if (!idx.has(v)) visit(v);
  return out;
}

test("no import cycles", () => {
  const sort = (cs: string[][]) => cs.map((c) => c.join(" ↔ ")).sort();
  assert.deepEqual(sort(cycles()), sort(KNOWN_CYCLES));
});
