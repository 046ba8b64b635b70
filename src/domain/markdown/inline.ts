/**
 * Rich text ↔ Notion-flavoured ("enhanced") markdown, inline level: rendering in
 * inline-render.ts, parsing in inline-parse.ts, shared syntax in syntax.ts.
 */
export * from "./syntax.js";
export * from "./inline-render.js";
export * from "./inline-parse.js";
