/**
 * Databases, data sources and database pages for the fuzzer: the rich two-database fixture
 * (every property type, a dual and a single relation, a self relation, rollups over them), and
 * generators for property schemas, schema changes and page property values against it.
 *
 * Bodies name fixture objects by token (`⟦a.ds⟧`, `⟦b.row:1⟧`, `⟦a.prop:Score⟧`, …) and are
 * bound to a concrete fixture only when sent (bind()), so one generator serves the shared
 * fixture, the disposable scratch fixture that schema writes wreck, and shrinking.
 */
import fc from "fast-check";
import { NUMBER_FORMATS, ROLLUP_FUNCTIONS, SELECT_COLORS } from "../../src/domain/properties/constants.js";
import { PROPERTY_TYPES } from "../../src/domain/properties/schema.js";
import { blocks, color, cover, icon, number, okText, richText, str, urlArb, type Json } from "./arbitraries.js";

// ---------------------------------------------------------------- the fixture

type Def = [name: string, type: string, settings?: Record<string, Json>];

/** Data source B ("projects"): the target of A's relations. */
export const SCHEMA_B: Def[] = [
  ["Project", "title"],
  ["Budget", "number", { format: "dollar" }],
  ["Due", "date"],
  ["Done", "checkbox"],
  ["Kind", "select", { options: [{ name: "Alpha" }, { name: "Beta", color: "red" }] }],
  ["Notes", "rich_text"],
  ["Stage", "status"],
  ["Ref", "unique_id", { prefix: null }],
];

/** Data source A ("tasks"): one property of every type the API creates. */
export const SCHEMA_A: Def[] = [
  ["Task", "title"],
  ["Text", "rich_text"],
  ["Score", "number", { format: "percent" }],
  ["Pick", "select", { options: [{ name: "Red", color: "red" }, { name: "Green", color: "green", description: "go" }, { name: "Blue" }] }],
  ["Tags", "multi_select", { options: [{ name: "a" }, { name: "b", color: "blue" }, { name: "c" }] }],
  ["Stage", "status"],
  ["When", "date"],
  ["Who", "people"],
  ["Attachments", "files"],
  ["Flag", "checkbox"],
  ["Link", "url"],
  ["Mail", "email"],
  ["Phone", "phone_number"],
  ["Where", "place"],
  ["Formula", "formula", { expression: 'prop("Score") * 2' }],
  ["Project", "relation", { data_source_id: "⟦b.ds⟧", dual_property: { synced_property_name: "Tasks" } }],
  ["Also", "relation", { data_source_id: "⟦b.ds⟧", single_property: {} }],
  ["Budget sum", "rollup", { relation_property_name: "Project", rollup_property_name: "Budget", function: "sum" }],
  ["Due latest", "rollup", { relation_property_name: "Project", rollup_property_name: "Due", function: "latest_date" }],
  ["Kinds", "rollup", { relation_property_name: "Also", rollup_property_name: "Kind", function: "show_original" }],
  ["Done %", "rollup", { relation_property_name: "Project", rollup_property_name: "Done", function: "percent_checked" }],
  ["Created", "created_time"],
  ["Creator", "created_by"],
  ["Edited", "last_edited_time"],
  ["Editor", "last_edited_by"],
  ["Ref", "unique_id", { prefix: "T" }],
  ["Go", "button"],
  // Names that are not valid percent-encoding, or look like one.
  ["100%", "rich_text"],
  ["Prix %E2%82%AC", "number", { format: "euro" }],
];

/** Added to A once it exists (a relation to itself needs its id). */
export const SCHEMA_A_SELF: Def[] = [
  ["Parent", "relation", { data_source_id: "⟦a.ds⟧", dual_property: { synced_property_name: "Children" } }],
  ["Parent score", "rollup", { relation_property_id: "⟦a.prop:Parent⟧", rollup_property_name: "Score", function: "max" }],
];

/** What A's relations point at (for relation values and rollups). */
const RELATION_TARGET: Record<string, Side> = { Project: "b", Also: "b", Parent: "a", Tasks: "a", Children: "a" };

/** The full schema each side has once setup is done (names → types). */
export const TYPES: Record<Side, Record<string, string>> = {
  a: Object.fromEntries([...SCHEMA_A, ...SCHEMA_A_SELF, ["Children", "relation"], ["Verified", "verification"]].map(([n, t]) => [n, t])),
  b: Object.fromEntries([...SCHEMA_B, ["Tasks", "relation"]].map(([n, t]) => [n, t])),
};

export type Side = "a" | "b";

export interface DsFixture {
  db: string;
  ds: string;
  /** name → id as the API returns it (URL-encoded), raw id, type, option ids by name. */
  props: Record<string, { id: string; raw: string; type: string; options: Record<string, string> }>;
  rows: string[];
}

export interface DbFixture {
  a: DsFixture;
  b: DsFixture;
  /** The page both databases live under. */
  parent: string;
}

type Call = (method: string, path: string, body?: unknown, headers?: Record<string, string>) => Promise<{ status: number; text: string; json: unknown }>;

const rt = (content: string) => [{ type: "text", text: { content } }];

function ok(res: { status: number; text: string; json: unknown }, what: string): any {
  if (res.status !== 200) throw new Error(`fuzz setup: ${what} → ${res.status} ${res.text.slice(0, 1000)}`);
  return res.json;
}

const definition = ([, type, settings]: Def): Json => ({ [type]: (settings ?? {}) as Json });

/**
 * Creates the two databases under `parent`, the self relation, and rows with values in every
 * writable property. `inject` may add what the API cannot create (a verification property)
 * before the rows are written.
 */
