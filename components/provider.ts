/**
 * Entry point of the `ml-platform` Pulumi component package (package.json `main`).
 *
 * `pulumi package add`, `pulumi package publish` and programs in other languages start the package through
 * PulumiPlugin.yaml: Pulumi's Node.js language host requires this directory, whose `main` is this file, and
 * passes the engine's address as arguments. It serves the component provider; it exports nothing, so the
 * host doesn't also start one named after the npm package (see registry/componentProvider.ts).
 *
 * TypeScript programs don't come here: they import `@ml-platform/components`, which package.json's `exports`
 * resolves to index.ts (index.js once published).
 */
/// <reference types="node" />
// Pulumi's host type-checks this package with ts-node from the caller's working directory, which may hold no
// @types; the reference finds @types/node (a devDependency, installed with the package) from here instead.
import { serveComponentProvider } from "./registry";

serveComponentProvider().catch((err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
    process.exit(1);
});
