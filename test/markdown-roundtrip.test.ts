/**
 * Round-trip property, in both markdown dialects: random block trees (every text block type,
 * toggles, callouts, code, equations, dividers, tables, columns; rich text with every
 * annotation, colors, links, inline equations and user mentions, and the characters markdown
 * escapes) are appended through the SDK, read as markdown, written back as a new page from that
 * markdown, and read again: the block structure, each block's type, color and plain text, and
 * the markdown itself come back the same.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import type { Client } from "@notionhq/client";
import fc from "fast-check";
import { startTestQuire, type TestQuire } from "./helpers/quire.js";
import { append, childrenOf, newPage } from "./helpers/api.js";

let q: TestQuire;
let notion: Client;
let botId: string;
const V = "2026-03-11";

before(async () => {
  q = await startTestQuire();
  notion = q.client({ version: V });
  botId = (await notion.users.me({})).id;
});
after(() => q.close());

type Json = Record<string, any>;

const COLORS = ["default", "red", "blue_background", "gray"];
/** Text with what markdown escapes or reads as syntax, spaces at the edges, and line breaks. */
const chars = fc.string({ unit: fc.constantFrom(..."ab c*_~`$[]<>{}|^\\#-1.!:é🎯\n".split("")), minLength: 1, maxLength: 12 });
const annotations = fc.record({ bold: fc.boolean(), italic: fc.boolean(), strikethrough: fc.boolean(), underline: fc.boolean(), code: fc.boolean(), color: fc.constantFrom("default", "default", "red", "yellow_background") });
const item: fc.Arbitrary<Json> = fc.oneof(
  { weight: 8, arbitrary: fc.tuple(chars, annotations, fc.option(fc.constant("https://example.com/x"), { freq: 5 })).map(([content, a, link]) => ({
    // A code span cannot hold a backtick (as in Notion's format): code text goes without one.
    text: { content: a.code ? content.replace(/`/g, "'") : content, ...(link ? { link: { url: link } } : {}) },
    annotations: a,
  })) },
  { weight: 1, arbitrary: fc.constantFrom("x^2", "\\frac{a}{b}", "a_1").map((expression) => ({ equation: { expression } })) },
  { weight: 1, arbitrary: fc.constant(null).map(() => ({ mention: { user: { id: botId } } })) },
);
const richText = fc.array(item, { maxLength: 4 });
const color = fc.constantFrom(...COLORS);

/** A block (and, above the last level, its children) in request form. */
const blockArb = (depth: number): fc.Arbitrary<Json> => {
  const kids = depth > 0 ? fc.array(fc.constant(null).chain(() => blockArb(depth - 1)), { maxLength: 3 }) : fc.constant([]);
  const withKids = (type: string, payload: fc.Arbitrary<Json>) => fc.tuple(payload, kids).map(([p, k]) => ({ [type]: { ...p, ...(k.length ? { children: k } : {}) } }));
  const textual = (type: string, extra: Record<string, fc.Arbitrary<unknown>> = {}) => withKids(type, fc.record({ rich_text: richText, color, ...extra }));
  return fc.oneof(
    textual("paragraph"),
    textual("bulleted_list_item"),
    textual("numbered_list_item"),
    textual("to_do", { checked: fc.boolean() }),
    textual("quote"),
    textual("toggle"),
    withKids("callout", fc.record({ rich_text: richText, color, icon: fc.constantFrom({ emoji: "💡" }, { emoji: "🎯" }) })),
    fc.tuple(fc.constantFrom("heading_1", "heading_2", "heading_3", "heading_4"), richText, color, fc.boolean(), kids).map(([t, rt, c, toggle, k]) => ({ [t]: { rich_text: rt, color: c, is_toggleable: toggle, ...(toggle && k.length ? { children: k } : {}) } })),
    fc.tuple(fc.string({ maxLength: 30 }), fc.constantFrom("python", "javascript", "plain text")).map(([code, language]) => ({ code: { rich_text: code ? [{ text: { content: code.replace(/```|~~~/g, "``") } }] : [], language } })),
    fc.constantFrom("E = mc^2", "a\\\\b", "x").map((expression) => ({ equation: { expression } })),
    fc.constant({ divider: {} }),
    fc.tuple(fc.boolean(), fc.boolean(), fc.array(fc.tuple(richText, richText), { minLength: 1, maxLength: 3 })).map(([head, col, rows]) => ({
      table: { table_width: 2, has_column_header: head, has_row_header: col, children: rows.map(([a, b]) => ({ table_row: { cells: [a, b] } })) },
    })),
  );
};
/** Two or three columns of leaf blocks (no tables: their rows would nest past what one append takes). */
const columns = fc.array(fc.array(blockArb(0).filter((b) => !b.table), { minLength: 1, maxLength: 2 }), { minLength: 2, maxLength: 3 }).map((cols) => ({ column_list: { children: cols.map((c) => ({ column: { children: c } })) } }));
const page = fc.array(fc.oneof({ weight: 6, arbitrary: blockArb(1) }, { weight: 1, arbitrary: columns }), { minLength: 1, maxLength: 6 });

/** Each block as [type, color, plain text, children], ids and times left out. */
async function shape(id: string): Promise<unknown[]> {
  const out = [];
  for (const b of await childrenOf(notion, id)) {
    const p = b[b.type];
    const plain = b.type === "table_row" ? p.cells.map((c: Json[]) => c.map((r) => r.plain_text).join("")) : (p.rich_text ?? []).map((r: Json) => r.plain_text).join("");
    out.push([b.type, p.color ?? null, plain, p.checked ?? null, p.is_toggleable ?? null, b.has_children ? await shape(b.id) : []]);
  }
  return out;
}

/**
 * v1 cannot write a callout without text whose first child is a paragraph: its text is the
 * callout's first line, so the paragraph reads back as the text (docs/design/markdown.md).
 */
const v1Limit = (blocks: Json[]): boolean =>
  blocks.some((b) => {
    const [type] = Object.keys(b);
    const kids: Json[] = b[type].children ?? [];
    return (type === "callout" && b[type].rich_text.length === 0 && kids[0]?.paragraph !== undefined) || v1Limit(kids);
  });

for (const dialect of ["v1", "v2"] as const) {
  describe(`blocks → ${dialect} markdown → blocks`, () => {
    test("structure, types, colors and text survive; the markdown is a fixed point", { timeout: 180_000 }, async () => {
      const parent = await newPage(notion, q.rootPageId, `Round trips ${dialect}`);
      const read = async (id: string) => (await q.raw("GET", `/v1/pages/${id}/markdown?markdown_version=${dialect}`, { version: V })).body.markdown as string;
      await fc.assert(
        fc.asyncProperty(page, async (blocks) => {
          fc.pre(dialect === "v2" || !v1Limit(blocks));
          const source = await newPage(notion, parent, "source");
          await append(notion, source, blocks);
          const m1 = await read(source);
          const res = await q.raw("POST", "/v1/pages", { version: V, body: JSON.stringify({ parent: { page_id: parent }, markdown: m1, markdown_version: dialect }) });
          assert.equal(res.status, 200, JSON.stringify(res.body));
          assert.deepEqual(await shape(res.body.id), await shape(source), m1);
          assert.equal(await read(res.body.id), m1);
        }),
        { numRuns: Number(process.env.MD_RUNS ?? 60), seed: Number(process.env.MD_SEED ?? 20261201) },
      );
    });
  });
}