export async function createFixture(call: Call, parent: string, users: string[], inject?: (fx: DbFixture) => Promise<void>, bulk = 0): Promise<DbFixture> {
  const partial: DbFixture = { parent, a: { db: "", ds: "", props: {}, rows: [] }, b: { db: "", ds: "", props: {}, rows: [] } };
  const db = async (title: string, defs: Def[]) => {
    const body = JSON.parse(bind(JSON.stringify({ parent: { page_id: parent }, title: rt(title), initial_data_source: { properties: Object.fromEntries(defs.map((d) => [d[0], definition(d)])) } }), partial));
    const res = ok(await call("POST", "/v1/databases", body), `create ${title}`);
    return { db: res.id as string, ds: res.data_sources[0].id as string };
  };
  Object.assign(partial.b, await db("Fuzz projects", SCHEMA_B));
  Object.assign(partial.a, await db("Fuzz tasks", SCHEMA_A));
  const refresh = async () => {
    for (const side of ["a", "b"] as const) {
      const ds = ok(await call("GET", `/v1/data_sources/${partial[side].ds}`), "get data source");
      partial[side].props = Object.fromEntries(
        Object.entries(ds.properties as Record<string, any>).map(([name, p]) => [
          name,
          { id: p.id, raw: decodeURIComponent(p.id), type: p.type, options: Object.fromEntries(((p[p.type]?.options ?? []) as any[]).map((o) => [o.name, o.id])) },
        ]),
      );
    }
  };
  // The relation first (the rollup names it by id), then the rollup.
  await refresh();
  ok(await call("PATCH", `/v1/data_sources/${partial.a.ds}`, JSON.parse(bind(JSON.stringify({ properties: { Parent: definition(SCHEMA_A_SELF[0]) } }), partial))), "self relation");
  await refresh();
  ok(await call("PATCH", `/v1/data_sources/${partial.a.ds}`, JSON.parse(bind(JSON.stringify({ properties: { "Parent score": definition(SCHEMA_A_SELF[1]) } }), partial))), "self rollup");
  if (inject) await inject(partial);
  await refresh();

  const row = async (side: Side, properties: Record<string, Json>) => {
    const body = JSON.parse(bind(JSON.stringify({ parent: { data_source_id: `⟦${side}.ds⟧` }, properties }), partial));
    const res = await call("POST", "/v1/pages", body);
    if (res.status !== 200) {
      // What the server had as the schema, and what was sent: enough to tell a key matched by
      // a property's id from a schema gone wrong (a one-off of CI: "Go is a button property").
      const ds = await call("GET", `/v1/data_sources/${partial[side].ds}`);
      const schema = Object.entries(((ds.json as { properties?: Record<string, { id: string; type: string }> }).properties ?? {})).map(([n, p]) => `${n}=${p.id}:${p.type}`);
      throw new Error(`fuzz setup: row in ${side} → ${res.status} ${res.text.slice(0, 1000)}\n  sent keys: ${Object.keys(properties).join(", ")}\n  schema: ${schema.join(" ")}`);
    }
    return (res.json as { id: string }).id;
  };
  const b0 = await row("b", { Project: { title: rt("B zero") }, Budget: { number: 10 }, Due: { date: { start: "2024-01-01" } }, Done: { checkbox: true }, Kind: { select: { name: "Alpha" } }, Notes: { rich_text: rt("n") } });
  const b1 = await row("b", { Project: { title: rt("B one") }, Budget: { number: 5.5 }, Due: { date: { start: "2024-03-01T10:00:00Z", end: "2024-03-02" } }, Kind: { select: { name: "Beta" } }, Stage: { status: { name: "Done" } } });
  const b2 = await row("b", {});
  partial.b.rows = [b0, b1, b2];
  // More rows than a page object shows of a relation (25), for `⟦b.rows⟧`.
  for (let i = 0; i < bulk; i++) partial.b.rows.push(await row("b", { Project: { title: rt(`B bulk ${i}`) }, Budget: { number: i } }));
  const a0 = await row("a", {
    Task: { title: rt("A zero") },
    Text: { rich_text: [{ type: "mention", mention: { user: { id: users[0] } } }, ...rt(" text")] },
    Score: { number: 0.5 },
    Pick: { select: { name: "Red" } },
    Tags: { multi_select: [{ name: "a" }, { name: "b" }] },
    Stage: { status: { name: "In progress" } },
    When: { date: { start: "2024-05-01T09:30:00+02:00", end: null, time_zone: null } },
    Who: { people: [{ id: users[0] }] },
    Attachments: { files: [{ name: "f.pdf", external: { url: "https://example.com/f.pdf" } }] },
    Flag: { checkbox: true },
    Link: { url: "https://example.com/" },
    Mail: { email: "a@example.com" },
    Phone: { phone_number: "+33 1 23 45 67 89" },
    Where: { place: { lat: 48.85, lon: 2.35, name: "Paris" } },
    Project: { relation: [{ id: b0 }, { id: b1 }] },
    Also: { relation: [{ id: b2 }, { id: b0 }] },
    "100%": { rich_text: rt("percent") },
    ...(partial.a.props.Verified ? { Verified: { verification: { state: "verified", date: { start: "2024-01-01" } } } } : {}),
  });
  const a1 = await row("a", { Task: { title: rt("A one") }, Parent: { relation: [{ id: a0 }] }, Project: { relation: [{ id: b1 }] }, Tags: { multi_select: [{ name: "c" }] } });
  const a2 = await row("a", {});
  partial.a.rows = [a0, a1, a2];
  await refresh();
  return partial;
}

// ---------------------------------------------------------------- tokens

const TOKEN = /⟦(?:parent|(a|b)\.(ds|db|row|prop|rawprop|opt)(?::([^⟧|]*))?)(?:\|([cu]))?⟧/g;
const NO_ID = "00000000-0000-4000-8000-000000000000";
const ROWS = /"⟦(a|b)\.rows⟧"/g;

/**
 * Replaces the tokens in `text` (JSON or a path) with the fixture's ids. Unknown rows and
 * properties become a well-formed id of nothing, or the property name itself.
 */
export function bind(text: string, fx: DbFixture): string {
  // `"⟦b.rows⟧"` (with its quotes) becomes the array of every row of b as relation items.
  text = text.replace(ROWS, (_m, side: Side) => JSON.stringify(fx[side].rows.map((id) => ({ id }))));
  return text.replace(TOKEN, (_m, side: Side | undefined, kind: string | undefined, arg: string | undefined, form: string | undefined) => {
    const d = fx[side ?? "a"];
    let v: string;
    switch (kind) {
      case undefined:
        v = fx.parent;
        break;
      case "ds":
        v = d.ds;
        break;
      case "db":
        v = d.db;
        break;
      case "row":
        v = d.rows[Number(arg)] ?? NO_ID;
        break;
      case "prop":
        v = own(d.props, arg!)?.id ?? arg!;
        break;
      case "rawprop":
        v = own(d.props, arg!)?.raw ?? arg!;
        break;
      default: {
        const [prop, ...rest] = (arg ?? "").split(":");
        v = own(own(d.props, prop)?.options ?? {}, rest.join(":")) ?? rest.join(":");
      }
    }
    if (form === "c") v = v.replace(/-/g, "");
    if (form === "u") v = v.toUpperCase();
    // Inside JSON text the value must stay a valid string literal.
    return JSON.stringify(v).slice(1, -1);
  });
}

/** `o[k]` when `o` has it itself (names like "constructor" must not find Object.prototype's). */
const own = <T>(o: Record<string, T>, k: string): T | undefined => (Object.hasOwn(o, k) ? o[k] : undefined);

/** `o[k] = v` as an own property, even for "__proto__". */
const put = <T>(o: Record<string, T>, k: string, v: T): void => {
  Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
};

