/**
 * Copies what a token can see on a Notion-API server into Quire, through both servers' public
 * APIs: pages (and their blocks, recursively), databases with their first data source's schema and
 * rows, comments, and files (downloaded and uploaded again). Calls to the source back off on 429
 * (its Retry-After) and 5xx on top of the SDK's own retries; the state (what is copied, the id map)
 * is saved after every page so a stopped copy resumes where it stopped.
 */
import { APIResponseError, type Client } from "@notionhq/client";
import { cleanBlock, cleanRichText, cleanSchema, cleanValue, FILE_BLOCKS } from "./clean.js";
import type { Problem } from "../import/write.js";

type Json = Record<string, any>;

/** What is copied so far; written after every page and database. */
export interface MirrorState {
  from: string;
  integration_id: string;
  root_page_id: string;
  /** By source id: the copy's id, whether it is complete, and the source page or database it is in. */
  pages: Record<string, { target: string; done: boolean; under?: string }>;
  databases: Record<string, { target: string; data_source_id: string; done: boolean; under?: string }>;
  problems: Problem[];
}

/** Inline children: a table's rows and a column list's columns go in the same request. */
const INLINE = new Set(["table", "column_list"]);
const MAX_ATTEMPTS = 8;

/** Retry-After in seconds from an error's headers (a Headers object or a plain record), NaN when absent. */
function retryAfter(headers: unknown): number {
  const h = headers as { get?: (k: string) => string | null } & Record<string, string>;
  const raw = typeof h?.get === "function" ? h.get("retry-after") : h?.["retry-after"];
  return raw == null || raw === "" ? NaN : Number(raw);
}

