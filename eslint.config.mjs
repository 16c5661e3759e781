// eslint for the site's own scripts (docs/assets, not its vendor/ copies) and their node
// tests (tests/js). `make lint` runs it with tsc (jsconfig.json); see CONTRIBUTING.md.
import js from "@eslint/js";
import globals from "globals";

export default [
  { ignores: ["docs/assets/vendor/**", "tests/vendor/**", "node_modules/**", ".cache/**", "site/**", "site-offline/**",
              ".venv/**", "build/**"] },
  js.configs.recommended,
  {
    files: ["docs/assets/**/*.js", "macros/**/*.js"],
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: "script",
      globals: {
        ...globals.browser,
        // Each file also runs under node (tests): `module` and `require` are tested for.
        module: "readonly", require: "readonly",
        document$: "readonly",   // Material's page observable
      },
    },
  },
  {
    // The site's own search worker (a port of Material's): runs in a Worker, after lunr.
    files: ["macros/site/search_worker.js"],
    languageOptions: { globals: { ...globals.worker, lunr: "readonly" } },
  },
  {
    files: ["tests/js/**/*.js", "eslint.config.mjs"],
    languageOptions: { ecmaVersion: 2022, sourceType: "commonjs", globals: { ...globals.node } },
  },
  {
    files: ["eslint.config.mjs"],
    languageOptions: { sourceType: "module" },
  },
  {
    // Beyond eslint:recommended, rules that catch real bugs rather than style.
    rules: {
      "eqeqeq": ["error", "always", { null: "ignore" }],
      "no-implicit-globals": "error",
      "no-use-before-define": ["error", { functions: false, classes: true, variables: false }],
      "no-unused-vars": ["error", { args: "after-used", caughtErrors: "none" }],
      "no-var": "off",
      "no-throw-literal": "error",
      "no-self-compare": "error",
      "no-template-curly-in-string": "error",
      "no-unmodified-loop-condition": "error",
      "no-unreachable-loop": "error",
      "no-promise-executor-return": "error",
      "no-constructor-return": "error",
      "array-callback-return": "error",
      "default-case-last": "error",
      "no-new-wrappers": "error",
      "radix": "error",
    },
  },
];