/** A token for a fixture id, in the spellings a client may use. */
export const tok = (name: string): fc.Arbitrary<string> => fc.constantFrom(`⟦${name}⟧`, `⟦${name}⟧`, `⟦${name}⟧`, `⟦${name}⟧`, `⟦${name}|c⟧`, `⟦${name}|u⟧`);

/** Every fixture object token (for targets and wrong-kind references). */
export const FIXTURE_TOKENS = ["a.db", "a.ds", "b.db", "b.ds", "a.row:0", "a.row:1", "a.row:2", "b.row:0", "b.row:1", "b.row:2"];

// ---------------------------------------------------------------- schemas

/** `arb` `present` times in `absent + present`, `undefined` otherwise. */
function rarely<T>(arb: fc.Arbitrary<T>, absent: number, present = 1): fc.Arbitrary<T | undefined> {
  return fc.oneof({ weight: absent, arbitrary: fc.constant(undefined) }, { weight: present, arbitrary: arb });
}

/** The types a schema request may name (verification is refused; it is here for that). */
export const SCHEMA_TYPES = PROPERTY_TYPES.filter((t) => t !== "verification");

/** Property names: plain, odd, clashing with fixture names, and anything. */
export const propName: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom("Alpha", "Beta", "Notes 2", "Estimate", "Owner", "Due date", "Prix €", "100%", "%zz", "a b", "Ü", "🚀 Launch", "title", "Name") },
  { weight: 2, arbitrary: fc.constantFrom(...Object.keys(TYPES.a), ...Object.keys(TYPES.b)) },
  { weight: 2, arbitrary: okText },
  { weight: 1, arbitrary: fc.constantFrom("a,b", "x".repeat(100), "x".repeat(101), "") },
);

const optionName: fc.Arbitrary<string> = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom("Red", "Green", "Blue", "a", "b", "c", "Alpha", "New one", "New two", "red", "Not started", "Done", "Élan", "🍎") },
  { weight: 2, arbitrary: okText },
  { weight: 1, arbitrary: fc.constantFrom("a,b", "", "x".repeat(100), "x".repeat(101)) },
);

const optionDef = fc.record(
  {
    name: optionName,
    color: fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...SELECT_COLORS) }, { weight: 1, arbitrary: color }),
    description: fc.oneof(fc.constant(null), okText),
  },
  { requiredKeys: ["name"] },
);

/** Options for a select-like property: new ones, or existing ones referenced by id. */
function optionsDef(side: Side, prop: string | undefined): fc.Arbitrary<Json[]> {
  const existing = prop ? fc.record({ id: fc.constantFrom(...["Red", "Green", "Blue", "a", "b", "c", "Alpha", "Beta", "Not started", "In progress", "Done"].map((o) => `⟦${side}.opt:${prop}:${o}⟧`)) }, { requiredKeys: ["id"] }) : optionDef;
  return fc.array(fc.oneof({ weight: 3, arbitrary: optionDef as fc.Arbitrary<Json> }, { weight: 1, arbitrary: existing as fc.Arbitrary<Json> }), { maxLength: 4 });
}

/** Formula expressions: ordinary, referencing every kind of property (itself too), and broken. */
const FORMULAS = [
  'prop("Score") * 2', "1 + 1", 'prop("Task")', "now()", 'if(prop("Flag"), "y", "n")', 'prop("Formula")', 'prop("Budget sum") / 0',
  'prop("Project").map(current.prop("Budget")).sum()', 'dateAdd(prop("When"), 1, "days")', 'prop("Tags").length()', 'prop("Who").first().name()',
  'format(prop("Where"))', 'prop("Missing")', "1 / 0", "10 ^ 400", '"a" + 1', 'lets(a, 1, a + a)', 'prop("Parent").map(current.prop("Parent score"))',
  "", "(((", "))", '"unterminated', "1 +", "x".repeat(5000), "(".repeat(500) + "1" + ")".repeat(500),
];

/** Where new relations point and which relations rollups may name (name → the side it targets). */
interface SchemaCtx {
  target?: Side;
  relations: [string, Side][];
  /** The property names of a side rollups may roll up (default: the fixture's). */
  names?: (side: Side) => string[];
}

const fixtureRelations = (side: Side): [string, Side][] => Object.entries(TYPES[side]).filter(([, t]) => t === "relation").map(([n]) => [n, RELATION_TARGET[n] ?? "b"]);

const relationDef = (ctx: SchemaCtx): fc.Arbitrary<Json> =>
  fc.record(
    {
      side: ctx.target ? fc.oneof({ weight: 6, arbitrary: fc.constant(ctx.target) }, { weight: 1, arbitrary: fc.constantFrom<Side>("a", "b") }) : fc.constantFrom<Side>("a", "b"),
      form: fc.constantFrom("ds", "ds", "ds", "ds", "db", "both"),
      kind: fc.oneof(
        fc.constant({ single_property: {} }),
        fc.record({ dual_property: fc.record({ synced_property_name: propName }, { requiredKeys: [] }) }),
        fc.constant({ type: "dual_property", dual_property: {} }),
        fc.constant({}),
      ),
    },
  ).chain(({ side, form, kind }) =>
    fc.tuple(tok(`${side}.ds`), tok(`${side}.db`)).map(([ds, db]) => {
      const target = form === "ds" ? { data_source_id: ds } : form === "db" ? { database_id: db } : { data_source_id: ds, database_id: db };
      return { ...target, ...(kind as object) } as Json;
    }),
  );

/** A rollup over a relation of `ctx` (by name or, for fixture relations, id) and a property of its target. */
const rollupDef = (from: Side, ctx: SchemaCtx): fc.Arbitrary<Json> => {
  const relations = ctx.relations.length ? ctx.relations : fixtureRelations(from);
  const known = new Set(Object.keys(TYPES[from]));
  return fc.constantFrom(...relations).chain(([rel, target]) =>
    fc.record(
      {
        function: fc.oneof({ weight: 12, arbitrary: fc.constantFrom(...ROLLUP_FUNCTIONS) }, { weight: 1, arbitrary: fc.constantFrom("avg", "", "SUM") }),
        relation: known.has(rel)
          ? fc.oneof(fc.constant({ relation_property_name: rel }), fc.constantFrom(`⟦${from}.prop:${rel}⟧`, `⟦${from}.rawprop:${rel}⟧`).map((id) => ({ relation_property_id: id })))
          : fc.constant({ relation_property_name: rel }),
        rolled: fc.constantFrom(...(ctx.names?.(target) ?? Object.keys(TYPES[target]))).chain((p) => fc.oneof(fc.constant({ rollup_property_name: p }), fc.constant({ rollup_property_id: `⟦${target}.prop:${p}⟧` }))),
      },
      { requiredKeys: ["function", "relation", "rolled"] },
    ).map(({ function: f, relation, rolled }) => ({ function: f, ...relation, ...rolled }) as Json),
  );
};

