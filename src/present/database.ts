/**
 * Databases and data sources per API version: from 2025-09-03 a database is a container of data
 * sources; under 2022-06-28 it is one table whose schema is its single data source's.
 */
import type { NodeRow } from "../storage/types.js";
import type { DatabaseNode, DataSourceNode } from "../domain/databases/model.js";
import { hasArchived, type ApiVersion } from "../api/version.js";
import { iso, isoMinute } from "../domain/clock.js";
import { isTrashed } from "../domain/trash.js";
import { compactId } from "../api/ids.js";
import { plainText } from "../api/rich-text.js";
import { partialUser, presentParent } from "./common.js";
import { presentSchema } from "./property-schema.js";
import type { FileUrls } from "../domain/files/urls.js";
import { shapeItems } from "./mentions.js";

/** Database timestamps carry milliseconds and a +00:00 offset (recorded 2025-09-03 responses). */
const offsetTime = (ms: number) => iso(ms).replace("Z", "+00:00");

export const databaseUrl = (origin: string, id: string) => `${origin}/${compactId(id)}`;

/**
 * A title or description as rich text goes out: custom emoji mentions made from an upload with a
 * URL signed for the reader (`src` the object holding them), date mentions in their shown form.
 */
const shownText = <T>(items: T[], files: FileUrls, src: string): T[] => shapeItems(items, undefined, { urls: files, src }) as T[];

function withArchived<T extends Record<string, unknown>>(obj: T, node: NodeRow, version: ApiVersion): T {
  if (hasArchived(version)) (obj as Record<string, unknown>).archived = isTrashed(node);
  return obj;
}

/** 2025-09-03+: the container, listing its data sources (`files` signs a Notion-hosted icon and cover). */
export function presentDatabase(db: DatabaseNode, sources: DataSourceNode[], version: ApiVersion, origin: string, files: FileUrls) {
  return withArchived(
    {
      object: "database" as const,
      id: db.id,
      title: shownText(db.data.title, files, db.id),
      description: shownText(db.data.description, files, db.id),
      parent: presentParent(db, version),
      is_inline: db.data.is_inline,
      in_trash: isTrashed(db),
      is_locked: db.is_locked,
      created_time: offsetTime(db.created_time),
      last_edited_time: offsetTime(db.last_edited_time),
      data_sources: sources.map((s) => ({ id: s.id, name: plainText(s.data.title) })),
      icon: files.sign(db.icon, db.id),
      cover: files.sign(db.cover, db.id),
      url: databaseUrl(origin, db.id),
      public_url: null,
    },
    db,
    version,
  );
}

/** 2022-06-28: the database as one table with `properties`. */
export function presentLegacyDatabase(db: DatabaseNode, source: DataSourceNode, origin: string, files: FileUrls) {
  return {
    object: "database" as const,
    id: db.id,
    cover: files.sign(db.cover, db.id),
    icon: files.sign(db.icon, db.id),
    created_time: isoMinute(db.created_time),
    created_by: partialUser(db.created_by),
    last_edited_by: partialUser(db.last_edited_by),
    last_edited_time: isoMinute(Math.max(db.last_edited_time, source.last_edited_time)),
    title: shownText(db.data.title, files, db.id),
    description: shownText(db.data.description, files, db.id),
    is_inline: db.data.is_inline,
    properties: presentSchema(source.data.properties, "2022-06-28", { dataSourceId: source.id, workspaceId: source.workspace_id }),
    parent: presentParent(db, "2022-06-28"),
    url: databaseUrl(origin, db.id),
    public_url: null,
    archived: isTrashed(db),
    in_trash: isTrashed(db),
    is_locked: db.is_locked,
  };
}

/** A data source (`files` signs a Notion-hosted icon and cover). */
export function presentDataSource(ds: DataSourceNode, db: DatabaseNode, version: ApiVersion, origin: string, files: FileUrls) {
  const obj = {
    object: "data_source" as const,
    id: ds.id,
    cover: files.sign(ds.cover, ds.id),
    icon: files.sign(ds.icon, ds.id),
    created_time: isoMinute(ds.created_time),
    created_by: partialUser(ds.created_by),
    last_edited_by: partialUser(ds.last_edited_by),
    last_edited_time: isoMinute(ds.last_edited_time),
    title: shownText(ds.data.title, files, ds.id),
    description: shownText(ds.data.description, files, ds.id),
    is_inline: db.data.is_inline,
    properties: presentSchema(ds.data.properties, version, { dataSourceId: ds.id, workspaceId: ds.workspace_id }),
    parent: { type: "database_id" as const, database_id: db.id },
    database_parent: presentParent(db, version),
    url: databaseUrl(origin, db.id),
    public_url: null,
    in_trash: isTrashed(ds),
  };
  return withArchived(obj, ds, version);
}

/** Without read content: `{object, id, properties}` (the SDK's PartialDataSourceObjectResponse keeps the schema). */
export function partialDataSource(ds: DataSourceNode, version: ApiVersion) {
  return { object: "data_source" as const, id: ds.id, properties: presentSchema(ds.data.properties, version, { dataSourceId: ds.id, workspaceId: ds.workspace_id }) };
}

/** Without read content: `{object, id}`. */
export const partialDatabase = (id: string) => ({ object: "database" as const, id });
