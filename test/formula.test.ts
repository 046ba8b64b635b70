/** Formula engine: one line per case, grouped by family (src/formula). */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { compileFormula, evaluateFormula, fromPropertyValue, toApiValue, FUNCTIONS, type FormulaValue, type FormulaEnv, type SchemaProperty } from "../src/formula/index.js";
import { isoDay, isoInZone } from "../src/formula/format-date.js";

// Monday 15 January 2024, 10:30 UTC.
const NOW = Date.UTC(2024, 0, 15, 10, 30);
const user = (id: string, name: string, email: string) => ({ object: "user", id, name, type: "person", person: { email } });
const rt = (s: string) => [{ type: "text", text: { content: s }, plain_text: s }];

const SCHEMA: SchemaProperty[] = [
  { id: "title", name: "Name", type: "title" },
  { id: "p%3A1", name: "Price", type: "number" },
  { id: "qty", name: "Qty", type: "number" },
  { id: "none", name: "Blank", type: "number" },
  { id: "done", name: "Done", type: "checkbox" },
  { id: "tags", name: "Tags", type: "multi_select" },
  { id: "st", name: "Status", type: "status" },
  { id: "due", name: "Due", type: "date" },
  { id: "span", name: "Span", type: "date" },
  { id: "own", name: "Owner", type: "people" },
  { id: "rel", name: "Tasks", type: "relation" },
  { id: "ct", name: "Created", type: "created_time" },
  { id: "by", name: "Author", type: "created_by" },
  { id: "notes", name: "Notes", type: "rich_text" },
  { id: "url", name: "Link", type: "url" },
  { id: "tot", name: "Total", type: "formula", expression: 'prop("Price") * prop("Qty")' },
  { id: "lbl", name: "Label", type: "formula", resultType: "string" },
];

const RAW: Record<string, any> = {
  title: { type: "title", title: rt("Write docs") },
  "p%3A1": { type: "number", number: 12.5 },
  qty: { type: "number", number: 4 },
  none: { type: "number", number: null },
  done: { type: "checkbox", checkbox: true },
  tags: { type: "multi_select", multi_select: [{ id: "a", name: "urgent", color: "red" }, { id: "b", name: "docs", color: "blue" }] },
  st: { type: "status", status: { id: "s", name: "In progress", color: "blue" } },
  due: { type: "date", date: { start: "2024-02-29", end: null, time_zone: null } },
  span: { type: "date", date: { start: "2024-01-10T09:00:00.000Z", end: "2024-01-12T17:00:00.000Z", time_zone: null } },
  own: { type: "people", people: [user("u1", "Ada", "ada@example.com"), user("u2", "Linus", "linus@example.com")] },
  rel: { type: "relation", relation: [{ id: "t1" }, { id: "t2" }, { id: "t3" }] },
  ct: { type: "created_time", created_time: "2024-01-01T08:00:00.000Z" },
  by: { type: "created_by", created_by: user("u1", "Ada", "ada@example.com") },
  notes: { type: "rich_text", rich_text: rt("Hello world") },
  url: { type: "url", url: "https://example.com" },
  tot: { type: "formula", formula: { type: "number", number: 50 } },
  lbl: { type: "formula", formula: { type: "string", string: "L" } },
};
const TASKS: Record<string, { title: string; props: Record<string, FormulaValue> }> = {
  t1: { title: "Spec", props: { Status: "Done", Points: 3 } },
  t2: { title: "Code", props: { Status: "Doing", Points: 5 } },
  t3: { title: "Ship", props: { Status: "Done", Points: 8 } },
};

function envFor(zone = "UTC", extra: Partial<FormulaEnv> = {}): FormulaEnv {
  const values = new Map(Object.entries(RAW).map(([id, v]) => [id, fromPropertyValue(v, zone)]));
  return {
    prop: (id) => values.get(id) ?? null,
    page: (id) => (TASKS[id] ? { id, title: TASKS[id].title, prop: (n: string) => TASKS[id].props[n] } : null),
    id: "page-1",
    now: NOW,
    timeZone: zone,
    ...extra,
  };
}

function run(expr: string, zone = "UTC", extra: Partial<FormulaEnv> = {}): FormulaValue {
  const c = compileFormula(expr, SCHEMA);
  if (!c.ok) throw c.error;
  return evaluateFormula(c.formula, envFor(zone, extra));
}
/** Dates compare as ISO text ("2024-01-05" or an instant), ranges as "start/end"; pages by title; people by name. */
function norm(v: FormulaValue, zone = "UTC"): unknown {
  if (Array.isArray(v)) return v.map((x) => norm(x, zone));
  if (v && typeof v === "object") {
    if (v.kind === "date") {
      const f = (ms: number) => (v.time ? isoInZone(ms, zone) : isoDay(ms, zone));
      return v.end === null ? f(v.start) : `${f(v.start)}/${f(v.end)}`;
    }
    if (v.kind === "person") return `@${v.name}`;
    if (v.kind === "page") return `#${v.title}`;
  }
  return v;
}
const ok = (expr: string, want: unknown, zone = "UTC") => test(`${expr} → ${JSON.stringify(want)}`, () => assert.deepEqual(norm(run(expr, zone), zone), want));
const near = (expr: string, want: number) => test(`${expr} ≈ ${want}`, () => assert.ok(Math.abs((run(expr) as number) - want) < 1e-9));
/** A compile error: code, where (start offset), and words of the message. */
const bad = (expr: string, code: string, start?: number, words?: string) =>
  test(`✗ ${expr} (${code})`, () => {
    const c = compileFormula(expr, SCHEMA, { selfId: "self" });
    assert.equal(c.ok, false, "expected a compile error");
    if (c.ok) return;
    assert.equal(c.error.code, code, c.error.message);
    if (start !== undefined) assert.equal(c.error.span.start, start, c.error.message);
    if (words) assert.ok(c.error.message.includes(words), c.error.message);
  });
/** A runtime error. */
const throws = (expr: string, code: string, extra: Partial<FormulaEnv> = {}) =>
  test(`⚠ ${expr} (${code})`, () => assert.throws(() => run(expr, "UTC", extra), (e: any) => e.code === code));
const typed = (expr: string, resultType: string, type?: string) =>
  test(`${expr} : ${resultType}`, () => {
    const c = compileFormula(expr, SCHEMA);
    assert.ok(c.ok, c.ok ? "" : c.error.message);
    if (!c.ok) return;
    assert.equal(c.resultType, resultType);
    if (type) assert.equal(c.type, type);
  });

