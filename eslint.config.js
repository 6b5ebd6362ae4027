// ESLint (flat config): typescript-eslint's recommended rules without type information (fast), and
// the import rules that keep the layers apart (issue 14). `npm run lint`; run by `npm test`.
import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";

// The layers of docs/decisions/013: app/ → board-core/ ← server/board/, and server/ (the process) on top.

/** app/ never imports server/: what both need lives in board-core/ or prisma/db.ts. */
const NO_SERVER_FROM_APP = {
  regex: "^(\\.\\.?/)+server(/|$)",
  message:
    "app/ must not import server/ (decision 013): move what both need to board-core/, or let server/ hand it through the load context.",
};

/** board-core/ is shared by the browser and the board server: it imports neither. */
const NOTHING_OF_OURS_FROM_CORE = {
  regex: "^((\\.\\.?/)+(app|server)(/|$)|~/)",
  message: "board-core/ must not import app/ or server/ (decision 013): it is what both sides share.",
};

/** The board server imports the board core, the database client and the process logger, never app/ nor the rest of server/. */
const ONLY_CORE_FROM_BOARD_SERVER = {
  regex: "^(\\.\\./\\.\\./(?!board-core/|prisma/db(\\.js)?$)|\\.\\./(?!\\.\\./|log(\\.js)?$)|~/)",
  message: "server/board/ imports only board-core/, prisma/db.ts and server/log.ts (decision 013).",
};

/** A `.server` module is emptied in the browser build: importing a value from it there gives undefined. */
const NO_SERVER_MODULE_IN_BROWSER = {
  regex: "\\.server(\\.[jt]sx?)?$",
  allowTypeImports: true,
  message: "this file ends up in the browser: a .server module's values are not there (import them in a loader or action).",
};

export default tseslint.config(
  {
    ignores: [
      "node_modules/",
      "build/",
      "public/",
      ".cache/",
      "data/",
      "app/generated/",
      "prisma/generated/",
      "bench/results/",
      "test-results/",
      ".scratch/",
      ".h*/",
    ],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: "module",
      globals: { ...globals.node, ...globals.browser },
    },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      // `_name` marks a parameter a signature needs but the body does not use.
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none", ignoreRestSiblings: true },
      ],
    },
  },
  {
    files: ["app/**/*.{ts,tsx}"],
    rules: {
      "@typescript-eslint/no-restricted-imports": ["error", { patterns: [NO_SERVER_FROM_APP] }],
    },
  },
  {
    // Everything in app/ that may reach the browser: components and pure helpers of every domain.
    // Routes, entry.server.tsx and *.server.* modules run their server imports on the server only.
    files: ["app/**/*.{ts,tsx}"],
    ignores: ["app/routes/**", "app/root.tsx", "app/entry.server.tsx", "app/env.d.ts", "**/*.server.{ts,tsx}"],
    rules: {
      "@typescript-eslint/no-restricted-imports": ["error", { patterns: [NO_SERVER_FROM_APP, NO_SERVER_MODULE_IN_BROWSER] }],
    },
  },
  {
    files: ["board-core/**/*.ts"],
    rules: {
      "@typescript-eslint/no-restricted-imports": ["error", { patterns: [NOTHING_OF_OURS_FROM_CORE] }],
    },
  },
  {
    files: ["board-core/**/*.ts"],
    ignores: ["**/*.server.ts"],
    rules: {
      "@typescript-eslint/no-restricted-imports": ["error", { patterns: [NOTHING_OF_OURS_FROM_CORE, NO_SERVER_MODULE_IN_BROWSER] }],
    },
  },
  {
    files: ["server/board/**/*.{ts,mjs}"],
    rules: {
      "@typescript-eslint/no-restricted-imports": ["error", { patterns: [ONLY_CORE_FROM_BOARD_SERVER] }],
    },
  },
);
