/**
 * The data set of `npm run bench:query`: a "Tasks" data source of N rows (100,000 by default)
 * with fifteen stored property types plus created/edited time, and a "Projects" data source it
 * relates to through a dual relation (every project lists its tasks on the other side).
 *
 * Built in three steps on a Quire data dir:
 *   1. through the API (a Quire on the dir, @notionhq/client and the /_quire admin API): users,
 *      both schemas, the projects, and the first `apiRows` tasks;
 *   2. with Quire stopped, the other tasks straight into the store (openSqliteStore +
 *      tx.insertNodes), in the stored format of docs/design/database-values.md with `idx` from
 *      projectIdx, the projects' synced relation lists and the unique_id counter updated;
 *   3. a check that step 2 writes what the API writes: every API-made task is compared, property
 *      by property and idx too, with the stored form the generator makes for the same row.
 * Values come from a seeded PRNG, so every build holds the same data (ids and times aside).
 */
import { Client } from "@notionhq/client";
import { isDeepStrictEqual } from "node:util";
import { writeFileSync, readFileSync, existsSync, statSync } from "node:fs";
import { join } from "node:path";
import { startQuire } from "../../src/index.js";
import { openSqliteStore } from "../../src/storage/sqlite.js";
import { projectIdx } from "../../src/query/index.js";
import type { NodeRow, StoredNode } from "../../src/storage/types.js";
import type { PropertySchema, SelectOption } from "../../src/domain/properties/schema.js";
import { prng } from "./prng.js";

export interface Dataset {
  dataDir: string;
  dbFile: string;
  workspaceId: string;
  rows: number;
  apiRows: number;
  /** Build time (epoch ms): dates and times of the data are spread around it. */
  t0: number;
  tasksDataSourceId: string;
  projectsDataSourceId: string;
  /** Tasks property ids by name, and option ids by property name and option name. */
  pid: Record<string, string>;
  options: Record<string, Record<string, string>>;
  users: string[];
  projects: string[];
  buildSeconds: number;
}

const DAY = 86_400_000;
const TAGS = ["backend", "frontend", "infra", "design", "docs", "security", "mobile", "data", "billing", "support"];
const PRIORITIES = ["Low", "Medium", "High", "Urgent"];
const STATUSES = ["Not started", "In progress", "Done"];
const VERBS = ["Fix", "Write", "Review", "Update", "Plan", "Draft", "Test", "Ship", "Refactor", "Design", "Audit", "Migrate"];
const ADJECTIVES = ["quarterly", "weekly", "new", "legacy", "customer", "internal", "mobile", "public", "broken", "slow"];
const NOUNS = ["login", "report", "invoice", "dashboard", "onboarding", "export", "search", "billing", "API", "docs", "release", "budget", "pipeline", "settings"];
const WORDS = (
  "the a customer team needs this before launch because current flow breaks when users open old links from email " +
  "and support keeps getting tickets about missing data in weekly report so we should check logs metrics and fix it " +
  "after review with design product and security then update docs"
).split(" ");

/** One task's values, independent of how they are written (API request or stored row). */
interface TaskValues {
  name: string;
  notes: string | null;
  estimate: number | null;
  priority: string | null;
  status: string;
  tags: string[];
  due: { start: string; end: string | null } | null;
  done: boolean;
  assignees: string[];
  link: string | null;
  contact: string | null;
  phone: string | null;
  projects: string[];
  file: { name: string; url: string } | null;
}

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