/** The settings object of a property definition of `type` (valid-looking). */
export function settingsFor(type: string, side: Side, prop?: string, ctx: SchemaCtx = { relations: [] }): fc.Arbitrary<Json> {
  switch (type) {
    case "number":
      return fc.record({ format: fc.oneof({ weight: 10, arbitrary: fc.constantFrom(...NUMBER_FORMATS) }, { weight: 1, arbitrary: fc.constantFrom("dollars", "") }) }, { requiredKeys: [] });
    case "select":
    case "multi_select":
    case "status":
      return fc.record({ options: optionsDef(side, prop) }, { requiredKeys: [] });
    case "formula":
      return fc.record({ expression: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...FORMULAS) }, { weight: 1, arbitrary: okText }) });
    case "relation":
      return relationDef(ctx);
    case "rollup":
      return rollupDef(side, ctx);
    case "unique_id":
      return fc.record({ prefix: fc.oneof(fc.constantFrom("T", "ID", null, ""), okText) }, { requiredKeys: [] });
    default:
      return fc.constant({});
  }
}

/** One property definition: `{<type>: settings}`, sometimes with `type`, `name`, `description`. */
export function definitionOf(type: string, side: Side, prop?: string, ctx?: SchemaCtx): fc.Arbitrary<Json> {
  return fc
    .record({ settings: settingsFor(type, side, prop, ctx), declare: fc.boolean(), name: rarely(propName, 6), description: rarely(fc.oneof(okText, fc.constant(null)), 6) })
    .map(({ settings, declare, name, description }) => {
      const d: Record<string, Json> = { [type]: settings };
      if (declare) d.type = type;
      if (name !== undefined) d.name = name;
      if (description !== undefined) d.description = description;
      return d as Json;
    });
}

const schemaType = fc.oneof({ weight: 12, arbitrary: fc.constantFrom(...SCHEMA_TYPES) }, { weight: 1, arbitrary: fc.constantFrom("verification", "location", "last_visited_time", "text", "Title", "toString") });

/**
 * `properties` of a create request: a title (usually) and a few properties of any type; its
 * relations point at one fixture side and its rollups name its own relations.
 */
export function schemaMap(side: Side): fc.Arbitrary<Json> {
  return fc
    .record({
      target: fc.constantFrom<Side>("a", "b"),
      title: rarely(fc.tuple(propName, definitionOf("title", side)), 1, 6),
      rest: fc.uniqueArray(fc.tuple(propName, schemaType), { maxLength: 6, selector: ([n]) => n }),
    })
    .chain(({ target, title, rest }) => {
      const ctx: SchemaCtx = { target, relations: rest.filter(([, t]) => t === "relation").map(([n]) => [n, target]) };
      return fc.tuple(...rest.map(([name, type]) => definitionOf(type, side, undefined, ctx).map((d) => [name, d] as const))).map((defs) => {
        const out: Record<string, Json> = {};
        if (title) put(out, title[0], title[1]);
        for (const [n, d] of defs) put(out, n, d);
        return out as Json;
      });
    });
}

/** `properties` of a schema update: remove, rename, describe, retype or add, by name or id. */
export function schemaChanges(side: Side): fc.Arbitrary<Json> {
  const names = Object.keys(TYPES[side]);
  const keyArb = fc.oneof(
    { weight: 5, arbitrary: fc.constantFrom(...names) },
    { weight: 2, arbitrary: fc.constantFrom(...names).chain((n) => fc.constantFrom(`⟦${side}.prop:${n}⟧`, `⟦${side}.rawprop:${n}⟧`)) },
    { weight: 3, arbitrary: propName },
  );
  const change = (key: string, ctx: SchemaCtx): fc.Arbitrary<Json> => {
    const name = key.replace(/^⟦.\.(raw)?prop:(.*)⟧$/, "$2");
    const current = own(TYPES[side], name);
    return fc.oneof(
      { weight: 2, arbitrary: fc.constant(null) },
      { weight: 2, arbitrary: propName.map((n) => ({ name: n }) as Json) },
      { weight: 1, arbitrary: fc.oneof(okText, fc.constant(null)).map((d) => ({ description: d }) as Json) },
      // The same type with new settings (options, format, prefix, relation kind).
      ...(current ? [{ weight: 3, arbitrary: definitionOf(current, side, name, ctx) }] : []),
      { weight: 4, arbitrary: schemaType.chain((t) => definitionOf(t, side, name, ctx)) },
    );
  };
  return fc
    .record({ keys: fc.uniqueArray(keyArb, { minLength: 1, maxLength: 4 }), target: fc.constantFrom<Side>("a", "b") })
    .chain(({ keys, target }) => {
      // Rollups may name the fixture's relations or one added in the same request.
      const ctx: SchemaCtx = { target, relations: [...fixtureRelations(side), ...keys.filter((k) => !k.startsWith("⟦") && !Object.hasOwn(TYPES[side], k)).map((k) => [k, target] as [string, Side])] };
      return fc.tuple(...keys.map((k) => change(k, ctx).map((c) => [k, c] as const)));
    })
    .map((entries) => Object.fromEntries(entries) as Json);
}

// ---------------------------------------------------------------- bodies of the database verbs

/** Titles and descriptions: mostly plain text, sometimes anything rich text allows (or not). */
const calmText = (ids: string[]): fc.Arbitrary<Json> =>
  fc.oneof(
    { weight: 4, arbitrary: fc.array(fc.record({ type: fc.constant("text"), text: fc.record({ content: okText }) }, { requiredKeys: ["text"] }), { maxLength: 2 }) as fc.Arbitrary<Json> },
    { weight: 1, arbitrary: richText(ids) },
  );

/** Fields besides the schema, each present now and then (so the schema part decides most answers). */
function extras(fields: Record<string, fc.Arbitrary<Json>>, absent = 4): fc.Arbitrary<Record<string, Json>> {
  return fc.tuple(...Object.entries(fields).map(([k, arb]) => rarely(arb, absent).map((v) => [k, v] as const))).map((pairs) => {
    const out: Record<string, Json> = {};
    for (const [k, v] of pairs) if (v !== undefined) out[k] = v;
    return out;
  });
}

