/**
 * A code block as Notion shows it: the language named above the code, the code highlighted by
 * highlight.js once it has loaded (plain until then, and for languages it does not know), the
 * caption below, and a button copying the code.
 */
import { useMemo, useState } from "react";
import type { Json } from "../api";
import { plainText } from "../notion";
import { RichText } from "./RichText";
import { blockAttrs } from "./attrs";
import { useHighlight } from "./lazy";

/** Notion's language names as its menu shows them. */
function languageLabel(language: string): string {
  const special: Record<string, string> = { "c#": "C#", "c++": "C++", "f#": "F#", css: "CSS", html: "HTML", json: "JSON", sql: "SQL", php: "PHP", xml: "XML", yaml: "YAML", toml: "TOML", "vb.net": "VB.Net", "llvm ir": "LLVM IR", glsl: "GLSL", hcl: "HCL", bnf: "BNF", ebnf: "EBNF", graphql: "GraphQL", javascript: "JavaScript", typescript: "TypeScript", coffeescript: "CoffeeScript", livescript: "LiveScript", purescript: "PureScript", powershell: "PowerShell", webassembly: "WebAssembly", "objective-c": "Objective-C", ocaml: "OCaml", "java/c/c++/c#": "Java/C/C++/C#" };
  return special[language] ?? language.replace(/(^|\s)\S/g, (c) => c.toUpperCase());
}

export function CodeBlock({ block }: { block: Json }) {
  const v: Json = block.code ?? {};
  const code = plainText(v.rich_text);
  const language: string = v.language ?? "plain text";
  const hl = useHighlight();
  const html = useMemo(() => (hl ? hl.highlightCode(code, language) : null), [hl, code, language]);
  const [copied, setCopied] = useState(false);
  const copy = () => {
    void navigator.clipboard?.writeText(code).then(() => {
      setCopied(true);
      setTimeout(() => setCopied(false), 1500);
    }, () => undefined);
  };
  const caption = v.caption?.length ? v.caption : null;
  return (
    <figure {...blockAttrs(block)} className="nt-block nt-code">
      <div className="nt-code-bar">
        <span className="nt-code-language">{languageLabel(language)}</span>
        <button type="button" className="nt-code-copy" onClick={copy}>
          {copied ? "Copied" : "Copy"}
          <span className="visually-hidden"> code</span>
        </button>
      </div>
      <pre className="nt-code-pre" tabIndex={0} aria-label={`${languageLabel(language)} code`}>
        {/* highlight.js escapes the code; its HTML is spans with hljs-* classes only. */}
        {html === null ? <code>{code}</code> : <code className="hljs" dangerouslySetInnerHTML={{ __html: html }} />}
      </pre>
      {caption && (
        <figcaption className="nt-caption">
          <RichText value={caption} />
        </figcaption>
      )}
    </figure>
  );
}