function taskValues(i: number, t0: number, users: string[], projects: string[]): TaskValues {
  const r = prng(0x5eed + i * 7919);
  const words = (n: number) => Array.from({ length: n }, () => r.pick(WORDS)).join(" ");
  const dueStart = t0 + (r.int(730) - 365) * DAY;
  const assignees = r.chance(0.1) ? [] : r.chance(0.78) ? [r.pick(users)] : [r.pick(users), r.pick(users)];
  const tagCount = r.pick([0, 1, 1, 2, 2, 3]);
  const projectCount = r.chance(0.05) ? 0 : r.chance(0.95) ? 1 : 2;
  return {
    name: `${r.pick(VERBS)} ${r.pick(ADJECTIVES)} ${r.pick(NOUNS)} ${i + 1}`,
    notes: r.chance(0.85) ? `${words(8 + r.int(16))}.` : null,
    estimate: r.chance(0.1) ? null : r.pick([1, 2, 3, 5, 8, 13]),
    priority: r.chance(0.05) ? null : r.pick(PRIORITIES),
    status: r.pick(STATUSES),
    tags: [...new Set(Array.from({ length: tagCount }, () => r.pick(TAGS)))],
    due: r.chance(0.2) ? null : { start: isoDay(dueStart), end: r.chance(0.1) ? isoDay(dueStart + (1 + r.int(5)) * DAY) : null },
    done: r.chance(0.3),
    assignees: [...new Set(assignees)],
    link: r.chance(0.3) ? `https://tracker.example.com/issues/${100000 + i}` : null,
    contact: r.chance(0.3) ? `person${r.int(5000)}@example.com` : null,
    phone: r.chance(0.2) ? `+1 555 ${String(1000000 + r.int(8999999)).slice(0, 7)}` : null,
    projects: [...new Set(Array.from({ length: projectCount }, () => r.pick(projects)))],
    file: r.chance(0.1) ? { name: `spec-${i + 1}.pdf`, url: `https://files.example.com/spec-${i + 1}.pdf` } : null,
  };
}

/** The pages.create `properties` of a task. */
function requestProperties(v: TaskValues): Record<string, unknown> {
  const p: Record<string, unknown> = {
    Name: { title: [{ text: { content: v.name } }] },
    Status: { status: { name: v.status } },
    Done: { checkbox: v.done },
  };
  if (v.notes !== null) p.Notes = { rich_text: [{ text: { content: v.notes } }] };
  if (v.estimate !== null) p.Estimate = { number: v.estimate };
  if (v.priority !== null) p.Priority = { select: { name: v.priority } };
  if (v.tags.length) p.Tags = { multi_select: v.tags.map((name) => ({ name })) };
  if (v.due) p.Due = { date: v.due.end ? { start: v.due.start, end: v.due.end } : { start: v.due.start } };
  if (v.assignees.length) p.Assignee = { people: v.assignees.map((id) => ({ id })) };
  if (v.link !== null) p.Link = { url: v.link };
  if (v.contact !== null) p.Contact = { email: v.contact };
  if (v.phone !== null) p.Phone = { phone_number: v.phone };
  if (v.projects.length) p.Project = { relation: v.projects.map((id) => ({ id })) };
  if (v.file) p.Attachments = { files: [{ name: v.file.name, external: { url: v.file.url } }] };
  return p;
}

const storedText = (content: string) => [
  {
    type: "text",
    text: { content, link: null },
    annotations: { bold: false, italic: false, strikethrough: false, underline: false, code: false, color: "default" },
    plain_text: content,
    href: null,
  },
];

/** The stored `properties` of a task (keys: property ids), as the API would write them. */
function storedProperties(v: TaskValues, ds: Dataset, uniqueId: number): Record<string, unknown> {
  const { pid, options } = ds;
  const p: Record<string, unknown> = {
    [pid.ID]: uniqueId,
    [pid.Name]: storedText(v.name),
    [pid.Status]: options.Status[v.status],
    [pid.Done]: v.done,
  };
  if (v.notes !== null) p[pid.Notes] = storedText(v.notes);
  if (v.estimate !== null) p[pid.Estimate] = v.estimate;
  if (v.priority !== null) p[pid.Priority] = options.Priority[v.priority];
  if (v.tags.length) p[pid.Tags] = v.tags.map((t) => options.Tags[t]);
  if (v.due) p[pid.Due] = { start: v.due.start, end: v.due.end, time_zone: null };
  if (v.assignees.length) p[pid.Assignee] = v.assignees;
  if (v.link !== null) p[pid.Link] = v.link;
  if (v.contact !== null) p[pid.Contact] = v.contact;
  if (v.phone !== null) p[pid.Phone] = v.phone;
  if (v.projects.length) p[pid.Project] = v.projects;
  if (v.file) p[pid.Attachments] = [{ name: v.file.name, type: "external", external: { url: v.file.url } }];
  return p;
}

const TASK_SCHEMA = {
  Name: { title: {} },
  Notes: { rich_text: {} },
  Estimate: { number: { format: "number" } },
  Priority: { select: { options: PRIORITIES.map((name) => ({ name })) } },
  Status: { status: {} },
  Tags: { multi_select: { options: TAGS.map((name) => ({ name })) } },
  Due: { date: {} },
  Done: { checkbox: {} },
  Assignee: { people: {} },
  Link: { url: {} },
  Contact: { email: {} },
  Phone: { phone_number: {} },
  Attachments: { files: {} },
  ID: { unique_id: { prefix: "TASK" } },
  Created: { created_time: {} },
  Edited: { last_edited_time: {} },
};

