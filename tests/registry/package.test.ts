/**
 * components/ as a versioned package: its manifest, the entry points each kind of consumer reaches, its
 * dependencies, the Pulumi plugin manifest, the CHANGELOG, and the compiled npm package the release publishes.
 */
import * as assert from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import { builtinModules } from "module";
import * as os from "os";
import * as path from "path";
import * as ts from "typescript";
import * as YAML from "yaml";
import { publishManifest, stagePackage } from "../../components/scripts/stage-package";
import { COMPONENTS_DIR } from "./packageSchema";
import { readSourceModel } from "./sourceModel";

const REPO_ROOT = path.resolve(COMPONENTS_DIR, "..");
const manifest = JSON.parse(fs.readFileSync(path.join(COMPONENTS_DIR, "package.json"), "utf8"));

/** Every .ts file of the repository outside node_modules and build output. */
function repoTsFiles(dir = REPO_ROOT): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) {
            return ["node_modules", ".git", "out", "dist"].includes(entry.name) ? [] : repoTsFiles(full);
        }
        return entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts") ? [full] : [];
    });
}

/** Module specifiers a file imports: import/export declarations, require() and import() with a literal. */
function importsOf(file: string): string[] {
    const source = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
    const found: string[] = [];
    const visit = (node: ts.Node): void => {
        if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
            found.push(node.moduleSpecifier.text);
        } else if (
            ts.isCallExpression(node) &&
            (node.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(node.expression) && node.expression.text === "require")) &&
            node.arguments.length === 1 &&
            ts.isStringLiteral(node.arguments[0])
        ) {
            found.push(node.arguments[0].text);
        }
        ts.forEachChild(node, visit);
    };
    visit(source);
    return found;
}

const packageOf = (specifier: string): string =>
    specifier
        .split("/")
        .slice(0, specifier.startsWith("@") ? 2 : 1)
        .join("/");
const isBuiltin = (specifier: string): boolean => specifier.startsWith("node:") || builtinModules.includes(packageOf(specifier));

