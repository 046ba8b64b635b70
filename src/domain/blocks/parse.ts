/**
 * Parses the `children` of an append / page-create request into block drafts, enforcing
 * Notion's request limits (100 per array, two levels of nesting, 1000 blocks per payload) and
 * the structural rules (columns in column lists, rows in tables of the right width).
 * Reference: developers.notion.com/reference/patch-block-children
 */
import { Invalid, fail, isObject, show } from "../../api/validate.js";
import { LIMITS } from "../../api/limits.js";
import { BLOCK_SPECS, CREATABLE_TYPES, acceptsChildren, validatePayload } from "./types.js";

type Json = Record<string, unknown>;

export interface BlockDraft {
  type: string;
  payload: Json;
  children: BlockDraft[];
}

/** Where the drafts will go: decides which block types are allowed at the first level. */
export interface ParentContext {
  type: string;
  payload: Json;
}

const META_KEYS = new Set(["object", "type", "children", "id", "has_children", "archived", "in_trash", "parent", "created_time", "last_edited_time", "created_by", "last_edited_by"]);

function blockType(item: Json, path: string): string {
  const declared = item.type;
  if (declared !== undefined) {
    if (typeof declared !== "string" || !Object.hasOwn(BLOCK_SPECS, declared)) fail(`${path}.type`, "should be a valid block type", declared);
    return declared;
  }
  const key = Object.keys(item).find((k) => !META_KEYS.has(k) && Object.hasOwn(BLOCK_SPECS, k) && item[k] !== undefined);
  if (key) return key;
  throw new Invalid(CREATABLE_TYPES.map((t) => `${path}.${t} should be defined, instead was \`undefined\`.`), true);
}

class Counter {
  n = 0;
}

/** Parses an array of block requests. `depth` 0 = the blocks being appended. */
export function parseBlocks(value: unknown, path: string, parent: ParentContext | null, depth = 0, counter = new Counter()): BlockDraft[] {
  if (!Array.isArray(value)) fail(path, "should be an array", value);
  if (value.length > LIMITS.CHILDREN_PER_REQUEST) fail(`${path}.length`, `should be ≤ \`${LIMITS.CHILDREN_PER_REQUEST}\``, value.length);
  const drafts = value.map((item, i) => parseBlock(item, `${path}[${i}]`, depth, counter));
  if (parent) checkPlacement(parent, drafts, path);
  if (depth === 0 && counter.n > LIMITS.BLOCKS_PER_PAYLOAD)
    fail(`${path}`, `should contain at most \`${LIMITS.BLOCKS_PER_PAYLOAD}\` blocks in total`, counter.n);
  return drafts;
}

function parseBlock(item: unknown, path: string, depth: number, counter: Counter): BlockDraft {
  if (!isObject(item)) fail(path, "should be an object", item);
  counter.n++;
  const type = blockType(item, path);
  const spec = BLOCK_SPECS[type];
  if (!spec.creatable) fail(`${path}.${type}`, "should be not present", item[type]);
  const raw = item[type];
  const payload = validatePayload(type, raw, `${path}.${type}`);
  const childValue = isObject(raw) && raw.children !== undefined ? raw.children : item.children;
  const childPath = isObject(raw) && raw.children !== undefined ? `${path}.${type}.children` : `${path}.children`;
  let children: BlockDraft[] = [];
  // A synced-block reference shows its original's children: an empty `children` array sent with
  // it is accepted and ignored (recorded 2026-03-11 traffic, ultimate-notion tests/cassettes
  // test_create_sync_blocks #4).
  const ignored = type === "synced_block" && payload.synced_from !== null && Array.isArray(childValue) && childValue.length === 0;
  if (childValue !== undefined && !ignored) {
    if (!acceptsChildren(type, payload) || depth >= LIMITS.CHILDREN_NESTING) fail(childPath, "should be not present", childValue);
    children = parseBlocks(childValue, childPath, { type, payload }, depth + 1, counter);
  }
  if (type === "column_list" && children.length < 2)
    fail(childPath, "should contain at least `2` column blocks", children.length);
  // Columns may be empty: the reference says a column needs a child, yet the live API accepts
  // `{column: {children: []}}` and answers `has_children: false` (recorded 2026-03-11 traffic,
  // ultimate-notion tests/cassettes test_create_column_blocks #3, test_modify_column_blocks #14).
  // A column without any `children` key is accepted the same way (unconfirmed).
  if (type === "table" && children.length < 1) fail(childPath, "should contain at least `1` table_row block", children.length);
  return { type, payload, children };
}

/** Checks that each draft may sit directly inside `parent`. */
export function checkPlacement(parent: ParentContext, drafts: BlockDraft[], path: string): void {
  const rule = BLOCK_SPECS[parent.type]?.children ?? "any";
  drafts.forEach((d, i) => {
    const at = `${path}[${i}]`;
    if (rule === "columns" && d.type !== "column") fail(`${at}.type`, "should be `\"column\"`", d.type);
    if (rule !== "columns" && d.type === "column") fail(`${at}.type`, "should not be `\"column\"` outside a column_list", d.type);
    if (rule === "rows" && d.type !== "table_row") fail(`${at}.type`, "should be `\"table_row\"`", d.type);
    if (rule !== "rows" && d.type === "table_row") fail(`${at}.type`, "should not be `\"table_row\"` outside a table", d.type);
    if (rule === "tab_items" && d.type !== "paragraph") fail(`${at}.type`, "should be `\"paragraph\"`", d.type);
    if (rule === "rows") {
      const width = parent.payload.table_width as number;
      const cells = (d.payload.cells as unknown[]).length;
      if (cells !== width) fail(`${at}.table_row.cells.length`, `should be \`${width}\` (the table width)`, cells);
    }
  });
}

export { show };
