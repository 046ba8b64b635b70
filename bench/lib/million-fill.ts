/**
 * The data of `npm run bench:million`, written through Quire's HTTP API only: under a "Million"
 * page, areas of 100 documents each; a document holds 1,000 blocks (nine appends of 100
 * paragraphs, then a chain of five nested toggles of 20 blocks each, five levels deep); one
 * "Long log" page holds a tenth of the blocks as direct children (for deep cursor pages); a
 * "Tasks" data source holds one row per 500 blocks. Every append carries 100 children at most,
 * as Notion allows. Progress is reported each time another 100,000 blocks (nodes) are written.
 */
import { apiHeaders, newPage, type QuireReady } from "./seed.js";
import { prng } from "./prng.js";

export interface Filled {
  millionId: string;
  docs: string[];
  longLogId: string;
  dataSourceId: string;
  /** A sample of block ids (every 97th block written), for GET block. */
  blockSample: string[];
  /** Ids of the long log's children near its end (for deep cursor pages). */
  deepCursors: string[];
  blocks: number;
}

export interface Progress {
  blocks: number;
  seconds: number;
}

const DOCS_PER_AREA = 100;
const WORDS = "the quick brown fox jumps over lazy dogs while teams review launch notes budgets roadmap incidents and weekly metrics".split(" ");

const para = (text: string) => ({ paragraph: { rich_text: [{ text: { content: text } }] } });
const toggle = (text: string) => ({ toggle: { rich_text: [{ text: { content: text } }] } });

/**
 * Fills the workspace until `target` blocks are written, or `seconds` have passed (then the units
 * under way finish); `onStep` is called at every `step` blocks.
 */
export async function fill(q: QuireReady, target: number, seconds: number, concurrency: number, step: number, onStep: (p: Progress) => void): Promise<Filled> {
  const r = prng(0x1e6);
  const sentence = () => Array.from({ length: 8 + r.int(10) }, () => r.pick(WORDS)).join(" ");
  const headers = apiHeaders(q);
  const t0 = performance.now();
  let blocks = 0;
  let nextStep = step;
  const blockSample: string[] = [];
  const count = (ids: string[]) => {
    for (const id of ids) if (++blocks % 97 === 0) blockSample.push(id);
    while (blocks >= nextStep) {
      onStep({ blocks: nextStep, seconds: (performance.now() - t0) / 1000 });
      nextStep += step;
    }
  };
  const api = async (method: string, path: string, body: unknown): Promise<any> => {
    const res = await fetch(q.url + path, { method, headers, body: JSON.stringify(body) });
    const json = await res.json();
    if (res.status !== 200) throw new Error(`${method} ${path} answered ${res.status}: ${JSON.stringify(json)}`);
    return json;
  };
  const page = async (parent: string, title: string) => {
    const id = (await api("POST", "/v1/pages", { parent: { page_id: parent }, properties: { title: [{ text: { content: title } }] } })).id as string;
    count([id]);
    return id;
  };
  const append = async (parent: string, children: unknown[]) => {
    const ids = ((await api("PATCH", `/v1/blocks/${parent}/children`, { children })).results as { id: string }[]).map((b) => b.id);
    count(ids);
    return ids;
  };

  const millionId = await newPage(q, "Million");
  count([millionId]);
  const longLogId = await page(millionId, "Long log");
  const longTarget = Math.floor(target / 10);
  const rows = Math.floor(target / 500);
  const db = await api("POST", "/v1/databases", {
    parent: { type: "page_id", page_id: millionId },
    title: [{ text: { content: "Tasks" } }],
    initial_data_source: {
      properties: {
        Name: { title: {} },
        Status: { select: { options: [{ name: "Todo" }, { name: "Doing" }, { name: "Done" }] } },
        Points: { number: {} },
      },
    },
  });
  const dataSourceId = db.data_sources[0].id as string;
  count([db.id, dataSourceId]);

  const longIds: string[] = [];
  const docs: string[] = [];
  let area: Promise<string> = Promise.resolve("");
  let docNo = 0;
  let rowNo = 0;
  // Work is handed out in units (one document, 1,000 long-log blocks, or 10 rows) until the target is reached.
  const nextUnit = async (): Promise<boolean> => {
    if (blocks >= target || performance.now() - t0 > seconds * 1000) return false;
    const share = blocks / target;
    if (longIds.length < longTarget * share || (longIds.length < longTarget && docNo % 20 === 10)) {
      for (let i = 0; i < 10 && longIds.length < longTarget; i++) {
        const ids = await append(longLogId, Array.from({ length: 100 }, () => para(sentence())));
        longIds.push(...ids);
      }
      return true;
    }
    if (rowNo < rows * share) {
      const batch = Array.from({ length: 10 }, () => ++rowNo);
      for (const n of batch) {
        const row = await api("POST", "/v1/pages", {
          parent: { data_source_id: dataSourceId },
          properties: {
            Name: { title: [{ text: { content: `Task ${n}: ${sentence()}` } }] },
            Status: { select: { name: r.pick(["Todo", "Doing", "Done"]) } },
            Points: { number: r.int(100) },
          },
        });
        count([row.id]);
      }
      return true;
    }
    const n = ++docNo;
    // The area is made by the unit that opens it; the others of that area wait for it.
    if ((n - 1) % DOCS_PER_AREA === 0) area = page(millionId, `Area ${(n - 1) / DOCS_PER_AREA + 1}`);
    const doc = await page(await area, `Document ${n}: ${sentence().slice(0, 40)}`);
    docs.push(doc);
    for (let i = 0; i < 9; i++) await append(doc, Array.from({ length: 100 }, () => para(sentence())));
    let under = doc;
    for (let depth = 1; depth <= 5 && blocks < target; depth++) {
      const ids = await append(under, [...Array.from({ length: 19 }, () => para(sentence())), toggle(`Level ${depth}`)]);
      under = ids[ids.length - 1];
    }
    return true;
  };
  const worker = async () => {
    while (await nextUnit());
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const deepCursors = longIds.slice(Math.max(0, longIds.length - 2000), longIds.length - 100).filter((_, i) => i % 19 === 0);
  return { millionId, docs, longLogId, dataSourceId, blockSample, deepCursors, blocks };
}
