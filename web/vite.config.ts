// The web app's build (issue 16): `npm run build:web` → dist/web (served by src/routes/web-app.ts).
// `npm run dev:web` serves it with hot reload on :5173, proxying the API to a Quire on :7474.
import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";
import { fileURLToPath } from "node:url";

const here = fileURLToPath(new URL(".", import.meta.url));
const api = process.env.QUIRE_URL ?? "http://127.0.0.1:7474";

export default defineConfig({
  root: here,
  // One build for any --base-path (docs/design/base-path.md): chunks and CSS name each other
  // relatively; index.html names them from / and the server prefixes its src/href attributes.
  base: "./",
  experimental: { renderBuiltUrl: (filename, { hostType }) => (hostType === "html" ? `/${filename}` : { relative: true }) },
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL("../dist/web", import.meta.url)),
    emptyOutDir: true,
    assetsDir: "assets",
    sourcemap: true,
    chunkSizeWarningLimit: 2048,
  },
  server: {
    proxy: Object.fromEntries(["/v1", "/_quire", "/login", "/logout", "/sso", "/files"].map((p) => [p, { target: api, changeOrigin: false }])),
  },
});
