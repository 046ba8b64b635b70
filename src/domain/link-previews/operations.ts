/**
 * The `{uri, operations}` a partner answers to an unfurl callback and sends to
 * `PATCH /v1/external/object` (Notion's "Build a Link Preview integration", "Unfurl attribute
 * object"): one operation `{path: ["attributes"], set: [attribute…]}` — the full set, which must
 * hold a `title` and a `dev` attribute — and/or `{path: ["error"], set: {status, message}}`.
 * Attribute objects are kept as sent (bounded); only what Quire reads is checked.
 */
import { array, fail, isObject, number, object, string, type V } from "../../api/validate.js";

/** One unfurl attribute object (`{id, name, type, [type]: …}`), kept as the partner sent it. */
export type UnfurlAttribute = Record<string, unknown> & { id: string; name: string; type: string };

/** The partner's error on a preview. */
export interface UnfurlError {
  status: number;
  message: string;
}

/** What a set of operations says: the attributes (when set) and the error (null clears it). */
export interface Unfurl {
  attributes: UnfurlAttribute[] | null;
  error: UnfurlError | null;
}

const MAX_ATTRIBUTES = 50;
const MAX_ATTRIBUTE_JSON = 16 * 1024;

const attribute: V<UnfurlAttribute> = (value, path) => {
  if (!isObject(value)) fail(path, "should be an object", value);
  const id = string({ minLength: 1, maxLength: 100 })(value.id, `${path}.id`);
  string({ maxLength: 200 })(value.name, `${path}.name`);
  const type = string({ minLength: 1, maxLength: 50 })(value.type, `${path}.type`);
  if (!isObject(value[type])) fail(`${path}.${type}`, "should be an object", value[type]);
  if (JSON.stringify(value).length > MAX_ATTRIBUTE_JSON) fail(path, `should be at most ${MAX_ATTRIBUTE_JSON} characters of JSON`, "…");
  return { ...value, id } as UnfurlAttribute;
};
const errorSet = object({ status: number({ integer: true, min: 100, max: 599 }), message: string({ minLength: 1, maxLength: 2000 }) });

/** Validates `operations` (at `path`, e.g. "body.operations") into an Unfurl; Notion-worded validation errors. */
export function parseOperations(value: unknown, path: string): Unfurl {
  const ops = array((v) => v, { minLength: 1, maxLength: 2 })(value, path);
  const out: Unfurl = { attributes: null, error: null };
  ops.forEach((op, i) => {
    const at = `${path}[${i}]`;
    if (!isObject(op)) fail(at, "should be an object", op);
    const target = array(string())(op.path, `${at}.path`);
    if (target.length !== 1 || !["attributes", "error"].includes(target[0])) fail(`${at}.path`, 'should be `["attributes"]` or `["error"]`', op.path);
    if (target[0] === "attributes") out.attributes = attributes(op.set, `${at}.set`);
    else out.error = errorSet(op.set, `${at}.set`);
  });
  return out;
}

function attributes(value: unknown, path: string): UnfurlAttribute[] {
  const list = array(attribute, { minLength: 1, maxLength: MAX_ATTRIBUTES })(value, path);
  // "The array must contain a title and a dev attribute" (Build a Link Preview integration).
  for (const required of ["title", "dev"]) if (!list.some((a) => a.id === required)) fail(path, `should contain an attribute with id \`${required}\``, list.map((a) => a.id).join(", "));
  return list;
}

/** The text value of attribute `id` (`inline.title.value`, `inline.plain_text.value`…), or undefined. */
export function attributeText(list: readonly UnfurlAttribute[] | null, id: string): string | undefined {
  const a = list?.find((x) => x.id === id);
  if (!a) return undefined;
  const inner = a[a.type];
  if (!isObject(inner)) return undefined;
  for (const v of Object.values(inner)) if (isObject(v) && typeof v.value === "string") return v.value;
  for (const key of ["src_url", "uri", "url"]) if (typeof inner[key] === "string") return inner[key] as string;
  return undefined;
}