describe("literals and operators", () => {
  ok("1 + 2 * 3", 7);
  ok("(1 + 2) * 3", 9);
  ok("10 - 4 - 3", 3);
  ok("2 ^ 3 ^ 2", 512);
  ok("-2 ^ 2", -4);
  ok("2 ^ -1", 0.5);
  ok("7 % 3", 1);
  ok("-7 % 3", -1);
  ok("7 / 2", 3.5);
  ok("1 / 0", Infinity);
  ok("1.5e2", 150);
  ok(".5 + .25", 0.75);
  ok("--3", 3);
  ok("+3", 3);
  ok("\"a\" + \"b\"", "ab");
  ok("\"n=\" + 5", "n=5");
  ok("5 + \" items\"", "5 items");
  ok("\"x\" + true", "xtrue");
  ok("'single' + \"double\"", "singledouble");
  ok("\"esc\\\"aped\\n\"", "esc\"aped\n");
  ok("true", true);
  ok("false", false);
  ok("1 == 1", true);
  ok("1 != 1", false);
  ok("\"a\" == \"a\"", true);
  ok("[1, 2] == [1, 2]", true);
  ok("[1, 2] == [2, 1]", false);
  ok("2 > 1", true);
  ok("2 >= 2", true);
  ok("1 < 2", true);
  ok("2 <= 1", false);
  ok("\"b\" > \"a\"", true);
  ok("true > false", true);
  ok("true and false", false);
  ok("true && true", true);
  ok("false or true", true);
  ok("false || false", false);
  ok("not true", false);
  ok("!false", true);
  ok("not (1 == 2)", true);
  ok("1 < 2 and 2 < 3", true);
  ok("1 > 2 or 3 > 2 and false", false);
  ok("true ? 1 : 2", 1);
  ok("false ? 1 : true ? 2 : 3", 2);
  ok("1 + 1 == 2 ? \"yes\" : \"no\"", "yes");
  ok("[1, 2, 3]", [1, 2, 3]);
  ok("[]", []);
  ok("[[1], [2, 3]]", [[1], [2, 3]]);
  ok("1 /* comment */ + /* another */ 2", 3);
  ok("e", Math.E);
  ok("pi", Math.PI);
  ok("  \n 42 \n ", 42);
});

describe("method-call syntax", () => {
  ok("\"abc\".upper()", "ABC");
  ok("\"a,b\".split(\",\").length()", 2);
  ok("[3, 1, 2].sort().reverse()", [3, 2, 1]);
  ok("4.2.ceil()", 5);
  ok("(-4.5).round()", -4);
  ok("\"x\".repeat(3).upper()", "XXX");
  ok("prop(\"Name\").length()", 10);
  ok("prop(\"Tags\").includes(\"docs\")", true);
  ok("now().year()", 2024);
});

describe("logic", () => {
  ok("if(true, \"a\", \"b\")", "a");
  ok("if(1 > 2, \"a\", \"b\")", "b");
  ok("if(false, 1 / 0, 3)", 3);
  ok("ifs(false, 1, true, 2, 3)", 2);
  ok("ifs(false, 1, false, 2, 3)", 3);
  ok("ifs(false, 1, false, 2)", null);
  ok("ifs(true, \"first\", true, \"second\")", "first");
  ok("and(true, true)", true);
  ok("and(true, false)", false);
  ok("and(true, true, false)", false);
  ok("or(false, false)", false);
  ok("or(false, true)", true);
  ok("or(true, 1 / 0 > 0)", true);
  ok("not(false)", true);
  ok("empty(\"\")", true);
  ok("empty(\"Word\")", false);
  ok("empty(0)", true);
  ok("empty(1)", false);
  ok("empty([])", true);
  ok("empty([1])", false);
  ok("empty(prop(\"Blank\"))", true);
  ok("empty(prop(\"Price\"))", false);
  ok("prop(\"Price\").empty()", false);
  ok("empty()", null);
  ok("equal(2, 3)", false);
  ok("equal(\"a\", \"a\")", true);
  ok("unequal(2, 3)", true);
  ok("larger(3, 2)", true);
  ok("largerEq(2, 2)", true);
  ok("smaller(2, 3)", true);
  ok("smallerEq(3, 2)", false);
  ok("length(\"hello\")", 5);
  ok("length([1, 2, 3])", 3);
  ok("length(\"😀a\")", 2);
  ok("format(42)", "42");
  ok("format(true)", "true");
  ok("format(1.5)", "1.5");
  ok("format([1, \"a\", true])", "1, a, true");
  ok("format(prop(\"Due\"))", "February 29, 2024");
  ok("format(fromTimestamp(0))", "January 1, 1970 12:00 AM");
  ok("toNumber(\"42\")", 42);
  ok("toNumber(\"3.5kg\")", 3.5);
  ok("toNumber(\"abc\")", null);
  ok("toNumber(true)", 1);
  ok("toNumber(false)", 0);
  ok("toNumber(fromTimestamp(1000))", 1000);
  ok("id()", "page-1");
  ok("let(x, 2, x * x)", 4);
  ok("let(x, 2, let(x, 3, x) + x)", 5);
  ok("lets(a, 1, b, a + 1, c, b * 10, a + b + c)", 23);
  ok("lets(name, \"Ada\", greeting, \"Hi \" + name, greeting.upper())", "HI ADA");
  ok("let(xs, [1, 2, 3], xs.map(current * 2))", [2, 4, 6]);
});