describe("registry: the @ml-platform/components package", () => {
    it("is versioned with semver and carries the metadata a registry shows", () => {
        assert.strictEqual(manifest.name, "@ml-platform/components");
        assert.match(manifest.version, /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/);
        assert.strictEqual(manifest.license, "Apache-2.0");
        // No repository is invented: the published manifest names the one that builds it.
        assert.strictEqual(manifest.repository, undefined);
        assert.strictEqual(manifest.private, undefined);
    });

    it("publishes publicly to npm with provenance", () => {
        assert.deepStrictEqual(manifest.publishConfig, { access: "public", provenance: true, registry: "https://registry.npmjs.org/" });
    });

    it("resolves the root and ./testing for TypeScript programs in this repository (exports → sources)", () => {
        assert.strictEqual(require.resolve("@ml-platform/components", { paths: [REPO_ROOT] }), path.join(COMPONENTS_DIR, "index.ts"));
        assert.strictEqual(require.resolve("@ml-platform/components/testing", { paths: [REPO_ROOT] }), path.join(COMPONENTS_DIR, "testing/index.ts"));
        assert.throws(
            () => require.resolve("@ml-platform/components/lib/validation", { paths: [REPO_ROOT] }),
            /ERR_PACKAGE_PATH_NOT_EXPORTED|not defined by "exports"/,
        );
    });

    it("exports every @ml-platform/components subpath the repository imports", () => {
        const unresolved: string[] = [];
        for (const file of repoTsFiles()) {
            for (const specifier of importsOf(file).filter((s) => s === "@ml-platform/components" || s.startsWith("@ml-platform/components/"))) {
                const subpath = `.${specifier.slice("@ml-platform/components".length)}`;
                if (!(subpath in manifest.exports)) {
                    unresolved.push(`${path.relative(REPO_ROOT, file)}: ${specifier}`);
                    continue;
                }
                try {
                    require.resolve(specifier, { paths: [path.dirname(file)] });
                } catch (err) {
                    unresolved.push(`${path.relative(REPO_ROOT, file)}: ${specifier} (${(err as Error).message})`);
                }
            }
        }
        assert.deepStrictEqual(unresolved, []);
    });

    it("starts the component provider, and only that, when Pulumi requires the directory (main → provider.ts)", () => {
        assert.strictEqual(require.resolve(COMPONENTS_DIR), path.join(COMPONENTS_DIR, "provider.ts"));
        const source = ts.createSourceFile("provider.ts", fs.readFileSync(path.join(COMPONENTS_DIR, "provider.ts"), "utf8"), ts.ScriptTarget.Latest, true);
        // An export of a component would make Pulumi's run-plugin host start a second provider named `components`.
        const exported = source.statements.filter(
            (s) =>
                ts.isExportDeclaration(s) ||
                ts.isExportAssignment(s) ||
                (ts.canHaveModifiers(s) && ts.getModifiers(s)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)),
        );
        assert.deepStrictEqual(
            exported.map((s) => s.getText(source)),
            [],
        );
        assert.ok(importsOf(path.join(COMPONENTS_DIR, "provider.ts")).includes("./registry"));
    });

    it("is a Pulumi component package with the nodejs runtime", () => {
        const plugin = YAML.parse(fs.readFileSync(path.join(COMPONENTS_DIR, "PulumiPlugin.yaml"), "utf8"));
        assert.strictEqual(typeof plugin.runtime === "string" ? plugin.runtime : plugin.runtime?.name, "nodejs");
    });

    it("takes @pulumi/pulumi and @pulumi/aws from the consumer (peer dependencies), so there is one Pulumi runtime", () => {
        for (const name of ["@pulumi/pulumi", "@pulumi/aws"]) {
            assert.ok(manifest.peerDependencies?.[name], `${name} is a peer dependency`);
            assert.strictEqual(manifest.dependencies?.[name], undefined, `${name} is not also a dependency`);
        }
    });

    it("declares every package its code imports: the library in dependencies or peerDependencies, the plugin entry also in devDependencies", () => {
        const config = ts.readConfigFile(path.join(COMPONENTS_DIR, "tsconfig.json"), ts.sys.readFile).config;
        const files = ts.parseJsonConfigFileContent(config, ts.sys, COMPONENTS_DIR).fileNames;
        const runtime = { ...manifest.peerDependencies, ...manifest.dependencies };
        const pluginOnly = (file: string): boolean => {
            const relative = path.relative(COMPONENTS_DIR, file);
            return relative === "provider.ts" || relative.startsWith(`registry${path.sep}`);
        };
        const undeclared: string[] = [];
        for (const file of files) {
            for (const specifier of importsOf(file).filter((s) => !s.startsWith(".") && !isBuiltin(s))) {
                const name = packageOf(specifier);
                const declared = name in runtime || (pluginOnly(file) && name in (manifest.devDependencies ?? {}));
                if (!declared) {
                    undeclared.push(`${path.relative(COMPONENTS_DIR, file)}: ${name}`);
                }
            }
        }
        assert.deepStrictEqual(undeclared, []);
    });

    it("ships TypeScript and @types/node to the Pulumi plugin install (devDependencies), which type-checks the sources", () => {
        assert.ok(manifest.devDependencies?.typescript, "typescript, else Pulumi falls back to its vendored TypeScript 3.8");
        assert.ok(manifest.devDependencies?.["@types/node"], "@types/node, for the sources' node: imports and Buffer");
    });

    it("has a CHANGELOG entry for this version, and announces every component", () => {
        const changelog = fs.readFileSync(path.join(COMPONENTS_DIR, "CHANGELOG.md"), "utf8");
        assert.match(changelog, /^## \[Unreleased\]$/m);
        const version = manifest.version.replace(/[.+]/g, "\\$&");
        assert.match(changelog, new RegExp(`^## \\[${version}\\] - \\d{4}-\\d{2}-\\d{2}$`, "m"));
        const unannounced = readSourceModel(COMPONENTS_DIR)
            .components.map((c) => c.className)
            .filter((name) => !new RegExp(`\`${name}\``).test(changelog));
        assert.deepStrictEqual(unannounced, []);
    });

    it("publishes a manifest whose entry points are the compiled files", () => {
        const published = publishManifest(manifest);
        assert.strictEqual(published.main, "index.js");
        assert.strictEqual(published.types, "index.d.ts");
        assert.deepStrictEqual(published.exports["."], { types: "./index.d.ts", default: "./index.js" });
        assert.deepStrictEqual(published.exports["./testing"], { types: "./testing/index.d.ts", default: "./testing/index.js" });
        assert.strictEqual(published.scripts, undefined);
        assert.strictEqual(published.devDependencies, undefined);
        for (const key of ["name", "version", "files", "peerDependencies", "dependencies", "publishConfig", "license"]) {
            assert.deepStrictEqual(published[key], manifest[key], key);
        }
        assert.strictEqual(published.repository, undefined);
    });

    it("names the GitHub repository that builds it, for npm provenance, and refuses a malformed one", () => {
        const published = publishManifest(manifest, "acme/ml-platform");
        assert.deepStrictEqual(published.repository, { type: "git", url: "git+https://github.com/acme/ml-platform.git", directory: "components" });
        assert.strictEqual(published.homepage, "https://github.com/acme/ml-platform/tree/main/components#readme");
        assert.deepStrictEqual(published.bugs, { url: "https://github.com/acme/ml-platform/issues" });
        assert.throws(() => publishManifest(manifest, "not a repo"), /GITHUB_REPOSITORY must be owner\/name, got "not a repo"/);
    });

    it("refuses `npm pack`/`npm publish` of the TypeScript sources", () => {
        assert.throws(
            () => execFileSync("npm", ["pack", "--dry-run"], { cwd: COMPONENTS_DIR, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }),
            (err: { stderr?: string }) => /These are the TypeScript sources/.test(err.stderr ?? ""),
        );
    });

    describe("the compiled npm package", function () {
        this.timeout(180_000);
        let outDir: string;
        let staged: Record<string, any>;
        let packed: string[];

        before(() => {
            outDir = fs.mkdtempSync(path.join(os.tmpdir(), "ml-platform-components-"));
            staged = stagePackage(outDir);
            const json = execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], {
                cwd: outDir,
                encoding: "utf8",
                stdio: ["ignore", "pipe", "ignore"],
            });
            packed = JSON.parse(json)[0].files.map((f: { path: string }) => f.path);
        });

        after(() => fs.rmSync(outDir, { recursive: true, force: true }));

        it("packs every export target, the README and the CHANGELOG", () => {
            const targets = Object.values(staged.exports as Record<string, string | Record<string, string>>).flatMap((t) =>
                typeof t === "string" ? [t] : Object.values(t),
            );
            const missing = [...targets.map((t) => t.replace(/^\.\//, "")), "README.md", "CHANGELOG.md", "package.json"].filter((f) => !packed.includes(f));
            assert.deepStrictEqual(missing, []);
        });

        it("packs no TypeScript sources, plugin entry or scripts", () => {
            const unwanted = packed.filter((f) => (f.endsWith(".ts") && !f.endsWith(".d.ts")) || /^(registry|scripts)\//.test(f) || /^provider\./.test(f));
            assert.deepStrictEqual(unwanted, []);
        });

        it("loads on plain Node.js (no ts-node) and exports every component and the mocks", () => {
            const script = `const c = require(${JSON.stringify(outDir)}); const t = require(${JSON.stringify(path.join(outDir, "testing"))});
                console.log(JSON.stringify({ classes: Object.keys(c).filter((k) => typeof c[k] === "function"), mocks: typeof t.AwsMocks }));`;
            const out = execFileSync(process.execPath, ["-e", script], {
                encoding: "utf8",
                env: { PATH: process.env.PATH, NODE_PATH: path.join(REPO_ROOT, "node_modules") },
            });
            const loaded = JSON.parse(out);
            const missing = readSourceModel(COMPONENTS_DIR)
                .components.map((c) => c.className)
                .filter((name) => !loaded.classes.includes(name));
            assert.deepStrictEqual(missing, []);
            assert.strictEqual(loaded.mocks, "function");
        });
    });
});
