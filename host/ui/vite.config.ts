// Vite build for the Atende web UI: output goes to dist/, which the server embeds and serves.
// `npm run dev` proxies /api (HTTP and WebSocket) to a running server, ATENDE_URL or :8080.
// `npm test` runs the unit tests of the pure modules (vitest, src/**/*.test.ts).
// vite-plugin-pwa (N3) writes dist/manifest.webmanifest (linked from index.html) and builds the
// service worker src/sw/sw.ts into dist/sw.js with the list of files to precache.
import { defineConfig } from "vitest/config";
import react from "@vitejs/plugin-react";
import { VitePWA } from "vite-plugin-pwa";

// The one Node global used here; declared rather than pulling @types/node into the browser code.
declare const process: { env: Record<string, string | undefined> };

const target = process.env.ATENDE_URL ?? "http://127.0.0.1:8080";

interface ModuleInfo {
  isEntry: boolean;
  importers: readonly string[];
}

/** Whether a module is reached from an entry through static imports only (not behind an `import()`). */
function loadedAtStart(id: string, getModuleInfo: (id: string) => ModuleInfo | null, seen = new Set<string>()): boolean {
  if (seen.has(id)) return false;
  seen.add(id);
  const info = getModuleInfo(id);
  if (!info) return false;
  return info.isEntry || info.importers.some((importer) => loadedAtStart(importer, getModuleInfo, seen));
}

export default defineConfig({
  plugins: [
    react(),
    VitePWA({
      strategies: "injectManifest",
      srcDir: "src/sw",
      filename: "sw.ts",
      // main.tsx registers /sw.js itself (notifications/serviceWorker.ts).
      injectRegister: false,
      manifestFilename: "manifest.webmanifest",
      manifest: {
        id: "/",
        name: "Atende",
        short_name: "Atende",
        description: "Atendimento ao cliente: chats, notificações e respostas em um só lugar.",
        lang: "pt-BR",
        start_url: "/chat",
        scope: "/",
        display: "standalone",
        theme_color: "#0f766e",
        background_color: "#f3f5f7",
        icons: [
          { src: "/icons/icon-192.png", sizes: "192x192", type: "image/png", purpose: "any" },
          { src: "/icons/icon-512.png", sizes: "512x512", type: "image/png", purpose: "any" },
          { src: "/icons/icon-192.png", sizes: "192x192", type: "image/png", purpose: "maskable" },
          { src: "/icons/icon-512.png", sizes: "512x512", type: "image/png", purpose: "maskable" },
        ],
      },
      injectManifest: {
        // The app shell: every built file the app may need offline (never anything under /api/).
        globPatterns: ["**/*.{js,css,html,svg,png,wav,webmanifest}"],
        globIgnores: ["sw.js"],
        rollupFormat: "iife",
      },
      devOptions: { enabled: false },
    }),
  ],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    sourcemap: false,
    // Libraries in one long-cached chunk, apart from the app's own code; but only those the app
    // loads at start. A library only a lazily loaded screen imports (recharts, for the "Painel")
    // stays out of it and is split with that screen, so the chat never downloads it.
    rollupOptions: {
      output: {
        manualChunks: (id: string, { getModuleInfo }: { getModuleInfo: (id: string) => ModuleInfo | null }) =>
          id.includes("/node_modules/") && loadedAtStart(id, getModuleInfo) ? "vendor" : undefined,
      },
    },
  },
  server: {
    proxy: { "/api": { target, ws: true, changeOrigin: false } },
  },
  test: { include: ["src/**/*.test.ts"], environment: "node" },
});
