/**
 * Formula engine benchmark: a handful of realistic formulas evaluated over 100,000 synthetic
 * pages, beside the same logic written as plain TypeScript in the same run (goal: within 5×).
 * Run: npm run bench:formula [-- --pages 100000 --rounds 5]
 */
import { compileFormula, evaluateFormula, type FormulaEnv, type FormulaValue, type FDate, type SchemaProperty } from "../src/formula/index.js";
import { between } from "../src/formula/functions/date.js";
import { formatInstant } from "../src/formula/format-date.js";

const arg = (name: string, def: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};
const PAGES = arg("pages", 100_000);
const ROUNDS = arg("rounds", 5);
const NOW = Date.UTC(2024, 0, 15, 10, 30);
const ZONE = "America/New_York";

const schema: SchemaProperty[] = [
  { id: "title", name: "Name", type: "title" },
  { id: "price", name: "Price", type: "number" },
  { id: "qty", name: "Qty", type: "number" },
  { id: "done", name: "Done", type: "checkbox" },
  { id: "tags", name: "Tags", type: "multi_select" },
  { id: "status", name: "Status", type: "status" },
  { id: "due", name: "Due", type: "date" },
];

type Page = Record<string, FormulaValue>;
let seed = 42;
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const TAGS = ["urgent", "docs", "archived", "bug", "ui"];
const STATUS = ["Not started", "In progress", "Done"];
const pages: Page[] = Array.from({ length: PAGES }, (_, i) => ({
  title: `Task ${i}`,
  price: Math.round(rand() * 10000) / 100,
  qty: Math.floor(rand() * 20),
  done: rand() < 0.3,
  tags: TAGS.filter(() => rand() < 0.4),
  status: STATUS[Math.floor(rand() * 3)],
  due: rand() < 0.1 ? null : { kind: "date", start: NOW + Math.floor((rand() - 0.5) * 200) * 86_400_000, end: null, time: false },
}));
const envs: FormulaEnv[] = pages.map((p) => ({ prop: (id: string) => p[id], now: NOW, timeZone: ZONE }));

const due = (p: Page) => p.due as FDate | null;
const cases: { name: string; expr: string; plain: (p: Page) => unknown }[] = [
  {
    name: "arithmetic + ternary",
    expr: 'prop("Price") * prop("Qty") * (prop("Done") ? 0.9 : 1)',
    plain: (p) => (p.price as number) * (p.qty as number) * (p.done ? 0.9 : 1),
  },
  {
    name: "overdue label",
    expr: 'if(not empty(prop("Due")) and prop("Due") < now() and not prop("Done"), "Overdue", "On track")',
    plain: (p) => (due(p) !== null && due(p)!.start < NOW && !p.done ? "Overdue" : "On track"),
  },
  {
    name: "days left (dateBetween)",
    expr: 'dateBetween(prop("Due"), now(), "days")',
    plain: (p) => (due(p) ? between(due(p)!.start, NOW, "days", ZONE) : null),
  },
  {
    name: "tags filter/map/join",
    expr: 'prop("Tags").filter(current != "archived").map(current.upper()).join(", ")',
    plain: (p) => (p.tags as string[]).filter((t) => t !== "archived").map((t) => t.toUpperCase()).join(", "),
  },
  {
    name: "text concat",
    expr: 'upper(prop("Name")) + " (" + prop("Status") + ")"',
    plain: (p) => (p.title as string).toUpperCase() + " (" + p.status + ")",
  },
  {
    name: "formatDate",
    expr: 'formatDate(prop("Due"), "YYYY-MM-DD")',
    plain: (p) => (due(p) ? formatInstant(due(p)!.start, "YYYY-MM-DD", ZONE) : ""),
  },
  {
    name: "lets + ifs",
    expr: 'lets(total, prop("Price") * prop("Qty"), tier, ifs(total > 1000, "gold", total > 100, "silver", "bronze"), tier + ": " + round(total, 2))',
    plain: (p) => {
      const total = (p.price as number) * (p.qty as number);
      const tier = total > 1000 ? "gold" : total > 100 ? "silver" : "bronze";
      return tier + ": " + Math.round(total * 100) / 100;
    },
  },
];

let sink = 0;
const consume = (v: unknown) => {
  sink += typeof v === "number" ? 1 : typeof v === "string" ? v.length : 1;
};

function time(fn: () => void): number {
  const t0 = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

console.log(`formula bench: ${PAGES.toLocaleString("en-US")} pages, best of ${ROUNDS} rounds, zone ${ZONE}, node ${process.version}`);
console.log("| formula | compile µs | engine ms | plain TS ms | ratio | engine ns/page |");
console.log("| --- | ---: | ---: | ---: | ---: | ---: |");
let totalEngine = 0;
let totalPlain = 0;
for (const c of cases) {
  const t0 = process.hrtime.bigint();
  const compiled = compileFormula(c.expr, schema);
  const compileUs = Number(process.hrtime.bigint() - t0) / 1e3;
  if (!compiled.ok) throw compiled.error;
  const f = compiled.formula;
  // Same answers first, then best-of-N timings, interleaved so both see the same machine state.
  for (let i = 0; i < 100; i++) {
    const a = JSON.stringify(evaluateFormula(f, envs[i]));
    const b = JSON.stringify(c.plain(pages[i]) ?? null);
    if (a !== b) throw new Error(`${c.name}: page ${i}: engine ${a} vs plain ${b}`);
  }
  let engine = Infinity;
  let plain = Infinity;
  for (let r = 0; r < ROUNDS; r++) {
    engine = Math.min(engine, time(() => {
      for (let i = 0; i < PAGES; i++) consume(evaluateFormula(f, envs[i]));
    }));
    plain = Math.min(plain, time(() => {
      for (let i = 0; i < PAGES; i++) consume(c.plain(pages[i]));
    }));
  }
  totalEngine += engine;
  totalPlain += plain;
  console.log(`| ${c.name} | ${compileUs.toFixed(0)} | ${engine.toFixed(1)} | ${plain.toFixed(1)} | ${(engine / plain).toFixed(1)}× | ${((engine * 1e6) / PAGES).toFixed(0)} |`);
}
console.log(`| all ${cases.length} | | ${totalEngine.toFixed(1)} | ${totalPlain.toFixed(1)} | ${(totalEngine / totalPlain).toFixed(1)}× | ${((totalEngine * 1e6) / PAGES).toFixed(0)} |`);
if (sink === 42) console.log("");
