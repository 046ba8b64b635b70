/** Typed inputs of the page verbs (validated at the route, see routes/pages.schema.ts). */
import type { RichTextRequest } from "../rich-text.js";
import type { BlockDraft } from "../blocks/parse.js";
import type { Placement } from "../nodes.js";
import type { MdDraft } from "../markdown/parse.js";
import type { TemplateInput } from "../templates/apply.js";

export type ParentInput =
  | { type: "page_id"; id: string }
  | { type: "database_id"; id: string }
  | { type: "data_source_id"; id: string }
  | { type: "workspace" };

type Json = Record<string, unknown>;

export interface CreatePageInput {
  parent: ParentInput;
  title: RichTextRequest[] | null;
  /** Property keys other than the title (an error for non-database parents). */
  otherProperties: string[];
  /** `properties` as sent, for database pages (validated against the data source schema). */
  rawProperties?: Record<string, unknown>;
  icon?: Json | null;
  cover?: Json | null;
  children: BlockDraft[];
  /** `markdown` content, parsed (instead of `children`). */
  markdown?: MdDraft[];
  position: Placement;
  /** A template to apply after the answer (never `none`; no children, content or markdown with it). */
  template?: TemplateInput;
}

export interface UpdatePageInput {
  title?: RichTextRequest[];
  otherProperties: string[];
  rawProperties?: Record<string, unknown>;
  icon?: Json | null;
  cover?: Json | null;
  in_trash?: boolean;
  is_locked?: boolean;
  is_archived?: boolean;
  erase_content?: boolean;
  /** A template to merge into the page after the answer. */
  template?: TemplateInput;
}

export interface MovePageInput {
  parent: ParentInput;
}
