/**
 * Notion's HTML export, read: a small HTML tokenizer and tree builder of our own (no dependency;
 * enough for the well-formed pages Notion writes, tolerant of stray end tags), and the conversion
 * of one exported page — `<h1 class="page-title">`, the row properties table, the
 * `<div class="page-body">` blocks with Notion's class names, and databases as
 * `<table class="collection-content">` — into what the Markdown import already writes: the body
 * as enhanced Markdown (the `v1` dialect PATCH /v1/pages/{id}/markdown reads) and a database as
 * a table of cell texts in the CSV export's conventions (docs/design/import-mirror.md, "HTML").
 */
import { attr, escapeText } from "../domain/markdown/syntax.js";

/** An element of the parsed tree. */
export interface HtmlElement {
  tag: string;
  attrs: Record<string, string>;
  children: HtmlNode[];
}
export type HtmlNode = HtmlElement | string;

const VOID = new Set(["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"]);
const RAW_TEXT = new Set(["script", "style", "textarea", "title"]);
const NAMED: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0", ndash: "–", mdash: "—", hellip: "…", rsquo: "’", lsquo: "‘", rdquo: "”", ldquo: "“", copy: "©", reg: "®", trade: "™", times: "×", rarr: "→", larr: "←" };

/** Text with character references decoded (unknown names are kept as written). */
export function decodeEntities(s: string): string {
  if (!s.includes("&")) return s;
  return s.replace(/&(#[xX][0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-zA-Z][a-zA-Z0-9]{1,31});/g, (all, ref: string) => {
    if (ref[0] === "#") {
      const code = ref[1] === "x" || ref[1] === "X" ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : "\ufffd";
    }
    return NAMED[ref] ?? all;
  });
}