describe("number", () => {
  ok("add(2, 3)", 5);
  ok("add(\"a\", \"b\")", "ab");
  ok("subtract(5, 3)", 2);
  ok("multiply(4, 2.5)", 10);
  ok("divide(9, 3)", 3);
  ok("mod(10, 4)", 2);
  ok("pow(2, 10)", 1024);
  ok("unaryMinus(3)", -3);
  ok("unaryPlus(\"42\")", 42);
  ok("unaryPlus(true)", 1);
  ok("min(3, 1, 2)", 1);
  ok("max(3, 1, 2)", 3);
  ok("min([4, 2, 9])", 2);
  ok("max([4, 2], 11)", 11);
  ok("max([])", null);
  ok("sum(1, 2, 3)", 6);
  ok("sum([1, 2, 3], 4)", 10);
  ok("sum([])", 0);
  ok("mean(1, 2, 3, 4)", 2.5);
  ok("mean([2, 4])", 3);
  ok("median(3, 1, 2)", 2);
  ok("median([4, 1, 3, 2])", 2.5);
  ok("abs(-5)", 5);
  ok("abs(5)", 5);
  ok("ceil(4.2)", 5);
  ok("ceil(-4.2)", -4);
  ok("floor(4.8)", 4);
  ok("floor(-4.2)", -5);
  ok("round(4.5)", 5);
  ok("round(4.49)", 4);
  ok("round(-4.5)", -4);
  ok("round(-4.51)", -5);
  ok("round(3.14159, 2)", 3.14);
  ok("round(1234, -2)", 1200);
  ok("sqrt(16)", 4);
  ok("cbrt(27)", 3);
  near("exp(1)", Math.E);
  ok("ln(1)", 0);
  ok("log10(1000)", 3);
  ok("log2(8)", 3);
  ok("sign(-3)", -1);
  ok("sign(0)", 0);
  ok("sign(7)", 1);
  ok("pi()", Math.PI);
  ok("e()", Math.E);
  ok("formatNumber(1234.5)", "1234.5");
  ok("formatNumber(1234.5, \"number_with_commas\")", "1,234.5");
  ok("formatNumber(0.256, \"percent\")", "25.6%");
  ok("formatNumber(3, \"dollar\", 2)", "$3.00");
  ok("prop(\"Price\") * prop(\"Qty\")", 50);
  ok("prop(\"Blank\") + 1", 1);
  ok("prop(\"Total\") + 1", 51);
  ok("sqrt(-1).format()", "NaN");
});

describe("text", () => {
  ok("concat(\"a\", \"b\", \"c\")", "abc");
  ok("concat([1, 2], [3])", [1, 2, 3]);
  ok("concat([\"a\"], [], [\"b\"])", ["a", "b"]);
  ok("contains(\"notion\", \"tio\")", true);
  ok("contains(\"notion\", \"xyz\")", false);
  ok("contains([1, 2], 2)", true);
  ok("test(\"Notion\", \"Not\")", true);
  ok("test(\"Notion\", \"^not\")", false);
  ok("test(\"abc123\", \"\\\\d+\")", true);
  ok("test(5, \"[67]\")", false);
  ok("test(6, \"[67]\")", true);
  ok("match(\"a1b22c333\", \"\\\\d+\")", ["1", "22", "333"]);
  ok("match(\"abc\", \"\\\\d\")", []);
  ok("replace(\"aaa\", \"a\", \"b\")", "baa");
  ok("replaceAll(\"aaa\", \"a\", \"b\")", "bbb");
  ok("replace(\"John Smith\", \"(\\\\w+) (\\\\w+)\", \"$2, $1\")", "Smith, John");
  ok("replaceAll(\"a.b.c\", \"\\\\.\", \"-\")", "a-b-c");
  ok("replaceAll(\"2024-01-05\", \"-\", \"\")", "20240105");
  // Regexes match in linear time (src/formula/functions/text.ts): what backtracks exponentially
  // elsewhere is quick; what only a backtracking engine can run is an invalid regex.
  ok("test(repeat(\"a\", 5000) + \"!\", \"(a+)+$\")", false);
  ok("replaceAll(repeat(\"a\", 5000) + \"!\", \"(a|aa)+$\", \"x\").length()", 5001);
  ok("test(\"2024-01-05\", \"^\\\\d{4}-\\\\d{2}-\\\\d{1,16}$\")", true);
  ok("replace(\"ab\", \"(?<first>a)\", \"[$<first>]\")", "[a]b");
  // $ patterns are expanded by hand (to count what they copy): the same text as String.prototype.replace.
  for (const [text, pattern, replacement] of [
    ["abcabc", "(b)(?<n>c)", "[$1|$2|$<n>|$&|$`|$'|$$|$3|$0|$00|$<x>|$<|$]"],
    ["abcabc", "b", "<$`|$'>"],
    ["a1b22c333", "(\\d)(\\d)?", "{$2$1$12$21$10}"],
    ["abc", "", "-"],
    ["", "", "x"],
    ["aaa", "a*", "[$&]"],
  ] as const) {
    const lit = (x: string) => JSON.stringify(x);
    test(`replace/replaceAll(${lit(text)}, ${lit(pattern)}, ${lit(replacement)}) as JavaScript does`, () => {
      const re = new RegExp(pattern, "g");
      assert.equal(run(`replaceAll(${lit(text)}, ${lit(pattern)}, ${lit(replacement)})`), text.replace(re, replacement));
      assert.equal(run(`replace(${lit(text)}, ${lit(pattern)}, ${lit(replacement)})`), text.replace(new RegExp(re.source), replacement));
    });
  }
  throws("test(\"aa\", \"(a)\\\\1\")", "invalid_argument");
  throws("test(\"ab\", \"a(?=b)\")", "invalid_argument");
  throws("test(\"ab\", \"(?<!x)b\")", "invalid_argument");
  throws("match(\"qqq\", \"(q{1,20})+$\")", "invalid_argument");
  ok("lower(\"ABC\")", "abc");
  ok("upper(\"abc\")", "ABC");
  ok("trim(\"  x  \")", "x");
  ok("repeat(\"ab\", 3)", "ababab");
  ok("repeat(\"ab\", 0)", "");
  ok("padStart(\"5\", 3, \"0\")", "005");
  ok("padEnd(\"5\", 3, \"0\")", "500");
  ok("padStart(\"abc\", 2, \"0\")", "abc");
  ok("substring(\"Notion\", 0, 3)", "Not");
  ok("substring(\"Notion\", 3)", "ion");
  ok("slice(\"Notion\", 1, 3)", "ot");
  ok("slice(\"Notion\", -3)", "ion");
  ok("split(\"a,b,c\", \",\")", ["a", "b", "c"]);
  ok("split(\"abc\", \"\")", ["a", "b", "c"]);
  ok("join([\"a\", \"b\"], \"-\")", "a-b");
  ok("join([1, 2, 3], \", \")", "1, 2, 3");
  ok("join(\"-\", \"a\", \"b\")", "a-b");
  ok("style(\"Hi\", \"b\", \"red\")", "Hi");
  ok("unstyle(style(\"Hi\", \"i\"))", "Hi");
  ok("link(\"Notion\", \"https://notion.so\")", "Notion");
  ok("prop(\"Notes\").split(\" \").first()", "Hello");
  ok("prop(\"Name\") + \" (\" + prop(\"Status\") + \")\"", "Write docs (In progress)");
  ok("prop(\"Link\").contains(\"example\")", true);
  ok("format(prop(\"Tags\"))", "urgent, docs");
  ok("prop(\"Label\")", "L");
});

