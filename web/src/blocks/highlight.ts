/**
 * highlight.js, loaded lazily (lazy.ts): the common languages plus the rest of Notion's code
 * languages that highlight.js knows (Mathematica's grammar alone is 150 KB: shown as plain text).
 */
import hljs from "highlight.js/lib/common";
import arduino from "highlight.js/lib/languages/arduino";
import x86asm from "highlight.js/lib/languages/x86asm";
import basic from "highlight.js/lib/languages/basic";
import bnf from "highlight.js/lib/languages/bnf";
import clojure from "highlight.js/lib/languages/clojure";
import coffeescript from "highlight.js/lib/languages/coffeescript";
import coq from "highlight.js/lib/languages/coq";
import dart from "highlight.js/lib/languages/dart";
import dockerfile from "highlight.js/lib/languages/dockerfile";
import ebnf from "highlight.js/lib/languages/ebnf";
import elixir from "highlight.js/lib/languages/elixir";
import elm from "highlight.js/lib/languages/elm";
import erlang from "highlight.js/lib/languages/erlang";
import fsharp from "highlight.js/lib/languages/fsharp";
import fortran from "highlight.js/lib/languages/fortran";
import gherkin from "highlight.js/lib/languages/gherkin";
import glsl from "highlight.js/lib/languages/glsl";
import groovy from "highlight.js/lib/languages/groovy";
import haskell from "highlight.js/lib/languages/haskell";
import julia from "highlight.js/lib/languages/julia";
import latex from "highlight.js/lib/languages/latex";
import lisp from "highlight.js/lib/languages/lisp";
import livescript from "highlight.js/lib/languages/livescript";
import llvm from "highlight.js/lib/languages/llvm";
import matlab from "highlight.js/lib/languages/matlab";
import nix from "highlight.js/lib/languages/nix";
import ocaml from "highlight.js/lib/languages/ocaml";
import delphi from "highlight.js/lib/languages/delphi";
import powershell from "highlight.js/lib/languages/powershell";
import prolog from "highlight.js/lib/languages/prolog";
import protobuf from "highlight.js/lib/languages/protobuf";
import scala from "highlight.js/lib/languages/scala";
import scheme from "highlight.js/lib/languages/scheme";
import smalltalk from "highlight.js/lib/languages/smalltalk";
import verilog from "highlight.js/lib/languages/verilog";
import vhdl from "highlight.js/lib/languages/vhdl";

for (const [name, lang] of Object.entries({ arduino, x86asm, basic, bnf, clojure, coffeescript, coq, dart, dockerfile, ebnf, elixir, elm, erlang, fsharp, fortran, gherkin, glsl, groovy, haskell, julia, latex, lisp, livescript, llvm, matlab, nix, ocaml, delphi, powershell, prolog, protobuf, scala, scheme, smalltalk, verilog, vhdl })) hljs.registerLanguage(name, lang);

/** Notion's code-block language names → highlight.js's (the others are highlight.js's own names, or not highlighted). */
const NOTION_TO_HLJS: Record<string, string> = {
  "ascii art": "plaintext",
  assembly: "x86asm",
  "c#": "csharp",
  "c++": "cpp",
  docker: "dockerfile",
  "f#": "fsharp",
  flow: "javascript",
  html: "xml",
  markup: "xml",
  "objective-c": "objectivec",
  pascal: "delphi",
  "plain text": "plaintext",
  racket: "scheme",
  sass: "scss",
  toml: "ini",
  "vb.net": "vbnet",
  "visual basic": "vbnet",
  webassembly: "wasm",
  "java/c/c++/c#": "java",
};

/** highlight.js's HTML for `code` in Notion's `language`, or null when that language is not highlighted. */
export function highlightCode(code: string, language: string): string | null {
  const name = NOTION_TO_HLJS[language] ?? language;
  if (name === "plaintext" || !hljs.getLanguage(name)) return null;
  return hljs.highlight(code, { language: name, ignoreIllegals: true }).value;
}