/** POST /v1/databases, in the 2025-09-03 form (initial_data_source) or the 2022-06-28 one (properties). */
export function createDatabaseBody(ids: string[], pages: string[]): fc.Arbitrary<Json> {
  const parent = fc.oneof(
    { weight: 12, arbitrary: fc.constantFrom(...pages).map((p) => ({ type: "page_id", page_id: p }) as Json) },
    { weight: 1, arbitrary: fc.constantFrom<Json>({ workspace: true }, { type: "workspace", workspace: true }) },
    { weight: 1, arbitrary: tok("a.db").map((id) => ({ database_id: id }) as Json) },
    { weight: 1, arbitrary: tok("a.ds").map((id) => ({ data_source_id: id }) as Json) },
    { weight: 1, arbitrary: fc.constantFrom(...FIXTURE_TOKENS).map((t) => ({ page_id: `⟦${t}⟧` }) as Json) },
  );
  return fc
    .record({
      parent,
      more: extras({ title: calmText(ids), description: calmText(ids), icon: icon(ids), cover: cover(ids), is_inline: fc.boolean() }),
      schema: schemaMap("b"),
      form: fc.constantFrom("initial", "initial", "initial", "legacy", "legacy", "both", "empty-initial", "none"),
    })
    .map(({ parent, more, schema, form }) => {
      const out: Record<string, Json> = { parent, ...more };
      if (form === "initial" || form === "both") out.initial_data_source = { properties: schema };
      if (form === "legacy" || form === "both") out.properties = schema;
      if (form === "empty-initial") out.initial_data_source = {};
      return out as Json;
    });
}

/** PATCH /v1/databases/{id}: container fields, and (2022-06-28) schema changes. */
export function updateDatabaseBody(ids: string[], pages: string[], side: Side): fc.Arbitrary<Json> {
  const fields = extras(
    {
      title: calmText(ids),
      description: calmText(ids),
      icon: icon(ids),
      cover: cover(ids),
      is_inline: fc.boolean(),
      is_locked: fc.boolean(),
      in_trash: fc.boolean(),
      archived: fc.boolean(),
      parent: fc.oneof(
        { weight: 6, arbitrary: fc.constantFrom(...pages).map((p) => ({ page_id: p }) as Json) },
        { weight: 1, arbitrary: fc.constantFrom(...FIXTURE_TOKENS).map((t) => ({ page_id: `⟦${t}⟧` }) as Json) },
        { weight: 1, arbitrary: fc.constantFrom<Json>({ workspace: true }, { database_id: "⟦b.db⟧" }) },
      ),
    },
    6,
  );
  return fc.oneof(
    { weight: 2, arbitrary: fields as fc.Arbitrary<Json> },
    { weight: 2, arbitrary: schemaChanges(side).map((properties) => ({ properties }) as Json) },
    { weight: 1, arbitrary: fc.tuple(fields, schemaChanges(side)).map(([f, properties]) => ({ ...f, properties }) as Json) },
  );
}

/** POST /v1/data_sources: another data source in a fixture database. */
export function createDataSourceBody(ids: string[]): fc.Arbitrary<Json> {
  const parent = fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom("a.db", "b.db").chain(tok).map((id) => ({ database_id: id }) as Json) },
    { weight: 1, arbitrary: fc.constantFrom("a.db", "b.db").chain(tok).map((id) => ({ type: "database_id", database_id: id }) as Json) },
    { weight: 1, arbitrary: fc.constantFrom(...FIXTURE_TOKENS).map((t) => ({ database_id: `⟦${t}⟧` }) as Json) },
  );
  return fc
    .record({ parent, properties: schemaMap("a"), more: extras({ title: calmText(ids), icon: icon(ids), description: calmText(ids) }) })
    .map(({ parent, properties, more }) => ({ parent, properties, ...more }) as Json);
}

/** PATCH /v1/data_sources/{id} for data source `side`. */
export function updateDataSourceBody(ids: string[], side: Side): fc.Arbitrary<Json> {
  const fields = extras(
    {
      title: calmText(ids),
      description: calmText(ids),
      icon: icon(ids),
      in_trash: fc.boolean(),
      archived: fc.boolean(),
      parent: fc.oneof(
        { weight: 4, arbitrary: fc.constantFrom("a.db", "b.db").chain(tok).map((id) => ({ database_id: id }) as Json) },
        { weight: 1, arbitrary: fc.constantFrom(...FIXTURE_TOKENS).map((t) => ({ type: "database_id", database_id: `⟦${t}⟧` }) as Json) },
      ),
    },
    6,
  );
  return fc.oneof(
    { weight: 1, arbitrary: fields as fc.Arbitrary<Json> },
    { weight: 4, arbitrary: schemaChanges(side).map((properties) => ({ properties }) as Json) },
    { weight: 1, arbitrary: fc.tuple(fields, schemaChanges(side)).map(([f, properties]) => ({ ...f, properties }) as Json) },
  );
}

// ---------------------------------------------------------------- page property values

const dateString = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom("2024-01-01", "2024-02-29", "2024-12-31T23:59:59Z", "2024-05-01T09:30:00+02:00", "2024-05-01T09:30", "2024-05-01T09:30:00.123456789Z", "1970-01-01", "9999-12-31", "0000-01-01") },
  { weight: 1, arbitrary: fc.date({ min: new Date(-8.64e15), max: new Date(8.64e15), noInvalidDate: true }).map((d) => d.toISOString()) },
  { weight: 1, arbitrary: fc.constantFrom("2024-02-30", "2024-13-01", "yesterday", "2024-01-01T25:00:00Z", "+020000-01-01", "2024-1-1", "") },
);

const dateValue = fc.record({ start: dateString, end: fc.oneof(fc.constant(null), dateString), time_zone: fc.oneof(fc.constantFrom(null, "Europe/Paris", "UTC", "America/New_York", "Mars/Base", ""), str) }, { requiredKeys: ["start"] });

/** File URLs: any, and some whose last segment (the default name) is not valid percent-encoding. */
const fileUrl = fc.oneof(
  { weight: 6, arbitrary: urlArb },
  { weight: 1, arbitrary: fc.constantFrom("https://example.com/%zz", "https://example.com/a%", "https://example.com/%E0%A4%A.pdf", "https://example.com/x/", "https://example.com", "https://example.com/a.pdf?x=%zz") },
);

const fileValue = fc.oneof(
  { weight: 4, arbitrary: fc.record({ name: okText, type: fc.constant("external"), external: fc.record({ url: fileUrl }) }, { requiredKeys: ["external"] }) },
  { weight: 1, arbitrary: fc.record({ name: okText, type: fc.constant("file"), file: fc.record({ url: fileUrl, expiry_time: fc.constant("2024-01-01T00:00:00Z") }, { requiredKeys: ["url"] }) }, { requiredKeys: ["file"] }) },
  { weight: 1, arbitrary: fc.record({ name: okText, file_upload: fc.record({ id: fc.uuid() }) }, { requiredKeys: ["file_upload"] }) },
);