describe("date", () => {
  ok("now()", "2024-01-15T10:30:00.000+00:00");
  ok("today()", "2024-01-15");
  ok("minute(now())", 30);
  ok("hour(now())", 10);
  ok("day(now())", 1);
  ok("day(parseDate(\"2024-01-14\"))", 7);
  ok("day(parseDate(\"2022-06-24\"))", 5);
  ok("date(now())", 15);
  ok("month(now())", 1);
  ok("year(now())", 2024);
  ok("week(now())", 3);
  ok("week(parseDate(\"2021-01-03\"))", 53);
  ok("week(parseDate(\"2024-12-30\"))", 1);
  ok("prop(\"Due\")", "2024-02-29");
  ok("prop(\"Due\").month()", 2);
  ok("prop(\"Due\").day()", 4);
  ok("dateAdd(prop(\"Due\"), 1, \"days\")", "2024-03-01");
  ok("dateAdd(prop(\"Due\"), 1, \"years\")", "2025-02-28");
  ok("dateAdd(parseDate(\"2024-01-31\"), 1, \"months\")", "2024-02-29");
  ok("dateAdd(parseDate(\"2024-01-31\"), 1, \"quarters\")", "2024-04-30");
  ok("dateAdd(parseDate(\"2024-01-01\"), 2, \"weeks\")", "2024-01-15");
  ok("dateAdd(now(), 90, \"minutes\")", "2024-01-15T12:00:00.000+00:00");
  ok("dateAdd(now(), 2, \"hours\")", "2024-01-15T12:30:00.000+00:00");
  ok("dateAdd(now(), 30, \"seconds\")", "2024-01-15T10:30:30.000+00:00");
  ok("dateSubtract(now(), 1, \"days\")", "2024-01-14T10:30:00.000+00:00");
  ok("dateSubtract(parseDate(\"2024-03-31\"), 1, \"months\")", "2024-02-29");
  ok("dateSubtract(now(), day(now()), \"days\")", "2024-01-14T10:30:00.000+00:00");
  ok("dateBetween(parseDate(\"2024-03-01\"), parseDate(\"2024-01-01\"), \"days\")", 60);
  ok("dateBetween(parseDate(\"2024-01-01\"), parseDate(\"2024-03-01\"), \"days\")", -60);
  ok("dateBetween(parseDate(\"2024-03-01\"), parseDate(\"2024-01-01\"), \"months\")", 2);
  ok("dateBetween(parseDate(\"2024-02-29\"), parseDate(\"2024-01-30\"), \"months\")", 1);
  ok("dateBetween(parseDate(\"2024-02-28\"), parseDate(\"2024-01-30\"), \"months\")", 0);
  ok("dateBetween(parseDate(\"2025-01-14\"), parseDate(\"2024-01-15\"), \"years\")", 0);
  ok("dateBetween(parseDate(\"2025-01-15\"), parseDate(\"2024-01-15\"), \"years\")", 1);
  ok("dateBetween(parseDate(\"2024-07-01\"), parseDate(\"2024-01-01\"), \"quarters\")", 2);
  ok("dateBetween(parseDate(\"2024-01-22\"), parseDate(\"2024-01-01\"), \"weeks\")", 3);
  ok("dateBetween(now(), parseDate(\"2024-01-15\"), \"hours\")", 10);
  ok("dateBetween(now(), parseDate(\"2024-01-15\"), \"minutes\")", 630);
  ok("dateBetween(now(), prop(\"Created\"), \"days\")", 14);
  ok("dateRange(parseDate(\"2024-01-01\"), parseDate(\"2024-01-05\"))", "2024-01-01/2024-01-05");
  ok("dateStart(prop(\"Span\"))", "2024-01-10T09:00:00.000+00:00");
  ok("dateEnd(prop(\"Span\"))", "2024-01-12T17:00:00.000+00:00");
  ok("dateEnd(prop(\"Due\"))", "2024-02-29");
  ok("start(prop(\"Span\"))", "2024-01-10T09:00:00.000+00:00");
  ok("end(prop(\"Span\"))", "2024-01-12T17:00:00.000+00:00");
  ok("dateBetween(dateEnd(prop(\"Span\")), dateStart(prop(\"Span\")), \"hours\")", 56);
  ok("timestamp(fromTimestamp(1700000000000))", 1700000000000);
  ok("timestamp(now())", NOW);
  ok("fromTimestamp(0)", "1970-01-01T00:00:00.000+00:00");
  ok("formatDate(now(), \"YYYY-MM-DD\")", "2024-01-15");
  ok("formatDate(now(), \"MMMM D, YYYY\")", "January 15, 2024");
  ok("formatDate(now(), \"dddd, MMM Do\")", "Monday, Jan 15th");
  ok("formatDate(now(), \"h:mm A\")", "10:30 AM");
  ok("formatDate(now(), \"HH:mm:ss\")", "10:30:00");
  ok("formatDate(now(), \"[Week] W, [Q]Q\")", "Week 3, Q1");
  ok("formatDate(now(), \"YY/M/D ddd dd\")", "24/1/15 Mon Mo");
  ok("formatDate(now(), \"HH:mm Z\", \"Asia/Kolkata\")", "16:00 +05:30");
  ok("formatDate(parseDate(\"2024-01-01\"), \"Do\")", "1st");
  ok("formatDate(parseDate(\"2024-01-22\"), \"Do\")", "22nd");
  ok("formatDate(parseDate(\"2024-01-13\"), \"Do\")", "13th");
  ok("formatDate(prop(\"Span\"), \"MMM D\")", "Jan 10 → Jan 12");
  ok("parseDate(\"2024-01-05\")", "2024-01-05");
  ok("parseDate(\"2024-01-05T10:00:00Z\")", "2024-01-05T10:00:00.000+00:00");
  ok("parseDate(\"2024-01-05T10:00:00+02:00\")", "2024-01-05T08:00:00.000+00:00");
  ok("parseDate(\"2024-01-05T10:00\")", "2024-01-05T10:00:00.000+00:00");
  ok("now() > prop(\"Created\")", true);
  ok("prop(\"Due\") == parseDate(\"2024-02-29\")", true);
  ok("prop(\"Due\") < parseDate(\"2024-01-01\")", false);
  ok("prop(\"Created\").formatDate(\"YYYY\")", "2024");
  ok("empty(prop(\"Due\"))", false);
});

