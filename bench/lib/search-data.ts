/**
 * The wiki bench:search adds to bench:query's data set: 20 area pages under the dev
 * integration's page, 10 project pages in each and 10 documents in each project (2,220 pages),
 * written straight into the store (which indexes their titles as it writes them). Titles come
 * from a seeded PRNG, edit times are spread over the past year.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { openSqliteStore } from "../../src/storage/sqlite.js";
import type { NodeRow } from "../../src/storage/types.js";
import type { Dataset } from "./query-data.js";
import { prng } from "./prng.js";

export interface Wiki {
  pages: number;
  /** A project page (with its 10 documents): what the "Small" integration is shared with. */
  smallShare: string;
}

const AREAS = ["Engineering", "Design", "Sales", "Marketing", "Support", "Finance", "People", "Legal", "Security", "Data", "Platform", "Mobile", "Growth", "Research", "Operations", "Partners", "Billing", "Docs", "Infra", "Product"];
const TOPICS = ["onboarding", "roadmap", "billing", "search", "pricing", "hiring", "release", "incident", "budget", "launch", "migration", "retention"];
const DOCS = [
  (t: string, d: string) => `Weekly meeting ${d}`,
  (t: string, d: string) => `${cap(t)} review ${d}`,
  (t: string) => `${cap(t)} plan`,
  (t: string) => `Notes on ${t}`,
  (t: string, d: string) => `Retro ${d}`,
  (t: string) => `${cap(t)} FAQ`,
  (t: string) => `How we do ${t}`,
  (t: string, d: string) => `Q${1 + (d.charCodeAt(6) % 4)} ${t} goals`,
  (t: string) => `${cap(t)} checklist`,
  (t: string, d: string) => `1:1 notes ${d}`,
];
const cap = (s: string) => s[0].toUpperCase() + s.slice(1);


const text = (content: string) => [
  { type: "text", text: { content, link: null }, annotations: { bold: false, italic: false, strikethrough: false, underline: false, code: false, color: "default" }, plain_text: content, href: null },
];

export async function buildWiki(ds: Dataset): Promise<Wiki> {
  const store = openSqliteStore({ filename: ds.dbFile });
  const ws = ds.workspaceId;
  const r = prng(0x51ce).next;
  try {
    const { root, bot } = await store.read(async (tx) => {
      const [dev] = await tx.listIntegrations(ws);
      return { root: (await tx.listShares(ws, dev.id))[0], bot: dev.bot_id };
    });
    const rows: NodeRow[] = [];
    let smallShare = "";
    const node = (parent: string, title: string, position: number): NodeRow => {
      const edited = ds.t0 - Math.floor(r() * 365 * 86_400_000);
      return {
        workspace_id: ws,
        id: crypto.randomUUID(),
        type: "page",
        parent_type: "page_id",
        parent_id: parent,
        position,
        data: {},
        properties: { title: text(title) },
        icon: null,
        cover: null,
        in_trash: false,
        is_locked: false,
        is_archived: false,
        created_time: edited - 86_400_000,
        created_by: bot,
        last_edited_time: edited,
        last_edited_by: bot,
      };
    };
    AREAS.forEach((area, a) => {
      const areaNode = node(root, area, 1000 + a);
      rows.push(areaNode);
      for (let p = 0; p < 10; p++) {
        const topic = TOPICS[Math.floor(r() * TOPICS.length)];
        const project = node(areaNode.id, `${area} ${topic} project ${p + 1}`, p + 1);
        rows.push(project);
        if (a === 3 && p === 4) smallShare = project.id;
        for (let d = 0; d < 10; d++) {
          const day = new Date(ds.t0 - Math.floor(r() * 365) * 86_400_000).toISOString().slice(0, 10);
          rows.push(node(project.id, DOCS[d](topic, day), d + 1));
        }
      }
    });
    await store.write((tx) => tx.insertNodes(rows));
    const wiki = { pages: rows.length, smallShare };
    writeFileSync(join(ds.dataDir, "wiki.json"), JSON.stringify(wiki, null, 2));
    return wiki;
  } finally {
    await store.close();
  }
}

export function loadWiki(dataDir: string): Wiki | null {
  const file = join(dataDir, "wiki.json");
  return existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as Wiki) : null;
}
