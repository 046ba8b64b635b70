/** Request validators for values shared by many objects: colors, dates, icons, covers, files, urls. */
import {
  V,
  fail,
  isObject,
  object,
  optional,
  oneOf,
  string,
  uuid,
  nullable,
  union,
  boolean,
  Invalid,
} from "../api/validate.js";
import { LIMITS } from "../api/limits.js";
import { customEmojiRef } from "./custom-emojis/refs.js";
import { externalSource } from "./files/write-back.js";
import { normalizeDate, type DateValue } from "./dates.js";

export const API_COLORS = [
  "default", "gray", "brown", "orange", "yellow", "green", "blue", "purple", "pink", "red",
  "default_background", "gray_background", "brown_background", "orange_background", "yellow_background",
  "green_background", "blue_background", "purple_background", "pink_background", "red_background",
] as const;
export type ApiColor = (typeof API_COLORS)[number];
export const apiColor = oneOf(API_COLORS);

export const ICON_COLORS = ["gray", "lightgray", "brown", "yellow", "orange", "green", "blue", "purple", "pink", "red"] as const;

/** http(s) URL of at most 2000 characters. */
export const url = (maxLength: number = LIMITS.URL): V<string> =>
  string({
    maxLength,
    check: {
      test: (s) => {
        if (!/^https?:\/\//i.test(s)) return false;
        try {
          new URL(s);
          return true;
        } catch {
          return false;
        }
      },
      expectation: "should be a valid url",
    },
  });

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const DATETIME_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?$/;

/** An ISO 8601 date or date-time, as Notion accepts in date values. */
export const isoDate = (): V<string> => (value, path) => {
  if (typeof value !== "string") fail(path, "should be a string", value);
  const ok = (DATE_RE.test(value) || DATETIME_RE.test(value)) && !Number.isNaN(Date.parse(value.length === 10 ? value + "T00:00:00Z" : value));
  if (!ok) fail(path, "should be a valid ISO 8601 date string", value);
  return value;
};

/** An IANA time zone name. */
export const timeZone = (): V<string> => (value, path) => {
  if (typeof value !== "string") fail(path, "should be a string", value);
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: value });
  } catch {
    fail(path, "should be a valid IANA time zone", value);
  }
  return value;
};

export type { DateValue };

/**
 * A date value in a request → the value stored: to the minute, with its UTC offset, `time_zone`
 * null (src/domain/dates.ts has the rules and their sources).
 */
export const dateValue = (): V<DateValue> => {
  const shape = object({ start: isoDate(), end: optional(nullable(isoDate())), time_zone: optional(nullable(timeZone())) });
  return (value, path) => normalizeDate(shape(value, path));
};

const graphemes = new Intl.Segmenter("en", { granularity: "grapheme" });

/** A single emoji (possibly with modifiers, joiners, flags or keycaps). */
export const emoji = (): V<string> => (value, path) => {
  if (typeof value !== "string") fail(path, "should be a string", value);
  const ok =
    value.length > 0 &&
    value.length <= 32 &&
    // One user-perceived character: "🚀🚀" is two emoji, "👨‍👩‍👧" is one.
    [...graphemes.segment(value)].length === 1 &&
    /^(\p{Extended_Pictographic}|\p{Regional_Indicator}|[#*0-9]\uFE0F?\u20E3)/u.test(value) &&
    /^[\p{Extended_Pictographic}\p{Emoji_Component}\p{Emoji_Modifier}\p{Regional_Indicator}\u200D\uFE0F\u20E3#*0-9]+$/u.test(value);
  if (!ok) fail(path, "should be a valid emoji", value);
  return value;
};

type Json = Record<string, unknown>;

/** Picks the variant named by `type`, or by the first variant key present. */
export function variant<T>(variants: Record<string, V<T>>, path: string, value: unknown): T {
  if (!isObject(value)) fail(path, "should be an object", value);
  const keys = Object.keys(variants);
  const declared = value.type;
  if (declared !== undefined) {
    if (typeof declared !== "string" || !Object.hasOwn(variants, declared)) fail(`${path}.type`, `should be ${keys.map((k) => `\`"${k}"\``).join(", ")}`, declared);
    return variants[declared](value, path);
  }
  const present = keys.find((k) => value[k] !== undefined);
  if (present) return variants[present](value, path);
  throw new Invalid(
    keys.map((k) => `${path}.${k} should be defined, instead was \`undefined\`.`),
    keys.length > 1,
  );
}

/**
 * Where a file comes from in a request: an external URL (one of this server's download URLs is
 * marked, and settled when the node is written), or an uploaded file — kept as the
 * `{type: "file_upload", file_upload: {id}}` placeholder, claimed when the node is written
 * (domain/files/claim.ts); shared by icons, covers and media blocks.
 */
const fileSources: Record<"external" | "file_upload", V<Json>> = {
  external: (v, p) => externalSource(object({ url: url() })((v as Json).external, `${p}.external`).url),
  file_upload: (v, p) => ({ type: "file_upload", file_upload: { id: object({ id: uuid() })((v as Json).file_upload, `${p}.file_upload`).id } }),
};

/**
 * Notion's own icon URLs, `https://www.notion.so/icons/<name>_<color>.svg`, given as an external
 * icon are stored (and answered) as the native icon: `{type: "icon", icon: {name, color}}`
 * (recorded 2025-09-03 traffic, ultimate-notion tests/cassettes test_icon_attr #5–#6). The name is
 * the file name up to its last `_`; a colour Notion does not have, another host or another path
 * stays an external icon (unconfirmed: only that URL form is recorded).
 */
function notionIcon(value: Json): Json | null {
  const external = value.external as Json | undefined;
  const m = typeof external?.url === "string" ? /^https:\/\/www\.notion\.so\/icons\/([a-z0-9-]+(?:_[a-z0-9-]+)*)_([a-z]+)\.svg$/.exec(external.url) : null;
  if (!m || !(ICON_COLORS as readonly string[]).includes(m[2])) return null;
  return { type: "icon", icon: { name: m[1], color: m[2] } };
}

/** Icon in a request → stored icon (response form, file URLs resolved later). */
export const iconRequest = (): V<Json> => (value, path) =>
  variant<Json>(
    {
      emoji: (v, p) => ({ type: "emoji", emoji: emoji()((v as Json).emoji, `${p}.emoji`) }),
      external: (v, p) => notionIcon(v as Json) ?? fileSources.external(v, p),
      icon: (v, p) => {
        const i = object({ name: string({ minLength: 1, maxLength: 100 }), color: optional(oneOf(ICON_COLORS)) })((v as Json).icon, `${p}.icon`);
        return { type: "icon", icon: { name: i.name, color: i.color ?? "gray" } };
      },
      file_upload: fileSources.file_upload,
      // Resolved against the workspace's emojis when stored (domain/custom-emojis/refs.ts resolveIcon).
      custom_emoji: (v, p) => ({ type: "custom_emoji", custom_emoji: customEmojiRef((v as Json).custom_emoji, `${p}.custom_emoji`) }),
    },
    path,
    value,
  );

/** Cover in a request → stored cover. */
export const coverRequest = (): V<Json> => (value, path) => variant<Json>(fileSources, path, value);

/** A file object for media blocks: external URL (file uploads arrive with the file-upload issue). */
export const mediaFile = (): V<Json> => (value, path) => variant<Json>(fileSources, path, value);

export { boolean, union };