async function admin(url: string, key: string, method: string, path: string, body?: unknown): Promise<any> {
  const res = await fetch(url + path, { method, headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
  const json = await res.json();
  if (res.status !== 200) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

/** Runs `fn` over `items` with at most `limit` calls in flight. */
async function pool<T, R>(items: T[], limit: number, fn: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: limit }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i], i);
    }
  }));
  return out;
}

export interface BuildOptions {
  rows: number;
  apiRows: number;
  projects: number;
  log: (line: string) => void;
}

/** Builds the data set in `dataDir` (which must be empty or new). */
export async function buildDataset(dataDir: string, o: BuildOptions): Promise<Dataset> {
  const started = performance.now();
  const t0 = Date.now();
  // 1. Through the API.
  const q = await startQuire({ dataDir, port: 0 });
  let apiTaskIds: string[];
  const ds = { dataDir, dbFile: join(dataDir, "quire.db"), workspaceId: q.workspaceId, rows: o.rows, apiRows: o.apiRows, t0 } as Dataset;
  try {
    const notion = new Client({ auth: q.token, baseUrl: q.url, logLevel: "error" as never });
    ds.users = [];
    for (let i = 0; i < 6; i++) ds.users.push((await admin(q.url, q.adminKey, "POST", "/_quire/v1/users", { name: `User ${i + 1}`, email: `user${i + 1}@example.com` })).id);
    const dev = await admin(q.url, q.adminKey, "GET", `/_quire/v1/integrations/${q.devIntegrationId}`);
    const parent = { type: "page_id" as const, page_id: (dev.shares as string[])[0] };
    const title = (text: string) => [{ type: "text" as const, text: { content: text } }];
    const projectsDb: any = await notion.databases.create({ parent, title: title("Projects"), initial_data_source: { properties: { Name: { title: {} }, Code: { rich_text: {} } } } } as any);
    ds.projectsDataSourceId = projectsDb.data_sources[0].id;
    const tasksDb: any = await notion.databases.create({
      parent,
      title: title("Tasks"),
      initial_data_source: { properties: { ...TASK_SCHEMA, Project: { relation: { data_source_id: ds.projectsDataSourceId, dual_property: {} } } } },
    } as any);
    ds.tasksDataSourceId = tasksDb.data_sources[0].id;
    const tasksDs: any = await notion.dataSources.retrieve({ data_source_id: ds.tasksDataSourceId });
    ds.pid = {};
    ds.options = {};
    for (const [name, prop] of Object.entries<any>(tasksDs.properties)) {
      ds.pid[name] = decodeURIComponent(prop.id);
      const opts = prop[prop.type]?.options as SelectOption[] | undefined;
      if (opts) ds.options[name] = Object.fromEntries(opts.map((x) => [x.name, x.id]));
    }
    ds.projects = await pool(Array.from({ length: o.projects }, (_, i) => i), 4, async (i) => {
      const page: any = await notion.pages.create({
        parent: { data_source_id: ds.projectsDataSourceId } as any,
        properties: { Name: { title: title(`Project ${i + 1}`) }, Code: { rich_text: title(`P-${String(i + 1).padStart(4, "0")}`) } } as any,
      });
      return page.id as string;
    });
    // One at a time: the unique ids follow the row numbers.
    apiTaskIds = [];
    for (let i = 0; i < o.apiRows; i++) {
      const page: any = await notion.pages.create({ parent: { data_source_id: ds.tasksDataSourceId } as any, properties: requestProperties(taskValues(i, t0, ds.users, ds.projects)) as any });
      apiTaskIds.push(page.id);
    }
    o.log(`  through the API: ${ds.users.length} users, 2 databases, ${o.projects} projects, ${o.apiRows} tasks (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  } finally {
    await q.close();
  }

  // 2. Straight into the store, Quire stopped.
  const insertStart = performance.now();
  const store = openSqliteStore({ filename: ds.dbFile });
  try {
    const ws = ds.workspaceId;
    const tasks = (await store.read((tx) => tx.getNode(ws, ds.tasksDataSourceId)))!;
    const schema = (tasks.data as { properties: PropertySchema[] }).properties;
    const project = schema.find((p) => p.name === "Project")!;
    const synced = project.config.synced_property_id as string;

    // 3. The API's rows are what the generator writes (so the direct rows are too).
    await store.read(async (tx) => {
      for (let i = 0; i < apiTaskIds.length; i++) {
        const row = (await tx.getNode(ws, apiTaskIds[i]))!;
        const want = storedProperties(taskValues(i, t0, ds.users, ds.projects), ds, i + 1);
        if (!isDeepStrictEqual(row.properties, want))
          throw new Error(`row ${i}: the generator's stored form differs from the API's:\n api: ${JSON.stringify(row.properties)}\n gen: ${JSON.stringify(want)}`);
        if (!isDeepStrictEqual(row.idx, projectIdx(schema, want))) throw new Error(`row ${i}: idx differs: ${JSON.stringify(row.idx)}`);
        if (!isDeepStrictEqual(row.data, { database_id: tasks.parent_id })) throw new Error(`row ${i}: data differs: ${JSON.stringify(row.data)}`);
      }
    });

    const byProject = new Map<string, string[]>();
    const botId = (await store.read((tx) => tx.getNode(ws, apiTaskIds[0])))!.created_by;
    const BATCH = 5000;
    let seq = 0;
    const newId = () => {
      // Random v4-shaped ids, as randomIds makes them (ids only need to be unique).
      seq++;
      return crypto.randomUUID();
    };
    for (let from = o.apiRows; from < o.rows; from += BATCH) {
      const rows: NodeRow[] = [];
      for (let i = from; i < Math.min(o.rows, from + BATCH); i++) {
        const v = taskValues(i, t0, ds.users, ds.projects);
        const properties = storedProperties(v, ds, i + 1);
        // Older than the API rows: one every ~5 minutes over the past year, edited up to 30 days later.
        const created = t0 - (o.rows - i) * 300_000 - (i % 97) * 1000;
        const edited = Math.min(t0, created + ((i * 7919) % 30) * DAY + (i % 3600) * 1000);
        const id = newId();
        for (const p of v.projects) (byProject.get(p) ?? byProject.set(p, []).get(p)!).push(id);
        rows.push({
          workspace_id: ws,
          id,
          type: "page",
          parent_type: "data_source_id",
          parent_id: ds.tasksDataSourceId,
          position: created,
          data: { database_id: tasks.parent_id },
          properties,
          idx: projectIdx(schema, properties),
          icon: null,
          cover: null,
          in_trash: false,
          is_locked: false,
          is_archived: false,
          created_time: created,
          created_by: botId,
          last_edited_time: edited,
          last_edited_by: botId,
        });
      }
      await store.write((tx) => tx.insertNodes(rows));
    }
    await store.write(async (tx) => {
      for (const [pageId, taskIds] of byProject) {
        const p = (await tx.getNode(ws, pageId))!;
        const list = [...((p.properties?.[synced] as string[]) ?? []), ...taskIds];
        await tx.updateNode({ ...p, properties: { ...p.properties, [synced]: list } });
      }
      const fresh = (await tx.getNode(ws, ds.tasksDataSourceId))! as StoredNode & { data: { counters: Record<string, number> } };
      await tx.updateNode({ ...fresh, data: { ...fresh.data, counters: { ...fresh.data.counters, [ds.pid.ID]: o.rows + 1 } } });
    });
    o.log(`  into the store: ${seq} tasks, ${byProject.size} projects' synced relations (${((performance.now() - insertStart) / 1000).toFixed(1)} s)`);
  } finally {
    await store.close();
  }
  ds.buildSeconds = (performance.now() - started) / 1000;
  writeFileSync(join(dataDir, "dataset.json"), JSON.stringify(ds, null, 2));
  return ds;
}

/** A data set built before in `dataDir` (bench:query --data DIR), or null. */
export function loadDataset(dataDir: string): Dataset | null {
  const file = join(dataDir, "dataset.json");
  return existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as Dataset) : null;
}

/** Bytes of the database file and its WAL. */
export function databaseBytes(ds: Dataset): number {
  const size = (f: string) => (existsSync(f) ? statSync(f).size : 0);
  return size(ds.dbFile) + size(ds.dbFile + "-wal");
}
