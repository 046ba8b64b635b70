/**
 * The editor's schema: BlockNote's blocks (headings 1–3, code with Notion's language names), plus
 * Notion's callout (inline content, icon and colour), an opaque `notion` block for every Notion
 * block the editor does not edit (shown by `OpaqueBlock`, moved and deleted whole), and an
 * opaque inline `notionInline` for mentions and inline equations (kept unchanged).
 */
import { BlockNoteSchema, createCodeBlockSpec, createHeadingBlockSpec, defaultBlockSpecs, defaultInlineContentSpecs, defaultProps } from "@blocknote/core";
import { createReactBlockSpec, createReactInlineContentSpec } from "@blocknote/react";
import { CalloutIcon } from "./CalloutIcon";
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
    render: ({ block, editor, contentRef }) => (
      <div className="callout" data-color={block.props.backgroundColor}>
        <CalloutIcon editor={editor} blockId={block.id} prop={block.props.icon} />
        <div className="callout-text" ref={contentRef} />
      </div>
    ),
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
 * BlockNote leaves some controls without a name (axe: "Form elements must have labels", "Buttons
 * must have discernible text"): the to-do checkbox, the toggle button, the code language picker.
 * Each gets one as the block is made — set later, ProseMirror would see a foreign change to its
 * DOM and redraw the block, again and again.
 */
function labelled<S extends { implementation: { render: (...args: any[]) => { dom: Node } } }>(spec: S, labels: [string, string][]): S {
  const render = spec.implementation.render;
  return {
    ...spec,
    implementation: {
      ...spec.implementation,
      render(this: unknown, ...args: unknown[]) {
        const out = render.apply(this, args);
        for (const [selector, label] of labels) for (const el of (out.dom as ParentNode).querySelectorAll?.(selector) ?? []) el.setAttribute("aria-label", label);
        return out;
      },
    },
  };
}

const TOGGLE: [string, string] = [".bn-toggle-button", "Show or hide the content"];

/** The page editor's schema. */
export const schema = BlockNoteSchema.create({
  blockSpecs: {
    ...defaultBlockSpecs,
    checkListItem: labelled(defaultBlockSpecs.checkListItem, [["input[type=checkbox]", "Done"]]),
    toggleListItem: labelled(defaultBlockSpecs.toggleListItem, [TOGGLE]),
    heading: labelled(createHeadingBlockSpec({ levels: [1, 2, 3] }), [TOGGLE]),
    codeBlock: labelled(createCodeBlockSpec({ defaultLanguage: "plain text", supportedLanguages: Object.fromEntries(LANGUAGES.map((l) => [l, { name: l }])) }), [["select", "Language"]]),
    callout: callout(),
    notion: notion(),
  },
  inlineContentSpecs: { ...defaultInlineContentSpecs, notionInline },
});

export type PageEditor = typeof schema.BlockNoteEditor;