const place = fc.record(
  {
    lat: fc.oneof(fc.double({ min: -90, max: 90, noNaN: true }), fc.constantFrom(-90, 90, 91, 0)),
    lon: fc.oneof(fc.double({ min: -180, max: 180, noNaN: true }), fc.constantFrom(-180, 180, 181)),
    name: fc.oneof(okText, fc.constant(null)),
    address: fc.oneof(okText, fc.constant(null)),
    google_place_id: fc.oneof(okText, fc.constant(null)),
    aws_place_id: fc.oneof(okText, fc.constant(null)),
  },
  { requiredKeys: ["lat", "lon"] },
);

/** A select-like option reference: an existing name, a new name, or an existing id. */
function optionRef(side: Side, prop: string, status = false): fc.Arbitrary<Json> {
  const name = status ? fc.oneof({ weight: 8, arbitrary: fc.constantFrom("Not started", "In progress", "Done") }, { weight: 1, arbitrary: optionName }) : optionName;
  return fc.oneof(
    { weight: 6, arbitrary: fc.record({ name, color: fc.constantFrom(...SELECT_COLORS) }, { requiredKeys: ["name"] }) },
    { weight: 2, arbitrary: fc.constantFrom("Red", "Green", "Blue", "a", "b", "c", "Alpha", "Beta", "Not started", "In progress", "Done").map((o) => ({ id: `⟦${side}.opt:${prop}:${o}⟧` }) as Json) },
    { weight: 1, arbitrary: fc.record({ id: str }) },
  );
}

const rowRef = (side: Side): fc.Arbitrary<Json> =>
  fc.oneof(
    { weight: 8, arbitrary: fc.nat(2).chain((i) => tok(`${side}.row:${i}`)).map((id) => ({ id }) as Json) },
    { weight: 1, arbitrary: fc.constantFrom(...FIXTURE_TOKENS).map((t) => ({ id: `⟦${t}⟧` }) as Json) },
    { weight: 1, arbitrary: fc.uuid().map((id) => ({ id }) as Json) },
  );

/** The inner value for a property of `type` (what goes under `{<type>: …}`). */
export function valueOf(type: string, side: Side, prop: string, ids: string[], users: string[], target?: Side): fc.Arbitrary<Json> {
  switch (type) {
    case "title":
    case "rich_text":
      return fc.oneof(
        { weight: 12, arbitrary: richText(ids) },
        // More mentions than a page object shows (25), and long text the item endpoint pages through.
        { weight: 1, arbitrary: fc.constantFrom(...users).map((id) => Array.from({ length: 30 }, (_, i) => (i % 2 ? { mention: { user: { id } } } : { text: { content: `part ${i} ` } })) as unknown as Json) },
        { weight: 1, arbitrary: fc.constant(Array.from({ length: 100 }, (_, i) => ({ text: { content: `${i}` } })) as Json) },
      );
    case "number":
      return fc.oneof({ weight: 8, arbitrary: number }, { weight: 1, arbitrary: fc.constant(null) });
    case "checkbox":
      return fc.boolean();
    case "url":
      return fc.oneof(urlArb, fc.constant(null));
    case "email":
      return fc.oneof(fc.constantFrom("a@example.com", "not an email", ""), okText, fc.constant(null));
    case "phone_number":
      return fc.oneof(fc.constantFrom("+1 555 0100", "0", ""), okText, fc.constant(null));
    case "date":
      return fc.oneof({ weight: 8, arbitrary: dateValue }, { weight: 1, arbitrary: fc.constant(null) });
    case "select":
    case "status":
      return fc.oneof({ weight: 8, arbitrary: optionRef(side, prop, type === "status") }, { weight: 1, arbitrary: fc.constant(null) });
    case "multi_select":
      return fc.array(optionRef(side, prop), { maxLength: 4 });
    case "people":
      return fc.array(
        fc.oneof(
          { weight: 8, arbitrary: fc.constantFrom(...users).map((id) => ({ id }) as Json) },
          { weight: 1, arbitrary: fc.constantFrom(...users).map((id) => ({ object: "user", id }) as Json) },
          { weight: 1, arbitrary: fc.uuid().map((id) => ({ id }) as Json) },
        ),
        { maxLength: 3 },
      );
    case "files":
      return fc.array(fileValue, { maxLength: 3 });
    case "relation":
      return fc.oneof(
        { weight: 12, arbitrary: fc.array(rowRef(target ?? RELATION_TARGET[prop] ?? "b"), { maxLength: 4 }) },
        // Every row of the target: past the 25 a page object shows (in the shared fixture).
        { weight: 1, arbitrary: fc.constant(`⟦${target ?? RELATION_TARGET[prop] ?? "b"}.rows⟧`) },
      );
    case "place":
      return fc.oneof({ weight: 8, arbitrary: place }, { weight: 1, arbitrary: fc.constant(null) });
    case "verification":
      return fc.oneof(
        fc.record({ state: fc.constant("verified"), date: fc.oneof(fc.constant(null), dateValue) }, { requiredKeys: ["state"] }),
        fc.constant({ state: "unverified" }),
        fc.constantFrom<Json>({ state: "expired" }, { state: "verified", date: "2024-01-01" }),
      );
    // Read-only: the values a client might try to send.
    case "formula":
      return fc.constantFrom<Json>({ string: "x" }, { type: "number", number: 1 }, {});
    case "rollup":
      return fc.constantFrom<Json>({ type: "number", number: 1, function: "sum" }, { array: [] });
    case "created_time":
    case "last_edited_time":
      return fc.constantFrom("2024-01-01T00:00:00.000Z", "now");
    case "created_by":
    case "last_edited_by":
      return fc.constantFrom(...users).map((id) => ({ object: "user", id }) as Json);
    case "unique_id":
      return fc.constantFrom<Json>({ prefix: "T", number: 7 }, { number: 1 });
    case "button":
      return fc.constant({});
    default:
      return fc.constant({});
  }
}

const READ_ONLY = new Set(["formula", "rollup", "created_time", "last_edited_time", "created_by", "last_edited_by", "unique_id", "button"]);

/** One property value as a page write sends it: `{<type>: v}`, with `type` or bare (text). */
function propertyValue(type: string, side: Side, prop: string, ids: string[], users: string[]): fc.Arbitrary<Json> {
  return fc.tuple(valueOf(type, side, prop, ids, users), fc.constantFrom("plain", "plain", "plain", "typed", "bare")).map(([v, form]) => {
    if (form === "bare" && (type === "title" || type === "rich_text")) return v;
    return (form === "typed" ? { type, [type]: v } : { [type]: v }) as Json;
  });
}