export class Mirror {
  constructor(
    private readonly source: Client,
    private readonly target: Client,
    readonly state: MirrorState,
    private readonly save: () => void,
    private readonly progress: (label: string) => void = () => {},
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {}

  /** A call to the source, again after a 429 (its Retry-After) or a 5xx, up to 8 attempts. */
  private async src<T>(call: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await call();
      } catch (e) {
        const status = e instanceof APIResponseError ? e.status : 0;
        if (attempt >= MAX_ATTEMPTS || !(status === 429 || status >= 500)) throw e;
        const after = retryAfter((e as APIResponseError).headers);
        await this.sleep(Number.isFinite(after) && after >= 0 ? after * 1000 : Math.min(30_000, 500 * 2 ** attempt));
      }
    }
  }

  private problem(path: string, message: string) {
    this.state.problems.push({ path, message });
  }

  private async *list(fetchPage: (cursor?: string) => Promise<Json>): AsyncGenerator<Json> {
    let cursor: string | undefined;
    do {
      const page = await this.src(() => fetchPage(cursor));
      yield* page.results;
      cursor = page.has_more ? page.next_cursor : undefined;
    } while (cursor);
  }

  /** Copies the page `rootId` and everything below it, or without one every top-level thing the token sees. */
  async run(rootId?: string) {
    const parent = { page_id: this.state.root_page_id };
    if (rootId) return this.page(await this.src(() => this.source.pages.retrieve({ page_id: rootId }) as Promise<Json>), parent);
    const pages: Json[] = [];
    for await (const p of this.list((c) => this.source.search({ filter: { property: "object", value: "page" }, start_cursor: c, page_size: 100 }) as Promise<Json>)) pages.push(p);
    const visible = new Set(pages.map((p) => p.id));
    for (const p of pages) if (p.parent.type === "workspace" || (p.parent.type === "page_id" && !visible.has(p.parent.page_id))) await this.page(p, parent);
    for await (const ds of this.list((c) => this.source.search({ filter: { property: "object", value: "data_source" }, start_cursor: c, page_size: 100 } as never) as Promise<Json>)) {
      const db = await this.src(() => this.source.databases.retrieve({ database_id: ds.parent.database_id }) as Promise<Json>);
      if (!(db.parent.type === "page_id" && visible.has(db.parent.page_id))) await this.database(db.id, this.state.root_page_id);
    }
  }

  private async page(src: Json, parent: Json, properties?: Json, under?: string) {
    const seen = this.state.pages[src.id];
    if (seen?.done) return;
    // A page a stopped run left half-copied goes to the trash (what was copied below it too) and is copied again.
    if (seen) {
      await this.target.pages.update({ page_id: seen.target, in_trash: true } as never);
      this.forgetBelow(src.id);
    }
    const title = Object.values(src.properties as Json).find((p: Json) => p.type === "title") as Json | undefined;
    const icon = src.icon?.type === "emoji" || src.icon?.type === "external" ? src.icon : undefined;
    const made = (await this.target.pages.create({ parent, icon, properties: properties ?? { title: { title: cleanRichText(title?.title) } } } as never)) as Json;
    this.state.pages[src.id] = { target: made.id, done: false, under };
    this.save();
    await this.children(src.id, made.id, src.id);
    for await (const c of this.list((cursor) => this.source.comments.list({ block_id: src.id, start_cursor: cursor }) as Promise<Json>))
      await this.target.comments.create({ parent: { page_id: made.id }, rich_text: cleanRichText(c.rich_text) } as never);
    this.state.pages[src.id].done = true;
    this.save();
    this.progress(cleanRichText(title?.title).map((t) => t.text?.content ?? "").join("") || src.id);
  }

  /** Forgets what was copied below the source page or database `id` (its copy went to the trash). */
  private forgetBelow(id: string) {
    for (const table of [this.state.pages, this.state.databases] as Record<string, { under?: string }>[])
      for (const [child, entry] of Object.entries(table))
        if (entry.under === id) {
          delete table[child];
          this.forgetBelow(child);
        }
  }

  /** Copies the children of the source block `srcId` (in the page `owner`) under `targetId`. */
  private async children(srcId: string, targetId: string, owner: string) {
    const batch: { src: Json; draft: Json }[] = [];
    const flush = async () => {
      if (!batch.length) return;
      const made = (await this.target.blocks.children.append({ block_id: targetId, children: batch.map((b) => b.draft) } as never)) as Json;
      const drafts = batch.splice(0);
      for (let i = 0; i < drafts.length; i++) if (drafts[i].src.has_children && !INLINE.has(drafts[i].src.type)) await this.children(drafts[i].src.id, made.results[i].id, owner);
    };
    for await (const block of this.list((c) => this.source.blocks.children.list({ block_id: srcId, start_cursor: c, page_size: 100 }) as Promise<Json>)) {
      if (block.type === "child_page") {
        await flush();
        await this.page(await this.src(() => this.source.pages.retrieve({ page_id: block.id }) as Promise<Json>), { page_id: targetId }, undefined, owner);
      } else if (block.type === "child_database") {
        await flush();
        await this.database(block.id, targetId, owner);
      } else {
        const draft = await this.draft(block);
        if (draft) batch.push({ src: block, draft });
        if (batch.length === 100) await flush();
      }
    }
    await flush();
  }

  /** A block as an append takes it (tables and column lists with their children), or null (reported). */
  private async draft(block: Json, depth = 0): Promise<Json | null> {
    const draft = FILE_BLOCKS.has(block.type) ? await this.fileDraft(block) : cleanBlock(block);
    if (!draft) {
      this.problem(block.id, `block type ${block.type} not copied`);
      return null;
    }
    if ((INLINE.has(block.type) || block.type === "column") && depth < 2) {
      const kids: Json[] = [];
      for await (const child of this.list((c) => this.source.blocks.children.list({ block_id: block.id, start_cursor: c, page_size: 100 }) as Promise<Json>)) {
        const d = await this.draft(child, depth + 1);
        if (d) kids.push(d);
      }
      draft[block.type].children = kids;
    }
    return draft;
  }

  /** An image, file, pdf, video or audio block: an external URL as it is, a hosted file downloaded and uploaded again. */
  private async fileDraft(block: Json): Promise<Json | null> {
    const type = block.type as string;
    const content = block[type];
    const caption = cleanRichText(content.caption);
    if (content.type === "external") return { type, [type]: { type: "external", external: { url: content.external.url }, caption } };
    try {
      const res = await fetch(content.file.url);
      if (!res.ok) throw new Error(`download answered ${res.status}`);
      const bytes = new Uint8Array(await res.arrayBuffer());
      const filename = content.name || decodeURIComponent(new URL(content.file.url).pathname.split("/").pop() || "file");
      const contentType = res.headers.get("content-type")?.split(";")[0] || "application/octet-stream";
      const upload = await this.target.fileUploads.create({ mode: "single_part", filename, content_type: contentType });
      await this.target.fileUploads.send({ file_upload_id: upload.id, file: { filename, data: new Blob([bytes], { type: contentType }) } });
      return { type, [type]: { type: "file_upload", file_upload: { id: upload.id }, caption } };
    } catch (e) {
      this.problem(block.id, `${type} file not copied: ${(e as Error).message}`);
      return null;
    }
  }

  private async database(srcId: string, parentPageId: string, under?: string) {
    let seen = this.state.databases[srcId];
    if (seen?.done) return;
    const db = await this.src(() => this.source.databases.retrieve({ database_id: srcId }) as Promise<Json>);
    const [first, ...others] = db.data_sources as Json[];
    if (others.length) this.problem(srcId, `${others.length} more data sources not copied (only the first)`);
    const ds = await this.src(() => this.source.dataSources.retrieve({ data_source_id: first.id }) as Promise<Json>);
    const written = new Set<string>();
    const schema: Json = {};
    for (const [name, prop] of Object.entries(ds.properties as Json)) {
      const { schema: s, note } = cleanSchema(prop);
      if (note) this.problem(srcId, note);
      if (s) (schema[name] = s), written.add(name);
    }
    if (!seen) {
      const made = (await this.target.databases.create({ parent: { type: "page_id", page_id: parentPageId }, title: cleanRichText(db.title), is_inline: db.is_inline, initial_data_source: { properties: schema } } as never)) as Json;
      seen = this.state.databases[srcId] = { target: made.id, data_source_id: made.data_sources[0].id, done: false, under };
      this.save();
    }
    for await (const row of this.list((c) => this.source.dataSources.query({ data_source_id: first.id, start_cursor: c, page_size: 100 }) as Promise<Json>)) {
      const properties: Json = {};
      for (const [name, value] of Object.entries(row.properties as Json)) {
        const v = written.has(name) ? cleanValue(value) : undefined;
        if (v !== undefined) properties[name] = v;
      }
      await this.page(row, { type: "data_source_id", data_source_id: seen.data_source_id }, properties, srcId);
    }
    seen.done = true;
    this.save();
    this.progress(cleanRichText(db.title).map((t) => t.text?.content ?? "").join("") || srcId);
  }
}