const ATTR = /([^\s"'<>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;

/** Parses HTML into a tree under a `#document` element. */
export function parseHtml(html: string): HtmlElement {
  const root: HtmlElement = { tag: "#document", attrs: {}, children: [] };
  const stack: HtmlElement[] = [root];
  const top = () => stack[stack.length - 1];
  let i = 0;
  const n = html.length;
  while (i < n) {
    const lt = html.indexOf("<", i);
    if (lt < 0 || lt > i) {
      const end = lt < 0 ? n : lt;
      top().children.push(decodeEntities(html.slice(i, end)));
      i = end;
      continue;
    }
    if (html.startsWith("<!--", i)) {
      const end = html.indexOf("-->", i + 4);
      i = end < 0 ? n : end + 3;
      continue;
    }
    if (html[i + 1] === "!" || html[i + 1] === "?") {
      const end = html.indexOf(">", i);
      i = end < 0 ? n : end + 1;
      continue;
    }
    const endTag = /^<\/([a-zA-Z][\w:-]*)\s*>/.exec(html.slice(i, i + 200));
    if (endTag) {
      const name = endTag[1].toLowerCase();
      const at = stack.map((e) => e.tag).lastIndexOf(name);
      if (at > 0) stack.length = at; // a stray end tag closes nothing
      i += endTag[0].length;
      continue;
    }
    const start = /^<([a-zA-Z][\w:-]*)/.exec(html.slice(i, i + 100));
    if (!start) {
      top().children.push("<");
      i += 1;
      continue;
    }
    // The tag runs to the first `>` outside quotes.
    let j = i + start[0].length;
    let quote = "";
    for (; j < n; j++) {
      const c = html[j];
      if (quote) {
        if (c === quote) quote = "";
      } else if (c === '"' || c === "'") quote = c;
      else if (c === ">") break;
    }
    const inner = html.slice(i + start[0].length, j);
    const tag = start[1].toLowerCase();
    const el: HtmlElement = { tag, attrs: {}, children: [] };
    for (const m of inner.matchAll(ATTR)) el.attrs[m[1].toLowerCase()] = decodeEntities(m[2] ?? m[3] ?? m[4] ?? "");
    i = j + 1;
    // An <li> or <p> opened while one is open closes it (the implied end tags HTML allows).
    if ((tag === "li" && top().tag === "li") || (tag === "p" && top().tag === "p")) stack.pop();
    top().children.push(el);
    if (RAW_TEXT.has(tag)) {
      const close = html.toLowerCase().indexOf(`</${tag}`, i);
      const end = close < 0 ? n : close;
      el.children.push(tag === "title" || tag === "textarea" ? decodeEntities(html.slice(i, end)) : html.slice(i, end));
      const gt = close < 0 ? n : html.indexOf(">", close);
      i = gt < 0 ? n : gt + 1;
    } else if (!VOID.has(tag) && !inner.trimEnd().endsWith("/")) stack.push(el);
  }
  return root;
}

const isEl = (n: HtmlNode): n is HtmlElement => typeof n !== "string";
const classes = (e: HtmlElement) => (e.attrs.class ?? "").split(/\s+/).filter(Boolean);
const hasClass = (e: HtmlElement, c: string) => classes(e).includes(c);

/** Every element below `e` (depth first) that `pred` accepts; does not descend into matches when `stop`. */
function findAll(e: HtmlElement, pred: (x: HtmlElement) => boolean, stop = false, out: HtmlElement[] = []): HtmlElement[] {
  for (const c of e.children) {
    if (!isEl(c)) continue;
    if (pred(c)) {
      out.push(c);
      if (stop) continue;
    }
    findAll(c, pred, stop, out);
  }
  return out;
}
const find = (e: HtmlElement, pred: (x: HtmlElement) => boolean) => findAll(e, pred, true)[0];

/** The text of a node, as written (whitespace kept). */
export function textOf(n: HtmlNode): string {
  if (!isEl(n)) return n;
  if (n.tag === "style" || n.tag === "script") return "";
  if (n.tag === "br") return "\n";
  return n.children.map(textOf).join("");
}

/** One exported page, read. */
export interface HtmlPage {
  title?: string;
  /** The body as enhanced Markdown (v1), without the title and the properties. */
  markdown: string;
  /** The row properties table (`<table class="properties">`): name and value as text. */
  properties: { name: string; type: string; value: string }[];
  /** Databases in the page (`<table class="collection-content">`), in order. */
  databases: HtmlDatabase[];
  /** Whether the page is a database and nothing else (a full-page database's own file). */
  onlyDatabase: boolean;
  /** What could not be mapped (one line each). */
  notes: string[];
}

/** A database table: its title, the header and cell texts (CSV conventions), each row's page link. */
export interface HtmlDatabase {
  title?: string;
  header: string[];
  rows: string[][];
  rowLinks: (string | undefined)[];
}

/** Reads one page of Notion's HTML export. */
export function notionHtmlPage(html: string): HtmlPage {
  const doc = parseHtml(html);
  const h1 = find(doc, (e) => e.tag === "h1" && hasClass(e, "page-title"));
  const titleEl = find(doc, (e) => e.tag === "title");
  const title = (h1 ? textOf(h1) : titleEl ? textOf(titleEl) : "").replace(/\s+/g, " ").trim() || undefined;
  const properties = findAll(doc, (e) => e.tag === "table" && hasClass(e, "properties"))
    .flatMap((t) => findAll(t, (e) => e.tag === "tr"))
    .map((tr) => {
      const th = find(tr, (e) => e.tag === "th");
      const td = find(tr, (e) => e.tag === "td");
      const type = classes(tr).find((c) => c.startsWith("property-row-"))?.slice(13) ?? "text";
      return { name: th ? textOf(th).trim() : "", type, value: td ? cellText(td, false) : "" };
    });
  const conv = new BodyConverter();
  const body = find(doc, (e) => e.tag === "div" && hasClass(e, "page-body")) ?? find(doc, (e) => e.tag === "article") ?? find(doc, (e) => e.tag === "body") ?? doc;
  const header = find(doc, (e) => e.tag === "header");
  if (header && find(header, (e) => e.tag === "img" && hasClass(e, "page-cover-image"))) conv.note("page cover not imported");
  if (header && find(header, (e) => hasClass(e, "page-header-icon"))) conv.note("page icon not imported");
  const lines = conv.blocks(body === header ? [] : body.children.filter((c) => c !== header), 0);
  const databases = conv.databases;
  const onlyDatabase = databases.length > 0 && lines.every((l) => l.trim() === "");
  return { title, markdown: lines.join("\n").trim(), properties, databases, onlyDatabase, notes: conv.notes };
}

/** A table cell as the CSV export writes it: select values joined by ", ", checkboxes Yes/No, links as `Title (href)`. */
function cellText(td: HtmlElement, titleCell: boolean): string {
  const box = find(td, (e) => hasClass(e, "checkbox"));
  if (box) return hasClass(box, "checkbox-on") ? "Yes" : "No";
  const values = findAll(td, (e) => hasClass(e, "selected-value"), true);
  if (values.length) return values.map((v) => textOf(v).trim()).join(", ");
  const links = findAll(td, (e) => e.tag === "a", true);
  if (links.length && !titleCell && links.some((a) => /\.html$/i.test((a.attrs.href ?? "").split(/[?#]/)[0]))) {
    return links.map((a) => `${textOf(a).trim()} (${a.attrs.href})`).join(", ");
  }
  return textOf(td).replace(/\s+/g, " ").trim().replace(/^@/, "");
}

const INDENT = "\t";
/** Tags whose content is inline text. */
const INLINE = new Set(["a", "b", "strong", "i", "em", "code", "del", "s", "strike", "u", "span", "mark", "br", "img", "time", "sup", "sub", "small", "label"]);

class BodyConverter {
  readonly notes: string[] = [];
  readonly databases: HtmlDatabase[] = [];

  note(message: string) {
    if (!this.notes.includes(message)) this.notes.push(message);
  }

  /** Block lines for `nodes`, indented `depth` levels; loose inline content becomes paragraphs. */
  blocks(nodes: HtmlNode[], depth: number): string[] {
    const out: string[] = [];
    let loose: HtmlNode[] = [];
    const flush = () => {
      const text = this.inline(loose).trim();
      if (text) out.push(INDENT.repeat(depth) + text);
      loose = [];
    };
    for (const n of nodes) {
      if (!isEl(n) || INLINE.has(n.tag)) {
        loose.push(n);
        continue;
      }
      flush();
      out.push(...this.block(n, depth));
    }
    flush();
    return out;
  }

  private block(e: HtmlElement, depth: number): string[] {
    const pad = INDENT.repeat(depth);
    const line = (s: string) => [pad + s];
    const cls = classes(e);
    switch (e.tag) {
      case "p": {
        const text = this.inline(e.children).trim();
        return text ? line(text) : [];
      }
      case "h1":
      case "h2":
      case "h3":
      case "h4":
      case "h5":
      case "h6": {
        const level = Math.min(3, Number(e.tag[1]));
        return line(`${"#".repeat(level)} ${this.inline(e.children).trim()}`);
      }
      case "ul":
      case "ol":
        return this.list(e, depth);
      case "blockquote":
        return line(`> ${this.inline(e.children).trim()}`);
      case "hr":
        return line("---");
      case "pre": {
        const code = find(e, (x) => x.tag === "code") ?? e;
        const lang = (classes(code).find((c) => c.startsWith("language-"))?.slice(9) ?? "plain text").toLowerCase().replace(/_/g, " ");
        const text = textOf(code).replace(/\r\n?/g, "\n");
        return ["```" + lang, ...text.split("\n"), "```"].map((l) => pad + l);
      }
      case "figure":
        return this.figure(e, depth);
      case "table":
        if (cls.includes("collection-content")) return this.database(e, undefined);
        return this.simpleTable(e, depth);
      case "nav":
        if (cls.includes("table_of_contents")) return line("<table_of_contents/>");
        return this.blocks(e.children, depth);
      case "details":
        return this.toggle(e, depth);
      case "div": {
        if (cls.includes("column-list")) {
          const cols = e.children.filter((c): c is HtmlElement => isEl(c) && hasClass(c, "column"));
          return [pad + "<columns>", ...cols.flatMap((c) => [pad + INDENT + "<column>", ...this.blocks(c.children, depth + 2), pad + INDENT + "</column>"]), pad + "</columns>"];
        }
        if (cls.includes("collection-content")) {
          const h = find(e, (x) => hasClass(x, "collection-title"));
          const table = find(e, (x) => x.tag === "table");
          return table ? this.database(table, h ? textOf(h).trim() : undefined) : [];
        }
        if (cls.includes("indented")) return this.blocks(e.children, depth + 1);
        return this.blocks(e.children, depth);
      }
      case "style":
      case "script":
      case "header":
        return [];
      default:
        if (!["section", "article", "main", "body", "html", "tbody", "thead", "tr", "td", "th"].includes(e.tag)) this.note(`<${e.tag}> elements kept as their text`);
        return this.blocks(e.children, depth);
    }
  }

  private list(e: HtmlElement, depth: number): string[] {
    const pad = INDENT.repeat(depth);
    const cls = classes(e);
    if (cls.includes("toggle")) return e.children.filter(isEl).flatMap((li) => this.blocks(li.children, depth));
    const out: string[] = [];
    for (const li of e.children.filter(isEl)) {
      if (li.tag !== "li") {
        out.push(...this.block(li, depth));
        continue;
      }
      const nested = li.children.filter((c) => isEl(c) && (["ul", "ol", "details", "figure", "pre", "table", "p"].includes(c.tag) || (c.tag === "div" && hasClass(c, "indented"))));
      const own = li.children.filter((c) => !nested.includes(c) && !(isEl(c) && hasClass(c, "checkbox")));
      let marker = e.tag === "ol" ? "1." : "-";
      if (cls.includes("to-do-list")) {
        const box = find(li, (x) => hasClass(x, "checkbox"));
        marker = `- [${box && hasClass(box, "checkbox-on") ? "x" : " "}]`;
      }
      out.push(`${pad}${marker} ${this.inline(own).trim()}`);
      for (const c of nested) {
        const el = c as HtmlElement;
        out.push(...(el.tag === "div" ? this.blocks(el.children, depth + 1) : this.block(el, depth + 1)));
      }
    }
    return out;
  }

  private toggle(e: HtmlElement, depth: number): string[] {
    const pad = INDENT.repeat(depth);
    const summary = e.children.find((c): c is HtmlElement => isEl(c) && c.tag === "summary");
    const rest = e.children.filter((c) => c !== summary);
    const heading = summary && find(summary, (x) => /^h[1-6]$/.test(x.tag));
    if (heading) {
      // A toggle heading: the heading with {toggle="true"} and its children below it.
      const level = Math.min(3, Number(heading.tag[1]));
      return [`${pad}${"#".repeat(level)} ${this.inline(heading.children).trim()} {toggle="true"}`, ...this.blocks(rest, depth + 1)];
    }
    return [`${pad}<details>`, `${pad}<summary>${summary ? this.inline(summary.children).trim() : ""}</summary>`, ...this.blocks(rest, depth + 1), `${pad}</details>`];
  }

  private figure(e: HtmlElement, depth: number): string[] {
    const pad = INDENT.repeat(depth);
    const cls = classes(e);
    const caption = find(e, (x) => x.tag === "figcaption");
    const captionText = caption ? textOf(caption).replace(/\s+/g, " ").trim() : "";
    if (cls.includes("callout")) {
      const icon = find(e, (x) => hasClass(x, "icon"));
      const iconText = icon && !find(icon, (x) => x.tag === "img") ? textOf(icon).trim() : "";
      // <div><span class="icon">💡</span></div><div style="width:100%">content</div>
      const divs = e.children.filter(isEl);
      const content = divs.length >= 2 ? divs[divs.length - 1].children : e.children.filter((c) => !(isEl(c) && icon && (c === icon || find(c, (x) => x === icon))));
      const inner = this.blocks(content, depth + 1);
      return [`${pad}<callout${iconText ? attr("icon", iconText) : ""}>`, ...inner, `${pad}</callout>`];
    }
    if (cls.includes("image")) {
      const img = find(e, (x) => x.tag === "img");
      const src = img?.attrs.src ?? find(e, (x) => x.tag === "a")?.attrs.href;
      return src ? [`${pad}![${escapeText(captionText)}](${src})`] : [];
    }
    if (cls.includes("equation")) {
      const tex = find(e, (x) => x.tag === "annotation");
      return [`${pad}$$`, ...(tex ? textOf(tex) : textOf(e)).trim().split("\n").map((l) => pad + l), `${pad}$$`];
    }
    if (cls.includes("link-to-page") || cls.includes("bookmark")) {
      const a = find(e, (x) => x.tag === "a");
      if (!a?.attrs.href) return [];
      const label = cls.includes("bookmark") ? textOf(find(a, (x) => hasClass(x, "bookmark-title")) ?? a).trim() || a.attrs.href : textOf(a).trim();
      return [`${pad}[${escapeText(label)}](${a.attrs.href})`];
    }
    // A file (`<div class="source"><a href>`), a video, audio, pdf or embed: its link on a line of its own.
    const a = find(e, (x) => x.tag === "a" && !!x.attrs.href);
    const media = find(e, (x) => ["video", "audio", "iframe", "embed", "source"].includes(x.tag) && !!x.attrs.src);
    const href = a?.attrs.href ?? media?.attrs.src;
    if (href) return [`${pad}[${escapeText(a ? textOf(a).trim() || href : href)}](${href})`, ...(captionText ? [`${pad}${escapeText(captionText)}`] : [])];
    return this.blocks(e.children, depth);
  }

  private simpleTable(e: HtmlElement, depth: number): string[] {
    const pad = INDENT.repeat(depth);
    const rows = findAll(e, (x) => x.tag === "tr");
    if (!rows.length) return [];
    const headerRow = !!find(e, (x) => x.tag === "thead") || rows[0].children.some((c) => isEl(c) && c.tag === "th");
    const headerColumn = rows.every((r) => r.children.filter(isEl)[0]?.tag === "th") && rows.length > 1 && !headerRow;
    const cell = (c: HtmlElement) => `<td>${this.inline(c.children).trim()}</td>`;
    return [
      `${pad}<table${headerRow ? ' header-row="true"' : ""}${headerColumn ? ' header-column="true"' : ""}>`,
      ...rows.map((r) => `${pad}${INDENT}<tr>${r.children.filter((c): c is HtmlElement => isEl(c) && (c.tag === "td" || c.tag === "th")).map(cell).join("")}</tr>`),
      `${pad}</table>`,
    ];
  }

  /** A database table: kept aside for the importer (it becomes a database), no line of its own. */
  private database(table: HtmlElement, title: string | undefined): string[] {
    const headRow = find(table, (x) => x.tag === "thead");
    const header = headRow ? findAll(headRow, (x) => x.tag === "th").map((th) => textOf(th).replace(/\s+/g, " ").trim()) : [];
    const body = find(table, (x) => x.tag === "tbody") ?? table;
    const rows: string[][] = [];
    const rowLinks: (string | undefined)[] = [];
    for (const tr of findAll(body, (x) => x.tag === "tr")) {
      if (headRow && findAll(headRow, (x) => x === tr).length) continue;
      const cells = tr.children.filter((c): c is HtmlElement => isEl(c) && (c.tag === "td" || c.tag === "th"));
      if (!cells.length) continue;
      const titleAt = Math.max(0, cells.findIndex((c) => hasClass(c, "cell-title")));
      rows.push(cells.map((c, i) => cellText(c, i === titleAt)));
      rowLinks.push(find(cells[titleAt], (x) => x.tag === "a")?.attrs.href);
    }
    this.databases.push({ title, header, rows, rowLinks });
    return [];
  }

  /** Inline content as enhanced Markdown. */
  inline(nodes: HtmlNode[]): string {
    return nodes.map((n) => this.inlineNode(n)).join("").replace(/[ \t]*\n[ \t]*/g, " ").replace(/[ \t]{2,}/g, " ");
  }

  private inlineNode(n: HtmlNode): string {
    if (!isEl(n)) return escapeText(n.replace(/\s+/g, " "));
    const inner = () => this.inline(n.children);
    const wrap = (mark: string) => {
      const s = inner();
      const core = s.trim();
      if (!core) return s;
      return s.slice(0, s.indexOf(core[0])) + mark + core + mark + s.slice(s.lastIndexOf(core[core.length - 1]) + 1);
    };
    switch (n.tag) {
      case "strong":
      case "b":
        return wrap("**");
      case "em":
      case "i":
        return wrap("*");
      case "del":
      case "s":
      case "strike":
        return wrap("~~");
      case "u":
        return `<span underline="true">${inner()}</span>`;
      case "code":
        return "`" + textOf(n).replace(/`/g, "'") + "`";
      case "br":
        return " ";
      case "img":
        return "";
      case "a": {
        const href = n.attrs.href;
        const label = inner().trim();
        return href ? `[${label || escapeText(href)}](${href.replace(/\)/g, "%29").replace(/ /g, "%20")})` : label;
      }
      case "span": {
        if (hasClass(n, "notion-text-equation-token")) {
          const tex = find(n, (x) => x.tag === "annotation");
          return `$${(tex ? textOf(tex) : textOf(n)).trim()}$`;
        }
        if (hasClass(n, "icon")) return "";
        if (/border-bottom:\s*0\.05em solid/.test(n.attrs.style ?? "")) return `<span underline="true">${inner()}</span>`;
        return inner();
      }
      case "mark":
        this.note("text colours and highlights not imported");
        return inner();
      default:
        return inner();
    }
  }
}
