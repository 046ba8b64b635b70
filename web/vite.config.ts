// The web app's build (issue 16): `npm run build:web` → dist/web (served by src/routes/web-app.ts).
// `npm run dev:web` serves it with hot reload on :5173, proxying the API to a Quire on :7474.
import { defineConfig, type Plugin } from "vite";
import react from "@vitejs/plugin-react";
import { fileURLToPath } from "node:url";
import { readFile, readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { brotliCompress, constants, gzip } from "node:zlib";

const here = fileURLToPath(new URL(".", import.meta.url));
const api = process.env.QUIRE_URL ?? "http://127.0.0.1:7474";
const stub = (name: string) => fileURLToPath(new URL(`./src/stubs/${name}`, import.meta.url));

/** Kinds of file worth compressing (fonts and images already are; source maps only matter to devtools). */
const COMPRESSIBLE = /\.(js|css|svg|json|txt|ttf)$/;

/**
 * The editor's packages in chunks of their own (each with only editor-only packages: the shell
 * never imports them), so that PageView can evaluate them one task at a time, in this order (each
 * needs only the ones before it), instead of the whole 1 MB in one long task after the first
 * paint (docs/design/web-app.md, "First load": "The editor in steps").
 */
export const EDITOR_STEPS: [chunk: string, packages: RegExp][] = [
  ["editor-pm", /\/node_modules\/(prosemirror-[^/]+|orderedmap|rope-sequence|w3c-keyname|@handlewithcare\/[^/]+)\//],
  ["editor-yjs", /\/node_modules\/(yjs|lib0|y-prosemirror|y-protocols)\//],
  ["editor-tiptap", /\/node_modules\/@tiptap\/(?!react\/)/],
  ["editor-bn-core", /\/node_modules\/(@blocknote\/core|@tanstack\/store|fast-deep-equal)\//],
  ["editor-ui", /\/node_modules\/(@mantine|@floating-ui|tabbable|react-icons|clsx|lodash\.merge)\//],
  ["editor-bn-react", /\/node_modules\/(@blocknote\/(react|mantine)|@tiptap\/react|@tanstack\/react-store|use-sync-external-store)\//],
];

/**
 * What the shell and the editor's chunks share — React, and Vite's helper for `import()` —: named,
 * else Rollup would put it in the first editor chunk that uses it (a manual chunk takes its
 * unassigned dependencies along) and the shell would import that chunk.
 */
/** The entry name of src/early.ts (its chunk is `assets/early-<hash>.js`). */
const EARLY_ENTRY = "early";

const SHARED: [chunk: string, packages: RegExp][] = [["react", /\/node_modules\/(react|react-dom|scheduler)\/|vite\/preload-helper/]];

/**
 * Writes `<file>.br` and `<file>.gz` beside every compressible asset once the bundle is written, so
 * the server picks one per request's Accept-Encoding and compresses nothing itself
 * (docs/design/web-app.md, "How it is built and served"). A variant that saves under a tenth is left out.
 */
/**
 * The first screen's reads (src/early.ts) as an entry of their own, named in index.html before the
 * shell's script, `async`: the browser runs that small chunk as soon as it has it (not after the
 * shell's 300 KB are fetched and run, nor after the style sheets), so a page's or database's reads
 * leave while the shell still loads (docs/design/web-app.md, "First load"). main.tsx imports it
 * too (same file, one module: it runs once, and always before the app's code). The dev server has
 * no bundle: there main.tsx's import alone starts it.
 */
function earlyEntry(): Plugin {
  return {
    name: "quire-early-entry",
    apply: "build",
    transformIndexHtml: {
      order: "post",
      handler(html, ctx) {
        const chunk = Object.values(ctx.bundle ?? {}).find((c) => c.type === "chunk" && c.isEntry && c.name === EARLY_ENTRY);
        const at = html.indexOf("<script ");
        if (!chunk || at < 0) return html;
        // High priority: Chromium fetches an `async` script at low priority by default.
        return `${html.slice(0, at)}<script type="module" async fetchpriority="high" crossorigin src="/${chunk.fileName}"></script>\n    ${html.slice(at)}`;
      },
    },
  };
}

function precompress(): Plugin {
  const br = promisify(brotliCompress);
  const gz = promisify(gzip);
  let outDir = "";
  return {
    name: "quire-precompress",
    apply: "build",
    configResolved: (config) => void (outDir = config.build.outDir),
    async closeBundle() {
      const dir = join(outDir, "assets");
      const names = (await readdir(dir)).filter((n) => COMPRESSIBLE.test(n));
      await Promise.all(
        names.map(async (name) => {
          const body = await readFile(join(dir, name));
          if (body.length < 1024) return;
          const variants: [string, Buffer][] = [
            [".br", await br(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } })],
            [".gz", await gz(body, { level: 9 })],
          ];
          for (const [ext, packed] of variants) if (packed.length < body.length * 0.9) await writeFile(join(dir, name + ext), packed);
        }),
      );
    },
  };
}

export default defineConfig({
  root: here,
  // One build for any --base-path (docs/design/base-path.md): chunks and CSS name each other
  // relatively; index.html names them from / and the server prefixes its src/href attributes.
  base: "./",
  experimental: { renderBuiltUrl: (filename, { hostType }) => (hostType === "html" ? `/${filename}` : { relative: true }) },
  plugins: [react(), earlyEntry(), precompress()],
  resolve: {
    // BlockNote imports emoji-mart and its data (433 KB) for the `:` emoji picker, which the app
    // turns off (`emojiPicker={false}`): empty stand-ins keep them out of the build.
    alias: [
      { find: /^emoji-mart$/, replacement: stub("emoji-mart.ts") },
      { find: /^@emoji-mart\/data$/, replacement: stub("emoji-mart-data.ts") },
    ],
  },
  build: {
    outDir: fileURLToPath(new URL("../dist/web", import.meta.url)),
    emptyOutDir: true,
    assetsDir: "assets",
    sourcemap: true,
    chunkSizeWarningLimit: 2048,
    // dist/web/.vite/manifest.json: the server reads the editor chunk's files from it to preload them on a page's address.
    manifest: true,
    rollupOptions: {
      // The shell (index.html) and the first reads' script (earlyEntry above).
      input: { index: fileURLToPath(new URL("./index.html", import.meta.url)), [EARLY_ENTRY]: fileURLToPath(new URL("./src/early.ts", import.meta.url)) },
      // Scripts only: the editor's style sheet stays with Editor.tsx, which imports it (applied when the editor mounts).
      output: { manualChunks: (id) => (id.endsWith(".css") ? undefined : [...SHARED, ...EDITOR_STEPS].find(([, re]) => re.test(id))?.[0]) },
    },
  },
  server: {
    proxy: Object.fromEntries(["/v1", "/_quire", "/login", "/logout", "/sso", "/files"].map((p) => [p, { target: api, changeOrigin: false }])),
  },
});
