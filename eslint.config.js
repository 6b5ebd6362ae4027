// ESLint (flat config): typescript-eslint's recommended rules without type information (fast), and
// the import rules that keep the layers apart (issue 14). `npm run lint`; run by `npm test`.
import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";

/** app/ never imports server/ (server/ imports app/, not the reverse). Type-only imports stay allowed
 * until the move of issue 14 gives `Db` and the load context's types a home both sides share. */
const NO_SERVER_FROM_APP = {
  regex: "^(\\.\\.?/)+server(/|$)",
  allowTypeImports: true,
  message: "app/ must not import server/ (issue 14): move what both need to a module both may import.",
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
    // Files that reach the browser: client-only modules, components, the board's client code.
    files: ["app/**/*.client.{ts,tsx}", "app/components/**/*.{ts,tsx}", "app/board/**/*.{ts,tsx}", "app/lib/**/*.{ts,tsx}"],
    ignores: ["**/*.server.{ts,tsx}"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        { patterns: [NO_SERVER_FROM_APP, NO_SERVER_MODULE_IN_BROWSER] },
      ],
    },
  },
  {
    // Known crossings of app/ into server/ with values, left for the move of issue 14 (the board core
    // both sides share). Remove each line when its file is moved.
    // app/env.d.ts only brings in the load context's augmentation of Remix's types.
    files: ["app/diagnostic/session-cards.server.ts", "app/report/gather.server.ts", "app/registrations/outbox.server.ts", "app/env.d.ts"],
    rules: { "@typescript-eslint/no-restricted-imports": "off" },
  },
);
