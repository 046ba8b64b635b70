/** Text blocks: paragraph, headings (and toggleable ones), to-do, toggle, quote, callout, code, equation, divider. */
import { useId, useState, type ReactNode } from "react";
import type { Json } from "../api";
import { RichText } from "./RichText";
import { BlockChildren } from "./children";
import { colorClass, cx } from "./colors";
import { NotionIcon } from "./Icon";
import { Equation } from "./Equation";
import { CodeBlock } from "./CodeBlock";
import { blockAttrs, type BlockRenderer } from "./attrs";

const valueOf = (block: Json): Json => block[block.type] ?? {};

function Paragraph({ block }: { block: Json }) {
  const v = valueOf(block);
  return (
    <div {...blockAttrs(block)} className={cx("nt-block", "nt-paragraph", colorClass(v.color))}>
      <p className="nt-text">
        {v.icon && <NotionIcon icon={v.icon} className="nt-paragraph-icon" />}
        <RichText value={v.rich_text} />
      </p>
      <BlockChildren block={block} />
    </div>
  );
}

/** The page's title is the h1: heading_1 → h2 … heading_4 → h5. */
const LEVEL: Record<string, 2 | 3 | 4 | 5> = { heading_1: 2, heading_2: 3, heading_3: 4, heading_4: 5 };

function Heading({ block }: { block: Json }) {
  const v = valueOf(block);
  const H = `h${LEVEL[block.type]}` as "h2";
  const cls = cx("nt-block", "nt-heading", `nt-${block.type.replace("_", "-")}`, colorClass(v.color));
  if (!v.is_toggleable) {
    return (
      <H {...blockAttrs(block)} className={cls}>
        <RichText value={v.rich_text} />
      </H>
    );
  }
  // The heading's classes on the heading itself: the children under it are ordinary text.
  return (
    <Disclosure block={block} className={cx("nt-block", "nt-toggle-heading")} summary={(button, textId) => (
      <H className={cx(cls, "nt-heading-row")} id={block.id?.replace(/-/g, "")}>
        {button}
        <span id={textId}>
          <RichText value={v.rich_text} />
        </span>
      </H>
    )} anchorOnSummary />
  );
}

/**
 * A toggle (or toggleable heading): a button that opens and closes it (closed at first, as in
 * Notion, with its children read when first opened), then the children.
 */
function Disclosure({ block, className, summary, anchorOnSummary }: { block: Json; className: string; summary: (button: ReactNode, textId: string) => ReactNode; anchorOnSummary?: boolean }) {
  const [open, setOpen] = useState(false);
  const [opened, setOpened] = useState(false);
  const textId = useId();
  const regionId = useId();
  const attrs = blockAttrs(block);
  if (anchorOnSummary) delete attrs.id;
  const button = (
    <button type="button" className="nt-toggle-button" aria-expanded={open} aria-controls={regionId} aria-labelledby={textId} onClick={() => (setOpen(!open), setOpened(true))}>
      <span aria-hidden="true" className={cx("nt-triangle", open && "nt-triangle-open")}>
        ▶
      </span>
    </button>
  );
  return (
    <div {...attrs} className={className}>
      {summary(button, textId)}
      <div id={regionId} hidden={!open} className="nt-toggle-content">
        {opened && <BlockChildren block={block} />}
        {open && !block.has_children && !block.children?.length && <p className="nt-empty-toggle">Empty toggle.</p>}
      </div>
    </div>
  );
}

function Toggle({ block }: { block: Json }) {
  const v = valueOf(block);
  return (
    <Disclosure block={block} className={cx("nt-block", "nt-toggle", colorClass(v.color))} summary={(button, textId) => (
      <div className="nt-toggle-row">
        {button}
        <span className="nt-text" id={textId}>
          <RichText value={v.rich_text} />
        </span>
      </div>
    )} />
  );
}

function ToDo({ block }: { block: Json }) {
  const v = valueOf(block);
  const textId = useId();
  return (
    <div {...blockAttrs(block)} className={cx("nt-block", "nt-to-do", v.checked && "nt-checked", colorClass(v.color))}>
      <div className="nt-to-do-row">
        {/* Read-only here: h16-page's editor changes it. */}
        <input type="checkbox" className="nt-checkbox" checked={!!v.checked} disabled aria-labelledby={textId} />
        <span className="nt-text" id={textId}>
          <RichText value={v.rich_text} />
        </span>
      </div>
      <BlockChildren block={block} />
    </div>
  );
}

function Quote({ block }: { block: Json }) {
  const v = valueOf(block);
  return (
    <div {...blockAttrs(block)} className={cx("nt-block", colorClass(v.color))}>
      <blockquote className="nt-quote">
        <div className="nt-text">
          <RichText value={v.rich_text} />
        </div>
        <BlockChildren block={block} indent={false} />
      </blockquote>
    </div>
  );
}

function Callout({ block }: { block: Json }) {
  const v = valueOf(block);
  const color = v.color && v.color !== "default" ? v.color : null;
  return (
    <div {...blockAttrs(block)} className={cx("nt-block", "nt-callout", !color && "nt-callout-plain", colorClass(color))}>
      {v.icon && <NotionIcon icon={v.icon} className="nt-callout-icon" />}
      <div className="nt-callout-body">
        <div className="nt-text">
          <RichText value={v.rich_text} />
        </div>
        <BlockChildren block={block} indent={false} />
      </div>
    </div>
  );
}

function EquationBlock({ block }: { block: Json }) {
  return (
    <div {...blockAttrs(block)} className="nt-block">
      <Equation expression={valueOf(block).expression ?? ""} display />
    </div>
  );
}

function Divider({ block }: { block: Json }) {
  return (
    <div {...blockAttrs(block)} className="nt-block nt-divider">
      <hr />
    </div>
  );
}

function Code({ block }: { block: Json }) {
  return <CodeBlock block={block} />;
}

export const TEXT_BLOCKS: Record<string, BlockRenderer> = {
  paragraph: Paragraph,
  heading_1: Heading,
  heading_2: Heading,
  heading_3: Heading,
  heading_4: Heading,
  to_do: ToDo,
  toggle: Toggle,
  quote: Quote,
  callout: Callout,
  code: Code,
  equation: EquationBlock,
  divider: Divider,
};
