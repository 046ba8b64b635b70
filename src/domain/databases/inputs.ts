/** Typed inputs of the database and data-source verbs (validated in routes/databases.schema.ts). */
import type { RichTextRequest } from "../rich-text.js";
import type { PropertyRequest } from "../properties/schema.js";
import type { ParentInput } from "../pages/inputs.js";

type Json = Record<string, unknown>;

export interface CreateDatabaseInput {
  parent: ParentInput;
  title?: RichTextRequest[];
  description?: RichTextRequest[];
  is_inline?: boolean;
  icon?: Json | null;
  cover?: Json | null;
  /** Keys are property names. */
  properties?: Record<string, PropertyRequest>;
}

export interface UpdateDatabaseInput {
  parent?: ParentInput;
  title?: RichTextRequest[];
  description?: RichTextRequest[];
  is_inline?: boolean;
  icon?: Json | null;
  cover?: Json | null;
  in_trash?: boolean;
  is_locked?: boolean;
  /** 2022-06-28 only: schema changes to the single data source. */
  properties?: Record<string, PropertyRequest | null>;
}

export interface CreateDataSourceInput {
  databaseId: string;
  title?: RichTextRequest[];
  icon?: Json | null;
  properties: Record<string, PropertyRequest>;
}

export interface UpdateDataSourceInput {
  title?: RichTextRequest[];
  description?: RichTextRequest[];
  icon?: Json | null;
  in_trash?: boolean;
  databaseId?: string;
  properties?: Record<string, PropertyRequest | null>;
}
