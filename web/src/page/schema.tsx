/**
 * The editor's schema: BlockNote's blocks (headings 1–3, code with Notion's language names), plus
 * Notion's callout (inline content, icon and colour), an opaque `notion` block for every Notion
 * block the editor does not edit (shown by `OpaqueBlock`, moved and deleted whole), and an
 * opaque inline `notionInline` for mentions and inline equations (kept unchanged).
 */
import { BlockNoteSchema, createCodeBlockSpec, createHeadingBlockSpec, defaultBlockSpecs, defaultInlineContentSpecs, defaultProps } from "@blocknote/core";
import { createReactBlockSpec, createReactInlineContentSpec } from "@blocknote/react";
import { parseJson } from "./mapping";
import { OpaqueBlock, OpaqueInline } from "./opaque";

/** Notion's code languages the picker offers (the API's `language` names; more are kept when loaded). */
const LANGUAGES = ["plain text", "bash", "c", "c++", "c#", "css", "diff", "docker", "go", "graphql", "html", "java", "javascript", "json", "kotlin", "markdown", "mermaid", "php", "python", "ruby", "rust", "shell", "sql", "swift", "typescript", "xml", "yaml"];

const callout = createReactBlockSpec(
  {
    type: "callout",
    propSchema: { textColor: defaultProps.textColor, backgroundColor: { default: "gray" as const }, icon: { default: "" as const } },
    content: "inline",
  },
  {
    render: ({ block, contentRef }) => {
      const icon = parseJson(block.props.icon);
      return (
        <div className="callout" data-color={block.props.backgroundColor}>
          <span className="callout-icon" contentEditable={false} aria-hidden="true">
            {icon?.type === "emoji" ? icon.emoji : icon?.type ? <img src={icon[icon.type]?.url} alt="" /> : "💡"}
          </span>
          <div className="callout-text" ref={contentRef} />
        </div>
      );
    },
  },
);

const notion = createReactBlockSpec(
  { type: "notion", propSchema: { json: { default: "" as const } }, content: "none" },
  { render: ({ block }) => <OpaqueBlock json={block.props.json} /> },
);

const notionInline = createReactInlineContentSpec(
  { type: "notionInline", propSchema: { json: { default: "" as const } }, content: "none" },
  { render: ({ inlineContent }) => <OpaqueInline json={inlineContent.props.json} /> },
);

/**
 * BlockNote's to-do checkbox has no label (axe: "Form elements must have labels"): it gets one as
 * it is made — set later, ProseMirror would see a foreign change to its DOM and redraw the block.
 */
const base = defaultBlockSpecs.checkListItem;
const checkListItem = {
  ...base,
  implementation: {
    ...base.implementation,
    render(this: ThisParameterType<typeof base.implementation.render>, ...args: Parameters<typeof base.implementation.render>) {
      const out = base.implementation.render.apply(this, args);
      (out.dom as ParentNode).querySelector?.("input[type=checkbox]")?.setAttribute("aria-label", "Done");
      return out;
    },
  },
} as typeof base;

/** The page editor's schema. */
export const schema = BlockNoteSchema.create({
  blockSpecs: {
    ...defaultBlockSpecs,
    checkListItem,
    heading: createHeadingBlockSpec({ levels: [1, 2, 3] }),
    codeBlock: createCodeBlockSpec({ defaultLanguage: "plain text", supportedLanguages: Object.fromEntries(LANGUAGES.map((l) => [l, { name: l }])) }),
    callout: callout(),
    notion: notion(),
  },
  inlineContentSpecs: { ...defaultInlineContentSpecs, notionInline },
});

export type PageEditor = typeof schema.BlockNoteEditor;