/** `properties` of a page write in data source `side`: some of its properties, by name or id. */
export function pagePropertiesOf(side: Side, ids: string[], users: string[]): fc.Arbitrary<Json> {
  const entries = Object.entries(TYPES[side]);
  const writable = entries.filter(([, t]) => !READ_ONLY.has(t));
  const readOnly = entries.filter(([, t]) => READ_ONLY.has(t));
  const entry = fc.oneof({ weight: 12, arbitrary: fc.constantFrom(...writable) }, { weight: 1, arbitrary: fc.constantFrom(...readOnly) });
  const keyFor = (name: string) => fc.oneof({ weight: 6, arbitrary: fc.constant(name) }, { weight: 2, arbitrary: fc.constantFrom(`⟦${side}.prop:${name}⟧`, `⟦${side}.rawprop:${name}⟧`) });
  const one = entry.chain(([name, type]) =>
    fc.tuple(keyFor(name), fc.oneof({ weight: 12, arbitrary: propertyValue(type, side, name, ids, users) }, { weight: 1, arbitrary: fc.constantFrom(...writable).chain(([n, t]) => propertyValue(t, side, n, ids, users)) })),
  );
  return fc
    .tuple(fc.uniqueArray(one, { maxLength: 6, selector: ([k]) => k }), rarely(fc.tuple(propName, fc.constantFrom(...writable).chain(([n, t]) => propertyValue(t, side, n, ids, users))), 25))
    .map(([list, unknown]) => {
      const out: Record<string, Json> = Object.fromEntries(list);
      if (unknown) put(out, unknown[0], unknown[1]);
      return out as Json;
    });
}

/** POST /v1/pages into data source `side` (named directly, by type, or through its database). */
export function createRowBody(side: Side, ids: string[], users: string[]): fc.Arbitrary<Json> {
  const parent = fc.oneof(
    { weight: 8, arbitrary: tok(`${side}.ds`).map((id) => ({ data_source_id: id }) as Json) },
    { weight: 2, arbitrary: tok(`${side}.ds`).map((id) => ({ type: "data_source_id", data_source_id: id }) as Json) },
    { weight: 3, arbitrary: tok(`${side}.db`).map((id) => ({ database_id: id }) as Json) },
    { weight: 1, arbitrary: fc.constantFrom(...FIXTURE_TOKENS).map((t) => ({ data_source_id: `⟦${t}⟧` }) as Json) },
  );
  // Now and then one of the other page fields: the point is the properties.
  const extra = fc.oneof(
    { weight: 12, arbitrary: fc.constant({}) },
    { weight: 1, arbitrary: icon(ids).map((icon) => ({ icon })) },
    { weight: 1, arbitrary: cover(ids).map((cover) => ({ cover })) },
    { weight: 1, arbitrary: blocks(ids, 1).map((children) => ({ children: children.slice(0, 1) })) },
    { weight: 1, arbitrary: fc.constantFrom<Record<string, Json>>({ template: { type: "none" } }, { template: { type: "default" } }, { position: { type: "page_start" } }) },
  );
  return fc.tuple(parent, pagePropertiesOf(side, ids, users), extra).map(([parent, properties, more]) => ({ parent, properties, ...more }) as Json);
}

/** PATCH /v1/pages/{row} of data source `side`. */
export function updateRowBody(side: Side, ids: string[], users: string[]): fc.Arbitrary<Json> {
  return fc.oneof(
    { weight: 8, arbitrary: pagePropertiesOf(side, ids, users).map((properties) => ({ properties }) as Json) },
    {
      weight: 2,
      arbitrary: fc.record({ properties: pagePropertiesOf(side, ids, users), icon: icon(ids), cover: cover(ids), in_trash: fc.boolean(), archived: fc.boolean(), is_locked: fc.boolean() }, { requiredKeys: [] }),
    },
  );
}

// ---------------------------------------------------------------- sequences

/** One request of a sequence (tokens bound when sent). */
export interface Step {
  /** What kind of step (for counts); `detail` says more (for logs). */
  label: string;
  detail?: string;
  method: string;
  path: string;
  body?: Json;
  version?: string;
}

/** What the generator believes each side's schema is: name → type (and where relations point). */
type Model = Record<Side, Record<string, { type: string; target?: Side }>>;

const initialModel = (): Model => ({
  a: Object.fromEntries(Object.entries(TYPES.a).map(([n, t]) => [n, { type: t, ...(t === "relation" ? { target: RELATION_TARGET[n] ?? "b" } : {}) }])),
  b: Object.fromEntries(Object.entries(TYPES.b).map(([n, t]) => [n, { type: t, ...(t === "relation" ? { target: RELATION_TARGET[n] ?? "a" } : {}) }])),
});

const other = (s: Side): Side => (s === "a" ? "b" : "a");

/** A schema change the model can follow: retype, remove, rename or add one property. */
function schemaStep(model: Model, side: Side, legacy: boolean): fc.Arbitrary<[Step, Model]> {
  const names = Object.keys(model[side]).filter((n) => model[side][n].type !== "title");
  const relations = (m: Model): [string, Side][] => Object.entries(m[side]).filter(([, p]) => p.type === "relation").map(([n, p]) => [n, p.target ?? "b"]);
  const kind = names.length ? fc.constantFrom("retype", "retype", "retype", "remove", "rename", "add", "add") : fc.constant("add");
  return fc.record({ kind, name: names.length ? fc.constantFrom(...names) : fc.constant(""), fresh: propName, type: fc.constantFrom(...SCHEMA_TYPES.filter((t) => t !== "title")), target: fc.constantFrom<Side>("a", "b") }).chain(({ kind, name, fresh, type, target }) => {
    const next: Model = { a: { ...model.a }, b: { ...model.b } };
    const ctx: SchemaCtx = { target, relations: relations(model), names: (s) => Object.keys(model[s]) };
    const send = (properties: Json): Step =>
      legacy
        ? { label: `legacy ${kind}`, detail: type, method: "PATCH", path: `/v1/databases/⟦${side}.db⟧`, body: { properties }, version: "2022-06-28" }
        : { label: kind, detail: type, method: "PATCH", path: `/v1/data_sources/⟦${side}.ds⟧`, body: { properties } };
    switch (kind) {
      case "remove":
        delete next[side][name];
        return fc.constant([send({ [name]: null }), next] as [Step, Model]);
      case "rename":
        if (Object.hasOwn(model[side], fresh) || fresh === "") return fc.constant([send({ [name]: { name: fresh } }), model] as [Step, Model]);
        put(next[side], fresh, next[side][name]);
        delete next[side][name];
        return fc.constant([send({ [name]: { name: fresh } }), next] as [Step, Model]);
      default: {
        const key = kind === "add" ? fresh : name;
        return settingsFor(type, side, key, ctx).map((settings) => {
          if (!(kind === "add" && Object.hasOwn(model[side], key))) put(next[side], key, { type, ...(type === "relation" ? { target: relationSide(settings) ?? target } : {}) });
          return [send({ [key]: { [type]: settings } }), next] as [Step, Model];
        });
      }
    }
  });
}

