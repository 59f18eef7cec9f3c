// ESLint flat config: typescript-eslint's recommended type-aware rules, Pulumi's own rules
// (@pulumi/eslint-plugin: an Output in a template literal is a mistake), and Prettier's config
// last so that formatting is Prettier's alone (`npm run lint` runs both).
import js from "@eslint/js";
import globals from "globals";
import pulumi from "@pulumi/eslint-plugin";
import prettier from "eslint-config-prettier";
import tseslint from "typescript-eslint";

export default tseslint.config(
    {
        ignores: ["**/node_modules/**", "**/dist/**", "**/bin/**/*.d.ts", "components/sdk/**", ".mlguard/**"],
    },
    js.configs.recommended,
    ...tseslint.configs.recommendedTypeChecked,
    {
        files: ["**/*.ts"],
        languageOptions: {
            parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
        },
        plugins: { "@pulumi": pulumi },
        rules: {
            "@pulumi/no-output-in-template-literal": "error",
            "@pulumi/no-output-instance-in-template-literal": "error",
            // Policy documents, stack exports, gRPC structs and mock inputs are untyped JSON, read as
            // `any` on purpose and checked at run time; `strict` types everything else.
            "@typescript-eslint/no-explicit-any": "off",
            "@typescript-eslint/no-unsafe-argument": "off",
            "@typescript-eslint/no-unsafe-assignment": "off",
            "@typescript-eslint/no-unsafe-call": "off",
            "@typescript-eslint/no-unsafe-member-access": "off",
            "@typescript-eslint/no-unsafe-return": "off",
            // Rule callbacks destructure `fail`/`report` helpers that never use `this`; method-shorthand
            // types make every such destructuring look unbound.
            "@typescript-eslint/unbound-method": "off",
            "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" }],
        },
    },
    {
        // Plain JavaScript (bins, the pack host, workflow scripts): no type information to check against.
        files: ["**/*.js", "**/*.mjs"],
        extends: [tseslint.configs.disableTypeChecked],
        languageOptions: { globals: { ...globals.node } },
        rules: { "@typescript-eslint/no-require-imports": "off" },
    },
    { files: ["**/*.js"], languageOptions: { sourceType: "commonjs" } },
    prettier,
);
