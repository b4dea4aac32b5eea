import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// Built into dist/web, which `rampart serve` serves at `/`. Everything is bundled: no CDN, no
// external font, no request off the origin. For development, `RAMPART_API=http://127.0.0.1:8080
// npx vite --config web/vite.config.ts` serves the app with hot reload and forwards /v1 to a service.
const api = process.env.RAMPART_API;

export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  base: "/",
  plugins: [react()],
  server: { host: "127.0.0.1", proxy: api ? { "/v1": { target: api, changeOrigin: true } } : undefined },
  build: {
    outDir: fileURLToPath(new URL("../dist/web", import.meta.url)),
    emptyOutDir: true,
    assetsInlineLimit: 0,
    sourcemap: false,
  },
});
