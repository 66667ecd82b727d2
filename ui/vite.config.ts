import { cpSync } from "node:fs";
import { defineConfig } from "vitest/config";
import react from "@vitejs/plugin-react";

// nhsuk-frontend's CSS refers to its icons at /assets/images/…; ship them beside the CSS.
const nhsukImages = {
  name: "nhsuk-images",
  closeBundle() {
    cpSync("node_modules/nhsuk-frontend/dist/nhsuk/assets/images", "dist/assets/images", { recursive: true });
  },
};

export default defineConfig({
  plugins: [react(), nhsukImages],
  clearScreen: false,
  server: { port: 5173, strictPort: true },
  // The NHS stylesheet carries old-browser hacks that the CSS minifier rejects; it ships minified.
  build: { target: "safari15", sourcemap: false, outDir: "dist", emptyOutDir: true, cssMinify: false },
  test: { include: ["src/**/*.test.ts"] },
});
