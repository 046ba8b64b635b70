/** Request schemas of /v1/pages, producing the typed inputs of the page verbs. */
import { V, boolean, fail, isObject, literalTrue, nullable, string, uuid, Invalid } from "../api/validate.js";
import { hasArchived, type ApiVersion } from "../api/version.js";
import { coverRequest, iconRequest, timeZone, variant } from "../domain/values.js";
import { richText, type RichTextRequest } from "../domain/rich-text.js";
import { parseBlocks } from "../domain/blocks/parse.js";
import type { Placement } from "../domain/nodes.js";
import { parseMarkdown, type MdDraft } from "../domain/markdown/parse.js";
import { markdownVersionInput } from "./markdown.schema.js";
import type { CreatePageInput, MovePageInput, ParentInput, UpdatePageInput } from "../domain/pages/inputs.js";
import { childrenWithTemplate, type TemplateInput } from "../domain/templates/apply.js";

type Json = Record<string, unknown>;

export const parentInput: V<ParentInput> = (value, path) =>
  variant<ParentInput>(
    {
      page_id: (v, p) => ({ type: "page_id", id: uuid()((v as Json).page_id, `${p}.page_id`) }),
      database_id: (v, p) => ({ type: "database_id", id: uuid()((v as Json).database_id, `${p}.database_id`) }),
      data_source_id: (v, p) => ({ type: "data_source_id", id: uuid()((v as Json).data_source_id, `${p}.data_source_id`) }),
      workspace: (v, p) => {
        literalTrue()((v as Json).workspace, `${p}.workspace`);
        return { type: "workspace" };
      },
    },
    path,
    value,
  );

/** Splits `properties` into the title and the names of any other keys. */
function properties(value: unknown, path: string): { title?: RichTextRequest[]; other: string[]; raw?: Record<string, unknown> } {
  if (value === undefined) return { other: [] };
  if (!isObject(value)) fail(path, "should be an object", value);
  let title: RichTextRequest[] | undefined;
  const other: string[] = [];
  for (const [key, v] of Object.entries(value)) {
    const at = `${path}.${key}`;
    if (isObject(v) && (v.type === "title" || Array.isArray(v.title))) title = richText()(v.title, `${at}.title`);
    else if (key === "title") title = richText()(v, at);
    else other.push(key);
  }
  return { title, other, raw: value };
}

const pagePosition: V<Placement> = (value, path) =>
  variant<Placement>(
    {
      page_start: () => ({ type: "start" }),
      page_end: () => ({ type: "end" }),
      after_block: (v, p) => ({ type: "after_block", id: uuid()(((v as Json).after_block as Json | undefined)?.id, `${p}.after_block.id`) }),
    },
    path,
    isObject(value) && value.type === undefined ? value : value,
  );

/**
 * `template` (developers.notion.com/reference/post-page, …/patch-page): `none` (create only),
 * `default`, or `template_id`, with an optional `timezone` for template variables.
 */
function templateInput(value: unknown, path: string, update: boolean): TemplateInput | undefined {
  if (value === undefined) return undefined;
  const zone = (v: unknown, p: string) => {
    const t = (v as Json).timezone;
    return t === undefined ? {} : { timezone: timeZone()(t, `${p}.timezone`) };
  };
  const variants: Record<string, V<TemplateInput>> = {
    default: (v, p) => ({ type: "default", ...zone(v, p) }),
    template_id: (v, p) => ({ type: "template_id", template_id: uuid()((v as Json).template_id, `${p}.template_id`), ...zone(v, p) }),
  };
  // pages.update has no `none` (SDK 5.26 UpdatePageBodyParameters).
  if (!update) variants.none = () => ({ type: "none" });
  if (isObject(value) && value.type === undefined && value.template_id === undefined) fail(`${path}.type`, "should be defined", undefined);
  return variant<TemplateInput>(variants, path, value);
}

/** Fails when a template is used with content of its own (children, content or markdown). */
function noContentWithTemplate(body: Json, template: TemplateInput | undefined): void {
  if (!template || template.type === "none") return;
  for (const key of ["children", "content", "markdown"]) if (body[key] !== undefined) childrenWithTemplate(key);
}

