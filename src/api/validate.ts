/**
 * A small validator whose failures read like Notion's:
 *   body failed validation: body.parent should be defined, instead was `undefined`.
 *   body failed validation. Fix one:\n<one line per alternative>
 * Validators are plain functions (value, path) → typed value; they throw Invalid.
 * Why our own and not ajv: Notion's messages depend on the JSON path, the offending value and
 * the union being tried; see docs/decisions/0002-validation.md.
 */
import { errors, ApiError } from "./errors.js";
import { normalizeId } from "./ids.js";
import { dict } from "../lib/dict.js";

/** A validation failure: one line, or several alternatives ("Fix one"). */
export class Invalid extends Error {
  constructor(readonly lines: string[], readonly alternatives = false) {
    super(lines.join("\n"));
  }
}

export type V<T> = (value: unknown, path: string) => T;

/** Renders a value the way Notion does inside backticks. */
export function show(value: unknown): string {
  if (value === undefined) return "undefined";
  // Notion cuts long values at 55 characters (seen in captured responses). Rendering stops
  // there too, so a deeply nested or huge value costs nothing (JSON.stringify would recurse
  // through all of it and can overflow the stack).
  const LIMIT = 55;
  let text = "";
  const emit = (s: string) => {
    text += s;
    return text.length > LIMIT;
  };
  const walk = (v: unknown): boolean => {
    if (v === null || typeof v !== "object") return emit(JSON.stringify(v) ?? "null");
    if (Array.isArray(v)) {
      if (emit("[")) return true;
      for (let i = 0; i < v.length; i++) if ((i > 0 && emit(",")) || walk(v[i] === undefined || typeof v[i] === "function" ? null : v[i])) return true;
      return emit("]");
    }
    if (emit("{")) return true;
    let first = true;
    for (const [k, x] of Object.entries(v)) {
      if (x === undefined || typeof x === "function" || typeof x === "symbol") continue;
      if (emit(`${first ? "" : ","}${JSON.stringify(k)}:`) || walk(x)) return true;
      first = false;
    }
    return emit("}");
  };
  walk(value);
  if (text.length > LIMIT) text = text.slice(0, LIMIT) + "...";
  return text;
}

export function fail(path: string, expectation: string, value: unknown): never {
  if (value === undefined) throw new Invalid([`${path} should be defined, instead was \`undefined\`.`]);
  throw new Invalid([`${path} ${expectation}, instead was \`${show(value)}\`.`]);
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

export interface StringOpts {
  maxLength?: number;
  minLength?: number;
  /** A test the string must pass, with the phrase used when it does not. */
  check?: { test: (s: string) => boolean; expectation: string };
}

export const string =
  (opts: StringOpts = {}): V<string> =>
  (value, path) => {
    if (typeof value !== "string") fail(path, "should be a string", value);
    if (opts.maxLength !== undefined && value.length > opts.maxLength)
      fail(`${path}.length`, `should be ≤ \`${opts.maxLength}\``, value.length);
    if (opts.minLength !== undefined && value.length < opts.minLength)
      fail(`${path}.length`, `should be ≥ \`${opts.minLength}\``, value.length);
    if (opts.check && !opts.check.test(value)) fail(path, opts.check.expectation, value);
    return value;
  };

export interface NumberOpts {
  min?: number;
  max?: number;
  integer?: boolean;
}

export const number =
  (opts: NumberOpts = {}): V<number> =>
  (value, path) => {
    if (typeof value !== "number" || !Number.isFinite(value)) fail(path, "should be a number", value);
    if (opts.integer && !Number.isInteger(value)) fail(path, "should be an integer", value);
    if (opts.min !== undefined && value < opts.min) fail(path, `should be ≥ \`${opts.min}\``, value);
    if (opts.max !== undefined && value > opts.max) fail(path, `should be ≤ \`${opts.max}\``, value);
    return value;
  };

export const boolean = (): V<boolean> => (value, path) => {
  if (typeof value !== "boolean") fail(path, "should be a boolean", value);
  return value;
};

/** "a", "a or b", "a, b, or c" — Notion's way of listing allowed values. */
export function listing(items: string[]): string {
  if (items.length <= 1) return items.join("");
  if (items.length === 2) return `${items[0]} or ${items[1]}`;
  return `${items.slice(0, -1).join(", ")}, or ${items[items.length - 1]}`;
}

/** One of a fixed set of strings. */
export function oneOf<const T extends string>(values: readonly T[]): V<T> {
  const set = new Set<string>(values);
  const expectation = `should be ${listing(values.map((x) => `\`${JSON.stringify(x)}\``))}`;
  return (value, path) => {
    if (typeof value !== "string" || !set.has(value)) fail(path, expectation, value);
    return value as T;
  };
}

export const literalTrue = (): V<true> => (value, path) => {
  if (value !== true) fail(path, "should be `true`", value);
  return true;
};

export const uuid = (): V<string> => (value, path) => {
  const id = normalizeId(value);
  if (id === null) fail(path, "should be a valid uuid", value);
  return id;
};

export const nullable =
  <T>(inner: V<T>): V<T | null> =>
  (value, path) =>
    value === null ? null : inner(value, path);

export const array =
  <T>(item: V<T>, opts: { maxLength?: number; minLength?: number } = {}): V<T[]> =>
  (value, path) => {
    if (!Array.isArray(value)) fail(path, "should be an array", value);
    if (opts.maxLength !== undefined && value.length > opts.maxLength)
      fail(`${path}.length`, `should be ≤ \`${opts.maxLength}\``, value.length);
    if (opts.minLength !== undefined && value.length < opts.minLength)
      fail(`${path}.length`, `should be ≥ \`${opts.minLength}\``, value.length);
    return value.map((x, i) => item(x, `${path}[${i}]`));
  };