describe("dates in the workspace time zone", () => {
  ok("now()", "2024-01-15T05:30:00.000-05:00", "America/New_York");
  ok("today()", "2024-01-15", "America/New_York");
  ok("hour(now())", 5, "America/New_York");
  ok("hour(now())", 19, "Asia/Tokyo");
  ok("today()", "2024-01-15", "Asia/Tokyo");
  ok("formatDate(now(), \"YYYY-MM-DD HH:mm\")", "2024-01-15 19:30", "Asia/Tokyo");
  ok("date(parseDate(\"2024-01-05T23:30:00Z\"))", 6, "Asia/Tokyo");
  ok("parseDate(\"2024-03-10T12:00\")", "2024-03-10T12:00:00.000-04:00", "America/New_York");
  ok("dateAdd(parseDate(\"2024-03-09T12:00\"), 1, \"days\")", "2024-03-10T12:00:00.000-04:00", "America/New_York");
  ok("dateAdd(parseDate(\"2024-03-09T12:00\"), 24, \"hours\")", "2024-03-10T13:00:00.000-04:00", "America/New_York");
  ok("dateBetween(parseDate(\"2024-03-11\"), parseDate(\"2024-03-10\"), \"days\")", 1, "America/New_York");
  ok("prop(\"Due\")", "2024-02-29", "Europe/Paris");
});

describe("people", () => {
  ok("prop(\"Owner\")", ["@Ada", "@Linus"]);
  ok("prop(\"Owner\").first().name()", "Ada");
  ok("prop(\"Owner\").first().email()", "ada@example.com");
  ok("name(prop(\"Author\"))", "Ada");
  ok("email(prop(\"Author\"))", "ada@example.com");
  ok("prop(\"Owner\").map(current.name())", ["Ada", "Linus"]);
  ok("prop(\"Owner\").map(name(current)).join(\" & \")", "Ada & Linus");
  ok("prop(\"Owner\").name()", ["Ada", "Linus"]);
  ok("format(prop(\"Owner\"))", "Ada, Linus");
  ok("prop(\"Owner\").includes(prop(\"Author\"))", true);
});

describe("list", () => {
  ok("at([10, 20, 30], 1)", 20);
  ok("at([10, 20, 30], -1)", 30);
  ok("at([10], 5)", null);
  ok("first([1, 2])", 1);
  ok("last([1, 2])", 2);
  ok("first([])", null);
  ok("slice([1, 2, 3, 4], 1, 3)", [2, 3]);
  ok("slice([1, 2, 3, 4], 2)", [3, 4]);
  ok("splice([1, 2, 3], 1, 1, 9, 8)", [1, 9, 8, 3]);
  ok("sort([3, 1, 2])", [1, 2, 3]);
  ok("sort([\"b\", \"a\", \"c\"])", ["a", "b", "c"]);
  ok("sort([3, 1, 2], -current)", [3, 2, 1]);
  ok("sort([\"bb\", \"a\", \"ccc\"], current.length())", ["a", "bb", "ccc"]);
  ok("reverse([1, 2, 3])", [3, 2, 1]);
  ok("unique([1, 2, 1, 3, 2])", [1, 2, 3]);
  ok("unique([[1, 2], [1, 2], [2, 1], \"1\", 1, true, \"true\", 0 - 0, 0])", [[1, 2], [2, 1], "1", 1, true, "true", 0]);
  ok("unique([0/0, 0/0]).length()", 2);
  ok("unique([now(), now(), dateAdd(now(), 1, \"days\")]).length()", 2);
  ok("unique(prop(\"Owner\").concat(prop(\"Owner\"))).length()", 2);
  ok("unique(prop(\"Tasks\").concat(prop(\"Tasks\"))).length()", 3);
  ok("includes([1, 2, 3], 2)", true);
  ok("includes([\"a\"], \"b\")", false);
  ok("find([1, 5, 10], current > 3)", 5);
  ok("find([1, 2], current > 3)", null);
  ok("findIndex([1, 5, 10], current > 3)", 1);
  ok("findIndex([1], current > 3)", -1);
  ok("filter([1, 2, 3, 4], current % 2 == 0)", [2, 4]);
  ok("filter([\"a\", \"b\", \"c\"], index > 0)", ["b", "c"]);
  ok("some([1, 2], current > 1)", true);
  ok("some([], current > 1)", false);
  ok("every([1, 2], current > 0)", true);
  ok("every([1, 2], current > 1)", false);
  ok("map([1, 2, 3], current * 10)", [10, 20, 30]);
  ok("map([\"a\", \"b\"], current + index)", ["a0", "b1"]);
  ok("map([1, 2], map([10, 20], current))", [[10, 20], [10, 20]]);
  ok("[1, 2].map(let(x, current, [3, 4].map(current + x)))", [[4, 5], [5, 6]]);
  ok("flat([[1, 2], [3], []])", [1, 2, 3]);
  ok("flat([1, [2]])", [1, 2]);
  ok("count([1, 2, 3])", 3);
  ok("count([1, 2, 3], current > 1)", 2);
  ok("length(filter(prop(\"Tags\"), current == \"urgent\"))", 1);
  ok("prop(\"Tags\").map(current.upper())", ["URGENT", "DOCS"]);
  ok("prop(\"Tags\").sort()", ["docs", "urgent"]);
  ok("prop(\"Tags\").concat([\"new\"])", ["urgent", "docs", "new"]);
  ok("[1, 2, 3].sum()", 6);
  ok("[1, \"a\"].length()", 2);
});

describe("relations (pages)", () => {
  ok("prop(\"Tasks\").length()", 3);
  ok("prop(\"Tasks\")", ["#Spec", "#Code", "#Ship"]);
  ok("prop(\"Tasks\").first()", "#Spec");
  ok("prop(\"Tasks\").map(current.prop(\"Status\"))", ["Done", "Doing", "Done"]);
  ok("prop(\"Tasks\").filter(current.prop(\"Status\") == \"Done\").length()", 2);
  ok("prop(\"Tasks\").map(current.prop(\"Points\")).sum()", 16);
  ok("prop(\"Tasks\").map(current.id())", ["t1", "t2", "t3"]);
  ok("format(prop(\"Tasks\"))", "Spec, Code, Ship");
});

