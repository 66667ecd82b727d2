import js from "@eslint/js";
import tseslint from "typescript-eslint";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";

export default tseslint.config(
  { ignores: ["dist", "src/bindings"] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    files: ["src/**/*.{ts,tsx}"],
    languageOptions: { globals: globals.browser },
    plugins: { "react-hooks": reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      // Only ipc.ts may talk to Tauri: the rest of the UI goes through it.
      "no-restricted-imports": ["error", { patterns: [{ group: ["@tauri-apps/*"], message: "Import from ./ipc instead." }] }],
    },
  },
  {
    files: ["src/ipc.ts"],
    rules: { "no-restricted-imports": "off" },
  },
);