const OPTIONAL = Symbol("optional");
export type Opt<T> = V<T | undefined> & { [OPTIONAL]: true };

/** Marks an object key as optional (absent is fine; present must validate). */
export function optional<T>(inner: V<T>): Opt<T> {
  const f = ((value: unknown, path: string) => {
    if (value === undefined) return undefined;
    try {
      return inner(value, path);
    } catch (e) {
      // Notion words a failed optional field "should be X or `undefined`".
      if (e instanceof Invalid && !e.alternatives && e.lines[0].startsWith(`${path} should be `)) {
        const line = e.lines[0].replace(/, instead was /, " or `undefined`, instead was ");
        throw new Invalid([line]);
      }
      throw e;
    }
  }) as Opt<T>;
  f[OPTIONAL] = true;
  return f;
}

type Shape = Record<string, V<unknown>>;
type Out<S extends Shape> = { [K in keyof S as S[K] extends Opt<unknown> ? never : K]: ReturnType<S[K]> } & {
  [K in keyof S as S[K] extends Opt<unknown> ? K : never]?: Exclude<ReturnType<S[K]>, undefined>;
};

/** An object with the given keys; keys not in the shape are ignored, as Notion does. */
export function object<S extends Shape>(shape: S): V<Out<S>> {
  const keys = Object.keys(shape);
  return (value, path) => {
    if (!isObject(value)) fail(path, "should be an object", value);
    const out: Record<string, unknown> = {};
    for (const key of keys) {
      const check = shape[key];
      const v = value[key];
      if (v === undefined && !(OPTIONAL in check)) fail(`${path}.${key}`, "should be defined", undefined);
      const r = check(v, `${path}.${key}`);
      if (r !== undefined) out[key] = r;
    }
    return out as Out<S>;
  };
}

/** An object whose values all pass one check (maps keyed by property name, say). */
export const record =
  <T>(item: V<T>): V<Record<string, T>> =>
  (value, path) => {
    if (!isObject(value)) fail(path, "should be an object", value);
    const out = dict<T>();
    for (const [k, v] of Object.entries(value)) out[k] = item(v, `${path}.${k}`);
    return out;
  };

/**
 * Tries each alternative in turn; when all fail, reports the first problem of each as
 * "Fix one:" lines, as Notion does for its unions.
 */
export const union =
  <T>(...alternatives: V<T>[]): V<T> =>
  (value, path) => {
    const lines: string[] = [];
    for (const alt of alternatives) {
      try {
        return alt(value, path);
      } catch (e) {
        if (!(e instanceof Invalid)) throw e;
        lines.push(...e.lines);
      }
    }
    throw new Invalid(lines, lines.length > 1);
  };

/** Any JSON value, unchecked. */
export const any = (): V<unknown> => (value) => value;

/** Runs a validator over a request part and turns failures into Notion's 400. */
export function check<T>(part: "body" | "path" | "query", validator: V<T>, value: unknown): T {
  try {
    return validator(value, part);
  } catch (e) {
    if (e instanceof Invalid) throw invalidToApiError(part, e);
    throw e;
  }
}

export function invalidToApiError(part: string, e: Invalid): ApiError {
  if (e.alternatives) return errors.validation(`${part} failed validation. Fix one:\n${e.lines.join("\n")}`);
  return errors.validation(`${part} failed validation: ${e.lines[0]}`);
}

export { isObject };