describe("the id-token form and properties", () => {
  ok("{{notion:block_property:p%3A1:00000000-0000-0000-0000-000000000000:8994905a-074a-415f-9bcf-d1f8b4fa38e4}} * 2", 25);
  ok("{{notion:block_property:qty:x:y}} + prop(\"Qty\")", 8);
  ok("prop(\"Done\") ? \"✓\" : \"✗\"", "✓");
  ok("prop(\"Status\") == \"In progress\"", true);
  typed("prop(\"Price\")", "number");
  typed("prop(\"Name\")", "string", "text");
  typed("prop(\"Done\")", "boolean");
  typed("prop(\"Due\")", "date");
  typed("prop(\"Tags\")", "string", "list of text");
  typed("prop(\"Owner\")", "string", "list of person");
  typed("prop(\"Tasks\")", "string", "list of page");
  typed("prop(\"Total\")", "number");
  typed("prop(\"Label\")", "string");
  typed("if(true, 1, \"2\")", "unknown", "unknown");
  typed("[1, 2].map(current > 1)", "string", "list of boolean");
  typed("prop(\"Tasks\").first().prop(\"Points\")", "unknown");
  test("compile reports dependencies", () => {
    const c = compileFormula("prop(\"Price\") + {{notion:block_property:qty:a:b}}", SCHEMA);
    assert.ok(c.ok);
    if (c.ok) assert.deepEqual(c.formula.deps.sort(), ["p%3A1", "qty"]);
  });
});

describe("checker: errors name the position and the problem", () => {
  bad("1 +", "syntax_error", 3, "end of formula");
  bad("(1 + 2", "syntax_error", 6, "Expected \")\"");
  bad("1 2", "syntax_error", 2);
  bad("\"open", "syntax_error", 0, "Unterminated string");
  bad("1 /* open", "syntax_error", 2, "Unterminated comment");
  bad("1 # 2", "syntax_error", 2, "Unexpected character");
  bad("1 < 2 < 3", "syntax_error", 6, "chained");
  bad("1 == 1 == 1", "syntax_error", 7, "chained");
  bad("[1, 2", "syntax_error", 5);
  bad("prop(Name)", "syntax_error", 0, "in quotes");
  bad("\"a\".", "syntax_error", 4);
  bad("prop(\"Nope\")", "unknown_property", 0, "Property \"Nope\" does not exist");
  bad("1 + prop(\"Nope\")", "unknown_property", 4);
  bad("{{notion:block_property:zzz:a:b}}", "unknown_property", 0, "zzz");
  bad("foo(1)", "unknown_function", 0, "Unknown function \"foo\"");
  bad("1 + bar(2)", "unknown_function", 4);
  bad("x + 1", "unknown_variable", 0, "Unknown name \"x\"");
  bad("current + 1", "unknown_variable", 0, "list functions");
  bad("lower", "syntax_error", 0, "call it as lower()");
  bad("1 + \"a\" * 2", "type_mismatch", 4, "Operator \"*\" cannot be applied to text and number");
  bad("true + 1", "type_mismatch", 0, "Operator \"+\"");
  bad("-\"a\"", "type_mismatch", 0, "Operator \"-\" cannot be applied to text");
  bad("not 1", "type_mismatch", 0, "Operator \"not\"");
  bad("1 and true", "type_mismatch", 0);
  bad("if(1, 2, 3)", "type_mismatch", 3, "if() expects boolean for argument 1, got number");
  bad("dateAdd(\"2024\", 1, \"days\")", "type_mismatch", 8, "dateAdd() expects date for argument 1, got text");
  bad("dateAdd(now(), \"1\", \"days\")", "type_mismatch", 15, "argument 2");
  bad("dateAdd(now(), 1)", "wrong_arity", 0, "takes 3 arguments, got 2");
  bad("now(1)", "wrong_arity", 0, "takes 0 arguments");
  bad("round(1, 2, 3)", "wrong_arity", 0, "1 to 2 arguments");
  bad("upper(1)", "type_mismatch", 6);
  bad("formatDate(prop(\"Price\"), \"YYYY\")", "type_mismatch", 11, "got number");
  bad("1 == \"1\"", "type_mismatch", 0, "Operator \"==\" cannot be applied to number and text");
  bad("prop(\"Price\") > \"a\"", "type_mismatch");
  bad("length(1 + \"a\" - 1)", "type_mismatch", 7);
  bad("[1, 2].map(current.upper())", "type_mismatch", 11);
  bad("[\"a\"].filter(current)", "type_mismatch", 13, "boolean");
  bad("sum(\"a\")", "type_mismatch", 4, "numbers");
  bad("max(1, [\"a\"])", "type_mismatch", 7);
  bad("ifs(1, 2, 3)", "type_mismatch", 4, "boolean");
  bad("ifs(true)", "wrong_arity");
  bad("let(1, 2, 3)", "syntax_error", 4, "variable name");
  bad("let(x, 2)", "wrong_arity");
  bad("lets(a, 1, b, 2)", "wrong_arity");
  bad("let(x, 1, y)", "unknown_variable", 10);
  bad("name(\"Ada\")", "type_mismatch", 5);
  bad("slice(1, 2)", "type_mismatch", 6, "slice() cannot take");
  test("the message carries line:column", () => {
    const c = compileFormula("1 +\n  foo()", SCHEMA);
    assert.ok(!c.ok);
    if (!c.ok) assert.equal(c.error.message, "Unknown function \"foo\" (at 2:3)");
  });
});

describe("checker: formulas referencing formulas, cycles", () => {
  const schema: SchemaProperty[] = [
    { id: "n", name: "N", type: "number" },
    { id: "a", name: "A", type: "formula", expression: 'prop("B") + 1' },
    { id: "b", name: "B", type: "formula", expression: 'prop("N") * 2' },
    { id: "c", name: "C", type: "formula", expression: 'prop("D")' },
    { id: "d", name: "D", type: "formula", expression: 'prop("C")' },
    { id: "t", name: "T", type: "formula", expression: 'prop("N") > 1' },
    { id: "s", name: "S", type: "formula", expression: '{{notion:block_property:s:x:y}}' },
    { id: "broken", name: "Broken", type: "formula", expression: "1 +" },
  ];
  const compile = (expr: string, selfId?: string) => compileFormula(expr, schema, { selfId });
  test("types flow through formula references", () => {
    const c = compile('prop("A")', "x");
    assert.ok(c.ok && c.resultType === "number");
    const t = compile('prop("T")', "x");
    assert.ok(t.ok && t.resultType === "boolean");
  });
  test("direct self reference is a cycle", () => {
    const c = compile('prop("A") + 1', "a");
    assert.ok(!c.ok && c.error.code === "circular_reference");
  });
  test("indirect cycle (A → B → A) is found", () => {
    const c = compile('prop("A")', "b");
    assert.ok(!c.ok && c.error.code === "circular_reference" && c.error.span.start === 0);
  });
  test("cycle among other formulas is found", () => {
    const c = compile('prop("C")', "x");
    assert.ok(!c.ok && c.error.code === "circular_reference");
  });
  test("self reference by id token is a cycle", () => {
    const c = compile("{{notion:block_property:s:x:y}}", "s");
    assert.ok(!c.ok && c.error.code === "circular_reference");
  });
  test("a broken formula elsewhere types as unknown, not an error here", () => {
    const c = compile('prop("Broken")', "x");
    assert.ok(c.ok && c.resultType === "unknown");
  });
});

