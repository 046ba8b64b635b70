/**
 * Notion's property types and a property's schema as a data source stores it: the shapes every
 * layer reads (the query engine, the stores' row-key index), below the domain's validators
 * (domain/properties/schema.ts). Reference: developers.notion.com/reference/property-object
 */

/** Every property type Quire knows (the property object page lists them). */
export const PROPERTY_TYPES = [
  "title", "rich_text", "number", "select", "multi_select", "status", "date", "people", "files",
  "checkbox", "url", "email", "phone_number", "formula", "relation", "rollup", "created_time",
  "created_by", "last_edited_time", "last_edited_by", "unique_id", "verification", "button", "place",
] as const;
/** One of PROPERTY_TYPES. */
export type PropertyType = (typeof PROPERTY_TYPES)[number];

/** A select, multi-select or status option as stored. */
export interface SelectOption {
  id: string;
  name: string;
  color: string;
  description: string | null;
}

/** A status group as stored: its options by id. */
export interface StatusGroup {
  id: string;
  name: string;
  color: string;
  option_ids: string[];
}

/** A property as stored in a data source (config holds the type's settings). */
export interface PropertySchema {
  id: string;
  name: string;
  description: string | null;
  type: PropertyType;
  config: Record<string, unknown>;
}