/**
 * `markdown` (instead of `children`/`content`), parsed in the dialect `markdown_version` names;
 * `allow_async` is for the route. `markdown_version` goes only with `markdown`: with `children`
 * it is a 400 validation_error (migrate-to-notion-flavored-markdown; wording ours).
 */
function markdownInput(body: Json, path: string, version: ApiVersion): MdDraft[] | undefined {
  if (body.allow_async !== undefined) boolean()(body.allow_async, `${path}.allow_async`);
  if (body.markdown === undefined) {
    for (const key of ["children", "content"])
      if (body[key] !== undefined && body.markdown_version !== undefined) fail(`${path}.markdown_version`, `should be not present when \`${key}\` is given (it goes with \`markdown\`)`, body.markdown_version);
    return undefined;
  }
  const text = string()(body.markdown, `${path}.markdown`);
  for (const key of ["children", "content"]) if (body[key] !== undefined) fail(`${path}.${key}`, "should be not present when `markdown` is given", body[key]);
  return parseMarkdown(text, markdownVersionInput(version)(body.markdown_version, `${path}.markdown_version`));
}

/** The body of POST /v1/pages under `version` (the markdown dialect's default depends on it). */
export const createPageInput = (version: ApiVersion): V<CreatePageInput> => (value, path) => {
  const body = value as Json;
  const markdown = markdownInput(body, path, version);
  const parent = parentInput(body.parent, `${path}.parent`);
  const props = properties(body.properties, `${path}.properties`);
  const childrenKey = body.children !== undefined ? "children" : "content";
  const children =
    body[childrenKey] === undefined ? [] : parseBlocks(body[childrenKey], `${path}.${childrenKey}`, { type: "page", payload: {} });
  const template = templateInput(body.template, `${path}.template`, false);
  noContentWithTemplate(body, template);
  const input: CreatePageInput = {
    parent,
    title: props.title ?? null,
    otherProperties: props.other,
    rawProperties: props.raw,
    children,
    markdown,
    position: body.position === undefined ? { type: "end" } : pagePosition(body.position, `${path}.position`),
  };
  if (template && template.type !== "none") input.template = template;
  if (body.icon !== undefined) input.icon = nullable(iconRequest())(body.icon, `${path}.icon`);
  if (body.cover !== undefined) input.cover = nullable(coverRequest())(body.cover, `${path}.cover`);
  return input;
};

export const updatePageInput =
  (version: ApiVersion): V<UpdatePageInput> =>
  (value, path) => {
    const body = value as Json;
    const props = properties(body.properties, `${path}.properties`);
    if (body.archived !== undefined && !hasArchived(version)) fail(`${path}.archived`, "should be not present", body.archived);
    const template = templateInput(body.template, `${path}.template`, true);
    const input: UpdatePageInput = { otherProperties: props.other, rawProperties: props.raw };
    if (template) input.template = template;
    if (props.title) input.title = props.title;
    if (body.icon !== undefined) input.icon = nullable(iconRequest())(body.icon, `${path}.icon`);
    if (body.cover !== undefined) input.cover = nullable(coverRequest())(body.cover, `${path}.cover`);
    const trash = body.in_trash !== undefined ? boolean()(body.in_trash, `${path}.in_trash`) : undefined;
    const archived = body.archived !== undefined ? boolean()(body.archived, `${path}.archived`) : undefined;
    if (trash !== undefined || archived !== undefined) input.in_trash = trash ?? archived;
    if (body.is_locked !== undefined) input.is_locked = boolean()(body.is_locked, `${path}.is_locked`);
    if (body.is_archived !== undefined) input.is_archived = boolean()(body.is_archived, `${path}.is_archived`);
    if (body.erase_content !== undefined) input.erase_content = boolean()(body.erase_content, `${path}.erase_content`);
    return input;
  };

export const movePageInput: V<MovePageInput> = (value, path) => ({ parent: parentInput((value as Json).parent, `${path}.parent`) });