describe("runtime errors and the step budget", () => {
  throws("dateAdd(now(), 1, \"fortnights\")", "invalid_argument");
  throws("parseDate(\"not a date\")", "invalid_argument");
  throws("parseDate(\"2024-02-30\")", "invalid_argument");
  throws("test(\"a\", \"(\")", "invalid_argument");
  throws("formatDate(now(), \"YYYY\", \"Mars/Olympus\")", "invalid_argument");
  throws("repeat(\"abc\", 1000000)", "too_large");
  throws("lets(a, \"xxxxxxxxxx\", b, repeat(a, 1000), c, repeat(b, 1000), c)", "too_large");
  throws("[1,2,3,4,5,6,7,8,9,10].map([1,2,3,4,5,6,7,8,9,10].map([1,2,3,4,5,6,7,8,9,10].map(current)))", "step_budget_exceeded", { maxSteps: 500 });
  test("a huge nested loop stops quickly under the default budget", () => {
    const t0 = Date.now();
    const xs = "split(repeat(\"x\", 2000), \"\")";
    assert.throws(() => run(`${xs}.map(${xs}.map(${xs}.map(index)))`), (e: any) => e.code === "step_budget_exceeded" && e.span.start === 0);
    assert.ok(Date.now() - t0 < 5000);
  });
  // Work is paid for by size (src/formula/budget.ts): these ran for seconds to minutes before.
  // "budget": stopped by its steps or, on a cold or loaded machine, by the 50 ms backstop.
  const quick = (expr: string, code: string | null, ms = 1000) =>
    test(`⏱ ${expr} (${code ?? "a value"} within ${ms} ms)`, () => {
      const t0 = performance.now();
      const budget = (c: string) => c === "step_budget_exceeded" || c === "too_large";
      if (code) assert.throws(() => run(expr), (e: any) => (code === "budget" ? budget(e.code) : e.code === code));
      else run(expr);
      assert.ok(performance.now() - t0 < ms, `${Math.round(performance.now() - t0)} ms`);
    });
  const xs = (n: number) => `split(repeat("x", ${n}), "")`;
  quick(`${xs(60000)}.map(index).unique().length()`, null);
  quick(`${xs(99999)}.map(index).map(current + 1).map(current * 2).unique()`, "step_budget_exceeded");
  quick(`lets(a, ${xs(1000)}, b, a.map(a), c, b.map(b), format(c))`, "step_budget_exceeded");
  quick(`lets(a, ${xs(1000)}, b, a.map(a), c, b.map(b), c.unique())`, "step_budget_exceeded");
  quick(`replaceAll(repeat("a", 999999), "a", "$\`")`, "budget");
  quick(`replaceAll(repeat("a", 999999), "", "bbbbbbbbbb")`, "budget");
  quick(`match(repeat("ab", 400000), "a").length()`, "budget");
  quick(`split(repeat("x", 200000), "")`, "too_large");
  quick(`${xs(20000)}.sort().reverse().flat().length()`, null);
  quick(`max(${xs(40000)}.map(index))`, null);
  test("a result sharing its items a billion times reaches the API as too_large, not a hang", () => {
    const v = run(`lets(a, ${xs(1000)}, b, a.map(a), c, b.map(b), c.map(c))`);
    const t0 = performance.now();
    assert.throws(() => toApiValue(v, "string"), (e: any) => e.code === "too_large");
    assert.ok(performance.now() - t0 < 1000);
  });
  test("a budget shared by a request: past its deadline an evaluation stops with deadline_exceeded", () => {
    assert.throws(() => run(`${xs(99999)}.map(index).length()`, "UTC", { deadline: performance.now() - 1 }), (e: any) => e.code === "deadline_exceeded");
    assert.equal(run("1 + 1", "UTC", { deadline: performance.now() - 1 }), 2); // under 2,048 steps the clock is not read
  });
  test("runtime errors carry a span and position", () => {
    assert.throws(() => run("1 + dateAdd(now(), 1, \"x\").year()"), (e: any) => e.span.start === 4 && /at 1:5/.test(e.message));
  });
});

describe("toApiValue", () => {
  const api = (expr: string, zone = "UTC") => {
    const c = compileFormula(expr, SCHEMA);
    assert.ok(c.ok);
    if (!c.ok) return null;
    return toApiValue(evaluateFormula(c.formula, envFor(zone)), c.resultType, zone);
  };
  const apiIs = (expr: string, want: unknown, zone = "UTC") => test(`api ${expr}`, () => assert.deepEqual(api(expr, zone), want));
  apiIs("1 + 1", { type: "number", number: 2 });
  apiIs("1 / 0", { type: "number", number: null });
  apiIs("\"a\"", { type: "string", string: "a" });
  apiIs("true", { type: "boolean", boolean: true });
  apiIs("prop(\"Due\")", { type: "date", date: { start: "2024-02-29", end: null, time_zone: null } });
  apiIs("now()", { type: "date", date: { start: "2024-01-15T10:30:00.000+00:00", end: null, time_zone: null } });
  apiIs("now()", { type: "date", date: { start: "2024-01-15T11:30:00.000+01:00", end: null, time_zone: null } }, "Europe/Paris");
  apiIs("prop(\"Span\")", { type: "date", date: { start: "2024-01-10T09:00:00.000+00:00", end: "2024-01-12T17:00:00.000+00:00", time_zone: null } });
  // Dates outside years 0000–9999 have no ISO 8601 form in the API: no date (not "56221-…+985637540:29").
  apiIs("fromTimestamp(8640000000000000)", { type: "date", date: null });
  apiIs("dateSubtract(fromTimestamp(0), 10000, \"years\")", { type: "date", date: null }, "America/St_Johns");
  apiIs("dateAdd(now(), 1e308, \"years\")", { type: "date", date: null });
  apiIs("dateRange(now(), fromTimestamp(8640000000000000))", { type: "date", date: null });
  apiIs("fromTimestamp(-62167219200000)", { type: "date", date: { start: "0000-01-01T00:00:00.000+00:00", end: null, time_zone: null } });
  // Before standard time, a zone's offset is its local mean time (St John's: -03:30:52, shown to
  // the minute), not thousands of years; years below 1000 keep four digits.
  apiIs("fromTimestamp(-2208988800000)", { type: "date", date: { start: "1899-12-31T20:29:08.000-03:31", end: null, time_zone: null } }, "America/St_Johns");
  apiIs("formatDate(fromTimestamp(-62135596800000), \"YYYY-MM-DD DDDD Z\")", { type: "string", string: "0000-12-31 366 -03:31" }, "America/St_Johns");
  apiIs("formatDate(fromTimestamp(-60589296000000), \"YYYY DDDD\")", { type: "string", string: "0050 001" });
  apiIs("prop(\"Tags\")", { type: "string", string: "urgent, docs" });
  apiIs("prop(\"Owner\")", { type: "string", string: "Ada, Linus" });
  apiIs("prop(\"Tasks\")", { type: "string", string: "Spec, Code, Ship" });
  apiIs("prop(\"Author\")", { type: "string", string: "Ada" });
  apiIs("[1, 2.5, true]", { type: "string", string: "1, 2.5, true" });
  apiIs("prop(\"Blank\")", { type: "number", number: null });
  apiIs("if(true, 1, \"x\")", { type: "number", number: 1 });
  apiIs("if(false, 1, \"x\")", { type: "string", string: "x" });
  apiIs("ifs(false, 1)", { type: "number", number: null });
});

