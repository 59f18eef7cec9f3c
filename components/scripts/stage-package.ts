/**
 * Builds the npm package of the components into a directory ready for `npm publish`:
 *
 *     npx ts-node components/scripts/stage-package.ts [outDir]     # default: <repo>/out/components
 *     npm publish ./out/components    # with ./: a bare out/components is read as a GitHub repository
 *
 * This directory's package.json serves the monorepo and the Pulumi component package, which both run the
 * TypeScript sources (ts-node; Pulumi's Node.js host). npm consumers need JavaScript and declarations: Node
 * can't load `.ts` files, and ts-node won't compile files under node_modules. So the build compiles the library
 * with tsconfig.build.json and writes a package.json whose entry points are the compiled files. Everything
 * else in it (name, version, files, dependencies, publishConfig) is this package.json's. `repository`,
 * `homepage` and `bugs` name the GitHub repository that builds it (`GITHUB_REPOSITORY` in Actions), which npm
 * provenance checks; outside Actions they are left out rather than guessed.
 */
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";

const PACKAGE_DIR = path.resolve(__dirname, "..");
export const DEFAULT_OUT_DIR = path.resolve(PACKAGE_DIR, "../out/components");

/** Files copied next to the compiled code. npm adds README and package.json to every tarball; `files` lists the rest. */
const DOCUMENTS = ["README.md", "CHANGELOG.md"];

type ExportTarget = string | { [condition: string]: ExportTarget };

/** A `.ts` source target becomes its declaration (`types`) and its JavaScript (`default`). */
function compiledTarget(target: ExportTarget): ExportTarget {
    if (typeof target === "string") {
        return target.endsWith(".ts") && !target.endsWith(".d.ts")
            ? { types: target.replace(/\.ts$/, ".d.ts"), default: target.replace(/\.ts$/, ".js") }
            : target;
    }
    const out: { [condition: string]: ExportTarget } = {};
    for (const [condition, value] of Object.entries(target)) {
        if (typeof value === "string" && value.endsWith(".ts") && !value.endsWith(".d.ts")) {
            out[condition] = condition === "types" ? value.replace(/\.ts$/, ".d.ts") : value.replace(/\.ts$/, ".js");
        } else {
            out[condition] = compiledTarget(value);
        }
    }
    return out;
}

/**
 * The manifest of the published package: the source manifest with compiled entry points, and without what only
 * the source tree needs (scripts, devDependencies, and `main`, which there starts the Pulumi provider).
 */
export function publishManifest(source: Record<string, any>, githubRepository?: string): Record<string, any> {
    // eslint-disable-next-line @typescript-eslint/no-unused-vars
    const { scripts, devDependencies, main, types, exports, ...rest } = source;
    const mapped: Record<string, ExportTarget> = {};
    for (const [subpath, target] of Object.entries((exports ?? {}) as Record<string, ExportTarget>)) {
        mapped[subpath] = compiledTarget(target);
    }
    const root = mapped["."];
    const rootTarget = typeof root === "object" && typeof root.default === "string" ? root.default : "./index.js";
    const rootTypes = typeof root === "object" && typeof root.types === "string" ? root.types : "./index.d.ts";
    return { ...rest, ...repositoryFields(githubRepository), main: rootTarget.replace(/^\.\//, ""), types: rootTypes.replace(/^\.\//, ""), exports: mapped };
}

/** `repository`, `homepage` and `bugs` for `owner/name`; nothing without one. */
export function repositoryFields(githubRepository: string | undefined): Record<string, unknown> {
    if (githubRepository === undefined || githubRepository === "") {
        return {};
    }
    if (!/^[A-Za-z0-9][A-Za-z0-9-]*\/[A-Za-z0-9._-]+$/.test(githubRepository)) {
        throw new Error(`GITHUB_REPOSITORY must be owner/name, got "${githubRepository}"`);
    }
    const url = `https://github.com/${githubRepository}`;
    return {
        repository: { type: "git", url: `git+${url}.git`, directory: "components" },
        homepage: `${url}/tree/main/components#readme`,
        bugs: { url: `${url}/issues` },
    };
}

/** Compiles the library into `outDir`; throws with the compiler's diagnostics on any error. */
export function compile(outDir: string): string[] {
    const configPath = path.join(PACKAGE_DIR, "tsconfig.build.json");
    const parsed = ts.getParsedCommandLineOfConfigFile(
        configPath,
        { outDir, noEmit: false },
        {
            ...ts.sys,
            onUnRecoverableConfigFileDiagnostic: (d) => {
                throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n"));
            },
        },
    );
    if (!parsed) {
        throw new Error(`cannot read ${configPath}`);
    }
    const program = ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options });
    const emitted = program.emit();
    const diagnostics = [...ts.getPreEmitDiagnostics(program), ...emitted.diagnostics];
    if (diagnostics.length > 0) {
        const host: ts.FormatDiagnosticsHost = { getCanonicalFileName: (f) => f, getCurrentDirectory: () => PACKAGE_DIR, getNewLine: () => "\n" };
        throw new Error(ts.formatDiagnostics(diagnostics, host));
    }
    return parsed.fileNames;
}

/** Builds the publishable package into `outDir` (emptied first) and returns its manifest. */
export function stagePackage(outDir: string = DEFAULT_OUT_DIR): Record<string, any> {
    fs.rmSync(outDir, { recursive: true, force: true });
    fs.mkdirSync(outDir, { recursive: true });
    compile(outDir);
    const source = JSON.parse(fs.readFileSync(path.join(PACKAGE_DIR, "package.json"), "utf8"));
    const manifest = publishManifest(source, process.env.GITHUB_REPOSITORY);
    fs.writeFileSync(path.join(outDir, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
    for (const doc of DOCUMENTS) {
        fs.copyFileSync(path.join(PACKAGE_DIR, doc), path.join(outDir, doc));
    }
    return manifest;
}

if (require.main === module) {
    try {
        const outDir = path.resolve(process.argv[2] ?? DEFAULT_OUT_DIR);
        const manifest = stagePackage(outDir);
        console.log(`${manifest.name}@${manifest.version} staged in ${outDir}`);
    } catch (err) {
        console.error(err instanceof Error ? err.message : err);
        process.exit(1);
    }
}
