/** An equation: inline (rich text) or a block, rendered by KaTeX once it has loaded (the TeX source until then). */
import { useMemo } from "react";
import { useMath } from "./lazy";
import { cx } from "./colors";

export function Equation({ expression, display, className }: { expression: string; display?: boolean; className?: string }) {
  const math = useMath();
  const html = useMemo(() => (math ? math.renderMath(expression, !!display) : null), [math, expression, display]);
  const Tag = display ? "div" : "span";
  if (html === null) {
    return (
      <Tag className={cx(display ? "nt-equation-block" : "nt-equation", "nt-equation-pending", className)}>
        <code>{expression}</code>
      </Tag>
    );
  }
  // KaTeX escapes the source and, with trust off, emits no links or scripts.
  return <Tag className={cx(display ? "nt-equation-block" : "nt-equation", className)} dangerouslySetInnerHTML={{ __html: html }} />;
}