describe("fromPropertyValue", () => {
  const conv = (v: any, want: unknown) => test(`from ${v.type}`, () => assert.deepEqual(norm(fromPropertyValue(v)), want));
  conv({ type: "title", title: rt("A") }, "A");
  conv({ type: "number", number: 3 }, 3);
  conv({ type: "number", number: null }, null);
  conv({ type: "checkbox", checkbox: false }, false);
  conv({ type: "select", select: null }, null);
  conv({ type: "select", select: { id: "x", name: "Red", color: "red" } }, "Red");
  conv({ type: "multi_select", multi_select: [] }, []);
  conv({ type: "date", date: null }, null);
  conv({ type: "date", date: { start: "2024-01-05T10:00:00.000+02:00", end: null, time_zone: null } }, "2024-01-05T08:00:00.000+00:00");
  conv({ type: "date", date: { start: "2024-01-05T10:00:00.000", end: null, time_zone: "Asia/Tokyo" } }, "2024-01-05T01:00:00.000+00:00");
  conv({ type: "people", people: [user("u", "Bo", "b@x")] }, ["@Bo"]);
  conv({ type: "relation", relation: [{ id: "t1" }] }, [{ kind: "page", id: "t1" }].map(() => "#undefined"));
  conv({ type: "files", files: [{ name: "a.pdf", type: "external", external: { url: "u" } }] }, ["a.pdf"]);
  conv({ type: "unique_id", unique_id: { prefix: "T", number: 7 } }, 7);
  conv({ type: "email", email: "a@b" }, "a@b");
  conv({ type: "formula", formula: { type: "boolean", boolean: true } }, true);
  conv({ type: "formula", formula: { type: "date", date: { start: "2024-01-05", end: null } } }, "2024-01-05");
  conv({ type: "rollup", rollup: { type: "number", number: 4, function: "sum" } }, 4);
  conv({ type: "rollup", rollup: { type: "array", array: [{ type: "number", number: 1 }, { type: "number", number: 2 }], function: "show_original" } }, [1, 2]);
  conv({ type: "button", button: {} }, null);
});

describe("the library table", () => {
  const names = [
    "if", "ifs", "and", "or", "not", "empty", "equal", "unequal", "length", "format", "toNumber", "id",
    "substring", "contains", "test", "match", "replace", "replaceAll", "lower", "upper", "trim", "repeat", "padStart", "padEnd", "link", "style", "unstyle", "concat", "join", "split",
    "add", "subtract", "multiply", "divide", "mod", "pow", "min", "max", "sum", "median", "mean", "abs", "round", "ceil", "floor", "sqrt", "cbrt", "exp", "ln", "log10", "log2", "sign", "pi", "e", "toNumber",
    "now", "today", "minute", "hour", "day", "date", "week", "month", "year", "dateAdd", "dateSubtract", "dateBetween", "dateRange", "dateStart", "dateEnd", "timestamp", "fromTimestamp", "formatDate", "parseDate",
    "name", "email",
    "at", "first", "last", "slice", "splice", "sort", "reverse", "unique", "includes", "find", "findIndex", "filter", "some", "every", "map", "flat", "count",
    "larger", "largerEq", "smaller", "smallerEq", "unaryMinus", "unaryPlus", "start", "end",
  ];
  for (const n of names) test(`declares ${n}`, () => assert.ok(FUNCTIONS.has(n)));
  test("every function has a doc line and signatures or a custom rule", () => {
    for (const f of FUNCTIONS.values()) assert.ok(f.doc && (f.sigs.length || f.custom), f.name);
  });
});

describe("nesting limit", () => {
  // The limit is counted, not found by overflowing the stack: the same answer on every call stack
  // (a 2,400-term sum was refused on SQLite and accepted on PostgreSQL while it depended on the stack).
  test("a formula nested up to the limit compiles and evaluates; one level more is refused, whatever nests", async () => {
    const { MAX_NESTING } = await import("../src/formula/parser.js");
    const sum = (terms: number) => "1" + " + 1".repeat(terms - 1);
    const ok = compileFormula(sum(MAX_NESTING), []);
    assert.ok(ok.ok);
    assert.deepEqual(toApiValue(evaluateFormula(ok.formula, { now: 0, timeZone: "UTC" } as unknown as FormulaEnv), ok.resultType), { type: "number", number: MAX_NESTING });
    for (const deep of [sum(MAX_NESTING + 1), "(".repeat(MAX_NESTING + 1) + "1" + ")".repeat(MAX_NESTING + 1), "-".repeat(MAX_NESTING + 1) + "1", "not ".repeat(MAX_NESTING + 1) + "true"]) {
      const r = compileFormula(deep, []);
      assert.equal(r.ok, false, deep.slice(0, 20));
      if (!r.ok) assert.match(r.error.message, /nested too deeply/);
    }
  });
});
