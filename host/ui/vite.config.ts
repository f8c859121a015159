// Vite build for the Atende web UI: output goes to dist/, which the server embeds and serves.
// `npm run dev` proxies /api (HTTP and WebSocket) to a running server, ATENDE_URL or :8080.
// `npm test` runs the unit tests of the pure modules (vitest, src/**/*.test.ts).
import { defineConfig } from "vitest/config";
import react from "@vitejs/plugin-react";

// The one Node global used here; declared rather than pulling @types/node into the browser code.
declare const process: { env: Record<string, string | undefined> };

const target = process.env.ATENDE_URL ?? "http://127.0.0.1:8080";

export default defineConfig({
  plugins: [react()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    sourcemap: false,
    // Libraries in one long-cached chunk, apart from the app's own code.
    rollupOptions: {
      output: { manualChunks: (id: string) => (id.includes("/node_modules/") ? "vendor" : undefined) },
    },
  },
  server: {
    proxy: { "/api": { target, ws: true, changeOrigin: false } },
  },
  test: { include: ["src/**/*.test.ts"], environment: "node" },
});
