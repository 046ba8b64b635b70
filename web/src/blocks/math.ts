/** KaTeX, loaded lazily (lazy.ts): an expression → HTML (with MathML for screen readers). */
import katex from "katex";
import "katex/dist/katex.min.css";

/**
 * KaTeX's HTML for `expression`; a malformed one is shown in KaTeX's error colour rather than
 * thrown (`throwOnError: false`), and `\href`/`\url`/`\includegraphics` stay off (`trust: false`).
 */
export function renderMath(expression: string, display: boolean): string {
  return katex.renderToString(expression, { displayMode: display, throwOnError: false, output: "htmlAndMathml", trust: false, strict: "ignore" });
}