/** The side a relation definition points at (from its token). */
function relationSide(settings: Json): Side | undefined {
  const m = /⟦(a|b)\./.exec(JSON.stringify(settings));
  return m ? (m[1] as Side) : undefined;
}

/** Values for a few properties as the model has them. */
function modelValues(model: Model, side: Side, ids: string[], users: string[]): fc.Arbitrary<Json> {
  const writable = Object.entries(model[side]).filter(([, p]) => !READ_ONLY.has(p.type) || p.type === "verification");
  if (!writable.length) return fc.constant({});
  return fc
    .uniqueArray(fc.constantFrom(...writable), { minLength: 1, maxLength: 4, selector: ([n]) => n })
    .chain((list) => fc.tuple(...list.map(([n, p]) => valueOf(p.type, side, n, ids, users, p.target).map((v) => [n, { [p.type]: v }] as const))))
    .map((pairs) => Object.fromEntries(pairs) as Json);
}

function stepArb(model: Model, ids: string[], users: string[]): fc.Arbitrary<[Step, Model]> {
  return fc.constantFrom<Side>("a", "a", "b").chain((side) =>
    fc.oneof(
      { weight: 4, arbitrary: schemaStep(model, side, false) },
      { weight: 1, arbitrary: schemaStep(model, side, true) },
      { weight: 4, arbitrary: fc.tuple(fc.nat(2), modelValues(model, side, ids, users)).map(([i, properties]) => [{ label: "row update", method: "PATCH", path: `/v1/pages/⟦${side}.row:${i}⟧`, body: { properties } }, model] as [Step, Model]) },
      { weight: 2, arbitrary: modelValues(model, side, ids, users).map((properties) => [{ label: "row create", method: "POST", path: "/v1/pages", body: { parent: { data_source_id: `⟦${side}.ds⟧` }, properties } }, model] as [Step, Model]) },
      {
        weight: 1,
        arbitrary: fc.constantFrom<[string, Json]>(
          ["move data source", { parent: { database_id: `⟦${other(side)}.db⟧` } }],
          ["trash data source", { in_trash: true }],
          ["restore data source", { in_trash: false }],
        ).map(([label, body]) => [{ label, method: "PATCH", path: `/v1/data_sources/⟦${side}.ds⟧`, body }, model] as [Step, Model]),
      },
      {
        weight: 2,
        arbitrary: fc.constantFrom<[string, string, Json]>(
          ["move row out", `/v1/pages/⟦${side}.row:1⟧/move`, { parent: { page_id: "⟦parent⟧" } }],
          ["move row across", `/v1/pages/⟦${side}.row:0⟧/move`, { parent: { data_source_id: `⟦${other(side)}.ds⟧` } }],
          ["move row back", `/v1/pages/⟦${side}.row:1⟧/move`, { parent: { data_source_id: `⟦${side}.ds⟧` } }],
          ["move row under row", `/v1/pages/⟦${side}.row:2⟧/move`, { parent: { page_id: `⟦${other(side)}.row:0⟧` } }],
          ["move parent into its data source", "/v1/pages/⟦parent⟧/move", { parent: { data_source_id: `⟦${side}.ds⟧` } }],
          // `⟦created⟧` is the last object a step of the sequence created.
          ["database under row", "/v1/databases", { parent: { page_id: `⟦${side}.row:0⟧` }, initial_data_source: { properties: { N: { title: {} }, R: { relation: { data_source_id: `⟦${side}.ds⟧`, dual_property: {} } } } } }],
          ["data source under row", "/v1/data_sources", { parent: { database_id: "⟦created⟧" }, properties: { M: { title: {} } } }],
        ).map(([label, path, body]) => [{ label, method: "POST", path, body }, model] as [Step, Model]),
      },
      {
        weight: 1,
        arbitrary: fc.constantFrom<[string, string, Json]>(
          ["move data source into created", `/v1/data_sources/⟦${side}.ds⟧`, { parent: { database_id: "⟦created⟧" } }],
          ["move database under its row", `/v1/databases/⟦${side}.db⟧`, { parent: { page_id: `⟦${side}.row:1⟧` } }],
          ["move database under created", `/v1/databases/⟦${side}.db⟧`, { parent: { page_id: "⟦created⟧" } }],
        ).map(([label, path, body]) => [{ label, method: "PATCH", path, body }, model] as [Step, Model]),
      },
      {
        weight: 1,
        arbitrary: fc.constantFrom<[string, string, Json]>(
          ["trash row", `/v1/pages/⟦${side}.row:0⟧`, { in_trash: true }],
          ["trash database", `/v1/databases/⟦${other(side)}.db⟧`, { in_trash: true }],
          ["restore database", `/v1/databases/⟦${other(side)}.db⟧`, { in_trash: false }],
        ).map(([label, path, body]) => [{ label, method: "PATCH", path, body }, model] as [Step, Model]),
      },
    ),
  );
}

/**
 * A short story against a fresh fixture: schema changes (retype, remove, rename, add, through
 * either model), row writes with values for the types the generator believes the properties
 * now have, moves and trash. Reaches states one request cannot: a rollup over a relation that
 * is now a number, a relation into a data source that moved, …
 */
export function sequenceArb(ids: string[], users: string[], length = 4): fc.Arbitrary<Step[]> {
  const go = (model: Model, n: number): fc.Arbitrary<Step[]> =>
    n === 0 ? fc.constant([]) : stepArb(model, ids, users).chain(([step, next]) => go(next, n - 1).map((rest) => [step, ...rest]));
  return fc.integer({ min: 1, max: length }).chain((n) => go(initialModel(), n));
}

/** POST /v1/pages/{row}/move: out to a page, across to the other data source, home, or nowhere valid. */
export function moveRowBody(side: Side): fc.Arbitrary<Json> {
  return fc.record({
    parent: fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom<Json>({ page_id: "⟦parent⟧" }, { type: "page_id", page_id: "⟦parent⟧" }) },
      { weight: 3, arbitrary: fc.constantFrom<Side>("a", "b").chain((s) => tok(`${s}.ds`)).map((id) => ({ data_source_id: id }) as Json) },
      { weight: 1, arbitrary: fc.constantFrom<Side>("a", "b").chain((s) => tok(`${s}.db`)).map((id) => ({ database_id: id }) as Json) },
      { weight: 1, arbitrary: fc.constantFrom(...FIXTURE_TOKENS).map((t) => ({ page_id: `⟦${t}⟧` }) as Json) },
      { weight: 1, arbitrary: fc.constantFrom(...FIXTURE_TOKENS).map((t) => ({ data_source_id: `⟦${t}⟧` }) as Json) },
      { weight: 1, arbitrary: fc.constant<Json>({ workspace: true }) },
    ),
  });
}
